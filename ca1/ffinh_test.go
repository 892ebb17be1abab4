package ca1

import (
	"math"
	"testing"
)

// TestFFInhDepression: off by default; switched on, each stimulus opens a
// somatic conductance whose peak follows the depression recursion
// D ← 1 − (1 − D)e^{−Δt/TauRec}, peak = G·D, D ← D(1 − U), and it
// hyperpolarises towards E (−75 mV) from rest, shrinking the EPSP.
func TestFFInhDepression(t *testing.T) {
	p := Default()
	if p.FFInh.G != 0 {
		t.Fatalf("FFInh.G = %g: the default is off", p.FFInh.G)
	}
	p.FFInh.G = 2
	f := p.FFInh
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := 1.0
	last := math.Inf(-1)
	for k, at := range []float64{100, 200, 300, 1300} {
		if err := pop.Advance(at-pop.Time(), nil, nil); err != nil {
			t.Fatal(err)
		}
		if !math.IsInf(last, -1) {
			d = 1 - (1-d)*math.Exp(-(at-last)/f.TauRec)
		}
		before := pop.y[gIB] - pop.y[gIA]
		pop.Pre(nil)
		// the peak of the new conductance alone: integrate the two states' jumps
		ja, jb := pop.y[gIA], pop.y[gIB]
		tp := f.TauRise * f.TauDecay / (f.TauDecay - f.TauRise) * math.Log(f.TauDecay/f.TauRise)
		peak := jb*math.Exp(-tp/f.TauDecay) - ja*math.Exp(-tp/f.TauRise) - before*math.Exp(-tp/f.TauDecay)
		// before is (nearly) all in the decay state after ≥ 100 ms
		if want := f.G * d; math.Abs(peak-want) > 1e-6*want {
			t.Errorf("stimulus %d: peak %g nS, want %g", k, peak, want)
		}
		d *= 1 - f.U
		last = at
	}
	q := Default()
	base, _ := New(q, nil)
	q.FFInh.G = 2
	inh, _ := New(q, nil)
	var vb, vi float64
	for i, pp := range []*Population{base, inh} {
		v0 := pp.y[gVS]
		pk := v0
		pp.Pre(nil)
		for range 300 {
			if err := pp.Advance(0.1, nil, nil); err != nil {
				t.Fatal(err)
			}
			pk = max(pk, pp.y[gVS])
		}
		if i == 0 {
			vb = pk - v0
		} else {
			vi = pk - v0
		}
	}
	t.Logf("first EPSP: %.2f mV without, %.2f mV with 2 nS of feedforward inhibition", vb, vi)
	if !(vi < 0.8*vb) {
		t.Errorf("inhibition does not shrink the EPSP: %.2f against %.2f mV", vi, vb)
	}
}

// TestFFInhJacobian: the soma row's entries of the inhibition match central
// differences of the right-hand side, and the block solve eliminates its
// states exactly on the soma and state rows (as TestSAHPJacobian).
func TestFFInhJacobian(t *testing.T) {
	p := Default()
	p.FFInh.G = 2
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := pop.cab
	y := append([]float64(nil), pop.y...)
	y[gVS], y[gIA], y[gIB] = -55, 0.4, 1.5
	c.jacobian(y)
	checkSharedRows(t, c, y, []jacEntry{
		{"∂f_Vs/∂Vs", c.jSS, gVS, gVS},
		{"∂f_Vs/∂A", c.jSIA, gVS, gIA},
		{"∂f_Vs/∂B", c.jSIB, gVS, gIB},
		{"∂f_A/∂A", -1 / p.FFInh.TauRise, gIA, gIA},
		{"∂f_B/∂B", -1 / p.FFInh.TauDecay, gIB, gIB},
	}, map[int]float64{gVS: 0.7, gIA: -0.2, gIB: 0.3})
}
