package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/units"
)

// Summary is a run's outcome in numbers and in words.
type Summary struct {
	Name       string             `json:"name"`
	Source     string             `json:"source,omitempty"`
	Tier       string             `json:"tier"`
	Protocol   string             `json:"protocol"`
	Seed       uint64             `json:"seed"`
	ChangePct  float64            `json:"change_pct"`  // strength change at the readout, % of baseline
	ReadoutMin float64            `json:"readout_min"` // minutes after the end of induction at which ChangePct is read
	Outcome    string             `json:"outcome"`     // "LTD", "LTP" or "no lasting change"
	Text       string             `json:"text"`        // one paragraph
	Metrics    map[string]float64 `json:"metrics,omitempty"`
	Explain    []string           `json:"explain,omitempty"` // what happened, in words (tiers with a mechanism)
	Target     *TargetCheck       `json:"target,omitempty"`
	// Warnings are the values of the spec that are allowed but
	// implausible (Plan.Warnings), also said in Text.
	Warnings []string `json:"warnings,omitempty"`
}

// TargetCheck compares a metric with a published target.
type TargetCheck struct {
	Metric   string  `json:"metric"`
	Measured float64 `json:"measured"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
	Want     string  `json:"want"` // the target in words: "0.765 ± 0.01" or "[-35, -10]"
	Pass     bool    `json:"pass"`
	Cite     string  `json:"cite"`
	Note     string  `json:"note,omitempty"`
	Known    string  `json:"known_miss,omitempty"` // why the model is known to miss (the case's known_miss)
	Fitted   string  `json:"fitted,omitempty"`     // "fitted" or "predicted": whether the model's free constants were fitted to this row
	// Control and Relative are the target's (a comparison with another
	// case's run); Raw is this run's own metric before the comparison.
	// Until Compare is called with the control's check, Pass is false.
	Control  string  `json:"control,omitempty"`
	Relative string  `json:"relative,omitempty"`
	Raw      float64 `json:"raw,omitempty"`
	missing  bool    // the tier does not produce the metric
}

// Compare evaluates a target relative to its control's check: the measured
// value becomes this run's metric minus the control's (diff) or 100 × their
// ratio (ratio), and Pass is re-decided.
func (c *TargetCheck) Compare(control *TargetCheck) {
	if c.Control == "" || control == nil || c.missing || control.missing {
		return
	}
	switch c.Relative {
	case "diff":
		c.Measured = c.Raw - control.Raw
	case "ratio":
		c.Measured = 100 * c.Raw / control.Raw
	}
	c.Pass = c.Measured >= c.Lo && c.Measured <= c.Hi
}

// Readout constants.
const (
	// readoutMin is when the change is read after the induction ends [min]:
	// the 30–60 min window of the validation table (docs/sources.md §9), at its end.
	readoutMin = 60.0
	// readoutWindowMin is the width of the window of test pulses averaged
	// at the readout [min] (fEPSP studies average the last 5–10 min).
	readoutWindowMin = 5.0
	// baselineWindowMin is the stretch of baseline test pulses the change
	// is normalised to [min]: the last 10 min before the induction.
	baselineWindowMin = 10.0
	// noChangePct is the |change| below which a run is called "no lasting
	// change": the |Δ| < 5% criterion of rows B9, B10 and B17 (docs/sources.md §9.2).
	noChangePct = 5.0
)

func summarize(res *Result, syn Model) Summary {
	pl := res.Plan
	s := Summary{
		Name: pl.Spec.Name, Source: pl.Spec.Source, Tier: res.Tier,
		Protocol: describeProtocol(pl), Seed: pl.Spec.Seed, Metrics: map[string]float64{},
	}
	end := pl.Layout.InductionEnd
	base := 100.0
	if tm, ts := res.Tests.Col("t_ms"), res.Tests.Col("strength_pct"); len(tm) > 0 {
		// Baseline: mean over the test pulses of the last baselineWindowMin
		// before the induction (all of them if the baseline is shorter), the
		// usual normalisation in slice work; earlier test pulses are the
		// wash-in of a drug.
		if v, ok := windowMean(tm, ts, math.Nextafter(pl.Layout.InductionStart-baselineWindowMin*units.Minute, math.Inf(-1)), math.Nextafter(pl.Layout.InductionStart, math.Inf(-1))); ok {
			base = v
		}
	}
	s.Metrics["baseline_pct"] = base
	ro := math.Min(readoutMin, (pl.End-end)/units.Minute)
	at := end + ro*units.Minute
	val, ok := windowMean(res.Tests.Col("t_ms"), res.Tests.Col("strength_pct"), at-readoutWindowMin*units.Minute, at)
	if !ok { // no test pulses in the window: the strength at the end of the run
		val = 100 * syn.Strength()
		ro = (pl.End - end) / units.Minute
	}
	s.ReadoutMin = ro
	s.ChangePct = 100 * (val/base - 1)
	s.Metrics["final_strength_pct"] = 100 * syn.Strength()
	switch {
	case s.ChangePct <= -noChangePct:
		s.Outcome = "LTD"
	case s.ChangePct >= noChangePct:
		s.Outcome = "LTP"
	default:
		s.Outcome = "no lasting change"
	}
	if g, ok := syn.(Metricser); ok {
		g.Metrics(pl, s.Metrics)
	}
	if e, ok := syn.(Explainer); ok {
		s.Explain = e.Explain(s.Metrics)
	}
	drift := baselineDrift(res.Tests.Col("t_ms"), res.Tests.Col("strength_pct"), pl.Layout.InductionStart-baselineWindowMin*units.Minute, pl.Layout.InductionStart)
	s.Text = fmt.Sprintf("%s: %s at %s min after induction, %s. Model: %s. Bath: %g mM Ca2+, %g mM Mg2+%s.",
		s.Protocol, SignedPct(s.ChangePct), trimFloat(ro), s.Outcome, res.Tier,
		pl.CaO/units.Millimolar, pl.MgO/units.Millimolar, drugText(pl.Drugs))
	for _, w := range pl.Warnings {
		s.Text += " Warning: " + w + "."
	}
	s.Warnings = pl.Warnings
	if pl.Spec.Protocol.TestProbe && pl.Protocol.Test > 0 {
		s.Text += " Test pulses were read without stimulating the synapse (protocol.test_probe)."
	}
	if !math.IsNaN(drift) {
		s.Metrics["baseline_drift_pct"] = drift
		if math.Abs(drift) >= noChangePct {
			s.Text += fmt.Sprintf(" Warning: the baseline was not stable (%s over its last %g min), so the change is read against a moving baseline.", SignedPct(drift), baselineWindowMin)
		}
	}
	if t := pl.Spec.Target; t != nil {
		s.Target = checkTarget(t, s)
	}
	return s
}

func windowMean(t, v []float64, lo, hi float64) (float64, bool) {
	var sum float64
	var n int
	for i := range t {
		if t[i] > lo && t[i] <= hi {
			sum += v[i]
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

func checkTarget(t *experiment.Target, s Summary) *TargetCheck {
	c := &TargetCheck{Metric: t.Metric, Cite: t.Cite, Note: t.Note, Known: t.KnownMiss, Fitted: t.Fitted, Control: t.Control, Relative: t.Relative}
	produced := true
	switch t.Metric {
	case "change_pct", "strength_change_pct":
		c.Measured = s.ChangePct
	default:
		v, ok := s.Metrics[t.Metric]
		if !ok {
			produced = false
			c.Note = "metric " + t.Metric + " is not produced by this tier; " + c.Note
		}
		c.Measured = v
	}
	if t.Lo != nil || t.Hi != nil {
		c.Lo, c.Hi = math.Inf(-1), math.Inf(1)
		if t.Lo != nil {
			c.Lo = *t.Lo
		}
		if t.Hi != nil {
			c.Hi = *t.Hi
		}
		c.Want = fmt.Sprintf("[%s, %s]", trimFloat(c.Lo), trimFloat(c.Hi))
	} else {
		c.Lo, c.Hi = t.Value-t.Tol, t.Value+t.Tol
		c.Want = fmt.Sprintf("%s ± %s", trimFloat(t.Value), trimFloat(t.Tol))
	}
	// A metric the tier does not produce never passes (its 0 could sit in a band).
	c.Raw, c.missing = c.Measured, !produced
	c.Pass = produced && c.Measured >= c.Lo && c.Measured <= c.Hi && c.Control == ""
	return c
}

// describeProtocol names the induction in the words of the field: each
// phase, joined by "; then".
func describeProtocol(pl *Plan) string {
	p := pl.Protocol
	if len(p.Phases) == 0 {
		return describePhase(pl, protocol.Phase{Clamp: p.Clamp, Train: p.Train, Bursts: p.Bursts, Pairing: p.Pairing, Poisson: p.Poisson, Explicit: p.Explicit})
	}
	var parts []string
	for i, ph := range p.Phases {
		d := describePhase(pl, ph)
		if ph.Mark {
			for _, dr := range pl.Drugs {
				if dr.From == pl.Layout.Phases[i].Start && (i >= len(pl.Spec.Protocol.Phases) || pl.Spec.Protocol.Phases[i].Drug != nil) {
					d = fmt.Sprintf("%s %g µM washed in", dr.Name, dr.Conc)
				}
			}
		}
		if i > 0 && ph.After > 0 {
			d = trimFloat(ph.After/units.Minute) + " min later, " + d
		}
		parts = append(parts, d)
	}
	return strings.Join(parts, "; then ")
}

// describePhase names one phase's induction.
func describePhase(pl *Plan, p protocol.Phase) string {
	hz := func(r float64) string { return trimFloat(r/units.Hz) + " Hz" }
	var d string
	switch {
	case p.Train != nil:
		d = fmt.Sprintf("%s x %d", hz(p.Train.Rate), p.Train.Pulses)
		if p.Train.Repeat > 1 {
			d += fmt.Sprintf(" x %d trains", p.Train.Repeat)
		}
		switch r := p.Train.Rate / units.Hz; {
		case r <= 5:
			d = "LFS " + d
		case r >= 50:
			d = "HFS " + d
		default:
			d = "stimulation " + d
		}
	case p.Bursts != nil:
		b := p.Bursts
		d = fmt.Sprintf("theta burst: %d bursts of %d at %s, bursts at %s", b.Bursts, b.Pulses, hz(b.Rate), hz(b.BurstRate))
		if b.Trains > 1 {
			d += fmt.Sprintf(", %d trains", b.Trains)
		}
	case p.Pairing != nil:
		pr := p.Pairing
		d = fmt.Sprintf("pairing dt = %+g ms, %d pairs at %s", pr.Dt, pr.Pairs, hz(pr.Rate))
		if pr.PostSpikes > 1 {
			d += fmt.Sprintf(", %d post spikes at %s", pr.PostSpikes, hz(pr.PostRate))
		}
	case p.Poisson != nil:
		d = fmt.Sprintf("Poisson pre %s, post %s for %s s", hz(p.Poisson.Pre), hz(p.Poisson.Post), trimFloat(p.Poisson.Duration/units.Second))
	case p.Explicit != nil:
		d = fmt.Sprintf("explicit: %d pre, %d post spikes", len(p.Explicit.Pre), len(p.Explicit.Post))
	case p.Mark:
		d = "marker"
	}
	if f := pl.Tier.DescribePhase; f != nil {
		if w := f(p); w != "" {
			d = w
		}
	}
	if p.Clamp != nil {
		d += fmt.Sprintf(", clamped at %g mV", *p.Clamp)
	}
	return d
}

func drugText(d []drug.Dose) string {
	if len(d) == 0 {
		return ""
	}
	var parts []string
	for _, x := range d {
		parts = append(parts, fmt.Sprintf("%s %g µM", x.Name, x.Conc))
	}
	return "; drugs: " + strings.Join(parts, ", ")
}

func trimFloat(x float64) string {
	if math.IsInf(x, 0) {
		if x > 0 {
			return "inf"
		}
		return "-inf"
	}
	return fmt.Sprintf("%.4g", x)
}

// baselineDrift is the change [%] of the strength from the first to the
// last test pulse of the normalisation window [from, start), or NaN with
// fewer than two.
func baselineDrift(tm, st []float64, from, start float64) float64 {
	first, last, n := 0.0, 0.0, 0
	for i, t := range tm {
		if t >= start {
			break
		}
		if t < from {
			continue
		}
		if n == 0 {
			first = st[i]
		}
		last = st[i]
		n++
	}
	if n < 2 || first == 0 {
		return math.NaN()
	}
	return 100 * (last/first - 1)
}

// SignedPct writes a change in percent with its sign and the precision a
// reader needs: "+24%", "-18%", "+2.8%", "-0.4%", and "0%" for a change
// that rounds to zero (never "-0%").
func SignedPct(v float64) string {
	prec := 0
	if math.Abs(v) < 10 {
		prec = 1
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Trim(s, "-+0.") == "" {
		return "0%"
	}
	if v > 0 {
		s = "+" + s
	}
	return s + "%"
}
