package sweep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/synlab/synlab/report"
)

// SlurmDir is the folder of Slurm scripts and logs inside a sweep folder.
const SlurmDir = "slurm"

// DefaultMaxArrayIndex is the highest array index Slurm accepts by default
// (MaxArraySize = 1001 in slurm.conf).
const DefaultMaxArrayIndex = 1000

// Slurm submits the missing chunks of a sweep to a Slurm cluster as one job
// array (task N runs chunk N with `synlab sweep run DIR --chunk N`) and a
// collect job that depends on it (`synlab sweep collect DIR`, run after
// every task has ended, whether it succeeded or not, so missing points are
// listed). Slurm is only ever called as programs (sbatch, squeue).
//
// The sweep folder and the synlab program must be reachable at the same
// paths on the compute nodes (a shared file system).
type Slurm struct {
	Synlab   string   // absolute path of the synlab program the tasks run
	Throttle int      // at most this many array tasks at once (--array=…%N); 0 means no limit
	Options  []string // more sbatch options for both jobs, e.g. --partition=short --time=2:00:00 --cpus-per-task=4
	// NoCollect leaves out the collect job (a fit collects each generation itself).
	NoCollect bool
	// MaxArrayIndex is the highest array index the cluster accepts
	// (MaxArraySize − 1); 0 means DefaultMaxArrayIndex.
	MaxArrayIndex int
	Sbatch        string // the sbatch program; "" means sbatch on PATH
	Squeue        string // the squeue program; "" means squeue on PATH
}

// Submission is what Submit did.
type Submission struct {
	Chunks        []int  // the chunks submitted (those missing)
	Array         string // --array value, e.g. "0-3,7%4"
	ArrayJob      string // job id of the array
	CollectJob    string // job id of the collect job ("" with NoCollect or nothing to do)
	ArrayScript   string // paths of the scripts written
	CollectScript string
}

// checkOptions rejects the sbatch options that Submit sets itself:
// --array (-a), --dependency (-d), --parsable and --wrap.
func (s Slurm) checkOptions() error {
	for _, o := range s.Options {
		name, _, _ := strings.Cut(o, "=")
		switch {
		case name == "--array" || name == "--dependency" || name == "--parsable" || name == "--wrap":
		case !strings.HasPrefix(o, "--") && (strings.HasPrefix(o, "-a") || strings.HasPrefix(o, "-d")):
		default:
			continue
		}
		return fmt.Errorf("sweep: sbatch option %q: synlab sets --array, --dependency, --parsable itself (and runs its own script, so no --wrap)", o)
	}
	return nil
}

// ArraySpec writes chunk indices (sorted, distinct) as an sbatch --array
// value with ranges, and the throttle: [0 1 2 3 7 9 10], 4 → "0-3,7,9-10%4".
func ArraySpec(chunks []int, throttle int) string {
	var parts []string
	for i := 0; i < len(chunks); {
		j := i
		for j+1 < len(chunks) && chunks[j+1] == chunks[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, strconv.Itoa(chunks[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", chunks[i], chunks[j]))
		}
		i = j + 1
	}
	s := strings.Join(parts, ",")
	if throttle > 0 {
		s += "%" + strconv.Itoa(throttle)
	}
	return s
}

// quote quotes s for a POSIX shell.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// jobName is a Slurm job name from the sweep folder's name.
func jobName(kind, dir string) string {
	n := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, filepath.Base(dir))
	return "synlab-" + kind + "-" + n
}

// ArrayScript is the batch script of the job array for the sweep in dir
// (an absolute path): task N runs chunk N on ${SLURM_CPUS_PER_TASK:-1}
// cores. Logs go to DIR/slurm/logs/chunk-N.JOBID.log.
func (s Slurm) ArrayScript(dir string) string {
	logs := filepath.Join(dir, SlurmDir, "logs")
	return fmt.Sprintf(`#!/bin/sh
#SBATCH --job-name=%s
#SBATCH --output=%s
# Written by synlab sweep submit: array task N runs chunk N of the sweep in
# %s. A chunk already done is skipped; a chunk is written whole or not at all.
# Pass --cpus-per-task=C to sbatch to run C points of a chunk at once.
set -eu
exec %s sweep run %s --chunk "$SLURM_ARRAY_TASK_ID" --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet
`, jobName("sweep", dir), filepath.Join(logs, "chunk-%a.%A.log"), dir, quote(s.Synlab), quote(dir))
}

// CollectScript is the batch script of the collect job.
func (s Slurm) CollectScript(dir string) string {
	logs := filepath.Join(dir, SlurmDir, "logs")
	return fmt.Sprintf(`#!/bin/sh
#SBATCH --job-name=%s
#SBATCH --output=%s
# Written by synlab sweep submit: merges the chunks of the sweep in
# %s into results.csv and results.parquet and lists missing points.
set -eu
exec %s sweep collect %s --quiet
`, jobName("collect", dir), filepath.Join(logs, "collect.%j.log"), dir, quote(s.Synlab), quote(dir))
}

// Submit writes the scripts into DIR/slurm and submits the missing chunks
// of the sweep in dir as one array, then (unless NoCollect) the collect
// job with --dependency=afterany on it. With nothing missing it submits
// nothing and returns an empty Submission. dir is made absolute.
func (s Slurm) Submit(ctx context.Context, dir string, m *Manifest) (Submission, error) {
	var sub Submission
	if err := s.checkOptions(); err != nil {
		return sub, err
	}
	if !filepath.IsAbs(s.Synlab) {
		return sub, fmt.Errorf("sweep: the synlab program for Slurm tasks must be an absolute path, not %q", s.Synlab)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return sub, fmt.Errorf("sweep: %w", err)
	}
	missing, err := Missing(dir, m)
	if err != nil {
		return sub, err
	}
	if len(missing) == 0 {
		return sub, nil
	}
	maxIdx := s.MaxArrayIndex
	if maxIdx == 0 {
		maxIdx = DefaultMaxArrayIndex
	}
	if last := missing[len(missing)-1]; last > maxIdx {
		return sub, fmt.Errorf("sweep: chunk %d is above the highest Slurm array index %d (MaxArraySize − 1): plan the sweep with fewer, larger chunks (synlab sweep plan --chunk %d), or give --max-array-index if your cluster allows more",
			last, maxIdx, (m.Points+maxIdx)/(maxIdx+1))
	}
	if err := os.MkdirAll(filepath.Join(dir, SlurmDir, "logs"), 0o755); err != nil {
		return sub, fmt.Errorf("sweep: %w", err)
	}
	sub.Chunks = missing
	sub.Array = ArraySpec(missing, s.Throttle)
	sub.ArrayScript = filepath.Join(dir, SlurmDir, "array.sh")
	sub.CollectScript = filepath.Join(dir, SlurmDir, "collect.sh")
	for path, text := range map[string]string{sub.ArrayScript: s.ArrayScript(dir), sub.CollectScript: s.CollectScript(dir)} {
		if err := report.WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, text); return err }); err != nil {
			return sub, fmt.Errorf("sweep: %w", err)
		}
	}
	args := append([]string{"--parsable", "--array=" + sub.Array}, s.Options...)
	if sub.ArrayJob, err = s.sbatch(ctx, dir, append(args, sub.ArrayScript)); err != nil {
		return sub, err
	}
	if !s.NoCollect {
		args := append([]string{"--parsable", "--dependency=afterany:" + sub.ArrayJob, "--kill-on-invalid-dep=yes"}, s.Options...)
		if sub.CollectJob, err = s.sbatch(ctx, dir, append(args, sub.CollectScript)); err != nil {
			return sub, fmt.Errorf("%w (the array job %s was submitted)", err, sub.ArrayJob)
		}
	}
	s.log(dir, sub)
	return sub, nil
}

// sbatch runs sbatch with args in dir and returns the job id it prints
// (--parsable: "id" or "id;cluster").
func (s Slurm) sbatch(ctx context.Context, dir string, args []string) (string, error) {
	prog := s.Sbatch
	if prog == "" {
		prog = "sbatch"
	}
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("sweep: %s not found: is Slurm installed here (run submit on a login node)?", prog)
		}
		return "", fmt.Errorf("sweep: %s %s: %v: %s", prog, strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	id, _, _ := strings.Cut(strings.TrimSpace(out.String()), ";")
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return "", fmt.Errorf("sweep: %s printed %q, not a job id", prog, strings.TrimSpace(out.String()))
	}
	return id, nil
}

// log appends the submission to DIR/slurm/submissions.log (best effort: it
// is a record for the user, not state).
func (s Slurm) log(dir string, sub Submission) {
	f, err := os.OpenFile(filepath.Join(dir, SlurmDir, "submissions.log"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s array=%s job=%s collect=%s options=%q\n", time.Now().UTC().Format(time.RFC3339), sub.Array, sub.ArrayJob, sub.CollectJob, s.Options)
}

// Wait polls squeue every poll until none of the jobs is pending or
// running (a job that squeue no longer knows has ended), or ctx ends.
func (s Slurm) Wait(ctx context.Context, jobs []string, poll time.Duration) error {
	prog := s.Squeue
	if prog == "" {
		prog = "squeue"
	}
	var ids []string
	for _, j := range jobs {
		if j != "" {
			ids = append(ids, j)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	for {
		cmd := exec.CommandContext(ctx, prog, "--noheader", "--format=%i %T", "--jobs="+strings.Join(ids, ","))
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			// squeue fails on job ids it has already purged: they ended.
			if strings.Contains(errb.String(), "Invalid job id") {
				return nil
			}
			return fmt.Errorf("sweep: %s: %v: %s", prog, err, strings.TrimSpace(errb.String()))
		}
		active := false
		for _, line := range strings.Split(out.String(), "\n") {
			f := strings.Fields(line)
			if len(f) == 2 && !ended(f[1]) {
				active = true
			}
		}
		if !active {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

// ended reports whether a squeue job state is final.
func ended(state string) bool {
	switch state {
	case "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE":
		return true
	}
	return false
}
