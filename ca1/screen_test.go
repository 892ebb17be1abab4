package ca1

import (
	"math"
	"testing"

	"github.com/synlab/synlab/units"
)

// rheobase is the smallest 2 ms somatic current pulse [pA] that fires the
// cell at rest, by bisection to 1 pA.
func rheobase(t *testing.T, p Params) float64 {
	t.Helper()
	lo, hi := 0.0, 2*units.Nanoampere
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		q := p
		q.Stim.Amp = mid
		pop, err := New(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := pop.Advance(200, nil, nil); err != nil { // settle at rest
			t.Fatal(err)
		}
		pop.SomaticSpike()
		if err := pop.Advance(30, nil, nil); err != nil {
			t.Fatal(err)
		}
		if pop.Spikes() > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// TestScreenShift: surface-charge screening (screen.go) leaves the cell as
// it is at 2 mM, raises the current needed to fire it at 3 mM and lowers
// it at 1.3 mM, and with the shift off [Ca²⁺]o leaves the rheobase as it is
// (the soma has no other [Ca²⁺]o dependence).
func TestScreenShift(t *testing.T) {
	p := Default()
	off := p
	off.Screen.PerEFold = 0
	r2, r2off := rheobase(t, p), rheobase(t, off)
	if r2 != r2off {
		t.Errorf("2 mM: rheobase %g pA with the shift, %g without", r2, r2off)
	}
	at := func(q Params, mM float64) float64 {
		q.SetBath(mM*units.Millimolar, q.NMDA.Mg)
		return rheobase(t, q)
	}
	r3, r13 := at(p, 3), at(p, 1.3)
	r3off := at(off, 3)
	t.Logf("rheobase (2 ms pulse): 1.3 mM %.0f pA, 2 mM %.0f pA, 3 mM %.0f pA (%.0f pA without screening); shift at 3 mM %+.2f mV", r13, r2, r3, r3off, p.Screen.shift(3*units.Millimolar))
	if !(r3 > r2 && r2 > r13) {
		t.Errorf("rheobase does not rise with [Ca2+]o: %g, %g, %g pA", r13, r2, r3)
	}
	if math.Abs(r3off-r2) > 1 {
		t.Errorf("without screening 3 mM changes the rheobase: %g against %g pA", r3off, r2)
	}
	if d := p.Screen.shift(3*units.Millimolar) - 7.8*math.Log(1.5); math.Abs(d) > 1e-12 {
		t.Errorf("shift at 3 mM off by %g mV", d)
	}
}

// TestScreenJacobian: at 3 mM the soma gate rows of the cable's analytic
// Jacobian (∂/∂V_s of the hh and slow Na⁺ gate rates) match central
// differences of the right-hand side at a depolarised soma, with the
// screening shift in both.
func TestScreenJacobian(t *testing.T) {
	p := Default()
	p.SetBath(3*units.Millimolar, p.NMDA.Mg)
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := pop.cab
	y := append([]float64(nil), pop.y...)
	y[gVS] = -50
	c.jacobian(y)
	f := func(v float64) []float64 {
		z := append([]float64(nil), y...)
		z[gVS] = v
		dz := make([]float64, len(z))
		c.f(z, dz)
		return dz
	}
	const h = 1e-3
	up, dn := f(y[gVS]+h), f(y[gVS]-h)
	for _, e := range []struct {
		name string
		i    int
		got  float64
	}{{"m", gHM, c.jmS}, {"h", gHH, c.jhS}, {"n", gHN, c.jnS}, {"slow Na", gNS, c.jsS}} {
		want := (up[e.i] - dn[e.i]) / (2 * h)
		if math.Abs(e.got-want) > 1e-5*math.Max(1e-3, math.Abs(want)) {
			t.Errorf("∂(%s rate)/∂V_s = %g, central difference %g", e.name, e.got, want)
		}
	}
}
