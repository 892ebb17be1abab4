package units

import (
	"math"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		dim  Dim
		want float64
	}{
		// time
		{"20 ms", Time, 20},
		{"+10ms", Time, 10},
		{"-10 ms", Time, -10},
		{"150 s", Time, 150000},
		{"15 min", Time, 900000},
		{"2 h", Time, 7200000},
		{"1 d", Time, Day},
		{"100 us", Time, 0.1},
		{"100 µs", Time, 0.1},
		{"100 μs", Time, 0.1}, // Greek mu
		{"1e3 ms", Time, 1000},
		{"1.5E-3 s", Time, 1.5},
		{".5 s", Time, 500},
		{"5. s", Time, 5000},
		{"  20 ms  ", Time, 20},
		{"0", Time, 0}, // bare zero in any dimension
		{"0.0", Voltage, 0},
		// voltage
		{"-65 mV", Voltage, -65},
		{"0.1 V", Voltage, 100},
		// concentration
		{"1.8 mM", Concentration, 1800},
		{"70 nM", Concentration, 0.07},
		{"2 µM", Concentration, 2},
		{"2 uM", Concentration, 2},
		// frequency
		{"1 Hz", Frequency, 0.001},
		{"0.5 kHz", Frequency, 0.5},
		{"100 Hz", Frequency, 0.1},
		{"0.001 1/ms", Frequency, 0.001},
		// others
		{"10 pS", Conductance, 0.01},
		{"3 nS", Conductance, 3},
		{"5 pA", Current, 5},
		{"0.2 µm", Length, 0.2},
		{"0.1 um3", Volume, 0.1},
		{"0.1 µm³", Volume, 0.1},
		{"0.1 fL", Volume, 0.1},
		{"1 1/(µM·ms)", Rate, 1},
		{"1e6 /M/s", Rate, 1e-3},
		{"2.8284", Dimensionless, 2.8284},
		{"-3e-2", Dimensionless, -0.03},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.dim)
		if err != nil {
			t.Errorf("Parse(%q, %v): %v", tt.in, tt.dim, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q, %v) = %v, want %v", tt.in, tt.dim, got, tt.want)
		}
	}
}

// Powers of ten are applied to the decimal exponent, so these are the
// correctly rounded doubles (one rounding), not number×factor.
func TestParseOneRounding(t *testing.T) {
	for _, tt := range []struct {
		in   string
		dim  Dim
		want float64
	}{
		{"1.8 mM", Concentration, 1.8e3},
		{"0.3 Hz", Frequency, 0.3e-3},
		{"7 µs", Time, 7e-3},
		{"0.1 pS", Conductance, 1e-4},
	} {
		got, err := Parse(tt.in, tt.dim)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		dim  Dim
		want string // substring of the error
	}{
		{"", Time, "is empty"},
		{"   ", Time, "is empty"},
		{"20 mV", Time, `units: "20 mV" is a voltage, want a time (ms, s, min, h`},
		{"20", Time, "has no unit, want a time (ms"},
		{"20 xs", Time, `unknown unit "xs", want a time (ms`},
		{"NaN", Dimensionless, "not a number"},
		{"NaN ms", Time, "not a number"},
		{"Inf ms", Time, "not a number"},
		{"+Inf", Dimensionless, "not a number"},
		{"inf", Dimensionless, "not a number"},
		{"0x10 ms", Time, "unknown unit"},
		{"1_000 ms", Time, "unknown unit"},
		{"1e999 ms", Time, "out of range"},
		{"1e308 h", Time, "out of range"},
		{"1e99999999999 ms", Time, "exponent out of range"},
		{"ms", Time, "not a number"},
		{"20 Hz", Dimensionless, "is a frequency, want a bare number"},
		{"5 %", Dimensionless, "unknown unit"},
		{"1.8 MM", Concentration, "unknown unit"},
		{"20 ms ms", Time, "unknown unit"},
		{"--1 ms", Time, "not a number"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in, tt.dim)
		if err == nil {
			t.Errorf("Parse(%q, %v): no error, want %q", tt.in, tt.dim, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q, %v) error %q, want it to contain %q", tt.in, tt.dim, err, tt.want)
		}
		if _, ok := err.(*Error); !ok {
			t.Errorf("Parse(%q): error is %T, want *Error", tt.in, err)
		}
	}
}

func TestParseAny(t *testing.T) {
	for _, tt := range []struct {
		in   string
		v    float64
		want Dim
	}{
		{"20 ms", 20, Time},
		{"2 mM", 2000, Concentration},
		{"1 Hz", 0.001, Frequency},
		{"3 nS", 3, Conductance},
		{"5 pA", 5, Current},
		{"1 fL", 1, Volume},
		{"4", 4, Dimensionless},
	} {
		v, d, err := ParseAny(tt.in)
		if err != nil || v != tt.v || d != tt.want {
			t.Errorf("ParseAny(%q) = %v, %v, %v; want %v, %v", tt.in, v, d, err, tt.v, tt.want)
		}
	}
	if _, _, err := ParseAny("3 parsecs"); err == nil {
		t.Error("ParseAny of an unknown unit: no error")
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		d    Dim
		want string
	}{
		{20, Time, "20 ms"},
		{0.001, Frequency, "0.001 1/ms"},
		{2.8284, Dimensionless, "2.8284"},
		{-65, Voltage, "-65 mV"},
		{1e21, Time, "1e+21 ms"},
		{1800, Concentration, "1800 µM"},
	} {
		if got := Format(tt.v, tt.d); got != tt.want {
			t.Errorf("Format(%v, %v) = %q, want %q", tt.v, tt.d, got, tt.want)
		}
	}
}

// Every dimension's internal unit must itself be parseable, or Format
// would not round-trip.
func TestFormatRoundTripAllDims(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, 1e-300, 123456789.123456789}
	for d := Dimensionless; d <= Rate; d++ {
		for _, v := range vals {
			s := Format(v, d)
			got, err := Parse(s, d)
			if err != nil {
				t.Errorf("Parse(Format(%v, %v) = %q): %v", v, d, s, err)
				continue
			}
			if math.Float64bits(got) != math.Float64bits(v) {
				t.Errorf("Parse(Format(%v, %v) = %q) = %v", v, d, s, got)
			}
		}
	}
}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"20 ms", "1.8 mM", "-65 mV", "+10ms", "1 Hz", "0.5 kHz", "2.8284",
		"150 s", "15 min", "2 h", "100 us", "100 µs", "70 nM", "10 pS", "3 nS", "5 pA", "0.1 um3",
		"µm³", "fL", "NaN", "Inf ms", "", "1e999 ms", "0", "1e-400 s", "5 1/(µM·ms)"} {
		f.Add(s, uint8(Time))
	}
	f.Fuzz(func(t *testing.T, s string, dim uint8) {
		d := Dim(dim % uint8(Rate+1))
		v, err := Parse(s, d)
		if err == nil {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("Parse(%q, %v) = %v: not finite", s, d, v)
			}
			got, err := Parse(Format(v, d), d)
			if err != nil || math.Float64bits(got) != math.Float64bits(v) {
				t.Fatalf("Parse(Format(%v)) = %v, %v", v, got, err)
			}
		}
		if v2, d2, err := ParseAny(s); err == nil {
			if math.IsNaN(v2) || math.IsInf(v2, 0) {
				t.Fatalf("ParseAny(%q) = %v", s, v2)
			}
			got, err := Parse(Format(v2, d2), d2)
			if err != nil || math.Float64bits(got) != math.Float64bits(v2) {
				t.Fatalf("round trip of ParseAny(%q) = %v %v: %v, %v", s, v2, d2, got, err)
			}
		}
	})
}

// Format → Parse is exact for every finite float64 in every dimension.
func FuzzFormatRoundTrip(f *testing.F) {
	for _, v := range []float64{0, 1, -65, 0.001, 1e300, 5e-324} {
		f.Add(v, uint8(Time))
	}
	f.Fuzz(func(t *testing.T, v float64, dim uint8) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		d := Dim(dim % uint8(Rate+1))
		got, err := Parse(Format(v, d), d)
		if err != nil || math.Float64bits(got) != math.Float64bits(v) {
			t.Fatalf("Parse(Format(%v, %v) = %q) = %v, %v", v, d, Format(v, d), got, err)
		}
	})
}
