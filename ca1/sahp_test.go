package ca1

import (
	"math"
	"testing"

	"github.com/synlab/synlab/units"
)

// TestSAHPGate: the slow AHP is off by default. Switched on, the spike
// opens its gate, the soma stays hyperpolarised after a burst of four
// spikes, and the gate closes with Tau: q(t2)/q(t1) = e^{−(t2−t1)/Tau}.
func TestSAHPGate(t *testing.T) {
	p := Default()
	if p.SAHP.G != 0 {
		t.Fatalf("SAHP.G = %g: the default is off", p.SAHP.G)
	}
	if q := p.SAHP.steady(p.Cell.EPas); q != 0 {
		t.Errorf("resting gate %g with G = 0: want 0", q)
	}
	if q := (SAHP{G: 8, VHalf: -20, K: 3, KOn: 0.1, Tau: 1500}).steady(p.Cell.EPas); q > 1e-4 {
		t.Errorf("resting gate %g: want ≈ 0", q)
	}
	var after [2]float64
	for i, g := range []float64{0, 8} {
		p.SAHP.G = g
		pop, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		v0 := pop.y[gVS]
		if err := pop.Advance(100, nil, nil); err != nil {
			t.Fatal(err)
		}
		for range 4 {
			pop.SomaticSpike()
			if err := pop.Advance(20, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		if pop.Spikes() != 4 {
			t.Fatalf("G %g: %d spikes, want 4", g, pop.Spikes())
		}
		if err := pop.Advance(420, nil, nil); err != nil { // 0.5 s after the burst
			t.Fatal(err)
		}
		after[i] = pop.y[gVS] - v0
		q1 := pop.y[gAH]
		if err := pop.Advance(1000, nil, nil); err != nil {
			t.Fatal(err)
		}
		if g > 0 {
			want := q1 * math.Exp(-1000/p.SAHP.Tau)
			if !(q1 > 0.05) || math.Abs(pop.y[gAH]-want) > 1e-3*want {
				t.Errorf("gate 0.5 s after the burst %g, 1 s later %g, want %g", q1, pop.y[gAH], want)
			}
		}
	}
	t.Logf("soma 0.5 s after four spikes: %.2f mV (off), %.2f mV (G = 8 nS)", after[0], after[1])
	if !(after[1] < after[0]-0.5) {
		t.Errorf("the slow AHP does not hyperpolarise: %.2f against %.2f mV", after[1], after[0])
	}
}

// TestSAHPJacobian: the sAHP entries of the analytic Jacobian match central
// differences of the right-hand side at a depolarised soma with the gate
// open, and the block solve eliminates the gate exactly: for x = W⁻¹r with
// r on the soma and gate rows, (c·I − J)x reproduces r on those rows (J·x
// by a central difference of f along x).
func TestSAHPJacobian(t *testing.T) {
	p := Default()
	p.SAHP.G = 8
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := pop.cab
	y := append([]float64(nil), pop.y...)
	y[gVS], y[gAH] = -50, 0.3
	c.jacobian(y)
	checkSharedRows(t, c, y, []jacEntry{
		{"∂f_Vs/∂Vs", c.jSS, gVS, gVS},
		{"∂f_Vs/∂q", c.jSq, gVS, gAH},
		{"∂f_q/∂q", c.jqq, gAH, gAH},
		{"∂f_q/∂Vs", c.jqS, gAH, gVS},
	}, map[int]float64{gVS: 0.7, gAH: -0.2})
}

// TestAfterCurrentRateUnits: the gates' opening rates are first-order
// rates, so a spec can set them in 1/ms (they were declared second-order,
// and "0.2/ms" was refused).
func TestAfterCurrentRateUnits(t *testing.T) {
	p := Default()
	for _, f := range p.Fields() {
		if f.Name != "adp_kon" && f.Name != "sahp_kon" {
			continue
		}
		if v, err := units.Parse("0.2/ms", f.Dim); err != nil || v != 0.2 {
			t.Errorf("%s: \"0.2/ms\" gives %g, %v", f.Name, v, err)
		}
	}
}
