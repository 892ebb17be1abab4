package experiment

import (
	"slices"
	"strings"
	"sync"

	"github.com/synlab/synlab/units"
)

// Kind is the shape of a spec field in a file.
type Kind uint8

const (
	KStruct Kind = iota // a mapping with known keys
	KString             // a scalar read as a string (names, and quantities such as "20 ms")
	KInt                // an integer
	KUint               // a non-negative integer
	KFloat              // a number
	KDict               // a mapping from any key to a string
	KList               // a sequence (of strings, or of mappings)
	KBool               // true or false
)

// Bound is the check a numeric field's value must pass, beyond having the
// right unit and being finite.
type Bound uint8

const (
	AnyValue  Bound = iota // any finite value
	Positive               // > 0
	NonNeg                 // ≥ 0
	BathRange              // between 0 and 20 mM
)

// Field describes one field of the spec language, once: what Decode
// accepts, what ApplySets types a value as, the unit and default Resolve
// applies, the bound it checks, and what the web form and the reference
// docs show. Paths are dotted as in error messages, with "[]" for the
// elements of a list ("drugs[].conc", "protocol.phases[].train.rate").
type Field struct {
	Path     string
	Kind     Kind
	Quantity bool      // a string holding a quantity with its unit
	Dim      units.Dim // the dimension of a quantity
	Unit     string    // the unit errors and docs write bounds in ("Hz", "ms", "µM")
	Default  string    // as written; "" for none
	Bound    Bound
	Required bool
	Label    string // what the web form calls it ("" = not on the form)
	Example  string // a value ApplySets accepts; the form's placeholder
	Help     string // one line: what it is
	Group    string // the form's fieldset
}

// elementFields are the fields of the induction elements below prefix
// ("protocol." or "protocol.phases[]."); the form groups them by element.
func elementFields(prefix string) []Field {
	g := func(sub string) string { return sub }
	p := prefix
	q := func(path string, d units.Dim, unit, label, example, help string, b Bound, req bool, grp string) Field {
		return Field{Path: p + path, Kind: KString, Quantity: true, Dim: d, Unit: unit, Bound: b, Required: req, Label: label, Example: example, Help: help, Group: g(grp)}
	}
	n := func(path, label, example, help string, req bool, grp string) Field {
		return Field{Path: p + path, Kind: KInt, Label: label, Example: example, Help: help, Required: req, Group: g(grp)}
	}
	s := func(path, help string) Field { return Field{Path: p + path, Kind: KStruct, Help: help} }
	return []Field{
		s("train", "Repeat trains of pulses at a rate"),
		q("train.rate", units.Frequency, "Hz", "Rate", "1 Hz", "pulse rate", Positive, true, "train"),
		n("train.pulses", "Pulses", "900", "pulses per train", true, "train"),
		n("train.repeat", "Trains", "4", "number of trains; default 1", false, "train"),
		q("train.interval", units.Time, "ms", "Train interval", "20 s", "start to start; needed for more than one train", AnyValue, false, "train"),
		s("bursts", "Theta-burst stimulation"),
		n("bursts.pulses", "Pulses per burst", "4", "", true, "bursts"),
		q("bursts.rate", units.Frequency, "Hz", "Rate in a burst", "100 Hz", "", Positive, true, "bursts"),
		q("bursts.burst_rate", units.Frequency, "Hz", "Burst rate", "5 Hz", "", Positive, true, "bursts"),
		n("bursts.bursts", "Bursts per train", "10", "", true, "bursts"),
		n("bursts.trains", "Trains", "1", "default 1", false, "bursts"),
		q("bursts.interval", units.Time, "ms", "Train interval", "10 s", "start to start; needed for more than one train", AnyValue, false, "bursts"),
		s("pairing", "Pre/post pairings (STDP)"),
		q("pairing.dt", units.Time, "ms", "Δt = t_post − t_pre", "+10 ms", "of the first post spike", AnyValue, true, "pairing"),
		n("pairing.pairs", "Pairs", "60", "", true, "pairing"),
		q("pairing.rate", units.Frequency, "Hz", "Pairing rate", "1 Hz", "", Positive, true, "pairing"),
		n("pairing.post_spikes", "Post spikes per pair", "1", "default 1", false, "pairing"),
		q("pairing.post_rate", units.Frequency, "Hz", "Post spike rate", "100 Hz", "when more than one post spike", Positive, false, "pairing"),
		s("poisson", "Independent Poisson pre and post spike trains"),
		q("poisson.pre", units.Frequency, "Hz", "Pre rate", "10 Hz", "", NonNeg, false, "poisson"),
		q("poisson.post", units.Frequency, "Hz", "Post rate", "10 Hz", "", NonNeg, false, "poisson"),
		q("poisson.duration", units.Time, "ms", "For", "10 s", "", Positive, true, "poisson"),
		s("explicit", "Explicit spike times"),
		{Path: p + "explicit.pre", Kind: KList, Quantity: true, Dim: units.Time, Unit: "ms", Bound: NonNeg, Label: "Pre spikes", Example: "0 ms, 100 ms", Help: "comma-separated, from the start of the induction", Group: g("explicit")},
		{Path: p + "explicit.post", Kind: KList, Quantity: true, Dim: units.Time, Unit: "ms", Bound: NonNeg, Label: "Post spikes", Example: "10 ms, 110 ms", Help: "comma-separated, from the start of the induction", Group: g("explicit")},
	}
}

// drugFields are the fields of one drug below prefix ("drugs[]." or
// "protocol.phases[].drug.").
func drugFields(prefix string) []Field {
	return []Field{
		{Path: prefix + "name", Kind: KString, Required: true, Label: "Drug", Example: "APV", Help: "a name or alias of the drug table (synlab drugs)", Group: "drugs"},
		{Path: prefix + "conc", Kind: KString, Quantity: true, Dim: units.Concentration, Unit: "µM", Bound: Positive, Required: true, Label: "Concentration", Example: "50 uM", Group: "drugs"},
		{Path: prefix + "from", Kind: KString, Quantity: true, Dim: units.Time, Unit: "ms", Bound: NonNeg, Default: "0 ms", Label: "From", Example: "10 min", Help: "wash-in after the start; empty: from the start", Group: "drugs"},
		{Path: prefix + "for", Kind: KString, Quantity: true, Dim: units.Time, Unit: "ms", Bound: Positive, Label: "For", Example: "3 min", Help: "empty: to the end", Group: "drugs"},
	}
}

// Fields is the spec language, field by field, in the order of the spec.
func Fields() []Field { return slices.Clone(table()) }

// table is the field table, built once (immutable).
var table = sync.OnceValue(buildFields)

// index maps a path to its field.
var index = sync.OnceValue(func() map[string]Field {
	m := map[string]Field{}
	for _, f := range table() {
		m[f.Path] = f
	}
	return m
})

func buildFields() []Field {
	str := func(path, label, example, help, group string) Field {
		return Field{Path: path, Kind: KString, Label: label, Example: example, Help: help, Group: group}
	}
	q := func(path string, d units.Dim, unit, def string, b Bound, label, example, help, group string) Field {
		return Field{Path: path, Kind: KString, Quantity: true, Dim: d, Unit: unit, Default: def, Bound: b, Label: label, Example: example, Help: help, Group: group}
	}
	st := func(path, help string) Field { return Field{Path: path, Kind: KStruct, Help: help} }
	f := []Field{
		{Path: "name", Kind: KString, Required: true, Label: "Name", Example: "LFS 1 Hz x 900", Help: "names the run in figures and files", Group: "model"},
		str("source", "Source", "Dudek & Bear 1992 PNAS 89:4363", "citation: travels into every output", "model"),
		{Path: "preparation", Kind: KString, Default: DefaultPreparation, Label: "Preparation", Example: "ca1", Help: "the slice and synapse", Group: "model"},
		st("model", "the model tier and its parameters"),
		{Path: "model.tier", Kind: KString, Required: true, Label: "Model tier", Example: "shouval", Help: "a tier of the preparation (synlab presets, synlab tiers)", Group: "model"},
		str("model.set", "Parameter set", "rate", "a named parameter set of the tier; empty: its first", "model"),
		{Path: "model.override", Kind: KDict, Help: "parameters of the tier by name, each a quantity with its unit"},
		{Path: "model.synapses", Kind: KInt, Label: "Synapses", Example: "2000", Help: "population size; default 1", Group: "model"},
		st("model.sbml", "an SBML network as the sbml tier's cascade (docs/sbml.md, Coupling)"),
		Field{Path: "model.sbml.file", Kind: KString, Required: true, Example: "shouval2002.xml", Help: "the SBML model file (Level 2 v1–5, Level 3 v1–2 core), relative to the spec file"},
		Field{Path: "model.sbml.ca", Kind: KString, Required: true, Example: "Ca", Help: "the species (or parameter) that receives the spine's free Ca²⁺, in the model's concentration unit"},
		Field{Path: "model.sbml.mode", Kind: KString, Default: "clamp", Example: "clamp", Help: "clamp: the species follows the spine's Ca²⁺; influx: the spine's Ca²⁺ rate of change is added to it"},
		Field{Path: "model.sbml.readout", Kind: KString, Required: true, Example: "W", Help: "an expression over the model's ids; strength = its value / its value at t = 0"},
		Field{Path: "model.sbml.feedback", Kind: KBool, Example: "true", Help: "the strength scales the spine's AMPA conductance (default false: read out only)"},
		Field{Path: "model.sbml.drugs", Kind: KDict, Help: "drug target (synlab drugs) → comma-separated ids of the parameters the drug's open fraction multiplies"},
		Field{Path: "model.sbml.rtol", Kind: KString, Example: "1e-6", Help: "the network's relative tolerance; default 1e-6"},
		st("bath", "the extracellular solution"),
		q("bath.ca", units.Concentration, "mM", "2 mM", BathRange, "[Ca²⁺]o", "2 mM", "default 2 mM (or the reference of a published parameter set)", "bath"),
		q("bath.mg", units.Concentration, "mM", "1 mM", BathRange, "[Mg²⁺]o", "1 mM", "default 1 mM; 0 mM is Mg²⁺-free", "bath"),
		{Path: "drugs", Kind: KList, Help: "drugs in the bath or pipette"},
	}
	f = append(f, drugFields("drugs[].")...)
	f = append(f,
		st("protocol", "stimulation: test pulses around one induction element or a sequence of phases"),
		q("protocol.test", units.Time, "ms", "", NonNeg, "Test pulse every", "30 s", "outside the induction", "protocol"),
		Field{Path: "protocol.test_probe", Kind: KBool, Label: "Test pulses only read the strength", Example: "true", Help: "non-invasive probes (needed by rules without a low-frequency floor)", Group: "protocol"},
		q("protocol.baseline", units.Time, "ms", "", NonNeg, "Baseline", "15 min", "before the induction", "protocol"),
		q("protocol.follow", units.Time, "ms", "", NonNeg, "Follow-up", "60 min", "after the induction", "protocol"),
		q("protocol.clamp", units.Voltage, "mV", "", AnyValue, "Voltage clamp during induction", "-40 mV", "empty: unclamped", "protocol"),
	)
	f = append(f, elementFields("protocol.")...)
	f = append(f,
		Field{Path: "protocol.phases", Kind: KList, Help: "a sequence of phases: each an induction element or a drug, after a gap"},
		q("protocol.phases[].after", units.Time, "ms", "0 ms", NonNeg, "", "30 min", "gap since the end of the previous phase (the first: since the baseline)", ""),
		q("protocol.phases[].clamp", units.Voltage, "mV", "", AnyValue, "", "-40 mV", "holding potential during this phase", ""),
	)
	for _, e := range elementFields("protocol.phases[].") {
		e.Label, e.Group = "", ""
		f = append(f, e)
	}
	f = append(f, st("protocol.phases[].drug", "a drug washed in at the phase's start (for: washed out after)"))
	for _, e := range drugFields("protocol.phases[].drug.") {
		e.Label, e.Group = "", ""
		f = append(f, e)
	}
	f = append(f,
		q("duration", units.Time, "ms", "", Positive, "Duration", "90 min", "empty: the end of the protocol", "protocol"),
		st("record", "what to sample"),
		q("record.every", units.Time, "ms", "", Positive, "Sample every", "10 s", "empty: at every test pulse, the start and the end", "record"),
		Field{Path: "record.vars", Kind: KList, Label: "Variables", Example: "ca,w", Help: "comma-separated; empty: all of the tier's", Group: "record"},
		Field{Path: "seed", Kind: KUint, Label: "Seed", Example: "1", Help: "same seed, same numbers", Group: "record"},
		st("target", "the expected outcome of a reproduce case"),
		str("target.metric", "", "change_pct", "what is compared: change_pct or a summary metric", ""),
		Field{Path: "target.value", Kind: KFloat, Help: "the published value"},
		Field{Path: "target.tol", Kind: KFloat, Help: "value ± tol"},
		Field{Path: "target.lo", Kind: KFloat, Help: "lower bound (instead of value ± tol)"},
		Field{Path: "target.hi", Kind: KFloat, Help: "upper bound"},
		str("target.cite", "", "Dudek & Bear 1992", "the source of the target", ""),
		str("target.note", "", "", "", ""),
		str("target.known_miss", "", "", "why the model is known to miss it", ""),
		str("target.fitted", "", "predicted", "fitted (the model's free constants were fitted to this row) or predicted", ""),
		str("target.control", "", "ca1-b7-hfs", "a reproduce case this one is compared with (synlab reproduce runs both)", ""),
		str("target.relative", "", "diff", "diff (change minus the control's, points) or ratio (100 × change / the control's)", ""),
	)
	return f
}

// FieldAt returns the field of a dotted path with list indices
// ("protocol.phases[2].train.rate" is the field
// "protocol.phases[].train.rate"; a model.override key is the dict).
func FieldAt(path string) (Field, bool) {
	p := stripIndices(path)
	if f, ok := index()[p]; ok {
		return f, true
	}
	if q, ok := strings.CutSuffix(p, "[]"); ok { // an element of a list of strings
		if f, ok := index()[q]; ok && f.Kind == KList {
			return f, true
		}
	}
	if strings.HasPrefix(p, "model.override.") {
		return Field{Path: "model.override.*", Kind: KString, Quantity: true}, true
	}
	return Field{}, false
}

// stripIndices turns "a[2].b[10]" into "a[].b[]".
func stripIndices(p string) string {
	var b strings.Builder
	skip := false
	for _, r := range p {
		switch {
		case r == '[':
			b.WriteRune(r)
			skip = true
		case r == ']':
			b.WriteRune(r)
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// snode is the schema of a spec field as a tree: what Decode accepts and
// what ApplySets types a value as. It is built from Fields;
// TestSchemaMatchesSpec checks it against the struct tags.
type snode struct {
	k      Kind
	fields []sfield // KStruct
	elem   *snode   // KList
}

type sfield struct {
	name string
	node *snode
}

func (n *snode) field(name string) *snode {
	for _, f := range n.fields {
		if f.name == name {
			return f.node
		}
	}
	return nil
}

func (n *snode) names() string {
	s := make([]string, len(n.fields))
	for i, f := range n.fields {
		s[i] = f.name
	}
	return strings.Join(s, ", ")
}

// schema is the tree of Fields, built once.
var schema = sync.OnceValue(buildSchema)

// buildSchema builds the tree of Fields.
func buildSchema() *snode {
	root := &snode{k: KStruct}
	for _, f := range table() {
		n := root
		parts := strings.Split(f.Path, ".")
		for i, part := range parts {
			list := strings.HasSuffix(part, "[]")
			name := strings.TrimSuffix(part, "[]")
			sub := n.field(name)
			last := i == len(parts)-1
			if sub == nil {
				sub = &snode{k: KStruct}
				if last {
					sub.k = f.Kind
				}
				n.fields = append(n.fields, sfield{name, sub})
			} else if last {
				sub.k = f.Kind
			}
			if list {
				sub.k = KList
				if sub.elem == nil {
					sub.elem = &snode{k: KStruct}
				}
				sub.elem.k = KStruct // a list of mappings
				n = sub.elem
				continue
			}
			if last && f.Kind == KList && sub.elem == nil {
				sub.elem = &snode{k: KString} // a list of strings
			}
			n = sub
		}
	}
	return root
}
