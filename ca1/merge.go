package ca1

import (
	"math"
	"slices"

	"github.com/synlab/synlab/cascade"
)

// reduce merges class c's 2K children of the previous split (each
// particle's release and failure branch, weights π_i·q and π_i·(1 − q))
// back to K particles: greedy agglomeration with Ward's cost
// w_a·w_b/(w_a + w_b)·d², d the distance between the cascade states'
// CaMKII T286 fraction and trapped receptors relative to rest (the state
// that decides LTP and LTD) and the NMDA receptors' open fraction (in units
// of one release's peak: what makes the next release's Ca²⁺ supralinear in
// a fast train), each merge the weighted mean of cable state,
// cascade state (cascade.Read/Set) and Ca²⁺ statistics. With K = 1 the two
// branches merge into their mean. Both branch slots of each particle then
// hold its state, ready to split.
func (pop *Population) reduce(c int) {
	k2 := 2 * pop.kp
	q := pop.q[c]
	type group struct {
		w         float64
		members   []int // child indices 0..2K−1
		ck, tr, n float64
	}
	gs := make([]group, 0, k2)
	states := make([][]float64, k2)
	cw := make([]float64, k2) // child weights
	for r := range k2 {
		j := pop.slot(c, r/2, r%2)
		w := pop.pi[c][r/2] * q
		if r%2 == 1 {
			w = pop.pi[c][r/2] * (1 - q)
		}
		cw[r] = w
		states[r] = pop.cs[j].Read(nil)
		tot := cascade.TotalsOf(states[r])
		y := pop.y[nShared+nSlot*j:]
		gs = append(gs, group{w: w, members: []int{r}, ck: frac(states[r][cascade.CaMKIIP], tot.CaMKII), tr: cascade.Trapped(states[r]) / pop.trap0,
			n: y[sNB] - y[sNA]})
	}
	for len(gs) > pop.kp {
		ba, bb, best := 0, 1, math.Inf(1)
		for a := range gs {
			for b := a + 1; b < len(gs); b++ {
				cost := 0.0
				if w := gs[a].w + gs[b].w; w > 0 {
					d2 := (gs[a].ck-gs[b].ck)*(gs[a].ck-gs[b].ck) + (gs[a].tr-gs[b].tr)*(gs[a].tr-gs[b].tr) + (gs[a].n-gs[b].n)*(gs[a].n-gs[b].n)
					cost = gs[a].w * gs[b].w / w * d2
				}
				if cost < best {
					ba, bb, best = a, b, cost
				}
			}
		}
		ga, gb := gs[ba], gs[bb]
		w := ga.w + gb.w
		m := group{w: w, members: append(append([]int(nil), ga.members...), gb.members...)}
		if w > 0 {
			m.ck = (ga.w*ga.ck + gb.w*gb.ck) / w
			m.tr = (ga.w*ga.tr + gb.w*gb.tr) / w
			m.n = (ga.w*ga.n + gb.w*gb.n) / w
		} else {
			m.ck, m.tr, m.n = ga.ck, ga.tr, ga.n
		}
		gs[ba] = m
		gs = append(gs[:bb], gs[bb+1:]...)
	}
	// Weighted means of every member's state, per new particle.
	ns := nSlot
	ys := make([][]float64, k2)
	for r := range k2 {
		j := pop.slot(c, r/2, r%2)
		ys[r] = slices.Clone(pop.y[nShared+ns*j : nShared+ns*(j+1)])
	}
	caInt, caPeak := make([]float64, k2), make([]float64, k2)
	for r := range k2 {
		j := pop.slot(c, r/2, r%2)
		caInt[r], caPeak[r] = pop.caInt[j], pop.caPeak[j]
	}
	for i, g := range gs {
		y := make([]float64, ns)
		st := make([]float64, len(states[0]))
		ci, cp := 0.0, 0.0
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
			cp = math.Max(cp, caPeak[r])
		}
		for b := range 2 {
			j := pop.slot(c, i, b)
			copy(pop.y[nShared+ns*j:nShared+ns*(j+1)], y)
			_ = pop.cs[j].Set(st)
			pop.surf[j] = pop.cs[j].Surface()
			pop.caInt[j], pop.caPeak[j] = ci, cp
		}
		pop.pi[c][i] = g.w
	}
}
