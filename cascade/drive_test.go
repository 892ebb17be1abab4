package cascade

import (
	"math"
	"testing"

	"github.com/synlab/synlab/units"
)

// spineMeasured is the spine's Ca²⁺ for 100 pulses at rest, measured on
// spine.Default() in this repo (peak above rest, mean above rest over the
// train) [µM]; the source of spineGain.
var spineMeasured = []struct{ hz, peak, mean float64 }{
	{1, 1.02, 0.10}, {5, 1.49, 0.66}, {10, 2.40, 1.64}, {20, 3.68, 3.25}, {50, 6.45, 6.09}, {100, 8.71, 8.11},
}

const (
	// meanTol: the gains are set from the means, so only the 3-digit
	// rounding of the gains and of the measured values remains (0.10 at
	// 1 Hz has two digits: ±5%).
	meanTol = 0.05
	// peakTol: the peaks are not fitted; one gain per rate reproduces
	// them within 6% (the spine's supralinearity is not exactly a scaling).
	peakTol = 0.07
	// kernelTol: the 12/70 ms kernel against the single-pulse time course
	// (time to peak 25 ms; half-decay 61 ms and one-tenth 174 ms after the
	// peak; 101 µM·ms), matched within 2%.
	kernelTol = 0.03
)

// TestSpineLikeTrain checks SpineLikeTrain against the spine measurements
// it was built from: the single-pulse kernel, and the peak and the mean
// over 100-pulse trains at every measured rate.
func TestSpineLikeTrain(t *testing.T) {
	d := SpineLikeTrain(1*units.Hz, 1, 0)
	var tPeak, peak, tHalf, tTenth, integral float64
	const dt = 0.01
	for s := dt / 2; s < 3000; s += dt {
		c := d.Ca(s) - d.Rest
		integral += c * dt
		if c > peak {
			peak, tPeak = c, s
		}
		if s > tPeak && tHalf == 0 && c < peak/2 {
			tHalf = s - tPeak
		}
		if s > tPeak && tTenth == 0 && c < peak/10 {
			tTenth = s - tPeak
		}
	}
	for _, q := range []struct {
		name      string
		got, want float64
	}{{"peak [µM]", peak, 1.02}, {"time to peak [ms]", tPeak, 25}, {"half-decay after peak [ms]", tHalf, 61},
		{"one-tenth after peak [ms]", tTenth, 174}, {"integral [µM·ms]", integral, 101}} {
		t.Logf("single pulse: %-27s kernel %7.2f, spine %7.2f", q.name, q.got, q.want)
		if r := relDiff(q.got, q.want); r > kernelTol {
			t.Errorf("single pulse %s: %.3g, spine %.3g (rel %.2f > %.2f)", q.name, q.got, q.want, r, kernelTol)
		}
	}
	for _, m := range spineMeasured {
		d := SpineLikeTrain(m.hz*units.Hz, 100, 0)
		T := 100 / (m.hz * units.Hz)
		n := 100000
		s, pk := 0.0, 0.0
		for i := range n {
			c := d.Ca((float64(i)+0.5)*T/float64(n)) - d.Rest
			s += c
			pk = max(pk, c)
		}
		mean := s / float64(n)
		t.Logf("%5g Hz × 100: peak %.2f µM (spine %.2f), mean %.3f µM (spine %.2f), gain %.3f",
			m.hz, pk, m.peak, mean, m.mean, d.Amp/spineAmp)
		if r := relDiff(mean, m.mean); r > meanTol {
			t.Errorf("%g Hz: mean %.3f µM, spine %.2f (rel %.3f > %.2f)", m.hz, mean, m.mean, r, meanTol)
		}
		if r := relDiff(pk, m.peak); r > peakTol {
			t.Errorf("%g Hz: peak %.3f µM, spine %.2f (rel %.3f > %.2f)", m.hz, pk, m.peak, r, peakTol)
		}
	}
	// Interpolation: monotone between table points, end values outside.
	for _, q := range []struct{ hz, want float64 }{{0.5, 1}, {1, 1}, {10, 1.601}, {200, 0.854}} {
		if g := spineTrainGain(q.hz); math.Abs(g-q.want) > 1e-12 {
			t.Errorf("gain(%g Hz) = %g, want %g", q.hz, g, q.want)
		}
	}
	if g := spineTrainGain(3); !(g > 1 && g < 1.284) {
		t.Errorf("gain(3 Hz) = %g: not between the 1 and 5 Hz gains", g)
	}
}

// TestPlateau: BathNMDA is 0.75 µM above the spine's rest for 3 min, and
// AdvancePlateau splits at its edges.
func TestPlateau(t *testing.T) {
	d := BathNMDA(1000)
	for _, q := range []struct{ t, want float64 }{{999, 0.07}, {1000, 0.82}, {1000 + 3*units.Minute - 1, 0.82}, {1000 + 3*units.Minute, 0.07}} {
		if got := d.Ca(q.t); math.Abs(got-q.want) > 1e-12 {
			t.Errorf("Ca(%g ms) = %g µM, want %g", q.t, got, q.want)
		}
	}
	c, err := New(Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AdvancePlateau(d, 10*units.Minute, nil, nil); err != nil {
		t.Fatal(err)
	}
	if c.T != 10*units.Minute {
		t.Errorf("T = %g ms after AdvancePlateau to 10 min", c.T)
	}
}
