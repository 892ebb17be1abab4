package gb_test

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// run runs preset stdp-gb with the settings, on the given number of cores,
// and returns its series as CSV and its summary's change.
func run(t *testing.T, procs int, sets ...string) (string, float64) {
	t.Helper()
	p, ok := experiment.FindPreset("stdp-gb")
	if !ok {
		t.Fatal("no preset stdp-gb")
	}
	data, err := experiment.ApplySets(p.Data, sets)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := catalog.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	res, err := engine.Run(context.Background(), pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.Series.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.String(), res.Summary.ChangePct
}

// TestBlocksAnyCores: a population of several blocks of synapses evolves
// its blocks in parallel, each with its own noise, and gives the same
// bytes on one core and on four.
func TestBlocksAnyCores(t *testing.T) {
	sets := []string{"model.synapses=20000", "protocol.pairing.pairs=10", "record.every=1s"}
	a, ca := run(t, 1, sets...)
	b, cb := run(t, 4, sets...)
	if a != b || ca != cb {
		t.Errorf("1 core: change %g; 4 cores: change %g; series equal: %v", ca, cb, a == b)
	}
}
