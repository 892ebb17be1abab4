package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/synlab/synlab/trace"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// yPad is the fraction of the y range added below and above the data, so
// that no trace runs along the frame.
const yPad = 0.04

// scale is the x scale factor with the zero value read as 1.
func (p Panel) scale() float64 {
	if p.XScale == 0 {
		return 1
	}
	return p.XScale
}

// column returns the named column of the panel's table, or an error listing
// the columns there are.
func column(t *trace.Table, name string) ([]float64, error) {
	if v := t.Col(name); v != nil {
		return v, nil
	}
	names := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		names[i] = c.Name
	}
	return nil, fmt.Errorf("no column %q in table (has %s)", name, strings.Join(names, ", "))
}

// ColLabel is what a figure calls a column: the first clause of its Doc,
// capitalised ("PSD-trapped AMPA receptors" for "PSD-trapped AMPA
// receptors (sets the AMPA conductance)"), else its name. (When trace.Col
// gains the model's Label, that comes first.)
func ColLabel(c trace.Col) string { return cmp.Or(c.Label, shortDoc(c.Doc), c.Name) }

// shortDoc is the first clause of a column's Doc, capitalised: the text
// before the first " (", ";" or ", ".
func shortDoc(doc string) string {
	for _, sep := range []string{" (", "; ", ", ", ": "} {
		if i := strings.Index(doc, sep); i > 0 {
			doc = doc[:i]
		}
	}
	doc = strings.TrimSpace(doc)
	if doc == "" {
		return ""
	}
	r := []rune(doc)
	if len(r) > 1 && !unicode.IsUpper(r[1]) { // "free Ca2+" → "Free Ca2+", "pH" stays
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// colOf returns the named column's description (its name alone if absent).
func colOf(t *trace.Table, name string) trace.Col {
	for _, c := range t.Cols {
		if c.Name == name {
			return c
		}
	}
	return trace.Col{Name: name}
}

// series is one drawn y column: its legend entry and its points.
type series struct {
	label  string
	color  color.Color
	points bool
	xy     plotter.XYs // in plotted units (after XScale and the window's offset)
}

// built is a panel ready to be laid out: one gonum plot per window (one if
// the panel has no windows), and what its header shows.
type built struct {
	p      Panel
	wins   []Window // the panel's windows, or one covering everything
	plots  []*gplot.Plot
	series []series
	labels bool // band and window labels are drawn above this panel
}

// build checks the panel and makes its plots. Y ranges are shared by the
// windows of a panel and widened to MinRange. Without labels (a lower
// panel of a shared axis) the windows' vertical lines are not labelled.
func (p Panel) build(labels bool) (*built, error) {
	if p.Table == nil {
		return nil, fmt.Errorf("no table")
	}
	if err := p.Table.Check(); err != nil {
		return nil, err
	}
	if len(p.Y) == 0 {
		return nil, fmt.Errorf("no y columns")
	}
	if len(p.Legend) > 0 && len(p.Legend) != len(p.Y) {
		return nil, fmt.Errorf("%d legend labels for %d y columns", len(p.Legend), len(p.Y))
	}
	xs, err := column(p.Table, p.X)
	if err != nil {
		return nil, err
	}
	if p.LogX {
		for _, b := range p.Bands {
			if b.X0 <= 0 || b.X1 <= 0 {
				return nil, fmt.Errorf("band %q reaches x ≤ 0 on a log axis", b.Label)
			}
		}
		for _, v := range p.VLines {
			if v.X <= 0 {
				return nil, fmt.Errorf("vertical line %q at x = %g on a log axis", v.Label, v.X)
			}
		}
		if len(p.Windows) > 0 {
			return nil, fmt.Errorf("windows on a log axis")
		}
	}
	for _, w := range p.Windows {
		if !(w.To > w.From) {
			return nil, fmt.Errorf("window %q: To %g ≤ From %g", w.Label, w.To, w.From)
		}
	}
	b := &built{p: p, wins: p.Windows, labels: labels}
	if len(b.wins) == 0 {
		b.wins = []Window{{From: math.Inf(-1), To: math.Inf(1)}}
	}
	all := make([]plotter.XYs, len(p.Y))
	for i, name := range p.Y {
		ys, err := column(p.Table, name)
		if err != nil {
			return nil, err
		}
		all[i] = finite(xs, ys, p.scale(), p.LogX)
		label := ColLabel(colOf(p.Table, name))
		if len(p.Legend) > 0 {
			label = p.Legend[i]
		}
		b.series = append(b.series, series{label: label, color: seriesColor(i), points: p.Points})
	}
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for j, w := range b.wins {
		if !labels {
			w.VLines = slices.Clone(w.VLines)
			for i := range w.VLines {
				w.VLines[i].Label = ""
			}
		}
		pl, err := p.windowPlot(w, all, b.series, j == 0, j == len(b.wins)-1)
		if err != nil {
			return nil, err
		}
		ylo, yhi = min(ylo, pl.Y.Min), max(yhi, pl.Y.Max)
		b.plots = append(b.plots, pl)
	}
	if !p.MinRange.empty() {
		ylo, yhi = min(ylo, p.MinRange.Lo), max(yhi, p.MinRange.Hi)
	}
	if span := yhi - ylo; span > 0 && !math.IsInf(span, 0) {
		ylo, yhi = ylo-yPad*span, yhi+yPad*span
	}
	for _, pl := range b.plots {
		pl.Y.Min, pl.Y.Max = ylo, yhi
	}
	return b, nil
}

// windowPlot draws the panel's guides and the part of its series inside
// window w; only the first window has a y axis, and only the last one
// labels the horizontal lines.
func (p Panel) windowPlot(w Window, all []plotter.XYs, ser []series, first, last bool) (*gplot.Plot, error) {
	pl := gplot.New()
	pl.X.Label.Text = printable(cmp.Or(p.XLabel, p.X))
	pl.Y.Label.Text = printable(p.YLabel)
	pl.X.Tick.Marker = niceTicks{}
	pl.Y.Tick.Marker = niceTicks{}
	if p.LogX {
		pl.X.Scale = gplot.LogScale{}
		pl.X.Tick.Marker = logTicks{}
	}
	if !last {
		pl.X.Tick.Marker = openEnd{pl.X.Tick.Marker}
	}
	if !first {
		pl.Y.Label.Text = ""
		pl.Y.Tick.Marker = gplot.ConstantTicks(nil)
		pl.Y.LineStyle.Width = 0
		pl.Y.Tick.Length = 0
	}
	windowed := !math.IsInf(w.From, 0)
	for _, b := range p.Bands { // first, so that the data are drawn over them
		pl.Add(band{b})
	}
	if len(p.HLines) > 0 {
		hs := slices.Clone(p.HLines)
		if !last {
			for i := range hs {
				hs[i].Label = ""
			}
		}
		pl.Add(hlines(hs))
	}
	for _, v := range append(slices.Clone(p.VLines), w.VLines...) {
		pl.Add(vline{v})
	}
	var drawn []plotter.XYs
	for i, xy := range all {
		if windowed {
			xy = inWindow(xy, w)
		}
		drawn = append(drawn, xy)
		if len(xy) == 0 {
			continue
		}
		if p.Points {
			s, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", p.Y[i], err)
			}
			s.GlyphStyle = draw.GlyphStyle{Color: ser[i].color, Radius: pointRadius, Shape: draw.CircleGlyph{}}
			pl.Add(s)
		} else {
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", p.Y[i], err)
			}
			l.LineStyle.Width = lineWidth
			l.LineStyle.Color = ser[i].color
			pl.Add(l)
		}
	}
	if p.Inset != nil && first {
		in, err := p.Inset.build()
		if err != nil {
			return nil, fmt.Errorf("inset: %w", err)
		}
		in.avoid = drawn
		pl.Add(in)
	}
	if windowed {
		pl.X.Min, pl.X.Max = w.From, w.To
	}
	if p.LogX {
		logRange(&pl.X)
	}
	return pl, nil
}

// logRange gives a log axis a range it can draw: gonum widens a range of
// one x value to ±1 around it and an empty one to [0, 1], both reaching
// x ≤ 0, where its log scale panics. One value gets the factor of 3 on
// either side; no value above zero, 1 to 10.
func logRange(a *gplot.Axis) {
	switch {
	case a.Min > 0 && a.Max > a.Min:
	case a.Min > 0 && a.Min == a.Max:
		a.Min, a.Max = a.Min/3, a.Max*3
	default:
		a.Min, a.Max = 1, 10
	}
}

// openEnd drops the label of a tick at the top of the range, which would
// run into the next window's first label.
type openEnd struct{ gplot.Ticker }

// Ticks implements gplot.Ticker.
func (o openEnd) Ticks(lo, hi float64) []gplot.Tick {
	ts := o.Ticker.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Value >= hi-1e-9*(hi-lo) {
			ts[i].Label = ""
		}
	}
	return ts
}

// inWindow returns the points of xy inside window w, shifted by its offset.
func inWindow(xy plotter.XYs, w Window) plotter.XYs {
	var out plotter.XYs
	for _, p := range xy {
		if x := p.X - w.Offset; x >= w.From && x <= w.To {
			out = append(out, plotter.XY{X: x, Y: p.Y})
		}
	}
	return out
}

// finite returns the points (x·scale, y) with both coordinates finite (and
// x > 0 on a log axis): a gap in the data is skipped, not drawn at zero.
func finite(xs, ys []float64, scale float64, logX bool) plotter.XYs {
	xy := make(plotter.XYs, 0, len(xs))
	for i, x := range xs {
		x *= scale
		y := ys[i]
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) || (logX && x <= 0) {
			continue
		}
		xy = append(xy, plotter.XY{X: x, Y: y})
	}
	return xy
}

// labelStyle is the style of line and band labels.
func labelStyle(x text.XAlignment, y text.YAlignment) text.Style {
	return text.Style{Color: guideColor, Font: fontOf(labelSize), XAlign: x, YAlign: y, Handler: gplot.DefaultTextHandler}
}

// guideStyle is the dashed style of HLines and VLines.
func guideStyle() draw.LineStyle {
	return draw.LineStyle{Color: guideColor, Width: guideWidth, Dashes: dashes}
}

// labelPad separates a label from its line.
const labelPad = vg.Millimeter

// band draws a Band: a grey rectangle over the full height of the data area
// (its label is drawn in the header, above the data).
type band struct{ Band }

// Plot implements gplot.Plotter.
func (b band) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, _ := p.Transforms(&c)
	x0 := clamp(trX(min(b.X0, b.X1)), c.Min.X, c.Max.X)
	x1 := clamp(trX(max(b.X0, b.X1)), c.Min.X, c.Max.X)
	c.FillPolygon(bandColor, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
}

// DataRange implements gplot.DataRanger: the band widens the x range only.
func (b band) DataRange() (xmin, xmax, ymin, ymax float64) {
	return min(b.X0, b.X1), max(b.X0, b.X1), math.Inf(1), math.Inf(-1)
}

// hlines draws HLines across the data area, each label above the right end
// of its line, moved up or down as little as needed so that no two labels
// overlap and none leaves the data area.
type hlines []HLine

// Plot implements gplot.Plotter.
func (hs hlines) Plot(c draw.Canvas, p *gplot.Plot) {
	_, trY := p.Transforms(&c)
	type placed struct {
		label string
		line  vg.Length // y of the line
		y     vg.Length // y of the label's bottom
	}
	var ls []placed
	sty := labelStyle(draw.XRight, draw.YBottom)
	h := sty.FontExtents().Height + labelPad/2
	for _, l := range hs {
		y := trY(l.Y)
		if y < c.Min.Y-0.5 || y > c.Max.Y+0.5 {
			continue
		}
		c.StrokeLine2(guideStyle(), c.Min.X, y, c.Max.X, y)
		if l.Label != "" {
			ls = append(ls, placed{label: printable(l.Label), line: y, y: y + labelPad/2})
		}
	}
	slices.SortStableFunc(ls, func(a, b placed) int { return cmp.Compare(a.line, b.line) })
	for i := range ls { // push up past the label below
		if i > 0 {
			ls[i].y = max(ls[i].y, ls[i-1].y+h)
		}
	}
	for i := len(ls) - 1; i >= 0; i-- { // then down below the top and the label above
		top := c.Max.Y - h
		if i < len(ls)-1 {
			top = min(top, ls[i+1].y-h)
		}
		ls[i].y = min(ls[i].y, top)
	}
	for _, l := range ls {
		w := sty.Width(l.label)
		x := c.Max.X - labelPad
		c.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 200}, []vg.Point{
			{X: x - w - 1, Y: l.y}, {X: x + 1, Y: l.y}, {X: x + 1, Y: l.y + h - labelPad/2}, {X: x - w - 1, Y: l.y + h - labelPad/2}})
		c.FillText(sty, vg.Point{X: x, Y: l.y}, l.label)
	}
}

// DataRange implements gplot.DataRanger: the lines widen the y range only.
func (hs hlines) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, h := range hs {
		ymin, ymax = min(ymin, h.Y), max(ymax, h.Y)
	}
	return math.Inf(1), math.Inf(-1), ymin, ymax
}

// vline draws a VLine over the data area, its label right of its top.
type vline struct{ VLine }

// Plot implements gplot.Plotter.
func (v vline) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.X)
	if x < c.Min.X-0.5 || x > c.Max.X+0.5 {
		return
	}
	c.StrokeLine2(guideStyle(), x, c.Min.Y, x, c.Max.Y)
	if v.Label != "" {
		c.FillText(labelStyle(draw.XLeft, draw.YTop), vg.Point{X: x + labelPad, Y: c.Max.Y - labelPad}, printable(v.Label))
	}
}

// DataRange implements gplot.DataRanger: the line widens the x range only.
func (v vline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return v.X, v.X, math.Inf(1), math.Inf(-1)
}

// clamp limits x to [lo, hi].
func clamp(x, lo, hi vg.Length) vg.Length { return max(lo, min(x, hi)) }

// printable replaces the characters that the Liberation fonts lack by the
// nearest ones they have: superscript ⁺ and ⁻ become + and −.
func printable(s string) string {
	return strings.NewReplacer("⁺", "+", "⁻", "−").Replace(s)
}
