package main

import (
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// toMin converts the engine's ms to the figure's minutes.
const toMin = 1 / units.Minute

// marks turns a tier's reference lines into plot lines.
func marks(v experiment.View, col string) []plot.HLine {
	var h []plot.HLine
	for _, m := range v.Marks[col] {
		h = append(h, plot.HLine{Y: m.Y, Label: m.Label})
	}
	return h
}

// has reports whether the table has the column.
func has(t *trace.Table, col string) bool { return t.Col(col) != nil }

// runFigure is the Fig. 8.16B-style figure: strength (% of baseline) against
// time with the induction shaded, and the tier's slow variables below it.
func runFigure(res *experiment.Result) plot.Figure {
	pl := res.Plan
	band := plot.Band{X0: pl.Schedule.InductionStart * toMin, X1: pl.Schedule.InductionEnd * toMin, Label: res.Summary.Protocol}
	main := plot.Panel{Table: res.Tests, X: "t_min", XScale: 1, XLabel: "Time (min)", Y: []string{"strength_pct"},
		YLabel: "Synaptic strength (% of baseline)", HLines: []plot.HLine{{Y: 100, Label: "baseline"}}, Bands: []plot.Band{band}, Points: true}
	if res.Tests.Len() == 0 {
		main = plot.Panel{Table: res.Series, X: "t_ms", XScale: toMin, XLabel: "Time (min)", Y: []string{"strength_pct"},
			YLabel: "Synaptic strength (% of start)", HLines: []plot.HLine{{Y: 100, Label: "start"}}, Bands: []plot.Band{band}}
	}
	fig := plot.Figure{Title: res.Summary.Name, Caption: res.Summary.Text, Panels: []plot.Panel{main}}
	for _, c := range res.View.Slow {
		if !has(res.Series, c) {
			continue
		}
		fig.Panels = append(fig.Panels, plot.Panel{Table: res.Series, X: "t_ms", XScale: toMin, XLabel: "Time (min)",
			Y: []string{c}, YLabel: c, Bands: []plot.Band{band}, HLines: marks(res.View, c)})
	}
	return fig
}

// zoomFigure shows the first pulses of the induction closely: the fast
// variables (voltage, calcium against the tier's thresholds).
func zoomFigure(z *experiment.Result) plot.Figure {
	fig := plot.Figure{Title: "First pulses of the induction: " + z.Summary.Protocol,
		Caption: "The same run as figure.png, sampled every " + units.Format(z.Plan.RecordEvery, units.Time) + " around the first induction pulses. " + z.Tier + "."}
	for _, c := range z.View.Fast {
		if !has(z.Series, c) {
			continue
		}
		fig.Panels = append(fig.Panels, plot.Panel{Table: z.Series, X: "t_ms", XScale: 1 / units.Second, XLabel: "Time (s)",
			Y: []string{c}, YLabel: c, HLines: marks(z.View, c)})
	}
	return fig
}
