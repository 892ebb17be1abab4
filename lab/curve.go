package lab

import (
	"fmt"
	"strconv"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
	"gonum.org/v1/plot/vg"
)

// CurveHeight is the height of a one-panel curve or overlay figure.
const CurveHeight = 4.5 * vg.Inch

// Curve is a sweep of one protocol quantity: the change in strength
// against x, one run per x (synlab curve, the web lab's curve buttons).
type Curve struct {
	Kind   string                                    // "stdp" or "frequency"
	X      trace.Col                                 // the x column of the table
	XScale float64                                   // x values are multiplied by this in the figure
	XLabel string                                    // the figure's x label
	LogX   bool                                      // logarithmic x axis
	Vary   func(s *experiment.Spec, x float64) error // sets x in a copy of the base spec
}

// STDP is the spike-timing window: x is dt = t_post − t_pre [ms] of the
// spec's protocol.pairing.
func STDP() Curve {
	return Curve{Kind: "stdp", X: trace.Col{Name: "dt_ms", Unit: "ms", Doc: "t_post − t_pre"}, XScale: 1,
		XLabel: "Δt = t_post − t_pre (ms)", Vary: VaryDt}
}

// Frequency is the frequency–response function: x is the rate [Hz] of the
// spec's protocol.train, on a log axis.
func Frequency() Curve {
	return Curve{Kind: "frequency", X: trace.Col{Name: "rate_hz", Unit: "Hz", Doc: "stimulation rate"}, XScale: 1,
		XLabel: "Stimulation frequency (Hz)", LogX: true, Vary: VaryRate}
}

// VaryDt sets protocol.pairing.dt to x ms.
func VaryDt(s *experiment.Spec, x float64) error {
	if s.Protocol.Pairing == nil {
		return fmt.Errorf("curve stdp needs a spec with a protocol.pairing")
	}
	p := *s.Protocol.Pairing
	p.Dt = strconv.FormatFloat(x, 'g', -1, 64) + " ms"
	s.Protocol.Pairing = &p
	return nil
}

// VaryRate sets protocol.train.rate to x Hz.
func VaryRate(s *experiment.Spec, x float64) error {
	if s.Protocol.Train == nil {
		return fmt.Errorf("curve frequency needs a spec with a protocol.train")
	}
	t := *s.Protocol.Train
	t.Rate = strconv.FormatFloat(x, 'g', -1, 64) + " Hz"
	s.Protocol.Train = &t
	return nil
}

// Plans makes one plan per x from the base plan's spec.
func (c Curve) Plans(base *engine.Plan, xs []float64) ([]*engine.Plan, error) {
	plans := make([]*engine.Plan, len(xs))
	for i, x := range xs {
		s := *base.Spec
		if err := c.Vary(&s, x); err != nil {
			return nil, err
		}
		var err error
		if plans[i], err = catalog.Plan(&s); err != nil {
			return nil, fmt.Errorf("point %d (%s = %g): %w", i, c.X.Name, x, err)
		}
	}
	return plans, nil
}

// Table is the curve's table: x, change_pct, and for the Graupner–Brunel
// tier S_sim and (pairing) S_analytic with its change in percent. ys names
// the columns the figure draws.
func (c Curve) Table(results []*engine.Result, xs []float64) (tab *trace.Table, ys []string) {
	cols := []trace.Col{c.X, {Name: "change_pct", Unit: "%", Doc: "change in synaptic strength at the readout, % of baseline"}}
	_, gb := results[0].Summary.Metrics["S_sim"]
	_, analytic := results[0].Summary.Metrics["S_analytic"]
	if gb {
		cols = append(cols, trace.Col{Name: "S_sim", Unit: "1", Doc: "GB population strength after/before (simulated)"})
	}
	if analytic {
		cols = append(cols, trace.Col{Name: "S_analytic", Unit: "1", Doc: "GB 2012 closed-form strength after/before"})
	}
	tab = trace.New(cols...)
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
	ys = []string{"change_pct"}
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
	return tab, ys
}

// Title names the curve and the tier it ran on.
func (c Curve) Title(results []*engine.Result) string {
	return fmt.Sprintf("%s curve: %s", c.Kind, results[0].Tier)
}

// Figure draws the curve table: change against x, with a line at no change.
func (c Curve) Figure(results []*engine.Result, tab *trace.Table, ys []string, caption string) plot.Figure {
	return plot.Figure{Title: c.Title(results), Caption: caption, Height: CurveHeight, Panels: []plot.Panel{{
		Table: tab, X: c.X.Name, XScale: c.XScale, XLabel: c.XLabel, Y: ys, YLabel: "Change in strength (%)",
		HLines: []plot.HLine{{Y: 0, Label: "no change"}}, Points: true, LogX: c.LogX,
	}}}
}

// CurveSummary gives the extremes of a curve table with x column x.
func CurveSummary(t *trace.Table, x string) map[string]float64 {
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
