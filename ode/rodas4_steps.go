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
	hmax := maxStep(r.s.HMax, t0, t1)
	t := t0
	f(t, y, r.dy)
	r.Evals++
	if i := firstNonFinite(r.dy); i >= 0 {
		return t, &Error{T: t, Index: i, Reason: "non-finite value"}
	}
	st := &Step{r: r, Y0: make([]float64, r.n)}
	if tinyInterval(t0, t1) {
		return r.tinySteps(t0, t1, y, st, step)
	}
	h := r.firstStep(f, t, y, hmax)

	c := r.newControl(hmax)
	for nstep := 0; ; nstep++ {
		if e := stepGuard(nstep, r.s.MaxSteps, t, h); e != nil {
			if nstep > 0 {
				e.Index = worstComponent(r.k[5], y, r.ynew, c.atol, c.rtol)
			}
			return t, e
		}
		hprop := h
		var tn float64
		var last bool
		h, tn, last = clipStep(t, h, t1)
		hnew, ok, err := r.attempt(f, t, h, y, &c)
		if err != nil {
			return t, err
		}
		if !ok {
			h = hnew
			continue
		}

		copy(st.Y0, y)
		st.T0, st.T1, st.Y1, st.coefs = t, tn, r.ynew, false
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
		c.needJac = true
	}
}

// tinySteps covers an interval too short for an adaptive step with one
// Euler step (tinyStep, r.dy = f(t0, y)), passes it to step as st, with
// its linear continuous extension, and stops at the time step asks for. It
// returns the time reached.
func (r *Rodas4) tinySteps(t0, t1 float64, y []float64, st *Step, step StepFunc) (float64, error) {
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
