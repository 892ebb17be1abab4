package rule

import (
	"fmt"
	"math"
	"strings"

	"github.com/synlab/synlab/units"
)

// Shouval holds the parameters of the calcium-control rule of Shouval, Bear &
// Cooper (2002), "A unified model of NMDA receptor-dependent bidirectional
// synaptic plasticity", PNAS 99(16):10831–10836, doi:10.1073/pnas.152343099.
//
// Every value was checked against the MATLAB re-implementation GitHub
// folmez/CaDP-MatLab (file named in each field comment; "folmez" below).
// Internal units: ms, mV, µM (Ca relative to its resting level, so rest is 0).
//
// The model (see ShouvalSynapse for the state and events):
//
//	I_NMDA(t) = (CaO/CaORef) · GScale · GNMDA · n(t) · H(V) · (V − VCa)      [µM/ms]
//	n(t)      = Σ_k c_k · P0 · [IFast e^{−(t−t_k)/TauFast} + (1−IFast) e^{−(t−t_k)/TauSlow}]
//	c_k       = 1 − n(t_k⁻)   (closed fraction just before presynaptic spike k)
//	H(V)      = 1 / (1 + e^{−MgSlope·V} · Mg/MgHalf)
//	d[Ca]/dt  = I_NMDA − [Ca]/TauCa
//	dW/dt     = η([Ca]) · (Ω([Ca]) − Lambda·W)
//	Ω(Ca)     = OmegaBase + OmegaLTP·sig(Ca − Alpha2, Beta2) − OmegaLTD·sig(Ca − Alpha1, Beta1),
//	            sig(x, β) = 1/(1 + e^{−βx})
//	η(Ca)     = 1/τ_w(Ca),  τ_w = P1/(P2 + Ca^P3) + P4
//	V         = VRest + EPSP(t) + BPAP(t)     (or V = Vclamp under voltage clamp)
//	EPSP(t)   = Σ_k SEPSP/N · [e^{−(t−t_k)/TauEPSP1} − e^{−(t−t_k)/TauEPSP2}],
//	            N = peak of the bracket, so a lone EPSP peaks at SEPSP
//	BPAP(t)   = BPAPAmp · [BPAPFast e^{−(t−t_b)/TauBPAPFast} + (1−BPAPFast) e^{−(t−t_b)/TauBPAPSlow}]
//	            (t_b: arrival of the latest bAP; bAPs do not sum)
//
// CaO, CaORef and GScale are synlab's additions, not the paper's (see their
// field comments). GNMDA is negative in folmez's sign convention, so the Ca
// influx is positive for V < VCa.
type Shouval struct {
	// NMDA receptor calcium current (folmez NMDAr_calcium_current.m).
	P0      float64 // P0, fraction of closed NMDARs that open at a presynaptic spike [1]; 0.5, NMDAr_calcium_current.m
	GNMDA   float64 // G_NMDA, NMDAR Ca²⁺ "conductance" [µM/(ms·mV)], negative by convention; −1/500, NMDAr_calcium_current.m
	IFast   float64 // I_f, weight of the fast NMDAR component (slow weight is 1 − I_f) [1]; 0.5, NMDAr_calcium_current.m
	TauFast float64 // τ_f, fast NMDAR decay [ms]; 50, NMDAr_calcium_current.m
	TauSlow float64 // τ_s, slow NMDAR decay [ms]; 200, NMDAr_calcium_current.m
	VCa     float64 // V_r, Ca²⁺ reversal potential [mV]; 130, NMDAr_calcium_current.m
	Mg      float64 // [Mg²⁺]o [µM]; 1 mM, NMDAr_calcium_current.m
	MgHalf  float64 // Mg²⁺ block constant [µM]; 3.57 mM, Jahr & Stevens 1990 J Neurosci 10:3178, NMDAr_calcium_current.m
	MgSlope float64 // Mg²⁺ block voltage slope [1/mV]; 0.062, Jahr & Stevens 1990, NMDAr_calcium_current.m

	// Calcium (folmez update_Ca.m).
	TauCa float64 // τ_Ca, Ca²⁺ removal time constant [ms]; 50, update_Ca.m

	// Ω function (folmez Omega_calcium.m, 'deterministic' = Shouval 2002).
	OmegaBase float64 // A1, Ω at rest [1]; 0.25, Omega_calcium.m
	OmegaLTP  float64 // A2, height of the LTP sigmoid [1]; 1.0, Omega_calcium.m
	OmegaLTD  float64 // −A3, depth of the LTD sigmoid (subtracted) [1]; 0.25, Omega_calcium.m
	Alpha1    float64 // α1, LTD threshold [µM]; 0.35, Omega_calcium.m
	Alpha2    float64 // α2, LTP threshold [µM]; 0.55, Omega_calcium.m
	Beta1     float64 // β1, LTD sigmoid steepness [1/µM]; 80, Omega_calcium.m
	Beta2     float64 // β2, LTP sigmoid steepness [1/µM]; 80, Omega_calcium.m

	// Learning rate η = 1/τ_w (folmez eta_calcium.m, 'deterministic').
	P1 float64 // P1 [ms·µM^P3]; 0.1 s, eta_calcium.m
	P2 float64 // P2 [µM^P3]; P1·1e−4 = 1e−5 (the paper's printed value is a typo, eta_calcium.m comment)
	P3 float64 // P3, Hill exponent [1]; 3, eta_calcium.m
	P4 float64 // P4, fastest τ_w [ms]; 1 s, eta_calcium.m

	// Weight decay (folmez update_w.m).
	Lambda float64 // λ, weight decay factor [1]; 1, update_w.m

	// Spine voltage (folmez CaDP.m, EPSP.m, BPAP.m).
	VRest       float64 // V_rest, resting potential [mV]; −65, CaDP.m
	SEPSP       float64 // s, EPSP peak [mV]; 1 (Figs 2, 3A, 3C, 5A/C) or 10 (Figs 3B, 5B), EPSP.m
	TauEPSP1    float64 // EPSP decay time constant [ms]; 50, EPSP.m (tau_1)
	TauEPSP2    float64 // EPSP rise time constant [ms]; 5, EPSP.m (tau_2)
	BPAPAmp     float64 // bAP amplitude above rest [mV]; 100, BPAP.m
	BPAPFast    float64 // weight of the fast (spike) bAP component; slow (ADP) weight is 1 − BPAPFast [1]; 0.75, BPAP.m
	TauBPAPFast float64 // fast bAP decay [ms]; 3, BPAP.m
	TauBPAPSlow float64 // slow bAP decay, the after-depolarisation [ms]; 25, BPAP.m
	BPAPDelay   float64 // delay from somatic spike to bAP arrival at the spine [ms]; 2, BPAP.m and CaDP.m (BPAP_delay)

	// synlab additions (not in Shouval 2002).
	CaO    float64 // [Ca²⁺]o [µM]; 2 mM. ASSUMPTION of synlab: Ca influx ∝ CaO/CaORef (the paper has no [Ca²⁺]o)
	CaORef float64 // [Ca²⁺]o at which the published influx holds [µM]; 2 mM, a typical slice bath (docs/sources.md §3.3). ASSUMPTION of synlab
	GScale float64 // fraction of NMDARs available (not pharmacologically blocked) [1]; 1; APV sets 0. synlab addition
}

// ShouvalDefault returns the parameters of Shouval et al. 2002 Figs 2, 3A,
// 3C and 5A/C: EPSP peak s = 1 mV, bAP with after-depolarisation (folmez
// CaDP.m 'VST' and 'PPSwPVC', EPSP.m parameter set 1, BPAP.m 'BPAP + ADP').
func ShouvalDefault() Shouval {
	return Shouval{
		P0:      0.5,
		GNMDA:   -1.0 / 500,
		IFast:   0.5,
		TauFast: 50 * units.Millisecond,
		TauSlow: 200 * units.Millisecond,
		VCa:     130 * units.Millivolt,
		Mg:      1 * units.Millimolar,
		MgHalf:  3.57 * units.Millimolar,
		MgSlope: 0.062,

		TauCa: 50 * units.Millisecond,

		OmegaBase: 0.25,
		OmegaLTP:  1.0,
		OmegaLTD:  0.25,
		Alpha1:    0.35 * units.Micromolar,
		Alpha2:    0.55 * units.Micromolar,
		Beta1:     80,
		Beta2:     80,

		P1: 0.1 * units.Second,
		P2: 1e-5,
		P3: 3,
		P4: 1 * units.Second,

		Lambda: 1,

		VRest:       -65 * units.Millivolt,
		SEPSP:       1 * units.Millivolt,
		TauEPSP1:    50 * units.Millisecond,
		TauEPSP2:    5 * units.Millisecond,
		BPAPAmp:     100 * units.Millivolt,
		BPAPFast:    0.75,
		TauBPAPFast: 3 * units.Millisecond,
		TauBPAPSlow: 25 * units.Millisecond,
		BPAPDelay:   2 * units.Millisecond,

		CaO:    2 * units.Millimolar,
		CaORef: 2 * units.Millimolar,
		GScale: 1,
	}
}

// ShouvalRate returns the parameters of the rate protocol, Shouval et al.
// 2002 Figs 3B and 5B: as ShouvalDefault but with EPSP peak s = 10 mV
// (folmez EPSP.m parameter set 2, CaDP.m 'VtRoPS').
func ShouvalRate() Shouval {
	p := ShouvalDefault()
	p.SEPSP = 10 * units.Millivolt
	return p
}

// ShouvalSets returns the names accepted by ShouvalSet:
//
//	default  Figs 2B, 3A, 3C, 5A/C (s = 1 mV)            ShouvalDefault
//	rate     Figs 3B, 5B (s = 10 mV)                     ShouvalRate
//	fig4a    Fig. 4A broad bAP: τ = 15 ms and 50 ms      BPAP.m header comment
//	narrow   Fig. 2A narrow bAP, fast component only     BPAP.m 'Narrow BPAP'
func ShouvalSets() []string { return []string{"default", "rate", "fig4a", "narrow"} }

// ShouvalSet returns the named parameter set (see ShouvalSets).
func ShouvalSet(name string) (Shouval, error) {
	switch name {
	case "default":
		return ShouvalDefault(), nil
	case "rate":
		return ShouvalRate(), nil
	case "fig4a":
		// BPAP.m header: "In Fig. 4A we used tau_f = 15 ms and tau_s = 50 ms".
		p := ShouvalDefault()
		p.TauBPAPFast = 15 * units.Millisecond
		p.TauBPAPSlow = 50 * units.Millisecond
		return p, nil
	case "narrow":
		// BPAP.m 'Narrow BPAP': I_f = 1, tau_f = 3 ms, no slow component.
		p := ShouvalDefault()
		p.BPAPFast = 1
		return p, nil
	}
	return Shouval{}, fmt.Errorf("rule: unknown Shouval parameter set %q (have %s)",
		name, strings.Join(ShouvalSets(), ", "))
}

// Fields lists every parameter for overrides by name and for manifests.
// Quantities whose unit has no units.Dim (µM/(ms·mV), 1/µM, µM^P3) are
// marked Dimensionless and give their internal unit in Doc.
func (p *Shouval) Fields() []units.Field {
	return []units.Field{
		{Name: "p0", Dim: units.Dimensionless, Value: &p.P0, Doc: "P0, fraction of closed NMDARs opened per presynaptic spike; 0.5 (folmez NMDAr_calcium_current.m)", Min: 0, Max: 1},
		{Name: "g_nmda", Dim: units.Dimensionless, Value: &p.GNMDA, Doc: "G_NMDA [µM/(ms·mV)], negative by convention; -1/500 (folmez NMDAr_calcium_current.m)", Min: -1, Max: 0},
		{Name: "i_fast", Dim: units.Dimensionless, Value: &p.IFast, Doc: "I_f, fast NMDAR weight (slow = 1 - I_f); 0.5 (folmez NMDAr_calcium_current.m)", Min: 0, Max: 1},
		{Name: "tau_fast", Dim: units.Time, Value: &p.TauFast, Doc: "tau_f, fast NMDAR decay; 50 ms (folmez NMDAr_calcium_current.m)", Min: 0.1, Max: 10000},
		{Name: "tau_slow", Dim: units.Time, Value: &p.TauSlow, Doc: "tau_s, slow NMDAR decay; 200 ms (folmez NMDAr_calcium_current.m)", Min: 0.1, Max: 10000},
		{Name: "v_ca", Dim: units.Voltage, Value: &p.VCa, Doc: "V_r, Ca reversal potential; 130 mV (folmez NMDAr_calcium_current.m)", Min: 0, Max: 300},
		{Name: "mg", Dim: units.Concentration, Value: &p.Mg, Doc: "[Mg2+]o; 1 mM (folmez NMDAr_calcium_current.m)", Min: 0, Max: 100000},
		{Name: "mg_half", Dim: units.Concentration, Value: &p.MgHalf, Doc: "Mg block constant; 3.57 mM (Jahr & Stevens 1990)", Min: 1, Max: 1000000.0},
		{Name: "mg_slope", Dim: units.Dimensionless, Value: &p.MgSlope, Doc: "Mg block slope [1/mV]; 0.062 (Jahr & Stevens 1990)", Min: 0, Max: 1},
		{Name: "tau_ca", Dim: units.Time, Value: &p.TauCa, Doc: "tau_Ca, Ca removal; 50 ms (folmez update_Ca.m)", Min: 0.1, Max: 10000},
		{Name: "omega_base", Dim: units.Dimensionless, Value: &p.OmegaBase, Doc: "Omega at rest; 0.25 (folmez Omega_calcium.m)", Min: 0, Max: 10},
		{Name: "omega_ltp", Dim: units.Dimensionless, Value: &p.OmegaLTP, Doc: "height of the LTP sigmoid; 1 (folmez Omega_calcium.m)", Min: 0, Max: 10},
		{Name: "omega_ltd", Dim: units.Dimensionless, Value: &p.OmegaLTD, Doc: "depth of the LTD sigmoid; 0.25 (folmez Omega_calcium.m)", Min: 0, Max: 10},
		{Name: "alpha1", Dim: units.Concentration, Value: &p.Alpha1, Doc: "alpha1, LTD threshold; 0.35 uM (folmez Omega_calcium.m)", Min: 0, Max: 100},
		{Name: "alpha2", Dim: units.Concentration, Value: &p.Alpha2, Doc: "alpha2, LTP threshold; 0.55 uM (folmez Omega_calcium.m)", Min: 0, Max: 100},
		{Name: "beta1", Dim: units.Dimensionless, Value: &p.Beta1, Doc: "beta1, LTD steepness [1/uM]; 80 (folmez Omega_calcium.m)", Min: 0, Max: 10000},
		{Name: "beta2", Dim: units.Dimensionless, Value: &p.Beta2, Doc: "beta2, LTP steepness [1/uM]; 80 (folmez Omega_calcium.m)", Min: 0, Max: 10000},
		{Name: "p1", Dim: units.Dimensionless, Value: &p.P1, Doc: "P1 [ms·uM^P3]; 100 (0.1 s, folmez eta_calcium.m)", Min: 0, Max: 100000000.0},
		{Name: "p2", Dim: units.Dimensionless, Value: &p.P2, Doc: "P2 [uM^P3]; 1e-5 = P1·1e-4 in s (folmez eta_calcium.m; paper typo)", Min: 0, Max: 10000},
		{Name: "p3", Dim: units.Dimensionless, Value: &p.P3, Doc: "P3, Hill exponent; 3 (folmez eta_calcium.m)", Min: 0, Max: 10},
		{Name: "p4", Dim: units.Time, Value: &p.P4, Doc: "P4, fastest tau_w; 1 s (folmez eta_calcium.m)", Min: 0.001, Max: 100000000.0},
		{Name: "lambda", Dim: units.Dimensionless, Value: &p.Lambda, Doc: "lambda, weight decay factor; 1 (folmez update_w.m)", Min: 0, Max: 100},
		{Name: "v_rest", Dim: units.Voltage, Value: &p.VRest, Doc: "resting potential; -65 mV (folmez CaDP.m)", Min: -120, Max: 0},
		{Name: "s_epsp", Dim: units.Voltage, Value: &p.SEPSP, Doc: "EPSP peak s; 1 mV (Figs 2, 3A/C) or 10 mV (Fig 3B) (folmez EPSP.m)", Min: 0, Max: 200},
		{Name: "tau_epsp1", Dim: units.Time, Value: &p.TauEPSP1, Doc: "EPSP decay; 50 ms (folmez EPSP.m)", Min: 0.1, Max: 10000},
		{Name: "tau_epsp2", Dim: units.Time, Value: &p.TauEPSP2, Doc: "EPSP rise; 5 ms (folmez EPSP.m)", Min: 0.1, Max: 10000},
		{Name: "bpap_amp", Dim: units.Voltage, Value: &p.BPAPAmp, Doc: "bAP amplitude; 100 mV (folmez BPAP.m)", Min: 0, Max: 200},
		{Name: "bpap_fast", Dim: units.Dimensionless, Value: &p.BPAPFast, Doc: "fast bAP weight; 0.75 (folmez BPAP.m)", Min: 0, Max: 1},
		{Name: "tau_bpap_fast", Dim: units.Time, Value: &p.TauBPAPFast, Doc: "fast bAP decay; 3 ms (folmez BPAP.m)", Min: 0.1, Max: 1000},
		{Name: "tau_bpap_slow", Dim: units.Time, Value: &p.TauBPAPSlow, Doc: "slow bAP (ADP) decay; 25 ms (folmez BPAP.m)", Min: 0.1, Max: 10000},
		{Name: "bpap_delay", Dim: units.Time, Value: &p.BPAPDelay, Doc: "soma-to-spine bAP delay; 2 ms (folmez BPAP.m, CaDP.m)", Min: 0, Max: 100},
		{Name: "ca_o", Dim: units.Concentration, Value: &p.CaO, Doc: "[Ca2+]o; 2 mM; synlab assumption: influx ∝ ca_o/ca_o_ref"},
		{Name: "ca_o_ref", Dim: units.Concentration, Value: &p.CaORef, Doc: "[Ca2+]o of the published influx; 2 mM; synlab assumption", Min: 1, Max: 100000},
		{Name: "g_scale", Dim: units.Dimensionless, Value: &p.GScale, Doc: "fraction of NMDARs not blocked (APV: 0); 1; synlab addition", Min: 0, Max: 1},
	}
}

// Validate reports the first parameter outside its allowed range, naming
// package, field, value and unit.
func (p Shouval) Validate() error {
	type check struct {
		name, unit string
		v          float64
		ok         bool
		want       string
	}
	checks := [...]check{
		{"P0", "", p.P0, p.P0 >= 0 && p.P0 <= 1, "must be in [0, 1]"},
		{"GNMDA", "µM/(ms·mV)", p.GNMDA, p.GNMDA <= 0, "must be ≤ 0 (folmez sign: influx = GNMDA·(V − VCa) > 0 for V < VCa)"},
		{"IFast", "", p.IFast, p.IFast >= 0 && p.IFast <= 1, "must be in [0, 1]"},
		{"TauFast", "ms", p.TauFast, p.TauFast > 0, "must be > 0"},
		{"TauSlow", "ms", p.TauSlow, p.TauSlow > 0, "must be > 0"},
		{"VCa", "mV", p.VCa, true, ""},
		{"Mg", "µM", p.Mg, p.Mg >= 0, "must be ≥ 0"},
		{"MgHalf", "µM", p.MgHalf, p.MgHalf > 0, "must be > 0"},
		{"MgSlope", "1/mV", p.MgSlope, p.MgSlope >= 0, "must be ≥ 0"},
		{"TauCa", "ms", p.TauCa, p.TauCa > 0, "must be > 0"},
		{"OmegaBase", "", p.OmegaBase, true, ""},
		{"OmegaLTP", "", p.OmegaLTP, true, ""},
		{"OmegaLTD", "", p.OmegaLTD, true, ""},
		{"Alpha1", "µM", p.Alpha1, p.Alpha1 >= 0, "must be ≥ 0"},
		{"Alpha2", "µM", p.Alpha2, p.Alpha2 >= p.Alpha1, "must be ≥ Alpha1"},
		{"Beta1", "1/µM", p.Beta1, p.Beta1 > 0, "must be > 0"},
		{"Beta2", "1/µM", p.Beta2, p.Beta2 > 0, "must be > 0"},
		{"P1", "ms·µM^P3", p.P1, p.P1 >= 0, "must be ≥ 0"},
		{"P2", "µM^P3", p.P2, p.P2 > 0, "must be > 0 (τ_w at Ca = 0 is P1/P2 + P4)"},
		{"P3", "", p.P3, p.P3 > 0, "must be > 0"},
		{"P4", "ms", p.P4, p.P4 >= 0 && p.P1/p.P2+p.P4 > 0, "must be ≥ 0 with P1/P2 + P4 > 0"},
		{"Lambda", "", p.Lambda, p.Lambda > 0, "must be > 0"},
		{"VRest", "mV", p.VRest, true, ""},
		{"SEPSP", "mV", p.SEPSP, p.SEPSP >= 0, "must be ≥ 0"},
		{"TauEPSP1", "ms", p.TauEPSP1, p.TauEPSP1 > p.TauEPSP2, "must be > TauEPSP2"},
		{"TauEPSP2", "ms", p.TauEPSP2, p.TauEPSP2 > 0, "must be > 0"},
		{"BPAPAmp", "mV", p.BPAPAmp, p.BPAPAmp >= 0, "must be ≥ 0"},
		{"BPAPFast", "", p.BPAPFast, p.BPAPFast >= 0 && p.BPAPFast <= 1, "must be in [0, 1]"},
		{"TauBPAPFast", "ms", p.TauBPAPFast, p.TauBPAPFast > 0, "must be > 0"},
		{"TauBPAPSlow", "ms", p.TauBPAPSlow, p.TauBPAPSlow > 0, "must be > 0"},
		{"BPAPDelay", "ms", p.BPAPDelay, p.BPAPDelay >= 0, "must be ≥ 0"},
		{"CaO", "µM", p.CaO, p.CaO >= 0, "must be ≥ 0"},
		{"CaORef", "µM", p.CaORef, p.CaORef > 0, "must be > 0"},
		{"GScale", "", p.GScale, p.GScale >= 0 && p.GScale <= 1, "must be in [0, 1]"},
	}
	for _, c := range checks {
		unit := ""
		if c.unit != "" {
			unit = " " + c.unit
		}
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			return fmt.Errorf("rule: Shouval %s = %g%s: must be finite", c.name, c.v, unit)
		}
		if !c.ok {
			return fmt.Errorf("rule: Shouval %s = %g%s: %s", c.name, c.v, unit, c.want)
		}
	}
	return nil
}

// Block is the fraction of NMDARs not blocked by Mg²⁺ at membrane potential
// v [mV] (Jahr & Stevens 1990, J Neurosci 10:3178; folmez
// NMDAr_calcium_current.m):
//
//	H(v) = 1 / (1 + e^{−MgSlope·v} · Mg/MgHalf)
func (p Shouval) Block(v float64) float64 {
	return 1 / (1 + math.Exp(-p.MgSlope*v)*p.Mg/p.MgHalf)
}

// shSigmoid is sig(x, β) = e^{βx}/(1 + e^{βx}) written as 1/(1 + e^{−βx}),
// which cannot overflow to Inf/Inf.
func shSigmoid(x, beta float64) float64 { return 1 / (1 + math.Exp(-beta*x)) }

// Omega is the calcium-dependent target of the weight (folmez Omega_calcium.m):
//
//	Ω(Ca) = OmegaBase + OmegaLTP·sig(Ca − Alpha2, Beta2) − OmegaLTD·sig(Ca − Alpha1, Beta1)
//
// With the published values Ω is 0.25 at rest, ≈ 0 between α1 and α2 (LTD)
// and ≈ 1 above α2 (LTP). ca is relative to rest [µM].
func (p Shouval) Omega(ca float64) float64 {
	return p.OmegaBase + p.OmegaLTP*shSigmoid(ca-p.Alpha2, p.Beta2) - p.OmegaLTD*shSigmoid(ca-p.Alpha1, p.Beta1)
}

// Eta is the calcium-dependent learning rate [1/ms] (folmez eta_calcium.m,
// converted from 1/s):
//
//	η(Ca) = 1/τ_w(Ca),  τ_w = P1/(P2 + Ca^P3) + P4
//
// With the published values τ_w = 10001 s ≈ 2.8 h at Ca = 0 and → 1 s at high
// Ca. Ca is relative to rest and never negative in the model; a negative
// argument (round-off) is treated as 0.
func (p Shouval) Eta(ca float64) float64 {
	ca = max(ca, 0)
	var c3 float64
	if p.P3 == 3 {
		c3 = ca * ca * ca // the published exponent; exact and faster than Pow
	} else {
		c3 = math.Pow(ca, p.P3)
	}
	return 1 / (p.P1/(p.P2+c3) + p.P4)
}

// EPSPNorm is the peak of e^{−t/TauEPSP1} − e^{−t/TauEPSP2}, reached at
// t* = τ1τ2/(τ1−τ2)·ln(τ1/τ2); the EPSP kernel is divided by it so a lone EPSP
// peaks at SEPSP. For 50 ms and 5 ms it is 0.69679…, folmez CaDP.m's
// EPSP_norm = 0.6968 ("See Shouval 2002 supplementary").
func (p Shouval) EPSPNorm() float64 {
	t1, t2 := p.TauEPSP1, p.TauEPSP2
	tp := t1 * t2 / (t1 - t2) * math.Log(t1/t2)
	return math.Exp(-tp/t1) - math.Exp(-tp/t2)
}
