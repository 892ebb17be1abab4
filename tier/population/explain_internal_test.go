package population

import (
	"strings"
	"testing"

	"github.com/synlab/synlab/ca1"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// TestQuadratureNote: the deterministic mode's "What happened" warns of
// the quadrature's error when whole strata switched at fewer than 16 × 4
// strata, naming the strata and the check, and says nothing when no
// stratum switched, at 16 × 4 or in the stochastic mode (docs/ca1-decoder.md
// §33).
func TestQuadratureNote(t *testing.T) {
	m := &Model{p: ca1.Default()}
	if q := m.quadratureNote(0.5); !strings.Contains(q, "6 × 2 strata") || !strings.Contains(q, "model.override.kv=16") || !strings.Contains(q, "50%") {
		t.Errorf("6 × 2, half switched: %q, want the strata, the share and the check named", q)
	}
	if q := m.quadratureNote(0); q != "" {
		t.Errorf("nothing switched: %q, want no note", q)
	}
	m.p.KV, m.p.KR = 16, 4
	if q := m.quadratureNote(0.5); q != "" {
		t.Errorf("16 × 4: %q, want no note", q)
	}
	m.p.KV, m.p.KR, m.p.Stochastic = 6, 2, true
	if q := m.quadratureNote(0.5); q != "" {
		t.Errorf("stochastic: %q, want no note", q)
	}
}

// TestCoresSetWorkers: the plan's Cores (set by engine.RunMany when runs
// share the machine) is the population's number of cascade goroutines;
// 0 leaves it at all cores.
func TestCoresSetWorkers(t *testing.T) {
	pre, _ := experiment.FindPreset("lfs")
	s, err := experiment.Decode(pre.Data)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := engine.NewPlan(engine.Registry{Tier()}, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []int{0, 1, 3} {
		pl.Cores = c
		m, err := build(pl, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		if m.p.Workers != c {
			t.Errorf("Cores %d: Workers %d", c, m.p.Workers)
		}
	}
}
