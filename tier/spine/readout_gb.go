package spine

import (
	"fmt"
	"math"

	"math/rand/v2"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// GB reads the spine's Ca²⁺ out with the Graupner & Brunel (2012) rule:
//
//	τ dρ/dt = −ρ(1−ρ)(ρ*−ρ) + γp(1−ρ)Θ[c−θp] − γd ρ Θ[c−θd] (+ noise)
//
// with c = ([Ca]spine − c_rest)/Ca_ref (spine.CaRule; Ca_ref = 0.80 µM,
// fitted in package spine so that one presynaptic spike at −70 mV gives c =
// C_pre(DP) = 1). θd = 1 and θp = 1.3 of the DP set (GB2012 Table S1)
// therefore sit at 0.80 µM and 1.04 µM of free Ca above rest. τCa, C_pre,
// C_post and D of the set are unused: c comes from the spine. σ = 0 by
// default (deterministic); set rule.sigma for the stochastic rule.
// Strength: the GB two-state population readout Σ w(ρ_i) / Σ w(ρ_i(0)), a
// fraction β of synapses starting DOWN (ρ = 0) and the rest UP (ρ = 1).
// Noise-free, every DOWN synapse and every UP synapse follows the same path,
// so the population is exactly two groups weighted β and 1 − β; with σ > 0
// it is model.synapses synapses with independent noise on the same Ca.
//
// Integration: between two samples Ca is linear in time; the interval is
// split where the line crosses θd or θp, and on each piece (Heaviside
// factors constant) ρ is advanced by rule.GB.Evolve with τCa = ∞, i.e. with
// c held constant: the linear part exactly (integrating-factor RK4 above
// threshold, the closed-form cubic below). The only error is the crossing
// time of the linearised Ca, O(h²): TestSpineGBConvergence measures orders
// 1.7, 2.4, 2.0 for h = 0.4 → 0.05 ms and a ρ error of 7e-6 at the default
// h = 0.1 ms.
type GB struct {
	gb  rule.GB // the rule's parameters (for the manifest)
	fix rule.GB // gb with τCa = ∞: Evolve then holds c constant
	cr  spine.CaRule
	pop []gbGroup
	w0  float64
	rng *rand.Rand // nil when σ = 0 (deterministic)
	thr []float64
	d   *Driver // for the current Ca (Read)
}

// gbGroup is a group of identical GB synapses: its state and its share of
// the population.
type gbGroup struct {
	s    rule.GBState
	frac float64
}

// gbFields are the GB parameters exposed under "rule.".
var gbFields = []string{"theta_d", "theta_p", "gamma_d", "gamma_p", "sigma", "tau", "rho_star", "beta", "b"}

// NewGB returns the readout with the DP set, noise-free.
func NewGB() (*GB, error) {
	gb, err := rule.GBSet("DP")
	if err != nil {
		return nil, err
	}
	gb.Sigma = 0 // deterministic by default; rule.sigma makes it stochastic
	return &GB{gb: gb, cr: spine.DefaultCaRule()}, nil
}

func (r *GB) Fields() []units.Field {
	return append(prefixed(r.gb.Fields(), gbFields), prefixed(r.cr.Fields(), caRuleFields)...)
}

// Init checks the rule and lays out the population.
func (r *GB) Init(d *Driver) error {
	r.d = d
	if _, ok := d.Pl.Spec.Model.Override["rule.carule_rest"]; !ok {
		r.cr.Rest = d.Sp.Ca.Rest // follows an overridden ca_rest
	}
	if err := r.gb.Validate(); err != nil {
		return d.Blame(err, func() error { return r.gb.Validate() })
	}
	if err := r.cr.Validate(); err != nil {
		return d.Blame(err, func() error { return r.cr.Validate() })
	}
	r.fix = r.gb
	r.fix.TauCa = math.Inf(1)
	if r.gb.Sigma > 0 {
		r.rng = d.Rng
		n := max(d.Pl.Spec.Model.Synapses, 1)
		down := int(math.Round(r.gb.Beta * float64(n)))
		for i := range n {
			g := gbGroup{frac: 1 / float64(n)}
			if i >= down {
				g.s.Rho = 1
			}
			r.pop = append(r.pop, g)
		}
	} else {
		r.pop = []gbGroup{{frac: r.gb.Beta}, {s: rule.GBState{Rho: 1}, frac: 1 - r.gb.Beta}}
	}
	for _, g := range r.pop {
		r.w0 += g.frac * r.gb.Weight(g.s.Rho)
	}
	r.thr = []float64{r.gb.ThetaD * r.cr.Ref, r.gb.ThetaP * r.cr.Ref}
	return nil
}

func (r *GB) Sampling() ([]float64, float64, float64, int) {
	return r.thr, Margin, r.cr.Rest, TailSteps
}

func (r *GB) Vars() []units.Var {
	return []units.Var{
		{Name: "c", Unit: "1", Doc: "GB calcium c = (Ca − rest)/Ca_ref (thresholds θd, θp)", Label: "GB calcium c"},
		{Name: "rho", Unit: "1", Doc: "GB efficacy ρ, population mean", Label: "Efficacy ρ"},
		{Name: "frac_up", Unit: "1", Doc: "fraction of synapses with ρ > ρ*", Label: "Fraction UP"},
	}
}

// Read writes c at the driver's current Ca, the mean ρ and the fraction UP.
func (r *GB) Read(dst []float64) {
	var rho, up float64
	for _, g := range r.pop {
		rho += g.frac * g.s.Rho
		if g.s.Rho > r.gb.RhoStar {
			up += g.frac
		}
	}
	dst[0], dst[1], dst[2] = r.cr.C(r.d.ca), rho, up
}

// Step splits the interval where the linear c crosses a threshold and
// evolves each group with c held at the piece's midpoint value.
func (r *GB) Step(a, b Sample) {
	dt := b.T - a.T
	c0, c1 := r.cr.C(a.Ca), r.cr.C(b.Ca)
	var cuts [4]float64
	n := 0
	cuts[n] = 0
	n++
	for _, th := range [2]float64{r.gb.ThetaD, r.gb.ThetaP} {
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
		lo, hi := cuts[i], cuts[i+1]
		if hi <= lo {
			continue
		}
		cm := c0 + (c1-c0)*0.5*(lo+hi)
		for k := range r.pop {
			r.pop[k].s.C = cm
			r.fix.Evolve(&r.pop[k].s, (hi-lo)*dt, r.rng)
		}
	}
}

func (r *GB) Strength() float64 {
	var w float64
	for _, g := range r.pop {
		w += g.frac * r.gb.Weight(g.s.Rho)
	}
	return w / r.w0
}

func (r *GB) Describe(release string) string {
	noise := "noise-free"
	if r.gb.Sigma > 0 {
		noise = fmt.Sprintf("σ = %g, %d synapses", r.gb.Sigma, len(r.pop))
	}
	return fmt.Sprintf("CA1 spine (docs/spine-model.md), %s, read out by the Graupner & Brunel 2012 rule (DP, %s) on c = (Ca − %g µM)/%g µM",
		release, noise, r.cr.Rest, r.cr.Ref)
}

func (r *GB) View(float64) engine.View {
	rest := r.cr.Rest
	return engine.View{Fast: []string{"v_spine_mV", "v_soma_mV", "ca_uM"}, Slow: []string{"rho"}, Marks: map[string][]engine.Mark{
		"ca_uM": {{Y: rest, Label: "rest"}, {Y: rest + r.gb.ThetaD*r.cr.Ref, Label: "θd (depression)"}, {Y: rest + r.gb.ThetaP*r.cr.Ref, Label: "θp (potentiation)"}},
		"rho":   {{Y: r.gb.RhoStar, Label: "ρ*"}},
	}}
}
