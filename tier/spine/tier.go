// Package spine is the spine tier (model.tier: spine): the biophysical CA1
// synapse of package spine (docs/spine-model.md) with a readout of its own
// Ca²⁺ and voltage chosen by model.set. The Driver, the adaptive sampler
// of (spine, readout), also serves the mechanistic tier (package
// tier/mech), whose readout is the kinase/phosphatase cascade.
//
// Overrides: the spine's parameter names (spine.Params.Fields), the
// readout's prefixed "rule." (e.g. rule.alpha1, rule.theta_p, rule.sigma),
// "stochastic" (0 or 1), and "endo_pre", "endo_post" (the shared
// clathrin/dynamin machinery, 0–1, multiplied by the drugs). ca_o and mg_o
// are the bath's (bath.ca, bath.mg).
package spine

import (
	"math/rand/v2"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
)

// readout is one set of the spine tier: its name and doc, and how to make
// the readout.
type readout struct {
	set engine.Set
	new func() (Readout, error)
}

// readouts are the spine tier's sets: one line per readout.
func readouts() []readout {
	return []readout{
		{engine.Set{Name: "shouval", Doc: "Shouval, Bear & Cooper 2002 rule on the spine's Ca2+ (unit map fitted to one pulse at -70 mV)"}, func() (Readout, error) { return NewShouval(), nil }},
		{engine.Set{Name: "gb", Doc: "Graupner & Brunel 2012 rule (DP) on the spine's Ca2+, c = (Ca - rest)/0.80 uM"}, func() (Readout, error) { return NewGB() }},
		{engine.Set{Name: "clopath", Doc: "Clopath et al. 2010 voltage rule (visual cortex) on the spine-head potential"}, func() (Readout, error) { return NewClopath(), nil }},
	}
}

// Drugs are the drug targets the spine models.
func Drugs() []drug.Target {
	return []drug.Target{drug.NMDA, drug.LType, drug.Endocytosis, drug.BAPTA, drug.EGTA, drug.NMDAAgonist, drug.AMPAAgonist}
}

// Tier is the spine tier of the ca1 preparation.
func Tier() engine.Tier {
	t := engine.Tier{
		Preparation: "ca1", Name: "spine",
		Doc:   "biophysical CA1 spine (docs/spine-model.md) with a rule read out on it: Shouval or GB on its Ca, Clopath on its voltage (set shouval, gb or clopath)",
		Drugs: Drugs(), Timed: true,
	}
	for _, r := range readouts() {
		t.Sets = append(t.Sets, r.set)
	}
	t.Check = func(pl *engine.Plan) ([]string, error) {
		d, err := build(pl, nil, true)
		if err != nil {
			return nil, err
		}
		return engine.VarNames(d.Vars()), nil
	}
	t.Build = func(pl *engine.Plan, rng *rand.Rand) (engine.Model, error) { return build(pl, rng, false) }
	return t
}

func build(pl *engine.Plan, rng *rand.Rand, check bool) (*Driver, error) {
	for _, r := range readouts() {
		if r.set.Name == pl.Set.Name {
			ro, err := r.new()
			if err != nil {
				return nil, err
			}
			return NewDriver(pl, rng, RuleStep, "spine/"+pl.Set.Name, ro, check)
		}
	}
	return nil, engine.SetError(pl.Set.Name, pl.Tier.SetNames())
}
