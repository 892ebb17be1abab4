package protocol

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// Error is a protocol that cannot be compiled. Field is the snake_case path
// of the offending field below the protocol, as in spec files
// ("train.rate", "explicit.pre[2]"); it is "" for the protocol as a whole.
type Error struct {
	Field   string
	Value   string // the offending value in internal units
	Allowed string // what is allowed
}

func (e *Error) Error() string {
	f := "protocol"
	if e.Field != "" {
		f += "." + e.Field
	}
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", f, e.Allowed)
	}
	return fmt.Sprintf("%s = %s: %s", f, e.Value, e.Allowed)
}

func errf(field string, v float64, allowed string, args ...any) *Error {
	return &Error{Field: field, Value: strconv.FormatFloat(v, 'g', -1, 64), Allowed: fmt.Sprintf(allowed, args...)}
}

// relTol absorbs rounding when comparing products such as Interval·Rate
// with an integer pulse count: 1e-12 is far above float64 rounding (~1e-16)
// and far below any meaningful timing difference.
const relTol = 1e-12

// kindRank orders simultaneous events: a clamp is released before and set
// before the spikes at the same instant, so a test pulse at InductionEnd is
// unclamped and the first induction pulse is clamped; pre precedes post.
func kindRank(k Kind) int {
	switch k {
	case ClampOff:
		return 0
	case ClampOn:
		return 1
	case Pre:
		return 2
	case Test:
		return 3
	case Post:
		return 4
	}
	return 5
}

// Less reports whether a sorts before b in a Schedule: by time, then by
// kind in the order ClampOff, ClampOn, Pre, Test, Post.
func Less(a, b Event) bool { return compareEvents(a, b) < 0 }

func compareEvents(a, b Event) int {
	if c := cmp.Compare(a.T, b.T); c != 0 {
		return c
	}
	return cmp.Compare(kindRank(a.Kind), kindRank(b.Kind))
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// element returns the name of the one induction element, or an error.
func (p Protocol) element() (string, error) {
	var names []string
	if p.Train != nil {
		names = append(names, "train")
	}
	if p.Bursts != nil {
		names = append(names, "bursts")
	}
	if p.Pairing != nil {
		names = append(names, "pairing")
	}
	if p.Poisson != nil {
		names = append(names, "poisson")
	}
	if p.Explicit != nil {
		names = append(names, "explicit")
	}
	switch len(names) {
	case 1:
		return names[0], nil
	case 0:
		return "", &Error{Allowed: "no induction: need exactly one of train, bursts, pairing, poisson, explicit"}
	}
	return "", &Error{Value: fmt.Sprint(names), Allowed: "need exactly one of train, bursts, pairing, poisson, explicit"}
}

func nonNeg(field string, v float64) error {
	if !finite(v) || v < 0 {
		return errf(field, v, "must be finite and ≥ 0")
	}
	return nil
}

func positive(field string, v float64) error {
	if !finite(v) || v <= 0 {
		return errf(field, v, "must be finite and > 0")
	}
	return nil
}

func atLeast1(field string, n int) error {
	if n < 1 {
		return &Error{Field: field, Value: strconv.Itoa(n), Allowed: "must be ≥ 1"}
	}
	return nil
}

func orOne(n int) int {
	if n == 0 {
		return 1
	}
	return n
}

// Validate checks every field, that there is exactly one induction element,
// that the schedule ends within one week and that it holds at most
// MaxEvents events (for Poisson, in expectation). It returns an *Error.
func (p Protocol) Validate() error {
	_, err := p.layout()
	return err
}

// layout is the validated shape of a protocol.
type layout struct {
	span  float64 // induction duration [ms]
	count float64 // number of induction events (expected, for Poisson)
	big   string  // the count field to blame if there are too many events
	elem  string
}

func (p Protocol) layout() (layout, error) {
	var l layout
	if err := nonNeg("test", p.Test); err != nil {
		return l, err
	}
	if err := nonNeg("baseline", p.Baseline); err != nil {
		return l, err
	}
	if err := nonNeg("follow", p.Follow); err != nil {
		return l, err
	}
	if p.Clamp != nil && (!finite(*p.Clamp) || math.Abs(*p.Clamp) > 200) {
		return l, errf("clamp", *p.Clamp, "must be between -200 and 200 mV")
	}
	elem, err := p.element()
	if err != nil {
		return l, err
	}
	l.elem = elem
	switch elem {
	case "train":
		err = p.Train.layout(&l)
	case "bursts":
		err = p.Bursts.layout(&l)
	case "pairing":
		err = p.Pairing.layout(&l)
	case "poisson":
		err = p.Poisson.layout(&l)
	case "explicit":
		err = p.Explicit.layout(&l)
	}
	if err != nil {
		return l, err
	}
	// Duration limit: name the largest contributor.
	for _, c := range []struct {
		f string
		v float64
	}{{"baseline", p.Baseline}, {"follow", p.Follow}, {elem, l.span}} {
		if c.v > maxEnd {
			return l, errf(c.f, c.v, "lasts longer than 1 week (604800000 ms)")
		}
	}
	if end := p.Baseline + l.span + p.Follow; end > maxEnd {
		f, v := "baseline", p.Baseline
		if p.Follow > v {
			f, v = "follow", p.Follow
		}
		if l.span > v {
			f, v = elem, l.span
		}
		return l, errf(f, v, "protocol ends at %s ms, later than 1 week (604800000 ms)", strconv.FormatFloat(end, 'g', -1, 64))
	}
	if l.count > MaxEvents {
		return l, errf(l.big, l.count, "gives %.4g events, more than %d", l.count, MaxEvents)
	}
	if p.Test > 0 {
		tests := math.Ceil(p.Baseline/p.Test) + math.Ceil(p.Follow/p.Test)
		if tests+l.count > MaxEvents {
			return l, errf("test", p.Test, "gives %.4g test pulses, more than %d events in all", tests, MaxEvents)
		}
	}
	return l, nil
}

func (t *Train) layout(l *layout) error {
	if err := positive("train.rate", t.Rate); err != nil {
		return err
	}
	if err := atLeast1("train.pulses", t.Pulses); err != nil {
		return err
	}
	if t.Repeat < 0 {
		return &Error{Field: "train.repeat", Value: strconv.Itoa(t.Repeat), Allowed: "must be ≥ 1 (0 or absent means 1)"}
	}
	rep := orOne(t.Repeat)
	one := float64(t.Pulses) / t.Rate
	l.span = one
	if rep > 1 {
		if err := positive("train.interval", t.Interval); err != nil {
			return err
		}
		if t.Interval < one*(1-relTol) {
			return errf("train.interval", t.Interval, "must be ≥ pulses/rate = %s ms so trains do not overlap", strconv.FormatFloat(one, 'g', -1, 64))
		}
		l.span = float64(rep-1)*t.Interval + one
	} else if err := nonNeg("train.interval", t.Interval); err != nil {
		return err
	}
	l.count = float64(t.Pulses) * float64(rep)
	l.big = "train.pulses"
	if rep > t.Pulses {
		l.big = "train.repeat"
	}
	return nil
}

func (b *Bursts) layout(l *layout) error {
	if err := atLeast1("bursts.pulses", b.Pulses); err != nil {
		return err
	}
	if err := positive("bursts.rate", b.Rate); err != nil {
		return err
	}
	if err := positive("bursts.burst_rate", b.BurstRate); err != nil {
		return err
	}
	if err := atLeast1("bursts.bursts", b.Bursts); err != nil {
		return err
	}
	if b.Trains < 0 {
		return &Error{Field: "bursts.trains", Value: strconv.Itoa(b.Trains), Allowed: "must be ≥ 1 (0 or absent means 1)"}
	}
	burst := float64(b.Pulses) / b.Rate
	if burst > (1/b.BurstRate)*(1+relTol) {
		return errf("bursts.burst_rate", b.BurstRate, "must be ≤ rate/pulses = %s Hz so a burst fits in its period", strconv.FormatFloat(b.Rate/float64(b.Pulses)*1000, 'g', 6, 64))
	}
	one := float64(b.Bursts-1)/b.BurstRate + burst
	trains := orOne(b.Trains)
	l.span = one
	if trains > 1 {
		if err := positive("bursts.interval", b.Interval); err != nil {
			return err
		}
		if b.Interval < one*(1-relTol) {
			return errf("bursts.interval", b.Interval, "must be ≥ the span of one train, %s ms, so trains do not overlap", strconv.FormatFloat(one, 'g', -1, 64))
		}
		l.span = float64(trains-1)*b.Interval + one
	} else if err := nonNeg("bursts.interval", b.Interval); err != nil {
		return err
	}
	l.count = float64(b.Pulses) * float64(b.Bursts) * float64(trains)
	l.big, _ = maxField([]string{"bursts.pulses", "bursts.bursts", "bursts.trains"}, []int{b.Pulses, b.Bursts, trains})
	return nil
}

func maxField(f []string, v []int) (string, int) {
	i := 0
	for j := range v {
		if v[j] > v[i] {
			i = j
		}
	}
	return f[i], v[i]
}

// postSpan is the time from the first to the last post spike of a pair.
func (p *Pairing) postSpan() float64 {
	if n := orOne(p.PostSpikes); n > 1 {
		return float64(n-1) / p.PostRate
	}
	return 0
}

func (p *Pairing) layout(l *layout) error {
	if !finite(p.Dt) || math.Abs(p.Dt) > maxEnd {
		return errf("pairing.dt", p.Dt, "must be finite and within ±1 week")
	}
	if err := atLeast1("pairing.pairs", p.Pairs); err != nil {
		return err
	}
	if err := positive("pairing.rate", p.Rate); err != nil {
		return err
	}
	if p.PostSpikes < 0 {
		return &Error{Field: "pairing.post_spikes", Value: strconv.Itoa(p.PostSpikes), Allowed: "must be ≥ 1 (0 or absent means 1)"}
	}
	if err := nonNeg("pairing.post_rate", p.PostRate); err != nil {
		return err
	}
	if p.PostSpikes > 1 && p.PostRate <= 0 {
		return errf("pairing.post_rate", p.PostRate, "must be > 0 when post_spikes > 1")
	}
	shift := math.Max(0, -p.Dt)
	l.span = float64(p.Pairs)/p.Rate + shift
	// If the post spikes of the last pair reach past that, the induction
	// ends one pairing period after the last post spike.
	last := float64(p.Pairs-1)/p.Rate + shift + math.Max(0, p.Dt+p.postSpan())
	if last >= l.span {
		l.span = last + 1/p.Rate
	}
	ps := orOne(p.PostSpikes)
	l.count = float64(p.Pairs) * float64(1+ps)
	l.big = "pairing.pairs"
	if ps > p.Pairs {
		l.big = "pairing.post_spikes"
	}
	return nil
}

func (p *Poisson) layout(l *layout) error {
	if err := nonNeg("poisson.pre", p.Pre); err != nil {
		return err
	}
	if err := nonNeg("poisson.post", p.Post); err != nil {
		return err
	}
	if err := positive("poisson.duration", p.Duration); err != nil {
		return err
	}
	if p.Pre == 0 && p.Post == 0 {
		return &Error{Field: "poisson", Allowed: "needs a pre or post rate > 0"}
	}
	l.span = p.Duration
	l.count = (p.Pre + p.Post) * p.Duration
	l.big = "poisson.pre"
	if p.Post > p.Pre {
		l.big = "poisson.post"
	}
	return nil
}

func (e *Explicit) layout(l *layout) error {
	last := 0.0 // no times at all: no stimulation (a chemical protocol; the caller decides whether that is allowed)
	for _, side := range []struct {
		name string
		ts   []float64
	}{{"pre", e.Pre}, {"post", e.Post}} {
		for i, t := range side.ts {
			f := fmt.Sprintf("explicit.%s[%d]", side.name, i)
			if !finite(t) || t < 0 || t > maxEnd {
				return errf(f, t, "must be finite, ≥ 0 and within 1 week")
			}
			last = math.Max(last, t)
		}
	}
	l.span = last + explicitTail
	l.count = float64(len(e.Pre) + len(e.Post))
	l.big = "explicit"
	return nil
}

// Compile validates p and lays out its events. rng is used only for Poisson
// protocols (it may be nil otherwise); Poisson spikes are drawn with
// exponential inter-spike intervals, pre train first, then post.
func (p Protocol) Compile(rng *rand.Rand) (Schedule, error) {
	l, err := p.layout()
	if err != nil {
		return Schedule{}, err
	}
	s := Schedule{InductionStart: p.Baseline}
	s.InductionEnd = s.InductionStart + l.span
	s.End = s.InductionEnd + p.Follow
	capHint := l.count + 2
	if p.Test > 0 {
		capHint += math.Ceil(p.Baseline/p.Test) + math.Ceil(p.Follow/p.Test) + 2
	}
	if l.elem == "poisson" {
		capHint += 4*math.Sqrt(l.count) + 16 // room for fluctuations
	}
	ev := make([]Event, 0, int(min(capHint, MaxEvents)))
	if p.Test > 0 {
		for k := 0; ; k++ {
			t := float64(k) * p.Test
			if t >= s.InductionStart {
				break
			}
			ev = append(ev, Event{T: t, Kind: Test})
		}
		for k := 0; ; k++ {
			t := s.InductionEnd + float64(k)*p.Test
			if t >= s.End {
				break
			}
			ev = append(ev, Event{T: t, Kind: Test})
		}
	}
	if p.Clamp != nil {
		ev = append(ev, Event{T: s.InductionStart, Kind: ClampOn, V: *p.Clamp},
			Event{T: s.InductionEnd, Kind: ClampOff})
	}
	t0 := s.InductionStart
	switch l.elem {
	case "train":
		tr := p.Train
		for r := range orOne(tr.Repeat) {
			tr0 := t0 + float64(r)*tr.Interval
			for k := range tr.Pulses {
				ev = append(ev, Event{T: tr0 + float64(k)/tr.Rate, Kind: Pre})
			}
		}
	case "bursts":
		b := p.Bursts
		for r := range orOne(b.Trains) {
			tr0 := t0 + float64(r)*b.Interval
			for j := range b.Bursts {
				b0 := tr0 + float64(j)/b.BurstRate
				for k := range b.Pulses {
					ev = append(ev, Event{T: b0 + float64(k)/b.Rate, Kind: Pre})
				}
			}
		}
	case "pairing":
		pr := p.Pairing
		shift := math.Max(0, -pr.Dt)
		for k := range pr.Pairs {
			a := t0 + float64(k)/pr.Rate + shift
			ev = append(ev, Event{T: a, Kind: Pre})
			for j := range orOne(pr.PostSpikes) {
				t := a + pr.Dt
				if j > 0 {
					t += float64(j) / pr.PostRate
				}
				ev = append(ev, Event{T: t, Kind: Post})
			}
		}
	case "poisson":
		if rng == nil {
			return Schedule{}, &Error{Field: "poisson", Allowed: "needs a random number generator (Compile was called with nil)"}
		}
		po := p.Poisson
		for _, side := range []struct {
			rate float64
			kind Kind
		}{{po.Pre, Pre}, {po.Post, Post}} {
			if side.rate == 0 {
				continue
			}
			// Random times are accumulated; the no-summing rule is about
			// periodic schedules, where drift would be systematic.
			t := 0.0
			for {
				t += rng.ExpFloat64() / side.rate
				if t >= po.Duration {
					break
				}
				if len(ev) >= MaxEvents {
					return Schedule{}, errf("poisson.duration", po.Duration, "gives more than %d events", MaxEvents)
				}
				ev = append(ev, Event{T: t0 + t, Kind: side.kind})
			}
		}
	case "explicit":
		for _, t := range p.Explicit.Pre {
			ev = append(ev, Event{T: t0 + t, Kind: Pre})
		}
		for _, t := range p.Explicit.Post {
			ev = append(ev, Event{T: t0 + t, Kind: Post})
		}
	}
	slices.SortStableFunc(ev, compareEvents)
	s.Events = ev
	return s, nil
}

// Bounds validates p and returns its schedule without events
// (InductionStart, InductionEnd, End) and the number of events it will
// hold: exact for periodic and explicit protocols up to rounding at the
// test-pulse boundaries (±1 each), expected for Poisson. It is cheap, so
// callers can refuse large protocols before compiling them.
func (p Protocol) Bounds() (Schedule, float64, error) {
	l, err := p.layout()
	if err != nil {
		return Schedule{}, 0, err
	}
	s := Schedule{InductionStart: p.Baseline}
	s.InductionEnd = s.InductionStart + l.span
	s.End = s.InductionEnd + p.Follow
	n := l.count
	if p.Clamp != nil {
		n += 2
	}
	if p.Test > 0 {
		n += math.Ceil(p.Baseline/p.Test) + math.Ceil(p.Follow/p.Test)
	}
	return s, n, nil
}
