package fit

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

func TestParseFree(t *testing.T) {
	ps, err := ParseFree("model.override.alpha1=0.3:0.4uM, model.override.p1=50:200,bath.ca=1500uM:3mM")
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{{"model.override.alpha1", 0.3, 0.4, "uM"}, {"model.override.p1", 50, 200, ""}, {"bath.ca", 1.5, 3, "mM"}}
	for i, w := range want {
		if ps[i] != w {
			t.Errorf("param %d = %+v, want %+v", i, ps[i], w)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"", "no parameters"},
		{"model.override.p1", "need path=lo:hi"},
		{"model.override.p1=5", "need path=lo:hi"},
		{"model.override.p1=5:1", "need lo < hi"},
		{"model.override.p1=a:1", `lower bound: "a" is not a number`},
		{"bath.ca=1mM:3Hz", "different dimensions"},
		{"seed=1:5", "cannot be fitted"},
		{"bath.ca=1:2mM,bath.ca=1:3mM", "already free"},
		{"bath.ca=1:2parsec", "unknown unit"},
	} {
		if _, err := ParseFree(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseFree(%q): %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestReadData(t *testing.T) {
	d, err := ReadData(strings.NewReader("# Dudek & Bear 1992, read off Fig. 2\nprotocol.train.rate_Hz,change_pct,err_pct\n1,-20,3\n10, 0, 2\n50,25,4\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != Curve || d.XPath != "protocol.train.rate" || d.XUnit != "Hz" || len(d.X) != 3 || d.Err[2] != 4 || d.Y[0] != -20 {
		t.Errorf("curve data %+v", d)
	}
	d, err = ReadData(strings.NewReader("t_min,strength_pct\n0,100\n30,80\n"))
	if err != nil || d.Kind != TimeCourse || d.Err != nil || d.X[1] != 30 {
		t.Errorf("time course %+v, %v", d, err)
	}
	if p, u := SplitColumn("protocol.pairing.post_spikes"); p != "protocol.pairing.post_spikes" || u != "" {
		t.Errorf("SplitColumn(post_spikes) = %q, %q", p, u)
	}
	if p, u := SplitColumn("drugs[0].conc_uM"); p != "drugs[0].conc" || u != "uM" {
		t.Errorf("SplitColumn(drugs[0].conc_uM) = %q, %q", p, u)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "no header row"},
		{"t_min\n", "has 1 columns"},
		{"t_min,change_pct\n1,2\n", "needs strength_pct"},
		{"rate_Hz,strength_pct\n1,2\n", "column 2 must be change_pct"},
		{"t_min,strength_pct,error\n1,2,3\n", "column 3 must be err_pct"},
		{"t_min,strength_pct\n1,x\n", `line 2, column strength_pct: "x" is not a finite number`},
		{"t_min,strength_pct\n-1,100\n", "times are ≥ 0"},
		{"t_min,strength_pct,err_pct\n1,100,0\n", "error bars must be > 0"},
		{"t_min,strength_pct\n", "no data rows"},
		{"t_min,strength_pct\n1,2,3\n", "line 2 has 3 fields"},
	} {
		if _, err := ReadData(strings.NewReader(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadData(%q): %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestClampBox(t *testing.T) {
	c, d2 := clampBox([]float64{0.25, 1.5, -0.5})
	if c[0] != 0.25 || c[1] != 1 || c[2] != 0 || d2 != 0.5 {
		t.Errorf("clampBox = %v, %g; want [0.25 1 0], 0.5", c, d2)
	}
}

// frf is a short frequency–response experiment on the Shouval rule: 100
// pulses, 1 min baseline and follow-up, so a run takes ~15 ms.
const frf = `
name: short frequency-response
model: {tier: shouval, set: rate}
protocol:
  test: "30 s"
  test_probe: true
  baseline: "1 min"
  train: {rate: "10 Hz", pulses: 100}
  follow: "1 min"
`

// synthetic runs the truth through synlab at xs (a curve over rate) and
// adds Gaussian noise of standard deviation sd (a fixed seed).
func synthetic(t *testing.T, truth []string, xs []float64, sd float64) *Data {
	t.Helper()
	d := &Data{Kind: Curve, XPath: "protocol.train.rate", XUnit: "Hz", X: xs}
	base, err := experiment.ApplySets([]byte(frf), truth)
	if err != nil {
		t.Fatal(err)
	}
	p := &Problem{Base: base, BaseName: "truth", Data: d, Free: []Param{{Path: "model.override.p1", Lo: 99, Hi: 101}}}
	_, models, err := p.evaluate(context.Background(), Local{Workers: 2}, 1, [][]float64{{100}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2024, 1))
	for _, m := range models[0] {
		d.Y = append(d.Y, m+sd*rng.NormFloat64())
		d.Err = append(d.Err, sd)
	}
	return d
}

// TestRecoversKnownParameters: data made by synlab itself at known LTD and
// LTP thresholds α1 = 0.36 µM, α2 = 0.54 µM (the rate set has 0.35 and
// 0.55), with 1 % Gaussian noise and error bars at 2, 3, 5, 8, 12 and 20 Hz, are fitted from the
// centre of α1 ∈ [0.3, 0.42] µM, α2 ∈ [0.48, 0.62] µM. The fit must find
// each threshold within 3 reported σ and within tolRel of the truth.
func TestRecoversKnownParameters(t *testing.T) {
	if !haveCMAES {
		t.Skip("built without CMA-ES (see cmaes_missing.go)")
	}
	// tolRel: 1 % noise on 6 points determines the thresholds to a few
	// 0.1 %; 3 % leaves room for the stopping tolerance of the search.
	const tolRel = 0.03
	truth := []float64{0.36, 0.54}
	xs := []float64{2, 3, 5, 8, 12, 20}
	data := synthetic(t, []string{"model.override.alpha1=0.36 uM", "model.override.alpha2=0.54 uM"}, xs, 1)
	p := &Problem{Base: []byte(frf), BaseName: "frf", Data: data, Free: []Param{
		{Path: "model.override.alpha1", Lo: 0.3, Hi: 0.42, Unit: "uM"},
		{Path: "model.override.alpha2", Lo: 0.48, Hi: 0.62, Unit: "uM"},
	}}
	r, err := Run(context.Background(), p, Options{Eval: Local{Workers: 2}, MaxGen: 40, Seed: 1, TolX: 2e-3, TolFun: 1e-4, Patience: 6})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stop: %s after %d generations (%d candidates); %s; χ² = %.3g for %d points", r.Stop, r.Generations, r.Evaluations, r.Polish, r.Chi2, r.N)
	for i, f := range p.Free {
		dev := math.Abs(r.Best[i] - truth[i])
		t.Logf("%s = %.5f ± %.5f (truth %g)", f.Path, r.Best[i], r.Sigma[i], truth[i])
		if dev > tolRel*truth[i] || !(dev <= 3*r.Sigma[i]) {
			t.Errorf("%s = %g ± %g, truth %g: off by %.2g", f.Path, r.Best[i], r.Sigma[i], truth[i], dev)
		}
	}
	if r.RedChi2 > 4 {
		t.Errorf("reduced χ² %g: the fitted model misses 1 %% noise data", r.RedChi2)
	}
	// The fitted spec runs and reproduces the fitted model at a data point.
	spec, err := experiment.ApplySets(r.Spec, []string{"protocol.train.rate=8 Hz"})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := catalog.Load(spec)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run(context.Background(), pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.ChangePct != r.Model[3] {
		t.Errorf("fitted spec at 8 Hz gives %g, the fit's model %g", res.Summary.ChangePct, r.Model[3])
	}
}

// TestTimeCourseBatch: a time course is read from each run at the data's
// times (% of baseline), the same as a direct run gives.
func TestTimeCourseBatch(t *testing.T) {
	d := &Data{Kind: TimeCourse, X: []float64{0.25, 0.5, 1.25, 1.5}, Y: []float64{100, 100, 80, 80}}
	p := &Problem{Base: []byte(frf), BaseName: "frf", Data: d, Free: []Param{{Path: "model.override.alpha1", Lo: 0.3, Hi: 0.4, Unit: "uM"}}}
	if err := p.check(); err != nil {
		t.Fatal(err)
	}
	fs, models, err := p.evaluate(context.Background(), Local{Workers: 2}, 1, [][]float64{{0.3}, {0.4}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := experiment.ApplySets([]byte(frf), []string{"model.override.alpha1=0.4 uM"})
	pl, _ := catalog.Load(base)
	res, err := engine.Run(context.Background(), pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	tm, s := res.Tests.Col("t_ms"), res.Tests.Col("strength_pct")
	for i, ti := range tm {
		if ti == 0.5*60000 {
			want := 100 * s[i] / res.Summary.Metrics["baseline_pct"]
			if models[1][1] != want {
				t.Errorf("model at 0.5 min: %g, direct run %g", models[1][1], want)
			}
		}
	}
	if fs[0] == fs[1] {
		t.Error("α1 = 0.3 and 0.4 µM give the same χ²")
	}
	// Data after the last test pulse but before the end of the run are
	// read: the series always ends with the run (engine), so they are
	// interpolated between the last test pulse and the end.
	d.X[3] = 2
	if _, m, err := p.evaluate(context.Background(), Local{Workers: 2}, 1, [][]float64{{0.3}}, 0); err != nil || math.IsNaN(m[0][3]) {
		t.Errorf("data between the last test pulse and the end of the run: %v", err)
	}
	// A bound the spec refuses is reported with the parameter before any run.
	bad := &Problem{Base: []byte(frf), BaseName: "frf", Data: d, Free: []Param{{Path: "model.override.alpha1", Lo: 0.3, Hi: 0.4}}}
	if err := bad.check(); err == nil || !strings.Contains(err.Error(), "--free model.override.alpha1: bound 0.3") || !strings.Contains(err.Error(), "give the bounds a unit") {
		t.Errorf("bounds without a unit: %v", err)
	}
	// Data after the end of the run are refused before any search.
	d.X[3] = 90
	if err := p.check(); err == nil || !strings.Contains(err.Error(), "after the end of the run") {
		t.Errorf("data after the end: %v", err)
	}
}
