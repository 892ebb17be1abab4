package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Error is a quantity string that Parse rejects.
type Error struct {
	Input  string // the string given to Parse
	Want   Dim    // the dimension asked for
	Reason string // what is wrong and what is allowed, e.g. "is a voltage, want a time (ms, s, min, h, µs, ns)"
}

func (e *Error) Error() string { return fmt.Sprintf("units: %q %s", e.Input, e.Reason) }

// unit is one spelling of a unit: value = number × mul × 10^exp10 in
// internal units. Powers of ten are applied to the decimal exponent before
// strconv.ParseFloat, so "1.8 mM" and "100 µs" are rounded once.
type unit struct {
	dim   Dim
	mul   float64
	exp10 int
}

// lookup returns the unit spelled u (after normalise).
func lookup(u string) (unit, bool) {
	switch u {
	// time, internal ms
	case "ns":
		return unit{Time, 1, -6}, true
	case "µs":
		return unit{Time, 1, -3}, true
	case "ms":
		return unit{Time, 1, 0}, true
	case "s":
		return unit{Time, 1, 3}, true
	case "min":
		return unit{Time, 6, 4}, true
	case "h":
		return unit{Time, 36, 5}, true
	case "d", "day":
		return unit{Time, 864, 5}, true
	// voltage, internal mV
	case "µV":
		return unit{Voltage, 1, -3}, true
	case "mV":
		return unit{Voltage, 1, 0}, true
	case "V":
		return unit{Voltage, 1, 3}, true
	// concentration, internal µM
	case "pM":
		return unit{Concentration, 1, -6}, true
	case "nM":
		return unit{Concentration, 1, -3}, true
	case "µM":
		return unit{Concentration, 1, 0}, true
	case "mM":
		return unit{Concentration, 1, 3}, true
	case "M":
		return unit{Concentration, 1, 6}, true
	// frequency, internal 1/ms
	case "Hz", "1/s", "/s":
		return unit{Frequency, 1, -3}, true
	case "kHz", "1/ms", "/ms":
		return unit{Frequency, 1, 0}, true
	// conductance, internal nS
	case "pS":
		return unit{Conductance, 1, -3}, true
	case "nS":
		return unit{Conductance, 1, 0}, true
	case "µS":
		return unit{Conductance, 1, 3}, true
	// current, internal pA
	case "fA":
		return unit{Current, 1, -3}, true
	case "pA":
		return unit{Current, 1, 0}, true
	case "nA":
		return unit{Current, 1, 3}, true
	// length, internal µm
	case "nm":
		return unit{Length, 1, -3}, true
	case "µm":
		return unit{Length, 1, 0}, true
	case "mm":
		return unit{Length, 1, 3}, true
	// volume, internal fL = µm³
	case "aL", "al":
		return unit{Volume, 1, -3}, true
	case "fL", "fl", "µm3":
		return unit{Volume, 1, 0}, true
	case "pL", "pl":
		return unit{Volume, 1, 3}, true
	// second-order rate, internal 1/(µM·ms)
	case "1/(µM·ms)", "/µM/ms", "/(µM·ms)":
		return unit{Rate, 1, 0}, true
	case "1/(µM·s)", "/µM/s", "/(µM·s)":
		return unit{Rate, 1, -3}, true
	case "1/(mM·s)", "/mM/s", "/(mM·s)":
		return unit{Rate, 1, -6}, true
	case "1/(M·s)", "/M/s", "/(M·s)":
		return unit{Rate, 1, -9}, true
	}
	return unit{}, false
}

// accepted lists the usual spellings of the units of d, for error messages.
func accepted(d Dim) string {
	switch d {
	case Dimensionless:
		return "a bare number, no unit"
	case Time:
		return "ms, s, min, h, d, µs, ns"
	case Voltage:
		return "mV, V, µV"
	case Concentration:
		return "µM, nM, mM, M, pM"
	case Frequency:
		return "Hz, kHz, 1/s, 1/ms"
	case Conductance:
		return "nS, pS, µS"
	case Current:
		return "pA, fA, nA"
	case Length:
		return "µm, nm, mm"
	case Volume:
		return "fL, µm³, aL, pL"
	case Rate:
		return "1/(µM·ms), 1/(µM·s), 1/(mM·s), 1/(M·s)"
	}
	return "none"
}

// article returns d's name with an indefinite article ("a time").
func article(d Dim) string {
	if d == Dimensionless {
		return "a dimensionless number"
	}
	return "a " + d.String()
}

// normalise maps alternative spellings onto the canonical ones: u, μ
// (Greek mu) → µ (micro sign); ³ and ^3 → 3; * and spaces in compound
// units → ·. No unit name contains a plain 'u', so the mapping is safe.
func normalise(u string) string {
	r := strings.NewReplacer("u", "µ", "μ", "µ", "³", "3", "^3", "3", "*", "·", " ", "·", "⋅", "·")
	return r.Replace(u)
}

// splitNumber splits s into a decimal number (mantissa and exponent) and
// the rest. Only plain decimals are numbers: no hex, no underscores, no
// NaN or Inf. ok is false if s does not start with a number.
func splitNumber(s string) (mant string, exp int64, rest string, ok bool, rangeErr bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return "", 0, s, false, false
	}
	mant = s[:i]
	// An exponent only if 'e' is followed by an optional sign and a digit.
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			e, err := strconv.ParseInt(s[i+1:k], 10, 32)
			if err != nil {
				return "", 0, s, true, true
			}
			exp = e
			i = k
		}
	}
	return mant, exp, s[i:], true, false
}

// quantity parses s into its value in internal units and its dimension.
// want is used only for error messages.
func quantity(s string, want Dim, anyDim bool) (float64, Dim, error) {
	fail := func(format string, args ...any) (float64, Dim, error) {
		return 0, 0, &Error{Input: s, Want: want, Reason: fmt.Sprintf(format, args...)}
	}
	wantStr := func() string {
		if anyDim {
			return "a number with a unit"
		}
		if want == Dimensionless {
			return article(want)
		}
		return fmt.Sprintf("%s (%s)", article(want), accepted(want))
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return fail("is empty, want %s", wantStr())
	}
	mant, exp, rest, ok, rangeErr := splitNumber(t)
	if rangeErr {
		return fail("has an exponent out of range, want a finite %s", wantStr())
	}
	if !ok {
		return fail("is not a number, want a finite decimal number: %s", wantStr())
	}
	u := normalise(strings.TrimSpace(rest))
	var un unit
	if u == "" {
		un = unit{Dimensionless, 1, 0}
	} else if un, ok = lookup(u); !ok {
		return fail("has unknown unit %q, want %s", strings.TrimSpace(rest), wantStr())
	}
	v, err := strconv.ParseFloat(mant+"e"+strconv.FormatInt(exp+int64(un.exp10), 10), 64)
	if err != nil && !math.IsInf(v, 0) {
		return fail("is not a number, want %s", wantStr()) // not reached: splitNumber vetted it
	}
	v *= un.mul
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return fail("is out of range, want a finite %s", wantStr())
	}
	if anyDim {
		return v, un.dim, nil
	}
	if un.dim != want {
		if un.dim == Dimensionless {
			if v == 0 {
				return v, want, nil // a bare 0 is 0 in any dimension
			}
			return fail("has no unit, want %s", wantStr())
		}
		if want == Dimensionless {
			return fail("is %s, want a bare number without a unit", article(un.dim))
		}
		return fail("is %s, want %s", article(un.dim), wantStr())
	}
	return v, want, nil
}

// Parse converts a quantity string such as "20 ms", "1.8 mM", "-65 mV",
// "+10ms", "0.5 kHz", "100 µs" or "0.1 µm³" into a value in internal units,
// checking that its unit has dimension want.
//
// The grammar is a decimal number (optional sign, digits with an optional
// point, optional exponent "e±n"), optional white space, then a unit. The
// micro prefix may be written µ, μ or u; cubic as ³, ^3 or 3. A
// dimensionless quantity is a bare number. A bare number for a dimensioned
// quantity is an error, except 0, which is 0 in every dimension (no unit
// can make zero ambiguous). NaN, Inf, hexadecimal and values that overflow
// float64 are rejected. Errors are *Error and list the accepted units.
func Parse(s string, want Dim) (float64, error) {
	v, _, err := quantity(s, want, false)
	return v, err
}

// ParseAny is Parse for a string whose dimension is not known beforehand; a
// bare number is Dimensionless.
func ParseAny(s string) (float64, Dim, error) {
	return quantity(s, Dimensionless, true)
}

// Format writes v [internal units of d] as a quantity string in the
// internal unit, e.g. "20 ms", "0.001 1/ms", or a bare number for
// Dimensionless. The number is strconv's shortest form ('g', -1), so
// Parse(Format(v, d), d) == v exactly for every finite v.
func Format(v float64, d Dim) string {
	n := strconv.FormatFloat(v, 'g', -1, 64)
	if d == Dimensionless {
		return n
	}
	return n + " " + d.Internal()
}
