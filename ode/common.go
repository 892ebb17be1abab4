package ode

import (
	"fmt"
	"math"
	"sort"
)

// Defaults applied by resolve to zero fields of Settings.
const (
	defaultRelTol   = 1e-6
	defaultAbsTol   = 1e-9
	defaultMaxSteps = 10_000_000

	// underflowFactor: a step h ≤ underflowFactor·|t| cannot advance t
	// meaningfully in float64 (eps ≈ 2.2e-16, so about 45 ulps of t).
	underflowFactor = 1e-14

	// maxNonFinite is the number of consecutive step attempts producing
	// non-finite values, each with a step ten times shorter, before the
	// adaptive solvers give up with "non-finite value".
	maxNonFinite = 5
)

// resolve fills the zero fields of s with the documented defaults and
// panics, naming the solver and field, if a field is negative (misuse, as
// gonum panics on bad arguments).
func resolve(s Settings, who string) Settings {
	check := func(name string, v float64) {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			panic(fmt.Sprintf("ode: %s: Settings.%s = %g: must be finite and >= 0", who, name, v))
		}
	}
	check("RelTol", s.RelTol)
	check("AbsTol", s.AbsTol)
	check("H0", s.H0)
	check("HMax", s.HMax)
	if s.MaxSteps < 0 {
		panic(fmt.Sprintf("ode: %s: Settings.MaxSteps = %d: must be >= 0", who, s.MaxSteps))
	}
	if s.RelTol == 0 {
		s.RelTol = defaultRelTol
	}
	if s.AbsTol == 0 {
		s.AbsTol = defaultAbsTol
	}
	if s.MaxSteps == 0 {
		s.MaxSteps = defaultMaxSteps
	}
	return s
}

// checkArgs validates the arguments common to every Integrate method.
func checkArgs(who string, n int, t0, t1 float64, y []float64) error {
	if len(y) != n {
		return fmt.Errorf("ode: %s.Integrate: len(y) = %d: solver was made for n = %d", who, len(y), n)
	}
	if !(t1 >= t0) || math.IsInf(t0, 0) || math.IsInf(t1, 0) {
		return fmt.Errorf("ode: %s.Integrate: t0 = %g, t1 = %g: need finite t1 >= t0", who, t0, t1)
	}
	if i := firstNonFinite(y); i >= 0 {
		return &Error{T: t0, Index: i, Reason: "non-finite value"}
	}
	return nil
}

// tinyInterval reports whether [t0, t1] is too short for an adaptive step:
// a step h ≤ underflowFactor·|t| is refused as an underflow, so an interval
// that short (a record time a rounding error before an event, say) is
// covered by tinyStep instead.
func tinyInterval(t0, t1 float64) bool {
	return t1-t0 <= underflowFactor*math.Max(math.Abs(t0), math.Abs(t1))
}

// tinyStep covers an interval too short for an adaptive step with one
// explicit Euler step, y ← y + (t1−t0)·dy, where dy = f(t0, y) is given. Its
// local error, ½(t1−t0)²·|y”|, is below 1e-20 of any quantity that changes
// on the scale of 1 µs, and it is stable for any stiffness below
// 1/(t1−t0) ≥ 1e14/|t|. Samples of ts in (t0, t1] are observed at the new y.
func tinyStep(t0, t1 float64, y, dy, ts []float64, obs Observer) error {
	h := t1 - t0
	for i := range y {
		y[i] += h * dy[i]
	}
	if i := firstNonFinite(y); i >= 0 {
		return &Error{T: t0, Index: i, Reason: "non-finite value"}
	}
	if obs != nil {
		for k := firstSample(ts, t0); k < len(ts) && ts[k] <= t1; k++ {
			obs(ts[k], y)
		}
	}
	return nil
}

// firstSample returns the index of the first sample time strictly after t0.
func firstSample(ts []float64, t0 float64) int {
	return sort.Search(len(ts), func(i int) bool { return ts[i] > t0 })
}

// firstNonFinite returns the index of the first NaN or ±Inf in v, or -1.
// x − x is +0 for every finite x and NaN for NaN and ±Inf: one test in
// place of IsNaN and IsInf's three, on every stage of every step.
func firstNonFinite(v []float64) int {
	for i, x := range v {
		if x-x != 0 {
			return i
		}
	}
	return -1
}

// errNorm is Hairer's weighted RMS norm of the local error estimate e,
//
//	err = sqrt( (1/n) Σ (e_i / sc_i)² ),  sc_i = AbsTol + RelTol·max(|y0_i|, |y1_i|),
//
// Hairer, Nørsett & Wanner, Solving ODEs I (2nd ed., 1993), eq. II.4.11.
func errNorm(e, y0, y1 []float64, atol, rtol float64) float64 {
	var s float64
	for i, ei := range e {
		// The built-in max: math.Max's results (NaN and ±0 included)
		// without its call per component.
		sc := atol + rtol*max(math.Abs(y0[i]), math.Abs(y1[i]))
		r := ei / sc
		s += r * r
	}
	return math.Sqrt(s / float64(len(e)))
}

// initialStep is Hairer's starting-step algorithm (Solving ODEs I, II.4,
// p. 169; dopri5.f HINIT) for a method whose local error is O(h^(order+1)):
//
//	d0 = ‖y0‖, d1 = ‖f0‖, h0 = 0.01·d0/d1 (1e-6 if either is < 1e-5),
//	d2 = ‖f(t0+h0, y0+h0·f0) − f0‖ / h0,
//	h1 = (0.01 / max(d1, d2))^(1/(order+1)),  h = min(100·h0, h1, hmax),
//
// with ‖·‖ the RMS norm weighted by sc_i = AbsTol + RelTol·|y0_i|.
// ytmp and f1 are work arrays of length n; it costs one evaluation of f.
func initialStep(f Func, t0 float64, y0, f0, ytmp, f1 []float64, order int, atol, rtol, hmax float64) float64 {
	n := float64(len(y0))
	var d0, d1 float64
	for i := range y0 {
		sc := atol + rtol*math.Abs(y0[i])
		d0 += (y0[i] / sc) * (y0[i] / sc)
		d1 += (f0[i] / sc) * (f0[i] / sc)
	}
	d0, d1 = math.Sqrt(d0/n), math.Sqrt(d1/n)
	h0 := 1e-6
	if d0 >= 1e-5 && d1 >= 1e-5 {
		h0 = 0.01 * d0 / d1
	}
	h0 = math.Min(h0, hmax)
	for i := range y0 {
		ytmp[i] = y0[i] + h0*f0[i]
	}
	f(t0+h0, ytmp, f1)
	var d2 float64
	for i := range y0 {
		sc := atol + rtol*math.Abs(y0[i])
		r := (f1[i] - f0[i]) / sc
		d2 += r * r
	}
	d2 = math.Sqrt(d2/n) / h0
	var h1 float64
	if m := math.Max(d1, d2); m <= 1e-15 || math.IsNaN(m) {
		h1 = math.Max(1e-6, h0*1e-3)
	} else {
		h1 = math.Pow(0.01/m, 1/float64(order+1))
	}
	return math.Min(math.Min(100*h0, h1), hmax)
}
