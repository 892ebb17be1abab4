package cascade

// PKA is protein kinase A, reduced to active catalytic subunit PKA* out of
// a total: basal activation plus Ca²⁺/CaM-stimulated activation through
// adenylyl cyclase 1 (AC1 → cAMP → PKA; Urakubo et al. 2008 model the full
// AC1/cAMP/R2C2 chain [V-code emer/axon examples/urakubo/pka.go]):
//
//	PKA → PKA*:  v = (KBasal + KCa·h(Ca; K, N))·PKA
//	PKA* → PKA:  v = KOff·PKA*
//
// Total = 2 µM (Urakubo R2C2 initial). KBasal is set so that PKA* at rest
// is 0.045 µM, the Urakubo baseline PKAact of 0.04461 µM [V-code pka.go
// InitBaseline]. N, KCa and KOff are assumptions (AC1 is CaM-stimulated
// at µM Ca²⁺; cAMP/PKA responses last seconds); K = 3 µM is fitted here
// so that the spine's 1 Hz LFS (1 µM peaks) barely drives PKA, which
// would otherwise potentiate through S845 when calcineurin is blocked
// (B13), and so that 5 Hz trains still release PP1 (B6 crossover); see
// docs/cascade-model.md.
type PKA struct {
	Total  float64 // total PKA catalytic subunit [µM]; 2, Urakubo 2008 R2C2
	KBasal float64 // basal activation [1/ms]; 0.0023 /s, from PKA*rest = 0.045 µM (Urakubo baseline)
	KCa    float64 // maximal Ca²⁺/CaM (AC1) activation [1/ms]; 1 /s, assumed
	K      float64 // Ca²⁺ for half AC1 drive [µM]; 3, fitted here (B13, B6); 2 in UrakuboOriginal
	N      float64 // Hill coefficient [1]; 4, assumed
	KOff   float64 // inactivation (cAMP hydrolysis, re-association) [1/ms]; 0.1 /s, assumed
}

func (p PKA) on(pka, ca float64) float64 { return (p.KBasal + p.KCa*Hill(ca, p.K, p.N)) * pka }
func (p PKA) off(pkaa float64) float64   { return p.KOff * pkaa }

// pkaRest is the resting PKA* [µM]: the Urakubo baseline PKAact 0.04461 µM
// [V-code emer/axon examples/urakubo/pka.go InitBaseline].
const pkaRest = 0.045

// basalFor returns the basal activation rate [1/ms] that puts PKA* at rest
// [µM] at resting Ca²⁺ ca [µM].
func (p PKA) basalFor(rest, ca float64) float64 {
	return max(0, p.KOff*rest/(p.Total-rest)-p.KCa*Hill(ca, p.K, p.N))
}
