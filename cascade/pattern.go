package cascade

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// patternStates is the number of random states jacPattern samples.
const patternStates = 16

// jacPattern returns the structural nonzeros of the cascade's Jacobian
// J = S·∂v/∂y for Rodas4.SetPattern: the union of the nonzero entries of
// c.jacobian at patternStates random states (fixed seed) with every species
// and Ca²⁺ drawn over a generic range (enzymes 0–Total, receptors 0–Slots/8
// copies each, so that the trapping term 1 − T/Slots never saturates, Ca²⁺
// 0.05–20 µM, the nanodomain drive 0–2K). An entry is missed only if it
// vanishes at all of them, i.e. a rate constant is zero in these parameters (a variant
// without a reaction); the pharmacology scales and the ligand are switched
// on for the sampling, so drugs set later by SetParams stay inside. A
// Jacobian outside the pattern makes Rodas4 fall back to its dense LU
// (counted in Rodas4.SparseFallbacks; never a wrong step).
func (c *Cascade) jacPattern() func(i, j int) bool {
	J := mat.NewDense(NState, NState, nil)
	nz := make([]bool, NState*NState)
	rng := rand.New(rand.NewPCG(0x5eed, 41))
	y := make([]float64, NState)
	ca, p, nano := c.ca, c.p, c.nano
	defer func() { c.ca, c.p, c.nano = ca, p, nano }()
	// Every rate switched on, so that the pattern holds whatever drugs or
	// ligand SetParams may set later.
	c.p.CaMKIIScale, c.p.CaNScale, c.p.PP1Scale, c.p.PP2AScale, c.p.PKAScale, c.p.EndoPost, c.p.Ligand = 1, 1, 1, 1, 1, 1, 0.5
	for range patternStates {
		for i := range y {
			y[i] = c.p.Traffic.Slots / 8 * rng.Float64() // receptors: trapped total below Slots, so no rate saturates
		}
		y[CaMKIIU], y[CaMKIIP] = c.p.CaMKII.Total*rng.Float64(), c.p.CaMKII.Total*rng.Float64()
		y[CaNI], y[CaNA] = c.p.CaN.Total*rng.Float64(), c.p.CaN.Total*rng.Float64()
		y[PKAI], y[PKAA] = c.p.PKA.Total*rng.Float64(), c.p.PKA.Total*rng.Float64()
		y[I1D], y[I1P] = c.p.I1.Total*rng.Float64(), c.p.I1.Total*rng.Float64()
		y[PP1F], y[PP1I] = c.p.PP1.Total*rng.Float64(), c.p.PP1.Total*rng.Float64()
		y[CkB], y[CkF], y[CkN] = c.p.PSD.Sites*rng.Float64(), c.p.PSD.Sites*rng.Float64(), c.p.PSD.Sites*rng.Float64()
		if m := c.p.CaM; m.explicit() { // explicit CaM: each pool over its own range
			for _, i := range []int{CaMFree, CaMC, CkCaM, CaNCaM} {
				y[i] = m.Total * rng.Float64()
			}
			y[CkNoCaM] = c.p.CaMKII.Total * rng.Float64()
			y[CAMP] = 2 * m.PKAK * rng.Float64() // cAMP near the PKA half point, where the Hill slope is not flat
		}
		caV := 0.05 + 20*rng.Float64()
		c.ca = func(float64) float64 { return caV }
		sV := 2 * c.p.Nano.K * rng.Float64() // the nanodomain drive (nano.go) around its threshold
		c.nano = func(float64) float64 { return sV }
		c.jacobian(0, y, J)
		raw := J.RawMatrix()
		for i := range NState {
			for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+NState] {
				if v != 0 {
					nz[i*NState+j] = true
				}
			}
		}
	}
	return func(i, j int) bool { return nz[i*NState+j] }
}
