package spine

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// NMDA is the NMDA-receptor conductance of the spine head with its Mg²⁺
// block and Ca²⁺ current:
//
//	g = G·s,  s = B − A (DualExp, 0.29 ms / 70 ms)
//	Block(v) = 1 / (1 + e^{−Slope·v}·[Mg]/Scale)
//	I_NMDA = g·Block(v)·(v − E)
//	P_f = 0.6·4[Ca]o/(4[Ca]o + 120 mM/1.38)
//	I_Ca,NMDA = P_f·g·Block(v)·(v − 40 mV)
//
// Kinetics, G, E and P_f are BlueBrain GluSynapse's [V-code:
// BlueBrain/EModelRunner tests/glusyn_sample_dir/mechanisms/GluSynapse.mod];
// P_f after Schneggenburger et al. (1993) Neuron 11:133 and the Ca-only
// reversal of 40 mV after Jahr & Stevens (1993) PNAS 90:11573. I_Ca,NMDA is
// part of I_NMDA and only feeds the Ca²⁺ pool.
//
// The default block is Jahr & Stevens (1990) J Neurosci 10:3178 (0.062 /mV,
// 3.57 mM; ModelDB 150239 exp2synNMDA.mod [V-code]); VargasCaballero sets the
// Vargas-Caballero & Robinson (2003) J Neurophysiol 89:2778 fit used by
// GluSynapse (0.072 /mV, 2.552 mM).
type NMDA struct {
	DualExp
	E     float64 // reversal potential [mV]; −3, GluSynapse E_NMDA
	G     float64 // peak conductance per full release [nS]; 0.55, GluSynapse gmax_NMDA
	Mg    float64 // [Mg²⁺]o [µM]; 1 mM, GluSynapse mgo_NMDA
	Slope float64 // block slope [1/mV]; 0.062, Jahr & Stevens 1990
	Scale float64 // block scale [µM]; 3.57 mM, Jahr & Stevens 1990
	ECa   float64 // reversal of the Ca²⁺-carried part [mV]; 40, GluSynapse after Jahr & Stevens 1993
	Tonic float64 // open fraction held by a bath agonist (NMDA), relative to the peak of a full release [1]; 0 (set by the drug tier)
}

// Open is the open fraction for gating states a, b: the synaptic B − A
// plus the tonic part of a bath agonist.
func (p NMDA) Open(a, b float64) float64 { return b - a + p.Tonic }

// Mg²⁺-block constants.
const (
	jsSlope  = 0.062                    // 1/mV, Jahr & Stevens 1990
	jsScale  = 3.57 * units.Millimolar  // Jahr & Stevens 1990
	vcrSlope = 0.072                    // 1/mV, Vargas-Caballero & Robinson 2003 (GluSynapse slope_NMDA)
	vcrScale = 2.552 * units.Millimolar // Vargas-Caballero & Robinson 2003 (GluSynapse scale_NMDA)

	// P_f = pfMax·4[Ca]o/(4[Ca]o + pfHalf/pfRatio), GluSynapse after
	// Schneggenburger et al. 1993.
	pfMax   = 0.6
	pfHalf  = 120 * units.Millimolar
	pfRatio = 1.38
)

// DefaultNMDA returns the GluSynapse NMDA receptor with the Jahr–Stevens block.
func DefaultNMDA() NMDA {
	return NMDA{DualExp: DualExp{TauRise: 0.29, TauDecay: 70}, E: -3, G: 0.55,
		Mg: 1 * units.Millimolar, Slope: jsSlope, Scale: jsScale, ECa: 40}
}

// VargasCaballero returns p with the Vargas-Caballero & Robinson (2003) block.
func (p NMDA) VargasCaballero() NMDA { p.Slope, p.Scale = vcrSlope, vcrScale; return p }

// Validate checks the parameters.
func (p NMDA) Validate() error {
	if err := p.DualExp.validate("NMDA"); err != nil {
		return err
	}
	if !(p.G >= 0) || math.IsInf(p.G, 0) {
		return fmt.Errorf("spine: NMDA.G = %g nS: must be >= 0 and finite", p.G)
	}
	if !(p.Mg >= 0) || math.IsInf(p.Mg, 0) {
		return fmt.Errorf("spine: NMDA.Mg = %g µM: must be >= 0 and finite", p.Mg)
	}
	if !(p.Scale > 0) || math.IsInf(p.Scale, 0) {
		return fmt.Errorf("spine: NMDA.Scale = %g µM: must be > 0 and finite", p.Scale)
	}
	for _, c := range []struct {
		n string
		v float64
	}{{"E", p.E}, {"Slope", p.Slope}, {"ECa", p.ECa}} {
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			return fmt.Errorf("spine: NMDA.%s = %g: must be finite", c.n, c.v)
		}
	}
	if !(p.Tonic >= 0) || math.IsInf(p.Tonic, 0) {
		return fmt.Errorf("spine: NMDA.Tonic = %g: must be >= 0 and finite", p.Tonic)
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (p *NMDA) Fields() []units.Field {
	return []units.Field{
		{Name: "nmda_tau_rise", Dim: units.Time, Value: &p.TauRise, Doc: "NMDA rise; 0.29 ms, GluSynapse tau_r_NMDA", Min: 0.01, Max: 100},
		{Name: "nmda_tau_decay", Dim: units.Time, Value: &p.TauDecay, Doc: "NMDA decay; 70 ms, GluSynapse tau_d_NMDA", Min: 1, Max: 10000},
		{Name: "nmda_e", Dim: units.Voltage, Value: &p.E, Doc: "NMDA reversal; -3 mV, GluSynapse E_NMDA", Min: -100, Max: 100},
		{Name: "nmda_g", Dim: units.Conductance, Value: &p.G, Doc: "NMDA peak conductance; 0.55 nS, GluSynapse gmax_NMDA", Min: 0, Max: 100},
		{Name: "mg_o", Dim: units.Concentration, Value: &p.Mg, Doc: "[Mg2+]o; 1 mM, GluSynapse mgo_NMDA"},
		{Name: "mg_slope", Dim: units.Dimensionless, Value: &p.Slope, Doc: "Mg block slope [1/mV]; 0.062, Jahr & Stevens 1990", Min: 0, Max: 1},
		{Name: "mg_scale", Dim: units.Concentration, Value: &p.Scale, Doc: "Mg block scale; 3.57 mM, Jahr & Stevens 1990", Min: 1, Max: 1000000.0},
		{Name: "nmda_eca", Dim: units.Voltage, Value: &p.ECa, Doc: "Ca-only reversal of the NMDA Ca current; 40 mV, GluSynapse", Min: -100, Max: 300},
		{Name: "nmda_tonic", Dim: units.Dimensionless, Value: &p.Tonic, Doc: "NMDA open fraction held by a bath agonist, relative to a full release's peak; 0 (set by the NMDA drug)", Min: 0, Max: 1},
	}
}

// Block is the unblocked fraction at membrane potential v [mV].
func (p NMDA) Block(v float64) float64 {
	return 1 / (1 + math.Exp(-p.Slope*v)*p.Mg/p.Scale)
}

// PF is the fractional Ca²⁺ current at extracellular [Ca²⁺] cao [µM].
func PF(cao float64) float64 { return pfMax * 4 * cao / (4*cao + pfHalf/pfRatio) }

// Current is the NMDA current [pA], positive outward, for states a, b at v.
func (p NMDA) Current(a, b, v float64) float64 { return p.G * p.Open(a, b) * p.Block(v) * (v - p.E) }

// CaCurrent is the Ca²⁺-carried NMDA current [pA] (negative = influx).
func (p NMDA) CaCurrent(a, b, v, cao float64) float64 {
	return PF(cao) * p.G * p.Open(a, b) * p.Block(v) * (v - p.ECa)
}

// Currents returns Current and CaCurrent for states a, b at v, given the
// block bl = Block(v) and the fractional Ca²⁺ current pf = PF([Ca]o): the
// block's exponential is the costliest term of the model's right-hand
// side, evaluated once for both. Each is the same product, in the same
// order, as its own method.
func (p NMDA) Currents(a, b, v, bl, pf float64) (i, ica float64) {
	s := p.Open(a, b)
	return p.G * s * bl * (v - p.E), pf * p.G * s * bl * (v - p.ECa)
}
