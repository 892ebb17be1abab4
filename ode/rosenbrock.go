package ode

import (
	"math"

	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// JacFunc writes the Jacobian J_ij = ∂f_i/∂y_j at (t, y) into J (n×n). It
// must set every entry.
type JacFunc func(t float64, y []float64, J *mat.Dense)

// Rodas4 coefficients: Hairer & Wanner, Solving ODEs II (2nd ed. 1996),
// Table IV.7.4 ("RODAS"), transcribed from Hairer's rodas.f, subroutine
// ROCOE with METH = 1, in the transformed variables (a_ij, c_ij = C_ij/h,
// d_i = γ_i), with the dense-output coefficients D2j, D3j of rodas.f.
const (
	rdGamma = 0.25

	rdC2 = 0.386
	rdC3 = 0.21
	rdC4 = 0.63

	rdD1 = 0.25
	rdD2 = -0.1043
	rdD3 = 0.1035
	rdD4 = -0.3620000000000023e-1

	rdA21 = 1.544
	rdA31 = 0.9466785280815826
	rdA32 = 0.2557011698983284
	rdA41 = 3.314825187068521
	rdA42 = 2.896124015972201
	rdA43 = 0.9986419139977817
	rdA51 = 1.221224509226641
	rdA52 = 6.019134481288629
	rdA53 = 12.53708332932087
	rdA54 = -0.687886036105895

	rdC21 = -5.6688
	rdC31 = -2.430093356833875
	rdC32 = -0.2063599157091915
	rdC41 = -0.1073529058151375
	rdC42 = -9.594562251023355
	rdC43 = -20.47028614809616
	rdC51 = 7.496443313967647
	rdC52 = -10.24680431464352
	rdC53 = -33.99990352819905
	rdC54 = 11.7089089320616
	rdC61 = 8.083246795921522
	rdC62 = -7.981132988064893
	rdC63 = -31.52159432874371
	rdC64 = 16.3193054312314
	rdC65 = -6.058818238834054

	rdH21 = 10.12623508344586
	rdH22 = -7.487995877610167
	rdH23 = -34.80091861555747
	rdH24 = -7.992771707568823
	rdH25 = 1.025137723295662
	rdH31 = -0.6762803392801253
	rdH32 = 6.087714651680015
	rdH33 = 16.43084320892478
	rdH34 = 24.76722511418386
	rdH35 = -6.594389125716872
)

// Step-size control constants of rodas.f.
const (
	rdSafe    = 0.9 // safety factor
	rdFacMax  = 6.0 // largest step ratio hnew/h
	rdFacMin  = 0.2 // smallest step ratio hnew/h
	rdMaxSing = 5   // consecutive singular W (step halved each time) before giving up
)

// Rodas4 is the stiffly accurate, L-stable Rosenbrock method RODAS of order
// 4 with an embedded method of order 3 (Hairer & Wanner, Solving ODEs II,
// IV.7; Hairer's rodas.f). Each step solves six linear systems with one LU
// factorisation (LAPACK dgetrf via gonum's lapack64, a sparse LU once
// SetPattern has declared the Jacobian's nonzeros, or the caller's own
// linear algebra once SetLinear has given one) of
//
//	W = I/(γh) − J,  γ = 1/4,  J = ∂f/∂y(t, y),
//
// for the stages k_i:
//
//	W·k_i = f(t + c_i h, y + Σ_{j<i} a_ij k_j) + Σ_{j<i} (c_ij/h) k_j + γ_i h ∂f/∂t,
//
// then ŷ1 = y + Σ_{j<5} a_5j k_j + k_5 (embedded, order 3) and
// y1 = ŷ1 + k_6 (order 4; both stiffly accurate, a_6j = b̂_j, a_7j = b_j).
// The error estimate y1 − ŷ1 = k_6 is measured in Hairer's RMS norm (see
// errNorm). Coefficients γ_i are the d_i of rodas.f.
// The step-size controller is rodas.f's, with Gustafsson's predictive
// correction after accepted steps:
//
//	hnew = h / clamp(err^(1/4)/safe, 1/6, 5),
//	hnew ← min(hnew, h / clamp((h/hacc)·(err²/erracc)^(1/4)/safe, 1/6, 5)).
//
// Dense output is rodas.f's 3rd-order continuous extension
//
//	y(t + θh) = (1−θ)·y0 + θ·(y1 + (1−θ)·(Σ d_2j k_j + θ·Σ d_3j k_j)).
//
// The Jacobian is re-evaluated once per accepted step: from jac, or by
// forward differences with increment δ_j = sqrt(ε)·max(|y_j|, 1e-5) (n
// evaluations of f); the floor 1e-5 is lowered to AbsTol/RelTol when the
// tolerances declare smaller components significant (otherwise δ would
// exceed such a component itself, e.g. Robertson's y2 ≈ 1e-13 at t = 1e11,
// and the difference quotient of y2² would be off by 100%; this cut the
// steps there from 17664 to 1647). Unless Autonomous is set, ∂f/∂t is
// estimated by one forward difference in t, δ = sqrt(ε·max(1e-5, |t|)), per
// Jacobian (rodas.f).
//
// Like DOPRI5 it keeps the last proposed step between Integrate calls (Reset
// forgets it) and always re-evaluates f and J at the start of a call.
type Rodas4 struct {
	Steps          int // accepted steps
	Rejected       int // rejected steps
	Evals          int // evaluations of f (including finite differences)
	Jacobians      int // Jacobian evaluations
	Decompositions int // LU factorisations
	// SparseFallbacks counts the factorisations that, with a pattern set by
	// SetPattern, failed a check of the sparse LU and were redone densely.
	SparseFallbacks int

	// Autonomous declares that f does not depend on t explicitly, so the
	// ∂f/∂t term (one extra evaluation of f per Jacobian) is skipped.
	Autonomous bool

	s   Settings
	n   int
	h   float64
	jac JacFunc

	J, W *mat.Dense // W holds the dense LU factors of I/(γh) − J after factor (unless sp.ok)
	ipiv []int      // row pivots of the dense LU factorisation
	sp   *sparseLU  // sparse LU of a declared pattern (SetPattern), or nil
	lin  Linear     // the caller's Jacobian and linear algebra (SetLinear), or nil

	dy, fx, f1, ys, ynew, rhs []float64
	c2, c3                    []float64 // dense-output coefficients of the last accepted step (denseCoefs)
	k                         [6][]float64
}

// NewRodas4 returns a Rodas4 solver for systems of dimension n. jac may be
// nil, in which case the Jacobian is approximated by forward differences.
// It panics if n < 1 or a field of s is negative.
func NewRodas4(n int, s Settings, jac JacFunc) *Rodas4 {
	if n < 1 {
		panic("ode: NewRodas4: n must be >= 1")
	}
	r := &Rodas4{s: resolve(s, "NewRodas4"), n: n, jac: jac,
		J: mat.NewDense(n, n, nil), W: mat.NewDense(n, n, nil), ipiv: make([]int, n)}
	buf := make([]float64, 14*n)
	next := func() []float64 { v := buf[:n:n]; buf = buf[n:]; return v }
	r.dy, r.fx, r.f1, r.ys, r.ynew, r.rhs = next(), next(), next(), next(), next(), next()
	r.c2, r.c3 = next(), next()
	for i := range r.k {
		r.k[i] = next()
	}
	return r
}

// Reset forgets the step size kept from the previous Integrate call.
func (r *Rodas4) Reset() { r.h = 0 }

// Integrate advances y from t0 to t1; see Solver. On an *Error, y holds the
// last accepted state.
func (r *Rodas4) Integrate(f Func, t0, t1 float64, y []float64, ts []float64, obs Observer) error {
	if err := checkArgs("Rodas4", r.n, t0, t1, y); err != nil {
		return err
	}
	if t1 == t0 {
		return nil
	}
	hmax := maxStep(r.s.HMax, t0, t1)
	ks := firstSample(ts, t0)

	t := t0
	f(t, y, r.dy)
	r.Evals++
	if i := firstNonFinite(r.dy); i >= 0 {
		return &Error{T: t, Index: i, Reason: "non-finite value"}
	}
	if tinyInterval(t0, t1) {
		return tinyStep(t0, t1, y, r.dy, ts, obs)
	}
	h := r.firstStep(f, t, y, hmax)

	c := r.newControl(hmax)
	for nstep := 0; ; nstep++ {
		if e := stepGuard(nstep, r.s.MaxSteps, t, h); e != nil {
			if nstep > 0 {
				e.Index = worstComponent(r.k[5], y, r.ynew, c.atol, c.rtol)
			}
			return e
		}
		hprop := h
		var tn float64
		var last bool
		h, tn, last = clipStep(t, h, t1)
		hnew, ok, err := r.attempt(f, t, h, y, &c)
		if err != nil {
			return err
		}
		if !ok {
			h = hnew
			continue
		}
		ks = r.sample(ts, ks, t, tn, h, y, obs)
		copy(y, r.ynew)
		t = tn
		if last {
			r.h = math.Max(hnew, math.Min(hprop, hmax))
			return nil
		}
		h = hnew
		f(t, y, r.dy)
		r.Evals++
		c.needJac = true
	}
}

// jacobian evaluates J = ∂f/∂y at (t, y) (by the Linear of SetLinear, or
// analytic, or forward differences using r.dy = f(t, y)) and, unless
// Autonomous, fx = ∂f/∂t. It returns the first component with a
// non-finite derivative or difference, else -1.
func (r *Rodas4) jacobian(f Func, t float64, y []float64) int {
	r.Jacobians++
	if r.lin != nil {
		r.lin.Jacobian(t, y)
	} else if r.jac != nil {
		r.jac(t, y, r.J)
	} else {
		raw := r.J.RawMatrix()
		copy(r.ys, y)
		sqrtEps := math.Sqrt(epsilon)
		floor := math.Min(1e-5, r.s.AbsTol/r.s.RelTol)
		for j := range y {
			yj := y[j]
			delta := sqrtEps * math.Max(math.Abs(yj), floor)
			r.ys[j] = yj + delta
			delta = r.ys[j] - yj // the increment actually represented
			f(t, r.ys, r.f1)
			r.ys[j] = yj
			if i := firstNonFinite(r.f1); i >= 0 {
				r.Evals += j + 1
				return i
			}
			for i := range y {
				raw.Data[i*raw.Stride+j] = (r.f1[i] - r.dy[i]) / delta
			}
		}
		r.Evals += len(y)
	}
	if r.Autonomous {
		clear(r.fx)
		return -1
	}
	delta := math.Sqrt(epsilon * math.Max(1e-5, math.Abs(t)))
	f(t+delta, y, r.f1)
	r.Evals++
	for i := range y {
		r.fx[i] = (r.f1[i] - r.dy[i]) / delta
	}
	return firstNonFinite(r.fx)
}

// epsilon is the float64 unit roundoff 2^-52.
const epsilon = 0x1p-52

// factor forms W = I/(γh) − J and overwrites it with its LU factors (or
// has the Linear of SetLinear factorise it): the sparse ones of SetPattern's pattern if one is set and its checks pass,
// else the dense ones (partial pivoting, LAPACK dgetrf through gonum's
// lapack64, the routine behind mat.LU, called directly because
// mat.LU.Factorize also estimates the condition number and allocates pool
// buffers on every call). It reports false if W is exactly singular.
func (r *Rodas4) factor(h float64) bool {
	r.Decompositions++
	d := 1 / (rdGamma * h)
	if r.lin != nil {
		return r.lin.Factor(d)
	}
	if r.sp != nil {
		if r.sp.ok = r.factorSparse(d); r.sp.ok {
			return true
		}
		r.SparseFallbacks++
	}
	w, j := r.W.RawMatrix(), r.J.RawMatrix()
	for i := 0; i < r.n; i++ {
		wi, ji := w.Data[i*w.Stride:i*w.Stride+r.n], j.Data[i*j.Stride:i*j.Stride+r.n]
		for c := range wi {
			wi[c] = -ji[c]
		}
		wi[i] += d
	}
	return lapack64.Getrf(w, r.ipiv)
}

// solve sets k_i = W⁻¹·rhs using the LU factors from factor. For the dense
// factors: the row interchanges, then forward substitution with the unit
// lower factor and back substitution with the upper one (what dgetrs does,
// written out because for the small n of cell models its blocked BLAS calls
// cost more than the arithmetic); for the sparse ones, solveSparse; with a
// Linear (SetLinear), its Solve.
func (r *Rodas4) solve(i int) {
	x := r.k[i]
	copy(x, r.rhs)
	if r.lin != nil {
		r.lin.Solve(x)
		return
	}
	if r.sp != nil && r.sp.ok {
		r.solveSparse(x)
		return
	}
	for p, q := range r.ipiv {
		if p != q {
			x[p], x[q] = x[q], x[p]
		}
	}
	w := r.W.RawMatrix()
	n := r.n
	for p := 1; p < n; p++ {
		row := w.Data[p*w.Stride : p*w.Stride+p]
		s := x[p]
		for c, l := range row {
			s -= l * x[c]
		}
		x[p] = s
	}
	for p := n - 1; p >= 0; p-- {
		row := w.Data[p*w.Stride : p*w.Stride+n]
		s := x[p]
		for c := p + 1; c < n; c++ {
			s -= row[c] * x[c]
		}
		x[p] = s / row[p]
	}
}

// stages computes k_1…k_6 and ynew for a step of size h from (t, y), with
// r.dy = f(t, y) and r.fx = ∂f/∂t. It stops early if an evaluation of f is
// non-finite, returning that component's index (the origin of the failure,
// before the linear solves mix components), else -1; and the number of
// evaluations made.
func (r *Rodas4) stages(f Func, t, h float64, y []float64) (bad, evals int) {
	// Slices of len(y) exactly, so that the compiler drops the bounds
	// checks in the loops over y.
	n := len(y)
	k1, k2, k3, k4, k5, k6 := r.k[0][:n], r.k[1][:n], r.k[2][:n], r.k[3][:n], r.k[4][:n], r.k[5][:n]
	rhs, ys, fx, du, dy, ynew := r.rhs[:n], r.ys[:n], r.fx[:n], r.f1[:n], r.dy[:n], r.ynew[:n]
	hd1, hd2, hd3, hd4 := h*rdD1, h*rdD2, h*rdD3, h*rdD4
	ih := 1 / h

	for i := range y {
		rhs[i] = dy[i] + hd1*fx[i]
	}
	r.solve(0)

	for i := range y {
		ys[i] = y[i] + rdA21*k1[i]
	}
	f(t+rdC2*h, ys, du)
	evals++
	if i := firstNonFinite(du); i >= 0 {
		return i, evals
	}
	for i := range y {
		rhs[i] = du[i] + hd2*fx[i] + ih*rdC21*k1[i]
	}
	r.solve(1)

	for i := range y {
		ys[i] = y[i] + rdA31*k1[i] + rdA32*k2[i]
	}
	f(t+rdC3*h, ys, du)
	evals++
	if i := firstNonFinite(du); i >= 0 {
		return i, evals
	}
	for i := range y {
		rhs[i] = du[i] + hd3*fx[i] + ih*(rdC31*k1[i]+rdC32*k2[i])
	}
	r.solve(2)

	for i := range y {
		ys[i] = y[i] + rdA41*k1[i] + rdA42*k2[i] + rdA43*k3[i]
	}
	f(t+rdC4*h, ys, du)
	evals++
	if i := firstNonFinite(du); i >= 0 {
		return i, evals
	}
	for i := range y {
		rhs[i] = du[i] + hd4*fx[i] + ih*(rdC41*k1[i]+rdC42*k2[i]+rdC43*k3[i])
	}
	r.solve(3)

	for i := range y {
		ys[i] = y[i] + rdA51*k1[i] + rdA52*k2[i] + rdA53*k3[i] + rdA54*k4[i]
	}
	f(t+h, ys, du)
	evals++
	if i := firstNonFinite(du); i >= 0 {
		return i, evals
	}
	for i := range y {
		rhs[i] = du[i] + ih*(rdC51*k1[i]+rdC52*k2[i]+rdC53*k3[i]+rdC54*k4[i])
	}
	r.solve(4)

	// Embedded 3rd-order solution, then the stiffly accurate 4th-order one.
	for i := range y {
		ys[i] += k5[i]
	}
	f(t+h, ys, du)
	evals++
	if i := firstNonFinite(du); i >= 0 {
		return i, evals
	}
	for i := range y {
		rhs[i] = du[i] + ih*(rdC61*k1[i]+rdC62*k2[i]+rdC63*k3[i]+rdC64*k4[i]+rdC65*k5[i])
	}
	r.solve(5)
	for i := range y {
		ynew[i] = ys[i] + k6[i]
	}
	return -1, evals
}

// denseCoefs computes the step's dense-output coefficients (rodas.f's
// CONT(·, 2) and CONT(·, 3)) once, for every dense call within the step.
func (r *Rodas4) denseCoefs() {
	k1, k2, k3, k4, k5 := r.k[0], r.k[1], r.k[2], r.k[3], r.k[4]
	for i := range r.c2 {
		r.c2[i] = rdH21*k1[i] + rdH22*k2[i] + rdH23*k3[i] + rdH24*k4[i] + rdH25*k5[i]
		r.c3[i] = rdH31*k1[i] + rdH32*k2[i] + rdH33*k3[i] + rdH34*k4[i] + rdH35*k5[i]
	}
}

// dense writes rodas.f's continuous extension at t + θh into r.ys, from
// the coefficients of denseCoefs.
func (r *Rodas4) dense(theta float64, y0 []float64) {
	c2, c3, y1 := r.c2[:len(y0)], r.c3[:len(y0)], r.ynew[:len(y0)]
	for i := range y0 {
		r.ys[i] = (1-theta)*y0[i] + theta*(y1[i]+(1-theta)*(c2[i]+theta*c3[i]))
	}
}

// badIndex returns the first non-finite component of the trial solution,
// else of the stages, else -1.
func (r *Rodas4) badIndex() int {
	if i := firstNonFinite(r.ynew); i >= 0 {
		return i
	}
	for _, k := range r.k {
		if i := firstNonFinite(k); i >= 0 {
			return i
		}
	}
	return -1
}
