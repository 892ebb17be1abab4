package experiment

import (
	"fmt"
	"math/rand/v2"

	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// shouvalTier is one Shouval–Bear–Cooper synapse. The strength is W/W(0).
type shouvalTier struct {
	set string
	p   rule.Shouval
	s   *rule.ShouvalSynapse
	w0  float64
}

// shouvalW0 is the initial weight of the Shouval synapse [1]: the resting
// fixed point Ω(0)/λ = 0.25, as in folmez/CaDP-MatLab (w_init = 0.25), so
// that the baseline does not drift.
const shouvalW0 = 0.25

func shouvalSets() []string { return rule.ShouvalSets() }

func newShouvalTier(pl *Plan, _ *rand.Rand) (synapse, error) {
	m := pl.Spec.Model
	name := m.Set
	if name == "" {
		name = "rate"
	}
	p, err := rule.ShouvalSet(name)
	if err != nil {
		return nil, setError(name, rule.ShouvalSets())
	}
	if m.Synapses > 1 {
		return nil, &FieldError{Path: "model.synapses", Value: fmt.Sprint(m.Synapses), Allowed: "1: the Shouval tier is one deterministic synapse"}
	}
	p.CaO = pl.CaO
	p.Mg = pl.MgO
	if err := applyOverrides(m.Override, p.Fields()); err != nil {
		return nil, err
	}
	if f := nmdaBlock(pl.Drugs); f > 0 {
		p.GScale *= 1 - f
	}
	if err := p.Validate(); err != nil {
		return nil, &FieldError{Path: "model", Value: name, Allowed: err.Error()}
	}
	s, err := rule.NewShouvalSynapse(p, shouvalW0)
	if err != nil {
		return nil, err
	}
	return &shouvalTier{set: name, p: p, s: s, w0: shouvalW0}, nil
}

func (t *shouvalTier) describe() string {
	return "Shouval, Bear & Cooper 2002, set " + t.set
}

func (t *shouvalTier) cols() []trace.Col {
	names := t.s.Vars()
	cols := make([]trace.Col, len(names))
	for i, n := range names {
		cols[i] = trace.Col{Name: n, Unit: unitOfName(n)}
	}
	return cols
}

func (t *shouvalTier) read(dst []float64) { t.s.Read(dst) }

func (t *shouvalTier) delay(k protocol.Kind) float64 {
	if k == protocol.Post {
		return t.p.BPAPDelay
	}
	return 0
}

func (t *shouvalTier) advance(to float64, ts []float64, obs func(float64)) error {
	dt := to - t.s.Time()
	if dt <= 0 {
		for _, x := range ts {
			obs(x)
		}
		return nil
	}
	return t.s.Advance(dt, ts, obs)
}

func (t *shouvalTier) apply(e protocol.Event) {
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

func (t *shouvalTier) strength() float64 { return t.s.W() / t.w0 }

func (t *shouvalTier) params() []units.Field { return t.p.Fields() }

func (t *shouvalTier) view() View {
	return View{Slow: []string{"w"}, Fast: []string{"v_mV", "ca_uM", "w"},
		Marks: map[string][]Mark{
			"ca_uM": {{Y: t.p.Alpha1, Label: "α1: LTD zone"}, {Y: t.p.Alpha2, Label: "α2: LTP zone"}},
			"w":     {{Y: t.w0, Label: "initial"}},
		}}
}
