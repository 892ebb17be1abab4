package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/units"
)

// Plan is a spec resolved against the registry: its numbers (the embedded
// experiment.Resolved), the tier and parameter set that will run it, and
// the bath as it will be used. It is immutable once made; Run builds the
// tier's model from it once.
type Plan struct {
	*experiment.Resolved
	Tier Tier
	Set  Set
	// Vars are the model's recordable variables (names), from Tier.Check.
	Vars []string
	// Warnings (experiment.Resolved.Warnings) are values that are allowed
	// but implausible, from the spec's fields and, added by Tier.Check
	// (NoteOverrides), from model.override; they travel into the summary
	// and the manifest.

	// Cores is how many cores the run may use for parallel work of its own
	// (the CA1 population's cascades); 0 = all (GOMAXPROCS). RunMany sets
	// it when runs share the machine. A tier must give the same results
	// whatever it is.
	Cores int

	// Lean says that only the change at the test pulses is read (a curve's
	// point): the engine keeps no series (the model still gets the record
	// times, so its trajectory is the one a recorded run has), and a model
	// may skip readouts that serve only the series and its explanation
	// (the CA1 population's simulated test pulse at every record). A value
	// that goes non-finite is then caught only through the strength, at the
	// test pulses and the periodic check, not at the record times.
	Lean bool
}

// Events returns the plan's event stream, in schedule order. Poisson spike
// times are drawn from rand.NewPCG(spec.Seed, protocol.PoissonStream+i)
// for phase i, so a spec and its seed fix the schedule.
func (pl *Plan) Events() *protocol.Stream {
	s, err := pl.Protocol.Stream(pl.Spec.Seed)
	if err != nil { // the protocol was laid out when the plan was made
		panic("engine: a planned protocol does not lay out: " + err.Error())
	}
	return s
}

// NewPlan resolves a spec against reg: the language's checks
// (experiment.Spec.Resolve), then the tier, its set, the bath, the drugs
// and the tier's own checks (overrides, population, recorded variables).
// Errors are *experiment.FieldError without source positions (the loaders
// add them).
func NewPlan(reg Registry, s *experiment.Spec) (*Plan, error) {
	res, err := s.Resolve(reg)
	if err != nil {
		return nil, err
	}
	tier, _ := reg.Find(res.Preparation, s.Model.Tier) // Resolve checked it
	set, ok := tier.FindSet(s.Model.Set)
	if !ok {
		return nil, &experiment.FieldError{Path: "model.set", Value: s.Model.Set, Allowed: "one of " + strings.Join(tier.SetNames(), ", ")}
	}
	pl := &Plan{Resolved: res, Tier: tier, Set: set}
	if !res.CaGiven && set.CaRef > 0 {
		pl.CaO = set.CaRef // a published set runs at the bath it was fitted at
	}
	if err := checkDrugs(reg, tier, res.Drugs, s); err != nil {
		return nil, err
	}
	vars, err := tier.Check(pl)
	if err != nil {
		return nil, err
	}
	pl.Vars = vars
	if _, err := selectVars(vars, s.Record.Vars); err != nil {
		return nil, err
	}
	return pl, nil
}

// checkDrugs reports an unknown drug, a drug whose primary target the tier does
// not model (naming the tiers that do), and a timed drug on a tier that
// cannot change drugs during a run.
func checkDrugs(reg Registry, tier Tier, doses []drug.Dose, s *experiment.Spec) error {
	path := func(i int) string {
		if i < len(s.Drugs) {
			return fmt.Sprintf("drugs[%d]", i)
		}
		k := i - len(s.Drugs) // the k-th drug phase
		for j, ph := range s.Protocol.Phases {
			if ph.Drug == nil {
				continue
			}
			if k == 0 {
				return fmt.Sprintf("protocol.phases[%d].drug", j)
			}
			k--
		}
		return "drugs"
	}
	for i, d := range doses {
		if _, ok := drug.Find(d.Name); !ok {
			allowed := "a known drug: " + drug.Names() + " (or an alias, e.g. AP5 for APV)"
			if drug.LooksLikeBathIon(d.Name) {
				allowed += `; bath ions are not drugs: set bath: {ca: "2 mM", mg: "1 mM"}, and mg: "0 mM" for a Mg2+-free solution`
			}
			return &experiment.FieldError{Path: path(i) + ".name", Value: d.Name, Allowed: allowed}
		}
	}
	supported := make([]string, len(tier.Drugs))
	for i, t := range tier.Drugs {
		supported[i] = string(t)
	}
	for i, d := range doses {
		info, _ := drug.Find(d.Name)
		var targets []string
		for _, a := range info.Actions() {
			targets = append(targets, string(a.Target))
		}
		// The primary target must be modelled: a tier that modelled only a
		// further (off-target) action would silently drop the drug's main
		// one (FK506 on a tier without calcineurin would only cut NMDA).
		if tier.Models(info.Target) {
			continue
		}
		who := "the " + tier.Name + " tier"
		if tier.Preparation != experiment.DefaultPreparation {
			who += " of the " + tier.Preparation + " preparation"
		}
		want := "no drug: " + who + " models no drug target"
		if len(supported) > 0 {
			want = "a drug whose target " + who + " models (" + strings.Join(supported, ", ") + ")"
		}
		return &experiment.FieldError{Path: path(i) + ".name", Value: d.Name,
			Allowed: fmt.Sprintf("%s; %s acts on %s, modelled by %s", want, info.Name, strings.Join(targets, " and "), reg.Modelling(info.Target))}
	}
	for i, d := range doses {
		if d.Timed() && !tier.Timed {
			p := path(i) + ".from/for"
			if i >= len(s.Drugs) {
				p = path(i)
			}
			return &experiment.FieldError{Path: p, Value: d.Name,
				Allowed: "a drug for the whole run: timed application (from, for, drug phases) is modelled by tiers that change drugs during a run, not by " + tier.Name}
		}
	}
	return nil
}

// selectVars maps record.vars to indices of vars; empty means all. A name
// matches a variable exactly or as the part before its first underscore
// ("ca" selects "ca_uM").
func selectVars(vars, want []string) ([]int, error) {
	if len(want) == 0 {
		idx := make([]int, len(vars))
		for i := range idx {
			idx[i] = i
		}
		return idx, nil
	}
	var idx []int
	for k, w := range want {
		i := slices.IndexFunc(vars, func(c string) bool { return c == w || strings.SplitN(c, "_", 2)[0] == w })
		if i < 0 {
			return nil, &experiment.FieldError{Path: fmt.Sprintf("record.vars[%d]", k), Value: w, Allowed: "a variable of this tier: " + strings.Join(vars, ", ")}
		}
		idx = append(idx, i)
	}
	return idx, nil
}

// VarNames lists the names of vars.
func VarNames(vars []units.Var) []string {
	out := make([]string, len(vars))
	for i, v := range vars {
		out[i] = v.Name
	}
	return out
}
