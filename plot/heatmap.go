package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HeatMap is a figure of one value over a grid of two variables: cell
// (X[i], Y[j]) is filled with the colour of Z[j][i], and a colour bar at the
// right gives the scale. It is the figure of a two-axis sweep, e.g. the
// change in strength (LTD blue, LTP red) against stimulation frequency and
// [Ca²⁺]o. Cells span half-way to their neighbours (in log space on a log
// axis); the outer cells are symmetric about their centres.
type HeatMap struct {
	Title   string
	Caption string      // wrapped to the figure width
	X, Y    []float64   // cell centres along x (columns) and y (rows), strictly increasing
	Z       [][]float64 // Z[j][i] is the value at (X[i], Y[j]); a NaN cell is drawn grey (no data)
	XLabel  string      // e.g. "Stimulation frequency (Hz)"
	YLabel  string      // e.g. "[Ca²⁺]o (mM)"
	ZLabel  string      // the colour bar's label, e.g. "Change in strength (%)"
	LogX    bool        // logarithmic x axis; every X must be > 0
	LogY    bool        // logarithmic y axis; every Y must be > 0
	// Diverging centres the colour scale on zero: blue below, light grey
	// at zero, red above, over the symmetric range ±max|Z|. Otherwise a
	// sequential scale spans [min Z, max Z].
	Diverging bool
	// XTicks and YTicks, if not nil, label the cells instead of numbers
	// (categorical axes, e.g. parameter-set names), one label per X or Y.
	XTicks, YTicks []string
	Width          vg.Length // 0 means DefaultWidth
	Height         vg.Length // 0 means DefaultHeatMapHeight plus the caption
	DPI            int       // PNG resolution; 0 means DefaultDPI
}

// Heat-map layout.
const (
	// DefaultHeatMapHeight is the height of the plot area of a heat map
	// (without the caption) when Height is 0.
	DefaultHeatMapHeight = 4.5 * vg.Inch
	colorBarWidth        = 1.1 * vg.Inch // the colour bar with its ticks and label
	colorBarGap          = 0.15 * vg.Inch
	paletteColors        = 255 // colours in the palette of the cells
)

// noDataColor fills cells whose value is NaN.
var noDataColor = color.Black

// WriteSVG draws the heat map as SVG.
func (h HeatMap) WriteSVG(w io.Writer) error {
	width, height := h.size()
	return writeSVG(w, width, height, h.Title, h.draw)
}

// WritePNG draws the heat map as PNG at h.DPI on a white background.
func (h HeatMap) WritePNG(w io.Writer) error {
	width, height := h.size()
	return writePNG(w, width, height, h.DPI, h.Title, h.draw)
}

// Save writes the heat map to path as SVG or PNG, chosen by the extension,
// with mode 0644, through a temporary file in the same folder that is
// renamed at the end: path is either the whole figure or untouched.
func (h HeatMap) Save(path string) error { return save(path, h.WriteSVG, h.WritePNG) }

// caption is the figure whose caption code the heat map shares.
func (h HeatMap) caption() Figure { return Figure{Caption: h.Caption} }

// size returns the figure's size with defaults filled in.
func (h HeatMap) size() (w, ht vg.Length) {
	w, ht = cmp.Or(h.Width, DefaultWidth), h.Height
	if ht == 0 {
		ht = DefaultHeatMapHeight + h.caption().captionHeight(w) + 2*margin
	}
	return w, ht
}

// check validates the grid and returns the plotted coordinates (log10 of
// the values on a log axis).
func (h HeatMap) check() (xs, ys []float64, err error) {
	if len(h.X) == 0 || len(h.Y) == 0 {
		return nil, nil, fmt.Errorf("heat map has %d x and %d y values: need at least one of each", len(h.X), len(h.Y))
	}
	if len(h.Z) != len(h.Y) {
		return nil, nil, fmt.Errorf("heat map has %d rows of Z for %d y values", len(h.Z), len(h.Y))
	}
	for j, row := range h.Z {
		if len(row) != len(h.X) {
			return nil, nil, fmt.Errorf("heat map row %d has %d values for %d x values", j, len(row), len(h.X))
		}
	}
	if h.XTicks != nil && len(h.XTicks) != len(h.X) {
		return nil, nil, fmt.Errorf("heat map has %d x tick labels for %d x values", len(h.XTicks), len(h.X))
	}
	if h.YTicks != nil && len(h.YTicks) != len(h.Y) {
		return nil, nil, fmt.Errorf("heat map has %d y tick labels for %d y values", len(h.YTicks), len(h.Y))
	}
	if xs, err = coords("x", h.X, h.LogX); err != nil {
		return nil, nil, err
	}
	if ys, err = coords("y", h.Y, h.LogY); err != nil {
		return nil, nil, err
	}
	return xs, ys, nil
}

// coords checks that vs are finite and strictly increasing (and > 0 on a
// log axis) and returns them, as log10 on a log axis.
func coords(axis string, vs []float64, logAxis bool) ([]float64, error) {
	out := make([]float64, len(vs))
	for i, v := range vs {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			return nil, fmt.Errorf("heat map %s value %d is %g: must be finite", axis, i, v)
		case logAxis && v <= 0:
			return nil, fmt.Errorf("heat map %s value %d is %g: must be > 0 on a log axis", axis, i, v)
		case i > 0 && v <= vs[i-1]:
			return nil, fmt.Errorf("heat map %s values must increase strictly: %g then %g", axis, vs[i-1], v)
		}
		out[i] = v
		if logAxis {
			out[i] = math.Log10(v)
		}
	}
	return out, nil
}

// zRange is the range of the colour scale: ±max|Z| when diverging, else
// [min Z, max Z]; a degenerate range is widened so the scale can be drawn.
func (h HeatMap) zRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range h.Z {
		for _, z := range row {
			if !math.IsNaN(z) && !math.IsInf(z, 0) {
				lo, hi = min(lo, z), max(hi, z)
			}
		}
	}
	switch {
	case lo > hi: // no finite value
		return -1, 1
	case h.Diverging:
		m := max(math.Abs(lo), math.Abs(hi))
		if m == 0 {
			m = 1
		}
		return -m, m
	case lo == hi:
		d := math.Max(math.Abs(lo)*0.01, 0.5)
		return lo - d, hi + d
	}
	return lo, hi
}

// grid adapts the heat map to plotter.GridXYZ.
type grid struct {
	xs, ys []float64
	z      [][]float64
}

func (g grid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g grid) Z(c, r int) float64 { return g.z[r][c] }
func (g grid) X(c int) float64    { return g.xs[c] }
func (g grid) Y(r int) float64    { return g.ys[r] }

// draw lays the heat map out on c: the map with its title at the top left,
// the colour bar at the right, the caption at the bottom.
func (h HeatMap) draw(c draw.Canvas) error {
	xs, ys, err := h.check()
	if err != nil {
		return fmt.Errorf("plot: figure %q: %w", h.Title, err)
	}
	lo, hi := h.zRange()
	var cmap palette.ColorMap
	if h.Diverging {
		cmap = moreland.SmoothBlueRed()
	} else {
		cmap = moreland.ExtendedBlackBody()
	}
	cmap.SetMin(lo)
	cmap.SetMax(hi)

	hm := plotter.NewHeatMap(grid{xs: xs, ys: ys, z: h.Z}, cmap.Palette(paletteColors))
	hm.Min, hm.Max = lo, hi
	hm.NaN = noDataColor
	p := gplot.New()
	p.Add(hm)
	p.Title.Text = printable(h.Title)
	p.Title.Padding = 0.1 * vg.Inch
	p.X.Label.Text = printable(h.XLabel)
	p.Y.Label.Text = printable(h.YLabel)
	p.X.Tick.Marker = axisTicks(h.X, xs, h.XTicks, h.LogX)
	p.Y.Tick.Marker = axisTicks(h.Y, ys, h.YTicks, h.LogY)

	bar := gplot.New()
	bar.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true, Colors: paletteColors})
	bar.HideX()
	bar.Y.Label.Text = printable(h.ZLabel)
	bar.Y.Padding = 0

	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	fig := h.caption()
	capH := fig.captionHeight(c.Max.X - c.Min.X)
	c = draw.Crop(c, margin, -margin, margin, -margin)
	fig.drawCaption(draw.Crop(c, 0, 0, 0, capH-(c.Max.Y-c.Min.Y)))
	area := draw.Crop(c, 0, 0, capH, 0)

	mapArea := draw.Crop(area, 0, -(colorBarWidth + colorBarGap), 0, 0)
	p.Draw(mapArea)
	// The colour bar spans the data area of the map.
	d := p.DataCanvas(mapArea)
	side := draw.Crop(area, area.Max.X-area.Min.X-colorBarWidth, 0, d.Min.Y-area.Min.Y, d.Max.Y-area.Max.Y)
	b := bar.DataCanvas(side)
	side = draw.Crop(side, 0, 0, d.Min.Y-b.Min.Y, d.Max.Y-b.Max.Y)
	bar.Draw(side)
	return nil
}

// maxCellTicks is the most cells along an axis that are labelled one by
// one; longer axes get ordinary ticks.
const maxCellTicks = 12

// axisTicks returns the tick marker of one heat-map axis: the given labels
// at the cell centres; the values at the centres when there are at most
// maxCellTicks; else decades on a log axis, or gonum's default ticks.
func axisTicks(vs, coords []float64, labels []string, logAxis bool) gplot.Ticker {
	if labels != nil || len(vs) <= maxCellTicks {
		ticks := make(cellTicks, len(vs))
		for i, v := range vs {
			l := strconv.FormatFloat(v, 'g', 4, 64)
			if labels != nil {
				l = labels[i]
			}
			ticks[i] = gplot.Tick{Value: coords[i], Label: printable(l)}
		}
		return ticks
	}
	if logAxis {
		return log10Ticks{}
	}
	return gplot.DefaultTicks{}
}

// cellTicks is a fixed list of ticks.
type cellTicks []gplot.Tick

// Ticks returns the fixed ticks.
func (t cellTicks) Ticks(lo, hi float64) []gplot.Tick { return t }

// log10Ticks marks an axis whose plotted coordinate is log10 of the value:
// a labelled tick at every decade, unlabelled ones at 2…9 times a decade;
// when fewer than two decades fall in the range, 2× and 5× are labelled too.
type log10Ticks struct{}

// Ticks returns the ticks for [lo, hi] in log10 units.
func (log10Ticks) Ticks(lo, hi float64) []gplot.Tick {
	const eps = 1e-9
	decades := 0
	for d := math.Ceil(lo - eps); d <= hi+eps; d++ {
		decades++
	}
	var ticks []gplot.Tick
	for d := math.Floor(lo); d <= math.Ceil(hi); d++ {
		for k := 1; k <= 9; k++ {
			v := d + math.Log10(float64(k))
			if v < lo-eps || v > hi+eps {
				continue
			}
			t := gplot.Tick{Value: v}
			if k == 1 || (decades < 2 && (k == 2 || k == 5)) {
				t.Label = strconv.FormatFloat(float64(k)*math.Pow(10, d), 'g', 6, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
