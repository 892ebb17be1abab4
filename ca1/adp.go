package ca1

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// ADP is the spike after-current of the soma that makes the
// depolarising after-potential of CA1 pyramidal cells: an action
// potential opens channels that stay open for tens of ms after it and carry
// an inward current at the resting potential. In CA1 the ADP follows every
// somatic spike and drives bursting; it is carried by a Ni²⁺-sensitive,
// R-type Ca²⁺ tail current (Metz, Jarsky, Martina & Spruston 2005 J
// Neurosci 25:5763 [V-abs]: "available at the resting potential, activated
// by the action potential, and remain open long enough to drive the ADP")
// and by persistent Na⁺ channels near the soma (Yue, Remy, Su, Beck & Yaari
// 2005 J Neurosci 25:9704 [V-abs]: "sustained Na⁺ spike after-currents").
// It is written as one gate s:
//
//	ds/dt = KOn·σ((V_s − VHalf)/K)·(1 − s) − s/Tau,   σ(x) = 1/(1 + e^{−x})
//	I_ADP = G·s·(V_s − E)                              [pA, outward > 0]
//
// σ is ≈ 0 below −40 mV and ≈ 1 at the spike's overshoot, so the gate opens
// during the action potential only (not during subthreshold EPSPs) and
// closes with Tau after it. The NEURON hh soma of this reduced cell
// (6.3 °C, squid) has no such current: after its spike it undershoots to
// −74 mV for ≈ 20 ms (an AHP where CA1 cells have an ADP), which lowered the
// NMDA receptors' unblock after every bAP. G = 0 switches the mechanism off.
type ADP struct {
	G     float64 // maximal conductance [nS]; 0 (off) in ca1.Default: see DefaultADP
	E     float64 // reversal [mV]; 50, NEURON's ena (Na⁺/Ca²⁺-carried inward current)
	VHalf float64 // half-activation of the opening [mV]; −20 [A]: reached only by the spike's overshoot
	K     float64 // slope of the opening [mV]; 3 [A]
	KOn   float64 // opening rate at full activation [1/ms]; 2 [A]: the gate opens in the ≈ 1 ms of the spike
	Tau   float64 // closing time constant [ms]; 25, the slow component of the bAP of Shouval, Bear & Cooper 2002 PNAS 99:10831 (0.25·100 mV·e^{−t/25 ms}) [V-code: folmez/CaDP-MatLab BPAP.m]
}

// DefaultADP returns the after-current with G = 0 (off): switched on, it
// did not give this cell a CA1 after-potential but bursts (docs/ca1-decoder.md
// §6: with G = 3 nS the after-potential peaks ≈ 6 mV above rest only
// ≈ 15 ms after the spike, behind the hh undershoot, and an EPSP 10 ms
// after a spike fires a second spike), so the population keeps the spine
// tier's soma. The other values are those used in that test.
func DefaultADP() ADP {
	return ADP{G: 0, E: 50, VHalf: -20, K: 3, KOn: 2, Tau: 25}
}

// Validate checks the parameters.
func (a ADP) Validate() error {
	if !(a.G >= 0) || math.IsInf(a.G, 0) {
		return fmt.Errorf("ca1: ADP.G = %g nS: must be >= 0 and finite", a.G)
	}
	if !(a.K > 0) || !(a.KOn > 0) || !(a.Tau > 0) || math.IsInf(a.K+a.KOn+a.Tau, 0) {
		return fmt.Errorf("ca1: ADP.K = %g mV, KOn = %g /ms, Tau = %g ms: must be > 0 and finite", a.K, a.KOn, a.Tau)
	}
	if math.IsNaN(a.E+a.VHalf) || math.IsInf(a.E+a.VHalf, 0) {
		return fmt.Errorf("ca1: ADP.E = %g, VHalf = %g mV: must be finite", a.E, a.VHalf)
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (a *ADP) Fields() []units.Field {
	return []units.Field{
		{Name: "adp_g", Dim: units.Conductance, Value: &a.G, Doc: "somatic spike after-current (ADP) conductance (Metz et al. 2005, Yue et al. 2005); 0 = off (default: with this hh soma it makes bursts, docs/ca1-decoder.md)"},
		{Name: "adp_e", Dim: units.Voltage, Value: &a.E, Doc: "ADP current reversal; 50 mV (ena)"},
		{Name: "adp_vhalf", Dim: units.Voltage, Value: &a.VHalf, Doc: "ADP gate half-activation; -20 mV (assumption: the spike's overshoot only)"},
		{Name: "adp_k", Dim: units.Voltage, Value: &a.K, Doc: "ADP gate slope; 3 mV (assumption)"},
		{Name: "adp_kon", Dim: units.Frequency, Value: &a.KOn, Doc: "ADP gate opening rate; 2 /ms (assumption)"},
		{Name: "adp_tau", Dim: units.Time, Value: &a.Tau, Doc: "ADP gate closing time constant; 25 ms, Shouval et al. 2002 slow bAP component"},
	}
}

func (a ADP) sig(v float64) float64 { return 1 / (1 + math.Exp(-(v-a.VHalf)/a.K)) }

// rate is ds/dt at gate s and soma potential v.
func (a ADP) rate(s, v float64) float64 { return a.KOn*a.sig(v)*(1-s) - s/a.Tau }

// steady is the gate at rest at v.
func (a ADP) steady(v float64) float64 {
	on := a.KOn * a.sig(v)
	return on / (on + 1/a.Tau)
}

// current is I_ADP [pA], outward positive.
func (a ADP) current(s, v float64) float64 { return a.G * s * (v - a.E) }

// adpJacobian adds the ADP's entries: the soma row's ∂/∂V_s and ∂/∂s, and
// the gate row.
func (c *cable) adpJacobian(vs, s float64) {
	a := c.p.ADP
	c.jSa = 0
	if !c.clamped {
		c.jSS -= a.G * s / c.cS
		c.jSa = -a.G * (vs - a.E) / c.cS
	}
	sg := a.sig(vs)
	c.jaa = -a.KOn*sg - 1/a.Tau
	c.jaS = a.KOn * sg * (1 - sg) / a.K * (1 - s)
}
