package mech

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// stats are what synlab explain reports: Ca²⁺ per induction pulse,
// time in the two activation ranges, enzyme and receptor extremes (read at
// the coupling points, at most cascadeCouple apart).
type stats struct {
	pulses                   int
	inPulse                  bool
	cur                      float64 // peak of the current induction pulse above rest [µM]
	peakSum, peakMin, peakMx float64
	tPhos, tKin              float64 // [ms]
	started                  bool
	can0, pp10, ck0          float64 // fractions at rest
	canMx, pp1Mx, ckMx       float64
	trap0, trapMin, trapMx   float64
	int0                     float64
	last                     []float64
	indStarted               bool
	endo0, exo0, endo1, exo1 float64 // counters at the first and the last induction pulse
}

// induction marks the cascade's endocytosis/exocytosis counters at an
// induction pulse (the first and the latest).
func (s *stats) induction(y []float64) {
	if !s.indStarted {
		s.indStarted = true
		s.endo0, s.exo0 = y[cascade.Endocytosed], y[cascade.Exocytosed]
	}
	s.endo1, s.exo1 = y[cascade.Endocytosed], y[cascade.Exocytosed]
}

// event closes the running induction pulse and opens a new one if pre.
func (s *stats) event(pre bool) {
	if s.inPulse {
		s.pulses++
		s.peakSum += s.cur
		if s.pulses == 1 || s.cur < s.peakMin {
			s.peakMin = s.cur
		}
		s.peakMx = max(s.peakMx, s.cur)
	}
	s.inPulse, s.cur = pre, 0
}

// sample accounts a stretch dt [ms] with mean Ca²⁺ cm [µM] and end value
// x above rest.
func (s *stats) sample(dt, cm, x, kPhos, kKin float64) {
	switch {
	case cm >= kKin:
		s.tKin += dt
	case cm >= kPhos:
		s.tPhos += dt
	}
	if s.inPulse {
		s.cur = max(s.cur, x)
	}
}

// cascade records the extremes of the cascade state y.
func (s *stats) cascade(y []float64) {
	tot := cascade.TotalsOf(y)
	can, pp1, ck := frac(y[cascade.CaNA], tot.CaN), frac(y[cascade.PP1F], tot.PP1), frac(y[cascade.CaMKIIP], tot.CaMKII)
	tr := cascade.Trapped(y)
	if !s.started {
		s.started = true
		s.can0, s.pp10, s.ck0, s.trap0, s.trapMin = can, pp1, ck, tr, tr
		s.int0 = y[cascade.IntD] + y[cascade.IntP]
	}
	s.canMx, s.pp1Mx, s.ckMx = max(s.canMx, can), max(s.pp1Mx, pp1), max(s.ckMx, ck)
	s.trapMin, s.trapMx = min(s.trapMin, tr), max(s.trapMx, tr)
	s.last = append(s.last[:0], y...)
}

// explain reports the mechanism of the run in metrics and sentences.
// Explain is engine.Explainer.
func (c *Cascade) Explain(m map[string]float64) []string {
	s := &c.ex
	s.event(false)
	if !s.started {
		s.cascade(c.cs.Read(c.csRow))
	}
	y := s.last
	tot := cascade.TotalsOf(y)
	var lines []string
	if s.pulses > 0 {
		mean := s.peakSum / float64(s.pulses)
		m["ca_peak_mean_uM"], m["ca_peak_min_uM"], m["ca_peak_max_uM"] = mean, s.peakMin, s.peakMx
		lines = append(lines, fmt.Sprintf("%d induction pulses raised spine Ca2+ by %.2f uM above rest at their peak on average (range %.2f-%.2f uM).",
			s.pulses, mean, s.peakMin, s.peakMx))
	}
	m["time_phosphatase_range_s"], m["time_kinase_range_s"] = s.tPhos/units.Second, s.tKin/units.Second
	m["kinase_range_from_uM"] = c.kinCa
	lines = append(lines, fmt.Sprintf("Spine Ca2+ spent %.1f s in the phosphatase range (%.2g-%.2g uM: above calcineurin's half-activation, below the kinase range) and %.1f s in the kinase range (above %.2g uM, where CaMKII initiation outruns the resting phosphatases).",
		s.tPhos/units.Second, c.cp.CaN.K, c.kinCa, s.tKin/units.Second, c.kinCa))
	ckEnd := frac(y[cascade.CaMKIIP], tot.CaMKII)
	m["can_active_max_pct"], m["pp1_free_max_pct"], m["camkii_p_max_pct"], m["camkii_p_end_pct"] = 100*s.canMx, 100*s.pp1Mx, 100*s.ckMx, 100*ckEnd
	lines = append(lines, fmt.Sprintf("Calcineurin activity peaked at %.0f%% (rest %.0f%%) and free PP1 at %.0f%% (rest %.0f%%); CaMKII T286 phosphorylation peaked at %.0f%% (rest %.0f%%) and ended at %.0f%%.",
		100*s.canMx, 100*s.can0, 100*s.pp1Mx, 100*s.pp10, 100*s.ckMx, 100*s.ck0, 100*ckEnd))
	trEnd := cascade.Trapped(y)
	in := y[cascade.IntD] + y[cascade.IntP]
	m["ampar_trapped_rest"], m["ampar_trapped_min"], m["ampar_trapped_max"], m["ampar_trapped_end"] = s.trap0, s.trapMin, s.trapMx, trEnd
	lines = append(lines, fmt.Sprintf("PSD-trapped AMPA receptors: %.1f at rest, between %.1f and %.1f during the run, %.1f at the end (%+.0f%%); receptors in endosomes %.0f -> %.0f.",
		s.trap0, s.trapMin, s.trapMx, trEnd, 100*(trEnd/s.trap0-1), s.int0, in))
	m["ampar_endocytosed_run"], m["ampar_exocytosed_run"] = y[cascade.Endocytosed], y[cascade.Exocytosed]
	if s.indStarted {
		m["ampar_endocytosed_induction"], m["ampar_exocytosed_induction"] = s.endo1-s.endo0, s.exo1-s.exo0
		lines = append(lines, fmt.Sprintf("During the induction %.0f receptors were endocytosed and %.0f reinserted (exocytosed); over the whole run %.0f and %.0f.",
			s.endo1-s.endo0, s.exo1-s.exo0, y[cascade.Endocytosed], y[cascade.Exocytosed]))
	}
	lines = append(lines, c.explainMachinery(m, y)...)
	switch {
	case s.tPhos > 0 && s.ckMx < 0.5 && trEnd < s.trap0:
		lines = append(lines, "So: a modest, prolonged Ca2+ rise favoured the phosphatases; receptors left the PSD (LTD).")
	case s.ckMx >= 0.5 && trEnd > s.trap0:
		lines = append(lines, "So: CaMKII switched on; receptors were trapped in the PSD (LTP).")
	}
	return lines
}

// explainMachinery reports the two consequences of the clathrin/dynamin
// level on each side: presynaptic vesicle retrieval (release late in a
// 20 and a 50 Hz train, from the release scheme alone, spine.Release.Train)
// and postsynaptic regulated endocytosis, beside the dynamin-independent
// constitutive turnover; and, when either side is blocked, what the two
// sides share and where they differ (docs/sources.md §7).
func (c *Cascade) explainMachinery(m map[string]float64, y []float64) []string {
	e := c.d.M.Endocytosis()
	rel := c.d.Sp.Release
	rel.Stochastic = false
	lastFirst := func(hz float64, endo spine.Endocytosis) float64 {
		times := make([]float64, 20)
		for k := range times {
			times[k] = float64(k) * 1000 / hz
		}
		r, err := rel.Train(times, endo, nil)
		if err != nil || r[0] == 0 {
			return math.NaN()
		}
		return r[len(r)-1] / r[0]
	}
	intact := spine.IntactEndocytosis()
	r20, r20i := lastFirst(20, e), lastFirst(20, intact)
	r50, r50i := lastFirst(50, e), lastFirst(50, intact)
	m["endo_pre"], m["endo_post"] = e.Pre, e.Post
	m["release_20hz_last_first"], m["release_50hz_last_first"] = r20, r50
	regul, constit := c.cp.Endocytosis(y, c.d.Sp.Ca.Rest) // at the end of the run, at rest
	regul, constit = regul*units.Minute, constit*units.Minute
	m["constitutive_endocytosis_per_min"], m["regulated_endocytosis_per_min_end"] = constit, regul
	lines := []string{fmt.Sprintf("Clathrin/dynamin machinery: presynaptic level %.2g, postsynaptic %.2g (1 = intact). Release at the 20th pulse of a 20 Hz train is %.0f%% of the first (%.0f%% intact), of a 50 Hz train %.0f%% (%.0f%% intact); at the end the dynamin-independent constitutive endocytosis runs at %.2g receptors/min and the regulated route at %.2g/min.",
		e.Pre, e.Post, 100*r20, 100*r20i, 100*r50, 100*r50i, constit, regul)}
	if e.Pre < 1 || e.Post < 1 {
		lines = append(lines, "What is shared and what differs: both sides use clathrin coats, the AP2 adaptor and the GTPase dynamin (LTD-type AMPAR internalisation needs clathrin and dynamin, Glebov et al. 2015 [V-abs]), so one dynamin block slows vesicle retrieval (deeper depression in 20-50 Hz trains) and stops LTD expression. They differ in isoforms and organisation (terminals: mainly dynamin-1, plus clathrin-independent ultrafast endocytosis, Watanabe et al. 2013 [M]; spines: dynamin-2/-3 at endocytic zones beside the PSD tethered by dynamin-3-Homer, Lu et al. 2007 [V-abs]) and in cargo selection (GluA2-AP2, hippocalcin, PICK1, regulated by calcineurin/PP1 Ca2+ signalling, Lee et al. 2002 [M]; presynaptic retrieval follows exocytosis). Constitutive AMPAR cycling is clathrin/dynamin-independent (Rac1/actin, Glebov et al. 2015) and continues. The model shares one level per side and does not resolve isoforms or cargo.")
	}
	return lines
}
