package spine

import (
	"math"
	"testing"

	"github.com/synlab/synlab/units"
)

// Analytic Mg²⁺ block values: B = 1/(1 + e^{−a·V}[Mg]/K).
func TestBlockAnalytic(t *testing.T) {
	js, vcr := DefaultNMDA(), DefaultNMDA().VargasCaballero()
	noMg := DefaultNMDA()
	noMg.Mg = 0
	mg2 := DefaultNMDA()
	mg2.Mg = 2 * units.Millimolar
	cases := []struct {
		name string
		p    NMDA
		v    float64
		want float64 // hand-evaluated from the formula (source in name)
	}{
		{"JS V=0, 1 mM: 1/(1+1/3.57)", js, 0, 1 / (1 + 1/3.57)},
		{"JS V=-70, 1 mM", js, -70, 1 / (1 + math.Exp(0.062*70)/3.57)},
		{"JS V=-40, 2 mM", mg2, -40, 1 / (1 + math.Exp(0.062*40)*2/3.57)},
		{"JS V=+40, 1 mM", js, 40, 1 / (1 + math.Exp(-0.062*40)/3.57)},
		{"VCR V=0: 1/(1+1/2.552)", vcr, 0, 1 / (1 + 1/2.552)},
		{"VCR V=-70", vcr, -70, 1 / (1 + math.Exp(0.072*70)/2.552)},
		{"no Mg: unblocked", noMg, -80, 1},
	}
	const tol = 1e-15 // the same arithmetic: rounding only
	for _, c := range cases {
		if got := c.p.Block(c.v); math.Abs(got-c.want) > tol {
			t.Errorf("%s: Block = %.17g, want %.17g", c.name, got, c.want)
		}
	}
	// Jahr–Stevens at −70 mV, 1 mM: 0.0444 to 3 figures (independent hand value).
	if got := js.Block(-70); math.Abs(got-0.0444) > 5e-4 {
		t.Errorf("JS Block(-70) = %.4f, want 0.0444", got)
	}
	// Limits.
	if b := js.Block(-300); b > 1e-7 {
		t.Errorf("Block(-300) = %g, want → 0", b)
	}
	if b := js.Block(200); b < 1-1e-5 {
		t.Errorf("Block(200) = %g, want → 1", b)
	}
}

// NMDA I–V at full opening in 1 mM Mg²⁺: a negative-slope region and a peak
// inward current between −40 and −20 mV (Jahr & Stevens 1990 Fig.; Mayer,
// Westbrook & Guthrie 1984); linear (ohmic) without Mg²⁺.
func TestNMDAIV(t *testing.T) {
	p := DefaultNMDA()
	f := p.Factor()
	a, b := 0.0, 1.0 // s = B − A = 1 with A = 0
	_ = f
	vMin, iMin := 0.0, 0.0
	negSlope := false
	prev := p.Current(a, b, -100)
	for v := -99.0; v <= 40; v++ {
		i := p.Current(a, b, v)
		if i < iMin {
			vMin, iMin = v, i
		}
		if v < -40 && i < prev {
			negSlope = true // current grows more inward with depolarisation
		}
		prev = i
	}
	t.Logf("1 mM Mg: peak inward %.3f pA at %g mV", iMin, vMin)
	if !negSlope {
		t.Error("no negative-slope region below −40 mV")
	}
	if vMin < -40 || vMin > -20 {
		t.Errorf("peak inward current at %g mV, want in [−40, −20]", vMin)
	}
	p.Mg = 0
	for v := -100.0; v <= 40; v += 10 {
		want := p.G * (v - p.E)
		if got := p.Current(a, b, v); math.Abs(got-want) > 1e-12 {
			t.Errorf("no Mg: I(%g) = %g, want ohmic %g", v, got, want)
		}
	}
}

// P_f at 2 mM [Ca]o: 0.6·8/(8 + 120/1.38) = 0.050549 (docs/sources.md §3.2: ≈ 0.05).
func TestFractionalCaCurrent(t *testing.T) {
	want := 0.6 * 8 / (8 + 120/1.38)
	if got := PF(2 * units.Millimolar); math.Abs(got-want) > 1e-15 || math.Abs(got-0.050549) > 1e-6 {
		t.Errorf("P_f(2 mM) = %.7f, want %.7f", got, want)
	}
}

// exp2syn.mod: "an event of weight 1 generates a peak conductance of 1".
func TestDualExpPeakIsOne(t *testing.T) {
	for _, k := range []DualExp{DefaultAMPA().DualExp, DefaultNMDA().DualExp} {
		tp := k.TPeak()
		if got := k.Kernel(tp); math.Abs(got-1) > 1e-14 {
			t.Errorf("%+v: peak %.16g, want 1", k, got)
		}
		if !(k.Kernel(0.99*tp) < 1 && k.Kernel(1.01*tp) < 1) {
			t.Errorf("%+v: t_peak = %g is not the maximum", k, tp)
		}
	}
	// AMPA: t_peak = 0.2·1.7/1.5·ln 8.5 = 0.48508 ms (hand value).
	if tp := DefaultAMPA().TPeak(); math.Abs(tp-0.2*1.7/1.5*math.Log(8.5)) > 1e-15 {
		t.Errorf("AMPA t_peak = %g", tp)
	}
}
