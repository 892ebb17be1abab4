package experiment

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/units"
)

// FieldError is a spec field with a value that is not allowed. Path is the
// field's dotted path as in the file ("protocol.train.rate",
// "drugs[1].conc"; "" for the document as a whole), Value the offending
// value as written, Allowed what is allowed (or what is wrong). Line and Col
// locate the value in the source file (1-based; 0 when unknown, e.g. for
// specs built in code).
type FieldError struct {
	Path, Value, Allowed string
	Line, Col            int
}

// Error reads
//
//	protocol.train.rate: "-1 Hz": must be > 0 Hz (line 7, column 11)
func (e *FieldError) Error() string {
	s := e.Path
	if s == "" {
		s = "spec"
	}
	if e.Value != "" {
		s += ": " + strconv.Quote(e.Value)
	}
	s += ": " + e.Allowed
	if e.Line > 0 {
		s += fmt.Sprintf(" (line %d, column %d)", e.Line, e.Col)
	}
	return s
}

// DrugDose is a drug in the bath at concentration Conc [µM] from time From
// to To [ms] (0 and +Inf: the whole run).
type DrugDose struct {
	Name     string
	Conc     float64
	From, To float64
}

// timed reports whether the dose does not last the whole run.
func (d DrugDose) timed() bool { return d.From > 0 || !math.IsInf(d.To, 1) }

// activeDrugs returns the doses applied at time t [ms].
func activeDrugs(doses []DrugDose, t float64) []DrugDose {
	var out []DrugDose
	for _, d := range doses {
		if d.From <= t && t < d.To {
			out = append(out, d)
		}
	}
	return out
}

// Plan is a validated spec converted to internal units and compiled.
type Plan struct {
	Spec        *Spec
	Protocol    protocol.Protocol // numeric
	Schedule    protocol.Schedule // compiled events
	End         float64           // end of the run [ms] (= Duration if given, else Schedule.End)
	RecordEvery float64           // sample interval [ms], 0 = none
	RecordFrom  float64           // no samples before this time [ms] (set in code, e.g. for zoomed figures; 0 in specs)
	CaO, MgO    float64           // bath [Ca²⁺]o, [Mg²⁺]o [µM]
	Drugs       []DrugDose
}

// Limits and defaults of spec fields.
const (
	maxSynapses = 10_000_000            // model.synapses
	maxSamples  = 10_000_000            // End / record.every
	maxBath     = 20 * units.Millimolar // bath.ca, bath.mg
	defaultCa   = "2 mM"                // bath.ca
	defaultMg   = "1 mM"                // bath.mg
	minEvery    = units.Microsecond     // record.every
	// maxList bounds explicit spike lists and record.vars before any work.
	maxList = 1_000_000
)

// Preparations lists the values allowed in preparation ("" means "ca1").
func Preparations() []string { return []string{prepCA1, prepPurkinje} }

// protocolSeed is the second word of the PCG stream from which Plan draws
// Poisson spike times: rand.NewPCG(spec.Seed, protocolSeed). It keeps the
// protocol's stream apart from the per-run streams PCG(seed, index) of
// sweeps. (The 64-bit golden ratio, 2⁶⁴/φ.)
const protocolSeed = 0x9e3779b97f4a7c15

// resolver converts a spec to numbers, remembering the strings it read so
// errors from package protocol can quote them.
type resolver struct {
	s    *Spec
	vals map[string]string
}

func (r *resolver) fail(path, allowed string) *FieldError {
	return &FieldError{Path: path, Value: r.vals[path], Allowed: allowed}
}

// qty parses an optional quantity (def if empty) and records it.
func (r *resolver) qty(path, s string, d units.Dim, def string) (float64, *FieldError) {
	if s == "" {
		s = def
	}
	r.vals[path] = s
	if s == "" {
		return 0, nil
	}
	v, err := units.Parse(s, d)
	if err != nil {
		var ue *units.Error
		if errors.As(err, &ue) {
			return 0, &FieldError{Path: path, Value: s, Allowed: ue.Reason}
		}
		return 0, &FieldError{Path: path, Value: s, Allowed: err.Error()}
	}
	return v, nil
}

// need is qty for a required quantity; example shows what to write.
func (r *resolver) need(path, s string, d units.Dim, example string) (float64, *FieldError) {
	if s == "" {
		return 0, &FieldError{Path: path, Allowed: fmt.Sprintf("missing: need %s, e.g. %q", dimName(d), example)}
	}
	return r.qty(path, s, d, "")
}

func dimName(d units.Dim) string { return "a " + d.String() }

// pos requires v > 0 (given) and records nothing new.
func (r *resolver) positive(path string, v float64, unit string) *FieldError {
	if !(v > 0) {
		return r.fail(path, "must be > 0 "+unit)
	}
	return nil
}

func (r *resolver) nonNeg(path string, v float64, unit string) *FieldError {
	if !(v >= 0) {
		return r.fail(path, "must be ≥ 0 "+unit)
	}
	return nil
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

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Validate checks every field of s: quantities have a unit of the right
// dimension and are finite and in range, integers are in range, there is
// exactly one induction element, the protocol holds at most 10⁸ events and
// ends within one week, duration (if given) is at least the protocol's end,
// and record.every is between 1 µs and the duration with at most 10⁷
// samples. Errors are *FieldError without a source position (Load adds it).
// Tier names, parameter sets, overrides, drug names and recorded variable
// names are checked by the tier code when the plan is run.
func (s *Spec) Validate() error {
	pl, err := s.resolve()
	if err != nil {
		return err
	}
	return checkModel(pl) // the tier, set, overrides, drugs and recorded variables
}

// resolve validates s and converts it to a Plan without compiling events.
func (s *Spec) resolve() (*Plan, error) {
	r := &resolver{s: s, vals: map[string]string{}}
	pl, fe := r.resolve()
	if fe != nil {
		return nil, fe
	}
	return pl, nil
}

func (r *resolver) resolve() (*Plan, *FieldError) {
	s := r.s
	pl := &Plan{Spec: s}
	if strings.TrimSpace(s.Name) == "" {
		return nil, &FieldError{Path: "name", Value: s.Name, Allowed: "missing: a spec needs a name"}
	}
	if s.Preparation != "" && !oneOf(s.Preparation, Preparations()) {
		return nil, &FieldError{Path: "preparation", Value: s.Preparation, Allowed: "must be one of " + strings.Join(Preparations(), ", ")}
	}
	// model
	m := s.Model
	if m.Tier == "" {
		return nil, &FieldError{Path: "model.tier", Allowed: "missing: need one of " + strings.Join(Tiers(), ", ")}
	}
	if !oneOf(m.Tier, Tiers()) {
		return nil, &FieldError{Path: "model.tier", Value: m.Tier, Allowed: "must be one of " + strings.Join(Tiers(), ", ")}
	}
	for k := range m.Override {
		if strings.TrimSpace(k) == "" {
			return nil, &FieldError{Path: "model.override", Value: k, Allowed: "parameter names must be non-empty"}
		}
	}
	if m.Synapses < 0 || m.Synapses > maxSynapses {
		return nil, &FieldError{Path: "model.synapses", Value: strconv.Itoa(m.Synapses), Allowed: fmt.Sprintf("must be between 1 and %d (0 or absent means 1)", maxSynapses)}
	}
	// bath
	var fe *FieldError
	for _, b := range []struct {
		path, s, def string
		dst          *float64
	}{{"bath.ca", s.Bath.Ca, defaultCa, &pl.CaO}, {"bath.mg", s.Bath.Mg, defaultMg, &pl.MgO}} {
		if *b.dst, fe = r.qty(b.path, b.s, units.Concentration, b.def); fe != nil {
			return nil, fe
		}
		if !(*b.dst >= 0 && *b.dst <= maxBath) {
			return nil, r.fail(b.path, "must be between 0 and 20 mM")
		}
	}
	// drugs
	seen := map[string]bool{}
	for i, d := range s.Drugs {
		p := fmt.Sprintf("drugs[%d]", i)
		if strings.TrimSpace(d.Name) == "" {
			return nil, &FieldError{Path: p + ".name", Value: d.Name, Allowed: "missing: a drug needs a name"}
		}
		key := d.Name + "@" + d.From
		if seen[key] {
			return nil, &FieldError{Path: p + ".name", Value: d.Name, Allowed: "is listed twice with the same start"}
		}
		seen[key] = true
		c, fe := r.need(p+".conc", d.Conc, units.Concentration, "50 µM")
		if fe != nil {
			return nil, fe
		}
		if fe := r.positive(p+".conc", c, "µM"); fe != nil {
			return nil, fe
		}
		from, fe := r.qty(p+".from", d.From, units.Time, "0 ms")
		if fe != nil {
			return nil, fe
		}
		if fe := r.nonNeg(p+".from", from, "ms"); fe != nil {
			return nil, fe
		}
		to := math.Inf(1)
		if d.For != "" {
			dur, fe := r.qty(p+".for", d.For, units.Time, "")
			if fe != nil {
				return nil, fe
			}
			if fe := r.positive(p+".for", dur, "ms"); fe != nil {
				return nil, fe
			}
			to = from + dur
		}
		pl.Drugs = append(pl.Drugs, DrugDose{Name: d.Name, Conc: c, From: from, To: to})
	}
	// protocol
	if pl.Protocol, fe = r.protocol(); fe != nil {
		return nil, fe
	}
	sched, _, err := pl.Protocol.Bounds()
	if err != nil {
		return nil, r.protocolErr(err)
	}
	pl.Schedule = sched
	pl.End = sched.End
	if s.Duration != "" {
		d, fe := r.qty("duration", s.Duration, units.Time, "")
		if fe != nil {
			return nil, fe
		}
		if !(d > 0 && d <= units.Week) {
			return nil, r.fail("duration", "must be > 0 and ≤ 1 week (10080 min)")
		}
		if d < sched.End {
			return nil, r.fail("duration", fmt.Sprintf("must be ≥ the protocol's end, %s", units.Format(sched.End, units.Time)))
		}
		pl.End = d
	}
	if e := pl.Protocol.Explicit; e != nil && len(e.Pre)+len(e.Post) == 0 {
		timed := false
		for _, d := range pl.Drugs {
			timed = timed || d.timed()
		}
		if !timed {
			return nil, &FieldError{Path: "protocol.explicit", Value: r.vals["protocol.explicit"],
				Allowed: "needs at least one pre or post time, or a timed drug (drugs[].from, for) for a chemical protocol"}
		}
	}
	for i, d := range pl.Drugs {
		if d.From >= pl.End {
			return nil, &FieldError{Path: fmt.Sprintf("drugs[%d].from", i), Value: s.Drugs[i].From,
				Allowed: fmt.Sprintf("must be before the end of the run, %g min", pl.End/units.Minute)}
		}
	}
	// record
	if s.Record.Every != "" {
		e, fe := r.qty("record.every", s.Record.Every, units.Time, "")
		if fe != nil {
			return nil, fe
		}
		if !(e >= minEvery) {
			return nil, r.fail("record.every", "must be ≥ 1 µs")
		}
		if e > pl.End {
			return nil, r.fail("record.every", fmt.Sprintf("must be ≤ the duration, %s", units.Format(pl.End, units.Time)))
		}
		if n := pl.End / e; n > maxSamples {
			return nil, r.fail("record.every", fmt.Sprintf("gives %.3g samples over %s, more than %d", n, units.Format(pl.End, units.Time), maxSamples))
		}
		pl.RecordEvery = e
	}
	if len(s.Record.Vars) > maxList {
		return nil, &FieldError{Path: "record.vars", Allowed: fmt.Sprintf("at most %d names", maxList)}
	}
	vars := map[string]bool{}
	for i, v := range s.Record.Vars {
		p := fmt.Sprintf("record.vars[%d]", i)
		if strings.TrimSpace(v) == "" {
			return nil, &FieldError{Path: p, Value: v, Allowed: "must be a variable name"}
		}
		if vars[v] {
			return nil, &FieldError{Path: p, Value: v, Allowed: "is listed twice"}
		}
		vars[v] = true
	}
	if t := s.Target; t != nil {
		if fe := validTarget(t); fe != nil {
			return nil, fe
		}
	}
	return pl, nil
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
	return nil
}

// protocol converts spec.protocol to numbers. Range checks that need only
// one field are done here, with the units of the file; the rest (one
// induction element, overlaps, event and time limits) by protocol.Validate.
func (r *resolver) protocol() (protocol.Protocol, *FieldError) {
	sp := r.s.Protocol
	var p protocol.Protocol
	var fe *FieldError
	if p.Test, fe = r.qty("protocol.test", sp.Test, units.Time, ""); fe != nil {
		return p, fe
	}
	if fe = r.nonNeg("protocol.test", p.Test, "ms"); fe != nil {
		return p, fe
	}
	if p.Baseline, fe = r.qty("protocol.baseline", sp.Baseline, units.Time, ""); fe != nil {
		return p, fe
	}
	if fe = r.nonNeg("protocol.baseline", p.Baseline, "ms"); fe != nil {
		return p, fe
	}
	if p.Follow, fe = r.qty("protocol.follow", sp.Follow, units.Time, ""); fe != nil {
		return p, fe
	}
	if fe = r.nonNeg("protocol.follow", p.Follow, "ms"); fe != nil {
		return p, fe
	}
	if sp.Clamp != "" {
		v, fe := r.qty("protocol.clamp", sp.Clamp, units.Voltage, "")
		if fe != nil {
			return p, fe
		}
		p.Clamp = &v
	}
	n := 0
	for _, set := range []bool{sp.Train != nil, sp.Bursts != nil, sp.Pairing != nil, sp.Poisson != nil, sp.Explicit != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return p, &FieldError{Path: "protocol", Allowed: fmt.Sprintf("has %d induction elements: need exactly one of train, bursts, pairing, poisson, explicit", n)}
	}
	switch {
	case sp.Train != nil:
		t := sp.Train
		var v protocol.Train
		if v.Rate, fe = r.need("protocol.train.rate", t.Rate, units.Frequency, "100 Hz"); fe != nil {
			return p, fe
		}
		if fe = r.positive("protocol.train.rate", v.Rate, "Hz"); fe != nil {
			return p, fe
		}
		if fe = r.count("protocol.train.pulses", t.Pulses, 1); fe != nil {
			return p, fe
		}
		if fe = r.count("protocol.train.repeat", t.Repeat, 0); fe != nil {
			return p, fe
		}
		if t.Repeat > 1 {
			v.Interval, fe = r.need("protocol.train.interval", t.Interval, units.Time, "20 s")
		} else {
			v.Interval, fe = r.qty("protocol.train.interval", t.Interval, units.Time, "")
		}
		if fe != nil {
			return p, fe
		}
		v.Pulses, v.Repeat = t.Pulses, t.Repeat
		p.Train = &v
	case sp.Bursts != nil:
		b := sp.Bursts
		var v protocol.Bursts
		if fe = r.count("protocol.bursts.pulses", b.Pulses, 1); fe != nil {
			return p, fe
		}
		if v.Rate, fe = r.need("protocol.bursts.rate", b.Rate, units.Frequency, "100 Hz"); fe != nil {
			return p, fe
		}
		if fe = r.positive("protocol.bursts.rate", v.Rate, "Hz"); fe != nil {
			return p, fe
		}
		if v.BurstRate, fe = r.need("protocol.bursts.burst_rate", b.BurstRate, units.Frequency, "5 Hz"); fe != nil {
			return p, fe
		}
		if fe = r.positive("protocol.bursts.burst_rate", v.BurstRate, "Hz"); fe != nil {
			return p, fe
		}
		if fe = r.count("protocol.bursts.bursts", b.Bursts, 1); fe != nil {
			return p, fe
		}
		if fe = r.count("protocol.bursts.trains", b.Trains, 0); fe != nil {
			return p, fe
		}
		if b.Trains > 1 {
			v.Interval, fe = r.need("protocol.bursts.interval", b.Interval, units.Time, "10 s")
		} else {
			v.Interval, fe = r.qty("protocol.bursts.interval", b.Interval, units.Time, "")
		}
		if fe != nil {
			return p, fe
		}
		v.Pulses, v.Bursts, v.Trains = b.Pulses, b.Bursts, b.Trains
		p.Bursts = &v
	case sp.Pairing != nil:
		q := sp.Pairing
		var v protocol.Pairing
		if v.Dt, fe = r.need("protocol.pairing.dt", q.Dt, units.Time, "+10 ms"); fe != nil {
			return p, fe
		}
		if fe = r.count("protocol.pairing.pairs", q.Pairs, 1); fe != nil {
			return p, fe
		}
		if v.Rate, fe = r.need("protocol.pairing.rate", q.Rate, units.Frequency, "1 Hz"); fe != nil {
			return p, fe
		}
		if fe = r.positive("protocol.pairing.rate", v.Rate, "Hz"); fe != nil {
			return p, fe
		}
		if fe = r.count("protocol.pairing.post_spikes", q.PostSpikes, 0); fe != nil {
			return p, fe
		}
		if q.PostRate != "" && q.PostSpikes < 1 {
			return p, r.fail("protocol.pairing.post_spikes", "must be ≥ 1 when post_rate is given")
		}
		if q.PostSpikes > 1 {
			v.PostRate, fe = r.need("protocol.pairing.post_rate", q.PostRate, units.Frequency, "100 Hz")
		} else {
			v.PostRate, fe = r.qty("protocol.pairing.post_rate", q.PostRate, units.Frequency, "")
		}
		if fe != nil {
			return p, fe
		}
		if q.PostRate != "" {
			if fe = r.positive("protocol.pairing.post_rate", v.PostRate, "Hz"); fe != nil {
				return p, fe
			}
		}
		v.Pairs, v.PostSpikes = q.Pairs, q.PostSpikes
		p.Pairing = &v
	case sp.Poisson != nil:
		q := sp.Poisson
		var v protocol.Poisson
		if v.Pre, fe = r.qty("protocol.poisson.pre", q.Pre, units.Frequency, ""); fe != nil {
			return p, fe
		}
		if fe = r.nonNeg("protocol.poisson.pre", v.Pre, "Hz"); fe != nil {
			return p, fe
		}
		if v.Post, fe = r.qty("protocol.poisson.post", q.Post, units.Frequency, ""); fe != nil {
			return p, fe
		}
		if fe = r.nonNeg("protocol.poisson.post", v.Post, "Hz"); fe != nil {
			return p, fe
		}
		if v.Duration, fe = r.need("protocol.poisson.duration", q.Duration, units.Time, "10 s"); fe != nil {
			return p, fe
		}
		if fe = r.positive("protocol.poisson.duration", v.Duration, "ms"); fe != nil {
			return p, fe
		}
		p.Poisson = &v
	case sp.Explicit != nil:
		q := sp.Explicit
		var v protocol.Explicit
		if len(q.Pre)+len(q.Post) > maxList {
			return p, &FieldError{Path: "protocol.explicit", Allowed: fmt.Sprintf("at most %d spike times", maxList)}
		}
		for _, side := range []struct {
			name string
			in   []string
			out  *[]float64
		}{{"pre", q.Pre, &v.Pre}, {"post", q.Post, &v.Post}} {
			for i, t := range side.in {
				path := fmt.Sprintf("protocol.explicit.%s[%d]", side.name, i)
				x, fe := r.need(path, t, units.Time, "15 ms")
				if fe != nil {
					return p, fe
				}
				if fe = r.nonNeg(path, x, "ms (times are relative to the induction start)"); fe != nil {
					return p, fe
				}
				*side.out = append(*side.out, x)
			}
		}
		p.Explicit = &v
	}
	return p, nil
}

// protocolErr turns a *protocol.Error into a *FieldError quoting the
// string that was written in the spec.
func (r *resolver) protocolErr(err error) *FieldError {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		return &FieldError{Path: "protocol", Allowed: err.Error()}
	}
	path := "protocol"
	if pe.Field != "" {
		path += "." + pe.Field
	}
	v, ok := r.vals[path]
	if !ok {
		v = pe.Value
	}
	return &FieldError{Path: path, Value: v, Allowed: pe.Allowed}
}

// Plan validates s, converts it to internal units and compiles its
// protocol. Poisson spike times are drawn from
// rand.New(rand.NewPCG(s.Seed, 0x9e3779b97f4a7c15)), so a spec and its
// seed fix the schedule. Errors are *FieldError without source positions.
func (s *Spec) Plan() (*Plan, error) {
	pl, err := s.resolve()
	if err != nil {
		return nil, err
	}
	sched, err := pl.Protocol.Compile(rand.New(rand.NewPCG(s.Seed, protocolSeed)))
	if err != nil {
		r := &resolver{s: s, vals: map[string]string{}}
		return nil, r.protocolErr(err)
	}
	pl.Schedule = sched
	if err := checkModel(pl); err != nil {
		return nil, err
	}
	return pl, nil
}

// Load decodes, validates and compiles a spec source (YAML or JSON). Its
// errors are *FieldError with the line and column of the offending field
// (or of its nearest enclosing field, if it is missing).
func Load(data []byte) (*Plan, error) {
	s, err := Decode(data)
	if err != nil {
		return nil, err
	}
	pl, err := s.Plan()
	if err != nil {
		body, perr := parse(data)
		if perr != nil {
			return nil, err
		}
		return nil, annotate(err, index(body))
	}
	return pl, nil
}
