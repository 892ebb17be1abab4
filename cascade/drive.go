package cascade

import (
	"math"
	"sort"
)

// Transients is a Ca²⁺ drive made of identical dual-exponential transients
// on a resting level, the shape of the biophysical spine's response (package
// spine: one presynaptic pulse at rest peaks about 1.0 µM above rest and
// decays with τ ≈ 12 ms):
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
