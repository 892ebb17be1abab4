package plot

import (
	"cmp"
	"fmt"
	"math"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// scale is the x scale factor with the zero value read as 1.
func (p Panel) scale() float64 {
	if p.XScale == 0 {
		return 1
	}
	return p.XScale
}

// column returns the named column of the panel's table, or an error listing
// the columns there are.
func (p Panel) column(name string) ([]float64, error) {
	if v := p.Table.Col(name); v != nil {
		return v, nil
	}
	names := make([]string, len(p.Table.Cols))
	for i, c := range p.Table.Cols {
		names[i] = c.Name
	}
	return nil, fmt.Errorf("no column %q in table (has %s)", name, strings.Join(names, ", "))
}

// plot builds the gonum plot of one panel. Empty labels default to the
// column names.
func (p Panel) plot() (*gplot.Plot, error) {
	if p.Table == nil {
		return nil, fmt.Errorf("no table")
	}
	if err := p.Table.Check(); err != nil {
		return nil, err
	}
	if len(p.Y) == 0 {
		return nil, fmt.Errorf("no y columns")
	}
	xs, err := p.column(p.X)
	if err != nil {
		return nil, err
	}
	pl := gplot.New()
	pl.X.Label.Text = printable(cmp.Or(p.XLabel, p.X))
	pl.Y.Label.Text = printable(cmp.Or(p.YLabel, strings.Join(p.Y, ", ")))
	pl.Legend.Top = true
	if p.LogX {
		pl.X.Scale = gplot.LogScale{}
		pl.X.Tick.Marker = gplot.LogTicks{Prec: -1}
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
	}

	for _, b := range p.Bands { // first, so that the data are drawn over them
		pl.Add(band{b})
	}
	for _, h := range p.HLines {
		pl.Add(hline{h})
	}
	for _, v := range p.VLines {
		pl.Add(vline{v})
	}
	for i, name := range p.Y {
		ys, err := p.column(name)
		if err != nil {
			return nil, err
		}
		xy := finite(xs, ys, p.scale(), p.LogX)
		clr := plotutil.Color(i)
		var series gplot.Plotter
		if p.Points {
			s, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", name, err)
			}
			s.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: pointRadius, Shape: draw.CircleGlyph{}}
			series = s
		} else {
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", name, err)
			}
			l.LineStyle.Width = lineWidth
			l.LineStyle.Color = clr
			series = l
		}
		pl.Add(series)
		if len(p.Y) > 1 {
			pl.Legend.Add(printable(name), series.(gplot.Thumbnailer))
		}
	}
	for _, b := range p.Bands {
		if b.Label != "" { // room above the data for the label
			pl.Y.Max += bandHeadroom * (pl.Y.Max - pl.Y.Min)
			break
		}
	}
	return pl, nil
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

// band draws a Band: a grey rectangle over the full height of the data area.
type band struct{ Band }

// Plot implements gplot.Plotter.
func (b band) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, _ := p.Transforms(&c)
	x0 := clamp(trX(min(b.X0, b.X1)), c.Min.X, c.Max.X)
	x1 := clamp(trX(max(b.X0, b.X1)), c.Min.X, c.Max.X)
	c.FillPolygon(bandColor, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
	if b.Label != "" {
		c.FillText(labelStyle(draw.XCenter, draw.YTop), vg.Point{X: (x0 + x1) / 2, Y: c.Max.Y - labelPad}, printable(b.Label))
	}
}

// DataRange implements gplot.DataRanger: the band widens the x range only.
func (b band) DataRange() (xmin, xmax, ymin, ymax float64) {
	return min(b.X0, b.X1), max(b.X0, b.X1), math.Inf(1), math.Inf(-1)
}

// hline draws an HLine across the data area, its label above the right end.
type hline struct{ HLine }

// Plot implements gplot.Plotter.
func (h hline) Plot(c draw.Canvas, p *gplot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.Y)
	c.StrokeLine2(guideStyle(), c.Min.X, y, c.Max.X, y)
	if h.Label != "" { // above the line, or below it at the top of the panel
		sty, at := labelStyle(draw.XRight, draw.YBottom), y+labelPad/2
		if at+sty.Height(h.Label) > c.Max.Y {
			sty.YAlign, at = draw.YTop, y-labelPad/2
		}
		c.FillText(sty, vg.Point{X: c.Max.X - labelPad, Y: at}, printable(h.Label))
	}
}

// DataRange implements gplot.DataRanger: the line widens the y range only.
func (h hline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), h.Y, h.Y
}

// vline draws a VLine over the data area, its label right of its top.
type vline struct{ VLine }

// Plot implements gplot.Plotter.
func (v vline) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.X)
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
