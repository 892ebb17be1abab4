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
