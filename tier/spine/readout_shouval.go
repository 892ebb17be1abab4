package spine

import (
	"fmt"
	"math"
	"slices"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// Shouval reads the spine's Ca²⁺ out with the Shouval, Bear & Cooper (2002)
// rule instead of the rule's own kernels:
//
//	dW/dt = η(x)·(Ω(x) − λW),  x = S·([Ca]spine − c_rest)
//
// Ω, η of rule.ShouvalDefault with their thresholds α1 = 0.35 µM, α2 =
// 0.55 µM on x, Shouval's Ca above rest. The unit map S = X70/Ca_ref is the
// one the gb readout uses, carried to Shouval's scale: Ca_ref = 0.80 µM is
// the spine's peak for one presynaptic spike at a −70 mV somatic clamp
// (spine.CaRule, fitted in package spine) and X70 = 0.2126 µM is the peak of
// Shouval's own Ca for the same spike and clamp (computed from the rule at
// build, shouvalPulsePeak), so one pulse at −70 mV means the same in both
// models (S ≈ 0.266). The thresholds then sit at α/S ≈ 1.32 and 2.07 µM of
// spine Ca above rest. Only the amplitude is mapped: the spine's Ca decays
// with τext = 12 ms, Shouval's with 50 ms, so each pulse dwells less long
// in a zone. Strength = W/W(0), W(0) = Ω(0)/λ. The AMPA receptor count
// stays fixed: the rule's weight is the strength, and it does not feed back
// on the spine.
//
// Integration: W is advanced by the exponential midpoint rule (x frozen at
// the interval's midpoint value, W relaxing exactly toward Ω/λ), second
// order in the sampling step.
type Shouval struct {
	sh     rule.Shouval
	cr     spine.CaRule
	w, w0  float64
	scale  float64 // S: Shouval µM per µM of spine Ca above rest [1]
	thr    []float64
	margin float64
}

// NewShouval returns the readout with the default rule and unit map.
func NewShouval() *Shouval { return &Shouval{sh: rule.ShouvalDefault(), cr: spine.DefaultCaRule()} }

// Rule parameters exposed under "rule.": the ones that act on the spine's
// Ca. The kernels of each rule (Shouval's NMDAR/EPSP/bAP terms, GB's τCa,
// C_pre, C_post, D, ca_ref) are replaced by the spine and left out.
var (
	shouvalFields = []string{"omega_base", "omega_ltp", "omega_ltd", "alpha1", "alpha2", "beta1", "beta2", "p1", "p2", "p3", "p4", "lambda"}
	caRuleFields  = []string{"carule_rest", "carule_ref"}
)

// rulePrefix prefixes a readout's parameters, because the rule's and the
// spine's name spaces collide (tau_ca, ca_o, mg, rho).
const rulePrefix = "rule."

func prefixed(fs []units.Field, keep []string) []units.Field {
	var out []units.Field
	for _, f := range fs {
		if slices.Contains(keep, f.Name) {
			f.Name = rulePrefix + f.Name
			out = append(out, f)
		}
	}
	return out
}

// Fields are the rule's parameters under "rule." and the unit map's.
func (r *Shouval) Fields() []units.Field {
	return append(prefixed(r.sh.Fields(), shouvalFields), prefixed(r.cr.Fields(), caRuleFields)...)
}

// Init checks the rule and sets W to its resting value.
func (r *Shouval) Init(d *Driver) error {
	if _, ok := d.Pl.Spec.Model.Override["rule.carule_rest"]; !ok {
		r.cr.Rest = d.Sp.Ca.Rest // follows an overridden ca_rest
	}
	if n := d.Pl.Spec.Model.Synapses; n > 1 {
		return &experiment.FieldError{Path: "model.synapses", Value: fmt.Sprint(n), Allowed: "1: the spine tier with the Shouval readout is one deterministic synapse"}
	}
	if err := r.sh.Validate(); err != nil {
		return d.Blame(err, func() error { return r.sh.Validate() })
	}
	if err := r.cr.Validate(); err != nil {
		return d.Blame(err, func() error { return r.cr.Validate() })
	}
	x70, err := shouvalPulsePeak(rule.ShouvalDefault(), refClamp)
	if err != nil {
		return err
	}
	r.scale = x70 / r.cr.Ref
	r.w0 = r.sh.Omega(0) / r.sh.Lambda
	r.w = r.w0
	r.thr = []float64{r.sh.Alpha1 / r.scale, r.sh.Alpha2 / r.scale}
	// The margin is the larger of Margin and 8 widths of the rule's
	// sigmoids in spine Ca, 8/(β·S) ≈ 0.38 µM.
	r.margin = max(Margin, 8/min(r.sh.Beta1, r.sh.Beta2)/r.scale)
	return nil
}

// Sampling: the thresholds α1/S, α2/S above the unit map's rest.
func (r *Shouval) Sampling() ([]float64, float64, float64, int) {
	return r.thr, r.margin, r.cr.Rest, TailSteps
}

// Vars: the weight.
func (r *Shouval) Vars() []units.Var {
	return []units.Var{{Name: "w", Unit: "1", Doc: "Shouval weight W driven by x = S·(spine Ca − rest)", Label: "Shouval weight W"}}
}

func (r *Shouval) Read(dst []float64) { dst[0] = r.w }

// Step is the exponential midpoint rule for dW/dt = η(x)(Ω(x) − λW).
func (r *Shouval) Step(a, b Sample) {
	dt := b.T - a.T
	xm := r.scale * (0.5*(a.Ca+b.Ca) - r.cr.Rest)
	lam := r.sh.Lambda
	winf := r.sh.Omega(xm) / lam
	r.w = winf + (r.w-winf)*math.Exp(-lam*r.sh.Eta(xm)*dt)
}

func (r *Shouval) Strength() float64 { return r.w / r.w0 }

func (r *Shouval) Describe(release string) string {
	return fmt.Sprintf("CA1 spine (docs/spine-model.md), %s, read out by the Shouval, Bear & Cooper 2002 rule on x = %.4g·(Ca − %g µM)",
		release, r.scale, r.cr.Rest)
}

func (r *Shouval) View(rest float64) engine.View {
	rest = r.cr.Rest
	return engine.View{Fast: []string{"v_spine_mV", "v_soma_mV", "ca_uM"}, Slow: []string{"w"}, Marks: map[string][]engine.Mark{
		"ca_uM": {{Y: rest, Label: "rest"}, {Y: rest + r.thr[0], Label: "α1/S: LTD zone"}, {Y: rest + r.thr[1], Label: "α2/S: LTP zone"}},
		"w":     {{Y: r.w0, Label: "initial"}},
	}}
}

// refClamp [mV] is the somatic clamp of the unit map of both rules: the
// spine's Ca_ref is measured for one pulse at this clamp.
const refClamp = -70.0

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
		return 0, fmt.Errorf("spine tier: Shouval reference pulse: %w", err)
	}
	return peak, nil
}
