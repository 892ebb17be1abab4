// Package shouval is the shouval tier of the ca1 preparation: one
// Shouval–Bear–Cooper (2002) synapse of package rule, with its own NMDAR
// Ca²⁺ kernels, Mg²⁺ block, EPSP and back-propagating action potential.
// The strength is W/W(0).
package shouval

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/units"
)

// w0 is the initial weight of the Shouval synapse [1]: the resting fixed
// point Ω(0)/λ = 0.25, as in folmez/CaDP-MatLab (w_init = 0.25), so that
// the baseline does not drift.
const w0 = 0.25

// bath names the rule's parameters that the bath sets.
var bath = engine.BathFields{"ca_o": "bath.ca", "mg": "bath.mg"}

// Tier is the shouval tier; its default set is "rate".
func Tier() engine.Tier {
	sets := rule.ShouvalSets()
	if i := slices.Index(sets, "rate"); i > 0 { // "rate" is the default
		sets = append([]string{"rate"}, slices.Delete(slices.Clone(sets), i, i+1)...)
	}
	t := engine.Tier{
		Preparation: "ca1", Name: "shouval",
		Doc:   "Shouval, Bear & Cooper 2002 calcium-control rule (NMDAR Ca2+, Mg2+ block, Omega function)",
		Drugs: []drug.Target{drug.NMDA},
	}
	for _, s := range sets {
		t.Sets = append(t.Sets, engine.Set{Name: s, Doc: "Shouval, Bear & Cooper 2002 (rule.ShouvalSet)"})
	}
	t.Check = func(pl *engine.Plan) ([]string, error) {
		p, err := params(pl, true)
		if err != nil {
			return nil, err
		}
		s, err := rule.NewShouvalSynapse(p, w0)
		if err != nil {
			return nil, err
		}
		return s.Vars(), nil
	}
	t.Build = func(pl *engine.Plan, _ *rand.Rand) (engine.Model, error) { return build(pl) }
	return t
}

// Model is one synapse.
type Model struct {
	set string
	p   rule.Shouval
	s   *rule.ShouvalSynapse
}

// params resolves the parameters; check (Tier.Check) notes far-off
// overrides in the plan's warnings.
func params(pl *engine.Plan, check bool) (rule.Shouval, error) {
	m := pl.Spec.Model
	p, err := rule.ShouvalSet(pl.Set.Name)
	if err != nil {
		return p, engine.SetError(pl.Set.Name, rule.ShouvalSets())
	}
	if m.Synapses > 1 {
		return p, &experiment.FieldError{Path: "model.synapses", Value: fmt.Sprint(m.Synapses), Allowed: "1: the Shouval tier is one deterministic synapse"}
	}
	p.CaO = pl.CaO
	p.Mg = pl.MgO
	fs := p.Fields()
	before := engine.Snapshot(fs)
	if err := engine.ApplyOverrides(m.Override, fs, bath); err != nil {
		return p, err
	}
	if check {
		engine.NoteOverrides(pl, fs, before)
	}
	if f := 1 - drug.Of(pl.Drugs).NMDA; f > 0 {
		p.GScale *= 1 - f
	}
	if err := p.Validate(); err != nil {
		return p, engine.BlameOverride(m.Override, fs, before, func() error { return p.Validate() }, err, pl.Set.Name)
	}
	return p, nil
}

func build(pl *engine.Plan) (*Model, error) {
	p, err := params(pl, false)
	if err != nil {
		return nil, err
	}
	s, err := rule.NewShouvalSynapse(p, w0)
	if err != nil {
		return nil, err
	}
	return &Model{set: pl.Set.Name, p: p, s: s}, nil
}

func (t *Model) Describe() string { return "Shouval, Bear & Cooper 2002, set " + t.set }

// Vars are the synapse's variables (rule.ShouvalSynapse.Variables).
func (t *Model) Vars() []units.Var { return t.s.Variables() }

func (t *Model) Read(dst []float64) { t.s.Read(dst) }

// Delay: the bAP reaches the synapse BPAPDelay after the somatic spike.
func (t *Model) Delay(k protocol.Kind) float64 {
	if k == protocol.Post {
		return t.p.BPAPDelay
	}
	return 0
}

func (t *Model) Advance(to float64, ts []float64, obs func(float64)) error {
	dt := to - t.s.Time()
	if dt <= 0 {
		for _, x := range ts {
			obs(x)
		}
		return nil
	}
	return t.s.Advance(dt, ts, obs)
}

func (t *Model) Apply(e protocol.Event) {
	switch e.Kind {
	case protocol.Pre, protocol.Test:
		t.s.Pre()
	case protocol.Post:
		t.s.BAP()
	case protocol.ClampOn:
		t.s.Clamp(e.V, true)
	case protocol.ClampOff:
		t.s.Clamp(0, false)
	}
}

func (t *Model) Strength() float64 { return t.s.W() / w0 }

func (t *Model) Params() []units.Field { return t.p.Fields() }

func (t *Model) View() engine.View {
	return engine.View{Slow: []string{"w"}, Fast: []string{"v_mV", "ca_uM", "w"},
		Marks: map[string][]engine.Mark{
			"ca_uM": {{Y: t.p.Alpha1, Label: "α1: LTD zone"}, {Y: t.p.Alpha2, Label: "α2: LTP zone"}},
			"w":     {{Y: w0, Label: "initial"}},
		}}
}
