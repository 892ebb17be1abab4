package cascade

// TARP is the depressible part of the PSD's receptor slots: the
// transmembrane AMPAR regulatory proteins (stargazin-like TARPs) that hold
// receptors at PSD-95 only while their C-terminal serines are
// phosphorylated. CaMKII (and PKC) phosphorylate them, PP1 dephosphorylates
// them; a phospho-mimetic TARP blocks LTD and a dephospho-mimetic one blocks
// LTP (Tomita, Stein, Kaczmarek, Bredt & Nicoll 2005 Neuron 45:269 [M]).
// Here a fraction Labile of the trapping slots (Traffic.Slots) are such
// TARP slots, counted as TarpP (phosphorylated: a working slot) and TarpD
// (dephosphorylated: no slot):
//
//	TarpP → TarpD:  KPP1·PP1*·EndoPost      (PP1Scale·free PP1; EndoPost the clathrin/dynamin level)
//	TarpD → TarpP:  KBasal + KCK·x          (x the CaMKII T286-P fraction, × CaMKIIScale)
//	capacity = (Slots·(1 − Labile) + TarpP)·(1 + PSD.Gain·b)
//
// A dephosphorylated TARP leaves PSD-95 and its slot is lost when the
// AMPAR–TARP complex is internalised, so the loss needs the postsynaptic
// clathrin/dynamin machinery (EndoPost): a dynamin-inhibitory peptide
// blocks LFS-LTD (Lüscher et al. 1999 Neuron 24:649; Man et al. 2000 Neuron
// 25:649 [M]; docs/sources.md M4) [A: the TARP goes with the receptor].
//
// So LTD has two parts: receptors leave by regulated endocytosis
// (trafficking.go) and refill from synthesis within tens of minutes, while
// the slots that PP1 took away stay lost until a slow basal kinase (KBasal,
// hours) or CaMKII restores them. The slot loss is bounded by Labile: LTD
// saturates (Mulkey & Malenka 1992 Neuron 9:967 [V-abs]: "saturable";
// pairing at −40 mV repeated until no further LTD, PMC6772550 Fig. 4
// [V-abs]; in vivo a second LFS-900 adds no LTD to the first, which stays
// at 74% for 3 h, PMC4354159 Fig. 1 [V-abs]), and is stable. Resting free
// PP1 (≈ 2e-4 µM) leaves the TARPs phosphorylated; the PP1 that calcineurin
// releases in LTD drives (0.1–0.4 µM) removes slots in minutes. Labile = 0
// (every set but CA1Quantal) leaves the capacity at Slots·(1 + Gain·b) and
// nothing here moves.
type TARP struct {
	Labile float64 // fraction of Traffic.Slots that are PP1-labile TARP slots [1]; 0; CA1Quantal: fitted (B1, bounded LTD)
	KPP1   float64 // TARP dephosphorylation by free PP1 [1/(µM·ms)]; CA1Quantal: fitted (B1, B2)
	KCK    float64 // TARP phosphorylation per CaMKII T286-P fraction [1/ms]; CA1Quantal: 1/min, assumed
	KBasal float64 // basal TARP phosphorylation (PKC and other kinases at rest) [1/ms]; CA1Quantal: 1/(10 h), assumed (LTD lasts hours)
}

// slotBase is the number of slots that do not depend on TARP
// phosphorylation, plus the working labile ones, at state y [count].
func (p Params) slotBase(y []float64) float64 {
	if p.TARP.Labile == 0 {
		return p.Traffic.Slots
	}
	return p.Traffic.Slots*(1-p.TARP.Labile) + max(y[TarpP], 0)
}
