package catalog

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// load applies settings to a preset and plans it.
func load(t *testing.T, preset string, sets ...string) *engine.Plan {
	t.Helper()
	p, ok := experiment.FindPreset(preset)
	if !ok {
		t.Fatalf("no preset %s", preset)
	}
	data, err := experiment.ApplySets(p.Data, sets)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// TestCancelLargePopulation: a GB run of a million synapses (a single
// update takes longer than a second) stops within stopWithin of its
// context being cancelled (issue 15: 1e7 synapses ignored SIGTERM for 4
// minutes; the web's time limit stopped a run 6 s late).
func TestCancelLargePopulation(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a million synapses")
	}
	const stopWithin = time.Second
	pl := load(t, "stdp-gb", "model.synapses=1000000")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := engine.Run(ctx, pl, nil)
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	cancel()
	at := time.Now()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
		t.Logf("stopped %v after the cancel", time.Since(at).Round(time.Millisecond))
	case <-time.After(stopWithin):
		t.Fatalf("still running %v after the cancel", stopWithin)
	}
}

// TestStepBudgets: overrides that drive the spine into sustained activity
// (a current clamp that makes the soma fire for 70 min) or make the GB
// rule's steps tiny end in an error naming the override, within a few
// seconds, instead of running for minutes.
func TestStepBudgets(t *testing.T) {
	for _, c := range []struct {
		preset string
		sets   []string
		want   string
	}{
		{"spine-lfs", []string{"model.override.i_cc=200pA"}, "most likely by model.override.i_cc"},
		{"stdp-gb", []string{"model.override.tau=10ms"}, "most likely by model.override.tau"},
	} {
		pl := load(t, c.preset, c.sets...)
		start := time.Now()
		_, err := engine.Run(context.Background(), pl, nil)
		took := time.Since(start)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: error %v, want one saying %q", c.preset, c.sets, err, c.want)
		}
		if took > 10*time.Second {
			t.Errorf("%s %v: took %v", c.preset, c.sets, took)
		}
	}
}
