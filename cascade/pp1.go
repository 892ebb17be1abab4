package cascade

// PP1 is protein phosphatase 1. Free PP1 is active; phospho-I-1 binds it
// into an inactive complex:
//
//	PP1 + I1P → PP1·I1P:  v = KBind·PP1·I1P
//	PP1·I1P → PP1 + I1P:  v = KUnbind·[PP1·I1P]
//
// KBind = 500 /(µM s), KUnbind = 0.1 /s and total 0.2 µM are GB 2007's k11,
// k−11 and PP10 [V-code slebastard/STDP_Pheno_CalciumSynapticPlasticity
// FullDynamics_GB2007.m]. Active PP1 dephosphorylates CaMKII T286
// (camkii.go) and GluA1 S845 and the PDZ site (ampar.go); PP1Scale (okadaic
// acid, calyculin A) scales these catalytic actions, not the binding.
type PP1 struct {
	Total   float64 // total PP1 [µM]; 0.2, GB 2007 PP10
	KBind   float64 // PP1 + I-1P association [1/(µM·ms)]; 500 /(µM s), GB 2007 k11
	KUnbind float64 // dissociation [1/ms]; 0.1 /s, GB 2007 k−11
}
