package rule

import (
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// populationChunk is the number of synapses a worker takes at a time; large
// enough to make the shared counter cheap, small enough to balance 2–64 workers.
const populationChunk = 256

// parallel runs job i for every i in [0, n) on `workers` goroutines (at
// least 1). newWorker is called once per goroutine and returns that worker's
// job function, which may keep per-worker scratch state (e.g. one PCG).
// Which worker runs which i varies, so a job's result must depend on i only.
func parallel(n, workers int, newWorker func() func(i int)) {
	workers = max(1, min(workers, (n+populationChunk-1)/populationChunk))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		body := newWorker()
		wg.Go(func() {
			for {
				lo := int(next.Add(populationChunk)) - populationChunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+populationChunk, n); i++ {
					body(i)
				}
			}
		})
	}
	wg.Wait()
}

// PoissonPopulation simulates n = len(dst) independent synapses, each with
// independent Poisson pre- and postsynaptic spike trains at ratePre and
// ratePost [1/ms] for a duration T [ms], starting from c = 0 and ρ = 0 for
// i < n/2, ρ = 1 otherwise, and stores the final ρ of synapse i in dst[i].
//
// Synapse i draws everything (spike intervals, then noise, in event order)
// from its own stream rand.New(rand.NewPCG(seed, i)); each worker reuses one
// PCG, re-seeded per synapse, so the run allocates O(workers) memory besides
// dst and the result is identical for any number of workers. Spikes are
// generated on the fly: exponential inter-spike intervals, the presynaptic
// calcium jumps a delay D after the spikes (spikes at t ≥ 0, so the first
// presynaptic jump comes no earlier than D).
//
// A worker advances poissonLanes synapses side by side, one event of each
// in turn: the step of one synapse is a chain of dependent operations
// (logarithm, half-step factors, the stages of ρ), and a second,
// independent chain fills the core while the first waits (≈ 10 % less time
// per event; the results are those of one synapse at a time).
func (p GB) PoissonPopulation(dst []float64, ratePre, ratePost, T float64, seed uint64, workers int) {
	n := len(dst)
	tr := poissonTrains{ratePre: ratePre, ratePost: ratePost, T: T}
	groups := (n + poissonLanes - 1) / poissonLanes
	parallel(groups, workers, func() func(int) {
		st := p.stepper(p.Tau*cubicStepFrac, true)
		var lanes [poissonLanes]poissonSyn
		var srcs [poissonLanes]*rand.PCG
		for k := range lanes {
			srcs[k] = rand.NewPCG(0, 0)
			lanes[k].rng = rand.New(srcs[k])
		}
		return func(g int) {
			live := 0
			for k := range lanes {
				i := g*poissonLanes + k
				if i >= n {
					lanes[k].live = false
					continue
				}
				srcs[k].Seed(seed, uint64(i))
				s := GBState{}
				if i >= n/2 {
					s.Rho = 1
				}
				lanes[k].start(&st, s, &tr)
				live++
			}
			for live > 0 {
				for k := range lanes {
					if lanes[k].live && !lanes[k].step(&st, &tr) {
						live--
					}
				}
			}
			for k := range lanes {
				if i := g*poissonLanes + k; i < n {
					dst[i] = lanes[k].s.Rho
				}
			}
		}
	})
}

// poissonLanes is how many synapses a PoissonPopulation worker advances
// side by side (2, 3 and 4 measured alike).
const poissonLanes = 2

// poissonTrains are the Poisson rates [1/ms] and the duration [ms] of a run.
type poissonTrains struct{ ratePre, ratePost, T float64 }

// poissonSyn is one synapse under Poisson pre- and postsynaptic trains,
// between two events.
type poissonSyn struct {
	s      GBState
	t      float64 // time of s [ms]
	tp, tq float64 // next presynaptic and postsynaptic calcium jump [ms]
	rng    *rand.Rand
	live   bool // not yet at the end of the run
}

// next draws an exponential interval at rate [1/ms] (+Inf if rate ≤ 0).
func (q *poissonSyn) next(rate float64) float64 {
	if rate > 0 {
		return q.rng.ExpFloat64() / rate
	}
	return math.Inf(1)
}

// start sets the synapse to s at time 0 and draws its first spikes.
func (q *poissonSyn) start(st *gbStep, s GBState, tr *poissonTrains) {
	q.s, q.t, q.live = s, 0, true
	q.tp = st.p.D + q.next(tr.ratePre)
	q.tq = q.next(tr.ratePost)
}

// step advances to the next calcium jump and applies it, or to the end of
// the run, and reports whether the synapse is still running. The draws are
// those of the one-synapse loop: the noise of the interval, then the next
// interval of the train that jumped.
func (q *poissonSyn) step(st *gbStep, tr *poissonTrains) bool {
	te := min(q.tp, q.tq)
	if te > tr.T {
		st.evolve(&q.s, tr.T-q.t, q.rng)
		q.t, q.live = tr.T, false
		return false
	}
	st.evolve(&q.s, te-q.t, q.rng)
	q.t = te
	if q.tp <= q.tq {
		q.s.C += st.p.CPre
		q.tp += q.next(tr.ratePre)
	} else {
		q.s.C += st.p.CPost
		q.tq += q.next(tr.ratePost)
	}
	return true
}

// CurvePoint is one point of a pairing (STDP) curve; see GB.PairingCurve.
type CurvePoint struct {
	Dt      float64 // t_post − t_pre [ms]
	RhoDet0 float64 // final ρ of the noise-free synapse started at ρ = 0 [1]
	RhoDet1 float64 // final ρ of the noise-free synapse started at ρ = 1 [1]
	Up0     float64 // fraction UP (ρ ≥ ρ*) at the end among stochastic synapses started at 0 (= U) [1]
	Up1     float64 // fraction UP at the end among stochastic synapses started at 1 (= 1 − Dn) [1]
	S       float64 // Strength(Up0, 1 − Up1): change in synaptic strength [1]
}

// PairingCurve simulates, for each dt in dts, the pairing protocol: pre
// spikes at t0 + k/rate (k = 0 … pairs−1), post spikes at t0 + k/rate + dt,
// end of the run at t0 + pairs/rate [ms] (rate in 1/ms; c = 0 at time 0). For
// each dt it runs one noise-free synapse from ρ = 0 and one from ρ = 1 (σ
// forced to 0), and nStoch stochastic synapses from each of ρ = 0 and ρ = 1.
// Stochastic synapse k ∈ [0, 2·nStoch) of dts[d] (k < nStoch start at 0)
// uses the stream rand.NewPCG(seed, d·2·nStoch + k). Work is spread over
// `workers` goroutines; results do not depend on their number. Protocol as
// in the Brian2 example (examples/frompapers/Graupner_Brunel_2012.py) with
// t0 = 100 ms.
func (p GB) PairingCurve(dts []float64, pairs int, rate, t0 float64, nStoch int, seed uint64, workers int) []CurvePoint {
	out := make([]CurvePoint, len(dts))
	det := p
	det.Sigma = 0
	per := 2*nStoch + 2 // jobs per dt: 2 deterministic, then 2·nStoch stochastic
	up := make([]bool, len(dts)*per)
	rho := make([]float64, len(dts)*2)
	parallel(len(dts)*per, workers, func() func(int) {
		src := rand.NewPCG(0, 0)
		rng := rand.New(src)
		return func(job int) {
			d, k := job/per, job%per
			if k < 2 {
				s := det.runPairs(GBState{Rho: float64(k)}, dts[d], pairs, rate, t0, nil)
				rho[2*d+k] = s.Rho
				return
			}
			k -= 2
			src.Seed(seed, uint64(d*2*nStoch+k))
			var s GBState
			if k >= nStoch {
				s.Rho = 1
			}
			s = p.runPairs(s, dts[d], pairs, rate, t0, rng)
			up[job] = s.Rho >= p.RhoStar
		}
	})
	for d, dt := range dts {
		var n0, n1 int
		for k := range 2 * nStoch {
			if up[d*per+2+k] {
				if k < nStoch {
					n0++
				} else {
					n1++
				}
			}
		}
		cp := CurvePoint{Dt: dt, RhoDet0: rho[2*d], RhoDet1: rho[2*d+1]}
		if nStoch > 0 {
			cp.Up0 = float64(n0) / float64(nStoch)
			cp.Up1 = float64(n1) / float64(nStoch)
			cp.S = p.Strength(cp.Up0, 1-cp.Up1)
		} else {
			cp.Up0, cp.Up1, cp.S = math.NaN(), math.NaN(), math.NaN()
		}
		out[d] = cp
	}
	return out
}
