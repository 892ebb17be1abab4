package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// execute runs a synlab command line in-process.
func execute(t *testing.T, cmd *cobra.Command, args ...string) error {
	t.Helper()
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(context.Background())
}

// TestExampleSweepsPlan: every example sweep plans (all its axes check
// against the experiment schema).
func TestExampleSweepsPlan(t *testing.T) {
	files, _ := filepath.Glob("../../examples/sweeps/*.yaml")
	if len(files) < 2 {
		t.Fatalf("examples/sweeps has %d sweeps", len(files))
	}
	for _, f := range files {
		dir := filepath.Join(t.TempDir(), "s")
		if err := execute(t, sweepCmd(), "plan", f, "-o", dir); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestSweepCommands runs plan, run, status, collect and submit --executor
// local on a small sweep whose base is a spec file beside it.
func TestSweepCommands(t *testing.T) {
	tmp := t.TempDir()
	os.WriteFile(filepath.Join(tmp, "base.yaml"), []byte(`
name: stdp base
model: {tier: graupner-brunel, set: DP, synapses: 10}
protocol:
  pairing: {dt: "+10 ms", pairs: 60, rate: "1 Hz"}
seed: 1
`), 0o644)
	os.WriteFile(filepath.Join(tmp, "sweep.yaml"), []byte(`
name: cli test
base: base.yaml
seed: 3
chunk: 2
axes:
  - {path: protocol.pairing.dt, unit: ms, lin: [-20, 20, 5]}
`), 0o644)
	dir := filepath.Join(tmp, "out")
	if err := execute(t, sweepCmd(), "plan", filepath.Join(tmp, "sweep.yaml"), "-o", dir); err != nil {
		t.Fatal(err)
	}
	if err := execute(t, sweepCmd(), "plan", filepath.Join(tmp, "sweep.yaml"), "-o", dir); err == nil || !strings.Contains(err.Error(), "already holds a sweep") {
		t.Errorf("planning twice into one folder: %v", err)
	}
	if err := execute(t, sweepCmd(), "collect", dir, "--quiet"); err == nil || !strings.Contains(err.Error(), "incomplete: 3 of 3 chunk(s) missing (points 0-4)") {
		t.Errorf("collect before running: %v", err)
	}
	if err := execute(t, sweepCmd(), "run", dir, "--chunk", "1", "--quiet"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "parts", "chunk-00001.csv")); err != nil {
		t.Fatal("sweep run --chunk 1 wrote no chunk 1")
	}
	if err := execute(t, sweepCmd(), "submit", dir, "--executor", "local", "--quiet"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"results.csv", "results.parquet", "results.json", "figure.svg", "figure.png", "points.csv", "sweep.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("no %s after the run", f)
		}
	}
	if err := execute(t, sweepCmd(), "status", dir); err != nil {
		t.Error(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"submit", dir, "--executor", "pbs"}, `--executor "pbs": slurm or local`},
		{[]string{"submit", dir, "other", "--executor", "slurm"}, "sbatch options go after --"},
		{[]string{"submit", dir, "--executor", "local", "--", "-p", "x"}, "takes no sbatch options"},
		{[]string{"run", tmp}, "holds no sweep"},
		{[]string{"plan", filepath.Join(tmp, "base.yaml"), "-o", filepath.Join(tmp, "x")}, `sweep: unknown field`},
	} {
		if err := execute(t, sweepCmd(), tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("synlab sweep %s: %v, want an error containing %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
}

// TestFitCommand fits one threshold to a time course on the Shouval tier
// (a few generations; the recovery itself is tested in package fit).
func TestFitCommand(t *testing.T) {
	tmp := t.TempDir()
	spec := filepath.Join(tmp, "lfs.yaml")
	os.WriteFile(spec, []byte(`
name: short LFS
model: {tier: shouval, set: rate}
protocol:
  test: "30 s"
  test_probe: true
  baseline: "1 min"
  train: {rate: "5 Hz", pulses: 100}
  follow: "1 min"
`), 0o644)
	data := filepath.Join(tmp, "tc.csv")
	os.WriteFile(data, []byte("t_min,strength_pct,err_pct\n0.5,100,1\n1.1,85,1\n1.5,84,1\n"), 0o644)
	out := filepath.Join(tmp, "fit")
	err := execute(t, fitCmd(), spec, "--data", data, "--free", "model.override.alpha1=0.3:0.4uM", "--max-gen", "3", "--out", out, "--quiet")
	if err != nil && strings.Contains(err.Error(), "built without CMA-ES") {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"fit.json", "fitted.yaml", "fit.csv", "history.csv", "fit.svg", "fit.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("no %s", f)
		}
	}
	// synlab run accepts the fitted spec.
	if err := execute(t, runCmd(), filepath.Join(out, "fitted.yaml"), "--out", filepath.Join(tmp, "run"), "--quiet"); err != nil {
		t.Errorf("synlab run fitted.yaml: %v", err)
	}
	if err := execute(t, fitCmd(), spec, "--data", data, "--free", "model.override.alpha1=0.3:0.4uM", "--out", out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("fit into an existing folder: %v", err)
	}
}
