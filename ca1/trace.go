package ca1

import (
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// caTrace is every step's dense output of each slot's free Ca²⁺ since the
// cascades' time: Ca_j(t0 + θh) = (1−θ)y0 + θ(y1 + (1−θ)(c2 + θc3)).
//
// The cable appends to it while the cascades read it (couple.go: they
// advance beside the cable, each waiting for the steps it needs). The
// cable's goroutine is the only writer; readers see the first n steps, n
// published after the steps are written, through the arrays of the view
// published with them. The arrays grow by reallocation into new ones, so a
// published step is not written again until reset (after the last reader
// of the stretch has finished), and a reader that loads n before the view
// always finds n steps in it.
type caTrace struct {
	t0, h []float64
	coef  [][]float64 // per slot and step: y0, y1, c2, c3 of each of comps
	comps []int       // the slot components traced, the Ca²⁺ first (init)

	view atomic.Pointer[traceView]
	n    atomic.Int64 // steps published
	done atomic.Bool  // no more steps until reset

	// Parked readers (wait) and the tokens of the computing ones
	// (cascadeRun.startStreams; nil when the cascades do not stream).
	mu       sync.Mutex
	waiters  []*waiter
	nWaiting atomic.Int32
	tokens   chan struct{}
}

// waiter is a parked reader: it is woken when n ≥ needN or the last
// published step starts at or after needT, or at the end.
type waiter struct {
	needN int
	needT float64
	ch    chan struct{}
}

// lookahead [ms] is how far past the time it needs the cable must be
// before a parked reader is woken: one wake-up per few cable steps, not
// per step. It does not change any value read. It is short against the
// transient after a stimulus, where the cable takes steps of about 0.06
// ms and a restarted cascade's first step is 0.05 ms: with 2 ms the
// cascades could not start until the cable was 2 ms into the stretch,
// and the second core idled through about 0.7 s of `synlab run lfs`'s
// cable integration (1050 stretches), 0.35 s with 0.25 ms, 0.24 s with
// 0.1 ms (measured on two cores, docs/population-model.md §9).
const lookahead = 0.1

func (tr *caTrace) acquire() {
	if tr.tokens != nil {
		<-tr.tokens
	}
}

func (tr *caTrace) release() {
	if tr.tokens != nil {
		tr.tokens <- struct{}{}
	}
}

// wake wakes the parked readers whose condition holds (all of them with
// all).
func (tr *caTrace) wake(all bool) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	n := len(tr.t0)
	keep := tr.waiters[:0]
	for _, w := range tr.waiters {
		if all || n >= w.needN || n > 0 && tr.t0[n-1] >= w.needT {
			close(w.ch)
		} else {
			keep = append(keep, w)
		}
	}
	clear(tr.waiters[len(keep):])
	tr.waiters = keep
	tr.nWaiting.Store(int32(len(keep)))
}

// traceView is the arrays readers use, resliced to the published n
// (their lengths are those at the last reallocation).
type traceView struct {
	t0, h []float64
	coef  [][]float64
}

// init sizes the trace for ns slots; with nano it also keeps the NMDA
// states, the head potential and the VGCC gates, from which the nanodomain
// drive is made (nanoDrive).
func (tr *caTrace) init(ns int, nano bool) {
	tr.comps = []int{sCA}
	if nano {
		tr.comps = []int{sCA, sNA, sNB, sVH, sGM, sGH}
	}
	tr.coef = make([][]float64, ns)
	tr.grow(256)
}

// grow reallocates every array for c steps, copies the steps so far and
// publishes the new view.
func (tr *caTrace) grow(c int) {
	t0, h := make([]float64, len(tr.t0), c), make([]float64, len(tr.h), c)
	copy(t0, tr.t0)
	copy(h, tr.h)
	coef := make([][]float64, len(tr.coef))
	for j, cf := range tr.coef {
		coef[j] = make([]float64, len(cf), 4*len(tr.comps)*c)
		copy(coef[j], cf)
	}
	tr.t0, tr.h, tr.coef = t0, h, coef
	tr.publishView()
}

// publishView publishes the current arrays; the view holds its own copy
// of the per-slot slice headers, which add rewrites in tr.coef.
func (tr *caTrace) publishView() {
	tr.view.Store(&traceView{t0: tr.t0, h: tr.h, coef: slices.Clone(tr.coef)})
}

// reset empties the trace (the cascades have consumed it; no reader is
// left).
func (tr *caTrace) reset() {
	tr.t0, tr.h = tr.t0[:0], tr.h[:0]
	for j := range tr.coef {
		tr.coef[j] = tr.coef[j][:0]
	}
	tr.publishView()
	tr.n.Store(0)
	tr.done.Store(false)
}

// add appends the step just accepted by r (from t, size h, start y0) and
// publishes it.
func (tr *caTrace) add(r *rodas, t, h float64, y0 []float64, ns int) {
	if len(tr.t0) == cap(tr.t0) {
		tr.grow(2 * cap(tr.t0))
	}
	tr.t0 = append(tr.t0, t)
	tr.h = append(tr.h, h)
	for j := range ns {
		for _, c := range tr.comps {
			i := nShared + nSlot*j + c
			tr.coef[j] = append(tr.coef[j], y0[i], r.ynew[i], r.c2[i], r.c3[i])
		}
	}
	tr.n.Store(int64(len(tr.t0)))
	if tr.nWaiting.Load() > 0 {
		tr.wake(false)
	}
}

// finish marks the trace complete: readers waiting for later times get
// its end.
func (tr *caTrace) finish() {
	tr.done.Store(true)
	tr.wake(true)
}

// published returns whether the trace is complete and its published steps
// (done is read first, so a complete trace's n is the final one).
func (tr *caTrace) published() (done bool, n int, v *traceView) {
	done = tr.done.Load()
	n = int(tr.n.Load())
	return done, n, tr.view.Load()
}

// wait blocks until the published steps decide ok(n, v), or the trace is
// complete, and returns them. While it waits it is parked, its token
// given back, until the cable has passed the point need(n, v) names
// (waiter); a reader that registers sees, under the lock, every step
// published before the cable checks for parked readers, so no wake-up is
// lost.
func (tr *caTrace) wait(ok func(n int, v *traceView) bool, need func(n int, v *traceView) (int, float64)) (n int, v *traceView) {
	for {
		done, n, v := tr.published()
		if done || ok(n, v) {
			return n, v
		}
		w := &waiter{ch: make(chan struct{})}
		w.needN, w.needT = need(n, v)
		tr.mu.Lock()
		tr.nWaiting.Add(1)
		if done, n, v := tr.published(); done || ok(n, v) {
			tr.nWaiting.Add(-1)
			tr.mu.Unlock()
			return n, v
		}
		tr.waiters = append(tr.waiters, w)
		tr.mu.Unlock()
		tr.release()
		<-w.ch
		tr.acquire()
	}
}

// moves reports whether slot j's Ca²⁺ leaves its starting value by more
// than caMoves over the trace: only then does its cascade restart its step
// control (cascade.Advance) after an event; a spine whose Ca²⁺ an event
// hardly touched (a failure branch, a synapse that did not release)
// continues with its step size (cascade.Continue). It waits until the
// answer is known: at the first step that leaves, or at the end.
func (tr *caTrace) moves(j int) bool {
	seen, found := 0, false
	scan := func(n int, v *traceView) bool { // the steps not seen yet
		st := 4 * len(tr.comps)
		cf := v.coef[j][:st*n]
		for k := seen; k < n && !found; k++ {
			found = math.Abs(cf[st*k+1]-cf[0]) > caMoves
		}
		seen = max(seen, n)
		return found
	}
	later := func(n int, v *traceView) (int, float64) { // a few more steps
		if n == 0 {
			return 1, math.Inf(1)
		}
		return math.MaxInt, v.t0[:n][n-1] + lookahead
	}
	tr.wait(scan, later)
	_, n, v := tr.published() // complete, or found: scan what the last wait did not see
	return scan(n, v)
}

// caMoves [µM]: a Ca²⁺ excursion below it does not restart a cascade's
// step control (see moves); TestConvergence checks the result against
// restarting always.
const caMoves = 0.01

// drive returns slot j's Ca²⁺ as a function of time over the trace
// (constant beyond its ends). A time the cable has not passed yet waits
// for the first step that starts at or after it (or the end of the
// trace), so the value is the one the complete trace gives.
func (tr *caTrace) drive(j int) func(t float64) float64 {
	return func(t float64) float64 {
		var v [1]float64
		if !tr.at(j, t, v[:]) {
			return math.NaN()
		}
		return v[0]
	}
}

// at writes the first len(v) traced components of slot j at time t into
// v (constant beyond the trace's ends), waiting as drive does; false for
// an empty trace.
func (tr *caTrace) at(j int, t float64, v []float64) bool {
	n, w := tr.wait(func(n int, v *traceView) bool { return n > 0 && v.t0[:n][n-1] >= t },
		func(int, *traceView) (int, float64) { return math.MaxInt, t + lookahead })
	if n == 0 {
		return false
	}
	st := 4 * len(tr.comps)
	t0, h, cf := w.t0[:n], w.h[:n], w.coef[j][:st*n]
	k := sort.SearchFloat64s(t0, t) - 1 // t0[k] < t ≤ t0[k+1]
	th := 0.0
	if k < 0 {
		k = 0
	} else {
		th = min((t-t0[k])/h[k], 1)
	}
	for i := range v {
		c := cf[st*k+4*i : st*k+4*i+4]
		v[i] = (1-th)*c[0] + th*(c[1]+(1-th)*(c[2]+th*c[3]))
	}
	return true
}
