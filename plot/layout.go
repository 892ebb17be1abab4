package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	xfont "golang.org/x/image/font"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Header layout.
const (
	headerGap   = 2 * vg.Millimeter // between a panel's header and the panel above it
	rowGap      = 0.8 * vg.Millimeter
	legendThumb = 14 // pt, the line drawn before a legend label
	legendSkip  = 12 // pt, between legend entries
	// yAxisAllowance is the width assumed for y axes when headers are
	// wrapped, before the layout is known.
	yAxisAllowance = 0.9 * vg.Inch
)

// size returns the figure's size with defaults filled in.
func (f Figure) size() (w, h vg.Length) {
	w, h = f.Width, f.Height
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		var units vg.Length
		for i := range f.Panels {
			units += weight(i, len(f.Panels))
		}
		h = units*DefaultPanelHeight + f.chromeHeight(w) + 2*margin
	}
	return w, h
}

// chromeHeight is the height of everything but the panels' data: title,
// caption and the panels' headers, for a figure w wide.
func (f Figure) chromeHeight(w vg.Length) vg.Length {
	inner := w - 2*margin
	h := f.titleHeight(inner) + f.captionHeight(w)
	shared := f.sharedX()
	for i, p := range f.Panels {
		h += p.headerHeight(inner-yAxisAllowance, !shared || i == 0)
	}
	return h
}

// weight is the height of panel i of n in units: the first of several
// panels (the main result) is twice as tall.
func weight(i, n int) vg.Length {
	if i == 0 && n > 1 {
		return 2
	}
	return 1
}

// draw lays the figure out on c: the title, the panels from the top, each
// under its header, aligned so that their data areas share left and right
// edges, and the caption at the bottom.
func (f Figure) draw(c draw.Canvas) error {
	if len(f.Panels) == 0 {
		return fmt.Errorf("plot: figure %q has no panels", f.Title)
	}
	shared := f.sharedX()
	bs := make([]*built, len(f.Panels))
	for i, p := range f.Panels {
		var err error
		if bs[i], err = p.build(!shared || i == 0); err != nil {
			return fmt.Errorf("plot: figure %q, panel %d: %w", f.Title, i+1, err)
		}
	}
	if shared {
		shareX(bs)
	}

	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	capH := f.captionHeight(c.Max.X - c.Min.X)
	c = draw.Crop(c, margin, -margin, margin, -margin)
	width := c.Max.X - c.Min.X
	titleH := f.titleHeight(width)
	f.drawTitle(draw.Crop(c, 0, 0, c.Max.Y-c.Min.Y-titleH, 0))
	f.drawCaption(draw.Crop(c, 0, 0, 0, capH-(c.Max.Y-c.Min.Y)))
	area := draw.Crop(c, 0, 0, capH, -titleH)

	headers := make([]vg.Length, len(bs))
	var units, fixed vg.Length
	for i, b := range bs {
		units += weight(i, len(bs))
		headers[i] = b.p.headerHeight(width-yAxisAllowance, b.labels)
		fixed += headers[i]
	}
	unit := (area.Max.Y - area.Min.Y - fixed) / units
	tiles := make([]draw.Canvas, len(bs))
	top := area.Max.Y
	for i := range bs {
		top -= headers[i]
		h := weight(i, len(bs)) * unit
		tiles[i] = draw.Crop(area, 0, 0, top-h-area.Min.Y, top-area.Max.Y)
		top -= h
	}
	// Align the data areas: every panel gets the widest left and right insets.
	var left, right vg.Length
	for i, b := range bs {
		d0 := b.plots[0].DataCanvas(tiles[i])
		d1 := b.plots[len(b.plots)-1].DataCanvas(tiles[i])
		left = max(left, d0.Min.X-tiles[i].Min.X)
		right = max(right, tiles[i].Max.X-d1.Max.X)
	}
	x0, x1 := area.Min.X+left, area.Max.X-right
	for i, b := range bs {
		xlabel := ""
		if len(b.plots) > 1 && b.plots[0].X.Label.Text != "" { // one x label under all windows
			xlabel = b.plots[0].X.Label.Text
			for _, p := range b.plots {
				p.X.Label.Text = " " // keeps the axis' height
			}
		}
		n := vg.Length(len(b.plots))
		w := (x1 - x0 - (n-1)*windowGap) / n
		spans := make([][2]vg.Length, len(b.plots))
		for j, p := range b.plots {
			a := x0 + vg.Length(j)*(w+windowGap)
			spans[j] = [2]vg.Length{a, a + w}
			d := p.DataCanvas(tiles[i])
			p.Draw(draw.Crop(tiles[i], a-d.Min.X, a+w-d.Max.X, 0, 0))
		}
		if xlabel != "" {
			sty := b.plots[0].X.Label.TextStyle
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			tiles[i].FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: tiles[i].Min.Y}, xlabel)
		}
		b.drawHeader(c.Canvas, x0, x1, tiles[i].Max.Y, headers[i], spans)
	}
	return nil
}

// sharedX reports whether all panels plot the same x axis: the same
// XLabel (or X column and XScale), LogX and Windows.
func (f Figure) sharedX() bool {
	if len(f.Panels) < 2 {
		return false
	}
	p0 := f.Panels[0]
	for _, p := range f.Panels[1:] {
		same := p.XLabel != "" && p.XLabel == p0.XLabel || p.XLabel == p0.XLabel && p.X == p0.X && p.scale() == p0.scale()
		if !same || p.LogX != p0.LogX || !slices.EqualFunc(p.Windows, p0.Windows, func(a, b Window) bool {
			return a.Offset == b.Offset && a.From == b.From && a.To == b.To
		}) {
			return false
		}
	}
	return true
}

// shareX gives all plots of the same window the union of their x ranges,
// and leaves the x label and tick labels to the bottom panel (build left
// the band and window labels to the top one).
func shareX(bs []*built) {
	for j := range bs[0].plots {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, b := range bs {
			lo, hi = min(lo, b.plots[j].X.Min), max(hi, b.plots[j].X.Max)
		}
		for i, b := range bs {
			p := b.plots[j]
			p.X.Min, p.X.Max = lo, hi
			if i < len(bs)-1 {
				p.X.Label.Text = ""
				p.X.Tick.Marker = unlabelled{p.X.Tick.Marker}
			}
		}
	}
}

// unlabelled keeps a Ticker's tick positions and drops its labels.
type unlabelled struct{ gplot.Ticker }

// Ticks returns the wrapped ticks without labels.
func (u unlabelled) Ticks(lo, hi float64) []gplot.Tick {
	ticks := u.Ticker.Ticks(lo, hi)
	for i := range ticks {
		ticks[i].Label = ""
	}
	return ticks
}

// ---- text ----

// style is a text style of the plot font at size pt.
func style(size vg.Length, clr color.Color, x text.XAlignment, y text.YAlignment) text.Style {
	return text.Style{Color: clr, Font: fontOf(size), XAlign: x, YAlign: y, Handler: gplot.DefaultTextHandler}
}

// fontOf returns the default plot font at size pt.
func fontOf(size vg.Length) (fnt font.Font) {
	fnt = gplot.DefaultFont
	fnt.Size = size
	return fnt
}

// bold returns sty in the bold face.
func bold(sty text.Style) text.Style {
	sty.Font.Weight = xfont.WeightBold
	return sty
}

// captionStyle is the text style of the caption.
func captionStyle() text.Style { return style(captionSize, color.Black, draw.XLeft, draw.YTop) }

// wrap splits s into lines no wider than width in sty; paragraphs
// (newlines) are kept.
func wrap(s string, sty text.Style, width vg.Length) []string {
	var lines []string
	for _, para := range strings.Split(printable(s), "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := strings.TrimSpace(line + " " + word)
			if line != "" && sty.Width(try) > width {
				lines = append(lines, line)
				try = word
			}
			line = try
		}
		lines = append(lines, line)
	}
	return lines
}

// leading is the distance between baselines of sty's lines.
func leading(sty text.Style) vg.Length { return sty.FontExtents().Height * captionLeader }

// titleStyle is the style of the figure title.
func titleStyle() text.Style { return style(titleSize, color.Black, draw.XCenter, draw.YTop) }

// titleHeight is the height the title takes in a figure inner width wide.
func (f Figure) titleHeight(width vg.Length) vg.Length {
	if strings.TrimSpace(f.Title) == "" {
		return 0
	}
	sty := titleStyle()
	return vg.Length(len(wrap(f.Title, sty, width)))*leading(sty) + headerGap
}

// drawTitle writes the title centred at the top of c, wrapped to its width.
func (f Figure) drawTitle(c draw.Canvas) {
	if strings.TrimSpace(f.Title) == "" {
		return
	}
	sty := titleStyle()
	y := c.Max.Y
	for _, l := range wrap(f.Title, sty, c.Max.X-c.Min.X) {
		c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y}, l)
		y -= leading(sty)
	}
}

// captionHeight is the height the caption takes in a figure width wide,
// including the gap above it; 0 without a caption.
func (f Figure) captionHeight(width vg.Length) vg.Length {
	if strings.TrimSpace(f.Caption) == "" {
		return 0
	}
	n := len(wrap(f.Caption, captionStyle(), width-2*margin))
	return vg.Length(n)*leading(captionStyle()) + margin
}

// drawCaption writes the caption into c from its top left corner.
func (f Figure) drawCaption(c draw.Canvas) {
	if strings.TrimSpace(f.Caption) == "" {
		return
	}
	y := c.Max.Y - margin
	for _, line := range wrap(f.Caption, captionStyle(), c.Max.X-c.Min.X) {
		c.FillText(captionStyle(), vg.Point{X: c.Min.X, Y: y}, line)
		y -= leading(captionStyle())
	}
}

// ---- panel headers ----

// headerRows are the rows of a panel's header, top to bottom: its title,
// the note's lines, the legend's rows, and the band and window labels.
type headerRows struct {
	title  string
	note   []string
	legend [][]int // rows of series indices
	labels bool
}

func headingStyle() text.Style { return bold(style(headingSize, color.Black, draw.XLeft, draw.YTop)) }
func noteStyle() text.Style    { return style(noteSize, noteColor, draw.XLeft, draw.YTop) }
func legendStyle() text.Style  { return style(legendSize, color.Black, draw.XLeft, draw.YTop) }

// legendLabels are the labels a panel's legend shows, or nil for none.
func (p Panel) legendLabels() []string {
	if len(p.Legend) > 0 {
		return p.Legend
	}
	if len(p.Y) < 2 || p.Table == nil {
		return nil
	}
	out := make([]string, len(p.Y))
	for i, y := range p.Y {
		out[i] = ColLabel(colOf(p.Table, y))
	}
	return out
}

// rows lays the header out for a width; labels says whether band and
// window labels are drawn above this panel.
func (p Panel) rows(width vg.Length, labels bool) headerRows {
	r := headerRows{title: printable(p.Title)}
	if p.Note != "" {
		r.note = wrap(p.Note, noteStyle(), width)
	}
	var row []int
	var used vg.Length
	for i, l := range p.legendLabels() {
		w := legendThumb + 3 + legendStyle().Width(printable(l)) + legendSkip
		if len(row) > 0 && used+w > width {
			r.legend = append(r.legend, row)
			row, used = nil, 0
		}
		row = append(row, i)
		used += w
	}
	if len(row) > 0 {
		r.legend = append(r.legend, row)
	}
	if labels {
		for _, b := range p.Bands {
			r.labels = r.labels || b.Label != ""
		}
		for _, w := range p.Windows {
			r.labels = r.labels || w.Label != ""
		}
	}
	return r
}

// height is the height of the header's rows.
func (r headerRows) height() vg.Length {
	var h vg.Length
	if r.title != "" {
		h += leading(headingStyle())
	}
	h += vg.Length(len(r.note)) * leading(noteStyle())
	h += vg.Length(len(r.legend)) * leading(legendStyle())
	if r.labels {
		h += leading(labelStyle(draw.XCenter, draw.YTop))
	}
	if h > 0 {
		h += rowGap
	}
	return h
}

// headerHeight is the height of the panel's header, with the gap above it.
func (p Panel) headerHeight(width vg.Length, labels bool) vg.Length {
	return p.rows(width, labels).height() + headerGap
}

// drawHeader writes the panel's header in the h above its tile (whose top
// is at top): title, note and legend from the left edge x0 of the data
// area, band labels centred on their bands and window labels on their
// windows (spans are the windows' data extents).
func (b *built) drawHeader(c vg.Canvas, x0, x1, top, h vg.Length, spans [][2]vg.Length) {
	cv := draw.Canvas{Canvas: c, Rectangle: vgRect(x0, top, x1, top+h)}
	r := b.p.rows(x1-x0, b.labels)
	y := top + r.height() - rowGap/2
	if r.title != "" {
		cv.FillText(headingStyle(), vg.Point{X: x0, Y: y}, r.title)
		y -= leading(headingStyle())
	}
	for _, l := range r.note {
		cv.FillText(noteStyle(), vg.Point{X: x0, Y: y}, l)
		y -= leading(noteStyle())
	}
	labels := b.p.legendLabels()
	for _, row := range r.legend {
		x := x0
		mid := y - legendStyle().FontExtents().Ascent/2 - 1
		for _, i := range row {
			s := b.series[i]
			if s.points {
				cv.DrawGlyph(draw.GlyphStyle{Color: s.color, Radius: pointRadius, Shape: draw.CircleGlyph{}}, vg.Point{X: x + legendThumb/2, Y: mid})
			} else {
				cv.StrokeLine2(draw.LineStyle{Color: s.color, Width: lineWidth}, x, mid, x+legendThumb, mid)
			}
			x += legendThumb + 3
			l := printable(labels[i])
			cv.FillText(legendStyle(), vg.Point{X: x, Y: y}, l)
			x += legendStyle().Width(l) + legendSkip
		}
		y -= leading(legendStyle())
	}
	if !r.labels {
		return
	}
	sty := labelStyle(draw.XCenter, draw.YTop)
	put := func(label string, mid vg.Length) {
		label = printable(label)
		half := sty.Width(label) / 2
		cv.FillText(sty, vg.Point{X: clamp(mid, x0+half, x1-half), Y: y}, label)
	}
	for j, w := range b.wins {
		if w.Label != "" {
			put(w.Label, (spans[j][0]+spans[j][1])/2)
		}
	}
	p := b.plots[0]
	for _, bd := range b.p.Bands {
		if bd.Label == "" {
			continue
		}
		lo, hi := p.X.Norm(min(bd.X0, bd.X1)), p.X.Norm(max(bd.X0, bd.X1))
		lo, hi = max(0, min(lo, 1)), max(0, min(hi, 1))
		a, e := spans[0][0], spans[0][1]
		put(bd.Label, a+(e-a)*vg.Length((lo+hi)/2))
	}
}
