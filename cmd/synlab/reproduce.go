package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/papers"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/report"
)

func reproduceCmd() *cobra.Command {
	var (
		only, out    string
		workers      int
		force, quiet bool
		strict       bool
		sets         []string
	)
	c := &cobra.Command{
		Use:   "reproduce",
		Short: "Run the built-in suite of published experiments; print measured beside published, pass/fail",
		Long: `Run every case of the built-in suite (package papers: each a spec with its target, tolerance and
citation), print a table with the measured value beside the published one, and write a markdown
report with a figure per case (default folder runs/reproduce). A miss is reported, never hidden.
--set applies an override to every selected case (and its control): with --only ca1-, --set
model.override.kv=16 --set model.override.kr=4 runs the CA1 cases at 16 x 4 strata, to check that
their results have converged in the deterministic mode's quadrature.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			m := newMeter("reproduce", quiet)
			if err := checkOut(out, force); err != nil {
				return err
			}
			outs, err := papers.RunSets(cmd.Context(), only, sets, workers, func(n, total int) { m.set(float64(n) / float64(total)) })
			m.done()
			if err != nil {
				return err
			}
			var md strings.Builder
			md.WriteString("# synlab reproduce: published experiments\n\n")
			if len(sets) > 0 {
				fmt.Fprintf(&md, "Every case ran with the overrides %s.\n\n", strings.Join(sets, ", "))
			}
			md.WriteString("| case | metric | measured | target | result | source |\n|---|---|---|---|---|---|\n")
			tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "case\tmetric\tmeasured\ttarget\tresult\t")
			pass := 0
			figs := map[string]report.Run{}
			for _, o := range outs {
				c := o.Check
				verdict := "MISS"
				if c.Known != "" {
					verdict = "MISS (known)"
				}
				if c.Pass {
					verdict = "pass"
					pass++
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", o.Case.Name, c.Metric, fmtMeasured(c.Measured), c.Want, verdict)
				cite := c.Cite
				if c.Known != "" {
					cite += "; known miss: " + c.Known
				}
				fmt.Fprintf(&md, "| %s | %s | %s | %s | %s | %s |\n", o.Case.Name, c.Metric, fmtMeasured(c.Measured), c.Want, verdict, cite)
				figs[o.Case.Name] = runReport(o.Case.Name, o.Result, o.Case.Data)
			}
			tw.Flush()
			fmt.Printf("\n%d of %d cases within their published targets.\n", pass, len(outs))
			fmt.Fprintf(&md, "\n%d of %d cases within their published targets.\n\n## Figures\n\n", pass, len(outs))
			dir := outDir(out, "reproduce")
			cases := map[string]string{}
			for _, o := range outs {
				cases[o.Case.Name] = string(o.Case.Data)
			}
			man := map[string]any{"synlab": version(), "go": runtime.Version(), "cases": cases}
			if len(sets) > 0 {
				man["sets"] = sets
			}
			r := report.Run{Name: "reproduce", Title: "synlab reproduce", Text: md.String(), Summary: summaryOf(outs), Manifest: man}
			r.Figures = map[string]plot.Figure{}
			for name, fr := range figs {
				r.Figures[name] = fr.Figure
				fmt.Fprintf(&md, "### %s\n\n%s\n\n![%s](%s.png)\n\n", name, fr.Text, name, name)
			}
			r.Text = md.String()
			r.Figure = figs[outs[0].Case.Name].Figure
			tidyOut(dir)
			if err := report.WriteCtx(cmd.Context(), dir, r, force); err != nil {
				return err
			}
			fmt.Printf("Wrote %s/report.md.\n", filepath.Clean(dir))
			if strict && pass < len(outs) {
				return fmt.Errorf("%d case(s) missed their targets", len(outs)-pass)
			}
			return nil
		},
	}
	c.Flags().StringVar(&only, "only", "", "run only cases whose name contains this")
	c.Flags().StringVar(&out, "out", "", "output folder (default runs/reproduce, numbered if it exists)")
	c.Flags().IntVar(&workers, "workers", runtime.NumCPU(), "parallel runs")
	c.Flags().BoolVar(&force, "force", false, "replace the output folder if it exists")
	c.Flags().BoolVar(&quiet, "quiet", false, "no progress output")
	c.Flags().BoolVar(&strict, "strict", false, "exit with an error if any case misses its target")
	c.Flags().StringArrayVar(&sets, "set", nil, "override a field of every selected case: path=value (repeatable), e.g. model.override.kv=16 with --only ca1-")
	return c
}

func fmtMeasured(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.4g", v)
}

func summaryOf(outs []papers.Outcome) []map[string]any {
	var s []map[string]any
	for _, o := range outs {
		s = append(s, map[string]any{"case": o.Case.Name, "metric": o.Check.Metric, "measured": o.Check.Measured,
			"target": o.Check.Want, "pass": o.Check.Pass, "cite": o.Check.Cite})
	}
	return s
}
