package cascade

import "math"

// CaM describes how Ca²⁺/calmodulin reaches its targets. Each target sees
// the occupancy of its CaM-binding site as an effective Hill function of
// free spine Ca²⁺,
//
//	h(Ca; K, n) = Caⁿ / (Caⁿ + Kⁿ),
//
// the reduction used by Zhabotinsky (2000) Biophys J 79:2211 for the CaMKII
// (K_H1 = 4 µM, n = 4) and calcineurin (K_H2 = 0.7 µM, n = 3) branches
// [V-code: Gabbiani & Cox, Mathematics for Neuroscientists, camk2ss.m,
// which transcribes Zhabotinsky's parameters]. Four Ca²⁺ bind CaM
// cooperatively; a high-affinity target (calcineurin) is half-occupied at
// lower Ca²⁺ than a low-affinity one (CaMKII), which is the Lisman (1989)
// ordering. The per-target K and n live with each target (camkii.go,
// calcineurin.go, pka.go); this file holds the shared function. CaM is
// taken as buffered (not depleted by its targets).
type CaM struct{}

// Hill returns h(ca; k, n) for ca ≥ 0 (0 for ca ≤ 0).
func Hill(ca, k, n float64) float64 {
	if ca <= 0 {
		return 0
	}
	r := math.Pow(ca/k, n)
	return r / (1 + r)
}
