package spine

import (
	"fmt"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// Clopath reads the spine's voltage out with the Clopath et al. (2010)
// voltage rule (rule.Clopath, visual-cortex set): its low-pass filters
// follow the spine-head potential, presynaptic pulses (and test pulses)
// drive the trace x̄ and depression, and LTP needs the head above θ+
// while the filtered voltage is above θ−, i.e. a back-propagating action
// potential or a depolarising clamp. The rule is stepped exactly on the
// driver's piecewise-linear voltage samples (every 0.1 ms while Ca moves).
// Strength = w/w(0), w(0) = 0.5. The AMPA count stays fixed: the weight does
// not feed back on the spine.
type Clopath struct {
	p  rule.Clopath
	s  rule.ClopathState
	w0 float64
}

// NewClopath returns the readout with the visual-cortex set.
func NewClopath() *Clopath { return &Clopath{p: rule.ClopathVisualCortex(), w0: 0.5} }

// Fields are the rule's parameters under "rule.".
func (r *Clopath) Fields() []units.Field {
	var out []units.Field
	for _, f := range r.p.Fields() {
		f.Name = rulePrefix + f.Name
		out = append(out, f)
	}
	return out
}

// Init checks the rule and starts it at the spine's resting head potential.
func (r *Clopath) Init(d *Driver) error {
	if err := r.p.Validate(); err != nil {
		return d.Blame(err, func() error { return r.p.Validate() })
	}
	r.s = r.p.Rest(d.M.State()[spine.IVSpine], r.w0)
	return nil
}

// Sampling: no Ca thresholds (the rule reads voltage, which moves with the
// events the driver samples finely).
func (r *Clopath) Sampling() ([]float64, float64, float64, int) { return nil, Margin, 0, TailSteps }

func (r *Clopath) Vars() []units.Var {
	return []units.Var{
		{Name: "u_minus_mV", Unit: "mV", Doc: "Clopath ū−: low-pass of the delayed spine-head voltage (τ−)"},
		{Name: "u_plus_mV", Unit: "mV", Doc: "Clopath ū+: low-pass of the delayed spine-head voltage (τ+)"},
		{Name: "x_bar_per_ms", Unit: "1/ms", Doc: "Clopath x̄: presynaptic trace"},
		{Name: "w", Unit: "1", Doc: "Clopath weight", Label: "Clopath weight w"},
	}
}

func (r *Clopath) Read(dst []float64) {
	dst[0], dst[1], dst[2], dst[3] = r.s.UMinus, r.s.UPlus, r.s.X, r.s.W
}

// Step advances the rule over a linear piece of the head's voltage.
func (r *Clopath) Step(a, b Sample) { r.p.Step(&r.s, b.T-a.T, a.V, b.V) }

// Event: a presynaptic pulse depresses and feeds the trace.
func (r *Clopath) Event(e protocol.Event) {
	if e.Kind == protocol.Pre || e.Kind == protocol.Test {
		r.p.OnPre(&r.s)
	}
}

func (r *Clopath) Strength() float64 { return r.s.W / r.w0 }

func (r *Clopath) Describe(release string) string {
	return fmt.Sprintf("CA1 spine (docs/spine-model.md), %s, read out by the Clopath et al. 2010 voltage rule (%s) on the spine-head potential", release, r.p.Name)
}

func (r *Clopath) View(float64) engine.View {
	return engine.View{Fast: []string{"v_spine_mV", "v_soma_mV", "u_minus_mV"}, Slow: []string{"w"}, Marks: map[string][]engine.Mark{
		"v_spine_mV": {{Y: r.p.ThetaMinus, Label: "θ− (depression)"}, {Y: r.p.ThetaPlus, Label: "θ+ (potentiation)"}},
		"w":          {{Y: r.w0, Label: "initial"}},
	}}
}
