package sbml

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/ode"
)

// Fast reactions (SBML Level 2 and L3V1 fast="true") are at equilibrium at
// all times. They are handled in two parts:
//
//   - at t = 0 and after every event, the state is projected onto the
//     equilibrium: the extents ξ of the fast reactions are found by Newton's
//     method such that each fast kinetic law is zero at y + N_f·ξ (N_f:
//     their stoichiometry, times any conversion factor), which keeps every
//     conservation law of the fast subsystem;
//   - between events they run at a finite rate, the kinetic law times
//     fastFactor, which the L-stable Rosenbrock solver integrates at the
//     cost of a few steps per transient; the quasi-steady state then lags
//     the exact equilibrium by O(1/fastFactor) relative to the slow rates,
//     far below the Test Suite's tolerances.
//
// Compiled.Unsupported lists each fast reaction with this note.
const fastFactor = 1e9

// Newton limits of the fast equilibrium.
const (
	fastMaxIter = 60
	fastTol     = 1e-14 // converged when every |Δξ| ≤ fastTol·scale
)

// fastRxn is a fast reaction's effect on the state.
type fastRxn struct {
	rate  int // rate slot
	terms []fastTerm
}

type fastTerm struct {
	k    int     // state index
	sign float64 // −1 reactant, +1 product
	sc   float64 // constant stoichiometry, or
	st   int     // its slot (≥ 0)
	cf   int     // conversion factor slot, or −1
}

// equilibrate projects the state onto the fast reactions' equilibrium.
func (s *Sim) equilibrate() error {
	fr := s.c.fast
	F := len(fr)
	if F == 0 {
		return nil
	}
	s.refresh()
	N, scale := s.fastStoichiometry()
	// First relax along the fast reactions alone (pseudo-time), so the
	// equilibrium reached is the one the reactions' own directions lead
	// to; then polish with Newton from there.
	s.relaxFast(N, F)
	y0 := append([]float64(nil), s.y...)
	xi := make([]float64, F)
	r, r1, J := make([]float64, F), make([]float64, F), make([]float64, F*F)
	set := func(xi []float64) {
		for k := range s.y {
			v := y0[k]
			for f := 0; f < F; f++ {
				v += N[k*F+f] * xi[f]
			}
			s.y[k] = v
		}
		s.refresh()
	}
	resid := func(out []float64) {
		for f, q := range fr {
			out[f] = s.e.v[q.rate]
		}
	}
	for it := 0; it < fastMaxIter; it++ {
		set(xi)
		resid(r)
		done := true
		for _, v := range r {
			if v != 0 {
				done = false
			}
		}
		if done {
			return nil
		}
		for f := range F {
			h := 1.4901161193847656e-08 * math.Max(math.Abs(xi[f]), scale[f])
			old := xi[f]
			xi[f] += h
			h = xi[f] - old
			set(xi)
			resid(r1)
			xi[f] = old
			for i := range F {
				J[i*F+f] = (r1[i] - r[i]) / h
			}
		}
		dx := make([]float64, F)
		for i := range r {
			dx[i] = -r[i]
		}
		if !solveDense(J, dx, F) {
			break
		}
		conv := true
		for f := range F {
			xi[f] += dx[f]
			if math.Abs(dx[f]) > fastTol*scale[f] {
				conv = false
			}
		}
		if conv {
			set(xi)
			return nil
		}
	}
	set(xi)
	for _, v := range r {
		if math.IsNaN(v) {
			copy(s.y, y0)
			s.refresh()
			return fmt.Errorf("sbml: at t = %g: the fast reactions have no equilibrium (Newton's method failed)", s.T)
		}
	}
	return nil
}

// fastStoichiometry returns N (n×F, row-major), the stoichiometry of the F
// fast reactions at the current state (times any conversion factor), and
// the scale of each reaction's extent: the largest |y_k| it changes (1 if
// all are 0).
func (s *Sim) fastStoichiometry() (N, scale []float64) {
	fr := s.c.fast
	F := len(fr)
	// N (n×F) at the current stoichiometry.
	n := len(s.y)
	N = make([]float64, n*F)
	scale = make([]float64, F)
	for f, r := range fr {
		for _, t := range r.terms {
			st := t.sc
			if t.st >= 0 {
				st = s.e.v[t.st]
			}
			if t.cf >= 0 {
				st *= s.e.v[t.cf]
			}
			N[t.k*F+f] += t.sign * st
			scale[f] = math.Max(scale[f], math.Abs(s.y[t.k]))
		}
		if scale[f] == 0 {
			scale[f] = 1
		}
	}
	return N, scale
}

// relaxSpan is the pseudo-time of relaxFast, in units of the fast
// subsystem's initial time scale max|y| / max|dy/dt|.
const relaxSpan = 1e8

// relaxFast integrates dy/dt = N·v_fast(y) (the fast reactions alone, at
// their own rates) over a long pseudo-time with Rodas4, which is L-stable,
// so it takes steps as long as the relaxation allows.
func (s *Sim) relaxFast(N []float64, F int) {
	n := len(s.y)
	fr := s.c.fast
	type nz struct {
		k, rate int
		a       float64
	}
	var nzs []nz // the nonzeros of N
	for k := 0; k < n; k++ {
		for f := range F {
			if a := N[k*F+f]; a != 0 {
				nzs = append(nzs, nz{k, fr[f].rate, a})
			}
		}
	}
	g := func(_ float64, y, dy []float64) {
		copy(s.y, y)
		s.refresh()
		clear(dy)
		for _, z := range nzs {
			dy[z.k] += z.a * s.e.v[z.rate]
		}
	}
	y := append([]float64(nil), s.y...)
	dy := make([]float64, n)
	g(0, y, dy)
	ymax, dmax := 0.0, 0.0
	for k := range y {
		ymax = math.Max(ymax, math.Abs(y[k]))
		dmax = math.Max(dmax, math.Abs(dy[k]))
	}
	if dmax == 0 || math.IsNaN(dmax) || math.IsInf(dmax, 0) {
		copy(s.y, y)
		s.refresh()
		return
	}
	if ymax == 0 {
		ymax = 1
	}
	// Decade by decade of pseudo-time, until the fast rates have fallen
	// by relaxDrop (Newton then finishes from close by).
	tau := ymax / dmax
	sol := ode.NewRodas4(n, ode.Settings{RelTol: 1e-6, AbsTol: 1e-10 * ymax, MaxSteps: 100_000}, nil) // loose: Newton polishes
	sol.Autonomous = true
	y0 := append([]float64(nil), y...)
	for t := 0.0; t < relaxSpan*tau; t = math.Max(10*t, tau) {
		t1 := math.Max(10*t, tau)
		if err := sol.Integrate(g, t, t1, y, nil, nil); err != nil {
			copy(y, y0) // keep the start; Newton alone follows
			break
		}
		g(t1, y, dy)
		m := 0.0
		for _, d := range dy {
			m = math.Max(m, math.Abs(d))
		}
		if m <= relaxDrop*dmax {
			break
		}
	}
	copy(s.y, y)
	s.refresh()
}

// relaxDrop: relaxFast stops once the fast rates have fallen to this
// fraction of their initial size.
const relaxDrop = 1e-10
