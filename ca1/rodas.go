package ca1

import (
	"errors"
	"fmt"
	"math"
)

// rodas is the Rodas4 method of package ode (Hairer & Wanner, Solving ODEs
// II, IV.7; rodas.f, coefficients copied from ode/rosenbrock.go) written
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

	Steps, Rejected int
}

// Rodas4 coefficients (ode/rosenbrock.go: Hairer's rodas.f, METH = 1).
const (
	rdGamma    = 0.25
	rdA21      = 1.544
	rdA31      = 0.9466785280815826
	rdA32      = 0.2557011698983284
	rdA41      = 3.314825187068521
	rdA42      = 2.896124015972201
	rdA43      = 0.9986419139977817
	rdA51      = 1.221224509226641
	rdA52      = 6.019134481288629
	rdA53      = 12.53708332932087
	rdA54      = -0.687886036105895
	rdC21      = -5.6688
	rdC31      = -2.430093356833875
	rdC32      = -0.2063599157091915
	rdC41      = -0.1073529058151375
	rdC42      = -9.594562251023355
	rdC43      = -20.47028614809616
	rdC51      = 7.496443313967647
	rdC52      = -10.24680431464352
	rdC53      = -33.99990352819905
	rdC54      = 11.7089089320616
	rdC61      = 8.083246795921522
	rdC62      = -7.981132988064893
	rdC63      = -31.52159432874371
	rdC64      = 16.3193054312314
	rdC65      = -6.058818238834054
	rdH21      = 10.12623508344586
	rdH22      = -7.487995877610167
	rdH23      = -34.80091861555747
	rdH24      = -7.992771707568823
	rdH25      = 1.025137723295662
	rdH31      = -0.6762803392801253
	rdH32      = 6.087714651680015
	rdH33      = 16.43084320892478
	rdH34      = 24.76722511418386
	rdH35      = -6.594389125716872
	rdSafe     = 0.9
	rdFacMax   = 6.0
	rdFacMin   = 0.2
	rdH0       = 0.01 // first step after a reset [ms]: below the AMPA rise (0.2 ms)
	rdMaxSteps = 10_000_000
)

func newRodas(c *cable, rtol, atol float64) *rodas {
	r := &rodas{c: c, rtol: rtol, atol: atol, n: c.n}
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
		if !c.factor(1/(rdGamma*h), &r.fa) {
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
	blk := func(a, b int) float64 {
		s := 0.0
		for i := a; i < b; i++ {
			sc := r.atol + r.rtol*math.Max(math.Abs(y[i]), math.Abs(y1[i]))
			q := e[i] / sc
			s += q * q
		}
		return s / float64(b-a)
	}
	m := blk(0, nShared)
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
	n := len(y)
	k1, k2, k3, k4, k5, k6 := r.k[0][:n], r.k[1][:n], r.k[2][:n], r.k[3][:n], r.k[4][:n], r.k[5][:n]
	rhs, ys, du, dy, ynew := r.rhs[:n], r.ys[:n], r.du[:n], r.dy[:n], r.ynew[:n]
	ih := 1 / h
	c := r.c
	copy(rhs, dy)
	r.solve(0)
	for i := range y {
		ys[i] = y[i] + rdA21*k1[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*rdC21*k1[i]
	}
	r.solve(1)
	for i := range y {
		ys[i] = y[i] + rdA31*k1[i] + rdA32*k2[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*(rdC31*k1[i]+rdC32*k2[i])
	}
	r.solve(2)
	for i := range y {
		ys[i] = y[i] + rdA41*k1[i] + rdA42*k2[i] + rdA43*k3[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*(rdC41*k1[i]+rdC42*k2[i]+rdC43*k3[i])
	}
	r.solve(3)
	for i := range y {
		ys[i] = y[i] + rdA51*k1[i] + rdA52*k2[i] + rdA53*k3[i] + rdA54*k4[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*(rdC51*k1[i]+rdC52*k2[i]+rdC53*k3[i]+rdC54*k4[i])
	}
	r.solve(4)
	for i := range y {
		ys[i] += k5[i]
	}
	c.f(ys, du)
	for i := range y {
		rhs[i] = du[i] + ih*(rdC61*k1[i]+rdC62*k2[i]+rdC63*k3[i]+rdC64*k4[i]+rdC65*k5[i])
	}
	r.solve(5)
	for i := range y {
		ynew[i] = ys[i] + k6[i]
	}
}

func (r *rodas) denseCoefs() {
	k1, k2, k3, k4, k5 := r.k[0], r.k[1], r.k[2], r.k[3], r.k[4]
	for i := range r.c2 {
		r.c2[i] = rdH21*k1[i] + rdH22*k2[i] + rdH23*k3[i] + rdH24*k4[i] + rdH25*k5[i]
		r.c3[i] = rdH31*k1[i] + rdH32*k2[i] + rdH33*k3[i] + rdH34*k4[i] + rdH35*k5[i]
	}
}

// dense is component i of the continuous extension at θ ∈ [0, 1] of the
// step just accepted (inside the step callback), from y0.
func (r *rodas) dense(i int, theta float64, y0 []float64) float64 {
	return (1-theta)*y0[i] + theta*(r.ynew[i]+(1-theta)*(r.c2[i]+theta*r.c3[i]))
}
