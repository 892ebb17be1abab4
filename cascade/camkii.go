package cascade

import "math"

// CaMKII is the reduced Zhabotinsky (2000) / Graupner & Brunel (2007)
// CaMKII switch: the concentration of T286-phosphorylated subunits Kp out of
// a total S, in a mean-field holoenzyme ring.
//
//	γ = h(Ca; K, N)                          CaM occupancy of a subunit
//	x = Kp / S                               fraction of phosphorylated subunits
//	v_phos   = (S − Kp)·(KInit·γ² + KAuto·γ·x)
//	v_dephos = KCat·PP1·Kp/(KM + Kp) + KCat2A·PP2A·Kp/(KM2A + Kp)
//
// Initiation needs two neighbouring CaM-bound subunits (γ², GB 2007 k6);
// intersubunit autophosphorylation needs a phosphorylated neighbour (∝ x)
// and a CaM-bound substrate (γ), GB 2007 k7. Because S ≫ KM, the
// phosphatases saturate in the UP state and the phosphorylated state is
// self-sustaining at rest (Zhabotinsky 2000; Miller et al. 2005). GB 2007
// rates: KInit = KAuto = 6 /s [V-code: slebastard/STDP_Pheno_CalciumSynapticPlasticity
// FullDynamics_GB2007.m, k6 = k7 = 6]; KM = 0.4 µM [same file and
// Zhabotinsky via camk2ss.m]. S = 20 µM, Zhabotinsky's P0 (camk2ss.m).
//
// Two phosphatases remove T286-P. PP1 is inhibited by phospho-inhibitor-1
// and released by calcineurin (pp1.go, inhibitor1.go); PP2A is not
// regulated by inhibitor-1 and is a constant level (pp2a.go). PP2A is the
// main T286 phosphatase of soluble CaMKII and PP1 that of PSD-bound CaMKII
// [M: Strack, Barban, Wadzinski & Colbran 1997 J Neurochem 68:2119];
// Urakubo et al. (2008) include both (PP1Thr286 and PP2AThr286, same Km
// and kcat, PP2A in the cytosol [V-code emer/axon examples/urakubo/camkii.go]).
// PP2A keeps the DOWN state stable when calcineurin is blocked, because
// without calcineurin PP1 stays inhibited (docs/cascade-model.md, "B13").
//
// K, N, KCat and KCat2A are fitted here to the CaMKII window with the
// spine's Ca²⁺ (SpineLikeTrain): bistable at rest (TestCaMKIIBistable);
// 100 Hz × 1 s switches UP and stays UP (M6); 900 × 1 Hz leaves it DOWN,
// also with calcineurin blocked (B13); 900 × 5 Hz leaves it DOWN and
// 900 × 10 Hz UP (B6). KCat2A = 9 /s is the geometric centre of its window
// 7.5–11 /s and KCat = 3.5 /s of its window 2.2–5 /s (TestCaMKIIWindow).
// Why N = 1: docs/cascade-model.md, "The CaMKII window".
type CaMKII struct {
	Total  float64 // S, CaMKII subunits [µM]; 20, Zhabotinsky 2000 P0
	K      float64 // Ca²⁺ for half CaM occupancy of a subunit [µM]; 35, fitted here (CaMKII window)
	N      float64 // Hill coefficient of that occupancy [1]; 1, fitted here (CaMKII window)
	KInit  float64 // initiation rate [1/ms]; 6 /s, GB 2007 k6
	KAuto  float64 // intersubunit autophosphorylation [1/ms]; 6 /s, GB 2007 k7
	KCat   float64 // PP1 catalytic rate on T286 [1/ms]; 3.5 /s, fitted here (CaMKII window)
	KM     float64 // PP1 Michaelis constant for T286-P [µM]; 0.4, Zhabotinsky 2000 / GB 2007
	KCat2A float64 // PP2A catalytic rate on T286 [1/ms]; 9 /s, fitted here (CaMKII window); Urakubo 0.335 /s
	KM2A   float64 // PP2A Michaelis constant for T286-P [µM]; 0.4, assumed = KM (Urakubo: PP1 and PP2A share Km); Urakubo 11
	// Basal is the CaM occupancy of a subunit next to a phosphorylated one
	// at resting Ca²⁺ beyond h(Ca) [1]: autophosphorylation runs at
	// KAuto·(h + Basal)·x. 0 in Default and UrakuboOriginal; CA1: fitted
	// here to the bistability window (UP stable at rest, DOWN stable with
	// 98% of PP1 blocked), TestCA1Bistable.
	Basal float64
	// BasalPSD is Basal for holoenzymes bound to GluN2B at the PSD [1]:
	// autophosphorylation at rest runs at KAuto·(h + Basal + BasalPSD·b)·x,
	// b = CkB/Sites the bound fraction of the PSD's sites (psd.go).
	// GluN2B binding locks CaMKII in an active, Ca²⁺/CaM-independent
	// conformation whatever its phosphorylation state, and traps CaM
	// (Bayer, De Koninck, Leonard, Hell & Schulman 2001 Nature 411:801
	// [V-abs]), so a subunit of a bound holoenzyme keeps the CaM access
	// that T286 autophosphorylation needs at resting Ca²⁺, and a free
	// holoenzyme has none (the resting Ca₄CaM occupancy is ≈ 1e-5). The UP
	// state is then held by its own PSD binding (T286-P CaMKII binds
	// GluN2B without Ca²⁺/CaM, PSD.BindP), and a DOWN state with every T286
	// phosphatase blocked cannot switch itself UP: its growth is ∝ b·x,
	// second order in x. 0 in every set but CA1Quantal (fitted there:
	// the bistability window, TestCA1QuantalBistable).
	BasalPSD float64
}

// phos is the T286 phosphorylation flux [µM/ms] for unphosphorylated u and
// phosphorylated p subunits at Ca²⁺ ca.
// (no PSD-bound CaMKII).
func (c CaMKII) phos(u, p, ca float64) float64 { return c.phosH(u, p, Hill(ca, c.K, c.N), 0) }

// phosH is phos with the CaM occupancy g = h(Ca; K, N) and the PSD-bound
// fraction b of the GluN2B sites given.
func (c CaMKII) phosH(u, p, g, b float64) float64 {
	p = max(p, 0) // rounding can leave a tiny negative Kp: no autocatalysis from it (it would run away)
	return u * (c.KInit*g*g + c.KAuto*(g+c.Basal+c.BasalPSD*max(b, 0))*p/c.Total)
}

// dephosRate is the T286 dephosphorylation rate per phosphorylated subunit
// [1/ms] at Kp = p and active PP1 pp1 and PP2A pp2a [µM]; the flux is
// p·dephosRate.
func (c CaMKII) dephosRate(p, pp1, pp2a float64) float64 {
	p = max(p, 0)
	return c.KCat*pp1/(c.KM+p) + c.KCat2A*pp2a/(c.KM2A+p)
}

// KinaseCa is the Ca²⁺ [µM] above which CaMKII initiation (KInit·γ²)
// outruns T286 dephosphorylation of a nearly unphosphorylated holoenzyme by
// free PP1 pp1 [µM] and the PP2A level: the kinase range begins there. With
// pp1 at its resting value it marks where Ca²⁺ starts to win for the kinase
// (synlab explain, figure marks). +Inf if initiation never wins.
func (p Params) KinaseCa(pp1 float64) float64 {
	d := p.CaMKII.dephosRate(0, p.PP1Scale*pp1, p.PP2AScale*p.PP2A.Level)
	g := math.Sqrt(d / p.CaMKII.KInit)
	if !(g < 1) {
		return math.Inf(1)
	}
	return p.CaMKII.K * math.Pow(g/(1-g), 1/p.CaMKII.N)
}
