package fit

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/synlab/synlab/report"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure size.
const (
	figWidth  = 7 * vg.Inch
	figHeight = 4.5 * vg.Inch
	// logSpan is the ratio max/min of positive x above which a curve is
	// drawn on a log x axis (frequency–response curves span 0.5–100 Hz).
	logSpan = 20
)

// errPoints are the data with their error bars, for plotter.YErrorBars.
type errPoints struct {
	plotter.XYs
	err []float64
}

// YError returns the low and high error of point i.
func (e errPoints) YError(i int) (float64, float64) { return e.err[i], e.err[i] }

// Figure draws the data (points, with error bars when given) and the
// fitted model at the data's x (a line), against the curve's x (log when
// positive x span more than logSpan times) or against time.
func (r *Result) Figure(title string) (*gplot.Plot, error) {
	if len(r.Model) != len(r.X) {
		return nil, fmt.Errorf("fit: no model values to draw")
	}
	idx := make([]int, len(r.X))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.X[idx[a]] < r.X[idx[b]] })
	data := make(plotter.XYs, len(idx))
	model := make(plotter.XYs, len(idx))
	for j, i := range idx {
		data[j] = plotter.XY{X: r.X[i], Y: r.Y[i]}
		model[j] = plotter.XY{X: r.X[i], Y: r.Model[i]}
	}
	p := gplot.New()
	p.Title.Text = title
	p.Title.Padding = vg.Points(6)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(6), -vg.Points(6)
	base := 0.0
	if r.Kind == TimeCourse {
		base = 100
		p.X.Label.Text = "Time from the start of the run (min)"
		p.Y.Label.Text = "Strength (% of baseline)"
	} else {
		p.Y.Label.Text = "Change in strength (% of baseline)"
		p.X.Label.Text = r.XPath
		if r.XUnit != "" {
			p.X.Label.Text += " (" + r.XUnit + ")"
		}
		if lo, hi := data[0].X, data[len(data)-1].X; lo > 0 && hi/lo >= logSpan {
			p.X.Scale = gplot.LogScale{}
			p.X.Tick.Marker = gplot.LogTicks{Prec: -1}
		}
	}
	ref, err := plotter.NewLine(plotter.XYs{{X: data[0].X, Y: base}, {X: data[len(data)-1].X, Y: base}})
	if err != nil {
		return nil, err
	}
	ref.LineStyle = draw.LineStyle{Color: color.Gray{Y: 120}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	p.Add(ref)
	if r.Err != nil {
		ep := errPoints{XYs: data, err: make([]float64, len(idx))}
		for j, i := range idx {
			ep.err[j] = r.Err[i]
		}
		bars, err := plotter.NewYErrorBars(ep)
		if err != nil {
			return nil, err
		}
		p.Add(bars)
	}
	pts, err := plotter.NewScatter(data)
	if err != nil {
		return nil, err
	}
	pts.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	line, err := plotter.NewLine(model)
	if err != nil {
		return nil, err
	}
	line.LineStyle.Color = color.RGBA{R: 200, G: 30, B: 30, A: 255}
	line.LineStyle.Width = vg.Points(1.5)
	p.Add(line, pts)
	p.Legend.Add("data", pts)
	p.Legend.Add("fitted model", line)
	return p, nil
}

// SaveFigure writes the figure to path as SVG or PNG (by the extension),
// atomically.
func (r *Result) SaveFigure(path, title string) error {
	p, err := r.Figure(title)
	if err != nil {
		return err
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if format != "svg" && format != "png" {
		return fmt.Errorf("fit: saving %s: unknown extension (want .svg or .png)", path)
	}
	wt, err := p.WriterTo(figWidth, figHeight, format)
	if err != nil {
		return fmt.Errorf("fit: saving %s: %w", path, err)
	}
	return report.WriteFileAtomic(path, func(w io.Writer) error { _, err := wt.WriteTo(w); return err })
}

// Title is the figure's title, two lines: the fit's quality, then the
// fitted values.
func (r *Result) Title(name string) string {
	var parts []string
	for i, f := range r.Params {
		short := f.Path[strings.LastIndexByte(f.Path, '.')+1:]
		parts = append(parts, fmt.Sprintf("%s = %s", short, FormatPM(r.Best[i], r.Sigma[i], f.Unit)))
	}
	q := fmt.Sprintf("χ² = %.3g for %d points", r.Chi2, r.N)
	if r.DoF > 0 {
		q += fmt.Sprintf(", χ²/dof = %.3g", r.RedChi2)
	}
	return fmt.Sprintf("Fit of %s: %s\n%s", name, q, strings.Join(parts, ", "))
}

// FormatPM writes v ± σ with σ to two significant digits and v to the same
// decimal place.
func FormatPM(v, sigma float64, unit string) string {
	u := ""
	if unit != "" {
		u = " " + unit
	}
	if math.IsNaN(sigma) || sigma <= 0 {
		return fmt.Sprintf("%.4g%s (σ n/a)", v, u)
	}
	dec := max(0, 1-int(math.Floor(math.Log10(sigma))))
	return fmt.Sprintf("%.*f ± %.*f%s", dec, v, dec, sigma, u)
}
