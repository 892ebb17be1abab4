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
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/protocol"
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

// Figure layout.
const (
	// StrengthFloor is the least span of the strength axis, around 100 %:
	// a null result (−0.2 %) is drawn flat, not as a cliff.
	StrengthFloor = 40.0 // percentage points
	// slowFloor is the least span of a mechanism panel, as a fraction of
	// the variable's value at the start of the run; fractionFloor is the
	// least span of a dimensionless one (fractions, weights).
	slowFloor     = 0.2
	fractionFloor = 0.02
)

// StrengthRange is the floor of a strength axis: 100 % ± StrengthFloor/2.
func StrengthRange() plot.Range {
	return plot.Range{Lo: 100 - StrengthFloor/2, Hi: 100 + StrengthFloor/2}
}

// VarTitle is a column as a panel heading: its label and unit
// ("PSD-trapped AMPA receptors (count)"); dimensionless columns have no
// unit.
func VarTitle(c trace.Col) string {
	l := plot.ColLabel(c)
	if c.Unit == "" || c.Unit == "1" {
		return l
	}
	return l + " (" + c.Unit + ")"
}

// VarNote is a column's Doc as a sentence ("Fraction of calcineurin
// active."), or "" when the heading already says all of it.
func VarNote(c trace.Col) string {
	d := strings.TrimSpace(c.Doc)
	if d == "" || strings.EqualFold(d, plot.ColLabel(c)) {
		return ""
	}
	r := []rune(d)
	r[0] = unicode.ToUpper(r[0])
	d = string(r)
	if !strings.HasSuffix(d, ".") {
		d += "."
	}
	return d
}

// col returns the description of the table's named column.
func col(t *trace.Table, name string) trace.Col {
	for _, c := range t.Cols {
		if c.Name == name {
			return c
		}
	}
	return trace.Col{Name: name}
}

// floor is the least y range of a mechanism panel for the values vs: a
// span of slowFloor of the first value (fractionFloor at least for a
// dimensionless column), centred on it and not below 0 for a quantity
// that starts at or above 0. A variable that barely moves is drawn flat.
func floor(c trace.Col, vs []float64) plot.Range {
	v0 := math.NaN()
	for _, v := range vs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			v0 = v
			break
		}
	}
	if math.IsNaN(v0) {
		return plot.Range{}
	}
	span := slowFloor * math.Abs(v0)
	if c.Unit == "1" || c.Unit == "" {
		span = max(span, fractionFloor)
	}
	if span == 0 {
		return plot.Range{}
	}
	lo, hi := v0-span/2, v0+span/2
	if v0 >= 0 && lo < 0 {
		lo, hi = 0, span
	}
	return plot.Range{Lo: lo, Hi: hi}
}

// MechanismPanel is the panel of one slow variable of a run against
// time in minutes: heading with unit, the column's Doc under it, the
// induction shaded (unlabelled: the top panel names it), the tier's
// reference lines, and a floor on the y range.
func MechanismPanel(res *engine.Result, name string) plot.Panel {
	band := InductionBand(res)
	band.Label = ""
	c := col(res.Series, name)
	return plot.Panel{Table: res.Series, X: "t_ms", XScale: ToMin, XLabel: "Time (min)", Y: []string{name},
		Title: VarTitle(c), Note: VarNote(c), Bands: []plot.Band{band}, HLines: Marks(res.View, name),
		MinRange: floor(c, res.Series.Col(name))}
}

// RunFigure is the Fig. 8.16B-style figure: strength (% of baseline)
// against time with the induction shaded, the EPSP waveform before and
// after the induction as an inset when the run has one (EPSP), and the
// tier's slow variables (View.Slow: for the mechanistic tier the receptor
// pools and enzyme activities) below it, each with a sentence saying what
// it shows. All panels share one time axis.
func RunFigure(res *engine.Result) plot.Figure {
	band := InductionBand(res)
	main := plot.Panel{Table: res.Tests, X: "t_min", XScale: 1, XLabel: "Time (min)", Y: []string{"strength_pct"},
		YLabel: "Synaptic strength (% of baseline)", HLines: []plot.HLine{{Y: 100, Label: "baseline"}}, Bands: []plot.Band{band},
		Points: true, MinRange: StrengthRange()}
	if res.Tests.Len() == 0 {
		main = plot.Panel{Table: res.Series, X: "t_ms", XScale: ToMin, XLabel: "Time (min)", Y: []string{"strength_pct"},
			YLabel: "Synaptic strength (% of start)", HLines: []plot.HLine{{Y: 100, Label: "start"}}, Bands: []plot.Band{band},
			MinRange: StrengthRange()}
	}
	main.Inset = EPSPInset(EPSP(res))
	fig := plot.Figure{Title: res.Summary.Name, Caption: res.Summary.Text, Panels: []plot.Panel{main}}
	for _, c := range res.View.Slow {
		if Has(res.Series, c) {
			fig.Panels = append(fig.Panels, MechanismPanel(res, c))
		}
	}
	return fig
}

// Zoom figure layout [ms].
const (
	pulseLead = 10.0 // shown before each zoomed stimulus
	pulseTail = 90.0 // shown after it: about 100 ms per pulse
)

// Stimuli returns the times [ms] and kinds of the first n induction
// stimuli (presynaptic pulses and postsynaptic spikes) of a plan: those
// the zoom records (engine.Options.Zoom).
func Stimuli(pl *engine.Plan, n int) (ts []float64, pre []bool) {
	start := pl.Layout.InductionStart
	s := pl.Events()
	for e, ok := s.Next(); ok && len(ts) < n; e, ok = s.Next() {
		if e.T < start || (e.Kind != protocol.Pre && e.Kind != protocol.Post) {
			continue
		}
		ts = append(ts, e.T)
		pre = append(pre, e.Kind == protocol.Pre)
	}
	return ts, pre
}

// PulseWindows are the pieces of the zoom's broken time axis: about 100 ms
// from 10 ms before each stimulus, merged where stimuli are closer than
// that (a 100 Hz train is one window), each labelled with its first pulse
// ("Pulse 1", or "From pulse 1" for a merged window) and with a dashed line at every postsynaptic
// spike ("post").
func PulseWindows(ts []float64, pre []bool) []plot.Window {
	var ws []plot.Window
	var first, last []int // presynaptic pulse numbers in each window (0: none)
	npre := 0
	for i, t := range ts {
		k := len(ws) - 1
		if k < 0 || t-pulseLead > ws[k].Offset+ws[k].To {
			ws = append(ws, plot.Window{Offset: t, From: -pulseLead, To: pulseTail})
			first, last = append(first, 0), append(last, 0)
			k++
		}
		ws[k].To = max(ws[k].To, t-ws[k].Offset+pulseTail)
		if !pre[i] {
			ws[k].VLines = append(ws[k].VLines, plot.VLine{X: t - ws[k].Offset, Label: "post"})
			continue
		}
		npre++
		if first[k] == 0 {
			first[k] = npre
		}
		last[k] = npre
	}
	for k := range ws {
		switch {
		case first[k] == 0:
			ws[k].Label = "Postsynaptic spike"
		case first[k] == last[k]:
			ws[k].Label = "Pulse " + strconv.Itoa(first[k])
		default: // later pulses of a fast train fall in the window too
			ws[k].Label = "From pulse " + strconv.Itoa(first[k])
		}
	}
	return ws
}

// ZoomFigure shows the first pulses of the induction closely: the fast
// variables (voltage, calcium against the tier's thresholds) of the zoom
// recorded in run z (engine.Options.Zoom), about 100 ms around each pulse
// on a broken time axis.
func ZoomFigure(z *engine.Result) plot.Figure {
	every, _ := z.Zoom.Meta["every_ms"].(float64)
	ts, pre := Stimuli(z.Plan, ZoomPulses)
	wins := PulseWindows(ts, pre)
	fig := plot.Figure{Title: "First pulses of the induction: " + z.Summary.Protocol}
	when := "at the start of the run"
	if t0 := z.Plan.Layout.InductionStart; t0 > 0 {
		when = Duration(t0) + " after the start of the run"
	}
	what := fmt.Sprintf("about 100 ms around each of the first %d induction stimuli, %s (the time axis is broken between them)", len(ts), when)
	x, scale, xlabel := "t_ms", 1.0, "Time from the pulse (ms)"
	if len(wins) == 0 {
		what, scale, xlabel = "around the first induction stimuli", 1/units.Second, "Time (s)"
	}
	fig.Caption = "The same run as figure.png, sampled every " + Duration(every) + ", " + what + ". " + z.Tier + "."
	for _, c := range z.View.Fast {
		if !Has(z.Zoom, c) {
			continue
		}
		cl := col(z.Zoom, c)
		fig.Panels = append(fig.Panels, plot.Panel{Table: z.Zoom, X: x, XScale: scale, XLabel: xlabel,
			Y: []string{c}, Title: VarTitle(cl), HLines: Marks(z.View, c), Windows: wins})
	}
	return fig
}

// Duration writes a time [ms] with three significant digits in the largest
// unit that keeps it at least 1 ("0.568 ms", "33.3 s", "15 min", "1.5 h").
func Duration(ms float64) string {
	type u struct {
		size float64
		name string
	}
	for _, x := range []u{{units.Hour, "h"}, {units.Minute, "min"}, {units.Second, "s"}} {
		if math.Abs(ms) >= x.size {
			return Number(ms/x.size) + " " + x.name
		}
	}
	return Number(ms) + " ms"
}

// Number writes v with three significant digits (all the digits of its
// whole part) and no trailing zeros, never "-0" ("33.3", "0.568", "1200",
// "0"); below 1e-4 with an exponent ("2.5e-06").
func Number(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		if v == 0 {
			return "0"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if math.Abs(v) < 1e-4 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	digits := max(3, int(math.Floor(math.Log10(math.Abs(v))))+1)
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	s := strconv.FormatFloat(r, 'f', -1, 64)
	if r == 0 || strings.Trim(s, "-0.") == "" {
		return "0"
	}
	return s
}
