package population_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// load plans a preset with overrides (path=value).
func load(tb testing.TB, preset string, sets ...string) *engine.Plan {
	tb.Helper()
	pl, err := loadErr(preset, sets...)
	if err != nil {
		tb.Fatal(err)
	}
	return pl
}

// loadErr plans a preset with overrides, returning the error.
func loadErr(preset string, sets ...string) (*engine.Plan, error) {
	p, ok := experiment.FindPreset(preset)
	if !ok {
		return nil, fmt.Errorf("no preset %s", preset)
	}
	data, err := experiment.ApplySets(p.Data, sets)
	if err != nil {
		return nil, err
	}
	return catalog.Load(data)
}

// BenchmarkTierLFS is `synlab run lfs` without output: the 90 min LFS
// experiment on the default tier, recording every 10 s, with the zoom on
// the first induction pulses (issue 13: under 5 s on the 2-core machine).
func BenchmarkTierLFS(b *testing.B) {
	pl := load(b, "lfs")
	for b.Loop() {
		if _, err := engine.RunWith(context.Background(), pl, engine.Options{Zoom: 3}); err != nil {
			b.Fatal(err)
		}
	}
}
