package purkinje

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// PKC is conventional PKC (PKCα in Purkinje cells), copies per spine. An
// inactive copy is activated by Ca²⁺ together with DAG, or by arachidonic
// acid (AA) without either (the AA route closes the feedback loop):
//
//	activation per inactive copy = kAct·(h(Ca)·dag(D) + AA/(AA + KAA)),  h = Ca²/(Ca² + KCa²)
//	deactivation per active copy = 1/τ
//
// Activity scales what active PKC does (ERK activation, GluA2 S880
// phosphorylation), not its activation: a catalytic-site inhibitor
// (drugs). Structure after Kuroda, Schweighofer & Kawato 2001 and the
// Gallimore et al. 2018 model (ModelDB 235376) [V-code], collapsed to one
// activation step.
type PKC struct {
	N        float64 // copies per spine [1]
	KAct     float64 // activation rate at saturation [1/ms]
	KCa      float64 // Ca²⁺ at half activation with DAG [µM]
	KAA      float64 // AA at half activation [copies]
	Tau      float64 // deactivation time [ms]
	Activity float64 // catalytic activity not inhibited [1]
}

// DefaultPKC returns the values documented in Fields.
func DefaultPKC() PKC {
	return PKC{N: 100, KAct: 0.5 / units.Second, KCa: 2, KAA: 40, Tau: 10 * units.Second, Activity: 1}
}

// Fields lists the parameters with units and sources.
func (p *PKC) Fields() []units.Field {
	return []units.Field{
		{Name: "pkc_n", Dim: units.Dimensionless, Value: &p.N, Doc: "PKC copies per spine; 100 [A: tens to hundreds of molecules per spine matter, Antunes & De Schutter 2012 [V-abs]]"},
		{Name: "pkc_kact", Dim: units.Frequency, Value: &p.KAct, Doc: "PKC activation rate at saturation; 0.5/s [A]"},
		{Name: "pkc_kca", Dim: units.Concentration, Value: &p.KCa, Doc: "Ca2+ at half PKC activation with DAG; 2 uM [A: C2 domain membrane binding in the uM range [M]; above PF-alone Ca2+, below the complex spike's]"},
		{Name: "pkc_kaa", Dim: units.Dimensionless, Value: &p.KAA, Doc: "AA at half PKC activation [copies]; 40 [A; chosen so that the loop is bistable at rest with its threshold above PF-alone activity: TestLoopBistable]"},
		{Name: "pkc_tau", Dim: units.Time, Value: &p.Tau, Doc: "PKC deactivation; 10 s [A]"},
		{Name: "pkc_activity", Dim: units.Dimensionless, Value: &p.Activity, Doc: "PKC catalytic activity; 1 (set by PKC inhibitors)", Min: 0, Max: 1},
	}
}

// Validate checks the parameters.
func (p PKC) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"N", p.N}, {"KCa", p.KCa}, {"KAA", p.KAA}, {"Tau", p.Tau}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: PKC.%s = %g: must be > 0 and finite", c.name, c.v)
		}
	}
	if !(p.KAct >= 0) || math.IsInf(p.KAct, 0) || !(p.Activity >= 0 && p.Activity <= 1) {
		return fmt.Errorf("purkinje: PKC.KAct = %g, Activity = %g: need KAct >= 0, Activity in [0, 1]", p.KAct, p.Activity)
	}
	return nil
}

// act is the activation rate per inactive copy [1/ms] at Ca²⁺ ca, DAG
// occupancy dag and AA copies aa.
func (p PKC) act(ca, dag, aa float64) float64 {
	h := ca * ca / (ca*ca + p.KCa*p.KCa)
	return p.KAct * (h*dag + aa/(aa+p.KAA))
}
