package cascade

// I1 is inhibitor-1: phosphorylated (T35) by PKA, dephosphorylated by
// calcineurin (and PP2A); phospho-I-1 binds and inhibits PP1 (pp1.go).
// Mass-action rates are the kcat/Km of the Urakubo et al. (2008) enzymes
// [V-code emer/axon examples/urakubo/pp1.go: PKAI1 Km 8.1 µM, kcat 5.3 /s;
// CaNI1P and PP2aI1P Km 3 µM, kcat 2.8 /s]. Total 1 µM, GB 2007 I10
// [V-code FullDynamics_GB2007.m].
//
//	I1  → I1P: v = KPKA·PKA*·I1
//	I1P → I1:  v = (KCaN·CaN* + KPP2A·PP2A)·I1P
//	PP1·I1P → PP1 + I1: v = KCaNComplex·CaN*·[PP1·I1P]
//
// The last reaction, CaN dephosphorylating I-1 while it sits on PP1, is the
// change that gives LTD for 1 Hz LFS (docs/cascade-model.md, "The Urakubo
// variant"); it is 0 in UrakuboOriginal, where CaN reaches only free I1P.
type I1 struct {
	Total       float64 // total inhibitor-1 [µM]; 1, GB 2007 I10
	KPKA        float64 // PKA on I-1 [1/(µM·ms)]; 5.3/8.1 /(µM s), Urakubo 2008 PKAI1 kcat/Km
	KCaN        float64 // CaN on free I-1P [1/(µM·ms)]; 2.8/3 /(µM s), Urakubo 2008 CaNI1P kcat/Km
	KPP2A       float64 // PP2A on free I-1P [1/(µM·ms)]; 2.8/3 /(µM s), Urakubo 2008 PP2aI1P kcat/Km
	KCaNComplex float64 // CaN on PP1-bound I-1P [1/(µM·ms)]; 0 in Urakubo 2008; fitted here (M1) in Default
}
