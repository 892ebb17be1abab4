package experiment

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// spineTier is the biophysical CA1 synapse of package spine
// (docs/spine-model.md) with one of the foundation's calcium rules read out
// on its free spine Ca²⁺ instead of the rule's own kernels. model.set picks
// the rule:
//
//	shouval  dW/dt = η(x)·(Ω(x) − λW),  x = S·([Ca]spine − c_rest)
//	         Ω, η of Shouval, Bear & Cooper 2002 (rule.ShouvalDefault) with
//	         their thresholds α1 = 0.35 µM, α2 = 0.55 µM on x, Shouval's Ca
//	         above rest. The unit map S = X70/Ca_ref is the one the gb rule
//	         uses, carried to Shouval's scale: Ca_ref = 0.80 µM is the spine's
//	         peak for one presynaptic spike at a −70 mV somatic clamp
//	         (spine.CaRule, fitted in package spine) and X70 = 0.2126 µM is
//	         the peak of Shouval's own Ca for the same spike and clamp
//	         (computed from the rule at build, shouvalPulsePeak), so one
//	         pulse at −70 mV means the same in both models (S ≈ 0.266). The
//	         thresholds then sit at α/S ≈ 1.32 and 2.07 µM of spine Ca above
//	         rest. Only the amplitude is mapped: the spine's Ca decays with
//	         τext = 12 ms, Shouval's with 50 ms, so each pulse dwells less
//	         long in a zone. Strength = W/W(0), W(0) = Ω(0)/λ.
//	gb       τ dρ/dt = −ρ(1−ρ)(ρ*−ρ) + γp(1−ρ)Θ[c−θp] − γd ρ Θ[c−θd] (+ noise)
//	         with c = ([Ca]spine − c_rest)/Ca_ref (spine.CaRule; Ca_ref =
//	         0.80 µM, fitted in package spine so that one presynaptic spike at
//	         −70 mV gives c = C_pre(DP) = 1). θd = 1 and θp = 1.3 of the DP set
//	         (GB2012 Table S1) therefore sit at 0.80 µM and 1.04 µM of free Ca
//	         above rest. τCa, C_pre, C_post and D of the set are unused: c comes
//	         from the spine. σ = 0 by default (deterministic); set rule.sigma
//	         for the stochastic rule. Strength: the GB two-state population
//	         readout Σ w(ρ_i) / Σ w(ρ_i(0)), a fraction β of synapses starting
//	         DOWN (ρ = 0) and the rest UP (ρ = 1). Noise-free, every DOWN
//	         synapse and every UP synapse follows the same path, so the
//	         population is exactly two groups weighted β and 1 − β; with σ > 0
//	         it is model.synapses synapses with independent noise on the same Ca.
//
// The AMPA receptor count stays fixed in this tier: the rule's weight is the
// strength, and it does not feed back on the spine.
//
// Events. Pre and Test → spine Pre (deterministic release; override
// stochastic = 1 for binomial release with the run's rng); Post →
// SomaticSpike (no delay: the bAP emerges from the cable); ClampOn/ClampOff
// → the ideal somatic voltage clamp. Bath: [Ca]o and [Mg]o set the spine's
// ca_o and mg. Drugs (drugs.go, Effects; drugged): NMDA antagonists scale
// nmda_g, the NMDA agonist sets nmda_tonic, L-type blockers vgcc_l_unblocked,
// BAPTA/EGTA add to the buffer totals, dynamin inhibitors scale endocytosis;
// drugs with from/for are washed in and out by setDrugs.
//
// Overrides: the spine's parameter names (spine.Params.Fields), the rule's
// parameters prefixed "rule." (e.g. rule.alpha1, rule.theta_p, rule.sigma),
// because the two name spaces collide (tau_ca, ca_o, mg, rho),
// "stochastic" (0 or 1), and "endo_pre", "endo_post" (the shared
// clathrin/dynamin machinery, 0–1, multiplied by the drugs).
//
// Integration of the rule. The spine ODE is integrated by its own Rodas4
// (tolerances 1e-6/1e-8); the rule is integrated alongside from the dense
// output, sampled every spineRuleStep = 0.1 ms while Ca moves and at the
// ends of growing chunks while it is settled (see advance). Between two
// samples Ca is taken linear in time:
//   - gb: the interval is split where the line crosses θd or θp, and on each
//     piece (Heaviside factors constant) ρ is advanced by rule.GB.Evolve with
//     τCa = ∞, i.e. with c held constant: the linear part exactly
//     (integrating-factor RK4 above threshold, the closed-form cubic below).
//     The only error is the crossing time of the linearised Ca, O(h²):
//     TestSpineGBConvergence (3 pairings at +10 ms, reference h/16) measures
//     orders 1.7, 2.4, 2.0 for h = 0.4 → 0.05 ms and a ρ error of 7e-6 at the
//     default h = 0.1 ms.
//   - shouval: W is advanced by the exponential midpoint rule (x frozen at
//     the interval's midpoint value, W relaxing exactly toward Ω/λ), also
//     second order.
type spineTier struct {
	kind  string // "shouval" or "gb"
	sp    spine.Params
	m     *spine.Model
	rng   *rand.Rand // release (stochastic release only) and GB noise (σ > 0 only)
	stoc  bool
	stocF float64 // the "stochastic" override (0 or 1)
	h     float64 // rule sampling step while Ca moves [ms]
	tail  int     // sampling step on a falling tail, in units of h (spineTailSteps; mechTailSteps on the mechanistic tier)

	// shouval
	sh      rule.Shouval
	w, w0   float64
	shScale float64 // S: Shouval µM per µM of spine Ca above rest [1]

	// gb
	gb    rule.GB // the rule's parameters (for the manifest)
	gbFix rule.GB // gb with τCa = ∞: Evolve then holds c constant
	cr    spine.CaRule
	pop   []gbGroup
	popW0 float64
	gbRng *rand.Rand // nil when σ = 0

	// cascade (tier_mech.go)
	cset     string         // cascade parameter set name
	cp       cascade.Params // cascade parameters
	cs       *cascade.Cascade
	trap0    float64   // trapped receptors at rest
	gammaA   float64   // AMPA γ·P_open,peak per receptor [nS]
	caT, caV []float64 // Ca²⁺ samples since the cascade's time
	caFn     func(float64) float64
	csRow    []float64
	cerr     error
	couple   float64           // longest stretch with a fixed AMPA count [ms]; cascadeCouple
	kinCa    float64           // Ca²⁺ where the kinase range begins [µM] (cascade.Params.KinaseCa at resting PP1)
	csFresh  bool              // an event happened since the cascade last advanced: restart its step control
	ex       mechStats         // what synlab explain reports
	drug     Effects           // the drugs' effects (drugs.go)
	sp0      spine.Params      // the spine's parameters before drugs
	endo0    spine.Endocytosis // the endocytosis levels before drugs (overrides)
	cp0      cascade.Params    // the cascade's parameters before drugs
	spTol    float64           // the spine's relative solver tolerance on this tier (override spine_rtol)
	csTol    float64           // the cascade's relative solver tolerance (override cascade_rtol)
	endo     spine.Endocytosis // the shared clathrin/dynamin machinery: overrides endo_pre, endo_post times drugs

	// thresholds of the rule in µM of free Ca above rest, and the distance
	// from them [µM] within which Ca is sampled finely (see spineMargin)
	thr    []float64
	margin float64

	// integration state
	tr    float64 // time of the rule state [ms]
	ca    float64 // spine free Ca at tr [µM]
	mode  int     // modeFine, modeTail or modeSettled (see advance)
	chunk float64 // length of the next settled chunk [ms]
	grid  []float64
	rec   []float64 // record times of the current advance
	ri    int
	obs   func(float64)
	nv    int // len(spine.Vars())
}

// gbGroup is a group of identical GB synapses: its state and its share of
// the population.
type gbGroup struct {
	s    rule.GBState
	frac float64
}

// Sampling of the spine Ca for the rule.
const (
	// spineRuleStep [ms] is h, the Ca sampling step while Ca moves: the
	// task's bound (≤ 0.1 ms), small against the fastest Ca time scale of
	// the spine (rise ≈ 1 ms, decay τext = 12 ms).
	spineRuleStep = 0.1
	// spineActiveChunk [ms] is the length of one finely sampled stretch;
	// after each, the tier checks whether Ca has settled.
	spineActiveChunk = 20.0
	// spineTailSteps is the sampling step in the tail mode, in units of h.
	spineTailSteps = 10
	// spineChunkMax [ms] bounds a settled chunk (they double from 2·active).
	spineChunkMax = 10_000.0
	// spineSettleTol [µM]: Ca counts as settled when it changed by less than
	// this over the last chunk. Then the linear Ca of a settled chunk is
	// within 1e-3 µM of the truth, which moves no threshold crossing (see
	// spineMargin) and W by < η·|dΩ/dx|·1e-3 per ms (≈ 1e-10 at rest).
	spineSettleTol = 1e-3
	// spineMargin [µM]: settled Ca must be at least this far from every
	// threshold of the rule, so that no crossing can hide inside a settled
	// chunk. For shouval the margin is the larger of this and 8 widths of
	// its sigmoids in spine Ca, 8/(β·S) ≈ 0.38 µM (t.margin).
	spineMargin = 0.1
)

// Sampling modes of advance.
const (
	modeFine = iota
	modeTail
	modeSettled
)

// spineRules lists the model.set values of the spine tier.
func spineRules() []string { return []string{"shouval", "gb"} }

// Rule parameters exposed under "rule.": the ones that act on the spine's
// Ca. The kernels of each rule (Shouval's NMDAR/EPSP/bAP terms, GB's τCa,
// C_pre, C_post, D, ca_ref) are replaced by the spine and left out.
var (
	spineShouvalFields = []string{"omega_base", "omega_ltp", "omega_ltd", "alpha1", "alpha2", "beta1", "beta2", "p1", "p2", "p3", "p4", "lambda"}
	spineGBFields      = []string{"theta_d", "theta_p", "gamma_d", "gamma_p", "sigma", "tau", "rho_star", "beta", "b"}
)

const spineRulePrefix = "rule."

func prefixed(fs []units.Field, keep []string) []units.Field {
	var out []units.Field
	for _, f := range fs {
		if slices.Contains(keep, f.Name) {
			f.Name = spineRulePrefix + f.Name
			out = append(out, f)
		}
	}
	return out
}

func newSpineTier(pl *Plan, rng *rand.Rand) (synapse, error) {
	return buildSpineTier(pl, rng, spineRuleStep)
}

func buildSpineTier(pl *Plan, rng *rand.Rand, h float64) (*spineTier, error) {
	m := pl.Spec.Model
	kind := m.Set
	if kind == "" {
		kind = "shouval"
	}
	if !slices.Contains(spineRules(), kind) {
		return nil, setError(kind, spineRules())
	}
	return buildSpineKind(pl, rng, h, kind)
}

// buildSpineKind builds the spine with the readout kind: "shouval", "gb"
// or "cascade" (the mechanistic tier, tier_mech.go).
func buildSpineKind(pl *Plan, rng *rand.Rand, h float64, kind string) (*spineTier, error) {
	m := pl.Spec.Model
	t := &spineTier{kind: kind, sp: spine.Default(), h: h, tail: spineTailSteps, rng: rng, nv: len(spine.Vars()), endo: spine.IntactEndocytosis()}
	t.sp.Ca.CaO = pl.CaO
	t.sp.NMDA.Mg = pl.MgO
	t.sh = rule.ShouvalDefault()
	gb, err := rule.GBSet("DP")
	if err != nil {
		return nil, err
	}
	t.gb = gb
	t.gb.Sigma = 0 // deterministic by default; rule.sigma makes it stochastic
	t.cr = spine.DefaultCaRule()

	if kind == "cascade" {
		if err := t.initCascadeParams(m.Set); err != nil {
			return nil, err
		}
	}
	fs := t.fields()
	before := make([]float64, len(fs))
	for i, f := range fs {
		before[i] = *f.Value
	}
	if err := applyOverrides(m.Override, fs); err != nil {
		return nil, err
	}
	if kind == "cascade" {
		if err := t.setTolerances(m.Override); err != nil {
			return nil, err
		}
	}
	if err := t.sp.Validate(); err != nil {
		return nil, blameOverride(m.Override, fs, before, func() error { return t.sp.Validate() }, err)
	}
	if kind == "cascade" {
		if err := t.cp.Validate(); err != nil {
			return nil, blameOverride(m.Override, fs, before, func() error { return t.cp.Validate() }, err)
		}
	}
	if _, ok := m.Override["rule.carule_rest"]; !ok {
		t.cr.Rest = t.sp.Ca.Rest // follows an overridden ca_rest
	}
	if t.stocF != 0 && t.stocF != 1 {
		return nil, &FieldError{Path: "model.override.stochastic", Value: fmt.Sprint(t.stocF), Allowed: "0 (deterministic release) or 1 (stochastic release)"}
	}
	t.stoc = t.stocF == 1
	t.sp.Release.Stochastic = t.stoc
	t.sp0, t.endo0 = t.sp, t.endo // before drugs (overrides applied)
	t.drug = drugEffects(activeDrugs(pl.Drugs, 0))
	t.sp = t.drugged(t.drug)
	invalid := func(err error) error {
		return &FieldError{Path: "model", Value: "spine/" + kind, Allowed: err.Error()}
	}
	mod, err := spine.New(t.sp)
	if err != nil {
		return nil, invalid(err)
	}
	t.m = mod
	for _, c := range []struct {
		name string
		v    float64
	}{{"endo_pre", t.endo0.Pre}, {"endo_post", t.endo0.Post}} {
		if !(c.v >= 0 && c.v <= 1) {
			return nil, &FieldError{Path: "model.override." + c.name, Value: m.Override[c.name], Allowed: "a level between 0 (blocked) and 1 (intact)"}
		}
	}
	t.endo = t.endo0.Block(1 - t.drug.Endocytosis)
	if err := t.m.SetEndocytosis(t.endo); err != nil {
		return nil, invalid(err)
	}
	switch kind {
	case "shouval":
		if m.Synapses > 1 {
			return nil, &FieldError{Path: "model.synapses", Value: fmt.Sprint(m.Synapses), Allowed: "1: the spine tier with the Shouval readout is one deterministic synapse"}
		}
		if err := t.sh.Validate(); err != nil {
			return nil, invalid(err)
		}
		if err := t.cr.Validate(); err != nil {
			return nil, invalid(err)
		}
		x70, err := shouvalPulsePeak(rule.ShouvalDefault(), shouvalRefClamp)
		if err != nil {
			return nil, err
		}
		t.shScale = x70 / t.cr.Ref
		t.w0 = t.sh.Omega(0) / t.sh.Lambda
		t.w = t.w0
		t.thr = []float64{t.sh.Alpha1 / t.shScale, t.sh.Alpha2 / t.shScale}
		t.margin = max(spineMargin, 8/min(t.sh.Beta1, t.sh.Beta2)/t.shScale)
	case "cascade":
		if err := t.startCascade(pl, rng); err != nil {
			return nil, err
		}
	case "gb":
		if err := t.gb.Validate(); err != nil {
			return nil, invalid(err)
		}
		if err := t.cr.Validate(); err != nil {
			return nil, invalid(err)
		}
		t.gbFix = t.gb
		t.gbFix.TauCa = math.Inf(1)
		if t.gb.Sigma > 0 {
			t.gbRng = rng
			n := max(m.Synapses, 1)
			down := int(math.Round(t.gb.Beta * float64(n)))
			for i := range n {
				g := gbGroup{frac: 1 / float64(n)}
				if i >= down {
					g.s.Rho = 1
				}
				t.pop = append(t.pop, g)
			}
		} else {
			t.pop = []gbGroup{{frac: t.gb.Beta}, {s: rule.GBState{Rho: 1}, frac: 1 - t.gb.Beta}}
		}
		for _, g := range t.pop {
			t.popW0 += g.frac * t.gb.Weight(g.s.Rho)
		}
		t.thr = []float64{t.gb.ThetaD * t.cr.Ref, t.gb.ThetaP * t.cr.Ref}
		t.margin = spineMargin
	}
	t.ca = t.m.State()[spine.ICa]
	t.mode = modeFine
	return t, nil
}

// fields lists every parameter: the spine's, the rule's under "rule." and
// the release switch "stochastic".
func (t *spineTier) fields() []units.Field {
	f := t.sp.Fields()
	f = append(f, units.Field{Name: "stochastic", Dim: units.Dimensionless, Value: &t.stocF, Doc: "1: binomial release with the run's rng (and the SSA cascade on the mechanistic tier); 0 (default): deterministic"})
	f = append(f, units.Field{Name: "endo_pre", Dim: units.Dimensionless, Value: &t.endo.Pre, Doc: "presynaptic clathrin/dynamin level (vesicle retrieval), 1 = intact, 0 = blocked; multiplied by drugs (dynasore)"})
	f = append(f, units.Field{Name: "endo_post", Dim: units.Dimensionless, Value: &t.endo.Post, Doc: "postsynaptic clathrin/dynamin level (regulated AMPAR endocytosis), 1 = intact, 0 = blocked; multiplied by drugs"})
	switch t.kind {
	case "shouval":
		f = append(f, prefixed(t.sh.Fields(), spineShouvalFields)...)
	case "gb":
		f = append(f, prefixed(t.gb.Fields(), spineGBFields)...)
	case "cascade":
		f = append(f, t.toleranceFields()...)
		return append(f, t.cascadeFields()...)
	}
	f = append(f, prefixed(t.cr.Fields(), []string{"carule_rest", "carule_ref"})...)
	return f
}

func (t *spineTier) params() []units.Field { return t.fields() }

func (t *spineTier) describe() string {
	mode := "deterministic release"
	if t.stoc {
		mode = "stochastic release"
	}
	switch t.kind {
	case "cascade":
		return t.describeCascade(mode)
	case "shouval":
		return fmt.Sprintf("CA1 spine (docs/spine-model.md), %s, read out by the Shouval, Bear & Cooper 2002 rule on x = %.4g·(Ca − %g µM)",
			mode, t.shScale, t.cr.Rest)
	}
	noise := "noise-free"
	if t.gb.Sigma > 0 {
		noise = fmt.Sprintf("σ = %g, %d synapses", t.gb.Sigma, len(t.pop))
	}
	return fmt.Sprintf("CA1 spine (docs/spine-model.md), %s, read out by the Graupner & Brunel 2012 rule (DP, %s) on c = (Ca − %g µM)/%g µM",
		mode, noise, t.cr.Rest, t.cr.Ref)
}

func (t *spineTier) cols() []trace.Col {
	var cols []trace.Col
	for _, n := range spine.Vars() {
		cols = append(cols, trace.Col{Name: n, Unit: unitOfName(n)})
	}
	if t.kind == "cascade" {
		return append(cols, t.cascadeCols()...)
	}
	if t.kind == "shouval" {
		return append(cols, trace.Col{Name: "w", Unit: "1", Doc: "Shouval weight W driven by x = S·(spine Ca − rest)"})
	}
	return append(cols,
		trace.Col{Name: "c", Unit: "1", Doc: "GB calcium c = (Ca − rest)/Ca_ref (thresholds θd, θp)"},
		trace.Col{Name: "rho", Unit: "1", Doc: "GB efficacy ρ, population mean"},
		trace.Col{Name: "frac_up", Unit: "1", Doc: "fraction of synapses with ρ > ρ*"},
	)
}

func (t *spineTier) read(dst []float64) {
	t.m.Read(dst)
	d := dst[t.nv:]
	if t.kind == "cascade" {
		t.readCascade(d)
		return
	}
	if t.kind == "shouval" {
		d[0] = t.w
		return
	}
	var r, up float64
	for _, g := range t.pop {
		r += g.frac * g.s.Rho
		if g.s.Rho > t.gb.RhoStar {
			up += g.frac
		}
	}
	d[0], d[1], d[2] = t.cr.C(t.ca), r, up
}

func (t *spineTier) delay(protocol.Kind) float64 { return 0 }

func (t *spineTier) apply(e protocol.Event) {
	t.csFresh = true
	if t.cs != nil && (e.Kind == protocol.Pre || e.Kind == protocol.Test) {
		t.ex.event(e.Kind == protocol.Pre) // a pulse's window runs to the next pulse
		if e.Kind == protocol.Pre {
			t.ex.induction(t.cs.Read(t.csRow))
		}
	}
	switch e.Kind {
	case protocol.Pre, protocol.Test:
		var r *rand.Rand
		if t.stoc {
			r = t.rng
		}
		t.m.Pre(r)
	case protocol.Post:
		t.m.SomaticSpike()
	case protocol.ClampOn:
		t.m.Clamp(e.V, true)
	case protocol.ClampOff:
		t.m.Clamp(0, false)
	default:
		return
	}
	t.mode = modeFine
}

// advance integrates the spine to `to` in chunks, one spine Advance each,
// and the rule along, in one of three sampling modes:
//
//   - fine: after every event and whenever Ca is within spineMargin of a
//     threshold, above one, or rising: chunks of spineActiveChunk, Ca
//     sampled every h;
//   - tail: Ca below every threshold by more than spineMargin and falling at
//     both ends of the last chunk: the same chunks, sampled every
//     spineTailSteps·h (for gb nothing depends on it: below θd the rule is
//     integrated exactly; for shouval η(x) < 1e-4/ms there);
//   - settled: Ca changed by less than spineSettleTol over the last chunk and
//     lies spineMargin away from every threshold: chunks double up to
//     spineChunkMax and Ca is sampled at their ends.
//
// A chunk cut short by `to` (the next event) keeps the mode. Record times
// are merged into the samples, so the rule is exactly at each of them when
// obs is called.
func (t *spineTier) advance(to float64, ts []float64, obs func(float64)) error {
	t.rec, t.ri, t.obs = ts, 0, obs
	defer func() { t.rec, t.obs = nil, nil }()
	for t.m.Time() < to {
		now := t.m.Time()
		full := t.chunk
		var h float64
		switch t.mode {
		case modeFine:
			full, h = spineActiveChunk, t.h
		case modeTail:
			full, h = spineActiveChunk, float64(t.tail)*t.h
		}
		end := min(to, now+full)
		t.grid = t.grid[:0]
		if h > 0 {
			n := int(math.Ceil((end-now)/h - 1e-9))
			for k := 1; k < n; k++ {
				t.grid = append(t.grid, now+float64(k)*h)
			}
		}
		t.grid = mergeTimes(t.grid, t.rec[t.ri:], end)
		ca0 := t.ca
		if err := t.m.Advance(end-now, t.grid, t.observe); err != nil {
			return err
		}
		if t.tr < end {
			t.step(end, t.m.State()[spine.ICa])
		}
		if t.cs != nil && t.m.Time()-t.cs.T >= t.couple {
			if err := t.coupleCascade(); err != nil {
				return err
			}
		}
		if end < now+full {
			continue // cut short by the next event, which sets the mode
		}
		ca1 := t.ca
		lo := math.Inf(1)
		if len(t.thr) > 0 {
			lo = slices.Min(t.thr) - t.margin
		}
		switch {
		case math.Abs(ca1-ca0) <= spineSettleTol && t.far(ca1):
			if t.mode != modeSettled {
				t.mode, t.chunk = modeSettled, 2*spineActiveChunk
			} else {
				t.chunk = min(2*t.chunk, spineChunkMax)
			}
		case ca1 < ca0 && ca0-t.cr.Rest < lo:
			t.mode = modeTail
		default:
			t.mode = modeFine
		}
	}
	if t.cs != nil { // the cascade and the AMPA count catch up before the next event
		if err := t.coupleCascade(); err != nil {
			return err
		}
	}
	for ; t.ri < len(t.rec); t.ri++ { // times at or before the current one
		obs(t.rec[t.ri])
	}
	return nil
}

// mergeTimes appends to grid (sorted, all < end) the record times ≤ end and
// returns the sorted union without exact duplicates.
func mergeTimes(grid, rec []float64, end float64) []float64 {
	n := len(grid)
	j := 0
	for j < len(rec) && rec[j] <= end {
		j++
	}
	if j == 0 {
		return grid
	}
	grid = append(grid, rec[:j]...)
	if n > 0 {
		slices.Sort(grid)
		grid = slices.Compact(grid)
	}
	return grid
}

// far reports whether free Ca ca [µM] is t.margin away from every threshold.
func (t *spineTier) far(ca float64) bool {
	x := ca - t.cr.Rest
	for _, th := range t.thr {
		if math.Abs(x-th) < t.margin {
			return false
		}
	}
	return true
}

// observe is the spine's dense-output observer: it steps the rule to x and
// passes record times on to the engine.
func (t *spineTier) observe(x float64) {
	t.step(x, t.m.State()[spine.ICa])
	if t.ri < len(t.rec) && t.rec[t.ri] == x {
		t.ri++
		if t.cs != nil {
			t.flushCascade()
		}
		t.obs(x)
	}
}

// step advances the rule from (t.tr, t.ca) to (x, ca), with Ca linear in
// between.
func (t *spineTier) step(x, ca float64) {
	dt := x - t.tr
	if dt > 0 {
		switch t.kind {
		case "shouval":
			t.stepShouval(dt, ca)
		case "gb":
			t.stepGB(dt, ca)
		case "cascade":
			t.sampleCa(x, ca)
		}
	}
	t.tr, t.ca = x, ca
}

// stepShouval is the exponential midpoint rule for dW/dt = η(x)(Ω(x) − λW).
func (t *spineTier) stepShouval(dt, ca float64) {
	xm := t.shScale * (0.5*(t.ca+ca) - t.cr.Rest)
	lam := t.sh.Lambda
	winf := t.sh.Omega(xm) / lam
	t.w = winf + (t.w-winf)*math.Exp(-lam*t.sh.Eta(xm)*dt)
}

// stepGB splits the interval where the linear c crosses a threshold and
// evolves each group with c held at the piece's midpoint value.
func (t *spineTier) stepGB(dt, ca float64) {
	c0, c1 := t.cr.C(t.ca), t.cr.C(ca)
	var cuts [4]float64
	n := 0
	cuts[n] = 0
	n++
	for _, th := range [2]float64{t.gb.ThetaD, t.gb.ThetaP} {
		if (c0-th)*(c1-th) < 0 {
			cuts[n] = (th - c0) / (c1 - c0)
			n++
		}
	}
	if n == 3 && cuts[2] < cuts[1] {
		cuts[1], cuts[2] = cuts[2], cuts[1]
	}
	cuts[n] = 1
	n++
	for i := 0; i+1 < n; i++ {
		a, b := cuts[i], cuts[i+1]
		if b <= a {
			continue
		}
		cm := c0 + (c1-c0)*0.5*(a+b)
		for k := range t.pop {
			t.pop[k].s.C = cm
			t.gbFix.Evolve(&t.pop[k].s, (b-a)*dt, t.gbRng)
		}
	}
}

func (t *spineTier) strength() float64 {
	if t.kind == "cascade" {
		return t.cs.Surface() / t.trap0
	}
	if t.kind == "shouval" {
		return t.w / t.w0
	}
	var w float64
	for _, g := range t.pop {
		w += g.frac * t.gb.Weight(g.s.Rho)
	}
	return w / t.popW0
}

func (t *spineTier) view() View {
	if t.kind == "cascade" {
		return t.viewCascade()
	}
	rest := t.cr.Rest
	v := View{Fast: []string{"v_spine_mV", "v_soma_mV", "ca_uM"}, Marks: map[string][]Mark{}}
	if t.kind == "shouval" {
		v.Slow = []string{"w"}
		v.Marks["ca_uM"] = []Mark{{Y: rest, Label: "rest"}, {Y: rest + t.thr[0], Label: "α1/S: LTD zone"}, {Y: rest + t.thr[1], Label: "α2/S: LTP zone"}}
		v.Marks["w"] = []Mark{{Y: t.w0, Label: "initial"}}
		return v
	}
	v.Slow = []string{"rho"}
	v.Marks["ca_uM"] = []Mark{{Y: rest, Label: "rest"}, {Y: rest + t.gb.ThetaD*t.cr.Ref, Label: "θd (depression)"}, {Y: rest + t.gb.ThetaP*t.cr.Ref, Label: "θp (potentiation)"}}
	v.Marks["rho"] = []Mark{{Y: t.gb.RhoStar, Label: "ρ*"}}
	return v
}

// shouvalRefClamp [mV] is the somatic clamp of the unit map of both rules:
// the spine's Ca_ref is measured for one pulse at this clamp.
const shouvalRefClamp = -70.0

// shouvalPulsePeak returns the peak of the Shouval model's own Ca above rest
// [µM] for one presynaptic spike with the cell clamped at v [mV] (its
// NMDAR kernels and Mg²⁺ block, rule.ShouvalSynapse), sampled every 0.01 ms
// over 100 ms (the peak comes at about 10 ms; the sampled maximum is within
// 1e-6 relative of the true one).
func shouvalPulsePeak(p rule.Shouval, v float64) (float64, error) {
	s, err := rule.NewShouvalSynapse(p, p.Omega(0)/p.Lambda)
	if err != nil {
		return 0, err
	}
	s.Clamp(v, true)
	s.Pre()
	const dt, n = 0.01, 10000
	ts := make([]float64, n)
	for k := range ts {
		ts[k] = float64(k+1) * dt
	}
	peak := 0.0
	if err := s.Advance(n*dt, ts, func(float64) { peak = max(peak, s.Ca()) }); err != nil {
		return 0, fmt.Errorf("experiment: Shouval reference pulse: %w", err)
	}
	return peak, nil
}

// blameOverride turns a parameter-validation error into a FieldError on the
// override that caused it: the first override (in name order) whose reset
// to its value before the overrides makes validate pass. If none does (two
// overrides together are impossible), the error is reported on
// model.override as a whole.
func blameOverride(over map[string]string, fs []units.Field, before []float64, validate func() error, err error) error {
	keys := slices.Sorted(maps.Keys(over))
	for _, k := range keys {
		i := slices.IndexFunc(fs, func(f units.Field) bool { return f.Name == k })
		if i < 0 {
			continue
		}
		v := *fs[i].Value
		*fs[i].Value = before[i]
		ok := validate() == nil
		*fs[i].Value = v
		if ok {
			return &FieldError{Path: "model.override." + k, Value: over[k], Allowed: err.Error()}
		}
	}
	return &FieldError{Path: "model.override", Value: strings.Join(keys, ", "), Allowed: err.Error()}
}

// drugged returns the spine's parameters (before drugs: t.sp0) with the
// drug effects e.
func (t *spineTier) drugged(e Effects) spine.Params {
	p := t.sp0
	p.NMDA.G *= e.NMDA
	p.NMDA.Tonic += e.NMDAAgonist
	p.AMPA.Tonic += ampaSteadyOpen * e.AMPAAgonist
	p.VGCC.SL *= e.LType
	p.BAPTA.Total += e.BAPTA
	p.EGTA.Total += e.EGTA
	return p
}

// setDrugs applies the doses active from now on (a drug washed in or out,
// drugSetter): the spine's parameters and endocytosis, and the cascade's.
// The exchange is instantaneous.
func (t *spineTier) setDrugs(active []DrugDose) error {
	t.drug = drugEffects(active)
	t.sp = t.drugged(t.drug)
	if err := t.m.SetParams(t.sp); err != nil {
		return err
	}
	t.endo = t.endo0.Block(1 - t.drug.Endocytosis)
	if err := t.m.SetEndocytosis(t.endo); err != nil {
		return err
	}
	t.mode = modeFine
	if t.cs == nil {
		return nil
	}
	if err := t.coupleCascade(); err != nil { // the cascade catches up first
		return err
	}
	return t.cs.SetParams(t.druggedCascade())
}
