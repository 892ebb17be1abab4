package population_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// TestAutoParticles: the deterministic mode carries sixteen particles per
// stratum when presynaptic stimuli come 10 ms apart or closer (HFS), three
// up to 20 ms (50 Hz) and one otherwise (LFS), unless model.override.particles fixes the number;
// the summary says which (particles_per_stratum); a fraction is refused
// with the field named.
func TestAutoParticles(t *testing.T) {
	brief := []string{"protocol.baseline=1min", "protocol.follow=1min"}
	for _, c := range []struct {
		preset string
		sets   []string
		want   float64
	}{
		{"lfs", []string{"protocol.train.pulses=5"}, 1},
		{"hfs", []string{"protocol.train.pulses=5", "protocol.train.repeat=1"}, 16},
		{"frequency", []string{"protocol.train.pulses=5", "protocol.train.rate=50Hz"}, 3},
		{"hfs", []string{"protocol.train.pulses=5", "protocol.train.repeat=1", "model.override.particles=1"}, 1},
		{"lfs", []string{"protocol.train.pulses=5", "model.override.particles=2"}, 2},
	} {
		res, err := engine.RunWith(context.Background(), load(t, c.preset, append(brief, c.sets...)...), engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Summary.Metrics["particles_per_stratum"]; got != c.want {
			t.Errorf("%s %v: particles_per_stratum %g, want %g", c.preset, c.sets, got, c.want)
		}
	}
	_, err := loadErr("lfs", "model.override.particles=1.5")
	var fe *experiment.FieldError
	if !errors.As(err, &fe) || fe.Path != "model.override.particles" {
		t.Errorf("particles = 1.5: error %v, want a FieldError on model.override.particles", err)
	}
}

// TestCostRanks: the tier's cost estimate (engine.Tier.Cost, which
// RunMany uses to start the costliest runs first) ranks the frequency
// curve's points as their measured CPU times do (50 Hz with three
// particles 16 CPU-s, 0.5 Hz 13, 1 Hz 8.4, 5 Hz 7.5 on 2026-12-07), and
// the stochastic mode's 100 synapses above the deterministic strata.
func TestCostRanks(t *testing.T) {
	var c []float64
	for _, r := range []string{"50Hz", "0.5Hz", "1Hz", "5Hz"} {
		pl := load(t, "frequency", "protocol.train.rate="+r)
		c = append(c, pl.Tier.Cost(pl))
	}
	if !(c[0] > c[1] && c[1] > c[2] && c[2] > c[3] && c[3] > 0) {
		t.Errorf("costs at 50, 0.5, 1, 5 Hz: %v, want decreasing and positive", c)
	}
	det, stoc := load(t, "lfs"), load(t, "lfs", "model.override.stochastic=1")
	if a, b := det.Tier.Cost(det), stoc.Tier.Cost(stoc); !(b > a) {
		t.Errorf("LFS cost: stochastic %g, deterministic %g", b, a)
	}
}

// TestStrataOverrides: model.override.kv and kr set the deterministic
// mode's strata (so a user can check a result's convergence in them); the
// summary reports them (strata_v, strata_r) and the tier's cost follows
// kv × kr; a fraction, 0, more than 20, or either with the stochastic mode
// is refused with the field named.
func TestStrataOverrides(t *testing.T) {
	brief := []string{"protocol.baseline=1min", "protocol.follow=1min", "protocol.train.pulses=5"}
	for _, c := range []struct {
		sets   []string
		kv, kr float64
	}{
		{nil, 6, 2},
		{[]string{"model.override.kv=3", "model.override.kr=1"}, 3, 1},
	} {
		pl := load(t, "lfs", append(brief, c.sets...)...)
		res, err := engine.RunWith(context.Background(), pl, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if v, r := res.Summary.Metrics["strata_v"], res.Summary.Metrics["strata_r"]; v != c.kv || r != c.kr {
			t.Errorf("%v: strata %g × %g, want %g × %g", c.sets, v, r, c.kv, c.kr)
		}
	}
	def, small := load(t, "lfs", brief...), load(t, "lfs", append(brief, "model.override.kv=3", "model.override.kr=1")...)
	if a, b := def.Tier.Cost(def), small.Tier.Cost(small); b != a/4 {
		t.Errorf("cost with 3 × 1 strata %g, want a quarter of 6 × 2's %g", b, a)
	}
	for _, c := range []struct{ set, path string }{
		{"model.override.kv=1.5", "model.override.kv"},
		{"model.override.kv=0", "model.override.kv"},
		{"model.override.kr=21", "model.override.kr"},
	} {
		_, err := loadErr("lfs", c.set)
		var fe *experiment.FieldError
		if !errors.As(err, &fe) || fe.Path != c.path {
			t.Errorf("%s: error %v, want a FieldError on %s", c.set, err, c.path)
		}
	}
	_, err := loadErr("lfs", "model.override.stochastic=1", "model.override.kr=3")
	var fe *experiment.FieldError
	if !errors.As(err, &fe) || fe.Path != "model.override.kr" || !strings.Contains(fe.Allowed, "deterministic") {
		t.Errorf("kr with the stochastic mode: error %v, want a FieldError on model.override.kr naming the deterministic mode", err)
	}
}
