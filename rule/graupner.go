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
		{Name: "tau_ca", Dim: units.Time, Value: &p.TauCa, Doc: "τCa, calcium decay time constant; GB2012 Table S1", Min: 0.1, Max: 10000},
		{Name: "c_pre", Dim: units.Dimensionless, Value: &p.CPre, Doc: "Cpre, calcium jump per presynaptic spike at [Ca2+]o = ca_ref; GB2012 Table S1", Min: 0, Max: 100},
		{Name: "c_post", Dim: units.Dimensionless, Value: &p.CPost, Doc: "Cpost, calcium jump per postsynaptic spike at [Ca2+]o = ca_ref; GB2012 Table S1", Min: 0, Max: 100},
		{Name: "theta_d", Dim: units.Dimensionless, Value: &p.ThetaD, Doc: "θd, depression threshold; GB2012 Table S1", Min: 0, Max: 100},
		{Name: "theta_p", Dim: units.Dimensionless, Value: &p.ThetaP, Doc: "θp, potentiation threshold; GB2012 Table S1", Min: 0, Max: 100},
		{Name: "gamma_d", Dim: units.Dimensionless, Value: &p.GammaD, Doc: "γd, depression rate; GB2012 Table S1", Min: 0, Max: 100000},
		{Name: "gamma_p", Dim: units.Dimensionless, Value: &p.GammaP, Doc: "γp, potentiation rate; GB2012 Table S1", Min: 0, Max: 100000},
		{Name: "sigma", Dim: units.Dimensionless, Value: &p.Sigma, Doc: "σ, noise amplitude (0 = deterministic); GB2012 Table S1", Min: 0, Max: 1000},
		{Name: "tau", Dim: units.Time, Value: &p.Tau, Doc: "τ, time constant of the efficacy ρ; GB2012 Table S1", Min: 10, Max: 10000000000.0},
		{Name: "rho_star", Dim: units.Dimensionless, Value: &p.RhoStar, Doc: "ρ*, unstable fixed point between DOWN (0) and UP (1); GB2012", Min: 0, Max: 1},
		{Name: "D", Dim: units.Time, Value: &p.D, Doc: "D, delay of the presynaptic calcium transient; GB2012 Table S1", Min: 0, Max: 1000},
		{Name: "beta", Dim: units.Dimensionless, Value: &p.Beta, Doc: "β, fraction of synapses initially DOWN; GB2012 Table S1", Min: 0, Max: 1},
		{Name: "b", Dim: units.Dimensionless, Value: &p.B, Doc: "b = w1/w0, UP/DOWN weight ratio; GB2012 Table S1", Min: 0, Max: 1000},
		{Name: "ca_ref", Dim: units.Concentration, Value: &p.CaRef, Doc: "[Ca2+]o at which c_pre and c_post hold (assumed per set; see rule/graupner_sets.go)", Min: 1, Max: 100000},
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

// drift is the scaled drift τ·dρ/dt = −ρ(1−ρ)(ρ*−ρ) + a − kρ [1], with
// a = γpΘp and k = γpΘp + γdΘd.
func (p *GB) drift(rho, a, k float64) float64 {
	return -rho*(1-rho)*(p.RhoStar-rho) + a - k*rho
}

// flow advances ρ under the drift (no noise) over the scaled time x = h/τ.
// Without threshold terms (k = 0) it is classical RK4 with steps ≤ xmax.
// With k > 0 it is the integrating-factor (Lawson) RK4 for u = ρ − ρ̄,
// u' = −k u + g(ρ̄+u): the linear part is exact and RK4 only handles the
// slow cubic g, with steps k·Δx ≤ lawsonStep and Δx ≤ xmax. Working in
// scaled time keeps divisions out of the loop.
func (p *GB) flow(rho, x, a, k, xmax float64) float64 {
	if k == 0 {
		n := max(int(math.Ceil(x/xmax)), 1)
		xs := x / float64(n)
		for range n {
			k1 := p.drift(rho, a, 0)
			k2 := p.drift(rho+0.5*xs*k1, a, 0)
			k3 := p.drift(rho+0.5*xs*k2, a, 0)
			k4 := p.drift(rho+xs*k3, a, 0)
			rho += xs * (1.0 / 6) * (k1 + 2*k2 + 2*k3 + k4)
		}
		return rho
	}
	n := max(int(math.Ceil(x/xmax)), int(math.Ceil(k*x/lawsonStep)), 1)
	xs := x / float64(n)
	rbar := a / k
	e2 := math.Exp(-0.5 * k * xs) // E(Δx/2)
	e1 := e2 * e2                 // E(Δx)
	u := rho - rbar
	for range n {
		k1 := p.drift(rbar+u, 0, 0)
		u2 := e2 * (u + 0.5*xs*k1)
		k2 := p.drift(rbar+u2, 0, 0)
		u3 := e2*u + 0.5*xs*k2
		k3 := p.drift(rbar+u3, 0, 0)
		u4 := e1*u + xs*e2*k3
		k4 := p.drift(rbar+u4, 0, 0)
		u = e1*u + xs*(1.0/6)*(e1*k1+2*e2*(k2+k3)+k4)
	}
	return rbar + u
}

// Steps estimates the RK4 steps Evolve takes for a synapse with calcium c0
// over dt [ms]: those of the integrating-factor RK4 while calcium is above
// a threshold, τ·min(cubicStepFrac, lawsonStep/(γp+γd)) each, and of the
// cubic drift below (none for ρ* = ½: it is solved exactly). The same for
// every synapse with that calcium; the work of a population's update, for
// a budget.
func (p GB) Steps(c0, dt float64) float64 {
	if !(dt > 0) {
		return 0
	}
	above := min(dt, max(p.crossing(c0, p.ThetaD), p.crossing(c0, p.ThetaP)))
	n := above / p.Tau * max(1/cubicStepFrac, (p.GammaP+p.GammaD)/lawsonStep)
	if p.RhoStar != 0.5 {
		n += (dt - above) / p.Tau / cubicStepFrac
	}
	return n
}

// crossing is the time [ms] for c0 to decay to θ: τCa·ln(c0/θ) if c0 > θ, else 0.
func (p *GB) crossing(c0, theta float64) float64 {
	if c0 > theta {
		return p.TauCa * math.Log(c0/theta)
	}
	return 0
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
// step); below, by RK4 with Δx ≤ 1e-3 (error ≈ (Δx)^5/120). Results do not
// depend on how time is split (tested to 1e-12). Where n > 0 and σ > 0 the
// noise is added by Strang splitting of drift and diffusion on chunks with
// k·Δx ≤ 0.5: half the drift flow, a Gaussian increment, half the drift
// flow. The increment's variance σ²n·sinh(kΔx)/k is what the linear part of
// the flow turns into the exact Ornstein–Uhlenbeck variance
// σ²n(1−e^(−2kΔx))/(2k), so with the cubic left out each chunk is an exact
// OU sample; the cubic (rate ≤ 1/τ, i.e. ≤ 1/k of the linear rate) adds a
// weak splitting error of order Δx·|f'|·Var ≈ 1e-3 relative in the variance.
// Below θd only f acts (no noise); ρ = 0, ρ* and 1 are exact fixed points and
// stay put. ρ is not clipped to [0, 1]: neither the Brian2 example nor the
// reference simulation clips it; noise-free, ρ stays in [0, 1] (tested).
func (p GB) Evolve(s *GBState, dt float64, rng *rand.Rand) {
	p.evolve(s, dt, rng, p.Tau*cubicStepFrac)
}

func (p *GB) evolve(s *GBState, dt float64, rng *rand.Rand, hmax float64) {
	if !(dt > 0) {
		return
	}
	c0 := s.C
	if c0 > p.ThetaD || c0 > p.ThetaP {
		// Upper and lower thresholds and which one is θp.
		hi, lo, hiIsP := p.ThetaP, p.ThetaD, true
		if lo > hi {
			hi, lo, hiIsP = lo, hi, false
		}
		tHi := min(p.crossing(c0, hi), dt)
		tLo := min(p.crossing(c0, lo), dt)
		if tHi > 0 {
			p.above(s, tHi, p.GammaP, p.GammaP+p.GammaD, 2, rng, hmax)
		}
		if tLo > tHi {
			if hiIsP { // only θd is exceeded
				p.above(s, tLo-tHi, 0, p.GammaD, 1, rng, hmax)
			} else { // only θp is exceeded
				p.above(s, tLo-tHi, p.GammaP, p.GammaP, 1, rng, hmax)
			}
		}
		if dt > tLo {
			p.below(s, dt-tLo, hmax)
		}
	} else {
		p.below(s, dt, hmax)
	}
	s.C = c0 * math.Exp(-dt/p.TauCa)
}

// below integrates the cubic drift alone over h (calcium under both thresholds).
func (p *GB) below(s *GBState, h, hmax float64) {
	r := s.Rho
	if r == 0 || r == 1 || r == p.RhoStar {
		return // exact fixed points
	}
	if p.RhoStar == 0.5 {
		s.Rho = cubicHalf(r, h/p.Tau)
		return
	}
	s.Rho = p.flow(r, h/p.Tau, 0, 0, hmax/p.Tau)
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
	w := rho * (1 - rho) * math.Exp(-x/2)
	d := math.Sqrt(y*y + w)
	if y < 0 {
		return 0.5 * w / (d * (d - y))
	}
	return 1 - 0.5*w/(d*(d+y))
}

// above advances ρ over h [ms] with the threshold terms a − kρ and noise
// weight n active. Noise-free: the drift flow. Stochastic: per chunk of
// scaled length xc (k·xc ≤ noiseChunk, xc ≤ hmax/τ), Strang splitting of
// drift and noise: flow(xc/2), add √(σ²n·sinh(k xc)/k)·N(0,1), flow(xc/2).
// The midpoint variance is the one that the linear flow e^(−k xc/2) turns
// into the exact OU variance σ²n(1−e^(−2k xc))/(2k), so for a linear drift
// the chunk is sampled exactly in distribution.
func (p *GB) above(s *GBState, h, a, k, n float64, rng *rand.Rand, hmax float64) {
	x, xmax := h/p.Tau, hmax/p.Tau
	if rng == nil || p.Sigma == 0 {
		s.Rho = p.flow(s.Rho, x, a, k, xmax)
		return
	}
	m := max(int(math.Ceil(x/xmax)), int(math.Ceil(k*x/noiseChunk)), 1)
	xc := x / float64(m)
	v := p.Sigma * p.Sigma * n * xc
	if k > 0 {
		v = p.Sigma * p.Sigma * n * math.Sinh(k*xc) / k
	}
	sd := math.Sqrt(v)
	r := s.Rho
	for range m {
		r = p.flow(r, 0.5*xc, a, k, xmax)
		r += sd * rng.NormFloat64()
		r = p.flow(r, 0.5*xc, a, k, xmax)
	}
	s.Rho = r
}

// Simulate runs one synapse from state s at time 0 to time end [ms] under
// presynaptic spikes pre and postsynaptic spikes post (sorted times [ms]).
// Presynaptic jumps Cpre land at t + D, postsynaptic jumps Cpost at t; jumps
// after end are ignored, jumps before 0 act at time 0, and simultaneous jumps
// are summed before ρ evolves. It panics if a spike list is not sorted.
func (p GB) Simulate(pre, post []float64, end float64, s GBState, rng *rand.Rand) GBState {
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
			p.Evolve(&s, te-t, rng)
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
	p.Evolve(&s, end-t, rng)
	return s
}

// runPairs simulates the periodic pairing protocol without allocating: pre
// spikes at t0 + k/rate (k = 0 … pairs−1), their jumps at that time + D,
// post spikes at t0 + k/rate + dt; the run ends at t0 + pairs/rate. Events
// before 0 act at 0. It returns the final state.
func (p GB) runPairs(s GBState, dt float64, pairs int, rate, t0 float64, rng *rand.Rand) GBState {
	end := t0 + float64(pairs)/rate
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
			p.Evolve(&s, te-t, rng)
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
	p.Evolve(&s, end-t, rng)
	return s
}
