package spine

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBlockLUSolves checks blockLU's solutions of W·x = b, W = d·I − J, by
// their residual at random states (randomState), clamped and not, for the
// pattern variants and co-activated synapses, over steps h = 1e-4…100 ms
// (d = 4/h, Rodas4's γ = 1/4): the backward error ‖W·x − b‖∞ /
// (‖W‖∞·‖x‖∞ + ‖b‖∞) must stay below residualTol, whether the block
// elimination passed its checks or its dense fallback solved the system.
func TestBlockLUSolves(t *testing.T) {
	// The checked elimination's backward error is ~n·ε·growth (growth ≤
	// growthMax): 23·2.2e-16·1e3 ≈ 5e-12.
	const residualTol = 1e-11
	rng := rand.New(rand.NewPCG(3, 5))
	co := Default()
	co.Co.Inputs = 20
	variants := append(patternVariants(), struct {
		name string
		p    Params
	}{"co-activated", co})
	for _, v := range variants {
		m, err := New(v.p)
		if err != nil {
			t.Fatal(err)
		}
		y, x, b := make([]float64, NState), make([]float64, NState), make([]float64, NState)
		var worst float64
		trials, fallbacks := 0, m.lu.fallbacks
		for trial := 0; trial < 200; trial++ {
			m.Clamp(-65, trial%4 == 3)
			randomState(rng, y)
			lu := &m.lu
			lu.Jacobian(0, y)
			for _, h := range []float64{1e-4, 1e-2, 1, 100} {
				d := 4 / h
				for i := range b {
					b[i] = rng.NormFloat64()
				}
				copy(x, b)
				if !lu.Factor(d) {
					t.Fatalf("%s: W singular at h = %g", v.name, h)
				}
				lu.Solve(x)
				trials++
				worst = math.Max(worst, backwardError(&lu.j, d, x, b))
			}
		}
		t.Logf("%s: %d solves, %d dense fallbacks, worst backward error %.3g", v.name, trials, m.lu.fallbacks-fallbacks, worst)
		if !(worst <= residualTol) {
			t.Errorf("%s: backward error %.3g, want ≤ %g", v.name, worst, residualTol)
		}
	}
}

// backwardError is ‖W·x − b‖∞ / (‖W‖∞·‖x‖∞ + ‖b‖∞) for W = d·I − J.
func backwardError(J *jacobian, d float64, x, b []float64) float64 {
	var r, wn, xn, bn float64
	for i := 0; i < NState; i++ {
		s, rs := -b[i], 0.0
		for j := 0; j < NState; j++ {
			w := -J[i*NState+j]
			if i == j {
				w += d
			}
			s += w * x[j]
			rs += math.Abs(w)
		}
		r, wn = math.Max(r, math.Abs(s)), math.Max(wn, rs)
		xn, bn = math.Max(xn, math.Abs(x[i])), math.Max(bn, math.Abs(b[i]))
	}
	return r / (wn*xn + bn)
}

// TestBlockLUFallback makes the soma's Schur pivot vanish (its diagonal
// entry of J set to cancel d and the hh gates' terms): the factorisation
// must fall back to the dense LU and still solve W·x = b.
func TestBlockLUFallback(t *testing.T) {
	m, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, NState)
	randomState(rand.New(rand.NewPCG(9, 9)), y)
	lu := &m.lu
	lu.Jacobian(0, y)
	const d = 40.0
	g := lu.w(IVSoma, IHHM)*lu.w(IHHM, IVSoma)/(d-lu.j[IHHM*NState+IHHM]) +
		lu.w(IVSoma, IHHH)*lu.w(IHHH, IVSoma)/(d-lu.j[IHHH*NState+IHHH]) +
		lu.w(IVSoma, IHHN)*lu.w(IHHN, IVSoma)/(d-lu.j[IHHN*NState+IHHN])
	lu.j[IVSoma*NState+IVSoma] = d - g
	b := make([]float64, NState)
	for i := range b {
		b[i] = float64(i%5) - 2
	}
	x := append([]float64(nil), b...)
	if !lu.Factor(d) {
		t.Fatal("W singular")
	}
	lu.Solve(x)
	e := backwardError(&lu.j, d, x, b)
	t.Logf("fallbacks %d, on dense %v, backward error %.3g", lu.fallbacks, lu.onDense, e)
	if lu.fallbacks != 1 || !lu.onDense {
		t.Errorf("fallbacks = %d (on dense %v), want 1", lu.fallbacks, lu.onDense)
	}
	if !(e <= 1e-14) {
		t.Errorf("backward error %.3g of the dense fallback", e)
	}
}
