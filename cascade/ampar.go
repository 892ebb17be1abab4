package cascade

// AMPAR holds the GluA1 phosphorylation rates of Urakubo et al. (2008),
// mass action in the enzyme [1/(µM·ms)], as in the Go port [V-code:
// emer/axon examples/urakubo/ampar.go, AMPARPhosParams.Defaults, Kf in
// 1/(µM s)]. Each receptor carries two sites: GluA1 S845 (PKA site;
// removed by PP1, CaN and PP2A) and the PDZ site of its binding partner
// (stargazin/SAP97, phosphorylated by CaMKII; removed by PP1, CaN and PP2A).
// The same rates apply in every location (trafficking.go); internal
// receptors carry only the S845 state. Default sets CaN845 = CaNPDZ = 0:
// calcineurin reaches GluA1 only through inhibitor-1 and PP1 (the Mulkey
// et al. 1994 cascade), because with the spine's Ca²⁺ CaN* reaches about
// 1 µM during 1 Hz LFS, where the port's direct rate (1.5 /(µM s) × 1 µM)
// alone outruns PKA on S845 (20 /(µM s) × 0.045 µM) and would make LTD
// insensitive to okadaic acid, against Mulkey, Herron & Malenka 1993 [M]
// (docs/sources.md B12). UrakuboOriginal keeps the port's rates.
type AMPAR struct {
	PKA845  float64 // PKA on S845 [1/(µM·ms)]; 20 /(µM s), Urakubo port
	PP1845  float64 // PP1 on S845 [1/(µM·ms)]; 4 /(µM s), Urakubo port
	CaN845  float64 // CaN on S845 [1/(µM·ms)]; 1.5 /(µM s), Urakubo port; 0 in Default
	PP2A845 float64 // PP2A on S845 [1/(µM·ms)]; 4 /(µM s), Urakubo port
	CKPDZ   float64 // CaMKII on the PDZ site [1/(µM·ms)]; 1 /(µM s), Urakubo port
	PP1PDZ  float64 // PP1 on the PDZ site [1/(µM·ms)]; 100 /(µM s), Urakubo port
	CaNPDZ  float64 // CaN on the PDZ site [1/(µM·ms)]; 1 /(µM s), Urakubo port; 0 in Default
	PP2APDZ float64 // PP2A on the PDZ site [1/(µM·ms)]; 100 /(µM s), Urakubo port
	// Internal scales the S845 rates on endosomal receptors [1]; 1 in
	// Default and UrakuboOriginal (the port uses the same rates in every
	// location). CA1: 0, endosomal receptors keep the S845 state they
	// were internalised with, so receptors taken up by the regulated
	// (S845-D) route are sorted to lysosomes and those of the constitutive
	// (S845-P) route recycle ([A]; Ehlers 2000 Neuron 28:511: the two
	// routes have different fates [V-abs]).
	Internal float64
}

// enzymes are the catalytic activities [µM] seen by the receptor sites,
// after the pharmacology scales.
type enzymes struct{ camkii, can, pka, pp1, pp2a float64 }

// s845On, s845Off, pdzOn and pdzOff are per-receptor rates [1/ms].
func (a AMPAR) s845On(e enzymes) float64 { return a.PKA845 * e.pka }
func (a AMPAR) s845Off(e enzymes) float64 {
	return a.PP1845*e.pp1 + a.CaN845*e.can + a.PP2A845*e.pp2a
}
func (a AMPAR) pdzOn(e enzymes) float64 { return a.CKPDZ * e.camkii }
func (a AMPAR) pdzOff(e enzymes) float64 {
	return a.PP1PDZ*e.pp1 + a.CaNPDZ*e.can + a.PP2APDZ*e.pp2a
}
