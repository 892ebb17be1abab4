package experiment

import (
	"context"
	"math"
	"strings"
	"testing"
)

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
		p, _ := FindPreset("pf-cf-ltd")
		data, err := ApplySets(p.Data, sets)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Load(data)
		if err == nil || !strings.Contains(err.Error(), c.path+":") {
			t.Errorf("%s: error %v, want it on %s", c.set, err, c.path)
		}
	}
}

// A short stochastic population run: the strength is the spines' mean,
// frac_ltd a fraction, and the same seed gives the same numbers.
func TestPurkinjeStochasticRun(t *testing.T) {
	run := func() *Result {
		pl := loadSpine(t, "pf-cf-ltd", "model.override.stochastic=1", "model.synapses=20",
			"protocol.baseline=2min", "protocol.pairing.pairs=150", "protocol.follow=15min", "record.every=1min")
		r, err := Run(context.Background(), pl, nil)
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
