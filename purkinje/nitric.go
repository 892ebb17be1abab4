package purkinje

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// Nitric is the NO path of PF-LTP: PF activity releases NO (nNOS in
// parallel fibres and molecular-layer interneurons; Purkinje cells have
// none), which S-nitrosylates NSF in the spine (fraction n):
//
//	dNO/dt = −NO/τNO,  NO += ΔNO·NOS per PF pulse     [µM]
//	dn/dt  = kSNO·NO·(1 − n) − n/τSNO
//
// NOS is the synthase activity a NOS inhibitor leaves. S-nitrosylated NSF
// speeds the reinsertion of S880-dephosphorylated GluA2 (glua2.go):
// Kakegawa & Yuzaki 2005 PNAS 102:17846 [M]; PF-LTP is NO-dependent,
// Lev-Ram et al. 2002 Neuron 33:765, 2003 PNAS [V-abs, docs/sources.md].
type Nitric struct {
	DNO    float64 // NO per PF pulse [µM]
	TauNO  float64 // NO lifetime [ms]
	NOS    float64 // synthase activity not blocked [1]
	KSNO   float64 // S-nitrosylation rate [1/(µM·ms)]
	TauSNO float64 // denitrosylation time [ms]
}

// DefaultNitric returns the values documented in Fields.
func DefaultNitric() Nitric {
	return Nitric{DNO: 10 * units.Nanomolar, TauNO: 1 * units.Second, NOS: 1, KSNO: 1.0 / (10 * units.Nanomolar * 5 * units.Minute), TauSNO: 5 * units.Minute}
}

// Fields lists the parameters with units and sources.
func (p *Nitric) Fields() []units.Field {
	return []units.Field{
		{Name: "no_per_pulse", Dim: units.Concentration, Value: &p.DNO, Doc: "NO per PF pulse; 10 nM [A: tens of nM near active PFs [M]]"},
		{Name: "no_tau", Dim: units.Time, Value: &p.TauNO, Doc: "NO lifetime; 1 s [A: NO half-life in tissue about 1 s [M]]"},
		{Name: "nos", Dim: units.Dimensionless, Value: &p.NOS, Doc: "NO synthase activity; 1 (set by NOS inhibitors)", Min: 0, Max: 1},
		{Name: "sno_rate", Dim: units.Rate, Value: &p.KSNO, Doc: "NSF S-nitrosylation rate per NO; 1/(10 nM x 5 min) [A: half of NSF nitrosylated after minutes of 1 Hz PF]"},
		{Name: "sno_tau", Dim: units.Time, Value: &p.TauSNO, Doc: "NSF denitrosylation; 5 min [A]"},
	}
}

// Validate checks the parameters.
func (p Nitric) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"TauNO", p.TauNO}, {"TauSNO", p.TauSNO}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: Nitric.%s = %g: must be > 0 and finite", c.name, c.v)
		}
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"DNO", p.DNO}, {"KSNO", p.KSNO}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: Nitric.%s = %g: must be >= 0 and finite", c.name, c.v)
		}
	}
	if !(p.NOS >= 0 && p.NOS <= 1) {
		return fmt.Errorf("purkinje: Nitric.NOS = %g: must be in [0, 1]", p.NOS)
	}
	return nil
}
