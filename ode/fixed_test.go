package ode

import (
	"math"
	"testing"
)

// orderTol is the allowed deviation of the observed order
// log2(e_h / e_{h/2}) from the method's order (house style, testing habit 2).
const orderTol = 0.2

// gridError integrates forcedDecay over [0, 2] and returns the largest
// error at the sample times 0.4, 0.8, …, 2 (grid points for every h used).
// The maximum over several times is used, not the end point alone, because
// the leading error coefficient at t = 2 alone is nearly cancelled for RK4
// (observed orders 2.8, 3.3, 3.8 at t = 2 only), hiding the asymptotic rate.
func gridError(t *testing.T, s Solver) float64 {
	t.Helper()
	p := forcedDecay()
	ts := []float64{0.4, 0.8, 1.2, 1.6, 2}
	want := make([]float64, 1)
	var worst float64
	y := append([]float64(nil), p.y0...)
	if err := s.Integrate(p.f, p.t0, p.t1, y, ts, func(tk float64, yk []float64) {
		p.exact(tk, want)
		worst = math.Max(worst, math.Abs(yk[0]-want[0]))
	}); err != nil {
		t.Fatal(err)
	}
	return worst
}

// TestFixedConvergenceOrder halves h four times on y' = −y + sin t over
// [0, 2] (exact solution in forcedDecay) and checks the observed order.
func TestFixedConvergenceOrder(t *testing.T) {
	cases := []struct {
		name  string
		make  func(h float64) Solver
		order float64
		h0    float64
	}{
		{"Euler", func(h float64) Solver { return NewEuler(1, h) }, 1, 0.1},
		{"Heun", func(h float64) Solver { return NewHeun(1, h) }, 2, 0.1},
		{"RK4", func(h float64) Solver { return NewRK4(1, h) }, 4, 0.2},
	}
	for _, c := range cases {
		var errs []float64
		for k := range 5 {
			errs = append(errs, gridError(t, c.make(c.h0/math.Exp2(float64(k)))))
		}
		for k := 1; k < len(errs); k++ {
			q := math.Log2(errs[k-1] / errs[k])
			t.Logf("%s h=%g: err %.3g, observed order %.3f", c.name, c.h0/math.Exp2(float64(k)), errs[k], q)
			if math.Abs(q-c.order) > orderTol {
				t.Errorf("%s: observed order %.3f at h = %g, want %g ± %g", c.name, q, c.h0/math.Exp2(float64(k)), c.order, orderTol)
			}
		}
	}
}

// TestDOPRI5FixedStepOrder runs DOPRI5 with a step fixed by HMax = H0 and
// tolerances so loose that no step is rejected, and checks order 5 (the
// propagated solution) on the same problem, h = 0.2 … 0.0125. dpOrderTol is
// wider than orderTol because at h = 0.2 the h⁶ term still adds about a
// quarter order (measured 5.25, then 5.13, 5.07, 5.03: converging to 5).
func TestDOPRI5FixedStepOrder(t *testing.T) {
	const dpOrderTol = 0.3
	var errs []float64
	for k := range 5 {
		h := 0.2 / math.Exp2(float64(k))
		s := NewDOPRI5(1, Settings{RelTol: 1, AbsTol: 1, H0: h, HMax: h})
		errs = append(errs, gridError(t, s))
		if s.Rejected != 0 || s.Steps != int(math.Round(2/h)) {
			t.Fatalf("h=%g: %d steps, %d rejected: not a fixed-step run", h, s.Steps, s.Rejected)
		}
	}
	for k := 1; k < len(errs); k++ {
		q := math.Log2(errs[k-1] / errs[k])
		t.Logf("DOPRI5 h=%g: err %.3g, observed order %.3f", 0.2/math.Exp2(float64(k)), errs[k], q)
		if math.Abs(q-5) > dpOrderTol {
			t.Errorf("DOPRI5: observed order %.3f, want 5 ± %g", q, dpOrderTol)
		}
	}
}

// fixedTol: RK4 at h = 1e-3 on the linear system over [0, 3]: global error
// ≈ C·h⁴ with C = O(1), i.e. about 1e-12; 1e-10 leaves margin.
const fixedTol = 1e-10

func TestRK4Analytic(t *testing.T) {
	for _, p := range analyticProblems() {
		s := NewRK4(p.n, 1e-3)
		y := append([]float64(nil), p.y0...)
		if err := s.Integrate(p.f, p.t0, p.t1, y, nil, nil); err != nil {
			t.Fatal(err)
		}
		want := make([]float64, p.n)
		p.exact(p.t1, want)
		if e := maxAbsErr(y, want); e > fixedTol {
			t.Errorf("%s: RK4 error %.3g, want ≤ %g", p.name, e, fixedTol)
		}
	}
}

// TestFixedLandsOnGrid checks that a span of whole steps takes exactly that
// many steps (no sliver step from rounding) and that a non-multiple span is
// finished by one shortened step: counted through f evaluations of Euler.
func TestFixedLandsOnGrid(t *testing.T) {
	for _, c := range []struct {
		t1    float64
		steps int
	}{{1, 10}, {1.05, 11}, {0.3, 3}} {
		evals := 0
		f := func(_ float64, y, dy []float64) { evals++; dy[0] = 1 }
		y := []float64{0}
		if err := NewEuler(1, 0.1).Integrate(f, 0, c.t1, y, nil, nil); err != nil {
			t.Fatal(err)
		}
		if evals != c.steps || math.Abs(y[0]-c.t1) > 1e-14 {
			t.Errorf("t1=%g: %d steps, y = %g; want %d steps, y = %g", c.t1, evals, y[0], c.steps, c.t1)
		}
	}
}

func BenchmarkRK4Oscillator(b *testing.B) {
	p := oscillator()
	s := NewRK4(2, 1e-3)
	y := make([]float64, 2)
	b.ReportAllocs()
	for b.Loop() {
		copy(y, p.y0)
		if err := s.Integrate(p.f, 0, 1, y, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}
