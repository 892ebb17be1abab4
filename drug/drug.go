// Package drug is synlab's pharmacology: the named drugs a spec may list
// (drugs: [{name, conc}]), the target each acts on, its potency and where
// the numbers come from, and what a set of doses does to a model (Effects).
//
// The table is data (table.yaml, embedded in the binary); its effects are
// code. The model of a blocker is single-site occupancy at the concentration
// written in the spec: the fraction of its target left active is
//
//	open(c) = 1 / (1 + (c/K)^n)
//
// with K the drug's potency (IC50, Kd or Ki [µM]) and n its Hill coefficient
// (1 everywhere: no source gave another). This is a deliberate
// simplification. It does not model membrane permeation from bath to
// cytosol, the time a drug takes to reach the synapse, binding to
// immunophilins (FK506 needs FKBP12, cyclosporin A needs cyclophilin),
// competition with ATP (KT5720) or with calmodulin (KN-62), enzyme titration
// when the enzyme is more concentrated than K (PP1 and okadaic acid), use- or
// voltage-dependence (nimodipine), or off-target actions (FK506 and
// cyclosporin A partly inhibit NMDAR potentials, Lu et al. 1996). Info.Note
// says which of these matter for each drug.
//
// Concentration is where the drug is applied: the bath for most, the
// recording pipette (hence the cytosol after dialysis) for the peptides and
// the buffers (Info.Route). BAPTA and EGTA are not blockers: their
// concentration is the added intracellular buffer, passed to the model as it
// is (Effects.BAPTA, Effects.EGTA).
//
// Bath ions are not drugs: [Ca²⁺]o and [Mg²⁺]o are bath.ca and bath.mg, and
// bath.mg "0 mM" is a Mg²⁺-free solution.
//
// Which tier models which target is the tiers' business (each tier lists its
// targets in the registry); this package knows no tier.
package drug

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
)

// Target is what a drug acts on: one of the keys of the table's targets
// list. Effects has one field per key.
type Target string

// The drug targets.
const (
	NMDA        Target = "nmda"         // NMDA receptors
	CaMKII      Target = "camkii"       // CaMKII catalytic activity
	CaN         Target = "calcineurin"  // calcineurin (PP2B)
	PP1         Target = "pp1"          // protein phosphatase 1
	PP2A        Target = "pp2a"         // protein phosphatase 2A
	AMPA        Target = "ampa"         // AMPA receptors
	PKA         Target = "pka"          // PKA catalytic activity
	LType       Target = "ltype"        // L-type Ca²⁺ channels
	Endocytosis Target = "endocytosis"  // clathrin/dynamin endocytosis, pre- and postsynaptic
	BAPTA       Target = "bapta"        // added fast Ca²⁺ buffer
	EGTA        Target = "egta"         // added slow Ca²⁺ buffer
	NMDAAgonist Target = "nmda-agonist" // bath agonist holding NMDA receptors open
	AMPAAgonist Target = "ampa-agonist" // bath agonist binding AMPA receptors
	PKC         Target = "pkc"          // protein kinase C catalytic activity
	MGluR1      Target = "mglur1"       // metabotropic glutamate receptor 1
	NOS         Target = "nos"          // nitric oxide synthase
)

// TargetInfo describes a target key.
type TargetInfo struct {
	Key Target `yaml:"key"`
	Doc string `yaml:"doc"` // what it is
}

// Info is a named drug: its target, its potency and where the numbers come
// from.
type Info struct {
	Name    string   `yaml:"name"`    // canonical name
	Aliases []string `yaml:"aliases"` // other accepted names (matching ignores case, spaces, hyphens, brackets)
	Target  Target   `yaml:"target"`
	// Potency is the concentration [µM] at which the target is half blocked
	// in the single-site model; Measure says what was measured. 0 for the
	// buffers.
	Potency float64 `yaml:"potency_uM"`
	Measure string  `yaml:"measure"`  // "Kd", "Ki", "IC50", "EC50" ("" for buffers)
	Hill    float64 `yaml:"hill"`     // Hill coefficient of the block [1]; 1 unless sourced
	Usual   float64 `yaml:"usual_uM"` // a usual concentration in slice work [µM]
	Route   string  `yaml:"route"`    // where Usual is applied: "bath" or "pipette"
	Source  string  `yaml:"source"`   // potency, usual concentration and use, with tags
	Note    string  `yaml:"note"`     // what the single-site model leaves out for this drug
	// Also lists the drug's further targets with their own potencies: a
	// drug's selectivity (okadaic acid blocks PP2A at a hundredth of the
	// concentration that blocks PP1). Each acts independently, in the same
	// single-site model.
	Also []Action `yaml:"also,omitempty"`
}

// Action is one target of a drug with its potency: the primary one of an
// Info (Target, Potency, Measure, Hill) or one of its Also list.
type Action struct {
	Target  Target  `yaml:"target"`
	Potency float64 `yaml:"potency_uM"` // half-blocking concentration [µM]
	Measure string  `yaml:"measure"`    // "Kd", "Ki", "IC50"
	Hill    float64 `yaml:"hill"`       // [1]; 1 unless sourced
	Source  string  `yaml:"source"`     // where the potency comes from, with tags
}

// Actions lists every target of the drug with its potency, the primary one
// first.
func (d Info) Actions() []Action {
	out := []Action{{Target: d.Target, Potency: d.Potency, Measure: d.Measure, Hill: d.Hill, Source: d.Source}}
	return append(out, d.Also...)
}

// Acts reports whether the drug acts on target t.
func (d Info) Acts(t Target) bool {
	for _, a := range d.Actions() {
		if a.Target == t {
			return true
		}
	}
	return false
}

// Open is the fraction of the drug's primary target left active at
// concentration c [µM]: 1/(1 + (c/Potency)^Hill). It is 1 for buffers and
// for c ≤ 0.
func (d Info) Open(c float64) float64 { return d.Actions()[0].Open(c) }

// Open is the fraction of the action's target left active at concentration
// c [µM]: 1/(1 + (c/Potency)^Hill); 1 for buffers and for c ≤ 0.
func (a Action) Open(c float64) float64 {
	if a.Potency <= 0 || c <= 0 {
		return 1
	}
	n := a.Hill
	if n == 0 {
		n = 1
	}
	if n == 1 {
		return a.Potency / (c + a.Potency)
	}
	x := c / a.Potency
	return 1 / (1 + math.Pow(x, n))
}

//go:embed table.yaml
var tableYAML []byte

// table is the decoded drug table.
type table struct {
	Targets []TargetInfo `yaml:"targets"`
	Drugs   []Info       `yaml:"drugs"`
}

// load decodes the embedded table and checks it: every drug names a known
// target, has a route and a source, and a positive potency unless it is a
// buffer. A broken table is a bug of the binary, so it panics.
func load() table {
	var t table
	if err := yaml.UnmarshalWithOptions(tableYAML, &t, yaml.DisallowUnknownField()); err != nil {
		panic("drug: table.yaml: " + err.Error())
	}
	for _, d := range t.Drugs {
		if !slices.ContainsFunc(t.Targets, func(x TargetInfo) bool { return x.Key == d.Target }) {
			panic(fmt.Sprintf("drug: table.yaml: drug %q has unknown target %q", d.Name, d.Target))
		}
		for _, a := range d.Also {
			if !slices.ContainsFunc(t.Targets, func(x TargetInfo) bool { return x.Key == a.Target }) || !(a.Potency > 0) || a.Source == "" || a.Target == d.Target {
				panic(fmt.Sprintf("drug: table.yaml: drug %q: further target %q needs a known key other than the primary, a potency and a source", d.Name, a.Target))
			}
		}
		buffer := d.Target == BAPTA || d.Target == EGTA
		if d.Route == "" || d.Source == "" || (!buffer && !(d.Potency > 0)) {
			panic(fmt.Sprintf("drug: table.yaml: drug %q lacks a route, a source or a potency", d.Name))
		}
	}
	return t
}

// parsed is the table, decoded once (immutable; callers get copies).
var parsed = sync.OnceValue(load)

// Targets lists every target key in a fixed order (that of the table).
func Targets() []TargetInfo { return slices.Clone(parsed().Targets) }

// TargetDoc returns what target t is, or false for an unknown key.
func TargetDoc(t Target) (string, bool) {
	for _, x := range parsed().Targets {
		if x.Key == t {
			return x.Doc, true
		}
	}
	return "", false
}

// Drugs lists the drugs a spec may name, in the table's order (by target).
func Drugs() []Info { return slices.Clone(parsed().Drugs) }

// key is the form names are matched in: lower-case letters and digits
// only, so "FK-506", "fk 506" and "FK506" are one name.
func key(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Find resolves a drug name or alias, ignoring case, spaces, hyphens and
// brackets.
func Find(name string) (Info, bool) {
	k := key(name)
	if k == "" {
		return Info{}, false
	}
	for _, d := range parsed().Drugs {
		if key(d.Name) == k {
			return d, true
		}
		for _, a := range d.Aliases {
			if key(a) == k {
				return d, true
			}
		}
	}
	return Info{}, false
}

// Names lists the canonical drug names, sorted ignoring case, for error
// messages.
func Names() string {
	var n []string
	for _, d := range Drugs() {
		n = append(n, d.Name)
	}
	slices.SortFunc(n, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return strings.Join(n, ", ")
}

// LooksLikeBathIon reports whether an unknown drug name looks like a bath
// ion (Mg-free, calcium, …), so an error can point at the bath field.
func LooksLikeBathIon(name string) bool {
	k := key(name)
	return strings.Contains(k, "mg") || strings.Contains(k, "magnes") || strings.Contains(k, "calcium") ||
		k == "ca" || strings.HasPrefix(k, "ca2") || strings.HasPrefix(k, "cao")
}
