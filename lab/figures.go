// Package lab turns results into what people read: the Fig. 8.16B-style
// figure of a run, the zoom on its first induction pulses, its manifest and
// report, overlays of several runs, and the STDP and frequency–response
// curves. The command (cmd/synlab) and the web lab (package web) both build
// their output here, so a run from either gives the same figures and files.
//
// The package only arranges what results contain: it holds no model
// equations and no numbers about outcomes. It writes no files; package
// report does.
package lab

import (
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// ToMin converts the engine's ms to the figures' minutes.
const ToMin = 1 / units.Minute

// ZoomPulses is how many induction pulses the zoom figure shows (synlab
// run and the web lab).
const ZoomPulses = 3

// Marks turns a tier's reference lines for a column into plot lines.
func Marks(v engine.View, col string) []plot.HLine {
	var h []plot.HLine
	for _, m := range v.Marks[col] {
		h = append(h, plot.HLine{Y: m.Y, Label: m.Label})
	}
	return h
}

// Has reports whether the table has the column.
func Has(t *trace.Table, col string) bool { return t.Col(col) != nil }

// InductionBand is the shaded induction period of a run, in minutes,
// labelled with the protocol in words.
func InductionBand(res *engine.Result) plot.Band {
	pl := res.Plan
	return plot.Band{X0: pl.Layout.InductionStart * ToMin, X1: pl.Layout.InductionEnd * ToMin, Label: res.Summary.Protocol}
}

// RunFigure is the Fig. 8.16B-style figure: strength (% of baseline)
// against time with the induction shaded, and the tier's slow variables
// (View.Slow: for the mechanistic tier the receptor pools and enzyme
// activities) below it.
func RunFigure(res *engine.Result) plot.Figure {
	band := InductionBand(res)
	main := plot.Panel{Table: res.Tests, X: "t_min", XScale: 1, XLabel: "Time (min)", Y: []string{"strength_pct"},
		YLabel: "Synaptic strength (% of baseline)", HLines: []plot.HLine{{Y: 100, Label: "baseline"}}, Bands: []plot.Band{band}, Points: true}
	if res.Tests.Len() == 0 {
		main = plot.Panel{Table: res.Series, X: "t_ms", XScale: ToMin, XLabel: "Time (min)", Y: []string{"strength_pct"},
			YLabel: "Synaptic strength (% of start)", HLines: []plot.HLine{{Y: 100, Label: "start"}}, Bands: []plot.Band{band}}
	}
	fig := plot.Figure{Title: res.Summary.Name, Caption: res.Summary.Text, Panels: []plot.Panel{main}}
	for _, c := range res.View.Slow {
		if !Has(res.Series, c) {
			continue
		}
		fig.Panels = append(fig.Panels, plot.Panel{Table: res.Series, X: "t_ms", XScale: ToMin, XLabel: "Time (min)",
			Y: []string{c}, YLabel: c, Bands: []plot.Band{band}, HLines: Marks(res.View, c)})
	}
	return fig
}

// ZoomFigure shows the first pulses of the induction closely: the fast
// variables (voltage, calcium against the tier's thresholds) of the zoom
// recorded in run z (engine.Options.Zoom).
func ZoomFigure(z *engine.Result) plot.Figure {
	every, _ := z.Zoom.Meta["every_ms"].(float64)
	fig := plot.Figure{Title: "First pulses of the induction: " + z.Summary.Protocol,
		Caption: "The same run as figure.png, sampled every " + units.Format(every, units.Time) + " around the first induction pulses. " + z.Tier + "."}
	for _, c := range z.View.Fast {
		if !Has(z.Zoom, c) {
			continue
		}
		fig.Panels = append(fig.Panels, plot.Panel{Table: z.Zoom, X: "t_ms", XScale: 1 / units.Second, XLabel: "Time (s)",
			Y: []string{c}, YLabel: c, HLines: Marks(z.View, c)})
	}
	return fig
}
