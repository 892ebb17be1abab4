package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRunCrashes are the two crashes of issue 14 §1, both in the finely
// sampled zoom on the first induction pulses: a 100 Hz induction on the
// mechanistic tier ("ode: step size underflow": a record time a rounding
// error before a pulse left the cascade an interval too short for an
// adaptive step), and record.vars without the tier's fast variables ("figure
// has no panels"). Each must now write its folder with the pulses figure.
func TestRunCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the mechanistic tier for 90 min of model time (about 1 s each)")
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"mech-b7-hfs case", []string{"../../papers/cases/mech-b7-hfs.yaml"}},
		{"lfs at 100 Hz", []string{"lfs", "--set", "protocol.train.rate=100Hz", "--set", "protocol.train.pulses=100"}},
		{"lfs at 1000 Hz", []string{"lfs", "--set", "protocol.train.rate=1000Hz", "--set", "protocol.train.pulses=100"}},
		{"record.vars without fast variables", []string{"lfs", "--set", "record.vars=ampar_rel"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args := append([]string{"run"}, tc.args...)
			args = append(args, "--out", dir, "--quiet")
			root := runCmd()
			if err := execute(t, root, args[1:]...); err != nil {
				t.Fatalf("synlab %v: %v", args, err)
			}
			for _, f := range []string{"figure.svg", "pulses.svg", "summary.json"} {
				if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
					t.Errorf("no %s: %v", f, err)
				}
			}
		})
	}
}
