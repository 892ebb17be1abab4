package ca1

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// FFInh is the feedforward GABA_A inhibition that a Schaffer-collateral
// stimulus recruits through CA1 interneurons (Alger & Nicoll 1982 [M];
// Pouille & Scanziani 2001 Science 293:1159 [M]: perisomatic, a few ms
// behind the excitation). Each stimulus opens a somatic conductance with
// a double-exponential time course whose first peak is G; the IPSC depresses
// in trains (GABA_B autoreceptors on the interneurons' terminals, Davies,
// Davies & Collingridge 1990 J Physiol 424:513 [M]), written as a resource
// D used by U per stimulus and recovering with TauRec:
//
//	before stimulus k:  D ← 1 − (1 − D)·e^{−Δt/TauRec};  peak_k = G·D;  then D ← D·(1 − U)
//	g_I = B − A,  dA/dt = −A/TauRise, dB/dt = −B/TauDecay, both += peak_k/norm at the stimulus
//	I_I = g_I·(V_s − E)                                [pA, outward > 0]
//
// The disynaptic delay is not modelled (the rise stands for it). The test
// pulse the strength is read from is computed without it (the probe). G = 0
// is off.
type FFInh struct {
	G        float64 // first-stimulus peak conductance [nS]; 0 = off
	E        float64 // reversal [mV]; −75 [M] (somatic GABA_A)
	TauRise  float64 // [ms]; 1 [A]
	TauDecay float64 // [ms]; 15 [M] (feedforward IPSCs in CA1 decay in 10–20 ms)
	U        float64 // resource used per stimulus [1]; 0.5 [A]
	TauRec   float64 // recovery [ms]; 1000 [A] (paired-pulse depression of IPSCs lasts ≈ 1 s, Davies et al. 1990 [M])
}

// DefaultFFInh returns the inhibition, off (G = 0).
func DefaultFFInh() FFInh {
	return FFInh{G: 0, E: -75, TauRise: 1, TauDecay: 15, U: 0.5, TauRec: 1000}
}

// Validate checks the parameters.
func (f FFInh) Validate() error {
	if !(f.G >= 0) || math.IsInf(f.G, 0) || math.IsNaN(f.E) || math.IsInf(f.E, 0) {
		return fmt.Errorf("ca1: FFInh.G = %g nS, E = %g mV: G must be >= 0, both finite", f.G, f.E)
	}
	if !(f.TauRise > 0) || !(f.TauDecay > f.TauRise) || !(f.TauRec > 0) || !(f.U > 0 && f.U <= 1) || math.IsInf(f.TauDecay+f.TauRec, 0) {
		return fmt.Errorf("ca1: FFInh.TauRise = %g, TauDecay = %g, TauRec = %g ms, U = %g: want 0 < TauRise < TauDecay, TauRec > 0, U in (0, 1]", f.TauRise, f.TauDecay, f.TauRec, f.U)
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (f *FFInh) Fields() []units.Field {
	return []units.Field{
		{Name: "ffi_g", Dim: units.Conductance, Value: &f.G, Doc: "feedforward GABA_A inhibition: first-stimulus peak somatic conductance; 0 = off"},
		{Name: "ffi_u", Dim: units.Dimensionless, Value: &f.U, Doc: "feedforward IPSC depression: resource used per stimulus; 0.5 (assumption)"},
		{Name: "ffi_taurec", Dim: units.Time, Value: &f.TauRec, Doc: "feedforward IPSC recovery from depression; 1000 ms (assumption, Davies et al. 1990)"},
		{Name: "ffi_taudecay", Dim: units.Time, Value: &f.TauDecay, Doc: "feedforward IPSC decay; 15 ms"},
	}
}

// norm is the peak of e^{−t/TauDecay} − e^{−t/TauRise}.
func (f FFInh) norm() float64 {
	tp := f.TauRise * f.TauDecay / (f.TauDecay - f.TauRise) * math.Log(f.TauDecay/f.TauRise)
	return math.Exp(-tp/f.TauDecay) - math.Exp(-tp/f.TauRise)
}

// ffStimulus opens the feedforward conductance at a stimulus now.
func (pop *Population) ffStimulus() {
	f := pop.p.FFInh
	if f.G == 0 {
		return
	}
	if math.IsInf(pop.ffLast, -1) {
		pop.ffD = 1
	} else {
		pop.ffD = 1 - (1-pop.ffD)*math.Exp(-(pop.t-pop.ffLast)/f.TauRec)
	}
	a := f.G * pop.ffD / f.norm()
	pop.y[gIA] += a
	pop.y[gIB] += a
	pop.ffD *= 1 - f.U
	pop.ffLast = pop.t
}

// ffJacobian adds the inhibition's entries: the soma row's ∂/∂V_s, ∂/∂A
// and ∂/∂B (the gate rows are −1/τ, decoupled).
func (c *cable) ffJacobian(vs, ga, gb float64) {
	f := c.p.FFInh
	c.jSIA, c.jSIB = 0, 0
	if !c.clamped {
		c.jSS -= (gb - ga) / c.cS
		c.jSIA = (vs - f.E) / c.cS
		c.jSIB = -c.jSIA
	}
}
