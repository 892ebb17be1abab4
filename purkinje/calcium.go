package purkinje

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// Calcium is the spine's free Ca²⁺: one pool with a fast endogenous buffer
// of capacity Kappa (equilibrium approximation), linear extrusion that
// gives the decay time TauCa with the endogenous buffer alone, and two
// voltage-gated influxes, each an exponential pulse per event:
//
//	(1 + κ + κB)·dCa/dt = J_PF + J_CF − (1 + κ)/τCa·(Ca − Rest) − κB/τX·(Ca − Rest)
//	J_X = (CaO/CaORef)·Q_X·s_X/τ_X,  ds_X/dt = −s_X/τ_X,  s_X += 1 per event
//
// so one event brings Q_X of total Ca²⁺ (µM, buffered + free) into the
// spine. κB = BAPTA/KdBAPTA is added BAPTA in the same approximation; the
// mobile chelator also carries bound Ca²⁺ out through the spine neck and
// is replaced by free chelator from the dendrite (exchange time τX, as in
// the CA1 spine), so BAPTA lowers both the peaks and the mean Ca²⁺ of a
// train (an immobile buffer would only slow the decay and leave the mean).
type Calcium struct {
	Rest   float64 // resting free Ca²⁺ [µM]
	Kappa  float64 // endogenous buffer capacity [1]
	TauCa  float64 // decay time with the endogenous buffer [ms]
	QPF    float64 // total Ca²⁺ entering per PF EPSP (P/Q channels opened by the EPSP) [µM]
	TauPF  float64 // duration of the PF influx [ms]
	QCF    float64 // total Ca²⁺ entering per complex spike [µM]
	TauCF  float64 // duration of the CF influx [ms]
	CaORef float64 // [Ca²⁺]o at which QPF and QCF hold [µM]
	CaO    float64 // bath [Ca²⁺]o [µM]; influx scales with CaO/CaORef
	BAPTA  float64 // added BAPTA [µM]
	KdB    float64 // BAPTA dissociation constant [µM]
	TauX   float64 // exchange of the mobile chelator through the neck [ms]
	// ClampPF and ClampCF scale the influxes while the soma is voltage-
	// clamped: the clamp holds the PF EPSP's depolarisation away from the
	// spine, but the CF's dendritic Ca²⁺ spikes escape a somatic clamp in
	// part (poor space clamp of the Purkinje dendrite).
	ClampPF, ClampCF float64
}

// DefaultCalcium returns the values documented in Fields.
func DefaultCalcium() Calcium {
	return Calcium{Rest: 0.06, Kappa: 900, TauCa: 150, QPF: 202.7, TauPF: 5, QCF: 2187, TauCF: 10,
		CaORef: 2 * units.Millimolar, CaO: 2 * units.Millimolar, KdB: 0.22, TauX: 50, ClampPF: 0, ClampCF: 0.5}
}

// Fields lists the parameters with units and sources.
func (p *Calcium) Fields() []units.Field {
	c, t, d := units.Concentration, units.Time, units.Dimensionless
	return []units.Field{
		{Name: "ca_rest", Dim: c, Value: &p.Rest, Doc: "resting spine Ca2+; 0.06 uM, Gallimore et al. 2018 model (ModelDB 235376) [V-code]", Min: 0.001, Max: 10},
		{Name: "kappa", Dim: d, Value: &p.Kappa, Doc: "endogenous buffer capacity; 900 [A: Purkinje dendrites are strongly buffered (calbindin, parvalbumin); somata about 2000, Fierro & Llano 1996 [M]]", Min: 0, Max: 100000},
		{Name: "tau_ca", Dim: t, Value: &p.TauCa, Doc: "Ca2+ decay time; 150 ms [A: PF-evoked spine transients decay in 100-200 ms, Denk, Sugimori & Llinas 1995 [M]]", Min: 0.1, Max: 10000},
		{Name: "q_pf", Dim: c, Value: &p.QPF, Doc: "total Ca2+ per PF EPSP; 202.7 uM, fitted here to a 0.2 uM peak (TestCaPeaks) [target A: PF-alone spine Ca2+ 0.1-0.3 uM, Denk et al. 1995 [M]; at most 0.4 uM in the Gallimore et al. 2018 model [V-code]]"},
		{Name: "tau_pf", Dim: t, Value: &p.TauPF, Doc: "PF influx duration; 5 ms [A: the EPSP-driven P/Q current]"},
		{Name: "q_cf", Dim: c, Value: &p.QCF, Doc: "total Ca2+ per complex spike; 2187 uM, fitted here to a 2 uM peak (TestCaPeaks) [target A: CF-evoked dendritic Ca2+ of 1-3 uM, Miyakawa et al. 1992 [M]]"},
		{Name: "tau_cf", Dim: t, Value: &p.TauCF, Doc: "CF influx duration; 10 ms [A: a complex spike's dendritic Ca2+ spikes]"},
		{Name: "ca_o_ref", Dim: c, Value: &p.CaORef, Doc: "[Ca2+]o at which q_pf and q_cf hold; 2 mM", Min: 1, Max: 100000},
		{Name: "bapta", Dim: c, Value: &p.BAPTA, Doc: "added BAPTA; 0 (set by the BAPTA drug)"},
		{Name: "kd_bapta", Dim: c, Value: &p.KdB, Doc: "BAPTA Kd; 0.22 uM, Naraghi 1997 [M]"},
		{Name: "tau_x", Dim: t, Value: &p.TauX, Doc: "exchange time of a mobile chelator through the spine neck; 50 ms, Svoboda et al. 1996 [M] (as the CA1 spine's tau_x)", Min: 0.1, Max: 1000000.0},
		{Name: "clamp_pf", Dim: d, Value: &p.ClampPF, Doc: "PF influx under somatic voltage clamp, fraction; 0 [A: the clamp removes the EPSP's depolarisation]", Min: 0, Max: 1},
		{Name: "clamp_cf", Dim: d, Value: &p.ClampCF, Doc: "CF influx under somatic voltage clamp, fraction; 0.5 [A: dendritic Ca2+ spikes escape a somatic clamp in part]", Min: 0, Max: 1},
	}
}

// Validate checks the parameters.
func (p Calcium) Validate() error {
	pos := []struct {
		name string
		v    float64
	}{{"Rest", p.Rest}, {"TauCa", p.TauCa}, {"TauPF", p.TauPF}, {"TauCF", p.TauCF}, {"CaORef", p.CaORef}, {"KdB", p.KdB}, {"TauX", p.TauX}}
	for _, c := range pos {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: Calcium.%s = %g: must be > 0 and finite", c.name, c.v)
		}
	}
	nonneg := []struct {
		name string
		v    float64
	}{{"Kappa", p.Kappa}, {"QPF", p.QPF}, {"QCF", p.QCF}, {"CaO", p.CaO}, {"BAPTA", p.BAPTA}, {"ClampPF", p.ClampPF}, {"ClampCF", p.ClampCF}}
	for _, c := range nonneg {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: Calcium.%s = %g: must be >= 0 and finite", c.name, c.v)
		}
	}
	return nil
}

// influx is J_PF + J_CF [µM total/ms] for influx states sPF, sCF; clamped
// applies the clamp factors.
func (p Calcium) influx(sPF, sCF float64, clamped bool) float64 {
	fPF, fCF := 1.0, 1.0
	if clamped {
		fPF, fCF = p.ClampPF, p.ClampCF
	}
	scale := p.CaO / p.CaORef
	return scale * (fPF*p.QPF*sPF/p.TauPF + fCF*p.QCF*sCF/p.TauCF)
}

// dCa is dCa/dt [µM/ms] at free Ca²⁺ ca with influx j.
func (p Calcium) dCa(ca, j float64) float64 {
	kb := p.BAPTA / p.KdB
	return (j - ((1+p.Kappa)/p.TauCa+kb/p.TauX)*(ca-p.Rest)) / (1 + p.Kappa + kb)
}
