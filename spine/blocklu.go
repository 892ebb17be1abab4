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
// nothing else in the model, so their rows are solved first and their
// columns move to the right-hand side; each hh gate couples to the soma
// potential only, each VGCC gate to the head potential (and feeds the Ca
// row), each added buffer to free Ca; free Ca couples to the head potential
// once the gates are eliminated; what is left is the chain head – neck –
// dendrite – soma, eliminated from both ends into the dendrite. The
// cumulative Ca integrals (influx, extrusion, ∫c dt) feed nothing back:
// their rows are solved last by substitution, with pivot d.
//
// Without pivoting, each Schur pivot (free Ca and the four potentials) is
// checked as ode's sparse LU checks its own: |u_ii| > pivotTol·‖w_i‖₁ and
// growth Σ_k |l_ik|·‖u_k‖₁ ≤ growthMax·‖w_i‖₁ (a NaN fails both); a
// factorisation that fails is redone by LAPACK's dense LU with partial
// pivoting (counted in fallbacks), never used unchecked. Every other pivot
// is d plus a decay rate (for a buffer, while free Ca ≥ 0), so at least d;
// were one to vanish, the infinite multiplier would fail the growth check
// of the potential or Ca row it is eliminated into.
type blockLU struct {
	m *Model
	j jacobian // J at the state of the last Jacobian call

	inv                     [NState]float64 // 1/pivot of each row
	lhm, lhh, lhn, lgm, lgh float64         // gate multipliers: x_g = inv_g·b_g − l_g·x_v (v: soma or head)
	lbB, lbE                float64         // buffer multipliers: x_b = inv_b·b_b − l_b·x_ca
	lca                     float64         // x_ca = inv_ca·b_ca − lca·x_head
	lvh, lvs, lvn           float64         // chain: x_head −lvh·x_neck, x_soma −lvs·x_dend, x_neck −lvn·x_dend

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

// factorBlocks computes the pivots and multipliers (see blockLU) and
// reports whether the core pivots pass their checks.
func (b *blockLU) factorBlocks(d float64) bool {
	inv := &b.inv
	for i := range inv {
		inv[i] = 1 / (d - b.j[i*NState+i])
	}
	// Gates and buffers onto their potential or free Ca.
	b.lhm = b.w(IHHM, IVSoma) * inv[IHHM]
	b.lhh = b.w(IHHH, IVSoma) * inv[IHHH]
	b.lhn = b.w(IHHN, IVSoma) * inv[IHHN]
	b.lgm = b.w(IVgccM, IVSpine) * inv[IVgccM]
	b.lgh = b.w(IVgccH, IVSpine) * inv[IVgccH]
	b.lbB = b.w(ICaBBapta, ICa) * inv[ICaBBapta]
	b.lbE = b.w(ICaBEgta, ICa) * inv[ICaBEgta]

	// Free Ca: its pivot after the buffers, its head entry after the VGCC
	// gates; then eliminated into the head.
	uBca, uEca := b.w(ICa, ICaBBapta)*b.lbB, b.w(ICa, ICaBEgta)*b.lbE
	sca := d - b.j[ICa*NState+ICa] - uBca - uEca
	um, uh := b.w(ICa, IVgccM)*b.lgm, b.w(ICa, IVgccH)*b.lgh
	cvh := b.w(ICa, IVSpine) - um - uh
	ok := b.check(ICa, sca, math.Abs(uBca)+math.Abs(uEca)+math.Abs(um)+math.Abs(uh), d)
	inv[ICa] = 1 / sca
	b.lca = cvh * inv[ICa]

	// Head: after its VGCC gates and free Ca; eliminated into the neck.
	um, uh = b.w(IVSpine, IVgccM)*b.lgm, b.w(IVSpine, IVgccH)*b.lgh
	uc := b.w(IVSpine, ICa) * b.lca
	svh := d - b.j[IVSpine*NState+IVSpine] - um - uh - uc
	ok = ok && b.check(IVSpine, svh, math.Abs(um)+math.Abs(uh)+math.Abs(uc), d)
	inv[IVSpine] = 1 / svh
	b.lvh = b.w(IVSpine, IVNeck) * inv[IVSpine]

	// Soma: after its hh gates; eliminated into the dendrite.
	gm, gh, gn := b.w(IVSoma, IHHM)*b.lhm, b.w(IVSoma, IHHH)*b.lhh, b.w(IVSoma, IHHN)*b.lhn
	svs := d - b.j[IVSoma*NState+IVSoma] - gm - gh - gn
	ok = ok && b.check(IVSoma, svs, math.Abs(gm)+math.Abs(gh)+math.Abs(gn), d)
	inv[IVSoma] = 1 / svs
	b.lvs = b.w(IVSoma, IVDend) * inv[IVSoma]

	// Neck: after the head; eliminated into the dendrite.
	un := b.w(IVNeck, IVSpine) * b.lvh
	svn := d - b.j[IVNeck*NState+IVNeck] - un
	ok = ok && b.check(IVNeck, svn, math.Abs(un), d)
	inv[IVNeck] = 1 / svn
	b.lvn = b.w(IVNeck, IVDend) * inv[IVNeck]

	// Dendrite, the root: after the soma and the neck.
	us, uk := b.w(IVDend, IVSoma)*b.lvs, b.w(IVDend, IVNeck)*b.lvn
	svd := d - b.j[IVDend*NState+IVDend] - us - uk
	ok = ok && b.check(IVDend, svd, math.Abs(us)+math.Abs(uk), d)
	inv[IVDend] = 1 / svd
	return ok
}

// check reports whether the pivot piv of row i, reached with growth g (the
// sum of the |l_ik·u_kj| it took), passes the checks against the row's
// 1-norm in W = d·I − J.
func (b *blockLU) check(i int, piv, g, d float64) bool {
	row := b.j[i*NState : (i+1)*NState]
	n := math.Abs(d-row[i]) - math.Abs(row[i])
	for _, v := range row {
		n += math.Abs(v)
	}
	return math.Abs(piv) > pivotTol*n && g <= growthMax*n
}

// Solve overwrites x with W⁻¹·x: forward elimination from the leaves to the
// dendrite, back substitution to the leaves, then the Ca integrals.
func (b *blockLU) Solve(x []float64) {
	if b.onDense {
		b.dense.solve(x)
		return
	}
	x = x[:NState]
	inv := &b.inv
	// Rows with their diagonal only, and D (on XD and C).
	for _, i := range [...]int{IAmpaA, IAmpaB, INmdaA, INmdaB, IPreXF, IPreXD, IPreC} {
		x[i] *= inv[i]
	}
	x[IPreD] = (x[IPreD] - b.w(IPreD, IPreXD)*x[IPreXD] - b.w(IPreD, IPreC)*x[IPreC]) * inv[IPreD]
	// The receptor columns of the head, dendrite and Ca rows.
	for _, i := range [...]int{IVSpine, IVDend, ICa} {
		x[i] -= b.w(i, IAmpaA)*x[IAmpaA] + b.w(i, IAmpaB)*x[IAmpaB] + b.w(i, INmdaA)*x[INmdaA] + b.w(i, INmdaB)*x[INmdaB]
	}
	// Forward: gates and buffers, Ca, head and soma, neck, dendrite.
	zhm, zhh, zhn := x[IHHM]*inv[IHHM], x[IHHH]*inv[IHHH], x[IHHN]*inv[IHHN]
	zgm, zgh := x[IVgccM]*inv[IVgccM], x[IVgccH]*inv[IVgccH]
	zbB, zbE := x[ICaBBapta]*inv[ICaBBapta], x[ICaBEgta]*inv[ICaBEgta]
	zca := (x[ICa] - b.w(ICa, IVgccM)*zgm - b.w(ICa, IVgccH)*zgh - b.w(ICa, ICaBBapta)*zbB - b.w(ICa, ICaBEgta)*zbE) * inv[ICa]
	zvh := (x[IVSpine] - b.w(IVSpine, IVgccM)*zgm - b.w(IVSpine, IVgccH)*zgh - b.w(IVSpine, ICa)*zca) * inv[IVSpine]
	zvs := (x[IVSoma] - b.w(IVSoma, IHHM)*zhm - b.w(IVSoma, IHHH)*zhh - b.w(IVSoma, IHHN)*zhn) * inv[IVSoma]
	zvn := (x[IVNeck] - b.w(IVNeck, IVSpine)*zvh) * inv[IVNeck]
	vd := (x[IVDend] - b.w(IVDend, IVSoma)*zvs - b.w(IVDend, IVNeck)*zvn) * inv[IVDend]
	// Back substitution.
	vn := zvn - b.lvn*vd
	vs := zvs - b.lvs*vd
	vh := zvh - b.lvh*vn
	ca := zca - b.lca*vh
	x[IVDend], x[IVNeck], x[IVSoma], x[IVSpine], x[ICa] = vd, vn, vs, vh, ca
	x[IHHM], x[IHHH], x[IHHN] = zhm-b.lhm*vs, zhh-b.lhh*vs, zhn-b.lhn*vs
	x[IVgccM], x[IVgccH] = zgm-b.lgm*vh, zgh-b.lgh*vh
	x[ICaBBapta], x[ICaBEgta] = zbB-b.lbB*ca, zbE-b.lbE*ca
	// The Ca integrals, from the solved columns they depend on (W = d·I − J:
	// x_i = (b_i + Σ_j J_ij·x_j)/d).
	j := &b.j
	x[ICaIn] = (x[ICaIn] + j[ICaIn*NState+IVSpine]*vh + j[ICaIn*NState+ICa]*ca +
		j[ICaIn*NState+INmdaA]*x[INmdaA] + j[ICaIn*NState+INmdaB]*x[INmdaB] +
		j[ICaIn*NState+IVgccM]*x[IVgccM] + j[ICaIn*NState+IVgccH]*x[IVgccH]) * inv[ICaIn]
	x[ICaOut] = (x[ICaOut] + j[ICaOut*NState+ICa]*ca +
		j[ICaOut*NState+ICaBBapta]*x[ICaBBapta] + j[ICaOut*NState+ICaBEgta]*x[ICaBEgta]) * inv[ICaOut]
	x[ICaInt] = (x[ICaInt] + j[ICaInt*NState+ICa]*ca) * inv[ICaInt]
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
