package plot

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/synlab/synlab/trace"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// TestTickLabels: round steps, the decimals the step needs and no more,
// no exponent on a flat-looking range, "0" never "-0", typographic minus.
func TestTickLabels(t *testing.T) {
	tests := []struct {
		lo, hi float64
		log    bool
		want   string // labels joined by " / "
	}{
		{0, 90, false, "0 / 20 / 40 / 60 / 80"},
		{0, 50, false, "0 / 10 / 20 / 30 / 40 / 50"},
		{-0.5, 2.5, false, "0 / 1 / 2"},
		{0.2, 0.9, false, "0.2 / 0.4 / 0.6 / 0.8"},
		{80, 120, false, "80 / 90 / 100 / 110 / 120"},
		{2180, 2220, false, "2180 / 2190 / 2200 / 2210 / 2220"},
		{-65.1, -62.9, false, "−65.0 / −64.5 / −64.0 / −63.5 / −63.0"},
		{0, 0.0002, false, "0 / 0.00005 / 0.00010 / 0.00015 / 0.00020"},
		{0, 2e-5, false, "0 / 5e−06 / 1e−05 / 1.5e−05 / 2e−05"},
		{0.5, 50, true, "0.5 / 1 / 2 / 5 / 10 / 20 / 50"},
		{0.01, 1000, true, "0.01 / 0.1 / 1 / 10 / 100 / 1000"},
	}
	for _, tt := range tests {
		var ticks []string
		var tk gplot.Ticker = niceTicks{}
		if tt.log {
			tk = logTicks{}
		}
		for _, x := range tk.Ticks(tt.lo, tt.hi) {
			if x.Label != "" {
				ticks = append(ticks, x.Label)
			}
		}
		if g := strings.Join(ticks, " / "); g != tt.want {
			t.Errorf("ticks on [%g, %g] (log %v): %q, want %q", tt.lo, tt.hi, tt.log, g, tt.want)
		}
	}
	if tickLabel(-1e-17, 2, false) != "0" || tickLabel(math.Copysign(0, -1), 0, false) != "0" {
		t.Error("a zero tick is not written as 0")
	}
}

// TestMinRange: a panel whose data barely move is drawn within its floor,
// so a null result looks null; data beyond the floor widen it.
func TestMinRange(t *testing.T) {
	tb := trace.New(trace.Col{Name: "t"}, trace.Col{Name: "y"})
	for i := range 10 {
		tb.Append(float64(i), 100+0.025*float64(i))
	}
	p := Panel{Table: tb, X: "t", Y: []string{"y"}, MinRange: Range{80, 120}}
	b, err := p.build(true)
	if err != nil {
		t.Fatal(err)
	}
	if y := b.plots[0].Y; y.Min > 80 || y.Max < 120 || y.Max-y.Min > 45 {
		t.Errorf("y axis %g…%g, want about 80…120", y.Min, y.Max)
	}
	tb.Append(10, 30)
	if b, _ = p.build(true); b.plots[0].Y.Min > 30 {
		t.Errorf("data below the floor are cut: y from %g", b.plots[0].Y.Min)
	}
}

// textAt finds where an SVG writes each text: its y (SVG draws text
// flipped, so larger y is higher on the page).
func textAt(svg string) map[string]float64 {
	re := regexp.MustCompile(`(?s)<text x="([-\d.e]+)" y="([-\d.e]+)"[^>]*>([^<]*)</text>`)
	out := map[string]float64{}
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		y, _ := strconv.ParseFloat(m[2], 64)
		out[m[3]] = -y
	}
	return out
}

// TestHLineLabelsApart: the labels of two nearly equal thresholds are
// moved apart by at least a line of text.
func TestHLineLabelsApart(t *testing.T) {
	tb := trace.New(trace.Col{Name: "t"}, trace.Col{Name: "ca"})
	for i := range 20 {
		tb.Append(float64(i), 9*float64(i)/19)
	}
	f := Figure{Width: 5 * vg.Inch, Height: 3 * vg.Inch, Panels: []Panel{{Table: tb, X: "t", Y: []string{"ca"},
		HLines: []HLine{{Y: 0.35, Label: "α1: LTD zone"}, {Y: 0.55, Label: "α2: LTP zone"}}}}}
	var buf bytes.Buffer
	if err := f.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	at := textAt(buf.String())
	y1, ok1 := at["α1: LTD zone"]
	y2, ok2 := at["α2: LTP zone"]
	h := float64(labelStyle(0, 0).FontExtents().Height.Points())
	if !ok1 || !ok2 || y2-y1 < 0.99*h {
		t.Errorf("labels at %g and %g (found %v %v), want them at least %g pt apart, α2 above", y1, y2, ok1, ok2, h)
	}
}

// TestWindowsAndInset: a broken time axis draws one plot per window with
// its label once and the x label once; an inset draws its legend; an
// inset naming a missing column is an error.
func TestWindowsAndInset(t *testing.T) {
	tb := trace.New(trace.Col{Name: "t_ms"}, trace.Col{Name: "v", Doc: "spine voltage"})
	for i := range 3000 {
		x := float64(i)
		tb.Append(x, -65+10*math.Exp(-math.Mod(x, 1000)/10))
	}
	wins := []Window{{Offset: 0, From: -10, To: 90, Label: "Pulse 1"}, {Offset: 1000, From: -10, To: 90, Label: "Pulse 2"}, {Offset: 2000, From: -10, To: 90, Label: "Pulse 3"}}
	p := Panel{Table: tb, X: "t_ms", XLabel: "Time from the pulse (ms)", Y: []string{"v"}, Title: "Spine V (mV)", Windows: wins}
	b, err := p.build(true)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.plots) != 3 || b.plots[1].X.Min != -10 || b.plots[2].X.Max != 90 {
		t.Fatalf("%d window plots, x %g…%g", len(b.plots), b.plots[1].X.Min, b.plots[2].X.Max)
	}
	f := Figure{Title: "Pulses", Panels: []Panel{p, p}}
	var buf bytes.Buffer
	if err := f.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	text := svgText(t, buf.Bytes())
	for _, w := range []string{"Pulse 1", "Pulse 3", "Time from the pulse (ms)"} {
		if n := strings.Count(text, w); n != 1 {
			t.Errorf("%q appears %d times, want once", w, n)
		}
	}

	ep := trace.New(trace.Col{Name: "t_ms"}, trace.Col{Name: "before_mV"}, trace.Col{Name: "after_mV"})
	for i := range 50 {
		x := float64(i)
		ep.Append(x, x*math.Exp(-x/5)/5, 0.8*x*math.Exp(-x/5)/5)
	}
	main := Panel{Table: tb, X: "t_ms", Y: []string{"v"}, Inset: &Inset{Table: ep, X: "t_ms", Y: []string{"before_mV", "after_mV"},
		Legend: []string{"before", "60 min after"}, XLabel: "ms", YLabel: "EPSP (mV)"}}
	buf.Reset()
	if err := (Figure{Panels: []Panel{main}}).WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	if text := svgText(t, buf.Bytes()); !strings.Contains(text, "60 min after") || !strings.Contains(text, "EPSP (mV)") {
		t.Error("the inset's legend or label is missing")
	}
	main.Inset.Y = []string{"during_mV"}
	if err := (Figure{Panels: []Panel{main}}).WriteSVG(&buf); err == nil || !strings.Contains(err.Error(), "inset") {
		t.Errorf("inset with a missing column: %v", err)
	}
}

// TestTitleWraps: a title wider than the figure is wrapped, not clipped.
func TestTitleWraps(t *testing.T) {
	title := "Compared: dynamin-control, dynamin-pre, dynamin-post, dynamin-both, lfs, lfs-apv, lfs-shouval, lfs-apv-shouval"
	lines := wrap(title, titleStyle(), 4*vg.Inch)
	if len(lines) < 2 {
		t.Fatalf("title in %d line(s)", len(lines))
	}
	for _, l := range lines {
		if w := titleStyle().Width(l); w > 4*vg.Inch {
			t.Errorf("line %q is %v wide, more than 4 in", l, w)
		}
	}
	if strings.Join(lines, " ") != title {
		t.Errorf("wrapping lost words: %q", lines)
	}
}

// TestLabelsFromColumns: a legend names columns by their Doc, not their
// raw names.
func TestLabelsFromColumns(t *testing.T) {
	if got := ColLabel(trace.Col{Name: "can_frac", Doc: "fraction of calcineurin active"}); got != "Fraction of calcineurin active" {
		t.Errorf("ColLabel = %q", got)
	}
	if got := ColLabel(trace.Col{Name: "ampar_trapped", Doc: "PSD-trapped AMPA receptors (sets the AMPA conductance)"}); got != "PSD-trapped AMPA receptors" {
		t.Errorf("ColLabel = %q", got)
	}
	if got := ColLabel(trace.Col{Name: "pH_x", Doc: "pH of the bath"}); got != "pH of the bath" {
		t.Errorf("ColLabel = %q", got)
	}
}
