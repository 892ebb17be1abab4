package rule

import (
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/units"
)

// GB holds the parameters of the Graupner–Brunel (2012) calcium-based
// plasticity rule.
//
// Calcium (dimensionless, resting level 0, linear sum of transients):
//
//	dc/dt = −c/τCa + Cpre Σ_i δ(t − t_i − D) + Cpost Σ_j δ(t − t_j)
//
// with presynaptic spikes t_i (the NMDAR transient arrives after the delay D)
// and postsynaptic spikes t_j. Synaptic efficacy ρ, bistable with stable
// states 0 (DOWN) and 1 (UP) and the unstable state ρ*:
//
//	τ dρ/dt = −ρ(1−ρ)(ρ*−ρ) + γp(1−ρ)Θ[c−θp] − γd ρ Θ[c−θd]
//	          + σ √τ √(Θ[c−θp] + Θ[c−θd]) η(t)
//
// Θ is the strict Heaviside step (Θ[x] = 1 only for x > 0) and η is unit
// Gaussian white noise. The noise term is the corrected form (PNAS 2013
// correction, doi:10.1073/pnas.1220044110), as in the Brian2 example
// examples/frompapers/Graupner_Brunel_2012.py and Arbor's
// calcium_based_synapse.mod.
//
// Graupner M, Brunel N (2012) Calcium-based plasticity model explains
// sensitivity of synaptic changes to spike pattern, rate, and dendritic
// location. PNAS 109:3991–3996, doi:10.1073/pnas.1109359109. Parameter values
// of the published sets: reference implementation
// mgraupe/CalciumBasedPlasticityModel, synapticChange.py (see graupner_sets.go).
//
// Internal units: time in ms (the reference code uses s), frequency in 1/ms.
type GB struct {
	Name    string  // set name, e.g. "DP"
	TauCa   float64 // τCa, calcium decay time constant [ms]; GB2012 Table S1
	CPre    float64 // Cpre, calcium jump per presynaptic spike [1], at [Ca2+]o = CaRef; GB2012 Table S1
	CPost   float64 // Cpost, calcium jump per postsynaptic spike [1], at [Ca2+]o = CaRef; GB2012 Table S1
	ThetaD  float64 // θd, depression threshold [1]; GB2012 (θd = 1 in all published sets)
	ThetaP  float64 // θp, potentiation threshold [1]; GB2012 Table S1
	GammaD  float64 // γd, depression rate [1]; GB2012 Table S1
	GammaP  float64 // γp, potentiation rate [1]; GB2012 Table S1
	Sigma   float64 // σ, noise amplitude [1]; GB2012 Table S1 (0.4·√50 = 2.8284 for DP)
	Tau     float64 // τ, time constant of ρ [ms]; GB2012 Table S1
	RhoStar float64 // ρ*, unstable fixed point of the cubic [1]; GB2012 (0.5)
	D       float64 // D, delay of the presynaptic calcium transient [ms]; GB2012 Table S1
	Beta    float64 // β, fraction of synapses initially DOWN [1]; GB2012 Table S1
	B       float64 // b = w1/w0, UP/DOWN weight ratio [1]; GB2012 Table S1
	CaRef   float64 // [Ca2+]o at which CPre and CPost hold [µM]; assumption per set, see graupner_sets.go
}

// cubicStepFrac bounds every internal step: h ≤ τ·cubicStepFrac. With the
// cubic rate |f'(ρ)| ≤ 1/τ on [0, 1], one RK4 step of the cubic then has a
// local error of order (h/τ)^5/120 ≈ 1e-17, so results do not depend on how
// the caller splits time (tested: halving it changes ρ by < 1e-10 over 60 s).
const cubicStepFrac = 1e-3

// lawsonStep bounds k·h/τ per integrating-factor RK4 step above a threshold
// (k = γpΘp + γdΘd). The linear part is exact; the error comes from the
// cubic g (|g| ≤ 0.1 on [0, 1]) and is of order (kΔx)^4·Δx·|g|/120 ≤ 1e-15
// per step at kΔx = 0.05 and Δx ≤ 1e-4 (tested against 100× finer steps).
const lawsonStep = 0.05

// lawson2Step bounds k·h/τ per step of the second-order integrating-factor
// scheme that carries the drift between noise increments (lawson2). Its
// local error, measured against RK4 for ρ, ρ̄ ∈ [0, 1], k from 1 to 5000
// (TestGBLawson2Error), is ≤ 0.12·Δx·((kΔx)² + Δx²), so with kΔx ≤ 0.02 and
// Δx ≤ 1e-3 the drift errs by at most lawson2Drift per unit of scaled time.
// The DP postsynaptic transient (kΔx ≈ 0.015 per half chunk) still takes
// one step.
const lawson2Step = 0.02

// lawson2Drift bounds the drift error of lawson2 per unit of scaled time
// x = t/τ: 0.12·(lawson2Step² + (1e-3)²) ≈ 4.8e-5, rounded up. Over any
// stretch the noise a synapse receives has a spread σ√(n·x) (≥ 2.8·√x for
// the published sets), so the bias is below 2e-5 of the noise for x ≤ 1.
const lawson2Drift = 5e-5

// noiseChunk bounds k·h/τ of the interval that receives one Gaussian
// increment in stochastic mode, so that the midpoint increment (variance
// σ²n·sinh(kx)/k) stays close to the final one (σ²n(1−e^(−2kx))/(2k)).
const noiseChunk = 0.5

// GBState is the state of one synapse.
type GBState struct {
	C   float64 // calcium c [1]
	Rho float64 // efficacy ρ [1]
}

// Validate checks that the parameters are finite and in range. Errors read
// like `rule: GB.TauCa = -2 ms: must be > 0`.
func (p GB) Validate() error {
	checks := []units.Check{
		units.C("TauCa", "ms", p.TauCa, p.TauCa > 0, "must be > 0"),
		units.C("CPre", "", p.CPre, p.CPre >= 0, "must be >= 0"),
		units.C("CPost", "", p.CPost, p.CPost >= 0, "must be >= 0"),
		units.C("ThetaD", "", p.ThetaD, p.ThetaD > 0, "must be > 0"),
		units.C("ThetaP", "", p.ThetaP, p.ThetaP > 0, "must be > 0"),
		units.C("GammaD", "", p.GammaD, p.GammaD >= 0, "must be >= 0"),
		units.C("GammaP", "", p.GammaP, p.GammaP >= 0, "must be >= 0"),
		units.C("Sigma", "", p.Sigma, p.Sigma >= 0, "must be >= 0"),
		units.C("Tau", "ms", p.Tau, p.Tau > 0, "must be > 0"),
		units.C("RhoStar", "", p.RhoStar, p.RhoStar > 0 && p.RhoStar < 1, "must be in (0, 1)"),
		units.C("D", "ms", p.D, p.D >= 0, "must be >= 0"),
		units.C("Beta", "", p.Beta, p.Beta >= 0 && p.Beta <= 1, "must be in [0, 1]"),
		units.C("B", "", p.B, p.B > 0, "must be > 0"),
		units.C("CaRef", "µM", p.CaRef, p.CaRef > 0, "must be > 0"),
	}
	if err := units.CheckAll("rule: GB", checks[:]); err != nil {
		return err
	}
	return nil
}

// Fields lists every parameter with its file name, dimension and doc, for
// overrides by name ("sigma": "0") and for manifests.
func (p *GB) Fields() []units.Field {
	return []units.Field{
		{Name: "tau_ca", Dim: units.Time, Value: &p.TauCa, Doc: "τCa, calcium decay time constant; GB2012 Table S1"},
		{Name: "c_pre", Dim: units.Dimensionless, Value: &p.CPre, Doc: "Cpre, calcium jump per presynaptic spike at [Ca2+]o = ca_ref; GB2012 Table S1"},
		{Name: "c_post", Dim: units.Dimensionless, Value: &p.CPost, Doc: "Cpost, calcium jump per postsynaptic spike at [Ca2+]o = ca_ref; GB2012 Table S1"},
		{Name: "theta_d", Dim: units.Dimensionless, Value: &p.ThetaD, Doc: "θd, depression threshold; GB2012 Table S1"},
		{Name: "theta_p", Dim: units.Dimensionless, Value: &p.ThetaP, Doc: "θp, potentiation threshold; GB2012 Table S1"},
		{Name: "gamma_d", Dim: units.Dimensionless, Value: &p.GammaD, Doc: "γd, depression rate; GB2012 Table S1"},
		{Name: "gamma_p", Dim: units.Dimensionless, Value: &p.GammaP, Doc: "γp, potentiation rate; GB2012 Table S1"},
		{Name: "sigma", Dim: units.Dimensionless, Value: &p.Sigma, Doc: "σ, noise amplitude (0 = deterministic); GB2012 Table S1"},
		{Name: "tau", Dim: units.Time, Value: &p.Tau, Doc: "τ, time constant of the efficacy ρ; GB2012 Table S1"},
		{Name: "rho_star", Dim: units.Dimensionless, Value: &p.RhoStar, Doc: "ρ*, unstable fixed point between DOWN (0) and UP (1); GB2012"},
		{Name: "D", Dim: units.Time, Value: &p.D, Doc: "D, delay of the presynaptic calcium transient; GB2012 Table S1"},
		{Name: "beta", Dim: units.Dimensionless, Value: &p.Beta, Doc: "β, fraction of synapses initially DOWN; GB2012 Table S1"},
		{Name: "b", Dim: units.Dimensionless, Value: &p.B, Doc: "b = w1/w0, UP/DOWN weight ratio; GB2012 Table S1"},
		{Name: "ca_ref", Dim: units.Concentration, Value: &p.CaRef, Doc: "[Ca2+]o at which c_pre and c_post hold (assumed per set; see rule/graupner_sets.go)"},
	}
}

// Weight is the two-state readout of efficacy ρ: 1 (w0, DOWN) if ρ < ρ*,
// else b (w1/w0, UP). GB2012, "transfer to synaptic weight".
func (p GB) Weight(rho float64) float64 {
	if rho < p.RhoStar {
		return 1
	}
	return p.B
}

// Strength is the population change in synaptic strength (after/before) for
// up-transition probability U = P(DOWN→UP) and down-transition probability
// Dn = P(UP→DOWN), with a fraction β of synapses initially DOWN:
//
//	S = [(1−U)β + Dn(1−β) + b(Uβ + (1−Dn)(1−β))] / [β + (1−β)b]
//
// GB2012; reference implementation synapticChange.py, changeInSynapticStrength.
func (p GB) Strength(U, Dn float64) float64 {
	β, b := p.Beta, p.B
	return ((1-U)*β + Dn*(1-β) + b*(U*β+(1-Dn)*(1-β))) / (β + (1-β)*b)
}

// cubic is the bistable part of the scaled drift, g(ρ) = −ρ(1−ρ)(ρ*−ρ) [1].
func (p *GB) cubic(rho float64) float64 {
	return rho * (1 - rho) * (rho - p.RhoStar)
}

// crossing is the time [ms] for c0 to decay to θ: τCa·ln(c0/θ) if c0 > θ, else 0.
func (p *GB) crossing(c0, theta float64) float64 {
	if c0 > theta {
		return p.TauCa * math.Log(c0/theta)
	}
	return 0
}

// gbSeg holds the threshold terms of a segment with constant Heaviside
// factors: a = γpΘp, k = γpΘp + γdΘd, the noise weight n = Θp + Θd,
// rbar = a/k, where the linear part of the drift heads (0 if k = 0), and
// v = σ²n/k (σ²n if k = 0), so that a noise chunk of scaled length xc has
// the variance v·sinh(k·xc) (v·xc if k = 0).
type gbSeg struct{ a, k, n, rbar, v float64 }

func newSeg(a, k, n, sigma float64) gbSeg {
	g := gbSeg{a: a, k: k, n: n, v: sigma * sigma * n}
	if k > 0 {
		g.rbar = a / k
		g.v /= k
	}
	return g
}

// gbStep is the event-driven step of one parameter set with the constants
// it needs derived once (NEST's Variables_). GB.stepper makes it for a run;
// it is never stored in a GB, so it cannot go stale.
type gbStep struct {
	p        *GB
	hi, lo   float64  // upper and lower threshold
	lnHiLo   float64  // ln(hi/lo), or NaN: then taken where needed
	invTau   float64  // 1/τ [1/ms]
	invTauCa float64  // 1/τCa [1/ms]
	xmax     float64  // largest internal step in scaled time x = t/τ
	both     gbSeg    // calcium above both thresholds
	one      gbSeg    // calcium above the lower threshold only
	mid      gbChunks // noise chunks of a whole stretch of `one` (see evolve); m = 0 if not derived
}

// gbChunks is how a stochastic stretch of a segment is cut (see above): m
// noise chunks, each with two half flows of n steps of scaled length xs,
// e2 = e^(−k·xs/2), and an increment of standard deviation sd.
type gbChunks struct {
	m, n       int
	xs, e2, sd float64
}

// stepper derives the constants of the step for internal steps ≤ hmax
// [ms]. With perRun it also takes ln(θhi/θlo) now rather than on each
// interval that starts above both thresholds (the result is the same).
func (p *GB) stepper(hmax float64, perRun bool) gbStep {
	hi, lo, hiIsP := p.ThetaP, p.ThetaD, true
	if lo > hi {
		hi, lo, hiIsP = lo, hi, false
	}
	st := gbStep{p: p, hi: hi, lo: lo, lnHiLo: math.NaN(),
		invTau: 1 / p.Tau, invTauCa: 1 / p.TauCa, xmax: hmax / p.Tau,
		both: newSeg(p.GammaP, p.GammaP+p.GammaD, 2, p.Sigma)}
	if hiIsP { // only θd is exceeded
		st.one = newSeg(0, p.GammaD, 1, p.Sigma)
	} else { // only θp is exceeded
		st.one = newSeg(p.GammaP, p.GammaP, 1, p.Sigma)
	}
	if perRun {
		st.lnHiLo = math.Log(hi / lo)
		if hi > lo && p.Sigma > 0 {
			st.chunks(&st.mid, p.TauCa*st.lnHiLo*st.invTau, &st.one)
		}
	}
	return st
}

// Evolve advances s by dt [ms] with no calcium jumps inside the interval.
// Calcium jumps are applied by the caller: s.C += p.CPre at a presynaptic
// spike time + D, s.C += p.CPost at a postsynaptic spike time (see Simulate).
// With rng == nil or Sigma == 0 the step is deterministic.
//
// The step is event-driven and exact where it can be. Calcium is
// c(t) = c0·e^(−t/τCa), so the thresholds are crossed at τCa·ln(c0/θ) and the
// interval splits into at most three segments with constant Heaviside
// factors. In a segment with Θp, Θd fixed, ρ obeys
//
//	dρ = [f(ρ) + (a − kρ)/τ] dt + σ √(n/τ) dW,   f(ρ) = −ρ(1−ρ)(ρ*−ρ)/τ,
//	a = γpΘp, k = γpΘp + γdΘd, n = Θp + Θd.
//
// Noise-free, ρ follows the drift, integrated in the scaled time x = t/τ:
// above a threshold by integrating-factor (Lawson) RK4, exact for the linear
// part, with steps k·Δx ≤ 0.05 (error from the cubic only, ≲ 1e-15 per
// step); below, by RK4 with Δx ≤ 1e-3 (error ≈ (Δx)^5/120), or exactly for
// ρ* = ½ (cubicHalf). Results do not depend on how time is split (tested to
// 1e-12). Where n > 0 and σ > 0 the noise is added by Strang splitting of
// drift and diffusion on chunks with k·Δx ≤ 0.5: half the drift flow, a
// Gaussian increment, half the drift flow. The increment's variance
// σ²n·sinh(kΔx)/k is what the linear part of the flow turns into the exact
// Ornstein–Uhlenbeck variance σ²n(1−e^(−2kΔx))/(2k), so with the cubic left
// out each chunk is an exact OU sample; the cubic (rate ≤ 1/τ, i.e. ≤ 1/k
// of the linear rate) adds a weak splitting error of order Δx·|f'|·Var ≈
// 1e-3 relative in the variance. The half flows between increments are
// exact in their linear part and second order in the cubic (lawson2: a
// drift error below lawson2Drift = 5e-5 per unit of scaled time, under
// 2e-5 of the noise's spread over any stretch up to τ).
// Below θd only f acts (no noise); ρ = 0, ρ* and 1 are exact fixed points and
// stay put. ρ is not clipped to [0, 1]: neither the Brian2 example nor the
// reference simulation clips it; noise-free, ρ stays in [0, 1] (tested).
//
// To step many synapses with one parameter set, EvolveAll saves deriving the
// step's constants for each.
func (p GB) Evolve(s *GBState, dt float64, rng *rand.Rand) {
	st := p.stepper(p.Tau*cubicStepFrac, false)
	st.evolve(s, dt, rng)
}

// EvolveAll is Evolve(&s[i], dt, rng) for i = 0, 1, … in this order (so
// with the same random draws and the same result), with the constants of
// the step derived once.
func (p GB) EvolveAll(s []GBState, dt float64, rng *rand.Rand) {
	st := p.stepper(p.Tau*cubicStepFrac, true)
	for i := range s {
		st.evolve(&s[i], dt, rng)
	}
}

// evolve is Evolve with the internal step bound hmax [ms] (for tests).
func (p *GB) evolve(s *GBState, dt float64, rng *rand.Rand, hmax float64) {
	st := p.stepper(hmax, false)
	st.evolve(s, dt, rng)
}

func (st *gbStep) evolve(s *GBState, dt float64, rng *rand.Rand) {
	if !(dt > 0) {
		return
	}
	c0 := s.C
	if c0 > st.lo {
		// Time above the upper and above the lower threshold, with one
		// logarithm: ln(c0/lo) = ln(c0/hi) + ln(hi/lo).
		var tHi, tLo, ln float64
		if c0 > st.hi {
			l := math.Log(c0 / st.hi)
			ln = st.lnHiLo
			if ln != ln { // NaN: not derived for this run
				ln = math.Log(st.hi / st.lo)
			}
			tHi, tLo = st.p.TauCa*l, st.p.TauCa*(l+ln)
		} else {
			tLo = st.p.TauCa * math.Log(c0/st.lo)
		}
		if tLo > dt {
			tLo = dt
			if tHi > dt {
				tHi = dt
			}
		}
		if tHi > 0 {
			st.above(s, tHi*st.invTau, &st.both, rng)
		}
		if tLo > tHi {
			// Calcium that falls from above hi to below lo within dt spends
			// τCa·ln(hi/lo) between them, whatever c0: that stretch, and its
			// noise chunks, are the same every time.
			if whole := tHi > 0 && tLo < dt; !whole {
				st.above(s, (tLo-tHi)*st.invTau, &st.one, rng)
			} else if st.mid.m > 0 && rng != nil {
				s.Rho = st.noisy(s.Rho, &st.mid, &st.one, rng)
			} else {
				st.above(s, st.p.TauCa*ln*st.invTau, &st.one, rng)
			}
		}
		if dt > tLo {
			st.below(s, dt-tLo)
		}
	} else {
		st.below(s, dt)
	}
	s.C = c0 * math.Exp(-dt*st.invTauCa)
}

// below integrates the cubic drift alone over h [ms] (calcium under both thresholds).
func (st *gbStep) below(s *GBState, h float64) {
	r := s.Rho
	if r == 0 || r == 1 || r == st.p.RhoStar {
		return // exact fixed points
	}
	x := h * st.invTau
	if st.p.RhoStar == 0.5 {
		s.Rho = cubicHalf(r, x)
		return
	}
	s.Rho = st.rk4(r, x)
}

// rk4 advances ρ under the cubic drift alone over the scaled time x by
// classical RK4 with steps ≤ xmax.
func (st *gbStep) rk4(rho, x float64) float64 {
	n := 1
	if x > st.xmax {
		n = int(math.Ceil(x / st.xmax))
	}
	xs := x / float64(n)
	p := st.p
	for range n {
		k1 := p.cubic(rho)
		k2 := p.cubic(rho + 0.5*xs*k1)
		k3 := p.cubic(rho + 0.5*xs*k2)
		k4 := p.cubic(rho + xs*k3)
		rho += xs * (1.0 / 6) * (k1 + 2*k2 + 2*k3 + k4)
	}
	return rho
}

// lawsonSteps is the number of integrating-factor steps over the scaled
// time x: Δx ≤ xmax and k·Δx ≤ kdx.
func (st *gbStep) lawsonSteps(x, k, kdx float64) int {
	if x <= st.xmax && k*x <= kdx {
		return 1
	}
	return max(int(math.Ceil(x/st.xmax)), int(math.Ceil(k*x/kdx)), 1)
}

// lawson advances ρ under the drift of segment g (k > 0) by n
// integrating-factor (Lawson) RK4 steps of scaled length xs, given
// e2 = e^(−k·xs/2): for u = ρ − ρ̄, u' = −k u + g(ρ̄+u), the linear part is
// exact and RK4 only handles the slow cubic g. The stages are written for ρ
// itself, so that the chain from one stage to the next is short: the
// linear parts ρ̄ + E·u are ready before the cubic they are added to.
// Working in scaled time keeps divisions out of the loop.
func (st *gbStep) lawson(rho float64, n int, xs, e2, rbar float64) float64 {
	p := st.p
	e1 := e2 * e2 // E(Δx)
	h2 := 0.5 * xs
	c2 := h2 * e2 // weight of k1 in stage 2
	c4 := xs * e2 // weight of k3 in stage 4
	x6 := xs * (1.0 / 6)
	for range n {
		u := rho - rbar
		m2 := rbar + e2*u // ρ̄ + E(Δx/2)·u
		m1 := rbar + e1*u // ρ̄ + E(Δx)·u
		k1 := p.cubic(rho)
		k2 := p.cubic(m2 + c2*k1)
		k3 := p.cubic(m2 + h2*k2)
		k4 := p.cubic(m1 + c4*k3)
		rho = m1 + x6*(e1*k1+2*e2*(k2+k3)+k4)
	}
	return rho
}

// lawson2 is lawson with the second-order (midpoint) integrating-factor
// scheme, two evaluations of the cubic per step instead of four, for the
// half flows between noise increments: exact in the linear part, with a
// local error ≤ 0.12·Δx·((kΔx)² + Δx²) from the cubic (≈ 7e-10 for the
// half chunk of a DP postsynaptic transient, Δx ≈ 3e-5 and kΔx ≈ 0.015),
// i.e. a drift error below lawson2Drift per unit of scaled time with
// kΔx ≤ lawson2Step. The noise-free paths keep RK4.
func (st *gbStep) lawson2(rho float64, n int, xs, e2, rbar float64) float64 {
	p := st.p
	e1 := e2 * e2 // E(Δx)
	c2 := 0.5 * xs * e2
	c4 := xs * e2
	for range n {
		u := rho - rbar
		k1 := p.cubic(rho)
		k2 := p.cubic(rbar + e2*u + c2*k1)
		rho = rbar + e1*u + c4*k2
	}
	return rho
}

// flow advances ρ under the drift of segment g (no noise) over the scaled
// time x: classical RK4 with steps ≤ xmax if k = 0 (then a = 0), else the
// integrating-factor RK4 with steps k·Δx ≤ lawsonStep and Δx ≤ xmax.
func (st *gbStep) flow(rho, x float64, g *gbSeg) float64 {
	if g.k == 0 {
		return st.rk4(rho, x)
	}
	n := st.lawsonSteps(x, g.k, lawsonStep)
	xs := x / float64(n)
	return st.lawson(rho, n, xs, expNear0(-0.5*g.k*xs), g.rbar)
}

// sinhNear0 is sinh(y). For |y| ≤ 1/16 it sums the Taylor series to
// y⁹/9! (the remainder is ≤ |y|¹¹/11! ≤ 1e-19·|y|, a thousandth of an ulp)
// as y + y·(y²·(…)), within one ulp (TestSinhNear0); elsewhere math.Sinh.
// The one-chunk noise increments of the GB step have k·Δx ≤ 0.04.
func sinhNear0(y float64) float64 {
	if !(y >= -1.0/16 && y <= 1.0/16) {
		return math.Sinh(y)
	}
	y2 := y * y
	return y + y*(y2*((1.0/6)+y2*((1.0/120)+y2*((1.0/5040)+y2*(1.0/362880)))))
}

// expNear0 is e^z. For |z| ≤ 1/64 it sums the Taylor series to z⁷/7!
// (the remainder is ≤ |z|⁸/8! ≤ 1e-19, a thousandth of an ulp) as
// 1 + (z + z²·(…)), so that only the last addition rounds at the scale of
// 1: the result is within one ulp of e^z (TestExpNear0, against 200-bit
// arithmetic), as math.Exp is; elsewhere it is math.Exp. Not an
// approximation: the half-step factors e^(−k·Δx/2) of the GB step always
// have |z| ≤ 0.025, and the polynomial's dependency chain is a third of
// math.Exp's, which sits on the path from one event to the next.
func expNear0(z float64) float64 {
	if !(z >= -1.0/64 && z <= 1.0/64) {
		return math.Exp(z)
	}
	z2 := z * z
	p67 := 1.0/720 + z*(1.0/5040)
	p45 := 1.0/24 + z*(1.0/120)
	p23 := 0.5 + z*(1.0/6)
	return 1 + (z + z2*(p23+z2*(p45+z2*p67)))
}

// cubicHalf is the exact solution of the sub-threshold drift for ρ* = ½ (all
// nine published sets) over scaled time x = h/τ:
//
//	dρ/dx = −ρ(1−ρ)(½−ρ).
//
// With y = ρ − ½ and u = y², this is the logistic equation
// du/dx = ½·u·(1 − 4u), so
//
//	u(x) = ¼·y0² / (y0² + ρ0(1−ρ0)·e^(−x/2)),
//
// and ρ = ½ ± √u with the sign of y0. Written as below, it loses no digits
// near ρ = 0 or 1 (½ − ½|y|/D = ½·w/(D(D+|y|))).
func cubicHalf(rho, x float64) float64 {
	y := rho - 0.5
	w := rho * (1 - rho) * expNear0(-x/2)
	d := math.Sqrt(y*y + w)
	q := 0.5 * w / (d * (d + math.Abs(y))) // distance to the nearer of 0 and 1
	r := q
	if y >= 0 { // a conditional move: the sign of y is a coin flip in a noisy population
		r = 1 - q
	}
	return r
}

// above advances ρ over the scaled time x in segment g (threshold terms
// a − kρ, noise weight n). Noise-free: the drift flow. Stochastic: per chunk
// of scaled length xc (k·xc ≤ noiseChunk, xc ≤ xmax), Strang splitting of
// drift and noise: flow(xc/2), add √(σ²n·sinh(k xc)/k)·N(0,1), flow(xc/2).
// The midpoint variance is the one that the linear flow e^(−k xc/2) turns
// into the exact OU variance σ²n(1−e^(−2k xc))/(2k), so for a linear drift
// the chunk is sampled exactly in distribution. The half flows are exact in
// their linear part and second order in the cubic (lawson2), and all of
// them share one exponential.
func (st *gbStep) above(s *GBState, x float64, g *gbSeg, rng *rand.Rand) {
	if rng == nil || st.p.Sigma == 0 {
		s.Rho = st.flow(s.Rho, x, g)
		return
	}
	var c gbChunks
	st.chunks(&c, x, g)
	s.Rho = st.noisy(s.Rho, &c, g, rng)
}

// chunks cuts a stochastic stretch of scaled length x of segment g into c.
func (st *gbStep) chunks(c *gbChunks, x float64, g *gbSeg) {
	if x <= st.xmax && g.k*x <= 2*lawson2Step && g.k > 0 {
		// One chunk of two half flows of one step each (k·x ≤ noiseChunk):
		// the DP transients, and most others.
		c.m, c.n, c.xs = 1, 1, 0.5*x
		c.e2 = expNear0(-0.5 * g.k * c.xs)
		c.sd = math.Sqrt(g.v * sinhNear0(g.k*x))
		return
	}
	c.m = 1
	if x > st.xmax || g.k*x > noiseChunk {
		c.m = max(int(math.Ceil(x/st.xmax)), int(math.Ceil(g.k*x/noiseChunk)))
	}
	xc := x / float64(c.m)
	half := 0.5 * xc
	if g.k == 0 {
		c.n, c.xs, c.e2, c.sd = 0, half, 1, math.Sqrt(g.v*xc)
		return
	}
	c.n = st.lawsonSteps(half, g.k, lawson2Step)
	c.xs = half / float64(c.n)
	c.e2 = expNear0(-0.5 * g.k * c.xs)
	c.sd = math.Sqrt(g.v * math.Sinh(g.k*xc))
}

// noisy runs the chunks c of segment g from ρ = r.
func (st *gbStep) noisy(r float64, c *gbChunks, g *gbSeg, rng *rand.Rand) float64 {
	if g.k == 0 {
		for range c.m {
			r = st.rk4(r, c.xs)
			r += c.sd * rng.NormFloat64()
			r = st.rk4(r, c.xs)
		}
		return r
	}
	for range c.m {
		r = st.lawson2(r, c.n, c.xs, c.e2, g.rbar)
		r += c.sd * rng.NormFloat64()
		r = st.lawson2(r, c.n, c.xs, c.e2, g.rbar)
	}
	return r
}

// Simulate runs one synapse from state s at time 0 to time end [ms] under
// presynaptic spikes pre and postsynaptic spikes post (sorted times [ms]).
// Presynaptic jumps Cpre land at t + D, postsynaptic jumps Cpost at t; jumps
// after end are ignored, jumps before 0 act at time 0, and simultaneous jumps
// are summed before ρ evolves. It panics if a spike list is not sorted.
func (p GB) Simulate(pre, post []float64, end float64, s GBState, rng *rand.Rand) GBState {
	st := p.stepper(p.Tau*cubicStepFrac, true)
	t := 0.0
	i, j := 0, 0
	inf := math.Inf(1)
	for {
		tp, tq := inf, inf
		if i < len(pre) {
			if i > 0 && pre[i] < pre[i-1] {
				panic("rule: GB.Simulate: pre spike times not sorted")
			}
			tp = pre[i] + p.D
		}
		if j < len(post) {
			if j > 0 && post[j] < post[j-1] {
				panic("rule: GB.Simulate: post spike times not sorted")
			}
			tq = post[j]
		}
		te := min(tp, tq)
		if te > end {
			break
		}
		if te > t {
			st.evolve(&s, te-t, rng)
			t = te
		}
		if tp <= tq {
			s.C += p.CPre
			i++
		} else {
			s.C += p.CPost
			j++
		}
	}
	st.evolve(&s, end-t, rng)
	return s
}

// runPairs simulates the periodic pairing protocol without allocating: pre
// spikes at t0 + k/rate (k = 0 … pairs−1), their jumps at that time + D,
// post spikes at t0 + k/rate + dt; the run ends at t0 + pairs/rate. Events
// before 0 act at 0. It returns the final state.
func (p GB) runPairs(s GBState, dt float64, pairs int, rate, t0 float64, rng *rand.Rand) GBState {
	end := t0 + float64(pairs)/rate
	st := p.stepper(p.Tau*cubicStepFrac, true)
	t := 0.0
	i, j := 0, 0
	inf := math.Inf(1)
	for {
		tp, tq := inf, inf
		if i < pairs {
			tp = t0 + float64(i)/rate + p.D
		}
		if j < pairs {
			tq = t0 + float64(j)/rate + dt
		}
		te := min(tp, tq)
		if te > end {
			break
		}
		if te > t {
			st.evolve(&s, te-t, rng)
			t = te
		}
		if tp <= tq {
			s.C += p.CPre
			i++
		} else {
			s.C += p.CPost
			j++
		}
	}
	st.evolve(&s, end-t, rng)
	return s
}
