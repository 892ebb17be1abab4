// Package engine runs experiments: it resolves a spec against the registry
// of model tiers (Plan), drives a tier's model through the protocol's
// events (Run: the event loop, the sampling, the zoom on the first
// induction pulses) and summarises the outcome in numbers and words
// (Summary). It names no tier: a tier is a Tier value in a Registry, built
// by its own package, and the registry that lists them all is package
// catalog.
//
// Data flows one way: spec (package experiment) → Plan → Run → Result
// (trace tables, summary) → outputs (packages lab, report, web). Run is
// pure: no files, no printing, no clock; it stops with ctx.Err() when ctx
// is cancelled.
package engine

import (
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/protocol"
)

// Tier is one model tier of a preparation: what it is, the named parameter
// sets it offers, the drug targets it models, and how to check and build
// its model for a plan. Each tier package exports one function returning
// its Tier; package catalog lists them.
type Tier struct {
	Preparation string // "ca1", "pf-purkinje"
	Name        string // model.tier: "mechanistic", "graupner-brunel", ...
	Doc         string // one line: what the tier is (synlab tiers, the web form)
	Sets        []Set  // model.set values; Sets[0] is the default
	Drugs       []drug.Target
	Timed       bool // drugs may be washed in and out during a run (drugs[].from, for; drug phases)
	// Check resolves the model part of a plan without simulating anything
	// heavy: the set, the overrides with their units and ranges, the
	// population size, and returns the recordable variables' names (in
	// Read order), so record.vars can be checked at load time.
	Check func(pl *Plan) (vars []string, err error)
	// Build builds the tier's model for a plan, with the run's random
	// source.
	Build func(pl *Plan, rng *rand.Rand) (Model, error)
	// DescribePhase, if not nil, names a phase's induction in the words of
	// the preparation (e.g. "PF + CF" where pre and post spikes are
	// parallel and climbing fibres); "" keeps the generic words.
	DescribePhase func(p protocol.Phase) string
	// Cost, if not nil, estimates a plan's cost relative to other plans of
	// the tier (any unit): RunMany starts the costliest first, so that the
	// last runs to finish are short ones. Nothing else reads it.
	Cost func(pl *Plan) float64
}

// Set is a named parameter set of a tier.
type Set struct {
	Name string
	Doc  string
	// CaRef is the [Ca²⁺]o [µM] at which the set's parameters hold, used
	// as the bath when the spec gives none (0: the default bath).
	CaRef float64
}

// SetNames lists the tier's set names.
func (t Tier) SetNames() []string {
	out := make([]string, len(t.Sets))
	for i, s := range t.Sets {
		out[i] = s.Name
	}
	return out
}

// FindSet returns the set of that name ("" = the default, Sets[0]).
func (t Tier) FindSet(name string) (Set, bool) {
	if name == "" && len(t.Sets) > 0 {
		return t.Sets[0], true
	}
	for _, s := range t.Sets {
		if s.Name == name {
			return s, true
		}
	}
	return Set{}, false
}

// Models reports whether the tier models drug target d.
func (t Tier) Models(d drug.Target) bool { return slices.Contains(t.Drugs, d) }

// Registry is the list of every (preparation, tier) synlab offers.
type Registry []Tier

// Preparations lists the preparations, in the order of their first tier.
func (r Registry) Preparations() []string {
	var out []string
	for _, t := range r {
		if !slices.Contains(out, t.Preparation) {
			out = append(out, t.Preparation)
		}
	}
	return out
}

// TierNames lists the tiers of a preparation, in registry order.
func (r Registry) TierNames(prep string) []string {
	var out []string
	for _, t := range r {
		if t.Preparation == prep {
			out = append(out, t.Name)
		}
	}
	return out
}

// Find returns the tier of a preparation by name.
func (r Registry) Find(prep, name string) (Tier, bool) {
	for _, t := range r {
		if t.Preparation == prep && t.Name == name {
			return t, true
		}
	}
	return Tier{}, false
}

// Modelling names, in words, the tiers that model drug target d, for
// error messages ("the spine and mechanistic tiers of the ca1 preparation").
func (r Registry) Modelling(d drug.Target) string {
	byPrep := map[string][]string{}
	var preps []string
	for _, t := range r {
		if t.Models(d) {
			if _, ok := byPrep[t.Preparation]; !ok {
				preps = append(preps, t.Preparation)
			}
			byPrep[t.Preparation] = append(byPrep[t.Preparation], t.Name)
		}
	}
	if len(preps) == 0 {
		return "no tier"
	}
	var parts []string
	for _, p := range preps {
		names := byPrep[p]
		noun := "tier"
		if len(names) > 1 {
			noun = "tiers"
		}
		parts = append(parts, "the "+andList(names)+" "+noun+" of the "+p+" preparation")
	}
	return strings.Join(parts, "; ")
}

// andList joins names as "a, b and c".
func andList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
