package ode

import "math"

// Step is one accepted step of Rodas4.IntegrateSteps, from (T0, Y0) to
// (T1, Y1), with its continuous extension. It is only valid during the
// StepFunc call that receives it; Y0 and Y1 must not be modified.
type Step struct {
	T0, T1 float64
	Y0, Y1 []float64
	r      *Rodas4
	coefs  bool
}

// Dense writes the continuous extension y(t), T0 ≤ t ≤ T1, into dst (length
// n): rodas.f's 3rd-order interpolant, the one Integrate samples (see
// Rodas4). At T0 and T1 it returns Y0 and Y1 exactly.
func (s *Step) Dense(t float64, dst []float64) {
	switch t {
	case s.T0:
		copy(dst, s.Y0)
		return
	case s.T1:
		copy(dst, s.Y1)
		return
	}
	r := s.r
	if !s.coefs {
		r.denseCoefs()
		s.coefs = true
	}
	theta := (t - s.T0) / (s.T1 - s.T0)
	c2, c3, y0, y1 := r.c2[:len(dst)], r.c3[:len(dst)], s.Y0[:len(dst)], s.Y1[:len(dst)]
	for i := range dst {
		dst[i] = (1-theta)*y0[i] + theta*(y1[i]+(1-theta)*(c2[i]+theta*c3[i]))
	}
}

// StepFunc is called by IntegrateSteps after each accepted step. Returning
// stop = true ends the integration at tStop, T0 < tStop ≤ T1, with y set to
// the step's continuous extension there (e.g. at an event located by root
// finding on Dense).
type StepFunc func(s *Step) (tStop float64, stop bool)

// IntegrateSteps advances y from t0 towards t1 like Integrate, calling step
// after every accepted step instead of sampling at given times; it returns
// the time reached: t1, or the tStop at which step asked to stop. It uses
// the same stages, step-size control, Jacobian and linear algebra
// (including a pattern from SetPattern) as Integrate, and the same counters.
// On an *Error, y holds the last accepted state and the returned time is
// that state's.
func (r *Rodas4) IntegrateSteps(f Func, t0, t1 float64, y []float64, step StepFunc) (float64, error) {
	if err := checkArgs("Rodas4", r.n, t0, t1, y); err != nil {
		return t0, err
	}
	if t1 == t0 {
		return t0, nil
	}
	atol, rtol := r.s.AbsTol, r.s.RelTol
	hmax := r.s.HMax
	if hmax == 0 || hmax > t1-t0 {
		hmax = t1 - t0
	}
	t := t0
	f(t, y, r.dy)
	r.Evals++
	if i := firstNonFinite(r.dy); i >= 0 {
		return t, &Error{T: t, Index: i, Reason: "non-finite value"}
	}
	st := &Step{r: r, Y0: make([]float64, r.n)}
	if tinyInterval(t0, t1) {
		copy(st.Y0, y)
		if err := tinyStep(t0, t1, y, r.dy, nil, nil); err != nil {
			return t0, err
		}
		// The continuous extension of an Euler step is linear: c2 = c3 = 0.
		clear(r.c2)
		clear(r.c3)
		*st = Step{T0: t0, T1: t1, Y0: st.Y0, Y1: y, r: r, coefs: true}
		if ts, stop := step(st); stop && ts < t1 {
			th := (ts - t0) / (t1 - t0)
			for i := range y {
				y[i] = st.Y0[i] + th*(y[i]-st.Y0[i])
			}
			return ts, nil
		}
		return t1, nil
	}
	h := r.h
	if h == 0 {
		h = r.s.H0
	}
	if h == 0 {
		h = initialStep(f, t, y, r.dy, r.ys, r.f1, 3, atol, rtol, hmax)
		r.Evals++
	}
	h = math.Min(h, hmax)

	var hacc, erracc float64
	accepted := 0
	reject := false
	needJac := true
	nonFinite, singular := 0, 0
	for nstep := 0; ; nstep++ {
		if nstep >= r.s.MaxSteps {
			return t, &Error{T: t, Index: -1, Reason: "too many steps"}
		}
		if h <= underflowFactor*math.Abs(t) || h <= 0 {
			return t, &Error{T: t, Index: -1, Reason: "step size underflow"}
		}
		hprop := h
		last := false
		if t+1.01*h >= t1 {
			h, last = t1-t, true
		}
		tn := t + h
		if last {
			tn = t1
		}
		if needJac {
			if i := r.jacobian(f, t, y); i >= 0 {
				return t, &Error{T: t, Index: i, Reason: "non-finite value"}
			}
			needJac = false
		}
		if !r.factor(h) {
			singular++
			r.Rejected++
			if singular > rdMaxSing {
				return t, &Error{T: t, Index: -1, Reason: "singular iteration matrix"}
			}
			h *= 0.5
			reject = true
			continue
		}
		singular = 0
		bad, evals := r.stages(f, t, h, y)
		r.Evals += evals

		err := math.Inf(1)
		if bad < 0 {
			err = errNorm(r.k[5], y, r.ynew, atol, rtol)
		}
		if math.IsNaN(err) || math.IsInf(err, 0) {
			nonFinite++
			r.Rejected++
			if nonFinite > maxNonFinite {
				if bad < 0 {
					bad = r.badIndex()
				}
				return t, &Error{T: t, Index: bad, Reason: "non-finite value"}
			}
			h *= 0.1
			reject = true
			continue
		}
		nonFinite = 0

		fac := math.Max(1/rdFacMax, math.Min(1/rdFacMin, math.Pow(err, 0.25)/rdSafe))
		hnew := h / fac
		if err > 1 {
			r.Rejected++
			if accepted == 0 {
				h *= 0.1
			} else {
				h = hnew
			}
			reject = true
			continue
		}
		if accepted > 0 {
			facgus := (hacc / h) * math.Pow(err*err/erracc, 0.25) / rdSafe
			facgus = math.Max(1/rdFacMax, math.Min(1/rdFacMin, facgus))
			fac = math.Max(fac, facgus)
			hnew = h / fac
		}
		hacc, erracc = h, math.Max(1e-2, err)
		accepted++
		r.Steps++

		copy(st.Y0, y)
		st.T0, st.T1, st.Y1, st.coefs = t, tn, r.ynew, false
		if reject {
			hnew = math.Min(hnew, h)
		}
		reject = false
		hnew = math.Min(hnew, hmax)
		if ts, stop := step(st); stop {
			if ts <= t || ts > tn {
				ts = tn
			}
			st.Dense(ts, y)
			r.h = math.Max(hnew, math.Min(hprop, hmax))
			return ts, nil
		}
		copy(y, r.ynew)
		t = tn
		if last {
			r.h = math.Max(hnew, math.Min(hprop, hmax))
			return t1, nil
		}
		h = hnew
		f(t, y, r.dy)
		r.Evals++
		needJac = true
	}
}
