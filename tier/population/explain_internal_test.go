package population

import (
	"strings"
	"testing"

	"github.com/synlab/synlab/ca1"
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
