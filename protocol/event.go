package protocol

// Kind is what happens at an event.
type Kind uint8

const (
	// Pre is a presynaptic spike (a stimulus to the afferent fibres).
	Pre Kind = iota + 1
	// Test is a presynaptic test pulse during baseline or follow-up: a Pre
	// spike at which the engine also reads out the synaptic strength.
	Test
	// Post is a postsynaptic (somatic) spike, e.g. evoked by current injection.
	Post
	// ClampOn starts a somatic voltage clamp at Event.V [mV].
	ClampOn
	// ClampOff releases the voltage clamp.
	ClampOff
)

// Event is one stimulus: time T [ms] from the start of the run, its Kind,
// and for ClampOn the holding potential V [mV].
type Event struct {
	T    float64
	Kind Kind
	V    float64
}
