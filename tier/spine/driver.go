package spine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// Driver is the biophysical CA1 synapse of package spine (docs/spine-model.md)
// driving a Readout with its own free Ca²⁺ and voltage. It is the engine's
// Model for the spine and mechanistic tiers.
//
// Events. Pre and Test → spine Pre (deterministic release; override
// stochastic = 1 for binomial release with the run's rng); Post →
// SomaticSpike (no delay: the bAP emerges from the cable); ClampOn/ClampOff
// → the ideal somatic voltage clamp. Bath: [Ca]o and [Mg]o set the spine's
// ca_o and mg_o (which model.override may not set). Drugs (package drug):
// NMDA antagonists scale nmda_g, the NMDA agonist sets nmda_tonic, L-type
// blockers vgcc_l_unblocked, BAPTA/EGTA add to the buffer totals, dynamin
// inhibitors scale endocytosis; drugs with from/for are washed in and out
// by SetDrugs.
//
// Sampling. The spine ODE is integrated by its own Rodas4; the readout is
// stepped alongside from the dense output, Ca sampled every h while it
// moves and at the ends of growing chunks while it is settled (Advance).
type Driver struct {
	Pl    *engine.Plan
	Sp    spine.Params // the spine's parameters with the current drugs
	Sp0   spine.Params // before drugs (overrides applied)
	M     *spine.Model
	Rng   *rand.Rand // release (stochastic release only) and the readout's noise
	Stoc  bool       // stochastic release
	Drug  drug.Effects
	Endo0 spine.Endocytosis // the endocytosis levels before drugs (overrides)
	Endo  spine.Endocytosis // the shared clathrin/dynamin machinery: overrides endo_pre, endo_post times drugs
	R     Readout
	// Check is set while the plan is only being checked (engine.Tier.Check):
	// readouts skip their heavy set-up.
	Check bool

	kind   string // names the model in errors ("spine/gb", "mechanistic/...")
	fs     []units.Field
	before []float64
	stocF  float64
	h      float64 // Ca sampling step while Ca moves [ms]
	tail   int     // sampling step on a falling tail, in units of h
	thr    []float64
	margin float64
	rest   float64
	nv     int

	// integration state
	tr, ca, v float64 // time [ms], spine Ca [µM] and voltage [mV] of the readout's state
	mode      int     // modeFine, modeTail or modeSettled (see Advance)
	chunk     float64 // length of the next settled chunk [ms]
	grid      []float64
	rec       []float64 // record times of the current advance
	ri        int
	obs       func(float64)
	// peek times of the current advance (AdvancePeek): observed from the
	// spine's dense output without stepping the readout there
	peeks     []float64
	pi        int
	pobs      func(float64)
	withPeeks []float64 // the chunk's grid with its peek times
	peeking   bool      // the chunk being integrated has peek times
	gi        int       // next grid time expected by observe while peeking

	ctx    context.Context // the run's (engine.Canceller); nil: never cancelled
	events int             // events applied so far, for the step budget
}

// The solver-step budget of a run, earned as it goes: workBase, plus
// workPerEvent for every event applied and workPerMs for every ms
// simulated. A valid run stays far below it (spine-lfs, 900 pulses and
// 140 test pulses over 70 min, takes 1.6e5 steps against 5.4e6 earned by
// its end; a single pulse's transient takes at most ~500); a run driven
// into sustained activity or a stiff blow-up by its overrides (25 steps
// per ms) exceeds it within a few seconds and ends in an error instead of
// running for many minutes.
const (
	workBase     = 200_000 // steps
	workPerEvent = 1000    // steps per event
	workPerMs    = 1.0     // steps per ms of the run (settled stretches take ~0.01)
)

// SetContext makes Advance stop between chunks once ctx is done
// (engine.Canceller).
func (d *Driver) SetContext(ctx context.Context) { d.ctx = ctx }

// checkChunk returns an error if the run is cancelled or the solver has
// spent its step budget.
func (d *Driver) checkChunk() error {
	if d.ctx != nil {
		if err := d.ctx.Err(); err != nil {
			return err
		}
	}
	budget := workBase + workPerEvent*d.events + int(workPerMs*d.M.Time())
	if w := d.M.Work(); w > budget {
		msg := fmt.Sprintf("the spine's integration took %d solver steps by t = %.6g ms, more than its budget of %d (%d, plus %d per event and %g per ms simulated; a valid run needs a small fraction of it): the model is driven into sustained activity or a stiff blow-up",
			w, d.M.Time(), budget, workBase, workPerEvent, workPerMs)
		if len(d.Pl.Spec.Model.Override) > 0 {
			k, why := engine.MostLikelyOverride(d.Pl)
			msg += fmt.Sprintf("; most likely by model.override.%s = %q%s", k, d.Pl.Spec.Model.Override[k], why)
		}
		return errors.New(msg)
	}
	return nil
}

// Sampling of the spine Ca for the readout.
const (
	// RuleStep [ms] is h, the Ca sampling step while Ca moves: ≤ 0.1 ms,
	// small against the fastest Ca time scale of the spine (rise ≈ 1 ms,
	// decay τext = 12 ms).
	RuleStep = 0.1
	// activeChunk [ms] is the length of one finely sampled stretch; after
	// each, the driver checks whether Ca has settled.
	activeChunk = 20.0
	// TailSteps is the default sampling step in the tail mode, in units of h.
	TailSteps = 10
	// chunkMax [ms] bounds a settled chunk (they double from 2·active).
	chunkMax = 10_000.0
	// settleTol [µM]: Ca counts as settled when it changed by less than
	// this over the last chunk. Then the linear Ca of a settled chunk is
	// within 1e-3 µM of the truth, which moves no threshold crossing (see
	// Margin) and W by < η·|dΩ/dx|·1e-3 per ms (≈ 1e-10 at rest).
	settleTol = 1e-3
	// Margin [µM]: settled Ca must be at least this far from every
	// threshold of the readout, so that no crossing can hide inside a
	// settled chunk.
	Margin = 0.1
)

// Sampling modes of Advance.
const (
	modeFine = iota
	modeTail
	modeSettled
)

// bath names the spine's parameters that the bath sets.
var bath = engine.BathFields{"ca_o": "bath.ca", "mg_o": "bath.mg"}

// NewDriver builds the spine for a plan with readout r, sampled every h ms
// while Ca moves; kind names the model in errors. With check set, it stops
// short of the readout's heavy set-up (engine.Tier.Check).
func NewDriver(pl *engine.Plan, rng *rand.Rand, h float64, kind string, r Readout, check bool) (*Driver, error) {
	m := pl.Spec.Model
	d := &Driver{Pl: pl, Sp: spine.Default(), h: h, tail: TailSteps, Rng: rng, nv: len(spine.Vars()), Endo: spine.IntactEndocytosis(), R: r, Check: check, kind: kind}
	d.Sp.Ca.CaO = pl.CaO
	d.Sp.NMDA.Mg = pl.MgO
	fs := d.fields()
	before := engine.Snapshot(fs)
	d.fs, d.before = fs, before
	if err := engine.ApplyOverrides(m.Override, fs, bath); err != nil {
		return nil, err
	}
	if check {
		engine.NoteOverrides(pl, fs, before)
	}
	p, prepared := r.(Prepared)
	if prepared {
		if err := p.Prepare(&d.Sp, m.Override); err != nil {
			return nil, err
		}
	}
	if err := d.Sp.Validate(); err != nil {
		return nil, engine.BlameOverride(m.Override, fs, before, func() error { return d.Sp.Validate() }, err, kind)
	}
	if prepared {
		if err := p.Validate(m.Override, fs, before); err != nil {
			return nil, err
		}
	}
	if d.stocF != 0 && d.stocF != 1 {
		return nil, &experiment.FieldError{Path: "model.override.stochastic", Value: fmt.Sprint(d.stocF), Allowed: "0 (deterministic release) or 1 (stochastic release)"}
	}
	d.Stoc = d.stocF == 1
	d.Sp.Release.Stochastic = d.Stoc
	d.Sp0, d.Endo0 = d.Sp, d.Endo // before drugs (overrides applied)
	d.Drug = drug.Of(drug.Active(pl.Drugs, 0))
	d.Sp = d.drugged(d.Drug)
	invalid := func(err error) error {
		return &experiment.FieldError{Path: "model", Value: kind, Allowed: err.Error()}
	}
	mod, err := spine.New(d.Sp)
	if err != nil {
		return nil, invalid(err)
	}
	d.M = mod
	for _, c := range []struct {
		name string
		v    float64
	}{{"endo_pre", d.Endo0.Pre}, {"endo_post", d.Endo0.Post}} {
		if !(c.v >= 0 && c.v <= 1) {
			return nil, &experiment.FieldError{Path: "model.override." + c.name, Value: m.Override[c.name], Allowed: "a level between 0 (blocked) and 1 (intact)"}
		}
	}
	d.Endo = d.Endo0.Block(1 - d.Drug.Endocytosis)
	if err := d.M.SetEndocytosis(d.Endo); err != nil {
		return nil, invalid(err)
	}
	if err := r.Init(d); err != nil {
		return nil, err
	}
	d.thr, d.margin, d.rest, d.tail = r.Sampling()
	d.ca = d.M.State()[spine.ICa]
	d.v = d.M.State()[spine.IVSpine]
	d.mode = modeFine
	return d, nil
}

// Blame turns a readout's validation error into a FieldError on the
// override that caused it (engine.BlameOverride), or on the model.
func (d *Driver) Blame(err error, validate func() error) error {
	return engine.BlameOverride(d.Pl.Spec.Model.Override, d.fs, d.before, validate, err, d.kind)
}

// fields lists every parameter: the spine's, the release switch
// "stochastic", the endocytosis levels, and the readout's.
func (d *Driver) fields() []units.Field {
	f := d.Sp.Fields()
	f = append(f, units.Field{Name: "stochastic", Dim: units.Dimensionless, Value: &d.stocF, Doc: "1: binomial release with the run's rng (and the SSA cascade on the mechanistic tier); 0 (default): deterministic", Min: 0, Max: 1})
	f = append(f, units.Field{Name: "endo_pre", Dim: units.Dimensionless, Value: &d.Endo.Pre, Doc: "presynaptic clathrin/dynamin level (vesicle retrieval), 1 = intact, 0 = blocked; multiplied by drugs (dynasore)", Min: 0, Max: 1})
	f = append(f, units.Field{Name: "endo_post", Dim: units.Dimensionless, Value: &d.Endo.Post, Doc: "postsynaptic clathrin/dynamin level (regulated AMPAR endocytosis), 1 = intact, 0 = blocked; multiplied by drugs", Min: 0, Max: 1})
	return append(f, d.R.Fields()...)
}

// Params lists every parameter with its value.
func (d *Driver) Params() []units.Field { return d.fields() }

// ReleaseMode names the release mode in words.
func (d *Driver) ReleaseMode() string {
	if d.Stoc {
		return "stochastic release"
	}
	return "deterministic release"
}

// Describe names the model.
func (d *Driver) Describe() string { return d.R.Describe(d.ReleaseMode()) }

// Vars lists the spine's variables, then the readout's.
func (d *Driver) Vars() []units.Var { return append(spine.Variables(), d.R.Vars()...) }

// Read writes the spine's state and derived values, then the readout's.
func (d *Driver) Read(dst []float64) {
	d.M.Read(dst)
	d.R.Read(dst[d.nv:])
}

// Delay is 0 for every event: the cable carries them.
func (d *Driver) Delay(protocol.Kind) float64 { return 0 }

// View is the readout's.
func (d *Driver) View() engine.View { return d.R.View(d.Sp.Ca.Rest) }

// Strength is the readout's.
func (d *Driver) Strength() float64 { return d.R.Strength() }

// Explain delegates to the readout, if it can explain.
func (d *Driver) Explain(m map[string]float64) []string {
	if e, ok := d.R.(engine.Explainer); ok {
		return e.Explain(m)
	}
	return nil
}

// Apply applies an event to the spine.
func (d *Driver) Apply(e protocol.Event) {
	d.events++
	if ev, ok := d.R.(Evented); ok {
		ev.Event(e)
	}
	switch e.Kind {
	case protocol.Pre, protocol.Test:
		var r *rand.Rand
		if d.Stoc {
			r = d.Rng
		}
		d.M.Pre(r)
	case protocol.Post:
		d.M.SomaticSpike()
	case protocol.ClampOn:
		d.M.Clamp(e.V, true)
	case protocol.ClampOff:
		d.M.Clamp(0, false)
	default:
		return
	}
	d.mode = modeFine
}

// Advance integrates the spine to `to` in chunks, one spine Advance each,
// and the readout along, in one of three sampling modes:
//
//   - fine: after every event and whenever Ca is within the margin of a
//     threshold, above one, or rising: chunks of activeChunk, Ca sampled
//     every h;
//   - tail: Ca below every threshold by more than the margin and falling at
//     both ends of the last chunk: the same chunks, sampled every tail·h;
//   - settled: Ca changed by less than settleTol over the last chunk and
//     lies the margin away from every threshold: chunks double up to
//     chunkMax and Ca is sampled at their ends.
//
// A chunk cut short by `to` (the next event) keeps the mode. Record times
// are merged into the samples, so the readout is exactly at each of them
// when obs is called.
func (d *Driver) Advance(to float64, ts []float64, obs func(float64)) error {
	return d.AdvancePeek(to, ts, obs, nil, nil)
}

// AdvancePeek is Advance with peek times besides (engine.Peeker): at a peek
// the spine's state comes from its dense output and the readout's is that
// of its last step (less than one sampling step before), so observing a
// zoom on single pulses never changes the run.
func (d *Driver) AdvancePeek(to float64, ts []float64, obs func(float64), peeks []float64, peek func(float64)) error {
	d.rec, d.ri, d.obs = ts, 0, obs
	d.peeks, d.pi, d.pobs = peeks, 0, peek
	defer func() { d.rec, d.obs, d.peeks, d.pobs = nil, nil, nil, nil }()
	c, coupled := d.R.(Coupled)
	for d.M.Time() < to {
		if err := d.checkChunk(); err != nil {
			return err
		}
		now := d.M.Time()
		full := d.chunk
		var h float64
		switch d.mode {
		case modeFine:
			full, h = activeChunk, d.h
		case modeTail:
			full, h = activeChunk, float64(d.tail)*d.h
		}
		end := min(to, now+full)
		d.grid = d.grid[:0]
		if h > 0 {
			n := int(math.Ceil((end-now)/h - 1e-9))
			for k := 1; k < n; k++ {
				d.grid = append(d.grid, now+float64(k)*h)
			}
		}
		d.grid = engine.MergeTimes(d.grid, d.rec[d.ri:], end)
		ca0 := d.ca
		samples := d.grid
		if d.pi < len(d.peeks) && d.peeks[d.pi] <= end {
			samples, d.peeking = d.mergePeeks(end), true
		}
		err := d.M.Advance(end-now, samples, d.observe)
		d.peeking = false
		if err != nil {
			return err
		}
		if d.tr < end {
			st := d.M.State()
			d.step(end, st[spine.ICa], st[spine.IVSpine])
		}
		if coupled {
			if err := c.Catch(); err != nil {
				return err
			}
		}
		if end < now+full {
			continue // cut short by the next event, which sets the mode
		}
		ca1 := d.ca
		lo := math.Inf(1)
		if len(d.thr) > 0 {
			lo = slices.Min(d.thr) - d.margin
		}
		switch {
		case math.Abs(ca1-ca0) <= settleTol && d.far(ca1):
			if d.mode != modeSettled {
				d.mode, d.chunk = modeSettled, 2*activeChunk
			} else {
				d.chunk = min(2*d.chunk, chunkMax)
			}
		case ca1 < ca0 && ca0-d.rest < lo:
			d.mode = modeTail
		default:
			d.mode = modeFine
		}
	}
	if coupled { // the readout catches up before the next event
		if err := c.Sync(); err != nil {
			return err
		}
	}
	for ; d.ri < len(d.rec); d.ri++ { // times at or before the current one
		obs(d.rec[d.ri])
	}
	for ; d.pi < len(d.peeks); d.pi++ {
		peek(d.peeks[d.pi])
	}
	return nil
}

// mergePeeks returns the chunk's grid with the peek times ≤ end merged in,
// and arms observe to tell them apart.
func (d *Driver) mergePeeks(end float64) []float64 {
	j := d.pi
	for j < len(d.peeks) && d.peeks[j] <= end {
		j++
	}
	d.withPeeks = append(append(d.withPeeks[:0], d.grid...), d.peeks[d.pi:j]...)
	slices.Sort(d.withPeeks)
	d.withPeeks = slices.Compact(d.withPeeks)
	d.gi = 0
	return d.withPeeks
}

// far reports whether free Ca ca [µM] is the margin away from every threshold.
func (d *Driver) far(ca float64) bool {
	x := ca - d.rest
	for _, th := range d.thr {
		if math.Abs(x-th) < d.margin {
			return false
		}
	}
	return true
}

// observe is the spine's dense-output observer: it steps the readout to x
// and passes record times on to the engine.
func (d *Driver) observe(x float64) {
	peek, grid := false, true
	if d.peeking {
		peek = d.pi < len(d.peeks) && d.peeks[d.pi] == x
		grid = d.gi < len(d.grid) && d.grid[d.gi] == x
		if grid {
			d.gi++
		}
	}
	if grid {
		st := d.M.State()
		d.step(x, st[spine.ICa], st[spine.IVSpine])
		if d.ri < len(d.rec) && d.rec[d.ri] == x {
			d.ri++
			if c, ok := d.R.(Coupled); ok {
				c.Flush()
			}
			d.obs(x)
		}
	}
	if peek {
		d.pi++
		d.pobs(x)
	}
}

// step advances the readout from (d.tr, d.ca, d.v) to (x, ca, v).
func (d *Driver) step(x, ca, v float64) {
	if x-d.tr > 0 {
		d.R.Step(Sample{T: d.tr, Ca: d.ca, V: d.v}, Sample{T: x, Ca: ca, V: v})
	}
	d.tr, d.ca, d.v = x, ca, v
}

// FineMode makes the next chunk finely sampled (after a change the
// readout knows of, e.g. drugs).
func (d *Driver) FineMode() { d.mode = modeFine }

// drugged returns the spine's parameters before drugs (d.Sp0) with the
// drug effects e.
func (d *Driver) drugged(e drug.Effects) spine.Params {
	p := d.Sp0
	p.NMDA.G *= e.NMDA
	p.NMDA.Tonic += e.NMDAAgonist
	p.AMPA.Tonic += drug.AMPASteadyOpen * e.AMPAAgonist
	p.VGCC.SL *= e.LType
	p.BAPTA.Total += e.BAPTA
	p.EGTA.Total += e.EGTA
	return p
}

// SetDrugs applies the doses active from now on (a drug washed in or out):
// the spine's parameters and endocytosis, then the readout's. The exchange
// is instantaneous.
func (d *Driver) SetDrugs(active []drug.Dose) error {
	d.Drug = drug.Of(active)
	d.Sp = d.drugged(d.Drug)
	if err := d.M.SetParams(d.Sp); err != nil {
		return err
	}
	d.Endo = d.Endo0.Block(1 - d.Drug.Endocytosis)
	if err := d.M.SetEndocytosis(d.Endo); err != nil {
		return err
	}
	d.mode = modeFine
	if c, ok := d.R.(Coupled); ok {
		if err := c.Sync(); err != nil { // the readout catches up first
			return err
		}
		return c.Drugs(d.Drug, d.Endo)
	}
	return nil
}
