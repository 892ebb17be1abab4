// Package plot draws synlab's figures from trace tables with
// gonum.org/v1/plot: a time course in the style of Purves Fig. 8.16B (EPSP
// as % of baseline against time, test pulses as points, the induction period
// shaded and named above the data, a dashed line at 100 %), with stacked
// panels below sharing one time axis (Ca²⁺ with its thresholds, ρ or W,
// receptor pools), each under a heading and a sentence saying what it
// shows; insets (the EPSP waveform before and after); broken time axes
// (single pulses of a train, about 100 ms each); and curves such as the STDP
// window or the frequency–response on a log axis.
//
// Figures are meant to be shown: ticks are round and written with the
// decimals their step needs, a panel's y axis can have a floor so that a
// null result looks null, labels of nearby reference lines are moved apart,
// and titles and captions wrap instead of being clipped.
//
// The package only draws what tables contain: it holds no model equations.
// Figures are written as SVG (for goldens and the web) or PNG.
package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/synlab/synlab/trace"

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
	XLabel string   // e.g. "Time (min)"; shown under the bottom panel only when the x axis is shared
	Y      []string // names of the y columns
	YLabel string   // e.g. "EPSP (% of baseline)"; may be empty when Title says what is plotted
	// Title is a heading above the panel's data ("PSD-trapped AMPARs
	// (count)") and Note one sentence under it saying what the panel shows;
	// both are optional.
	Title, Note string
	// Legend names the Y columns in a legend row above the data, in the
	// same order; without it a panel of several columns is labelled with
	// their trace.Col labels (Label, else Doc, else Name). A panel of one
	// column has no legend unless Legend is given.
	Legend   []string
	HLines   []HLine // dashed horizontal lines: thresholds θd, θp; the 100 % baseline
	VLines   []VLine // dashed vertical lines: Δt = 0 in an STDP window
	Bands    []Band  // shaded x intervals: the induction period; labels are written above the data
	MinRange Range   // the y axis covers at least [Lo, Hi] (zero value: no floor), so a null result looks null
	// Windows, if any, break the x axis: each window is drawn side by side
	// with its own x range and the same y range (single pulses of a train).
	Windows []Window
	Inset   *Inset // a small plot drawn in the emptiest corner of the data area
	Points  bool   // draw each sample as a dot (test pulses) instead of a line
	LogX    bool   // logarithmic x axis (frequency–response); x ≤ 0 is not drawn
}

// Range is a closed interval [Lo, Hi]; its zero value is empty.
type Range struct{ Lo, Hi float64 }

// empty reports whether r is the zero value.
func (r Range) empty() bool { return r.Lo == 0 && r.Hi == 0 }

// Window is one piece of a broken x axis: it shows the points whose
// plotted x lies in [Offset+From, Offset+To], drawn at x − Offset, so that
// every window's axis reads From…To (ms after each pulse). Label is
// written above the window in the top panel; VLines are in window units.
type Window struct {
	Offset, From, To float64
	Label            string
	VLines           []VLine
}

// Inset is a small plot inside a panel: Y columns of Table against X (×
// XScale), with a legend. The waveform of the EPSP before and after the
// induction is drawn so in the main panel (Purves Fig. 8.16B).
type Inset struct {
	Table  *trace.Table
	X      string
	XScale float64 // 0 means 1
	Y      []string
	Legend []string // names of the Y columns; default their labels
	XLabel string
	YLabel string
}

// HLine is a dashed horizontal line at Y with an optional label at its right
// end (e.g. θd, θp; 100 % baseline). Labels of nearby lines are moved apart
// so that they never overlap.
type HLine struct {
	Y     float64
	Label string
}

// VLine is a dashed vertical line at X with an optional label at its top.
type VLine struct {
	X     float64
	Label string
}

// Band is a shaded x interval [X0, X1] with a label, e.g. the induction
// period "LFS 1 Hz × 900". The label is written above the data area of the
// figure's top panel, centred on the band, so it never covers data.
type Band struct {
	X0, X1 float64
	Label  string
}

// Figure is a title, panels stacked top to bottom, and a caption below. If
// all panels plot the same x axis (the same XLabel, or the same X column
// and XScale, and the same LogX and Windows) they share one x range, and
// only the bottom panel has x tick labels and the x label. The first of
// several panels is twice as tall as the others. The title and the caption
// are wrapped to the figure's width. Text is drawn in the Liberation fonts
// that gonum/plot embeds; the superscripts ⁺ and ⁻, which they lack, are
// drawn as + and − (so "Ca²⁺" appears as "Ca²+").
type Figure struct {
	Title   string
	Caption string // wrapped to the figure width
	Panels  []Panel
	Width   vg.Length // 0 means DefaultWidth
	Height  vg.Length // 0 means DefaultPanelHeight per unit of panel height, plus headers, title and caption
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
	titleSize     = 13            // pt
	headingSize   = 10            // pt, panel titles
	noteSize      = 8.5           // pt, the sentence under a panel title
	captionSize   = 9             // pt
	labelSize     = 9             // pt, for line, band and window labels
	legendSize    = 9             // pt
	insetSize     = 7.5           // pt, text of an inset
	pointRadius   = 2             // pt
	lineWidth     = 1.2           // pt
	guideWidth    = 0.8           // pt, for HLines and VLines
	captionLeader = 1.3           // line spacing, in font heights
	windowGap     = 0.12 * vg.Inch
	insetWidth    = 0.34 // fraction of the data area
	insetHeight   = 0.5  // fraction of the data area
)

var (
	bandColor  = color.Gray{Y: 225}
	guideColor = color.Gray{Y: 90}
	noteColor  = color.Gray{Y: 80}
	dashes     = []vg.Length{vg.Points(4), vg.Points(3)}
	// seriesPalette is the series colours: dark enough to print, told apart in
	// grey scale by their order.
	seriesPalette = []color.Color{
		color.RGBA{R: 0x1f, G: 0x4e, B: 0x9c, A: 0xff}, // blue
		color.RGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0xff}, // red
		color.RGBA{R: 0x2e, G: 0x8b, B: 0x57, A: 0xff}, // green
		color.RGBA{R: 0xd6, G: 0x7d, B: 0x00, A: 0xff}, // orange
		color.RGBA{R: 0x6c, G: 0x3d, B: 0x9a, A: 0xff}, // purple
		color.RGBA{R: 0x4d, G: 0x4d, B: 0x4d, A: 0xff}, // grey
		color.RGBA{R: 0x00, G: 0x8b, B: 0x8b, A: 0xff}, // teal
		color.RGBA{R: 0x8b, G: 0x45, B: 0x13, A: 0xff}, // brown
	}
)

// seriesColor is the colour of the i-th series of a panel.
func seriesColor(i int) color.Color { return seriesPalette[i%len(seriesPalette)] }

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
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return fmt.Errorf("plot: writing SVG for %q: %w", title, err)
	}
	if _, err := w.Write(bytes.ReplaceAll(buf.Bytes(), []byte(svgFont), []byte(svgFonts))); err != nil {
		return fmt.Errorf("plot: writing SVG for %q: %w", title, err)
	}
	return nil
}

// svgFont is the font gonum/plot names in SVG; svgFonts adds Times New
// Roman and Times, which have the same metrics, and any serif, so that a
// browser without the Liberation fonts lays the text out as measured.
const (
	svgFont  = "font-family:Liberation Serif;"
	svgFonts = "font-family:'Liberation Serif','Times New Roman',Times,serif;"
)

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
