package spine

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// Geometry is the four-compartment layout of docs/spine-model.md §1: a spine
// head (cylinder with L = diam, volume HeadVolume), a neck, a lumped parent
// dendrite and a soma, each a single NEURON section (nseg = 1) with lateral
// area π·d·L. Topology: neck(0) on dend(0.5), head(0) on neck(1), dend(0) on
// soma(0.5). The axial conductances are those NEURON computes between the
// centre nodes from half-section resistances R = 0.01·Ra·(L/2)/(π d²/4) MΩ.
//
// Cm, Rm and Ra keep NEURON's per-area units (µF/cm², Ω·cm², Ω·cm).
type Geometry struct {
	HeadVolume float64 // spine head volume [fL]; 0.087, GluSynapse volume_CR [V-code]
	NeckLength float64 // [µm]; 1, Harris & Stevens 1989 (0.1–2 µm) [M]
	NeckDiam   float64 // [µm]; 0.1, Harris & Stevens 1989 (0.04–0.5 µm) [M]
	DendLength float64 // [µm]; 300 [A] lumped apical dendrite
	DendDiam   float64 // [µm]; 3, proximal apical trunk [M]
	SomaLength float64 // [µm]; 20, CA1 soma [M]
	SomaDiam   float64 // [µm]; 20, CA1 soma [M]
	Cm         float64 // specific capacitance [µF/cm²]; 1, NEURON default / Hodgkin & Huxley 1952
	Rm         float64 // passive specific resistance [Ω·cm²]; 20000, Golding et al. 2005 [M]
	Ra         float64 // axial resistivity [Ω·cm]; 100, Stuart & Spruston 1998 [M]
	EPas       float64 // passive reversal [mV]; −65 [A] = hh rest
}

// DefaultGeometry returns the values above.
func DefaultGeometry() Geometry {
	return Geometry{HeadVolume: 0.087, NeckLength: 1, NeckDiam: 0.1, DendLength: 300, DendDiam: 3,
		SomaLength: 20, SomaDiam: 20, Cm: 1, Rm: 20000, Ra: 100, EPas: -65}
}

// Validate checks the parameters.
func (g Geometry) Validate() error {
	for _, c := range []struct {
		n, u string
		v    float64
	}{{"HeadVolume", "fL", g.HeadVolume}, {"NeckLength", "µm", g.NeckLength}, {"NeckDiam", "µm", g.NeckDiam},
		{"DendLength", "µm", g.DendLength}, {"DendDiam", "µm", g.DendDiam}, {"SomaLength", "µm", g.SomaLength},
		{"SomaDiam", "µm", g.SomaDiam}, {"Cm", "µF/cm²", g.Cm}, {"Rm", "Ω·cm²", g.Rm}, {"Ra", "Ω·cm", g.Ra}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("spine: Geometry.%s = %g %s: must be > 0 and finite", c.n, c.v, c.u)
		}
	}
	if math.IsNaN(g.EPas) || math.IsInf(g.EPas, 0) {
		return fmt.Errorf("spine: Geometry.EPas = %g mV: must be finite", g.EPas)
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (g *Geometry) Fields() []units.Field {
	return []units.Field{
		{Name: "head_volume", Dim: units.Volume, Value: &g.HeadVolume, Doc: "spine head volume; 0.087 fL, GluSynapse volume_CR", Min: 0.0001, Max: 100},
		{Name: "neck_length", Dim: units.Length, Value: &g.NeckLength, Doc: "spine neck length; 1 µm, Harris & Stevens 1989 [M]", Min: 0.01, Max: 100},
		{Name: "neck_diam", Dim: units.Length, Value: &g.NeckDiam, Doc: "spine neck diameter; 0.1 µm, Harris & Stevens 1989 [M]", Min: 0.005, Max: 10},
		{Name: "dend_length", Dim: units.Length, Value: &g.DendLength, Doc: "lumped dendrite length; 300 µm [A]", Min: 1, Max: 10000},
		{Name: "dend_diam", Dim: units.Length, Value: &g.DendDiam, Doc: "lumped dendrite diameter; 3 µm [M]", Min: 0.1, Max: 100},
		{Name: "soma_length", Dim: units.Length, Value: &g.SomaLength, Doc: "soma length; 20 µm [M]", Min: 1, Max: 1000},
		{Name: "soma_diam", Dim: units.Length, Value: &g.SomaDiam, Doc: "soma diameter; 20 µm [M]", Min: 1, Max: 1000},
		{Name: "cm", Dim: units.Dimensionless, Value: &g.Cm, Doc: "specific capacitance [µF/cm2]; 1, NEURON default", Min: 0.1, Max: 10},
		{Name: "rm", Dim: units.Dimensionless, Value: &g.Rm, Doc: "passive membrane resistance [ohm cm2]; 20000, Golding et al. 2005 [M]", Min: 100, Max: 10000000.0},
		{Name: "ra", Dim: units.Dimensionless, Value: &g.Ra, Doc: "axial resistivity [ohm cm]; 100, Stuart & Spruston 1998 [M]", Min: 1, Max: 10000},
		{Name: "e_pas", Dim: units.Voltage, Value: &g.EPas, Doc: "passive reversal; -65 mV (= hh rest)", Min: -120, Max: 50},
	}
}

// HeadDiam is the diameter (= length) of the head cylinder [µm].
func (g Geometry) HeadDiam() float64 { return math.Cbrt(4 * g.HeadVolume / math.Pi) }

// Areas returns the lateral membrane areas [µm²] of head, neck, dendrite and soma.
func (g Geometry) Areas() (head, neck, dend, soma float64) {
	d := g.HeadDiam()
	return math.Pi * d * d, math.Pi * g.NeckDiam * g.NeckLength,
		math.Pi * g.DendDiam * g.DendLength, math.Pi * g.SomaDiam * g.SomaLength
}

// Capacitance is the capacitance [pF] of membrane area a [µm²]: 0.01·Cm·a.
func (g Geometry) Capacitance(a float64) float64 { return 0.01 * g.Cm * a }

// GPas is the passive conductance [nS] of membrane area a [µm²]: 10·a/Rm.
func (g Geometry) GPas(a float64) float64 { return 10 * a / g.Rm }

// halfR is the resistance [MΩ] of half a cylinder of length l and diameter d [µm].
func (g Geometry) halfR(l, d float64) float64 { return 0.01 * g.Ra * (l / 2) / (math.Pi * d * d / 4) }

// Axial returns the axial conductances [nS] head↔neck, neck↔dend, dend↔soma.
func (g Geometry) Axial() (hn, nd, ds float64) {
	dh := g.HeadDiam()
	rn := g.halfR(g.NeckLength, g.NeckDiam)
	return 1000 / (g.halfR(dh, dh) + rn), 1000 / rn, 1000 / g.halfR(g.DendLength, g.DendDiam)
}

// HH is NEURON's built-in hh mechanism (src/nrnoc/hh.mod) with its default
// parameters, after Hodgkin & Huxley (1952) J Physiol 117:500:
//
//	α_m = 0.1·vtrap(−(V+40), 10)    β_m = 4·e^{−(V+65)/18}
//	α_h = 0.07·e^{−(V+65)/20}       β_h = 1/(e^{−(V+35)/10} + 1)
//	α_n = 0.01·vtrap(−(V+55), 10)   β_n = 0.125·e^{−(V+65)/80}
//	dx/dt = q10·(α_x(1 − x) − β_x·x),  q10 = 3^{(celsius − 6.3)/10}
//	i = gnabar·m³h(V − ena) + gkbar·n⁴(V − ek) + gl(V − el)   [per cm²]
//
// with vtrap(x, y) = y(1 − x/y/2) if |x/y| < 1e-6, else x/(e^{x/y} − 1).
// ena = 50 and ek = −77 mV are NEURON's default reversal potentials.
// Conductances in S/cm² (NEURON's units).
type HH struct {
	GNa float64 // gnabar [S/cm²]; 0.12, hh.mod
	GK  float64 // gkbar [S/cm²]; 0.036, hh.mod
	GL  float64 // gl [S/cm²]; 0.0003, hh.mod
	ENa float64 // ena [mV]; 50, NEURON default
	EK  float64 // ek [mV]; −77, NEURON default
	EL  float64 // el [mV]; −54.3, hh.mod
}

// DefaultHH returns hh.mod's defaults.
func DefaultHH() HH { return HH{GNa: 0.12, GK: 0.036, GL: 0.0003, ENa: 50, EK: -77, EL: -54.3} }

// Validate checks the parameters.
func (p HH) Validate() error {
	for _, c := range []struct {
		n string
		v float64
	}{{"GNa", p.GNa}, {"GK", p.GK}, {"GL", p.GL}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("spine: HH.%s = %g S/cm²: must be >= 0 and finite", c.n, c.v)
		}
	}
	for _, c := range []struct {
		n string
		v float64
	}{{"ENa", p.ENa}, {"EK", p.EK}, {"EL", p.EL}} {
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) {
			return fmt.Errorf("spine: HH.%s = %g mV: must be finite", c.n, c.v)
		}
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (p *HH) Fields() []units.Field {
	return []units.Field{
		{Name: "hh_gnabar", Dim: units.Dimensionless, Value: &p.GNa, Doc: "soma Na conductance [S/cm2]; 0.12, NEURON hh.mod", Min: 0, Max: 10},
		{Name: "hh_gkbar", Dim: units.Dimensionless, Value: &p.GK, Doc: "soma K conductance [S/cm2]; 0.036, NEURON hh.mod", Min: 0, Max: 10},
		{Name: "hh_gl", Dim: units.Dimensionless, Value: &p.GL, Doc: "soma leak conductance [S/cm2]; 0.0003, NEURON hh.mod", Min: 0, Max: 1},
		{Name: "hh_ena", Dim: units.Voltage, Value: &p.ENa, Doc: "Na reversal; 50 mV, NEURON default", Min: -50, Max: 150},
		{Name: "hh_ek", Dim: units.Voltage, Value: &p.EK, Doc: "K reversal; -77 mV, NEURON default", Min: -150, Max: 0},
		{Name: "hh_el", Dim: units.Voltage, Value: &p.EL, Doc: "leak reversal; -54.3 mV, NEURON hh.mod", Min: -150, Max: 50},
	}
}

// vtrap is hh.mod's x/(e^{x/y} − 1) with its removable singularity.
func vtrap(x, y float64) float64 {
	if math.Abs(x/y) < 1e-6 {
		return y * (1 - x/y/2)
	}
	return x / (math.Exp(x/y) - 1)
}

// Q10 is hh.mod's temperature factor 3^{(celsius − 6.3)/10}.
func Q10(celsius float64) float64 { return math.Pow(3, (celsius-6.3)/10) }

// Rates returns the hh opening and closing rates [1/ms] at v (q10 = 1).
func (HH) Rates(v float64) (am, bm, ah, bh, an, bn float64) {
	am = 0.1 * vtrap(-(v+40), 10)
	bm = 4 * math.Exp(-(v+65)/18)
	ah = 0.07 * math.Exp(-(v+65)/20)
	bh = 1 / (math.Exp(-(v+35)/10) + 1)
	an = 0.01 * vtrap(-(v+55), 10)
	bn = 0.125 * math.Exp(-(v+65)/80)
	return
}

// rates is Rates with three exponentials instead of six, for the model's
// right-hand side, where they are the costliest terms: with
// e35 = e^{−(v+35)/10} and e65 = e^{−(v+65)/80}, e^{−(v+40)/10} = e35·e^{−1/2},
// e^{−(v+55)/10} = e35·e^{−2} and e^{−(v+65)/20} = e65⁴. The products
// round differently from the exponentials of Rates, by a few ulps
// (TestHHRatesShared).
func (HH) rates(v float64) (am, bm, ah, bh, an, bn float64) {
	e35, e65 := math.Exp(-(v+35)/10), math.Exp(-(v+65)/80)
	e65sq := e65 * e65
	am = 0.1 * vtrapE(-(v+40), 10, e35*expMinusHalf)
	bm = 4 * math.Exp(-(v+65)/18)
	ah = 0.07 * (e65sq * e65sq)
	bh = 1 / (e35 + 1)
	an = 0.01 * vtrapE(-(v+55), 10, e35*expMinusTwo)
	bn = 0.125 * e65
	return
}

// e^{−1/2} and e^{−2}, to float64 precision.
const (
	expMinusHalf = 0.6065306597126334
	expMinusTwo  = 0.1353352832366127
)

// vtrapE is vtrap(x, y) given e = e^{x/y}.
func vtrapE(x, y, e float64) float64 {
	if math.Abs(x/y) < 1e-6 {
		return y * (1 - x/y/2)
	}
	return x / (e - 1)
}

// rateSlopes returns the derivatives ∂α/∂v, ∂β/∂v [1/(ms·mV)] of the rates
// at v, from the rates am … bn that Rates returns there, without another
// exponential: each exponential rate is its own slope times the inverse
// of its voltage scale, β_h' = β_h(1 − β_h)/10, and the vtrap rates follow
// from vtrapSlope.
func (HH) rateSlopes(v, am, bm, ah, bh, an, bn float64) (dam, dbm, dah, dbh, dan, dbn float64) {
	dam = -0.1 * vtrapSlope(-(v+40), 10, am/0.1)
	dbm = -bm / 18
	dah = -ah / 20
	dbh = bh * (1 - bh) / 10
	dan = -0.01 * vtrapSlope(-(v+55), 10, an/0.01)
	dbn = -bn / 80
	return
}

// vtrapSlope is ∂vtrap(x, y)/∂x from the value vt = vtrap(x, y): with
// e^{x/y} = 1 + x/vt, the derivative of x/(e^{x/y} − 1) is
// (vt/x)·(1 − vt/y) − vt/y; on vtrap's series branch, the slope −1/2 of
// y(1 − x/y/2).
func vtrapSlope(x, y, vt float64) float64 {
	if math.Abs(x/y) < 1e-6 {
		return -0.5
	}
	return vt/x*(1-vt/y) - vt/y
}

// Steady returns the steady-state gates at v (what finitialize sets).
func (p HH) Steady(v float64) (m, h, n float64) {
	am, bm, ah, bh, an, bn := p.Rates(v)
	return am / (am + bm), ah / (ah + bh), an / (an + bn)
}

// Current is the hh current [pA] through area a [µm²] at v, positive outward.
func (p HH) Current(v, m, h, n, a float64) float64 {
	n2 := n * n
	return 10 * a * (p.GNa*m*m*m*h*(v-p.ENa) + p.GK*n2*n2*(v-p.EK) + p.GL*(v-p.EL))
}

// Stim is the somatic stimulation: a current pulse per postsynaptic spike
// (NEURON IClamp) and a constant current clamp.
type Stim struct {
	Amp float64 // spike-pulse amplitude [pA]; 2 nA [A] brief suprathreshold pulse
	Dur float64 // spike-pulse duration [ms]; 2 [A]
	ICC float64 // constant current-clamp current [pA]; 0
}

// DefaultStim returns 2 nA × 2 ms pulses and no holding current.
func DefaultStim() Stim { return Stim{Amp: 2 * units.Nanoampere, Dur: 2} }

// Validate checks the parameters.
func (s Stim) Validate() error {
	if math.IsNaN(s.Amp) || math.IsInf(s.Amp, 0) {
		return fmt.Errorf("spine: Stim.Amp = %g pA: must be finite", s.Amp)
	}
	if !(s.Dur > 0) || math.IsInf(s.Dur, 0) {
		return fmt.Errorf("spine: Stim.Dur = %g ms: must be > 0 and finite", s.Dur)
	}
	if math.IsNaN(s.ICC) || math.IsInf(s.ICC, 0) {
		return fmt.Errorf("spine: Stim.ICC = %g pA: must be finite", s.ICC)
	}
	return nil
}

// Fields lists the parameters.
func (s *Stim) Fields() []units.Field {
	return []units.Field{
		{Name: "spike_amp", Dim: units.Current, Value: &s.Amp, Doc: "somatic spike pulse amplitude; 2 nA (assumption)", Min: -100000, Max: 100000},
		{Name: "spike_dur", Dim: units.Time, Value: &s.Dur, Doc: "somatic spike pulse duration; 2 ms (assumption)", Min: 0.01, Max: 1000},
		{Name: "i_cc", Dim: units.Current, Value: &s.ICC, Doc: "somatic current clamp; 0 pA", Min: -10000, Max: 10000},
	}
}
