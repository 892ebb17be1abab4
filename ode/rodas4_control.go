package ode

import "math"

// rdControl is the state of Rodas4's step-size control during one
// Integrate or IntegrateSteps call: the tolerances and largest step, the
// memory of the last accepted step for Gustafsson's correction, and the
// flags and counts of consecutive failures.
type rdControl struct {
	atol, rtol, hmax float64
	hacc, erracc     float64 // size and error (≥ 1e-2) of the last accepted step
	accepted         int     // accepted steps in this call
	reject           bool    // the last attempt was rejected
	needJac          bool    // J (and ∂f/∂t) must be evaluated at the current (t, y)
	nonFinite        int     // consecutive attempts with a non-finite error
	singular         int     // consecutive attempts with a singular W
}

// newControl returns the step-size control for a call with largest step
// hmax: no step accepted yet, the Jacobian due.
func (r *Rodas4) newControl(hmax float64) rdControl {
	return rdControl{atol: r.s.AbsTol, rtol: r.s.RelTol, hmax: hmax, needJac: true}
}

// firstStep returns the first step of a call from (t, y), with r.dy =
// f(t, y): the step kept from the previous call, else Settings.H0, else
// Hairer's starting step (initialStep, one evaluation of f); at most hmax.
func (r *Rodas4) firstStep(f Func, t float64, y []float64, hmax float64) float64 {
	h := r.h
	if h == 0 {
		h = r.s.H0
	}
	if h == 0 {
		h = initialStep(f, t, y, r.dy, r.ys, r.f1, 3, r.s.AbsTol, r.s.RelTol, hmax)
		r.Evals++
	}
	return math.Min(h, hmax)
}

// attempt tries one step of size h from (t, y): the Jacobian if it is due,
// the factorisation of W, the stages and the error control. If the step is
// accepted (ok), r.ynew holds its solution and hnew is the step proposed
// for the next one; if it is rejected, hnew is the step to retry with. A
// failure that no shorter step can cure is returned as an *Error at t.
func (r *Rodas4) attempt(f Func, t, h float64, y []float64, c *rdControl) (hnew float64, ok bool, err error) {
	if c.needJac {
		// f is evaluated at (t, y) perturbed by a rounding-level δ, so
		// a non-finite value here cannot be cured by a shorter step.
		if i := r.jacobian(f, t, y); i >= 0 {
			return 0, false, &Error{T: t, Index: i, Reason: "non-finite value"}
		}
		c.needJac = false
	}
	if !r.factor(h) {
		c.singular++
		r.Rejected++
		if c.singular > rdMaxSing {
			return 0, false, &Error{T: t, Index: -1, Reason: "singular iteration matrix"}
		}
		c.reject = true
		return h * 0.5, false, nil
	}
	c.singular = 0
	bad, evals := r.stages(f, t, h, y)
	r.Evals += evals

	e := math.Inf(1)
	if bad < 0 {
		e = errNorm(r.k[5], y, r.ynew, c.atol, c.rtol)
	}
	if math.IsNaN(e) || math.IsInf(e, 0) {
		c.nonFinite++
		r.Rejected++
		if c.nonFinite > maxNonFinite {
			if bad < 0 {
				bad = r.badIndex()
			}
			return 0, false, &Error{T: t, Index: bad, Reason: "non-finite value"}
		}
		c.reject = true
		return h * 0.1, false, nil
	}
	c.nonFinite = 0
	hnew, ok = r.control(h, e, c)
	return hnew, ok, nil
}

// control is rodas.f's step-size controller (see Rodas4) for a step of
// size h with finite error norm err: it rejects the step if err > 1, and
// returns the step to retry with or, after an acceptance, the next step
// (with Gustafsson's correction, no growth right after a rejection, at
// most hmax).
func (r *Rodas4) control(h, err float64, c *rdControl) (hnew float64, ok bool) {
	fac := max(1/rdFacMax, min(1/rdFacMin, root4(err)/rdSafe))
	hnew = h / fac
	if err > 1 {
		r.Rejected++
		c.reject = true
		if c.accepted == 0 {
			return h * 0.1, false
		}
		return hnew, false
	}
	// Accepted.
	if c.accepted > 0 {
		facgus := (c.hacc / h) * root4(err*err/c.erracc) / rdSafe
		facgus = max(1/rdFacMax, min(1/rdFacMin, facgus))
		fac = max(fac, facgus)
		hnew = h / fac
	}
	c.hacc, c.erracc = h, max(1e-2, err)
	c.accepted++
	r.Steps++
	if c.reject {
		hnew = min(hnew, h)
	}
	c.reject = false
	return min(hnew, c.hmax), true
}

// root4 is math.Pow(x, 0.25) bit for bit for every x but −Inf (Pow: +Inf;
// control's arguments are ≥ 0 or NaN): for y = 0.25 Pow returns
// Ldexp(Exp(0.25·Log(x)), 0) = Exp(0.25·Log(x)), and its special cases
// x = ±0, 1, +Inf, NaN and finite x < 0 give the same 0, 1, +Inf, NaN,
// NaN; without Pow's case analysis, Modf, Frexp and Ldexp, twice per step. (The
// built-in min and max above are math.Min and math.Max, NaN and ±0
// included, without a call each.)
func root4(x float64) float64 { return math.Exp(0.25 * math.Log(x)) }

// sample passes to obs (if not nil) the sample times ts[ks:] up to tn of
// the accepted step of size h from (t, y) to (tn, ynew): ynew itself at
// tn, the continuous extension (dense) before it, its coefficients computed
// at the first such sample. It returns the index of the first sample time
// after tn.
func (r *Rodas4) sample(ts []float64, ks int, t, tn, h float64, y []float64, obs Observer) int {
	coefs := false
	for ; ks < len(ts) && ts[ks] <= tn; ks++ {
		if obs == nil {
			continue
		}
		if ts[ks] == tn {
			obs(tn, r.ynew)
			continue
		}
		if !coefs {
			r.denseCoefs()
			coefs = true
		}
		r.dense((ts[ks]-t)/h, y)
		obs(ts[ks], r.ys)
	}
	return ks
}
