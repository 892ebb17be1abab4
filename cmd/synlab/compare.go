package main

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
)

// compareRow is one experiment of a comparison, for summary.json.
type compareRow = lab.CompareRow

func compareCmd() *cobra.Command {
	var (
		sets    []string
		out     string
		force   bool
		quiet   bool
		workers int
	)
	c := &cobra.Command{
		Use:   "compare PRESET|FILE PRESET|FILE ...",
		Short: "Run several experiments side by side (e.g. control and drugs) and overlay their time courses",
		Long: `Runs each experiment (in parallel), overlays their strength time courses at the test pulses in one
figure, and writes a table of the changes with each run's explanation. Runs with the same test-pulse
times share the time axis; runs with different timings (1 Hz against 50 Hz, 900 pulses each) are
aligned at the end of their inductions, as in the web lab. --set applies to every one of them.

  synlab compare dynamin-control dynamin-pre dynamin-post dynamin-both`,
		Args:              cobra.MinimumNArgs(2),
		ValidArgsFunction: completePresets,
		RunE: func(cmd *cobra.Command, args []string) error {
			var plans []*engine.Plan
			var names []string
			var specs [][]byte
			for _, a := range args {
				src, err := loadSource(a)
				if err != nil {
					return err
				}
				pl, data, err := src.plan(sets, -1)
				if err != nil {
					return err
				}
				plans = append(plans, pl)
				specs = append(specs, data)
				names = append(names, src.name)
			}
			if err := checkOut(out, force); err != nil {
				return err
			}
			m := newMeter("compare", quiet)
			res, err := engine.RunMany(cmd.Context(), plans, workers, func(n int) { m.set(float64(n) / float64(len(plans))) })
			m.done()
			if err != nil {
				return err
			}
			tab, fig, err := overlayFigure(res, names)
			if err != nil {
				return err
			}
			rows, md := lab.Compare(res, names)
			name := "compare-" + strings.Join(names, "-")
			if len(name) > 80 {
				name = name[:80]
			}
			dir := outDir(out, name)
			mans := make([]manifest, len(res))
			for i, r := range res {
				mans[i] = newManifest(r, specs[i])
			}
			rep := report.Run{Name: name, Title: fig.Title, Text: md, Summary: rows, Manifest: mans, Series: tab, Figure: fig}
			tidyOut(dir)
			if err := report.WriteCtx(cmd.Context(), dir, rep, force); err != nil {
				return err
			}
			w := 0
			for _, n := range names {
				w = max(w, len(n))
			}
			for i, r := range res {
				fmt.Printf("%-*s  %7s  %s\n", w, names[i], percent(r.Summary.ChangePct), r.Summary.Outcome)
			}
			fmt.Println(wrote(dir, rep))
			return nil
		},
	}
	f := c.Flags()
	f.StringArrayVar(&sets, "set", nil, "override a field of every spec: path=value (repeatable)")
	f.StringVar(&out, "out", "", "output folder (default runs/compare-NAMES, numbered if it exists)")
	f.BoolVar(&force, "force", false, "replace the output folder if it exists")
	f.BoolVar(&quiet, "quiet", false, "no progress output")
	f.IntVar(&workers, "workers", runtime.NumCPU(), "parallel runs")
	return c
}

// overlay joins the test-pulse strengths of the runs into one table
// (lab.Overlay).
func overlay(res []*engine.Result, names []string) (*trace.Table, error) {
	return lab.Overlay(res, names)
}

// overlayFigure overlays the runs on one time axis when they share their
// test-pulse times, else aligned at the end of each induction
// (lab.OverlayAligned), as the web lab does.
func overlayFigure(res []*engine.Result, names []string) (*trace.Table, plot.Figure, error) {
	if tab, err := overlay(res, names); err == nil {
		return tab, lab.OverlayFigure(res, names, tab), nil
	}
	tab, err := lab.OverlayAligned(res, names)
	if err != nil {
		return nil, plot.Figure{}, err
	}
	return tab, lab.OverlayAlignedFigure(res, names, tab), nil
}

// percent writes a change in percent with its sign and one decimal, and
// no sign for zero ("+12.5%", "−3.0%", "0%").
func percent(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 1, 64)
	switch {
	case s == "0.0":
		return "0%"
	case v < 0:
		return "−" + s + "%"
	}
	return "+" + s + "%"
}
