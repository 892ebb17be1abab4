package spine

import (
	"fmt"
	"math"
)

// DualExp is the Exp2Syn conductance kernel of NEURON's exp2syn.mod: two
// states decaying with the rise and decay time constants, both jumped by
// w·Factor at a release of weight w, and the open fraction s = B − A:
//
//	dA/dt = −A/τr,  dB/dt = −B/τd,  s = B − A
//	t_peak = τr·τd/(τd − τr)·ln(τd/τr),  Factor = 1/(e^{−t_peak/τd} − e^{−t_peak/τr})
//
// so that "an event of weight 1 generates a peak conductance of 1"
// (exp2syn.mod COMMENT; the same normalisation in GluSynapse.mod). Unlike
// exp2syn.mod's INITIAL, τr is never rewritten: Validate requires τr < τd.
type DualExp struct {
	TauRise  float64 // τr [ms]
	TauDecay float64 // τd [ms]
}

// TPeak is the time of the peak of s after a single event [ms].
func (k DualExp) TPeak() float64 {
	return k.TauRise * k.TauDecay / (k.TauDecay - k.TauRise) * math.Log(k.TauDecay/k.TauRise)
}

// Factor is the jump per unit weight that makes the peak of s equal 1.
func (k DualExp) Factor() float64 {
	tp := k.TPeak()
	return 1 / (math.Exp(-tp/k.TauDecay) - math.Exp(-tp/k.TauRise))
}

// Kernel is s(t) after one event of weight 1 at t = 0 (t ≥ 0).
func (k DualExp) Kernel(t float64) float64 {
	return k.Factor() * (math.Exp(-t/k.TauDecay) - math.Exp(-t/k.TauRise))
}

func (k DualExp) validate(who string) error {
	if !(k.TauRise > 0) || math.IsInf(k.TauRise, 0) {
		return fmt.Errorf("spine: %s.TauRise = %g ms: must be > 0 and finite", who, k.TauRise)
	}
	if !(k.TauDecay > k.TauRise) || math.IsInf(k.TauDecay, 0) {
		return fmt.Errorf("spine: %s.TauDecay = %g ms: must be finite and > TauRise = %g ms", who, k.TauDecay, k.TauRise)
	}
	return nil
}
