package population_test

import (
	"context"
	"errors"
	"testing"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// TestAutoParticles: the deterministic mode carries three particles per
// stratum when presynaptic stimuli come 20 ms apart or closer (HFS) and
// one otherwise (LFS), unless model.override.particles fixes the number;
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
		{"hfs", []string{"protocol.train.pulses=5", "protocol.train.repeat=1"}, 3},
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
