package ca1

import (
	"math"
	"slices"

	"github.com/synlab/synlab/cascade"
)

// reduce merges class c's 2K children of the previous split (particle
// i's release and failure branch, weights π_i·q_i and π_i·(1 − q_i),
// branch.go) back to k ≤ K particles (kTarget; the others are retired):
// greedy agglomeration with Ward's cost
// w_a·w_b/(w_a + w_b)·d², each merge the weighted mean of cable state,
// cascade state (cascade.Read/Set), site state and Ca²⁺ statistics. With
// K = 1 the two branches merge into their mean. Both branch slots of each
// particle then hold its state, ready to split.
//
// d is the distance in the features of mergeFeatures: the CaMKII T286
// fraction, the trapped receptors relative to rest, the NMDA receptors'
// open fraction (in units of one release's peak) and every cascade
// species but the cumulative counters, each on its own scale. Until
// 2026-12-07 d had only the first three; the coincidence-set CaMKII (CkN)
// and the PSD occupancy that protects receptors, which decide a branch's
// LTP after a coincidence, did not enter, so branches that differed in
// them were merged first and more particles did not converge: HFS × 1
// gave +40.9% with 3, 6, 12 or 16 particles per class against +39.1 to
// +39.6% with the whole state and 16, 24 or 32 (docs/ca1-decoder.md §31).
func (pop *Population) reduce(c, k int) {
	k2 := 2 * pop.kp
	cw := make([]float64, k2) // child weights
	states := make([][]float64, k2)
	for r := range k2 {
		j := pop.slot(c, r/2, r%2)
		states[r] = pop.cs[j].Read(nil)
		q := pop.qp[c][r/2]
		cw[r] = pop.pi[c][r/2] * q
		if r%2 == 1 {
			cw[r] = pop.pi[c][r/2] * (1 - q)
		}
	}
	feat := pop.mergeFeatures(c, states, cw)
	gs := agglomerate(feat, cw, k)
	// Weighted means of every member's state, per new particle.
	ns := nSlot
	ys := make([][]float64, k2)
	for r := range k2 {
		j := pop.slot(c, r/2, r%2)
		ys[r] = slices.Clone(pop.y[nShared+ns*j : nShared+ns*(j+1)])
	}
	caInt, caPeak := make([]float64, k2), make([]float64, k2)
	dS, cS := make([]float64, k2), make([]float64, k2)
	for r := range k2 {
		j := pop.slot(c, r/2, r%2)
		caInt[r], caPeak[r] = pop.caInt[j], pop.caPeak[j]
		dS[r], cS[r] = pop.dS[j], pop.cS[j]
	}
	for i, g := range gs {
		y := make([]float64, ns)
		st := make([]float64, len(states[0]))
		ci, cp, dd, dc := 0.0, 0.0, 0.0, 0.0
		wsum := g.w
		for _, r := range g.members {
			f := 1 / float64(len(g.members)) // weightless groups: plain mean
			if wsum > 0 {
				f = cw[r] / wsum
			}
			for k := range y {
				y[k] += f * ys[r][k]
			}
			for k := range st {
				st[k] += f * states[r][k]
			}
			ci += f * caInt[r]
			dd += f * dS[r]
			dc += f * cS[r]
			cp = math.Max(cp, caPeak[r])
		}
		for b := range 2 {
			j := pop.slot(c, i, b)
			copy(pop.y[nShared+ns*j:nShared+ns*(j+1)], y)
			_ = pop.cs[j].Set(st)
			pop.surf[j] = pop.cs[j].Surface()
			pop.caInt[j], pop.caPeak[j] = ci, cp
			pop.dS[j], pop.cS[j] = dd, dc
		}
		pop.pi[c][i] = g.w
	}
	for i := len(gs); i < pop.kp; i++ {
		pop.retire(c, i)
	}
}

// retire gives class c's particle i weight 0 and particle 0's state (a
// particle not needed at this stimulus: see kTarget).
func (pop *Population) retire(c, i int) {
	j0 := pop.slot(c, 0, 0)
	st := pop.cs[j0].Read(nil)
	for b := range 2 {
		j := pop.slot(c, i, b)
		copy(pop.y[nShared+nSlot*j:nShared+nSlot*(j+1)], pop.y[nShared+nSlot*j0:nShared+nSlot*(j0+1)])
		_ = pop.cs[j].Set(st)
		pop.surf[j] = pop.surf[j0]
		pop.caInt[j], pop.caPeak[j] = pop.caInt[j0], pop.caPeak[j0]
		pop.dS[j], pop.cS[j] = pop.dS[j0], pop.cS[j0]
	}
	pop.pi[c][i] = 0
}

// group is a set of children merged into one particle: its weight, the
// children (indices into the split's 2K) and its weighted-mean features.
type group struct {
	w       float64
	members []int
	f       []float64
}

// agglomerate merges the children (features feat, weights w0) into k groups
// greedily by Ward's cost, keeping every pair's cost and recomputing only
// the merged group's (O(n²) per merge step with n = len(w0)).
func agglomerate(feat [][]float64, w0 []float64, k int) []group {
	k2 := len(w0)
	gs := make([]group, k2)
	for r := range k2 {
		gs[r] = group{w: w0[r], members: []int{r}, f: feat[r]}
	}
	ward := func(a, b group) float64 {
		w := a.w + b.w
		if w <= 0 {
			return 0
		}
		d2 := 0.0
		for k := range a.f {
			d2 += (a.f[k] - b.f[k]) * (a.f[k] - b.f[k])
		}
		return a.w * b.w / w * d2
	}
	// cost[a][b], a < b, updated for the merged group only.
	cost := make([][]float64, k2)
	for a := range k2 {
		cost[a] = make([]float64, k2)
		for b := a + 1; b < k2; b++ {
			cost[a][b] = ward(gs[a], gs[b])
		}
	}
	alive := make([]bool, k2)
	for r := range alive {
		alive[r] = true
	}
	for n := k2; n > k; n-- {
		ba, bb, best := -1, -1, math.Inf(1)
		for a := range k2 {
			if !alive[a] {
				continue
			}
			for b := a + 1; b < k2; b++ {
				if alive[b] && cost[a][b] < best {
					ba, bb, best = a, b, cost[a][b]
				}
			}
		}
		ga, gb := gs[ba], gs[bb]
		w := ga.w + gb.w
		m := group{w: w, members: append(append([]int(nil), ga.members...), gb.members...), f: make([]float64, len(ga.f))}
		for k := range m.f {
			if w > 0 {
				m.f[k] = (ga.w*ga.f[k] + gb.w*gb.f[k]) / w
			} else {
				m.f[k] = ga.f[k]
			}
		}
		gs[ba], alive[bb] = m, false
		for x := range k2 {
			if alive[x] && x != ba {
				lo, hi := min(x, ba), max(x, ba)
				cost[lo][hi] = ward(gs[lo], gs[hi])
			}
		}
	}
	kept := gs[:0]
	for r := range k2 {
		if alive[r] {
			kept = append(kept, gs[r])
		}
	}
	return kept
}

// mergeFeatures returns each child's features for reduce's distance: the
// CaMKII T286 fraction, the trapped receptors relative to rest, the NMDA
// open fraction, then every cascade species but the cumulative counters,
// each divided by the largest of its resting value, its largest value
// among the children with weight and mergeFloor: a species counts by how
// much the branches differ relative to its own size, whatever its unit,
// and one that is nearly 0 everywhere does not count by its rounding.
// Children without weight (retired particles' branches) do not set the
// scale: their states are stale.
func (pop *Population) mergeFeatures(c int, states [][]float64, w []float64) [][]float64 {
	scale := make([]float64, len(states[0]))
	for k := range scale {
		scale[k] = math.Max(math.Abs(pop.rest0[k]), mergeFloor)
	}
	for r, st := range states {
		if w[r] > 0 {
			for k, v := range st {
				scale[k] = math.Max(scale[k], math.Abs(v))
			}
		}
	}
	out := make([][]float64, len(states))
	for r, st := range states {
		j := pop.slot(c, r/2, r%2)
		tot := cascade.TotalsOf(st)
		y := pop.y[nShared+nSlot*j:]
		f := make([]float64, 3, 3+len(st))
		f[0], f[1], f[2] = frac(st[cascade.CaMKIIP], tot.CaMKII), cascade.Trapped(st)/pop.trap0, y[sNB]-y[sNA]
		for k, v := range st {
			if !isCounter(k) {
				f = append(f, v/scale[k])
			}
		}
		out[r] = f
	}
	return out
}

// mergeFloor is the smallest scale of a species in mergeFeatures [µM or
// count]: 1e-3, a thousandth of a receptor or of a µM, far below what any
// species of the cascade changes by in a stimulus that matters.
const mergeFloor = 1e-3

// isCounter reports whether state k is one of the cascade's cumulative
// counters (they record history, and no rate reads them).
func isCounter(k int) bool {
	switch k {
	case cascade.CAMPDone, cascade.Degraded, cascade.Synthesised, cascade.Endocytosed, cascade.Exocytosed:
		return true
	}
	return false
}
