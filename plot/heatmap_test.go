package plot

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// frequencyCalcium is a 3×2 heat map in the shape of a frequency × [Ca²⁺]o
// sweep, with one missing cell.
func frequencyCalcium() HeatMap {
	return HeatMap{
		Title:   "Change in strength after 900 pulses",
		Caption: "Shouval rule; the grey cell is a missing point.",
		X:       []float64{1, 10, 100},
		Y:       []float64{1.5, 2.5},
		Z:       [][]float64{{-20, 5, math.NaN()}, {-35, 10, 80}},
		XLabel:  "Stimulation frequency (Hz)", YLabel: "[Ca²⁺]o (mM)", ZLabel: "Change (%)",
		LogX: true, Diverging: true,
	}
}

func TestHeatMapSVG(t *testing.T) {
	var b bytes.Buffer
	if err := frequencyCalcium().WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	txt := svgText(t, b.Bytes())
	for _, want := range []string{"Change in strength after 900 pulses", "Stimulation frequency (Hz)", "[Ca²+]o (mM)", "Change (%)", "grey cell", "10", "100"} {
		if !strings.Contains(txt, want) {
			t.Errorf("SVG text lacks %q", want)
		}
	}
	// The missing cell is drawn in the no-data grey.
	if !strings.Contains(b.String(), "#000000") {
		t.Errorf("SVG has no cell in the no-data colour #000000")
	}
}

func TestHeatMapPNGAndSave(t *testing.T) {
	h := frequencyCalcium()
	h.XTicks = []string{"1 Hz", "10 Hz", "100 Hz"}
	h.Diverging = false
	var b bytes.Buffer
	if err := h.WritePNG(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if w, want := img.Bounds().Dx(), float64(DefaultWidth/vg.Inch)*DefaultDPI; float64(w) != want {
		t.Errorf("PNG width %d px", w)
	}
	dir := t.TempDir()
	for _, name := range []string{"map.svg", "map.png"} {
		if err := h.Save(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Save(filepath.Join(dir, "map.pdf")); err == nil {
		t.Error("Save accepted .pdf")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("folder holds %d files, want 2 (no temporary files left)", len(ents))
	}
}

func TestHeatMapErrors(t *testing.T) {
	ok := frequencyCalcium()
	for _, tc := range []struct {
		name string
		edit func(*HeatMap)
		want string
	}{
		{"no x", func(h *HeatMap) { h.X = nil }, "need at least one"},
		{"rows", func(h *HeatMap) { h.Z = h.Z[:1] }, "1 rows of Z for 2 y values"},
		{"row length", func(h *HeatMap) { h.Z = [][]float64{{1, 2, 3}, {1, 2}} }, "row 1 has 2 values"},
		{"not increasing", func(h *HeatMap) { h.Y = []float64{2, 1} }, "increase strictly"},
		{"log of zero", func(h *HeatMap) { h.X = []float64{0, 1, 2} }, "> 0 on a log axis"},
		{"infinite", func(h *HeatMap) { h.Y = []float64{1, math.Inf(1)} }, "must be finite"},
		{"tick labels", func(h *HeatMap) { h.YTicks = []string{"a"} }, "1 y tick labels for 2"},
	} {
		h := ok
		h.Z = [][]float64{{-20, 5, 1}, {-35, 10, 80}}
		tc.edit(&h)
		err := h.WriteSVG(&bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestHeatMapZRange(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		z         [][]float64
		diverging bool
		lo, hi    float64
	}{
		{[][]float64{{-20, 80}}, true, -80, 80},
		{[][]float64{{-20, 80}}, false, -20, 80},
		{[][]float64{{nan, nan}}, false, -1, 1},
		{[][]float64{{0, 0}}, true, -1, 1},
		{[][]float64{{3, 3}}, false, 2.5, 3.5},
	} {
		lo, hi := HeatMap{Z: tc.z, Diverging: tc.diverging}.zRange()
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("zRange(%v, diverging %v) = [%g, %g], want [%g, %g]", tc.z, tc.diverging, lo, hi, tc.lo, tc.hi)
		}
	}
}

func TestLog10Ticks(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tk := range (log10Ticks{}).Ticks(lo, hi) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	if got := strings.Join(labels(math.Log10(0.5), math.Log10(50)), " "); got != "1 10" {
		t.Errorf("0.5–50: labels %q, want \"1 10\"", got)
	}
	// Less than two decades: 2 and 5 are labelled too.
	if got := strings.Join(labels(0, math.Log10(8)), " "); got != "1 2 5" {
		t.Errorf("1–8: labels %q, want \"1 2 5\"", got)
	}
}
