package protocol

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Rates in 1/ms: 1 Hz = 0.001.
const (
	hz     = 0.001
	sec    = 1000.0
	minute = 60 * sec
)

func count(ev []Event, k Kind) int {
	n := 0
	for _, e := range ev {
		if e.Kind == k {
			n++
		}
	}
	return n
}

func times(ev []Event, k Kind) []float64 {
	var t []float64
	for _, e := range ev {
		if e.Kind == k {
			t = append(t, e.T)
		}
	}
	return t
}

func compile(t *testing.T, p Protocol) Schedule {
	t.Helper()
	s, err := p.Compile(rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	checkSorted(t, s)
	return s
}

func checkSorted(t *testing.T, s Schedule) {
	t.Helper()
	if !slices.IsSortedFunc(s.Events, compareEvents) {
		t.Fatal("events not sorted")
	}
	for _, e := range s.Events {
		if math.IsNaN(e.T) || e.T < 0 || e.T >= s.End && !(e.T == s.End && e.Kind == ClampOff) {
			t.Fatalf("event %+v outside [0, End=%v)", e, s.End)
		}
	}
}

// LFS (Dudek & Bear 1992): 900 pulses at 1 Hz; the last is at exactly
// 899 s after the induction starts.
func TestLFS(t *testing.T) {
	p := Protocol{Test: 30 * sec, Baseline: 20 * minute, Follow: 60 * minute, Train: &Train{Rate: 1 * hz, Pulses: 900}}
	s := compile(t, p)
	pre := times(s.Events, Pre)
	if len(pre) != 900 {
		t.Fatalf("%d pre, want 900", len(pre))
	}
	if got := pre[899] - s.InductionStart; got != 899000 {
		t.Errorf("last pulse at %v after start, want 899000 exactly", got)
	}
	if s.InductionStart != 20*minute || s.InductionEnd != 20*minute+900*sec || s.End != s.InductionEnd+60*minute {
		t.Errorf("bounds %v %v %v", s.InductionStart, s.InductionEnd, s.End)
	}
	// 40 test pulses in baseline (0, 30 s, …, 19.5 min) and 120 in follow-up.
	if n := count(s.Events, Test); n != 160 {
		t.Errorf("%d test pulses, want 160", n)
	}
	tests := times(s.Events, Test)
	if tests[39] != 19.5*minute || tests[40] != s.InductionEnd || tests[159] != s.InductionEnd+59.5*minute {
		t.Errorf("test pulse times %v %v %v", tests[39], tests[40], tests[159])
	}
	for k, tp := range pre {
		if tp != s.InductionStart+float64(k)/(1*hz) {
			t.Fatalf("pulse %d at %v", k, tp)
		}
	}
}

// HFS: 100 Hz × 1 s, 4 trains 20 s apart (start to start).
func TestHFS(t *testing.T) {
	p := Protocol{Baseline: 1 * minute, Train: &Train{Rate: 100 * hz, Pulses: 100, Repeat: 4, Interval: 20 * sec}}
	s := compile(t, p)
	pre := times(s.Events, Pre)
	if len(pre) != 400 {
		t.Fatalf("%d pulses, want 400", len(pre))
	}
	for r := range 4 {
		first, last := pre[100*r], pre[100*r+99]
		if first != 60000+float64(r)*20000 {
			t.Errorf("train %d starts at %v", r, first)
		}
		if math.Abs(last-first-990) > 1e-9 {
			t.Errorf("train %d lasts %v ms, want 990", r, last-first)
		}
	}
	if want := 60000 + 3*20000 + 1000.0; s.InductionEnd != want {
		t.Errorf("InductionEnd %v, want %v", s.InductionEnd, want)
	}
}

// TBS (Larson, Wong & Lynch 1986): 10 bursts of 4 pulses at 100 Hz,
// bursts at 5 Hz.
func TestTBS(t *testing.T) {
	p := Protocol{Bursts: &Bursts{Pulses: 4, Rate: 100 * hz, BurstRate: 5 * hz, Bursts: 10}}
	s := compile(t, p)
	pre := times(s.Events, Pre)
	if len(pre) != 40 {
		t.Fatalf("%d pulses, want 40", len(pre))
	}
	for b := range 10 {
		for k := range 4 {
			want := float64(b)*200 + float64(k)*10
			if math.Abs(pre[4*b+k]-want) > 1e-9 {
				t.Errorf("burst %d pulse %d at %v, want %v", b, k, pre[4*b+k], want)
			}
		}
	}
	if want := 9*200 + 40.0; math.Abs(s.InductionEnd-want) > 1e-9 {
		t.Errorf("InductionEnd %v, want %v", s.InductionEnd, want)
	}
	// 3 trains of TBS 10 s apart.
	p.Bursts.Trains, p.Bursts.Interval = 3, 10*sec
	s = compile(t, p)
	if n := count(s.Events, Pre); n != 120 {
		t.Errorf("%d pulses in 3 trains, want 120", n)
	}
	if pre := times(s.Events, Pre); pre[80] != 20000 {
		t.Errorf("third train starts at %v", pre[80])
	}
}

// Pairing ±10 ms with two post spikes at 50 Hz.
func TestPairing(t *testing.T) {
	for _, dt := range []float64{10, -10} {
		p := Protocol{Baseline: 1000, Pairing: &Pairing{Dt: dt, Pairs: 60, Rate: 1 * hz, PostSpikes: 2, PostRate: 50 * hz}}
		s := compile(t, p)
		pre, post := times(s.Events, Pre), times(s.Events, Post)
		if len(pre) != 60 || len(post) != 120 {
			t.Fatalf("dt %v: %d pre, %d post", dt, len(pre), len(post))
		}
		shift := math.Max(0, -dt)
		for k := range 60 {
			a := 1000 + float64(k)*1000 + shift
			if pre[k] != a || post[2*k] != a+dt || post[2*k+1] != a+dt+20 {
				t.Fatalf("dt %v pair %d: pre %v post %v %v; anchor %v", dt, k, pre[k], post[2*k], post[2*k+1], a)
			}
		}
		if first := s.Events[0].T; first < s.InductionStart {
			t.Errorf("dt %v: first event %v before induction start", dt, first)
		}
		if want := 1000 + 60000 + shift; s.InductionEnd != want {
			t.Errorf("dt %v: InductionEnd %v, want %v", dt, s.InductionEnd, want)
		}
	}
}

// Post spikes that reach past Pairs/Rate stretch the induction.
func TestPairingLongDt(t *testing.T) {
	p := Protocol{Pairing: &Pairing{Dt: 150, Pairs: 3, Rate: 10 * hz}}
	s := compile(t, p)
	if s.InductionEnd != 200+150+100 {
		t.Errorf("InductionEnd %v, want 450", s.InductionEnd)
	}
}

// Simultaneous events are all kept, pre before post.
func TestSimultaneous(t *testing.T) {
	p := Protocol{Pairing: &Pairing{Dt: 0, Pairs: 2, Rate: 1 * hz}}
	s := compile(t, p)
	want := []Kind{Pre, Post, Pre, Post}
	for i, e := range s.Events {
		if e.Kind != want[i] {
			t.Fatalf("events %+v", s.Events)
		}
	}
	p = Protocol{Explicit: &Explicit{Pre: []float64{5, 5, 1}, Post: []float64{5}}}
	s = compile(t, p)
	if len(s.Events) != 4 || s.Events[0].T != 1 || s.Events[3].Kind != Post {
		t.Errorf("explicit events %+v", s.Events)
	}
	if s.InductionEnd != 6 {
		t.Errorf("explicit InductionEnd %v, want last + 1 ms = 6", s.InductionEnd)
	}
}

func TestClamp(t *testing.T) {
	v := -40.0
	p := Protocol{Test: 10 * sec, Baseline: 10 * sec, Follow: 10 * sec, Clamp: &v, Train: &Train{Rate: 1 * hz, Pulses: 3}}
	s := compile(t, p)
	want := []Event{{0, Test, 0}, {10000, ClampOn, -40}, {10000, Pre, 0}, {11000, Pre, 0}, {12000, Pre, 0},
		{13000, ClampOff, 0}, {13000, Test, 0}}
	if !slices.Equal(s.Events, want) {
		t.Errorf("events\n%+v\nwant\n%+v", s.Events, want)
	}
}

// No drift: pulse 10⁶ of a 1 kHz train is at exactly 10⁶ ms.
func TestNoDrift(t *testing.T) {
	p := Protocol{Train: &Train{Rate: 1, Pulses: 1_000_001}}
	s := compile(t, p)
	if got := s.Events[1_000_000].T; got != 1e6 {
		t.Errorf("pulse 10⁶ at %v, want 1e6", got)
	}
	// Summing the period would drift: 0.1 ms added 10⁶ times.
	p = Protocol{Train: &Train{Rate: 10, Pulses: 1_000_001}}
	s = compile(t, p)
	if got := s.Events[1_000_000].T; got != 1e5 {
		t.Errorf("pulse 10⁶ at 10 kHz at %v, want 1e5", got)
	}
}

// Poisson counts: with rate r for duration D the count is Poisson(rD).
// Over 200 seeds of mean 100 the mean count's standard error is
// √(100/200) ≈ 0.71, so ±4 (5.6 σ) has a false-alarm rate below 1e-7.
func TestPoisson(t *testing.T) {
	p := Protocol{Poisson: &Poisson{Pre: 10 * hz, Post: 5 * hz, Duration: 10 * sec}}
	var sumPre, sumPost float64
	const seeds = 200
	for seed := range uint64(seeds) {
		s, err := p.Compile(rand.New(rand.NewPCG(seed, 7)))
		if err != nil {
			t.Fatal(err)
		}
		checkSorted(t, s)
		sumPre += float64(count(s.Events, Pre))
		sumPost += float64(count(s.Events, Post))
	}
	if m := sumPre / seeds; math.Abs(m-100) > 4 {
		t.Errorf("mean pre count %v, want 100 ± 4", m)
	}
	if m := sumPost / seeds; math.Abs(m-50) > 4*math.Sqrt(0.5) {
		t.Errorf("mean post count %v, want 50 ± 2.8", m)
	}
	a, _ := p.Compile(rand.New(rand.NewPCG(3, 3)))
	b, _ := p.Compile(rand.New(rand.NewPCG(3, 3)))
	if !slices.Equal(a.Events, b.Events) {
		t.Error("same seed, different events")
	}
	if _, err := p.Compile(nil); err == nil {
		t.Error("Poisson with nil rng: no error")
	}
}

// Sortedness property over random protocols.
func TestSortedProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 0))
	for i := range 500 {
		v := r.Float64()*100 - 80
		p := Protocol{Test: float64(r.IntN(3)) * 700, Baseline: float64(r.IntN(5000)), Follow: float64(r.IntN(5000))}
		if r.IntN(2) == 0 {
			p.Clamp = &v
		}
		switch i % 5 {
		case 0:
			p.Train = &Train{Rate: r.Float64() * 0.2, Pulses: 1 + r.IntN(50), Repeat: 1 + r.IntN(3), Interval: 1e5}
		case 1:
			p.Bursts = &Bursts{Pulses: 1 + r.IntN(5), Rate: 0.1, BurstRate: 0.005, Bursts: 1 + r.IntN(10), Trains: 1 + r.IntN(3), Interval: 1e4}
		case 2:
			p.Pairing = &Pairing{Dt: r.Float64()*200 - 100, Pairs: 1 + r.IntN(30), Rate: 0.001 + r.Float64()*0.05, PostSpikes: 1 + r.IntN(3), PostRate: 0.1}
		case 3:
			p.Poisson = &Poisson{Pre: r.Float64() * 0.05, Post: r.Float64() * 0.05, Duration: 1 + r.Float64()*5000}
		case 4:
			p.Explicit = &Explicit{Pre: []float64{r.Float64() * 100, r.Float64() * 100}, Post: []float64{r.Float64() * 100}}
		}
		s, err := p.Compile(r)
		if err != nil {
			if _, ok := err.(*Error); ok && p.Train != nil && p.Train.Rate == 0 {
				continue
			}
			t.Fatalf("%+v: %v", p, err)
		}
		checkSorted(t, s)
		if _, n, _ := p.Bounds(); p.Poisson == nil && math.Abs(n-float64(len(s.Events))) > 2 {
			t.Fatalf("Bounds counts %v events, Compile made %d", n, len(s.Events))
		}
	}
}

func TestValidateErrors(t *testing.T) {
	tr := func(tr Train) Protocol { return Protocol{Train: &tr} }
	tests := []struct {
		p    Protocol
		want string
	}{
		{Protocol{}, "no induction"},
		{Protocol{Train: &Train{Rate: 1, Pulses: 1}, Explicit: &Explicit{Pre: []float64{1}}}, "exactly one"},
		{tr(Train{Rate: -1, Pulses: 1}), "protocol.train.rate"},
		{tr(Train{Rate: math.NaN(), Pulses: 1}), "protocol.train.rate"},
		{tr(Train{Rate: 1, Pulses: 0}), "protocol.train.pulses"},
		{tr(Train{Rate: 1, Pulses: 10, Repeat: 2}), "protocol.train.interval"},
		{tr(Train{Rate: 1, Pulses: 10, Repeat: 2, Interval: 5}), "trains do not overlap"},
		{tr(Train{Rate: 1, Pulses: 200_000_000}), "protocol.train.pulses"},
		{tr(Train{Rate: 1e-9, Pulses: 1000}), "protocol.train"},
		{Protocol{Baseline: -1, Train: &Train{Rate: 1, Pulses: 1}}, "protocol.baseline"},
		{Protocol{Follow: 8 * 24 * 60 * minute, Train: &Train{Rate: 1, Pulses: 1}}, "protocol.follow"},
		{Protocol{Test: 1e-3, Follow: 6 * 24 * 60 * minute, Train: &Train{Rate: 1, Pulses: 1}}, "protocol.test"},
		{Protocol{Bursts: &Bursts{Pulses: 4, Rate: 0.1, BurstRate: 0.05, Bursts: 10}}, "protocol.bursts.burst_rate"},
		{Protocol{Bursts: &Bursts{Pulses: 4, Rate: 0.1, BurstRate: 0.005, Bursts: 0}}, "protocol.bursts.bursts"},
		{Protocol{Pairing: &Pairing{Dt: 10, Pairs: 1, Rate: 1, PostSpikes: 3}}, "protocol.pairing.post_rate"},
		{Protocol{Pairing: &Pairing{Dt: math.Inf(1), Pairs: 1, Rate: 1}}, "protocol.pairing.dt"},
		{Protocol{Poisson: &Poisson{Duration: 10}}, "protocol.poisson"},
		{Protocol{Poisson: &Poisson{Pre: 1, Duration: 0}}, "protocol.poisson.duration"},
		{Protocol{Explicit: &Explicit{Pre: []float64{1, -2}}}, "protocol.explicit.pre[1]"},
	}
	for _, tt := range tests {
		err := tt.p.Validate()
		if err == nil {
			t.Errorf("%+v: no error, want %q", tt.p, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %q, want %q", tt.p, err, tt.want)
		}
	}
}

func BenchmarkCompileLFS(b *testing.B) {
	p := Protocol{Test: 30 * sec, Baseline: 20 * minute, Follow: 60 * minute, Train: &Train{Rate: 1 * hz, Pulses: 900}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Compile(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// An empty explicit element is no stimulation (a chemical protocol): it
// compiles to test pulses only, with a 1 ms induction.
func TestExplicitEmpty(t *testing.T) {
	s, err := Protocol{Test: 1000, Baseline: 5000, Follow: 5000, Explicit: &Explicit{}}.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	if count(s.Events, Pre) != 0 || count(s.Events, Post) != 0 || s.InductionEnd-s.InductionStart != explicitTail {
		t.Errorf("events %v, induction %g–%g ms", s.Events, s.InductionStart, s.InductionEnd)
	}
}
