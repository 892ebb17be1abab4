package cascade

// Traffic holds the AMPAR locations and moves. Locations: PSD-trapped (T,
// the weight), surface non-trapped (M: extrasynaptic membrane plus free PSD
// membrane, mixed by lateral diffusion at 1.6 /s in Urakubo et al. 2008, so
// treated as one pool of which a fraction Phi sits in the PSD), the
// recycling endosome (I), the late endosome/lysosome (L), plus counters of
// degraded and synthesised receptors. Per-receptor rates [1/ms]:
//
//	trap     M → T   (TrapP if PDZ-P else TrapD)·Scaffold·(1 − T/Slots)·Phi
//	release  T → M   Release
//	regulated endocytosis of S845-dephosphorylated surface receptors
//	         M(S845 D) → I   Endo·EndoD·(1 − Phi)      (clathrin/dynamin)
//	constitutive endocytosis of S845-P receptors
//	         M(S845 P) → I   EndoP·(1 − Phi)           (dynamin-independent)
//	exocytosis (recycling) of S845-P internal receptors
//	         I(S845 P) → M   Exo
//	lysosomal sorting of S845-dephosphorylated internal receptors
//	         I(S845 D) → L   Lyso
//	ligand (AMPA-only) endocytosis, straight to late endosomes
//	         M → L           Endo·Ligand·LigandEndo
//	degradation L → ∅ (counted), synthesis ∅ → I(S845 D) at Synthesis [count/ms]
//
// Urakubo et al. (2008) rates from the Go port [V-code emer/axon
// examples/urakubo/ampar.go, AMPARTrafParams.Defaults]: EndoD 1 /s (S845-D
// membrane receptors, no re-exocytosis), EndoP 1/(9 min) and Exo 1/(30 min)
// (the code sets Kf = 1/540 s for Mbr → Int and Kb = 1/1800 s for Int →
// Mbr; its comment says the opposite), TrapP 0.0417 and TrapD 0.0025
// /(µM s), Release 0.0333 /s. Endo is the postsynaptic clathrin/dynamin
// level (spine.Endocytosis.Post). Constitutive cycling is Rac1/actin
// dependent and survives dynamin block (Glebov et al. 2015 J Neurosci
// 35:5101), so EndoP is not scaled by Endo. NMDA-triggered internalisation
// recycles once S845 is rephosphorylated by PKA (Ehlers 2000 Neuron 28:511);
// AMPA-only internalisation goes to late endosomes and lysosomes without
// needing Ca²⁺ or phosphatases (Ehlers 2000); LTD-internalised receptors
// that stay dephosphorylated are sorted to lysosomes (Fernández-Monreal et
// al. 2012 J Neurosci 32:13200 [M]). Phi, Scaffold, Slots, Lyso, Degrade,
// Synthesis and LigandEndo are set in docs/cascade-model.md.
type Traffic struct {
	Phi        float64 // fraction of the non-trapped surface pool inside the PSD [1]; 0.2, Urakubo PSD:cytosol volume 12:48
	Scaffold   float64 // trapping scaffold (PDZ slots) at zero occupancy [µM]; fitted here (resting trapped fraction)
	Slots      float64 // trapping slots per spine [count]; fitted here (resting occupancy 1/2)
	TrapP      float64 // trapping, PDZ-phosphorylated [1/(µM·ms)]; 0.0417 /(µM s), Urakubo port
	TrapD      float64 // trapping, PDZ-dephosphorylated [1/(µM·ms)]; 0.0025 /(µM s), Urakubo port
	Release    float64 // release from the trap [1/ms]; 0.0333 /s, Urakubo port
	EndoD      float64 // regulated endocytosis of S845-D receptors [1/ms]; 1 /s, Urakubo port
	EndoP      float64 // constitutive endocytosis of S845-P receptors [1/ms]; 1/(9 min), Urakubo port
	Exo        float64 // exocytosis of S845-P internal receptors [1/ms]; 1/(30 min), Urakubo port
	Lyso       float64 // lysosomal sorting of S845-D internal receptors [1/ms]; 1/(10 min), assumed
	Degrade    float64 // lysosomal degradation [1/ms]; 1/h, assumed
	Synthesis  float64 // receptor synthesis into the endosome [count/ms]; set to balance resting degradation
	LigandEndo float64 // AMPA-only (ligand) endocytosis at full occupancy [1/ms]; 1/(10 min), assumed (Ehlers 2000: minutes)
	// EndoCaN is regulated endocytosis of S845-D receptors per active
	// calcineurin [1/(µM·ms)], added to EndoD: calcineurin drives the
	// clathrin machinery (it dephosphorylates the dephosphins, dynamin 1 and
	// amphiphysin; Cousin & Robinson 2001 Trends Neurosci 24:659 [M]) and
	// NMDA-induced AMPAR endocytosis needs it (Beattie et al. 2000 [M]).
	// 0 in Default and UrakuboOriginal; CA1: fitted here (B1).
	EndoCaN float64
	// LysoP is lysosomal sorting of S845-P endosomal receptors [1/ms]; 0 in
	// Default and UrakuboOriginal; CA1: 1/(10 h) [A], so that the resting
	// receptor number is set by a receptor lifetime of about a day
	// (GluA1 half-life about 1–2 days, Mammen et al. 1997 [M]).
	LysoP float64
	// SynthP is the fraction of synthesised receptors delivered with S845
	// phosphorylated [1]; 0 in Default and UrakuboOriginal, 1 in CA1 [A]
	// (with Internal = 0, S845-D endosomal receptors are degraded).
	SynthP float64
}

// Endocytosis returns the endocytosis fluxes of state y at Ca²⁺ ca
// [receptors/ms]: the regulated (clathrin/dynamin, S845-D) route and the
// constitutive (dynamin-independent, S845-P) one, as the reactions run
// them (for reports such as synlab explain).
func (p Params) Endocytosis(y []float64, ca float64) (regulated, constitutive float64) {
	var c [nKind]float64
	p.coefs(y, ca, &c)
	return c[kEndoD] * (y[M00] + y[M01]), c[kEndoP] * (y[M10] + y[M11])
}
