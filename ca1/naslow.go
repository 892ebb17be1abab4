package ca1

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// NaSlow is the slow, cumulative inactivation of the soma's Na⁺
// conductance (gNa·m³h·s), in the form of Migliore, Hoffman, Magee &
// Johnston 1999 J Comput Neurosci 7:5 (na3.mod, ModelDB 2796 [V-code]):
//
//	s∞(V) = c + A2·(1 − c),  c = 1/(1 + e^{(V − VVH)/VVS})
//	τs(V) = max(β/(A0·(1 + α)), SMin),
//	α = e^{ζ(V − VHalf)F/RT},  β = e^{ζ·gms(V − VHalf)F/RT}
//
// Each spike leaves some channels inactivated, and they recover over
// seconds at rest (τs ≈ 1.9 s at −65 mV), so back-propagating spikes
// attenuate in trains and recover between isolated ones (Jung, Mickus &
// Spruston 1997 J Neurosci 17:6639 [V-abs]; Colbert et al. 1997 [M]). In
// this lumped cell the soma's spike is the bAP the spines see, so its
// attenuation is theirs. A2 = 1 is no slow inactivation (s ≡ 1), 0 the
// most.
type NaSlow struct {
	A2    float64 // s∞ at depolarised potentials [1]; 0.7, fitted here (B4: docs/ca1-decoder.md §17); 1 = off
	VHalf float64 // [mV]; −60, na3.mod vhalfs
	A0    float64 // [1/ms]; 0.0003, na3.mod a0s
	Zeta  float64 // [1]; 12, na3.mod zetas
	Gms   float64 // [1]; 0.2, na3.mod gms
	SMin  float64 // shortest τs [ms]; 10, na3.mod smax
	VVH   float64 // [mV]; −58, na3.mod vvh
	VVS   float64 // [mV]; 2, na3.mod vvs
}

// DefaultNaSlow returns na3.mod's constants with A2 = 0.7.
func DefaultNaSlow() NaSlow {
	return NaSlow{A2: 0.7, VHalf: -60, A0: 0.0003, Zeta: 12, Gms: 0.2, SMin: 10, VVH: -58, VVS: 2}
}

// Validate checks the parameters.
func (n NaSlow) Validate() error {
	if !(n.A2 >= 0 && n.A2 <= 1) {
		return fmt.Errorf("ca1: NaSlow.A2 = %g: must be in [0, 1] (1 = no slow inactivation)", n.A2)
	}
	if !(n.A0 > 0) || !(n.SMin > 0) || n.VVS == 0 || math.IsInf(n.A0+n.SMin+n.VVS+n.Zeta+n.Gms, 0) {
		return fmt.Errorf("ca1: NaSlow = %+v: A0, SMin must be > 0, VVS non-zero, all finite", n)
	}
	return nil
}

// Fields lists the parameters.
func (n *NaSlow) Fields() []units.Field {
	return []units.Field{
		{Name: "na_slow_a2", Dim: units.Dimensionless, Value: &n.A2, Doc: "steady slow-inactivation availability of the soma Na+ conductance at depolarised potentials (Migliore et al. 1999 na3.mod ar2); 0.7, fitted here (B4); 1 = off"},
	}
}

// inf is s∞ at v.
func (n NaSlow) inf(v float64) float64 {
	if n.A2 == 1 {
		return 1
	}
	c := 1 / (1 + math.Exp((v-n.VVH)/n.VVS))
	return c + n.A2*(1-c)
}

// tau is τs at v and temperature celsius [ms].
func (n NaSlow) tau(v, celsius float64) float64 {
	f := 1e-3 * n.Zeta * (v - n.VHalf) * spine.Faraday / (spine.RGas * (273.16 + celsius))
	t := math.Exp(n.Gms*f) / (n.A0 * (1 + math.Exp(f)))
	return max(t, n.SMin)
}

// rate is ds/dt.
func (n NaSlow) rate(s, v, celsius float64) float64 {
	if n.A2 == 1 {
		return 0
	}
	return (n.inf(v) - s) / n.tau(v, celsius)
}

// naSlowJacobian sets the soma row's ∂/∂s and the gate row's entries
// (the rate's ∂/∂V by central differences).
func (c *cable) naSlowJacobian(vs, hm, hh, s float64) {
	p := c.p
	n := p.NaSlow
	c.jSsl = 0
	if !c.clamped {
		c.jSsl = -10 * c.aS * p.HH.GNa * hm * hm * hm * hh * (vs - p.HH.ENa) / c.cS
	}
	if n.A2 == 1 {
		c.jss, c.jsS = -1, 0 // s ≡ 1: a decoupled, decaying row
		return
	}
	vg := vs - c.dvs // screened (screen.go)
	c.jss = -1 / n.tau(vg, p.Celsius)
	const dv = 1e-4
	c.jsS = (n.rate(s, vg+dv, p.Celsius) - n.rate(s, vg-dv, p.Celsius)) / (2 * dv)
}
