package main

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
	"gonum.org/v1/plot/vg"
)

func curveCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "curve stdp|frequency",
		Short: "Sweep spike timing or stimulation frequency on all cores; write a CSV and a figure",
	}
	c.AddCommand(stdpCmd(), freqCmd())
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
		Args: cobra.MaximumNArgs(1),
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
			return runCurve(cmd, args, "stdp", f, xs, func(s *experiment.Spec, x float64) error {
				if s.Protocol.Pairing == nil {
					return fmt.Errorf("curve stdp needs a spec with a protocol.pairing")
				}
				p := *s.Protocol.Pairing
				p.Dt = strconv.FormatFloat(x, 'g', -1, 64) + " ms"
				s.Protocol.Pairing = &p
				return nil
			}, trace.Col{Name: "dt_ms", Unit: "ms", Doc: "t_post − t_pre"}, 1, "Δt = t_post − t_pre (ms)", false)
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
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var xs []float64
			for _, r := range strings.Split(rates, ",") {
				v, err := strconv.ParseFloat(strings.TrimSpace(r), 64)
				if err != nil || !(v > 0) || math.IsInf(v, 0) {
					return fmt.Errorf("--rates: %q is not a positive number of Hz", r)
				}
				xs = append(xs, v)
			}
			return runCurve(cmd, args, "frequency", f, xs, func(s *experiment.Spec, x float64) error {
				if s.Protocol.Train == nil {
					return fmt.Errorf("curve frequency needs a spec with a protocol.train")
				}
				t := *s.Protocol.Train
				t.Rate = strconv.FormatFloat(x, 'g', -1, 64) + " Hz"
				s.Protocol.Train = &t
				return nil
			}, trace.Col{Name: "rate_hz", Unit: "Hz", Doc: "stimulation rate"}, 1, "Stimulation frequency (Hz)", true)
		},
	}
	f.add(c)
	c.Flags().StringVar(&rates, "rates", "0.5,1,3,5,10,20,50", "comma-separated rates in Hz (Dudek & Bear 1992 used 0.5–50 Hz, 900 pulses)")
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
	plans := make([]*experiment.Plan, len(xs))
	for i, x := range xs {
		s := *base.Spec
		if err := vary(&s, x); err != nil {
			return err
		}
		if plans[i], err = s.Plan(); err != nil {
			return fmt.Errorf("point %d (%s = %g): %w", i, xcol.Name, x, err)
		}
	}
	m := newMeter("curve "+kind, f.quiet)
	results, err := experiment.RunMany(cmd.Context(), plans, f.workers, func(n int) { m.set(float64(n) / float64(len(plans))) })
	m.done()
	if err != nil {
		return err
	}
	cols := []trace.Col{xcol, {Name: "change_pct", Unit: "%", Doc: "change in synaptic strength at the readout, % of baseline"}}
	_, gb := results[0].Summary.Metrics["S_sim"]
	_, analytic := results[0].Summary.Metrics["S_analytic"]
	if gb {
		cols = append(cols, trace.Col{Name: "S_sim", Unit: "1", Doc: "GB population strength after/before (simulated)"})
	}
	if analytic {
		cols = append(cols, trace.Col{Name: "S_analytic", Unit: "1", Doc: "GB 2012 closed-form strength after/before"})
	}
	tab := trace.New(cols...)
	for i, r := range results {
		row := []float64{xs[i], r.Summary.ChangePct}
		if gb {
			row = append(row, r.Summary.Metrics["S_sim"])
		}
		if analytic {
			row = append(row, r.Summary.Metrics["S_analytic"])
		}
		tab.Append(row...)
	}
	// Percent change of the closed form, for the figure.
	ys := []string{"change_pct"}
	if analytic {
		pct := trace.Col{Name: "analytic_change_pct", Unit: "%", Doc: "100·(S_analytic − 1)"}
		tab.Cols = append(tab.Cols, pct)
		col := make([]float64, tab.Len())
		for i, s := range tab.Col("S_analytic") {
			col[i] = 100 * (s - 1)
		}
		tab.Data = append(tab.Data, col)
		ys = append(ys, pct.Name)
	}
	title := fmt.Sprintf("%s curve: %s", kind, results[0].Tier)
	fig := plot.Figure{Title: title, Caption: base.Spec.Name, Height: curveHeight, Panels: []plot.Panel{{
		Table: tab, X: xcol.Name, XScale: xscale, XLabel: xlabel, Y: ys, YLabel: "Change in strength (%)",
		HLines: []plot.HLine{{Y: 0, Label: "no change"}}, Points: true, LogX: logx,
	}}}
	dir := outDir(f.out, "curve-"+kind)
	text := fmt.Sprintf("%s curve over %d points on %d workers, base spec %q (%s).", kind, len(xs), f.workers, base.Spec.Name, results[0].Tier)
	err = report.WriteOpts(dir, report.Run{
		Name: "curve-" + kind, Title: title, Text: text, Summary: curveSummary(tab, xcol.Name),
		Manifest: newManifest(results[0], data), Series: tab, Figure: fig,
	}, f.force)
	if err != nil {
		return err
	}
	fmt.Println(text)
	for i := range xs {
		fmt.Printf("  %s = %-8g  change = %+6.1f%%\n", xcol.Name, xs[i], tab.Col("change_pct")[i])
	}
	fmt.Printf("Wrote %s/ (curve: trace.csv, figure.png).\n", dir)
	return nil
}

// curveHeight is the height of a one-panel curve figure.
const curveHeight = 4.5 * vg.Inch

// curveSummary gives the extremes of a curve.
func curveSummary(t *trace.Table, x string) map[string]float64 {
	xs, ys := t.Col(x), t.Col("change_pct")
	imin, imax := 0, 0
	for i := range ys {
		if ys[i] < ys[imin] {
			imin = i
		}
		if ys[i] > ys[imax] {
			imax = i
		}
	}
	return map[string]float64{"min_change_pct": ys[imin], "at_min": xs[imin], "max_change_pct": ys[imax], "at_max": xs[imax]}
}
