package sbml

import (
	"fmt"
	"math"
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

	rhs, ini []node // nodes for every t and at t0, before ordering (see nodes)
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

// build compiles the model into b.c: the symbols and their slots, the
// rules, initial assignments and input, the state layout, the evaluation
// nodes with the events, and the delays.
func (b *builder) build() error {
	c, m := b.c, b.m
	funcs, err := b.functions()
	if err != nil {
		return err
	}
	if err := b.symbols(); err != nil {
		return err
	}
	if err := b.rules(); err != nil {
		return err
	}
	if err := b.input(); err != nil {
		return err
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

// functions indexes the model's function definitions by id.
func (b *builder) functions() (map[string]*FunctionDefinition, error) {
	m := b.m
	funcs := map[string]*FunctionDefinition{}
	for i := range m.Functions {
		f := &m.Functions[i]
		if f.ID == "" {
			return nil, fmt.Errorf("sbml: line %d: function definition without an id", f.Line)
		}
		funcs[f.ID] = f
	}
	return funcs, nil
}

// symbols adds a symbol with its slots for every compartment, species,
// parameter, reaction, local parameter and species reference with an id,
// in that order.
func (b *builder) symbols() error {
	c, m := b.c, b.m
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
	return b.reactionSymbols()
}

// reactionSymbols adds the symbols of the reactions, their local
// parameters and their species references with an id, and marks the
// species that take part in a reaction; every species reference must name
// a species.
func (b *builder) reactionSymbols() error {
	c, m := b.c, b.m
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
	return nil
}

// rules attaches the assignment and rate rules and the initial
// assignments to their variables, checking that each variable exists, is
// not constant and has at most one of each.
func (b *builder) rules() error {
	c, m := b.c, b.m
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
	return nil
}

// input marks the symbol driven from outside (Options.Input), if any:
// its value is clamped, or (InputFlux) an influx slot feeds its amount.
// Without an input, b.inputSym is -1.
func (b *builder) input() error {
	c := b.c
	if b.opt.Input == "" {
		b.inputSym = -1
		return nil
	}
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
