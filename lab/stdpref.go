package lab

import (
	"math"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// Bi & Poo's window as docs/sources.md §4.5 records it [M]: about +80 to
// +100% at Δt ≈ +5 ms and −30 to −40% at −5 ms (60 pairs at 1 Hz, Bi & Poo
// 1998 J Neurosci 18:10464), falling off with the exponential fits
// τ+ = 16.8 ms and τ− = 33.7 ms (Bi & Poo 2001 Annu Rev Neurosci 24:139).
// The figure draws the middles of the peak bands carried by the fits; it
// is a reading of published summaries, not their data points.
const (
	biPooPeakLTP = 90.0 // [%] at +5 ms, middle of +80…+100
	biPooPeakLTD = -35.0
	biPooTauP    = 16.8 // [ms]
	biPooTauM    = 33.7
	biPooEdge    = 5.0 // [ms] the peaks' Δt; nothing is drawn inside ±5 ms
)

// biPoo is the reference change [%] at dt [ms] (NaN within ±5 ms or beyond
// ±100 ms).
func biPoo(dt float64) float64 {
	switch {
	case dt >= biPooEdge && dt <= 100:
		return biPooPeakLTP * math.Exp(-(dt-biPooEdge)/biPooTauP)
	case dt <= -biPooEdge && dt >= -100:
		return biPooPeakLTD * math.Exp((dt+biPooEdge)/biPooTauM)
	}
	return math.NaN()
}

// biPooProtocol reports whether every run pairs 60 times at 1 Hz with one
// postsynaptic spike, in the ca1 preparation: Bi & Poo's protocol.
func biPooProtocol(results []*engine.Result) bool {
	for _, r := range results {
		s := r.Plan.Spec
		pr := s.Protocol.Pairing
		if s.Preparation != "" && s.Preparation != experiment.DefaultPreparation || pr == nil || pr.Pairs != 60 || pr.PostSpikes > 1 {
			return false
		}
		if hz, err := units.Parse(pr.Rate, units.Frequency); err != nil || math.Abs(hz-1e-3) > 1e-12 {
			return false
		}
	}
	return len(results) > 0
}

// addBiPoo adds the reference at the curve's Δt.
func addBiPoo(tab *trace.Table, x string) string {
	const src = "Bi & Poo 1998/2001 (approximate: the middles of the peak changes at ±5 ms carried by the exponential fits, tau+ 16.8 ms, tau- 33.7 ms; docs/sources.md §4.5)"
	xs := tab.Col(x)
	col := make([]float64, len(xs))
	for i, dt := range xs {
		col[i] = biPoo(dt)
	}
	tab.Cols = append(tab.Cols, trace.Col{Name: "bi_poo_pct", Unit: "%", Doc: "change after 60 pairings at 1 Hz, " + src, Label: "Bi & Poo (approx.)"})
	tab.Data = append(tab.Data, col)
	return "bi_poo_pct"
}
