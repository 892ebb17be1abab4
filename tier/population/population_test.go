package population_test

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/trace"
)

// short is a short LFS-like protocol on the default tier: 1 min of
// baseline, 30 pulses at 1 Hz, 1 min after.
var short = []string{"protocol.baseline=1min", "protocol.train.pulses=30", "protocol.follow=1min", "record.every=5s"}

func csv(t *testing.T, tab *trace.Table) string {
	t.Helper()
	var b bytes.Buffer
	if err := tab.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTierRuns: the default tier runs a short LFS, reports a finite
// strength, its explain metrics and sentences, and the test EPSP waveform
// before and after (the inset of Fig. 8.16B).
func TestTierRuns(t *testing.T) {
	res, err := engine.RunWith(context.Background(), load(t, "lfs", short...), engine.Options{Zoom: 2})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Summary.ChangePct; math.IsNaN(s) || math.IsInf(s, 0) {
		t.Fatalf("change %g", s)
	}
	for _, k := range []string{"induction_pulses", "ca_success_peak_uM", "ampar_change_pct", "ppr_release", "can_peak_frac"} {
		if _, ok := res.Summary.Metrics[k]; !ok {
			t.Errorf("metric %s missing", k)
		}
	}
	if got := res.Summary.Metrics["induction_pulses"]; got != 30 {
		t.Errorf("induction pulses %g, want 30", got)
	}
	if len(res.Summary.Explain) < 3 || !strings.Contains(strings.Join(res.Summary.Explain, " "), "released per pulse") {
		t.Errorf("explain: %q", res.Summary.Explain)
	}
	ep := res.Extra["epsp"]
	if ep == nil || ep.Col("before_mV") == nil || ep.Col("after_mV") == nil || ep.Len() < 100 {
		t.Fatalf("EPSP table %v", ep)
	}
	peak := 0.0
	for _, v := range ep.Col("before_mV") {
		peak = max(peak, v)
	}
	if !(peak > 1 && peak < 10) {
		t.Errorf("test EPSP before the induction peaks at %g mV, want a few mV", peak)
	}
	if res.Zoom == nil || res.Zoom.Len() == 0 {
		t.Error("no zoom on the first induction pulses")
	}
}

// TestDeterministicAndZoomFree: the same seed gives the same bytes, and
// recording the zoom does not change the series.
func TestDeterministicAndZoomFree(t *testing.T) {
	pl := load(t, "lfs", short...)
	a, err := engine.RunWith(context.Background(), pl, engine.Options{Zoom: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := engine.Run(context.Background(), pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if csv(t, a.Series) != csv(t, b.Series) || csv(t, a.Tests) != csv(t, b.Tests) {
		t.Error("the zoom changed the run, or the same seed gave different numbers")
	}
}

// TestStochasticSeeds: the stochastic mode is reproducible by seed and
// differs between seeds.
func TestStochasticSeeds(t *testing.T) {
	sets := append([]string{"model.override.stochastic=1", "model.synapses=8"}, short...)
	run := func(seed string) string {
		res, err := engine.Run(context.Background(), load(t, "lfs", append(sets, "seed="+seed)...), nil)
		if err != nil {
			t.Fatal(err)
		}
		return csv(t, res.Tests)
	}
	a, b, c := run("1"), run("1"), run("2")
	if a != b {
		t.Error("seed 1 twice gave different numbers")
	}
	if a == c {
		t.Error("seeds 1 and 2 gave the same numbers")
	}
}

// TestDrugWashIn: a drug with from/for is washed in and out during the
// run (SetDrugs), and the AMPA antagonist CNQX lowers the test EPSP while
// it is in the bath.
func TestDrugWashIn(t *testing.T) {
	sets := append([]string{"drugs[0].name=CNQX", "drugs[0].conc=10uM", "drugs[0].from=30s", "drugs[0].for=30s"}, short...)
	res, err := engine.Run(context.Background(), load(t, "lfs", sets...), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts, s := res.Series.Col("t_ms"), res.Series.Col("strength_pct")
	var in, out float64
	for i := range ts {
		switch {
		case ts[i] > 35e3 && ts[i] < 55e3:
			in = s[i]
		case ts[i] >= 15e3 && ts[i] < 30e3:
			out = s[i]
		}
	}
	if !(in < 20 && out > 90) {
		t.Errorf("strength with CNQX %.1f%%, before %.1f%%: want the EPSP blocked while CNQX is in the bath", in, out)
	}
}

// TestBadOverrides: the tier's own switches and ca1's validation name the
// field.
func TestBadOverrides(t *testing.T) {
	for _, c := range []struct{ set, want string }{
		{"model.override.stochastic=2", "model.override.stochastic"},
		{"model.override.field_readout=3", "model.override.field_readout"},
		{"model.synapses=10", "model.synapses"},
		{"model.set=ca1", "model.set"},
		{"model.override.ca_o=3mM", "bath.ca"},
	} {
		_, err := loadErr("lfs", c.set)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to name %s", c.set, err, c.want)
		}
	}
}

// TestRanges: every parameter of the tier (package ca1's, the spine
// mechanisms', the cascade's, the fitted set applied) lies within its
// stated range, and an override outside it is refused naming the range.
func TestRanges(t *testing.T) {
	pl := load(t, "lfs")
	m, err := pl.Tier.Build(pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Params() {
		if err := f.Check(*f.Value); err != nil {
			t.Errorf("%s = %g: %v", f.Name, *f.Value, err)
		}
	}
	for _, set := range []string{"model.override.recruited=1e6", "model.override.cascade.cam_total=5M", "model.override.pv=2"} {
		if _, err := loadErr("lfs", set); err == nil || !strings.Contains(err.Error(), "model.override.") {
			t.Errorf("%s: error %v, want a refusal naming the override", set, err)
		}
	}
}

// TestStatsWithoutRecord: the explain statistics (enzyme peaks, the
// lowest receptor counts) are read every 10 s whatever record.every is, so
// a spec without it gets the same peaks as one recording every 10 s (they
// were read at the start and the end only).
func TestStatsWithoutRecord(t *testing.T) {
	base := []string{"protocol.baseline=1min", "protocol.train.pulses=30", "protocol.follow=1min"}
	with, err := engine.Run(context.Background(), load(t, "lfs", append(base, "record.every=10s")...), nil)
	if err != nil {
		t.Fatal(err)
	}
	without, err := engine.Run(context.Background(), load(t, "lfs", base...), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"can_peak_frac", "pp1_peak_frac", "camkii_p_peak_frac", "ampar_min_change_pct", "surface_min_change_pct", "change_pct"} {
		a, b := with.Summary.Metrics[k], without.Summary.Metrics[k]
		if k == "change_pct" {
			a, b = with.Summary.ChangePct, without.Summary.ChangePct
		}
		if a != b {
			t.Errorf("%s: %g with record.every = 10 s, %g without", k, a, b)
		}
	}
	if p := without.Summary.Metrics["pp1_peak_frac"]; !(p > 0.001) {
		t.Errorf("PP1 peak %g without record.every: not read during the train", p)
	}
}
