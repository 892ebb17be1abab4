package mech

import (
	"math/rand/v2"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	tspine "github.com/synlab/synlab/tier/spine"
)

// Tier is the mechanistic tier of the ca1 preparation.
func Tier() engine.Tier {
	t := engine.Tier{
		Preparation: "ca1", Name: "mechanistic-spine",
		Doc: "one biophysical CA1 spine (mean-field release) driving the CaMKII / calcineurin-PP1 / AMPA-receptor trafficking cascade; strength = PSD-trapped receptors (set default, urakubo or ca1)",
		Sets: []engine.Set{
			{Name: "default", Doc: "the trimmed Urakubo-type cascade fitted to the spine's Ca2+ (docs/cascade-model.md)"},
			{Name: "urakubo", Doc: "the cascade with the Urakubo et al. 2008 rates; known not to give LTD for 900 pulses at 1 Hz"},
			{Name: "ca1", Doc: "the CA1 decoder: Ca2+ level and time course decide the sign (docs/cascade-model.md, The CA1 decoder)"},
		},
		Drugs: append(tspine.Drugs(), drug.CaMKII, drug.CaN, drug.PP1, drug.PP2A, drug.PKA),
		Timed: true,
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

func build(pl *engine.Plan, rng *rand.Rand, check bool) (*tspine.Driver, error) {
	c, err := newCascade(pl.Set.Name)
	if err != nil {
		return nil, err
	}
	return tspine.NewDriver(pl, rng, tspine.RuleStep, "spine/cascade", c, check)
}
