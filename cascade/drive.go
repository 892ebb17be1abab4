package cascade

import (
	"math"
	"sort"

	"github.com/synlab/synlab/units"
)

// Transients is a Ca²⁺ drive made of identical dual-exponential transients
// on a resting level, the shape of the biophysical spine's response (package
// spine: one presynaptic pulse at rest peaks 1.02 µM above rest at 25 ms,
// τr ≈ 12 ms, τd ≈ 70 ms; see SpineLikeTrain):
//
//	Ca(t) = Rest + Amp·Σ_i k(t − t_i),  k(s) = (e^{−s/τd} − e^{−s/τr}) / norm,
//
// with norm making the peak of k equal to 1.
type Transients struct {
	Rest     float64   // resting Ca²⁺ [µM]
	Amp      float64   // peak of one transient above rest [µM]
	TauRise  float64   // τr [ms]
	TauDecay float64   // τd [ms]
	Times    []float64 // onsets [ms], sorted
}

// window: transients older than window·τd contribute less than e^−40.
const window = 40

// Ca returns the Ca²⁺ concentration at time t [µM].
func (d Transients) Ca(t float64) float64 {
	tp := d.TauRise * d.TauDecay / (d.TauDecay - d.TauRise) * math.Log(d.TauDecay/d.TauRise)
	norm := math.Exp(-tp/d.TauDecay) - math.Exp(-tp/d.TauRise)
	hi := sort.SearchFloat64s(d.Times, t) // first onset >= t
	for hi < len(d.Times) && d.Times[hi] <= t {
		hi++
	}
	s := 0.0
	for i := hi - 1; i >= 0; i-- {
		u := t - d.Times[i]
		if u > window*d.TauDecay {
			break
		}
		s += math.Exp(-u/d.TauDecay) - math.Exp(-u/d.TauRise)
	}
	return d.Rest + d.Amp*s/norm
}

// Train returns n onsets at rate hz [1/ms] starting at t0: t0 + k/hz.
func Train(t0, hz float64, n int) []float64 {
	ts := make([]float64, n)
	for k := range ts {
		ts[k] = t0 + float64(k)/hz
	}
	return ts
}

// AdvanceTrain advances c to tEnd under drive d, splitting the integration
// at every onset in d.Times so that the step control restarts at each
// transient; obs is called at the times in ts as in Advance.
func (c *Cascade) AdvanceTrain(d Transients, tEnd float64, ts []float64, obs func(t float64)) error {
	ca := d.Ca
	for _, on := range d.Times {
		if on <= c.T {
			continue
		}
		if on >= tEnd {
			break
		}
		if err := c.Advance(on-c.T, ca, ts, obs); err != nil {
			return err
		}
	}
	if tEnd > c.T {
		return c.Advance(tEnd-c.T, ca, ts, obs)
	}
	return nil
}

// Spine Ca²⁺ of one presynaptic pulse at rest (−65 mV), measured on
// spine.Default() in this repo: free Ca²⁺ rests at 0.07 µM and peaks
// 1.02 µM above rest at 25 ms; half-decay 61 ms, one-tenth at 174 ms,
// 101 µM·ms above rest per pulse. The kernel with τr = 12 ms (extrusion)
// and τd = 70 ms (NMDA conductance) reproduces these: peak at 25.5 ms,
// 103 µM·ms.
const (
	spineRest     = 0.07 // resting free Ca²⁺ [µM]
	spineAmp      = 1.02 // single-pulse peak above rest [µM]
	spineTauRise  = 12.0 // τr [ms]
	spineTauDecay = 70.0 // τd [ms]
)

// spineGain is SpineLikeTrain's amplitude factor at the measured rates
// [Hz]. Measured on spine.Default() in this repo, 100 pulses, mean free
// Ca²⁺ above rest over the train [µM] (peak above rest in brackets):
// 1 Hz 0.10 (1.02), 5 Hz 0.66 (1.49), 10 Hz 1.64 (2.40), 20 Hz 3.25
// (3.68), 50 Hz 6.09 (6.45), 100 Hz 8.11 (8.71). Each gain is the
// measured mean divided by the mean of the linear superposition of the
// single-pulse kernel over the same train (0.514, 1.024, 2.033, 4.957,
// 9.492 µM at 5…100 Hz): the spine is supralinear at 5–20 Hz (NMDA
// unblock as the spine depolarises) and saturates at 50–100 Hz. At 1 Hz
// the measured mean (0.10, two digits) and peak (1.02) both match the
// kernel, so the gain is 1. The same gains reproduce the measured peaks
// within 6% (TestSpineLikeTrain).
var spineGain = [...]struct{ hz, gain float64 }{
	{1, 1}, {5, 1.284}, {10, 1.601}, {20, 1.599}, {50, 1.229}, {100, 0.854},
}

// SpineLikeTrain returns the Ca²⁺ drive of n presynaptic pulses at rate hz
// [1/ms] from t0 [ms], as measured on spine.Default() in this repo (the
// numbers are at spineGain): transients of the single-pulse kernel (rest
// 0.07 µM, τr = 12 ms, τd = 70 ms) with amplitude 1.02 µM times a gain
// that makes the mean Ca²⁺ over a 100-pulse train equal the spine's. The
// gain is interpolated linearly in log rate between the measured rates
// (1, 5, 10, 20, 50, 100 Hz) and held at the end values outside them
// (1 below 1 Hz, where pulses do not overlap). Assumption: the gain does
// not depend on the number of pulses (measured with 100; the Dudek & Bear
// protocol has 900).
func SpineLikeTrain(hz float64, n int, t0 float64) Transients {
	return Transients{Rest: spineRest, Amp: spineAmp * spineTrainGain(hz*units.Second),
		TauRise: spineTauRise, TauDecay: spineTauDecay, Times: Train(t0, hz, n)}
}

// spineTrainGain interpolates spineGain at rate f [Hz].
func spineTrainGain(f float64) float64 {
	g := spineGain[0].gain
	for i := 1; i < len(spineGain); i++ {
		a, b := spineGain[i-1], spineGain[i]
		switch {
		case f <= a.hz:
			return g
		case f >= b.hz:
			g = b.gain
		default:
			return a.gain + (b.gain-a.gain)*math.Log(f/a.hz)/math.Log(b.hz/a.hz)
		}
	}
	return g
}

// Plateau is a constant Ca²⁺ elevation: Rest + Amp on [Start, Stop),
// Rest otherwise.
type Plateau struct {
	Rest, Amp   float64 // resting Ca²⁺ and elevation above it [µM]
	Start, Stop float64 // [ms]
}

// Ca returns the Ca²⁺ concentration at time t [µM].
func (d Plateau) Ca(t float64) float64 {
	if t >= d.Start && t < d.Stop {
		return d.Rest + d.Amp
	}
	return d.Rest
}

// BathNMDA is the assumed Ca²⁺ drive of bath NMDA (about 20 µM for 3 min,
// the chem-LTD of docs/sources.md M2) from t0 [ms]: a plateau 0.75 µM above the
// spine's 0.07 µM rest for 3 min. [A] Reasoning: 20 µM NMDA is below the
// receptor's EC50 (tens of µM [M]) and the cell is depolarised but not
// spiking, so the spine sits in a sustained, moderate elevation; chem-LTD
// shares the LFS-LTD machinery (Lee et al. 1998 Neuron 21:1151, chem-LTD
// and LFS-LTD occlude [V-abs]), so the elevation must lie in the
// calcineurin range below CaMKII's: 0.5–1 µM, of which 0.75 is the middle
// (the mean spine Ca²⁺ of 5–10 Hz trains is 0.66–1.64 µM). Sensitivity
// to 0.5 and 1.0 µM is reported by TestM2BathNMDA.
func BathNMDA(t0 float64) Plateau {
	return Plateau{Rest: spineRest, Amp: 0.75, Start: t0, Stop: t0 + 3*units.Minute}
}

// AdvancePlateau advances c to tEnd under drive d, splitting the
// integration at the plateau's edges; obs is called at the times in ts as
// in Advance.
func (c *Cascade) AdvancePlateau(d Plateau, tEnd float64, ts []float64, obs func(t float64)) error {
	for _, e := range [...]float64{d.Start, d.Stop} {
		if e > c.T && e < tEnd {
			if err := c.Advance(e-c.T, d.Ca, ts, obs); err != nil {
				return err
			}
		}
	}
	if tEnd > c.T {
		return c.Advance(tEnd-c.T, d.Ca, ts, obs)
	}
	return nil
}
