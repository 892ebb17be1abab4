// Package plot draws synlab's figures from trace tables with
// gonum.org/v1/plot: a time course in the style of Purves Fig. 8.16B (EPSP
// as % of baseline against time, test pulses as points, the induction period
// shaded and labelled, a dashed line at 100 %), with stacked panels below
// sharing the time axis (Ca²⁺ with its thresholds, ρ or W), and curves such
// as the STDP window or the frequency–response on a log axis.
//
// The package only draws what tables contain: it holds no model equations.
// Figures are written as SVG (for goldens and the web) or PNG.
package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/synlab/synlab/trace"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Panel is one stacked panel: Y columns (by name) of a table against its X
// column. HLines, VLines and Bands are in plotted units, that is after
// XScale.
type Panel struct {
	Table  *trace.Table
	X      string   // name of the x column
	XScale float64  // x values are multiplied by this (1/60000: ms → min); 0 means 1
	XLabel string   // e.g. "Time (min)"
	Y      []string // names of the y columns; a legend is drawn when there are several
	YLabel string   // e.g. "EPSP (% of baseline)"
	HLines []HLine  // dashed horizontal lines: thresholds θd, θp; the 100 % baseline
	VLines []VLine  // dashed vertical lines: Δt = 0 in an STDP window
	Bands  []Band   // shaded x intervals: the induction period
	Points bool     // draw each sample as a dot (test pulses) instead of a line
	LogX   bool     // logarithmic x axis (frequency–response); x ≤ 0 is not drawn
}

// HLine is a dashed horizontal line at Y with an optional label at its right
// end (e.g. θd, θp; 100 % baseline).
type HLine struct {
	Y     float64
	Label string
}

// VLine is a dashed vertical line at X with an optional label at its top.
type VLine struct {
	X     float64
	Label string
}

// Band is a shaded x interval [X0, X1] with a label at its top, e.g. the
// induction period "LFS 1 Hz × 900".
type Band struct {
	X0, X1 float64
	Label  string
}

// Figure is a title, panels stacked top to bottom, and a caption below. If
// all panels plot the same X column with the same XScale and LogX, they share
// one x range and only the bottom panel labels the x axis. The first of
// several panels is twice as tall as the others. Text is drawn in the
// Liberation fonts that gonum/plot embeds; the superscripts ⁺ and ⁻, which
// they lack, are drawn as + and − (so "Ca²⁺" appears as "Ca²+").
type Figure struct {
	Title   string
	Caption string // wrapped to the figure width
	Panels  []Panel
	Width   vg.Length // 0 means DefaultWidth
	Height  vg.Length // 0 means DefaultPanelHeight per unit of panel height, plus the caption
	DPI     int       // PNG resolution in dots per inch; 0 means DefaultDPI
}

// Defaults for the zero values of Figure's size fields.
const (
	DefaultWidth       = 7 * vg.Inch
	DefaultPanelHeight = 1.6 * vg.Inch // per unit: the first of several panels takes 2 units
	DefaultDPI         = 150
)

// Layout and style constants, in one place.
const (
	margin        = 0.1 * vg.Inch // around the whole figure
	captionSize   = 9             // pt
	labelSize     = 9             // pt, for line and band labels
	bandHeadroom  = 0.15          // fraction of the y range added on top for band labels
	pointRadius   = 2             // pt
	lineWidth     = 1.2           // pt
	guideWidth    = 0.8           // pt, for HLines and VLines
	captionLeader = 1.3           // line spacing, in font heights
)

var (
	bandColor  = color.Gray{Y: 225}
	guideColor = color.Gray{Y: 90}
	dashes     = []vg.Length{vg.Points(4), vg.Points(3)}
)

// WriteSVG draws the figure as SVG.
func (f Figure) WriteSVG(w io.Writer) error {
	width, height := f.size()
	return writeSVG(w, width, height, f.Title, f.draw)
}

// writeSVG draws with drawFn on a width×height SVG canvas and writes it.
func writeSVG(w io.Writer, width, height vg.Length, title string, drawFn func(draw.Canvas) error) error {
	c := vgsvg.New(width, height)
	if err := drawFn(draw.New(c)); err != nil {
		return err
	}
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("plot: writing SVG for %q: %w", title, err)
	}
	return nil
}

// writePNG draws with drawFn on a width×height canvas at dpi (DefaultDPI
// if 0) on white and writes it as PNG.
func writePNG(w io.Writer, width, height vg.Length, dpi int, title string, drawFn func(draw.Canvas) error) error {
	if dpi == 0 {
		dpi = DefaultDPI
	}
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	if err := drawFn(draw.New(c)); err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return fmt.Errorf("plot: writing PNG for %q: %w", title, err)
	}
	return nil
}

// WritePNG draws the figure as PNG at f.DPI on a white background; the image
// is Width×Height converted to pixels.
func (f Figure) WritePNG(w io.Writer) error {
	width, height := f.size()
	return writePNG(w, width, height, f.DPI, f.Title, f.draw)
}

// Save writes the figure to path as SVG or PNG, chosen by the extension
// (.svg or .png), with mode 0644. It writes a temporary file in the same
// folder and renames it, so path is either the whole figure or untouched.
func (f Figure) Save(path string) error { return save(path, f.WriteSVG, f.WritePNG) }

// save writes path as SVG or PNG, chosen by its extension, with mode 0644,
// through a temporary file in the same folder renamed at the end.
func save(path string, svg, png func(io.Writer) error) error {
	var write func(io.Writer) error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		write = svg
	case ".png":
		write = png
	default:
		return fmt.Errorf("plot: saving %s: unknown extension (want .svg or .png)", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".plot-*"+filepath.Ext(path))
	if err != nil {
		return fmt.Errorf("plot: saving %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	err = tmp.Chmod(0o644)      // CreateTemp makes it 0600
	if err == nil {
		err = write(tmp)
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("plot: saving %s: %w", path, cerr)
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("plot: saving %s: %w", path, err)
	}
	return nil
}

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
		h = units*DefaultPanelHeight + f.captionHeight(w) + 2*margin
	}
	return w, h
}

// weight is the height of panel i of n in units: the first of several
// panels (the main result) is twice as tall.
func weight(i, n int) vg.Length {
	if i == 0 && n > 1 {
		return 2
	}
	return 1
}

// draw lays the figure out on c: panels from the top, aligned so that their
// data areas share left and right edges, and the caption at the bottom.
func (f Figure) draw(c draw.Canvas) error {
	if len(f.Panels) == 0 {
		return fmt.Errorf("plot: figure %q has no panels", f.Title)
	}
	plots := make([]*gplot.Plot, len(f.Panels))
	for i, p := range f.Panels {
		var err error
		if plots[i], err = p.plot(); err != nil {
			return fmt.Errorf("plot: figure %q, panel %d: %w", f.Title, i+1, err)
		}
	}
	plots[0].Title.Text = printable(f.Title)
	plots[0].Title.Padding = 0.1 * vg.Inch
	if f.sharedX() {
		shareX(plots)
	}

	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	capH := f.captionHeight(c.Max.X - c.Min.X)
	c = draw.Crop(c, margin, -margin, margin, -margin)
	f.drawCaption(draw.Crop(c, 0, 0, 0, capH-(c.Max.Y-c.Min.Y)))
	area := draw.Crop(c, 0, 0, capH, 0)

	var units vg.Length
	for i := range plots {
		units += weight(i, len(plots))
	}
	unit := (area.Max.Y - area.Min.Y) / units
	tiles := make([]draw.Canvas, len(plots))
	top := area.Max.Y
	for i := range plots {
		h := weight(i, len(plots)) * unit
		tiles[i] = draw.Crop(area, 0, 0, top-h-area.Min.Y, top-area.Max.Y)
		top -= h
	}
	// Align the data areas: every tile gets the widest left and right insets.
	var left, right vg.Length
	for i, p := range plots {
		d := p.DataCanvas(tiles[i])
		left = max(left, d.Min.X-tiles[i].Min.X)
		right = max(right, tiles[i].Max.X-d.Max.X)
	}
	for i, p := range plots {
		d := p.DataCanvas(tiles[i])
		t := draw.Crop(tiles[i], left-(d.Min.X-tiles[i].Min.X), -(right - (tiles[i].Max.X - d.Max.X)), 0, 0)
		p.Draw(t)
	}
	return nil
}

// sharedX reports whether all panels plot the same x column the same way.
func (f Figure) sharedX() bool {
	p0 := f.Panels[0]
	for _, p := range f.Panels[1:] {
		if p.X != p0.X || p.scale() != p0.scale() || p.LogX != p0.LogX {
			return false
		}
	}
	return len(f.Panels) > 1
}

// shareX gives all plots the union of their x ranges and leaves the x label
// and tick labels to the bottom plot.
func shareX(plots []*gplot.Plot) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range plots {
		lo, hi = min(lo, p.X.Min), max(hi, p.X.Max)
	}
	for i, p := range plots {
		p.X.Min, p.X.Max = lo, hi
		if i < len(plots)-1 {
			p.X.Label.Text = ""
			p.X.Tick.Marker = unlabelled{p.X.Tick.Marker}
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

// captionStyle is the text style of the caption.
func captionStyle() text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    fontOf(captionSize),
		XAlign:  draw.XLeft,
		YAlign:  draw.YTop,
		Handler: gplot.DefaultTextHandler,
	}
}

// fontOf returns the default plot font at size pt.
func fontOf(size vg.Length) (fnt font.Font) {
	fnt = gplot.DefaultFont
	fnt.Size = size
	return fnt
}

// captionLines wraps the caption into lines no wider than width.
func (f Figure) captionLines(width vg.Length) []string {
	sty := captionStyle()
	var lines []string
	for _, para := range strings.Split(printable(f.Caption), "\n") {
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

// lineHeight is the distance between caption baselines.
func lineHeight() vg.Length {
	return captionStyle().FontExtents().Height * captionLeader
}

// captionHeight is the height the caption takes in a figure width wide,
// including the gap above it; 0 without a caption.
func (f Figure) captionHeight(width vg.Length) vg.Length {
	if strings.TrimSpace(f.Caption) == "" {
		return 0
	}
	n := len(f.captionLines(width - 2*margin))
	return vg.Length(n)*lineHeight() + margin
}

// drawCaption writes the caption into c from its top left corner.
func (f Figure) drawCaption(c draw.Canvas) {
	if strings.TrimSpace(f.Caption) == "" {
		return
	}
	y := c.Max.Y - margin
	for _, line := range f.captionLines(c.Max.X - c.Min.X) {
		c.FillText(captionStyle(), vg.Point{X: c.Min.X, Y: y}, line)
		y -= lineHeight()
	}
}
