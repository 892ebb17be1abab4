package spine

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// CaRule maps spine [Ca²⁺] [µM] to the dimensionless calcium c of the
// Graupner–Brunel rule (package rule), whose resting level is 0:
//
//	c = (Ca − Rest)/Ref
//
// Ref is fitted here: with the defaults of this package (Default()), one
// deterministic presynaptic spike with the soma clamped at −70 mV gives a
// peak c equal to C_pre of the GB2012 DP set (= 1). TestCaRuleFit recomputes
// the fit from the model and checks DefaultCaRule against it. Whether a bAP
// or a pairing then crosses θ_p is a model outcome, not part of the fit.
type CaRule struct {
	Rest float64 // resting [Ca²⁺] subtracted [µM]; = Calcium.Rest
	Ref  float64 // [Ca²⁺] excursion that counts as c = 1 [µM]; fitted, see TestCaRuleFit
}

// caRefFitted [µM] is the peak free-Ca excursion of one deterministic
// presynaptic spike at a somatic clamp of −70 mV with Default() parameters,
// measured by TestCaRuleFit (which fails if the model and this value part).
const caRefFitted = 0.80

// DefaultCaRule returns the rule fitted to Default() parameters.
func DefaultCaRule() CaRule { return CaRule{Rest: DefaultCalcium().Rest, Ref: caRefFitted} }

// C is the GB calcium for spine [Ca²⁺] ca [µM].
func (r CaRule) C(ca float64) float64 { return (ca - r.Rest) / r.Ref }

// Validate checks the parameters.
func (r CaRule) Validate() error {
	if !(r.Ref > 0) || math.IsInf(r.Ref, 0) {
		return fmt.Errorf("spine: CaRule.Ref = %g µM: must be > 0 and finite", r.Ref)
	}
	if !(r.Rest >= 0) || math.IsInf(r.Rest, 0) {
		return fmt.Errorf("spine: CaRule.Rest = %g µM: must be >= 0 and finite", r.Rest)
	}
	return nil
}

// Fields lists the parameters.
func (r *CaRule) Fields() []units.Field {
	return []units.Field{
		{Name: "carule_rest", Dim: units.Concentration, Value: &r.Rest, Doc: "resting Ca subtracted; 70 nM (= ca_rest)", Min: 0, Max: 10},
		{Name: "carule_ref", Dim: units.Concentration, Value: &r.Ref, Doc: "Ca excursion for c = 1; fitted: one pre spike at -70 mV clamp gives c = Cpre(DP) = 1", Min: 0.001, Max: 1000},
	}
}
