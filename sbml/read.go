package sbml

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Parse reads an SBML document (Level 2 versions 1–5 or Level 3 versions 1
// and 2, core) from data. See Read.
func Parse(data []byte) (*Model, error) { return Read(bytes.NewReader(data)) }

// Read reads an SBML document (Level 2 versions 1–5 or Level 3 versions 1
// and 2, core) from r and returns its model with each level's defaults
// filled in. Elements of SBML packages (comp, fbc, …) and annotations are
// ignored; a required package (L3 required="true") is an error. Errors name
// the element id and the line.
func Read(r io.Reader) (*Model, error) {
	root, err := parseXML(r)
	if err != nil {
		return nil, err
	}
	if root.Name != "sbml" {
		return nil, fmt.Errorf("sbml: line %d: root element is <%s>, not <sbml>", root.Line, root.Name)
	}
	rd := &reader{}
	rd.level, err = rd.intAttr(root, "level", 0)
	if err != nil {
		return nil, err
	}
	rd.version, err = rd.intAttr(root, "version", 0)
	if err != nil {
		return nil, err
	}
	switch {
	case rd.level == 2 && rd.version >= 1 && rd.version <= 5:
	case rd.level == 3 && rd.version >= 1 && rd.version <= 2:
	default:
		return nil, fmt.Errorf("sbml: line %d: SBML Level %d Version %d is not supported (Level 2 v1–5 and Level 3 v1–2 are)", root.Line, rd.level, rd.version)
	}
	for k, v := range root.Attr {
		if k == "required" && v == "true" {
			return nil, fmt.Errorf("sbml: line %d: the document requires an SBML package, which is not supported", root.Line)
		}
	}
	me := root.child("model")
	if me == nil {
		return nil, fmt.Errorf("sbml: line %d: no <model>", root.Line)
	}
	m, err := rd.model(me)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// reader carries the level and version while the tree is converted.
type reader struct {
	level, version int
}

func (rd *reader) l3() bool { return rd.level >= 3 }

// errorf prefixes a message with "sbml: line N: <element id="...">".
func errorf(e *element, format string, a ...any) error {
	where := fmt.Sprintf("sbml: line %d: <%s", e.Line, e.Name)
	for _, k := range []string{"id", "variable", "symbol", "species"} {
		if v, ok := e.Attr[k]; ok {
			where += fmt.Sprintf(" %s=%q", k, v)
			break
		}
	}
	return fmt.Errorf("%s>: %s", where, fmt.Sprintf(format, a...))
}

func (rd *reader) intAttr(e *element, name string, def int) (int, error) {
	s, ok := e.attr(name)
	if !ok {
		return def, nil
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, errorf(e, "%s = %q is not an integer", name, s)
	}
	return v, nil
}

func (rd *reader) boolAttr(e *element, name string, def bool) (bool, error) {
	s, ok := e.attr(name)
	if !ok {
		return def, nil
	}
	switch strings.TrimSpace(s) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, errorf(e, "%s = %q is not a boolean", name, s)
}

// numAttr reads an optional double attribute (nil if absent). XML Schema
// doubles include INF, -INF and NaN; a literal beyond float64's range is
// an error.
func (rd *reader) numAttr(e *element, name string) (*float64, error) {
	s, ok := e.attr(name)
	if !ok {
		return nil, nil
	}
	v, err := parseDouble(s)
	if err != nil {
		return nil, errorf(e, "%s = %q: %v", name, s, err)
	}
	return &v, nil
}

func parseDouble(s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "INF", "+INF":
		return math.Inf(1), nil
	case "-INF":
		return math.Inf(-1), nil
	case "NaN":
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			if math.Abs(v) > 1 {
				return 0, fmt.Errorf("beyond the range of a 64-bit float")
			}
			return v, nil // underflow: what the number rounds to
		}
		return 0, fmt.Errorf("not a number")
	}
	return v, nil
}

// mathOf parses the <math> child of e (nil if absent).
func (rd *reader) mathOf(e *element) (*Expr, error) {
	m := e.child("math")
	if m == nil {
		return nil, nil
	}
	x, err := parseMath(m)
	if err != nil {
		return nil, errorf(e, "%v", err)
	}
	return x, nil
}

// model reads the <model> element: its attributes and every list of
// components, in document order within each list.
func (rd *reader) model(me *element) (*Model, error) {
	m := &Model{Level: rd.level, Version: rd.version, ID: me.Attr["id"], Name: me.Attr["name"]}
	m.SubstanceUnits = me.Attr["substanceUnits"]
	m.TimeUnits = me.Attr["timeUnits"]
	m.VolumeUnits = me.Attr["volumeUnits"]
	m.AreaUnits = me.Attr["areaUnits"]
	m.LengthUnits = me.Attr["lengthUnits"]
	m.ExtentUnits = me.Attr["extentUnits"]
	m.ConversionFactor = me.Attr["conversionFactor"]

	for _, e := range me.list("listOfUnitDefinitions", "unitDefinition") {
		ud, err := rd.unitDefinition(e)
		if err != nil {
			return nil, err
		}
		m.UnitDefinitions = append(m.UnitDefinitions, ud)
	}

	for _, e := range me.list("listOfFunctionDefinitions", "functionDefinition") {
		fd, ok, err := rd.functionDefinition(e)
		if err != nil {
			return nil, err
		}
		if ok {
			m.Functions = append(m.Functions, fd)
		}
	}

	for _, e := range me.list("listOfCompartments", "compartment") {
		c, err := rd.compartment(e)
		if err != nil {
			return nil, err
		}
		m.Compartments = append(m.Compartments, c)
	}

	for _, e := range me.list("listOfSpecies", "species") {
		s, err := rd.species(e)
		if err != nil {
			return nil, err
		}
		m.Species = append(m.Species, s)
	}

	for _, e := range me.list("listOfParameters", "parameter") {
		p, err := rd.parameter(e)
		if err != nil {
			return nil, err
		}
		m.Parameters = append(m.Parameters, p)
	}

	if err := rd.mathLists(m, me); err != nil {
		return nil, err
	}

	for _, e := range me.list("listOfReactions", "reaction") {
		r, err := rd.reaction(e)
		if err != nil {
			return nil, err
		}
		m.Reactions = append(m.Reactions, r)
	}

	for _, e := range me.list("listOfEvents", "event") {
		ev, err := rd.event(e)
		if err != nil {
			return nil, err
		}
		if ev.Trigger == nil {
			continue // L3V2: an event without a trigger never fires
		}
		m.Events = append(m.Events, ev)
	}
	return m, nil
}

// mathLists reads the lists of the model element me whose entries are
// math alone, into m: initial assignments, rules and constraints.
func (rd *reader) mathLists(m *Model, me *element) error {
	for _, e := range me.list("listOfInitialAssignments", "initialAssignment") {
		x, err := rd.mathOf(e)
		if err != nil {
			return err
		}
		if x == nil {
			continue // L3V2: no math, no effect
		}
		m.InitialAssignments = append(m.InitialAssignments, InitialAssignment{Symbol: e.Attr["symbol"], Math: x, Line: e.Line})
	}

	if l := me.child("listOfRules"); l != nil {
		for _, e := range l.Children {
			r, ok, err := rd.rule(e)
			if err != nil {
				return err
			}
			if ok {
				m.Rules = append(m.Rules, r)
			}
		}
	}

	for _, e := range me.list("listOfConstraints", "constraint") {
		x, err := rd.mathOf(e)
		if err != nil {
			return err
		}
		m.Constraints = append(m.Constraints, Constraint{Math: x, Line: e.Line})
	}
	return nil
}

// unitDefinition reads a <unitDefinition> and its units (exponent,
// scale and multiplier default to 1, 0 and 1).
func (rd *reader) unitDefinition(e *element) (UnitDefinition, error) {
	ud := UnitDefinition{ID: e.Attr["id"], Line: e.Line}
	for _, u := range e.list("listOfUnits", "unit") {
		un := Unit{Kind: u.Attr["kind"], Exponent: 1, Multiplier: 1}
		for _, f := range []struct {
			name string
			dst  *float64
		}{{"exponent", &un.Exponent}, {"scale", &un.Scale}, {"multiplier", &un.Multiplier}} {
			v, err := rd.numAttr(u, f.name)
			if err != nil {
				return ud, err
			}
			if v != nil {
				*f.dst = *v
			}
		}
		ud.Units = append(ud.Units, un)
	}
	return ud, nil
}

// functionDefinition reads a <functionDefinition>. It reports false for
// one without math, which is dropped.
func (rd *reader) functionDefinition(e *element) (FunctionDefinition, bool, error) {
	x, err := rd.mathOf(e)
	if err != nil {
		return FunctionDefinition{}, false, err
	}
	if x == nil {
		return FunctionDefinition{}, false, nil // L3V2: a function without math is never called
	}
	if x.Op != OpLambda {
		// A function definition without arguments may be written
		// as a bare expression in some files: treat it as λ().body.
		x = &Expr{Op: OpLambda, Args: []*Expr{x}, Line: x.Line}
	}
	return FunctionDefinition{ID: e.Attr["id"], Math: x, Line: e.Line}, true, nil
}

// compartment reads a <compartment>: spatialDimensions defaults to 3,
// the size may be given as size or (L1, L2) volume, constant defaults to
// true.
func (rd *reader) compartment(e *element) (Compartment, error) {
	c := Compartment{ID: e.Attr["id"], Name: e.Attr["name"], Units: e.Attr["units"], Line: e.Line, SpatialDimensions: 3}
	var err error
	if d, err := rd.numAttr(e, "spatialDimensions"); err != nil {
		return c, err
	} else if d != nil {
		c.SpatialDimensions = *d
	}
	if c.Size, err = rd.numAttr(e, "size"); err != nil {
		return c, err
	}
	if c.Size == nil {
		if c.Size, err = rd.numAttr(e, "volume"); err != nil {
			return c, err
		}
	}
	if c.Constant, err = rd.boolAttr(e, "constant", true); err != nil {
		return c, err
	}
	return c, nil
}

// species reads a <species>.
func (rd *reader) species(e *element) (Species, error) {
	s := Species{ID: e.Attr["id"], Name: e.Attr["name"], Compartment: e.Attr["compartment"],
		SubstanceUnits: e.Attr["substanceUnits"], ConversionFactor: e.Attr["conversionFactor"], Line: e.Line}
	var err error
	if s.InitialAmount, err = rd.numAttr(e, "initialAmount"); err != nil {
		return s, err
	}
	if s.InitialConcentration, err = rd.numAttr(e, "initialConcentration"); err != nil {
		return s, err
	}
	if s.HasOnlySubstanceUnits, err = rd.boolAttr(e, "hasOnlySubstanceUnits", false); err != nil {
		return s, err
	}
	if s.BoundaryCondition, err = rd.boolAttr(e, "boundaryCondition", false); err != nil {
		return s, err
	}
	if s.Constant, err = rd.boolAttr(e, "constant", false); err != nil {
		return s, err
	}
	return s, nil
}

// rule reads a child of <listOfRules>. It reports false for an element
// that is not a rule and for a rule without math, which are dropped.
func (rd *reader) rule(e *element) (Rule, bool, error) {
	var k RuleKind
	switch e.Name {
	case "assignmentRule", "parameterRule", "speciesConcentrationRule", "compartmentVolumeRule":
		k = AssignmentRule
	case "rateRule":
		k = RateRule
	case "algebraicRule":
		k = AlgebraicRule
	default:
		return Rule{}, false, nil
	}
	x, err := rd.mathOf(e)
	if err != nil {
		return Rule{}, false, err
	}
	if x == nil {
		return Rule{}, false, nil // L3V2: no math, no effect
	}
	r := Rule{Kind: k, Variable: e.Attr["variable"], Math: x, Line: e.Line}
	if k != AlgebraicRule && r.Variable == "" {
		return Rule{}, false, errorf(e, "%s without a variable", k)
	}
	return r, true, nil
}

func (rd *reader) parameter(e *element) (Parameter, error) {
	p := Parameter{ID: e.Attr["id"], Name: e.Attr["name"], Units: e.Attr["units"], Line: e.Line}
	var err error
	if p.Value, err = rd.numAttr(e, "value"); err != nil {
		return p, err
	}
	if p.Constant, err = rd.boolAttr(e, "constant", true); err != nil {
		return p, err
	}
	return p, nil
}

func (rd *reader) reaction(e *element) (Reaction, error) {
	r := Reaction{ID: e.Attr["id"], Name: e.Attr["name"], Compartment: e.Attr["compartment"], Line: e.Line}
	var err error
	if r.Reversible, err = rd.boolAttr(e, "reversible", true); err != nil {
		return r, err
	}
	if r.Fast, err = rd.boolAttr(e, "fast", false); err != nil {
		return r, err
	}
	refs := func(list, item string) ([]SpeciesRef, error) {
		var out []SpeciesRef
		for _, s := range e.list(list, item) {
			sr := SpeciesRef{ID: s.Attr["id"], Species: s.Attr["species"], Line: s.Line}
			var err error
			if sr.Stoichiometry, err = rd.numAttr(s, "stoichiometry"); err != nil {
				return nil, err
			}
			if sr.Constant, err = rd.boolAttr(s, "constant", !rd.l3()); err != nil {
				return nil, err
			}
			if sm := s.child("stoichiometryMath"); sm != nil {
				x, err := rd.mathOf(sm)
				if err != nil {
					return nil, err
				}
				sr.StoichiometryMath = x
			}
			if d, _ := s.attr("denominator"); d != "" { // Level 1 only, tolerated
				return nil, errorf(s, "the Level 1 stoichiometry denominator is not supported")
			}
			out = append(out, sr)
		}
		return out, nil
	}
	if r.Reactants, err = refs("listOfReactants", "speciesReference"); err != nil {
		return r, err
	}
	if r.Products, err = refs("listOfProducts", "speciesReference"); err != nil {
		return r, err
	}
	if r.Modifiers, err = refs("listOfModifiers", "modifierSpeciesReference"); err != nil {
		return r, err
	}
	if kl := e.child("kineticLaw"); kl != nil {
		if r.Math, err = rd.mathOf(kl); err != nil {
			return r, err
		}
		locals := kl.list("listOfLocalParameters", "localParameter")
		locals = append(locals, kl.list("listOfParameters", "parameter")...)
		for _, p := range locals {
			lp, err := rd.parameter(p)
			if err != nil {
				return r, err
			}
			lp.Constant = true
			r.Local = append(r.Local, lp)
		}
	}
	return r, nil
}

func (rd *reader) event(e *element) (Event, error) {
	ev := Event{ID: e.Attr["id"], Line: e.Line, InitialValue: true, Persistent: true}
	var err error
	if ev.UseValuesFromTriggerTime, err = rd.boolAttr(e, "useValuesFromTriggerTime", true); err != nil {
		return ev, err
	}
	tr := e.child("trigger")
	if tr == nil {
		return ev, nil
	}
	if ev.Trigger, err = rd.mathOf(tr); err != nil {
		return ev, err
	}
	if ev.InitialValue, err = rd.boolAttr(tr, "initialValue", true); err != nil {
		return ev, err
	}
	if ev.Persistent, err = rd.boolAttr(tr, "persistent", true); err != nil {
		return ev, err
	}
	if d := e.child("delay"); d != nil {
		if ev.Delay, err = rd.mathOf(d); err != nil {
			return ev, err
		}
	}
	if p := e.child("priority"); p != nil {
		if ev.Priority, err = rd.mathOf(p); err != nil {
			return ev, err
		}
	}
	for _, a := range e.list("listOfEventAssignments", "eventAssignment") {
		x, err := rd.mathOf(a)
		if err != nil {
			return ev, err
		}
		if x == nil {
			continue // L3V2: no math, no effect
		}
		ev.Assignments = append(ev.Assignments, EventAssignment{Variable: a.Attr["variable"], Math: x, Line: a.Line})
	}
	return ev, nil
}
