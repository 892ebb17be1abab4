package sweep

import (
	"context"
	"math"
	"sort"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/trace"
)

// Runner runs one point of a sweep. It must be safe for concurrent use and
// its outcome must depend only on (m, p), so results do not depend on
// scheduling.
type Runner interface {
	Run(ctx context.Context, m *Manifest, p Point) (Outcome, error)
}

// RunnerFunc adapts a function to Runner.
type RunnerFunc func(ctx context.Context, m *Manifest, p Point) (Outcome, error)

// Run calls f.
func (f RunnerFunc) Run(ctx context.Context, m *Manifest, p Point) (Outcome, error) {
	return f(ctx, m, p)
}

// Outcome is the result of one point.
type Outcome struct {
	ChangePct float64            // engine.Summary.ChangePct
	ReadAt    []float64          // strength at m.ReadAt, % of baseline, interpolated in the series and test pulses (NaN outside the run)
	Metrics   map[string]float64 // engine.Summary.Metrics
}

// Experiment is the Runner of synlab experiments: it applies the point's
// settings to the base spec (experiment.ApplySets), loads and runs it
// (experiment.Load, experiment.Run).
type Experiment struct{}

// Run runs point p.
func (Experiment) Run(ctx context.Context, m *Manifest, p Point) (Outcome, error) {
	data, err := experiment.ApplySets([]byte(m.Base), p.Sets)
	if err != nil {
		return Outcome{}, err
	}
	pl, err := catalog.Load(data)
	if err != nil {
		return Outcome{}, err
	}
	res, err := engine.Run(ctx, pl, nil)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{ChangePct: res.Summary.ChangePct, Metrics: res.Summary.Metrics}
	if len(m.ReadAt) > 0 {
		base := 100.0
		if b, ok := res.Summary.Metrics["baseline_pct"]; ok && b > 0 {
			base = b
		}
		ts, ss := strengthTrace(res)
		out.ReadAt = make([]float64, len(m.ReadAt))
		for i, t := range m.ReadAt {
			out.ReadAt[i] = 100 * interpolate(ts, ss, t) / base
		}
	}
	return out, nil
}

// strengthTrace merges the strength sampled in the run's series and at its
// test pulses into one sorted trace (t_ms, strength_pct).
func strengthTrace(res *engine.Result) (ts, ss []float64) {
	type pt struct{ t, s float64 }
	var pts []pt
	for _, tab := range []*trace.Table{res.Series, res.Tests} {
		if tab == nil {
			continue
		}
		t, s := tab.Col("t_ms"), tab.Col("strength_pct")
		for i := range min(len(t), len(s)) {
			pts = append(pts, pt{t[i], s[i]})
		}
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].t < pts[j].t })
	for i, p := range pts {
		if i > 0 && p.t == pts[i-1].t {
			continue
		}
		ts, ss = append(ts, p.t), append(ss, p.s)
	}
	return ts, ss
}

// interpolate returns y at x by linear interpolation in the sorted xs; NaN
// outside [xs[0], xs[len-1]].
func interpolate(xs, ys []float64, x float64) float64 {
	n := len(xs)
	if n == 0 || x < xs[0] || x > xs[n-1] {
		return math.NaN()
	}
	i := sort.SearchFloat64s(xs, x)
	if xs[i] == x {
		return ys[i]
	}
	f := (x - xs[i-1]) / (xs[i] - xs[i-1])
	return ys[i-1] + f*(ys[i]-ys[i-1])
}
