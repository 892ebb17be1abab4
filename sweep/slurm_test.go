package sweep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestArraySpec(t *testing.T) {
	for _, tc := range []struct {
		chunks   []int
		throttle int
		want     string
	}{
		{[]int{0, 1, 2, 3}, 0, "0-3"},
		{[]int{0, 1, 2, 3, 7, 9, 10}, 4, "0-3,7,9-10%4"},
		{[]int{5}, 2, "5%2"},
		{[]int{1, 3, 5}, 0, "1,3,5"},
	} {
		if got := ArraySpec(tc.chunks, tc.throttle); got != tc.want {
			t.Errorf("ArraySpec(%v, %d) = %q, want %q", tc.chunks, tc.throttle, got, tc.want)
		}
	}
}

// fakeSlurm writes an sbatch that logs its arguments and prints job ids
// 101, 102, …, and a squeue that reports the states in DIR/states.
func fakeSlurm(t *testing.T) (bin, calls string) {
	t.Helper()
	bin = t.TempDir()
	calls = filepath.Join(bin, "calls")
	sbatch := `#!/bin/sh
n=$(cat "` + bin + `/n" 2>/dev/null || echo 100); n=$((n+1)); echo $n > "` + bin + `/n"
echo "sbatch $*" >> "` + calls + `"
echo "$n;cluster"
`
	squeue := `#!/bin/sh
echo "squeue $*" >> "` + calls + `"
cat "` + bin + `/states" 2>/dev/null
`
	for name, text := range map[string]string{"sbatch": sbatch, "squeue": squeue} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return bin, calls
}

func TestSlurmSubmitOnlyMissing(t *testing.T) {
	bin, calls := fakeSlurm(t)
	dir := runSweep(t, stdpSweep, 2, 2, &counting{fail: -1})
	m, _ := Open(dir)
	for _, k := range []int{0, 1, 2, 3, 7, 9, 10} {
		os.Remove(ChunkPath(dir, k))
	}
	s := Slurm{Synlab: "/opt/synlab bin/synlab", Throttle: 4, Options: []string{"--partition=short", "--time=1:00:00"},
		Sbatch: filepath.Join(bin, "sbatch"), Squeue: filepath.Join(bin, "squeue")}
	sub, err := s.Submit(context.Background(), dir, m)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Array != "0-3,7,9-10%4" || sub.ArrayJob != "101" || sub.CollectJob != "102" {
		t.Errorf("submission %+v", sub)
	}
	log := string(readFile(t, calls))
	wantCalls := "sbatch --parsable --array=0-3,7,9-10%4 --partition=short --time=1:00:00 " + sub.ArrayScript + "\n" +
		"sbatch --parsable --dependency=afterany:101 --kill-on-invalid-dep=yes --partition=short --time=1:00:00 " + sub.CollectScript + "\n"
	if log != wantCalls {
		t.Errorf("sbatch calls:\n%s\nwant:\n%s", log, wantCalls)
	}
	script := string(readFile(t, sub.ArrayScript))
	for _, want := range []string{
		"#!/bin/sh\n#SBATCH --job-name=synlab-sweep-",
		"#SBATCH --output=" + filepath.Join(dir, "slurm", "logs", "chunk-%a.%A.log"),
		`exec '/opt/synlab bin/synlab' sweep run '` + dir + `' --chunk "$SLURM_ARRAY_TASK_ID" --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet`,
	} {
		if !strings.Contains(script, want) {
			t.Errorf("array script lacks %q:\n%s", want, script)
		}
	}
	if c := string(readFile(t, sub.CollectScript)); !strings.Contains(c, "sweep collect '"+dir+"' --quiet") {
		t.Errorf("collect script:\n%s", c)
	}
	if _, err := os.Stat(filepath.Join(dir, "slurm", "logs")); err != nil {
		t.Error("no log folder: sbatch would fail to open the output files")
	}

	// Squeue: wait returns once every job has a final state.
	os.WriteFile(filepath.Join(bin, "states"), []byte("101_1 COMPLETED\n102 CANCELLED\n"), 0o644)
	if err := s.Wait(context.Background(), []string{sub.ArrayJob, sub.CollectJob}, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readFile(t, calls)), "squeue --noheader --format=%i %T --jobs=101,102") {
		t.Errorf("squeue call: %s", readFile(t, calls))
	}
	os.WriteFile(filepath.Join(bin, "states"), []byte("101_[3-4] PENDING\n"), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Wait(ctx, []string{"101"}, 5*time.Millisecond); err == nil {
		t.Error("Wait returned while a task was pending")
	}

	// Once every chunk is done, nothing is submitted.
	if _, err := (Local{Runner: &counting{fail: -1}}).Run(context.Background(), dir, m, nil); err != nil {
		t.Fatal(err)
	}
	sub, err = s.Submit(context.Background(), dir, m)
	if err != nil || sub.ArrayJob != "" || len(sub.Chunks) != 0 {
		t.Errorf("submit of a complete sweep: %+v, %v", sub, err)
	}
}

func TestSlurmSubmitErrors(t *testing.T) {
	bin, _ := fakeSlurm(t)
	dir := t.TempDir()
	m := mustPlan(t, stdpSweep, Options{Chunk: 1})
	Create(dir, m, false)
	for _, tc := range []struct {
		name string
		s    Slurm
		want string
	}{
		{"relative synlab", Slurm{Synlab: "synlab"}, "must be an absolute path"},
		{"array option", Slurm{Synlab: "/x", Options: []string{"--array=0-3"}}, `"--array=0-3": synlab sets --array`},
		{"short dependency", Slurm{Synlab: "/x", Options: []string{"-dafterok:3"}}, "synlab sets"},
		{"too many chunks", Slurm{Synlab: "/x", MaxArrayIndex: 10, Sbatch: filepath.Join(bin, "sbatch")}, "chunk 23 is above the highest Slurm array index 10"},
		{"no sbatch", Slurm{Synlab: "/x", Sbatch: filepath.Join(bin, "nonesuch")}, "not found: is Slurm installed"},
	} {
		if _, err := tc.s.Submit(context.Background(), dir, m); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	// Options that merely look alike are passed on.
	if err := (Slurm{Options: []string{"--account=lab", "-A", "lab", "-D", "/tmp", "-p", "short"}}).checkOptions(); err != nil {
		t.Errorf("checkOptions rejected ordinary options: %v", err)
	}
	for state, final := range map[string]bool{"RUNNING": false, "PENDING": false, "COMPLETING": false, "COMPLETED": true, "FAILED": true, "TIMEOUT": true} {
		if ended(state) != final {
			t.Errorf("ended(%s) = %v", state, !final)
		}
	}
}
