// Package mech is the mechanistic tier of the ca1 preparation
// (model.tier: mechanistic): the biophysical spine of package spine driving
// the kinase/phosphatase/AMPA-receptor trafficking cascade of package
// cascade (docs/cascade-model.md) with its own free Ca²⁺, and the cascade's
// PSD-trapped receptors setting the spine's AMPA conductance. There is no
// weight rule: the strength is the trapped receptor count relative to its
// resting value, and the EPSP follows it.
//
// Coupling, in the spine driver's chunks (package tier/spine, Driver):
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
//     and the spine's AMPA count N is set to the cascade's PSD-trapped count,
//     with the unitary conductance γ chosen once so that the resting synapse
//     keeps the spine's default N·γ = 1 nS (GluSynapse gmax0_AMPA):
//     γ·P_open,peak = 1 nS / N_trapped,rest. Receptors move on a scale of
//     minutes, so a lag of at most 1 s (operator splitting) changes N by
//     < 1e-3 of itself (TestMechCouplingLag).
//
// Drugs (package drug) and the endo_pre/endo_post levels act from t = 0 on
// the untreated resting state: they are washed in during the baseline, and
// a drug that moves the baseline by itself shows as baseline drift in the
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
package mech

import (
	"fmt"
	"sort"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/spine"
	tspine "github.com/synlab/synlab/tier/spine"
	"github.com/synlab/synlab/units"
)

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

// cascadeCouple [ms] is the longest stretch over which the spine runs with
// a fixed AMPA count before the cascade catches up.
const cascadeCouple = 1000.0

// Cascade is the mechanistic tier's readout: the cascade driven by the
// spine's Ca²⁺, feeding its trapped receptors back as the AMPA count.
type Cascade struct {
	d        *tspine.Driver
	cset     string         // cascade parameter set name
	cp       cascade.Params // cascade parameters (with drugs)
	cp0      cascade.Params // the cascade's parameters before drugs
	cs       *cascade.Cascade
	trap0    float64   // trapped receptors at rest
	gammaA   float64   // AMPA γ·P_open,peak per receptor [nS]
	caT, caV []float64 // Ca²⁺ samples since the cascade's time
	caFn     func(float64) float64
	csRow    []float64
	cerr     error
	couple   float64 // longest stretch with a fixed AMPA count [ms]; cascadeCouple
	kinCa    float64 // Ca²⁺ where the kinase range begins [µM] (cascade.Params.KinaseCa at resting PP1)
	csFresh  bool    // an event happened since the cascade last advanced: restart its step control
	ex       stats   // what synlab explain reports
	spTol    float64 // the spine's relative solver tolerance on this tier (override spine_rtol)
	csTol    float64 // the cascade's relative solver tolerance (override cascade_rtol)
}

// newCascade returns the readout for a parameter set, before overrides.
func newCascade(set string) (*Cascade, error) {
	c := &Cascade{spTol: mechSpineRelTol, csTol: mechCascadeTol}
	switch set {
	case "", "default":
		c.cset, c.cp = "default", cascade.Default()
	case "urakubo":
		c.cset, c.cp = "urakubo", cascade.UrakuboOriginal()
	case "ca1":
		c.cset, c.cp = "ca1", cascade.CA1() // the CA1 decoder (docs/cascade-model.md, "The CA1 decoder")
	default:
		return nil, engine.SetError(set, []string{"default", "urakubo", "ca1"})
	}
	return c, nil
}

// Fields: the solver tolerances, then the cascade's parameters under
// "cascade.", without its resting Ca²⁺ (it is the spine's).
func (c *Cascade) Fields() []units.Field {
	f := []units.Field{
		{Name: "spine_rtol", Dim: units.Dimensionless, Value: &c.spTol, Doc: "relative tolerance of the spine's solver on this tier (absolute: 1e-2 of it, in mV, µM or 1); see TestMechToleranceConvergence"},
		{Name: "cascade_rtol", Dim: units.Dimensionless, Value: &c.csTol, Doc: "relative tolerance of the cascade's solver (absolute: 1e-3 of it, in µM or receptors)"},
	}
	for _, x := range c.cp.Fields() {
		if x.Name == "ca_rest" {
			continue
		}
		x.Name = cascadePrefix + x.Name
		f = append(f, x)
	}
	return f
}

// Prepare checks spine_rtol and cascade_rtol and sets the spine's solver
// from the first.
func (c *Cascade) Prepare(sp *spine.Params, ov map[string]string) error {
	for _, x := range []struct {
		name string
		v    float64
	}{{"spine_rtol", c.spTol}, {"cascade_rtol", c.csTol}} {
		if !(x.v > 0 && x.v <= maxRelTol) {
			return &experiment.FieldError{Path: "model.override." + x.name, Value: ov[x.name], Allowed: fmt.Sprintf("a relative tolerance in (0, %g]", maxRelTol)}
		}
	}
	sp.Solver.RelTol, sp.Solver.AbsTol = c.spTol, spineAbsPerRel*c.spTol
	return nil
}

// Validate checks the cascade's parameters, blaming the override at fault.
func (c *Cascade) Validate(over map[string]string, fs []units.Field, before []float64) error {
	if err := c.cp.Validate(); err != nil {
		return engine.BlameOverride(over, fs, before, func() error { return c.cp.Validate() }, err, "spine/cascade")
	}
	return nil
}

// Sampling: no thresholds (the cascade integrates every sample), the
// spine's rest, and a 2 ms step on falling tails.
func (c *Cascade) Sampling() ([]float64, float64, float64, int) {
	return nil, tspine.Margin, c.d.Sp.Ca.Rest, mechTailSteps
}

// Init builds the cascade at its resting state at the spine's resting
// Ca²⁺ and couples its trapped receptors to the spine's AMPA count.
func (c *Cascade) Init(d *tspine.Driver) error {
	c.d = d
	pl := d.Pl
	if pl.Spec.Model.Synapses > 1 {
		return &experiment.FieldError{Path: "model.synapses", Value: fmt.Sprint(pl.Spec.Model.Synapses), Allowed: "1: the mechanistic tier is one spine"}
	}
	if d.Check {
		return nil // the cascade's resting state takes a long integration
	}
	c.cp.CaRest = d.Sp.Ca.Rest
	c.cp0 = c.cp
	c.cp = c.drugged(d.Drug, d.Endo)
	// The resting state is the untreated one; drugs and machinery blocks act
	// from t = 0, i.e. they are washed in during the baseline, as in the
	// experiments (a rest computed with the drug in place for ever can be
	// absurd: with PP1/PP2A blocked, nothing stops receptor accumulation).
	rest := c.cp
	rest.CaMKIIScale, rest.CaNScale, rest.PP1Scale, rest.PP2AScale, rest.PKAScale, rest.EndoPost, rest.Ligand = 1, 1, 1, 1, 1, 1, c.cp0.Ligand
	var err error
	if d.Stoc {
		c.cs, err = cascade.NewStochastic(rest, d.Rng)
	} else {
		c.cs, err = cascade.New(rest, nil)
	}
	if err == nil {
		err = c.cs.SetParams(c.cp)
		c.cs.RelTol = c.csTol
	}
	if err != nil {
		return &experiment.FieldError{Path: "model", Value: "mechanistic/" + c.cset, Allowed: err.Error()}
	}
	c.trap0 = c.cs.Surface()
	if !(c.trap0 > 0) {
		return &experiment.FieldError{Path: "model", Value: "mechanistic/" + c.cset, Allowed: fmt.Sprintf("parameters with PSD-trapped receptors at rest (got %g)", c.trap0)}
	}
	c.gammaA = d.Sp.AMPA.N * d.Sp.AMPA.Gamma / c.trap0
	c.kinCa = c.cp.KinaseCa(c.cs.Read(nil)[cascade.PP1F])
	if err := d.M.SetAMPA(c.trap0, c.gammaA); err != nil {
		return err
	}
	c.caT = append(c.caT[:0], 0)
	c.caV = append(c.caV[:0], d.M.State()[spine.ICa])
	c.caFn = c.caAt
	c.couple = cascadeCouple
	c.csRow = make([]float64, cascade.NState)
	return nil
}

// Step appends a spine Ca²⁺ sample for the cascade and updates the
// statistics of synlab explain.
func (c *Cascade) Step(_, b tspine.Sample) {
	n := len(c.caT)
	c.ex.sample(b.T-c.caT[n-1], 0.5*(b.Ca+c.caV[n-1]), b.Ca-c.d.Sp.Ca.Rest, c.cp.CaN.K, c.kinCa)
	c.caT = append(c.caT, b.T)
	c.caV = append(c.caV, b.Ca)
}

// caAt is the cascade's Ca²⁺ drive: the samples, linear in between,
// constant beyond the ends.
func (c *Cascade) caAt(x float64) float64 {
	n := len(c.caT)
	if x <= c.caT[0] {
		return c.caV[0]
	}
	if x >= c.caT[n-1] {
		return c.caV[n-1]
	}
	i := sort.SearchFloat64s(c.caT, x) // caT[i-1] < x <= caT[i]
	a := (x - c.caT[i-1]) / (c.caT[i] - c.caT[i-1])
	return c.caV[i-1] + a*(c.caV[i]-c.caV[i-1])
}

// Flush integrates the cascade up to the last Ca²⁺ sample and keeps that
// sample as the start of the next stretch. An error is kept for Catch or
// Sync to return.
func (c *Cascade) Flush() {
	n := len(c.caT)
	if c.cerr != nil || n < 2 {
		return
	}
	if dt := c.caT[n-1] - c.cs.T; dt > 0 {
		adv := c.cs.Continue
		if c.csFresh { // the first stretch after an event: a new transient
			adv, c.csFresh = c.cs.Advance, false
		}
		if err := adv(dt, c.caFn, nil, nil); err != nil {
			c.cerr = fmt.Errorf("mechanistic tier: cascade at t = %g ms: %w", c.cs.T, err)
			return
		}
	}
	c.caT[0], c.caV[0] = c.caT[n-1], c.caV[n-1]
	c.caT, c.caV = c.caT[:1], c.caV[:1]
}

// Sync brings the cascade to the spine's time and sets the spine's AMPA
// count to the trapped receptors.
func (c *Cascade) Sync() error {
	c.Flush()
	if c.cerr != nil {
		return c.cerr
	}
	c.ex.cascade(c.cs.Read(c.csRow))
	return c.d.M.SetAMPA(c.cs.Surface(), c.gammaA)
}

// Catch syncs when the spine has run cascadeCouple past the cascade.
func (c *Cascade) Catch() error {
	if c.d.M.Time()-c.cs.T >= c.couple {
		return c.Sync()
	}
	return nil
}

// Event restarts the cascade's step control at the next stretch and, for
// presynaptic pulses, updates the statistics.
func (c *Cascade) Event(e protocol.Event) {
	c.csFresh = true
	if e.Kind == protocol.Pre || e.Kind == protocol.Test {
		c.ex.event(e.Kind == protocol.Pre) // a pulse's window runs to the next pulse
		if e.Kind == protocol.Pre {
			c.ex.induction(c.cs.Read(c.csRow))
		}
	}
}

// Drugs sets the cascade's parameters for new drug effects.
func (c *Cascade) Drugs(e drug.Effects, endo spine.Endocytosis) error {
	return c.cs.SetParams(c.drugged(e, endo))
}

// drugged returns the cascade's parameters (before drugs: c.cp0) with the
// drug effects and the postsynaptic endocytosis level.
func (c *Cascade) drugged(e drug.Effects, endo spine.Endocytosis) cascade.Params {
	p := c.cp0
	p.CaMKIIScale *= e.CaMKII
	p.CaNScale *= e.CaN
	p.PP1Scale *= e.PP1
	p.PP2AScale *= e.PP2A
	p.PKAScale *= e.PKA
	p.EndoPost *= endo.Post // the same level as the spine's (overrides and drugs)
	p.Ligand = 1 - (1-p.Ligand)*(1-e.AMPAAgonist)
	return p
}

// Strength is the trapped count over its resting value.
func (c *Cascade) Strength() float64 { return c.cs.Surface() / c.trap0 }

// Derived cascade columns after the state.
var derived = [...]units.Var{
	{Name: "ampar_trapped", Unit: "count", Doc: "PSD-trapped AMPA receptors (sets the AMPA conductance)", Label: "PSD-trapped AMPARs"},
	{Name: "ampar_surface", Unit: "count", Doc: "non-trapped surface AMPA receptors", Label: "Surface AMPARs (not trapped)"},
	{Name: "ampar_internal", Unit: "count", Doc: "receptors in recycling endosomes", Label: "Internal AMPARs"},
	{Name: "camkii_p_frac", Unit: "1", Doc: "fraction of CaMKII subunits T286-phosphorylated", Label: "CaMKII T286-P (fraction)"},
	{Name: "pp1_frac", Unit: "1", Doc: "fraction of PP1 free (active)", Label: "Free PP1 (fraction)"},
	{Name: "can_frac", Unit: "1", Doc: "fraction of calcineurin active", Label: "Active calcineurin (fraction)"},
}

// Vars: the cascade's state, then the derived columns.
func (c *Cascade) Vars() []units.Var { return append(cascade.Variables(), derived[:]...) }

func (c *Cascade) Read(d []float64) {
	if c.cs == nil { // only checked, never built
		return
	}
	y := c.cs.Read(c.csRow)
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

func (c *Cascade) Describe(release string) string {
	mode := "deterministic cascade"
	if c.d.Stoc {
		mode = "stochastic cascade (exact SSA)"
	}
	return fmt.Sprintf("CA1 spine (docs/spine-model.md), %s, driving the kinase/phosphatase/AMPAR-trafficking cascade (docs/cascade-model.md, set %s, %s); strength = PSD-trapped AMPARs / %.4g at rest",
		release, c.cset, mode, c.trap0)
}

// View: the spine's Ca²⁺ against the half-activation levels of the
// phosphatase and kinase branches, and below the strength the mechanism.
func (c *Cascade) View(rest float64) engine.View {
	return engine.View{
		Fast: []string{"v_spine_mV", "v_soma_mV", "ca_uM"},
		Slow: []string{"ampar_trapped", "ampar_internal", "camkii_p_frac", "pp1_frac", "can_frac"},
		Marks: map[string][]engine.Mark{
			"ca_uM": {{Y: rest, Label: "rest"},
				{Y: c.cp.CaN.K, Label: "calcineurin half-activation"},
				{Y: c.kinCa, Label: "kinase range (CaMKII outruns resting phosphatases)"}},
			"ampar_trapped": {{Y: c.trap0, Label: "rest"}},
		},
	}
}
