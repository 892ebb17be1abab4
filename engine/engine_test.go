package engine

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/units"
)

// fake is a model that records what the engine does to it: the delays are
// per kind, the strength is a counter of applied events, and it can be
// told to produce NaN.
type fake struct {
	delay   map[protocol.Kind]float64
	now     float64
	applied []step
	nan     bool
}

func (f *fake) Vars() []units.Var { return []units.Var{{Name: "x", Unit: "1", Doc: "events applied"}} }
func (f *fake) Read(dst []float64) {
	dst[0] = float64(len(f.applied))
	if f.nan {
		dst[0] = math.NaN()
	}
}
func (f *fake) Delay(k protocol.Kind) float64 { return f.delay[k] }
func (f *fake) Advance(t float64, ts []float64, obs func(float64)) error {
	for _, x := range ts {
		obs(x)
	}
	f.now = t
	return nil
}
func (f *fake) Apply(e protocol.Event)     { f.applied = append(f.applied, step{t: f.now, ev: e}) }
func (f *fake) Strength() float64          { return 1 + float64(len(f.applied))/1e6 }
func (f *fake) Params() []units.Field      { return nil }
func (f *fake) Describe() string           { return "fake" }
func (f *fake) View() View                 { return View{} }
func (f *fake) SetDrugs([]drug.Dose) error { return nil }

// TestTimelineIsStableSort: the lazy timeline gives exactly the order of a
// stable sort of (drug changes, then for each scheduled event its readout
// and its delayed event) by (time, rank), over random protocols and delays
// — the order the engine had when it held every event in memory.
func TestTimelineIsStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 300 {
		p := protocol.Protocol{Test: float64(1+r.IntN(3)) * 50, Baseline: float64(r.IntN(500)), Follow: float64(r.IntN(500))}
		switch i % 3 {
		case 0:
			p.Train = &protocol.Train{Rate: 0.01 + r.Float64()*0.1, Pulses: 1 + r.IntN(40)}
		case 1:
			p.Pairing = &protocol.Pairing{Dt: r.Float64()*60 - 30, Pairs: 1 + r.IntN(20), Rate: 0.01 + r.Float64()*0.05, PostSpikes: 1 + r.IntN(3), PostRate: 0.2}
		case 2:
			p.Explicit = &protocol.Explicit{Pre: []float64{5, 5, 10, 20}, Post: []float64{5, 15}}
		}
		m := &fake{delay: map[protocol.Kind]float64{protocol.Pre: float64(r.IntN(3)) * 5, protocol.Test: 0, protocol.Post: float64(r.IntN(3)) * 5}}
		probe := r.IntN(2) == 0
		src, err := p.Stream(1)
		if err != nil {
			t.Fatal(err)
		}
		end := src.Layout.End
		drugs := []drug.Dose{{Name: "APV", Conc: 1, From: float64(r.IntN(500)), To: math.Inf(1)}, {Name: "NMDA", Conc: 1, From: 50, To: 100}}
		var got []step
		tl := newTimeline(src, m, probe, drugs, end)
		for s, ok := tl.pop(); ok; s, ok = tl.pop() {
			got = append(got, s)
		}
		// the reference: everything in memory, then a stable sort
		sc, _ := p.Compile(nil)
		var want []step
		for k, d := range drugs {
			if d.From > 0 {
				want = append(want, step{t: d.From, rank: 0, seq: int64(2 * k)})
			}
			if d.To < end {
				want = append(want, step{t: d.To, rank: 0, seq: int64(2*k + 1)})
			}
		}
		for k, e := range sc.Events {
			if e.Kind == protocol.Test {
				want = append(want, step{t: e.T, rank: 1, seq: int64(k)})
				if probe {
					continue
				}
			}
			want = append(want, step{t: e.T + m.delay[e.Kind], rank: 2, seq: int64(k), ev: e})
		}
		sort.SliceStable(want, func(a, b int) bool {
			if want[a].t != want[b].t {
				return want[a].t < want[b].t
			}
			return want[a].rank < want[b].rank
		})
		n := sort.Search(len(want), func(k int) bool { return want[k].t > end })
		want = append(want[:n], step{t: end, end: true})
		same := len(got) == len(want)
		for k := 0; same && k < len(got); k++ {
			a, b := got[k], want[k]
			same = a.t == b.t && a.rank == b.rank && a.ev == b.ev && a.end == b.end
		}
		if !same {
			t.Fatalf("protocol %d %+v: the timeline differs from the stable sort\n got %v\nwant %v", i, p, got, want)
		}
	}
}

func plan(t *testing.T, m *fake, src string) *Plan {
	t.Helper()
	tier := Tier{Preparation: "ca1", Name: "fake", Doc: "a fake", Sets: []Set{{Name: "x"}}, Drugs: []drug.Target{drug.NMDA}, Timed: true,
		Check: func(*Plan) ([]string, error) { return []string{"x"}, nil },
		Build: func(*Plan, *rand.Rand) (Model, error) { return m, nil }}
	s, err := experiment.Decode([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	pl, err := NewPlan(Registry{tier}, s)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// TestNonFinite: a NaN in a recorded variable stops the run with an error
// naming the variable, the time and the overrides.
func TestNonFinite(t *testing.T) {
	m := &fake{nan: true}
	pl := plan(t, m, "name: n\nmodel: {tier: fake, override: {sigma: \"1e4\"}}\nprotocol: {train: {rate: 1 Hz, pulses: 3}}\nrecord: {every: 1 s}\n")
	_, err := Run(context.Background(), pl, nil)
	if err == nil || !strings.Contains(err.Error(), "non-finite x") || !strings.Contains(err.Error(), `model.override.sigma = "1e4"`) {
		t.Errorf("NaN run: %v", err)
	}
}

// TestSampleTimes: record times are k·every (never summed), within [from, end].
func TestSampleTimes(t *testing.T) {
	ts := sampleTimes(0.1, 0, 1e5)
	if len(ts) != 1e6 || ts[len(ts)-1] != 1e5 || ts[999_999] != float64(1_000_000)*0.1 {
		t.Errorf("%d samples, last %v", len(ts), ts[len(ts)-1])
	}
	if got := sampleTimes(10, 25, 60); !slices.Equal(got, []float64{30, 40, 50, 60}) {
		t.Errorf("from 25 to 60 every 10: %v", got)
	}
	if sampleTimes(0, 0, 10) != nil {
		t.Error("every = 0 gave samples")
	}
}

// TestTargetUnknownMetricFails: a case naming a metric the tier does not
// produce must be a miss even when 0 lies inside its band.
func TestTargetUnknownMetricFails(t *testing.T) {
	lo, hi := -5.0, 5.0
	c := checkTarget(&experiment.Target{Metric: "no_such_metric", Lo: &lo, Hi: &hi, Cite: "test"}, Summary{Metrics: map[string]float64{}})
	if c.Pass {
		t.Fatalf("unknown metric passed: %+v", c)
	}
	c = checkTarget(&experiment.Target{Metric: "change_pct", Lo: &lo, Hi: &hi, Cite: "test", Fitted: "predicted"}, Summary{ChangePct: 1})
	if !c.Pass || c.Fitted != "predicted" {
		t.Fatalf("change_pct = 1 within [-5, 5] did not pass: %+v", c)
	}
}

// TestSeriesWithoutEvery: without record.every the series has a row at
// t = 0, at every test pulse and at the end (docs/spec.md, record.every).
func TestSeriesWithoutEvery(t *testing.T) {
	m := &fake{}
	pl := plan(t, m, "name: n\nmodel: {tier: fake}\nprotocol: {test: 30 s, baseline: 2 min, train: {rate: 1 Hz, pulses: 3}, follow: 1 min}\n")
	res, err := Run(context.Background(), pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := res.Series.Col("t_ms")
	tests := res.Tests.Col("t_ms")
	if len(ts) < len(tests)+1 || ts[0] != 0 || ts[len(ts)-1] != pl.End {
		t.Fatalf("series times %v, test pulses %v, end %g", ts, tests, pl.End)
	}
	for _, x := range tests {
		if x > 0 && !slices.Contains(ts, x) {
			t.Errorf("no series row at the test pulse at %g ms: %v", x, ts)
		}
	}
}

// TestDispatchOrder: RunMany starts the plans by decreasing Tier.Cost, ties
// and tiers without a Cost in input order, and returns the results in
// input order whatever the start order.
func TestDispatchOrder(t *testing.T) {
	var plans []*Plan
	for _, n := range []int{2, 5, 1, 5, 3} {
		pl := plan(t, &fake{}, fmt.Sprintf("name: p%d\nmodel: {tier: fake}\nprotocol: {train: {rate: 1 Hz, pulses: %d}}\n", n, n))
		plans = append(plans, pl)
	}
	if got := dispatchOrder(plans); !slices.Equal(got, []int{0, 1, 2, 3, 4}) {
		t.Errorf("without Cost: order %v, want input order", got)
	}
	for _, pl := range plans {
		pl.Tier.Cost = func(pl *Plan) float64 { return pl.Layout.Events }
	}
	if got := dispatchOrder(plans); !slices.Equal(got, []int{1, 3, 4, 0, 2}) {
		t.Errorf("by Cost: order %v, want [1 3 4 0 2]", got)
	}
	var started []string
	for _, pl := range plans {
		pl.Tier.Build = func(pl *Plan, _ *rand.Rand) (Model, error) {
			started = append(started, pl.Spec.Name) // one worker: no race
			return &fake{}, nil
		}
	}
	res, err := RunMany(context.Background(), plans, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"p5", "p5", "p3", "p2", "p1"}; !slices.Equal(started, want) {
		t.Errorf("started %v, want %v", started, want)
	}
	for i, r := range res {
		if r.Plan != plans[i] {
			t.Errorf("result %d is %s, want %s (input order)", i, r.Plan.Spec.Name, plans[i].Spec.Name)
		}
	}
}

// TestRunManyCores: runs that share the machine each get its cores divided
// among them (Plan.Cores, at least 1), a run alone gets 0 (all), and the
// results carry the caller's plans.
func TestRunManyCores(t *testing.T) {
	for _, workers := range []int{1, 2, 3} {
		var plans []*Plan
		var mu sync.Mutex
		var got []int
		for i := range 4 {
			pl := plan(t, &fake{}, fmt.Sprintf("name: p%d\nmodel: {tier: fake}\nprotocol: {train: {rate: 1 Hz, pulses: 2}}\n", i))
			pl.Tier.Build = func(pl *Plan, _ *rand.Rand) (Model, error) {
				mu.Lock()
				got = append(got, pl.Cores)
				mu.Unlock()
				return &fake{}, nil
			}
			plans = append(plans, pl)
		}
		res, err := RunMany(context.Background(), plans, workers, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if workers > 1 {
			want = max(1, runtime.GOMAXPROCS(0)/workers)
		}
		for i, c := range got {
			if c != want {
				t.Errorf("%d workers: run %d had %d cores, want %d", workers, i, c, want)
			}
		}
		for i, r := range res {
			if r.Plan != plans[i] || r.Plan.Cores != 0 {
				t.Errorf("%d workers: result %d carries plan %p (cores %d), want the caller's %p", workers, i, r.Plan, r.Plan.Cores, plans[i])
			}
		}
	}
}

// leanFake is a fake that counts the strength reads and keeps the record
// times it was given.
type leanFake struct {
	fake
	reads int
	ts    []float64
}

func (f *leanFake) Advance(t float64, ts []float64, obs func(float64)) error {
	f.ts = append(f.ts, ts...)
	return f.fake.Advance(t, ts, obs)
}
func (f *leanFake) Strength() float64 { f.reads++; return f.fake.Strength() }

// TestLean: a lean plan (a curve's point) gives the model the same record
// times and the same test pulses and change as a recorded one, keeps no
// series, and reads the strength only at the test pulses (and the
// engine's periodic check).
func TestLean(t *testing.T) {
	src := "name: l\nmodel: {tier: fake}\nprotocol: {test: 1 s, baseline: 10 s, train: {rate: 1 Hz, pulses: 5}, follow: 10 s}\nrecord: {every: 100 ms}\n"
	run := func(lean bool) (*Result, *leanFake) {
		m := &leanFake{}
		pl := plan(t, &m.fake, src)
		pl.Tier.Build = func(*Plan, *rand.Rand) (Model, error) { return m, nil }
		pl.Lean = lean
		res, err := Run(context.Background(), pl, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res, m
	}
	full, mf := run(false)
	lean, ml := run(true)
	if !slices.Equal(mf.ts, ml.ts) || len(ml.ts) == 0 {
		t.Errorf("record times given to the model: %d lean, %d recorded", len(ml.ts), len(mf.ts))
	}
	if lean.Summary.ChangePct != full.Summary.ChangePct || !slices.Equal(lean.Tests.Col("strength_pct"), full.Tests.Col("strength_pct")) {
		t.Errorf("change %g lean, %g recorded", lean.Summary.ChangePct, full.Summary.ChangePct)
	}
	if n := lean.Series.Len(); n != 0 {
		t.Errorf("a lean run kept %d series rows", n)
	}
	if ml.reads >= mf.reads/10 || ml.reads < lean.Tests.Len() {
		t.Errorf("strength read %d times lean (%d test pulses), %d recorded", ml.reads, lean.Tests.Len(), mf.reads)
	}
}
