package ca1

import (
	"errors"
	"fmt"
	"math"

	"github.com/synlab/synlab/ode"
)

// rodas is the Rodas4 method of package ode (Hairer & Wanner, Solving ODEs
// II, IV.7; rodas.f, coefficients from ode.Rodas4Coefficients) written
// for the cable: its linear systems are solved by the cable's block
// elimination (cable.factor, cable.solve), O(N) per stage with no fill-in,
// where ode.Rodas4 stores a dense n×n Jacobian. The error of a step is the
// largest of the RMS norms (Hairer's, sc = atol + rtol·max|y|) of the shared
// block and of each synapse's block, so that one synapse's transient is not
// averaged away among quiet ones. The system is autonomous: somatic current
// pulses are integrated as separate segments.
type rodas struct {
	c          *cable
	rtol, atol float64
	hmax       float64
	h          float64 // step kept between calls (0: start afresh)
	fa         factors
	n          int

	dy, ys, du, ynew, rhs, c2, c3 []float64
	k                             [6][]float64

	tab ode.Rodas4Tableau

	Steps, Rejected int
}

// Step-size control of rodas.f; the coefficients are ode.Rodas4Coefficients.
const (
	rdSafe     = 0.9
	rdFacMax   = 6.0
	rdFacMin   = 0.2
	rdH0       = 0.01 // first step after a reset [ms]: below the AMPA rise (0.2 ms)
	rdMaxSteps = 10_000_000
)

func newRodas(c *cable, rtol, atol float64) *rodas {
	r := &rodas{c: c, rtol: rtol, atol: atol, n: c.n, tab: ode.Rodas4Coefficients()}
	n := c.n
	buf := make([]float64, 13*n)
	next := func() []float64 { v := buf[:n:n]; buf = buf[n:]; return v }
	r.dy, r.ys, r.du, r.ynew, r.rhs, r.c2, r.c3 = next(), next(), next(), next(), next(), next(), next()
	for i := range r.k {
		r.k[i] = next()
	}
	return r
}

// errSolver reports a failure of the cable integrator.
var errSolver = errors.New("ca1: cable integrator failed")

// integrate advances y from t0 to t1. After each accepted step, step (if
// not nil) is called with the step's start t, size h, start state y0 and
// end state (r.ynew); r.dense gives the continuous extension inside it. If
// step returns true the integration stops after that step (y is its end).
func (r *rodas) integrate(t0, t1 float64, y []float64, step func(t, h float64, y0 []float64) bool) error {
	if !(t1 > t0) {
		return nil
	}
	c := r.c
	t := t0
	hmax := t1 - t0
	if r.hmax > 0 && r.hmax < hmax {
		hmax = r.hmax
	}
	h := r.h
	if h == 0 {
		h = rdH0
	}
	h = math.Min(h, hmax)
	c.f(y, r.dy)
	var hacc, erracc float64
	accepted := 0
	reject := false
	needJac := true
	for nstep := 0; ; nstep++ {
		if nstep > rdMaxSteps || h < 1e-12 {
			return fmt.Errorf("%w at t = %g ms (step %g ms)", errSolver, t, h)
		}
		hprop := h
		last := false
		if t+1.01*h >= t1 {
			h, last = t1-t, true
		}
		if needJac {
			c.jacobian(y)
			needJac = false
		}
		if !c.factor(1/(r.tab.Gamma*h), &r.fa) {
			h *= 0.5
			reject = true
			continue
		}
		r.stages(h, y)
		err := r.errNorm(y)
		if math.IsNaN(err) || math.IsInf(err, 0) {
			r.Rejected++
			h *= 0.1
			reject = true
			continue
		}
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
			fg := (hacc / h) * math.Pow(err*err/erracc, 0.25) / rdSafe
			fg = math.Max(1/rdFacMax, math.Min(1/rdFacMin, fg))
			fac = math.Max(fac, fg)
			hnew = h / fac
		}
		hacc, erracc = h, math.Max(1e-2, err)
		accepted++
		r.Steps++
		stop := false
		if step != nil {
			r.denseCoefs()
			stop = step(t, h, y)
		}
		copy(y, r.ynew)
		if stop {
			r.h = hnew
			return nil
		}
		tn := t + h
		if last {
			tn = t1
		}
		t = tn
		if reject {
			hnew = math.Min(hnew, h)
		}
		reject = false
		hnew = math.Min(hnew, hmax)
		if last {
			r.h = math.Max(hnew, math.Min(hprop, hmax))
			return nil
		}
		h = hnew
		c.f(y, r.dy)
		needJac = true
	}
}

// errNorm is the largest block RMS of the error estimate k6.
// The slot blocks must end with sXD, sXS.
func (r *rodas) errNorm(y []float64) float64 {
	e, y1 := r.k[5], r.ynew
	sum := func(a, b int) float64 {
		s := 0.0
		for i := a; i < b; i++ {
			sc := r.atol + r.rtol*math.Max(math.Abs(y[i]), math.Abs(y1[i]))
			q := e[i] / sc
			s += q * q
		}
		return s
	}
	blk := func(a, b int) float64 { return sum(a, b) / float64(b-a) }
	// The shared block without the states of a mechanism that is off
	// (held at 0): they would only dilute the mean.
	m, nm := sum(0, gAH), gAH
	if r.c.p.SAHP.G != 0 {
		m, nm = m+sum(gAH, gAH+1), nm+1
	}
	if r.c.p.FFInh.G != 0 {
		m, nm = m+sum(gIA, gIB+1), nm+2
	}
	m /= float64(nm)
	vs := math.Abs(r.c.p.Cell.EPas)
	for j := nShared; j < r.n; j += nSlot {
		b := blk(j, j+sXD) * float64(sXD)
		// The own-release excesses are deviations of a potential: they
		// are measured on the potentials' scale, not their own.
		for i := j + sXD; i < j+nSlot; i++ {
			q := e[i] / (r.atol + r.rtol*math.Max(vs, math.Max(math.Abs(y[i]), math.Abs(y1[i]))))
			b += q * q
		}
		m = math.Max(m, b/nSlot)
	}
	return math.Sqrt(m)
}

func (r *rodas) solve(i int) {
	x := r.k[i]
	copy(x, r.rhs)
	r.c.solve(&r.fa, x)
}

// stages computes k1…k6 and ynew (autonomous Rodas4).
func (r *rodas) stages(h float64, y []float64) {
	q := &r.tab
	n := len(y)
	k1, k2, k3, k4, k5, k6 := r.k[0][:n], r.k[1][:n], r.k[2][:n], r.k[3][:n], r.k[4][:n], r.k[5][:n]
	rhs, ys, du, dy, ynew := r.rhs[:n], r.ys[:n], r.du[:n], r.dy[:n], r.ynew[:n]
	ih := 1 / h
	c := r.c
	copy(rhs, dy)
	r.solve(0)
	for i := range y {
		ys[i] = y[i] + q.A21*k1[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*q.C21*k1[i]
	}
	r.solve(1)
	for i := range y {
		ys[i] = y[i] + q.A31*k1[i] + q.A32*k2[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*(q.C31*k1[i]+q.C32*k2[i])
	}
	r.solve(2)
	for i := range y {
		ys[i] = y[i] + q.A41*k1[i] + q.A42*k2[i] + q.A43*k3[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*(q.C41*k1[i]+q.C42*k2[i]+q.C43*k3[i])
	}
	r.solve(3)
	for i := range y {
		ys[i] = y[i] + q.A51*k1[i] + q.A52*k2[i] + q.A53*k3[i] + q.A54*k4[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*(q.C51*k1[i]+q.C52*k2[i]+q.C53*k3[i]+q.C54*k4[i])
	}
	r.solve(4)
	for i := range y {
		ys[i] += k5[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*(q.C61*k1[i]+q.C62*k2[i]+q.C63*k3[i]+q.C64*k4[i]+q.C65*k5[i])
	}
	r.solve(5)
	for i := range y {
		ynew[i] = ys[i] + k6[i]
	}
}

func (r *rodas) denseCoefs() {
	q := &r.tab
	k1, k2, k3, k4, k5 := r.k[0], r.k[1], r.k[2], r.k[3], r.k[4]
	for i := range r.c2 {
		r.c2[i] = q.H21*k1[i] + q.H22*k2[i] + q.H23*k3[i] + q.H24*k4[i] + q.H25*k5[i]
		r.c3[i] = q.H31*k1[i] + q.H32*k2[i] + q.H33*k3[i] + q.H34*k4[i] + q.H35*k5[i]
	}
}

// dense is component i of the continuous extension at θ ∈ [0, 1] of the
// step just accepted (inside the step callback), from y0.
func (r *rodas) dense(i int, theta float64, y0 []float64) float64 {
	return (1-theta)*y0[i] + theta*(r.ynew[i]+(1-theta)*(r.c2[i]+theta*r.c3[i]))
}
