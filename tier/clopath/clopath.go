// Package clopath is the clopath tier of the ca1 preparation: one synapse
// with the Clopath et al. (2010) voltage rule (package rule) on the
// adaptive exponential integrate-and-fire neuron of that paper
// (rule.AdEx): the rule reads the neuron's membrane potential. Presynaptic
// spikes (pre and test pulses) drive the rule's trace and depression and do
// not depolarise the neuron (the pairing protocols of Clopath 2010 Fig. 2
// and of the Brian2 check, bench/brian2/clopath.py); postsynaptic spikes
// are forced (rule.AdEx.Fire). Strength = w/w(0), w(0) = 0.5 (the middle of
// the rule's bounds [0, 1] in the check). A voltage clamp is not modelled.
//
// The neuron is integrated with steps of stepActive while within
// activeSpan of an event and of stepIdle otherwise (at rest V is constant
// and the rule's Step is exact for any linear piece); each AdEx step ends at
// a spike and at the end of the spike clamp, so every rule Step sees a
// linear piece of voltage (the scheme of rule.TestClopathBrian2).
package clopath

import (
	"math/rand/v2"
	"slices"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/units"
)

// Integration and start (see the package comment).
const (
	stepActive = 0.05  // [ms]; the Brian2 check's step: the rule's error at it is < 1e-8
	stepIdle   = 2.0   // [ms]
	activeSpan = 200.0 // [ms] after an event
	w0         = 0.5   // initial weight [1]
	neuronPre  = "neuron."
)

// sets are the tier's parameter sets.
func sets() []struct {
	name string
	f    func() rule.Clopath
	doc  string
} {
	return []struct {
		name string
		f    func() rule.Clopath
		doc  string
	}{
		{"visual-cortex", rule.ClopathVisualCortex, "Clopath et al. 2010 Table 1b, visual cortex (ModelDB 144566)"},
		{"visual-homeostatic", rule.ClopathVisualHomeostatic, "the same with the homeostatic A_LTD"},
		{"somatosensory", rule.ClopathSomatosensory, "Table 1b, somatosensory cortex [M]"},
		{"hippocampal", rule.ClopathHippocampal, "Table 1b, hippocampus [M]"},
	}
}

// Tier is the clopath tier.
func Tier() engine.Tier {
	t := engine.Tier{Preparation: "ca1", Name: "clopath",
		Doc:   "Clopath et al. 2010 voltage rule on the paper's adaptive exponential integrate-and-fire neuron (point neuron, one synapse)",
		Drugs: []drug.Target{}}
	for _, s := range sets() {
		t.Sets = append(t.Sets, engine.Set{Name: s.name, Doc: s.doc})
	}
	t.Check = func(pl *engine.Plan) ([]string, error) {
		if _, err := build(pl, true); err != nil {
			return nil, err
		}
		return engine.VarNames(vars()), nil
	}
	t.Build = func(pl *engine.Plan, _ *rand.Rand) (engine.Model, error) { return build(pl, false) }
	return t
}

// Model is the neuron and the synapse.
type Model struct {
	rp   rule.Clopath
	np   rule.AdEx
	rs   rule.ClopathState
	ns   rule.AdExState
	t    float64 // [ms]
	last float64 // time of the last event [ms]
}

func build(pl *engine.Plan, check bool) (*Model, error) {
	m := &Model{np: rule.ClopathAdEx(), last: 0}
	i := slices.IndexFunc(sets(), func(s struct {
		name string
		f    func() rule.Clopath
		doc  string
	}) bool {
		return s.name == pl.Set.Name
	})
	if i < 0 {
		return nil, engine.SetError(pl.Set.Name, pl.Tier.SetNames())
	}
	m.rp = sets()[i].f()
	if n := pl.Spec.Model.Synapses; n > 1 {
		return nil, &experiment.FieldError{Path: "model.synapses", Value: units.FormatShort(float64(n), units.Dimensionless), Allowed: "1: one deterministic synapse"}
	}
	fs := m.fields()
	before := engine.Snapshot(fs)
	over := pl.Spec.Model.Override
	if err := engine.ApplyOverrides(over, fs, nil); err != nil {
		return nil, err
	}
	if check {
		engine.NoteOverrides(pl, fs, before)
	}
	for _, v := range []func() error{func() error { return m.rp.Validate() }, func() error { return m.np.Validate() }} {
		if err := v(); err != nil {
			return nil, engine.BlameOverride(over, fs, before, v, err, pl.Set.Name)
		}
	}
	m.ns = m.np.Rest()
	m.rs = m.rp.Rest(m.ns.V, w0)
	return m, nil
}

// fields are the rule's parameters, then the neuron's under "neuron.".
func (m *Model) fields() []units.Field {
	f := m.rp.Fields()
	for _, x := range m.np.Fields() {
		x.Name = neuronPre + x.Name
		f = append(f, x)
	}
	return f
}

func vars() []units.Var {
	return []units.Var{
		{Name: "v_mV", Unit: "mV", Doc: "membrane potential of the AdEx neuron", Label: "Membrane V"},
		{Name: "u_minus_mV", Unit: "mV", Doc: "ū−, low-pass of the delayed voltage for LTD (τ−)"},
		{Name: "u_plus_mV", Unit: "mV", Doc: "ū+, low-pass of the delayed voltage for LTP (τ+)"},
		{Name: "x_bar_per_ms", Unit: "1/ms", Doc: "x̄, presynaptic trace"},
		{Name: "w", Unit: "1", Doc: "synaptic weight", Label: "Weight w"},
	}
}

func (m *Model) Vars() []units.Var { return vars() }

func (m *Model) Read(dst []float64) {
	dst[0], dst[1], dst[2], dst[3], dst[4] = m.ns.V, m.rs.UMinus, m.rs.UPlus, m.rs.X, m.rs.W
}

func (m *Model) Delay(protocol.Kind) float64 { return 0 }

// Advance steps the neuron and the rule to each record time and to `to`.
func (m *Model) Advance(to float64, ts []float64, obs func(float64)) error {
	for _, x := range ts {
		m.stepTo(x)
		obs(x)
	}
	m.stepTo(to)
	return nil
}

// stepTo advances to time x in AdEx steps, each a linear piece of voltage
// for the rule.
func (m *Model) stepTo(x float64) {
	for x-m.t > 1e-9 {
		h := stepIdle
		if m.t-m.last < activeSpan {
			h = stepActive
		}
		h = min(h, x-m.t)
		u0 := m.ns.V
		dt, u1, _ := m.np.Step(&m.ns, h, 0)
		m.rp.Step(&m.rs, dt, u0, u1)
		m.t += dt
	}
	m.t = max(m.t, x)
}

// Apply: a presynaptic spike or test pulse acts on the rule; a
// postsynaptic spike is forced in the neuron.
func (m *Model) Apply(e protocol.Event) {
	switch e.Kind {
	case protocol.Pre, protocol.Test:
		m.rp.OnPre(&m.rs)
	case protocol.Post:
		m.np.Fire(&m.ns)
	default:
		return
	}
	m.last = e.T
}

func (m *Model) Strength() float64 { return m.rs.W / w0 }

func (m *Model) Params() []units.Field { return m.fields() }

func (m *Model) Describe() string {
	return "Clopath et al. 2010 voltage rule, set " + m.rp.Name + ", on their adaptive exponential integrate-and-fire neuron"
}

func (m *Model) View() engine.View {
	return engine.View{Slow: []string{"w"}, Fast: []string{"v_mV", "u_minus_mV", "u_plus_mV"},
		Marks: map[string][]engine.Mark{
			"v_mV": {{Y: m.rp.ThetaMinus, Label: "θ− (depression)"}, {Y: m.rp.ThetaPlus, Label: "θ+ (potentiation)"}},
			"w":    {{Y: w0, Label: "initial"}},
		}}
}
