package ode

import "math"

// Dormand–Prince 5(4) coefficients: Dormand & Prince (1980) J Comput Appl
// Math 6:19–26, Table 2; as in Hairer's dopri5.f (Solving ODEs I, Table II.5.2).
const (
	dpC2 = 1.0 / 5
	dpC3 = 3.0 / 10
	dpC4 = 4.0 / 5
	dpC5 = 8.0 / 9

	dpA21 = 1.0 / 5
	dpA31 = 3.0 / 40
	dpA32 = 9.0 / 40
	dpA41 = 44.0 / 45
	dpA42 = -56.0 / 15
	dpA43 = 32.0 / 9
	dpA51 = 19372.0 / 6561
	dpA52 = -25360.0 / 2187
	dpA53 = 64448.0 / 6561
	dpA54 = -212.0 / 729
	dpA61 = 9017.0 / 3168
	dpA62 = -355.0 / 33
	dpA63 = 46732.0 / 5247
	dpA64 = 49.0 / 176
	dpA65 = -5103.0 / 18656
	dpA71 = 35.0 / 384 // = b1 (FSAL: stage 7 is evaluated at y1)
	dpA73 = 500.0 / 1113
	dpA74 = 125.0 / 192
	dpA75 = -2187.0 / 6784
	dpA76 = 11.0 / 84

	// e = b − b̂, the difference between the 5th- and 4th-order weights.
	dpE1 = 71.0 / 57600
	dpE3 = -71.0 / 16695
	dpE4 = 71.0 / 1920
	dpE5 = -17253.0 / 339200
	dpE6 = 22.0 / 525
	dpE7 = -1.0 / 40

	// Dense output (4th-order continuous extension): Hairer's dopri5.f,
	// after Shampine (1986) Math Comp 46:135; Solving ODEs I, II.6.
	dpD1 = -12715105075.0 / 11282082432
	dpD3 = 87487479700.0 / 32700410799
	dpD4 = -10690763975.0 / 1880347072
	dpD5 = 701980252875.0 / 199316789632
	dpD6 = -1453857185.0 / 822651844
	dpD7 = 69997945.0 / 29380423
)

// Step-size control constants of dopri5.f (defaults of WORK(2), WORK(3),
// WORK(4), WORK(5); Solving ODEs I, II.4 and IV.2).
const (
	dpSafe   = 0.9  // safety factor on the optimal step
	dpBeta   = 0.04 // PI (Lund-stabilised) controller exponent β
	dpFacMin = 0.2  // smallest step ratio hnew/h
	dpFacMax = 10   // largest step ratio hnew/h
	dpExpo1  = 0.2 - dpBeta*0.75
)

// DOPRI5 is the explicit Dormand–Prince 5(4) Runge–Kutta method with the
// first-same-as-last property (6 new evaluations of f per step) and local
// extrapolation (the 5th-order solution is propagated). The local error
// estimate e = h·Σ (b_j − b̂_j)·k_j is measured in Hairer's RMS norm (see
// errNorm) and the step is chosen by the PI controller of dopri5.f
// (Hairer, Nørsett & Wanner, Solving ODEs I, 2nd ed. 1993, II.4 and IV.2):
//
//	hnew = h / clamp( err^(1/5 − 0.75β) / (errold^β · safe), 1/10, 5 ),
//
// β = 0.04, safe = 0.9, errold = max(err of the last accepted step, 1e-4);
// after a rejection the step is not allowed to grow. The first step is
// Settings.H0, or the step kept from the previous call, or Hairer's
// starting-step algorithm (initialStep). Steps are clipped to land exactly
// on t1.
//
// Sample times inside a step are filled from the 4th-order continuous
// extension of dopri5.f (CONTD5; Hairer I, II.6, after Shampine 1986):
// with Δ = y1 − y0, b = h·k1 − Δ, θ ∈ [0, 1],
//
//	y(t + θh) = y0 + θ(Δ + (1−θ)(b + θ(Δ − h·k7 − b + (1−θ)·h·Σ_j d_j k_j))).
//
// The solver keeps the last proposed step between Integrate calls and starts
// the next call from it (clamped to HMax and the interval); f at the start
// is always re-evaluated, since the caller may have changed y (an event).
// Reset forgets the step. Steps, Rejected and Evals accumulate over calls
// (set them to zero to restart counting).
type DOPRI5 struct {
	Steps    int // accepted steps
	Rejected int // rejected steps (error too large or non-finite)
	Evals    int // evaluations of f

	s Settings
	n int
	h float64 // step proposed for the next call; 0 = none yet

	k1, k2, k3, k4, k5, k6, k7 []float64
	y1, ys, yd                 []float64
}

// NewDOPRI5 returns a DOPRI5 solver for systems of dimension n. It panics if
// n < 1 or a field of s is negative.
func NewDOPRI5(n int, s Settings) *DOPRI5 {
	if n < 1 {
		panic("ode: NewDOPRI5: n must be >= 1")
	}
	d := &DOPRI5{s: resolve(s, "NewDOPRI5"), n: n}
	buf := make([]float64, 10*n)
	next := func() []float64 { v := buf[:n:n]; buf = buf[n:]; return v }
	d.k1, d.k2, d.k3, d.k4, d.k5, d.k6, d.k7 = next(), next(), next(), next(), next(), next(), next()
	d.y1, d.ys, d.yd = next(), next(), next()
	return d
}

// Reset forgets the step size kept from the previous Integrate call, so the
// next call chooses its first step afresh (Settings.H0 or Hairer's algorithm).
func (d *DOPRI5) Reset() { d.h = 0 }

// Integrate advances y from t0 to t1; see Solver. On an *Error, y holds the
// last accepted state (at Error.T for "too many steps" and underflow).
func (d *DOPRI5) Integrate(f Func, t0, t1 float64, y []float64, ts []float64, obs Observer) error {
	if err := checkArgs("DOPRI5", d.n, t0, t1, y); err != nil {
		return err
	}
	if t1 == t0 {
		return nil
	}
	atol, rtol := d.s.AbsTol, d.s.RelTol
	hmax := maxStep(d.s.HMax, t0, t1)
	ks := firstSample(ts, t0)

	t := t0
	f(t, y, d.k1)
	d.Evals++
	if i := firstNonFinite(d.k1); i >= 0 {
		return &Error{T: t, Index: i, Reason: "non-finite value"}
	}
	if tinyInterval(t0, t1) {
		return tinyStep(t0, t1, y, d.k1, ts, obs)
	}
	h := d.firstStep(f, t, y, hmax)

	facold := 1e-4
	reject := false
	nonFinite := 0
	for nstep := 0; ; nstep++ {
		if e := stepGuard(nstep, d.s.MaxSteps, t, h); e != nil {
			if nstep > 0 {
				e.Index = worstComponent(d.yd, y, d.y1, atol, rtol)
			}
			return e
		}
		hprop := h
		var tn float64
		var last bool
		h, tn, last = clipStep(t, h, t1)
		d.stages(f, t, tn, h, y)
		d.Evals += 6

		err := d.errEstimate(h, y, atol, rtol)
		if math.IsNaN(err) || math.IsInf(err, 0) {
			nonFinite++
			d.Rejected++
			if nonFinite > maxNonFinite {
				return &Error{T: t, Index: d.badIndex(), Reason: "non-finite value"}
			}
			h *= 0.1
			reject = true
			continue
		}
		nonFinite = 0

		fac11 := math.Pow(err, dpExpo1)
		if err > 1 {
			// Rejected: no PI memory, plain step reduction.
			d.Rejected++
			h /= math.Min(1/dpFacMin, fac11/dpSafe)
			reject = true
			continue
		}
		fac := fac11 / math.Pow(facold, dpBeta)
		fac = math.Max(1/dpFacMax, math.Min(1/dpFacMin, fac/dpSafe))
		hnew := h / fac
		facold = math.Max(err, 1e-4)
		d.Steps++

		ks = d.sample(ts, ks, t, tn, h, y, obs)
		copy(y, d.y1)
		d.k1, d.k7 = d.k7, d.k1 // FSAL
		t = tn
		if reject {
			hnew = math.Min(hnew, h)
		}
		reject = false
		hnew = math.Min(hnew, hmax)
		if last {
			// Keep the controller's proposal, not the clipped final step.
			d.h = math.Max(hnew, math.Min(hprop, hmax))
			return nil
		}
		h = hnew
	}
}

// firstStep returns the first step of an integration from (t, y), with
// d.k1 = f(t, y): the step kept from the previous call, else Settings.H0,
// else Hairer's starting step (initialStep, one evaluation of f); at most
// hmax.
func (d *DOPRI5) firstStep(f Func, t float64, y []float64, hmax float64) float64 {
	h := d.h
	if h == 0 {
		h = d.s.H0
	}
	if h == 0 {
		h = initialStep(f, t, y, d.k1, d.ys, d.k2, 4, d.s.AbsTol, d.s.RelTol, hmax)
		d.Evals++
	}
	return math.Min(h, hmax)
}

// errEstimate forms the local error estimate yd = h·Σ_j (b_j − b̂_j)·k_j of
// the step of size h from y whose stages were just evaluated, and returns
// its norm (errNorm).
func (d *DOPRI5) errEstimate(h float64, y []float64, atol, rtol float64) float64 {
	for i := range d.yd {
		d.yd[i] = h * (dpE1*d.k1[i] + dpE3*d.k3[i] + dpE4*d.k4[i] + dpE5*d.k5[i] + dpE6*d.k6[i] + dpE7*d.k7[i])
	}
	return errNorm(d.yd, y, d.y1, atol, rtol)
}

// sample passes to obs (if not nil) the sample times ts[ks:] up to tn of
// the accepted step of size h from (t, y) to (tn, y1): y1 itself at tn,
// the continuous extension (dense) before it. It returns the index of the
// first sample time after tn.
func (d *DOPRI5) sample(ts []float64, ks int, t, tn, h float64, y []float64, obs Observer) int {
	for ; ks < len(ts) && ts[ks] <= tn; ks++ {
		if obs == nil {
			continue
		}
		if ts[ks] == tn {
			obs(tn, d.y1)
			continue
		}
		d.dense((ts[ks]-t)/h, h, y)
		obs(ts[ks], d.ys)
	}
	return ks
}

// stages evaluates stages 2–7 of one step of size h from (t, y), leaving the
// 5th-order solution in y1 and f(tn, y1) in k7.
func (d *DOPRI5) stages(f Func, t, tn, h float64, y []float64) {
	k1, k2, k3, k4, k5, k6, k7, ys := d.k1, d.k2, d.k3, d.k4, d.k5, d.k6, d.k7, d.ys
	for i := range y {
		ys[i] = y[i] + h*dpA21*k1[i]
	}
	f(t+dpC2*h, ys, k2)
	for i := range y {
		ys[i] = y[i] + h*(dpA31*k1[i]+dpA32*k2[i])
	}
	f(t+dpC3*h, ys, k3)
	for i := range y {
		ys[i] = y[i] + h*(dpA41*k1[i]+dpA42*k2[i]+dpA43*k3[i])
	}
	f(t+dpC4*h, ys, k4)
	for i := range y {
		ys[i] = y[i] + h*(dpA51*k1[i]+dpA52*k2[i]+dpA53*k3[i]+dpA54*k4[i])
	}
	f(t+dpC5*h, ys, k5)
	for i := range y {
		ys[i] = y[i] + h*(dpA61*k1[i]+dpA62*k2[i]+dpA63*k3[i]+dpA64*k4[i]+dpA65*k5[i])
	}
	f(tn, ys, k6)
	y1 := d.y1
	for i := range y {
		y1[i] = y[i] + h*(dpA71*k1[i]+dpA73*k3[i]+dpA74*k4[i]+dpA75*k5[i]+dpA76*k6[i])
	}
	f(tn, y1, k7)
}

// dense writes the continuous extension at t + θh into d.ys (dopri5.f CONTD5).
func (d *DOPRI5) dense(theta, h float64, y0 []float64) {
	th1 := 1 - theta
	for i := range y0 {
		diff := d.y1[i] - y0[i]
		bspl := h*d.k1[i] - diff
		r4 := diff - h*d.k7[i] - bspl
		r5 := h * (dpD1*d.k1[i] + dpD3*d.k3[i] + dpD4*d.k4[i] + dpD5*d.k5[i] + dpD6*d.k6[i] + dpD7*d.k7[i])
		d.ys[i] = y0[i] + theta*(diff+th1*(bspl+theta*(r4+th1*r5)))
	}
}

// badIndex returns the first component that is non-finite in the trial
// solution, else in the last stage derivatives, else -1.
func (d *DOPRI5) badIndex() int {
	for _, v := range [][]float64{d.y1, d.k7, d.k2, d.k3, d.k4, d.k5, d.k6} {
		if i := firstNonFinite(v); i >= 0 {
			return i
		}
	}
	return -1
}
