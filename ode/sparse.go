package ode

import (
	"math"
	"slices"
)

// Thresholds of the sparse LU's run-time checks (see SetPattern), in terms
// of the 1-norm ‖w_i‖ = Σ_j |w_ij| of row i of W before elimination.
const (
	// spPivotTol: a pivot |u_ii| ≤ spPivotTol·‖w_i‖ is treated as unusable;
	// the dense LU with partial pivoting takes over.
	spPivotTol = 1e-12
	// spGrowthMax bounds the growth of row i, Σ_k |l_ik|·Σ_j |u_kj| (k
	// eliminated before i, j after k), the 1-norm of row i of |L|·|U|
	// without its diagonal terms (those are the reduced w_ik and u_ii), by
	// spGrowthMax·‖w_i‖. The LU is the exact one of W + ΔW with
	// |ΔW| ≤ γ_n·|L|·|U| (Wilkinson; Higham, Accuracy and Stability of
	// Numerical Algorithms, Thm 9.3), so 1e3 keeps the backward error of
	// the static-pivot LU below ~n·ε·1e3 ≈ 3e-12 (n = 23) relative to each
	// row; larger growth is left to partial pivoting, whose growth is
	// rarely above 10. (The spine model's stays below 0.3, with pivots
	// above 0.003·‖w_i‖, over its 1 Hz and 100 Hz trains.)
	spGrowthMax = 1e3
)

// sparseLU is the symbolic LU factorisation of a sparsity pattern (see
// SetPattern) and the numeric factors of the current W.
//
// The factors are packed row by row in elimination order: row p (the
// original row order[p]) occupies val[start[p]:start[p+1]], first its L
// part (the multipliers l_pk, k before p, ascending), then the pivot
// u_pp at diag[p], then its U part (ascending). Each packed entry e knows
// its original column col[e], the elimination position cpos[e] of that
// column and its offset joff[e] in J's data, from which W is gathered.
type sparseLU struct {
	order       []int // order[p]: the row and column eliminated p-th
	start, diag []int // row p: entries start[p]…start[p+1]−1, pivot at diag[p]
	col, cpos   []int
	joff        []int
	val         []float64
	inv         []float64 // inv[p] = 1/u_pp
	usum        []float64 // usum[p] = Σ_j |u_pj|, j after p (0 if none)
	// lop[e], for each L entry e of row p (column of position k), is the
	// elimination of row p by row k: subtract l_pk·u_kj from the entry of
	// row p in column j for each U entry u_kj of row k; tgt lists those
	// target entries' packed indices, precomputed from the fill pattern.
	lop []spOp
	tgt []int32
	// fwd and bwd are the solve's row schedules: the rows with a nonempty
	// L part in elimination order, and all rows in reverse order.
	fwd, bwd []spRow
	// zero masks J's data: all bits but the sign outside the declared
	// pattern, whose entries must be exactly zero for the sparse path, and
	// 0 inside.
	zero []uint64
	ok   bool // val holds the factors of the current W (else r.W holds Getrf's)
}

// spOp is an elimination step: the pivot position k, the U entries
// val[sa:sb] of row k and their targets tgt[ta:ta+sb−sa] in row p.
type spOp struct{ k, sa, sb, ta int32 }

// spRow is a solve step: row p = order[p] = i, with the packed entries
// val[a:b] (its L part in the forward pass, its U part in the backward one).
type spRow struct{ i, p, a, b int32 }

// SetPattern declares the structural nonzeros of the Jacobian: nz(i, j)
// reports whether J_ij = ∂f_i/∂y_j can be nonzero (the diagonal is always
// included, since W = I/(γh) − J has it). nz is called only during
// SetPattern. From then on W is factorised by a sparse LU without pivoting
// in a fill-reducing order, falling back to the dense LU with partial
// pivoting for any factorisation that fails a check; SetPattern(nil)
// returns to the dense LU. A Jacobian from finite differences
// (jac == nil) works too, since entries of f_i that do not depend on y_j
// difference to exactly zero.
//
// Symbolic work, once (O(n⁴) at worst, negligible for the n of cell
// models): the pivots are taken on the diagonal in the order of a greedy
// Markowitz rule, each time the remaining diagonal entry with the fewest
// (r−1)·(c−1), r and c its row and column counts in the remaining
// submatrix (ties: fewer r + c, then the lower index); the elimination is
// simulated to add the fill-in entries; and the filled pattern is laid
// out as packed rows in elimination order (see sparseLU) together with
// the list of target entries of every elimination operation.
//
// Numeric work (per factorisation): each row of W is gathered from J
// into its packed row and reduced, in elimination order, by the finished
// rows k of its L part (the row-oriented IKJ Doolittle form, no pivoting):
// l_pk = w_pk·(1/u_kk), then w_pj −= l_pk·u_kj over k's U part only. The
// triangular solves run over the packed rows. For cell models with n ≈ 20
// and a few nonzeros per row this is a small fraction of dgetrf and of the
// dense n² solves; packing (rather than factorising r.W in place) keeps
// every loop on contiguous memory with precomputed indices.
//
// Partial pivoting is given up for a static order, so each factorisation
// is checked, and on failure redone by the dense path (counted in
// SparseFallbacks), never returned unchecked:
//   - every entry of J outside the pattern must be exactly zero (else the
//     pattern was wrong for this J);
//   - every pivot must satisfy |u_ii| > 1e-12·Σ_j |w_ij|, and every row's
//     growth Σ_k |l_ik|·Σ_j |u_kj| must stay below 1e3·Σ_j |w_ij| (see
//     spPivotTol, spGrowthMax): a small pivot or a large multiplier is
//     where an unpivoted LU loses accuracy that partial pivoting would
//     keep; a NaN or Inf anywhere fails these checks too.
//
// For W = I/(γh) − J the diagonal dominates for small h; for large h the
// pivots are those of −J, which the checks guard.
func (r *Rodas4) SetPattern(nz func(i, j int) bool) {
	if nz == nil {
		r.sp = nil
		return
	}
	n := r.n
	pat := make([]bool, n*n) // declared pattern
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			pat[i*n+j] = i == j || nz(i, j)
		}
	}
	order, fill := markowitzOrder(pat, n)
	js := r.J.RawMatrix().Stride
	sp := packPattern(order, fill, n, js)
	sp.eliminationOps(fill, n)
	sp.solveSchedules(n)
	sp.zero = make([]uint64, len(r.J.RawMatrix().Data))
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if !pat[i*n+j] {
				sp.zero[i*js+j] = 1<<63 - 1
			}
		}
	}
	r.sp = sp
}

// markowitzOrder chooses the elimination order of the n×n pattern pat
// (row-major) by the greedy Markowitz rule of SetPattern and simulates the
// elimination: it returns the order (order[p] is the row and column
// eliminated p-th) and the pattern with its fill-in.
func markowitzOrder(pat []bool, n int) (order []int, fill []bool) {
	fill = slices.Clone(pat) // pattern with fill-in, built below
	done := make([]bool, n)
	order = make([]int, 0, n)
	for range n {
		best, bestCost, bestDeg := -1, 0, 0
		for k := 0; k < n; k++ {
			if done[k] {
				continue
			}
			rc, cc := 0, 0
			for j := 0; j < n; j++ {
				if done[j] {
					continue
				}
				if fill[k*n+j] {
					rc++
				}
				if fill[j*n+k] {
					cc++
				}
			}
			cost, deg := (rc-1)*(cc-1), rc+cc
			if best < 0 || cost < bestCost || cost == bestCost && deg < bestDeg {
				best, bestCost, bestDeg = k, cost, deg
			}
		}
		k := best
		done[k] = true
		order = append(order, k)
		// Eliminating pivot k couples every remaining row i with an entry
		// in column k to every remaining column j with an entry in row k.
		for i := 0; i < n; i++ {
			if done[i] || !fill[i*n+k] {
				continue
			}
			for j := 0; j < n; j++ {
				if !done[j] && fill[k*n+j] {
					fill[i*n+j] = true
				}
			}
		}
	}
	return order, fill
}

// packPattern lays out the filled pattern fill (n×n, row-major) as packed
// rows in the elimination order (see sparseLU), for a J whose rows are js
// apart in its data. The elimination operations, solve schedules and zero
// mask are left to the caller.
func packPattern(order []int, fill []bool, n, js int) *sparseLU {
	pos := make([]int, n)
	for p, k := range order {
		pos[k] = p
	}

	sp := &sparseLU{order: order, start: make([]int, n+1), diag: make([]int, n),
		inv: make([]float64, n), usum: make([]float64, n)}
	for p, i := range order {
		sp.start[p] = len(sp.col)
		var cols []int
		for j := 0; j < n; j++ {
			if fill[i*n+j] {
				cols = append(cols, j)
			}
		}
		slices.SortFunc(cols, func(a, b int) int { return pos[a] - pos[b] })
		for _, j := range cols {
			if j == i {
				sp.diag[p] = len(sp.col)
			}
			sp.col = append(sp.col, j)
			sp.cpos = append(sp.cpos, pos[j])
			sp.joff = append(sp.joff, i*js+j)
		}
	}
	sp.start[n] = len(sp.col)
	sp.val = make([]float64, len(sp.col))
	return sp
}

// eliminationOps fills sp.lop and sp.tgt: for each L entry of each packed
// row, the pivot row it eliminates with and the packed indices of the
// entries that elimination updates. It panics if the filled pattern fill
// lacks one of them (an internal error).
func (sp *sparseLU) eliminationOps(fill []bool, n int) {
	order := sp.order
	where := make([]int, n) // where[j]: packed index of column j in the current row
	sp.lop = make([]spOp, len(sp.col))
	for p := 0; p < n; p++ {
		for e := sp.start[p]; e < sp.start[p+1]; e++ {
			where[sp.col[e]] = e
		}
		for e := sp.start[p]; e < sp.diag[p]; e++ {
			k := sp.cpos[e]
			sp.lop[e] = spOp{int32(k), int32(sp.diag[k] + 1), int32(sp.start[k+1]), int32(len(sp.tgt))}
			for f := sp.diag[k] + 1; f < sp.start[k+1]; f++ {
				j := sp.col[f]
				if !fill[order[p]*n+j] {
					panic("ode: SetPattern: fill-in missing (internal error)")
				}
				sp.tgt = append(sp.tgt, int32(where[j]))
			}
		}
	}
}

// solveSchedules fills the row schedules sp.fwd and sp.bwd of the
// triangular solves (see sparseLU).
func (sp *sparseLU) solveSchedules(n int) {
	order := sp.order
	for p, i := range order {
		if sp.diag[p] > sp.start[p] {
			sp.fwd = append(sp.fwd, spRow{int32(i), int32(p), int32(sp.start[p]), int32(sp.diag[p])})
		}
	}
	for p := n - 1; p >= 0; p-- {
		sp.bwd = append(sp.bwd, spRow{int32(order[p]), int32(p), int32(sp.diag[p] + 1), int32(sp.start[p+1])})
	}
}

// factorSparse forms W = d·I − J on the filled pattern and factorises it
// (see SetPattern). It reports false if J has a nonzero outside the
// pattern or a pivot or row growth fails its check (including non-finite
// values).
func (r *Rodas4) factorSparse(d float64) bool {
	sp := r.sp
	jd := r.J.RawMatrix().Data
	// One test for all the entries that must be zero: OR their bits but
	// the sign, so that ±0 pass and anything else (NaN too) fails; over
	// all of J with a mask, in four independent chains, since a branch per
	// entry would cost more than the test.
	zero := sp.zero
	jz := jd[:len(zero)]
	var b0, b1, b2, b3 uint64
	q := 0
	for ; q+4 <= len(zero); q += 4 {
		z, v := zero[q:q+4:q+4], jz[q:q+4:q+4]
		b0 |= math.Float64bits(v[0]) & z[0]
		b1 |= math.Float64bits(v[1]) & z[1]
		b2 |= math.Float64bits(v[2]) & z[2]
		b3 |= math.Float64bits(v[3]) & z[3]
	}
	for ; q < len(zero); q++ {
		b0 |= math.Float64bits(jz[q]) & zero[q]
	}
	if b0|b1|b2|b3 != 0 {
		return false
	}
	val, tgt, lop, inv, usums := sp.val, sp.tgt, sp.lop, sp.inv, sp.usum
	for p := range sp.order {
		a, dg, b := sp.start[p], sp.diag[p], sp.start[p+1]
		row, joff := val[a:b], sp.joff[a:b]
		joff = joff[:len(row)]
		for q := range row {
			row[q] = -jd[joff[q]]
		}
		val[dg] += d
		// Sums rather than maxima: they carry NaN and Inf to the checks.
		var rowSum, growth, usum float64
		for _, v := range row {
			rowSum += math.Abs(v)
		}
		for e, op := range lop[a:dg] {
			l := row[e] * inv[op.k]
			row[e] = l
			growth += math.Abs(l) * usums[op.k]
			src := val[op.sa:op.sb]
			t := tgt[op.ta:]
			t = t[:len(src)]
			for q, u := range src {
				val[t[q]] -= l * u
			}
		}
		for _, u := range val[dg+1 : b] {
			usum += math.Abs(u)
		}
		piv := val[dg]
		// Negated comparisons so that NaN fails too.
		if !(math.Abs(piv) > spPivotTol*rowSum) || !(growth <= spGrowthMax*rowSum) || math.IsInf(usum, 0) {
			return false
		}
		usums[p] = usum
		inv[p] = 1 / piv
	}
	return true
}

// solveSparse sets x = W⁻¹·x with the factors of factorSparse: forward
// substitution with the unit lower factor, then back substitution with the
// upper one, over the packed rows in elimination order (the forward pass
// skips the rows without an L part).
func (r *Rodas4) solveSparse(x []float64) {
	sp := r.sp
	val, col, inv := sp.val, sp.col, sp.inv
	col = col[:len(val)]
	for _, rw := range sp.fwd {
		s := x[rw.i]
		for e := rw.a; e < rw.b; e++ {
			s -= val[e] * x[col[e]]
		}
		x[rw.i] = s
	}
	for _, rw := range sp.bwd {
		s := x[rw.i]
		for e := rw.a; e < rw.b; e++ {
			s -= val[e] * x[col[e]]
		}
		x[rw.i] = s * inv[rw.p]
	}
}
