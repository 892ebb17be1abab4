package main

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

func curveCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "curve stdp|frequency|clamp",
		Short: "Sweep spike timing, stimulation frequency or holding potential on all cores; write a CSV and a figure",
	}
	c.AddCommand(stdpCmd(), freqCmd(), clampCmd())
	return c
}

// curveFlags are the flags shared by the curve commands.
type curveFlags struct {
	sets    []string
	seed    int64
	out     string
	force   bool
	workers int
	quiet   bool
}

func (f *curveFlags) add(c *cobra.Command) {
	c.Flags().StringArrayVar(&f.sets, "set", nil, "override a field of the base spec: path=value (repeatable)")
	c.Flags().Int64Var(&f.seed, "seed", -1, "random seed (overrides the spec's seed; every point uses it)")
	c.Flags().StringVar(&f.out, "out", "", "output folder (default runs/curve-KIND, numbered if it exists)")
	c.Flags().BoolVar(&f.force, "force", false, "replace the output folder if it exists")
	c.Flags().IntVar(&f.workers, "workers", runtime.NumCPU(), "parallel runs")
	c.Flags().BoolVar(&f.quiet, "quiet", false, "no progress output")
}

func stdpCmd() *cobra.Command {
	var (
		f        curveFlags
		from, to string
		steps    int
	)
	c := &cobra.Command{
		Use:   "stdp [PRESET|FILE.yaml]",
		Short: "The STDP window: change in strength against dt = t_post − t_pre (default preset: stdp)",
		Example: `  synlab curve stdp
  synlab curve stdp --from -50ms --to 50ms --steps 51 --set model.set=hippocampal-slices`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeOnePreset,
		RunE: func(cmd *cobra.Command, args []string) error {
			lo, err := units.Parse(from, units.Time)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			hi, err := units.Parse(to, units.Time)
			if err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			if steps < 2 || steps > 100000 || !(hi > lo) {
				return fmt.Errorf("--steps %d from %s to %s: need 2 ≤ steps ≤ 100000 and to > from", steps, from, to)
			}
			var xs []float64
			for i := range steps {
				xs = append(xs, lo+(hi-lo)*float64(i)/float64(steps-1))
			}
			c := lab.STDP()
			return runCurve(cmd, args, c.Kind, f, xs, c.Vary, c.X, c.XScale, c.XLabel, c.LogX)
		},
	}
	f.add(c)
	c.Flags().StringVar(&from, "from", "-100 ms", "first dt")
	c.Flags().StringVar(&to, "to", "100 ms", "last dt")
	c.Flags().IntVar(&steps, "steps", 41, "number of dt values")
	return c
}

func freqCmd() *cobra.Command {
	var (
		f     curveFlags
		rates string
	)
	c := &cobra.Command{
		Use:   "frequency [PRESET|FILE.yaml]",
		Short: "The frequency-response function: change in strength against stimulation rate (default preset: frequency)",
		Example: `  synlab curve frequency
  synlab curve frequency --rates 0.5,1,3,5,10,50 --set protocol.train.pulses=900`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeOnePreset,
		RunE: func(cmd *cobra.Command, args []string) error {
			var xs []float64
			for _, r := range strings.Split(rates, ",") {
				v, err := strconv.ParseFloat(strings.TrimSpace(r), 64)
				if err != nil || !(v > 0) || math.IsInf(v, 0) {
					return fmt.Errorf("--rates: %q is not a positive number of Hz", r)
				}
				xs = append(xs, v)
			}
			c := lab.Frequency()
			return runCurve(cmd, args, c.Kind, f, xs, c.Vary, c.X, c.XScale, c.XLabel, c.LogX)
		},
	}
	f.add(c)
	c.Flags().StringVar(&rates, "rates", "0.5,1,3,5,10,20,50", "comma-separated rates in Hz (Dudek & Bear 1992 used 0.5–50 Hz, 900 pulses)")
	return c
}

func clampCmd() *cobra.Command {
	var (
		f        curveFlags
		from, to string
		steps    int
	)
	c := &cobra.Command{
		Use:   "clamp [PRESET|FILE.yaml]",
		Short: "The clamp-pairing curve: change in strength against the holding potential during the pairing (default preset: clamp)",
		Example: `  synlab curve clamp
  synlab curve clamp --from -80mV --to 0mV --steps 17`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeOnePreset,
		RunE: func(cmd *cobra.Command, args []string) error {
			lo, err := units.Parse(from, units.Voltage)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			hi, err := units.Parse(to, units.Voltage)
			if err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			if steps < 2 || steps > 1000 || !(hi > lo) {
				return fmt.Errorf("--steps %d from %s to %s: need 2 ≤ steps ≤ 1000 and to > from", steps, from, to)
			}
			var xs []float64
			for i := range steps {
				xs = append(xs, lo+(hi-lo)*float64(i)/float64(steps-1))
			}
			c := lab.Clamp()
			return runCurve(cmd, args, c.Kind, f, xs, c.Vary, c.X, c.XScale, c.XLabel, c.LogX)
		},
	}
	f.add(c)
	c.Flags().StringVar(&from, "from", "-70 mV", "lowest holding potential")
	c.Flags().StringVar(&to, "to", "0 mV", "highest holding potential")
	c.Flags().IntVar(&steps, "steps", 15, "number of holding potentials (every 5 mV by default)")
	return c
}

// runCurve runs one spec per x (set by vary) on the worker pool and writes
// the curve table, figure and manifest.
func runCurve(cmd *cobra.Command, args []string, kind string, f curveFlags, xs []float64,
	vary func(*experiment.Spec, float64) error, xcol trace.Col, xscale float64, xlabel string, logx bool) error {
	name := kind
	if len(args) == 1 {
		name = args[0]
	}
	src, err := loadSource(name)
	if err != nil {
		return err
	}
	base, data, err := src.plan(f.sets, f.seed)
	if err != nil {
		return err
	}
	c := lab.Curve{Kind: kind, X: xcol, XScale: xscale, XLabel: xlabel, LogX: logx, Vary: vary}
	plans, err := c.Plans(base, xs)
	if err != nil {
		return err
	}
	m := newMeter("curve "+kind, f.quiet)
	if err := checkOut(f.out, f.force); err != nil {
		return err
	}
	results, err := engine.RunMany(cmd.Context(), plans, f.workers, func(n int) { m.set(float64(n) / float64(len(plans))) })
	m.done()
	if err != nil {
		return err
	}
	tab, ys := c.Table(results, xs)
	title := c.Title(results)
	fig := c.Figure(results, tab, ys, c.Caption(base, results, xs))
	dir := outDir(f.out, "curve-"+kind)
	text := fmt.Sprintf("%s curve over %d points on %d workers, base spec %q (%s).", kind, len(xs), f.workers, base.Spec.Name, results[0].Tier)
	rep := report.Run{
		Name: "curve-" + kind, Title: title, Text: text + " " + fig.Caption, Summary: c.Result(tab, fig.Caption),
		Manifest: newManifest(results[0], data), Series: tab, Figure: fig,
	}
	tidyOut(dir)
	if err := report.WriteCtx(cmd.Context(), dir, rep, f.force); err != nil {
		return err
	}
	fmt.Println(text)
	fmt.Println(fig.Caption)
	for i := range xs {
		fmt.Printf("  %s = %-8s  change = %7s\n", xcol.Name, lab.Number(xs[i]), percent(tab.Col("change_pct")[i]))
	}
	fmt.Println(wrote(dir, rep))
	return nil
}

// curveHeight is the height of a one-panel curve figure.
const curveHeight = lab.CurveHeight
