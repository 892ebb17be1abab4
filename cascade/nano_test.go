package cascade

import (
	"math"
	"testing"

	"github.com/synlab/synlab/units"
)

// TestNanoUptake: a drive above K for d ms sets CaMKII at a fraction
// 1 − e^{−Bind·h·d} of the free GluN2B sites (CkN), the sites' total (CkB
// + CkF + CkN) is kept, a drive at 0.6 K leaves CkN at 0 within 1e-6 of the
// sites, and CkN then leaves with Tau; KN-62 (CaMKIIScale = 0) blocks the
// uptake; the sparse Jacobian pattern holds the uptake's entries.
func TestNanoUptake(t *testing.T) {
	p := CA1Quantal()
	const d = 3.0 // ms above threshold
	pulse := func(s0 float64) func(float64) float64 {
		return func(tm float64) float64 {
			if tm >= 10 && tm < 10+d {
				return s0
			}
			return 0
		}
	}
	run := func(p Params, s0 float64) (free0, ckn, sites0, sites1 float64, c *Cascade) {
		c, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		y := c.Read(nil)
		free0, sites0 = y[CkF], c.Totals().Sites
		c.SetNano(pulse(s0))
		rest := func(float64) float64 { return p.CaRest }
		if err := c.Advance(100, rest, nil, nil); err != nil {
			t.Fatal(err)
		}
		return free0, c.Read(nil)[CkN], sites0, c.Totals().Sites, c
	}
	high := 2 * p.Nano.K // Hill(2K; K, 32) = 1 − 2^−32
	free0, ckn, s0, s1, c := run(p, high)
	want := free0 * (1 - math.Exp(-p.Nano.Bind*d))
	if math.Abs(ckn-want) > 2e-3*want {
		t.Errorf("CkN after %g ms above K: %g, want %g (1 − e^{−Bind·d} of the free sites)", d, ckn, want)
	}
	if math.Abs(s1-s0) > 1e-10*s0 {
		t.Errorf("sites %g → %g", s0, s1)
	}
	if n := c.sol.SparseFallbacks; n > 0 {
		t.Errorf("%d dense fallbacks: the Jacobian pattern misses the uptake's entries", n)
	}
	// Decay with Tau: one Tau later, e^{−1} of it.
	rest := func(float64) float64 { return p.CaRest }
	c.SetNano(nil)
	if err := c.Advance(p.Nano.Tau, rest, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := c.Read(nil)[CkN]; math.Abs(got-ckn/math.E) > 0.01*ckn/math.E {
		t.Errorf("CkN one Tau (%g h) later: %g, want %g", p.Nano.Tau/units.Hour, got, ckn/math.E)
	}
	if _, low, _, _, _ := run(p, 0.6*p.Nano.K); low > 1e-6*p.PSD.Sites {
		t.Errorf("CkN after a drive at 0.6 K: %g, want ≈ 0", low)
	}
	kn := p
	kn.CaMKIIScale = 0
	if _, got, _, _, _ := run(kn, high); got != 0 {
		t.Errorf("CkN with CaMKII blocked: %g, want 0", got)
	}
}
