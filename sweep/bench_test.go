package sweep

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/experiment"
)

// trivial is a runner that does no simulation: the benchmark of the
// sweep machinery itself (expansion, chunk files, merge).
var trivial = RunnerFunc(func(_ context.Context, _ *Manifest, p Point) (Outcome, error) {
	return Outcome{ChangePct: p.Values[0], Metrics: map[string]float64{
		"baseline_pct": 100, "final_strength_pct": 100 + p.Values[1], "S_sim": 1, "D_sim": 0.5, "U_sim": 0.5}}, nil
})

// overheadSweep has 100 × 100 = 10⁴ points in 100 chunks of 100.
const overheadSweep = `
name: overhead
base: stdp-gb
seed: 1
axes:
  - {path: protocol.pairing.dt, unit: ms, lin: [-100, 100, 100]}
  - {path: model.override.theta_p, lin: [1.1, 1.5, 100]}
`

// BenchmarkOverheadPerPoint measures what a sweep costs besides the runs,
// per point: planning (New: expansion and checks; Create: sweep.json and
// points.csv), running with a trivial runner on 2 workers (chunk files,
// each written to a temporary file, synced and renamed), and collecting
// (merge, results.csv, results.parquet, results.json and the heat map).
func BenchmarkOverheadPerPoint(b *testing.B) {
	s, err := Decode([]byte(overheadSweep))
	if err != nil {
		b.Fatal(err)
	}
	base := presetData(b, "stdp-gb")
	var plan, run, collect time.Duration
	n := 0
	for b.Loop() {
		dir := b.TempDir()
		t0 := time.Now()
		m, err := New(s, base, Options{BaseName: "stdp-gb"})
		if err != nil {
			b.Fatal(err)
		}
		if err := Create(dir, m, false); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := (Local{Workers: 2, Runner: trivial}).Run(context.Background(), dir, m, nil); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		c, err := Collect(dir, m)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := WriteResults(dir, m, c); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		plan, run, collect = plan+t1.Sub(t0), run+t2.Sub(t1), collect+t3.Sub(t2)
		n += m.Points
	}
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(n) / 1e3 }
	b.ReportMetric(per(plan+run+collect), "µs/point")
	b.ReportMetric(per(plan), "plan-µs/point")
	b.ReportMetric(per(run), "write-µs/point")
	b.ReportMetric(per(collect), "merge-µs/point")
}

// BenchmarkPointSpec measures the preparation of one point's spec by the
// Experiment runner: experiment.ApplySets of the point's settings and
// experiment.Load (decode, validate, compile the protocol).
func BenchmarkPointSpec(b *testing.B) {
	m, err := planYAML(b, overheadSweep, Options{})
	if err != nil {
		b.Fatal(err)
	}
	base := []byte(m.Base)
	i := 0
	for b.Loop() {
		p := m.Point(i % m.Points)
		data, err := experiment.ApplySets(base, p.Sets)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := catalog.Load(data); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// calciumSweep is 200 points of the Graupner–Brunel calcium rule: an STDP
// window of 100 dt values × 2 replicates, 100 stochastic synapses.
const calciumSweep = `
name: calcium rule, 200 points
base: stdp-gb
set: [model.synapses=100]
seed: 1
replicates: 2
axes:
  - {path: protocol.pairing.dt, unit: ms, lin: [-100, 100, 100]}
`

// BenchmarkLocalSpeedup runs the 200-point calcium-rule sweep (files,
// default chunks of 10) on one core (1 worker, GOMAXPROCS=1, so the
// garbage collector shares that core too) and on two (2 workers,
// GOMAXPROCS=2) and reports the speedup.
func BenchmarkLocalSpeedup(b *testing.B) {
	m, err := planYAML(b, calciumSweep, Options{})
	if err != nil {
		b.Fatal(err)
	}
	run := func(workers int) time.Duration {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(workers))
		dir := b.TempDir()
		if err := Create(dir, m, false); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if _, err := (Local{Workers: workers}).Run(context.Background(), dir, m, nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	var one, two time.Duration
	for b.Loop() {
		one += run(1)
		two += run(2)
	}
	b.ReportMetric(float64(one)/float64(two), "speedup")
	b.ReportMetric(float64(one.Milliseconds())/float64(b.N), "ms/1-worker")
	b.ReportMetric(float64(two.Milliseconds())/float64(b.N), "ms/2-workers")
}

// BenchmarkCalciumPoint is the cost of one point of a calcium-rule sweep
// through the Experiment runner (ApplySets, Load, Run) at several
// population sizes, on one core: a sweep of 10⁵ points takes
// 10⁵ × this / (cores × efficiency).
func BenchmarkCalciumPoint(b *testing.B) {
	for _, syn := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("synapses=%d", syn), func(b *testing.B) {
			m, err := planYAML(b, fmt.Sprintf("name: c\nbase: stdp-gb\nset: [model.synapses=%d]\naxes:\n  - {path: protocol.pairing.dt, unit: ms, lin: [-100, 100, 1000]}\n", syn), Options{})
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				if _, err := (Experiment{}).Run(context.Background(), m, m.Point(i%m.Points)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
