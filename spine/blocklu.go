package spine

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// blockLU is the linear algebra of the model's Rodas4 steps (ode.Linear):
// the Jacobian J of deriv (Model.jacobian), and the iteration matrix
// W = d·I − J factorised and solved by block elimination in the model's
// own coupling structure, where a general sparse LU walks index lists.
//
// The couplings form a tree with no fill-in when eliminated from the
// leaves: the receptor states and the presynaptic terminal depend on
// nothing else in the model, so their rows are solved first; each hh gate
// couples to the soma potential only, each VGCC gate to the head potential
// (and feeds the Ca row), each added buffer to free Ca; free Ca couples to
// the head potential once the gates are eliminated; what is left is the
// chain soma – dendrite – neck – head, eliminated from both ends into the
// neck, its middle, so that the solve's chain of dependent operations is
// as short as the tree allows (the solve is bound by their latency, not by
// its 150 flops). The cumulative Ca integrals (influx, extrusion, ∫c dt)
// feed nothing back: their rows come last, with pivot d.
//
// The factors are kept as rows scaled by their pivots: with p_i the pivot
// of row i after elimination, S_ij = w_ij/p_i for each entry of W off the
// diagonal (w_ij = −J_ij, or its value after elimination: the one fill,
// free Ca's head entry, is already in J's pattern). Then the solve is
// z_i = b_i/p_i for every row, the forward pass ζ_i = z_i − Σ S_ik·ζ_k
// over the rows k eliminated before i, and the back substitution
// x_i = ζ_i − Σ S_ij·x_j over those after.
//
// Without pivoting, each Schur pivot (free Ca and the four potentials) is
// checked as ode's sparse LU checks its own: |p_i| > pivotTol·‖w_i‖₁ and
// growth Σ_k |w_ik·S_kj| ≤ growthMax·‖w_i‖₁ (a NaN fails both); a
// factorisation that fails is redone by LAPACK's dense LU with partial
// pivoting (counted in fallbacks), never used unchecked. Every other pivot
// is d plus a decay rate (for a buffer, while free Ca ≥ 0), so at least d;
// were one to vanish, the infinite multiplier would fail the growth check
// of the potential or Ca row it is eliminated into.
type blockLU struct {
	m *Model
	j jacobian // J at the state of the last Jacobian call

	inv [NState]float64 // 1/p_i
	s   jacobian        // S_ij = w_ij/p_i at the entries of J's pattern off the diagonal

	dense     denseLU // the fallback's factors
	onDense   bool    // the last factorisation is the fallback's
	fallbacks int     // factorisations redone densely
}

// Checks of the Schur pivots, as ode's sparse LU (ode/sparse.go): a pivot
// at most pivotTol times its row's 1-norm in W is unusable; a row growth
// above growthMax times it loses more accuracy than partial pivoting
// would (backward error ~n·ε·growthMax relative to the row).
const (
	pivotTol  = 1e-12
	growthMax = 1e3
)

// Jacobian evaluates J at y (the model is autonomous).
func (b *blockLU) Jacobian(_ float64, y []float64) { b.m.jacobian(y, &b.j) }

// w is the entry (i, j) of W = d·I − J off the diagonal.
func (b *blockLU) w(i, j int) float64 { return -b.j[i*NState+j] }

// sc is S_ij.
func (b *blockLU) sc(i, j int) float64 { return b.s[i*NState+j] }

// scale sets S_ik = w_ik/p_i for the columns k of row i (of J's pattern).
func (b *blockLU) scale(i int, ks []int) {
	for _, k := range ks {
		b.s[i*NState+k] = -b.j[i*NState+k] * b.inv[i]
	}
}

// Factor factorises W = d·I − J by block elimination, or densely if a
// pivot check fails; it reports false only if the dense W is singular.
func (b *blockLU) Factor(d float64) bool {
	b.onDense = false
	if b.factorBlocks(d) {
		return true
	}
	b.fallbacks++
	b.onDense = true
	return b.dense.factor(&b.j, d)
}

// factorBlocks computes the pivots and scaled rows (see blockLU) and
// reports whether the Schur pivots pass their checks.
func (b *blockLU) factorBlocks(d float64) bool {
	inv := &b.inv
	for i := range inv {
		inv[i] = 1 / (d - b.j[i*NState+i])
	}
	// Rows with one off-diagonal entry each: gates, buffers; and D.
	for _, e := range [...][2]int{{IHHM, IVSoma}, {IHHH, IVSoma}, {IHHN, IVSoma},
		{IVgccM, IVSpine}, {IVgccH, IVSpine}, {ICaBBapta, ICa}, {ICaBEgta, ICa}, {IPreD, IPreXD}, {IPreD, IPreC}} {
		b.scale(e[0], e[1:])
	}

	// Free Ca: its pivot after the buffers, its head entry after the VGCC
	// gates (the fill).
	uB, uE := b.w(ICa, ICaBBapta)*b.sc(ICaBBapta, ICa), b.w(ICa, ICaBEgta)*b.sc(ICaBEgta, ICa)
	um, uh := b.w(ICa, IVgccM)*b.sc(IVgccM, IVSpine), b.w(ICa, IVgccH)*b.sc(IVgccH, IVSpine)
	p := d - b.j[ICa*NState+ICa] - uB - uE
	cols := []int{INmdaA, INmdaB, IVgccM, IVgccH, ICaBBapta, ICaBEgta, IVSpine}
	ok := b.check(ICa, cols, p, math.Abs(uB)+math.Abs(uE)+math.Abs(um)+math.Abs(uh), d)
	inv[ICa] = 1 / p
	b.scale(ICa, cols[:6])
	b.s[ICa*NState+IVSpine] = (b.w(ICa, IVSpine) - um - uh) * inv[ICa]

	// Head: after its VGCC gates and free Ca.
	um, uh = b.w(IVSpine, IVgccM)*b.sc(IVgccM, IVSpine), b.w(IVSpine, IVgccH)*b.sc(IVgccH, IVSpine)
	uc := b.w(IVSpine, ICa) * b.sc(ICa, IVSpine)
	p = d - b.j[IVSpine*NState+IVSpine] - um - uh - uc
	cols = []int{IAmpaA, IAmpaB, INmdaA, INmdaB, IVgccM, IVgccH, ICa, IVNeck}
	ok = b.check(IVSpine, cols, p, math.Abs(um)+math.Abs(uh)+math.Abs(uc), d) && ok
	inv[IVSpine] = 1 / p
	b.scale(IVSpine, cols)

	// Soma: after its hh gates; then the dendrite after the soma.
	gm, gh, gn := b.w(IVSoma, IHHM)*b.sc(IHHM, IVSoma), b.w(IVSoma, IHHH)*b.sc(IHHH, IVSoma), b.w(IVSoma, IHHN)*b.sc(IHHN, IVSoma)
	p = d - b.j[IVSoma*NState+IVSoma] - gm - gh - gn
	cols = []int{IHHM, IHHH, IHHN, IVDend}
	ok = b.check(IVSoma, cols, p, math.Abs(gm)+math.Abs(gh)+math.Abs(gn), d) && ok
	inv[IVSoma] = 1 / p
	b.scale(IVSoma, cols)
	us := b.w(IVDend, IVSoma) * b.sc(IVSoma, IVDend)
	p = d - b.j[IVDend*NState+IVDend] - us
	cols = []int{IAmpaA, IAmpaB, INmdaA, INmdaB, IVSoma, IVNeck}
	ok = b.check(IVDend, cols, p, math.Abs(us), d) && ok
	inv[IVDend] = 1 / p
	b.scale(IVDend, cols)

	// Neck, the root: after the head and the dendrite.
	uh, ud := b.w(IVNeck, IVSpine)*b.sc(IVSpine, IVNeck), b.w(IVNeck, IVDend)*b.sc(IVDend, IVNeck)
	p = d - b.j[IVNeck*NState+IVNeck] - uh - ud
	cols = []int{IVSpine, IVDend}
	ok = b.check(IVNeck, cols, p, math.Abs(uh)+math.Abs(ud), d) && ok
	inv[IVNeck] = 1 / p
	b.scale(IVNeck, cols)

	// The Ca integrals, last.
	b.scale(ICaIn, []int{IVSpine, INmdaA, INmdaB, IVgccM, IVgccH, ICa})
	b.scale(ICaOut, []int{ICa, ICaBBapta, ICaBEgta})
	b.scale(ICaInt, []int{ICa})
	return ok
}

// check reports whether the pivot piv of row i, whose off-diagonal entries
// are in the columns cols, reached with growth g (the sum of the
// |w_ik·S_kj| it took), passes the checks against the row's 1-norm in
// W = d·I − J.
func (b *blockLU) check(i int, cols []int, piv, g, d float64) bool {
	n := math.Abs(d - b.j[i*NState+i])
	for _, k := range cols {
		n += math.Abs(b.j[i*NState+k])
	}
	return math.Abs(piv) > pivotTol*n && g <= growthMax*n
}

// Solve overwrites x with W⁻¹·x (see blockLU): z = x/p, the forward pass
// from the leaves into the neck, the back substitution to the leaves, then
// the Ca integrals. Sums of terms that are ready early are formed before the
// term on the chain of dependent operations is subtracted.
func (b *blockLU) Solve(x []float64) {
	if b.onDense {
		b.dense.solve(x)
		return
	}
	x = x[:NState]
	for i, v := range b.inv {
		x[i] *= v
	}
	// Receptors, XF, XD and C are solved; D from XD and C.
	x[IPreD] -= b.sc(IPreD, IPreXD)*x[IPreXD] + b.sc(IPreD, IPreC)*x[IPreC]
	aA, aB, nA, nB := x[IAmpaA], x[IAmpaB], x[INmdaA], x[INmdaB]
	zm, zh := x[IVgccM], x[IVgccH]
	// Forward: free Ca, then the head; the soma, then the dendrite; the neck.
	ca := x[ICa] - (b.sc(ICa, INmdaA)*nA + b.sc(ICa, INmdaB)*nB) - (b.sc(ICa, IVgccM)*zm + b.sc(ICa, IVgccH)*zh) -
		(b.sc(ICa, ICaBBapta)*x[ICaBBapta] + b.sc(ICa, ICaBEgta)*x[ICaBEgta])
	vh := x[IVSpine] - (b.sc(IVSpine, IAmpaA)*aA + b.sc(IVSpine, IAmpaB)*aB + b.sc(IVSpine, INmdaA)*nA + b.sc(IVSpine, INmdaB)*nB +
		b.sc(IVSpine, IVgccM)*zm + b.sc(IVSpine, IVgccH)*zh) - b.sc(IVSpine, ICa)*ca
	vs := x[IVSoma] - (b.sc(IVSoma, IHHM)*x[IHHM] + b.sc(IVSoma, IHHH)*x[IHHH] + b.sc(IVSoma, IHHN)*x[IHHN])
	vd := x[IVDend] - (b.sc(IVDend, IAmpaA)*aA + b.sc(IVDend, IAmpaB)*aB + b.sc(IVDend, INmdaA)*nA + b.sc(IVDend, INmdaB)*nB) -
		b.sc(IVDend, IVSoma)*vs
	vn := x[IVNeck] - b.sc(IVNeck, IVSpine)*vh - b.sc(IVNeck, IVDend)*vd
	// Back substitution.
	vh -= b.sc(IVSpine, IVNeck) * vn
	vd -= b.sc(IVDend, IVNeck) * vn
	vs -= b.sc(IVSoma, IVDend) * vd
	ca -= b.sc(ICa, IVSpine) * vh
	x[IVNeck], x[IVSpine], x[IVDend], x[IVSoma], x[ICa] = vn, vh, vd, vs, ca
	x[IHHM] -= b.sc(IHHM, IVSoma) * vs
	x[IHHH] -= b.sc(IHHH, IVSoma) * vs
	x[IHHN] -= b.sc(IHHN, IVSoma) * vs
	gm, gh := zm-b.sc(IVgccM, IVSpine)*vh, zh-b.sc(IVgccH, IVSpine)*vh
	bB, bE := x[ICaBBapta]-b.sc(ICaBBapta, ICa)*ca, x[ICaBEgta]-b.sc(ICaBEgta, ICa)*ca
	x[IVgccM], x[IVgccH], x[ICaBBapta], x[ICaBEgta] = gm, gh, bB, bE
	// The Ca integrals, from the solved columns they depend on.
	x[ICaIn] -= b.sc(ICaIn, INmdaA)*nA + b.sc(ICaIn, INmdaB)*nB + b.sc(ICaIn, IVgccM)*gm + b.sc(ICaIn, IVgccH)*gh +
		b.sc(ICaIn, IVSpine)*vh + b.sc(ICaIn, ICa)*ca
	x[ICaOut] -= b.sc(ICaOut, ICaBBapta)*bB + b.sc(ICaOut, ICaBEgta)*bE + b.sc(ICaOut, ICa)*ca
	x[ICaInt] -= b.sc(ICaInt, ICa) * ca
}

// denseLU is the fallback of blockLU: LAPACK's LU with partial pivoting of
// W = d·I − J.
type denseLU struct {
	w    [NState * NState]float64
	ipiv [NState]int
}

func (l *denseLU) general() blas64.General {
	return blas64.General{Rows: NState, Cols: NState, Stride: NState, Data: l.w[:]}
}

// factor factorises W = d·I − J; it reports false if W is singular.
func (l *denseLU) factor(a *jacobian, d float64) bool {
	for i, v := range a {
		l.w[i] = -v
	}
	for i := 0; i < NState; i++ {
		l.w[i*NState+i] += d
	}
	return lapack64.Getrf(l.general(), l.ipiv[:])
}

// solve overwrites x with W⁻¹·x.
func (l *denseLU) solve(x []float64) {
	lapack64.Getrs(blas.NoTrans, l.general(), blas64.General{Rows: NState, Cols: 1, Stride: 1, Data: x}, l.ipiv[:])
}
