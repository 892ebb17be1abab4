package purkinje

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/tier/shouval"
)

// registry holds the tiers these tests load specs for.
func registry() engine.Registry { return engine.Registry{shouval.Tier(), Tier()} }

// load applies settings to a preset and plans it.
func load(t testing.TB, preset string, sets ...string) (*engine.Plan, error) {
	t.Helper()
	p, ok := experiment.FindPreset(preset)
	if !ok {
		t.Fatalf("no preset %s", preset)
	}
	data, err := experiment.ApplySets(p.Data, sets)
	if err != nil {
		t.Fatal(err)
	}
	s, err := experiment.Decode(data)
	if err != nil {
		return nil, err
	}
	return engine.NewPlan(registry(), s)
}

// The cerebellar preparation refuses what it does not model, naming the
// field.
func TestPurkinjeErrors(t *testing.T) {
	for _, c := range []struct{ set, path string }{
		{"model.tier=shouval", "model.tier"},
		{"model.set=urakubo", "model.set"},
		{"model.override.q_cf=-1uM", "model.override.q_cf"},
		{"model.override.nmda_g=1nS", "model.override.nmda_g"},
		{"model.override.stochastic=2", "model.override.stochastic"},
		{"model.synapses=10", "model.synapses"},
		{"drugs[0].name=APV", "drugs[0].name"},
	} {
		sets := []string{c.set}
		if strings.HasPrefix(c.set, "drugs") {
			sets = append(sets, "drugs[0].conc=50uM")
		}
		_, err := load(t, "pf-cf-ltd", sets...)
		if err == nil || !strings.Contains(err.Error(), c.path+":") {
			t.Errorf("%s: error %v, want it on %s", c.set, err, c.path)
		}
	}
}

// A short stochastic population run: the strength is the spines' mean,
// frac_ltd a fraction, and the same seed gives the same numbers.
func TestPurkinjeStochasticRun(t *testing.T) {
	run := func() *engine.Result {
		pl, err := load(t, "pf-cf-ltd", "model.override.stochastic=1", "model.synapses=20",
			"protocol.baseline=2min", "protocol.pairing.pairs=150", "protocol.follow=15min", "record.every=1min")
		if err != nil {
			t.Fatal(err)
		}
		r, err := engine.Run(context.Background(), pl, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := run(), run()
	f := a.Summary.Metrics["frac_ltd"]
	t.Logf("20 spines: change %.2f%%, loop ON in %.0f%%", a.Summary.ChangePct, 100*f)
	if !(f >= 0 && f <= 1) || a.Summary.ChangePct >= 0 {
		t.Errorf("frac_ltd %g, change %g: want a fraction and LTD", f, a.Summary.ChangePct)
	}
	if a.Summary.ChangePct != b.Summary.ChangePct || !equalCols(a.Series.Col("ampar_surface"), b.Series.Col("ampar_surface")) {
		t.Error("same seed, different results")
	}
}

func equalCols(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// BenchmarkPurkinjePFCF is the cerebellar issue's performance case: PF + CF
// at 1 Hz for 5 min (15 min baseline, 60 min after), deterministic
// (target: under 2 s).
func BenchmarkPurkinjePFCF(b *testing.B) {
	pl, err := load(b, "pf-cf-ltd")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Run(context.Background(), pl, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPurkinjeStochastic1000 runs 1000 stochastic spines through the
// same protocol on all cores (target: under 60 s on two cores).
func BenchmarkPurkinjeStochastic1000(b *testing.B) {
	pl, err := load(b, "pf-cf-ltd", "model.override.stochastic=1", "model.synapses=1000", "record.every=1min")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := engine.Run(context.Background(), pl, nil); err != nil {
			b.Fatal(err)
		}
	}
}
