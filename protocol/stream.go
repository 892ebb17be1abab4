package protocol

import (
	"math"

	"github.com/synlab/synlab/internal/minheap"
	"math/rand/v2"
	"slices"
)

// item is an event with its place in the generation order: group 0 are the
// test pulses, 1 the clamp steps, 2+i the events of phase i; idx numbers
// the events of a group in the order they are generated. Events are
// ordered by (T, kind rank, group, idx): by time, then kind (Less), and
// simultaneous events of one kind in generation order, exactly as a stable
// sort of the generated list by Less would order them.
type item struct {
	Event
	group int
	idx   int64
	src   int // the merger's generator that made it (not part of the order)
}

func (a item) less(b item) bool {
	if a.T != b.T {
		return a.T < b.T
	}
	if ra, rb := kindRank(a.Kind), kindRank(b.Kind); ra != rb {
		return ra < rb
	}
	if a.group != b.group {
		return a.group < b.group
	}
	return a.idx < b.idx
}

// gen yields items in increasing order (item.less).
type gen interface {
	next() (item, bool)
}

// items is a min-heap of items (by item.less).
type items = minheap.Heap[item]

func newItems() items { return items{Less: item.less} }

// funcGen adapts a closure that yields items in order.
type funcGen func() (item, bool)

func (f funcGen) next() (item, bool) { return f() }

// testGen yields the test pulses: every Test ms from 0 in the baseline,
// from the end of each phase in the gap that follows, and from the end of
// the last phase in the follow-up.
func testGen(test float64, l Layout) gen {
	if test <= 0 {
		return funcGen(func() (item, bool) { return item{}, false })
	}
	type seg struct{ from, to float64 }
	segs := []seg{{0, l.InductionStart}}
	for i := 0; i+1 < len(l.Phases); i++ {
		segs = append(segs, seg{l.Phases[i].End, l.Phases[i+1].Start})
	}
	segs = append(segs, seg{l.InductionEnd, l.End})
	s, k := 0, 0
	var idx int64
	return funcGen(func() (item, bool) {
		for s < len(segs) {
			t := segs[s].from + float64(k)*test
			if t < segs[s].to {
				k++
				idx++
				return item{Event: Event{T: t, Kind: Test}, group: 0, idx: idx - 1}, true
			}
			s, k = s+1, 0
		}
		return item{}, false
	})
}

// clampGen yields each clamped phase's ClampOn at its start and ClampOff at
// its end.
func clampGen(phs []phaseAt, l Layout) gen {
	i, off := 0, false
	var idx int64
	return funcGen(func() (item, bool) {
		for ; i < len(phs); i, off = i+1, false {
			if phs[i].Clamp == nil {
				continue
			}
			idx++
			if !off {
				off = true
				return item{Event: Event{T: l.Phases[i].Start, Kind: ClampOn, V: *phs[i].Clamp}, group: 1, idx: idx - 1}, true
			}
			i, off = i+1, false
			return item{Event: Event{T: l.Phases[i-1].End, Kind: ClampOff}, group: 1, idx: idx - 1}, true
		}
		return item{}, false
	})
}

// trainGen yields a train's pulses, in time order.
func trainGen(tr *Train, t0 float64, group int) gen {
	r, k := 0, 0
	rep := orOne(tr.Repeat)
	var idx int64
	return funcGen(func() (item, bool) {
		if k == tr.Pulses {
			r, k = r+1, 0
		}
		if r >= rep {
			return item{}, false
		}
		t := t0 + float64(r)*tr.Interval + float64(k)/tr.Rate
		k++
		idx++
		return item{Event: Event{T: t, Kind: Pre}, group: group, idx: idx - 1}, true
	})
}

// burstsGen yields theta-burst pulses, in time order.
func burstsGen(b *Bursts, t0 float64, group int) gen {
	r, j, k := 0, 0, 0
	trains := orOne(b.Trains)
	var idx int64
	return funcGen(func() (item, bool) {
		if k == b.Pulses {
			j, k = j+1, 0
		}
		if j == b.Bursts {
			r, j = r+1, 0
		}
		if r >= trains {
			return item{}, false
		}
		t := t0 + float64(r)*b.Interval + float64(j)/b.BurstRate + float64(k)/b.Rate
		k++
		idx++
		return item{Event: Event{T: t, Kind: Pre}, group: group, idx: idx - 1}, true
	})
}

// pairingGen yields a pairing's spikes in order. Pair k's events are
// generated together (pre, then its post spikes); since the spikes of a
// later pair are never earlier than its anchor + min(0, Dt), events are
// held in a heap until no later pair can precede them.
func pairingGen(pr *Pairing, t0 float64, group int) gen {
	shift := math.Max(0, -pr.Dt)
	ps := orOne(pr.PostSpikes)
	anchor := func(k int) float64 { return t0 + float64(k)/pr.Rate + shift }
	h := newItems()
	k := 0
	var idx int64
	return funcGen(func() (item, bool) {
		for k < pr.Pairs && (h.Len() == 0 || h.Min().T >= anchor(k)+math.Min(0, pr.Dt)) {
			a := anchor(k)
			h.Push(item{Event: Event{T: a, Kind: Pre}, group: group, idx: idx})
			idx++
			for j := range ps {
				t := a + pr.Dt
				if j > 0 {
					t += float64(j) / pr.PostRate
				}
				h.Push(item{Event: Event{T: t, Kind: Post}, group: group, idx: idx})
				idx++
			}
			k++
		}
		if h.Len() == 0 {
			return item{}, false
		}
		return h.Pop(), true
	})
}

// listGen yields the times ts (any order) shifted by t0 as events of kind
// k, sorted by time and, for equal times, by position; idx0 numbers them.
func listGen(ts []float64, t0 float64, k Kind, group int, idx0 int64) gen {
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case ts[a] < ts[b]:
			return -1
		case ts[a] > ts[b]:
			return 1
		}
		return 0
	})
	i := 0
	return funcGen(func() (item, bool) {
		if i == len(order) {
			return item{}, false
		}
		j := order[i]
		i++
		return item{Event: Event{T: t0 + ts[j], Kind: k}, group: group, idx: idx0 + int64(j)}, true
	})
}

// poissonGen yields exponential inter-spike intervals at rate from rng
// until duration, as events of kind k from t0. Random times are
// accumulated; the no-summing rule is about periodic schedules, where drift
// would be systematic.
func poissonGen(rate, duration, t0 float64, k Kind, rng *rand.Rand, group int, idx0 int64) gen {
	t := 0.0
	idx := idx0
	return funcGen(func() (item, bool) {
		if rate == 0 {
			return item{}, false
		}
		t += rng.ExpFloat64() / rate
		if t >= duration {
			rate = 0
			return item{}, false
		}
		idx++
		return item{Event: Event{T: t0 + t, Kind: k}, group: group, idx: idx - 1}, true
	})
}

// postOffset numbers a Poisson phase's post spikes after all its pre
// spikes in the generation order (pre train first, then post).
const postOffset = 1 << 50

// merger merges generators, each increasing, into one increasing stream.
type merger struct {
	gens []gen
	h    items
}

func newMerger(gens []gen) *merger {
	m := &merger{gens: gens, h: newItems()}
	for i, g := range gens {
		if it, ok := g.next(); ok {
			it.src = i
			m.h.Push(it)
		}
	}
	return m
}

// next pops the least item and refills from the generator it came from.
func (m *merger) next() (Event, bool) {
	if m.h.Len() == 0 {
		return Event{}, false
	}
	it := m.h.Pop()
	if nx, ok := m.gens[it.src].next(); ok {
		nx.src = it.src
		m.h.Push(nx)
	}
	return it.Event, true
}

// Stream is a protocol's events, generated one at a time in schedule order
// (Less, then generation order), with its Layout.
type Stream struct {
	Layout Layout
	m      *merger
}

// Next returns the next event, or false at the end.
func (s *Stream) Next() (Event, bool) { return s.m.next() }

// Stream validates p and returns its event stream. The Poisson spikes of
// phase i are drawn from rand.NewPCG(seed, PoissonStream+i), the pre train
// first, then the post train (the post train starts from the state the pre
// train's draws leave, which Stream finds by drawing them once without
// keeping them), so a Poisson phase costs no memory.
func (p Protocol) Stream(seed uint64) (*Stream, error) {
	l, err := p.Layout()
	if err != nil {
		return nil, err
	}
	phs, _ := p.phases()
	rngs := func(i int) (pre, post *rand.Rand) {
		po := phs[i].Poisson
		src := rand.NewPCG(seed, PoissonStream+uint64(i))
		a := *src
		pre = rand.New(&a)
		dry := rand.New(src)
		if po.Pre > 0 {
			for t := 0.0; ; {
				t += dry.ExpFloat64() / po.Pre
				if t >= po.Duration {
					break
				}
			}
		}
		return pre, dry
	}
	return &Stream{Layout: l, m: newPhaseMerger(p.Test, phs, l, rngs)}, nil
}

// newPhaseMerger builds the generators of a protocol; rngs gives the random
// sources of a Poisson phase.
func newPhaseMerger(test float64, phs []phaseAt, l Layout, rngs func(i int) (pre, post *rand.Rand)) *merger {
	gens := []gen{testGen(test, l), clampGen(phs, l)}
	for i, ph := range phs {
		g, t0 := 2+i, l.Phases[i].Start
		switch {
		case ph.Train != nil:
			gens = append(gens, trainGen(ph.Train, t0, g))
		case ph.Bursts != nil:
			gens = append(gens, burstsGen(ph.Bursts, t0, g))
		case ph.Pairing != nil:
			gens = append(gens, pairingGen(ph.Pairing, t0, g))
		case ph.Poisson != nil:
			pre, post := rngs(i)
			gens = append(gens, poissonGen(ph.Poisson.Pre, ph.Poisson.Duration, t0, Pre, pre, g, 0),
				poissonGen(ph.Poisson.Post, ph.Poisson.Duration, t0, Post, post, g, postOffset))
		case ph.Explicit != nil:
			e := ph.Explicit
			gens = append(gens, listGen(e.Pre, t0, Pre, g, 0), listGen(e.Post, t0, Post, g, int64(len(e.Pre))))
		}
	}
	return newMerger(gens)
}

// Compile validates p and lays out all its events in a list. rng is used
// only for Poisson phases (it may be nil otherwise): the pre train of each
// Poisson phase is drawn first, then its post train, phase after phase.
// Compile holds every event in memory; engines use Stream.
func (p Protocol) Compile(rng *rand.Rand) (Schedule, error) {
	l, err := p.Layout()
	if err != nil {
		return Schedule{}, err
	}
	phs, _ := p.phases()
	for _, ph := range phs {
		if ph.Poisson != nil && rng == nil {
			f := ph.prefix + "poisson"
			return Schedule{}, &Error{Field: f, Allowed: "needs a random number generator (Compile was called with nil)"}
		}
	}
	// Draw Poisson times in the legacy order, then serve them as lists.
	rngs := func(i int) (pre, post *rand.Rand) { return rng, rng }
	phs2 := slices.Clone(phs)
	for i, ph := range phs2 {
		if po := ph.Poisson; po != nil {
			var pre, post []float64
			for _, side := range []struct {
				rate float64
				out  *[]float64
			}{{po.Pre, &pre}, {po.Post, &post}} {
				g := poissonGen(side.rate, po.Duration, 0, Pre, rng, 0, 0)
				for it, ok := g.next(); ok; it, ok = g.next() {
					if len(pre)+len(post) >= MaxEvents {
						return Schedule{}, errf(ph.prefix+"poisson.duration", po.Duration, "gives more than %d events", MaxEvents)
					}
					*side.out = append(*side.out, it.T)
				}
			}
			ph.Poisson, ph.Explicit = nil, &Explicit{Pre: pre, Post: post}
			phs2[i] = ph
		}
	}
	m := newPhaseMerger(p.Test, phs2, l, rngs)
	s := Schedule{InductionStart: l.InductionStart, InductionEnd: l.InductionEnd, End: l.End}
	s.Events = make([]Event, 0, int(min(l.Events+2, MaxEvents)))
	for e, ok := m.next(); ok; e, ok = m.next() {
		s.Events = append(s.Events, e)
	}
	return s, nil
}

// Bounds validates p and returns its schedule without events
// (InductionStart, InductionEnd, End) and the number of events it will
// hold: exact for periodic and explicit protocols up to rounding at the
// test-pulse boundaries (±1 each), expected for Poisson. It is cheap, so
// callers can refuse large protocols before generating them.
func (p Protocol) Bounds() (Schedule, float64, error) {
	l, err := p.Layout()
	if err != nil {
		return Schedule{}, 0, err
	}
	return Schedule{InductionStart: l.InductionStart, InductionEnd: l.InductionEnd, End: l.End}, l.Events, nil
}
