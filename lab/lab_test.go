package lab

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// fakeRun is a result with test pulses at times [min] and an induction
// from start to end [min].
func fakeRun(start, end float64, times, strength []float64) *engine.Result {
	tests := trace.New(trace.Col{Name: "t_ms"}, trace.Col{Name: "t_min"}, trace.Col{Name: "strength_pct"})
	for i, m := range times {
		tests.Append(m*units.Minute, m, strength[i])
	}
	return &engine.Result{
		Plan: &engine.Plan{Resolved: &experiment.Resolved{Spec: &experiment.Spec{},
			Layout: protocol.Layout{InductionStart: start * units.Minute, InductionEnd: end * units.Minute}}},
		Tests: tests,
	}
}

func TestOverlay(t *testing.T) {
	a := fakeRun(1, 2, []float64{0, 1, 3}, []float64{100, 100, 80})
	b := fakeRun(1, 2, []float64{0, 1, 3}, []float64{100, 100, 101})
	c := fakeRun(1, 1.5, []float64{0, 1, 2.5}, []float64{100, 100, 120})
	tab, err := Overlay([]*engine.Result{a, b}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Col("b"); len(got) != 3 || got[2] != 101 || tab.Cols[0].Name != "t_min" {
		t.Errorf("overlay: %v %v", tab.Cols, tab.Data)
	}
	if _, err := Overlay([]*engine.Result{a, c}, []string{"a", "c"}); err == nil || !strings.Contains(err.Error(), "different test-pulse times") {
		t.Errorf("overlay of other timings: %v", err)
	}
}

// TestOverlayAligned: runs with other timings share an x axis of minutes
// after their inductions; where a run has no test pulse its cell is NaN.
func TestOverlayAligned(t *testing.T) {
	a := fakeRun(1, 2, []float64{0, 1, 3}, []float64{100, 100, 80})
	c := fakeRun(1, 1.5, []float64{0, 1, 2.5}, []float64{100, 100, 120})
	tab, err := OverlayAligned([]*engine.Result{a, c}, []string{"a", "c"})
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	want := [][]float64{ // min_after, a, c
		{-2, 100, nan},
		{-1.5, nan, 100},
		{-1, 100, nan},
		{-0.5, nan, 100},
		{1, 80, 120},
	}
	if tab.Len() != len(want) {
		t.Fatalf("%d rows, want %d: %v", tab.Len(), len(want), tab.Data)
	}
	for r, row := range want {
		for i, w := range row {
			g := tab.Data[i][r]
			if !(g == w || (math.IsNaN(g) && math.IsNaN(w))) {
				t.Errorf("row %d column %s = %v, want %v", r, tab.Cols[i].Name, g, w)
			}
		}
	}
	fig := OverlayAlignedFigure([]*engine.Result{a, c}, []string{"a", "c"}, tab)
	if len(fig.Panels) != 1 || len(fig.Panels[0].Bands) != 2 || fig.Panels[0].Bands[1].X0 != -0.5 {
		t.Errorf("aligned figure: %+v", fig.Panels)
	}
	if _, err := OverlayAligned([]*engine.Result{a, fakeRun(0, 1, nil, nil)}, []string{"a", "empty"}); err == nil {
		t.Error("a run without test pulses: no error")
	}
}

func TestCurveVary(t *testing.T) {
	train := &experiment.Spec{Protocol: experiment.Protocol{Train: &experiment.Train{Rate: "1 Hz", Pulses: 9}}}
	pair := &experiment.Spec{Protocol: experiment.Protocol{Pairing: &experiment.Pairing{Dt: "10 ms", Pairs: 9, Rate: "1 Hz"}}}
	tests := []struct {
		curve Curve
		spec  *experiment.Spec
		x     float64
		want  string // the varied field, or the error
	}{
		{Frequency(), train, 50, "50 Hz"},
		{Frequency(), pair, 50, "needs a spec with a protocol.train"},
		{STDP(), pair, -20, "-20 ms"},
		{STDP(), train, -20, "needs a spec with a protocol.pairing"},
	}
	for _, tt := range tests {
		s := *tt.spec
		err := tt.curve.Vary(&s, tt.x)
		got := ""
		switch {
		case err != nil:
			got = err.Error()
		case s.Protocol.Train != nil:
			got = s.Protocol.Train.Rate
			if tt.spec.Protocol.Train.Rate != "1 Hz" {
				t.Error("Vary changed the base spec")
			}
		default:
			got = s.Protocol.Pairing.Dt
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s curve at %g: %q, want %q", tt.curve.Kind, tt.x, got, tt.want)
		}
	}
}

// TestCurveTable runs a small STDP curve on the Graupner–Brunel tier and
// checks the table's columns against the runs.
func TestCurveTable(t *testing.T) {
	p, _ := experiment.FindPreset("stdp-gb")
	data, err := experiment.ApplySets(p.Data, []string{"model.synapses=50"})
	if err != nil {
		t.Fatal(err)
	}
	base, err := catalog.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	c := STDP()
	xs := []float64{-20, 20}
	plans, err := c.Plans(base, xs)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.RunMany(context.Background(), plans, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	tab, ys := c.Table(res, xs)
	// 60 pairs at 1 Hz: Bi & Poo's window is drawn beside (TestCurveBiPoo).
	if strings.Join(ys, ",") != "change_pct,analytic_change_pct,bi_poo_pct" || tab.Col("S_sim") == nil {
		t.Fatalf("columns %v, y %v", tab.Cols, ys)
	}
	for i, r := range res {
		if tab.Col("dt_ms")[i] != xs[i] || tab.Col("change_pct")[i] != r.Summary.ChangePct {
			t.Errorf("row %d: %v", i, tab.Data)
		}
	}
	if s := CurveSummary(tab, "dt_ms"); s["min_change_pct"] > s["max_change_pct"] {
		t.Errorf("summary %v", s)
	}
	if fig := c.Figure(res, tab, ys, "x"); len(fig.Panels) != 1 || fig.Panels[0].LogX {
		t.Errorf("figure %+v", fig)
	}
}

// TestRunReport checks that a run's report holds its figure with a panel
// per slow variable of the tier, and the zoom.
func TestRunReport(t *testing.T) {
	p, _ := experiment.FindPreset("tbs-shouval")
	pl, err := catalog.Load(p.Data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.RunWith(context.Background(), pl, engine.Options{Zoom: ZoomPulses})
	if err != nil {
		t.Fatal(err)
	}
	r := RunReport("tbs-shouval", res, p.Data)
	AddZoom(&r, res)
	if len(r.Figure.Panels) != 1+len(res.View.Slow) || r.Extra["tests"] != res.Tests || r.Extra["pulses"] != res.Zoom {
		t.Errorf("report: %d panels for slow %v; extra %v", len(r.Figure.Panels), res.View.Slow, r.Extra)
	}
	if m := r.Manifest.(Manifest); m.SpecYAML != string(p.Data) || m.Seed != pl.Spec.Seed {
		t.Errorf("manifest %+v", m)
	}
	if len(r.Figures["pulses"].Panels) == 0 {
		t.Error("no zoom panels")
	}
}

// TestCurvePointsLean: a curve's points are lean (engine.Plan.Lean), and on
// the default CA1 tier a point's change is bit for bit the one the same
// run gives recorded every 10 s, without its series and without the
// extremes of the strength, which only records read.
func TestCurvePointsLean(t *testing.T) {
	p, _ := experiment.FindPreset("lfs")
	data, err := experiment.ApplySets(p.Data, []string{"protocol.baseline=2min", "protocol.follow=3min", "protocol.train.pulses=20", "record.every=10s"})
	if err != nil {
		t.Fatal(err)
	}
	base, err := catalog.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := Frequency().Plans(base, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	if !plans[0].Lean || base.Lean {
		t.Fatalf("point lean %v, base lean %v: want a lean point from a recorded base", plans[0].Lean, base.Lean)
	}
	res, err := engine.RunMany(context.Background(), []*engine.Plan{plans[0], base}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	lean, full := res[0], res[1]
	if a, b := lean.Summary.ChangePct, full.Summary.ChangePct; a != b {
		t.Errorf("change %.15g%% lean, %.15g%% recorded", a, b)
	}
	if lean.Series.Len() != 0 || full.Series.Len() == 0 {
		t.Errorf("series rows: %d lean, %d recorded", lean.Series.Len(), full.Series.Len())
	}
	if _, ok := lean.Summary.Metrics["strength_min_pct"]; ok {
		t.Error("a lean point reports the strength's lowest value, which it did not read")
	}
	if _, ok := full.Summary.Metrics["strength_min_pct"]; !ok {
		t.Error("a recorded run lacks strength_min_pct")
	}
	if strings.Contains(strings.Join(lean.Summary.Explain, " "), "lowest") || !strings.Contains(strings.Join(full.Summary.Explain, " "), "lowest") {
		t.Errorf("lean explanation names extremes it did not read: %q", lean.Summary.Explain)
	}
}
