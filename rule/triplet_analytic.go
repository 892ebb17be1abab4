package rule

import (
	"fmt"
	"math"
)

// MotifSpike is one spike of a repeated motif: its time offset within the
// motif [ms] and its kind (Post false: presynaptic; true: postsynaptic).
type MotifSpike struct {
	T    float64 // offset within the motif [ms]
	Post bool    // true for a postsynaptic spike
}

// Periodic is the exact closed-form weight change of n repetitions of motif
// with the given period [ms], starting from zero traces, without weight
// bounds: the value Run gives for the same spikes (repetition k shifted by
// k·period), computed by summing geometric series instead of stepping
// through the spikes.
//
// Conditions: the motif's span (last offset − first offset) must be shorter
// than the period, so repetitions do not interleave, and no two spikes of
// the same kind may share an offset. A pre and a post spike at the same
// offset follow OnPrePost (neither sees the other). Periodic panics if the
// conditions fail or n < 0.
//
// Derivation (all-to-all). Write λ = period/τ and a = e^(−λ) for a trace
// with time constant τ. Just before a spike at offset u in repetition k,
// the trace of the spikes of kind K is
//
//	x_k(u) = c(u) + d(u)·g_k(a),    g_k(a) = Σ_{m=1..k} a^m = a(1 − a^k)/(1 − a),
//	c(u) = Σ_{v∈K, v<u} e^(−(u−v)/τ)   (same repetition, strictly earlier),
//	d(u) = Σ_{v∈K}      e^(−(u−v)/τ)   (one period earlier, scaled by a^m),
//
// because a spike at offset v in repetition k−m lies mT + u − v > 0 ms in
// the past (span < T). A postsynaptic spike adds r1·(A2+ + A3+·o2) and a
// presynaptic spike subtracts o1·(A2− + A3−·r2), both products of two such
// traces, so the sum over k = 0 … n−1 needs only, with G(a) = Σ_{k<n} a^k
// = (1 − a^n)/(1 − a):
//
//	Σ_k g_k(a)          = a·[n − G(a)]/(1 − a),
//	Σ_k g_k(a)·g_k(b)   = ab·[n − G(a) − G(b) + G(ab)] / ((1 − a)(1 − b)).
//
// Every 1 − a^j is evaluated as −expm1(−jλ), so nothing cancels for
// periods much shorter than τ.
//
// Derivation (nearest-spike). A trace is e^(−(time since the latest spike
// of its kind)/τ), 0 before the first. Just before a spike at offset u the
// latest spike of kind K is the last v < u of the same repetition if there
// is one; otherwise, from the second repetition on, the last spike of kind K
// in the motif, one period earlier (lag T + u − v). So every repetition
// after the first changes w by the same amount W1, and
//
//	Δw = W0 + (n − 1)·W1.
func (p Triplet) Periodic(motif []MotifSpike, n int, period float64) float64 {
	tripletCheckMotif(motif, n, period)
	if n == 0 {
		return 0
	}
	if p.Scheme == NearestSpike {
		w0, w1 := p.nearestMotif(motif, period)
		return w0 + float64(n-1)*w1
	}
	nf := float64(n)
	total := 0.0
	for _, s := range motif {
		// Pair trace (r1 at post, o1 at pre) and triplet trace (o2 at post,
		// r2 at pre), with the amplitudes that multiply them.
		var tau1, tau2, a2, a3, sign float64
		if s.Post {
			tau1, tau2, a2, a3, sign = p.TauPlus, p.TauY, p.A2Plus, p.A3Plus, 1
		} else {
			tau1, tau2, a2, a3, sign = p.TauMinus, p.TauX, p.A2Minus, p.A3Minus, -1
		}
		// The pair trace counts spikes of the other kind, the triplet trace
		// spikes of the same kind.
		c1, d1 := tripletTraceCoeffs(motif, s.T, !s.Post, tau1)
		c2, d2 := tripletTraceCoeffs(motif, s.T, s.Post, tau2)
		l1, l2 := period/tau1, period/tau2
		s1 := tripletSumG(l1, n)                              // Σ_k g_k(a1)
		s2 := tripletSumG(l2, n)                              // Σ_k g_k(a2)
		s12 := tripletSumGG(l1, l2, n)                        // Σ_k g_k(a1)·g_k(a2)
		sumX1 := nf*c1 + d1*s1                                // Σ_k x1_k
		sumX1X2 := nf*c1*c2 + c1*d2*s2 + c2*d1*s1 + d1*d2*s12 // Σ_k x1_k·x2_k
		total += sign * (a2*sumX1 + a3*sumX1X2)
	}
	return total
}

// PeriodicSteady is the weight change per repetition of motif with the
// given period [ms] once the traces are periodic (the limit of
// Periodic(motif, n, period)/n for n → ∞). Same conditions as Periodic.
// For all-to-all it uses g_∞(a) = a/(1 − a); for nearest-spike it is W1.
func (p Triplet) PeriodicSteady(motif []MotifSpike, period float64) float64 {
	tripletCheckMotif(motif, 1, period)
	if p.Scheme == NearestSpike {
		_, w1 := p.nearestMotif(motif, period)
		return w1
	}
	total := 0.0
	for _, s := range motif {
		var tau1, tau2, a2, a3, sign float64
		if s.Post {
			tau1, tau2, a2, a3, sign = p.TauPlus, p.TauY, p.A2Plus, p.A3Plus, 1
		} else {
			tau1, tau2, a2, a3, sign = p.TauMinus, p.TauX, p.A2Minus, p.A3Minus, -1
		}
		c1, d1 := tripletTraceCoeffs(motif, s.T, !s.Post, tau1)
		c2, d2 := tripletTraceCoeffs(motif, s.T, s.Post, tau2)
		x1 := c1 + d1*tripletGeomTail(period/tau1)
		x2 := c2 + d2*tripletGeomTail(period/tau2)
		total += sign * x1 * (a2 + a3*x2)
	}
	return total
}

// nearestMotif returns the nearest-spike weight change of the first
// repetition (w0) and of every later one (w1).
func (p *Triplet) nearestMotif(motif []MotifSpike, period float64) (w0, w1 float64) {
	// latest returns the nearest-spike trace of kind post with time
	// constant tau just before offset u: (first repetition, later ones).
	latest := func(u float64, post bool, tau float64) (x0, x1 float64) {
		within, last := math.Inf(-1), math.Inf(-1)
		for _, v := range motif {
			if v.Post != post {
				continue
			}
			last = max(last, v.T)
			if v.T < u {
				within = max(within, v.T)
			}
		}
		switch {
		case !math.IsInf(within, -1):
			x := math.Exp(-(u - within) / tau)
			return x, x
		case !math.IsInf(last, -1):
			return 0, math.Exp(-(period + u - last) / tau)
		}
		return 0, 0
	}
	for _, s := range motif {
		if s.Post {
			r10, r11 := latest(s.T, false, p.TauPlus)
			o20, o21 := latest(s.T, true, p.TauY)
			w0 += r10 * (p.A2Plus + p.A3Plus*o20)
			w1 += r11 * (p.A2Plus + p.A3Plus*o21)
		} else {
			o10, o11 := latest(s.T, true, p.TauMinus)
			r20, r21 := latest(s.T, false, p.TauX)
			w0 -= o10 * (p.A2Minus + p.A3Minus*r20)
			w1 -= o11 * (p.A2Minus + p.A3Minus*r21)
		}
	}
	return w0, w1
}

// tripletTraceCoeffs returns c(u) and d(u) of Periodic for the spikes of kind post
// and time constant tau.
func tripletTraceCoeffs(motif []MotifSpike, u float64, post bool, tau float64) (c, d float64) {
	for _, v := range motif {
		if v.Post != post {
			continue
		}
		e := math.Exp(-(u - v.T) / tau)
		d += e
		if v.T < u {
			c += e
		}
	}
	return c, d
}

// tripletOneMinusExp returns 1 − e^(−x) without cancellation.
func tripletOneMinusExp(x float64) float64 { return -math.Expm1(-x) }

// tripletGeomG returns G = Σ_{k<n} a^k with a = e^(−λ), λ > 0.
func tripletGeomG(lambda float64, n int) float64 {
	return tripletOneMinusExp(float64(n)*lambda) / tripletOneMinusExp(lambda)
}

// tripletGeomTail returns g_∞(a) = a/(1 − a) with a = e^(−λ).
func tripletGeomTail(lambda float64) float64 { return math.Exp(-lambda) / tripletOneMinusExp(lambda) }

// tripletSumG returns Σ_{k<n} g_k(a) = a·[n − G(a)]/(1 − a), a = e^(−λ).
func tripletSumG(lambda float64, n int) float64 {
	return tripletGeomTail(lambda) * (float64(n) - tripletGeomG(lambda, n))
}

// tripletSumGG returns Σ_{k<n} g_k(a)·g_k(b) = ab·[n − G(a) − G(b) + G(ab)] / ((1−a)(1−b)),
// a = e^(−λ1), b = e^(−λ2).
func tripletSumGG(l1, l2 float64, n int) float64 {
	inner := float64(n) - tripletGeomG(l1, n) - tripletGeomG(l2, n) + tripletGeomG(l1+l2, n)
	return tripletGeomTail(l1) * tripletGeomTail(l2) * inner
}

// tripletCheckMotif panics unless the motif can be repeated n times with period.
func tripletCheckMotif(motif []MotifSpike, n int, period float64) {
	if n < 0 {
		panic(fmt.Sprintf("rule: Triplet.Periodic: n = %d: must be >= 0", n))
	}
	if !(period > 0) || math.IsInf(period, 1) {
		panic(fmt.Sprintf("rule: Triplet.Periodic: period = %v ms: must be > 0 and finite", period))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, s := range motif {
		if math.IsNaN(s.T) || math.IsInf(s.T, 0) {
			panic(fmt.Sprintf("rule: Triplet.Periodic: motif spike %d at %v ms: must be finite", i, s.T))
		}
		lo, hi = min(lo, s.T), max(hi, s.T)
		for _, o := range motif[:i] {
			if o.Post == s.Post && o.T == s.T {
				panic(fmt.Sprintf("rule: Triplet.Periodic: two spikes of one kind at %v ms", s.T))
			}
		}
	}
	if len(motif) > 0 && !(hi-lo < period) {
		panic(fmt.Sprintf("rule: Triplet.Periodic: motif span %v ms: must be < period %v ms", hi-lo, period))
	}
}
