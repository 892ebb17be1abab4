package ode

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Contract tests run against every Solver in this package.

// restartTol: two calls at tol 1e-10 each, on a contracting problem.
const restartTol = 1e-8

// TestEventRestart integrates y' = −y to t = 1, adds a jump of 1 and
// continues to t = 2: exact y(2) = (e^(−1) + 1)·e^(−1).
func TestEventRestart(t *testing.T) {
	f := func(_ float64, y, dy []float64) { dy[0] = -y[0] }
	want := (math.Exp(-1) + 1) * math.Exp(-1)
	for _, s := range solversFor(1) {
		y := []float64{1}
		if err := s.solver.Integrate(f, 0, 1, y, nil, nil); err != nil {
			t.Fatal(err)
		}
		y[0] += 1
		if err := s.solver.Integrate(f, 1, 2, y, nil, nil); err != nil {
			t.Fatal(err)
		}
		if d := math.Abs(y[0] - want); d > s.tol {
			t.Errorf("%s: y(2) = %.12g, want %.12g (|diff| %.3g > %g)", s.name, y[0], want, d, s.tol)
		}
	}
}

// namedSolver pairs a solver with the accuracy it is expected to reach on
// the smooth test problems of this file.
type namedSolver struct {
	name   string
	solver Solver
	tol    float64
}

func solversFor(n int) []namedSolver {
	return []namedSolver{
		{"DOPRI5", NewDOPRI5(n, Settings{RelTol: 1e-10, AbsTol: 1e-10}), restartTol},
		{"Rodas4", NewRodas4(n, Settings{RelTol: 1e-10, AbsTol: 1e-10}, nil), restartTol},
		// RK4 at h = 1e-3: error ≈ h⁴·|y⁽⁵⁾|/120·T ≈ 1e-14; Heun at
		// h = 1e-4: ≈ h²/6·T ≈ 3e-9; Euler at h = 1e-5: ≈ h/2·y ≈ 5e-6.
		{"RK4", NewRK4(n, 1e-3), 1e-10},
		{"Heun", NewHeun(n, 1e-4), 1e-8},
		{"Euler", NewEuler(n, 1e-5), 1e-5},
	}
}

func TestNonFiniteError(t *testing.T) {
	// Component 1's derivative becomes NaN once t > 0.5.
	f := func(t float64, y, dy []float64) {
		dy[0] = -y[0]
		dy[1] = -y[1]
		if t > 0.5 {
			dy[1] = math.NaN()
		}
	}
	for _, s := range solversFor(2) {
		y := []float64{1, 1}
		err := s.solver.Integrate(f, 0, 1, y, nil, nil)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: got %v, want *Error", s.name, err)
		}
		if e.Reason != "non-finite value" || e.Index != 1 {
			t.Errorf("%s: got %q in component %d, want \"non-finite value\" in component 1", s.name, e.Reason, e.Index)
		}
		// Adaptive solvers close in on 0.5 from below; a fixed-step method
		// reports the start of the step whose evaluation failed (Euler
		// evaluates only at the step start, so that is one step past 0.5).
		if e.T > 0.5+1e-3 || e.T < 0.4 {
			t.Errorf("%s: error at t = %g, want near 0.5", s.name, e.T)
		}
		t.Logf("%s: %v", s.name, err)
	}
}

func TestTooManySteps(t *testing.T) {
	p := oscillator()
	for _, s := range []Solver{
		NewDOPRI5(2, Settings{MaxSteps: 5, RelTol: 1e-10}),
		NewRodas4(2, Settings{MaxSteps: 5, RelTol: 1e-10}, nil),
	} {
		y := append([]float64(nil), p.y0...)
		err := s.Integrate(p.f, 0, 20, y, nil, nil)
		var e *Error
		// The error names the component whose error estimate limits the
		// step (either of the oscillator's two).
		if !errors.As(err, &e) || e.Reason != "too many steps" || e.Index < 0 || e.Index > 1 {
			t.Errorf("%T: got %v, want *Error \"too many steps\" in component 0 or 1", s, err)
		}
	}
}

// TestObserver checks the Solver contract for every solver: one call per
// sample in (t0, t1], in order, with y(t) (here y = e^(−t)).
func TestObserver(t *testing.T) {
	f := func(_ float64, y, dy []float64) { dy[0] = -y[0] }
	// Includes t0 (excluded), a duplicate-free sorted set, t1 itself and a
	// time beyond t1 (excluded).
	ts := []float64{0, 0.01, 0.3, 0.3333, 0.5, 1.0, 1.7, 2.0, 2.5}
	for _, s := range solversFor(1) {
		for _, span := range [][2]float64{{0, 1}, {1, 2}} {
			y := []float64{math.Exp(-span[0])}
			var got []float64
			err := s.solver.Integrate(f, span[0], span[1], y, ts, func(tk float64, yk []float64) {
				got = append(got, tk)
				if d := math.Abs(yk[0] - math.Exp(-tk)); d > s.tol {
					t.Errorf("%s: y(%g) = %.12g, want %.12g", s.name, tk, yk[0], math.Exp(-tk))
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			var want []float64
			for _, tk := range ts {
				if tk > span[0] && tk <= span[1] {
					want = append(want, tk)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%s %v: observer at %v, want %v", s.name, span, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s %v: observer at %v, want %v", s.name, span, got, want)
					break
				}
			}
		}
	}
}

// TestStepSizeUnderflow integrates y' = y², y(0) = 1, whose solution
// 1/(1 − t) blows up at t = 1: the adaptive solvers must stop there with
// "step size underflow" rather than loop or return garbage.
func TestStepSizeUnderflow(t *testing.T) {
	f := func(_ float64, y, dy []float64) { dy[0] = y[0] * y[0] }
	for _, s := range []Solver{NewDOPRI5(1, Settings{}), NewRodas4(1, Settings{}, nil)} {
		y := []float64{1}
		err := s.Integrate(f, 0, 2, y, nil, nil)
		var e *Error
		if !errors.As(err, &e) || e.Reason != "step size underflow" {
			t.Fatalf("%T: got %v, want step size underflow", s, err)
		}
		// The solvers run a little past the pole before h collapses.
		if math.Abs(e.T-1) > 1e-5 {
			t.Errorf("%T: underflow at t = %g, want ≈ 1", s, e.T)
		}
		t.Logf("%T: %v", s, err)
	}
}

// TestMisuse checks argument errors and constructor panics name what failed.
func TestMisuse(t *testing.T) {
	f := func(_ float64, y, dy []float64) { dy[0] = -y[0] }
	for _, s := range solversFor(1) {
		if err := s.solver.Integrate(f, 0, 1, []float64{1, 2}, nil, nil); err == nil || !strings.Contains(err.Error(), "len(y) = 2") {
			t.Errorf("%s: wrong length: got %v", s.name, err)
		}
		if err := s.solver.Integrate(f, 1, 0, []float64{1}, nil, nil); err == nil || !strings.Contains(err.Error(), "t1 >= t0") {
			t.Errorf("%s: t1 < t0: got %v", s.name, err)
		}
		y := []float64{1}
		if err := s.solver.Integrate(f, 1, 1, y, []float64{1}, func(float64, []float64) {
			t.Errorf("%s: observer called on an empty interval", s.name)
		}); err != nil || y[0] != 1 {
			t.Errorf("%s: t1 = t0: got %v, y = %g", s.name, err, y[0])
		}
		var e *Error
		if err := s.solver.Integrate(f, 0, 1, []float64{math.Inf(1)}, nil, nil); !errors.As(err, &e) || e.Index != 0 {
			t.Errorf("%s: non-finite y0: got %v", s.name, err)
		}
	}
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "Settings.RelTol = -1") {
			t.Errorf("negative RelTol: panic %q", msg)
		}
	}()
	NewDOPRI5(1, Settings{RelTol: -1})
}

// agreeTol: DOPRI5 and Rodas4 at tol 1e-10 and RK4 at h = 1e-3 on Van der
// Pol with μ = 1 over [0, 10] (no closed form) each carry errors of order
// 1e-9; agreement to 1e-7 checks they solve the same equations the same way
// (independent methods, as Brian2 compares back-ends).
const agreeTol = 1e-7

func TestSolversAgree(t *testing.T) {
	f := func(_ float64, y, dy []float64) {
		dy[0] = y[1]
		dy[1] = (1-y[0]*y[0])*y[1] - y[0]
	}
	ts := []float64{1, 2.5, 5, 7.5, 10}
	results := map[string][][]float64{}
	for _, s := range []namedSolver{
		{"DOPRI5", NewDOPRI5(2, Settings{RelTol: 1e-10, AbsTol: 1e-10}), 0},
		{"Rodas4", NewRodas4(2, Settings{RelTol: 1e-10, AbsTol: 1e-10}, nil), 0},
		{"RK4", NewRK4(2, 1e-3), 0},
	} {
		y := []float64{2, 0}
		if err := s.solver.Integrate(f, 0, 10, y, ts, func(_ float64, yk []float64) {
			results[s.name] = append(results[s.name], append([]float64(nil), yk...))
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"Rodas4", "RK4"} {
		for k := range ts {
			if d := maxAbsErr(results[name][k], results["DOPRI5"][k]); d > agreeTol {
				t.Errorf("t=%g: %s differs from DOPRI5 by %.3g, want ≤ %g", ts[k], name, d, agreeTol)
			}
		}
	}
}

// TestTinyInterval: an interval shorter than the smallest step an adaptive
// solver can take at that time (a record time 1e-10 ms before an event at
// t = 9e5 ms, issue 14 §1) is covered by one Euler step instead of failing
// with "step size underflow", and its samples are observed.
func TestTinyInterval(t *testing.T) {
	f := func(_ float64, y, dy []float64) { dy[0] = -y[0] }
	t0 := 900159.9999999999
	t1 := 900160.0
	for _, s := range []struct {
		name string
		sol  Solver
	}{{"Rodas4", NewRodas4(1, Settings{}, nil)}, {"DOPRI5", NewDOPRI5(1, Settings{})}} {
		y := []float64{1}
		seen := 0
		err := s.sol.Integrate(f, t0, t1, y, []float64{t1}, func(tt float64, yy []float64) {
			seen++
			if tt != t1 {
				t.Errorf("%s: observed t = %g, want %g", s.name, tt, t1)
			}
		})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		want := math.Exp(-(t1 - t0))
		if math.Abs(y[0]-want) > 1e-15 || seen != 1 {
			t.Errorf("%s: y = %.17g (want %.17g), %d samples observed (want 1)", s.name, y[0], want, seen)
		}
	}
}

// TestRoot4IsPowAndNonFinite: root4 is math.Pow(x, 0.25) bit for bit (but
// at −Inf) and firstNonFinite finds exactly NaN and ±Inf, over special
// values and random magnitudes from 1e-300 to 1e300.
func TestRoot4IsPowAndNonFinite(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 2, math.Inf(1), math.Inf(-1), math.NaN(),
		math.SmallestNonzeroFloat64, math.MaxFloat64, 1 - 0x1p-53, 1 + 0x1p-52}
	rng := rand.New(rand.NewPCG(4, 4))
	for range 100000 {
		xs = append(xs, math.Pow(10, 600*rng.Float64()-300))
	}
	for _, x := range xs {
		if a, b := root4(x), math.Pow(x, 0.25); math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) && !math.IsInf(x, -1) {
			t.Fatalf("root4(%g) = %v, math.Pow = %v", x, a, b)
		}
		want := -1
		if math.IsNaN(x) || math.IsInf(x, 0) {
			want = 0
		}
		if got := firstNonFinite([]float64{x}); got != want {
			t.Fatalf("firstNonFinite([%g]) = %d, want %d", x, got, want)
		}
	}
}
