// Package catalog lists every model tier synlab offers, one line each, and
// loads specs against that list. It is the only place where the tiers
// meet: a new tier (or a new rule as its own tier) is a package under tier/
// and one line in Registry.
package catalog

import (
	"errors"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/tier/clopath"
	"github.com/synlab/synlab/tier/gb"
	"github.com/synlab/synlab/tier/mech"
	"github.com/synlab/synlab/tier/population"
	"github.com/synlab/synlab/tier/purkinje"
	"github.com/synlab/synlab/tier/sbmlnet"
	"github.com/synlab/synlab/tier/shouval"
	"github.com/synlab/synlab/tier/spine"
	"github.com/synlab/synlab/tier/triplet"
)

// Registry lists the tiers: (preparation, tier) → what it is and how to
// build it. The first tier of a preparation is listed first in errors and
// menus.
func Registry() engine.Registry {
	return engine.Registry{
		population.Tier(),
		shouval.Tier(),
		gb.Tier(),
		spine.Tier(),
		mech.Tier(),
		sbmlnet.Tier(),
		triplet.Tier(),
		clopath.Tier(),
		purkinje.Tier(),
	}
}

// Plan resolves a spec (built in code or decoded) against the registry.
// Errors are *experiment.FieldError without source positions.
func Plan(s *experiment.Spec) (*engine.Plan, error) { return engine.NewPlan(Registry(), s) }

// Load decodes, checks and plans a spec source (YAML or JSON). Its errors
// are *experiment.FieldError with the line and column of the offending
// field (or of its nearest enclosing field, if it is missing).
func Load(data []byte) (*engine.Plan, error) {
	s, err := experiment.Decode(data)
	if err != nil {
		return nil, err
	}
	pl, err := Plan(s)
	if err != nil {
		var fe *experiment.FieldError
		if errors.As(err, &fe) && fe.Line == 0 {
			fe.Line, fe.Col, _ = experiment.Locate(data, fe.Path)
		}
		return nil, err
	}
	return pl, nil
}
