package ode

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

// denseLinear is a Linear made of an analytic Jacobian and gonum's LU,
// counting its calls.
type denseLinear struct {
	jac                      JacFunc
	J, W                     *mat.Dense
	lu                       mat.LU
	jacobians, factors, sols int
}

func (l *denseLinear) Jacobian(t float64, y []float64) { l.jacobians++; l.jac(t, y, l.J) }

func (l *denseLinear) Factor(d float64) bool {
	l.factors++
	n, _ := l.J.Dims()
	l.W.Scale(-1, l.J)
	for i := 0; i < n; i++ {
		l.W.Set(i, i, l.W.At(i, i)+d)
	}
	l.lu.Factorize(l.W)
	return l.lu.Det() != 0
}

func (l *denseLinear) Solve(x []float64) {
	l.sols++
	v := mat.NewVecDense(len(x), x)
	if err := l.lu.SolveVecTo(v, false, v); err != nil {
		panic(err)
	}
}

// TestLinearMatchesOwnLU integrates stiff problems with a Linear (SetLinear)
// doing what the solver's own dense LU does: the same steps and rejections,
// the results to rounding, every Jacobian, factorisation and solve taken by
// the Linear (six solves per factorisation), the JacFunc of NewRodas4 never
// called; SetLinear(nil) returns to the solver's own.
func TestLinearMatchesOwnLU(t *testing.T) {
	const agreeTol = 1e-10
	for _, c := range []struct {
		p          reference
		jac        JacFunc
		rtol, atol float64
		autonomous bool
	}{
		{robertson40(), robertsonJac, 1e-8, 1e-14, true},
		{hires(), hiresJac, 1e-10, 1e-12, true},
		{hires(), hiresJac, 1e-6, 1e-9, false},
		{vanDerPol(), vanDerPol().jac, 1e-8, 1e-8, true},
	} {
		n := len(c.p.y0)
		run := func(l Linear) (*Rodas4, []float64, int) {
			own := 0
			s := NewRodas4(n, Settings{RelTol: c.rtol, AbsTol: c.atol}, func(t float64, y []float64, J *mat.Dense) {
				own++
				c.jac(t, y, J)
			})
			s.Autonomous = c.autonomous
			if l != nil {
				s.SetLinear(l)
			}
			y := append([]float64(nil), c.p.y0...)
			if err := s.Integrate(c.p.f, 0, c.p.t1, y, nil, nil); err != nil {
				t.Fatalf("%s: %v", c.p.name, err)
			}
			return s, y, own
		}
		own, yo, _ := run(nil)
		l := &denseLinear{jac: c.jac, J: mat.NewDense(n, n, nil), W: mat.NewDense(n, n, nil)}
		lin, yl, calls := run(l)
		rel := maxRelErr(yl, yo)
		t.Logf("%s (rtol %g): Linear vs own LU max rel diff %.3g; steps %d/%d, rejected %d/%d", c.p.name, c.rtol, rel, lin.Steps, own.Steps, lin.Rejected, own.Rejected)
		if rel > agreeTol {
			t.Errorf("%s: Linear vs own LU differ by %.3g relative, want ≤ %g", c.p.name, rel, agreeTol)
		}
		if lin.Steps != own.Steps || lin.Rejected != own.Rejected {
			t.Errorf("%s: Linear %d steps, %d rejected; own LU %d, %d", c.p.name, lin.Steps, lin.Rejected, own.Steps, own.Rejected)
		}
		if calls != 0 || l.jacobians != lin.Jacobians || l.factors != lin.Decompositions || l.sols != 6*l.factors {
			t.Errorf("%s: JacFunc called %d times; Linear: %d Jacobians (solver %d), %d factorisations (solver %d), %d solves",
				c.p.name, calls, l.jacobians, lin.Jacobians, l.factors, lin.Decompositions, l.sols)
		}
		// Back to the solver's own LU: the own run's result exactly.
		lin.SetLinear(nil)
		lin.Reset()
		y := append([]float64(nil), c.p.y0...)
		if err := lin.Integrate(c.p.f, 0, c.p.t1, y, nil, nil); err != nil {
			t.Fatalf("%s: %v", c.p.name, err)
		}
		if d := maxRelErr(y, yo); d != 0 {
			t.Errorf("%s: after SetLinear(nil) the result differs from the own LU's by %.3g", c.p.name, d)
		}
	}
}
