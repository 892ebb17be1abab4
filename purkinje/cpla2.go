package purkinje

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// CPLA2 is cytosolic phospholipase A2, activated by ERK phosphorylation
// with Ca²⁺ (its C2 domain takes it to the membrane), and the arachidonic
// acid (AA) it releases, which activates PKC and closes the loop:
//
//	activation per inactive copy = kAct·(ERK*/N_ERK)·Ca/(Ca + KCa)
//	inactivation per active copy = 1/τ
//	AA: made at kAA per active copy, removed at 1/τAA per copy
type CPLA2 struct {
	N     float64 // copies per spine [1]
	KAct  float64 // activation rate at full ERK and Ca²⁺ [1/ms]
	KCa   float64 // Ca²⁺ at half activation [µM]
	Tau   float64 // inactivation time [ms]
	KAA   float64 // AA made per active copy [1/ms]
	TauAA float64 // AA lifetime [ms]
}

// DefaultCPLA2 returns the values documented in Fields.
func DefaultCPLA2() CPLA2 {
	return CPLA2{N: 50, KAct: 0.5 / units.Second, KCa: 1, Tau: 10 * units.Second, KAA: 0.25 / units.Second, TauAA: 20 * units.Second}
}

// Fields lists the parameters with units and sources.
func (p *CPLA2) Fields() []units.Field {
	return []units.Field{
		{Name: "cpla2_n", Dim: units.Dimensionless, Value: &p.N, Doc: "cPLA2 copies per spine; 50 [A]"},
		{Name: "cpla2_kact", Dim: units.Frequency, Value: &p.KAct, Doc: "cPLA2 activation at full ERK and Ca2+; 0.5/s [A]"},
		{Name: "cpla2_kca", Dim: units.Concentration, Value: &p.KCa, Doc: "Ca2+ at half cPLA2 translocation; 1 uM [A: C2 domain, sub-uM to uM [M]]"},
		{Name: "cpla2_tau", Dim: units.Time, Value: &p.Tau, Doc: "cPLA2 inactivation; 10 s [A]"},
		{Name: "aa_rate", Dim: units.Frequency, Value: &p.KAA, Doc: "AA made per active cPLA2 [copies/ms]; 0.25/s [A; chosen so that the loop is bistable at rest with its threshold above PF-alone activity: TestLoopBistable]"},
		{Name: "aa_tau", Dim: units.Time, Value: &p.TauAA, Doc: "AA lifetime; 20 s [A]"},
	}
}

// Validate checks the parameters.
func (p CPLA2) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"N", p.N}, {"KCa", p.KCa}, {"Tau", p.Tau}, {"TauAA", p.TauAA}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: CPLA2.%s = %g: must be > 0 and finite", c.name, c.v)
		}
	}
	if !(p.KAct >= 0) || !(p.KAA >= 0) || math.IsInf(p.KAct+p.KAA, 0) {
		return fmt.Errorf("purkinje: CPLA2.KAct = %g, KAA = %g: must be >= 0 and finite", p.KAct, p.KAA)
	}
	return nil
}

// act is the activation rate per inactive copy [1/ms] at active ERK
// fraction e and Ca²⁺ ca.
func (p CPLA2) act(e, ca float64) float64 { return p.KAct * e * ca / (ca + p.KCa) }
