package sbml

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// symKind is the kind of an identifier.
type symKind uint8

const (
	kCompartment symKind = iota
	kSpecies
	kParameter
	kSpeciesRef
	kReaction
	kLocal
)

func (k symKind) String() string {
	return [...]string{"compartment", "species", "parameter", "species reference", "reaction", "local parameter"}[k]
}

// symbol is one identifier of the model with its slots.
type symbol struct {
	id    string
	kind  symKind
	line  int
	slot  int // value slot: the value the identifier has in math
	amt   int // species: amount slot (== slot if hasOnlySubstanceUnits); else slot
	comp  int // species: symbol index of its compartment; else -1
	hosu  bool
	zeroD bool // compartment of dimension 0 without a size: species in it are amounts

	constant  bool
	boundary  bool
	rule      int // index into Model.Rules of its assignment or rate rule, or -1
	ruleKind  RuleKind
	alg       bool  // determined by an algebraic rule
	inRxn     bool  // species: reactant or product of some reaction
	stateIdx  int   // index in the state vector, or -1
	dval      int   // slot of d(value)/dt when needed (rateOf), or -1
	damt      int   // species with amount state: slot of d(amount)/dt, or -1
	cf        int   // species: slot of its conversion factor, or -1
	input     bool  // clamped to the Sim's input
	inputFlux bool  // receives the Sim's input as an influx of amount
	ia        *Expr // initial assignment
	iaLine    int
	decl      float64 // declared value (NaN if none)
	declConc  bool    // species: declared as initialConcentration
	declGiven bool
}

// node computes one slot from others.
type node struct {
	out   int
	deps  []int
	fn    evalFn
	what  string
	deriv bool // computes a time derivative (zero before t = 0, see delayed)
}

// cassign is a compiled event assignment.
type cassign struct {
	sym int
	fn  evalFn
}

// cevent is a compiled event.
type cevent struct {
	id                       string
	line                     int
	trigger, delay, priority evalFn
	persistent, initialValue bool
	useTriggerValues         bool
	assigns                  []cassign
}

// Compiled is a model compiled for simulation: a state vector, the
// evaluation order of its rules and rates, and its events. It is
// immutable and may be shared by concurrent Sims (see New).
type Compiled struct {
	Model *Model

	syms   []symbol
	byID   map[string]int
	locals []map[string]int // per reaction: local parameter id → symbol
	nslots int

	initNodes []node // evaluation order at t0 (initial assignments)
	rhsNodes  []node // evaluation order at every t

	state []int // state component → slot
	dslot []int // state component → slot of its derivative
	stSym []int // state component → symbol

	rxnSlot []int // reaction → rate slot
	events  []cevent
	roots   []evalFn // lhs − rhs of every relation in a trigger (root finding)
	fast    []fastRxn
	alg     *algebraic

	hasDelay    bool
	delays      []*delaySpec
	inputSym    int // symbol driven from outside, or -1
	inputSlot   int // slot the input writes: the value (clamp) or an influx
	inputFlux   bool
	unsupported []string
	notes       []string
}

// Options adjust compilation.
type Options struct {
	// Input, if not empty, names a species, parameter or compartment
	// whose value is driven from outside (see Sim.SetInput). A species
	// named here is clamped (its value replaced) or, with InputFlux, fed an
	// influx in its amount per time unit.
	Input     string
	InputFlux bool
}

// Compile turns a model into its evaluable form. Every expression is
// compiled once to closures; assignment rules, reaction rates and
// conversions are ordered by their dependencies (a cycle is an error
// naming its members). Features outside what Compile can simulate return
// an error wrapping ErrUnsupported.
func Compile(m *Model, opt Options) (*Compiled, error) {
	c := &Compiled{Model: m, byID: map[string]int{}}
	b := &builder{c: c, m: m, opt: opt, curRxn: -1}
	if err := b.build(); err != nil {
		return nil, err
	}
	return c, nil
}

// ErrUnsupported is wrapped by errors about valid SBML that this package
// cannot simulate.
var ErrUnsupported = errUnsupported{}

type errUnsupported struct{}

func (errUnsupported) Error() string { return "unsupported" }

type unsupportedError struct{ msg string }

func (e unsupportedError) Error() string { return "sbml: unsupported: " + e.msg }
func (e unsupportedError) Is(t error) bool {
	_, ok := t.(errUnsupported)
	return ok
}

// builder holds compilation state.
type builder struct {
	c   *Compiled
	m   *Model
	opt Options
	ec  *exprCompiler

	inputSym int
	curRxn   int // reaction whose kinetic law is being compiled, or -1
}

func (b *builder) newSlot() int {
	s := b.c.nslots
	b.c.nslots++
	return s
}

func (b *builder) addSym(s symbol) (int, error) {
	if s.id == "" {
		return -1, fmt.Errorf("sbml: line %d: %s without an id", s.line, s.kind)
	}
	if s.kind != kLocal {
		if j, dup := b.c.byID[s.id]; dup {
			return -1, fmt.Errorf("sbml: line %d: %s %q: id already used by the %s on line %d", s.line, s.kind, s.id, b.c.syms[j].kind, b.c.syms[j].line)
		}
	}
	s.slot = b.newSlot()
	s.amt = s.slot
	s.comp, s.rule, s.stateIdx, s.dval, s.damt, s.cf = -1, -1, -1, -1, -1, -1
	b.c.syms = append(b.c.syms, s)
	i := len(b.c.syms) - 1
	if s.kind != kLocal {
		b.c.byID[s.id] = i
	}
	return i, nil
}

func opt(p *float64) (float64, bool) {
	if p == nil {
		return math.NaN(), false
	}
	return *p, true
}

func (b *builder) build() error {
	c, m := b.c, b.m
	funcs := map[string]*FunctionDefinition{}
	for i := range m.Functions {
		f := &m.Functions[i]
		if f.ID == "" {
			return fmt.Errorf("sbml: line %d: function definition without an id", f.Line)
		}
		funcs[f.ID] = f
	}

	// Symbols.
	for _, x := range m.Compartments {
		v, ok := opt(x.Size)
		_, err := b.addSym(symbol{id: x.ID, kind: kCompartment, line: x.Line, constant: x.Constant, decl: v, declGiven: ok,
			zeroD: x.SpatialDimensions == 0 && !ok})
		if err != nil {
			return err
		}
	}
	for _, x := range m.Species {
		s := symbol{id: x.ID, kind: kSpecies, line: x.Line, constant: x.Constant, boundary: x.BoundaryCondition, hosu: x.HasOnlySubstanceUnits}
		if v, ok := opt(x.InitialAmount); ok {
			s.decl, s.declGiven = v, true
		} else if v, ok := opt(x.InitialConcentration); ok {
			s.decl, s.declGiven, s.declConc = v, true, true
		} else {
			s.decl = math.NaN()
		}
		i, err := b.addSym(s)
		if err != nil {
			return err
		}
		ci, ok := c.byID[x.Compartment]
		if !ok || c.syms[ci].kind != kCompartment {
			return fmt.Errorf("sbml: line %d: species %q: compartment %q is not defined", x.Line, x.ID, x.Compartment)
		}
		sp := &c.syms[i]
		sp.comp = ci
		if c.syms[ci].zeroD {
			sp.hosu = true // no size: the species is an amount
		}
		if !sp.hosu {
			sp.amt = b.newSlot()
		}
	}
	for _, x := range m.Parameters {
		v, ok := opt(x.Value)
		if _, err := b.addSym(symbol{id: x.ID, kind: kParameter, line: x.Line, constant: x.Constant, decl: v, declGiven: ok}); err != nil {
			return err
		}
	}
	c.locals = make([]map[string]int, len(m.Reactions))
	c.rxnSlot = make([]int, len(m.Reactions))
	for ri, r := range m.Reactions {
		i, err := b.addSym(symbol{id: r.ID, kind: kReaction, line: r.Line, decl: math.NaN()})
		if err != nil {
			return err
		}
		c.rxnSlot[ri] = c.syms[i].slot
		c.locals[ri] = map[string]int{}
		for _, p := range r.Local {
			v, _ := opt(p.Value)
			j, err := b.addSym(symbol{id: p.ID, kind: kLocal, line: p.Line, constant: true, decl: v, declGiven: true})
			if err != nil {
				return err
			}
			c.locals[ri][p.ID] = j
		}
		for _, list := range [][]SpeciesRef{r.Reactants, r.Products} {
			for _, sr := range list {
				si, ok := c.byID[sr.Species]
				if !ok || c.syms[si].kind != kSpecies {
					return fmt.Errorf("sbml: line %d: reaction %q: species %q is not defined", sr.Line, r.ID, sr.Species)
				}
				c.syms[si].inRxn = true
				if sr.ID != "" {
					v, ok := opt(sr.Stoichiometry)
					if !ok && sr.StoichiometryMath == nil {
						v = 1
					}
					if _, err := b.addSym(symbol{id: sr.ID, kind: kSpeciesRef, line: sr.Line, constant: sr.Constant, decl: v, declGiven: true}); err != nil {
						return err
					}
				}
			}
		}
		for _, sr := range r.Modifiers {
			if si, ok := c.byID[sr.Species]; !ok || c.syms[si].kind != kSpecies {
				return fmt.Errorf("sbml: line %d: reaction %q: modifier species %q is not defined", sr.Line, r.ID, sr.Species)
			}
		}
	}

	// Rules and initial assignments.
	for ri, r := range m.Rules {
		if r.Kind == AlgebraicRule {
			continue
		}
		si, ok := c.byID[r.Variable]
		if !ok {
			return fmt.Errorf("sbml: line %d: %s for %q: no such compartment, species, parameter or species reference", r.Line, r.Kind, r.Variable)
		}
		s := &c.syms[si]
		if s.kind == kReaction {
			return fmt.Errorf("sbml: line %d: %s for %q: a reaction cannot be a rule's variable", r.Line, r.Kind, r.Variable)
		}
		if s.rule >= 0 {
			return fmt.Errorf("sbml: line %d: %s for %q: %q already has a rule (line %d)", r.Line, r.Kind, r.Variable, r.Variable, m.Rules[s.rule].Line)
		}
		if s.constant {
			return fmt.Errorf("sbml: line %d: %s for %q: %q is constant", r.Line, r.Kind, r.Variable, r.Variable)
		}
		s.rule, s.ruleKind = ri, r.Kind
	}
	for _, ia := range m.InitialAssignments {
		si, ok := c.byID[ia.Symbol]
		if !ok || c.syms[si].kind == kReaction {
			return fmt.Errorf("sbml: line %d: initial assignment to %q: no such compartment, species, parameter or species reference", ia.Line, ia.Symbol)
		}
		s := &c.syms[si]
		if s.ia != nil {
			return fmt.Errorf("sbml: line %d: initial assignment to %q: a second one (first on line %d)", ia.Line, ia.Symbol, s.iaLine)
		}
		if s.rule >= 0 && s.ruleKind == AssignmentRule {
			return fmt.Errorf("sbml: line %d: initial assignment to %q, which has an assignment rule (line %d)", ia.Line, ia.Symbol, m.Rules[s.rule].Line)
		}
		s.ia, s.iaLine = ia.Math, ia.Line
	}
	// Variable stoichiometry: a species reference id set by a rule keeps
	// its slot; L2 stoichiometryMath gets a slot of its own.
	if b.opt.Input != "" {
		si, ok := c.byID[b.opt.Input]
		if !ok || (c.syms[si].kind != kSpecies && c.syms[si].kind != kParameter && c.syms[si].kind != kCompartment) {
			return fmt.Errorf("sbml: input %q: no such species, parameter or compartment", b.opt.Input)
		}
		b.inputSym = si
		s := &c.syms[si]
		if s.rule >= 0 || s.ia != nil {
			return fmt.Errorf("sbml: input %q: it is set by a rule or an initial assignment", b.opt.Input)
		}
		if s.constant && !(s.kind == kParameter) {
			return fmt.Errorf("sbml: input %q: it is constant", b.opt.Input)
		}
		if b.opt.InputFlux {
			if s.kind != kSpecies || s.boundary {
				return fmt.Errorf("sbml: input %q: an influx needs a species that is not a boundary species", b.opt.Input)
			}
			s.inputFlux = true
			c.inputSlot = b.newSlot()
			c.inputFlux = true
		} else {
			s.input = true
			c.inputSlot = s.slot
		}
	} else {
		b.inputSym = -1
	}
	c.inputSym = b.inputSym

	b.ec = &exprCompiler{funcs: funcs, lookup: b.lookupGlobal, rateOf: b.rateOfSlot}
	if err := b.algebraicSetup(); err != nil {
		return err
	}
	b.stateLayout()
	if err := b.nodes(); err != nil {
		return err
	}
	c.delays = b.ec.delays
	c.hasDelay = len(c.delays) > 0
	c.delayNodes()
	if len(m.Constraints) > 0 {
		c.notes = append(c.notes, fmt.Sprintf("%d constraint(s) read but not enforced", len(m.Constraints)))
	}
	return nil
}

// lookupGlobal resolves an identifier outside kinetic laws.
func (b *builder) lookupGlobal(name string) (int, error) {
	si, ok := b.c.byID[name]
	if !ok {
		return 0, fmt.Errorf("%q is not defined", name)
	}
	return b.c.syms[si].slot, nil
}

// lookupIn resolves an identifier inside the kinetic law of reaction ri:
// local parameters shadow global ids.
func (b *builder) lookupIn(ri int) func(string) (int, error) {
	return func(name string) (int, error) {
		if j, ok := b.c.locals[ri][name]; ok {
			return b.c.syms[j].slot, nil
		}
		return b.lookupGlobal(name)
	}
}

// rateOfSlot returns the slot of d(value)/dt of the named symbol,
// allocating it (its node is made in nodes()).
func (b *builder) rateOfSlot(name string) (int, int, error) {
	if b.curRxn >= 0 {
		if _, ok := b.c.locals[b.curRxn][name]; ok {
			return -1, -1, nil
		}
	}
	si, ok := b.c.byID[name]
	if !ok {
		return 0, 0, fmt.Errorf("%q is not defined", name)
	}
	s := &b.c.syms[si]
	if s.dval < 0 {
		s.dval = b.newSlot()
	}
	return s.dval, si, nil
}

// stateLayout chooses the state vector: rate-rule variables (their
// value) and species changed by reactions (their amount).
func (b *builder) stateLayout() {
	c := b.c
	for i := range c.syms {
		s := &c.syms[i]
		switch {
		case s.rule >= 0 && s.ruleKind == RateRule:
			s.stateIdx = len(c.state)
			c.state = append(c.state, s.slot)
			c.stSym = append(c.stSym, i)
		case s.kind == kSpecies && (s.inRxn || s.inputFlux) && !s.boundary && !s.constant && s.rule < 0 && !s.alg && !s.input:
			s.stateIdx = len(c.state)
			c.state = append(c.state, s.amt)
			c.stSym = append(c.stSym, i)
		}
	}
}

// valuePrimary reports whether a species' value (not its amount) is what
// rules, algebraic rules or the input set.
func (s *symbol) valuePrimary() bool {
	return s.rule >= 0 || s.alg || s.input
}

func (b *builder) nodes() error {
	c, m := b.c, b.m
	var rhs, ini []node
	add := func(list *[]node, out int, cp compiled, what string) {
		*list = append(*list, node{out: out, deps: cp.deps, fn: cp.fn, what: what,
			deriv: strings.HasPrefix(what, "rate rule") || strings.HasPrefix(what, "rateOf") || strings.HasPrefix(what, "rate of change")})
	}
	compileG := func(x *Expr, what string) (compiled, error) {
		b.ec.lookup = b.lookupGlobal
		cp, err := b.ec.compile(x, nil)
		if err != nil {
			return cp, fmt.Errorf("sbml: %s: %w", what, err)
		}
		return cp, nil
	}
	slotOf := func(i int) int { return c.syms[i].slot }

	// Species conversions, for every t and at t0.
	for i := range c.syms {
		s := c.syms[i]
		if s.kind != kSpecies || s.hosu {
			continue
		}
		v, a, comp := s.slot, s.amt, slotOf(s.comp)
		toConc := compiled{fn: func(e *env) float64 { return e.v[a] / e.v[comp] }, deps: []int{a, comp}}
		toAmt := compiled{fn: func(e *env) float64 { return e.v[v] * e.v[comp] }, deps: []int{v, comp}}
		if s.valuePrimary() {
			add(&rhs, a, toAmt, "amount of species "+s.id)
		} else {
			add(&rhs, v, toConc, "concentration of species "+s.id)
		}
	}
	// Initial values.
	for i := range c.syms {
		s := c.syms[i]
		if s.kind == kReaction {
			continue
		}
		what := fmt.Sprintf("%s %q", s.kind, s.id)
		var def *compiled
		switch {
		case s.rule >= 0 && s.ruleKind == AssignmentRule:
			cp, err := compileG(m.Rules[s.rule].Math, fmt.Sprintf("line %d: assignment rule for %q", m.Rules[s.rule].Line, s.id))
			if err != nil {
				return err
			}
			def = &cp
		case s.ia != nil:
			cp, err := compileG(s.ia, fmt.Sprintf("line %d: initial assignment to %q", s.iaLine, s.id))
			if err != nil {
				return err
			}
			def = &cp
		}
		if s.kind != kSpecies || s.hosu {
			if def != nil {
				add(&ini, s.slot, *def, what)
			} else if s.kind == kSpecies && s.declConc {
				d, comp := s.decl, slotOf(s.comp)
				add(&ini, s.slot, compiled{fn: func(e *env) float64 { return d * e.v[comp] }, deps: []int{comp}}, what)
			}
			continue
		}
		// Species with separate amount and concentration slots.
		v, a, comp := s.slot, s.amt, slotOf(s.comp)
		toConc := compiled{fn: func(e *env) float64 { return e.v[a] / e.v[comp] }, deps: []int{a, comp}}
		toAmt := compiled{fn: func(e *env) float64 { return e.v[v] * e.v[comp] }, deps: []int{v, comp}}
		switch {
		case def != nil:
			add(&ini, v, *def, what)
			add(&ini, a, toAmt, what)
		case s.declConc:
			add(&ini, a, toAmt, what) // v holds the declared concentration
		default:
			add(&ini, v, toConc, what) // a holds the declared amount
		}
	}

	// Assignment rules.
	for i := range c.syms {
		s := c.syms[i]
		if s.rule < 0 || s.ruleKind != AssignmentRule {
			continue
		}
		r := m.Rules[s.rule]
		cp, err := compileG(r.Math, fmt.Sprintf("line %d: assignment rule for %q", r.Line, s.id))
		if err != nil {
			return err
		}
		add(&rhs, s.slot, cp, "assignment rule for "+s.id)
	}
	// L2 stoichiometryMath.
	stoich := make([][][]int, len(m.Reactions)) // reaction → [reactants, products] → slot or -1
	stoichC := make([][][]float64, len(m.Reactions))
	for ri, r := range m.Reactions {
		stoich[ri] = make([][]int, 2)
		stoichC[ri] = make([][]float64, 2)
		for side, list := range [][]SpeciesRef{r.Reactants, r.Products} {
			for _, sr := range list {
				slot := -1
				val := 1.0
				if sr.ID != "" {
					slot = slotOf(c.byID[sr.ID])
				}
				if sr.StoichiometryMath != nil {
					cp, err := compileG(sr.StoichiometryMath, fmt.Sprintf("line %d: stoichiometryMath of %q in reaction %q", sr.Line, sr.Species, r.ID))
					if err != nil {
						return err
					}
					if slot < 0 {
						slot = b.newSlot()
					}
					add(&rhs, slot, cp, "stoichiometry of "+sr.Species+" in "+r.ID)
					add(&ini, slot, cp, "stoichiometry of "+sr.Species+" in "+r.ID)
				} else if slot < 0 {
					if v, ok := opt(sr.Stoichiometry); ok {
						val = v
					}
				}
				stoich[ri][side] = append(stoich[ri][side], slot)
				stoichC[ri][side] = append(stoichC[ri][side], val)
			}
		}
	}
	// Reaction rates.
	for ri, r := range m.Reactions {
		if r.Math == nil {
			rs := c.rxnSlot[ri]
			cz := constant(0)
			add(&rhs, rs, cz, "rate of "+r.ID)
			add(&ini, rs, cz, "rate of "+r.ID)
			c.notes = append(c.notes, fmt.Sprintf("reaction %q has no kinetic law: rate 0", r.ID))
			continue
		}
		b.ec.lookup, b.curRxn = b.lookupIn(ri), ri
		cp, err := b.ec.compile(r.Math, nil)
		b.ec.lookup, b.curRxn = b.lookupGlobal, -1
		if err != nil {
			return fmt.Errorf("sbml: line %d: kinetic law of reaction %q: %w", r.Line, r.ID, err)
		}
		add(&rhs, c.rxnSlot[ri], cp, "kinetic law of reaction "+r.ID)
		add(&ini, c.rxnSlot[ri], cp, "kinetic law of reaction "+r.ID)
		if r.Fast {
			c.unsupported = append(c.unsupported, fmt.Sprintf("reaction %q is fast: equilibrated at t = 0 and after events, in between run at its rate ×%g", r.ID, fastFactor))
		}
	}

	// Derivatives of the state.
	c.dslot = make([]int, len(c.state))
	type term struct {
		rate, st int
		sc       float64
		sign     float64
		fast     bool
		ri       int
	}
	fastIdx := map[int]int{}  // reaction → index in c.fast
	terms := map[int][]term{} // species symbol → terms
	for ri, r := range m.Reactions {
		for side, list := range [][]SpeciesRef{r.Reactants, r.Products} {
			sign := -1.0
			if side == 1 {
				sign = 1
			}
			for k, sr := range list {
				si := c.byID[sr.Species]
				terms[si] = append(terms[si], term{rate: c.rxnSlot[ri], st: stoich[ri][side][k], sc: stoichC[ri][side][k], sign: sign, fast: r.Fast, ri: ri})
			}
		}
	}
	for k, si := range c.stSym {
		s := &c.syms[si]
		if s.rule >= 0 && s.ruleKind == RateRule {
			r := m.Rules[s.rule]
			cp, err := compileG(r.Math, fmt.Sprintf("line %d: rate rule for %q", r.Line, s.id))
			if err != nil {
				return err
			}
			if s.dval < 0 {
				s.dval = b.newSlot()
			}
			c.dslot[k] = s.dval
			add(&rhs, s.dval, cp, "rate rule for "+s.id)
			add(&ini, s.dval, cp, "rate rule for "+s.id)
			continue
		}
		// Species amount: cf · Σ sign·stoich·rate.
		cfSlot := -1
		if id := m.Species[speciesIndex(m, s.id)].ConversionFactor; id != "" {
			cs, err := b.lookupGlobal(id)
			if err != nil {
				return fmt.Errorf("sbml: line %d: species %q: conversion factor: %w", s.line, s.id, err)
			}
			cfSlot = cs
		} else if m.ConversionFactor != "" {
			cs, err := b.lookupGlobal(m.ConversionFactor)
			if err != nil {
				return fmt.Errorf("sbml: model conversion factor: %w", err)
			}
			cfSlot = cs
		}
		ts := terms[si]
		for _, t := range ts {
			if !t.fast {
				continue
			}
			fi, ok := fastIdx[t.ri]
			if !ok {
				fi = len(c.fast)
				fastIdx[t.ri] = fi
				c.fast = append(c.fast, fastRxn{rate: t.rate})
			}
			c.fast[fi].terms = append(c.fast[fi].terms, fastTerm{k: k, sign: t.sign, sc: t.sc, st: t.st, cf: cfSlot})
		}
		deps := []int{}
		if cfSlot >= 0 {
			deps = append(deps, cfSlot)
		}
		for _, t := range ts {
			deps = append(deps, t.rate)
			if t.st >= 0 {
				deps = append(deps, t.st)
			}
		}
		ts2 := slices.Clone(ts)
		cf := cfSlot
		influx, vol := -1, -1
		if s.inputFlux {
			influx, vol = c.inputSlot, c.syms[s.comp].slot
			deps = append(deps, influx, vol)
		}
		fn := func(e *env) float64 {
			d := 0.0
			for _, t := range ts2 {
				st := t.sc
				if t.st >= 0 {
					st = e.v[t.st]
				}
				r := e.v[t.rate]
				if t.fast {
					r *= fastFactor
				}
				d += t.sign * st * r
			}
			if cf >= 0 {
				d *= e.v[cf]
			}
			if influx >= 0 {
				d += e.v[influx] * e.v[vol] // a concentration rate into an amount
			}
			return d
		}
		s.damt = b.newSlot()
		c.dslot[k] = s.damt
		add(&rhs, s.damt, compiled{fn: fn, deps: deps}, "rate of change of species "+s.id)
		add(&ini, s.damt, compiled{fn: fn, deps: deps}, "rate of change of species "+s.id)
	}

	// Events and algebraic rules may ask for rateOf too.
	if err := b.compileEvents(); err != nil {
		return err
	}
	if c.alg != nil {
		if err := b.compileAlgebraic(); err != nil {
			return err
		}
	}

	// rateOf: derivatives of values asked for in math. Allocating one may
	// ask for another (a concentration's needs its compartment's).
	done := map[int]bool{}
	for {
		progress := false
		for si := range c.syms {
			s := &c.syms[si]
			if s.dval < 0 || done[si] {
				continue
			}
			done[si] = true
			progress = true
			if s.rule >= 0 && s.ruleKind == RateRule {
				continue // the rate rule's node writes dval
			}
			out := s.dval
			switch {
			case s.kind == kSpecies && s.damt >= 0:
				if s.hosu {
					da := s.damt
					cp := compiled{fn: func(e *env) float64 { return e.v[da] }, deps: []int{da}}
					add(&rhs, out, cp, "rateOf "+s.id)
					add(&ini, out, cp, "rateOf "+s.id)
					continue
				}
				comp := &c.syms[s.comp]
				if comp.dval < 0 {
					comp.dval = b.newSlot()
				}
				da, a, v, dv := s.damt, s.amt, comp.slot, comp.dval
				cp := compiled{fn: func(e *env) float64 {
					return e.v[da]/e.v[v] - e.v[a]*e.v[dv]/(e.v[v]*e.v[v])
				}, deps: []int{da, a, v, dv}}
				add(&rhs, out, cp, "rateOf "+s.id)
				add(&ini, out, cp, "rateOf "+s.id)
			case s.rule >= 0 && s.ruleKind == AssignmentRule, s.alg:
				return unsupportedError{fmt.Sprintf("rateOf(%s): %s is set by an assignment or algebraic rule", s.id, s.id)}
			case s.kind == kSpecies && !s.hosu && s.stateIdx < 0:
				// Constant amount; the concentration changes with the
				// compartment.
				comp := &c.syms[s.comp]
				if comp.dval < 0 {
					comp.dval = b.newSlot()
				}
				a, v, dv := s.amt, comp.slot, comp.dval
				cp := compiled{fn: func(e *env) float64 { return -e.v[a] * e.v[dv] / (e.v[v] * e.v[v]) }, deps: []int{a, v, dv}}
				add(&rhs, out, cp, "rateOf "+s.id)
				add(&ini, out, cp, "rateOf "+s.id)
			default:
				cz := constant(0)
				add(&rhs, out, cz, "rateOf "+s.id)
				add(&ini, out, cz, "rateOf "+s.id)
			}
		}
		if !progress {
			break
		}
	}

	var err error
	if c.rhsNodes, err = b.order(rhs, "rules"); err != nil {
		return err
	}
	if c.initNodes, err = b.order(ini, "initial assignments and rules"); err != nil {
		return err
	}
	return nil
}

func speciesIndex(m *Model, id string) int {
	for i := range m.Species {
		if m.Species[i].ID == id {
			return i
		}
	}
	return -1
}

// order sorts nodes so that each comes after the nodes writing the slots
// it reads (Kahn's algorithm, ties in input order). A slot written by two
// nodes keeps the last one. A cycle is an error naming its nodes.
func (b *builder) order(nodes []node, what string) ([]node, error) {
	writer := map[int]int{}
	for i, n := range nodes {
		writer[n.out] = i
	}
	// Drop shadowed writers (e.g. an initial value overridden).
	var keep []node
	for i, n := range nodes {
		if writer[n.out] == i {
			keep = append(keep, n)
		}
	}
	nodes = keep
	writer = map[int]int{}
	for i, n := range nodes {
		writer[n.out] = i
	}
	indeg := make([]int, len(nodes))
	users := make([][]int, len(nodes))
	for i, n := range nodes {
		seen := map[int]bool{}
		for _, d := range n.deps {
			w, ok := writer[d]
			if !ok || seen[w] {
				continue
			}
			seen[w] = true
			if w == i {
				return nil, fmt.Errorf("sbml: cyclic %s: %s depends on itself", what, n.what)
			}
			indeg[i]++
			users[w] = append(users[w], i)
		}
	}
	var ready []int
	for i := range nodes {
		if indeg[i] == 0 {
			ready = append(ready, i)
		}
	}
	out := make([]node, 0, len(nodes))
	for len(ready) > 0 {
		sort.Ints(ready)
		i := ready[0]
		ready = ready[1:]
		out = append(out, nodes[i])
		for _, u := range users[i] {
			indeg[u]--
			if indeg[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	if len(out) < len(nodes) {
		var cyc []string
		for i, n := range nodes {
			if indeg[i] > 0 {
				cyc = append(cyc, n.what)
			}
		}
		if len(cyc) > 8 {
			cyc = append(cyc[:8], "…")
		}
		return nil, fmt.Errorf("sbml: cyclic %s: %s", what, strings.Join(cyc, ", "))
	}
	return out, nil
}

// rootsOf compiles lhs − rhs of each relation in a trigger: a window in
// which a trigger is briefly true inside one solver step shows up as sign
// changes of these at the step's ends even when the trigger is false at
// both (e.g. 0.18 < S < 0.19).
func (b *builder) rootsOf(x *Expr) error {
	switch x.Op {
	case OpGt, OpLt, OpGeq, OpLeq, OpEq, OpNeq:
		for i := 0; i+1 < len(x.Args); i++ {
			l, err := b.ec.compile(x.Args[i], nil)
			if err != nil {
				return err
			}
			r, err := b.ec.compile(x.Args[i+1], nil)
			if err != nil {
				return err
			}
			if l.isC && r.isC {
				continue
			}
			lf, rf := l.fn, r.fn
			b.c.roots = append(b.c.roots, func(e *env) float64 { return lf(e) - rf(e) })
		}
	case OpLambda:
		return nil
	}
	for _, a := range x.Args {
		if err := b.rootsOf(a); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) compileEvents() error {
	c, m := b.c, b.m
	for _, ev := range m.Events {
		name := ev.ID
		if name == "" {
			name = fmt.Sprintf("(line %d)", ev.Line)
		}
		ce := cevent{id: name, line: ev.Line, persistent: ev.Persistent, initialValue: ev.InitialValue, useTriggerValues: ev.UseValuesFromTriggerTime}
		comp := func(x *Expr, what string) (evalFn, error) {
			if x == nil {
				return nil, nil
			}
			cp, err := b.ec.compile(x, nil)
			if err != nil {
				return nil, fmt.Errorf("sbml: line %d: event %s: %s: %w", ev.Line, name, what, err)
			}
			return cp.fn, nil
		}
		var err error
		if ce.trigger, err = comp(ev.Trigger, "trigger"); err != nil {
			return err
		}
		if err := b.rootsOf(ev.Trigger); err != nil {
			return fmt.Errorf("sbml: line %d: event %s: trigger: %w", ev.Line, name, err)
		}
		if ce.delay, err = comp(ev.Delay, "delay"); err != nil {
			return err
		}
		if ce.priority, err = comp(ev.Priority, "priority"); err != nil {
			return err
		}
		for _, a := range ev.Assignments {
			si, ok := c.byID[a.Variable]
			if !ok || c.syms[si].kind == kReaction {
				return fmt.Errorf("sbml: line %d: event %s: assignment to %q: no such compartment, species, parameter or species reference", a.Line, name, a.Variable)
			}
			if c.syms[si].constant {
				return fmt.Errorf("sbml: line %d: event %s: assignment to %q, which is constant", a.Line, name, a.Variable)
			}
			fn, err := comp(a.Math, "assignment to "+a.Variable)
			if err != nil {
				return err
			}
			ce.assigns = append(ce.assigns, cassign{sym: si, fn: fn})
		}
		c.events = append(c.events, ce)
	}
	return nil
}
