package cascade

import "math"

// PSD is the postsynaptic density as a receptor-trapping capacity with two
// parts that change in opposite directions and keep their change (CA1()
// only; Default and UrakuboOriginal have it switched off, Gain = 0 and no
// turnover, so their capacity is the constant Traffic.Slots).
//
// Base slots (LTD side). Slot proteins (PSD-95 with its TARP partners) sit
// assembled in the PSD (SlotA) or not (SlotD), a conserved total
// Traffic.Slots. An assembled slot that holds no receptor can be removed;
// free PP1 speeds this up:
//
//	SlotD → SlotA:  Assemble
//	SlotA → SlotD:  Disassemble·(1 + PP1Gain·PP1/PP1total)·(1 − T/capacity)
//
// so slots are lost only where receptors have already left them: LTD keeps
// the receptor loss that endocytosis produced, and with endocytosis blocked
// (dynamin) the slots stay filled and are kept (M4). PSD-95 loss and its
// dephosphorylation at S295 by the phosphatases are needed for LTD (Kim et
// al. 2007 Neuron 56:488 [M]; Colledge et al. 2003 Neuron 40:595 [M]). The
// turnover at rest is slow (hours), so LTD is stable over the hour the rows
// are read at.
//
// CaMKII at the PSD (LTP side). Ca²⁺/CaM-bound CaMKII translocates to the
// PSD and binds GluN2B (Shen & Meyer 1999 Science 284:162 [M]; Bayer et al.
// 2001 Nature 411:801 [M]); the bound holoenzyme stays while any of its
// subunits is T286-phosphorylated and leaves once all are dephosphorylated
// and CaM-free. With x the T286-P fraction of subunits (camkii.go), taken
// as independent over the Holo subunits of a holoenzyme, and h the
// Ca²⁺/CaM occupancy of a subunit (CaMKII.K, CaMKII.N):
//
//	CkF → CkB:  Bind·h·CaMKIIScale
//	CkB → CkF:  Unbind·(1 − x)^Holo·(1 − h)
//
// Each bound holoenzyme organises receptor slots (the CaMKII–GluN2B complex
// as a slot organiser, Lisman & Raghavachari 2006 Sci STKE [M]), so the
// trapping capacity is
//
//	capacity = SlotA·(1 + Gain·CkB/Sites).
//
// The number bound grows with the time spent at high Ca²⁺ (one HFS train
// binds about half the sites, four nearly all), so LTP is graded by the
// dose; it lasts while CaMKII stays switched UP (x ≈ 0.9 makes (1 − x)^Holo
// vanish), and decays within minutes after a drive too weak to switch it.
type PSD struct {
	Sites       float64 // GluN2B sites for CaMKII [count]; 100, a scale (only CkB/Sites enters)
	Bind        float64 // binding of Ca²⁺/CaM-bound CaMKII [1/ms]; fitted here (B7, B8)
	Unbind      float64 // dissociation of dephosphorylated, CaM-free CaMKII [1/ms]; 1/min, translocation reverses in about a minute (Shen & Meyer 1999 [M])
	Holo        float64 // subunits per holoenzyme [1]; 12 (dodecamer, Chao et al. 2011 Cell 146:732 [M])
	Gain        float64 // extra trapping capacity at full occupancy of the sites [1]; fitted here (B7)
	Assemble    float64 // slot assembly [1/ms]; fitted here (resting turnover, LTD persistence)
	Disassemble float64 // disassembly of empty slots at rest [1/ms]; fitted here (resting turnover, LTD persistence)
	PP1Gain     float64 // disassembly of empty slots per fraction of PP1 free [1]; fitted here (B1)
	Protect     float64 // protection of slots from PP1 by PSD-bound CaMKII: PP1Gain·PP1/PP1total ÷ (1 + Protect·CkB/Sites) [1]; fitted here (B4, B6)
}

// capacity is the trapping capacity of state y [count].
func (d PSD) capacity(y []float64) float64 {
	if d.Gain == 0 {
		return y[SlotA]
	}
	return y[SlotA] * (1 + d.Gain*y[CkB]/d.Sites)
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
