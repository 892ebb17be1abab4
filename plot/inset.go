package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// insetPlot draws an Inset in the corner of the data area that covers the
// fewest points of the panel's own series (avoid).
type insetPlot struct {
	pl    *gplot.Plot
	avoid []plotter.XYs
}

// build checks the inset and makes its plot, with small text and a legend
// in its top left corner.
func (in *Inset) build() (*insetPlot, error) {
	if in.Table == nil {
		return nil, fmt.Errorf("no table")
	}
	if err := in.Table.Check(); err != nil {
		return nil, err
	}
	if len(in.Y) == 0 {
		return nil, fmt.Errorf("no y columns")
	}
	if len(in.Legend) > 0 && len(in.Legend) != len(in.Y) {
		return nil, fmt.Errorf("%d legend labels for %d y columns", len(in.Legend), len(in.Y))
	}
	xs, err := column(in.Table, in.X)
	if err != nil {
		return nil, err
	}
	scale := in.XScale
	if scale == 0 {
		scale = 1
	}
	pl := gplot.New()
	pl.BackgroundColor = nil
	small := func(s *gplot.Axis) {
		s.Label.TextStyle.Font.Size = insetSize
		s.Tick.Label.Font.Size = insetSize
		s.Tick.Marker = niceTicks{}
		s.Label.Padding = 0
		s.Padding = vg.Points(2)
		s.Tick.Length = vg.Points(4)
	}
	small(&pl.X)
	small(&pl.Y)
	pl.X.Label.Text, pl.Y.Label.Text = printable(in.XLabel), printable(in.YLabel)
	pl.Legend.Top, pl.Legend.Left = true, false
	pl.Legend.TextStyle.Font.Size = insetSize
	pl.Legend.ThumbnailWidth = vg.Points(12)
	for i, name := range in.Y {
		ys, err := column(in.Table, name)
		if err != nil {
			return nil, err
		}
		l, err := plotter.NewLine(finite(xs, ys, scale, false))
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", name, err)
		}
		l.LineStyle.Width = lineWidth
		l.LineStyle.Color = seriesColor(i)
		pl.Add(l)
		label := ColLabel(colOf(in.Table, name))
		if len(in.Legend) > 0 {
			label = in.Legend[i]
		}
		pl.Legend.Add(printable(label), l)
	}
	if span := pl.Y.Max - pl.Y.Min; span > 0 { // room for the legend
		pl.Y.Max += 0.45 * span
		pl.Y.Min -= yPad * span
	}
	return &insetPlot{pl: pl}, nil
}

// Plot implements gplot.Plotter.
func (in *insetPlot) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	w := (c.Max.X - c.Min.X) * insetWidth
	h := (c.Max.Y - c.Min.Y) * insetHeight
	pad := 2 * labelPad
	corners := []vg.Point{ // bottom-left corners: top left, top right, bottom right, bottom left
		{X: c.Min.X + pad, Y: c.Max.Y - pad - h},
		{X: c.Max.X - pad - w, Y: c.Max.Y - pad - h},
		{X: c.Max.X - pad - w, Y: c.Min.Y + pad},
		{X: c.Min.X + pad, Y: c.Min.Y + pad},
	}
	best, fewest := 0, math.MaxInt
	for k, o := range corners {
		n := 0
		for _, xy := range in.avoid {
			for _, q := range xy {
				x, y := trX(q.X), trY(q.Y)
				if x >= o.X-pad && x <= o.X+w+pad && y >= o.Y-pad && y <= o.Y+h+pad {
					n++
				}
			}
		}
		if n < fewest {
			best, fewest = k, n
		}
	}
	o := corners[best]
	box := []vg.Point{o, {X: o.X + w, Y: o.Y}, {X: o.X + w, Y: o.Y + h}, {X: o.X, Y: o.Y + h}}
	c.FillPolygon(color.White, box)
	c.StrokeLines(draw.LineStyle{Color: guideColor, Width: guideWidth}, append(box, o))
	inner := draw.Canvas{Canvas: c.Canvas, Rectangle: vgRect(o.X+pad/2, o.Y+pad/2, o.X+w-pad/2, o.Y+h-pad/2)}
	in.pl.Draw(inner)
}

// vgRect is the rectangle with corners (x0, y0) and (x1, y1).
func vgRect(x0, y0, x1, y1 vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
}
