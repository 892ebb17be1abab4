package rule

import (
	"math"
	"slices"
)

// GBPeriodic is the closed-form (diffusion-approximation) outcome of a
// periodic pairing protocol; see GB.Pairing.
type GBPeriodic struct {
	AlphaD    float64 // αd, fraction of time with c > θd [1]
	AlphaP    float64 // αp, fraction of time with c > θp [1]
	GammaPEff float64 // Γp = γp·αp [1]
	GammaDEff float64 // Γd = γd·αd [1]
	RhoBar    float64 // ρ̄ = Γp/(Γp+Γd) [1]; NaN if Γp+Γd = 0
	TauEff    float64 // τ_eff = τ/(Γp+Γd) [ms]; +Inf if Γp+Γd = 0
	SigmaRho2 float64 // σ_ρ² = σ²(αp+αd)/(Γp+Γd) [1]; NaN if Γp+Γd = 0
	U         float64 // P(DOWN→UP) at the end of the protocol [1]
	Dn        float64 // P(UP→DOWN) at the end of the protocol [1]
	S         float64 // change in synaptic strength (after/before) [1], GB.Strength(U, Dn)
}

// Pairing is the closed-form outcome of `pairs` repetitions at frequency
// rate [1/ms] of a motif made of one presynaptic spike at 0 (calcium jump at
// D) and postSpikes postsynaptic spikes at dt + j/postRate, j = 0 …
// postSpikes−1 (dt = t_post − t_pre [ms]; postRate [1/ms] is ignored when
// postSpikes ≤ 1; postSpikes = 0 means presynaptic spikes only).
//
// αd and αp are exact for the periodic steady state of the calcium trace:
// with period P = 1/rate, a jump A_k at phase t_k contributes
// A_k·e^(−((t − t_k) mod P)/τCa)/(1 − e^(−P/τCa)); between consecutive jumps c
// decays monotonically from its value c_i⁺ just after jump i, so the time
// above θ in that interval of length L is min(L, τCa·ln(c_i⁺/θ)) when c_i⁺ > θ.
// Then, with T = pairs/rate (GB2012; reference implementation
// synapticChange.py, changeInSynapticStrength and transitionProbability):
//
//	Γp = γp αp,  Γd = γd αd,  ρ̄ = Γp/(Γp+Γd),  τ_eff = τ/(Γp+Γd),
//	σ_ρ² = σ²(αp+αd)/(Γp+Γd),
//	U  = ½[1 + erf(−(ρ* − ρ̄ + ρ̄ e^(−T/τ_eff)) / √(σ_ρ²(1 − e^(−2T/τ_eff))))],
//	Dn = ½[1 − erf(−(ρ* − ρ̄ + (ρ̄−1) e^(−T/τ_eff)) / √(σ_ρ²(1 − e^(−2T/τ_eff))))],
//	S  = Strength(U, Dn).
//
// The approximation replaces the cubic drift and the time-varying threshold
// terms by their averages over a period; the calcium of the first pairs (not
// yet periodic) is not corrected for. If calcium never exceeds a threshold,
// U = Dn = 0 and S = 1.
func (p GB) Pairing(dt float64, pairs int, rate float64, postSpikes int, postRate float64) GBPeriodic {
	var r GBPeriodic
	r.AlphaD, r.AlphaP = p.timeAbove(dt, rate, postSpikes, postRate)
	r.GammaPEff = p.GammaP * r.AlphaP
	r.GammaDEff = p.GammaD * r.AlphaD
	g := r.GammaPEff + r.GammaDEff
	if !(g > 0) {
		r.RhoBar, r.SigmaRho2, r.TauEff = math.NaN(), math.NaN(), math.Inf(1)
		r.S = p.Strength(0, 0)
		return r
	}
	r.RhoBar = r.GammaPEff / g
	r.TauEff = p.Tau / g
	r.SigmaRho2 = p.Sigma * p.Sigma * (r.AlphaP + r.AlphaD) / g
	T := float64(pairs) / rate
	e := math.Exp(-T / r.TauEff)
	den := math.Sqrt(r.SigmaRho2 * -math.Expm1(-2*T/r.TauEff))
	x0 := -(p.RhoStar - r.RhoBar + r.RhoBar*e) / den
	x1 := -(p.RhoStar - r.RhoBar + (r.RhoBar-1)*e) / den
	r.U = 0.5 * (1 + math.Erf(x0))
	r.Dn = 0.5 * (1 - math.Erf(x1))
	r.S = p.Strength(r.U, r.Dn)
	return r
}

// timeAbove returns αd, αp for the periodic steady-state calcium trace of
// the pairing motif (see Pairing).
func (p GB) timeAbove(dt, rate float64, postSpikes int, postRate float64) (alphaD, alphaP float64) {
	P := 1 / rate
	type jump struct{ t, a float64 }
	js := make([]jump, 0, 1+max(postSpikes, 0))
	js = append(js, jump{mod(p.D, P), p.CPre})
	for j := range max(postSpikes, 0) {
		t := dt
		if j > 0 {
			t += float64(j) / postRate
		}
		js = append(js, jump{mod(t, P), p.CPost})
	}
	slices.SortFunc(js, func(a, b jump) int {
		switch {
		case a.t < b.t:
			return -1
		case a.t > b.t:
			return 1
		}
		return 0
	})
	// Merge simultaneous jumps.
	m := js[:1]
	for _, j := range js[1:] {
		if j.t == m[len(m)-1].t {
			m[len(m)-1].a += j.a
		} else {
			m = append(m, j)
		}
	}
	den := -math.Expm1(-P / p.TauCa) // 1 − e^(−P/τCa)
	var tD, tP float64
	for i, ji := range m {
		// c just after jump i in the periodic steady state.
		var c float64
		for _, jk := range m {
			lag := mod(ji.t-jk.t, P)
			c += jk.a * math.Exp(-lag/p.TauCa)
		}
		c /= den
		L := P - ji.t + m[0].t // interval to the next jump (wrapping)
		if i+1 < len(m) {
			L = m[i+1].t - ji.t
		}
		tD += min(L, p.crossing(c, p.ThetaD))
		tP += min(L, p.crossing(c, p.ThetaP))
	}
	return tD / P, tP / P
}

// mod returns x modulo P in [0, P).
func mod(x, P float64) float64 {
	r := math.Mod(x, P)
	if r < 0 {
		r += P
	}
	if r >= P {
		r = 0
	}
	return r
}
