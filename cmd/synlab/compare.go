package main

import (
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
)

// compareRow is one experiment of a comparison, for summary.json.
type compareRow struct {
	Label   string             `json:"label"`
	Tier    string             `json:"tier"`
	Change  float64            `json:"change_pct"`
	Outcome string             `json:"outcome"`
	Text    string             `json:"text"`
	Explain []string           `json:"explain,omitempty"`
	Metrics map[string]float64 `json:"metrics,omitempty"`
}

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
figure, and writes a table of the changes with each run's explanation. The experiments must share
their test-pulse times (the same protocol timing). --set applies to every one of them.

  synlab compare dynamin-control dynamin-pre dynamin-post dynamin-both`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var plans []*experiment.Plan
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
			m := newMeter("compare", quiet)
			res, err := experiment.RunMany(cmd.Context(), plans, workers, func(n int) { m.set(float64(n) / float64(len(plans))) })
			m.done()
			if err != nil {
				return err
			}
			tab, err := overlay(res, names)
			if err != nil {
				return err
			}
			var rows []compareRow
			var md strings.Builder
			md.WriteString("| experiment | change at readout | outcome |\n|---|---|---|\n")
			for i, r := range res {
				s := r.Summary
				rows = append(rows, compareRow{Label: names[i], Tier: r.Tier, Change: s.ChangePct, Outcome: s.Outcome, Text: s.Text, Explain: s.Explain, Metrics: s.Metrics})
				fmt.Fprintf(&md, "| %s | %+.1f%% | %s |\n", names[i], s.ChangePct, s.Outcome)
			}
			for i, r := range res {
				fmt.Fprintf(&md, "\n**%s.** %s", names[i], r.Summary.Text)
				for _, l := range r.Summary.Explain {
					md.WriteString(" " + l)
				}
				md.WriteString("\n")
			}
			band := plot.Band{X0: res[0].Plan.Schedule.InductionStart * toMin, X1: res[0].Plan.Schedule.InductionEnd * toMin, Label: res[0].Summary.Protocol}
			fig := plot.Figure{Title: "Compared: " + strings.Join(names, ", "), Caption: res[0].Summary.Protocol, Height: curveHeight, Panels: []plot.Panel{{
				Table: tab, X: "t_min", XScale: 1, XLabel: "Time (min)", Y: names, YLabel: "Synaptic strength (% of baseline)",
				HLines: []plot.HLine{{Y: 100, Label: "baseline"}}, Bands: []plot.Band{band}, Points: true,
			}}}
			name := "compare-" + strings.Join(names, "-")
			if len(name) > 80 {
				name = name[:80]
			}
			dir := outDir(out, name)
			mans := make([]manifest, len(res))
			for i, r := range res {
				mans[i] = newManifest(r, specs[i])
			}
			if err := report.WriteOpts(dir, report.Run{Name: name, Title: fig.Title, Text: md.String(), Summary: rows, Manifest: mans, Series: tab, Figure: fig}, force); err != nil {
				return err
			}
			for i, r := range res {
				fmt.Printf("%-20s %+7.1f%%  %s\n", names[i], r.Summary.ChangePct, r.Summary.Outcome)
			}
			fmt.Printf("Wrote %s/ (figure.png, trace.csv, summary.json, report.md).\n", dir)
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

// overlay joins the test-pulse strengths of the runs into one table: t_min
// and one column per run, named by its label. The runs must share their
// test-pulse times.
func overlay(res []*experiment.Result, names []string) (*trace.Table, error) {
	t0 := res[0].Tests.Col("t_min")
	if len(t0) == 0 {
		return nil, fmt.Errorf("compare: %s has no test pulses to compare", names[0])
	}
	cols := []trace.Col{{Name: "t_min", Unit: "min"}}
	for i, r := range res {
		if !slices.Equal(r.Tests.Col("t_min"), t0) {
			return nil, fmt.Errorf("compare: %s and %s have different test-pulse times: give them the same protocol timing", names[0], names[i])
		}
		cols = append(cols, trace.Col{Name: names[i], Unit: "%", Doc: "strength at the test pulses, % of the run's start: " + r.Tier})
	}
	tab := trace.New(cols...)
	row := make([]float64, len(cols))
	for k, t := range t0 {
		row[0] = t
		for i, r := range res {
			row[i+1] = r.Tests.Col("strength_pct")[k]
		}
		tab.Append(row...)
	}
	return tab, nil
}
