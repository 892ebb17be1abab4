package rule

// The event-driven step of the Graupner–Brunel rule (GB.Evolve): calcium
// decays exactly between jumps, the threshold crossings split an interval
// into segments with constant Heaviside factors, and in each segment ρ
// follows the drift (integrating-factor Runge–Kutta, exact in the linear
// part) with the noise added by Strang splitting. gbStep holds the
// constants derived from one parameter set for a run.

import (
	"math"
	"math/rand/v2"
)

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

// cubic is the bistable part of the scaled drift, g(ρ) = −ρ(1−ρ)(ρ*−ρ) [1].
func (p *GB) cubic(rho float64) float64 {
	return rho * (1 - rho) * (rho - p.RhoStar)
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
	return st.lawson(rho, n, xs, math.Exp(-0.5*g.k*xs), g.rbar)
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
		c.e2 = math.Exp(-0.5 * g.k * c.xs)
		c.sd = math.Sqrt(g.v * math.Sinh(g.k*x))
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
	c.e2 = math.Exp(-0.5 * g.k * c.xs)
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
