package ca1

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// cascadeRun is one stretch's advance of every cascade over the Ca²⁺
// trace, on several goroutines: each takes the next slot (item -1 is the
// probe, see newCascadeRun) until none is left. Each cascade writes only
// its own state and its own column of cs and surf, so the results do not
// depend on the number of goroutines or on when each runs.
type cascadeRun struct {
	pop  *Population
	dt   float64
	recT []float64
	cs   [][][]float64 // per record, per slot: cascade state at the record's time
	surf [][]float64   // per record, per slot: trapped receptors
	errs []error
	next atomic.Int64
	wg   sync.WaitGroup
}

// newCascadeRun prepares the advance of every cascade by dt, reporting the
// record times recT. With probe, the first item computes the probe for the
// stretch's records: they see the receptor counts in force over it,
// pop.surf, which no cascade changes, so it can run beside the cascades,
// and Strength then finds its memo; nothing else changes.
func (pop *Population) newCascadeRun(dt float64, recT []float64, probe bool) *cascadeRun {
	ns := pop.nSlots()
	r := &cascadeRun{pop: pop, dt: dt, recT: recT, errs: make([]error, ns),
		cs: make([][][]float64, len(recT)), surf: make([][]float64, len(recT))}
	for i := range recT {
		r.cs[i], r.surf[i] = make([][]float64, ns), make([]float64, ns)
	}
	if probe {
		r.next.Store(-1)
	}
	return r
}

// start runs the work on n more goroutines.
func (r *cascadeRun) start(n int) {
	r.wg.Add(max(n, 0))
	for range n {
		go func() {
			defer r.wg.Done()
			r.work()
		}()
	}
}

// finish joins the work on the calling goroutine and waits for the rest.
// With the cascades streaming (startStreams), it returns the caller's
// token instead, so that nw goroutines compute until every item is done.
func (r *cascadeRun) finish() {
	tr := &r.pop.trace
	tr.finish()
	if tr.tokens != nil {
		tr.release()
	} else {
		r.work()
	}
	r.wg.Wait()
	tr.tokens = nil
}

func (r *cascadeRun) work() {
	for {
		j := int(r.next.Add(1) - 1)
		if j >= len(r.errs) {
			return
		}
		r.item(j)
	}
}

// startStreams runs every item on a goroutine of its own while the caller
// integrates the cable, at most nw − 1 of them computing at a time (the
// caller holds the nw-th token until finish): a cascade that needs Ca²⁺
// the cable has not produced yet parks and gives its token to another
// (caTrace.wait), so the other cores work on every cascade as the trace
// grows, not on one that follows the cable step by step.
func (r *cascadeRun) startStreams(nw int) {
	tr := &r.pop.trace
	tr.tokens = make(chan struct{}, nw)
	for range nw - 1 {
		tr.tokens <- struct{}{}
	}
	first := int(r.next.Load())
	r.next.Store(int64(len(r.errs))) // work() finds nothing left
	r.wg.Add(len(r.errs) - first)
	for j := first; j < len(r.errs); j++ {
		go func() {
			defer r.wg.Done()
			tr.acquire()
			r.item(j)
			tr.release()
		}()
	}
}

// item advances slot j's cascade (j = −1: the probe).
func (r *cascadeRun) item(j int) {
	pop := r.pop
	if j < 0 {
		_, _ = pop.probe.amplitude(pop.surf) // an error recurs, and is reported, when Strength asks
		return
	}
	c := pop.cs[j]
	if !pop.live(j) { // weight 0: its state is replaced before it counts (retire)
		c.T += r.dt
		return
	}
	drive, nano := pop.drives(j)
	c.SetNano(nano)
	ri := 0
	o := func(t float64) {
		for ri < len(r.recT) && r.recT[ri] < t {
			ri++
		}
		if ri < len(r.recT) && r.recT[ri] == t {
			r.cs[ri][j] = c.Read(nil)
			r.surf[ri][j] = c.Surface()
		}
	}
	adv := c.Continue
	if pop.fresh && (pop.restartAll || pop.trace.moves(j)) {
		adv = c.Advance
	}
	if err := adv(r.dt, drive, r.recT, o); err != nil {
		r.errs[j] = fmt.Errorf("ca1: cascade of synapse slot %d at t = %g ms: %w", j, c.T, err)
	}
}

// beginStretch starts the cascades of a stretch after an event, which the
// cable is about to integrate up to tEnd with the record times recT in it:
// they advance beside the cable, reading its Ca²⁺ trace as it grows
// (startStreams), and the caller joins them at the coupling (couple).
// Nothing is started with one worker, or without an event (the cable's
// work is then small).
func (pop *Population) beginStretch(tEnd float64, recT []float64, obs func(float64)) {
	nw := min(pop.p.workers(), pop.nSlots())
	if nw < 2 || !pop.fresh || !(tEnd > pop.tc) {
		return
	}
	pop.run = pop.newCascadeRun(tEnd-pop.tc, recT, pop.prefetch && obs != nil && len(recT) > 0 && !pop.cQuiet)
	pop.run.startStreams(nw)
}

// abortStretch ends a stretch whose cable integration failed: the
// cascades finish on the trace so far (the run stops with the error).
func (pop *Population) abortStretch() {
	if pop.run != nil {
		pop.run.finish()
		pop.run = nil
		pop.trace.reset()
	}
}

// couple advances every cascade to the cable's time over its recorded Ca²⁺
// (in parallel), sets the AMPA counts, and calls obs for the pending
// records.
func (pop *Population) couple(obs func(float64)) {
	ns := pop.nSlots()
	dt := pop.t - pop.tc
	recT := make([]float64, len(pop.recs))
	for i, r := range pop.recs {
		recT[i] = r.t
	}
	run := pop.run
	pop.run = nil
	if run != nil && (run.dt != dt || !slices.Equal(run.recT, recT)) {
		run.finish()
		pop.trace.reset()
		pop.cerr = fmt.Errorf("ca1: internal: the cascades ran %g ms with records %v, the cable %g ms with %v", run.dt, run.recT, dt, recT)
		return
	}
	if dt > 0 {
		if run == nil {
			run = pop.newCascadeRun(dt, recT, pop.prefetch && obs != nil && len(recT) > 0 && !pop.cQuiet)
			run.start(min(pop.p.workers(), ns) - 1)
		}
		run.finish()
		for _, e := range run.errs {
			if e != nil && pop.cerr == nil {
				pop.cerr = e
			}
		}
		pop.fresh = false
	}
	for i := range pop.recs {
		if run != nil {
			pop.recs[i].cs, pop.recs[i].surf = run.cs[i], run.surf[i]
		} else { // dt = 0: every record is at the cascades' time (below)
			pop.recs[i].cs, pop.recs[i].surf = make([][]float64, ns), make([]float64, ns)
		}
	}
	force := slices.Clone(pop.surf) // in force over the stretch
	for i := range pop.recs {
		pop.recs[i].force = force
	}
	for j := range ns {
		pop.surf[j] = pop.cs[j].Surface()
		for i := range pop.recs {
			if pop.recs[i].cs[j] == nil { // record at the cascades' start time
				pop.recs[i].cs[j] = pop.cs[j].Read(nil)
				pop.recs[i].surf[j] = pop.surf[j]
			}
		}
	}
	if pop.cQuiet { // the cable read no counts: a record's in force are its own
		for i := range pop.recs {
			pop.recs[i].force = pop.recs[i].surf
		}
		if obs != nil && pop.prefetch && len(pop.recs) > 0 {
			pop.probeRecords(pop.recs)
		}
		pop.cQuiet = false
	}
	pop.tc = pop.t
	pop.trace.reset()
	pop.updateAMPA()
	recs := pop.recs
	pop.recs = nil
	if obs != nil {
		for i := range recs {
			pop.inObs = &recs[i]
			obs(recs[i].t)
		}
		pop.inObs = nil
	}
}

// quietOpen is the AMPA open fraction (relative to a full release's peak)
// below which a synapse's receptor count carries no current the cable can
// feel: 1e-9 of the peak, reached ≈ 35 ms after a release (τ_decay 1.7 ms).
const quietOpen = 1e-9

// quiet reports whether the cable reads no AMPA receptor count until the
// next event: no bath agonist holds AMPA receptors open (AMPA.Tonic = 0)
// and every synapse's AMPA gating has decayed below quietOpen. Only a
// release (Pre, an event, which ends the Advance call) opens them again,
// so the counts can lag the cascades by any time without changing the
// cable.
func (pop *Population) quiet() bool {
	if pop.p.AMPA.Tonic != 0 {
		return false
	}
	for j := range pop.cab.slots {
		s := pop.y[nShared+nSlot*j:]
		if !pop.cab.slots[j].dead && math.Abs(s[sAB]-s[sAA]) > quietOpen {
			return false
		}
	}
	return true
}

// stretchEnd is the end of the stretch that starts now, in an Advance
// call that ends at t1: at most Couple later while the cable reads the
// AMPA counts, t1 when it does not (quiet; cQuiet is then set). It does
// not depend on the record times, so recording does not move the
// coupling points (TestRecordTimesDoNotPerturb). The records of a quiet
// stretch read their own counts (couple).
func (pop *Population) stretchEnd(t1 float64) float64 {
	end := math.Min(t1, pop.tc+pop.p.Couple)
	pop.cQuiet = end < t1 && !pop.noQuiet && pop.quiet()
	if pop.cQuiet {
		return t1
	}
	return end
}

// probeRecords computes the test-pulse amplitude of every record of a
// quiet stretch with its own receptor counts (their force) on Workers
// goroutines, each with a probe of its own (probe.clone), so that the
// observer's Strength finds it (record.amp). Each is computed afresh, not
// from a memo, so the values do not depend on the number of goroutines.
func (pop *Population) probeRecords(recs []record) {
	nw := min(pop.p.workers(), len(recs))
	for len(pop.probes) < nw {
		pop.probes = append(pop.probes, pop.probe.clone())
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range nw {
		wg.Go(func() {
			pr := pop.probes[w]
			for {
				i := int(next.Add(1) - 1)
				if i >= len(recs) {
					return
				}
				a, err := pr.measure(recs[i].force)
				if err != nil {
					a = math.NaN()
				}
				recs[i].amp, recs[i].ampOK = a, true
			}
		})
	}
	wg.Wait()
	// A record at the stretch's end read the counts the cascades end with,
	// those in force from now on: the main probe keeps its amplitude, so
	// that a Strength right after the Advance (the engine's test pulse at
	// this time) does not run the same test pulse again on one core.
	if n := len(recs); n > 0 && recs[n-1].t == pop.t && recs[n-1].ampOK && !math.IsNaN(recs[n-1].amp) {
		pop.probe.seed(recs[n-1].force, recs[n-1].amp)
	}
}
