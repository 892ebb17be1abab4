package ca1

import "math"

// The deterministic mode's release branches carry their site's memory.
//
// A stochastic bouton is one release site, the three-state chain ready →
// occupied → empty → ready (release.go): a site that has just released is
// not ready at the next spike unless it has cleared and refilled. The
// class's mean ready fraction D (dMF) is the chain's marginal, exact for
// the mean release of the class, but a release branch that uses it
// releases again at the next spike as often as its failure branch does.
// Each slot therefore carries the chain's distribution conditional on its
// branch's history, (D_j, C_j) (ready and occupied), propagated between
// spikes by the same affine map as the class mean (Propagate) and merged
// with the branches' weights (reduce). At a spike with fusion probability
// P, particle k of a class (ready fraction D_k) splits into
//
//	release (weight π_k·P·D_k):       D = 0, C = 1
//	failure (weight π_k·(1 − P·D_k)): D = D_k(1 − P)/(1 − P·D_k), C = C_k/(1 − P·D_k)
//
// Bayes' rule on the chain: exact, and Σ_k π_k·D_k = D, so the class's
// mean release is unchanged. With one particle per class the two branches
// merge into the mean at the next spike and this is the mean field; with
// more, a synapse that released at 100 Hz is less likely to release at
// the next spike, as a stochastic site is (docs/population-model.md §4).

// propagateAll advances the class means and, in the deterministic mode,
// every slot's conditional (D, C) from preT to t.
func (pop *Population) propagateAll(t float64) {
	pop.propagate(pop.dMF, pop.cMF, t)
	if pop.dS != nil {
		pop.propagate(pop.dS, pop.cS, t)
	}
}

// split splits class c's particles at a spike with fusion probability
// prob: each particle's release probability P·D_k, then its branches'
// conditional site states and releases.
func (pop *Population) split(c int, prob float64) {
	for k := range pop.kp {
		jr, jf := pop.slot(c, k, 0), pop.slot(c, k, 1)
		d, cc := pop.dS[jr], pop.cS[jr] // both branch slots hold the particle's state (reduce)
		q := prob * d
		pop.qp[c][k] = q
		pop.dS[jr], pop.cS[jr] = 0, 1
		if q < 1 {
			pop.dS[jf], pop.cS[jf] = d*(1-prob)/(1-q), cc/(1-q)
		}
		pop.jump(jr, 1)
		pop.jump(jf, 0)
	}
}

// kTarget is the number of particles class merges keep at a stimulus at t:
// all of them within a burst (the previous stimulus FastInterval or less
// before), else SlowParticles (if set). After a 100 Hz train the branches
// a coincidence switched and those it did not must stay apart, which
// three particles do; sixteen are needed only while the train runs
// (docs/ca1-decoder.md §31.1: HFS × 1 +39.5% with 16 throughout, +39.9
// with 16 in the train and 3 between; with the distance as first
// declared +38.6, +38.5, and +38.9 with 2 between, +40.7 with 1).
// The particles beyond it get weight 0 (retire) and their cascades are not
// integrated until a merge gives them weight again (live).
func (pop *Population) kTarget(t float64) int {
	if pop.p.SlowParticles <= 0 || math.IsInf(pop.term.Last, -1) || t-pop.term.Last <= FastInterval {
		return pop.kp
	}
	return min(pop.p.SlowParticles, pop.kp)
}

// live reports whether slot j stands for any synapse: always in the
// stochastic mode; in the deterministic one, when its particle has weight.
func (pop *Population) live(j int) bool {
	if pop.p.Stochastic {
		return true
	}
	i, _ := pop.branch(j)
	return pop.pi[pop.class(j)][i] > 0
}
