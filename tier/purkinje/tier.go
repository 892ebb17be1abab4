// Package purkinje is the cerebellar preparation's tier (preparation:
// pf-purkinje, model.tier: mechanistic): package purkinje, a parallel-fibre
// synapse on a Purkinje spine, the climbing fibre, and the signalling from
// the spine's Ca²⁺ to GluA2 trafficking (docs/purkinje-model.md). Protocol
// events map to it as
//
//	pre, test pulses  → a PF pulse (Ca²⁺ influx, mGluR1, NO)
//	post spikes       → a CF activation (complex spike)
//	clamp on/off      → somatic voltage clamp (the influxes' clamp factors)
//
// so a pairing protocol with dt is PF + CF with the CF dt after the PF.
// Strength: surface GluA2 relative to rest. With model.override.stochastic
// = 1 the tier is a population of model.synapses spines (default 1), each
// with its own exact stochastic network and the shared deterministic
// drive; the strength is their mean, and frac_ltd the fraction whose PKC
// loop is ON.
package purkinje

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/purkinje"
	"github.com/synlab/synlab/units"
)

// Tier is the mechanistic tier of the pf-purkinje preparation.
func Tier() engine.Tier {
	t := engine.Tier{
		Preparation: "pf-purkinje", Name: "mechanistic",
		Doc:   "cerebellar PF -> Purkinje spine: Ca2+, mGluR1/DAG, NO/NSF, the PKC-ERK-cPLA2 loop and GluA2 trafficking (docs/purkinje-model.md)",
		Sets:  []engine.Set{{Name: "default", Doc: "docs/purkinje-model.md"}},
		Drugs: []drug.Target{drug.PKC, drug.MGluR1, drug.NOS, drug.BAPTA, drug.Endocytosis, drug.CaN, drug.PP1},
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
	t.DescribePhase = describePhase
	return t
}

// describePhase names a phase's induction with parallel (pre) and climbing
// (post) fibres.
func describePhase(p protocol.Phase) string {
	hz := func(r float64) string { return fmt.Sprintf("%.4g Hz", r*1000) }
	var d string
	switch {
	case p.Train != nil:
		d = fmt.Sprintf("PF alone %s x %d", hz(p.Train.Rate), p.Train.Pulses)
	case p.Pairing != nil:
		d = fmt.Sprintf("PF + CF (CF %+g ms after PF) x %d at %s", p.Pairing.Dt, p.Pairing.Pairs, hz(p.Pairing.Rate))
	default:
		return ""
	}
	return d
}

// Model adapts package purkinje to the engine.
type Model struct {
	p0    purkinje.Params // parameters before drugs (overrides applied)
	p     purkinje.Params
	stocF float64 // the "stochastic" override
	m     *purkinje.Model
	pop   *purkinje.Population
	drug  drug.Effects
	nv    int
	// explain statistics
	caPeak, pkcPeak, canPeak float64
	pulses                   int
	ctx                      context.Context // the run's (engine.Canceller)
}

// SetContext makes the stochastic population stop between its time cells
// once ctx is done (engine.Canceller).
func (t *Model) SetContext(ctx context.Context) { t.ctx = ctx }

func build(pl *engine.Plan, rng *rand.Rand, check bool) (*Model, error) {
	m := pl.Spec.Model
	if m.Set != "" && m.Set != "default" {
		return nil, engine.SetError(m.Set, []string{"default"})
	}
	t := &Model{p: purkinje.Default(), nv: len(purkinje.Names())}
	t.p.Ca.CaO = pl.CaO
	fs := t.fields()
	before := engine.Snapshot(fs)
	if err := engine.ApplyOverrides(m.Override, fs, nil); err != nil {
		return nil, err
	}
	if check {
		engine.NoteOverrides(pl, fs, before)
	}
	if err := t.p.Validate(); err != nil {
		return nil, engine.BlameOverride(m.Override, fs, before, func() error { return t.p.Validate() }, err, "pf-purkinje/mechanistic")
	}
	if t.stocF != 0 && t.stocF != 1 {
		return nil, &experiment.FieldError{Path: "model.override.stochastic", Value: fmt.Sprint(t.stocF), Allowed: "0 (deterministic) or 1 (stochastic spines)"}
	}
	t.p0 = t.p
	t.drug = drug.Of(drug.Active(pl.Drugs, 0))
	t.p = t.drugged(t.drug)
	if m.Synapses > 1 && t.stocF != 1 {
		return nil, &experiment.FieldError{Path: "model.synapses", Value: fmt.Sprint(m.Synapses), Allowed: "1 in the deterministic mode (set model.override.stochastic=1 for a population of stochastic spines)"}
	}
	if check {
		return t, nil // the network's resting state takes a long integration
	}
	var err error
	if t.stocF == 1 {
		t.pop, err = purkinje.NewPopulation(t.p, max(m.Synapses, 1), runtime.GOMAXPROCS(0), rng)
	} else {
		t.m, err = purkinje.New(t.p)
	}
	if err != nil {
		return nil, &experiment.FieldError{Path: "model", Value: "pf-purkinje/mechanistic", Allowed: err.Error()}
	}
	t.caPeak = t.p.Ca.Rest
	return t, nil
}

// fields lists every parameter and the "stochastic" switch.
func (t *Model) fields() []units.Field {
	f := t.p.Fields()
	return append(f, units.Field{Name: "stochastic", Dim: units.Dimensionless, Value: &t.stocF,
		Doc: "1: model.synapses spines, each an exact stochastic network (copy numbers) on the shared drive; 0 (default): deterministic"})
}

// Params lists every parameter.
func (t *Model) Params() []units.Field { return t.fields() }

// drugged returns the parameters before drugs with the drug effects e.
func (t *Model) drugged(e drug.Effects) purkinje.Params {
	p := t.p0
	p.PKC.Activity *= e.PKC
	p.MGluR.Open *= e.MGluR1
	p.Nitric.NOS *= e.NOS
	p.Ca.BAPTA += e.BAPTA
	p.GluA2.Endo *= e.Endocytosis
	p.GluA2.CaNOpen *= e.CaN
	p.GluA2.PPOpen *= e.PP1
	return p
}

// SetDrugs applies the doses active from now on.
func (t *Model) SetDrugs(active []drug.Dose) error {
	t.drug = drug.Of(active)
	t.p = t.drugged(t.drug)
	if t.pop != nil {
		return t.pop.SetParams(t.p)
	}
	return t.m.SetParams(t.p)
}

// Describe names the model.
func (t *Model) Describe() string {
	mode := "deterministic"
	if t.pop != nil {
		mode = fmt.Sprintf("%d stochastic spines (exact SSA)", t.pop.Len())
	}
	return "cerebellar PF -> Purkinje spine (docs/purkinje-model.md), " + mode + "; strength = surface GluA2 receptors relative to rest"
}

// derived are the columns after the state.
var derived = [...]units.Var{
	{Name: "ampar_surface", Unit: "count", Doc: "surface GluA2 (PSD + extrasynaptic); sets the EPSP", Label: "Surface GluA2"},
	{Name: "ampar_psd", Unit: "count", Doc: "GRIP-anchored GluA2 in the PSD", Label: "PSD GluA2"},
	{Name: "ampar_internal", Unit: "count", Doc: "internal GluA2", Label: "Internal GluA2"},
	{Name: "pkc_frac", Unit: "1", Doc: "fraction of PKC active", Label: "Active PKC (fraction)"},
	{Name: "erk_frac", Unit: "1", Doc: "fraction of ERK active", Label: "Active ERK (fraction)"},
	{Name: "can_frac", Unit: "1", Doc: "calcineurin activity at the current Ca2+", Label: "Calcineurin activity"},
	{Name: "frac_ltd", Unit: "1", Doc: "fraction of spines whose PKC loop is ON (> half of PKC active)", Label: "Spines with PKC loop ON"},
}

// Vars: the state, then the derived columns.
func (t *Model) Vars() []units.Var { return append(purkinje.Variables(), derived[:]...) }

// Read writes the state (population means) and the derived columns.
func (t *Model) Read(dst []float64) {
	n := purkinje.INet
	if t.pop == nil {
		copy(dst, t.m.State())
	} else {
		copy(dst, t.pop.Drive())
		for i := n; i < t.nv; i++ {
			dst[i] = 0
		}
		for s := range t.pop.Len() {
			for i, v := range t.pop.Network(s) {
				dst[n+i] += v / float64(t.pop.Len())
			}
		}
	}
	d := dst[t.nv:]
	net := dst[n:]
	d[0] = net[purkinje.NPsdU] + net[purkinje.NPsdP] + net[purkinje.NExtU] + net[purkinje.NExtP]
	d[1] = net[purkinje.NPsdU] + net[purkinje.NPsdP]
	d[2] = net[purkinje.NIntU] + net[purkinje.NIntP]
	d[3] = net[purkinje.NPKC] / t.p.PKC.N
	d[4] = net[purkinje.NERK] / t.p.ERK.N
	d[5] = t.p.GluA2.CaN(dst[purkinje.ICa])
	d[6] = t.fracLTD()
}

// fracLTD is the fraction of spines whose PKC loop is ON.
func (t *Model) fracLTD() float64 {
	if t.pop == nil {
		if t.m.State()[purkinje.INet+purkinje.NPKC] > t.p.PKC.N/2 {
			return 1
		}
		return 0
	}
	var k int
	for s := range t.pop.Len() {
		if t.pop.Network(s)[purkinje.NPKC] > t.p.PKC.N/2 {
			k++
		}
	}
	return float64(k) / float64(t.pop.Len())
}

// Delay is 0: PF and CF act at their times.
func (t *Model) Delay(protocol.Kind) float64 { return 0 }

func (t *Model) now() float64 {
	if t.pop != nil {
		return t.pop.Time()
	}
	return t.m.Time()
}

// Advance integrates to `to`, observing ts.
func (t *Model) Advance(to float64, ts []float64, obs func(float64)) error {
	return t.AdvancePeek(to, ts, obs, nil, nil)
}

// AdvancePeek is Advance with peek times besides (engine.Peeker): peeks
// are read from the dense output and take no part in the explain
// statistics or the stochastic spines' time cells, so a zoom never changes
// the run.
func (t *Model) AdvancePeek(to float64, ts []float64, obs func(float64), peeks []float64, peek func(float64)) error {
	dt := to - t.now()
	if dt < 0 {
		dt = 0
	}
	watch := func(x float64) {
		t.note()
		if obs != nil {
			obs(x)
		}
	}
	if t.pop != nil {
		ctx := t.ctx
		if ctx == nil {
			ctx = context.Background()
		}
		return t.pop.AdvancePeek(ctx, dt, ts, watch, peeks, peek)
	}
	// Sample the state for the explain statistics in the first
	// purkinjeWatchSpan after the event that started this stretch.
	var fine []float64
	for x := t.now() + purkinjeWatch; x < min(to, t.now()+purkinjeWatchSpan); x += purkinjeWatch {
		fine = append(fine, x)
	}
	fine = engine.MergeTimes(fine, ts, to)
	all := fine
	if len(peeks) > 0 {
		all = engine.MergeTimes(append([]float64(nil), fine...), peeks, to)
	}
	i, j, k := 0, 0, 0
	return t.m.Advance(dt, all, func(x float64) {
		if i < len(fine) && fine[i] == x {
			i++
			t.note()
			if j < len(ts) && ts[j] == x {
				j++
				if obs != nil {
					obs(x)
				}
			}
		}
		if k < len(peeks) && peeks[k] == x {
			k++
			peek(x)
		}
	})
}

// The explain statistics sample the deterministic state every
// purkinjeWatch for purkinjeWatchSpan after each event.
const (
	purkinjeWatch     = 2.0   // [ms]
	purkinjeWatchSpan = 300.0 // [ms]
)

// note updates the explain statistics from the current state.
func (t *Model) note() {
	var ca, pkc float64
	if t.pop != nil {
		ca = t.pop.Drive()[purkinje.ICa]
		for s := range t.pop.Len() {
			pkc = max(pkc, t.pop.Network(s)[purkinje.NPKC])
		}
	} else {
		y := t.m.State()
		ca, pkc = y[purkinje.ICa], y[purkinje.INet+purkinje.NPKC]
	}
	t.caPeak = max(t.caPeak, ca)
	t.pkcPeak = max(t.pkcPeak, pkc/t.p.PKC.N)
	t.canPeak = max(t.canPeak, t.p.GluA2.CaN(ca))
}

// Apply: pre and test pulses are PF pulses, post spikes CF activations.
func (t *Model) Apply(e protocol.Event) {
	switch {
	case t.pop != nil:
		switch e.Kind {
		case protocol.Pre, protocol.Test:
			t.pop.PF()
		case protocol.Post:
			t.pop.CF()
		case protocol.ClampOn:
			t.pop.Clamp(true)
		case protocol.ClampOff:
			t.pop.Clamp(false)
		}
	default:
		switch e.Kind {
		case protocol.Pre, protocol.Test:
			t.m.PF()
		case protocol.Post:
			t.m.CF()
		case protocol.ClampOn:
			t.m.Clamp(true)
		case protocol.ClampOff:
			t.m.Clamp(false)
		}
	}
	if e.Kind == protocol.Pre || e.Kind == protocol.Post {
		t.pulses++
	}
}

// Strength is surface GluA2 relative to rest (the population mean).
func (t *Model) Strength() float64 {
	if t.pop == nil {
		return t.m.Strength()
	}
	var s float64
	for i := range t.pop.Len() {
		s += t.pop.Strength(i)
	}
	return s / float64(t.pop.Len())
}

// View shows Ca2+ against the two half-activations.
func (t *Model) View() engine.View {
	rest := t.p.Ca.Rest
	return engine.View{
		Fast: []string{"ca_uM", "can_frac", "dag_uM"},
		Slow: []string{"ampar_surface", "ampar_psd", "ampar_internal", "pkc_frac", "erk_frac", "nsf_sno_frac"},
		Marks: map[string][]engine.Mark{
			"ca_uM": {{Y: rest, Label: "rest"},
				{Y: t.p.GluA2.KCaN, Label: "calcineurin half-activation (LTP side)"},
				{Y: t.p.PKC.KCa, Label: "PKC half-activation with DAG (LTD side)"}},
		},
	}
}

// Explain says what happened in the cerebellar mechanism.
func (t *Model) Explain(m map[string]float64) []string {
	m["ca_peak_uM"] = t.caPeak
	m["pkc_peak_frac"] = t.pkcPeak
	m["can_peak_frac"] = t.canPeak
	frac := t.fracLTD()
	m["frac_ltd"] = frac
	out := []string{
		fmt.Sprintf("Spine Ca2+ peaked at %.2f uM (rest %.2f uM): calcineurin (half-active at %.2f uM) reached %.0f%%, and PKC, which needs Ca2+ near %.1f uM with DAG, reached %.0f%% active.",
			t.caPeak, t.p.Ca.Rest, t.p.GluA2.KCaN, 100*t.canPeak, t.p.PKC.KCa, 100*t.pkcPeak),
	}
	if t.pop != nil {
		out = append(out, fmt.Sprintf("The PKC-ERK-cPLA2 loop is ON in %.0f%% of %d spines at the end (each spine is all-or-none).", 100*frac, t.pop.Len()))
	} else if frac == 1 {
		out = append(out, "The PKC-ERK-cPLA2-arachidonic acid loop switched ON and stays ON after Ca2+ returned to rest: GluA2 S880 stays phosphorylated, receptors are endocytosed (LTD).")
	} else {
		out = append(out, "The PKC loop stayed OFF; calcineurin and NO-driven NSF moved receptors into PSD slots where they stay (LTP), if NO and Ca2+ were there.")
	}
	return out
}
