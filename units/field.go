package units

// Dim is the physical dimension of a quantity. Parse checks that a string's
// unit has the dimension a field wants.
type Dim uint8

const (
	Dimensionless Dim = iota
	Time              // ms
	Voltage           // mV
	Concentration     // µM
	Frequency         // 1/ms
	Conductance       // nS
	Current           // pA
	Length            // µm
	Volume            // fL
	Rate              // 1/(µM·ms), second-order rate constants
)

var dimNames = [...]string{"dimensionless", "time", "voltage", "concentration", "frequency",
	"conductance", "current", "length", "volume", "second-order rate"}

// Internal is the unit in which values of this dimension are held inside synlab.
var internal = [...]string{"1", "ms", "mV", "µM", "1/ms", "nS", "pA", "µm", "fL", "1/(µM·ms)"}

func (d Dim) String() string {
	if int(d) < len(dimNames) {
		return dimNames[d]
	}
	return "unknown dimension"
}

// Internal returns the unit in which synlab holds values of dimension d.
func (d Dim) Internal() string {
	if int(d) < len(internal) {
		return internal[d]
	}
	return "?"
}

// Field describes one settable parameter of a model: its name in files
// (snake_case), its dimension, a pointer to its value (in internal units) and
// a one-line doc with its source. Models list their parameters as []Field so
// that specs can override them by name and manifests can record them all.
type Field struct {
	Name  string
	Dim   Dim
	Value *float64
	Doc   string
}
