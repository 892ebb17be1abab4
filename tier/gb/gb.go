// Package gb is the graupner-brunel tier of the ca1 preparation: a
// population of Graupner–Brunel (2012) synapses (package rule) driven by
// the same spike trains, each with the rule's own calcium (a sum of
// exponential transients), integrated exactly event to event. Synapse i
// starts DOWN (ρ = 0) if i < round(β·N) and UP (ρ = 1) otherwise, as in the
// paper's population readout; the strength is Σ w_i(t) / Σ w_i(0) with the
// two-state weights w0 = 1, w1 = b.
package gb

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/units"
)

// Tier is the graupner-brunel tier. Each published set runs at the [Ca]o
// its parameters hold at (rule.GB.CaRef) unless the bath says otherwise.
func Tier() engine.Tier {
	t := engine.Tier{
		Preparation: "ca1", Name: "graupner-brunel",
		Doc:   "Graupner & Brunel 2012 bistable calcium-threshold rule (population of synapses)",
		Drugs: []drug.Target{drug.NMDA},
	}
	for _, name := range rule.GBSets() {
		p, err := rule.GBSet(name)
		if err != nil {
			panic("tier/gb: " + err.Error())
		}
		t.Sets = append(t.Sets, engine.Set{Name: name, Doc: "Graupner & Brunel 2012 Table S1 / reference code", CaRef: p.CaRef})
	}
	t.Check = func(pl *engine.Plan) ([]string, error) {
		if _, err := params(pl, true); err != nil {
			return nil, err
		}
		return engine.VarNames(vars()), nil
	}
	t.Build = func(pl *engine.Plan, rng *rand.Rand) (engine.Model, error) { return build(pl, rng) }
	return t
}

// Model is the population.
type Model struct {
	p   rule.GB
	s   []rule.GBState
	rng *rand.Rand // nil when σ = 0 (deterministic)
	// rngs are the noise sources of the blocks of stopEvery synapses when
	// there is more than one: block 0 draws from rng (so a population of
	// up to stopEvery synapses draws what it always did), block b > 0
	// from its own stream (the run's seed, blockStream + b). The blocks
	// evolve in parallel, and the draws do not depend on the number of
	// workers.
	rngs []*rand.Rand
	now  float64
	w0   float64 // Σ w_i at t = 0
	// ahead holds the look-ahead states of AdvancePeek.
	ahead []rule.GBState
	ctx   context.Context // the run's (engine.Canceller); nil: never cancelled
	pl    *engine.Plan
	work  float64 // rule steps taken by all synapses so far (rule.GB.Steps)
	evs   int     // calcium jumps applied so far
}

// The rule-step budget of a run, earned as it goes, per synapse: workBase,
// plus workPerEvent for every calcium jump and workPerMs for every ms. The
// published sets take 1 to 2 steps per jump (a jump keeps calcium above a
// threshold for a few τCa, against τ of minutes), and the zoom on the
// first pulses' look-aheads about 1000 (every GB case and preset stays
// within a tenth of workPerEvent and workPerMs, and within workBase/16);
// overrides that make (γp+γd)/τ large while calcium stays above a
// threshold (τ = 1 s, or c_pre = 100 with τCa = 10 s) take thousands per
// jump, and a run of 2000 synapses would take minutes: it ends in an
// error instead.
const (
	workBase     = 20000.0
	workPerEvent = 100.0
	workPerMs    = 0.1
)

// spend adds the steps of evolving every synapse by dt from now (an
// advance, or a look-ahead for a peek) and returns an error once the run's
// budget is spent.
func (t *Model) spend(dt float64) error {
	if dt <= 0 || len(t.s) == 0 {
		return nil
	}
	n := float64(len(t.s))
	t.work += n * t.p.Steps(t.s[0].C, dt) // every synapse has the same calcium
	budget := n * (workBase + workPerEvent*float64(t.evs) + workPerMs*(t.now+dt))
	if t.work <= budget {
		return nil
	}
	msg := fmt.Sprintf("the Graupner-Brunel rule needs %.3g steps by t = %.6g ms, more than its budget of %.3g (per synapse %g, plus %g per calcium jump and %g per ms; the published sets need 1 to 2 per jump): (γp+γd)/τ = %.3g /s with calcium above a threshold for long makes its steps tiny",
		t.work, t.now+dt, budget, workBase, workPerEvent, workPerMs, (t.p.GammaP+t.p.GammaD)/t.p.Tau*1000)
	if t.pl != nil && len(t.pl.Spec.Model.Override) > 0 {
		k, why := engine.MostLikelyOverride(t.pl)
		msg += fmt.Sprintf("; most likely by model.override.%s = %q%s", k, t.pl.Spec.Model.Override[k], why)
	}
	return errors.New(msg)
}

// stopEvery is how many synapses are evolved between checks of the run's
// context: 4096 synapses take well under a millisecond.
const stopEvery = 4096

// SetContext makes Advance stop within stopEvery synapses once ctx is done
// (engine.Canceller).
func (t *Model) SetContext(ctx context.Context) { t.ctx = ctx }

// stopped returns the run context's error, if there is one.
func (t *Model) stopped() error {
	if t.ctx == nil {
		return nil
	}
	return t.ctx.Err()
}

// params resolves the set at the plan's bath, the overrides and the drugs.
// params resolves the parameters; check (Tier.Check) notes far-off
// overrides in the plan's warnings.
func params(pl *engine.Plan, check bool) (rule.GB, error) {
	m := pl.Spec.Model
	p, err := rule.GBSet(pl.Set.Name)
	if err != nil {
		return p, engine.SetError(pl.Set.Name, rule.GBSets())
	}
	p = p.AtBath(pl.CaO)
	fs := p.Fields()
	before := engine.Snapshot(fs)
	if err := engine.ApplyOverrides(m.Override, fs, nil); err != nil {
		return p, err
	}
	if check {
		engine.NoteOverrides(pl, fs, before)
	}
	if f := 1 - drug.Of(pl.Drugs).NMDA; f > 0 {
		// The GB presynaptic Ca transient stands for NMDAR-mediated influx
		// (GB 2012, text to Fig. 1): an NMDAR antagonist scales it.
		p.CPre *= 1 - f
	}
	if err := p.Validate(); err != nil {
		return p, engine.BlameOverride(m.Override, fs, before, func() error { return p.Validate() }, err, pl.Set.Name)
	}
	return p, nil
}

func build(pl *engine.Plan, rng *rand.Rand) (*Model, error) {
	p, err := params(pl, false)
	if err != nil {
		return nil, err
	}
	n := pl.Spec.Model.Synapses
	if n <= 0 {
		n = 1
	}
	t := &Model{p: p, s: make([]rule.GBState, n), pl: pl}
	down := int(math.Round(p.Beta * float64(n)))
	for i := range t.s {
		if i >= down {
			t.s[i].Rho = 1
		}
		t.w0 += p.Weight(t.s[i].Rho)
	}
	if p.Sigma > 0 {
		t.rng = rng
		if nb := t.blocks(); nb > 1 {
			t.rngs = make([]*rand.Rand, nb)
			t.rngs[0] = rng
			for b := 1; b < nb; b++ {
				t.rngs[b] = rand.New(rand.NewPCG(pl.Spec.Seed, blockStream+uint64(b)))
			}
		}
	}
	return t, nil
}

// blockStream is the PCG stream of block 0 of a population's noise (block
// b uses blockStream + b); it stays clear of the engine's streams.
const blockStream = 0x6762_0000_0000_0000

// blocks is the number of blocks of stopEvery synapses.
func (t *Model) blocks() int { return (len(t.s) + stopEvery - 1) / stopEvery }

// evolveBlocks evolves every synapse by dt, the blocks of stopEvery
// synapses on all cores, each with its noise source (none if !noise: the
// look-ahead of AdvancePeek); it stops early, with the context's error, if
// the run is cancelled.
func (t *Model) evolveBlocks(dt float64, noise bool) error {
	nb := t.blocks()
	rngOf := func(b int) *rand.Rand {
		switch {
		case !noise:
			return nil
		case t.rngs != nil:
			return t.rngs[b]
		}
		return t.rng
	}
	one := func(b int) {
		lo := b * stopEvery
		t.p.EvolveAll(t.s[lo:min(lo+stopEvery, len(t.s))], dt, rngOf(b))
	}
	w := min(runtime.GOMAXPROCS(0), nb)
	if w <= 1 {
		for b := range nb {
			one(b)
			if err := t.stopped(); err != nil {
				return err
			}
		}
		return nil
	}
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	work := func() {
		defer wg.Done()
		for !stop.Load() {
			b := int(next.Add(1) - 1)
			if b >= nb {
				return
			}
			one(b)
			if t.stopped() != nil {
				stop.Store(true)
			}
		}
	}
	wg.Add(w)
	for range w - 1 {
		go work()
	}
	work()
	wg.Wait()
	return t.stopped()
}

// Describe names the set and the population.
func (t *Model) Describe() string {
	mode := "stochastic"
	if t.p.Sigma == 0 {
		mode = "deterministic"
	}
	return fmt.Sprintf("Graupner & Brunel 2012, set %s, %d %s synapse(s)", t.p.Name, len(t.s), mode)
}

func vars() []units.Var {
	return []units.Var{
		{Name: "c", Unit: "1", Doc: "calcium, population mean (GB units, thresholds θd, θp)", Label: "GB calcium c"},
		{Name: "rho", Unit: "1", Doc: "synaptic efficacy ρ, population mean", Label: "Efficacy ρ"},
		{Name: "frac_up", Unit: "1", Doc: "fraction of synapses with ρ > ρ*", Label: "Fraction of synapses UP"},
	}
}

// Vars: mean calcium, mean efficacy and the fraction UP.
func (t *Model) Vars() []units.Var { return vars() }

func (t *Model) Read(dst []float64) {
	var c, r, up float64
	for _, s := range t.s {
		c += s.C
		r += s.Rho
		if s.Rho > t.p.RhoStar {
			up++
		}
	}
	n := float64(len(t.s))
	dst[0], dst[1], dst[2] = c/n, r/n, up/n
}

// Delay: the presynaptic transient arrives D after the spike (test pulses
// are presynaptic spikes).
func (t *Model) Delay(k protocol.Kind) float64 {
	if k == protocol.Pre || k == protocol.Test {
		return t.p.D
	}
	return 0
}

// evolve evolves every synapse by dt; it stops early, with the context's
// error, if the run is cancelled.
func (t *Model) evolve(dt float64) error {
	if dt <= 0 {
		return nil
	}
	if err := t.spend(dt); err != nil {
		return err
	}
	return t.evolveBlocks(dt, true)
}

// Advance evolves every synapse exactly to each sample time, then to `to`.
func (t *Model) Advance(to float64, ts []float64, obs func(float64)) error {
	for _, ts := range ts {
		if err := t.evolve(ts - t.now); err != nil {
			return err
		}
		t.now = ts
		obs(ts)
	}
	if err := t.evolve(to - t.now); err != nil {
		return err
	}
	t.now = to
	return nil
}

// AdvancePeek is Advance with peek times besides: at each peek the state is
// a noise-free look-ahead from the last exact time (engine.Peeker), so a
// zoom on single pulses never changes the noise a run draws.
func (t *Model) AdvancePeek(to float64, ts []float64, obs func(float64), peeks []float64, peek func(float64)) error {
	i, j := 0, 0
	for i < len(ts) || j < len(peeks) {
		if j < len(peeks) && (i >= len(ts) || peeks[j] < ts[i]) {
			p := peeks[j]
			j++
			saved := t.s
			t.s = append(t.ahead[:0], saved...)
			if dt := p - t.now; dt > 0 {
				if err := t.spend(dt); err != nil {
					return err
				}
				if err := t.evolveBlocks(dt, false); err != nil {
					return err
				}
			}
			peek(p)
			t.ahead, t.s = t.s, saved
			continue
		}
		x := ts[i]
		i++
		if err := t.evolve(x - t.now); err != nil {
			return err
		}
		t.now = x
		obs(x)
	}
	if err := t.evolve(to - t.now); err != nil {
		return err
	}
	t.now = to
	return nil
}

// Apply adds the calcium jump of a spike (a voltage clamp has no meaning in
// the calcium-only model).
func (t *Model) Apply(e protocol.Event) {
	var dc float64
	switch e.Kind {
	case protocol.Pre, protocol.Test:
		dc = t.p.CPre
	case protocol.Post:
		dc = t.p.CPost
	default:
		return
	}
	t.evs++
	for i := range t.s {
		t.s[i].C += dc
	}
}

// Strength is Σ w_i / Σ w_i(0).
func (t *Model) Strength() float64 {
	var w float64
	for _, s := range t.s {
		w += t.p.Weight(s.Rho)
	}
	return w / t.w0
}

func (t *Model) Params() []units.Field { return t.p.Fields() }

func (t *Model) View() engine.View {
	return engine.View{Slow: []string{"frac_up", "rho"}, Fast: []string{"c", "rho"},
		Marks: map[string][]engine.Mark{"c": {{Y: t.p.ThetaD, Label: "θd (depression)"}, {Y: t.p.ThetaP, Label: "θp (potentiation)"}},
			"rho": {{Y: t.p.RhoStar, Label: "ρ*"}}, "frac_up": {{Y: 1 - t.p.Beta, Label: "initial"}}}}
}

// Metrics adds the population transition probabilities and, for pairing
// protocols, the closed-form result of GB 2012 for comparison.
func (t *Model) Metrics(pl *engine.Plan, m map[string]float64) {
	down := int(math.Round(t.p.Beta * float64(len(t.s))))
	var u, d float64
	for i, s := range t.s {
		if i < down && s.Rho > t.p.RhoStar {
			u++
		}
		if i >= down && s.Rho < t.p.RhoStar {
			d++
		}
	}
	if down > 0 {
		m["U_sim"] = u / float64(down)
	}
	if up := len(t.s) - down; up > 0 {
		m["D_sim"] = d / float64(up)
	}
	m["S_sim"] = t.Strength()
	if pr := pl.Protocol.Pairing; pr != nil {
		a := t.p.Pairing(pr.Dt, pr.Pairs, pr.Rate, max(pr.PostSpikes, 1), pr.PostRate)
		m["S_analytic"] = a.S
		m["U_analytic"] = a.U
		m["D_analytic"] = a.Dn
		m["alpha_d"] = a.AlphaD
		m["alpha_p"] = a.AlphaP
	}
}
