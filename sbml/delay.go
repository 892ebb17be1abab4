package sbml

import (
	"math"
	"sort"

	"github.com/synlab/synlab/ode"
)

// The delay csymbol, delay(x, d), is x at time t − d. The state's history
// is kept as the solver's steps, each sampled at 4 equally spaced points
// of its dense output (interpolated by the cubic through them, the
// interpolant's own order); x is evaluated on the interpolated state after
// the nodes it depends on are re-run. Before t = 0 the history is the
// initial state (the Test Suite's convention). While a delay is present
// the solver's step is bounded by the smallest delay at t = 0, so t − d
// lies in a completed step, or in the current one, where the state is
// interpolated linearly from the last step's end to the stage's state.

// maxDelayDepth bounds nested delays (a delayed expression that itself
// depends on a delay); deeper ones read the value at the deepest level.
const maxDelayDepth = 8

// delaySpec is one delay(x, d) of the model.
type delaySpec struct {
	x, d      evalFn
	deps      []int  // slots x reads
	nodes     []node // rhs nodes x needs, in order (filled after ordering)
	initNodes []node // the same from the initial-value nodes
}

// histStep is one recorded step: knots at t0 + k·(t1−t0)/3, k = 0…3.
type histStep struct {
	t0, t1, end float64 // end ≤ t1: where the step was cut by an event
	y           []float64
}

// history is the state's past: the solver's steps, and a snapshot of
// every slot after each event (values that events set outside the state).
type history struct {
	n     int
	steps []histStep
	snaps []snapshot
}

type snapshot struct {
	t float64
	v []float64
}

// base returns the slot values in force at t: the last snapshot at or
// before t, or nil before the first.
func (h *history) base(t float64) []float64 {
	i := sort.Search(len(h.snaps), func(i int) bool { return h.snaps[i].t > t })
	if i == 0 {
		return nil
	}
	return h.snaps[i-1].v
}

func (h *history) add(st *ode.Step) {
	y := make([]float64, 4*h.n)
	for k := 0; k < 4; k++ {
		t := st.T0 + (st.T1-st.T0)*float64(k)/3
		st.Dense(t, y[k*h.n:(k+1)*h.n])
	}
	h.steps = append(h.steps, histStep{t0: st.T0, t1: st.T1, end: st.T1, y: y})
}

// truncate marks the last step as ending at t (an event cut it there).
func (h *history) truncate(t float64) {
	if n := len(h.steps); n > 0 {
		h.steps[n-1].end = t
	}
}

// jump records the state and slots v after an event at t (a zero-length
// step and a snapshot).
func (h *history) jump(t float64, y, v []float64) {
	h.snaps = append(h.snaps, snapshot{t: t, v: append([]float64(nil), v...)})
	ys := make([]float64, 4*h.n)
	for k := 0; k < 4; k++ {
		copy(ys[k*h.n:], y)
	}
	h.steps = append(h.steps, histStep{t0: t, t1: t, end: t, y: ys})
}

// at writes the state at t into dst and reports whether t lies within
// the recorded history (false: t is after its end).
func (h *history) at(t float64, dst []float64) bool {
	i := sort.Search(len(h.steps), func(i int) bool { return h.steps[i].end >= t })
	if i == len(h.steps) {
		return false
	}
	st := h.steps[i]
	n := h.n
	if st.t1 == st.t0 {
		copy(dst, st.y[:n])
		return true
	}
	// Lagrange cubic through the 4 knots, in θ = 3(t−t0)/(t1−t0).
	th := 3 * (t - st.t0) / (st.t1 - st.t0)
	l0 := -(th - 1) * (th - 2) * (th - 3) / 6
	l1 := th * (th - 2) * (th - 3) / 2
	l2 := -th * (th - 1) * (th - 3) / 2
	l3 := th * (th - 1) * (th - 2) / 6
	for j := 0; j < n; j++ {
		dst[j] = l0*st.y[j] + l1*st.y[n+j] + l2*st.y[2*n+j] + l3*st.y[3*n+j]
	}
	return true
}

// delayed evaluates x at time e.t − d.
func (s *Sim) delayed(e *env, ds *delaySpec, d float64) float64 {
	if s == nil || d <= 0 || math.IsNaN(d) {
		return ds.x(e)
	}
	level := 0
	for i, de := range s.denvs {
		if de == e {
			level = i + 1
		}
	}
	if level >= maxDelayDepth {
		return ds.x(e)
	}
	for len(s.denvs) <= level {
		s.denvs = append(s.denvs, &env{v: make([]float64, len(s.e.v)), sim: s})
	}
	de := s.denvs[level]
	tp := e.t - d
	c := s.c
	if tp < 0 {
		// Before t = 0 the state rests at its initial value: initial
		// assignments and rules that read time follow it, derivatives are
		// zero.
		if s.v0 != nil {
			copy(de.v, s.v0)
		} else {
			copy(de.v, e.v) // during initialisation
		}
		de.t = tp
		for _, n := range ds.initNodes {
			if n.deriv {
				de.v[n.out] = 0
			} else {
				de.v[n.out] = n.fn(de)
			}
		}
		return ds.x(de)
	}
	if s.hist == nil || s.v0 == nil {
		copy(de.v, e.v)
		de.t = tp
		run(ds.nodes, de)
		return ds.x(de)
	}
	if b := s.hist.base(tp); b != nil {
		copy(de.v, b)
	} else {
		copy(de.v, s.v0)
	}
	de.t = tp
	buf := s.tmp2
	if !s.hist.at(tp, buf) {
		// In the current step: linear from the history's end (or t0) to
		// the state at e.
		tl := 0.0
		yl := s.y0
		if len(s.hist.steps) > 0 {
			tl = s.hist.steps[len(s.hist.steps)-1].end
			yl = s.tmp3
			s.hist.at(tl, yl)
		}
		w := 0.0
		if e.t > tl {
			w = (tp - tl) / (e.t - tl)
		}
		for k, sl := range c.state {
			buf[k] = yl[k] + w*(e.v[sl]-yl[k])
		}
	}
	for k, sl := range c.state {
		de.v[sl] = buf[k]
	}
	run(ds.nodes, de)
	return ds.x(de)
}

// minDelay is the smallest positive delay of the model at the current
// state (for the solver's step bound), or 0.
func (s *Sim) minDelay() float64 {
	m := 0.0
	for _, ds := range s.c.delays {
		d := ds.d(&s.e)
		if d > 0 && (m == 0 || d < m) {
			m = d
		}
	}
	return m
}

// delayNodes fills each delay's node list: the rhs nodes its expression
// needs, transitively, in evaluation order.
func (c *Compiled) delayNodes() {
	for _, ds := range c.delays {
		ds.nodes = needed(c.rhsNodes, ds.deps)
		ds.initNodes = needed(c.initNodes, ds.deps)
	}
}

// needed returns the nodes of list (in its order) that the slots deps
// depend on, transitively.
func needed(list []node, deps []int) []node {
	writer := map[int]int{}
	for i, n := range list {
		writer[n.out] = i
	}
	{
		need := map[int]bool{}
		var visit func(sl int)
		visit = func(sl int) {
			i, ok := writer[sl]
			if !ok || need[i] {
				return
			}
			need[i] = true
			for _, d := range list[i].deps {
				visit(d)
			}
		}
		for _, d := range deps {
			visit(d)
		}
		var out []node
		for i, n := range list {
			if need[i] {
				out = append(out, n)
			}
		}
		return out
	}
}
