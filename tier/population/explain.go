package population

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/ca1"
)

// Indices of ca1.Cols used by the statistics.
const (
	colCaMKII = 11
	colCaN    = 12
	colPP1    = 13
	colUp     = 14
	colDown   = 15
	colLTD    = 16
	colAMPA   = 10
)

// stats are what synlab explain reports: the spine Ca²⁺ of each induction
// pulse (release successes and failures, across spine sizes), the enzymes'
// extremes (read at the record times), the strength's extremes and the
// synapses that changed.
type stats struct {
	row                      []float64
	inPulse                  bool
	pulses                   int
	succW, succCa            float64 // Σ share and Σ share·peak over successes
	failW, failCa            float64 // the same over failures
	succMin, succMax         float64 // range of success peaks across synapses [µM]
	can0, pp10, ck0          float64 // fractions at rest
	canMx, pp1Mx, ckMx       float64
	sMin, sMax               float64 // strength extremes
	upMx, downMx             float64
	amp0, ampMin, ampMinT    float64   // AMPAR content at rest, lowest, and when [ms]
	surf0, surfMin, surfMinT float64   // surface AMPARs (all, ca1.SurfaceAll) at rest, lowest, and when [ms]
	release                  []float64 // AMPA-weighted release at each induction pulse
}

// init reads the resting values.
func (s *stats) init(t *Model) {
	s.row = make([]float64, len(ca1.Cols()))
	t.pop.Read(s.row)
	s.can0, s.pp10, s.ck0 = s.row[colCaN], s.row[colPP1], s.row[colCaMKII]
	s.canMx, s.pp1Mx, s.ckMx = s.can0, s.pp10, s.ck0
	s.sMin, s.sMax = 1, 1
	s.succMin = math.Inf(1)
	s.amp0, s.ampMin = s.row[colAMPA], s.row[colAMPA]
	s.surf0 = t.pop.SurfaceAll()
	s.surfMin = s.surf0
}

// observe updates the extremes at a record time x [ms].
func (s *stats) observe(t *Model, x float64) {
	t.pop.Read(s.row)
	if a := s.row[colAMPA]; a < s.ampMin {
		s.ampMin, s.ampMinT = a, x
	}
	if a := t.pop.SurfaceAll(); a < s.surfMin {
		s.surfMin, s.surfMinT = a, x
	}
	s.canMx, s.pp1Mx, s.ckMx = max(s.canMx, s.row[colCaN]), max(s.pp1Mx, s.row[colPP1]), max(s.ckMx, s.row[colCaMKII])
	s.upMx, s.downMx = max(s.upMx, s.row[colUp]), max(s.downMx, s.row[colDown])
	if !t.lean {
		st := t.Strength()
		s.sMin, s.sMax = min(s.sMin, st), max(s.sMax, st)
	}
}

// close closes the running induction pulse's Ca²⁺ account (the synapses'
// peaks since that stimulus); it is called before the next stimulus.
func (s *stats) close(t *Model) {
	if !s.inPulse {
		return
	}
	s.pulses++
	for _, y := range t.pop.Synapses() {
		if y.Released > 0.5 {
			s.succW += y.Share
			s.succCa += y.Share * y.CaPeakLast
			s.succMin, s.succMax = min(s.succMin, y.CaPeakLast), max(s.succMax, y.CaPeakLast)
		} else {
			s.failW += y.Share
			s.failCa += y.Share * y.CaPeakLast
		}
	}
	s.inPulse = false
}

// pulse opens an induction pulse's account; rel is the pulse's
// AMPA-weighted release (releasedAMPA).
func (s *stats) pulse(pre bool, rel float64) {
	s.inPulse = pre
	if pre {
		s.release = append(s.release, rel)
	}
}

// releaseMetrics adds the short-term plasticity metrics of the induction
// pulses' release (docs/sources.md rows S1, S2, S4).
func (s *stats) releaseMetrics(m map[string]float64) {
	r := s.release
	if len(r) < 2 || !(r[0] > 0) {
		return
	}
	m["ppr_release"] = r[1] / r[0]
	m["release_last_over_first"] = r[len(r)-1] / r[0]
	if len(r) >= 20 {
		m["release_20_over_1_pct"] = 100 * r[19] / r[0]
	}
}

// Explain says what happened in the population.
func (t *Model) Explain(m map[string]float64) []string {
	s := &t.ex
	s.close(t)
	s.observe(t, t.pop.Time())
	s.releaseMetrics(m)
	m["ampar_change_pct"] = 100 * (s.row[colAMPA]/s.amp0 - 1)
	m["ampar_min_change_pct"] = 100 * (s.ampMin/s.amp0 - 1)
	if s.ampMin < s.amp0 {
		m["ampar_min_after_min"] = (s.ampMinT - t.indStart) / 60000
	}
	if s.surf0 > 0 {
		m["surface_min_change_pct"] = 100 * (s.surfMin/s.surf0 - 1)
		m["surface_end_change_pct"] = 100 * (t.pop.SurfaceAll()/s.surf0 - 1)
	}
	if s.surfMin < s.surf0 {
		m["surface_min_after_min"] = (s.surfMinT - t.indStart) / 60000
	}
	m["camkii_p_end_frac"] = s.row[colCaMKII]
	m["can_minus_camkii_peak_pct"] = 100 * (s.canMx - s.ckMx)
	m["induction_pulses"] = float64(s.pulses)
	m["somatic_spikes"] = float64(t.pop.Spikes())
	if !t.p.Stochastic {
		m["particles_per_stratum"] = float64(max(t.p.Particles, 1))
		m["strata_v"], m["strata_r"] = float64(t.p.KV), float64(t.p.KR)
	}
	m["can_peak_frac"], m["pp1_peak_frac"], m["camkii_p_peak_frac"] = s.canMx, s.pp1Mx, s.ckMx
	m["frac_potentiated"], m["frac_depressed"] = s.row[colUp], s.row[colDown]
	m["ampar_rel_end"] = s.row[colAMPA]
	m["release_ltd_end"] = s.row[colLTD]
	if !t.lean {
		m["strength_min_pct"], m["strength_max_pct"] = 100*s.sMin, 100*s.sMax
	}
	var out []string
	if s.succW > 0 {
		succ, fail := s.succCa/s.succW, 0.0
		if s.failW > 0 {
			fail = s.failCa / s.failW
		}
		m["ca_success_peak_uM"], m["ca_failure_peak_uM"] = succ, fail
		m["release_fraction"] = s.succW / (s.succW + s.failW)
		out = append(out, fmt.Sprintf("Over %d induction pulses, %.0f%% of the recruited synapses released per pulse on average; a release raised its spine's free Ca2+ to %.2f uM on average (%.2f–%.2f uM from the largest to the smallest spines), a failure to %.2f uM (rest %.2f uM).",
			s.pulses, 100*s.succW/(s.succW+s.failW), succ, s.succMin, s.succMax, fail, t.p.Ca.Rest))
	}
	out = append(out, fmt.Sprintf("Averaged over synapses, active calcineurin peaked at %.1f%% (rest %.1f%%), free PP1 at %.2f%% (rest %.3f%%) and CaMKII T286 phosphorylation at %.2f%% (rest %.3f%%) (read every 10 s).",
		100*s.canMx, 100*s.can0, 100*s.pp1Mx, 100*s.pp10, 100*s.ckMx, 100*s.ck0))
	extremes := fmt.Sprintf(" (lowest %.1f%%, highest %.1f%% during the run)", 100*s.sMin, 100*s.sMax)
	if t.lean {
		extremes = ""
	}
	out = append(out, fmt.Sprintf("At the end %.0f%% of the synapses hold more than 110%% of their resting PSD-trapped AMPA receptors and %.0f%% less than 90%%; the recruited synapses' AMPA content is %.1f%% of rest and the simulated test EPSP %.1f%% of baseline%s.",
		100*s.row[colUp], 100*s.row[colDown], 100*s.row[colAMPA], 100*t.Strength(), extremes))
	if d := s.row[colLTD]; d > 0.005 {
		out = append(out, fmt.Sprintf("Presynaptic t-LTD: releases that came within tens of ms after a back-propagating spike read its L-type Ca2+ signal, and the boutons' fusion drive fell by %.1f%% on average (docs/ca1-decoder.md §22); this part of the depression is in release, not in the receptors.", 100*d))
	}
	if n := t.pop.Spikes(); n > 0 {
		out = append(out, fmt.Sprintf("The cell fired %d somatic action potentials; each back-propagated into every spine and added VGCC and NMDA Ca2+.", n))
	}
	if q := t.quadratureNote(s.row[colUp] + s.row[colDown]); q != "" {
		out = append(out, q)
	}
	return out
}

// quadratureNote warns, in the deterministic mode with fewer than 64
// classes (16 × 4), that a change made by whole strata moving (switched:
// the fraction of synapses above 110% or below 90% of their resting
// receptor content at the end, colUp + colDown) carries the
// quadrature's error, and says how to check it (VALIDATION.md §7,
// "Quadrature error"; docs/ca1-decoder.md §33).
func (t *Model) quadratureNote(switched float64) string {
	if t.p.Stochastic || t.p.KV*t.p.KR >= 64 || !(switched > 0.005) {
		return ""
	}
	return fmt.Sprintf("Numerics: the deterministic mode integrates over the spine distributions with %d × %d strata, and here whole strata changed their receptor content by more than 10%% (%.0f%% of the synapses end above 110%% or below 90%% of rest), so the change carries the quadrature's error, up to a few points (VALIDATION.md §7, \"Quadrature error\"); near a band edge, check it with --set model.override.kv=16 --set model.override.kr=4 (about 6× the time) or in the stochastic mode.",
		t.p.KV, t.p.KR, 100*switched)
}
