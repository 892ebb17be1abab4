package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/goccy/go-yaml"
	"github.com/spf13/cobra"
	"github.com/synlab/synlab/calibrate"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/papers"
	"github.com/synlab/synlab/report"
)

func calibrateCmd() *cobra.Command {
	var f fitFlags
	c := &cobra.Command{
		Use:   "calibrate CALIBRATION.yaml [-- sbatch options]",
		Short: "Fit a tier's free constants to the declared training cases; report every other case as a prediction",
		Long: `Fit the free constants of a calibration file (calibration/*.yaml: free constants with bounds, the
training cases, the held-out cases) to the training cases' published targets (CMA-ES on the sum of
squared standardised residuals, z = (measured - centre)/half-width of each band), estimate their
standard errors (Gauss-Newton), run the held-out cases at the fitted values, and write the fitted
set (the file named by the calibration's out:). Each generation is one batch per training case: on
the local cores, or (--executor slurm) one Slurm job array each.`,
		Example: `  synlab calibrate calibration/ca1.yaml
  synlab calibrate calibration/ca1.yaml --executor slurm -- --partition=short --time=02:00:00`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := experiment.ReadFile(args[0])
			if err != nil {
				return err
			}
			s, err := calibrate.Decode(data)
			if err != nil {
				return err
			}
			out := filepath.Join(filepath.Dir(args[0]), s.Out)
			ev, err := f.evaluator(out, args[1:])
			if err != nil {
				return err
			}
			var cases []calibrate.Case
			for _, c := range papers.Cases() {
				cases = append(cases, calibrate.Case{Name: c.Name, Data: c.Data})
			}
			set, err := calibrate.Run(cmd.Context(), s, cases, calibrate.Options{Eval: ev, Version: lab.Version(),
				Progress: func(gen int, best float64, x map[string]float64) {
					if !f.quiet {
						fmt.Fprintf(os.Stderr, "generation %d: best χ² %.4g at %v\n", gen, best, x)
					}
				}})
			if err != nil {
				return err
			}
			b, err := yaml.MarshalWithOptions(set, yaml.Indent(2))
			if err != nil {
				return err
			}
			head := fmt.Sprintf("# Written by synlab calibrate %s (%s); do not edit by hand, calibrate again.\n", args[0], set.Version)
			if err := report.WriteFileAtomic(out, func(w io.Writer) error {
				_, err := w.Write(append([]byte(head), b...))
				return err
			}); err != nil {
				return err
			}
			printSet(set, out)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.executor, "executor", "local", "local (this machine's cores) or slurm (one job array per case and generation)")
	fl.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "local: parallel runs")
	fl.IntVar(&f.throttle, "throttle", 0, "Slurm: at most this many array tasks at once")
	fl.StringVar(&f.synlab, "synlab", "", "Slurm: the synlab binary the tasks run (default: this one)")
	fl.StringVar(&f.work, "work", "", "Slurm: folder for the batches, on a shared file system (default OUT.batches)")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress lines")
	return c
}

// printSet prints the fitted constants and every row, fitted or predicted.
func printSet(set *calibrate.Set, out string) {
	names := make([]string, 0, len(set.Values))
	for k := range set.Values {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Printf("%s: χ² = %.4g on %d training case(s)\n", set.Name, set.Chi2, len(set.Training))
	for _, k := range names {
		fmt.Printf("  %-28s %.6g ± %.2g %s\n", k, set.Values[k], set.Sigma[k], set.Units[k])
	}
	pass := 0
	for _, r := range set.Rows {
		v := "MISS"
		if r.Pass {
			v, pass = "pass", pass+1
		}
		fmt.Printf("  %-9s %-34s %10.4g in [%.6g, %.6g]  %s\n", r.Role, r.Case, r.Measured, r.Lo, r.Hi, v)
	}
	fmt.Printf("%d of %d rows within their targets. Wrote %s.\n", pass, len(set.Rows), out)
}
