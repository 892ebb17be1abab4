package units

import (
	"fmt"
	"math"
	"strconv"
)

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
// (snake_case), its dimension, a pointer to its value (in internal units), a
// one-line doc with its source, and the range of values that are physically
// plausible. Models list their parameters as []Field so that specs can
// override them by name, manifests can record them all and validation can
// refuse impossible values before anything runs.
type Field struct {
	Name  string
	Dim   Dim
	Value *float64
	Doc   string
	// Min and Max bound the plausible values [internal units]; when both are
	// 0 the field states no range and only finiteness is checked.
	Min, Max float64
}

// Ranged reports whether the field states a range.
func (f Field) Ranged() bool { return f.Min != 0 || f.Max != 0 }

// Range is the field's range: [Min, Max] if it states one, else the
// physical bounds of its dimension (Dim.Bounds).
func (f Field) Range() (lo, hi float64) {
	if f.Ranged() {
		return f.Min, f.Max
	}
	return f.Dim.Bounds()
}

// Check reports whether v is allowed for f: finite and within its Range.
// The error says what is allowed, in the field's unit.
func (f Field) Check(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("must be a finite number")
	}
	if lo, hi := f.Range(); v < lo || v > hi {
		what := "the plausible range of this parameter"
		if !f.Ranged() {
			what = "the physical range of a " + f.Dim.String()
		}
		return fmt.Errorf("must be between %s and %s (%s)", Format(lo, f.Dim), Format(hi, f.Dim), what)
	}
	return nil
}

// Bounds are the values no parameter of dimension d can physically take
// beyond [internal units]: the check of a field that states no range of
// its own. They are wide on purpose (a parameter may be explored far from
// its published value), and only refuse the impossible: a concentration
// above 1 M, a conductance above 1 mS, a voltage beyond ±500 mV, a time
// constant longer than a year, a second-order rate above 1e13 /M/s (a
// thousand times the diffusion limit).
func (d Dim) Bounds() (lo, hi float64) {
	switch d {
	case Time:
		return 0, 3.2e10 // a year
	case Voltage:
		return -500, 500
	case Concentration:
		return 0, 1e6 // 1 M
	case Frequency:
		return 0, 1e6 // 1 GHz
	case Conductance:
		return 0, 1e6 // 1 mS
	case Current:
		return -1e6, 1e6 // 1 µA
	case Length:
		return 0, 1e5 // 10 cm
	case Volume:
		return 0, 1e9 // 1 nL
	case Rate:
		return 0, 1e4 // 1e13 /M/s
	}
	return -1e9, 1e9 // dimensionless: counts, gains, exponents
}

// Var describes one recorded variable of a model: its column name in files
// (with the unit folded in, "ca_uM"), its unit alone ("µM", "1", "count")
// and a one-line description of what it is. Models list their variables as
// []Var; the engine turns them into trace columns, so CSV headers, Parquet
// metadata and figure labels all come from the physics.
type Var struct {
	Name string
	Unit string
	Doc  string
	// Label is what a figure writes on an axis ("Spine Ca²⁺"); empty: Doc.
	Label string
}

// FormatShort writes v with at most 4 significant digits and its unit, for
// messages and labels ("33.33 s" style is the caller's choice of unit).
func FormatShort(v float64, d Dim) string {
	n := strconv.FormatFloat(v, 'g', 4, 64)
	if d == Dimensionless {
		return n
	}
	return n + " " + d.Internal()
}
