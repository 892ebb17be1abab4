package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
)

// output runs a command and returns what it printed on its own output.
func output(t *testing.T, c *cobra.Command, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	c.SetArgs(args)
	c.SetOut(&out)
	c.SetErr(&bytes.Buffer{})
	c.SilenceUsage, c.SilenceErrors = true, true
	err := c.ExecuteContext(context.Background())
	return out.String(), err
}

// TestRunWithoutArguments prints the usage and the presets, with their
// tiers, instead of an error.
func TestRunWithoutArguments(t *testing.T) {
	got, err := output(t, runCmd())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Usage:", "run PRESET|FILE.yaml", "Presets:", "lfs ", "mechanistic", "hfs "} {
		if !strings.Contains(got, w) {
			t.Errorf("synlab run without arguments: output lacks %q:\n%s", w, got)
		}
	}
}

// TestCompletePresets: shell completion offers preset names with their
// titles, and files too.
func TestCompletePresets(t *testing.T) {
	got, dir := completePresets(runCmd(), nil, "lf")
	var names []string
	for _, c := range got {
		names = append(names, strings.SplitN(string(c), "\t", 2)[0])
	}
	if !slices.Contains(names, "lfs") || !slices.Contains(names, "lfs-apv") || slices.Contains(names, "hfs") || dir != cobra.ShellCompDirectiveDefault {
		t.Errorf("completion of %q: %v (directive %v)", "lf", names, dir)
	}
	if got, _ := completeOnePreset(runCmd(), []string{"lfs"}, ""); len(got) != 0 {
		t.Errorf("a second argument is completed: %v", got)
	}
	for _, c := range []*cobra.Command{runCmd(), presetsCmd(), compareCmd(), stdpCmd(), freqCmd()} {
		if c.ValidArgsFunction == nil {
			t.Errorf("synlab %s completes no preset names", c.Name())
		}
	}
}

// TestPercent: a change prints with one decimal and never as "−0%".
func TestPercent(t *testing.T) {
	for v, want := range map[float64]string{-0.01: "0%", 0.04: "0%", -18.06: "−18.1%", 197: "+197.0%"} {
		if got := percent(v); got != want {
			t.Errorf("percent(%g) = %q, want %q", v, got, want)
		}
	}
}

// TestCompareAlignsDifferentTimings: runs whose test pulses differ
// (15 min LFS, 1 min of HFS trains) are overlaid aligned at the end of
// their inductions instead of refused.
func TestCompareAlignsDifferentTimings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	if _, err := output(t, compareCmd(), "lfs-shouval", "hfs", "--out", dir, "--quiet", "--workers", "1"); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "trace.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := trace.ReadCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Cols[0].Name != "min_after" || tab.Col("lfs-shouval") == nil || tab.Col("hfs") == nil {
		t.Errorf("overlay columns %v, want min_after, lfs-shouval, hfs", tab.Cols)
	}
}

// TestWroteListsEveryFile: the "Wrote …" line names exactly the files in
// the folder: figure.svg, trace.parquet and pulses.* included.
func TestWroteListsEveryFile(t *testing.T) {
	p, _ := experiment.FindPreset("lfs-shouval")
	pl, err := catalog.Load(p.Data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.RunWith(context.Background(), pl, engine.Options{Zoom: zoomPulses})
	if err != nil {
		t.Fatal(err)
	}
	r := runReport("lfs-shouval", res, p.Data)
	lab.AddZoom(&r, res)
	dir := filepath.Join(t.TempDir(), "out")
	if err := report.Write(dir, r); err != nil {
		t.Fatal(err)
	}
	line := wrote(dir, r)
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if !strings.Contains(line, e.Name()) {
			t.Errorf("%q does not name %s", line, e.Name())
		}
	}
	for _, f := range []string{"figure.svg", "trace.parquet", "pulses.svg", "pulses.png", "pulses.csv"} {
		if !strings.Contains(line, f) {
			t.Errorf("%q does not name %s", line, f)
		}
	}
}

// TestExplainCurve: synlab explain on a curve folder says what the curve
// shows.
func TestExplainCurve(t *testing.T) {
	tab := trace.New(trace.Col{Name: "rate_hz", Unit: "Hz"}, trace.Col{Name: "change_pct"})
	for i, y := range []float64{-34, -46.2, -19.6, 200.6} {
		tab.Append([]float64{0.5, 3, 5, 10}[i], y)
	}
	dir := t.TempDir()
	b, _ := json.Marshal(lab.Frequency().Result(tab, "A frequency curve over 4 rates."))
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := output(t, explainCmd(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"A frequency curve over 4 rates.", "frequency–response curve", "−46.2% at 3 Hz", "between 5 and 10 Hz"} {
		if !strings.Contains(got, w) {
			t.Errorf("explain lacks %q:\n%s", w, got)
		}
	}
}
