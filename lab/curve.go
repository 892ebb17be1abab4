package lab

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
	"gonum.org/v1/plot/vg"
)

// CurveHeight is the height of a one-panel curve or overlay figure.
const CurveHeight = 4.5 * vg.Inch

// Curve is a sweep of one protocol quantity: the change in strength
// against x, one run per x (synlab curve, the web lab's curve buttons).
type Curve struct {
	Kind   string                                    // "stdp", "frequency" or "clamp"
	X      trace.Col                                 // the x column of the table
	XScale float64                                   // x values are multiplied by this in the figure
	XLabel string                                    // the figure's x label
	LogX   bool                                      // logarithmic x axis
	Vary   func(s *experiment.Spec, x float64) error // sets x in a copy of the base spec
}

// STDP is the spike-timing window: x is dt = t_post − t_pre [ms] of the
// spec's protocol.pairing.
func STDP() Curve {
	return Curve{Kind: "stdp", X: trace.Col{Name: "dt_ms", Unit: "ms", Doc: "t_post − t_pre"}, XScale: 1,
		XLabel: "Δt = t_post − t_pre (ms)", Vary: VaryDt}
}

// Frequency is the frequency–response function: x is the rate [Hz] of the
// spec's protocol.train, on a log axis.
func Frequency() Curve {
	return Curve{Kind: "frequency", X: trace.Col{Name: "rate_hz", Unit: "Hz", Doc: "stimulation rate"}, XScale: 1,
		XLabel: "Stimulation frequency (Hz)", LogX: true, Vary: VaryRate}
}

// Clamp is the clamp-pairing curve (docs/sources.md row C7): x is the somatic
// holding potential [mV] of the spec's protocol.clamp during its induction.
func Clamp() Curve {
	return Curve{Kind: "clamp", X: trace.Col{Name: "v_hold_mV", Unit: "mV", Doc: "somatic holding potential during the induction"}, XScale: 1,
		XLabel: "Holding potential (mV)", Vary: VaryClamp}
}

// VaryClamp sets protocol.clamp to x mV.
func VaryClamp(s *experiment.Spec, x float64) error {
	if s.Protocol.Clamp == "" {
		return fmt.Errorf("curve clamp needs a spec with a protocol.clamp (a holding potential during the induction)")
	}
	s.Protocol.Clamp = strconv.FormatFloat(x, 'g', -1, 64) + " mV"
	return nil
}

// VaryDt sets protocol.pairing.dt to x ms.
func VaryDt(s *experiment.Spec, x float64) error {
	if s.Protocol.Pairing == nil {
		return fmt.Errorf("curve stdp needs a spec with a protocol.pairing")
	}
	p := *s.Protocol.Pairing
	p.Dt = strconv.FormatFloat(x, 'g', -1, 64) + " ms"
	s.Protocol.Pairing = &p
	return nil
}

// VaryRate sets protocol.train.rate to x Hz.
func VaryRate(s *experiment.Spec, x float64) error {
	if s.Protocol.Train == nil {
		return fmt.Errorf("curve frequency needs a spec with a protocol.train")
	}
	t := *s.Protocol.Train
	t.Rate = strconv.FormatFloat(x, 'g', -1, 64) + " Hz"
	s.Protocol.Train = &t
	return nil
}

// Plans makes one plan per x from the base plan's spec. The plans are
// lean (engine.Plan.Lean): a curve reads one number per point, the change
// at its test pulses, so the points keep no series, and the CA1
// population runs no simulated test pulse at its records.
func (c Curve) Plans(base *engine.Plan, xs []float64) ([]*engine.Plan, error) {
	plans := make([]*engine.Plan, len(xs))
	for i, x := range xs {
		s := *base.Spec
		if err := c.Vary(&s, x); err != nil {
			return nil, err
		}
		var err error
		if plans[i], err = catalog.Plan(&s); err != nil {
			return nil, fmt.Errorf("point %d (%s = %g): %w", i, c.X.Name, x, err)
		}
		plans[i].Lean = true
	}
	return plans, nil
}

// Table is the curve's table: x, change_pct, and for the Graupner–Brunel
// tier S_sim and (pairing) S_analytic with its change in percent. ys names
// the columns the figure draws.
func (c Curve) Table(results []*engine.Result, xs []float64) (tab *trace.Table, ys []string) {
	cols := []trace.Col{c.X, {Name: "change_pct", Unit: "%", Doc: "change in synaptic strength at the readout, % of baseline"}}
	_, gb := results[0].Summary.Metrics["S_sim"]
	_, analytic := results[0].Summary.Metrics["S_analytic"]
	if gb {
		cols = append(cols, trace.Col{Name: "S_sim", Unit: "1", Doc: "GB population strength after/before (simulated)"})
	}
	if analytic {
		cols = append(cols, trace.Col{Name: "S_analytic", Unit: "1", Doc: "GB 2012 closed-form strength after/before"})
	}
	tab = trace.New(cols...)
	for i, r := range results {
		row := []float64{xs[i], r.Summary.ChangePct}
		if gb {
			row = append(row, r.Summary.Metrics["S_sim"])
		}
		if analytic {
			row = append(row, r.Summary.Metrics["S_analytic"])
		}
		tab.Append(row...)
	}
	// Percent change of the closed form, for the figure.
	ys = []string{"change_pct"}
	if analytic {
		pct := trace.Col{Name: "analytic_change_pct", Unit: "%", Doc: "100·(S_analytic − 1)"}
		tab.Cols = append(tab.Cols, pct)
		col := make([]float64, tab.Len())
		for i, s := range tab.Col("S_analytic") {
			col[i] = 100 * (s - 1)
		}
		tab.Data = append(tab.Data, col)
		ys = append(ys, pct.Name)
	}
	if c.Kind == "frequency" && dudekBearProtocol(results) {
		ys = append(ys, addDudekBear(tab, c.X.Name))
	}
	if c.Kind == "stdp" && biPooProtocol(results) {
		ys = append(ys, addBiPoo(tab, c.X.Name))
	}
	return tab, ys
}

// dudekBear are the frequency-response values of Dudek & Bear 1992 (PNAS
// 89:4363, 900 pulses, field EPSP slope in CA1 of young rats) as
// docs/sources.md §4.1 records them: approximate bands read off the paper's
// figure [M/F], so the figure draws their middles and the table keeps
// the bands. Rate [Hz] → [lo, hi] change [%].
var dudekBear = map[float64][2]float64{
	0.5: {-10, 0}, 1: {-25, -15}, 3: {-20, -15}, 5: {-10, -5}, 10: {-5, 5}, 50: {15, 30},
}

// dudekBearProtocol reports whether every run is 900 pulses in the ca1
// preparation, the protocol of Dudek & Bear's curve.
func dudekBearProtocol(results []*engine.Result) bool {
	for _, r := range results {
		s := r.Plan.Spec
		if s.Preparation != "" && s.Preparation != experiment.DefaultPreparation || s.Protocol.Train == nil || s.Protocol.Train.Pulses != 900 {
			return false
		}
	}
	return len(results) > 0
}

// addDudekBear adds Dudek & Bear's values at the curve's rates (NaN where
// they have none): the middle of each band, drawn, and its ends.
func addDudekBear(tab *trace.Table, x string) string {
	const src = "Dudek & Bear 1992 (approximate, read off their figure; docs/sources.md §4.1)"
	xs := tab.Col(x)
	mid, lo, hi := make([]float64, len(xs)), make([]float64, len(xs)), make([]float64, len(xs))
	for i, r := range xs {
		b, ok := dudekBear[r]
		if !ok {
			mid[i], lo[i], hi[i] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		mid[i], lo[i], hi[i] = (b[0]+b[1])/2, b[0], b[1]
	}
	tab.Cols = append(tab.Cols,
		trace.Col{Name: "dudek_bear_pct", Unit: "%", Doc: "change after 900 pulses, middle of the band of " + src, Label: "Dudek & Bear 1992 (approx.)"},
		trace.Col{Name: "dudek_bear_lo_pct", Unit: "%", Doc: "lower end of the band of " + src},
		trace.Col{Name: "dudek_bear_hi_pct", Unit: "%", Doc: "upper end of the band of " + src})
	tab.Data = append(tab.Data, mid, lo, hi)
	return "dudek_bear_pct"
}

// Title names the curve and the tier it ran on.
func (c Curve) Title(results []*engine.Result) string {
	name := map[string]string{"stdp": "STDP window", "frequency": "Frequency–response curve", "clamp": "Clamp-pairing curve"}[c.Kind]
	// The title names the model by the first clause of its description
	// ("CA1 population of Schaffer-collateral synapses (docs/…; …)"); the
	// whole description is in the caption.
	tier := results[0].Tier
	if i := strings.Index(tier, " ("); i > 0 {
		tier = tier[:i]
	}
	return cmp.Or(name, c.Kind+" curve") + ": " + tier
}

// Caption says what the curve shows: which quantity was swept over which
// points, what the rest of the protocol was, and when the change was read
// ("… a train of 900 pulses at each of 0.5, 1, 3, 5, 10, 20 and 50 Hz …",
// not the base spec's own rate).
func (c Curve) Caption(base *engine.Plan, results []*engine.Result, xs []float64) string {
	read := "at the end of the run"
	if m := results[0].Summary.ReadoutMin; m > 0 {
		read = Number(m) + " min after the induction"
	}
	var what string
	p := base.Spec.Protocol
	switch {
	case c.Kind == "frequency" && p.Train != nil:
		what = fmt.Sprintf("a train of %d pulses at each of %s Hz", p.Train.Pulses, list(xs))
		if p.Train.Repeat > 1 {
			what = fmt.Sprintf("%d trains of %d pulses, every %s, at each of %s Hz", p.Train.Repeat, p.Train.Pulses, p.Train.Interval, list(xs))
		}
	case c.Kind == "stdp" && p.Pairing != nil:
		what = fmt.Sprintf("%d pairings at %s with Δt = t_post − t_pre %s", p.Pairing.Pairs, p.Pairing.Rate, span(xs, "ms"))
	case c.Kind == "clamp" && p.Train != nil:
		what = fmt.Sprintf("%d pulses at %s with the soma held at each of %s mV", p.Train.Pulses, p.Train.Rate, list(xs))
	default:
		what = fmt.Sprintf("%s = %s", c.X.Name, list(xs))
	}
	return fmt.Sprintf("Change in synaptic strength %s, one run per point: %s. Model: %s.%s Bath: %g mM Ca2+, %g mM Mg2+.",
		read, what, results[0].Tier, c.modelNote(results, xs), base.CaO/units.Millimolar, base.MgO/units.Millimolar)
}

// modelNote says where the points' models differ from the first point's
// (the population tier, for one, carries more particles per stratum in
// fast trains): for each differing description, the points and the part
// of it that differs, " At 50 Hz: 3 particles each, … by similarity.".
func (c Curve) modelNote(results []*engine.Result, xs []float64) string {
	ref := results[0].Tier
	var keys []string
	at := map[string][]float64{}
	for i := 1; i < min(len(results), len(xs)); i++ {
		if results[i].Tier == ref {
			continue
		}
		k := differing(ref, results[i].Tier)
		if _, ok := at[k]; !ok {
			keys = append(keys, k)
		}
		at[k] = append(at[k], xs[i])
	}
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " At %s %s: %s.", list(at[k]), c.X.Unit, k)
	}
	return b.String()
}

// differing returns the part of b that differs from a: b without the
// longest beginning and end it shares with a, widened to whole words and
// without the punctuation at its ends.
func differing(a, b string) string {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	for p > 0 && b[p-1] != ' ' {
		p--
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	e := len(b) - s
	for e < len(b) && b[e] != ' ' {
		e++
	}
	return strings.Trim(b[p:e], " ,;:()")
}

// list writes a few numbers as "0.5, 1, 3 and 50", many as their span.
func list(xs []float64) string {
	if len(xs) > 8 {
		return span(xs, "")
	}
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = Number(x)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// span writes the points as "from −100 to +100 ms in 41 steps".
func span(xs []float64, unit string) string {
	lo, hi := slices.Min(xs), slices.Max(xs)
	u := ""
	if unit != "" {
		u = " " + unit
	}
	return fmt.Sprintf("from %s to %s%s in %d steps", Number(lo), Number(hi), u, len(xs))
}

// Figure draws the curve table: change against x, with a line at no change;
// a simulated and a closed-form column are told apart in a legend.
func (c Curve) Figure(results []*engine.Result, tab *trace.Table, ys []string, caption string) plot.Figure {
	var legend []string
	if len(ys) > 1 {
		names := map[string]string{"change_pct": "simulated", "analytic_change_pct": "closed form (Graupner & Brunel 2012)", "dudek_bear_pct": "Dudek & Bear 1992 (approximate)", "bi_poo_pct": "Bi & Poo 1998/2001 (approximate)"}
		for _, y := range ys {
			legend = append(legend, cmp.Or(names[y], y))
		}
	}
	return plot.Figure{Title: c.Title(results), Caption: caption, Height: CurveHeight, Panels: []plot.Panel{{
		Table: tab, X: c.X.Name, XScale: c.XScale, XLabel: c.XLabel, Y: ys, Legend: legend, YLabel: "Change in strength (%)",
		HLines: []plot.HLine{{Y: 0, Label: "no change"}}, Points: true, LogX: c.LogX, MinRange: plot.Range{Lo: -StrengthFloor / 2, Hi: StrengthFloor / 2},
	}}}
}

// CurveSummary gives the extremes of a curve table with x column x.
func CurveSummary(t *trace.Table, x string) map[string]float64 {
	xs, ys := t.Col(x), t.Col("change_pct")
	imin, imax := 0, 0
	for i := range ys {
		if ys[i] < ys[imin] {
			imin = i
		}
		if ys[i] > ys[imax] {
			imax = i
		}
	}
	return map[string]float64{"min_change_pct": ys[imin], "at_min": xs[imin], "max_change_pct": ys[imax], "at_max": xs[imax]}
}

// CurveResult is a curve's summary (summary.json of a curve folder): what
// was swept, the caption, the extremes and where the change changes sign.
type CurveResult struct {
	Kind      string       `json:"kind"` // "stdp", "frequency" or "clamp"
	X         string       `json:"x"`    // the x column
	Unit      string       `json:"unit"` // its unit
	Text      string       `json:"text"` // the figure's caption
	Points    int          `json:"points"`
	MinChange float64      `json:"min_change_pct"`
	AtMin     float64      `json:"at_min"`
	MaxChange float64      `json:"max_change_pct"`
	AtMax     float64      `json:"at_max"`
	Crossings [][2]float64 `json:"crossings,omitempty"` // neighbouring x values between which the change changes sign
}

// Result summarises the curve table tab (Table) with its caption.
func (c Curve) Result(tab *trace.Table, caption string) CurveResult {
	m := CurveSummary(tab, c.X.Name)
	r := CurveResult{Kind: c.Kind, X: c.X.Name, Unit: c.X.Unit, Text: caption, Points: tab.Len(),
		MinChange: m["min_change_pct"], AtMin: m["at_min"], MaxChange: m["max_change_pct"], AtMax: m["at_max"]}
	xs, ys := tab.Col(c.X.Name), tab.Col("change_pct")
	for i := 1; i < len(xs); i++ {
		if (ys[i-1] < 0) != (ys[i] < 0) && ys[i-1] != 0 && ys[i] != 0 {
			r.Crossings = append(r.Crossings, [2]float64{xs[i-1], xs[i]})
		}
	}
	return r
}

// Explain says in words what the curve shows: what kind of curve it is,
// its extremes, and where depression turns into potentiation.
func (r CurveResult) Explain() []string {
	var out []string
	switch r.Kind {
	case "frequency":
		out = append(out, "This is a frequency–response curve (as in Dudek & Bear 1992): the lasting change in strength after the same number of pulses delivered at different rates, one run per rate.")
	case "clamp":
		out = append(out, "This is a clamp-pairing curve (as in Shouval et al. 2002 Fig. 3A): the lasting change in strength after the same presynaptic pulses with the soma held at different potentials, one run per potential; the holding potential sets how far the NMDA receptors' Mg2+ block is relieved.")
	case "stdp":
		out = append(out, "This is a spike-timing window: the lasting change in strength after pairing each presynaptic pulse with a postsynaptic spike Δt later (Δt < 0: the spike comes first), one run per Δt.")
	default:
		out = append(out, "This is a curve: the lasting change in strength against "+r.X+", one run per point.")
	}
	u := ""
	if r.Unit != "" && r.Unit != "1" {
		u = " " + r.Unit
	}
	at := func(x float64) string { return Number(x) + u }
	if r.MinChange < 0 {
		out = append(out, fmt.Sprintf("The most depression: %s%% at %s.", signed(r.MinChange), at(r.AtMin)))
	}
	if r.MaxChange > 0 {
		out = append(out, fmt.Sprintf("The most potentiation: %s%% at %s.", signed(r.MaxChange), at(r.AtMax)))
	}
	if r.MinChange >= 0 && r.MaxChange <= 0 {
		out = append(out, "No point changed the strength.")
	}
	for _, c := range r.Crossings {
		out = append(out, fmt.Sprintf("The change changes sign between %s and %s.", Number(c[0]), at(c[1])))
	}
	return out
}

// signed writes a change in percent with its sign and one decimal, and
// "0" without one.
func signed(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 1, 64)
	switch {
	case s == "0.0":
		return "0"
	case v < 0:
		return "−" + s
	}
	return "+" + s
}
