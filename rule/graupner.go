package rule

import (
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/units"
)

// GB holds the parameters of the Graupner–Brunel (2012) calcium-based
// plasticity rule.
//
// Calcium (dimensionless, resting level 0, linear sum of transients):
//
//	dc/dt = −c/τCa + Cpre Σ_i δ(t − t_i − D) + Cpost Σ_j δ(t − t_j)
//
// with presynaptic spikes t_i (the NMDAR transient arrives after the delay D)
// and postsynaptic spikes t_j. Synaptic efficacy ρ, bistable with stable
// states 0 (DOWN) and 1 (UP) and the unstable state ρ*:
//
//	τ dρ/dt = −ρ(1−ρ)(ρ*−ρ) + γp(1−ρ)Θ[c−θp] − γd ρ Θ[c−θd]
//	          + σ √τ √(Θ[c−θp] + Θ[c−θd]) η(t)
//
// Θ is the strict Heaviside step (Θ[x] = 1 only for x > 0) and η is unit
// Gaussian white noise. The noise term is the corrected form (PNAS 2013
// correction, doi:10.1073/pnas.1220044110), as in the Brian2 example
// examples/frompapers/Graupner_Brunel_2012.py and Arbor's
// calcium_based_synapse.mod.
//
// Graupner M, Brunel N (2012) Calcium-based plasticity model explains
// sensitivity of synaptic changes to spike pattern, rate, and dendritic
// location. PNAS 109:3991–3996, doi:10.1073/pnas.1109359109. Parameter values
// of the published sets: reference implementation
// mgraupe/CalciumBasedPlasticityModel, synapticChange.py (see graupner_sets.go).
//
// Internal units: time in ms (the reference code uses s), frequency in 1/ms.
type GB struct {
	Name    string  // set name, e.g. "DP"
	TauCa   float64 // τCa, calcium decay time constant [ms]; GB2012 Table S1
	CPre    float64 // Cpre, calcium jump per presynaptic spike [1], at [Ca2+]o = CaRef; GB2012 Table S1
	CPost   float64 // Cpost, calcium jump per postsynaptic spike [1], at [Ca2+]o = CaRef; GB2012 Table S1
	ThetaD  float64 // θd, depression threshold [1]; GB2012 (θd = 1 in all published sets)
	ThetaP  float64 // θp, potentiation threshold [1]; GB2012 Table S1
	GammaD  float64 // γd, depression rate [1]; GB2012 Table S1
	GammaP  float64 // γp, potentiation rate [1]; GB2012 Table S1
	Sigma   float64 // σ, noise amplitude [1]; GB2012 Table S1 (0.4·√50 = 2.8284 for DP)
	Tau     float64 // τ, time constant of ρ [ms]; GB2012 Table S1
	RhoStar float64 // ρ*, unstable fixed point of the cubic [1]; GB2012 (0.5)
	D       float64 // D, delay of the presynaptic calcium transient [ms]; GB2012 Table S1
	Beta    float64 // β, fraction of synapses initially DOWN [1]; GB2012 Table S1
	B       float64 // b = w1/w0, UP/DOWN weight ratio [1]; GB2012 Table S1
	CaRef   float64 // [Ca2+]o at which CPre and CPost hold [µM]; assumption per set, see graupner_sets.go
}

// GBState is the state of one synapse.
type GBState struct {
	C   float64 // calcium c [1]
	Rho float64 // efficacy ρ [1]
}

// Validate checks that the parameters are finite and in range. Errors read
// like `rule: GB.TauCa = -2 ms: must be > 0`.
func (p GB) Validate() error {
	checks := []units.Check{
		units.C("TauCa", "ms", p.TauCa, p.TauCa > 0, "must be > 0"),
		units.C("CPre", "", p.CPre, p.CPre >= 0, "must be >= 0"),
		units.C("CPost", "", p.CPost, p.CPost >= 0, "must be >= 0"),
		units.C("ThetaD", "", p.ThetaD, p.ThetaD > 0, "must be > 0"),
		units.C("ThetaP", "", p.ThetaP, p.ThetaP > 0, "must be > 0"),
		units.C("GammaD", "", p.GammaD, p.GammaD >= 0, "must be >= 0"),
		units.C("GammaP", "", p.GammaP, p.GammaP >= 0, "must be >= 0"),
		units.C("Sigma", "", p.Sigma, p.Sigma >= 0, "must be >= 0"),
		units.C("Tau", "ms", p.Tau, p.Tau > 0, "must be > 0"),
		units.C("RhoStar", "", p.RhoStar, p.RhoStar > 0 && p.RhoStar < 1, "must be in (0, 1)"),
		units.C("D", "ms", p.D, p.D >= 0, "must be >= 0"),
		units.C("Beta", "", p.Beta, p.Beta >= 0 && p.Beta <= 1, "must be in [0, 1]"),
		units.C("B", "", p.B, p.B > 0, "must be > 0"),
		units.C("CaRef", "µM", p.CaRef, p.CaRef > 0, "must be > 0"),
	}
	if err := units.CheckAll("rule: GB", checks[:]); err != nil {
		return err
	}
	return nil
}

// Fields lists every parameter with its file name, dimension and doc, for
// overrides by name ("sigma": "0") and for manifests.
func (p *GB) Fields() []units.Field {
	return []units.Field{
		{Name: "tau_ca", Dim: units.Time, Value: &p.TauCa, Doc: "τCa, calcium decay time constant; GB2012 Table S1", Min: 0.1, Max: 10000},
		{Name: "c_pre", Dim: units.Dimensionless, Value: &p.CPre, Doc: "Cpre, calcium jump per presynaptic spike at [Ca2+]o = ca_ref; GB2012 Table S1", Min: 0, Max: 100},
		{Name: "c_post", Dim: units.Dimensionless, Value: &p.CPost, Doc: "Cpost, calcium jump per postsynaptic spike at [Ca2+]o = ca_ref; GB2012 Table S1", Min: 0, Max: 100},
		{Name: "theta_d", Dim: units.Dimensionless, Value: &p.ThetaD, Doc: "θd, depression threshold; GB2012 Table S1", Min: 0, Max: 100},
		{Name: "theta_p", Dim: units.Dimensionless, Value: &p.ThetaP, Doc: "θp, potentiation threshold; GB2012 Table S1", Min: 0, Max: 100},
		{Name: "gamma_d", Dim: units.Dimensionless, Value: &p.GammaD, Doc: "γd, depression rate; GB2012 Table S1", Min: 0, Max: 100000},
		{Name: "gamma_p", Dim: units.Dimensionless, Value: &p.GammaP, Doc: "γp, potentiation rate; GB2012 Table S1", Min: 0, Max: 100000},
		{Name: "sigma", Dim: units.Dimensionless, Value: &p.Sigma, Doc: "σ, noise amplitude (0 = deterministic); GB2012 Table S1", Min: 0, Max: 1000},
		{Name: "tau", Dim: units.Time, Value: &p.Tau, Doc: "τ, time constant of the efficacy ρ; GB2012 Table S1", Min: 10, Max: 10000000000.0},
		{Name: "rho_star", Dim: units.Dimensionless, Value: &p.RhoStar, Doc: "ρ*, unstable fixed point between DOWN (0) and UP (1); GB2012", Min: 0, Max: 1},
		{Name: "D", Dim: units.Time, Value: &p.D, Doc: "D, delay of the presynaptic calcium transient; GB2012 Table S1", Min: 0, Max: 1000},
		{Name: "beta", Dim: units.Dimensionless, Value: &p.Beta, Doc: "β, fraction of synapses initially DOWN; GB2012 Table S1", Min: 0, Max: 1},
		{Name: "b", Dim: units.Dimensionless, Value: &p.B, Doc: "b = w1/w0, UP/DOWN weight ratio; GB2012 Table S1", Min: 0, Max: 1000},
		{Name: "ca_ref", Dim: units.Concentration, Value: &p.CaRef, Doc: "[Ca2+]o at which c_pre and c_post hold (assumed per set; see rule/graupner_sets.go)", Min: 1, Max: 100000},
	}
}

// Weight is the two-state readout of efficacy ρ: 1 (w0, DOWN) if ρ < ρ*,
// else b (w1/w0, UP). GB2012, "transfer to synaptic weight".
func (p GB) Weight(rho float64) float64 {
	if rho < p.RhoStar {
		return 1
	}
	return p.B
}

// Strength is the population change in synaptic strength (after/before) for
// up-transition probability U = P(DOWN→UP) and down-transition probability
// Dn = P(UP→DOWN), with a fraction β of synapses initially DOWN:
//
//	S = [(1−U)β + Dn(1−β) + b(Uβ + (1−Dn)(1−β))] / [β + (1−β)b]
//
// GB2012; reference implementation synapticChange.py, changeInSynapticStrength.
func (p GB) Strength(U, Dn float64) float64 {
	β, b := p.Beta, p.B
	return ((1-U)*β + Dn*(1-β) + b*(U*β+(1-Dn)*(1-β))) / (β + (1-β)*b)
}

// Steps estimates the RK4 steps Evolve takes for a synapse with calcium c0
// over dt [ms]: those of the integrating-factor RK4 while calcium is above
// a threshold, τ·min(cubicStepFrac, lawsonStep/(γp+γd)) each, and of the
// cubic drift below (none for ρ* = ½: it is solved exactly). The same for
// every synapse with that calcium; the work of a population's update, for
// a budget.
func (p GB) Steps(c0, dt float64) float64 {
	if !(dt > 0) {
		return 0
	}
	above := min(dt, max(p.crossing(c0, p.ThetaD), p.crossing(c0, p.ThetaP)))
	n := above / p.Tau * max(1/cubicStepFrac, (p.GammaP+p.GammaD)/lawsonStep)
	if p.RhoStar != 0.5 {
		n += (dt - above) / p.Tau / cubicStepFrac
	}
	return n
}

// crossing is the time [ms] for c0 to decay to θ: τCa·ln(c0/θ) if c0 > θ, else 0.
func (p *GB) crossing(c0, theta float64) float64 {
	if c0 > theta {
		return p.TauCa * math.Log(c0/theta)
	}
	return 0
}

// Evolve advances s by dt [ms] with no calcium jumps inside the interval.
// Calcium jumps are applied by the caller: s.C += p.CPre at a presynaptic
// spike time + D, s.C += p.CPost at a postsynaptic spike time (see Simulate).
// With rng == nil or Sigma == 0 the step is deterministic.
//
// The step is event-driven and exact where it can be. Calcium is
// c(t) = c0·e^(−t/τCa), so the thresholds are crossed at τCa·ln(c0/θ) and the
// interval splits into at most three segments with constant Heaviside
// factors. In a segment with Θp, Θd fixed, ρ obeys
//
//	dρ = [f(ρ) + (a − kρ)/τ] dt + σ √(n/τ) dW,   f(ρ) = −ρ(1−ρ)(ρ*−ρ)/τ,
//	a = γpΘp, k = γpΘp + γdΘd, n = Θp + Θd.
//
// Noise-free, ρ follows the drift, integrated in the scaled time x = t/τ:
// above a threshold by integrating-factor (Lawson) RK4, exact for the linear
// part, with steps k·Δx ≤ 0.05 (error from the cubic only, ≲ 1e-15 per
// step); below, by RK4 with Δx ≤ 1e-3 (error ≈ (Δx)^5/120), or exactly for
// ρ* = ½ (cubicHalf). Results do not depend on how time is split (tested to
// 1e-12). Where n > 0 and σ > 0 the noise is added by Strang splitting of
// drift and diffusion on chunks with k·Δx ≤ 0.5: half the drift flow, a
// Gaussian increment, half the drift flow. The increment's variance
// σ²n·sinh(kΔx)/k is what the linear part of the flow turns into the exact
// Ornstein–Uhlenbeck variance σ²n(1−e^(−2kΔx))/(2k), so with the cubic left
// out each chunk is an exact OU sample; the cubic (rate ≤ 1/τ, i.e. ≤ 1/k
// of the linear rate) adds a weak splitting error of order Δx·|f'|·Var ≈
// 1e-3 relative in the variance. The half flows between increments are
// exact in their linear part and second order in the cubic (lawson2: a
// drift error below lawson2Drift = 5e-5 per unit of scaled time, under
// 2e-5 of the noise's spread over any stretch up to τ).
// Below θd only f acts (no noise); ρ = 0, ρ* and 1 are exact fixed points and
// stay put. ρ is not clipped to [0, 1]: neither the Brian2 example nor the
// reference simulation clips it; noise-free, ρ stays in [0, 1] (tested).
//
// To step many synapses with one parameter set, EvolveAll saves deriving the
// step's constants for each.
func (p GB) Evolve(s *GBState, dt float64, rng *rand.Rand) {
	st := p.stepper(p.Tau*cubicStepFrac, false)
	st.evolve(s, dt, rng)
}

// EvolveAll is Evolve(&s[i], dt, rng) for i = 0, 1, … in this order (so
// with the same random draws and the same result), with the constants of
// the step derived once.
func (p GB) EvolveAll(s []GBState, dt float64, rng *rand.Rand) {
	st := p.stepper(p.Tau*cubicStepFrac, true)
	for i := range s {
		st.evolve(&s[i], dt, rng)
	}
}

// evolve is Evolve with the internal step bound hmax [ms] (for tests).
func (p *GB) evolve(s *GBState, dt float64, rng *rand.Rand, hmax float64) {
	st := p.stepper(hmax, false)
	st.evolve(s, dt, rng)
}

// Simulate runs one synapse from state s at time 0 to time end [ms] under
// presynaptic spikes pre and postsynaptic spikes post (sorted times [ms]).
// Presynaptic jumps Cpre land at t + D, postsynaptic jumps Cpost at t; jumps
// after end are ignored, jumps before 0 act at time 0, and simultaneous jumps
// are summed before ρ evolves. It panics if a spike list is not sorted.
func (p GB) Simulate(pre, post []float64, end float64, s GBState, rng *rand.Rand) GBState {
	st := p.stepper(p.Tau*cubicStepFrac, true)
	t := 0.0
	i, j := 0, 0
	inf := math.Inf(1)
	for {
		tp, tq := inf, inf
		if i < len(pre) {
			if i > 0 && pre[i] < pre[i-1] {
				panic("rule: GB.Simulate: pre spike times not sorted")
			}
			tp = pre[i] + p.D
		}
		if j < len(post) {
			if j > 0 && post[j] < post[j-1] {
				panic("rule: GB.Simulate: post spike times not sorted")
			}
			tq = post[j]
		}
		te := min(tp, tq)
		if te > end {
			break
		}
		if te > t {
			st.evolve(&s, te-t, rng)
			t = te
		}
		if tp <= tq {
			s.C += p.CPre
			i++
		} else {
			s.C += p.CPost
			j++
		}
	}
	st.evolve(&s, end-t, rng)
	return s
}

// runPairs simulates the periodic pairing protocol without allocating: pre
// spikes at t0 + k/rate (k = 0 … pairs−1), their jumps at that time + D,
// post spikes at t0 + k/rate + dt; the run ends at t0 + pairs/rate. Events
// before 0 act at 0. It returns the final state.
func (p GB) runPairs(s GBState, dt float64, pairs int, rate, t0 float64, rng *rand.Rand) GBState {
	end := t0 + float64(pairs)/rate
	st := p.stepper(p.Tau*cubicStepFrac, true)
	t := 0.0
	i, j := 0, 0
	inf := math.Inf(1)
	for {
		tp, tq := inf, inf
		if i < pairs {
			tp = t0 + float64(i)/rate + p.D
		}
		if j < pairs {
			tq = t0 + float64(j)/rate + dt
		}
		te := min(tp, tq)
		if te > end {
			break
		}
		if te > t {
			st.evolve(&s, te-t, rng)
			t = te
		}
		if tp <= tq {
			s.C += p.CPre
			i++
		} else {
			s.C += p.CPost
			j++
		}
	}
	st.evolve(&s, end-t, rng)
	return s
}
