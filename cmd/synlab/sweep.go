package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/sweep"
	"golang.org/x/term"
)

func sweepCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "sweep plan|run|submit|collect|status",
		Short: "Sweeps: thousands of runs over protocol and parameters, on all cores or on a Slurm cluster",
		Long: `A sweep is a YAML file: a base experiment (preset or spec file), axes over any field of it
(a list, a linear or log range, or random / Latin-hypercube samples) and replicates.
See docs/sweeps.md for the format.

  synlab sweep plan SWEEP.yaml -o DIR     expand it into DIR: sweep.json, points.csv, chunks
  synlab sweep run DIR                    run it on all local cores (resumable), then collect
  synlab sweep submit DIR --executor slurm [-- SBATCH OPTIONS]
                                          one Slurm array task per missing chunk + a collect job
  synlab sweep collect DIR                merge the chunks: results.csv, results.parquet, figure
  synlab sweep status DIR                 chunks done and missing`,
	}
	c.AddCommand(sweepPlanCmd(), sweepRunCmd(), sweepSubmitCmd(), sweepCollectCmd(), sweepStatusCmd())
	return c
}

// loadSweep reads a sweep file and the base experiment it names: a preset,
// or a spec file relative to the sweep file.
func loadSweep(path string) (*sweep.Spec, source, error) {
	data, err := experiment.ReadFile(path)
	if err != nil {
		return nil, source{}, err
	}
	s, err := sweep.Decode(data)
	if err != nil {
		return nil, source{}, fmt.Errorf("%s: %w", path, err)
	}
	if strings.TrimSpace(s.Base) == "" {
		return nil, source{}, fmt.Errorf("%s: sweep: base: a sweep needs a base experiment: a preset (%s) or a spec file", path, presetNames())
	}
	arg := s.Base
	if _, ok := experiment.FindPreset(arg); !ok && !filepath.IsAbs(arg) {
		arg = filepath.Join(filepath.Dir(path), arg)
	}
	src, err := loadSource(arg)
	if err != nil {
		return nil, source{}, fmt.Errorf("%s: sweep: base: %w", path, err)
	}
	return s, src, nil
}

func sweepPlanCmd() *cobra.Command {
	var (
		out   string
		chunk int
		sets  []string
		force bool
	)
	c := &cobra.Command{
		Use:   "plan SWEEP.yaml -o DIR",
		Short: "Expand a sweep into DIR: the manifest (sweep.json), every point (points.csv) and its chunks",
		Example: `  synlab sweep plan examples/sweeps/frequency-calcium.yaml -o runs/fc
  synlab sweep plan my-sweep.yaml -o runs/big --chunk 500 --set protocol.train.pulses=300`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, src, err := loadSweep(args[0])
			if err != nil {
				return err
			}
			m, err := sweep.New(s, src.data, sweep.Options{BaseName: src.name, Set: sets, Chunk: chunk})
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			dir := outDir(out, "sweep-"+strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0])))
			if err := sweep.Create(dir, m, force); err != nil {
				return err
			}
			fmt.Printf("Planned sweep %q in %s/: %d points (%s), %d chunk(s) of up to %d.\n", m.Name, dir, m.Points, describeAxes(m), m.Chunks, m.ChunkSize)
			fmt.Printf("Run it here with: synlab sweep run %s\n", dir)
			fmt.Printf("or on Slurm with: synlab sweep submit %s --executor slurm -- --partition=NAME --time=HH:MM:SS\n", dir)
			return nil
		},
	}
	f := c.Flags()
	f.StringVarP(&out, "out", "o", "", "sweep folder (default runs/sweep-NAME, numbered if it exists)")
	f.IntVar(&chunk, "chunk", 0, "points per chunk (default: the sweep's chunk, else points/100 rounded up, at least 10)")
	f.StringArrayVar(&sets, "set", nil, "a fixed change to the base spec: path=value (repeatable), after the sweep's set")
	f.BoolVar(&force, "force", false, "replace a sweep already planned in DIR (its chunks and results are removed)")
	return c
}

// describeAxes lists the axes and their sizes: "protocol.train.rate ×9 (log), bath.ca ×5 (lin)".
func describeAxes(m *sweep.Manifest) string {
	var parts []string
	for _, a := range m.Axes {
		if a.Sampled() {
			parts = append(parts, fmt.Sprintf("%s (%s, %d %s samples)", a.Path, a.Kind, len(m.Samples), m.Method))
		} else {
			parts = append(parts, fmt.Sprintf("%s ×%d (%s)", a.Path, len(a.Levels), a.Kind))
		}
	}
	if m.Replicates > 1 {
		parts = append(parts, fmt.Sprintf("%d replicates", m.Replicates))
	}
	return strings.Join(parts, ", ")
}

// runFlags are the flags of local runs (sweep run, sweep submit --executor local).
type runFlags struct {
	workers int
	quiet   bool
}

func (f *runFlags) add(c *cobra.Command) {
	c.Flags().IntVar(&f.workers, "workers", runtime.NumCPU(), "points run at once")
	c.Flags().BoolVar(&f.quiet, "quiet", false, "no progress output")
}

func sweepRunCmd() *cobra.Command {
	var (
		f      runFlags
		chunks []int
	)
	c := &cobra.Command{
		Use:   "run DIR",
		Short: "Run the missing chunks of a sweep on this machine's cores, then collect the results",
		Long: `Run the chunks of the sweep in DIR that have no result file yet, on all local cores, with a
progress bar and an ETA. Each chunk is written whole (temporary file, then rename) as soon as its
points are done, so Ctrl-C, a kill or a crash loses only unfinished chunks: run again to finish.
When every chunk is done, the results are collected (as synlab sweep collect).
With --chunk, only those chunks are run and nothing is collected (this is what Slurm tasks do).`,
		Example: `  synlab sweep run runs/fc
  synlab sweep run runs/fc --workers 8
  synlab sweep run runs/fc --chunk 3`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLocal(cmd, args[0], f, chunks)
		},
	}
	f.add(c)
	c.Flags().IntSliceVar(&chunks, "chunk", nil, "run only these chunks (comma-separated or repeated) and do not collect")
	return c
}

// runLocal runs a sweep folder on the local executor.
func runLocal(cmd *cobra.Command, dir string, f runFlags, chunks []int) error {
	m, err := sweep.Open(dir)
	if err != nil {
		return err
	}
	meter := newETAMeter("sweep "+m.Name, f.quiet)
	l := sweep.Local{Workers: f.workers, Progress: meter.set}
	rep, err := l.Run(cmd.Context(), dir, m, chunks)
	meter.done()
	if sweep.IsInterrupted(err) {
		missing, _ := sweep.Missing(dir, m)
		fmt.Fprintf(os.Stderr, "synlab: sweep interrupted: %d chunk(s) written in this run, %d of %d still missing; the written ones are kept: run `synlab sweep run %s` again to finish\n",
			len(rep.Written), len(missing), m.Chunks, dir)
		os.Exit(130)
	}
	if !f.quiet {
		fmt.Printf("Ran %d point(s) in %d chunk(s) on %d worker(s); %d chunk(s) were already done.\n", rep.Points, len(rep.Written), max(f.workers, 1), len(rep.Skipped))
	}
	if err != nil {
		return err
	}
	if chunks != nil {
		return nil
	}
	return collect(dir, m, f.quiet)
}

// collect merges the chunks of a sweep and writes its results; an
// incomplete sweep is written too and then reported as an error.
func collect(dir string, m *sweep.Manifest, quiet bool) error {
	c, err := sweep.Collect(dir, m)
	if err != nil {
		return err
	}
	note, err := sweep.WriteResults(dir, m, c)
	if err != nil {
		return err
	}
	if !quiet {
		fmt.Printf("Collected %d of %d points into %s (and %s, %s); %s.\n", c.Table.Len(), m.Points,
			filepath.Join(dir, sweep.ResultsCSV), sweep.ResultsParquet, sweep.ResultsJSON, note)
	}
	if !c.Complete() {
		return fmt.Errorf("sweep %q is incomplete: %d of %d chunk(s) missing (points %s); finish it with `synlab sweep run %s` or submit it again",
			m.Name, len(c.Missing), m.Chunks, c.MissingPoints(m), dir)
	}
	return nil
}

func sweepSubmitCmd() *cobra.Command {
	var (
		f        runFlags
		executor string
		throttle int
		synlab   string
		maxIndex int
		wait     bool
	)
	c := &cobra.Command{
		Use:   "submit DIR --executor slurm|local [-- SBATCH OPTIONS]",
		Short: "Submit the missing chunks of a sweep: a Slurm job array plus a dependent collect job",
		Long: `Submit the chunks of the sweep in DIR that are still missing. With --executor slurm, synlab writes
DIR/slurm/array.sh (task N runs 'synlab sweep run DIR --chunk N') and DIR/slurm/collect.sh, and
submits them with sbatch: one array over the missing chunks (at most --throttle tasks at once) and
a collect job that runs when every task has ended (afterany), merging the results and listing any
missing points. Everything after -- is passed to both sbatch calls (partition, account, time limit,
--cpus-per-task: a task runs that many points at once). Submitting again runs only what is missing.
The sweep folder and the synlab binary must be on a file system the compute nodes share.
With --executor local, the sweep runs here, as synlab sweep run.`,
		Example: `  synlab sweep submit runs/fc --executor slurm -- --partition=short --time=01:00:00 --cpus-per-task=4
  synlab sweep submit runs/fc --executor slurm --throttle 20 --wait -- --account=mylab`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dash := cmd.ArgsLenAtDash()
			if (dash < 0 && len(args) != 1) || dash > 1 {
				return fmt.Errorf("submit takes one sweep folder; sbatch options go after --, e.g. synlab sweep submit DIR --executor slurm -- --partition=short")
			}
			dir, opts := args[0], args[1:]
			switch executor {
			case "local":
				if len(opts) > 0 {
					return fmt.Errorf("--executor local takes no sbatch options (got %q)", opts)
				}
				return runLocal(cmd, dir, f, nil)
			case "slurm":
			default:
				return fmt.Errorf("--executor %q: slurm or local", executor)
			}
			m, err := sweep.Open(dir)
			if err != nil {
				return err
			}
			if synlab == "" {
				if synlab, err = selfPath(); err != nil {
					return err
				}
			}
			if synlab, err = filepath.Abs(synlab); err != nil {
				return err
			}
			s := sweep.Slurm{Synlab: synlab, Throttle: throttle, Options: opts, MaxArrayIndex: maxIndex}
			sub, err := s.Submit(cmd.Context(), dir, m)
			if err != nil {
				return err
			}
			if len(sub.Chunks) == 0 {
				fmt.Printf("Every chunk of sweep %q is done: nothing to submit. Collect with: synlab sweep collect %s\n", m.Name, dir)
				return nil
			}
			fmt.Printf("Submitted %d chunk(s) of sweep %q as Slurm array job %s (--array=%s) and collect job %s.\n",
				len(sub.Chunks), m.Name, sub.ArrayJob, sub.Array, sub.CollectJob)
			fmt.Printf("Logs: %s/slurm/logs/. Check with: synlab sweep status %s; squeue -j %s,%s\n", dir, dir, sub.ArrayJob, sub.CollectJob)
			if !wait {
				return nil
			}
			if err := s.Wait(cmd.Context(), []string{sub.ArrayJob, sub.CollectJob}, time.Second); err != nil {
				return err
			}
			missing, err := sweep.Missing(dir, m)
			if err != nil {
				return err
			}
			if len(missing) > 0 {
				return fmt.Errorf("Slurm jobs ended with %d of %d chunk(s) missing (%s): see %s/slurm/logs/, then submit again",
					len(missing), m.Chunks, sweep.ArraySpec(missing, 0), dir)
			}
			fmt.Printf("Slurm jobs done: every chunk is in; results in %s\n", filepath.Join(dir, sweep.ResultsCSV))
			return nil
		},
	}
	f.add(c)
	fl := c.Flags()
	fl.StringVar(&executor, "executor", "slurm", "slurm (a job array) or local (this machine, as sweep run)")
	fl.IntVar(&throttle, "throttle", 0, "Slurm: at most this many array tasks at once (--array=…%N); 0: no limit")
	fl.StringVar(&synlab, "synlab", "", "Slurm: the synlab binary the tasks run (default: this one); must be reachable from the compute nodes")
	fl.IntVar(&maxIndex, "max-array-index", 0, "Slurm: the highest array index the cluster accepts (MaxArraySize−1; default 1000)")
	fl.BoolVar(&wait, "wait", false, "Slurm: wait until the jobs have ended, then report missing chunks")
	return c
}

// selfPath is the path of this synlab binary, refusing the temporary one
// of go run, which is gone before a Slurm task starts.
func selfPath() (string, error) {
	p, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding the synlab binary for Slurm tasks: %w (give --synlab PATH)", err)
	}
	if strings.Contains(p, "go-build") {
		return "", fmt.Errorf("synlab runs from a temporary go run binary (%s), which Slurm tasks cannot use: build one (go build -o synlab ./cmd/synlab) or give --synlab PATH", p)
	}
	return p, nil
}

func sweepCollectCmd() *cobra.Command {
	var quiet bool
	c := &cobra.Command{
		Use:   "collect DIR",
		Short: "Merge the chunks of a sweep into results.csv and results.parquet (+ figure), listing missing points",
		Long: `Merge the chunk files of the sweep in DIR into one table sorted by point: results.csv and
results.parquet, with results.json describing every column (units, axes, seeds, version), and a
figure: a line plot for a one-axis sweep, a heat map for two grid axes. Missing chunks are listed
(and the exit status is 1); the table holds the points that are done.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := sweep.Open(args[0])
			if err != nil {
				return err
			}
			return collect(args[0], m, quiet)
		},
	}
	c.Flags().BoolVar(&quiet, "quiet", false, "print only errors")
	return c
}

func sweepStatusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status DIR",
		Short: "Show how many chunks of a sweep are done and which are missing",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := sweep.Open(args[0])
			if err != nil {
				return err
			}
			missing, err := sweep.Missing(args[0], m)
			if err != nil {
				return err
			}
			fmt.Printf("Sweep %q: %d points (%s) in %d chunk(s) of up to %d; %d done, %d missing.\n",
				m.Name, m.Points, describeAxes(m), m.Chunks, m.ChunkSize, m.Chunks-len(missing), len(missing))
			if len(missing) > 0 {
				fmt.Printf("Missing chunks: %s\n", sweep.ArraySpec(missing, 0))
			}
			return nil
		},
	}
}

// etaMeter shows the progress of a sweep: a bar with the count and the
// time left on a terminal, a plain line every logEvery otherwise; quiet
// for the first second, so quick sweeps print nothing.
type etaMeter struct {
	mu    sync.Mutex
	label string
	w     io.Writer
	tty   bool
	quiet bool
	start time.Time
	last  time.Time
	bar   *progressbar.ProgressBar
}

func newETAMeter(label string, quiet bool) *etaMeter {
	return &etaMeter{label: label, w: os.Stderr, tty: term.IsTerminal(int(os.Stderr.Fd())), quiet: quiet, start: time.Now()}
}

// set reports done of total points.
func (m *etaMeter) set(done, total int) {
	if m.quiet || total == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	elapsed := now.Sub(m.start)
	if elapsed < time.Second {
		return
	}
	if m.tty {
		if m.bar == nil {
			m.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(m.w), progressbar.OptionSetDescription(m.label),
				progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionSetItsString("points"),
				progressbar.OptionShowIts(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		}
		_ = m.bar.Set(done)
		return
	}
	if now.Sub(m.last) >= logEvery || done == total {
		left := "?"
		if done > 0 {
			left = (time.Duration(float64(elapsed) * float64(total-done) / float64(done))).Round(time.Second).String()
		}
		fmt.Fprintf(m.w, "synlab: %s: %d/%d points (%d%%), %s elapsed, about %s left\n", m.label, done, total, 100*done/total, elapsed.Round(time.Second), left)
		m.last = now
	}
}

func (m *etaMeter) done() {
	if m.bar != nil {
		_ = m.bar.Finish()
	}
}
