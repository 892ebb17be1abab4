package purkinje

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/synlab/synlab/ode"
)

// Population is the stochastic mode: N spines that share the fast drive
// (one deterministic Ca²⁺/mGluR1/DAG/NO/NSF trajectory: the same PF and CF
// input reaches all of them) and each run the slow network as copy numbers
// with the exact stochastic simulation algorithm (Gillespie's direct
// method). The drive is held constant over cells (its trapezoid average);
// cells are 1 ms after each event and grow by cellGrowth per cell up to
// cellMax, so they stay short against the Ca²⁺ transient they sample
// (TestPopulationMatchesODE checks the scheme against the ODE).
type Population struct {
	p       Params
	y       []float64 // drive state
	t       float64
	clamped bool
	sol     *ode.Rodas4
	spines  []spine
	rest    float64 // surface receptors at rest (rounded)
	h       float64 // current cell width [ms]
	workers int
	view    []float64 // the drive at a peek time (AdvancePeek), or nil
}

// spine is one spine's network: copy numbers and its own random stream.
type spine struct {
	n   [nNet]float64 // copy numbers (integers held as float64)
	rng *rand.Rand
	a   [nReact]float64
}

// Cell widths of the drive [ms].
const (
	cellMin    = 1.0    // first cell after an event
	cellGrowth = 1.15   // growth per cell
	cellMax    = 1000.0 // longest cell
)

// NewPopulation returns n spines at the resting state (the deterministic
// rest rounded to copies, the receptor total kept exact), each with a
// random stream PCG(rng.Uint64(), rng.Uint64()) drawn in spine order, so
// the result does not depend on workers. workers ≥ 1 spines are advanced
// in parallel.
func NewPopulation(p Params, n, workers int, rng *rand.Rand) (*Population, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("purkinje: NewPopulation: %d spines: need at least 1", n)
	}
	if rng == nil {
		return nil, errors.New("purkinje: NewPopulation: rng is nil")
	}
	net, err := p.restNetwork()
	if err != nil {
		return nil, err
	}
	var r [nNet]float64
	var sum float64
	for i := range nNet {
		r[i] = math.Round(net[i])
		if i >= NPsdU {
			sum += r[i]
		}
	}
	r[NIntP] += math.Round(p.GluA2.Total) - sum // keep the total exact
	if r[NIntP] < 0 {
		return nil, fmt.Errorf("purkinje: NewPopulation: receptor total %g does not round", p.GluA2.Total)
	}
	pop := &Population{p: p, y: make([]float64, nDrive), spines: make([]spine, n), h: cellMax, workers: max(workers, 1)}
	p.restDrive(pop.y)
	for i := range pop.spines {
		pop.spines[i] = spine{n: r, rng: rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))}
	}
	pop.rest = surface(r[:])
	pop.sol = ode.NewRodas4(nDrive, p.Solver, nil)
	pop.sol.Autonomous = true
	return pop, nil
}

// Len is the number of spines.
func (pop *Population) Len() int { return len(pop.spines) }

// Time is the current time [ms].
func (pop *Population) Time() float64 { return pop.t }

// Drive is the current fast state (Ca²⁺ at ICa, …), indexed as Model's.
func (pop *Population) Drive() []float64 {
	if pop.view != nil {
		return pop.view
	}
	return pop.y
}

// Network returns spine i's copy numbers (indices N*).
func (pop *Population) Network(i int) []float64 { return pop.spines[i].n[:] }

// Strength returns spine i's surface receptors relative to rest.
func (pop *Population) Strength(i int) float64 { return surface(pop.spines[i].n[:]) / pop.rest }

// SetParams replaces the parameters from now on (drugs); receptor total
// and slots cannot change.
func (pop *Population) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.GluA2.Total != pop.p.GluA2.Total || p.GluA2.Slots != pop.p.GluA2.Slots {
		return errors.New("purkinje: SetParams: receptor total and slots are fixed for a run")
	}
	pop.p = p
	pop.sol.Reset()
	pop.h = cellMin
	return nil
}

// PF, CF and Clamp are the events of Model.
func (pop *Population) PF() {
	pop.y[ISPF]++
	pop.y[IMGluR] = pop.p.MGluR.pulse(pop.y[IMGluR])
	pop.y[INO] += pop.p.Nitric.DNO * pop.p.Nitric.NOS
	pop.event()
}

// CF delivers a complex spike's Ca²⁺ influx.
func (pop *Population) CF() { pop.y[ISCF]++; pop.event() }

// Clamp switches the somatic voltage clamp.
func (pop *Population) Clamp(on bool) { pop.clamped = on; pop.event() }

func (pop *Population) event() { pop.sol.Reset(); pop.h = cellMin }

// Advance runs for dt ≥ 0 ms. obs, if not nil, is called at each time of
// ts in (Time(), Time()+dt], after every spine has reached it. ctx is
// checked between cells.
func (pop *Population) Advance(ctx context.Context, dt float64, ts []float64, obs func(t float64)) error {
	return pop.AdvancePeek(ctx, dt, ts, obs, nil, nil)
}

// AdvancePeek is Advance with peek times besides: at each peek the drive
// (Ca²⁺, DAG, NO, ...) is exact, from the solver's dense output, and the
// spines' networks are those at the start of the current cell; peeks do
// not cut cells, so observing them never changes the run.
func (pop *Population) AdvancePeek(ctx context.Context, dt float64, ts []float64, obs func(t float64), peeks []float64, peek func(t float64)) error {
	if !(dt >= 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("purkinje: Population.Advance dt = %g ms: must be finite and >= 0", dt)
	}
	end := pop.t + dt
	f := func(_ float64, y, dy []float64) { pop.p.driveDeriv(y, dy, pop.clamped) }
	k := 0
	for k < len(ts) && ts[k] <= pop.t {
		k++
	}
	for pop.t < end {
		if err := ctx.Err(); err != nil {
			return err
		}
		to := min(pop.t+pop.h, end)
		if k < len(ts) && ts[k] < to {
			to = ts[k]
		}
		d0 := pop.p.driveOf(pop.y)
		var ps []float64
		j := 0
		for j < len(peeks) && peeks[j] <= to {
			j++
		}
		ps, peeks = peeks[:j], peeks[j:]
		var o ode.Observer
		if len(ps) > 0 && peek != nil {
			o = func(t float64, y []float64) { pop.view = y; peek(t); pop.view = nil }
		}
		if err := pop.sol.Integrate(f, pop.t, to, pop.y, ps, o); err != nil {
			var oe *ode.Error
			if errors.As(err, &oe) && oe.Index >= 0 && oe.Index < nDrive {
				return fmt.Errorf("purkinje: drive: %s in %s at t = %g ms: %w", oe.Reason, names[oe.Index], oe.T, err)
			}
			return fmt.Errorf("purkinje: drive at t = %g ms: %w", pop.t, err)
		}
		d := d0.mean(pop.p.driveOf(pop.y))
		pop.step(to-pop.t, d)
		pop.t = to
		pop.h = min(pop.h*cellGrowth, cellMax)
		for k < len(ts) && ts[k] <= pop.t {
			if obs != nil {
				obs(ts[k])
			}
			k++
		}
	}
	return nil
}

// step runs every spine's SSA over a cell of length dt under drive d.
func (pop *Population) step(dt float64, d drive) {
	n := len(pop.spines)
	w := min(pop.workers, n)
	if w == 1 {
		for i := range pop.spines {
			pop.spines[i].ssa(&pop.p, dt, d)
		}
		return
	}
	var wg sync.WaitGroup
	for g := range w {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				pop.spines[i].ssa(&pop.p, dt, d)
			}
		}(g*n/w, (g+1)*n/w)
	}
	wg.Wait()
}

// ssa is Gillespie's direct method over dt with constant drive.
func (s *spine) ssa(p *Params, dt float64, d drive) {
	t := 0.0
	for {
		p.props(s.n[:], d, &s.a)
		var a0 float64
		for _, x := range s.a {
			a0 += x
		}
		if !(a0 > 0) {
			return
		}
		t += s.rng.ExpFloat64() / a0
		if t > dt {
			return
		}
		u := s.rng.Float64() * a0
		r := 0
		for ; r < nReact-1; r++ {
			u -= s.a[r]
			if u < 0 {
				break
			}
		}
		x := reactions[r]
		if x.from >= 0 {
			s.n[x.from]--
		}
		if x.to >= 0 {
			s.n[x.to]++
		}
	}
}
