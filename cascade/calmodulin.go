package cascade

import "math"

// Hill returns h(ca; k, n) = caⁿ/(caⁿ + kⁿ) for ca ≥ 0 (0 for ca ≤ 0): the
// instantaneous Ca²⁺/CaM occupancy of a target used by the sets without
// explicit calmodulin (Default, UrakuboOriginal, CA1), the effective Hill
// form of Zhabotinsky (2000) Biophys J 79:2211 (CaMKII K_H1 = 4 µM, n = 4;
// calcineurin K_H2 = 0.7 µM, n = 3 [V-code: Gabbiani & Cox, Mathematics
// for Neuroscientists, camk2ss.m]).
func Hill(ca, k, n float64) float64 {
	if ca <= 0 {
		return 0
	}
	r := ipow(ca/k, n)
	return r / (1 + r)
}

// ipow is x^n, by repeated multiplication for the small integer n of the
// Hill coefficients (the same value as math.Pow to rounding; math.Pow
// otherwise).
func ipow(x, n float64) float64 {
	switch n {
	case 1:
		return x
	case 2:
		return x * x
	case 3:
		return x * x * x
	case 4:
		x2 := x * x
		return x2 * x2
	}
	return math.Pow(x, n)
}

// CaM is explicit calmodulin with finite Ca²⁺ binding kinetics (the
// CA1Quantal set; Total = 0 in the other sets, which read Ca²⁺ through
// Hill). Calmodulin carries two lobes of two Ca²⁺ sites each:
//
//   - the C lobe binds Ca²⁺ slowly and with high affinity. Its scheme is
//     Faas et al.'s (2011) TT ⇌ CaTR ⇌ CaRCaR; the singly-loaded CaTR
//     relaxes in < 0.5 ms and is taken in rapid equilibrium (Kd1 =
//     CK1Off/CK1On = 15.5 µM), so the loading of free CaM is one reaction
//
//     CaMFree → CaMC:  CK2On·Ca²/(Kd1 + Ca)      CaMC → CaMFree:  CK2Off
//
//     (relaxation 3 ms at 20 µM, 40 ms at 3 µM, 70 ms at 1 µM; loaded
//     fraction 0.5 at 2.8 µM): a brief quantal peak is low-pass filtered
//     and a prolonged moderate level loads it;
//
//   - the N lobe binds Ca²⁺ in tens of µs with low affinity (Faas: Kd1 =
//     104 µM, Kd2 = 1.37 µM, half-loaded at 12 µM) and is taken in rapid
//     equilibrium: n₂(Ca) = Ca²/(Kd1·Kd2 + Kd2·Ca + Ca²). The lobes of free
//     CaM are independent, so Ca₄CaM = CaMC·n₂(Ca).
//
// Targets (each binding moves one CaM, so CaM is conserved and shared):
//
//   - calcineurin binds CaM with its C lobe loaded (CaN binds partially
//     loaded CaM with nM affinity): CaN + CaMC → CaN·CaM at CaNOn·CaMC per
//     CaN, and CaN·CaM → CaN + CaMFree at CaNOff (Ca²⁺ leaving the bound
//     CaM). CaN·CaM is active calcineurin (CaNA).
//   - CaMKII binds Ca₄CaM fast and Ca₂-C-CaM slowly (Pepke et al. 2010:
//     KOn4, KOn2C): CkNoCaM + CaMC → CkCaM at (KOn4·n₂ + KOn2C·(1 − n₂))·CaMC
//     per free subunit. Bound CaM's lobes re-equilibrate with the higher
//     affinities they have on CaMKII (KeqKC, KeqKN: Ca²⁺ binding to
//     CaM·CaMKII), which sets the fractions fK0, fK2C, fK2N, fK4 of bound
//     CaM with no, C-only, N-only or four Ca²⁺, and the dissociation
//     KOff0·fK0 + KOff2C·fK2C + KOff2N·fK2N + KOff4·fK4 (to CaMFree). The
//     kinase is active on subunits holding Ca₄CaM: γ = fK4·CkCaM/S, which
//     replaces h(Ca; K, N) in camkii.go and psd.go.
//   - adenylyl cyclase 1 carries its own calmodulin [A] (AC1 binds CaM
//     tightly; its lobes are taken in equilibrium at the free-CaM
//     affinities, not depleted by the other targets) and makes cAMP at
//     ACMax·a₄, a₄ = n₂(Ca)·c∞(Ca) its Ca₄CaM fraction; phosphodiesterase
//     hydrolyses cAMP with CAMPTau; PKA is activated at
//     KCa·Hill(cAMP; PKAK, PKAN) (pka.go). cAMP integrates the Ca₄CaM of
//     a second, so a sustained rise drives PKA and a brief one hardly.
//
// Rates: C and N lobes of free CaM, Faas, Raghavachari, Lisman & Mody
// (2011) Nat Neurosci 14:301, 35 °C [V-code: SilverLab D3D
// DiffusantCalmodulinCaFaas.java: N K1on 2·770, K1off 160, K2on 32000,
// K2off 2·22; C K1on 2·84, K1off 2.6, K2on 25, K2off 2·0.0065 /(mM ms),
// /ms]. CaMKII: Pepke, Kinzer-Ursem, Mihalas & Kennedy (2010) PLoS Comput
// Biol 6:e1000675 as used by Chang et al. (2019) Nat Commun 10:2784
// [V-code: a public ModelingToolkit port of Chang et al.'s CaMKII model:
// kCaM4_on 15 /(µM s) (14–60), kCaM4_off 1.5 /s, kCaM2C_on 0.5 (0.92),
// kCaM2C_off 6.8, kCaM2N_off 1.7, kCaM0_off 5.5 /s; CaM·CaMKII lobes C
// 44, 33, 44, 0.8 and N 76, 300, 76, 20 (/(µM s), /s), i.e. KeqKC = 73
// and KeqKN = 0.96 /µM²; CaM total 30 µM].
type CaM struct {
	Total  float64 // total calmodulin [µM]; 0 = instantaneous Hill occupancies (Default, CA1); CA1Quantal: see there
	CK1On  float64 // C lobe, first Ca²⁺ (T state) association [1/(µM·ms)]; 2·84 /(mM ms), Faas 2011
	CK1Off float64 // C lobe, first Ca²⁺ dissociation [1/ms]; 2.6 /ms, Faas 2011
	CK2On  float64 // C lobe, second Ca²⁺ (R state) association [1/(µM·ms)]; 25 /(mM ms), Faas 2011
	CK2Off float64 // C lobe, loaded → unloaded [1/ms]; 2·0.0065 /ms, Faas 2011
	NKd1   float64 // N lobe, first-site dissociation constant [µM]; 160/(2·770) mM = 104 µM, Faas 2011
	NKd2   float64 // N lobe, second-site dissociation constant [µM]; 2·22/32000 mM = 1.37 µM, Faas 2011

	CaNOn  float64 // C-lobe-loaded CaM binding to calcineurin [1/(µM·ms)]
	CaNOff float64 // loss of Ca²⁺/CaM from calcineurin [1/ms]

	KOn4   float64 // Ca₄CaM binding to CaMKII [1/(µM·ms)]; 15 /(µM s), Pepke 2010
	KOn2C  float64 // Ca₂-C-CaM binding to CaMKII [1/(µM·ms)]; 0.5 /(µM s), Pepke 2010
	KOff4  float64 // Ca₄CaM dissociation from CaMKII [1/ms]; 1.5 /s, Pepke 2010
	KOff2C float64 // Ca₂-C-CaM dissociation [1/ms]; 6.8 /s, Pepke 2010
	KOff2N float64 // Ca₂-N-CaM dissociation [1/ms]; 1.7 /s, Pepke 2010
	KOff0  float64 // apo-CaM dissociation [1/ms]; 5.5 /s, Pepke 2010
	KeqKC  float64 // Ca²⁺ affinity of the C lobe of CaMKII-bound CaM, K1·K2 [1/µM²]; 73, Pepke 2010
	KeqKN  float64 // Ca²⁺ affinity of the N lobe of CaMKII-bound CaM, K1·K2 [1/µM²]; 0.96, Pepke 2010

	ACMax   float64 // cAMP synthesis by fully Ca₄CaM-loaded AC1 [µM/ms]; a scale
	CAMPTau float64 // cAMP hydrolysis time constant [ms]; assumed
	PKAK    float64 // cAMP for half PKA activation drive [µM]
	PKAN    float64 // Hill coefficient of PKA activation by cAMP [1]
}

// explicit reports whether calmodulin is a species (CA1Quantal).
func (m CaM) explicit() bool { return m.Total > 0 }

// cOn is the C-lobe loading rate of free CaM at Ca²⁺ ca [1/ms], with the
// singly-loaded state in rapid equilibrium.
func (m CaM) cOn(ca float64) float64 {
	ca = max(ca, 0)
	kd1 := m.CK1Off / m.CK1On
	return m.CK2On * ca * ca / (kd1 + ca)
}

// n2 is the fraction of free-CaM N lobes holding two Ca²⁺ at ca.
func (m CaM) n2(ca float64) float64 {
	ca = max(ca, 0)
	return ca * ca / (m.NKd1*m.NKd2 + m.NKd2*ca + ca*ca)
}

// bound returns the fractions of CaMKII-bound CaM holding four Ca²⁺ (fK4)
// and its dissociation rate [1/ms] at ca, the bound lobes in rapid
// equilibrium at their CaMKII-bound affinities.
func (m CaM) bound(ca float64) (fK4, off float64) {
	c2 := max(ca, 0) * max(ca, 0)
	w2c, w2n := c2*m.KeqKC, c2*m.KeqKN
	w4 := w2c * w2n
	s := 1 + w2c + w2n + w4
	return w4 / s, (m.KOff0 + m.KOff2C*w2c + m.KOff2N*w2n + m.KOff4*w4) / s
}

// camTerms are the Ca²⁺-dependent, state-independent coefficients of the
// explicit CaM reactions at one Ca²⁺ value.
type camTerms struct {
	a4     float64 // Ca₄ fraction of AC1's CaM (lobes in equilibrium)
	cOn    float64 // C-lobe loading of free CaM [1/ms]
	n2     float64 // N-lobe loaded fraction of free CaM
	kOn    float64 // CaMKII binding per µM of C-loaded CaM [1/(µM·ms)]
	fK4    float64 // Ca₄ fraction of CaMKII-bound CaM
	kOffCK float64 // CaM dissociation from CaMKII [1/ms]
}

func (m CaM) terms(ca float64) camTerms {
	n2 := m.n2(ca)
	f4, off := m.bound(ca)
	kd2 := m.CK2Off / m.CK2On
	c2 := max(ca, 0) * max(ca, 0)
	cEq := c2 / (m.CK1Off/m.CK1On*kd2 + kd2*max(ca, 0) + c2)
	return camTerms{a4: n2 * cEq, cOn: m.cOn(ca), n2: n2, kOn: m.KOn4*n2 + m.KOn2C*(1-n2), fK4: f4, kOffCK: off}
}
