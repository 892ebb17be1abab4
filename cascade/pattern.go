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
// 0.05–20 µM). An entry is missed only if it vanishes at all
// of them, i.e. a rate constant is zero in these parameters (a variant
// without a reaction); the pharmacology scales and the ligand are switched
// on for the sampling, so drugs set later by SetParams stay inside. A
// Jacobian outside the pattern makes Rodas4 fall back to its dense LU
// (counted in Rodas4.SparseFallbacks; never a wrong step).
func (c *Cascade) jacPattern() func(i, j int) bool {
	J := mat.NewDense(NState, NState, nil)
	nz := make([]bool, NState*NState)
	rng := rand.New(rand.NewPCG(0x5eed, 41))
	y := make([]float64, NState)
	ca, p := c.ca, c.p
	defer func() { c.ca, c.p = ca, p }()
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
		y[CkB], y[CkF] = c.p.PSD.Sites*rng.Float64(), c.p.PSD.Sites*rng.Float64()
		if m := c.p.CaM; m.explicit() { // explicit CaM: each pool over its own range
			for _, i := range []int{CaMFree, CaMC, CkCaM, CaNCaM} {
				y[i] = m.Total * rng.Float64()
			}
			y[CkNoCaM] = c.p.CaMKII.Total * rng.Float64()
			y[CAMP] = 2 * m.PKAK * rng.Float64() // cAMP near the PKA half point, where the Hill slope is not flat
		}
		caV := 0.05 + 20*rng.Float64()
		c.ca = func(float64) float64 { return caV }
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

// fdGroups partitions the state columns for the finite-difference
// Jacobian (Curtis, Powell & Reid 1974): columns in one group share no
// reaction, so one flux evaluation with all of them perturbed gives each
// reaction's derivative with respect to the one column of the group it
// depends on, exactly as perturbing that column alone would. deps lists,
// per group, the (reaction, column) pairs to read. Dependencies are found
// like jacPattern's nonzeros, at random states with every rate switched on.
type fdGroups struct {
	cols [][]int    // columns of each group
	deps [][][2]int // per group: {reaction, column} with ∂v_reaction/∂y_column ≠ 0
}

func (c *Cascade) newFDGroups() fdGroups {
	var dep [nReact][NState]bool
	rng := rand.New(rand.NewPCG(0x5eed, 43))
	p := c.p
	p.CaMKIIScale, p.CaNScale, p.PP1Scale, p.PP2AScale, p.PKAScale, p.EndoPost, p.Ligand = 1, 1, 1, 1, 1, 1, 0.5
	y, yp := make([]float64, NState), make([]float64, NState)
	var v0, v1 [nReact]float64
	for range patternStates {
		for i := range y {
			y[i] = 1 + c.p.Traffic.Slots/8*rng.Float64() // trapped total below Slots: no rate saturates
		}
		for _, i := range []int{CaMKIIU, CaMKIIP, CaNI, CaNA, PKAI, PKAA, I1D, I1P, PP1F, PP1I} {
			y[i] = 0.01 + rng.Float64()
		}
		y[CkB], y[CkF] = c.p.PSD.Sites*(0.01+rng.Float64()), c.p.PSD.Sites*(0.01+rng.Float64())
		ca := 0.05 + 20*rng.Float64()
		p.fluxes(y, ca, v0[:])
		for j := range NState {
			copy(yp, y)
			yp[j] *= 1 + 1e-4
			p.fluxes(yp, ca, v1[:])
			for m := range network {
				if v1[m] != v0[m] {
					dep[m][j] = true
				}
			}
		}
	}
	var g fdGroups
	var used [][nReact]bool // reactions touched by each group
	for j := range NState {
		k := 0
		for ; k < len(g.cols); k++ {
			clash := false
			for m := range network {
				if dep[m][j] && used[k][m] {
					clash = true
					break
				}
			}
			if !clash {
				break
			}
		}
		if k == len(g.cols) {
			g.cols = append(g.cols, nil)
			g.deps = append(g.deps, nil)
			used = append(used, [nReact]bool{})
		}
		g.cols[k] = append(g.cols[k], j)
		for m := range network {
			if dep[m][j] {
				used[k][m] = true
				g.deps[k] = append(g.deps[k], [2]int{m, j})
			}
		}
	}
	return g
}
