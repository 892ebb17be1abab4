// Package population is the default tier of the ca1 preparation
// (model.tier: mechanistic): package ca1, a population of Schaffer-collateral
// synapses on one CA1 pyramidal cell, each with its own spine, bouton and
// kinase/phosphatase/AMPA-receptor cascade, coupled through the cell's
// shared voltage (docs/population-model.md, docs/cascade-model.md). There
// is no weight rule: the strength is a simulated test-pulse EPSP (the peak
// somatic EPSP of one test stimulus through the cable, relative to t = 0),
// and graded LTP and LTD come from how many synapses change and by how much.
//
// Protocol events map to it as
//
//	pre, test pulses → a Schaffer-collateral stimulus (every recruited bouton fires)
//	post spikes      → a somatic current pulse; the spike back-propagates into every spine
//	clamp on/off     → an ideal somatic voltage clamp
//
// Bath: [Ca²⁺]o and [Mg²⁺]o act wherever they act (release, NMDA Ca²⁺
// fraction and Mg²⁺ block, VGCC reversal; ca1.Params.SetBath); the
// overrides ca_o and mg_o are refused (they are bath.ca and bath.mg).
// Drugs act on the cable (APV, CNQX/NBQX, nimodipine, BAPTA, EGTA, bath NMDA
// and AMPA), on the shared clathrin/dynamin machinery (both sides) and on
// every synapse's cascade (CaMKII, calcineurin, PP1, PP2A, PKA); they are
// washed in from t = 0 on the untreated resting state, or with from/for.
//
// Modes: deterministic (default: KV × KR strata of the distributions, each
// split into a release and a failure branch at every stimulus; sixteen
// particles per stratum when presynaptic stimuli come 10 ms apart or
// closer, three up to 20 ms, model.override.particles, ca1.AutoParticles) or, with
// model.override.stochastic = 1, model.synapses stochastic synapses
// (default ca1.DefaultN) with one-site release drawn from the run's rng.
package population

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/ca1"
	"github.com/synlab/synlab/calibration"
	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// kind names the model in errors.
const kind = "ca1/mechanistic"

// bath names the parameters the bath sets.
var bath = engine.BathFields{"ca_o": "bath.ca", "mg_o": "bath.mg"}

// Tier is the default (mechanistic) tier of the ca1 preparation.
func Tier() engine.Tier {
	t := engine.Tier{
		Preparation: "ca1", Name: "mechanistic",
		Doc: "CA1 population: Schaffer-collateral synapses on one cell, each with its own spine, release and CaMKII / calcineurin-PP1 / AMPAR cascade; strength = simulated test-pulse EPSP (docs/population-model.md)",
		Sets: []engine.Set{
			{Name: "default", Doc: "the population of docs/population-model.md with the CA1 decoder (docs/cascade-model.md); deterministic strata, or model.override.stochastic=1 for model.synapses stochastic synapses"},
		},
		Drugs: []drug.Target{drug.NMDA, drug.AMPA, drug.LType, drug.Endocytosis, drug.BAPTA, drug.EGTA,
			drug.NMDAAgonist, drug.AMPAAgonist, drug.CaMKII, drug.CaN, drug.PP1, drug.PP2A, drug.PKA},
		Timed: true,
	}
	t.Check = func(pl *engine.Plan) ([]string, error) {
		m, err := build(pl, nil, true)
		if err != nil {
			return nil, err
		}
		return engine.VarNames(m.Vars()), nil
	}
	t.Build = func(pl *engine.Plan, rng *rand.Rand) (engine.Model, error) { return build(pl, rng, false) }
	t.Cost = cost
	return t
}

// cost is the tier's estimate of a plan's cost (engine.Tier.Cost), in
// cascade-seconds: the synapses simulated (stochastic synapses, or strata
// × particles × the two branches) times the model time [s] plus the
// number of events (each restarts the integrators). On the 7 points of
// `synlab curve frequency` it ranks 50 Hz (three particles) and 0.5 Hz
// (the longest run) first, as their measured costs do.
func cost(pl *engine.Plan) float64 {
	m, err := build(pl, nil, true)
	if err != nil {
		return 0
	}
	n := float64(m.p.N)
	if !m.p.Stochastic {
		n = float64(m.p.KV * m.p.KR * 2 * m.p.Particles)
	}
	return n * (pl.Layout.End/units.Second + pl.Layout.Events)
}

// Model adapts a ca1.Population to the engine.
type Model struct {
	p0       ca1.Params // parameters before drugs (overrides and bath applied)
	p        ca1.Params // in force
	endo0    spine.Endocytosis
	stocF    float64 // the "stochastic" override
	fieldF   float64 // the "field_readout" override
	partF    float64 // the "particles" override (0: ca1.AutoParticles for the protocol)
	kvF, krF float64 // the "kv" and "kr" overrides: strata of ln V and ln R_neck
	pop      *ca1.Population
	rng      *rand.Rand
	drug     drug.Effects
	row      []float64
	bt, bv   []float64 // the test EPSP waveform at the start of the induction
	indStart float64   // the induction's start [ms] (Layout.InductionStart)
	fitted   string    // the fitted set applied (calibration/ca1.fitted.yaml), "" if none
	ex       stats
	times    []float64 // observation times of the last Advance (reused)
	lean     bool      // engine.Plan.Lean: the statistics read no strength (no simulated test pulse per record)
}

// build makes the model for a plan: overrides, bath, drugs, mode.
func build(pl *engine.Plan, rng *rand.Rand, check bool) (*Model, error) {
	m := pl.Spec.Model
	if m.Set != "" && m.Set != "default" {
		return nil, engine.SetError(m.Set, []string{"default"})
	}
	t := &Model{p: ca1.Default(), rng: rng, indStart: pl.Layout.InductionStart, lean: pl.Lean}
	t.kvF, t.krF = float64(t.p.KV), float64(t.p.KR)
	t.p.SetBath(pl.CaO, pl.MgO)
	t.endo0 = t.p.Endo
	fs := t.fields()
	// The fitted set of calibration/ca1.yaml (synlab calibrate) first, then
	// the spec's own overrides.
	fitted, from, err := calibration.Overrides("ca1")
	if err == nil && len(fitted) > 0 {
		err = engine.ApplyOverrides(fitted, fs, bath)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmp.Or(from, "calibration/ca1.yaml"), err)
	}
	t.fitted = from
	before := engine.Snapshot(fs)
	if err := engine.ApplyOverrides(m.Override, fs, bath); err != nil {
		return nil, err
	}
	if check {
		engine.NoteOverrides(pl, fs, before)
	}
	t.p.SetBath(pl.CaO, pl.MgO) // wherever [Ca]o and [Mg]o act
	if t.stocF != 0 && t.stocF != 1 {
		return nil, &experiment.FieldError{Path: "model.override.stochastic", Value: m.Override["stochastic"], Allowed: "0 (deterministic strata) or 1 (model.synapses stochastic synapses)"}
	}
	if t.fieldF != 0 && t.fieldF != 1 {
		return nil, &experiment.FieldError{Path: "model.override.field_readout", Value: m.Override["field_readout"], Allowed: "0 (somatic EPSP peak) or 1 (fEPSP-slope proxy)"}
	}
	if t.partF < 0 || t.partF > 64 || t.partF != math.Trunc(t.partF) {
		return nil, &experiment.FieldError{Path: "model.override.particles", Value: m.Override["particles"], Allowed: "0 (auto: 16 when presynaptic stimuli come 10 ms apart or closer, 3 up to 20 ms, else 1) or a whole number of particles per stratum, 1 to 64"}
	}
	t.p.Particles = int(t.partF)
	if t.partF == 0 {
		d := minPreInterval(pl)
		t.p.Particles, t.p.SlowParticles = ca1.AutoParticles(d), ca1.AutoSlowParticles(d)
	}
	t.p.Stochastic = t.stocF == 1
	t.p.Workers = pl.Cores // the cascades' goroutines; the results do not depend on it
	if err := t.strata(m.Override); err != nil {
		return nil, err
	}
	switch {
	case t.p.Stochastic && m.Synapses > 1:
		t.p.N = m.Synapses
	case t.p.Stochastic:
		t.p.N = ca1.DefaultN
	case m.Synapses > 1:
		return nil, &experiment.FieldError{Path: "model.synapses", Value: fmt.Sprint(m.Synapses),
			Allowed: "1 or absent in the deterministic mode, which models the distributions by strata (overrides kv, kr); set model.override.stochastic=1 for that many stochastic synapses"}
	}
	if err := t.p.Validate(); err != nil {
		return nil, engine.BlameOverride(m.Override, fs, before, func() error { return t.p.Validate() }, err, kind)
	}
	t.p0, t.endo0 = t.p, t.p.Endo
	t.drug = drug.Of(drug.Active(pl.Drugs, 0))
	drugged := t.drugged(t.drug)
	if err := drugged.Validate(); err != nil {
		return nil, &experiment.FieldError{Path: "drugs", Value: fmt.Sprint(pl.Spec.Drugs), Allowed: err.Error()}
	}
	t.row = make([]float64, len(ca1.Cols()))
	if check {
		return t, nil // the cascades' resting state takes a long integration
	}
	// The resting state is the untreated one; the drugs are washed in at
	// t = 0 (a rest with PP1 blocked for ever is absurd).
	pop, err := ca1.New(t.p0, rng)
	if err == nil {
		err = pop.SetParams(drugged)
	}
	if err != nil {
		return nil, &experiment.FieldError{Path: "model", Value: kind, Allowed: err.Error()}
	}
	t.pop, t.p = pop, drugged
	t.ex.init(t)
	return t, nil
}

// strata sets the deterministic mode's strata from the kv and kr
// overrides: whole numbers 1 to 20 (ca1.Params.KV, KR), refused in the
// stochastic mode, whose synapses are drawn from the distributions.
func (t *Model) strata(ov map[string]string) error {
	for _, s := range []struct {
		name string
		v    float64
		dst  *int
	}{{"kv", t.kvF, &t.p.KV}, {"kr", t.krF, &t.p.KR}} {
		if _, set := ov[s.name]; set && t.p.Stochastic {
			return &experiment.FieldError{Path: "model.override." + s.name, Value: ov[s.name], Allowed: "absent with model.override.stochastic=1 (strata belong to the deterministic mode; the stochastic synapses are drawn from the distributions)"}
		}
		if s.v < 1 || s.v > 20 || s.v != math.Trunc(s.v) {
			return &experiment.FieldError{Path: "model.override." + s.name, Value: ov[s.name], Allowed: "a whole number of strata, 1 to 20"}
		}
		*s.dst = int(s.v)
	}
	return nil
}

// fields lists every parameter (package ca1's) and the tier's switches.
func (t *Model) fields() []units.Field {
	return withRanges(append(t.p.Fields(),
		units.Field{Name: "stochastic", Dim: units.Dimensionless, Value: &t.stocF, Doc: "1: model.synapses stochastic synapses (default 100, one per recruited synapse) with one-site release from the run's rng; 0 (default): deterministic strata with release and failure branches"},
		units.Field{Name: "field_readout", Dim: units.Dimensionless, Value: &t.fieldF, Doc: "1: strength = initial slope of the test pulse's summed AMPA current (fEPSP-slope proxy); 0 (default): peak somatic test EPSP"},
		units.Field{Name: "kv", Dim: units.Dimensionless, Value: &t.kvF, Doc: "deterministic mode: strata of ln head volume, 1 to 20; 6 (with kr 2 the default's quadrature: docs/population-model.md §4, which gives its error; raise both to check a result's convergence, at a cost about proportional to kv × kr)"},
		units.Field{Name: "kr", Dim: units.Dimensionless, Value: &t.krF, Doc: "deterministic mode: strata of ln neck resistance, 1 to 20; 2 (see kv)"},
		units.Field{Name: "particles", Dim: units.Dimensionless, Value: &t.partF, Doc: "deterministic mode: particles per stratum, each split into a release and a failure branch at every stimulus and merged back by similarity; 0 (default): 16 when the protocol has presynaptic stimuli 10 ms apart or closer (100 Hz: HFS, theta bursts; ca1.BurstInterval), 3 up to 20 ms (50 Hz; ca1.FastInterval), else 1: fewer misplace LTP (docs/population-model.md §4)"},
	))
}

// Params lists every parameter with its value.
func (t *Model) Params() []units.Field { return t.fields() }

// drugged returns the parameters before drugs with the effects e.
func (t *Model) drugged(e drug.Effects) ca1.Params {
	p := t.p0
	p.Drugs.NMDA *= e.NMDA
	p.Drugs.AMPA *= e.AMPA
	p.NMDA.Tonic += e.NMDAAgonist
	p.AMPA.Tonic += drug.AMPASteadyOpen * e.AMPAAgonist
	p.VGCC.SL *= e.LType
	p.BAPTA.Total += e.BAPTA
	p.EGTA.Total += e.EGTA
	p.Endo = t.endo0.Block(1 - e.Endocytosis)
	c := &p.Cascade
	c.CaMKIIScale *= e.CaMKII
	c.CaNScale *= e.CaN
	c.PP1Scale *= e.PP1
	c.PP2AScale *= e.PP2A
	c.PKAScale *= e.PKA
	c.Ligand = 1 - (1-c.Ligand)*(1-e.AMPAAgonist)
	return p
}

// SetDrugs applies the doses active from now on.
func (t *Model) SetDrugs(active []drug.Dose) error {
	t.drug = drug.Of(active)
	p := t.drugged(t.drug)
	if err := t.pop.SetParams(p); err != nil {
		return err
	}
	t.p = p
	return nil
}

// Describe names the model.
func (t *Model) Describe() string {
	mode := fmt.Sprintf("deterministic: %d × %d strata of the distributions, each split into release and failure branches at every stimulus", t.p.KV, t.p.KR)
	if t.p.Particles > 1 {
		mode = fmt.Sprintf("deterministic: %d × %d strata of the distributions, %d particles each, split into release and failure branches at every stimulus and merged back by similarity", t.p.KV, t.p.KR, t.p.Particles)
		if t.p.SlowParticles > 0 && t.p.SlowParticles < t.p.Particles {
			mode = fmt.Sprintf("deterministic: %d × %d strata of the distributions, %d particles each within trains (%d between them), split into release and failure branches at every stimulus and merged back by similarity", t.p.KV, t.p.KR, t.p.Particles, t.p.SlowParticles)
		}
	}
	if t.p.Stochastic {
		mode = fmt.Sprintf("stochastic: %d synapses with one-site release", t.p.N)
	}
	read := "peak somatic EPSP of a simulated test pulse"
	if t.fieldF == 1 {
		read = "initial slope of a simulated test pulse's summed AMPA current (fEPSP-slope proxy)"
	}
	fit := ""
	if t.fitted != "" {
		fit = "; free constants from " + t.fitted + " (synlab calibrate)"
	}
	return fmt.Sprintf("CA1 population of Schaffer-collateral synapses (docs/population-model.md; %s; %.3g synapses recruited per stimulus), each spine with its own calmodulin / CaMKII / calcineurin-PP1 / AMPAR cascade (docs/ca1-decoder.md%s); strength = %s, relative to t = 0",
		mode, t.p.Recruited, fit, read)
}

// minPreInterval is the shortest interval between presynaptic stimuli
// (induction spikes and test pulses) of the plan [ms]; +Inf with fewer
// than two.
func minPreInterval(pl *engine.Plan) float64 {
	d, last := math.Inf(1), math.Inf(-1)
	s := pl.Events()
	for e, ok := s.Next(); ok; e, ok = s.Next() {
		if e.Kind != protocol.Pre && e.Kind != protocol.Test {
			continue
		}
		d, last = min(d, e.T-last), e.T
	}
	return d
}
