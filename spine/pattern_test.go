package spine

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// patternVariants are parameter sets whose Jacobians differ in structure or
// in the size of their entries.
func patternVariants() []struct {
	name string
	p    Params
} {
	buffers := Default()
	buffers.BAPTA, buffers.EGTA = BAPTA(50), EGTA(100)
	tm := Default()
	tm.Release = GluSynapseTM()
	stoch := Default()
	stoch.Release.Stochastic = true
	return []struct {
		name string
		p    Params
	}{{"default", Default()}, {"BAPTA+EGTA", buffers}, {"Tsodyks-Markram", tm}, {"stochastic", stoch}}
}

// randomState draws a state over the physiological ranges, more widely than
// jacPattern does (Ca up to 50 µM, potentials up to +60 mV).
func randomState(rng *rand.Rand, y []float64) {
	for i := range y {
		y[i] = rng.Float64()
	}
	for _, i := range []int{IVSoma, IVDend, IVNeck, IVSpine} {
		y[i] = -90 + 150*rng.Float64()
	}
	y[ICa] = math.Exp(math.Log(0.01) + (math.Log(50)-math.Log(0.01))*rng.Float64())
	y[ICaBBapta], y[ICaBEgta] = 50*rng.Float64(), 100*rng.Float64()
	y[ICaIn], y[ICaOut], y[ICaInt] = 100*rng.Float64(), 100*rng.Float64(), 1000*rng.Float64()
}

// jacPattern returns the entries Model.jacobian writes (whatever the state:
// it writes the same ones at every call), the structure blockLU eliminates.
func (m *Model) jacPattern() func(i, j int) bool {
	var a jacobian
	for i := range a {
		a[i] = math.NaN()
	}
	m.jacobian(m.y, &a)
	return func(i, j int) bool { return !math.IsNaN(a[i*NState+j]) }
}

// TestJacobianPattern checks the structure blockLU eliminates (the entries
// jacobian writes) against central differences of deriv at random states,
// clamped and not: every entry whose difference quotient exceeds its
// rounding noise, and every nonzero of the analytic Jacobian, must lie
// inside it.
func TestJacobianPattern(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, v := range patternVariants() {
		name := v.name
		m, err := New(v.p)
		if err != nil {
			t.Fatal(err)
		}
		nz := m.jacPattern()
		count := 0
		for i := 0; i < NState; i++ {
			for j := 0; j < NState; j++ {
				if nz(i, j) {
					count++
				}
			}
		}
		t.Logf("%s: %d structural nonzeros of %d", name, count, NState*NState)
		y := make([]float64, NState)
		J := mat.NewDense(NState, NState, nil)
		f1, f0 := make([]float64, NState), make([]float64, NState)
		for trial := 0; trial < 200; trial++ {
			m.Clamp(-65, trial%4 == 3)
			randomState(rng, y)
			m.jac(0, y, J)
			for j := 0; j < NState; j++ {
				h := 1e-6 * math.Max(math.Abs(y[j]), 1e-3)
				yj := y[j]
				y[j] = yj + h
				m.deriv(0, y, f1)
				y[j] = yj - h
				m.deriv(0, y, f0)
				y[j] = yj
				for i := 0; i < NState; i++ {
					if nz(i, j) {
						continue
					}
					fd := (f1[i] - f0[i]) / (2 * h)
					// Rounding noise of the quotient: a few ulps of f over 2h.
					noise := 8 * 0x1p-52 * math.Max(math.Abs(f1[i]), math.Abs(f0[i])) / (2 * h)
					if math.Abs(fd) > noise || J.At(i, j) != 0 {
						t.Errorf("%s: ∂%s/∂%s = %g (analytic %g) at %v, outside the pattern", name, names[i], names[j], fd, J.At(i, j), y)
					}
				}
			}
		}
	}
}

// hfs applies 100 presynaptic spikes at 100 Hz to m, with a somatic spike
// 5 ms after every tenth; rng drives stochastic release.
func hfs(t *testing.T, m *Model, rng *rand.Rand) {
	t.Helper()
	for k := 0; k < 100; k++ {
		m.Pre(rng)
		if k%10 == 0 {
			if err := m.Advance(5, nil, nil); err != nil {
				t.Fatal(err)
			}
			m.SomaticSpike()
			if err := m.Advance(5, nil, nil); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := m.Advance(10, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Advance(100, nil, nil); err != nil {
		t.Fatal(err)
	}
}

// TestBlockLUNoFallbacks runs a 100 Hz × 100 train with back-propagating
// spikes (and under a voltage clamp): no factorisation may fall back to the
// dense LU, and the result must be the dense LU's (ode's own, from jac) to
// well within the solver tolerance (RelTol 1e-6).
func TestBlockLUNoFallbacks(t *testing.T) {
	const agreeTol = 1e-9 // relative to max(|y|, 1) per component
	for _, v := range patternVariants() {
		name, p := v.name, v.p
		for _, clamp := range []bool{false, true} {
			run := func(block bool) *Model {
				m, err := New(p)
				if err != nil {
					t.Fatal(err)
				}
				if !block {
					m.solver.SetLinear(nil)
				}
				if clamp {
					m.Clamp(-30, true)
				}
				hfs(t, m, rand.New(rand.NewPCG(1, 2)))
				return m
			}
			sp, de := run(true), run(false)
			var worst float64
			for i := range sp.y {
				worst = math.Max(worst, math.Abs(sp.y[i]-de.y[i])/math.Max(math.Abs(de.y[i]), 1))
			}
			s := sp.solver
			t.Logf("%s clamp %v: %d steps (dense %d), %d factorisations, %d fallbacks; max rel diff vs dense %.3g",
				name, clamp, s.Steps, de.solver.Steps, s.Decompositions, sp.lu.fallbacks, worst)
			if sp.lu.fallbacks != 0 {
				t.Errorf("%s clamp %v: %d of %d factorisations fell back to the dense LU", name, clamp, sp.lu.fallbacks, s.Decompositions)
			}
			if worst > agreeTol {
				t.Errorf("%s clamp %v: block vs dense final states differ by %.3g (relative), want ≤ %g", name, clamp, worst, agreeTol)
			}
		}
	}
}

// BenchmarkHFS100at100HzDense is BenchmarkHFS100at100Hz with the dense LU.
func BenchmarkHFS100at100HzDense(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		m, err := New(Default())
		if err != nil {
			b.Fatal(err)
		}
		m.solver.SetLinear(nil)
		b.StartTimer()
		train(b, m, 100, 10)
	}
}
