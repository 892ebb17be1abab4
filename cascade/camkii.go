package cascade

// CaMKII is the reduced Zhabotinsky (2000) / Graupner & Brunel (2007)
// CaMKII switch: the concentration of T286-phosphorylated subunits Kp out of
// a total S, in a mean-field holoenzyme ring.
//
//	γ = h(Ca; K, N)                          CaM occupancy of a subunit
//	x = Kp / S                               fraction of phosphorylated subunits
//	v_phos   = (S − Kp)·(KInit·γ² + KAuto·γ·x)
//	v_dephos = KCat·PP1·Kp / (KM + Kp)       saturated PP1 (Zhabotinsky)
//
// Initiation needs two neighbouring CaM-bound subunits (γ², GB 2007 k6);
// intersubunit autophosphorylation needs a phosphorylated neighbour (∝ x)
// and a CaM-bound substrate (γ), GB 2007 k7. Because S ≫ KM, PP1 saturates
// in the UP state and the phosphorylated state is self-sustaining at rest
// (Zhabotinsky 2000; Miller et al. 2005). GB 2007 rates: KInit = KAuto =
// 6 /s [V-code: slebastard/STDP_Pheno_CalciumSynapticPlasticity
// FullDynamics_GB2007.m, k6 = k7 = 6]; KM = 0.4 µM [same file and
// Zhabotinsky via camk2ss.m]. S = 20 µM, Zhabotinsky's P0 (camk2ss.m).
// K, N and KCat are fitted here (TestCaMKIIBistable): see
// docs/cascade-model.md.
type CaMKII struct {
	Total float64 // S, CaMKII subunits [µM]; 20, Zhabotinsky 2000 P0
	K     float64 // Ca²⁺ for half CaM occupancy of a subunit [µM]; fitted here (TestCaMKIIBistable)
	N     float64 // Hill coefficient of that occupancy [1]; fitted here (TestCaMKIIBistable)
	KInit float64 // initiation rate [1/ms]; 6 /s, GB 2007 k6
	KAuto float64 // intersubunit autophosphorylation [1/ms]; 6 /s, GB 2007 k7
	KCat  float64 // PP1 catalytic rate on T286 [1/ms]; fitted here (TestCaMKIIBistable)
	KM    float64 // PP1 Michaelis constant for T286-P [µM]; 0.4, Zhabotinsky 2000 / GB 2007
}

// phos is the T286 phosphorylation flux [µM/ms] for unphosphorylated u and
// phosphorylated p subunits at Ca²⁺ ca.
func (c CaMKII) phos(u, p, ca float64) float64 {
	g := Hill(ca, c.K, c.N)
	return u * (c.KInit*g*g + c.KAuto*g*p/c.Total)
}

// dephos is the PP1 dephosphorylation flux [µM/ms] at active PP1 pp1 [µM].
func (c CaMKII) dephos(p, pp1 float64) float64 {
	if p <= 0 {
		return 0
	}
	return c.KCat * pp1 * p / (c.KM + p)
}
