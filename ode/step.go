package ode

import "math"

// Step bookkeeping shared by the adaptive solvers (DOPRI5, Rodas4): the
// largest step for an interval, the guards at the top of every step
// attempt, and the clipping of the last step onto the end of the interval.

// maxStep returns the largest step of an integration over [t0, t1]: hmax
// (Settings.HMax), or t1 − t0 if hmax is 0 or longer than the interval.
func maxStep(hmax, t0, t1 float64) float64 {
	if hmax == 0 || hmax > t1-t0 {
		hmax = t1 - t0
	}
	return hmax
}

// stepGuard returns an *Error at t if the step budget is spent (nstep ≥
// maxSteps) or the step h has underflowed (h ≤ underflowFactor·|t|), else
// nil. The caller names the component at fault (worstComponent).
func stepGuard(nstep, maxSteps int, t, h float64) *Error {
	if nstep >= maxSteps {
		return &Error{T: t, Index: -1, Reason: "too many steps"}
	}
	if h <= underflowFactor*math.Abs(t) || h <= 0 {
		return &Error{T: t, Index: -1, Reason: "step size underflow"}
	}
	return nil
}

// clipStep stretches or shrinks a step h from t that would end within 1%
// of t1 (or beyond it) so that it lands on t1 exactly. It returns the step
// to take, its end tn (t1 itself for the last step) and whether it is the
// last one.
func clipStep(t, h, t1 float64) (hc, tn float64, last bool) {
	if t+1.01*h >= t1 {
		return t1 - t, t1, true
	}
	return h, t + h, false
}

// worstComponent returns the component whose local error estimate e,
// weighted as in errNorm, is the largest: the one that keeps the step
// small when the step budget is spent or the step underflows. It returns
// -1 if no estimate is finite (no step attempted yet).
func worstComponent(e, y0, y1 []float64, atol, rtol float64) int {
	worst, at := -1.0, -1
	for i, ei := range e {
		sc := atol + rtol*math.Max(math.Abs(y0[i]), math.Abs(y1[i]))
		if r := math.Abs(ei) / sc; r > worst && !math.IsInf(r, 0) {
			worst, at = r, i
		}
	}
	if worst <= 0 {
		return -1
	}
	return at
}
