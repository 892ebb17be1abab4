package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// The mechanistic tier (model.tier: mechanistic) is the biophysical spine of
// package spine driving the kinase/phosphatase/AMPA-receptor cascade of
// package cascade (docs/cascade-model.md) with its own free Ca²⁺, and the
// cascade's PSD-trapped receptors setting the spine's AMPA conductance. There
// is no weight rule: the strength is the trapped receptor count relative to
// its resting value, and the EPSP follows it.
//
// Coupling, in the spineTier chunks (tier_spine.go, advance):
//
//   - Ca²⁺ → cascade. The spine's free Ca²⁺ is sampled every h = 0.1 ms while
//     it moves (every 2 ms on a falling tail, at chunk ends when settled) and
//     the cascade is integrated over those samples with Ca²⁺ linear in time
//     between them (cascade.Advance with an interpolating drive). The cascade
//     is brought up to the spine's time at every record time, before every
//     event and at least every cascadeCouple of model time.
//     Its resting Ca²⁺ is the spine's (cascade ca_rest := spine ca_rest), so
//     the resting state of both is one state.
//   - Receptors → spine. Before every event, and at least every
//     cascadeCouple = 1 s of model time, the cascade is brought up to the
//     spine's time (one cascade.Advance over the Ca²⁺ samples since the last
//     one, so its step control meets each transient afresh at the event)
//     and the spine's AMPA count N is set to the cascade's PSD-trapped count, with
//     the unitary conductance γ chosen once so that the resting synapse keeps
//     the spine's default N·γ = 1 nS (GluSynapse gmax0_AMPA): γ·P_open,peak =
//     1 nS / N_trapped,rest. Receptors move on a scale of minutes, so a lag
//     of at most 1 s (operator splitting) changes N by < 1e-3 of itself
//     (TestMechCouplingLag).
//
// Drugs (drugs.go) and the endo_pre/endo_post levels act from t = 0 on the
// untreated resting state: they are washed in during the baseline, and a
// drug that moves the baseline by itself shows as baseline drift in the
// summary.
//
// model.set: "default" (cascade.Default(), with the documented change that
// gives LTD), "urakubo" (cascade.UrakuboOriginal(), the faithful variant
// that is known not to give LTD for 900 pulses at 1 Hz) or "ca1"
// (cascade.CA1(), the decoder whose Ca²⁺ thresholds belong to the
// mechanism). Overrides: the
// spine's parameters by name, the cascade's prefixed "cascade." (e.g.
// cascade.can_scale), and "stochastic" = 1 for binomial release and the
// exact stochastic (SSA) cascade with copy numbers in the spine volume.

// mechSets lists the model.set values of the mechanistic tier.
func mechSets() []string { return []string{"default", "urakubo", "ca1"} }

func newMechTier(pl *Plan, rng *rand.Rand) (synapse, error) {
	return buildSpineKind(pl, rng, spineRuleStep, "cascade")
}

const cascadePrefix = "cascade."

// Solver tolerances of the tier. The spine's own default (1e-6, which the
// NEURON cross-validation uses) resolves voltages to µV; the receptor count
// the tier reads out moves on minutes and hardly sees the difference:
// TestMechToleranceConvergence runs the 90 min LFS experiment at these and
// at 1e-6 for both and finds the result within 1e-3 percentage points, at
// 0.4× the spine's solver steps. Both can be overridden (spine_rtol,
// cascade_rtol) to check convergence on any protocol.
const (
	mechSpineRelTol = 1e-4                  // the spine's relative tolerance on this tier
	spineAbsPerRel  = 1e-2                  // the spine's absolute tolerance per unit of relative [mV, µM, 1]: 1e-6 at 1e-4
	maxRelTol       = 1e-2                  // the loosest either may be
	mechCascadeTol  = cascade.DefaultRelTol // the cascade's relative tolerance
	// mechTailSteps is the Ca²⁺ sampling step on a falling tail in units of
	// h (2 ms): the cascade integrates the samples as a linear drive, and
	// halving both h and this step changes the LFS result by < 1e-3 points
	// (TestMechToleranceConvergence).
	mechTailSteps = 20
)

// toleranceFields are the overrides spine_rtol and cascade_rtol.
func (t *spineTier) toleranceFields() []units.Field {
	return []units.Field{
		{Name: "spine_rtol", Dim: units.Dimensionless, Value: &t.spTol, Doc: "relative tolerance of the spine's solver on this tier (absolute: 1e-2 of it, in mV, µM or 1); see TestMechToleranceConvergence"},
		{Name: "cascade_rtol", Dim: units.Dimensionless, Value: &t.csTol, Doc: "relative tolerance of the cascade's solver (absolute: 1e-3 of it, in µM or receptors)"},
	}
}

// setTolerances checks spine_rtol and cascade_rtol (defaults if not
// overridden) and sets the spine's solver from the first.
func (t *spineTier) setTolerances(ov map[string]string) error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"spine_rtol", t.spTol}, {"cascade_rtol", t.csTol}} {
		if !(c.v > 0 && c.v <= maxRelTol) {
			return &FieldError{Path: "model.override." + c.name, Value: ov[c.name], Allowed: fmt.Sprintf("a relative tolerance in (0, %g]", maxRelTol)}
		}
	}
	t.sp.Solver.RelTol, t.sp.Solver.AbsTol = t.spTol, spineAbsPerRel*t.spTol
	return nil
}

// cascadeCouple [ms] is the longest stretch over which the spine runs with
// a fixed AMPA count before the cascade catches up.
const cascadeCouple = 1000.0

// initCascadeParams picks the cascade's parameter set before overrides apply.
func (t *spineTier) initCascadeParams(set string) error {
	t.spTol, t.csTol, t.tail = mechSpineRelTol, mechCascadeTol, mechTailSteps
	switch set {
	case "", "default":
		t.cset, t.cp = "default", cascade.Default()
	case "urakubo":
		t.cset, t.cp = "urakubo", cascade.UrakuboOriginal()
	case "ca1":
		t.cset, t.cp = "ca1", cascade.CA1() // the CA1 decoder (docs/cascade-model.md, "The CA1 decoder")
	default:
		return setError(set, mechSets())
	}
	return nil
}

// cascadeFields lists the cascade's parameters under "cascade.", without
// its resting Ca²⁺ (it is the spine's).
func (t *spineTier) cascadeFields() []units.Field {
	var f []units.Field
	for _, x := range t.cp.Fields() {
		if x.Name == "ca_rest" {
			continue
		}
		x.Name = cascadePrefix + x.Name
		f = append(f, x)
	}
	return f
}

// startCascade builds the cascade at its resting state at the spine's
// resting Ca²⁺ and couples its trapped receptors to the spine's AMPA count.
func (t *spineTier) startCascade(pl *Plan, rng *rand.Rand) error {
	if pl.Spec.Model.Synapses > 1 {
		return &FieldError{Path: "model.synapses", Value: fmt.Sprint(pl.Spec.Model.Synapses), Allowed: "1: the mechanistic tier is one spine"}
	}
	t.cp.CaRest = t.sp.Ca.Rest
	t.cp0 = t.cp
	t.cp = t.druggedCascade()
	// The resting state is the untreated one; drugs and machinery blocks act
	// from t = 0, i.e. they are washed in during the baseline, as in the
	// experiments (a rest computed with the drug in place for ever can be
	// absurd: with PP1/PP2A blocked, nothing stops receptor accumulation).
	rest := t.cp
	rest.CaMKIIScale, rest.CaNScale, rest.PP1Scale, rest.PP2AScale, rest.PKAScale, rest.EndoPost, rest.Ligand = 1, 1, 1, 1, 1, 1, t.cp0.Ligand
	var err error
	if t.stoc {
		t.cs, err = cascade.NewStochastic(rest, rng)
	} else {
		t.cs, err = cascade.New(rest, nil)
	}
	if err == nil {
		err = t.cs.SetParams(t.cp)
		t.cs.RelTol = t.csTol
	}
	if err != nil {
		return &FieldError{Path: "model", Value: "mechanistic/" + t.cset, Allowed: err.Error()}
	}
	t.trap0 = t.cs.Surface()
	if !(t.trap0 > 0) {
		return &FieldError{Path: "model", Value: "mechanistic/" + t.cset, Allowed: fmt.Sprintf("parameters with PSD-trapped receptors at rest (got %g)", t.trap0)}
	}
	t.gammaA = t.sp.AMPA.N * t.sp.AMPA.Gamma / t.trap0
	t.kinCa = t.cp.KinaseCa(t.cs.Read(nil)[cascade.PP1F])
	if err := t.m.SetAMPA(t.trap0, t.gammaA); err != nil {
		return err
	}
	t.caT = append(t.caT[:0], 0)
	t.caV = append(t.caV[:0], t.m.State()[spine.ICa])
	t.caFn = t.caAt
	t.couple = cascadeCouple
	t.csRow = make([]float64, cascade.NState)
	return nil
}

// sampleCa appends a spine Ca²⁺ sample for the cascade and updates the
// statistics of synlab explain.
func (t *spineTier) sampleCa(x, ca float64) {
	n := len(t.caT)
	t.ex.sample(x-t.caT[n-1], 0.5*(ca+t.caV[n-1]), ca-t.sp.Ca.Rest, t.cp.CaN.K, t.kinCa)
	t.caT = append(t.caT, x)
	t.caV = append(t.caV, ca)
}

// caAt is the cascade's Ca²⁺ drive: the samples, linear in between,
// constant beyond the ends.
func (t *spineTier) caAt(x float64) float64 {
	n := len(t.caT)
	if x <= t.caT[0] {
		return t.caV[0]
	}
	if x >= t.caT[n-1] {
		return t.caV[n-1]
	}
	i := sort.SearchFloat64s(t.caT, x) // caT[i-1] < x <= caT[i]
	a := (x - t.caT[i-1]) / (t.caT[i] - t.caT[i-1])
	return t.caV[i-1] + a*(t.caV[i]-t.caV[i-1])
}

// flushCascade integrates the cascade up to the last Ca²⁺ sample and keeps
// that sample as the start of the next stretch. An error is kept for
// advance to return.
func (t *spineTier) flushCascade() {
	n := len(t.caT)
	if t.cerr != nil || n < 2 {
		return
	}
	if dt := t.caT[n-1] - t.cs.T; dt > 0 {
		adv := t.cs.Continue
		if t.csFresh { // the first stretch after an event: a new transient
			adv, t.csFresh = t.cs.Advance, false
		}
		if err := adv(dt, t.caFn, nil, nil); err != nil {
			t.cerr = fmt.Errorf("mechanistic tier: cascade at t = %g ms: %w", t.cs.T, err)
			return
		}
	}
	t.caT[0], t.caV[0] = t.caT[n-1], t.caV[n-1]
	t.caT, t.caV = t.caT[:1], t.caV[:1]
}

// coupleCascade brings the cascade to the spine's time and sets the spine's
// AMPA count to the trapped receptors.
func (t *spineTier) coupleCascade() error {
	t.flushCascade()
	if t.cerr != nil {
		return t.cerr
	}
	t.ex.cascade(t.cs.Read(t.csRow))
	return t.m.SetAMPA(t.cs.Surface(), t.gammaA)
}

// Derived cascade columns after cascade.Names().
var mechDerived = []trace.Col{
	{Name: "ampar_trapped", Unit: "1", Doc: "PSD-trapped AMPA receptors (sets the AMPA conductance)"},
	{Name: "ampar_surface", Unit: "1", Doc: "non-trapped surface AMPA receptors"},
	{Name: "ampar_internal", Unit: "1", Doc: "receptors in recycling endosomes"},
	{Name: "camkii_p_frac", Unit: "1", Doc: "fraction of CaMKII subunits T286-phosphorylated"},
	{Name: "pp1_frac", Unit: "1", Doc: "fraction of PP1 free (active)"},
	{Name: "can_frac", Unit: "1", Doc: "fraction of calcineurin active"},
}

func (t *spineTier) cascadeCols() []trace.Col {
	var cols []trace.Col
	for _, n := range cascade.Names() {
		cols = append(cols, trace.Col{Name: n, Unit: unitOfName(n)})
	}
	return append(cols, mechDerived...)
}

func (t *spineTier) readCascade(d []float64) {
	y := t.cs.Read(t.csRow)
	copy(d, y)
	k := len(y)
	tot := cascade.TotalsOf(y)
	d[k] = cascade.Trapped(y)
	d[k+1] = y[cascade.M00] + y[cascade.M10] + y[cascade.M01] + y[cascade.M11]
	d[k+2] = y[cascade.IntD] + y[cascade.IntP]
	d[k+3] = frac(y[cascade.CaMKIIP], tot.CaMKII)
	d[k+4] = frac(y[cascade.PP1F], tot.PP1)
	d[k+5] = frac(y[cascade.CaNA], tot.CaN)
}

func frac(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func (t *spineTier) describeCascade(mode string) string {
	c := "deterministic cascade"
	if t.stoc {
		c = "stochastic cascade (exact SSA)"
	}
	return fmt.Sprintf("CA1 spine (docs/spine-model.md), %s, driving the kinase/phosphatase/AMPAR-trafficking cascade (docs/cascade-model.md, set %s, %s); strength = PSD-trapped AMPARs / %.4g at rest",
		mode, t.cset, c, t.trap0)
}

// viewCascade: the spine's Ca²⁺ against the half-activation levels of the
// phosphatase and kinase branches, and below the strength the mechanism.
func (t *spineTier) viewCascade() View {
	rest := t.sp.Ca.Rest
	v := View{
		Fast: []string{"v_spine_mV", "v_soma_mV", "ca_uM"},
		Slow: []string{"ampar_trapped", "ampar_internal", "camkii_p_frac", "pp1_frac", "can_frac"},
		Marks: map[string][]Mark{
			"ca_uM": {{Y: rest, Label: "rest"},
				{Y: t.cp.CaN.K, Label: "calcineurin half-activation"},
				{Y: t.kinCa, Label: "kinase range (CaMKII outruns resting phosphatases)"}},
			"ampar_trapped": {{Y: t.trap0, Label: "rest"}},
		},
	}
	return v
}

// mechStats are what synlab explain reports: Ca²⁺ per induction pulse,
// time in the two activation ranges, enzyme and receptor extremes (read at
// the coupling points, at most cascadeCouple apart).
type mechStats struct {
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
func (s *mechStats) induction(y []float64) {
	if !s.indStarted {
		s.indStarted = true
		s.endo0, s.exo0 = y[cascade.Endocytosed], y[cascade.Exocytosed]
	}
	s.endo1, s.exo1 = y[cascade.Endocytosed], y[cascade.Exocytosed]
}

// event closes the running induction pulse and opens a new one if pre.
func (s *mechStats) event(pre bool) {
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
func (s *mechStats) sample(dt, cm, x, kPhos, kKin float64) {
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
func (s *mechStats) cascade(y []float64) {
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
func (t *spineTier) explain(m map[string]float64) []string {
	if t.kind != "cascade" {
		return nil
	}
	s := &t.ex
	s.event(false)
	if !s.started {
		s.cascade(t.cs.Read(t.csRow))
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
	m["kinase_range_from_uM"] = t.kinCa
	lines = append(lines, fmt.Sprintf("Spine Ca2+ spent %.1f s in the phosphatase range (%.2g-%.2g uM: above calcineurin's half-activation, below the kinase range) and %.1f s in the kinase range (above %.2g uM, where CaMKII initiation outruns the resting phosphatases).",
		s.tPhos/units.Second, t.cp.CaN.K, t.kinCa, s.tKin/units.Second, t.kinCa))
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
	lines = append(lines, t.explainMachinery(m, y)...)
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
// sides share and where they differ (science.md §7).
func (t *spineTier) explainMachinery(m map[string]float64, y []float64) []string {
	e := t.m.Endocytosis()
	rel := t.sp.Release
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
	regul, constit := t.cp.Endocytosis(y, t.sp.Ca.Rest) // at the end of the run, at rest
	regul, constit = regul*units.Minute, constit*units.Minute
	m["constitutive_endocytosis_per_min"], m["regulated_endocytosis_per_min_end"] = constit, regul
	lines := []string{fmt.Sprintf("Clathrin/dynamin machinery: presynaptic level %.2g, postsynaptic %.2g (1 = intact). Release at the 20th pulse of a 20 Hz train is %.0f%% of the first (%.0f%% intact), of a 50 Hz train %.0f%% (%.0f%% intact); at the end the dynamin-independent constitutive endocytosis runs at %.2g receptors/min and the regulated route at %.2g/min.",
		e.Pre, e.Post, 100*r20, 100*r20i, 100*r50, 100*r50i, constit, regul)}
	if e.Pre < 1 || e.Post < 1 {
		lines = append(lines, "What is shared and what differs: both sides use clathrin coats, the AP2 adaptor and the GTPase dynamin (LTD-type AMPAR internalisation needs clathrin and dynamin, Glebov et al. 2015 [V-abs]), so one dynamin block slows vesicle retrieval (deeper depression in 20-50 Hz trains) and stops LTD expression. They differ in isoforms and organisation (terminals: mainly dynamin-1, plus clathrin-independent ultrafast endocytosis, Watanabe et al. 2013 [M]; spines: dynamin-2/-3 at endocytic zones beside the PSD tethered by dynamin-3-Homer, Lu et al. 2007 [V-abs]) and in cargo selection (GluA2-AP2, hippocalcin, PICK1, regulated by calcineurin/PP1 Ca2+ signalling, Lee et al. 2002 [M]; presynaptic retrieval follows exocytosis). Constitutive AMPAR cycling is clathrin/dynamin-independent (Rac1/actin, Glebov et al. 2015) and continues. The model shares one level per side and does not resolve isoforms or cargo.")
	}
	return lines
}

// druggedCascade returns the cascade's parameters (before drugs: t.cp0)
// with the current drug effects and the postsynaptic endocytosis level.
func (t *spineTier) druggedCascade() cascade.Params {
	p := t.cp0
	p.CaMKIIScale *= t.drug.CaMKII
	p.CaNScale *= t.drug.CaN
	p.PP1Scale *= t.drug.PP1
	p.PP2AScale *= t.drug.PP1 // the "pp1" target is PP1 and PP2A together (cascade has separate knobs since the CA1 decoder)
	p.PKAScale *= t.drug.PKA
	p.EndoPost *= t.endo.Post // the same level as the spine's (overrides and drugs)
	p.Ligand = 1 - (1-p.Ligand)*(1-t.drug.AMPAAgonist)
	return p
}
