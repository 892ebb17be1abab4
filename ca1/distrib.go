package ca1

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/units"
)

// Synapses are the distributions from which each modelled synapse's
// geometry, release and receptors are drawn (docs/population-model.md §2).
//
//   - Spine head volume V: log-normal. CA1 stratum radiatum spine heads span
//     about 0.01–0.3 µm³ (Harris & Stevens 1989 J Neurosci 9:2982 [M];
//     Bartol et al. 2015 eLife 4:e10778, a continuum of sizes, 26
//     distinguishable [V-abs]); σ = 0.7 covers a 30-fold range with ±2.5σ.
//     The median is the single-spine tier's 0.087 fL (GluSynapse), to which
//     package spine's VGCC density and package cascade were calibrated [A];
//     EM means in CA1 are lower, 0.03 µm³ in one reconstruction (Kinney/
//     Bartol CA1 apical dendrite, PMC4595661 Fig. 4 legend [V-abs]).
//   - Neck length and diameter: log-normal, independent of the head (neck
//     dimensions are not correlated with head volume or PSD area, Harris &
//     Stevens 1989 [V-abs]); medians are the spine tier's 1 µm and 0.1 µm,
//     within the 0.1–2 µm and 0.04–0.5 µm ranges [M].
//   - Docked vesicles n ∝ V, mean 10 (Schikorski & Stevens 1997 J Neurosci
//     17:5858: ~10 docked vesicles per active zone, one active zone per
//     bouton, active zone, PSD and vesicle numbers highly correlated
//     [V-abs]; head volume ∝ PSD area, Harris & Stevens 1989 [V-abs]).
//     Perfect proportionality is an assumption [A]. Pr then follows from
//     Release (Pr grows with the readily releasable pool, Dobrunz & Stevens
//     1997 [V-abs]; a continuous distribution with many low-Pr synapses,
//     Murthy et al. 1997 [V-abs]).
//   - AMPA receptors ∝ V: a full release at the resting receptor count
//     opens GAMPA·V/VRef nS (AMPA current ∝ head volume, up to 150
//     receptors in mushroom spines, few in thin spines: Matsuzaki et al.
//     2001 Nat Neurosci 4:1086 [V-abs]; Nusser et al. 1998 [M]).
//   - NMDA receptors independent of V: GNMDA nS for every synapse
//     (uncaging-evoked NMDA-R currents independent of spine size, Sobczyk,
//     Scheuss & Svoboda 2005 J Neurosci 25:6037 [V-abs]; the number opening
//     does not scale with spine volume, Nimchinsky et al. 2004 J Neurosci
//     24:2054 [V-abs]), so small spines see larger Ca²⁺ transients, as
//     measured there.
type Synapses struct {
	VMedian float64 // median spine head volume [fL]; 0.087 [A], see above
	VSigma  float64 // σ of ln V [1]; 0.7, Harris & Stevens 1989 / Bartol et al. 2015 ranges [M]
	LMedian float64 // median neck length [µm]; 1, Harris & Stevens 1989 [M]
	LSigma  float64 // σ of ln neck length [1]; 0.5 [A] (0.1–2 µm range)
	DMedian float64 // median neck diameter [µm]; 0.1, Harris & Stevens 1989 [M]
	DSigma  float64 // σ of ln neck diameter [1]; 0.35 [A] (0.04–0.5 µm range)
	Docked  float64 // mean docked vesicles per bouton [1]; 10, Schikorski & Stevens 1997 [V-abs]
	GAMPA   float64 // AMPA conductance of a full release at VRef and the resting receptor count [nS]; 1, GluSynapse gmax0_AMPA (spine.AMPA N·γ)
	VRef    float64 // head volume at which GAMPA holds [fL]; 0.087, the spine tier's
	GNMDA   float64 // NMDA conductance of a full release [nS]; 0.55, GluSynapse gmax_NMDA (spine.NMDA.G)
}

// DefaultSynapses returns the distributions above.
func DefaultSynapses() Synapses {
	return Synapses{VMedian: 0.087, VSigma: 0.7, LMedian: 1, LSigma: 0.5, DMedian: 0.1, DSigma: 0.35,
		Docked: 10, GAMPA: 1, VRef: 0.087, GNMDA: 0.55}
}

// Validate checks the parameters.
func (s Synapses) Validate() error {
	for _, c := range []struct {
		n string
		v float64
	}{{"VMedian", s.VMedian}, {"LMedian", s.LMedian}, {"DMedian", s.DMedian}, {"Docked", s.Docked}, {"VRef", s.VRef}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("ca1: Synapses.%s = %g: must be > 0 and finite", c.n, c.v)
		}
	}
	for _, c := range []struct {
		n string
		v float64
	}{{"VSigma", s.VSigma}, {"LSigma", s.LSigma}, {"DSigma", s.DSigma}, {"GAMPA", s.GAMPA}, {"GNMDA", s.GNMDA}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("ca1: Synapses.%s = %g: must be >= 0 and finite", c.n, c.v)
		}
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (s *Synapses) Fields() []units.Field {
	return []units.Field{
		{Name: "v_median", Dim: units.Volume, Value: &s.VMedian, Doc: "median spine head volume; 0.087 fL (the spine tier's; assumption)"},
		{Name: "v_sigma", Dim: units.Dimensionless, Value: &s.VSigma, Doc: "sigma of ln head volume; 0.7, Harris & Stevens 1989, Bartol et al. 2015 ranges [M]"},
		{Name: "neck_l_median", Dim: units.Length, Value: &s.LMedian, Doc: "median neck length; 1 um, Harris & Stevens 1989 [M]"},
		{Name: "neck_l_sigma", Dim: units.Dimensionless, Value: &s.LSigma, Doc: "sigma of ln neck length; 0.5 (assumption)"},
		{Name: "neck_d_median", Dim: units.Length, Value: &s.DMedian, Doc: "median neck diameter; 0.1 um, Harris & Stevens 1989 [M]"},
		{Name: "neck_d_sigma", Dim: units.Dimensionless, Value: &s.DSigma, Doc: "sigma of ln neck diameter; 0.35 (assumption)"},
		{Name: "docked", Dim: units.Dimensionless, Value: &s.Docked, Doc: "mean docked vesicles per bouton; 10, Schikorski & Stevens 1997"},
		{Name: "g_ampa", Dim: units.Conductance, Value: &s.GAMPA, Doc: "AMPA conductance of a full release at v_ref; 1 nS, GluSynapse"},
		{Name: "v_ref", Dim: units.Volume, Value: &s.VRef, Doc: "head volume at which g_ampa holds; 0.087 fL"},
		{Name: "g_nmda", Dim: units.Conductance, Value: &s.GNMDA, Doc: "NMDA conductance of a full release, independent of head volume (Sobczyk et al. 2005); 0.55 nS, GluSynapse"},
	}
}

// Synapse is one modelled synapse: its geometry and presynaptic and
// receptor constants, and the share of the recruited population it stands
// for.
type Synapse struct {
	HeadVolume float64 // [fL]
	NeckLength float64 // [µm]
	NeckDiam   float64 // [µm]
	Docked     float64 // docked vesicles [1]
	GAMPA      float64 // AMPA conductance of a full release at the resting receptor count [nS]
	GNMDA      float64 // NMDA conductance of a full release [nS]
	Share      float64 // fraction of the recruited synapses it stands for [1]; shares sum to 1
}

// meanV is E[V] of the log-normal.
func (s Synapses) meanV() float64 { return s.VMedian * math.Exp(s.VSigma*s.VSigma/2) }

// synapse returns the synapse at standard normal deviates zv, zl, zd.
func (s Synapses) synapse(zv, zl, zd, share float64) Synapse {
	v := s.VMedian * math.Exp(s.VSigma*zv)
	return Synapse{HeadVolume: v, NeckLength: s.LMedian * math.Exp(s.LSigma*zl), NeckDiam: s.DMedian * math.Exp(s.DSigma*zd),
		Docked: s.Docked * v / s.meanV(), GAMPA: s.GAMPA * v / s.VRef, GNMDA: s.GNMDA, Share: share}
}

// Sample draws n synapses (share 1/n each) by Latin hypercube sampling:
// each of ln V, ln L, ln d is stratified into n equal-probability bins, one
// draw uniform within each bin, the bins of the three variables paired by
// independent random permutations. Every synapse is a draw from the
// distributions; the population's spread of volumes is that of the
// distribution for every seed, which lowers the variance between seeds.
func (s Synapses) Sample(n int, rng *rand.Rand) []Synapse {
	out := make([]Synapse, n)
	var z [3][]float64
	for d := range z {
		z[d] = make([]float64, n)
		perm := rng.Perm(n)
		for i := range n {
			z[d][i] = normQuantile((float64(perm[i]) + rng.Float64()) / float64(n))
		}
	}
	for i := range out {
		out[i] = s.synapse(z[0][i], z[1][i], z[2][i], 1/float64(n))
	}
	return out
}

// Classes returns the deterministic quadrature: a kv × kr tensor product of
// strata (see strata) in ln V and in ln R_neck, the neck's axial resistance
// (∝ L/d², so ln R is normal with σ_R² = σ_L² + 4σ_d²; the neck acts on
// the cable only through R, its membrane being < 1% of the head's). Each
// stratum of ln V is represented by its mean volume E[V | stratum] (see
// volumeStrata), so the classes' share-weighted volume, docked vesicles and
// AMPA conductance are the distribution's means; each stratum of ln R by its
// conditional mean of ln R. A class's share is the product of its strata's
// probabilities. Strata rather than Gauss–Hermite
// nodes because a synapse's outcome is a threshold-like function of its
// volume (small spines potentiate, large ones depress): Gauss–Hermite
// oscillates on such integrands (TestQuadratureConvergence).
// Each class has the median neck diameter and the length that gives its R.
func (s Synapses) Classes(kv, kr int) []Synapse {
	xv, wv := volumeStrata(kv, s.VSigma)
	xr, wr := strata(kr)
	sr := math.Sqrt(s.LSigma*s.LSigma + 4*s.DSigma*s.DSigma)
	var out []Synapse
	for i := range xv {
		for j := range xr {
			syn := s.synapse(xv[i], 0, 0, wv[i]*wr[j])
			syn.NeckLength = s.LMedian * math.Exp(sr*xr[j])
			out = append(out, syn)
		}
	}
	return out
}

// strata returns k bins of a standard normal variable, equal in width
// over ±stratZ with the tails beyond in the end bins, each represented by
// its conditional mean (φ(a) − φ(b))/(Φ(b) − Φ(a)) with weight Φ(b) − Φ(a).
// Equal widths resolve the tails, which carry the large synapses (their
// release and receptors both grow with V) and the small ones (the largest
// Ca²⁺); equal-probability bins lumped each tail into one class and
// underestimated the population's paired-pulse ratio's tail weighting.
func strata(k int) (x, w []float64) {
	x, w = make([]float64, k), make([]float64, k)
	if k == 1 {
		w[0] = 1
		return
	}
	phi := func(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }
	for i := range k {
		a, b := binEdge(i, k), binEdge(i+1, k)
		w[i] = normCDF(b) - normCDF(a)
		x[i] = (phi(a) - phi(b)) / w[i]
	}
	return x, w
}

// volumeStrata returns strata's bins of z = ln(V/V_med)/σ, each represented
// by the z whose volume is the stratum's mean volume,
// E[e^{σz} | a < z < b] = e^{σ²/2}·(Φ(b − σ) − Φ(a − σ))/(Φ(b) − Φ(a)),
// instead of by e^{σ·E[z | stratum]}, which falls short of it by Jensen's
// inequality (by 1.3–3.8% of the volume at σ 0.7 over 6 strata). Docked
// vesicles and AMPA conductance are proportional to V, so each stratum's
// mean of them is then exact (docs/ca1-decoder.md §32, round 13).
func volumeStrata(k int, sigma float64) (x, w []float64) {
	x, w = strata(k)
	if sigma <= 0 {
		return x, w
	}
	for i := range k {
		a, b := binEdge(i, k), binEdge(i+1, k)
		x[i] = (sigma*sigma/2 + math.Log((normCDF(b-sigma)-normCDF(a-sigma))/w[i])) / sigma
	}
	return x, w
}

// binEdge is the lower edge of strata's bin i of k (−∞ for i 0, +∞ for i k).
func binEdge(i, k int) float64 {
	switch i {
	case 0:
		return math.Inf(-1)
	case k:
		return math.Inf(1)
	}
	return -stratZ + 2*stratZ*float64(i)/float64(k)
}

// stratZ bounds the equal-width strata [standard deviations].
const stratZ = 2.5

// normCDF is Φ(z), the standard normal distribution function (±Inf give 0
// and 1).
func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// normQuantile is Φ⁻¹(p) (±Inf at 0 and 1), by bisection on math.Erf.
func normQuantile(p float64) float64 {
	switch {
	case p <= 0:
		return math.Inf(-1)
	case p >= 1:
		return math.Inf(1)
	}
	lo, hi := -40.0, 40.0
	for range 200 {
		m := 0.5 * (lo + hi)
		if normCDF(m) < p {
			lo = m
		} else {
			hi = m
		}
	}
	return 0.5 * (lo + hi)
}

// gaussHermite returns the nodes and weights of the k-point Gauss–Hermite
// rule for the standard normal density (probabilists'), weights summing to
// 1: Golub–Welsch by Newton iteration on the orthonormal recurrence.
func gaussHermite(k int) (x, w []float64) {
	x, w = make([]float64, k), make([]float64, k)
	if k == 1 {
		w[0] = 1
		return
	}
	// Physicists' nodes by Newton (Numerical Recipes gauher), then scale.
	const eps = 1e-14
	m := (k + 1) / 2
	var z float64
	pim4 := math.Pow(math.Pi, -0.25)
	for i := 0; i < m; i++ {
		switch i {
		case 0:
			z = math.Sqrt(float64(2*k+1)) - 1.85575*math.Pow(float64(2*k+1), -0.16667)
		case 1:
			z -= 1.14 * math.Pow(float64(k), 0.426) / z
		case 2:
			z = 1.86*z - 0.86*x[0]
		case 3:
			z = 1.91*z - 0.91*x[1]
		default:
			z = 2*z - x[i-2]
		}
		var pp float64
		for it := 0; it < 100; it++ {
			p1, p2 := pim4, 0.0
			for j := 1; j <= k; j++ {
				p3 := p2
				p2 = p1
				p1 = z*math.Sqrt(2/float64(j))*p2 - math.Sqrt(float64(j-1)/float64(j))*p3
			}
			pp = math.Sqrt(2*float64(k)) * p2
			z1 := z
			z = z1 - p1/pp
			if math.Abs(z-z1) <= eps {
				break
			}
		}
		x[i], x[k-1-i] = z, -z
		w[i] = 2 / (pp * pp)
		w[k-1-i] = w[i]
	}
	// x here are physicists' nodes (weight e^{−x²}); stored descending.
	for i := range x {
		x[i] *= math.Sqrt2
		w[i] /= math.Sqrt(math.Pi)
	}
	// ascending order
	for i, j := 0, k-1; i < j; i, j = i+1, j-1 {
		x[i], x[j] = x[j], x[i]
		w[i], w[j] = w[j], w[i]
	}
	return x, w
}
