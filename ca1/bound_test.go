package ca1

import (
	"math"
	"testing"

	"github.com/synlab/synlab/spine"
)

// TestPairingNMDABound: why a pre→post pairing cannot give a spine more
// NMDA-receptor Ca²⁺ than a release under a −40 mV somatic clamp (rows B15
// vs B18, docs/ca1-decoder.md §6). The NMDA Ca²⁺ current per open
// receptor is f(V) = B(V)·(ECa − V) (spine.NMDA: Jahr & Stevens block,
// ECa = 40 mV); it is largest, f*, near −10 mV, only f*/f(−40) ≈ 1.8 times
// its value at −40 mV. With the open fraction g(t) of one release (the
// population's dual exponential, 0.29 / 70 ms, peak 1), a clamp at −40 mV
// collects f(−40)·∫g, and a pairing whose spine sits at rest except for a
// window of w ms at f* right at g's peak collects at most
// f(−65)·∫g + (f* − f(−65))·w. It matches the clamp only if
//
//	w ≥ (f(−40) − f(−65))·∫g / (f* − f(−65))
//
// (≈ 33 ms here): a depolarisation near −10 mV lasting tens of ms, a
// plateau, not a 1–3 ms back-propagating spike. The test also integrates
// the bAP of Shouval, Bear & Cooper (2002) PNAS 99:10831, 100 mV ×
// (0.75 e^{−t/3 ms} + 0.25 e^{−t/25 ms}) from −65 mV [V-code:
// folmez/CaDP-MatLab BPAP.m], a broad bAP with a 25 ms after-depolarising
// tail, 10 ms after the release: it collects about half the clamp's Ca²⁺;
// a brief bAP with a CA1-sized after-depolarisation collects less.
func TestPairingNMDABound(t *testing.T) {
	n := spine.DefaultNMDA()
	f := func(v float64) float64 { return n.Block(v) * (n.ECa - v) }
	vStar, fStar := 0.0, 0.0
	for v := -80.0; v <= 40; v += 0.01 {
		if x := f(v); x > fStar {
			vStar, fStar = v, x
		}
	}
	// g(t): dual exponential normalised to peak 1.
	tr, td := n.TauRise, n.TauDecay
	tp := tr * td / (td - tr) * math.Log(td/tr)
	norm := math.Exp(-tp/td) - math.Exp(-tp/tr)
	g := func(t float64) float64 {
		if t < 0 {
			return 0
		}
		return (math.Exp(-t/td) - math.Exp(-t/tr)) / norm
	}
	const rest, dt, span = -65.0, 0.001, 1000.0
	shouval := func(s float64) float64 {
		if s < 0 {
			return 0
		}
		return 100 * (0.75*math.Exp(-s/3) + 0.25*math.Exp(-s/25))
	}
	// A brief bAP (77 mV, 1.5 ms: the spine head's +12 mV peak in this
	// cell) with and without a CA1-sized after-depolarisation (10 mV,
	// decaying with 30 ms [A]).
	brief := func(s float64, adp float64) float64 {
		if s < 0 {
			return 0
		}
		return 77*math.Exp(-s/1.5) + adp*math.Exp(-s/30)
	}
	var ig, clamp, pair, bap, bapADP float64
	for t := 0.0; t < span; t += dt {
		ig += g(t) * dt
		clamp += g(t) * f(-40) * dt
		pair += g(t) * f(rest+shouval(t-10)) * dt
		bap += g(t) * f(rest+brief(t-10, 0)) * dt
		bapADP += g(t) * f(rest+brief(t-10, 10)) * dt
	}
	w := (f(-40) - f(rest)) * ig / (fStar - f(rest))
	t.Logf("f* at %.1f mV: f*/f(-40) = %.2f, f*/f(-65) = %.2f; ∫g = %.1f ms; window needed at f*: %.1f ms; +10 ms pairing / clamp -40 mV: Shouval bAP %.2f, brief bAP %.2f, brief bAP + 10 mV ADP %.2f",
		vStar, fStar/f(-40), fStar/f(rest), ig, w, pair/clamp, bap/clamp, bapADP/clamp)
	if !(fStar/f(-40) < 2) || !(w > 20) || !(pair/clamp < 0.7) || !(bapADP/clamp < pair/clamp) {
		t.Errorf("bound: f*/f(-40) %g, window %g ms, Shouval pairing/clamp %g", fStar/f(-40), w, pair/clamp)
	}
}
