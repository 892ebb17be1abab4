package ca1

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// Screen is the surface-charge screening of the soma's gates by external
// Ca²⁺: divalent cations screen the fixed negative charge on the outer face
// of the membrane, so raising [Ca²⁺]o shifts the voltage dependence of the
// Na⁺ and K⁺ conductances to more depolarised potentials and the spike
// threshold with them; lowering it makes the cell more excitable. In squid
// axon a fivefold increase of [Ca²⁺]o shifts the conductance–voltage curves
// by 10–15 mV (Frankenhaeuser & Hodgkin 1957 J Physiol 137:218 [M]; Hille,
// Ion Channels of Excitable Membranes, ch. on surface charge [M]), i.e.
// ≈ 7.8 mV per e-fold at the middle of that range. The hh gates (m, h, n)
// and the slow Na⁺ gate see
//
//	V − ΔV,  ΔV = PerEFold · ln([Ca²⁺]o / 2 mM),
//
// so nothing changes at the default bath of 2 mM, at which the cell and
// every training row were set up. Mg²⁺ screens too, less strongly; it is
// not included. The spine's VGCC gates are not shifted (their fitted
// conductance, spine/vgcc.go, is set at 2 mM; not done).
type Screen struct {
	PerEFold float64 // shift of the soma's gates per e-fold of [Ca²⁺]o [mV]; 7.8 (Frankenhaeuser & Hodgkin 1957: 10–15 mV per fivefold [M]); 0 = off
}

// DefaultScreen returns PerEFold 7.8 mV.
func DefaultScreen() Screen { return Screen{PerEFold: 7.8} }

// screenRefCaO is the [Ca²⁺]o at which the shift is 0 [µM]: the default bath.
const screenRefCaO = 2 * units.Millimolar

// Validate checks the parameters.
func (s Screen) Validate() error {
	if !(s.PerEFold >= 0 && s.PerEFold <= 30) {
		return fmt.Errorf("ca1: Screen.PerEFold = %g mV: must be in [0, 30] (0 = off)", s.PerEFold)
	}
	return nil
}

// Fields lists the parameters.
func (s *Screen) Fields() []units.Field {
	return []units.Field{
		{Name: "screen_mv", Dim: units.Voltage, Value: &s.PerEFold, Doc: "shift of the soma's Na+ and K+ gates per e-fold of [Ca2+]o (surface-charge screening; 0 at 2 mM); 7.8 mV, Frankenhaeuser & Hodgkin 1957 (10-15 mV per fivefold); 0 = off", Min: 0, Max: 30},
	}
}

// shift is ΔV [mV] at [Ca²⁺]o = cao [µM].
func (s Screen) shift(cao float64) float64 {
	if s.PerEFold == 0 || !(cao > 0) {
		return 0
	}
	return s.PerEFold * math.Log(cao/screenRefCaO)
}
