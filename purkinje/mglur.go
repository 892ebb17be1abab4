package purkinje

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// MGluR is the metabotropic path of the PF synapse: glutamate activates
// mGluR1 (fraction m), which drives PLCβ to make DAG:
//
//	dm/dt = −m/τm,  m += ρ·Open·(1 − m) per PF pulse
//	dD/dt = kD·m − D/τD
//
// Open is the fraction of receptors an antagonist leaves (drug). IP₃ and
// its Ca²⁺ release from the ER are not modelled (see docs/purkinje-model.md).
type MGluR struct {
	Rho   float64 // activation per PF pulse [1]
	TauM  float64 // mGluR1 deactivation [ms]
	KD    float64 // DAG production at full activation [µM/ms]
	TauD  float64 // DAG lifetime [ms]
	Open  float64 // fraction not blocked by an antagonist [1]
	KHalf float64 // DAG at half PKC activation [µM] (used by PKC)
}

// DefaultMGluR returns the values documented in Fields.
func DefaultMGluR() MGluR {
	return MGluR{Rho: 0.1, TauM: 500, KD: 0.002, TauD: 10 * units.Second, Open: 1, KHalf: 1}
}

// Fields lists the parameters with units and sources.
func (p *MGluR) Fields() []units.Field {
	return []units.Field{
		{Name: "mglur_rho", Dim: units.Dimensionless, Value: &p.Rho, Doc: "mGluR1 activation per PF pulse; 0.1 [A: single PF pulses activate mGluR1 weakly, trains summate, Batchelor & Garthwaite 1997 [M]]", Min: 0, Max: 1},
		{Name: "mglur_tau", Dim: units.Time, Value: &p.TauM, Doc: "mGluR1 deactivation; 500 ms [A: the mGluR1 slow EPSC lasts about 1 s [M]]"},
		{Name: "dag_rate", Dim: units.Frequency, Value: &p.KD, Doc: "DAG production at full mGluR1 activation; 0.002 uM/ms, written as a rate with uM implied (e.g. 0.002/ms) [A: DAG saturates PKC's DAG site within a minute of 1 Hz PF]"},
		{Name: "dag_tau", Dim: units.Time, Value: &p.TauD, Doc: "DAG lifetime; 10 s [A: DAG kinase/lipase, seconds]"},
		{Name: "mglur_open", Dim: units.Dimensionless, Value: &p.Open, Doc: "mGluR1 not blocked; 1 (set by mGluR1 antagonists)", Min: 0, Max: 1},
		{Name: "dag_khalf", Dim: units.Concentration, Value: &p.KHalf, Doc: "DAG at half-maximal PKC activation with Ca2+; 1 uM [A]"},
	}
}

// Validate checks the parameters.
func (p MGluR) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"TauM", p.TauM}, {"TauD", p.TauD}, {"KHalf", p.KHalf}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: MGluR.%s = %g: must be > 0 and finite", c.name, c.v)
		}
	}
	if !(p.Rho >= 0 && p.Rho <= 1) || !(p.Open >= 0 && p.Open <= 1) {
		return fmt.Errorf("purkinje: MGluR.Rho = %g, Open = %g: must be in [0, 1]", p.Rho, p.Open)
	}
	if !(p.KD >= 0) || math.IsInf(p.KD, 0) {
		return fmt.Errorf("purkinje: MGluR.KD = %g: must be >= 0 and finite", p.KD)
	}
	return nil
}

// pulse is the jump of m at a PF pulse.
func (p MGluR) pulse(m float64) float64 { return m + p.Rho*p.Open*(1-m) }

// dag is the fraction of PKC's DAG site occupied at DAG d.
func (p MGluR) dag(d float64) float64 { return d / (d + p.KHalf) }
