package plot

import (
	"math"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
)

// Tick layout.
const (
	// targetTicks is about how many labelled ticks an axis gets: the step
	// is the smallest of 1, 2, 2.5, 5 × 10^k at least span/targetTicks,
	// which gives 3 to 6 labels.
	targetTicks = 5
	// sciBelow and sciFrom bound the magnitudes written in plain decimals;
	// outside them a label is written with an exponent.
	sciBelow = 1e-4
	sciFrom  = 1e6
)

// niceSteps are the mantissas of a tick step, with the minor ticks each
// major interval is cut into.
var niceSteps = []struct {
	m     float64
	minor int
}{{1, 5}, {2, 4}, {2.5, 5}, {5, 5}, {10, 5}}

// niceTicks places labelled ticks at multiples of a round step (1, 2, 2.5
// or 5 × 10^k) with minor ticks between them, and writes each label with
// the decimals the step needs and no more: "0 / 25 / 50", "0.5 / 1 / 1.5",
// never "0.00 / 25.00" or the same "2.2e+03" on every tick. A zero label is
// "0", never "-0".
type niceTicks struct{}

// Ticks implements gplot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []gplot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []gplot.Tick{{Value: lo, Label: tickLabel(lo, 0, false)}}
	}
	step, minor := niceStep((hi - lo) / targetTicks)
	dec := decimals(step)
	big := max(math.Abs(lo), math.Abs(hi))
	sci := big < sciBelow || big >= sciFrom
	var ticks []gplot.Tick
	sub := step / float64(minor)
	first := math.Ceil(lo/sub - 1e-9)
	for k := first; k*sub <= hi+1e-9*sub; k++ {
		v := k * sub
		if math.Abs(v) < 1e-12*step {
			v = 0
		}
		t := gplot.Tick{Value: v}
		if int64(math.Round(k))%int64(minor) == 0 {
			t.Label = tickLabel(v, dec, sci)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// niceStep returns the smallest round step ≥ raw and its minor divisions.
func niceStep(raw float64) (step float64, minor int) {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, s := range niceSteps {
		if s.m*mag >= raw*(1-1e-9) {
			return s.m * mag, s.minor
		}
	}
	return 10 * mag, 5
}

// decimals is how many decimals the labels of a step need (2.5 needs one
// more than its power of ten).
func decimals(step float64) int {
	d := 0
	for s := step; d < 12 && math.Abs(s-math.Round(s)) > 1e-9*math.Max(1, math.Abs(s)); s *= 10 {
		d++
	}
	return d
}

// tickLabel writes v with dec decimals, or with an exponent (sci: the
// axis' magnitude is outside [sciBelow, sciFrom), decided once per axis so
// that its labels agree); minus signs are typographic.
func tickLabel(v float64, dec int, sci bool) string {
	var s string
	switch {
	case v == 0:
		return "0"
	case sci:
		s = strconv.FormatFloat(v, 'g', 3, 64)
	default:
		s = strconv.FormatFloat(v, 'f', dec, 64)
	}
	if strings.Trim(s, "-0.") == "" {
		return "0"
	}
	return strings.Replace(s, "-", "−", 1)
}

// logTicks labels a log axis at 1, 2 and 5 × 10^k when it spans at most
// three decades (0.5 / 1 / 2 / 5 / 10 / 20 / 50 Hz), else at the powers of
// ten only; minor ticks at the other integers times 10^k.
type logTicks struct{}

// Ticks implements gplot.Ticker.
func (logTicks) Ticks(lo, hi float64) []gplot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return []gplot.Tick{{Value: math.Max(lo, 1), Label: tickLabel(math.Max(lo, 1), 0, false)}}
	}
	dense := math.Log10(hi/lo) <= 3
	var ticks []gplot.Tick
	for e := math.Floor(math.Log10(lo)); math.Pow(10, e) <= hi; e++ {
		p := math.Pow(10, e)
		for i := 1; i < 10; i++ {
			v := float64(i) * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := gplot.Tick{Value: v}
			if i == 1 || (dense && (i == 2 || i == 5)) {
				t.Label = tickLabel(v, max(0, int(-e)), false)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
