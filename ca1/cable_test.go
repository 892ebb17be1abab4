package ca1

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/synlab/synlab/spine"
)

// onePop is a stochastic population of one synapse with the spine tier's
// geometry and receptors, weight 1: the same cell as spine.Default().
func onePop(t testing.TB) *Population {
	p := Default()
	p.Stochastic, p.N, p.Recruited = true, 1, 1
	p.NaSlow.A2 = 1 // the spine tier's soma has no slow Na⁺ inactivation
	p.Synapses.VSigma, p.Synapses.LSigma, p.Synapses.DSigma = 0, 0, 0
	p.RelTol, p.AbsTol = 1e-7, 1e-9
	pop, err := New(p, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	return pop
}

// TestCableMatchesSpine: one synapse of weight 1 on the population's cable
// follows spine.Model (same equations, different integrator) for a
// presynaptic release of 0.24 and for a somatic spike.
func TestCableMatchesSpine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spike bool
	}{{"pre", false}, {"bap", true}} {
		t.Run(tc.name, func(t *testing.T) {
			pop := onePop(t)
			sp := spine.Default()
			sp.Solver.RelTol, sp.Solver.AbsTol = 1e-8, 1e-10
			m, err := spine.New(sp)
			if err != nil {
				t.Fatal(err)
			}
			if tc.spike {
				pop.SomaticSpike()
				m.SomaticSpike()
			} else {
				r := m.Pre(nil)
				pop.jump(0, r)
			}
			var ts []float64
			for k := 1; k <= 200; k++ {
				ts = append(ts, float64(k))
			}
			type row struct{ vs, vh, ca float64 }
			var a, b []row
			if err := m.Advance(200, ts, func(float64) {
				y := m.State()
				a = append(a, row{y[spine.IVSoma], y[spine.IVSpine], y[spine.ICa]})
			}); err != nil {
				t.Fatal(err)
			}
			if err := pop.Advance(200, ts, func(float64) {
				y, _, _ := pop.state()
				b = append(b, row{y[gVS], y[nShared+sVH], y[nShared+sCA]})
			}); err != nil {
				t.Fatal(err)
			}
			if len(a) != len(b) {
				t.Fatalf("%d vs %d samples", len(a), len(b))
			}
			var dv, dca, caMax float64
			for i := range a {
				dv = math.Max(dv, math.Max(math.Abs(a[i].vs-b[i].vs), math.Abs(a[i].vh-b[i].vh)))
				dca = math.Max(dca, math.Abs(a[i].ca-b[i].ca))
				caMax = math.Max(caMax, a[i].ca)
			}
			t.Logf("max |dV| = %.3g mV, max |dCa| = %.3g uM (peak %.3f)", dv, dca, caMax)
			if dv > 1e-3 || dca > 1e-4*caMax {
				t.Errorf("population cable departs from spine.Model: dV %g mV, dCa %g uM", dv, dca)
			}
		})
	}
}
