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
	f := func(z []float64) []float64 {
		dz := make([]float64, len(z))
		c.f(z, dz)
		return dz
	}
	along := func(i int, h float64) []float64 {
		z := append([]float64(nil), y...)
		z[i] += h
		return f(z)
	}
	const h = 1e-4
	for _, e := range []struct {
		name string
		got  float64
		col  int
	}{{"∂f_Vs/∂Vs", c.jSS, gVS}, {"∂f_Vs/∂A", c.jSIA, gIA}, {"∂f_Vs/∂B", c.jSIB, gIB}} {
		want := (along(e.col, h)[gVS] - along(e.col, -h)[gVS]) / (2 * h)
		if math.Abs(e.got-want) > 1e-6*math.Max(1e-6, math.Abs(want)) {
			t.Errorf("%s = %g, central difference %g", e.name, e.got, want)
		}
	}
	const cc = 5.0
	var fa factors
	if !c.factor(cc, &fa) {
		t.Fatal("factor failed")
	}
	r := make([]float64, len(y))
	r[gVS], r[gIA], r[gIB] = 0.7, -0.2, 0.3
	x := append([]float64(nil), r...)
	c.solve(&fa, x)
	const eps = 1e-6
	zp, zm := append([]float64(nil), y...), append([]float64(nil), y...)
	for i := range x {
		zp[i] += eps * x[i]
		zm[i] -= eps * x[i]
	}
	fp, fm := f(zp), f(zm)
	for _, i := range []int{gVS, gIA, gIB} {
		jx := (fp[i] - fm[i]) / (2 * eps)
		if got := cc*x[i] - jx; math.Abs(got-r[i]) > 1e-6 {
			t.Errorf("row %d: (cI − J)x = %g, want %g", i, got, r[i])
		}
	}
}
