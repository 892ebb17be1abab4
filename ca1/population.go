package ca1

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/synlab/synlab/cascade"
)

// Population is N Schaffer-collateral synapses on one CA1 cell with their
// cascades. It is not safe for concurrent use (it runs the cascades on its
// own goroutines inside Advance).
type Population struct {
	p    Params
	syn  []Synapse // stochastic: one per slot; deterministic: one per class
	nCls int

	cab    *cable
	sol    *rodas
	y      []float64
	t      float64
	tEnd   float64 // end of the current somatic pulse
	ffD    float64 // feedforward inhibition's resource, ffLast its last stimulus [ms] (ffinh.go)
	ffLast float64
	fresh  bool // an event since the cascades last advanced

	// presynaptic
	term    Terminal
	g       float64     // bath factor of the fusion drive
	dMF     []float64   // mean-field ready fraction per synapse (class) at time preT
	cMF     []float64   // mean-field occupied fraction at preT
	preT    float64     // time of dMF, cMF (the last spike or parameter change)
	site    []uint8     // stochastic: site state per synapse
	q       []float64   // deterministic: mean release probability per class at the last spike
	qp      [][]float64 // deterministic: release-branch probability of each class's particles (branch.go)
	dS, cS  []float64   // deterministic: each slot's ready and occupied fractions given its branch, at preT (branch.go)
	pi      [][]float64 // deterministic: weights of each class's particles (sum 1)
	kp      int         // deterministic: particles per class (Params.Particles)
	release []float64   // last released amount per slot (r)
	dep     []float64   // presynaptic t-LTD per synapse (class): the fall D of the fusion drive (tltd.go)
	etr     []float64   // per slot: the L-type signal E that t-LTD reads [ms] (nil when off)
	xL      float64     // E's drive factor: ([Ca]o/2 mM)·u_L/(ECa − V_rest)
	xDen    float64     // ECa − V_rest at New [mV]

	// cascades
	cs     []*cascade.Cascade
	trap0  float64
	rest0  []float64 // the cascades' resting state (merge.go's scale)
	surf   []float64 // trapped receptors per slot at the last coupling
	tc     float64   // cascades' time
	cEnd   float64   // end of the stretch being integrated (stretchEnd)
	cQuiet bool      // the stretch is quiet: the cable reads no AMPA counts over it (quiet)
	trace  caTrace
	run    *cascadeRun // the cascades of the stretch being integrated, started beside the cable (couple.go)
	cerr   error
	ampaF  float64 // spine AMPA DualExp factor
	nmdaF  float64

	// records
	recs   []record
	inObs  *record
	caPeak []float64 // per slot: peak free Ca²⁺ since the start [µM]
	caLast []float64 // per slot: peak since the last presynaptic spike [µM]
	caInt  []float64 // per slot: ∫(Ca − rest)dt since the start [µM·ms]
	spikes int       // somatic action potentials (upward crossings of 0 mV) since the start

	noFeedback bool // tests: AMPA counts stay at rest
	noOwn      bool // tests: no own-release excess
	restartAll bool // tests: every cascade restarts its step control after an event
	noQuiet    bool // tests: every stretch is at most Couple long, quiet or not (stretchEnd)

	// probe
	probe          *probe
	probes         []*probe // clones of probe for the records of quiet stretches (probeRecords)
	prefetch       bool     // Strength was read in an observer: the next coupling computes it beside the cascades (couple)
	epsp0          float64
	field0         float64   // the probe's field slope at t = 0 [pA/ms]
	wave0T, wave0V []float64 // the test EPSP at t = 0
}

// New returns a population at rest at time 0: synapses drawn with rng
// (stochastic mode) or the deterministic classes, every cascade at its
// resting steady state at Ca.Rest, soma unclamped. rng is used only in the
// stochastic mode to draw the synapses (Pre takes its own).
func New(p Params, rng *rand.Rand) (*Population, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pop := &Population{p: p, tEnd: math.Inf(-1), term: Terminal{Last: math.Inf(-1)}, ffLast: math.Inf(-1)}
	if p.Stochastic {
		if rng == nil {
			return nil, errors.New("ca1: New: the stochastic mode needs a *rand.Rand")
		}
		if p.Replicas > 0 {
			for _, c := range p.Synapses.Classes(p.KV, p.KR) {
				c.Share /= float64(p.Replicas)
				for range p.Replicas {
					pop.syn = append(pop.syn, c)
				}
			}
		} else {
			pop.syn = p.Synapses.Sample(p.N, rng)
		}
	} else {
		pop.syn = p.Synapses.Classes(p.KV, p.KR)
	}
	pop.nCls = len(pop.syn)
	pop.kp = max(p.Particles, 1)
	ns := pop.nSlots()
	slots := make([]slotK, ns)
	for j := range slots {
		s := pop.synOf(j)
		slots[j] = slotConst(p.Cell, s.HeadVolume, s.NeckLength, s.NeckDiam)
	}
	pop.cab = newCable(&pop.p, slots)
	pop.y = make([]float64, pop.cab.n)
	pop.cab.rest(pop.y)
	pop.sol = newRodas(pop.cab, p.RelTol, p.AbsTol)
	pop.ampaF, pop.nmdaF = p.AMPA.Factor(), p.NMDA.Factor()
	pop.g = p.Release.Bath(p.Ca.CaO, p.NMDA.Mg)
	pop.dMF, pop.cMF = make([]float64, pop.nCls), make([]float64, pop.nCls)
	for i := range pop.dMF {
		pop.dMF[i] = 1
	}
	if p.Stochastic {
		pop.site = make([]uint8, pop.nCls)
	} else {
		pop.q = make([]float64, pop.nCls)
		pop.pi, pop.qp = make([][]float64, pop.nCls), make([][]float64, pop.nCls)
		for c := range pop.pi {
			pop.pi[c], pop.qp[c] = make([]float64, pop.kp), make([]float64, pop.kp)
			pop.pi[c][0] = 1
		}
		pop.dS, pop.cS = make([]float64, ns), make([]float64, ns)
		for j := range pop.dS {
			pop.dS[j] = 1
		}
	}
	pop.release = make([]float64, ns)
	pop.dep = make([]float64, pop.nCls)
	if p.TLTD.on() {
		pop.etr = make([]float64, ns)
		pop.tltdInit(true)
	}
	pop.caPeak, pop.caLast, pop.caInt = make([]float64, ns), make([]float64, ns), make([]float64, ns)
	for j := range ns {
		pop.caPeak[j], pop.caLast[j] = p.Ca.Rest, p.Ca.Rest
	}

	if err := pop.newCascades(rng); err != nil {
		return nil, err
	}
	pop.updateWeights()
	pop.updateAMPA()
	pop.trace.init(ns, p.nanoOn())
	pop.probe = newProbe(pop)
	a, err := pop.probe.amplitude(pop.surf)
	if err != nil {
		return nil, err
	}
	pop.epsp0 = a
	if pop.field0, err = pop.probe.field(pop.surf); err != nil {
		return nil, err
	}
	pop.wave0T, pop.wave0V = pop.probe.waveform(pop.surf)
	return pop, nil
}

// newCascades gives every slot its cascade: one resting state, computed
// once and copied (New integrates 60 days at rest; every synapse's rest is
// the same). With CascadeSSA each synapse's cascade is the exact
// stochastic one of its head volume, with a random source of its own drawn
// from rng.
func (pop *Population) newCascades(rng *rand.Rand) error {
	p := pop.p
	ns := pop.nSlots()
	cp := pop.cascadeParams(pop.synOf(0))
	c0, err := cascade.New(cp, nil)
	if err != nil {
		return fmt.Errorf("ca1: cascade: %w", err)
	}
	rest := c0.Read(nil)
	pop.rest0 = rest
	pop.trap0 = c0.Surface()
	if !(pop.trap0 > 0) {
		return fmt.Errorf("ca1: cascade has %g PSD-trapped receptors at rest: need > 0", pop.trap0)
	}
	pop.cs = make([]*cascade.Cascade, ns)
	pop.surf = make([]float64, ns)
	for j := range ns {
		var c *cascade.Cascade
		switch {
		case p.CascadeSSA:
			c, err = cascade.NewStochastic(pop.cascadeParams(pop.synOf(j)), rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64())))
		case j == 0:
			c = c0
		default:
			c, err = cascade.New(pop.cascadeParams(pop.synOf(j)), nil)
		}
		if err != nil {
			return fmt.Errorf("ca1: cascade: %w", err)
		}
		if !p.CascadeSSA {
			if err := c.Set(rest); err != nil {
				return err
			}
		}
		c.RelTol = p.CascadeRelTol
		pop.cs[j] = c
		pop.surf[j] = c.Surface()
	}
	return nil
}

// cascadeParams is the cascade of a synapse: Params.Cascade with the
// spine's resting Ca²⁺, the synapse's head volume and the postsynaptic
// endocytosis level.
func (pop *Population) cascadeParams(s Synapse) cascade.Params {
	cp := pop.p.Cascade
	cp.CaRest = pop.p.Ca.Rest
	cp.Volume = s.HeadVolume
	cp.EndoPost *= pop.p.Endo.Post
	return cp
}

// nSlots is the number of modelled spines on the cable.
func (pop *Population) nSlots() int {
	if pop.p.Stochastic {
		return pop.nCls
	}
	return 2 * pop.kp * pop.nCls
}

// class is the synapse (class) index of slot j.
func (pop *Population) class(j int) int {
	if pop.p.Stochastic {
		return j
	}
	return j / (2 * pop.kp)
}

// branch returns the particle and the branch (0 release, 1 failure) of
// slot j in the deterministic mode.
func (pop *Population) branch(j int) (particle, b int) {
	r := j % (2 * pop.kp)
	return r / 2, r % 2
}

// slot is the index of class c's particle i, branch b.
func (pop *Population) slot(c, i, b int) int { return c*2*pop.kp + 2*i + b }

func (pop *Population) synOf(j int) Synapse { return pop.syn[pop.class(j)] }

// share is the fraction of the recruited synapses slot j stands for now.
func (pop *Population) share(j int) float64 {
	s := pop.synOf(j).Share
	if pop.p.Stochastic {
		return s
	}
	c := pop.class(j)
	i, b := pop.branch(j)
	q := pop.qp[c][i]
	if b == 0 {
		return s * pop.pi[c][i] * q
	}
	return s * pop.pi[c][i] * (1 - q)
}

// updateWeights sets every slot's weight on the dendrite and the weight of
// its own-release excess (cable.go). A stochastic synapse carries w of its
// own current in the shared dendrite and 1 − w in its excess: its own
// EPSP at weight 1. A deterministic release branch stands for one real
// synapse of the N that the stochastic mode simulates (weight w1 =
// Recruited/N) conditional on its release: the shared dendrite carries
// w1·q of that synapse's release current (its mean), so its excess is
// 1 − w1·q. The failure branch's conditional excess, −w1·q of the release
// current (≈ −0.01), is neglected.
func (pop *Population) updateWeights() {
	w1 := pop.p.Recruited / float64(pop.p.N)
	for j := range pop.cab.slots {
		k := &pop.cab.slots[j]
		k.w = pop.p.Recruited * pop.share(j)
		switch {
		case pop.p.Stochastic:
			k.e = 1 - k.w
		case j%(2*pop.kp)%2 == 0:
			k.e = 1 - w1*pop.q[pop.class(j)]
		default:
			k.e = 0
		}
		if pop.noOwn {
			k.e = 0
		}
		k.dead = !pop.live(j)
	}
}

// updateAMPA sets every slot's AMPA and NMDA conductances from its trapped
// receptors and the drugs.
func (pop *Population) updateAMPA() {
	for j := range pop.cab.slots {
		s := pop.synOf(j)
		k := &pop.cab.slots[j]
		k.gA = s.GAMPA * pop.p.Drugs.AMPA * pop.surf[j] / pop.trap0
		if pop.noFeedback {
			k.gA = s.GAMPA * pop.p.Drugs.AMPA
		}
		k.gN = s.GNMDA * pop.p.Drugs.NMDA
	}
}

// Time returns the model time [ms].
func (pop *Population) Time() float64 { return pop.t }

// Params returns the parameters in force.
func (pop *Population) Params() Params { return pop.p }

// Pre is a Schaffer-collateral stimulus now: every recruited bouton fires.
// In the stochastic mode each synapse's single release site, if ready,
// releases with its probability (rng draws, in synapse order); in the
// deterministic mode each class merges its two branches and splits again
// with the mean-field release probability. It returns the expected
// released fraction of the recruited synapses (Σ share·P·D).
func (pop *Population) Pre(rng *rand.Rand) float64 {
	if pop.p.Stochastic && rng == nil {
		panic("ca1: Population.Pre: the stochastic mode needs a *rand.Rand")
	}
	pop.sync()
	p := &pop.p
	rl := p.Release
	t := pop.t
	xf, xd, xs := rl.At(pop.term, t)
	kc := rl.KClear(p.Endo.Pre)
	pop.propagateAll(t)
	expect := 0.0
	for i, s := range pop.syn {
		prob := rl.Prob(rl.F1(s.Docked, pop.fusion(i), xs), xf)
		mf := prob * pop.dMF[i]
		expect += s.Share * mf
		if p.Stochastic {
			st := pop.site[i]
			if st != siteReady && !math.IsInf(pop.term.Last, -1) {
				st = rl.recoverSite(st, pop.term.XD, t-pop.term.Last, kc, rng)
			}
			r := 0.0
			if st == siteReady && rng.Float64() < prob {
				st, r = siteOccupied, 1
			}
			pop.site[i] = st
			pop.jump(i, r)
			if pop.etr != nil {
				pop.tltdPre(i, r)
			}
		} else {
			if pop.etr != nil {
				pop.tltdPre(i, mf)
			}
			pop.reduce(i, pop.kTarget(t))
			pop.q[i] = mf
			pop.split(i, prob)
		}
		pop.dMF[i] -= mf
		pop.cMF[i] += mf
	}
	pop.term = Terminal{XF: xf + 1, XD: xd + 1, XS: xs + 1, Last: t}
	pop.preT = t
	pop.ffStimulus()
	pop.updateWeights()
	for j := range pop.caLast {
		pop.caLast[j] = pop.y[nShared+nSlot*j+sCA]
	}
	pop.event()
	return expect
}

// propagate advances the mean presynaptic states d, c from preT to t with
// the clearance rate in force.
func (pop *Population) propagate(d, c []float64, t float64) {
	rl := pop.p.Release
	if math.IsInf(pop.term.Last, -1) || t <= pop.preT {
		return
	}
	_, xd, _ := rl.At(pop.term, pop.preT)
	pr := rl.Propagate(xd, t-pop.preT, rl.KClear(pop.p.Endo.Pre))
	for i := range d {
		d[i], c[i] = pr.Apply(d[i], c[i])
	}
}

// jump applies a release of fraction r at slot j.
func (pop *Population) jump(j int, r float64) {
	pop.release[j] = r
	if r == 0 {
		return
	}
	s := pop.y[nShared+nSlot*j:]
	a, n := r*pop.ampaF, r*pop.nmdaF
	s[sAA] += a
	s[sAB] += a
	s[sNA] += n
	s[sNB] += n
}

// SomaticSpike starts a somatic current pulse now (Stim.Amp for Stim.Dur):
// the hh soma fires and the spike back-propagates passively into every
// spine. A pulse already on is extended.
func (pop *Population) SomaticSpike() {
	pop.sync()
	pop.tEnd = pop.t + pop.p.Stim.Dur
	pop.event()
}

// Clamp switches an ideal somatic voltage clamp at v [mV] on or off.
func (pop *Population) Clamp(v float64, on bool) {
	pop.sync()
	pop.cab.clamped, pop.cab.vHold = on, v
	if on {
		pop.y[gVS] = v
		for j := range pop.cab.slots {
			pop.y[nShared+nSlot*j+sXS] = 0
		}
	}
	pop.event()
}

// event restarts the cable's step control and the cascades' at the next
// stretch.
func (pop *Population) event() {
	pop.sol.h = 0
	pop.fresh = true
	pop.updateAMPA()
}

// sync brings the cascades to the cable's time (they are after every
// Advance; this guards direct event calls at time 0).
func (pop *Population) sync() {
	if pop.tc < pop.t {
		pop.couple(nil)
	}
}

// Advance integrates the population for dt ≥ 0 ms. If obs is not nil it is
// called, in order, at each time of ts (sorted) in (Time(), Time()+dt];
// during the call Read, Strength, EPSP and Synapses report the state at
// that time. The cascades advance on Workers goroutines between coupling
// points (every Couple ms while the cable reads the AMPA counts, at the
// end of a quiet stretch otherwise, see stretchEnd, and at the end of the
// call); the results do not depend on Workers.
func (pop *Population) Advance(dt float64, ts []float64, obs func(t float64)) error {
	if !(dt >= 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("ca1: Population.Advance dt = %g ms: must be finite and >= 0", dt)
	}
	t1 := pop.t + dt
	ki := sort.SearchFloat64s(ts, pop.t)
	for ki < len(ts) && ts[ki] <= pop.t {
		ki++
	}
	for pop.t < t1 {
		if pop.tc == pop.t { // a stretch starts
			pop.cEnd = pop.stretchEnd(t1)
			kj := ki
			for kj < len(ts) && ts[kj] <= pop.cEnd {
				kj++
			}
			pop.beginStretch(pop.cEnd, ts[ki:kj], obs)
		}
		seg := pop.cEnd
		inj := pop.t < pop.tEnd
		if inj && pop.tEnd < seg {
			seg = pop.tEnd
		}
		pop.cab.injOn = inj
		var rec []float64
		for ki < len(ts) && ts[ki] <= seg {
			rec = append(rec, ts[ki])
			ki++
		}
		if err := pop.integrate(seg, rec); err != nil {
			pop.abortStretch()
			return err
		}
		if inj && seg == pop.tEnd {
			pop.sol.h = 0 // the pulse ends: the right-hand side jumps
		}
		if seg == pop.cEnd {
			pop.couple(obs)
			if pop.cerr != nil {
				return pop.cerr
			}
		}
	}
	if pop.tc < pop.t || len(pop.recs) > 0 {
		pop.couple(obs)
	}
	return pop.cerr
}

// integrate advances the cable to t1, recording every step's Ca²⁺ dense
// output for the cascades and the state at the record times rec.
func (pop *Population) integrate(t1 float64, rec []float64) error {
	ri := 0
	ns := pop.nSlots()
	step := func(t, h float64, y0 []float64) bool {
		if y0[gVS] < spikeThreshold && pop.sol.ynew[gVS] >= spikeThreshold && !pop.cab.clamped {
			pop.spikes++
		}
		pop.trace.add(pop.sol, t, h, y0, ns)
		if pop.etr != nil {
			pop.tltdStep(h, y0)
		}
		rest := pop.p.Ca.Rest
		for j := range ns {
			i := nShared + nSlot*j + sCA
			ca := pop.sol.ynew[i]
			// Simpson on the dense output: exact for its cubic.
			pop.caInt[j] += h / 6 * (y0[i] + 4*pop.sol.dense(i, 0.5, y0) + ca - 6*rest)
			if pop.cab.slots[j].w > 0 || pop.p.Stochastic {
				pop.caPeak[j] = math.Max(pop.caPeak[j], ca)
			}
			pop.caLast[j] = math.Max(pop.caLast[j], ca)
		}
		for ri < len(rec) && rec[ri] <= t+h {
			th := (rec[ri] - t) / h
			y := make([]float64, len(y0))
			for i := range y {
				y[i] = pop.sol.dense(i, th, y0)
			}
			pop.recs = append(pop.recs, record{t: rec[ri], y: y, spikes: pop.spikes})
			ri++
		}
		return false
	}
	if pop.cab.clamped {
		pop.y[gVS] = pop.cab.vHold
	}
	err := pop.sol.integrate(pop.t, t1, pop.y, step)
	if pop.cab.clamped {
		pop.y[gVS] = pop.cab.vHold
	}
	for ; ri < len(rec); ri++ { // at the current time
		pop.recs = append(pop.recs, record{t: rec[ri], y: slices.Clone(pop.y), spikes: pop.spikes})
	}
	if err != nil {
		return err
	}
	pop.t = t1
	return nil
}

// spikeThreshold [mV]: a somatic action potential is counted where V_soma
// crosses it upward between two accepted steps.
const spikeThreshold = 0.0

// Spikes is the number of somatic action potentials since the start.
func (pop *Population) Spikes() int {
	if r := pop.inObs; r != nil {
		return r.spikes
	}
	return pop.spikes
}

// record is the state kept for an observer call.
type record struct {
	spikes int
	t      float64
	y      []float64   // cable state
	cs     [][]float64 // cascade state per slot
	surf   []float64   // trapped receptors per slot at t (the cascades' dense output)
	force  []float64   // receptors in force in the cable at t (set at the coupling before t; in a quiet stretch, surf); the readouts use them
	amp    float64     // the probe's amplitude for force, if ampOK (probeRecords)
	ampOK  bool
}

// state returns the cable state and cascade data to report: the observed
// record's inside an observer call, else the current ones.
func (pop *Population) state() (y []float64, cs func(j int) []float64, surf []float64) {
	if r := pop.inObs; r != nil {
		return r.y, func(j int) []float64 { return r.cs[j] }, r.surf
	}
	return pop.y, func(j int) []float64 { return pop.cs[j].Read(nil) }, pop.surf
}

// inForce returns the receptor counts the readouts use: those in force in
// the cable now (set at the last coupling, at most Couple old; in a quiet
// stretch, where the cable reads none, the record's own, see couple), so
// that Strength is the response a test pulse would evoke at this moment
// of the simulation, and one probe serves every observation between two
// couplings of an active stretch.
func (pop *Population) inForce() []float64 {
	if r := pop.inObs; r != nil && r.force != nil {
		return r.force
	}
	return pop.surf
}
