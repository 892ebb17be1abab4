package sbml

import (
	"fmt"
	"math"
	"sort"
)

// Algebraic rules 0 = g(x) are solved as an index-1 DAE: each rule is
// matched to one variable that nothing else determines (not constant, no
// assignment or rate rule, not a species changed by reactions), by
// augmenting paths over the variables each rule mentions; at every
// evaluation of the right-hand side Newton's method (finite-difference
// Jacobian, warm-started from the previous solution) solves the rules for
// those variables before the rates are computed. A rule that cannot be
// matched (over-determined model) is an error.

// Newton iteration limits for the algebraic rules.
const (
	algMaxIter = 50
	// algTol: converged when every update |Δx| ≤ algTol·max(|x|, algFloor).
	algTol   = 1e-13
	algFloor = 1e-12
)

// algebraic is the compiled set of algebraic rules.
type algebraic struct {
	rules []int // indices into Model.Rules
	unk   []int // symbol of each unknown
	slots []int // slot of each unknown
	res   []evalFn
	// work space lives in the Sim
}

// identsOf collects the identifiers an expression reads (outside function
// bodies, whose bvars are local; calls' arguments are walked).
func identsOf(x *Expr, out map[string]bool) {
	if x == nil {
		return
	}
	if x.Op == OpIdent {
		out[x.Name] = true
	}
	if x.Op == OpLambda {
		return
	}
	for _, a := range x.Args {
		identsOf(a, out)
	}
}

// algebraicSetup matches algebraic rules to the variables they determine.
func (b *builder) algebraicSetup() error {
	c, m := b.c, b.m
	var rules []int
	for i, r := range m.Rules {
		if r.Kind == AlgebraicRule {
			rules = append(rules, i)
		}
	}
	if len(rules) == 0 {
		return nil
	}
	candidate := func(si int) bool {
		s := c.syms[si]
		switch s.kind {
		case kCompartment, kParameter, kSpeciesRef:
		case kSpecies:
			if s.inRxn && !s.boundary {
				return false
			}
		default:
			return false
		}
		return !s.constant && s.rule < 0
	}
	// Preference among a rule's candidates, when several could be its
	// unknown: a variable without any initial value first, then one no
	// event assigns, then the rest (in file order).
	assigned := map[string]bool{}
	for _, ev := range m.Events {
		for _, a := range ev.Assignments {
			assigned[a.Variable] = true
		}
	}
	rank := func(si int) int {
		s := c.syms[si]
		switch {
		case !s.declGiven && s.ia == nil:
			return 0
		case !assigned[s.id]:
			return 1
		}
		return 2
	}
	adj := make([][]int, len(rules))
	for k, ri := range rules {
		ids := map[string]bool{}
		identsOf(m.Rules[ri].Math, ids)
		for si := range c.syms {
			if c.syms[si].kind != kLocal && ids[c.syms[si].id] && candidate(si) {
				adj[k] = append(adj[k], si)
			}
		}
		sort.SliceStable(adj[k], func(i, j int) bool { return rank(adj[k][i]) < rank(adj[k][j]) })
	}
	match := map[int]int{} // symbol → rule
	var try func(k int, seen map[int]bool) bool
	try = func(k int, seen map[int]bool) bool {
		for _, si := range adj[k] {
			if seen[si] {
				continue
			}
			seen[si] = true
			if r, ok := match[si]; !ok || try(r, seen) {
				match[si] = k
				return true
			}
		}
		return false
	}
	for k := range rules {
		if !try(k, map[int]bool{}) {
			r := m.Rules[rules[k]]
			return fmt.Errorf("sbml: line %d: algebraic rule 0 = %s determines no variable that is not already determined (constant, set by a rule, or changed by a reaction)", r.Line, r.Math)
		}
	}
	a := &algebraic{rules: rules, unk: make([]int, len(rules))}
	for si, k := range match {
		a.unk[k] = si
		c.syms[si].alg = true
	}
	c.alg = a
	return nil
}

// compileAlgebraic compiles the residuals once the slots are laid out.
func (b *builder) compileAlgebraic() error {
	a := b.c.alg
	b.ec.lookup = b.lookupGlobal
	for k, ri := range a.rules {
		r := b.m.Rules[ri]
		cp, err := b.ec.compile(r.Math, nil)
		if err != nil {
			return fmt.Errorf("sbml: line %d: algebraic rule: %w", r.Line, err)
		}
		a.res = append(a.res, cp.fn)
		a.slots = append(a.slots, b.c.syms[a.unk[k]].slot)
	}
	return nil
}

// solveAlg solves the algebraic rules for their unknowns at the state in
// e (Newton's method), leaving e's slots consistent (all nodes run with
// the solution). It reports whether it converged.
func (s *Sim) solveAlg(e *env) bool {
	a := s.c.alg
	n := len(a.slots)
	if len(s.algR) != n {
		s.algR, s.algR1, s.algDx = make([]float64, n), make([]float64, n), make([]float64, n)
		s.algJ = make([]float64, n*n)
	}
	r, r1, dx, J := s.algR, s.algR1, s.algDx, s.algJ
	resid := func(out []float64) {
		run(s.c.rhsNodes, e)
		for k, f := range a.res {
			out[k] = f(e)
		}
	}
	for _, sl := range a.slots {
		if x := e.v[sl]; math.IsNaN(x) || math.IsInf(x, 0) {
			e.v[sl] = 0
		}
	}
	ok := false
	for it := 0; it < algMaxIter; it++ {
		resid(r)
		zero := true
		for _, v := range r {
			if v != 0 {
				zero = false
			}
		}
		if zero {
			ok = true
			break
		}
		for j, sl := range a.slots {
			xj := e.v[sl]
			h := 1.4901161193847656e-08 * math.Max(math.Abs(xj), 1e-3)
			e.v[sl] = xj + h
			h = e.v[sl] - xj
			resid(r1)
			e.v[sl] = xj
			for i := range r1 {
				J[i*n+j] = (r1[i] - r[i]) / h
			}
		}
		for i := range r {
			dx[i] = -r[i]
		}
		if !solveDense(J, dx, n) {
			break
		}
		conv := true
		for j, sl := range a.slots {
			x := e.v[sl]
			e.v[sl] = x + dx[j]
			if math.Abs(dx[j]) > algTol*math.Max(math.Abs(x), algFloor) {
				conv = false
			}
		}
		if conv {
			ok = true
			break
		}
	}
	run(s.c.rhsNodes, e)
	return ok
}

// solveDense solves A x = b in place (b becomes x) by Gaussian
// elimination with partial pivoting; A (n×n, row-major) is overwritten.
// It reports false if A is singular.
func solveDense(A, b []float64, n int) bool {
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(A[i*n+k]) > math.Abs(A[p*n+k]) {
				p = i
			}
		}
		if A[p*n+k] == 0 || math.IsNaN(A[p*n+k]) {
			return false
		}
		if p != k {
			for j := 0; j < n; j++ {
				A[k*n+j], A[p*n+j] = A[p*n+j], A[k*n+j]
			}
			b[k], b[p] = b[p], b[k]
		}
		for i := k + 1; i < n; i++ {
			f := A[i*n+k] / A[k*n+k]
			if f == 0 {
				continue
			}
			for j := k; j < n; j++ {
				A[i*n+j] -= f * A[k*n+j]
			}
			b[i] -= f * b[k]
		}
	}
	for k := n - 1; k >= 0; k-- {
		s := b[k]
		for j := k + 1; j < n; j++ {
			s -= A[k*n+j] * b[j]
		}
		b[k] = s / A[k*n+k]
	}
	return true
}
