package lab

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
)

// CompareRow is one experiment of a comparison, for summary.json.
type CompareRow struct {
	Label   string             `json:"label"`
	Tier    string             `json:"tier"`
	Change  float64            `json:"change_pct"`
	Outcome string             `json:"outcome"`
	Text    string             `json:"text"`
	Explain []string           `json:"explain,omitempty"`
	Metrics map[string]float64 `json:"metrics,omitempty"`
}

// Compare lists the runs' outcomes (labelled by names) as rows and as
// markdown: a table of the changes, then each run's summary and
// explanation.
func Compare(res []*engine.Result, names []string) ([]CompareRow, string) {
	var rows []CompareRow
	var md strings.Builder
	md.WriteString("| experiment | change at readout | outcome |\n|---|---|---|\n")
	for i, r := range res {
		s := r.Summary
		rows = append(rows, CompareRow{Label: names[i], Tier: r.Tier, Change: s.ChangePct, Outcome: s.Outcome, Text: s.Text, Explain: s.Explain, Metrics: s.Metrics})
		fmt.Fprintf(&md, "| %s | %+.1f%% | %s |\n", names[i], s.ChangePct, s.Outcome)
	}
	for i, r := range res {
		fmt.Fprintf(&md, "\n**%s.** %s", names[i], r.Summary.Text)
		for _, l := range r.Summary.Explain {
			md.WriteString(" " + l)
		}
		md.WriteString("\n")
	}
	return rows, md.String()
}

// Overlay joins the test-pulse strengths of the runs into one table: t_min
// and one column per run, named by its label. The runs must share their
// test-pulse times.
func Overlay(res []*engine.Result, names []string) (*trace.Table, error) {
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

// OverlayFigure draws an Overlay table: the runs' strengths against time
// with the first run's induction shaded.
func OverlayFigure(res []*engine.Result, names []string, tab *trace.Table) plot.Figure {
	return plot.Figure{Title: "Compared: " + strings.Join(names, ", "), Caption: res[0].Summary.Protocol, Height: CurveHeight, Panels: []plot.Panel{{
		Table: tab, X: "t_min", XScale: 1, XLabel: "Time (min)", Y: names, Legend: names, YLabel: "Synaptic strength (% of baseline)",
		HLines: []plot.HLine{{Y: 100, Label: "baseline"}}, Bands: []plot.Band{InductionBand(res[0])}, Points: true, MinRange: StrengthRange(),
	}}}
}

// OverlayAligned joins the test-pulse strengths of runs whose timings
// differ (1 Hz × 900 lasts 15 min, 50 Hz × 900 lasts 18 s): the x column
// min_after is the time from the end of each run's induction [min], the
// rows are the union of all runs' times, and a run without a test pulse at
// a row's time has NaN there (plot skips it).
func OverlayAligned(res []*engine.Result, names []string) (*trace.Table, error) {
	type point struct {
		x   float64
		run int
		y   float64
	}
	var pts []point
	cols := []trace.Col{{Name: "min_after", Unit: "min", Doc: "time from the end of the run's induction"}}
	for i, r := range res {
		tm, st := r.Tests.Col("t_ms"), r.Tests.Col("strength_pct")
		if len(tm) == 0 {
			return nil, fmt.Errorf("compare: %s has no test pulses to compare", names[i])
		}
		end := r.Plan.Layout.InductionEnd
		for k := range tm {
			pts = append(pts, point{(tm[k] - end) * ToMin, i, st[k]})
		}
		cols = append(cols, trace.Col{Name: names[i], Unit: "%", Doc: "strength at the test pulses, % of the run's start: " + r.Tier})
	}
	slices.SortStableFunc(pts, func(a, b point) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	tab := trace.New(cols...)
	row := make([]float64, len(cols))
	for k := 0; k < len(pts); {
		row[0] = pts[k].x
		for i := range res {
			row[i+1] = math.NaN()
		}
		j := k
		for ; j < len(pts) && pts[j].x == pts[k].x; j++ {
			row[pts[j].run+1] = pts[j].y
		}
		tab.Append(row...)
		k = j
	}
	return tab, nil
}

// OverlayAlignedFigure draws an OverlayAligned table: the runs' strengths
// against the time from the end of their inductions, each induction shaded
// (they end together at 0).
func OverlayAlignedFigure(res []*engine.Result, names []string, tab *trace.Table) plot.Figure {
	var bands []plot.Band
	var protos []string
	for i, r := range res {
		pl := r.Plan
		bands = append(bands, plot.Band{X0: (pl.Layout.InductionStart - pl.Layout.InductionEnd) * ToMin, X1: 0})
		protos = append(protos, names[i]+": "+r.Summary.Protocol)
	}
	bands[0].Label = "induction"
	return plot.Figure{Title: "Compared: " + strings.Join(names, ", "),
		Caption: "Aligned at the end of each induction (shaded). " + strings.Join(protos, "; ") + ".", Height: CurveHeight,
		Panels: []plot.Panel{{
			Table: tab, X: "min_after", XScale: 1, XLabel: "Time from the end of the induction (min)", Y: names, Legend: names,
			YLabel: "Synaptic strength (% of baseline)", HLines: []plot.HLine{{Y: 100, Label: "baseline"}}, Bands: bands, Points: true,
			MinRange: StrengthRange(),
		}}}
}
