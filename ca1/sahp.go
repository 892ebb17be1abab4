package ca1

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// SAHP is the slow after-hyperpolarisation of the soma: the Ca²⁺-activated
// K⁺ current I_sAHP that each action potential of a CA1 pyramidal cell
// leaves behind for seconds, which sums over spikes and limits further
// firing to a sustained depolarising input (spike-frequency adaptation;
// Madison & Nicoll 1984 J Physiol 354:319 [M]; Lancaster & Adams 1986 J
// Neurophysiol 55:1268 [M]: not voltage dependent, blocked by
// noradrenaline through β receptors; Wu, Chan & Disterhoft 2004 J
// Neurophysiol 92:2346 [V-abs, figure legend]: the AHP grows with each
// suprathreshold synaptic stimulus). It is written as one gate q opened by
// the spike's overshoot (this lumped cell carries no somatic Ca²⁺ pool) and
// closing with the current's decay:
//
//	dq/dt = KOn·σ((V_s − VHalf)/K)·(1 − q) − q/Tau,   σ(x) = 1/(1 + e^{−x})
//	I_sAHP = G·q·(V_s − E_K)                          [pA, outward > 0]
//
// The rise of the real current (hundreds of ms, the Ca²⁺ signal reaching
// the channels) is not modelled: q jumps with the spike. G = 0 is off.
type SAHP struct {
	G     float64 // maximal conductance [nS]
	VHalf float64 // half-activation of the opening [mV]; −20 [A]: reached only by the spike's overshoot (as ADP)
	K     float64 // slope of the opening [mV]; 3 [A]
	KOn   float64 // opening rate at full activation [1/ms]; 0.1 [A]: a spike opens ≈ 0.035 of the gate (0.136 after four, TestSAHPGate); G sets the size
	Tau   float64 // decay time constant [ms]; 1500, Lancaster & Adams 1986 [M] (τ ≈ 1–2 s)
}

// Validate checks the parameters.
func (a SAHP) Validate() error {
	if !(a.G >= 0) || math.IsInf(a.G, 0) {
		return fmt.Errorf("ca1: SAHP.G = %g nS: must be >= 0 and finite", a.G)
	}
	if !(a.K > 0) || !(a.KOn > 0) || !(a.Tau > 0) || math.IsInf(a.K+a.KOn+a.Tau, 0) {
		return fmt.Errorf("ca1: SAHP.K = %g mV, KOn = %g /ms, Tau = %g ms: must be > 0 and finite", a.K, a.KOn, a.Tau)
	}
	if math.IsNaN(a.VHalf) || math.IsInf(a.VHalf, 0) {
		return fmt.Errorf("ca1: SAHP.VHalf = %g mV: must be finite", a.VHalf)
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (a *SAHP) Fields() []units.Field {
	return []units.Field{
		{Name: "sahp_g", Dim: units.Conductance, Value: &a.G, Doc: "somatic slow AHP (Ca-activated K+) conductance; 0 = off (4-8 nS: 1.2-2.2 mV below rest 0.5 s after four spikes, TestSAHPGate; docs/ca1-decoder.md §26)"},
		{Name: "sahp_kon", Dim: units.Frequency, Value: &a.KOn, Doc: "sAHP gate opening rate during the spike; 0.1 /ms (assumption)"},
		{Name: "sahp_tau", Dim: units.Time, Value: &a.Tau, Doc: "sAHP decay time constant; 1500 ms (Lancaster & Adams 1986)"},
	}
}

func (a SAHP) sig(v float64) float64 { return 1 / (1 + math.Exp(-(v-a.VHalf)/a.K)) }

// rate is dq/dt at gate q and soma potential v; with G = 0 the gate is
// held at 0 (a decoupled row, so that an unused gate does not enter the
// step control).
func (a SAHP) rate(q, v float64) float64 {
	if a.G == 0 {
		return 0
	}
	return a.KOn*a.sig(v)*(1-q) - q/a.Tau
}

// steady is the gate at rest at v.
func (a SAHP) steady(v float64) float64 {
	if a.G == 0 {
		return 0
	}
	on := a.KOn * a.sig(v)
	return on / (on + 1/a.Tau)
}

// current is I_sAHP [pA], outward positive, with K⁺ reversal ek [mV].
func (a SAHP) current(q, v, ek float64) float64 { return a.G * q * (v - ek) }

// sahpJacobian adds the sAHP's entries: the soma row's ∂/∂V_s and ∂/∂q, and
// the gate row.
func (c *cable) sahpJacobian(vs, q float64) {
	a := c.p.SAHP
	c.jSq = 0
	if !c.clamped {
		c.jSS -= a.G * q / c.cS
		c.jSq = -a.G * (vs - c.p.HH.EK) / c.cS
	}
	if a.G == 0 {
		c.jqq, c.jqS = -1, 0 // q ≡ 0: a decoupled, decaying row
		return
	}
	sg := a.sig(vs)
	c.jqq = -a.KOn*sg - 1/a.Tau
	c.jqS = a.KOn * sg * (1 - sg) / a.K * (1 - q)
}

// DefaultSAHP returns the slow AHP, off (G = 0).
func DefaultSAHP() SAHP {
	return SAHP{G: 0, VHalf: -20, K: 3, KOn: 0.1, Tau: 1500}
}
