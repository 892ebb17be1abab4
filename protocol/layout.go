package protocol

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
)

// Error is a protocol that cannot be laid out. Field is the snake_case path
// of the offending field below the protocol, as in spec files
// ("train.rate", "explicit.pre[2]", "phases[1].pairing.dt"); it is "" for
// the protocol as a whole.
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

// phaseAt is a phase with the path prefix of its fields in errors: "" for
// the single-element form, "phases[i]." otherwise.
type phaseAt struct {
	Phase
	prefix string
}

// phases returns the protocol's phases: Phases, or the single element as
// one phase.
func (p Protocol) phases() ([]phaseAt, error) {
	single := p.Clamp != nil || p.Train != nil || p.Bursts != nil || p.Pairing != nil || p.Poisson != nil || p.Explicit != nil
	if len(p.Phases) == 0 {
		return []phaseAt{{Phase: Phase{Clamp: p.Clamp, Train: p.Train, Bursts: p.Bursts, Pairing: p.Pairing, Poisson: p.Poisson, Explicit: p.Explicit}}}, nil
	}
	if single {
		return nil, &Error{Allowed: "give the induction either as phases or as one element (train, bursts, pairing, poisson, explicit, clamp) at the top, not both"}
	}
	out := make([]phaseAt, len(p.Phases))
	for i, ph := range p.Phases {
		out[i] = phaseAt{Phase: ph, prefix: "phases[" + strconv.Itoa(i) + "]."}
	}
	return out, nil
}

// element returns the name of the phase's one induction element ("" for a
// marker), or an error.
func (ph phaseAt) element() (string, error) {
	var names []string
	if ph.Train != nil {
		names = append(names, "train")
	}
	if ph.Bursts != nil {
		names = append(names, "bursts")
	}
	if ph.Pairing != nil {
		names = append(names, "pairing")
	}
	if ph.Poisson != nil {
		names = append(names, "poisson")
	}
	if ph.Explicit != nil {
		names = append(names, "explicit")
	}
	field := ph.prefix
	if field != "" {
		field = field[:len(field)-1]
	}
	if ph.Mark {
		if len(names) > 0 || ph.Clamp != nil {
			return "", &Error{Field: field, Allowed: "a marker phase has no induction element and no clamp"}
		}
		return "", nil
	}
	switch len(names) {
	case 1:
		return names[0], nil
	case 0:
		return "", &Error{Field: field, Allowed: "no induction: need exactly one of train, bursts, pairing, poisson, explicit"}
	}
	return "", &Error{Field: field, Value: fmt.Sprint(names), Allowed: "need exactly one of train, bursts, pairing, poisson, explicit"}
}

// Span is one phase as laid out: its element ("" for a marker), start and
// end [ms], and its number of events (expected, for Poisson).
type Span struct {
	Element    string
	Start, End float64
	Count      float64
}

// Layout is a validated protocol's shape: the phases' spans, the
// boundaries of the run and the number of events, computed without
// generating any.
type Layout struct {
	Phases         []Span
	InductionStart float64 // start of the first phase
	InductionEnd   float64 // end of the last phase
	End            float64 // end of the follow-up
	Tests          float64 // number of test pulses
	Events         float64 // number of events in all, test pulses and clamp steps included (expected for Poisson)
}

// elemLayout is what an element's layout reports.
type elemLayout struct {
	span  float64 // duration [ms]
	count float64 // number of events (expected, for Poisson)
	big   string  // the count field to blame if there are too many events
}

// Validate checks every field, that each phase has exactly one induction
// element, that the schedule ends within one week and that it holds at
// most MaxEvents events (for Poisson, in expectation). It returns an *Error.
func (p Protocol) Validate() error {
	_, err := p.Layout()
	return err
}

// Layout validates p and lays it out without generating events.
func (p Protocol) Layout() (Layout, error) {
	var l Layout
	if err := nonNeg("test", p.Test); err != nil {
		return l, err
	}
	if err := nonNeg("baseline", p.Baseline); err != nil {
		return l, err
	}
	if err := nonNeg("follow", p.Follow); err != nil {
		return l, err
	}
	phs, err := p.phases()
	if err != nil {
		return l, err
	}
	bigs, gaps, err := l.phases(p.Baseline, phs)
	if err != nil {
		return l, err
	}
	t := l.Phases[len(l.Phases)-1].End
	// Duration limits: name the largest contributor.
	type part struct {
		f string
		v float64
	}
	parts := []part{{"baseline", p.Baseline}, {"follow", p.Follow}}
	for i, ph := range phs {
		parts = append(parts, part{ph.prefix + l.Phases[i].Element, l.Phases[i].End - l.Phases[i].Start})
		if ph.After > 0 {
			parts = append(parts, part{ph.prefix + "after", ph.After})
		}
	}
	for _, c := range parts {
		if c.v > maxEnd {
			return l, errf(c.f, c.v, "lasts longer than 1 week (604800000 ms)")
		}
	}
	l.InductionStart = l.Phases[0].Start
	l.InductionEnd = t
	l.End = t + p.Follow
	if l.End > maxEnd {
		f, v := parts[0].f, parts[0].v
		if parts[1].v > v {
			f, v = parts[1].f, parts[1].v
		}
		for _, c := range parts[2:] {
			if c.v > v {
				f, v = c.f, c.v
			}
		}
		return l, errf(f, v, "protocol ends at %s ms, later than 1 week (604800000 ms)", strconv.FormatFloat(l.End, 'g', -1, 64))
	}
	var n float64
	for i, sp := range l.Phases {
		if sp.Count > MaxEvents {
			return l, errf(phs[i].prefix+bigs[i], sp.Count, "gives %.4g events, more than %d", sp.Count, MaxEvents)
		}
		n += sp.Count
		if phs[i].Clamp != nil {
			l.Phases[i].Count += 2
			n += 2
		}
	}
	if n > MaxEvents {
		return l, &Error{Value: strconv.FormatFloat(n, 'g', 4, 64), Allowed: fmt.Sprintf("the phases give %.4g events in all, more than %d", n, MaxEvents)}
	}
	if p.Test > 0 {
		l.Tests = math.Ceil(p.Baseline/p.Test) + math.Ceil(p.Follow/p.Test)
		for _, g := range gaps {
			l.Tests += math.Ceil(g / p.Test)
		}
		if l.Tests+n > MaxEvents {
			return l, errf("test", p.Test, "gives %.4g test pulses, more than %d events in all", l.Tests, MaxEvents)
		}
	}
	l.Events = n + l.Tests
	return l, nil
}

// phases lays out each phase from the end of the baseline, filling
// l.Phases; it returns the count field to blame per phase and the gaps
// between phases.
func (l *Layout) phases(baseline float64, phs []phaseAt) (bigs []string, gaps []float64, err error) {
	t := baseline
	for i, ph := range phs {
		if ph.Clamp != nil && (!finite(*ph.Clamp) || math.Abs(*ph.Clamp) > 200) {
			return nil, nil, errf(ph.prefix+"clamp", *ph.Clamp, "must be between -200 and 200 mV")
		}
		if err := nonNeg(ph.prefix+"after", ph.After); err != nil {
			return nil, nil, err
		}
		elem, err := ph.element()
		if err != nil {
			return nil, nil, err
		}
		var el elemLayout
		switch elem {
		case "train":
			err = ph.Train.layout(&el, ph.prefix)
		case "bursts":
			err = ph.Bursts.layout(&el, ph.prefix)
		case "pairing":
			err = ph.Pairing.layout(&el, ph.prefix)
		case "poisson":
			err = ph.Poisson.layout(&el, ph.prefix)
		case "explicit":
			err = ph.Explicit.layout(&el, ph.prefix)
		}
		if err != nil {
			return nil, nil, err
		}
		if i > 0 {
			gaps = append(gaps, ph.After)
		}
		start := t + ph.After
		sp := Span{Element: elem, Start: start, End: start + el.span, Count: el.count}
		l.Phases = append(l.Phases, sp)
		bigs = append(bigs, el.big)
		t = sp.End
	}
	return bigs, gaps, nil
}

func (t *Train) layout(l *elemLayout, pre string) error {
	if err := positive(pre+"train.rate", t.Rate); err != nil {
		return err
	}
	if err := atLeast1(pre+"train.pulses", t.Pulses); err != nil {
		return err
	}
	if t.Repeat < 0 {
		return &Error{Field: pre + "train.repeat", Value: strconv.Itoa(t.Repeat), Allowed: "must be ≥ 1 (0 or absent means 1)"}
	}
	rep := orOne(t.Repeat)
	one := float64(t.Pulses) / t.Rate
	l.span = one
	if rep > 1 {
		if err := positive(pre+"train.interval", t.Interval); err != nil {
			return err
		}
		if t.Interval < one*(1-relTol) {
			return errf(pre+"train.interval", t.Interval, "must be ≥ pulses/rate = %s ms so trains do not overlap", strconv.FormatFloat(one, 'g', -1, 64))
		}
		l.span = float64(rep-1)*t.Interval + one
	} else if err := nonNeg(pre+"train.interval", t.Interval); err != nil {
		return err
	}
	l.count = float64(t.Pulses) * float64(rep)
	l.big = "train.pulses"
	if rep > t.Pulses {
		l.big = "train.repeat"
	}
	return nil
}

func (b *Bursts) layout(l *elemLayout, pre string) error {
	if err := atLeast1(pre+"bursts.pulses", b.Pulses); err != nil {
		return err
	}
	if err := positive(pre+"bursts.rate", b.Rate); err != nil {
		return err
	}
	if err := positive(pre+"bursts.burst_rate", b.BurstRate); err != nil {
		return err
	}
	if err := atLeast1(pre+"bursts.bursts", b.Bursts); err != nil {
		return err
	}
	if b.Trains < 0 {
		return &Error{Field: pre + "bursts.trains", Value: strconv.Itoa(b.Trains), Allowed: "must be ≥ 1 (0 or absent means 1)"}
	}
	burst := float64(b.Pulses) / b.Rate
	if burst > (1/b.BurstRate)*(1+relTol) {
		return errf(pre+"bursts.burst_rate", b.BurstRate, "must be ≤ rate/pulses = %s Hz so a burst fits in its period", strconv.FormatFloat(b.Rate/float64(b.Pulses)*1000, 'g', 6, 64))
	}
	one := float64(b.Bursts-1)/b.BurstRate + burst
	trains := orOne(b.Trains)
	l.span = one
	if trains > 1 {
		if err := positive(pre+"bursts.interval", b.Interval); err != nil {
			return err
		}
		if b.Interval < one*(1-relTol) {
			return errf(pre+"bursts.interval", b.Interval, "must be ≥ the span of one train, %s ms, so trains do not overlap", strconv.FormatFloat(one, 'g', -1, 64))
		}
		l.span = float64(trains-1)*b.Interval + one
	} else if err := nonNeg(pre+"bursts.interval", b.Interval); err != nil {
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

func (p *Pairing) layout(l *elemLayout, pre string) error {
	if !finite(p.Dt) || math.Abs(p.Dt) > maxEnd {
		return errf(pre+"pairing.dt", p.Dt, "must be finite and within ±1 week")
	}
	if err := atLeast1(pre+"pairing.pairs", p.Pairs); err != nil {
		return err
	}
	if err := positive(pre+"pairing.rate", p.Rate); err != nil {
		return err
	}
	if p.PostSpikes < 0 {
		return &Error{Field: pre + "pairing.post_spikes", Value: strconv.Itoa(p.PostSpikes), Allowed: "must be ≥ 1 (0 or absent means 1)"}
	}
	if err := nonNeg(pre+"pairing.post_rate", p.PostRate); err != nil {
		return err
	}
	if p.PostSpikes > 1 && p.PostRate <= 0 {
		return errf(pre+"pairing.post_rate", p.PostRate, "must be > 0 when post_spikes > 1")
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

func (p *Poisson) layout(l *elemLayout, pre string) error {
	if err := nonNeg(pre+"poisson.pre", p.Pre); err != nil {
		return err
	}
	if err := nonNeg(pre+"poisson.post", p.Post); err != nil {
		return err
	}
	if err := positive(pre+"poisson.duration", p.Duration); err != nil {
		return err
	}
	if p.Pre == 0 && p.Post == 0 {
		return &Error{Field: pre + "poisson", Allowed: "needs a pre or post rate > 0"}
	}
	l.span = p.Duration
	l.count = (p.Pre + p.Post) * p.Duration
	l.big = "poisson.pre"
	if p.Post > p.Pre {
		l.big = "poisson.post"
	}
	return nil
}

func (e *Explicit) layout(l *elemLayout, pre string) error {
	last := 0.0 // no times at all: no stimulation (a chemical protocol; the caller decides whether that is allowed)
	for _, side := range []struct {
		name string
		ts   []float64
	}{{"pre", e.Pre}, {"post", e.Post}} {
		for i, t := range side.ts {
			f := fmt.Sprintf("%sexplicit.%s[%d]", pre, side.name, i)
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
