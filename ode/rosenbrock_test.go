package ode

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// stiffRelTol is the relative accuracy demanded against the published
// reference solutions (brief: 1e-4 at RelTol = 1e-8; reference values carry
// ≥ 10 correct digits).
const stiffRelTol = 1e-4

// conservationTol: y1 + y2 + y3 is invariant for Robertson, and a Rosenbrock
// method preserves linear invariants exactly up to rounding (each stage is a
// linear combination of f-values and W⁻¹ applied to them, and eᵀf = 0,
// eᵀJ = 0); a few hundred steps of rounding stay far below 1e-10.
const conservationTol = 1e-10

func TestRodas4StiffReferences(t *testing.T) {
	cases := []struct {
		p          reference
		rtol, atol float64
		maxSteps   int // budget showing "reasonable step counts"
	}{
		// Robertson: AbsTol must be far below y2 ≈ 1e-5…1e-13.
		{robertson40(), 1e-8, 1e-14, 1000},
		{robertson1e11(), 1e-8, 1e-20, 5000},
		{vanDerPol(), 1e-8, 1e-8, 5000},
		{hires(), 1e-10, 1e-12, 5000},
	}
	for _, c := range cases {
		for _, analyticJac := range []bool{false, true} {
			jac := c.p.jac
			if !analyticJac {
				jac = nil
			}
			if analyticJac && jac == nil {
				continue
			}
			s := NewRodas4(len(c.p.y0), Settings{RelTol: c.rtol, AbsTol: c.atol}, jac)
			s.Autonomous = true
			y := append([]float64(nil), c.p.y0...)
			if err := s.Integrate(c.p.f, 0, c.p.t1, y, nil, nil); err != nil {
				t.Fatalf("%s: %v", c.p.name, err)
			}
			rel := maxRelErr(y, c.p.want)
			t.Logf("%s (analytic J %v, rtol %g, atol %g): max rel err %.3g; steps %d, rejected %d, f evals %d, Jacobians %d, LU %d",
				c.p.name, analyticJac, c.rtol, c.atol, rel, s.Steps, s.Rejected, s.Evals, s.Jacobians, s.Decompositions)
			if rel > stiffRelTol {
				t.Errorf("%s: max relative error %.3g vs %s, want ≤ %g\n got %v\nwant %v", c.p.name, rel, c.p.source, stiffRelTol, y, c.p.want)
			}
			if s.Steps+s.Rejected > c.maxSteps {
				t.Errorf("%s: %d steps + %d rejected, want ≤ %d", c.p.name, s.Steps, s.Rejected, c.maxSteps)
			}
			if strings.HasPrefix(c.p.name, "Robertson") {
				if d := math.Abs(y[0] + y[1] + y[2] - 1); d > conservationTol {
					t.Errorf("%s: |y1+y2+y3 − 1| = %.3g, want ≤ %g", c.p.name, d, conservationTol)
				}
			}
		}
	}
}

// TestRobertsonExplicitVsRodas4 shows why the stiff solver exists: on
// Robertson to t = 40 DOPRI5's step is bounded by stability (|hλ| ≲ 3.3
// with λ ≈ −1e4·y3 …), not accuracy.
func TestRobertsonExplicitVsRodas4(t *testing.T) {
	p := robertson40()
	set := Settings{RelTol: 1e-6, AbsTol: 1e-12}
	dp := NewDOPRI5(3, set)
	y := append([]float64(nil), p.y0...)
	if err := dp.Integrate(p.f, 0, p.t1, y, nil, nil); err != nil {
		t.Fatal(err)
	}
	dpErr := maxRelErr(y, p.want)
	rd := NewRodas4(3, set, nil)
	y = append(y[:0], p.y0...)
	if err := rd.Integrate(p.f, 0, p.t1, y, nil, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("Robertson t=40, rtol 1e-6: DOPRI5 %d steps (%d rejected, %d evals, rel err %.2g); Rodas4 %d steps (%d rejected, %d evals, rel err %.2g)",
		dp.Steps, dp.Rejected, dp.Evals, dpErr, rd.Steps, rd.Rejected, rd.Evals, maxRelErr(y, p.want))
	// "Vastly more": two orders of magnitude.
	if dp.Steps < 100*rd.Steps {
		t.Errorf("DOPRI5 took %d steps, Rodas4 %d: expected ≥ 100× more for the explicit method", dp.Steps, rd.Steps)
	}
}

// rdGlobalFactor bounds Rodas4's global error on the smooth analytic
// problems by rdGlobalFactor·tol. Rodas4 propagates the 4th-order solution
// while controlling with the 3rd-order embedded one (local extrapolation),
// so the actual error is below tol for small tol; the factor covers the
// loose end and accumulation over 20 time units (oscillator).
const rdGlobalFactor = 100

func TestRodas4Analytic(t *testing.T) {
	for _, p := range analyticProblems() {
		for _, tol := range []float64{1e-6, 1e-9} {
			s := NewRodas4(p.n, Settings{RelTol: tol, AbsTol: tol}, nil)
			y := append([]float64(nil), p.y0...)
			if err := s.Integrate(p.f, p.t0, p.t1, y, nil, nil); err != nil {
				t.Fatal(err)
			}
			want := make([]float64, p.n)
			p.exact(p.t1, want)
			e := maxAbsErr(y, want)
			t.Logf("%s tol=%g: err %.3g, steps %d, rejected %d, evals %d", p.name, tol, e, s.Steps, s.Rejected, s.Evals)
			if e > rdGlobalFactor*tol {
				t.Errorf("%s tol=%g: |y(t1) − exact| = %.3g, want ≤ %g", p.name, tol, e, rdGlobalFactor*tol)
			}
		}
	}
}

// TestRodas4ToleranceProportionality: the maximum error over 0.1-spaced
// samples must fall by at least dpProportionality (30) for a 100× tighter
// tolerance (1e-6 → 1e-8). Measured ratios: 84–115.
func TestRodas4ToleranceProportionality(t *testing.T) {
	for _, p := range analyticProblems() {
		var ts []float64
		for k := 1; p.t0+0.1*float64(k) <= p.t1; k++ {
			ts = append(ts, p.t0+0.1*float64(k))
		}
		errAt := func(tol float64) float64 {
			s := NewRodas4(p.n, Settings{RelTol: tol, AbsTol: tol}, nil)
			y := append([]float64(nil), p.y0...)
			want := make([]float64, p.n)
			var worst float64
			if err := s.Integrate(p.f, p.t0, p.t1, y, ts, func(tk float64, yk []float64) {
				p.exact(tk, want)
				worst = math.Max(worst, maxAbsErr(yk, want))
			}); err != nil {
				t.Fatal(err)
			}
			return worst
		}
		e1, e2 := errAt(1e-6), errAt(1e-8)
		t.Logf("%s: err(1e-6) = %.3g, err(1e-8) = %.3g, ratio %.1f", p.name, e1, e2, e1/e2)
		if e1/e2 < dpProportionality {
			t.Errorf("%s: error ratio over 100× tolerance = %.1f, want ≥ %d", p.name, e1/e2, dpProportionality)
		}
	}
}

// rdDenseFactor bounds the error of Rodas4's 3rd-order continuous
// extension at sample times by rdDenseFactor·tol: its O(h⁴) interpolation
// error is of the size of the local error the 3rd-order embedded estimate
// bounds by tol. Measured: at most 4.8·tol (oscillator, whose global error
// at t1 alone is 4.6·tol in TestRodas4Analytic).
const rdDenseFactor = 10

func TestRodas4DenseOutput(t *testing.T) {
	for _, p := range analyticProblems() {
		const tol = 1e-7
		var ts []float64
		for k := 0; p.t0+0.005+0.01*float64(k) <= p.t1; k++ {
			ts = append(ts, p.t0+0.005+0.01*float64(k))
		}
		s := NewRodas4(p.n, Settings{RelTol: tol, AbsTol: tol}, nil)
		y := append([]float64(nil), p.y0...)
		want := make([]float64, p.n)
		var worst float64
		if err := s.Integrate(p.f, p.t0, p.t1, y, ts, func(tk float64, yk []float64) {
			p.exact(tk, want)
			worst = math.Max(worst, maxAbsErr(yk, want))
		}); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: max dense-output error %.3g over %d samples in %d steps", p.name, worst, len(ts), s.Steps)
		if worst > rdDenseFactor*tol {
			t.Errorf("%s: dense-output error %.3g, want ≤ %g", p.name, worst, rdDenseFactor*tol)
		}
	}
}

// TestRodas4NonAutonomous checks the ∂f/∂t term: y' = −50(y − cos t) is
// stiff-ish and explicitly time dependent; its solution is
// y = (2500 cos t + 50 sin t)/2501 + C e^(−50t), C = 1 − 2500/2501 for y(0) = 1.
func TestRodas4NonAutonomous(t *testing.T) {
	f := func(t float64, y, dy []float64) { dy[0] = -50 * (y[0] - math.Cos(t)) }
	exact := func(t float64) float64 {
		return (2500*math.Cos(t)+50*math.Sin(t))/2501 + (1-2500.0/2501)*math.Exp(-50*t)
	}
	const tol = 1e-8
	s := NewRodas4(1, Settings{RelTol: tol, AbsTol: tol}, nil)
	y := []float64{1}
	if err := s.Integrate(f, 0, 3, y, nil, nil); err != nil {
		t.Fatal(err)
	}
	e := math.Abs(y[0] - exact(3))
	t.Logf("err %.3g, steps %d", e, s.Steps)
	if e > rdGlobalFactor*tol {
		t.Errorf("non-autonomous: err %.3g, want ≤ %g", e, rdGlobalFactor*tol)
	}
}

// TestFiniteDifferenceJacobian compares the forward-difference Jacobian with
// the analytic one for Van der Pol (μ = 1000) at two states.
// fdJacTol: forward differences with δ = sqrt(ε)·max(|y|, 1e-5) are accurate
// to about sqrt(ε)·|f”|/|f'| ≈ 1e-8 relative, here relative to the
// largest entry of each row.
func TestFiniteDifferenceJacobian(t *testing.T) {
	const fdJacTol = 1e-6
	p := vanDerPol()
	r := NewRodas4(2, Settings{}, nil)
	r.Autonomous = true
	for _, y := range [][]float64{{2, 0}, {-1.5, 0.7}} {
		p.f(0, y, r.dy)
		r.jacobian(p.f, 0, y)
		want := mat.NewDense(2, 2, nil)
		p.jac(0, y, want)
		for i := range 2 {
			scale := math.Max(math.Abs(want.At(i, 0)), math.Abs(want.At(i, 1)))
			for j := range 2 {
				if d := math.Abs(r.J.At(i, j) - want.At(i, j)); d > fdJacTol*scale {
					t.Errorf("y=%v: J[%d][%d] = %g, want %g", y, i, j, r.J.At(i, j), want.At(i, j))
				}
			}
		}
	}
}

func BenchmarkRodas4VanDerPol(b *testing.B) {
	p := vanDerPol()
	for _, c := range []struct {
		name string
		jac  JacFunc
	}{{"fdJac", nil}, {"analyticJac", p.jac}} {
		b.Run(c.name, func(b *testing.B) {
			s := NewRodas4(2, Settings{RelTol: 1e-6, AbsTol: 1e-6}, c.jac)
			s.Autonomous = true
			y := make([]float64, 2)
			b.ReportAllocs()
			for b.Loop() {
				copy(y, p.y0)
				s.Reset()
				if err := s.Integrate(p.f, 0, p.t1, y, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(s.Steps)/float64(b.N), "steps/op")
		})
	}
}

func BenchmarkRodas4HIRES(b *testing.B) {
	p := hires()
	s := NewRodas4(8, Settings{RelTol: 1e-6, AbsTol: 1e-9}, nil)
	s.Autonomous = true
	y := make([]float64, 8)
	b.ReportAllocs()
	for b.Loop() {
		copy(y, p.y0)
		s.Reset()
		if err := s.Integrate(p.f, 0, p.t1, y, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.Steps)/float64(b.N), "steps/op")
}

// BenchmarkRodas4SteadyState: many short intervals on a preallocated solver.
func BenchmarkRodas4SteadyState(b *testing.B) {
	p := hires()
	s := NewRodas4(8, Settings{RelTol: 1e-6, AbsTol: 1e-9}, nil)
	s.Autonomous = true
	y := append([]float64(nil), p.y0...)
	t0 := 0.0
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Integrate(p.f, t0, t0+1, y, nil, nil); err != nil {
			b.Fatal(err)
		}
		t0++
		if t0 > 300 {
			copy(y, p.y0)
			t0 = 0
		}
	}
}

// TestRodas4SingularW forces W = I/(γh) − J to be exactly singular on the
// first attempt (y' = y, J = 1, h = 4, γ = 1/4): the step must be halved and
// the integration still reach e^t to tolerance (rdGlobalFactor·tol, relative).
func TestRodas4SingularW(t *testing.T) {
	const tol = 1e-8
	f := func(_ float64, y, dy []float64) { dy[0] = y[0] }
	jac := func(_ float64, _ []float64, J *mat.Dense) { J.Set(0, 0, 1) }
	s := NewRodas4(1, Settings{RelTol: tol, AbsTol: tol, H0: 4}, jac)
	s.Autonomous = true
	y := []float64{1}
	if err := s.Integrate(f, 0, 8, y, nil, nil); err != nil {
		t.Fatal(err)
	}
	if s.Rejected < 1 {
		t.Errorf("no rejection recorded for the singular first attempt")
	}
	if e := math.Abs(y[0]-math.Exp(8)) / math.Exp(8); e > rdGlobalFactor*tol {
		t.Errorf("y(8) relative error %.3g, want ≤ %g", e, rdGlobalFactor*tol)
	}
}
