package sweep

import (
	"fmt"
	"math"
	"sort"

	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
	"gonum.org/v1/plot/vg"
)

// Saver is a figure that can be saved as SVG or PNG (plot.Figure,
// plot.HeatMap).
type Saver interface {
	Save(path string) error
}

// changeLabel is the label of change_pct on figures.
const changeLabel = "Change in strength (% of baseline)"

// NewFigure returns the figure of a sweep's results: for one axis, a plot
// of change_pct against it (every row a point, log x for a log axis); for
// two grid axes, a heat map of change_pct (mean over replicates) with the
// first axis along x and the second along y, blue for LTD and red for LTP;
// nil otherwise. note says what was drawn, or why nothing was.
func NewFigure(m *Manifest, t *trace.Table) (Saver, string) {
	if t.Len() == 0 {
		return nil, "no figure: no results yet"
	}
	caption := fmt.Sprintf("Sweep %q over %s (%d of %d points, %d replicate(s) each, sweep seed %d).", m.Name, m.BaseName, t.Len(), m.Points, m.Replicates, m.Seed)
	switch {
	case len(m.Axes) == 1:
		a := m.Axes[0]
		tab, note := t, "figure: change_pct against "+a.Column
		if !a.Sampled() && m.Replicates > 1 {
			tab = levelMeans(a, t)
			caption += fmt.Sprintf(" Each point is the mean of the %d replicates.", m.Replicates)
			note = "figure: mean change_pct over the replicates against " + a.Column
		}
		p := plot.Panel{Table: tab, X: a.Column, XLabel: axisLabel(a), Y: []string{"change_pct"}, YLabel: changeLabel,
			HLines: []plot.HLine{{Y: 0, Label: "no change"}}, Points: true, LogX: a.Kind == KindLog || a.Kind == KindLogUniform}
		return plot.Figure{Title: m.Name, Caption: caption, Height: 4.5 * vg.Inch, Panels: []plot.Panel{p}}, note
	case len(m.Axes) == 2 && !m.Axes[0].Sampled() && !m.Axes[1].Sampled():
		return heatMap(m, t, caption), fmt.Sprintf("figure: heat map of change_pct over %s and %s", m.Axes[0].Column, m.Axes[1].Column)
	}
	return nil, fmt.Sprintf("no figure: figures are drawn for one axis or two grid axes; this sweep has %d axes", len(m.Axes))
}

// levelMeans is the mean change_pct at each level of a grid axis (NaN
// results left out), sorted by level.
func levelMeans(a Axis, t *trace.Table) *trace.Table {
	xs, at := sortedLevels(a)
	sum, n := make([]float64, len(xs)), make([]int, len(xs))
	cx, cz := t.Col(a.Column), t.Col("change_pct")
	for r := range cz {
		if !math.IsNaN(cz[r]) {
			sum[at[cx[r]]] += cz[r]
			n[at[cx[r]]]++
		}
	}
	out := trace.New(trace.Col{Name: a.Column, Unit: a.Unit}, trace.Col{Name: "change_pct", Unit: "%"})
	for i, x := range xs {
		if n[i] > 0 {
			out.Append(x, sum[i]/float64(n[i]))
		}
	}
	return out
}

func axisLabel(a Axis) string {
	if a.Unit == "" || a.Categorical {
		return a.Path
	}
	return fmt.Sprintf("%s (%s)", a.Path, a.Unit)
}

// heatMap averages change_pct per grid cell; cells are sorted by level.
func heatMap(m *Manifest, t *trace.Table, caption string) plot.HeatMap {
	ax, ay := m.Axes[0], m.Axes[1]
	xs, xi := sortedLevels(ax)
	ys, yi := sortedLevels(ay)
	sum := make([][]float64, len(ys))
	n := make([][]int, len(ys))
	for j := range ys {
		sum[j], n[j] = make([]float64, len(xs)), make([]int, len(xs))
	}
	cx, cy, cz := t.Col(ax.Column), t.Col(ay.Column), t.Col("change_pct")
	for r := range cz {
		i, j := xi[cx[r]], yi[cy[r]]
		if !math.IsNaN(cz[r]) {
			sum[j][i] += cz[r]
			n[j][i]++
		}
	}
	z := make([][]float64, len(ys))
	for j := range ys {
		z[j] = make([]float64, len(xs))
		for i := range xs {
			z[j][i] = math.NaN()
			if n[j][i] > 0 {
				z[j][i] = sum[j][i] / float64(n[j][i])
			}
		}
	}
	h := plot.HeatMap{Title: m.Name, Caption: caption + " Black cells: no data.", X: xs, Y: ys, Z: z,
		XLabel: axisLabel(ax), YLabel: axisLabel(ay), ZLabel: changeLabel, Diverging: true,
		LogX: ax.Kind == KindLog, LogY: ay.Kind == KindLog}
	if ax.Categorical {
		h.XTicks = sortedLabels(ax, xs)
	}
	if ay.Categorical {
		h.YTicks = sortedLabels(ay, ys)
	}
	return h
}

// sortedLevels returns the levels of a grid axis in increasing order and
// each level's position among them.
func sortedLevels(a Axis) ([]float64, map[float64]int) {
	vs := append([]float64(nil), a.Levels...)
	sort.Float64s(vs)
	at := make(map[float64]int, len(vs))
	for i, v := range vs {
		at[v] = i
	}
	return vs, at
}

// sortedLabels returns the labels of a categorical axis for its sorted
// levels (which are the indices 0, 1, …).
func sortedLabels(a Axis, levels []float64) []string {
	out := make([]string, len(levels))
	for i, v := range levels {
		out[i] = a.Labels[int(v)]
	}
	return out
}
