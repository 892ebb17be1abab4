package ca1

import (
	"math"
	"math/rand/v2"
	"os"
	"sort"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/units"
)

// The row protocols of docs/ca1-decoder.md, in the convention of the
// lead's reproduce cases (papers/cases/ca1-*.yaml, engine.Summary): the
// cell at rest, one test Pre every 30 s in the baseline and the follow-up
// (none during the induction), 15 min baseline, the induction, 60 min of
// follow-up; the change is the mean Strength() at the test pulses of the
// last readoutWindow before the readout (60 min after the end of the
// induction) against the mean over the test pulses of the last
// baselineWindow of the baseline.

// ev is one event of an induction, at time t after its start [ms].
type ev struct {
	t    float64
	kind int
	v    float64 // clamp potential [mV] or NMDA tonic fraction
}

const (
	evPre = iota
	evSpike
	evClamp
	evUnclamp
	evNMDATonic // set p.NMDA.Tonic = v (bath NMDA on or off)
	evTest      // a test pulse (a Pre whose strength is read before it)
)

// induction is a list of events and its duration [ms].
type induction struct {
	ev  []ev
	dur float64
	// caO and mgO, when > 0, are the bath of the whole run [µM] (SetBath on
	// the resting state too), as a case's bath: block.
	caO, mgO float64
}

// Bi & Poo's culture saline [µM], the bath of the B18–B22 cases and of
// the stdp preset (1998 methods [M], not re-checked; docs/ca1-decoder.md
// §27).
const (
	cultureCaO = 3 * units.Millimolar
	cultureMgO = 2 * units.Millimolar
)

// inCulture runs in in Bi & Poo's culture saline, as the B18–B22 cases do.
func inCulture(in induction) induction {
	in.caO, in.mgO = cultureCaO, cultureMgO
	return in
}

// recStep is the interval of the observer's records (explorations shorten
// it; records do not perturb the run, TestRecordTimesDoNotPerturb).
var recStep = units.Minute

const (
	baselineMin    = 15.0
	followMin      = 60.0
	testEvery      = 30 * units.Second
	readoutWindow  = 5 * units.Minute  // engine readoutWindowMin
	baselineWindow = 10 * units.Minute // engine baselineWindowMin
)

// trainInd is n Pre at rate hz [Hz].
func trainInd(hz float64, n int) induction {
	var in induction
	for k := range n {
		in.ev = append(in.ev, ev{t: float64(k) / hz * units.Second, kind: evPre})
	}
	in.dur = float64(n) / hz * units.Second
	return in
}

// hfsInd is k trains of 100 pulses at 100 Hz, 20 s apart.
func hfsInd(k int) induction {
	var in induction
	for i := range k {
		t0 := float64(i) * 20 * units.Second
		for j := range 100 {
			in.ev = append(in.ev, ev{t: t0 + float64(j)*10, kind: evPre})
		}
	}
	in.dur = float64(k-1)*20*units.Second + units.Second
	return in
}

// tbsInd is k theta-burst trains (10 bursts of 4 at 100 Hz, bursts at
// 5 Hz), 20 s apart; a train lasts 9 burst periods + one burst (1.84 s),
// as protocol.Bursts.
func tbsInd(k int) induction {
	var in induction
	for i := range k {
		t0 := float64(i) * 20 * units.Second
		for b := range 10 {
			for j := range 4 {
				in.ev = append(in.ev, ev{t: t0 + float64(b)*200 + float64(j)*10, kind: evPre})
			}
		}
	}
	in.dur = float64(k-1)*20*units.Second + 9*200 + 40
	return in
}

// pairInd is n pairings at rate hz: a Pre and a SomaticSpike dt later
// (dt < 0: the spike first).
func pairInd(dt, hz float64, n int) induction {
	var in induction
	lead := math.Max(0, -dt)
	for k := range n {
		t0 := float64(k)/hz*units.Second + lead
		in.ev = append(in.ev, ev{t: t0, kind: evPre}, ev{t: t0 + dt, kind: evSpike})
	}
	in.dur = float64(n)/hz*units.Second + lead
	return in
}

// clampInd is n Pre at rate hz with the soma clamped at v from the start
// of the induction (set before its first pulse) to its end (n/hz), as the
// protocol's clamped phase.
func clampInd(v, hz float64, n int) induction {
	in := trainInd(hz, n)
	in.ev = append([]ev{{t: 0, kind: evClamp, v: v}}, in.ev...)
	in.ev = append(in.ev, ev{t: in.dur, kind: evUnclamp})
	return in
}

// bathNMDAInd is bath NMDA at tonic open fraction f for 3 min.
func bathNMDAInd(f float64) induction {
	return induction{ev: []ev{{t: 0, kind: evNMDATonic, v: f}, {t: 3 * units.Minute, kind: evNMDATonic, v: 0}}, dur: 3 * units.Minute}
}

// runOut is one protocol's outcome.
type runOut struct {
	change   float64   // change of strength [%] in the readout convention (see above)
	strength float64   // Strength at the end
	course   []float64 // Strength every minute from t = 0
	peakCK   float64   // largest mean CaMKII T286-P fraction
	peakCaN  float64   // largest mean active calcineurin fraction
	peakPP1  float64   // largest mean free PP1 fraction
	receptor float64   // ampar_rel at the end
	ckEnd    float64   // camkii_p_frac at the end
	surface  []float64 // mean surface receptors (OnSurface, share-weighted) every minute, relative to t = 0
	s845     []float64 // S845-P fraction of surface receptors every minute
	spikes   int
}

// runProto runs baseline, induction in, follow-up on a population with
// parameters p (rng for the stochastic mode) and returns the outcome.
func runProto(p Params, in induction, rng *rand.Rand) (runOut, error) {
	return runProtoBase(p, in, rng, baselineMin)
}

// runProtoBase is runProto with a baseline of base minutes.
func runProtoBase(p Params, in induction, rng *rand.Rand, base float64) (runOut, error) {
	return runWash(p, p, in, rng, base)
}

// runWash is runProtoBase with drugs washed in at t = 0, as the tier does
// (tier/population: "the resting state is the untreated one"): the
// population starts at the resting state of p0 (untreated: overrides and
// bath) and runs with pd (treated) from t = 0.
func runWash(p0, pd Params, in induction, rng *rand.Rand, base float64) (runOut, error) {
	if in.caO > 0 {
		p0.SetBath(in.caO, in.mgO)
		pd.SetBath(in.caO, in.mgO)
	}
	autoParticles(&p0, &pd, in)
	pop, err := New(p0, rng)
	if err != nil {
		return runOut{}, err
	}
	if err := pop.SetParams(pd); err != nil {
		return runOut{}, err
	}
	return runOn(pop, in, rng, base, nil)
}

// autoParticles gives p0 and pd the particles the tier chooses for in
// (AutoParticles of its shortest interval between presynaptic spikes), as
// tier/population does, unless CA1_PARTICLES or the caller set them.
func autoParticles(p0, pd *Params, in induction) {
	if os.Getenv("CA1_PARTICLES") != "" || p0.Particles != 1 || pd.Particles != 1 {
		return
	}
	d, last := math.Inf(1), math.Inf(-1)
	for _, e := range in.ev {
		if e.kind == evPre {
			d, last = min(d, e.t-last), e.t
		}
	}
	p0.Particles, p0.SlowParticles = AutoParticles(d), AutoSlowParticles(d)
	pd.Particles, pd.SlowParticles = p0.Particles, p0.SlowParticles
}

// runProtoHook is runWash (drugs pd washed in at t = 0 on the resting
// state of p0) that hands the population to got and calls each (if not
// nil) at every recorded minute.
func runProtoHook(p0, pd Params, in induction, got func(*Population), each func()) (runOut, error) {
	autoParticles(&p0, &pd, in)
	pop, err := New(p0, nil)
	if err != nil {
		return runOut{}, err
	}
	if err := pop.SetParams(pd); err != nil {
		return runOut{}, err
	}
	got(pop)
	return runOn(pop, in, nil, baselineMin, each)
}

// runOn runs the protocol on pop (see runProto).
func runOn(pop *Population, in induction, rng *rand.Rand, base float64, each func()) (runOut, error) {
	t0 := base * units.Minute
	t1 := t0 + in.dur
	end := t1 + followMin*units.Minute
	var evs []ev
	for t := 0.0; t < t0; t += testEvery {
		evs = append(evs, ev{t: t, kind: evTest})
	}
	for _, e := range in.ev {
		evs = append(evs, ev{t: t0 + e.t, kind: e.kind, v: e.v})
	}
	for t := t1; t < end; t += testEvery {
		evs = append(evs, ev{t: t, kind: evTest})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].t < evs[j].t })
	var out runOut
	row := make([]float64, len(cols))
	surf0 := -1.0
	var ts []float64
	for t := recStep; t <= end; t += recStep {
		ts = append(ts, t)
	}
	var bSum, rSum float64
	var bN, rN int
	test := func(t float64) { // at a test pulse, before it
		s := pop.Strength()
		if t > t0-baselineWindow && t <= t0 {
			bSum, bN = bSum+s, bN+1
		}
		if at := t1 + followMin*units.Minute; t > at-readoutWindow && t <= at {
			rSum, rN = rSum+s, rN+1
		}
	}
	obs := func(t float64) {
		if each != nil {
			each()
		}
		pop.Read(row)
		out.peakCK = math.Max(out.peakCK, row[11])
		out.peakCaN = math.Max(out.peakCaN, row[12])
		out.peakPP1 = math.Max(out.peakPP1, row[13])
		out.course = append(out.course, pop.Strength())
		s, f := pop.meanSurface()
		if surf0 < 0 {
			surf0 = s
		}
		out.surface = append(out.surface, s/surf0)
		out.s845 = append(out.s845, f)
	}
	s, f := pop.meanSurface()
	surf0 = s
	out.course, out.surface, out.s845 = []float64{1}, []float64{1}, []float64{f}
	ki := 0
	for _, e := range evs {
		var rec []float64
		for ki < len(ts) && ts[ki] <= e.t {
			rec = append(rec, ts[ki])
			ki++
		}
		if err := pop.Advance(e.t-pop.Time(), rec, obs); err != nil {
			return out, err
		}
		switch e.kind {
		case evTest:
			test(e.t)
			pop.Pre(rng)
		case evPre:
			pop.Pre(rng)
		case evSpike:
			pop.SomaticSpike()
		case evClamp:
			pop.Clamp(e.v, true)
		case evUnclamp:
			pop.Clamp(0, false)
		case evNMDATonic:
			q := pop.Params()
			q.NMDA.Tonic = e.v
			if err := pop.SetParams(q); err != nil {
				return out, err
			}
		}
	}
	if err := pop.Advance(end-pop.Time(), ts[ki:], obs); err != nil {
		return out, err
	}
	pop.Read(row)
	out.strength, out.receptor, out.ckEnd, out.spikes = pop.Strength(), row[10], row[11], pop.Spikes()
	out.change = 100 * (out.strength - 1)
	if bN > 0 && rN > 0 {
		out.change = 100 * (rSum/float64(rN)/(bSum/float64(bN)) - 1)
	}
	return out, nil
}

// meanSurface is the share-weighted mean of every synapse's surface
// receptors (PSD-trapped and non-trapped, scaled by head volume) and the
// S845-P fraction of the non-trapped surface pool.
func (pop *Population) meanSurface() (surface, s845 float64) {
	_, csOf, _ := pop.state()
	var sum, p, tot float64
	for j := range pop.cab.slots {
		sh := pop.share(j)
		y := csOf(j)
		sc := pop.synOf(j).HeadVolume / pop.p.Synapses.VRef
		sum += sh * sc * cascade.OnSurface(y)
		p += sh * (y[cascade.M10] + y[cascade.M11])
		tot += sh * (y[cascade.M00] + y[cascade.M01] + y[cascade.M10] + y[cascade.M11])
	}
	return sum, frac(p, tot)
}
