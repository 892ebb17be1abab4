package plot

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/synlab/synlab/trace"
	"gonum.org/v1/plot/vg"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// lfsTables returns synthetic tables shaped like an LFS experiment (no
// model here: a step down after the induction period, a Ca²⁺ trace that
// rises during it). Times in ms; test pulses every 30 s for 60 min.
func lfsTables() (pulses, state *trace.Table) {
	pulses = trace.New(trace.Col{Name: "t_ms", Unit: "ms"}, trace.Col{Name: "epsp_pct", Unit: "%"})
	for k := range 121 {
		t := float64(k) * 30e3
		y := 100.0
		if t > 25*60e3 {
			y = 70 + 5*math.Cos(float64(k))
		}
		pulses.Append(t, y)
	}
	state = trace.New(trace.Col{Name: "t_ms", Unit: "ms"}, trace.Col{Name: "ca_uM", Unit: "µM"},
		trace.Col{Name: "rho", Unit: "1"}, trace.Col{Name: "w", Unit: "1"})
	for k := range 601 {
		t := float64(k) * 6e3
		ca := 0.1
		if t >= 10*60e3 && t <= 25*60e3 {
			ca = 0.4 + 0.1*math.Sin(float64(k))
		}
		rho := 1 / (1 + math.Exp((t-18*60e3)/60e3))
		state.Append(t, ca, rho, 0.7+0.3*rho)
	}
	return pulses, state
}

// lfsFigure is the Purves Fig. 8.16B layout: main panel plus two stacked.
func lfsFigure() Figure {
	pulses, state := lfsTables()
	const min = 1 / 60e3
	band := []Band{{X0: 10, X1: 25, Label: "LFS 1 Hz × 900"}}
	return Figure{
		Title:   "LFS 1 Hz × 900 pulses <synthetic> & co",
		Caption: "Synthetic data for a test: EPSP amplitude as % of baseline before and after a 15 min low-frequency train; below, spine Ca²⁺ with the depression and potentiation thresholds, and the phosphorylated fraction ρ with the weight W.",
		Panels: []Panel{
			{Table: pulses, X: "t_ms", XScale: min, XLabel: "Time (min)", Y: []string{"epsp_pct"},
				YLabel: "EPSP (% of baseline)", Points: true, Bands: band, HLines: []HLine{{Y: 100, Label: "100%"}}},
			{Table: state, X: "t_ms", XScale: min, XLabel: "Time (min)", Y: []string{"ca_uM"}, Title: "Ca²⁺ (µM)",
				Note:   "Free Ca²⁺ in the spine head, against the thresholds of depression and potentiation.",
				HLines: []HLine{{Y: 0.35, Label: "θd"}, {Y: 0.55, Label: "θp"}}, Bands: []Band{{X0: 10, X1: 25}}},
			{Table: state, X: "t_ms", XScale: min, XLabel: "Time (min)", Y: []string{"rho", "w"}, Title: "ρ and W", Legend: []string{"ρ", "W"}},
		},
	}
}

// stdpFigure is a curve with a log-free x axis, crossing lines at 0 and 100.
func stdpFigure() Figure {
	tb := trace.New(trace.Col{Name: "dt_ms"}, trace.Col{Name: "change_pct"})
	for dt := -100.0; dt <= 100; dt += 5 {
		tb.Append(dt, 100+60*math.Copysign(math.Exp(-math.Abs(dt)/20), dt))
	}
	return Figure{Title: "STDP window", Width: 4 * vg.Inch, Height: 3 * vg.Inch, Panels: []Panel{{
		Table: tb, X: "dt_ms", XLabel: "Δt (ms)", Y: []string{"change_pct"}, YLabel: "Change (%)",
		Points: true, VLines: []VLine{{X: 0}}, HLines: []HLine{{Y: 100}},
	}}}
}

// frequencyFigure has a log x axis.
func frequencyFigure() Figure {
	tb := trace.New(trace.Col{Name: "f_hz"}, trace.Col{Name: "change_pct"})
	for _, f := range []float64{0.1, 0.5, 1, 3, 5, 10, 20, 50, 100} {
		tb.Append(f, 100+40*math.Tanh(math.Log(f/8)))
	}
	return Figure{Title: "Frequency–response", Width: 4 * vg.Inch, Height: 3 * vg.Inch, Panels: []Panel{{
		Table: tb, X: "f_hz", XLabel: "Frequency (Hz)", Y: []string{"change_pct"}, YLabel: "Change (%)",
		LogX: true, HLines: []HLine{{Y: 100}},
	}}}
}

// svgText returns all character data in an SVG document, failing the test
// if it is not well-formed XML with an <svg> root.
func svgText(t *testing.T, b []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var text strings.Builder
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			text.Write(tok)
			text.WriteByte('\n')
		}
	}
	if root != "svg" {
		t.Fatalf("SVG root element is <%s>, want <svg>", root)
	}
	return text.String()
}

func TestWriteSVG(t *testing.T) {
	for name, f := range map[string]Figure{"lfs": lfsFigure(), "stdp": stdpFigure(), "frequency": frequencyFigure()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.WriteSVG(&buf); err != nil {
				t.Fatal(err)
			}
			text := svgText(t, buf.Bytes())
			want := []string{f.Title, f.Panels[0].YLabel}
			for _, p := range f.Panels {
				for _, b := range p.Bands {
					want = append(want, b.Label)
				}
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("SVG text lacks %q", w)
				}
			}
		})
	}
}

func TestSharedTimeAxisLabelledOnce(t *testing.T) {
	var buf bytes.Buffer
	if err := lfsFigure().WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	text := svgText(t, buf.Bytes())
	if n := strings.Count(text, "Time (min)"); n != 1 {
		t.Errorf("x label appears %d times, want once (bottom panel only)", n)
	}
	for _, w := range []string{"θd", "θp", "100%", "ρ", "W", "Ca²+ (µM)", "Free Ca²+ in the spine head"} {
		if !strings.Contains(text, w) {
			t.Errorf("SVG text lacks %q", w)
		}
	}
}

func TestWritePNG(t *testing.T) {
	f := stdpFigure()
	f.DPI = 100
	var buf bytes.Buffer
	if err := f.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 400 || b.Dy() != 300 { // 4 in × 3 in at 100 dpi
		t.Errorf("PNG is %d×%d, want 400×300", b.Dx(), b.Dy())
	}
	colours := map[[4]uint32]bool{}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 3 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 3 {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, b, a}] = true
		}
	}
	if len(colours) < 3 {
		t.Errorf("PNG has %d distinct colours, want a drawing", len(colours))
	}
}

func TestDefaultSize(t *testing.T) {
	f := lfsFigure()
	f.DPI = 50
	var buf bytes.Buffer
	if err := f.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w, h := f.size()
	if img.Bounds().Dx() != int(math.Round(w.Dots(50))) || img.Bounds().Dy() != int(math.Round(h.Dots(50))) {
		t.Errorf("PNG is %v, want %v×%v at 50 dpi", img.Bounds(), w, h)
	}
	if w != DefaultWidth || h < 4*DefaultPanelHeight {
		t.Errorf("default size %v×%v, want width %v and at least 4 panel units", w, h, DefaultWidth)
	}
}

func TestErrors(t *testing.T) {
	_, state := lfsTables()
	cases := []struct {
		name string
		f    Figure
		want string
	}{
		{"no panels", Figure{Title: "x"}, `figure "x" has no panels`},
		{"no table", Figure{Panels: []Panel{{X: "t_ms", Y: []string{"w"}}}}, "panel 1: no table"},
		{"bad x", Figure{Panels: []Panel{{Table: state, X: "time", Y: []string{"w"}}}}, `no column "time" in table (has t_ms, ca_uM, rho, w)`},
		{"bad y", Figure{Panels: []Panel{{Table: state, X: "t_ms", Y: []string{"w"}}, {Table: state, X: "t_ms", Y: []string{"W"}}}}, `panel 2: no column "W"`},
		{"no y", Figure{Panels: []Panel{{Table: state, X: "t_ms"}}}, "no y columns"},
		{"log band", Figure{Panels: []Panel{{Table: state, X: "t_ms", Y: []string{"w"}, LogX: true, Bands: []Band{{X0: 0, X1: 1, Label: "b"}}}}}, `band "b" reaches x ≤ 0`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for format, write := range map[string]func(io.Writer) error{"SVG": c.f.WriteSVG, "PNG": c.f.WritePNG} {
				if err := write(io.Discard); err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%s: error = %v, want it to contain %q", format, err, c.want)
				}
			}
		})
	}
}

func TestNonFiniteValuesAreSkipped(t *testing.T) {
	tb := trace.New(trace.Col{Name: "x"}, trace.Col{Name: "y"})
	tb.Append(0, 1)
	tb.Append(1, math.NaN())
	tb.Append(math.Inf(1), 2)
	tb.Append(3, 4)
	f := Figure{Panels: []Panel{{Table: tb, X: "x", Y: []string{"y"}}}}
	if err := f.WriteSVG(io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := finite(tb.Data[0], tb.Data[1], 1, false); len(got) != 2 {
		t.Errorf("finite kept %v, want the two finite points", got)
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	f := stdpFigure()
	for _, name := range []string{"a.svg", "b.PNG"} {
		if err := f.Save(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "a.svg")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("saved file mode %v (%v), want 0644", fi.Mode(), err)
	}
	if err := f.Save(filepath.Join(dir, "c.pdf")); err == nil || !strings.Contains(err.Error(), "c.pdf") {
		t.Errorf("unknown extension: error = %v, want one naming the file", err)
	}
	bad := Figure{Title: "bad"} // no panels: fails after the temp file exists
	if err := bad.Save(filepath.Join(dir, "d.svg")); err == nil {
		t.Error("saving a figure without panels succeeded")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "a.svg b.PNG" {
		t.Errorf("folder holds %v, want only a.svg b.PNG (no temporary or partial files)", names)
	}
}

// normalise rounds every number in an SVG to 2 decimals, so that the golden
// comparison survives last-digit differences in floating-point layout.
func normalise(b []byte) string {
	num := regexp.MustCompile(`-?\d+\.\d+`)
	return num.ReplaceAllStringFunc(string(b), func(s string) string {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s
		}
		return strconv.FormatFloat(v, 'f', 2, 64)
	})
}

func TestGoldenSVG(t *testing.T) {
	for _, c := range []struct {
		name string
		f    Figure
	}{{"lfs", lfsFigure()}, {"stdp", stdpFigure()}, {"frequency", frequencyFigure()}} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.f.WriteSVG(&buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", c.name+"_golden.svg")
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./plot -update to create it)", err)
			}
			if normalise(buf.Bytes()) != normalise(want) {
				got := filepath.Join(t.TempDir(), c.name+".svg")
				os.WriteFile(got, buf.Bytes(), 0o644)
				t.Errorf("SVG differs from %s (new output in %s); if the change is intended, rerun with -update and review the diff", path, got)
			}
		})
	}
}

// TestLogAxisOnePoint: a log x axis with one x value (synlab curve
// frequency --rates 1), or none above zero, draws instead of panicking:
// gonum widens an empty range to ±1 around it, which reaches x ≤ 0.
func TestLogAxisOnePoint(t *testing.T) {
	for name, xs := range map[string][]float64{"one rate": {1}, "one rate twice": {3, 3}, "none above zero": {0, -1}, "one tiny rate": {0.01}} {
		t.Run(name, func(t *testing.T) {
			f := frequencyFigure()
			tb := trace.New(trace.Col{Name: "f_hz"}, trace.Col{Name: "change_pct"})
			for _, x := range xs {
				tb.Append(x, -18)
			}
			f.Panels[0].Table = tb
			var buf bytes.Buffer
			if err := f.WriteSVG(&buf); err != nil {
				t.Fatal(err)
			}
			svgText(t, buf.Bytes())
			if err := f.WritePNG(io.Discard); err != nil {
				t.Fatal(err)
			}
		})
	}
}
