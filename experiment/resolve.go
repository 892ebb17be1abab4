package experiment

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/units"
)

// Resolved is a spec converted to internal units: its protocol as phases
// with their layout, the run's end and sampling, the bath and the drug
// doses. It holds no event list: events are generated from Protocol as the
// run goes (protocol.Protocol.Stream).
type Resolved struct {
	Spec        *Spec
	Preparation string            // the spec's, or DefaultPreparation
	Protocol    protocol.Protocol // numeric
	Layout      protocol.Layout   // phase starts and ends, counts
	End         float64           // end of the run [ms] (= duration if given, else the protocol's end)
	RecordEvery float64           // sample interval [ms], 0 = none
	CaO, MgO    float64           // bath [Ca²⁺]o, [Mg²⁺]o [µM]; CaO is the default when CaGiven is false
	CaGiven     bool              // bath.ca was written in the spec (else a tier may supply its set's reference)
	Drugs       []drug.Dose       // from drugs and from drug phases, in that order
	// Warnings are values that are allowed but implausible (a field above
	// its Field.Warn): they do not stop a run; they travel into the
	// summary and the manifest.
	Warnings []string
}

// Limits and defaults of spec fields.
const (
	MaxSynapses = 10_000_000            // model.synapses
	MaxSamples  = 10_000_000            // End / record.every
	maxBath     = 20 * units.Millimolar // bath.ca, bath.mg
	minEvery    = units.Microsecond     // record.every
	// MaxList bounds explicit spike lists and record.vars before any work.
	MaxList = 1_000_000
)

// resolver converts a spec to numbers, remembering the strings it read so
// errors from package protocol can quote them.
type resolver struct {
	s        *Spec
	vals     map[string]string
	warnings []string // values allowed but implausible (plausible)
}

func (r *resolver) fail(path, allowed string) *FieldError {
	return &FieldError{Path: path, Value: r.vals[path], Allowed: allowed}
}

// field is the table entry of a path (indices stripped); a missing entry
// is a bug of the table.
func field(path string) Field {
	f, ok := FieldAt(path)
	if !ok {
		panic("experiment: no field " + path + " in the table")
	}
	return f
}

// qty parses an optional quantity of the field at path (its default if s
// is empty), records it and checks the field's bound.
func (r *resolver) qty(path, s string) (float64, *FieldError) {
	f := field(path)
	if s == "" {
		s = f.Default
	}
	r.vals[path] = s
	if s == "" {
		return 0, nil
	}
	v, err := units.Parse(s, f.Dim)
	if err != nil {
		var ue *units.Error
		if errors.As(err, &ue) {
			return 0, &FieldError{Path: path, Value: s, Allowed: ue.Reason}
		}
		return 0, &FieldError{Path: path, Value: s, Allowed: err.Error()}
	}
	return v, r.bound(path, v, f)
}

// need is qty for a required quantity; the table's example shows what to
// write.
func (r *resolver) need(path, s string) (float64, *FieldError) {
	if s == "" {
		f := field(path)
		return 0, &FieldError{Path: path, Allowed: fmt.Sprintf("missing: need a %s, e.g. %q", f.Dim, needExample(f))}
	}
	return r.qty(path, s)
}

// needExample is the example a "missing" error quotes.
func needExample(f Field) string {
	switch f.Path {
	case "drugs[].conc", "protocol.phases[].drug.conc":
		return "50 µM"
	case "protocol.train.rate", "protocol.phases[].train.rate", "protocol.bursts.rate", "protocol.phases[].bursts.rate":
		return "100 Hz"
	}
	return f.Example
}

// bound checks v against the field's bound, in the words of the field's
// unit.
func (r *resolver) bound(path string, v float64, f Field) *FieldError {
	switch f.Bound {
	case Positive:
		if !(v > 0) {
			return r.fail(path, "must be > 0 "+f.Unit)
		}
	case NonNeg:
		if !(v >= 0) {
			return r.fail(path, "must be ≥ 0 "+f.Unit)
		}
	case BathRange:
		if !(v >= 0 && v <= maxBath) {
			return r.fail(path, "must be between 0 and 20 mM")
		}
	}
	return r.plausible(path, v)
}

func (r *resolver) count(path string, n, min int) *FieldError {
	r.vals[path] = strconv.Itoa(n)
	if n < min {
		return r.fail(path, fmt.Sprintf("must be an integer ≥ %d", min))
	}
	if n > protocol.MaxEvents {
		return r.fail(path, fmt.Sprintf("must be ≤ %d", protocol.MaxEvents))
	}
	return nil
}

// Resolve checks every field of s and converts it to numbers: quantities
// have a unit of the right dimension and are finite and in range, integers
// are in range, each phase has exactly one induction element, the protocol
// holds at most 10⁸ events and ends within one week, duration (if given)
// is at least the protocol's end, and record.every is between 1 µs and the
// duration with at most 10⁷ samples. preparation and model.tier are checked
// against cat. Errors are *FieldError without a source position (the
// loaders add it). Parameter sets, overrides, drug targets and recorded
// variable names are the model's to check (package engine).
func (s *Spec) Resolve(cat Catalog) (*Resolved, error) {
	r := &resolver{s: s, vals: map[string]string{}}
	res, fe := r.resolve(cat)
	if fe != nil {
		return nil, fe
	}
	return res, nil
}

func (r *resolver) resolve(cat Catalog) (*Resolved, *FieldError) {
	s := r.s
	res := &Resolved{Spec: s, Preparation: s.Preparation}
	if strings.TrimSpace(s.Name) == "" {
		return nil, &FieldError{Path: "name", Value: s.Name, Allowed: "missing: a spec needs a name"}
	}
	if res.Preparation == "" {
		res.Preparation = DefaultPreparation
	}
	if s.Preparation != "" && !slices.Contains(cat.Preparations(), s.Preparation) {
		return nil, &FieldError{Path: "preparation", Value: s.Preparation, Allowed: "must be one of " + strings.Join(cat.Preparations(), ", ")}
	}
	if fe := r.model(cat, res.Preparation); fe != nil {
		return nil, fe
	}
	// bath
	var fe *FieldError
	res.CaGiven = s.Bath.Ca != ""
	if res.CaO, fe = r.qty("bath.ca", s.Bath.Ca); fe != nil {
		return nil, fe
	}
	if res.MgO, fe = r.qty("bath.mg", s.Bath.Mg); fe != nil {
		return nil, fe
	}
	// drugs
	seen := map[string]bool{}
	for i, d := range s.Drugs {
		dose, fe := r.drug(fmt.Sprintf("drugs[%d]", i), d, seen)
		if fe != nil {
			return nil, fe
		}
		res.Drugs = append(res.Drugs, dose)
	}
	// protocol
	if res.Protocol, fe = r.protocol(); fe != nil {
		return nil, fe
	}
	l, err := res.Protocol.Layout()
	if err != nil {
		return nil, r.protocolErr(err)
	}
	res.Layout = l
	res.End = l.End
	// drug phases: washed in at the phase's start
	for i, ph := range s.Protocol.Phases {
		if ph.Drug == nil {
			continue
		}
		p := fmt.Sprintf("protocol.phases[%d].drug", i)
		dose, fe := r.drug(p, *ph.Drug, seen)
		if fe != nil {
			return nil, fe
		}
		start := l.Phases[i].Start
		dose.From, dose.To = start, start+(dose.To-dose.From)
		res.Drugs = append(res.Drugs, dose)
	}
	if fe := r.duration(res); fe != nil {
		return nil, fe
	}
	if fe := r.chemical(res); fe != nil {
		return nil, fe
	}
	for i, d := range res.Drugs {
		if d.From >= res.End {
			path, v := fmt.Sprintf("drugs[%d].from", i), ""
			if i < len(s.Drugs) {
				v = s.Drugs[i].From
			} else {
				path = "protocol.phases"
			}
			return nil, &FieldError{Path: path, Value: v, Allowed: fmt.Sprintf("must be before the end of the run, %g min", res.End/units.Minute)}
		}
	}
	if fe := r.record(res); fe != nil {
		return nil, fe
	}
	if t := s.Target; t != nil {
		if fe := validTarget(t); fe != nil {
			return nil, fe
		}
	}
	res.Warnings = r.warnings
	return res, nil
}

// model checks the model part the language knows: the tier exists for the
// preparation, override names are not empty, the population is in range.
func (r *resolver) model(cat Catalog, prep string) *FieldError {
	m := r.s.Model
	tiers := cat.TierNames(prep)
	if m.Tier == "" {
		return &FieldError{Path: "model.tier", Allowed: "missing: need one of " + strings.Join(tiers, ", ")}
	}
	if !slices.Contains(tiers, m.Tier) {
		return &FieldError{Path: "model.tier", Value: m.Tier, Allowed: "must be one of " + strings.Join(tiers, ", ")}
	}
	for k := range m.Override {
		if strings.TrimSpace(k) == "" {
			return &FieldError{Path: "model.override", Value: k, Allowed: "parameter names must be non-empty"}
		}
	}
	if fe := validSBML(m); fe != nil {
		return fe
	}
	if m.Synapses < 0 || m.Synapses > MaxSynapses {
		return &FieldError{Path: "model.synapses", Value: strconv.Itoa(m.Synapses), Allowed: fmt.Sprintf("must be between 1 and %d (0 or absent means 1)", MaxSynapses)}
	}
	return nil
}

// duration applies the spec's duration, which must reach the protocol's end.
func (r *resolver) duration(res *Resolved) *FieldError {
	s := r.s
	if s.Duration != "" {
		d, fe := r.qty("duration", s.Duration)
		if fe != nil || !(d > 0 && d <= units.Week) {
			if fe != nil && !strings.HasPrefix(fe.Allowed, "must be") {
				return fe
			}
			return r.fail("duration", "must be > 0 and ≤ 1 week (10080 min)")
		}
		if d < res.Layout.End {
			return r.fail("duration", fmt.Sprintf("must be ≥ the protocol's end, %s", units.Format(res.Layout.End, units.Time)))
		}
		res.End = d
	}
	return nil
}

// record checks the sampling interval and the recorded variables' names.
func (r *resolver) record(res *Resolved) *FieldError {
	s := r.s
	if s.Record.Every != "" {
		e, fe := r.qty("record.every", s.Record.Every)
		if fe != nil && !strings.HasPrefix(fe.Allowed, "must be") {
			return fe
		}
		if !(e >= minEvery) {
			return r.fail("record.every", "must be ≥ 1 µs")
		}
		if e > res.End {
			return r.fail("record.every", fmt.Sprintf("must be ≤ the duration, %s", units.Format(res.End, units.Time)))
		}
		if n := res.End / e; n > MaxSamples {
			return r.fail("record.every", fmt.Sprintf("gives %.3g samples over %s, more than %d", n, units.Format(res.End, units.Time), MaxSamples))
		}
		res.RecordEvery = e
	}
	if len(s.Record.Vars) > MaxList {
		return &FieldError{Path: "record.vars", Allowed: fmt.Sprintf("at most %d names", MaxList)}
	}
	vars := map[string]bool{}
	for i, v := range s.Record.Vars {
		p := fmt.Sprintf("record.vars[%d]", i)
		if strings.TrimSpace(v) == "" {
			return &FieldError{Path: p, Value: v, Allowed: "must be a variable name"}
		}
		if vars[v] {
			return &FieldError{Path: p, Value: v, Allowed: "is listed twice"}
		}
		vars[v] = true
	}
	return nil
}

// drug resolves one drug at path (drugs[i] or protocol.phases[i].drug);
// seen catches a drug listed twice with the same start.
func (r *resolver) drug(p string, d Drug, seen map[string]bool) (drug.Dose, *FieldError) {
	if strings.TrimSpace(d.Name) == "" {
		return drug.Dose{}, &FieldError{Path: p + ".name", Value: d.Name, Allowed: "missing: a drug needs a name"}
	}
	phase := strings.HasPrefix(p, "protocol.")
	if phase && d.From != "" {
		return drug.Dose{}, &FieldError{Path: p + ".from", Value: d.From, Allowed: "a drug phase starts at the phase's start: give the gap as the phase's after"}
	}
	key := d.Name + "@" + d.From
	if phase {
		key = d.Name + "@" + p
	}
	if seen[key] {
		return drug.Dose{}, &FieldError{Path: p + ".name", Value: d.Name, Allowed: "is listed twice with the same start"}
	}
	seen[key] = true
	c, fe := r.need(p+".conc", d.Conc)
	if fe != nil {
		return drug.Dose{}, fe
	}
	from, fe := r.qty(p+".from", d.From)
	if fe != nil {
		return drug.Dose{}, fe
	}
	to := math.Inf(1)
	if d.For != "" {
		dur, fe := r.qty(p+".for", d.For)
		if fe != nil {
			return drug.Dose{}, fe
		}
		to = from + dur
	}
	return drug.Dose{Name: d.Name, Conc: c, From: from, To: to}, nil
}

// chemical refuses an explicit phase with no spike times unless a drug is
// timed: without either nothing happens.
func (r *resolver) chemical(res *Resolved) *FieldError {
	timed := false
	for _, d := range res.Drugs {
		timed = timed || d.Timed()
	}
	if timed {
		return nil
	}
	check := func(path string, e *Explicit) *FieldError {
		if e != nil && len(e.Pre)+len(e.Post) == 0 {
			return &FieldError{Path: path, Value: r.vals[path],
				Allowed: "needs at least one pre or post time, or a timed drug (drugs[].from, for) for a chemical protocol"}
		}
		return nil
	}
	if fe := check("protocol.explicit", r.s.Protocol.Explicit); fe != nil {
		return fe
	}
	for i, ph := range r.s.Protocol.Phases {
		if fe := check(fmt.Sprintf("protocol.phases[%d].explicit", i), ph.Explicit); fe != nil {
			return fe
		}
	}
	return nil
}

func validTarget(t *Target) *FieldError {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	if strings.TrimSpace(t.Metric) == "" {
		return &FieldError{Path: "target.metric", Allowed: "missing: e.g. strength_change_pct or S"}
	}
	if strings.TrimSpace(t.Cite) == "" {
		return &FieldError{Path: "target.cite", Allowed: "missing: every target value needs its source"}
	}
	if !finite(t.Value) {
		return &FieldError{Path: "target.value", Value: g(t.Value), Allowed: "must be a finite number"}
	}
	if !finite(t.Tol) || t.Tol < 0 {
		return &FieldError{Path: "target.tol", Value: g(t.Tol), Allowed: "must be a finite number ≥ 0"}
	}
	for _, b := range []struct {
		path string
		v    *float64
	}{{"target.lo", t.Lo}, {"target.hi", t.Hi}} {
		if b.v != nil && !finite(*b.v) {
			return &FieldError{Path: b.path, Value: g(*b.v), Allowed: "must be a finite number"}
		}
	}
	if t.Lo != nil && t.Hi != nil && *t.Lo > *t.Hi {
		return &FieldError{Path: "target.hi", Value: g(*t.Hi), Allowed: fmt.Sprintf("must be ≥ target.lo = %s", g(*t.Lo))}
	}
	if t.Lo == nil && t.Hi == nil && t.Tol == 0 {
		return &FieldError{Path: "target.tol", Value: "0", Allowed: "must be > 0 (value ± tol), or give lo and/or hi"}
	}
	if t.Fitted != "" && t.Fitted != "fitted" && t.Fitted != "predicted" {
		return &FieldError{Path: "target.fitted", Value: t.Fitted, Allowed: "fitted or predicted"}
	}
	if t.Relative != "" && t.Relative != "diff" && t.Relative != "ratio" {
		return &FieldError{Path: "target.relative", Value: t.Relative, Allowed: "diff or ratio"}
	}
	if (t.Control == "") != (t.Relative == "") {
		return &FieldError{Path: "target.control", Value: t.Control, Allowed: "target.control and target.relative go together: the case to compare with, and diff or ratio"}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// SBMLTier is the tier that reads model.sbml.
const SBMLTier = "sbml"

// validSBML checks model.sbml: present exactly for the sbml tier, with a
// file, a Ca species, a readout and a known mode.
func validSBML(m Model) *FieldError {
	x := m.SBML
	switch {
	case x == nil && m.Tier == SBMLTier:
		return &FieldError{Path: "model.sbml", Allowed: "missing: the sbml tier needs model.sbml {file, ca, readout} (docs/sbml.md, Coupling)"}
	case x == nil:
		return nil
	case m.Tier != SBMLTier:
		return &FieldError{Path: "model.sbml", Value: x.File, Allowed: "only the sbml tier reads an SBML network (model.tier: sbml)"}
	}
	for _, f := range []struct{ path, v string }{{"model.sbml.file", x.File}, {"model.sbml.ca", x.Ca}, {"model.sbml.readout", x.Readout}} {
		if strings.TrimSpace(f.v) == "" {
			return &FieldError{Path: f.path, Allowed: "missing: required for an SBML network"}
		}
	}
	if x.Mode != "" && x.Mode != "clamp" && x.Mode != "influx" {
		return &FieldError{Path: "model.sbml.mode", Value: x.Mode, Allowed: "clamp (default) or influx"}
	}
	return nil
}
