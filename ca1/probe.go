package ca1

import (
	"math"
	"slices"
)

// The strength readout is a simulated test pulse: the peak somatic EPSP
// (unclamped, current clamp at rest) that one Schaffer-collateral stimulus
// would evoke now, computed through the population's own cable equations:
//
//   - the cell at rest: every compartment at the resting state of the
//     current parameters (drugs, bath), reached by integrating 1 s from
//     NEURON's finitialize;
//   - every modelled synapse with its current trapped receptor count (AMPA
//     conductance GAMPA·Drugs.AMPA·N/N_rest) and its weight on the dendrite;
//   - the expected release of a test pulse: each synapse's resting release
//     probability F1 at the current bath and its presynaptic t-LTD (tltd.go;
//     no facilitation, all sites ready), as a deterministic jump of the AMPA
//     gating;
//   - no spike: the soma's Na⁺ conductance is off in the probe (as with
//     QX-314 in the recording pipette), so a potentiated test EPSP is read
//     as an EPSP and never turns into an action potential whose 100 mV
//     peak would be read as a 30-fold potentiation;
//   - AMPA only: the NMDA conductance is set to zero in the probe, so the
//     readout follows the AMPA receptors (as the early fEPSP slope and the
//     AMPA EPSC of the experiments do), and a drug or a [Mg²⁺]o change that
//     acts on NMDA receptors alone leaves it unchanged.
//
// The EPSP peak is the largest V_soma − V_rest on a 0.05 ms grid of the
// dense output, refined by a parabola through it and its neighbours,
// integrated until the EPSP has fallen below half its peak. Strength = peak / peak at t = 0. A probe is recomputed only
// when a receptor count or a branch weight has changed by more than 1e-9
// relative since the last one.
type probe struct {
	pop   *Population
	p     Params // the population's parameters with the soma's Na⁺ conductance off
	cab   *cable
	sol   *rodas
	yRest []float64
	y     []float64
	rest  bool // yRest holds the equilibrated rest

	valid  bool
	key    []float64
	amp    float64
	wt, wv []float64
}

const (
	probeDur  = 100.0 // [ms]
	probeGrid = 0.05  // [ms]
	probeWave = 0.1   // waveform spacing [ms]
	probeKey  = 1e-9  // relative change that triggers a new probe
	// probeRelTol is the probe's relative tolerance (absolute: 1e-2 of it
	// in mV, µM): the peak changes by < 1e-5 relative against 1e-7
	// (TestProbeAccuracy).
	probeRelTol = 1e-5
)

func newProbe(pop *Population) *probe {
	slots := slices.Clone(pop.cab.slots)
	pr := &probe{pop: pop}
	pr.params()
	cab := newCable(&pr.p, slots)
	pr.cab, pr.sol, pr.yRest, pr.y = cab, newRodas(cab, probeRelTol, probeRelTol*1e-2), make([]float64, cab.n), make([]float64, cab.n)
	cab.rest(pr.yRest)
	return pr
}

// params copies the population's parameters in force, with the soma's Na⁺
// conductance off.
func (pr *probe) params() {
	pr.p = pr.pop.p
	pr.p.HH.GNa = 0
}

// setup prepares the probe's cable for receptor counts surf.
func (pr *probe) setup(surf []float64) {
	pop := pr.pop
	pr.params()
	pr.cab.refresh()
	for j := range pr.cab.slots {
		s := pop.synOf(j)
		k := &pr.cab.slots[j]
		k.w = pop.p.Recruited * pop.share(j)
		k.e = 0
		k.gA = s.GAMPA * pop.p.Drugs.AMPA * surf[j] / pop.trap0
		k.gN = 0
		k.dead = false
	}
	if !pr.rest {
		pr.cab.rest(pr.yRest)
		pr.sol.h = 0
		_ = pr.sol.integrate(0, 1000, pr.yRest, nil)
		pr.rest = true
	}
	for j := range pr.cab.slots { // every slot at rest; the test pulse skips the weightless
		pr.cab.slots[j].dead = !pop.live(j)
	}
}

func (pr *probe) keyOf(surf []float64) []float64 {
	k := slices.Clone(surf)
	for j := range pr.cab.slots {
		k = append(k, pr.pop.share(j))
	}
	return append(k, pr.pop.dep...)
}

// run simulates the test pulse and calls sample(t, vSoma−rest) on the grid
// until sample returns true or probeDur.
func (pr *probe) run(surf []float64, every float64, sample func(t, v float64) bool) error {
	pr.setup(surf) // the rest first: V_rest is subtracted
	v0 := pr.yRest[gVS]
	return pr.runDense(surf, every, probeDur, func(t float64, y func(int) float64) bool {
		return sample(t, y(gVS)-v0)
	})
}

// runDense simulates the test pulse for dur ms and calls sample on the
// grid with the dense output y(i) of every state component, until sample
// returns true.
func (pr *probe) runDense(surf []float64, every, dur float64, sample func(t float64, y func(int) float64) bool) error {
	pr.setup(surf)
	pop := pr.pop
	copy(pr.y, pr.yRest)
	rl := pop.p.Release
	for j := range pr.cab.slots {
		s := pop.synOf(j)
		r := rl.F1(s.Docked, pop.fusion(pop.class(j)), 0)
		a := r * pop.ampaF
		y := pr.y[nShared+nSlot*j:]
		y[sAA] += a
		y[sAB] += a
	}
	if sample(0, func(i int) float64 { return pr.y[i] }) {
		return nil
	}
	next := every
	pr.sol.h = 0
	return pr.sol.integrate(0, dur, pr.y, func(t, h float64, y0 []float64) bool {
		for next <= t+h+1e-12 && next <= dur+1e-9 {
			th := (next - t) / h
			if sample(next, func(i int) float64 { return pr.sol.dense(i, th, y0) }) {
				return true
			}
			next += every
		}
		return false
	})
}

// field is the initial slope [pA/ms] of the probe's summed AMPA current
// (the sink of all recruited synapses, the current the field EPSP
// follows), negated so that it is positive: the least-squares slope over
// its 20–80% rise, sampled every 0.005 ms over the first 2 ms.
func (pr *probe) field(surf []float64) (float64, error) {
	var ts, is []float64
	p := &pr.pop.p
	err := pr.runDense(surf, 0.005, 2, func(t float64, y func(int) float64) bool {
		i := 0.0
		for j := range pr.cab.slots {
			k := &pr.cab.slots[j]
			b := nShared + nSlot*j
			i -= k.w * k.gA * (y(b+sAB) - y(b+sAA) + p.AMPA.Tonic) * (y(b+sVH) - p.AMPA.E)
		}
		ts, is = append(ts, t), append(is, i)
		return false
	})
	if err != nil {
		return 0, err
	}
	peak, at := 0.0, 0
	for k, v := range is {
		if v > peak {
			peak, at = v, k
		}
	}
	var sx, sy, sxx, sxy, n float64
	for k := 0; k <= at; k++ {
		if f := is[k] / peak; f < 0.2 || f > 0.8 {
			continue
		}
		sx += ts[k]
		sy += is[k]
		sxx += ts[k] * ts[k]
		sxy += ts[k] * is[k]
		n++
	}
	if n < 2 {
		return math.NaN(), nil
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx), nil
}

// amplitude is the peak somatic EPSP [mV] for receptor counts surf.
func (pr *probe) amplitude(surf []float64) (float64, error) {
	key := pr.keyOf(surf)
	if pr.serves(key) {
		return pr.amp, nil
	}
	peak, err := pr.measure(surf)
	if err != nil {
		return 0, err
	}
	pr.valid, pr.key, pr.amp = true, key, peak
	return peak, nil
}

// serves reports whether the memo holds the amplitude for key (every
// entry within probeKey of the memo's).
func (pr *probe) serves(key []float64) bool {
	if !pr.valid || len(key) != len(pr.key) {
		return false
	}
	for i := range key {
		if math.Abs(key[i]-pr.key[i]) > probeKey*math.Max(math.Abs(pr.key[i]), 1e-12) {
			return false
		}
	}
	return true
}

// seed gives the memo the amplitude amp that measure found for the
// receptor counts surf on a clone (probeRecords), unless the memo already
// serves them: the memo is then what amplitude(surf) would leave, without
// running the test pulse again (measure does not depend on the probe's
// history, so a clone's value is its own).
func (pr *probe) seed(surf []float64, amp float64) {
	if key := pr.keyOf(surf); !pr.serves(key) {
		pr.valid, pr.key, pr.amp = true, key, amp
	}
}

// measure is amplitude without the memo.
func (pr *probe) measure(surf []float64) (float64, error) {
	// The peak is passed once the EPSP has fallen below half of it; it is
	// refined by the parabola through the largest grid sample and its
	// neighbours.
	var prev, left, right float64
	peak, fresh := 0.0, false
	if err := pr.run(surf, probeGrid, func(_, v float64) bool {
		if fresh {
			right, fresh = v, false
		}
		if v > peak {
			peak, left, fresh = v, prev, true
		}
		prev = v
		return peak > 0 && v < 0.5*peak
	}); err != nil {
		return 0, err
	}
	if d := left - 2*peak + right; d < 0 {
		peak -= (right - left) * (right - left) / (8 * d)
	}
	return peak, nil
}

// clone is a probe of its own for the same population (probeRecords): it
// shares nothing mutable with pr, and starts from pr's rest if it has one.
func (pr *probe) clone() *probe {
	c := newProbe(pr.pop)
	copy(c.yRest, pr.yRest)
	c.rest = pr.rest
	return c
}

// waveform is the EPSP every probeWave ms.
func (pr *probe) waveform(surf []float64) (t, v []float64) {
	_ = pr.run(surf, probeWave, func(ti, vi float64) bool {
		t = append(t, ti)
		v = append(v, vi)
		return false
	})
	return t, v
}
