package purkinje

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// ERK is the Raf → MEK → ERK (MAPK) cascade activated by PKC, collapsed to
// one ultrasensitive step (Huang & Ferrell 1996: Hill coefficient 4–5 for
// the three-tier cascade [M]), inactivated by MAP kinase phosphatase:
//
//	activation per inactive copy = kAct·y⁴/(y⁴ + K⁴),  y = Activity_PKC·PKC*/N_PKC
//	inactivation per active copy = kOff
type ERK struct {
	N    float64 // copies per spine [1]
	KAct float64 // activation rate at saturation [1/ms]
	K    float64 // active PKC fraction at half activation [1]
	Hill float64 // Hill coefficient [1]
	KOff float64 // MKP inactivation rate [1/ms]
}

// DefaultERK returns the values documented in Fields.
func DefaultERK() ERK {
	return ERK{N: 100, KAct: 0.2 / units.Second, K: 0.5, Hill: 4, KOff: 0.05 / units.Second}
}

// Fields lists the parameters with units and sources.
func (p *ERK) Fields() []units.Field {
	return []units.Field{
		{Name: "erk_n", Dim: units.Dimensionless, Value: &p.N, Doc: "ERK copies per spine; 100 [A]"},
		{Name: "erk_kact", Dim: units.Frequency, Value: &p.KAct, Doc: "ERK activation at saturation; 0.2/s [A]"},
		{Name: "erk_k", Dim: units.Dimensionless, Value: &p.K, Doc: "active PKC fraction at half ERK activation; 0.5 [A; chosen so that the loop is bistable at rest with its threshold above PF-alone activity: TestLoopBistable]"},
		{Name: "erk_hill", Dim: units.Dimensionless, Value: &p.Hill, Doc: "Hill coefficient of the MAPK cascade; 4, Huang & Ferrell 1996 [M]", Min: 0.1, Max: 20},
		{Name: "erk_koff", Dim: units.Frequency, Value: &p.KOff, Doc: "ERK inactivation by MKP; 0.05/s [A]"},
	}
}

// Validate checks the parameters.
func (p ERK) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"N", p.N}, {"K", p.K}, {"Hill", p.Hill}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: ERK.%s = %g: must be > 0 and finite", c.name, c.v)
		}
	}
	if !(p.KAct >= 0) || !(p.KOff >= 0) || math.IsInf(p.KAct+p.KOff, 0) {
		return fmt.Errorf("purkinje: ERK.KAct = %g, KOff = %g: must be >= 0 and finite", p.KAct, p.KOff)
	}
	return nil
}

// act is the activation rate per inactive copy [1/ms] at PKC activity y.
func (p ERK) act(y float64) float64 {
	yn := pow(max(y, 0), p.Hill)
	return p.KAct * yn / (yn + pow(p.K, p.Hill))
}
