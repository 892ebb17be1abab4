package spine

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// Calcium is the spine-head Ca²⁺ pool: free [Ca²⁺] c in volume vol, an
// endogenous buffer in fast equilibrium with capacity κE, added buffers as
// explicit binding reactions, and extrusion to a resting level:
//
//	J_in  = −I_Ca/(2·F·vol)                   [µM/ms of total Ca]
//	J_out = (1 + κE)/τext·(c − c_rest)
//	R_b   = kon_b·c·(B_b − CaB_b) − koff_b·CaB_b
//	(1 + κE)·dc/dt = J_in − J_out − Σ R_b,   dCaB_b/dt = R_b
//
// so without added buffer free Ca decays with τext, and the total
// T = (1 + κE)·c + Σ CaB_b obeys dT/dt = J_in − J_out − Σ X_b exactly, where
//
//	X_b = (CaB_b − B_b(c_rest))/τx
//
// is the exchange of the mobile added buffers with the dendrite: Ca-bound
// BAPTA or EGTA leaves through the neck and free buffer at the dendrite's
// resting loading (held by the pipette) comes in, with the spine-neck
// diffusional time constant τx (20–100 ms for a small dye, Svoboda, Tank &
// Denk 1996 Science 272:716 [M]; BAPTA and EGTA are of that size). Without
// it a loaded buffer could only hand its Ca²⁺ back to the pump, and under
// sustained 1 Hz influx the mean free Ca²⁺ would not depend on the buffer at
// all; with it, BAPTA in the pipette abolishes the Ca²⁺ rise as in
// whole-cell experiments (row B10). With no added buffer X_b = 0. Values from
// Sabatini, Oertner & Svoboda (2002) Neuron 33:439 as used by BlueBrain
// GluSynapse [V-code].
type Calcium struct {
	Rest   float64 // c_rest, resting free [Ca²⁺] [µM]; 0.07, Sabatini et al. 2002 (GluSynapse min_ca_CR)
	KappaE float64 // κE, endogenous buffer capacity [1]; 20, Sabatini et al. 2002 [M]
	TauExt float64 // τext, free-Ca decay without added buffer [ms]; 12, GluSynapse tau_ca_CR
	CaO    float64 // [Ca²⁺]o [µM]; 2 mM, GluSynapse cao_CR
	TauX   float64 // τx, exchange of mobile added buffer (BAPTA, EGTA) with the dendrite through the neck [ms]; 50, Svoboda et al. 1996 [M]
}

// DefaultCalcium returns the values above.
func DefaultCalcium() Calcium {
	return Calcium{Rest: 0.07, KappaE: 20, TauExt: 12, CaO: 2 * units.Millimolar, TauX: 50}
}

// Validate checks the parameters.
func (p Calcium) Validate() error {
	if !(p.Rest > 0) || math.IsInf(p.Rest, 0) {
		return fmt.Errorf("spine: Calcium.Rest = %g µM: must be > 0 and finite", p.Rest)
	}
	if !(p.KappaE >= 0) || math.IsInf(p.KappaE, 0) {
		return fmt.Errorf("spine: Calcium.KappaE = %g: must be >= 0 and finite", p.KappaE)
	}
	if !(p.TauExt > 0) || math.IsInf(p.TauExt, 0) {
		return fmt.Errorf("spine: Calcium.TauExt = %g ms: must be > 0 and finite", p.TauExt)
	}
	if !(p.TauX > 0) || math.IsInf(p.TauX, 0) {
		return fmt.Errorf("spine: Calcium.TauX = %g ms: must be > 0 and finite", p.TauX)
	}
	if !(p.CaO > 0) || math.IsInf(p.CaO, 0) {
		return fmt.Errorf("spine: Calcium.CaO = %g µM: must be > 0 and finite", p.CaO)
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (p *Calcium) Fields() []units.Field {
	return []units.Field{
		{Name: "ca_rest", Dim: units.Concentration, Value: &p.Rest, Doc: "resting spine Ca; 70 nM, Sabatini et al. 2002", Min: 0.001, Max: 10},
		{Name: "kappa_e", Dim: units.Dimensionless, Value: &p.KappaE, Doc: "endogenous buffer capacity; 20, Sabatini et al. 2002 [M]", Min: 0, Max: 10000},
		{Name: "tau_ext", Dim: units.Time, Value: &p.TauExt, Doc: "Ca extrusion time constant; 12 ms, GluSynapse tau_ca_CR", Min: 0.1, Max: 10000},
		{Name: "ca_o", Dim: units.Concentration, Value: &p.CaO, Doc: "extracellular Ca; 2 mM, GluSynapse cao_CR"},
		{Name: "tau_x", Dim: units.Time, Value: &p.TauX, Doc: "exchange of mobile added buffer (BAPTA, EGTA) with the dendrite through the neck; 50 ms, Svoboda, Tank & Denk 1996 (20-100 ms) [M]", Min: 0.1, Max: 1000000.0},
	}
}

// Flux converts a Ca²⁺ current i [pA] (negative = inward) into the rate of
// change of total Ca [µM/ms] in volume vol [fL]: −i/(2F·vol)·1e6. 1 pA into
// 1 fL gives 5.182135 µM/ms.
func Flux(i, vol float64) float64 { return -i / (2 * Faraday * vol) * 1e6 }

// Extrusion is J_out [µM/ms of total Ca] at free [Ca²⁺] c.
func (p Calcium) Extrusion(c float64) float64 { return (1 + p.KappaE) / p.TauExt * (c - p.Rest) }

// Buffer is an added Ca²⁺ buffer (BAPTA, EGTA) as a binding reaction
// Ca + B ⇌ CaB with on-rate Kon and dissociation constant Kd.
type Buffer struct {
	Total float64 // B, total buffer [µM]; 0 unless loaded
	Kon   float64 // on-rate [1/(µM·ms)]
	Kd    float64 // dissociation constant [µM]
}

// BAPTA returns BAPTA at total concentration b [µM]: kon = 4e8 /M/s,
// Kd = 0.2 µM (Naraghi & Neher 1997 J Neurosci 17:6961 [M]).
func BAPTA(b float64) Buffer { return Buffer{Total: b, Kon: 4e8 / units.Molar / units.Second, Kd: 0.2} }

// EGTA returns EGTA at total concentration b [µM]: kon = 1.05e7 /M/s,
// Kd = 0.07 µM (Naraghi & Neher 1997 [M]; 0.07–0.18 µM with pH and temperature).
func EGTA(b float64) Buffer {
	return Buffer{Total: b, Kon: 1.05e7 / units.Molar / units.Second, Kd: 0.07}
}

// Koff is the off-rate [1/ms], Kon·Kd.
func (b Buffer) Koff() float64 { return b.Kon * b.Kd }

// Rate is the binding rate R [µM/ms] at free c and bound cab.
func (b Buffer) Rate(c, cab float64) float64 { return b.Kon*c*(b.Total-cab) - b.Koff()*cab }

// Bound is the equilibrium bound concentration at free c.
func (b Buffer) Bound(c float64) float64 { return b.Total * c / (c + b.Kd) }

func (b Buffer) validate(name string) error {
	for _, c := range []struct {
		n, u string
		v    float64
	}{{"Total", "µM", b.Total}, {"Kon", "1/(µM·ms)", b.Kon}, {"Kd", "µM", b.Kd}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("spine: %s.%s = %g %s: must be >= 0 and finite", name, c.n, c.v, c.u)
		}
	}
	return nil
}

func (b *Buffer) fields(name, doc string) []units.Field {
	return []units.Field{
		{Name: name + "_total", Dim: units.Concentration, Value: &b.Total, Doc: name + " total concentration; 0 unless loaded", Min: 0, Max: 100000},
		{Name: name + "_kon", Dim: units.Rate, Value: &b.Kon, Doc: name + " on-rate; " + doc, Min: 0, Max: 100},
		{Name: name + "_kd", Dim: units.Concentration, Value: &b.Kd, Doc: name + " dissociation constant; " + doc, Min: 0.0001, Max: 100000},
	}
}

// Exchange is X [µM/ms of total Ca]: the loss of Ca bound to a mobile added
// buffer through the neck, at bound cab, for resting free Ca rest.
func (b Buffer) Exchange(cab, rest, tauX float64) float64 { return (cab - b.Bound(rest)) / tauX }
