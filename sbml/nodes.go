package sbml

// The evaluation nodes of a compiled model: every slot computed from
// others (species conversions, initial values, assignment rules,
// stoichiometries, reaction rates, derivatives of the state, rateOf), and
// their order by dependencies.

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// nodes makes the evaluation nodes of the model, for every t (b.rhs) and
// at t0 (b.ini), compiles the events and algebraic rules, and orders each
// list by its dependencies into c.rhsNodes and c.initNodes.
func (b *builder) nodes() error {
	c := b.c
	b.conversionNodes()
	if err := b.initialNodes(); err != nil {
		return err
	}
	if err := b.assignmentNodes(); err != nil {
		return err
	}
	stoich, stoichC, err := b.stoichiometry()
	if err != nil {
		return err
	}
	if err := b.rateNodes(); err != nil {
		return err
	}
	if err := b.derivNodes(stoich, stoichC); err != nil {
		return err
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
	if err := b.rateOfNodes(); err != nil {
		return err
	}

	if c.rhsNodes, err = b.order(b.rhs, "rules"); err != nil {
		return err
	}
	if c.initNodes, err = b.order(b.ini, "initial assignments and rules"); err != nil {
		return err
	}
	return nil
}

// addNode appends to list the node computing slot out with cp; what names
// it in errors and tells a time derivative (a rate rule, rateOf, a rate of
// change), which is zero before t = 0 (see delayed).
func addNode(list *[]node, out int, cp compiled, what string) {
	*list = append(*list, node{out: out, deps: cp.deps, fn: cp.fn, what: what,
		deriv: strings.HasPrefix(what, "rate rule") || strings.HasPrefix(what, "rateOf") || strings.HasPrefix(what, "rate of change")})
}

// compileGlobal compiles x outside any kinetic law (global ids only); an
// error is prefixed with what.
func (b *builder) compileGlobal(x *Expr, what string) (compiled, error) {
	b.ec.lookup = b.lookupGlobal
	cp, err := b.ec.compile(x, nil)
	if err != nil {
		return cp, fmt.Errorf("sbml: %s: %w", what, err)
	}
	return cp, nil
}

// slotOf returns the value slot of symbol i.
func (b *builder) slotOf(i int) int { return b.c.syms[i].slot }

// conversionNodes makes, for every species with separate amount and
// concentration slots, the node (at every t) deriving the one its rules
// do not set from the other.
func (b *builder) conversionNodes() {
	c := b.c
	for i := range c.syms {
		s := c.syms[i]
		if s.kind != kSpecies || s.hosu {
			continue
		}
		v, a, comp := s.slot, s.amt, b.slotOf(s.comp)
		toConc := compiled{fn: func(e *env) float64 { return e.v[a] / e.v[comp] }, deps: []int{a, comp}}
		toAmt := compiled{fn: func(e *env) float64 { return e.v[v] * e.v[comp] }, deps: []int{v, comp}}
		if s.valuePrimary() {
			addNode(&b.rhs, a, toAmt, "amount of species "+s.id)
		} else {
			addNode(&b.rhs, v, toConc, "concentration of species "+s.id)
		}
	}
}

// initialNodes makes the nodes of the initial values (at t0): assignment
// rules and initial assignments, and a species' amount or concentration
// from the other.
func (b *builder) initialNodes() error {
	c, m := b.c, b.m
	for i := range c.syms {
		s := c.syms[i]
		if s.kind == kReaction {
			continue
		}
		what := fmt.Sprintf("%s %q", s.kind, s.id)
		var def *compiled
		switch {
		case s.rule >= 0 && s.ruleKind == AssignmentRule:
			cp, err := b.compileGlobal(m.Rules[s.rule].Math, fmt.Sprintf("line %d: assignment rule for %q", m.Rules[s.rule].Line, s.id))
			if err != nil {
				return err
			}
			def = &cp
		case s.ia != nil:
			cp, err := b.compileGlobal(s.ia, fmt.Sprintf("line %d: initial assignment to %q", s.iaLine, s.id))
			if err != nil {
				return err
			}
			def = &cp
		}
		if s.kind != kSpecies || s.hosu {
			if def != nil {
				addNode(&b.ini, s.slot, *def, what)
			} else if s.kind == kSpecies && s.declConc {
				d, comp := s.decl, b.slotOf(s.comp)
				addNode(&b.ini, s.slot, compiled{fn: func(e *env) float64 { return d * e.v[comp] }, deps: []int{comp}}, what)
			}
			continue
		}
		// Species with separate amount and concentration slots.
		v, a, comp := s.slot, s.amt, b.slotOf(s.comp)
		toConc := compiled{fn: func(e *env) float64 { return e.v[a] / e.v[comp] }, deps: []int{a, comp}}
		toAmt := compiled{fn: func(e *env) float64 { return e.v[v] * e.v[comp] }, deps: []int{v, comp}}
		switch {
		case def != nil:
			addNode(&b.ini, v, *def, what)
			addNode(&b.ini, a, toAmt, what)
		case s.declConc:
			addNode(&b.ini, a, toAmt, what) // v holds the declared concentration
		default:
			addNode(&b.ini, v, toConc, what) // a holds the declared amount
		}
	}
	return nil
}

// assignmentNodes makes the nodes of the assignment rules (at every t).
func (b *builder) assignmentNodes() error {
	c, m := b.c, b.m
	for i := range c.syms {
		s := c.syms[i]
		if s.rule < 0 || s.ruleKind != AssignmentRule {
			continue
		}
		r := m.Rules[s.rule]
		cp, err := b.compileGlobal(r.Math, fmt.Sprintf("line %d: assignment rule for %q", r.Line, s.id))
		if err != nil {
			return err
		}
		addNode(&b.rhs, s.slot, cp, "assignment rule for "+s.id)
	}
	return nil
}

// stoichiometry returns the stoichiometry of every species reference,
// per reaction and side (reactants, products): the slot holding it, or -1
// with the constant value in stoichC. A species reference id set by a rule
// keeps its slot; L2 stoichiometryMath gets a node (at every t and at t0),
// in a slot of its own unless the reference has an id.
func (b *builder) stoichiometry() (stoich [][][]int, stoichC [][][]float64, err error) {
	c, m := b.c, b.m
	stoich = make([][][]int, len(m.Reactions)) // reaction → [reactants, products] → slot or -1
	stoichC = make([][][]float64, len(m.Reactions))
	for ri, r := range m.Reactions {
		stoich[ri] = make([][]int, 2)
		stoichC[ri] = make([][]float64, 2)
		for side, list := range [][]SpeciesRef{r.Reactants, r.Products} {
			for _, sr := range list {
				slot := -1
				val := 1.0
				if sr.ID != "" {
					slot = b.slotOf(c.byID[sr.ID])
				}
				if sr.StoichiometryMath != nil {
					cp, err := b.compileGlobal(sr.StoichiometryMath, fmt.Sprintf("line %d: stoichiometryMath of %q in reaction %q", sr.Line, sr.Species, r.ID))
					if err != nil {
						return nil, nil, err
					}
					if slot < 0 {
						slot = b.newSlot()
					}
					addNode(&b.rhs, slot, cp, "stoichiometry of "+sr.Species+" in "+r.ID)
					addNode(&b.ini, slot, cp, "stoichiometry of "+sr.Species+" in "+r.ID)
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
	return stoich, stoichC, nil
}

// rateNodes makes the nodes of the reaction rates (at every t and at t0):
// each kinetic law compiled with its local parameters, or 0 without one.
func (b *builder) rateNodes() error {
	c, m := b.c, b.m
	for ri, r := range m.Reactions {
		if r.Math == nil {
			rs := c.rxnSlot[ri]
			cz := constant(0)
			addNode(&b.rhs, rs, cz, "rate of "+r.ID)
			addNode(&b.ini, rs, cz, "rate of "+r.ID)
			c.notes = append(c.notes, fmt.Sprintf("reaction %q has no kinetic law: rate 0", r.ID))
			continue
		}
		b.ec.lookup, b.curRxn = b.lookupIn(ri), ri
		cp, err := b.ec.compile(r.Math, nil)
		b.ec.lookup, b.curRxn = b.lookupGlobal, -1
		if err != nil {
			return fmt.Errorf("sbml: line %d: kinetic law of reaction %q: %w", r.Line, r.ID, err)
		}
		addNode(&b.rhs, c.rxnSlot[ri], cp, "kinetic law of reaction "+r.ID)
		addNode(&b.ini, c.rxnSlot[ri], cp, "kinetic law of reaction "+r.ID)
		if r.Fast {
			c.unsupported = append(c.unsupported, fmt.Sprintf("reaction %q is fast: equilibrated at t = 0 and after events, in between run at its rate ×%g", r.ID, fastFactor))
		}
	}
	return nil
}

// derivNodes makes the nodes of the state's derivatives (at every t and
// at t0): a rate rule's expression, or a species' rate of change of amount
// (speciesDeriv), with stoich and stoichC from stoichiometry.
func (b *builder) derivNodes(stoich [][][]int, stoichC [][][]float64) error {
	c, m := b.c, b.m
	c.dslot = make([]int, len(c.state))
	fastIdx := map[int]int{}                  // reaction → index in c.fast
	terms := b.reactionTerms(stoich, stoichC) // species symbol → terms
	for k, si := range c.stSym {
		s := &c.syms[si]
		if s.rule >= 0 && s.ruleKind == RateRule {
			r := m.Rules[s.rule]
			cp, err := b.compileGlobal(r.Math, fmt.Sprintf("line %d: rate rule for %q", r.Line, s.id))
			if err != nil {
				return err
			}
			if s.dval < 0 {
				s.dval = b.newSlot()
			}
			c.dslot[k] = s.dval
			addNode(&b.rhs, s.dval, cp, "rate rule for "+s.id)
			addNode(&b.ini, s.dval, cp, "rate rule for "+s.id)
			continue
		}
		if err := b.speciesDeriv(k, si, terms[si], fastIdx); err != nil {
			return err
		}
	}
	return nil
}

// rxnTerm is one reaction's term in a species' rate of change:
// sign·stoichiometry·rate.
type rxnTerm struct {
	rate, st int     // slots of the rate and of the stoichiometry (or -1)
	sc       float64 // constant stoichiometry (st < 0)
	sign     float64 // −1 reactant, +1 product
	fast     bool    // a fast reaction
	ri       int     // the reaction
}

// reactionTerms returns the terms of every species that is a reactant or
// product, by species symbol, in reaction order.
func (b *builder) reactionTerms(stoich [][][]int, stoichC [][][]float64) map[int][]rxnTerm {
	c, m := b.c, b.m
	terms := map[int][]rxnTerm{} // species symbol → terms
	for ri, r := range m.Reactions {
		for side, list := range [][]SpeciesRef{r.Reactants, r.Products} {
			sign := -1.0
			if side == 1 {
				sign = 1
			}
			for k, sr := range list {
				si := c.byID[sr.Species]
				terms[si] = append(terms[si], rxnTerm{rate: c.rxnSlot[ri], st: stoich[ri][side][k], sc: stoichC[ri][side][k], sign: sign, fast: r.Fast, ri: ri})
			}
		}
	}
	return terms
}

// conversionFactor returns the slot of the conversion factor of species
// symbol s: its own, else the model's, else -1.
func (b *builder) conversionFactor(s *symbol) (int, error) {
	m := b.m
	cfSlot := -1
	if id := m.Species[speciesIndex(m, s.id)].ConversionFactor; id != "" {
		cs, err := b.lookupGlobal(id)
		if err != nil {
			return -1, fmt.Errorf("sbml: line %d: species %q: conversion factor: %w", s.line, s.id, err)
		}
		cfSlot = cs
	} else if m.ConversionFactor != "" {
		cs, err := b.lookupGlobal(m.ConversionFactor)
		if err != nil {
			return -1, fmt.Errorf("sbml: model conversion factor: %w", err)
		}
		cfSlot = cs
	}
	return cfSlot, nil
}

// speciesDeriv makes the node of the rate of change of the amount of
// species symbol si, state component k: cf · Σ sign·stoich·rate over its
// terms ts (fast reactions at fastFactor times their rate, each also
// recorded in c.fast, fastIdx mapping reactions to their index there),
// plus the input's influx if it feeds this species.
func (b *builder) speciesDeriv(k, si int, ts []rxnTerm, fastIdx map[int]int) error {
	c := b.c
	s := &c.syms[si]
	// Species amount: cf · Σ sign·stoich·rate.
	cfSlot, err := b.conversionFactor(s)
	if err != nil {
		return err
	}
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
	addNode(&b.rhs, s.damt, compiled{fn: fn, deps: deps}, "rate of change of species "+s.id)
	addNode(&b.ini, s.damt, compiled{fn: fn, deps: deps}, "rate of change of species "+s.id)
	return nil
}

// rateOfNodes makes the nodes of the derivatives of values asked for by
// rateOf in math (at every t and at t0). It is an error for a value set by
// an assignment or algebraic rule.
func (b *builder) rateOfNodes() error {
	c := b.c
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
					addNode(&b.rhs, out, cp, "rateOf "+s.id)
					addNode(&b.ini, out, cp, "rateOf "+s.id)
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
				addNode(&b.rhs, out, cp, "rateOf "+s.id)
				addNode(&b.ini, out, cp, "rateOf "+s.id)
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
				addNode(&b.rhs, out, cp, "rateOf "+s.id)
				addNode(&b.ini, out, cp, "rateOf "+s.id)
			default:
				cz := constant(0)
				addNode(&b.rhs, out, cz, "rateOf "+s.id)
				addNode(&b.ini, out, cz, "rateOf "+s.id)
			}
		}
		if !progress {
			break
		}
	}
	return nil
}

// speciesIndex returns the index in m.Species of the species id, or -1.
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
