package experiment

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// synapse is one model tier as the engine sees it: a state that is advanced
// between events and jumped at them. Each tier's adapter (tier_*.go) wraps
// the physics package that implements the mechanism.
type synapse interface {
	// cols lists the recordable variables, in the order read fills them.
	cols() []trace.Col
	// read writes the current values of cols into dst.
	read(dst []float64)
	// delay is how long after the protocol event of kind k its effect
	// reaches the synapse [ms] (e.g. the GB presynaptic Ca delay D, or the
	// back-propagation delay of a somatic spike).
	delay(k protocol.Kind) float64
	// advance integrates from the current time to t [ms] (no events inside),
	// calling obs at each time of ts in (now, t] with the state set to it.
	advance(t float64, ts []float64, obs func(t float64)) error
	// apply applies an event at the current time.
	apply(e protocol.Event)
	// strength is the synaptic strength relative to the start of the run
	// (1 = baseline).
	strength() float64
	// params lists every parameter of the tier with its value (manifest).
	params() []units.Field
	// describe names the tier and set in words ("Shouval, Bear & Cooper 2002, set rate").
	describe() string
	// view says which variables figures show: the slow ones under the
	// strength, the fast ones in a zoom on single pulses, and reference
	// lines (thresholds) per variable.
	view() View
}

// View tells figures which of a tier's variables matter and what to draw
// beside them. It is data from the tier; no figure code knows a model.
type View struct {
	Slow  []string          `json:"slow"`  // shown against the whole run (e.g. w, rho)
	Fast  []string          `json:"fast"`  // shown in the zoom on single pulses (e.g. ca_uM, v_mV)
	Marks map[string][]Mark `json:"marks"` // reference lines per variable
}

// Mark is a horizontal reference line: a threshold or a rest level.
type Mark struct {
	Y     float64 `json:"y"`
	Label string  `json:"label"`
}

// tierInfo is a model tier a spec may name: how to build it and what it is.
type tierInfo struct {
	name  string
	doc   string
	sets  func() []string
	build func(p *Plan, rng *rand.Rand) (synapse, error)
	// refCa is the [Ca2+]o [µM] at which the named set's parameters hold,
	// used as the bath when the spec gives none (0: keep the default).
	refCa func(set string) float64
	// drugs lists the drug targets the tier models (drugs.go).
	drugs []string
	// timed: the tier implements drugSetter (drugs washed in and out).
	timed bool
}

// drugSetter is a tier whose drugs can change during a run (drugs with
// from/for): setDrugs applies the doses active from now on.
type drugSetter interface {
	setDrugs(active []DrugDose) error
}

// Drug targets per tier.
var (
	ruleDrugs  = []string{string(TargetNMDA)}
	spineDrugs = []string{string(TargetNMDA), string(TargetLType), string(TargetEndocytosis), string(TargetBAPTA), string(TargetEGTA), string(TargetNMDAAgonist), string(TargetAMPAAgonist)}
	mechDrugs  = []string{string(TargetNMDA), string(TargetLType), string(TargetEndocytosis), string(TargetBAPTA), string(TargetEGTA), string(TargetNMDAAgonist), string(TargetAMPAAgonist),
		string(TargetCaMKII), string(TargetCaN), string(TargetPP1), string(TargetPKA)}
)

func tiers() []tierInfo {
	return []tierInfo{
		{name: "shouval", doc: "Shouval, Bear & Cooper 2002 calcium-control rule (NMDAR Ca2+, Mg2+ block, Omega function)", sets: shouvalSets, build: newShouvalTier, refCa: func(string) float64 { return 0 }, drugs: ruleDrugs},
		{name: "graupner-brunel", doc: "Graupner & Brunel 2012 bistable calcium-threshold rule (population of synapses)", sets: gbSets, build: newGBTier, refCa: gbRefCa, drugs: ruleDrugs},
		{name: "spine", doc: "biophysical CA1 spine (docs/spine-model.md) with the Shouval or GB rule read out on its Ca (set shouval or gb)", sets: spineRules, build: newSpineTier, refCa: func(string) float64 { return 0 }, drugs: spineDrugs, timed: true},
		{name: "mechanistic", doc: "biophysical CA1 spine driving the CaMKII / calcineurin-PP1 / AMPA-receptor trafficking cascade; strength = PSD-trapped receptors (set default, urakubo or ca1)", sets: mechSets, build: newMechTier, refCa: func(string) float64 { return 0 }, drugs: mechDrugs, timed: true},
	}
}

func findTier(name string) (tierInfo, error) {
	for _, t := range tiers() {
		if t.name == name {
			return t, nil
		}
	}
	names := make([]string, 0, len(tiers()))
	for _, t := range tiers() {
		names = append(names, t.name)
	}
	return tierInfo{}, &FieldError{Path: "model.tier", Value: name, Allowed: "one of " + strings.Join(names, ", ")}
}

// applyOverrides sets model.override values on the fields of a tier's
// parameters, converting units and checking dimensions.
func applyOverrides(over map[string]string, fields []units.Field) error {
	keys := make([]string, 0, len(over))
	for k := range over {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		i := slices.IndexFunc(fields, func(f units.Field) bool { return f.Name == k })
		if i < 0 {
			known := make([]string, len(fields))
			for j, f := range fields {
				known[j] = f.Name
			}
			return &FieldError{Path: "model.override." + k, Value: over[k], Allowed: "a parameter of this tier: " + strings.Join(known, ", ")}
		}
		v, err := units.Parse(over[k], fields[i].Dim)
		if err != nil {
			return &FieldError{Path: "model.override." + k, Value: over[k], Allowed: fmt.Sprintf("a %s in %s (%v)", fields[i].Dim, fields[i].Dim.Internal(), err)}
		}
		*fields[i].Value = v
	}
	return nil
}

// checkSet reports an unknown parameter-set name.
func setError(name string, known []string) error {
	return &FieldError{Path: "model.set", Value: name, Allowed: "one of " + strings.Join(known, ", ")}
}

// checkModel resolves the model part of a plan (tier, set, overrides,
// drugs, recorded variables) without simulating, so that its errors are
// reported at load time, with their place in the file.
func checkModel(pl *Plan) error {
	info, err := findTierFor(pl.Spec)
	if err != nil {
		return err
	}
	if err := checkDrugsFor(info.name, info.drugs, pl.Drugs); err != nil {
		return err
	}
	for i, d := range pl.Drugs {
		if d.timed() && !info.timed {
			return &FieldError{Path: fmt.Sprintf("drugs[%d].from/for", i), Value: d.Name,
				Allowed: "a drug for the whole run: timed application (from, for) is modelled by the spine and mechanistic tiers, not by " + info.name}
		}
	}
	if pl.Spec.Bath.Ca == "" {
		if ref := info.refCa(pl.Spec.Model.Set); ref > 0 {
			pl.CaO = ref
		}
	}
	small := *pl
	spec := *pl.Spec
	spec.Model.Synapses = min(spec.Model.Synapses, 1) // the parameters, not the population
	small.Spec = &spec
	syn, err := info.build(&small, rand.New(rand.NewPCG(0, 0)))
	if err != nil {
		return err
	}
	_, err = selectVars(syn.cols(), pl.Spec.Record.Vars)
	return err
}
