package lab

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
)

// run runs a preset with settings and the zoom.
func run(t *testing.T, preset string, sets ...string) *engine.Result {
	t.Helper()
	p, ok := experiment.FindPreset(preset)
	if !ok {
		t.Fatalf("no preset %s", preset)
	}
	data := p.Data
	if len(sets) > 0 {
		var err error
		if data, err = experiment.ApplySets(data, sets); err != nil {
			t.Fatal(err)
		}
	}
	pl, err := catalog.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.RunWith(context.Background(), pl, engine.Options{Zoom: ZoomPulses})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestRunFigureReadsLikeATalk: no raw column names, units in the
// headings, one time axis, the induction named once above the data, a
// floor under every panel, and the figure draws.
func TestRunFigureReadsLikeATalk(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the mechanistic LFS preset (about 1 s)")
	}
	res := run(t, "lfs")
	fig := RunFigure(res)
	if len(fig.Panels) != 1+len(res.View.Slow) {
		t.Fatalf("%d panels for slow %v", len(fig.Panels), res.View.Slow)
	}
	for i, p := range fig.Panels {
		for _, s := range []string{p.Title, p.YLabel, p.Note} {
			if strings.Contains(s, "_") {
				t.Errorf("panel %d shows a raw column name: %q", i, s)
			}
		}
		if p.XLabel != "Time (min)" || p.MinRange == (plot.Range{}) {
			t.Errorf("panel %d: x label %q, floor %v", i, p.XLabel, p.MinRange)
		}
		for _, b := range p.Bands {
			if (b.Label != "") != (i == 0) {
				t.Errorf("panel %d: band label %q (only the top panel names the induction)", i, b.Label)
			}
		}
		if i > 0 && p.Title == "" {
			t.Errorf("panel %d (%v) has no heading", i, p.Y)
		}
	}
	if c := fig.Panels[1]; c.Y[0] == "ampar_trapped" && !strings.Contains(c.Title, "(count)") {
		t.Errorf("the receptor panel's heading %q lacks its unit", c.Title)
	}
	var buf bytes.Buffer
	if err := fig.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), ">Time (min)<"); n != 1 {
		t.Errorf("\"Time (min)\" written %d times, want once under the bottom panel", n)
	}
}

// TestFloors: a null result and a barely moving variable are drawn within
// a floor that makes them look flat.
func TestFloors(t *testing.T) {
	if r := StrengthRange(); r.Lo > 80 || r.Hi < 120 {
		t.Errorf("strength floor %v, want at least 80–120 %%", r)
	}
	tests := []struct {
		c      trace.Col
		v0     float64
		minLen float64
	}{
		{trace.Col{Name: "ampar_trapped", Unit: "count"}, 113, 22},
		{trace.Col{Name: "camkii_p_frac", Unit: "1"}, 0.00024, fractionFloor},
		{trace.Col{Name: "w", Unit: "1"}, 0.25, 0.05},
	}
	for _, tt := range tests {
		r := floor(tt.c, []float64{tt.v0, tt.v0 * 1.002})
		if r.Hi-r.Lo < tt.minLen*0.999 || r.Lo > tt.v0 || r.Hi < tt.v0 || r.Lo < 0 {
			t.Errorf("%s from %g: floor %v, want a span ≥ %g around it, not below 0", tt.c.Name, tt.v0, r, tt.minLen)
		}
	}
}

// TestPulseWindows: about 100 ms per pulse; a fast train is one window;
// a postsynaptic spike is marked in its pulse's window.
func TestPulseWindows(t *testing.T) {
	ws := PulseWindows([]float64{900e3, 901e3, 902e3}, []bool{true, true, true})
	if len(ws) != 3 || ws[0].Label != "Pulse 1" || ws[2].Label != "Pulse 3" || ws[1].Offset != 901e3 || ws[1].To-ws[1].From != 100 {
		t.Errorf("1 Hz: %+v", ws)
	}
	ws = PulseWindows([]float64{0, 10, 20}, []bool{true, true, true})
	if len(ws) != 1 || ws[0].Label != "From pulse 1" || ws[0].To != 110 {
		t.Errorf("100 Hz: %+v", ws)
	}
	ws = PulseWindows([]float64{0, 10, 1000}, []bool{true, false, true})
	if len(ws) != 2 || len(ws[0].VLines) != 1 || ws[0].VLines[0].X != 10 || ws[1].Label != "Pulse 2" {
		t.Errorf("pairing: %+v", ws)
	}
}

// TestZoomFigure: the zoom of a 1 Hz train shows each pulse in its own
// window of about 100 ms, with the pulse inside it.
func TestZoomFigure(t *testing.T) {
	res := run(t, "lfs-shouval")
	fig := ZoomFigure(res)
	if len(fig.Panels) == 0 {
		t.Fatal("no panels")
	}
	w := fig.Panels[0].Windows
	if len(w) != ZoomPulses || w[0].Offset != res.Plan.Layout.InductionStart {
		t.Fatalf("windows %+v, induction at %g ms", w, res.Plan.Layout.InductionStart)
	}
	if !strings.Contains(fig.Caption, "100 ms around each") || strings.Contains(fig.Caption, "e+") {
		t.Errorf("caption %q", fig.Caption)
	}
	if err := fig.WriteSVG(&bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
}

// TestCurveCaption: the caption says what was swept, not the base spec's
// own rate, and where the points' models differ.
func TestCurveCaption(t *testing.T) {
	p, _ := experiment.FindPreset("frequency-shouval")
	base, err := catalog.Load(p.Data)
	if err != nil {
		t.Fatal(err)
	}
	res := []*engine.Result{{Tier: "Shouval", Summary: engine.Summary{ReadoutMin: 60}}}
	got := Frequency().Caption(base, res, []float64{0.5, 1, 3, 5, 10, 20, 50})
	if !strings.Contains(got, "at each of 0.5, 1, 3, 5, 10, 20 and 50 Hz") || strings.Contains(got, "at 10 Hz") {
		t.Errorf("frequency caption %q", got)
	}
	// points whose model differs say how (the part that differs)
	a := "CA1 population (deterministic: 6 × 2 strata, each split into release and failure branches at every stimulus; 6 synapses recruited)"
	b := "CA1 population (deterministic: 6 × 2 strata, 3 particles each, split into release and failure branches at every stimulus and merged back by similarity; 6 synapses recruited)"
	res3 := []*engine.Result{{Tier: a, Summary: engine.Summary{ReadoutMin: 60}}, {Tier: a}, {Tier: b}, {Tier: b}}
	got = Frequency().Caption(base, res3, []float64{1, 10, 20, 50})
	want := "Model: " + a + ". At 20 and 50 Hz: 3 particles each, split into release and failure branches at every stimulus and merged back by similarity. Bath: 2 mM Ca2+, 1 mM Mg2+."
	if !strings.HasSuffix(got, want) {
		t.Errorf("caption of points with two models %q, want it to end %q", got, want)
	}
	if got := Frequency().Caption(base, res3[:2], []float64{1, 10}); strings.Contains(got, " At ") || !strings.HasSuffix(got, ". Bath: 2 mM Ca2+, 1 mM Mg2+.") {
		t.Errorf("one model: %q says where it differs", got)
	}
	ps, _ := experiment.FindPreset("stdp-gb")
	sb, err := catalog.Load(ps.Data)
	if err != nil {
		t.Fatal(err)
	}
	xs := make([]float64, 41)
	for i := range xs {
		xs[i] = -100 + 5*float64(i)
	}
	if got := STDP().Caption(sb, res, xs); !strings.Contains(got, "from -100 to 100 ms in 41 steps") {
		t.Errorf("stdp caption %q", got)
	}
}

// TestCurveExplain: extremes and the change of sign, in words.
func TestCurveExplain(t *testing.T) {
	tab := trace.New(trace.Col{Name: "rate_hz", Unit: "Hz"}, trace.Col{Name: "change_pct"})
	for i, y := range []float64{-34, -46.2, -19.6, 200.6} {
		tab.Append([]float64{0.5, 3, 5, 10}[i], y)
	}
	r := Frequency().Result(tab, "caption")
	got := strings.Join(r.Explain(), " ")
	for _, w := range []string{"frequency–response", "−46.2% at 3 Hz", "+200.6% at 10 Hz", "between 5 and 10 Hz"} {
		if !strings.Contains(got, w) {
			t.Errorf("explanation lacks %q: %s", w, got)
		}
	}
}

// TestEPSPInset: an EPSP waveform table is drawn as an inset; none (or a
// malformed one) draws nothing, and no run makes one up.
func TestEPSPInset(t *testing.T) {
	ep := trace.New(trace.Col{Name: "t_ms"}, trace.Col{Name: "before_mV", Doc: "EPSP before the induction"},
		trace.Col{Name: "after_mV", Doc: "EPSP 60 min after the induction"})
	for i := range 40 {
		x := float64(i)
		ep.Append(x, x*math.Exp(-x/6)/4, 0.7*x*math.Exp(-x/6)/4)
	}
	in := EPSPInset(ep)
	if in == nil || in.Legend[0] != "EPSP before the induction" {
		t.Fatalf("inset %+v", in)
	}
	if EPSPInset(nil) != nil || EPSPInset(trace.New(trace.Col{Name: "t_ms"})) != nil {
		t.Error("an inset from no table or a malformed one")
	}
	res := fakeRun(1, 2, []float64{0, 1, 3}, []float64{100, 100, 80})
	if EPSP(res) != nil {
		t.Error("EPSP made up a waveform")
	}
	fig := plot.Figure{Panels: []plot.Panel{{Table: res.Tests, X: "t_min", Y: []string{"strength_pct"}, Points: true, Inset: in}}}
	var buf bytes.Buffer
	if err := fig.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "EPSP 60 min after the induction") {
		t.Error("the inset's legend is not in the figure")
	}
}

// TestNumbers: sensible precision for people.
func TestNumbers(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{Duration(33333.333333333336), "33.3 s"},
		{Duration(0.5675), "0.568 ms"},
		{Duration(15 * 60e3), "15 min"},
		{Duration(5.4e6), "1.5 h"},
		{Number(-1e-13), "-1e-13"},
		{Number(0.00012345), "0.000123"},
		{Number(1200.4), "1200"},
		{Number(933333.3333333334), "933333"},
		{signed(-0.02), "0"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestEveryColumnDescribed: every column of a run's trace, tests and
// pulses tables carries a unit and a description, so trace.parquet (which
// stores them in its metadata) documents itself; and the Parquet metadata
// holds them.
func TestEveryColumnDescribed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the mechanistic LFS preset (about 1 s)")
	}
	for _, preset := range []string{"lfs", "hfs", "stdp", "pf-cf-ltd"} {
		res := run(t, preset)
		for name, tab := range map[string]*trace.Table{"trace": res.Series, "tests": res.Tests, "pulses": res.Zoom} {
			for _, c := range tab.Cols {
				if c.Unit == "" || c.Doc == "" {
					t.Errorf("%s: %s column %s: unit %q, doc %q", preset, name, c.Name, c.Unit, c.Doc)
				}
			}
		}
		var buf bytes.Buffer
		if err := res.Series.WriteParquet(&buf); err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Series.Cols {
			doc, _ := json.Marshal(c.Doc)
			if !bytes.Contains(buf.Bytes(), append([]byte(`"doc":`), doc...)) {
				t.Errorf("%s: trace.parquet's metadata lacks the doc of %s", preset, c.Name)
				break
			}
		}
	}
}

// TestCurveDudekBear: a frequency curve of 900 pulses in CA1 carries Dudek &
// Bear's values at their rates (NaN elsewhere) and draws them beside the
// model's.
func TestCurveDudekBear(t *testing.T) {
	p, _ := experiment.FindPreset("frequency-shouval")
	pl, err := catalog.Load(p.Data)
	if err != nil {
		t.Fatal(err)
	}
	xs := []float64{1, 20, 50}
	var res []*engine.Result
	for range xs {
		res = append(res, &engine.Result{Plan: pl, Tier: "Shouval", Summary: engine.Summary{ChangePct: -10, Metrics: map[string]float64{}}})
	}
	tab, ys := Frequency().Table(res, xs)
	if len(ys) != 2 || ys[1] != "dudek_bear_pct" {
		t.Fatalf("ys %v", ys)
	}
	db := tab.Col("dudek_bear_pct")
	if db[0] != -20 || !math.IsNaN(db[1]) || db[2] != 22.5 {
		t.Errorf("Dudek & Bear column %v, want -20, NaN, 22.5", db)
	}
	fig := Frequency().Figure(res, tab, ys, "caption")
	if err := fig.WriteSVG(&bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
}

// TestCurveBiPoo: an STDP curve of 60 pairings at 1 Hz carries Bi & Poo's
// approximate window (the peak middles at ±5 ms with the exponential fits;
// NaN inside ±5 ms) and draws it beside the model's; another pairing
// count does not.
func TestCurveBiPoo(t *testing.T) {
	p, _ := experiment.FindPreset("stdp")
	pl, err := catalog.Load(p.Data)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Spec.Protocol.Pairing == nil || pl.Spec.Protocol.Pairing.Pairs != 60 {
		t.Fatalf("preset stdp: pairing %+v, want 60 pairs", pl.Spec.Protocol.Pairing)
	}
	xs := []float64{-20, -5, 0, 5, 21.8}
	var res []*engine.Result
	for range xs {
		res = append(res, &engine.Result{Plan: pl, Tier: "CA1", Summary: engine.Summary{ChangePct: 10, Metrics: map[string]float64{}}})
	}
	tab, ys := STDP().Table(res, xs)
	if len(ys) != 2 || ys[1] != "bi_poo_pct" {
		t.Fatalf("ys %v", ys)
	}
	bp := tab.Col("bi_poo_pct")
	want := []float64{-35 * math.Exp(-15/33.7), -35, math.NaN(), 90, 90 * math.Exp(-1)}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(bp[i]) || (!math.IsNaN(want[i]) && math.Abs(bp[i]-want[i]) > 1e-9) {
			t.Errorf("Bi & Poo at %g ms: %g, want %g", xs[i], bp[i], want[i])
		}
	}
	fig := STDP().Figure(res, tab, ys, "caption")
	if err := fig.WriteSVG(&bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	other := *pl
	sp := other.Spec
	pair := *sp.Protocol.Pairing
	pair.Pairs = 100
	sp.Protocol.Pairing = &pair
	other.Spec = sp
	res2 := []*engine.Result{{Plan: &other, Tier: "CA1", Summary: engine.Summary{Metrics: map[string]float64{}}}}
	if _, ys := STDP().Table(res2, []float64{10}); len(ys) != 1 {
		t.Errorf("100 pairings: ys %v, want the model's only", ys)
	}
}
