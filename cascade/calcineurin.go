package cascade

// CaN is calcineurin (PP2B), activated by high-affinity Ca²⁺/CaM binding and
// inactivated by slow CaM dissociation:
//
//	CaN → CaN*:  v = KOn·h(Ca; K, N)·CaN
//	CaN* → CaN:  v = KOff·CaN*
//
// K = 0.7 µM, N = 3 are Zhabotinsky's (2000) K_H2 and Hill coefficient
// [V-code camk2ss.m]. KOff = 0.04 /s is the CaN·CaM off-rate of Urakubo et
// al. (2008) [V-code emer/axon examples/urakubo/can.go, CaNCaM kb = 0.04];
// the slow off-rate makes CaN integrate 1 Hz transients. KOn = 0.3 /s puts
// the steady-state half-activation at Ca ≈ 0.37 µM, inside the 0.3–0.6 µM
// of docs/sources.md §5.11 (fitted here to that range, see
// TestClampedSteadyState). Total 3 µM: Urakubo initial CaN [V-code can.go].
type CaN struct {
	Total float64 // total calcineurin [µM]; 3, Urakubo 2008 (can.go)
	K     float64 // Ca²⁺ for half activation drive [µM]; 0.7, Zhabotinsky 2000 K_H2
	N     float64 // Hill coefficient [1]; 3, Zhabotinsky 2000
	KOn   float64 // maximal activation rate [1/ms]; 0.3 /s, fitted here (half-activation 0.3–0.6 µM)
	KOff  float64 // inactivation (CaM dissociation) [1/ms]; 0.04 /s, Urakubo 2008 CaN·CaM kb
}

func (c CaN) on(can, ca float64) float64 { return c.KOn * Hill(ca, c.K, c.N) * can }
func (c CaN) off(cana float64) float64   { return c.KOff * cana }
