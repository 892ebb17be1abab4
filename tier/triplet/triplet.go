// Package triplet is the triplet tier of the ca1 preparation: one synapse
// with the Pfister & Gerstner (2006) triplet STDP rule (package rule),
// driven by the protocol's presynaptic spikes (pre and test pulses) and
// postsynaptic spikes, with no delays. Strength = w/w(0), w(0) = 1 (the
// published amplitudes are relative to the starting weight). Coincident pre
// and post spikes do not see each other (rule.Triplet.OnPrePost, NEST's
// convention). The interaction scheme (all-to-all or nearest-spike) is part
// of the set's name.
package triplet

import (
	"math/rand/v2"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/units"
)

// defaultSet is the tier's default: the hippocampal-culture fit (Wang et al.
// 2005 data), all-to-all, full model.
const defaultSet = "hippocampal-all-to-all-full"

// Tier is the triplet tier.
func Tier() engine.Tier {
	t := engine.Tier{Preparation: "ca1", Name: "triplet",
		Doc:   "Pfister & Gerstner 2006 triplet STDP rule on the protocol's spike times (one synapse; sets name the data, the scheme and the model)",
		Drugs: []drug.Target{}}
	t.Sets = append(t.Sets, engine.Set{Name: defaultSet, Doc: "Pfister & Gerstner 2006 Table 4 (hippocampal cultures), all-to-all, full"})
	for _, n := range rule.TripletSets() {
		if n != defaultSet {
			t.Sets = append(t.Sets, engine.Set{Name: n, Doc: "Pfister & Gerstner 2006 (rule.TripletSet)"})
		}
	}
	t.Check = func(pl *engine.Plan) ([]string, error) {
		if _, err := params(pl, true); err != nil {
			return nil, err
		}
		return engine.VarNames(vars()), nil
	}
	t.Build = func(pl *engine.Plan, _ *rand.Rand) (engine.Model, error) {
		p, err := params(pl, false)
		if err != nil {
			return nil, err
		}
		return &Model{p: p, s: rule.TripletState{W: 1}, pending: -1}, nil
	}
	return t
}

// params resolves the parameters; check (Tier.Check) notes far-off
// overrides in the plan's warnings.
func params(pl *engine.Plan, check bool) (rule.Triplet, error) {
	p, err := rule.TripletSet(pl.Set.Name)
	if err != nil {
		return p, engine.SetError(pl.Set.Name, rule.TripletSets())
	}
	if n := pl.Spec.Model.Synapses; n > 1 {
		return p, &experiment.FieldError{Path: "model.synapses", Value: units.FormatShort(float64(n), units.Dimensionless), Allowed: "1: the triplet rule is deterministic; N synapses on the same spikes are one"}
	}
	fs := p.Fields()
	before := engine.Snapshot(fs)
	if err := engine.ApplyOverrides(pl.Spec.Model.Override, fs, nil); err != nil {
		return p, err
	}
	if check {
		engine.NoteOverrides(pl, fs, before)
	}
	if err := p.Validate(); err != nil {
		return p, engine.BlameOverride(pl.Spec.Model.Override, fs, before, func() error { return p.Validate() }, err, pl.Set.Name)
	}
	return p, nil
}

// Model is one synapse: the rule, its state and a presynaptic spike held
// back until it is known whether a postsynaptic one coincides with it.
type Model struct {
	p       rule.Triplet
	s       rule.TripletState
	pending float64 // time of a held presynaptic spike, or −1
}

func vars() []units.Var {
	return []units.Var{
		{Name: "w", Unit: "1", Doc: "synaptic weight relative to its start", Label: "Weight w"},
		{Name: "r1", Unit: "1", Doc: "presynaptic trace r1 (τ+)"},
		{Name: "r2", Unit: "1", Doc: "presynaptic trace r2 (τx)"},
		{Name: "o1", Unit: "1", Doc: "postsynaptic trace o1 (τ−)"},
		{Name: "o2", Unit: "1", Doc: "postsynaptic trace o2 (τy)"},
	}
}

func (m *Model) Vars() []units.Var { return vars() }

func (m *Model) Read(dst []float64) {
	dst[0], dst[1], dst[2], dst[3], dst[4] = m.s.W, m.s.R1, m.s.R2, m.s.O1, m.s.O2
}

func (m *Model) Delay(protocol.Kind) float64 { return 0 }

// flush applies a held presynaptic spike.
func (m *Model) flush() {
	if m.pending >= 0 {
		m.p.OnPre(&m.s, m.pending)
		m.pending = -1
	}
}

// Advance decays the traces to each record time (exactly) and to `to`.
func (m *Model) Advance(to float64, ts []float64, obs func(float64)) error {
	if to > m.pending {
		m.flush()
	}
	for _, x := range ts {
		m.p.Advance(&m.s, x)
		obs(x)
	}
	m.p.Advance(&m.s, to)
	return nil
}

// Apply: a presynaptic spike (or test pulse) is held until the next event
// or time step; a postsynaptic spike at the same time meets it as a
// coincidence.
func (m *Model) Apply(e protocol.Event) {
	switch e.Kind {
	case protocol.Pre, protocol.Test:
		m.flush()
		m.pending = e.T
	case protocol.Post:
		if m.pending == e.T {
			m.p.OnPrePost(&m.s, e.T)
			m.pending = -1
			return
		}
		m.flush()
		m.p.OnPost(&m.s, e.T)
	}
}

func (m *Model) Strength() float64 { return m.s.W }

func (m *Model) Params() []units.Field { return m.p.Fields() }

func (m *Model) Describe() string {
	return "Pfister & Gerstner 2006 triplet rule, set " + m.p.Name + " (" + m.p.Scheme.String() + ")"
}

func (m *Model) View() engine.View {
	return engine.View{Slow: []string{"w"}, Fast: []string{"r1", "o1", "o2"}, Marks: map[string][]engine.Mark{"w": {{Y: 1, Label: "initial"}}}}
}
