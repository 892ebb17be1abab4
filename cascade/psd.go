package cascade

import "math"

// PSD is CaMKII held at the postsynaptic density and what it does to the
// receptors there (CA1() only; Default and UrakuboOriginal have Bind =
// Unbind = Gain = Protect = 0, so their trapping capacity is the constant
// Traffic.Slots and nothing here moves).
//
// Ca²⁺/CaM-bound CaMKII translocates to the PSD and binds GluN2B (Shen &
// Meyer 1999 Science 284:162 [M]; Bayer et al. 2001 Nature 411:801 [M]);
// a bound holoenzyme stays while any of its subunits is T286-
// phosphorylated and leaves once all are dephosphorylated and CaM-free.
// With x the T286-P fraction of subunits (camkii.go), taken as independent
// over the Holo subunits of a holoenzyme, and h = h(Ca; CaMKII.K,
// CaMKII.N) the Ca²⁺/CaM occupancy of a subunit:
//
//	CkF → CkB:  Bind·(h + BindP·x)·CaMKIIScale
//	CkB → CkF:  Unbind·(1 − x)^Holo·(1 − h)
//
// With b = CkB/Sites the bound fraction, bound CaMKII does two things:
//
//   - it organises receptor slots (the CaMKII–GluN2B complex as a slot
//     organiser, Lisman & Raghavachari 2006 Sci STKE 2006:re11 [M]): the
//     trapping capacity is Traffic.Slots·(1 + Gain·b). The number bound
//     grows with the time spent at high Ca²⁺ (one 100 Hz train binds about
//     half the sites, four nearly all), so LTP is graded by the dose; it
//     lasts while CaMKII stays switched UP (x ≈ 0.8 makes (1 − x)^Holo
//     vanish) and fades within minutes after a drive too weak to switch
//     it;
//   - it keeps receptors on the surface: calcineurin-driven regulated
//     endocytosis (Traffic.EndoCaN) is divided by 1 + Protect·b. A Ca²⁺
//     level high enough for CaMKII to bind (5–10 Hz trains, spine Ca²⁺
//     1.5–2.5 µM) holds back the phosphatase-driven loss of receptors
//     that the same Ca²⁺ produces, which is what makes the LTD of the
//     Dudek & Bear curve deepest at 1–3 Hz and nil at 10 Hz. Assumed
//     mechanism: CaMKII phosphorylation of TARPs retains receptors and
//     TARP dephosphorylation is needed for LTD (Tomita et al. 2005 Neuron
//     45:269 [M]); its strength is fitted.
type PSD struct {
	Sites   float64 // GluN2B sites for CaMKII [count]; 100, a scale (only CkB/Sites enters)
	Bind    float64 // binding of Ca²⁺/CaM-bound CaMKII [1/ms]; fitted here (B7, B8)
	Unbind  float64 // dissociation of dephosphorylated, CaM-free CaMKII [1/ms]; 1/min, translocation reverses in about a minute (Shen & Meyer 1999 [M])
	Holo    float64 // subunits per holoenzyme [1]; 12 (dodecamer [M])
	Gain    float64 // extra trapping capacity at full occupancy of the sites [1]; fitted here (B7)
	Protect float64 // protection from regulated endocytosis at full occupancy [1]; fitted here (B4, B6)
	// BindP is the binding of T286-phosphorylated subunits relative to
	// Ca²⁺/CaM-bound ones [1]: CkF → CkB at Bind·(h + BindP·x). Binding
	// to GluN2B is enabled by Ca²⁺/CaM or by T286 autophosphorylation
	// (Strack & Colbran 1998 J Biol Chem 273:20689 [M]; Bayer et al. 2001
	// [V-abs]: "regulated CaMKII interaction"). 0 in every set but
	// CA1Quantal (1 [A]: equal to CaM-bound subunits).
	BindP float64
}

// capacity is the trapping capacity [count] with base slots slots at
// state y.
func (d PSD) capacity(slots float64, y []float64) float64 {
	if d.Gain == 0 {
		return slots
	}
	return slots * (1 + d.Gain*(y[CkB]+y[CkN])/d.Sites)
}

// protection is the factor dividing regulated endocytosis at state y.
func (d PSD) protection(y []float64) float64 {
	if d.Protect == 0 {
		return 1
	}
	return 1 + d.Protect*(y[CkB]+y[CkN])/d.Sites
}

// unbound is the fraction of holoenzymes with no T286-phosphorylated
// subunit, (1 − x)^Holo, at T286-P fraction x.
func (d PSD) unbound(x float64) float64 {
	u := math.Max(1-x, 0)
	if n := int(d.Holo); float64(n) == d.Holo && n >= 0 && n <= 64 {
		r := 1.0
		for ; n > 0; n >>= 1 { // exact integer power by squaring
			if n&1 == 1 {
				r *= u
			}
			u *= u
		}
		return r
	}
	return math.Pow(u, d.Holo)
}
