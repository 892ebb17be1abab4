package protocol

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func collect(t *testing.T, p Protocol, seed uint64) []Event {
	t.Helper()
	s, err := p.Stream(seed)
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	var ev []Event
	for e, ok := s.Next(); ok; e, ok = s.Next() {
		ev = append(ev, e)
	}
	return ev
}

// TestStreamMatchesCompile: the lazy stream gives exactly the events, in
// exactly the order, of the materialised schedule (a stable sort of the
// generated list), for random single-phase protocols; Poisson phase 0 draws
// from PCG(seed, PoissonStream) in both.
func TestStreamMatchesCompile(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0))
	for i := range 600 {
		v := r.Float64()*100 - 80
		p := Protocol{Test: float64(r.IntN(3)) * 700, Baseline: float64(r.IntN(5000)), Follow: float64(r.IntN(5000))}
		if r.IntN(2) == 0 {
			p.Clamp = &v
		}
		switch i % 5 {
		case 0:
			p.Train = &Train{Rate: 0.001 + r.Float64()*0.2, Pulses: 1 + r.IntN(50), Repeat: 1 + r.IntN(3), Interval: 1e5}
		case 1:
			p.Bursts = &Bursts{Pulses: 1 + r.IntN(5), Rate: 0.1, BurstRate: 0.005, Bursts: 1 + r.IntN(10), Trains: 1 + r.IntN(3), Interval: 1e4}
		case 2:
			// post spikes of one pair may reach past the next pairs
			p.Pairing = &Pairing{Dt: r.Float64()*400 - 200, Pairs: 1 + r.IntN(30), Rate: 0.001 + r.Float64()*0.05, PostSpikes: 1 + r.IntN(4), PostRate: 0.01 + r.Float64()*0.1}
		case 3:
			p.Poisson = &Poisson{Pre: r.Float64() * 0.05, Post: r.Float64() * 0.05, Duration: 1 + r.Float64()*5000}
		case 4:
			p.Explicit = &Explicit{Pre: []float64{r.Float64() * 100, 5, 5, r.Float64() * 100}, Post: []float64{r.Float64() * 100, 5}}
		}
		seed := r.Uint64()
		want, err := p.Compile(rand.New(rand.NewPCG(seed, PoissonStream)))
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		got := collect(t, p, seed)
		if !slices.Equal(got, want.Events) {
			t.Fatalf("protocol %d %+v: stream differs from Compile\n%v\n%v", i, p, got, want.Events)
		}
	}
}

// TestPhases: HFS, then LFS 30 min after it ends, then a marker 10 min
// later; test pulses run in the baseline, in the gaps and in the follow-up,
// each segment at its start + k·test.
func TestPhases(t *testing.T) {
	v := -40.0
	p := Protocol{Test: 30 * sec, Baseline: 10 * minute, Follow: 20 * minute, Phases: []Phase{
		{Train: &Train{Rate: 100 * hz, Pulses: 100}},
		{After: 30 * minute, Clamp: &v, Train: &Train{Rate: 1 * hz, Pulses: 900}},
		{After: 10 * minute, Mark: true},
	}}
	l, err := p.Layout()
	if err != nil {
		t.Fatal(err)
	}
	hfsEnd := 10*minute + 1000
	lfs0 := hfsEnd + 30*minute
	if l.Phases[0].Start != 10*minute || l.Phases[0].End != hfsEnd || l.Phases[1].Start != lfs0 ||
		l.Phases[1].End != lfs0+900*sec || l.Phases[2].Start != lfs0+900*sec+10*minute || l.Phases[2].End != l.Phases[2].Start {
		t.Fatalf("layout %+v", l.Phases)
	}
	if l.End != l.Phases[2].End+20*minute {
		t.Errorf("end %v", l.End)
	}
	ev := collect(t, p, 1)
	s, err := p.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ev, s.Events) {
		t.Fatal("stream differs from Compile")
	}
	checkSorted(t, s)
	tests := times(ev, Test)
	// baseline 20, gap 1 60, gap 2 20, follow 40
	if len(tests) != 140 || float64(len(tests)) != l.Tests {
		t.Fatalf("%d test pulses (layout %v), want 140", len(tests), l.Tests)
	}
	if tests[20] != hfsEnd || tests[80] != lfs0+900*sec || tests[100] != l.Phases[2].End {
		t.Errorf("first test pulses after phases at %v %v %v", tests[20], tests[80], tests[100])
	}
	if n := count(ev, Pre); n != 1000 {
		t.Errorf("%d pre, want 1000", n)
	}
	var on, off []float64
	for _, e := range ev {
		switch e.Kind {
		case ClampOn:
			on = append(on, e.T)
		case ClampOff:
			off = append(off, e.T)
		}
	}
	if !slices.Equal(on, []float64{lfs0}) || !slices.Equal(off, []float64{lfs0 + 900*sec}) {
		t.Errorf("clamp on %v off %v", on, off)
	}
	if l.Events != float64(len(ev)) {
		t.Errorf("layout counts %v events, stream gave %d", l.Events, len(ev))
	}
}

// TestPhaseErrors: a phase's errors name its index.
func TestPhaseErrors(t *testing.T) {
	for _, tc := range []struct {
		p    Protocol
		want string
	}{
		{Protocol{Phases: []Phase{{Train: &Train{Rate: 1, Pulses: 1}}, {After: -1, Train: &Train{Rate: 1, Pulses: 1}}}}, "protocol.phases[1].after"},
		{Protocol{Phases: []Phase{{Train: &Train{Rate: 1, Pulses: 1}}, {Pairing: &Pairing{Dt: 1, Pairs: 0, Rate: 1}}}}, "protocol.phases[1].pairing.pairs"},
		{Protocol{Phases: []Phase{{}}}, "protocol.phases[0]: no induction"},
		{Protocol{Phases: []Phase{{Mark: true, Train: &Train{Rate: 1, Pulses: 1}}}}, "marker phase"},
		{Protocol{Train: &Train{Rate: 1, Pulses: 1}, Phases: []Phase{{Mark: true}}}, "not both"},
		{Protocol{Phases: []Phase{{Train: &Train{Rate: 1, Pulses: 1}}, {After: 8 * 24 * 60 * minute, Mark: true}}}, "protocol.phases[1].after"},
	} {
		err := tc.p.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.p, err, tc.want)
		}
	}
}

// TestStreamMemory: a stream of 10⁷ events holds only a few at a time.
func TestStreamMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("10⁷ events")
	}
	p := Protocol{Test: 1000, Baseline: 1000, Follow: 1000, Train: &Train{Rate: 1, Pulses: 10_000_000}}
	s, err := p.Stream(0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ok := s.Next(); ok; _, ok = s.Next() {
		n++
	}
	if float64(n) != s.Layout.Events {
		t.Errorf("%d events, layout %v", n, s.Layout.Events)
	}
	allocs := testing.AllocsPerRun(1, func() {
		s, _ := p.Stream(0)
		for _, ok := s.Next(); ok; _, ok = s.Next() {
		}
	})
	if allocs > 100 {
		t.Errorf("%v allocations for 10⁷ events: the stream materialises them", allocs)
	}
}
