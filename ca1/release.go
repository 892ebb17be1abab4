package ca1

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// Release is presynaptic release at the population's Schaffer-collateral
// boutons: one release site (active zone) per bouton with univesicular
// release, the facilitation and refilling of Dittman, Kreitzer & Regehr
// (2000) J Neurosci 20:1374, vesicle retrieval gated by the clathrin/dynamin
// machinery as in package spine (spine.Release), a slow residual-Ca²⁺
// facilitation for frequency facilitation, and a Dodge–Rahamimoff
// dependence on [Ca²⁺]o and [Mg²⁺]o.
//
// Per bouton i, with n_i docked vesicles, each fusing with probability p_v
// on a spike, at least one vesicle fuses (univesicular: the site releases
// one quantum) with probability
//
//	F1_i = 1 − exp(−m_i),  m_i = PV·n_i·g(Ca, Mg)·(1 + AS·X_S/(1 + X_S/KS))
//
// (1 − (1 − p_v)^n in the Poisson limit), so Pr grows with the readily
// releasable pool (Dobrunz & Stevens 1997 Neuron 18:995 [V-abs]) and its
// increment with [Ca²⁺]o depends on the initial Pr (Murthy, Sejnowski &
// Stevens 1997 Neuron 18:599 [V-abs]). The Dodge & Rahamimoff (1967)
// J Physiol 193:419 factor is
//
//	g(Ca, Mg) = s(Ca, Mg)/s(CaRef, MgRef),  s = (Ca/(1 + Ca/KCa + Mg/KMg))^NCoop.
//
// Facilitation and refilling (Dittman et al. 2000, with F1 per bouton and
// the facilitation affinity KF shared):
//
//	P_i = F1_i + (1 − F1_i)/(1 + KF/X_F)        (X_F just before the spike)
//	k_rec = k0 + (kmax − k0)·X_D/(X_D + KD)
//	dX_F/dt = −X_F/τF, dX_D/dt = −X_D/τD, dX_S/dt = −X_S/τS, each +1 per spike.
//
// X_F, X_D and X_S are the same at every bouton (every fibre fires at each
// stimulus), so k_rec(t) and the clearance rate k_clear are common: the mean
// ready fraction D and occupied fraction C of every bouton obey one linear
// system between spikes (Propagate), and in the stochastic mode each site is
// the three-state chain of spine.Release (ready, occupied, empty) sampled
// exactly from its hazards.
type Release struct {
	// Dodge & Rahamimoff.
	NCoop float64 // cooperativity n [1]; 4, Dodge & Rahamimoff 1967 (log-log slope 3.78 ± 0.2, 28 junctions; Mg²⁺ lowers release without changing the slope [V-abs: PubMed 6065887]); the hippocampal model of Reid, Bekkers & Clements 1998 J Neurosci 18:2849 uses 4 [V-abs]
	KCa   float64 // Ca²⁺ dissociation constant of the release sensor [µM]; 1 mM, Dodge & Rahamimoff 1967 (frog NMJ, order of their estimate) [M]
	KMg   float64 // Mg²⁺ competitive constant [µM]; 3 mM, Dodge & Rahamimoff 1967 [M]
	CaRef float64 // [Ca²⁺]o at which PV holds [µM]; 2 mM, spine.Calcium.CaO (GluSynapse cao_CR)
	MgRef float64 // [Mg²⁺]o at which PV holds [µM]; 1 mM, spine.NMDA.Mg (GluSynapse mgo_NMDA)
	PV    float64 // fusion probability per docked vesicle per spike at the reference bath [1]; fitted here: the AMPA-weighted mean Pr of the population = Dittman's F1 = 0.24 (TestReleaseFit)

	// Dittman, Kreitzer & Regehr 2000, Table 2 (Schaffer collateral), docs/sources.md §7 [V-code].
	KF   float64 // facilitation affinity of X_F [1]; fitted here: the population's paired-pulse ratio at vanishing interval = Dittman's ρ = 2.2 (TestReleaseFit)
	TauF float64 // τF, decay of X_F [ms]; 100
	TauD float64 // τD, decay of X_D [ms]; 50
	K0   float64 // k0, Ca-independent refilling [1/ms]; 2/s
	KMax float64 // kmax, maximal refilling [1/ms]; 30/s
	KD   float64 // KD, X_D affinity of refilling [1]; 2

	// Slow facilitation (frequency facilitation).
	TauS float64 // τS, decay of the slow residual-Ca²⁺ state X_S [ms]; 5 s [A]: frequency facilitation starts above 0.1 Hz (Salin et al. 1996 PNAS 93:13304 [V-abs]), so X_S must have mostly decayed after 10 s (e^{−2}) and accumulate at 0.5–1 Hz
	AS   float64 // gain of the fusion drive per unit X_S at small X_S [1]; fitted here: release at the 20th pulse of a 1 Hz train = 125% of the first (Salin et al. 1996 A/C, docs/sources.md S2) (TestReleaseFit)
	KS   float64 // saturation of the slow facilitation [1] (units of ΔS = 1): the drive grows as X_S/(1 + X_S/KS), half-saturated at X_S = KS; 2 [A]: Salin et al. 1996 describe A/C frequency facilitation as reaching about 125% (a plateau), reached near 0.5 Hz (X_S = 2), so that faster trains do not extrapolate it (a linear drive gave ×2.2 at 3 Hz)

	// Retrieval, as spine.Release (docs/spine-model.md §2).
	KRetrieval float64 // dynamin-dependent clearance at Endo.Pre = 1 [1/ms]; 1 [A], ≫ kmax
	KSlow      float64 // dynamin-independent clearance [1/ms]; 2/s [A] = k0
}

// Fitted constants of Release (TestReleaseFit recomputes them and fails if
// they drift by more than 1%).
const (
	fitPV = 0.018235
	fitKF = 0.68042
	fitAS = 0.28216
)

// DefaultRelease returns the values above.
func DefaultRelease() Release {
	return Release{
		NCoop: 4, KCa: 1 * units.Millimolar, KMg: 3 * units.Millimolar,
		CaRef: 2 * units.Millimolar, MgRef: 1 * units.Millimolar, PV: fitPV,
		KF: fitKF, TauF: 100, TauD: 50, K0: 2 * units.Hz, KMax: 30 * units.Hz, KD: 2,
		TauS: 5 * units.Second, AS: fitAS, KS: 2,
		KRetrieval: 1, KSlow: 2 * units.Hz,
	}
}

// Validate checks the parameters.
func (r Release) Validate() error {
	for _, c := range []struct {
		n, u string
		v    float64
	}{{"NCoop", "", r.NCoop}, {"KCa", "µM", r.KCa}, {"KMg", "µM", r.KMg}, {"CaRef", "µM", r.CaRef}, {"MgRef", "µM", r.MgRef},
		{"PV", "", r.PV}, {"KF", "", r.KF}, {"TauF", "ms", r.TauF}, {"TauD", "ms", r.TauD}, {"KMax", "1/ms", r.KMax},
		{"KD", "", r.KD}, {"TauS", "ms", r.TauS}, {"KS", "", r.KS}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("ca1: Release.%s = %g %s: must be > 0 and finite", c.n, c.v, c.u)
		}
	}
	if !(r.PV < 1) {
		return fmt.Errorf("ca1: Release.PV = %g: must be < 1", r.PV)
	}
	for _, c := range []struct {
		n string
		v float64
	}{{"AS", r.AS}, {"KRetrieval", r.KRetrieval}, {"KSlow", r.KSlow}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("ca1: Release.%s = %g: must be >= 0 and finite", c.n, c.v)
		}
	}
	if !(r.K0 >= 0 && r.K0 <= r.KMax) {
		return fmt.Errorf("ca1: Release.K0 = %g 1/ms: must be in [0, KMax = %g]", r.K0, r.KMax)
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (r *Release) Fields() []units.Field {
	return []units.Field{
		{Name: "dr_n", Dim: units.Dimensionless, Value: &r.NCoop, Doc: "Dodge-Rahamimoff cooperativity; 4, Dodge & Rahamimoff 1967 (slope 3.78 +- 0.2)"},
		{Name: "dr_kca", Dim: units.Concentration, Value: &r.KCa, Doc: "Ca2+ constant of the release sensor; 1 mM, Dodge & Rahamimoff 1967 [M]"},
		{Name: "dr_kmg", Dim: units.Concentration, Value: &r.KMg, Doc: "Mg2+ competitive constant; 3 mM, Dodge & Rahamimoff 1967 [M]"},
		{Name: "dr_ca_ref", Dim: units.Concentration, Value: &r.CaRef, Doc: "[Ca]o at which pv holds; 2 mM"},
		{Name: "dr_mg_ref", Dim: units.Concentration, Value: &r.MgRef, Doc: "[Mg]o at which pv holds; 1 mM"},
		{Name: "pv", Dim: units.Dimensionless, Value: &r.PV, Doc: "fusion probability per docked vesicle at the reference bath; fitted: weighted mean Pr = Dittman F1 0.24 (TestReleaseFit)"},
		{Name: "kf", Dim: units.Dimensionless, Value: &r.KF, Doc: "facilitation affinity; fitted: population PPR at 0 interval = Dittman rho 2.2 (TestReleaseFit)"},
		{Name: "tau_f", Dim: units.Time, Value: &r.TauF, Doc: "facilitation decay; 100 ms, Dittman et al. 2000"},
		{Name: "tau_d", Dim: units.Time, Value: &r.TauD, Doc: "refilling-signal decay; 50 ms, Dittman et al. 2000"},
		{Name: "k0", Dim: units.Frequency, Value: &r.K0, Doc: "Ca-independent refilling; 2/s, Dittman et al. 2000"},
		{Name: "kmax", Dim: units.Frequency, Value: &r.KMax, Doc: "maximal refilling; 30/s, Dittman et al. 2000"},
		{Name: "kd", Dim: units.Dimensionless, Value: &r.KD, Doc: "refilling affinity; 2, Dittman et al. 2000"},
		{Name: "tau_s", Dim: units.Time, Value: &r.TauS, Doc: "slow facilitation decay; 5 s (assumption: small at 0.1 Hz, Salin et al. 1996)"},
		{Name: "a_s", Dim: units.Dimensionless, Value: &r.AS, Doc: "slow facilitation gain; fitted: 125% at the 20th pulse of 1 Hz (Salin et al. 1996) (TestReleaseFit)"},
		{Name: "k_s", Dim: units.Dimensionless, Value: &r.KS, Doc: "slow facilitation saturation (units of one spike's increment); 2 (assumption: Salin's 125% is a plateau)"},
		{Name: "k_retrieval", Dim: units.Frequency, Value: &r.KRetrieval, Doc: "dynamin-dependent release-site clearance; 1/ms (assumption, >> kmax)"},
		{Name: "k_slow", Dim: units.Frequency, Value: &r.KSlow, Doc: "dynamin-independent clearance; 2/s (assumption, = k0)"},
	}
}

// Bath is the fraction g(Ca, Mg) of the fusion drive at the reference bath.
func (r Release) Bath(ca, mg float64) float64 { return r.dr(ca, mg) / r.dr(r.CaRef, r.MgRef) }

func (r Release) dr(ca, mg float64) float64 {
	return math.Pow(ca/(1+ca/r.KCa+mg/r.KMg), r.NCoop)
}

// F1 is the release probability of a ready bouton with docked vesicles n
// at bath factor g and slow facilitation state xs (before the spike).
func (r Release) F1(n, g, xs float64) float64 {
	return -math.Expm1(-r.PV * n * g * (1 + r.AS*xs/(1+xs/r.KS)))
}

// Prob is the release probability of a ready bouton whose F1 is f1 when
// the facilitation state just before the spike is xf.
func (r Release) Prob(f1, xf float64) float64 {
	if xf <= 0 {
		return f1
	}
	return f1 + (1-f1)/(1+r.KF/xf)
}

// KClear is the clearance rate of an occupied site [1/ms] at retrieval level endoPre.
func (r Release) KClear(endoPre float64) float64 { return r.KRetrieval*endoPre + r.KSlow }

// spineRelease is the refilling part as a spine.Release, for its exact
// hazard (spine.Release.Hazard, KRec).
func (r Release) spineRelease() spine.Release {
	s := spine.DittmanSC()
	s.TauD, s.K0, s.KMax, s.KD = r.TauD, r.K0, r.KMax, r.KD
	return s
}

// Terminal is the state common to every bouton: the residual-Ca²⁺ states
// just after the last spike and its time.
type Terminal struct {
	XF, XD, XS float64 // at time Last, after the spike's increments
	Last       float64 // time of the last spike [ms]; −Inf before the first
}

// At returns the residual states at time t ≥ Last.
func (r Release) At(tm Terminal, t float64) (xf, xd, xs float64) {
	if math.IsInf(tm.Last, -1) {
		return 0, 0, 0
	}
	d := t - tm.Last
	return tm.XF * math.Exp(-d/r.TauF), tm.XD * math.Exp(-d/r.TauD), tm.XS * math.Exp(-d/r.TauS)
}

// Propagator is the affine map of every bouton's mean (D, C) over an
// interval between spikes, the same for all boutons:
//
//	C(t) = C0·e^{−k_c·d},   E = 1 − D − C,  dE/dt = k_c·C − k_rec(t)·E,
//	E(t) = e^{−Λ}·E0 + C0·∫₀^d k_c e^{−k_c s} e^{−(Λ(d) − Λ(s))} ds
//
// so D(t) = 1 − C(t) − E(t) = DD·D0 + DC·C0 + D1 and C(t) = CC·C0, with
// Λ the refilling hazard (spine.Release.Hazard). The integral is computed
// by Gauss–Legendre quadrature on geometrically growing panels, accurate
// to ~1e-10 (TestPropagatorMatchesODE).
type Propagator struct{ DD, DC, D1, CC float64 }

// Apply maps (d, c) over the interval.
func (p Propagator) Apply(d, c float64) (float64, float64) {
	return p.DD*d + p.DC*c + p.D1, p.CC * c
}

// Propagate returns the propagator over [t0, t0 + dur] when X_D(t0) = xd
// and the clearance rate is kc.
func (r Release) Propagate(xd, dur, kc float64) Propagator {
	if dur <= 0 {
		return Propagator{DD: 1, CC: 1}
	}
	sr := r.spineRelease()
	lam := sr.Hazard(xd, dur)
	eL := math.Exp(-lam)
	cc := math.Exp(-kc * dur)
	// E(t) = eL·E0 + C0·I, I = ∫₀^d kc e^{−kc s} e^{−(Λ(d) − Λ(s))} ds.
	var I float64
	if kc > 0 {
		// Beyond s* the weight kc·e^{−kc s} is below e^{−40}. Panels grow
		// geometrically from δ, below every time scale of the integrand
		// (1/kc, τD, 1/kmax), so GL8 on each is exact to rounding.
		sMax := math.Min(dur, 40/kc)
		delta := math.Min(sMax, math.Min(1/kc, math.Min(r.TauD, 1/r.KMax))) / 4
		a := 0.0
		for b := delta; a < sMax; b *= 2 {
			b = math.Min(b, sMax)
			for q := range gl8x {
				s := a + 0.5*(b-a)*(1+gl8x[q])
				// Λ(d) − Λ(s) = Hazard over [s, d] starting from X_D(s).
				ls := sr.Hazard(xd*math.Exp(-s/r.TauD), dur-s)
				I += 0.5 * (b - a) * gl8w[q] * kc * math.Exp(-kc*s-ls)
			}
			a = b
		}
	}
	// D = 1 − C − E with E0 = 1 − D0 − C0:
	// D(t) = 1 − cc·C0 − eL·(1 − D0 − C0) − I·C0.
	return Propagator{DD: eL, DC: eL - cc - I, D1: 1 - eL, CC: cc}
}

// Gauss–Legendre nodes and weights on [−1, 1], 8 points.
var (
	gl8x = [8]float64{-0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
		0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363}
	gl8w = [8]float64{0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
		0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763}
)

// Site states of a stochastic bouton.
const (
	siteReady uint8 = iota
	siteOccupied
	siteEmpty
)

// recoverSite samples, exactly, the fate of one non-ready site between the
// previous spike (X_D = xd just after it) and d ms later, with clearance
// rate kc: an occupied site clears after an Exp(kc) time and an empty one
// refills with hazard k_rec (as spine.Sites).
func (r Release) recoverSite(st uint8, xd, d, kc float64, rng *rand.Rand) uint8 {
	sr := r.spineRelease()
	switch st {
	case siteEmpty:
		if rng.Float64() < -math.Expm1(-sr.Hazard(xd, d)) {
			return siteReady
		}
	case siteOccupied:
		if kc <= 0 {
			return st
		}
		tc := rng.ExpFloat64() / kc
		if tc >= d {
			return st
		}
		if rng.Float64() < -math.Expm1(-sr.Hazard(xd*math.Exp(-tc/r.TauD), d-tc)) {
			return siteReady
		}
		return siteEmpty
	}
	return st
}

// Train runs a population of boutons alone (no postsynaptic cell) through
// spikes at the sorted times [ms] in the mean-field mode and returns the
// released amount Σ_i w_i·P_i·D_i at each (w: weights, e.g. the AMPA
// conductance of each synapse; n: docked vesicles; g: bath factor). It is
// the reference path for the short-term plasticity rows.
func (r Release) Train(times, n, w []float64, g, endoPre float64) []float64 {
	d := make([]float64, len(n))
	c := make([]float64, len(n))
	for i := range d {
		d[i] = 1
	}
	tm := Terminal{Last: math.Inf(-1)}
	out := make([]float64, len(times))
	kc := r.KClear(endoPre)
	for k, t := range times {
		xf, xd, xs := r.At(tm, t)
		if k > 0 {
			pr := r.Propagate(tm.XD, t-tm.Last, kc)
			for i := range d {
				d[i], c[i] = pr.Apply(d[i], c[i])
			}
		}
		s := 0.0
		for i := range d {
			p := r.Prob(r.F1(n[i], g, xs), xf) * d[i]
			s += w[i] * p
			d[i] -= p
			c[i] += p
		}
		out[k] = s
		tm = Terminal{XF: xf + 1, XD: xd + 1, XS: xs + 1, Last: t}
	}
	return out
}
