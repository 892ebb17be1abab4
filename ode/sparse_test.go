package ode

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// sparseSolveTol: the sparse and the dense LU of a strictly row diagonally
// dominant W (no growth, well conditioned) agree to a few ulps times n.
const sparseSolveTol = 1e-12

// patternOf returns nz for a boolean matrix.
func patternOf(p [][]bool) func(i, j int) bool { return func(i, j int) bool { return p[i][j] } }

// denseSolve solves W·x = b with gonum's LU (partial pivoting).
func denseSolve(t *testing.T, W *mat.Dense, b []float64) []float64 {
	t.Helper()
	var lu mat.LU
	lu.Factorize(W)
	var x mat.VecDense
	if err := lu.SolveVecTo(&x, false, mat.NewVecDense(len(b), append([]float64(nil), b...))); err != nil {
		t.Fatal(err)
	}
	return x.RawVector().Data
}

// iterMatrix returns W = I/(γh) − J.
func iterMatrix(J *mat.Dense, h float64) *mat.Dense {
	n, _ := J.Dims()
	w := mat.NewDense(n, n, nil)
	w.Scale(-1, J)
	for i := 0; i < n; i++ {
		w.Set(i, i, w.At(i, i)+1/(rdGamma*h))
	}
	return w
}

// factorSolve sets J, factorises W = I/(γh) − J through factor and returns
// W⁻¹·b through solve, with W itself.
func factorSolve(t *testing.T, r *Rodas4, J *mat.Dense, h float64, b []float64) (x []float64, w *mat.Dense) {
	t.Helper()
	r.J.Copy(J)
	w = iterMatrix(J, h)
	if !r.factor(h) {
		t.Fatalf("factor reported W singular")
	}
	copy(r.rhs, b)
	r.solve(0)
	return append([]float64(nil), r.k[0]...), w
}

// maxNormRelDiff is max_i |a_i − b_i| / max_i |b_i|.
func maxNormRelDiff(a, b []float64) float64 {
	var d, s float64
	for i := range b {
		d = math.Max(d, math.Abs(a[i]-b[i]))
		s = math.Max(s, math.Abs(b[i]))
	}
	return d / s
}

// TestSparseLURandom compares the sparse factorisation and solve with
// gonum's dense LU on random sparse matrices W = I/(γh) − J, n = 1…30,
// density 5–30 %, with the diagonal of W made dominant by a margin so that
// W is well conditioned and the sparse path must pass its checks.
func TestSparseLURandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(30)
		density := 0.05 + 0.25*rng.Float64()
		pat := make([][]bool, n)
		J := mat.NewDense(n, n, nil)
		rowSum := make([]float64, n)
		for i := range pat {
			pat[i] = make([]bool, n)
			for j := range pat[i] {
				if i != j && rng.Float64() < density {
					pat[i][j] = true
					v := 2*rng.Float64() - 1
					J.Set(i, j, v)
					rowSum[i] += math.Abs(v)
				}
			}
		}
		// Diagonal of J in [−1, 1] and h such that d = 1/(γh) exceeds
		// every |J_ii| + Σ_j |J_ij| by at least 1: W is strictly
		// diagonally dominant by rows.
		var dmin float64
		for i := 0; i < n; i++ {
			J.Set(i, i, 2*rng.Float64()-1)
			dmin = math.Max(dmin, math.Abs(J.At(i, i))+rowSum[i]+1)
		}
		d := dmin * (1 + rng.Float64())
		h := 1 / (rdGamma * d)
		r := NewRodas4(n, Settings{}, nil)
		r.SetPattern(patternOf(pat))
		b := make([]float64, n)
		for i := range b {
			b[i] = 2*rng.Float64() - 1
		}
		x, W := factorSolve(t, r, J, h, b)
		if r.SparseFallbacks != 0 {
			t.Fatalf("trial %d (n %d): sparse LU fell back to dense on a diagonally dominant W", trial, n)
		}
		if e := maxNormRelDiff(x, denseSolve(t, W, b)); e > sparseSolveTol {
			t.Errorf("trial %d (n %d, density %.2f): sparse vs dense solution differ by %.3g (relative), want ≤ %g",
				trial, n, density, e, sparseSolveTol)
		}
	}
}

// TestSparseLUNonDominant repeats TestSparseLURandom with small d, where W
// is essentially −J and far from diagonally dominant (half of J's diagonal
// is structurally zero, so those pivots start at d = 1e-3): whichever path
// factor takes (sparse, or dense after a failed check), the solution must
// match the dense LU to within the conditioning of W.
func TestSparseLUNonDominant(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	fallbacks, compared := 0, 0
	worst := 0.0
	const trials = 1000
	for trial := 0; trial < trials; trial++ {
		n := 2 + rng.IntN(20)
		pat := make([][]bool, n)
		J := mat.NewDense(n, n, nil)
		for i := range pat {
			pat[i] = make([]bool, n)
			for j := range pat[i] {
				if i == j && rng.IntN(2) == 0 || i != j && rng.Float64() < 0.2 {
					pat[i][j] = true
					J.Set(i, j, 2*rng.Float64()-1)
				}
			}
		}
		r := NewRodas4(n, Settings{}, nil)
		r.SetPattern(patternOf(pat))
		b := make([]float64, n)
		for i := range b {
			b[i] = 2*rng.Float64() - 1
		}
		var lu mat.LU
		lu.Factorize(iterMatrix(J, 4e3))
		cond := lu.Cond()
		if cond > 1e8 {
			continue // singular or too ill conditioned for a meaningful comparison
		}
		compared++
		x, W := factorSolve(t, r, J, 4e3, b)
		fallbacks += r.SparseFallbacks
		// Normwise backward error n·ε·(1 + growth) (see spGrowthMax),
		// amplified by the condition number.
		e := maxNormRelDiff(x, denseSolve(t, W, b))
		if bound := cond * float64(n) * epsilon * (1 + spGrowthMax); e > bound {
			t.Errorf("trial %d (n %d, cond %.3g, fallbacks %d): sparse vs dense solution differ by %.3g (relative), bound %.3g",
				trial, n, cond, r.SparseFallbacks, e, bound)
		}
		worst = math.Max(worst, e/(cond*float64(n)*epsilon))
	}
	t.Logf("%d of %d factorisations fell back to the dense LU; worst error %.3g·cond·n·ε", fallbacks, compared, worst)
	if fallbacks == 0 || fallbacks == compared {
		t.Errorf("%d fallbacks in %d factorisations: the test does not exercise both paths", fallbacks, compared)
	}
}

// TestSparsePatternNoFill: an arrowhead matrix (dense first row and column)
// eliminated in the natural order fills in completely; the Markowitz order
// takes the tips first and creates no fill.
func TestSparsePatternNoFill(t *testing.T) {
	const n = 10
	r := NewRodas4(n, Settings{}, nil)
	r.SetPattern(func(i, j int) bool { return i == 0 || j == 0 })
	if nnz, want := len(r.sp.col)-n, 2*(n-1); nnz != want {
		t.Errorf("arrowhead: %d off-diagonal entries in L+U, want %d (no fill)", nnz, want)
	}
	if hub := r.sp.order[n-2:]; hub[0] != 0 && hub[1] != 0 {
		t.Errorf("arrowhead: elimination order %v, want the hub 0 among the last two", r.sp.order)
	}
}

// hiresPattern is the structure of HIRES's Jacobian (see hiresF).
func hiresPattern(i, j int) bool {
	rows := [8][]int{
		{0, 1, 2}, {0, 1}, {2, 3, 4}, {1, 2, 3}, {4, 5, 6},
		{3, 4, 5, 6, 7}, {5, 6, 7}, {5, 6, 7},
	}
	for _, c := range rows[i] {
		if c == j {
			return true
		}
	}
	return false
}

// hiresJac is the analytic Jacobian of hiresF.
func hiresJac(_ float64, y []float64, J *mat.Dense) {
	J.Zero()
	for _, e := range []struct {
		i, j int
		v    float64
	}{
		{0, 0, -1.71}, {0, 1, 0.43}, {0, 2, 8.32},
		{1, 0, 1.71}, {1, 1, -8.75},
		{2, 2, -10.03}, {2, 3, 0.43}, {2, 4, 0.035},
		{3, 1, 8.32}, {3, 2, 1.71}, {3, 3, -1.12},
		{4, 4, -1.745}, {4, 5, 0.43}, {4, 6, 0.43},
		{5, 3, 0.69}, {5, 4, 1.71}, {5, 5, -280*y[7] - 0.43}, {5, 6, 0.69}, {5, 7, -280 * y[5]},
		{6, 5, 280 * y[7]}, {6, 6, -1.81}, {6, 7, 280 * y[5]},
		{7, 5, -280 * y[7]}, {7, 6, 1.81}, {7, 7, -280 * y[5]},
	} {
		J.Set(e.i, e.j, e.v)
	}
}

// robertsonPattern is the structure of robertsonJac: y3' = k2·y2² depends
// on y2 only.
func robertsonPattern(i, j int) bool { return i != 2 || j == 1 }

// TestRodas4SparseMatchesDense integrates stiff reference problems with the
// dense and the sparse LU: the linear solves differ only by rounding, so
// the step sequences are the same and, with an analytic Jacobian, the
// results agree to 1e-10 relative. With finite-difference Jacobians they
// agree only to the size of the global error, 10·RelTol: δ_j ≈ 1e-8·|y_j|
// turns a rounding-level change of y into a ~1e-8 relative change of J (a
// 1-ulp change of HIRES's y5 changes the difference quotients by 2.3e-8),
// which for stiff components (k ≈ −J⁻¹·f) passes into the stages. So the
// dense solver alone moves HIRES at RelTol 1e-6 by 2.4e-8 relative when
// y0[0] changes by one ulp; with analytic Jacobians the same problems
// agree to ~1e-13.
func TestRodas4SparseMatchesDense(t *testing.T) {
	const agreeTol = 1e-10
	cases := []struct {
		p          reference
		nz         func(i, j int) bool
		rtol, atol float64
		jac        JacFunc
	}{
		{robertson40(), robertsonPattern, 1e-8, 1e-14, robertsonJac},
		{robertson40(), robertsonPattern, 1e-8, 1e-14, nil},
		{hires(), hiresPattern, 1e-10, 1e-12, hiresJac},
		{hires(), hiresPattern, 1e-6, 1e-9, hiresJac},
		{hires(), hiresPattern, 1e-10, 1e-12, nil},
		{hires(), hiresPattern, 1e-6, 1e-9, nil},
		{vanDerPol(), func(i, j int) bool { return i == 1 || j == 1 }, 1e-8, 1e-8, vanDerPol().jac},
	}
	for _, c := range cases {
		run := func(nz func(i, j int) bool) (*Rodas4, []float64) {
			jac := c.jac
			s := NewRodas4(len(c.p.y0), Settings{RelTol: c.rtol, AbsTol: c.atol}, jac)
			s.Autonomous = true
			s.SetPattern(nz)
			y := append([]float64(nil), c.p.y0...)
			if err := s.Integrate(c.p.f, 0, c.p.t1, y, nil, nil); err != nil {
				t.Fatalf("%s: %v", c.p.name, err)
			}
			return s, y
		}
		dense, yd := run(nil)
		sparse, ys := run(c.nz)
		rel := maxRelErr(ys, yd)
		tol := agreeTol
		if c.jac == nil {
			tol = 10 * c.rtol
		}
		t.Logf("%s (rtol %g, analytic J %v): sparse vs dense max rel diff %.3g (dense vs reference %.3g); steps %d/%d, rejected %d/%d, fallbacks %d of %d",
			c.p.name, c.rtol, c.jac != nil, rel, maxRelErr(yd, c.p.want), sparse.Steps, dense.Steps, sparse.Rejected, dense.Rejected,
			sparse.SparseFallbacks, sparse.Decompositions)
		if rel > tol {
			t.Errorf("%s: sparse vs dense differ by %.3g relative, want ≤ %g\n sparse %v\n dense  %v", c.p.name, rel, tol, ys, yd)
		}
		if sparse.Steps != dense.Steps || sparse.Rejected != dense.Rejected {
			t.Errorf("%s: sparse %d steps, %d rejected; dense %d, %d", c.p.name, sparse.Steps, sparse.Rejected, dense.Steps, dense.Rejected)
		}
		if sparse.SparseFallbacks != 0 {
			t.Errorf("%s: %d sparse factorisations fell back to dense", c.p.name, sparse.SparseFallbacks)
		}
	}
}

// TestSparseWrongPatternFallsBack declares a HIRES pattern without the
// coupling J[5][7] = −280·y6: every factorisation but the first (y6 = 0 at
// t = 0, so J[5][7] = 0 there) must notice the nonzero outside the pattern
// and use the dense LU, and the result must be the dense run's.
func TestSparseWrongPatternFallsBack(t *testing.T) {
	p := hires()
	run := func(nz func(i, j int) bool) (*Rodas4, []float64) {
		s := NewRodas4(8, Settings{RelTol: 1e-8, AbsTol: 1e-10}, hiresJac)
		s.Autonomous = true
		s.SetPattern(nz)
		y := append([]float64(nil), p.y0...)
		if err := s.Integrate(p.f, 0, p.t1, y, nil, nil); err != nil {
			t.Fatal(err)
		}
		return s, y
	}
	_, yd := run(nil)
	wrong, yw := run(func(i, j int) bool { return hiresPattern(i, j) && !(i == 5 && j == 7) })
	if wrong.SparseFallbacks != wrong.Decompositions-1 {
		t.Errorf("%d fallbacks in %d factorisations, want all but the first", wrong.SparseFallbacks, wrong.Decompositions)
	}
	if rel := maxRelErr(yw, yd); rel > 1e-10 {
		t.Errorf("fallback vs dense differ by %.3g relative\n fallback %v\n dense    %v", rel, yw, yd)
	}
	if rel := maxRelErr(yw, p.want); rel > stiffRelTol {
		t.Errorf("max relative error %.3g vs reference, want ≤ %g", rel, stiffRelTol)
	}
}

// TestSparseBadPivotFallsBack: W = I/(γh) − J with a zero (then a tiny)
// first pivot in the Markowitz order but W well conditioned; factor must
// take the dense LU with partial pivoting and solve exactly.
func TestSparseBadPivotFallsBack(t *testing.T) {
	const h = 4 // 1/(γh) = 1
	for _, w00 := range []float64{0, 1e-14, 1e-8} {
		// W = [[w00, 1, 0], [1, 1, 1], [0, 1, 3]]: pivot 0 is first
		// (Markowitz cost 1 as for pivot 2; lower index), so u_00 = w00.
		// w00 = 1e-8 passes the pivot threshold but gives growth 1e8.
		W := mat.NewDense(3, 3, []float64{w00, 1, 0, 1, 1, 1, 0, 1, 3})
		J := mat.NewDense(3, 3, nil)
		J.Scale(-1, W)
		for i := 0; i < 3; i++ {
			J.Set(i, i, J.At(i, i)+1)
		}
		r := NewRodas4(3, Settings{}, nil)
		r.SetPattern(func(i, j int) bool { return W.At(i, j) != 0 })
		if r.sp.order[0] != 0 {
			t.Fatalf("elimination order %v, want pivot 0 first", r.sp.order)
		}
		b := []float64{1, 2, 3}
		x, W2 := factorSolve(t, r, J, h, b)
		if r.SparseFallbacks != 1 || r.sp.ok {
			t.Errorf("w00 = %g: %d fallbacks (sparse factors in use: %v), want 1", w00, r.SparseFallbacks, r.sp.ok)
		}
		if e := maxNormRelDiff(x, denseSolve(t, W2, b)); e > sparseSolveTol {
			t.Errorf("w00 = %g: solution differs from dense by %.3g relative", w00, e)
		}
		var res mat.VecDense
		res.MulVec(W, mat.NewVecDense(3, x))
		for i := range b {
			if d := math.Abs(res.AtVec(i) - b[i]); d > 1e-14 {
				t.Errorf("w00 = %g: residual %d = %.3g", w00, i, d)
			}
		}
	}
}

// TestSparseZeroPivotIntegration: for y' = A·y with A = [[1, 1], [−1, 0]]
// and a first step h = 4, W = I − A has w_00 = 0: the first factorisation
// falls back, the rest are sparse, and y(1) = e^A·y(0) is still reached.
func TestSparseZeroPivotIntegration(t *testing.T) {
	const tol = 1e-10
	A := mat.NewDense(2, 2, []float64{1, 1, -1, 0})
	f := func(_ float64, y, dy []float64) {
		dy[0] = y[0] + y[1]
		dy[1] = -y[0]
	}
	jac := func(_ float64, _ []float64, J *mat.Dense) { J.Copy(A) }
	s := NewRodas4(2, Settings{RelTol: tol, AbsTol: tol, H0: 4}, jac)
	s.Autonomous = true
	s.SetPattern(func(i, j int) bool { return true })
	y := []float64{1, 1}
	if err := s.Integrate(f, 0, 8, y, nil, nil); err != nil {
		t.Fatal(err)
	}
	var E mat.Dense
	E.Exp(scaled(A, 8))
	want := []float64{E.At(0, 0) + E.At(0, 1), E.At(1, 0) + E.At(1, 1)}
	if s.SparseFallbacks < 1 {
		t.Errorf("no fallback for the zero pivot")
	}
	if s.SparseFallbacks == s.Decompositions {
		t.Errorf("all %d factorisations fell back", s.Decompositions)
	}
	if e := maxRelErr(y, want); e > rdGlobalFactor*tol {
		t.Errorf("y(8) = %v, want %v (rel err %.3g)", y, want, e)
	}
	t.Logf("fallbacks %d of %d factorisations", s.SparseFallbacks, s.Decompositions)
}

func scaled(A *mat.Dense, c float64) *mat.Dense {
	var B mat.Dense
	B.Scale(c, A)
	return &B
}

// TestSparseNoAlloc: the sparse path allocates nothing per call.
func TestSparseNoAlloc(t *testing.T) {
	p := hires()
	s := NewRodas4(8, Settings{RelTol: 1e-6, AbsTol: 1e-9}, nil)
	s.Autonomous = true
	s.SetPattern(hiresPattern)
	y := append([]float64(nil), p.y0...)
	t0 := 0.0
	if a := testing.AllocsPerRun(20, func() {
		if err := s.Integrate(p.f, t0, t0+1, y, nil, nil); err != nil {
			t.Fatal(err)
		}
		t0++
	}); a != 0 {
		t.Errorf("%g allocations per Integrate", a)
	}
	if s.SparseFallbacks != 0 {
		t.Errorf("%d fallbacks", s.SparseFallbacks)
	}
}

func BenchmarkRodas4HIRESSparse(b *testing.B) {
	p := hires()
	s := NewRodas4(8, Settings{RelTol: 1e-6, AbsTol: 1e-9}, nil)
	s.Autonomous = true
	s.SetPattern(hiresPattern)
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
