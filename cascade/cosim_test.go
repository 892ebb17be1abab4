package cascade

// A realistic harness for the decoder: the biophysical spine of package
// spine (spine.Default()) is driven by a protocol (package protocol, the
// events the tier compiles), its free Ca²⁺ is sampled as the mechanistic
// tier samples it (experiment/tier_mech.go, tier_spine.go: every 0.1 ms
// while it moves, every 2 ms on a falling tail, at the ends of growing
// chunks when settled), the cascade is integrated over the samples with
// Ca²⁺ linear in between, and the cascade's PSD-trapped count is fed back
// as the spine's AMPA count before every event and at least every second.
//
// The same loop can record the Ca²⁺ samples and the points where the
// cascade was brought up to date (record), and a recorded trace can be
// replayed into a cascade without the feedback (replay): the open-loop
// shortcut used while iterating on the decoder. Closed-loop runs are the
// ones reported.

import (
	"fmt"
	"math"
	"sort"

	prot "github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// Sampling of the spine's Ca²⁺, as on the mechanistic tier.
const (
	simFine    = 0.1    // step while Ca²⁺ moves [ms] (tier spineRuleStep)
	simTail    = 2.0    // step on a falling tail [ms] (tier mechTailSteps·h)
	simChunk   = 20.0   // length of a sampled chunk [ms] (tier spineActiveChunk)
	simMaxIdle = 10_000 // longest settled chunk [ms] (tier spineChunkMax)
	simSettle  = 1e-3   // settled: Ca²⁺ moved less than this over a chunk [µM]
	simCouple  = 1000.0 // longest stretch with a fixed AMPA count [ms] (tier cascadeCouple)
)

// caRecord is a recorded spine Ca²⁺ time course: samples (t, ca), and the
// segments over which the cascade was advanced (end sample index, and
// whether an event had happened since the last one: the step control then
// restarts).
type caRecord struct {
	t, ca []float64
	segs  []segment
}

type segment struct {
	end   int
	fresh bool
}

// sim is one spine, optionally coupled to a cascade.
type sim struct {
	m      *spine.Model
	c      *Cascade // nil: record only
	gamma  float64  // AMPA γ·P_open per trapped receptor [nS]
	trap0  float64
	st, sc []float64 // samples since the last flush (st[0] = cascade time)
	fresh  bool
	rec    *caRecord
	obsT   []float64 // observation times for the cascade
	obs    func(t float64)
	err    error
	spineP spine.Params
}

// newSim builds the spine (sp) and, if cp is not nil, the cascade at its
// resting state with the spine's resting Ca²⁺, coupled as the tier
// couples them. drug, if not nil, is applied to the cascade after the
// rest is computed (the drug is washed in at t = 0).
func newSim(sp spine.Params, cp *Params, drug func(*Params)) (*sim, error) {
	m, err := spine.New(sp)
	if err != nil {
		return nil, err
	}
	s := &sim{m: m, spineP: sp}
	if cp != nil {
		p := *cp
		p.CaRest = sp.Ca.Rest
		c, err := New(p, nil)
		if err != nil {
			return nil, err
		}
		if drug != nil {
			q := p
			drug(&q)
			if err := c.SetParams(q); err != nil {
				return nil, err
			}
		}
		s.c = c
		s.trap0 = c.Surface()
		s.gamma = sp.AMPA.N * sp.AMPA.Gamma / s.trap0
		if err := m.SetAMPA(s.trap0, s.gamma); err != nil {
			return nil, err
		}
	}
	ca := m.State()[spine.ICa]
	s.st, s.sc = []float64{0}, []float64{ca}
	return s, nil
}

func (s *sim) caAt(x float64) float64 {
	n := len(s.st)
	if x <= s.st[0] {
		return s.sc[0]
	}
	if x >= s.st[n-1] {
		return s.sc[n-1]
	}
	i := sort.SearchFloat64s(s.st, x)
	a := (x - s.st[i-1]) / (s.st[i] - s.st[i-1])
	return s.sc[i-1] + a*(s.sc[i]-s.sc[i-1])
}

// flush advances the cascade over the samples since the last flush and
// sets the spine's AMPA count to the trapped receptors.
func (s *sim) flush() {
	n := len(s.st)
	if s.err != nil || n < 2 {
		return
	}
	if s.rec != nil {
		s.rec.segs = append(s.rec.segs, segment{end: len(s.rec.t) - 1, fresh: s.fresh})
	}
	if s.c != nil {
		adv := s.c.Continue
		if s.fresh {
			adv = s.c.Advance
		}
		dt := s.st[n-1] - s.c.T
		if dt > 0 {
			lo := sort.SearchFloat64s(s.obsT, s.c.T+1e-9)
			hi := sort.SearchFloat64s(s.obsT, s.st[n-1]+1e-9)
			if err := adv(dt, s.caAt, s.obsT[lo:hi], s.obs); err != nil {
				s.err = err
				return
			}
		}
		if err := s.m.SetAMPA(s.c.Surface(), s.gamma); err != nil {
			s.err = err
			return
		}
	}
	s.fresh = false
	s.st[0], s.sc[0] = s.st[n-1], s.sc[n-1]
	s.st, s.sc = s.st[:1], s.sc[:1]
}

func (s *sim) sample(t, ca float64) {
	s.st = append(s.st, t)
	s.sc = append(s.sc, ca)
	if s.rec != nil {
		s.rec.t = append(s.rec.t, t)
		s.rec.ca = append(s.rec.ca, ca)
	}
}

// run applies the events (sorted) and integrates to end, sampling Ca²⁺.
func (s *sim) run(events []prot.Event, end float64) error {
	mode, chunk := 0, 0.0 // 0 fine, 1 tail, 2 settled
	grid := make([]float64, 0, 256)
	next := 0
	for s.m.Time() < end && s.err == nil {
		now := s.m.Time()
		for next < len(events) && events[next].T <= now {
			s.flush()
			s.apply(events[next])
			mode = 0
			next++
		}
		to := end
		if next < len(events) {
			to = events[next].T
		}
		full, h := chunk, 0.0
		switch mode {
		case 0:
			full, h = simChunk, simFine
		case 1:
			full, h = simChunk, simTail
		}
		stop := math.Min(to, now+full)
		grid = grid[:0]
		if h > 0 {
			n := int(math.Ceil((stop-now)/h - 1e-9))
			for k := 1; k < n; k++ {
				grid = append(grid, now+float64(k)*h)
			}
		}
		ca0 := s.sc[len(s.sc)-1]
		if err := s.m.Advance(stop-now, grid, func(t float64) { s.sample(t, s.m.State()[spine.ICa]) }); err != nil {
			return err
		}
		ca1 := s.m.State()[spine.ICa]
		s.sample(stop, ca1)
		if s.m.Time()-s.st[0] >= simCouple {
			s.flush()
		}
		if stop < now+full {
			continue
		}
		switch {
		case math.Abs(ca1-ca0) <= simSettle:
			if mode != 2 {
				mode, chunk = 2, 2*simChunk
			} else {
				chunk = math.Min(2*chunk, simMaxIdle)
			}
		case ca1 < ca0:
			mode = 1
		default:
			mode = 0
		}
	}
	s.flush()
	return s.err
}

func (s *sim) apply(e prot.Event) {
	s.fresh = true
	switch e.Kind {
	case prot.Pre, prot.Test:
		s.m.Pre(nil)
	case prot.Post:
		s.m.SomaticSpike()
	case prot.ClampOn:
		s.m.Clamp(e.V, true)
	case prot.ClampOff:
		s.m.Clamp(0, false)
	case kindBathOn, kindBathOff:
		sp := s.m.Params()
		sp.NMDA.Tonic = e.V
		if err := s.m.SetParams(sp); err != nil {
			s.err = err
		}
	}
}

// replay advances c over a recorded Ca²⁺ trace with the same segments, and
// no feedback to the spine; obs is called at the times ts.
func replay(c *Cascade, r *caRecord, ts []float64, obs func(t float64)) error {
	s := &sim{c: c, obsT: ts, obs: obs}
	start := 0
	for _, g := range r.segs {
		s.st = append(s.st[:0], r.t[start:g.end+1]...)
		s.sc = append(s.sc[:0], r.ca[start:g.end+1]...)
		if len(s.st) < 2 {
			start = g.end
			continue
		}
		adv := c.Continue
		if g.fresh {
			adv = c.Advance
		}
		if dt := s.st[len(s.st)-1] - c.T; dt > 0 {
			lo := sort.SearchFloat64s(ts, c.T+1e-9)
			hi := sort.SearchFloat64s(ts, s.st[len(s.st)-1]+1e-9)
			if err := adv(dt, s.caAt, ts[lo:hi], obs); err != nil {
				return err
			}
		}
		start = g.end
	}
	return nil
}

// A protocol for the harness: the spine parameters (drugs on the spine
// side), the protocol compiled as the tier compiles it, and the readout.
type simProto struct {
	name  string
	spine func(*spine.Params) // nil: spine.Default()
	prot  prot.Protocol
	bath  float64 // bath NMDA: NMDA tonic open fraction for bathDur from the induction start (0: none)
}

// bathDur is how long a bath NMDA application lasts [ms] (M2: 3 min).
const bathDur = 3 * units.Minute

// Pseudo-event kinds for the bath application: the spine's NMDA tonic
// open fraction switched on and off.
const (
	kindBathOn  prot.Kind = 100
	kindBathOff prot.Kind = 101
)

// schedule compiles the protocol.
func (p simProto) schedule() (prot.Schedule, error) {
	s, err := p.prot.Compile(nil)
	if err != nil {
		return s, fmt.Errorf("%s: %w", p.name, err)
	}
	if p.bath > 0 {
		s.Events = append(s.Events, prot.Event{T: s.InductionStart, Kind: kindBathOn, V: p.bath},
			prot.Event{T: s.InductionStart + bathDur, Kind: kindBathOff})
		sort.SliceStable(s.Events, func(i, j int) bool { return s.Events[i].T < s.Events[j].T })
	}
	return s, nil
}

func (p simProto) spineParams() spine.Params {
	sp := spine.Default()
	if p.spine != nil {
		p.spine(&sp)
	}
	return sp
}

// Protocol builders, in the tier's units (ms, 1/ms, mV). Every protocol
// has test pulses every 30 s in a 10 min baseline and a 60 min follow-up,
// as the tier's presets do.
const (
	simTest     = 30 * units.Second
	simBaseline = 10 * units.Minute
	simFollow   = 60 * units.Minute
)

func trainProto(name string, hz float64, pulses, repeat int, interval float64) simProto {
	return simProto{name: name, prot: prot.Protocol{Test: simTest, Baseline: simBaseline, Follow: simFollow,
		Train: &prot.Train{Rate: hz * units.Hz, Pulses: pulses, Repeat: repeat, Interval: interval}}}
}

func tbsProto(name string, trains int, interval float64) simProto {
	return simProto{name: name, prot: prot.Protocol{Test: simTest, Baseline: simBaseline, Follow: simFollow,
		Bursts: &prot.Bursts{Pulses: 4, Rate: 100 * units.Hz, BurstRate: 5 * units.Hz, Bursts: 10, Trains: trains, Interval: interval}}}
}

func clampProto(name string, v float64) simProto {
	vv := v
	return simProto{name: name, prot: prot.Protocol{Test: simTest, Baseline: simBaseline, Follow: simFollow, Clamp: &vv,
		Train: &prot.Train{Rate: 1 * units.Hz, Pulses: 100}}}
}

func stdpProto(name string, dt float64, pairs int, hz float64) simProto {
	return simProto{name: name, prot: prot.Protocol{Test: simTest, Baseline: simBaseline, Follow: simFollow,
		Pairing: &prot.Pairing{Dt: dt, Pairs: pairs, Rate: hz * units.Hz}}}
}

// bathProto is bath NMDA: the spine's NMDA tonic open fraction occ for
// bathDur from the induction start (an empty explicit induction).
func bathProto(name string, occ float64) simProto {
	return simProto{name: name, bath: occ, prot: prot.Protocol{Test: simTest, Baseline: simBaseline, Follow: simFollow,
		Explicit: &prot.Explicit{}}}
}

// simResult is what a closed-loop (or replayed) run reports.
type simResult struct {
	t, trapped   []float64 // cascade observations
	surf, s845   []float64 // all surface receptors, S845-P fraction of the surface
	x, pp1, can  []float64 // CaMKII-P fraction, free PP1 fraction, CaN* fraction
	base, end    float64   // trapped just before the induction and 60 min after its end
	indStart     float64
	indEnd       float64
	caMax, caAvg float64 // during the induction
}

// change is the trapped count 60 min after the end of the induction over
// the one at its start, minus 1.
func (r simResult) change() float64 { return r.end/r.base - 1 }

// at returns the trapped count at the observation nearest t.
func (r simResult) at(t float64) float64 {
	i := sort.SearchFloat64s(r.t, t)
	if i >= len(r.t) {
		i = len(r.t) - 1
	}
	return r.trapped[i]
}

// simObsEvery is the observation interval of the cascade [ms].
const simObsEvery = 10 * units.Second

// runSim runs protocol pr on the spine, coupled to a cascade with
// parameters cp (nil: the spine alone) and drug (washed in at t = 0); if
// rec, the Ca²⁺ samples are recorded.
func runSim(pr simProto, cp *Params, drug func(*Params), rec bool) (simResult, *caRecord, error) {
	sch, err := pr.schedule()
	if err != nil {
		return simResult{}, nil, err
	}
	s, err := newSim(pr.spineParams(), cp, drug)
	if err != nil {
		return simResult{}, nil, err
	}
	var r simResult
	r.indStart, r.indEnd = sch.InductionStart, sch.InductionEnd
	if rec {
		s.rec = &caRecord{t: []float64{0}, ca: []float64{s.sc[0]}}
	}
	if s.c != nil {
		s.obsT, s.obs = obsTimes(sch), r.observer(s.c)
	}
	if err := s.run(sch.Events, sch.End); err != nil {
		return r, nil, fmt.Errorf("%s: %w", pr.name, err)
	}
	if s.c != nil {
		r.finish()
	}
	if rec {
		r.caStats(s.rec, s.spineP.Ca.Rest)
	}
	return r, s.rec, nil
}

// obsTimes are the observation times: every simObsEvery, plus the
// induction start and the readout time.
func obsTimes(sch prot.Schedule) []float64 {
	var ts []float64
	for t := simObsEvery; t < sch.End; t += simObsEvery {
		ts = append(ts, t)
	}
	ts = append(ts, sch.InductionStart, sch.InductionEnd, sch.End)
	sort.Float64s(ts)
	return ts
}

func (r *simResult) observer(c *Cascade) func(t float64) {
	return func(t float64) {
		y := c.Read(nil)
		p := c.Params()
		r.t = append(r.t, t)
		r.trapped = append(r.trapped, Trapped(y))
		sf := OnSurface(y)
		r.surf = append(r.surf, sf)
		r.s845 = append(r.s845, (y[T10]+y[T11]+y[M10]+y[M11])/sf)
		tot := TotalsOf(y)
		r.x = append(r.x, y[CaMKIIP]/tot.CaMKII)
		r.pp1 = append(r.pp1, y[PP1F]/p.PP1.Total)
		r.can = append(r.can, y[CaNA]/p.CaN.Total)
	}
}

func (r *simResult) finish() {
	r.base = r.at(r.indStart)
	r.end = r.at(r.indEnd + 60*units.Minute)
}

func (r *simResult) caStats(rec *caRecord, rest float64) {
	var sum, dur float64
	for i := 1; i < len(rec.t); i++ {
		if rec.t[i] <= r.indStart || rec.t[i-1] >= r.indEnd {
			continue
		}
		dt := rec.t[i] - rec.t[i-1]
		sum += dt * (0.5*(rec.ca[i]+rec.ca[i-1]) - rest)
		dur += dt
		r.caMax = max(r.caMax, rec.ca[i]-rest)
	}
	if dur > 0 {
		r.caAvg = sum / dur
	}
}

// replayRun replays rec into a new cascade with parameters cp and drug
// and reports as runSim does.
func replayRun(pr simProto, rec *caRecord, cp Params, drug func(*Params)) (simResult, error) {
	sch, err := pr.schedule()
	if err != nil {
		return simResult{}, err
	}
	cp.CaRest = rec.ca[0]
	c, err := New(cp, nil)
	if err != nil {
		return simResult{}, err
	}
	if drug != nil {
		q := cp
		drug(&q)
		if err := c.SetParams(q); err != nil {
			return simResult{}, err
		}
	}
	var r simResult
	r.indStart, r.indEnd = sch.InductionStart, sch.InductionEnd
	if err := replay(c, rec, obsTimes(sch), r.observer(c)); err != nil {
		return r, err
	}
	r.finish()
	return r, nil
}

// course is the trapped-count change [%] at the end of the induction, 10,
// 20, 30 and 60 min after it, and the lowest after the induction start.
func (r simResult) course() string {
	m := units.Minute
	lo := math.Inf(1)
	for i, t := range r.t {
		if t >= r.indStart {
			lo = min(lo, r.trapped[i])
		}
	}
	pct := func(v float64) float64 { return 100 * (v/r.base - 1) }
	i := func(t float64) int { return min(sort.SearchFloat64s(r.t, t), len(r.t)-1) }
	s0 := r.surf[i(r.indStart)]
	return fmt.Sprintf("end %+6.1f  10' %+6.1f  20' %+6.1f  30' %+6.1f  60' %+6.1f  min %+6.1f  surf 5'/10'/15'/60' %+5.1f %+5.1f %+5.1f %+5.1f",
		pct(r.at(r.indEnd)), pct(r.at(r.indEnd+10*m)), pct(r.at(r.indEnd+20*m)), pct(r.at(r.indEnd+30*m)),
		pct(r.at(r.indEnd+60*m)), pct(lo), 100*(r.surf[i(r.indStart+5*m)]/s0-1), 100*(r.surf[i(r.indStart+10*m)]/s0-1),
		100*(r.surf[i(r.indStart+15*m)]/s0-1), 100*(r.surf[i(r.indStart+60*m)]/s0-1))
}

// xAt is the CaMKII-P fraction at the observation nearest t.
func (r simResult) xAt(t float64) float64 {
	i := sort.SearchFloat64s(r.t, t)
	if i >= len(r.t) {
		i = len(r.t) - 1
	}
	return r.x[i]
}
