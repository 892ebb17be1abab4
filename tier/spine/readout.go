package spine

import (
	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// Sample is the drive of a readout at one time: the spine's free Ca²⁺
// [µM] and its head's membrane potential [mV].
type Sample struct {
	T  float64 // [ms]
	Ca float64 // free spine Ca²⁺ [µM]
	V  float64 // spine-head potential [mV]
}

// Readout turns the spine's Ca²⁺ (and voltage) into a synaptic strength: a
// calcium rule, a voltage rule, or the kinase/phosphatase cascade. The
// Driver samples the spine adaptively and hands each readout the drive as
// a piecewise-linear function of time (Step), finely where it moves or
// lies near one of the readout's thresholds. A new rule on the biophysical
// spine is one file implementing Readout and one line in the tier's list
// of readouts (tier.go).
type Readout interface {
	// Fields lists the readout's parameters, overridable by name
	// (prefixed, e.g. "rule.theta_p", so they do not collide with the
	// spine's).
	Fields() []units.Field
	// Init validates the parameters (after overrides) and sets the initial
	// state; the driver's spine model exists.
	Init(d *Driver) error
	// Vars lists the readout's variables, appended after the spine's.
	Vars() []units.Var
	// Read writes their current values into dst.
	Read(dst []float64)
	// Step advances the readout from a to b (b.T > a.T), with the drive
	// linear in between.
	Step(a, b Sample)
	// Strength is the synaptic strength relative to the start (1 = baseline).
	Strength() float64
	// Describe names the readout in words, given the release mode.
	Describe(release string) string
	// View says what figures show, given the spine's resting Ca²⁺ [µM].
	View(rest float64) engine.View
	// Sampling gives the readout's thresholds in µM of free Ca²⁺ above
	// rest (the driver samples finely near them), the distance from them
	// within which it must, the resting Ca²⁺ they are relative to, and the
	// sampling step on a falling tail in units of the fine step.
	Sampling() (thresholds []float64, margin, rest float64, tail int)
}

// Evented is a readout told of each event before it reaches the spine
// (spike-based rules; the cascade's statistics).
type Evented interface {
	Event(e protocol.Event)
}

// Prepared is a readout that adjusts the spine's parameters after the
// overrides are applied and before they are validated (e.g. the solver
// tolerances of the mechanistic tier), and validates its own parameters
// against the overrides (so errors name the override at fault).
type Prepared interface {
	Prepare(sp *spine.Params, over map[string]string) error
	Validate(over map[string]string, fs []units.Field, before []float64) error
}

// Coupled is a readout whose own state lags the spine and feeds back on it
// (the cascade sets the AMPA count): Flush brings it to the last sample
// before a record, Catch every chunk catches up when due, Sync catches up
// fully (before an event and before drugs change), and Drugs applies new
// drug effects after the spine's.
type Coupled interface {
	Flush()
	Catch() error
	Sync() error
	Drugs(e drug.Effects, endo spine.Endocytosis) error
}
