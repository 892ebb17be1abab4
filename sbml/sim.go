package sbml

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/synlab/synlab/ode"
)

// Solver defaults of a Sim (model time units).
const (
	// DefaultRelTol is the relative tolerance of Rodas4 unless
	// Sim.RelTol says otherwise: four orders below the Test Suite's
	// 1e-4, so the solver's error is not what decides a comparison.
	DefaultRelTol = 1e-8
	// DefaultAbsTol is the absolute tolerance unless Sim.AbsTol says
	// otherwise.
	DefaultAbsTol = 1e-14
	// maxEventsPerInstant bounds the events executed at one time (an
	// event re-triggering itself with no delay would loop for ever).
	maxEventsPerInstant = 100_000
	// DefaultMaxSteps is the default of Sim.MaxSteps.
	DefaultMaxSteps = 10_000_000
)

// Sim is one simulation of a compiled model: its state at time T, its
// solver and its pending events. Not safe for concurrent use; make one
// per run (Compiled.New).
type Sim struct {
	// RelTol and AbsTol are the solver tolerances (0: defaults); HMax
	// bounds its step (0: none). Set them before the first Advance.
	RelTol, AbsTol, HMax float64
	// MaxSteps bounds the solver steps (accepted and rejected) over the
	// Sim's life; 0: DefaultMaxSteps.
	MaxSteps int
	// Rand breaks ties between simultaneous events of equal priority
	// (SBML leaves their order random). New seeds it with a fixed seed, so
	// runs repeat exactly; replace it to vary the order.
	Rand *rand.Rand

	c    *Compiled
	T    float64 // current time (model time units)
	y    []float64
	e    env
	f    ode.Func
	sol  *ode.Rodas4
	trig []bool
	sign []int8    // sign of each root function at the current time
	due  []pending // delayed events not yet executed, any order
	seq  int

	tmp, tmp2, tmp3 []float64
	input           func(t float64) float64

	hist  *history
	y0    []float64 // state after initialisation (delay before t0)
	v0    []float64
	denvs []*env // scratch environments for delay, one per nesting level

	algR, algR1, algDx, algJ []float64
	events                   int // events executed
	tooMany                  bool
}

func (s *Sim) maxSteps() int {
	if s.MaxSteps > 0 {
		return s.MaxSteps
	}
	return DefaultMaxSteps
}

// pending is an event triggered and waiting for its delay.
type pending struct {
	ev   int
	t    float64   // execution time
	vals []float64 // assignment values computed at trigger time, or nil
	seq  int       // order of triggering
}

// New returns a simulation at t = 0: declared values, initial
// assignments and rules evaluated in dependency order, algebraic rules
// solved, and events whose trigger is true at t = 0 handled as the
// trigger's initialValue says.
func (c *Compiled) New() (*Sim, error) {
	s := &Sim{c: c, y: make([]float64, len(c.state)), tmp: make([]float64, len(c.state)), tmp2: make([]float64, len(c.state)), tmp3: make([]float64, len(c.state))}
	s.e = env{v: make([]float64, c.nslots), sim: s}
	s.Rand = rand.New(rand.NewPCG(1, 2))
	v := s.e.v
	for i := range v {
		v[i] = math.NaN()
	}
	for i := range c.syms {
		sy := c.syms[i]
		switch {
		case sy.kind == kReaction:
		case sy.kind == kSpecies:
			if sy.declConc && !sy.hosu {
				v[sy.slot] = sy.decl
			} else if !sy.declConc {
				v[sy.amt] = sy.decl
			}
		case sy.kind == kCompartment && sy.zeroD:
			v[sy.slot] = 1
		case sy.kind == kCompartment && !sy.declGiven:
			v[sy.slot] = 1
		default:
			v[sy.slot] = sy.decl
		}
	}
	if c.inputFlux {
		v[c.inputSlot] = 0
	}
	if c.alg != nil {
		for _, si := range c.alg.unk {
			if sl := c.syms[si].slot; math.IsNaN(v[sl]) {
				v[sl] = 1
			}
		}
	}
	s.e.t = 0
	run(c.initNodes, &s.e)
	if c.alg != nil {
		if !s.solveAlg(&s.e) {
			return nil, errors.New("sbml: the algebraic rules have no solution at t = 0 (Newton's method failed)")
		}
	}
	for k, sl := range c.state {
		s.y[k] = v[sl]
		if math.IsNaN(s.y[k]) || math.IsInf(s.y[k], 0) {
			sy := c.syms[c.stSym[k]]
			return nil, fmt.Errorf("sbml: line %d: %s %q: initial value is %g (missing or undefined)", sy.line, sy.kind, sy.id, s.y[k])
		}
	}
	s.f = func(t float64, y, dy []float64) {
		s.eval(t, y)
		for k, d := range c.dslot {
			dy[k] = s.e.v[d]
		}
	}
	s.y0 = append([]float64(nil), s.y...)
	s.v0 = append([]float64(nil), v...)
	if c.hasDelay {
		s.hist = &history{n: len(s.y)}
	}
	if err := s.equilibrate(); err != nil {
		return nil, err
	}
	copy(s.y0, s.y) // v0 keeps the values before it: the history before t = 0 (case 01539)
	s.trig = make([]bool, len(c.events))
	for i, ev := range c.events {
		s.trig[i] = ev.initialValue
	}
	s.sign = make([]int8, len(c.roots))
	if err := s.fire(); err != nil {
		return nil, err
	}
	s.refresh()
	s.saveSigns()
	return s, nil
}

// run evaluates nodes in order.
func run(nodes []node, e *env) {
	for i := range nodes {
		e.v[nodes[i].out] = nodes[i].fn(e)
	}
}

// eval sets every slot for state y at time t.
func (s *Sim) eval(t float64, y []float64) {
	e := &s.e
	e.t = t
	for k, sl := range s.c.state {
		e.v[sl] = y[k]
	}
	if s.input != nil {
		e.v[s.c.inputSlot] = s.input(t)
	}
	if s.c.alg != nil {
		s.solveAlg(e)
		return
	}
	run(s.c.rhsNodes, e)
}

// refresh re-evaluates every slot at the current state and time.
func (s *Sim) refresh() { s.eval(s.T, s.y) }

func (s *Sim) solver() *ode.Rodas4 {
	if s.sol != nil {
		return s.sol
	}
	rel, abs := s.RelTol, s.AbsTol
	if rel == 0 {
		rel = DefaultRelTol
	}
	if abs == 0 {
		abs = DefaultAbsTol
	}
	hmax := s.HMax
	if s.c.hasDelay {
		if d := s.minDelay(); d > 0 && (hmax == 0 || d < hmax) {
			hmax = d
		}
	}
	n := len(s.y)
	if n == 0 {
		n = 1
	}
	s.sol = ode.NewRodas4(n, ode.Settings{RelTol: rel, AbsTol: abs, HMax: hmax, MaxSteps: 5_000_000}, nil)
	if len(s.y) >= 12 && s.c.alg == nil && !s.c.hasDelay {
		s.sol.SetPattern(s.c.pattern())
	}
	return s.sol
}

// AdvanceTo integrates from T to t1, executing events on the way. obs,
// if not nil, is called at each time of ts (sorted) in (T, t1] after the
// events of that time, and may read the state (Value, Amount,
// Concentration) during the call.
func (s *Sim) AdvanceTo(t1 float64, ts []float64, obs func(t float64)) error {
	if !(t1 >= s.T) || math.IsInf(t1, 0) {
		return fmt.Errorf("sbml: AdvanceTo(%g) from t = %g: need a finite time not before the current one", t1, s.T)
	}
	k := sort.SearchFloat64s(ts, s.T)
	for k < len(ts) && ts[k] <= s.T {
		k++
	}
	for s.T < t1 {
		next := t1
		if k < len(ts) && ts[k] < next {
			next = ts[k]
		}
		for _, p := range s.due {
			if p.t < next && p.t > s.T {
				next = p.t
			}
		}
		if err := s.integrate(next); err != nil {
			return err
		}
		if err := s.fire(); err != nil {
			return err
		}
		if len(s.c.roots) > 0 {
			s.refresh()
			s.saveSigns()
		}
		for k < len(ts) && ts[k] <= s.T {
			if obs != nil {
				s.refresh()
				obs(ts[k])
			}
			k++
		}
	}
	s.refresh()
	return nil
}

// integrate advances the state from T towards t1, stopping early where a
// trigger changes value (located by bisection on the solver's dense
// output to the resolution of float64).
func (s *Sim) integrate(t1 float64) error {
	if len(s.y) == 0 {
		// Nothing to integrate: triggers can change only through time;
		// scan them on the way.
		return s.integrateAlgebraic(t1)
	}
	sol := s.solver()
	t, err := sol.IntegrateSteps(s.f, s.T, t1, s.y, s.onStep)
	if err != nil {
		s.T = t
		return s.explain(err)
	}
	if s.tooMany {
		s.T = t
		return fmt.Errorf("sbml: at t = %g: more than %d solver steps", t, s.maxSteps())
	}
	if t < t1 {
		sol.Reset() // an event: restart the step control
	}
	s.T = t
	return nil
}

// onStep records history and looks for trigger changes in the step.
func (s *Sim) onStep(st *ode.Step) (float64, bool) {
	if s.sol.Steps+s.sol.Rejected > s.maxSteps() {
		s.tooMany = true
		return st.T1, true
	}
	if s.hist != nil {
		s.hist.add(st)
	}
	if len(s.c.events) == 0 {
		return 0, false
	}
	s.eval(st.T1, st.Y1)
	if !s.triggersChanged() {
		s.saveSigns()
		return 0, false
	}
	lo, hi := st.T0, st.T1
	for it := 0; it < 200; it++ {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		st.Dense(mid, s.tmp)
		s.eval(mid, s.tmp)
		if s.triggersChanged() {
			hi = mid
		} else {
			lo = mid
		}
	}
	if s.hist != nil {
		s.hist.truncate(hi)
	}
	return hi, true
}

// integrateAlgebraic handles models without state: only time moves, so
// triggers are scanned on a grid and located by bisection.
func (s *Sim) integrateAlgebraic(t1 float64) error {
	if len(s.c.events) == 0 {
		s.T = t1
		return nil
	}
	const grid = 64
	t0 := s.T
	prev := t0
	for i := 1; i <= grid; i++ {
		t := t0 + (t1-t0)*float64(i)/grid
		if i == grid {
			t = t1
		}
		s.eval(t, s.y)
		if s.triggersChanged() {
			lo, hi := prev, t
			for it := 0; it < 200; it++ {
				mid := lo + (hi-lo)/2
				if mid <= lo || mid >= hi {
					break
				}
				s.eval(mid, s.y)
				if s.triggersChanged() {
					hi = mid
				} else {
					lo = mid
				}
			}
			s.T = hi
			return nil
		}
		prev = t
	}
	s.T = t1
	return nil
}

// triggersChanged reports whether any trigger's value, or the sign of
// any relation in a trigger, at the slots in s.e differs from its
// recorded value.
func (s *Sim) triggersChanged() bool {
	for i, ev := range s.c.events {
		if (ev.trigger(&s.e) != 0) != s.trig[i] {
			return true
		}
	}
	for i, g := range s.c.roots {
		if signOf(g(&s.e)) != s.sign[i] {
			return true
		}
	}
	return false
}

func signOf(x float64) int8 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// saveSigns records the root functions' signs at the slots in s.e.
func (s *Sim) saveSigns() {
	for i, g := range s.c.roots {
		s.sign[i] = signOf(g(&s.e))
	}
}

// fire handles events at the current time T: triggers that changed, due
// delayed events, and the cascade of events these cause, highest priority
// first (ties: the order of triggering, then of the file).
func (s *Sim) fire() error {
	if len(s.c.events) == 0 {
		return nil
	}
	var ready []pending
	check := func() {
		s.refresh()
		for i, ev := range s.c.events {
			v := ev.trigger(&s.e) != 0
			if v == s.trig[i] {
				continue
			}
			s.trig[i] = v
			if !v {
				if !ev.persistent {
					ready = dropEvent(ready, i)
					s.due = dropEvent(s.due, i)
				}
				continue
			}
			p := pending{ev: i, t: s.T, seq: s.seq}
			s.seq++
			if ev.useTriggerValues {
				p.vals = make([]float64, len(ev.assigns))
				for k, a := range ev.assigns {
					p.vals[k] = a.fn(&s.e)
				}
			}
			if ev.delay != nil {
				d := ev.delay(&s.e)
				if d > 0 {
					p.t = s.T + d
					s.due = append(s.due, p)
					continue
				}
			}
			ready = append(ready, p)
		}
		kept := s.due[:0]
		for _, p := range s.due {
			if p.t <= s.T {
				ready = append(ready, p)
			} else {
				kept = append(kept, p)
			}
		}
		s.due = kept
	}
	check()
	for n := 0; len(ready) > 0; n++ {
		if n > maxEventsPerInstant {
			return fmt.Errorf("sbml: more than %d events executed at t = %g (an event re-triggering itself?)", maxEventsPerInstant, s.T)
		}
		// Highest priority first; among equal priorities a random one
		// (events without a priority: in order of triggering).
		best, bestP, ties := 0, math.Inf(-1), 0
		for i, p := range ready {
			pr := math.Inf(-1)
			if f := s.c.events[p.ev].priority; f != nil {
				pr = f(&s.e)
			}
			switch {
			case i == 0 || pr > bestP:
				best, bestP, ties = i, pr, 1
			case pr == bestP && !math.IsInf(pr, -1):
				ties++
				if s.Rand.IntN(ties) == 0 {
					best = i
				}
			case pr == bestP && p.seq < ready[best].seq:
				best = i
			}
		}
		p := ready[best]
		ready = append(ready[:best], ready[best+1:]...)
		s.execute(p)
		if err := s.equilibrate(); err != nil {
			return err
		}
		check()
	}
	return nil
}

func dropEvent(list []pending, ev int) []pending {
	out := list[:0]
	for _, p := range list {
		if p.ev != ev {
			out = append(out, p)
		}
	}
	return out
}

// execute carries out an event's assignments: values first (at trigger
// time if stored), then all assigned at once.
func (s *Sim) execute(p pending) {
	ev := s.c.events[p.ev]
	s.events++
	vals := p.vals
	if vals == nil {
		s.refresh()
		vals = make([]float64, len(ev.assigns))
		for k, a := range ev.assigns {
			vals[k] = a.fn(&s.e)
		}
	}
	// Compartments last: a species assigned by the same event takes its
	// concentration in the old size, and keeps its amount when the size
	// changes (Test Suite cases 01506, 01779).
	for k, a := range ev.assigns {
		if s.c.syms[a.sym].kind != kCompartment {
			s.assign(a.sym, vals[k])
		}
	}
	for k, a := range ev.assigns {
		if s.c.syms[a.sym].kind == kCompartment {
			s.assign(a.sym, vals[k])
		}
	}
	if s.sol != nil {
		s.sol.Reset()
	}
	if s.hist != nil {
		s.refresh()
		s.hist.jump(s.T, s.y, s.e.v)
	}
}

// assign sets a symbol's value (in its math meaning: concentration for a
// species without hasOnlySubstanceUnits) in the slots and the state.
func (s *Sim) assign(si int, v float64) {
	sy := s.c.syms[si]
	sl := sy.slot
	if sy.kind == kCompartment {
		// Amounts are kept: species whose state is a concentration (rate
		// rules) are rescaled; the others' concentrations follow from
		// their amounts.
		old := s.e.v[sl]
		for j := range s.c.syms {
			sp := s.c.syms[j]
			if sp.kind == kSpecies && sp.comp == si && !sp.hosu && sp.stateIdx >= 0 && sp.rule >= 0 {
				s.y[sp.stateIdx] *= old / v
				s.e.v[sp.slot] = s.y[sp.stateIdx]
			}
		}
	}
	if sy.kind == kSpecies && !sy.hosu && !sy.valuePrimary() {
		// The amount is what is stored.
		sl = sy.amt
		v *= s.e.v[s.c.syms[sy.comp].slot]
	}
	s.e.v[sl] = v
	if sy.stateIdx >= 0 {
		s.y[sy.stateIdx] = v
	}
	// Keep the declared values for later refreshes: slots not written by
	// nodes persist in e.v.
}

// explain turns a solver failure into a message naming the model element
// whose value went wrong.
func (s *Sim) explain(err error) error {
	var oe *ode.Error
	if !errors.As(err, &oe) {
		return fmt.Errorf("sbml: %w", err)
	}
	// Find a non-finite slot at the last state.
	s.eval(s.T, s.y)
	for _, n := range s.c.rhsNodes {
		if x := s.e.v[n.out]; math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("sbml: at t = %g: %s is %g: %w", s.T, n.what, x, err)
		}
	}
	if oe.Index >= 0 && oe.Index < len(s.c.stSym) {
		sy := s.c.syms[s.c.stSym[oe.Index]]
		return fmt.Errorf("sbml: at t = %g: %s %q: %w", oe.T, sy.kind, sy.id, err)
	}
	return fmt.Errorf("sbml: at t = %g: %w", oe.T, err)
}

// Time returns the current time (model units).
func (s *Sim) Time() float64 { return s.T }

// Events returns the number of events executed so far.
func (s *Sim) Events() int { return s.events }

// Steps returns the solver's accepted and rejected steps so far.
func (s *Sim) Steps() (accepted, rejected int) {
	if s.sol == nil {
		return 0, 0
	}
	return s.sol.Steps, s.sol.Rejected
}
