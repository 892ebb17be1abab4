package engine

import (
	"context"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// Model is a tier's model as the engine drives it: a state that is
// advanced between events and jumped at them. Each tier package adapts its
// physics to it.
type Model interface {
	// Vars lists the recordable variables, in the order Read fills them,
	// with their units and descriptions.
	Vars() []units.Var
	// Read writes the current values of Vars into dst.
	Read(dst []float64)
	// Delay is how long after the protocol event of kind k its effect
	// reaches the synapse [ms] (e.g. the GB presynaptic Ca delay D, or the
	// back-propagation delay of a somatic spike).
	Delay(k protocol.Kind) float64
	// Advance integrates from the current time to t [ms] (no events
	// inside), calling obs at each time of ts in (now, t] with the state
	// set to it.
	Advance(t float64, ts []float64, obs func(t float64)) error
	// Apply applies an event at the current time.
	Apply(e protocol.Event)
	// Strength is the synaptic strength relative to the start of the run
	// (1 = baseline).
	Strength() float64
	// Params lists every parameter of the model with its value (manifest).
	Params() []units.Field
	// Describe names the tier and set in words ("Shouval, Bear & Cooper
	// 2002, set rate").
	Describe() string
	// View says which variables figures show.
	View() View
}

// Peeker is a model whose exact observation changes its own integration
// (a readout stepped at every record time, noise drawn per step): it can
// also be observed at "peek" times without that, the state as good as its
// dense output or a noise-free look-ahead gives it. The engine records the
// zoom on the first induction pulses at peek times, so a zoom never changes
// the run. A model whose observation is non-invasive (dense output of an
// ODE) need not implement it.
type Peeker interface {
	AdvancePeek(t float64, ts []float64, obs func(t float64), peeks []float64, peek func(t float64)) error
}

// DrugSetter is a model whose drugs can change during a run (drugs with
// from/for, drug phases): SetDrugs applies the doses active from now on.
type DrugSetter interface {
	SetDrugs(active []drug.Dose) error
}

// Explainer is a model that can say what happened in its mechanism:
// metrics and sentences for the summary (synlab explain).
type Explainer interface {
	Explain(m map[string]float64) []string
}

// Metricser is a model with outcome metrics of its own for the summary
// (e.g. the GB population's transition probabilities).
type Metricser interface {
	Metrics(pl *Plan, m map[string]float64)
}

// View tells figures which of a model's variables matter and what to draw
// beside them. It is data from the tier; no figure code knows a model.
type View struct {
	Slow  []string          `json:"slow"`  // shown against the whole run (e.g. w, rho)
	Fast  []string          `json:"fast"`  // shown in the zoom on single pulses (e.g. ca_uM, v_mV)
	Marks map[string][]Mark `json:"marks"` // reference lines per variable
}

// Mark is a horizontal reference line: a threshold or a rest level.
type Mark struct {
	Y     float64 `json:"y"`
	Label string  `json:"label"`
}

// Tabler is a model that records tables of its own beside the series,
// returned by name at the end of the run (Result.Extra): e.g. "epsp", the
// simulated test EPSP waveform before and after the induction, with
// columns t_ms, before_mV and after_mV.
type Tabler interface {
	Tables() map[string]*trace.Table
}

// Canceller is a model whose Advance can run long between two events (a
// large population, a long stretch of fine sampling): the engine hands it
// the run's context before the first event, and the model checks it inside
// those loops and returns an error once it is done (the engine then
// returns ctx.Err()), so a cancelled run stops within a fraction of a
// second whatever the model's size.
type Canceller interface {
	SetContext(ctx context.Context)
}
