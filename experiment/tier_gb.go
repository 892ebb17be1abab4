package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// gbTier is a population of Graupner–Brunel synapses driven by the same
// spike trains. Synapse i starts DOWN (ρ = 0) if i < round(β·N) and UP
// (ρ = 1) otherwise, as in the paper's population readout; the strength is
// Σ w_i(t) / Σ w_i(0) with the two-state weights w0 = 1, w1 = b.
type gbTier struct {
	p   rule.GB
	s   []rule.GBState
	rng *rand.Rand // nil when σ = 0 (deterministic)
	now float64
	w0  float64 // Σ w_i at t = 0
}

func gbSets() []string { return rule.GBSets() }

// gbRefCa is the [Ca2+]o of the set's parameters (rule.GB.CaRef), the
// default bath of a GB run, so that a published set runs as published.
func gbRefCa(set string) float64 {
	if set == "" {
		set = "DP"
	}
	p, err := rule.GBSet(set)
	if err != nil {
		return 0
	}
	return p.CaRef
}

func newGBTier(pl *Plan, rng *rand.Rand) (synapse, error) {
	m := pl.Spec.Model
	name := m.Set
	if name == "" {
		name = "DP"
	}
	p, err := rule.GBSet(name)
	if err != nil {
		return nil, setError(name, rule.GBSets())
	}
	p = p.AtBath(pl.CaO)
	if err := applyOverrides(m.Override, p.Fields()); err != nil {
		return nil, err
	}
	if f := nmdaBlock(pl.Drugs); f > 0 {
		// The GB presynaptic Ca transient stands for NMDAR-mediated influx
		// (GB 2012, text to Fig. 1): an NMDAR antagonist scales it.
		p.CPre *= 1 - f
	}
	if err := p.Validate(); err != nil {
		return nil, &FieldError{Path: "model", Value: name, Allowed: err.Error()}
	}
	n := m.Synapses
	if n <= 0 {
		n = 1
	}
	t := &gbTier{p: p, s: make([]rule.GBState, n)}
	down := int(math.Round(p.Beta * float64(n)))
	for i := range t.s {
		if i >= down {
			t.s[i].Rho = 1
		}
		t.w0 += p.Weight(t.s[i].Rho)
	}
	if p.Sigma > 0 {
		t.rng = rng
	}
	return t, nil
}

func (t *gbTier) describe() string {
	mode := "stochastic"
	if t.p.Sigma == 0 {
		mode = "deterministic"
	}
	return fmt.Sprintf("Graupner & Brunel 2012, set %s, %d %s synapse(s)", t.p.Name, len(t.s), mode)
}

func (t *gbTier) cols() []trace.Col {
	return []trace.Col{
		{Name: "c", Unit: "1", Doc: "calcium, population mean (GB units, thresholds θd, θp)"},
		{Name: "rho", Unit: "1", Doc: "synaptic efficacy ρ, population mean"},
		{Name: "frac_up", Unit: "1", Doc: "fraction of synapses with ρ > ρ*"},
	}
}

func (t *gbTier) read(dst []float64) {
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

func (t *gbTier) delay(k protocol.Kind) float64 {
	if k == protocol.Pre || k == protocol.Test {
		return t.p.D
	}
	return 0
}

func (t *gbTier) evolve(dt float64) {
	if dt <= 0 {
		return
	}
	for i := range t.s {
		t.p.Evolve(&t.s[i], dt, t.rng)
	}
}

func (t *gbTier) advance(to float64, ts []float64, obs func(float64)) error {
	for _, ts := range ts {
		t.evolve(ts - t.now)
		t.now = ts
		obs(ts)
	}
	t.evolve(to - t.now)
	t.now = to
	return nil
}

func (t *gbTier) apply(e protocol.Event) {
	var dc float64
	switch e.Kind {
	case protocol.Pre, protocol.Test:
		dc = t.p.CPre
	case protocol.Post:
		dc = t.p.CPost
	default:
		return // a voltage clamp has no meaning in the calcium-only GB model
	}
	for i := range t.s {
		t.s[i].C += dc
	}
}

func (t *gbTier) strength() float64 {
	var w float64
	for _, s := range t.s {
		w += t.p.Weight(s.Rho)
	}
	return w / t.w0
}

func (t *gbTier) params() []units.Field { return t.p.Fields() }

func (t *gbTier) view() View {
	return View{Slow: []string{"frac_up", "rho"}, Fast: []string{"c", "rho"},
		Marks: map[string][]Mark{"c": {{Y: t.p.ThetaD, Label: "θd (depression)"}, {Y: t.p.ThetaP, Label: "θp (potentiation)"}},
			"rho": {{Y: t.p.RhoStar, Label: "ρ*"}}, "frac_up": {{Y: 1 - t.p.Beta, Label: "initial"}}}}
}
