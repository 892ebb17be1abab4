package ca1

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// caTrace is every step's dense output of each slot's free Ca²⁺ since the
// cascades' time: Ca_j(t0 + θh) = (1−θ)y0 + θ(y1 + (1−θ)(c2 + θc3)).
type caTrace struct {
	t0, h []float64
	coef  [][]float64 // per slot: y0, y1, c2, c3 per step
}

func (tr *caTrace) init(ns int) { tr.coef = make([][]float64, ns) }

// reset empties the trace (the cascades have consumed it).
func (tr *caTrace) reset() {
	tr.t0, tr.h = tr.t0[:0], tr.h[:0]
	for j := range tr.coef {
		tr.coef[j] = tr.coef[j][:0]
	}
}

// add appends the step just accepted by r (from t, size h, start y0).
func (tr *caTrace) add(r *rodas, t, h float64, y0 []float64, ns int) {
	tr.t0 = append(tr.t0, t)
	tr.h = append(tr.h, h)
	for j := range ns {
		i := nShared + nSlot*j + sCA
		tr.coef[j] = append(tr.coef[j], y0[i], r.ynew[i], r.c2[i], r.c3[i])
	}
}

// moves reports whether slot j's Ca²⁺ leaves its starting value by more
// than caMoves over the trace: only then does its cascade restart its step
// control (cascade.Advance) after an event; a spine whose Ca²⁺ an event
// hardly touched (a failure branch, a synapse that did not release)
// continues with its step size (cascade.Continue).
func (tr *caTrace) moves(j int) bool {
	cf := tr.coef[j]
	if len(cf) == 0 {
		return false
	}
	c0 := cf[0]
	for k := 0; k < len(cf); k += 4 {
		if math.Abs(cf[k+1]-c0) > caMoves {
			return true
		}
	}
	return false
}

// caMoves [µM]: a Ca²⁺ excursion below it does not restart a cascade's
// step control (see moves); TestConvergence checks the result against
// restarting always.
const caMoves = 0.01

// drive returns slot j's Ca²⁺ as a function of time over the trace
// (constant beyond its ends).
func (tr *caTrace) drive(j int) func(t float64) float64 {
	t0, h, cf := tr.t0, tr.h, tr.coef[j]
	n := len(t0)
	return func(t float64) float64 {
		if n == 0 {
			return math.NaN()
		}
		k := sort.SearchFloat64s(t0, t) - 1 // t0[k] < t ≤ t0[k+1]
		if k < 0 {
			return cf[0]
		}
		th := (t - t0[k]) / h[k]
		if th > 1 {
			th = 1
		}
		c := cf[4*k : 4*k+4]
		return (1-th)*c[0] + th*(c[1]+(1-th)*(c[2]+th*c[3]))
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
		r.cs = make([][]float64, ns)
		pop.recs[i].cs = r.cs
		pop.recs[i].surf = make([]float64, ns)
	}
	// The records of this stretch see the receptor counts in force over
	// it, pop.surf, so the probe for their Strength can run beside the
	// cascades (it reads neither them nor pop.surf's successor): item -1
	// of the work list, the first taken. Its result is the memo Strength
	// then finds; nothing else changes.
	first := 0
	if pop.prefetch && obs != nil && len(pop.recs) > 0 && dt > 0 {
		first = -1
	}
	if dt > 0 {
		var next atomic.Int64
		next.Store(int64(first))
		var wg sync.WaitGroup
		errs := make([]error, ns)
		work := func() {
			defer wg.Done()
			for {
				j := int(next.Add(1) - 1)
				if j >= ns {
					return
				}
				if j < 0 {
					_, _ = pop.probe.amplitude(pop.surf) // an error recurs, and is reported, when Strength asks
					continue
				}
				c := pop.cs[j]
				drive := pop.trace.drive(j)
				ri := 0
				o := func(t float64) {
					for ri < len(recT) && recT[ri] < t {
						ri++
					}
					if ri < len(recT) && recT[ri] == t {
						pop.recs[ri].cs[j] = c.Read(nil)
						pop.recs[ri].surf[j] = c.Surface()
					}
				}
				adv := c.Continue
				if pop.fresh && (pop.restartAll || pop.trace.moves(j)) {
					adv = c.Advance
				}
				if err := adv(dt, drive, recT, o); err != nil {
					errs[j] = fmt.Errorf("ca1: cascade of synapse slot %d at t = %g ms: %w", j, c.T, err)
				}
			}
		}
		nw := min(pop.p.workers(), ns)
		wg.Add(nw)
		for range nw - 1 {
			go work()
		}
		work()
		wg.Wait()
		for _, e := range errs {
			if e != nil && pop.cerr == nil {
				pop.cerr = e
			}
		}
		pop.fresh = false
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
