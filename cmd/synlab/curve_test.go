package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/synlab/synlab/lab"
)

// TestCurveClamp: synlab curve clamp sweeps the holding potential of a
// clamp preset (here the cheap Shouval-rule one) and writes its table,
// figure and summary; Shouval et al. 2002 Fig. 3A's shape (no change at
// −70 mV, LTD near −55 mV, LTP above −50 mV) comes out of the rule.
func TestCurveClamp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	if err := execute(t, curveCmd(), "clamp", "clamp-shouval", "--from", "-70mV", "--to", "-40mV", "--steps", "3", "--out", dir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"trace.csv", "figure.svg", "summary.json"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Fatalf("no %s: %v", f, err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	var r lab.CurveResult
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Kind != "clamp" || r.Points != 3 || r.X != "v_hold_mV" {
		t.Errorf("summary %+v", r)
	}
	if !(r.MinChange < -5 && r.AtMin == -55 && r.MaxChange > 5 && r.AtMax == -40) {
		t.Errorf("Shouval clamp curve at -70, -55, -40 mV: min %.1f%% at %g, max %.1f%% at %g; want LTD at -55 and LTP at -40", r.MinChange, r.AtMin, r.MaxChange, r.AtMax)
	}
}

// TestCurveFrequencyOneRate: a frequency curve of one rate of at most 1 Hz
// (a log x axis with one value, which gonum widened to reach 0) writes its
// figure; it used to panic in the plot.
func TestCurveFrequencyOneRate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "f")
	if err := execute(t, curveCmd(), "frequency", "frequency-shouval", "--rates", "1", "--set", "protocol.train.pulses=20", "--out", dir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"trace.csv", "figure.svg", "figure.png", "summary.json"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Fatalf("no %s: %v", f, err)
		}
	}
}
