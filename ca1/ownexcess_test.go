package ca1

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ownSeeds: 64 seeds give a standard error of ≈ 0.02 mV, enough to tell
// the old form e = 1 − q from the stochastic mean (the test asserts it).
const ownSeeds = 64

// ownSteps × 0.1 ms is the window of the peak (the head peaks within a few ms).
const ownSteps = 100

// TestOwnExcess checks the deterministic release branch's own-release
// excess (cable.go) against stochastic release on the same synapses: one
// class (KV = KR = 1) repeated 100 times with stochastic release
// (Replicas, each of weight Recruited/100 as one of N = 100 real synapses),
// one stimulus from rest. The head's peak depolarisation of the synapses
// that released, averaged over them and over seeds, is what the
// deterministic release branch (N = 100) must show. The e_j = 1 − q of
// the tree before 2026-12-07 (w1 = 1) gave a smaller one.
func TestOwnExcess(t *testing.T) {
	if testing.Short() {
		t.Skip("about 12 s")
	}
	peakHead := func(pop *Population, slots []int) []float64 {
		pk := make([]float64, len(slots))
		for k, j := range slots {
			pk[k] = pop.y[nShared+nSlot*j+sVH]
		}
		v0 := pk[0]
		for range ownSteps {
			if err := pop.Advance(0.1, nil, nil); err != nil {
				t.Fatal(err)
			}
			for k, j := range slots {
				pk[k] = math.Max(pk[k], pop.y[nShared+nSlot*j+sVH])
			}
		}
		for k := range pk {
			pk[k] -= v0
		}
		return pk
	}
	base := Default()
	base.KV, base.KR = 1, 1

	// Stochastic: the released replicas' mean peak, pooled over seeds.
	var sums, cnts []float64
	for seed := uint64(1); seed <= ownSeeds; seed++ {
		p := base
		p.Stochastic, p.Replicas = true, 100
		rng := rand.New(rand.NewPCG(seed, 3))
		pop, err := New(p, rng)
		if err != nil {
			t.Fatal(err)
		}
		pop.Pre(rng)
		var rel []int
		for j, r := range pop.release {
			if r > 0 {
				rel = append(rel, j)
			}
		}
		s1 := 0.0
		for _, v := range peakHead(pop, rel) {
			s1 += v
		}
		sums, cnts = append(sums, s1), append(cnts, float64(len(rel)))
	}
	stoch, se, n := pooled(sums, cnts)

	det := func(w1 float64) float64 {
		p := base
		p.N = int(math.Round(p.Recruited / w1))
		pop, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		pop.Pre(nil)
		return peakHead(pop, []int{pop.slot(0, 0, 0)})[0]
	}
	got, old := det(base.Recruited/100), det(1)
	t.Logf("head peak depolarisation after one release: stochastic %.3f ± %.3f mV (%d releases), deterministic %.3f mV, with e = 1 − q %.3f mV", stoch, se, n, got, old)
	if math.Abs(got-stoch) > 2.5*se {
		t.Errorf("deterministic release branch %.3f mV, stochastic %.3f ± %.3f mV: want within 2.5 standard errors", got, stoch, se)
	}
	if math.Abs(old-stoch) <= 2.5*se {
		t.Errorf("the old form e = 1 − q (%.3f mV) is within 2.5 standard errors of the stochastic %.3f ± %.3f mV too: the test cannot tell them apart", old, stoch, se)
	}
}

// pooled returns the mean over all releases of the seeds' sums (sums[i]
// over cnts[i] releases: the conditional mean given a release) and its
// standard error by the ratio estimator's delta method over seeds.
func pooled(sums, cnts []float64) (m, se float64, n int) {
	var s, c float64
	for i := range sums {
		s, c = s+sums[i], c+cnts[i]
	}
	m = s / c
	k := float64(len(sums))
	cbar := c / k
	var v float64
	for i := range sums {
		d := sums[i] - m*cnts[i]
		v += d * d
	}
	se = math.Sqrt(v/(k-1)/k) / cbar
	return m, se, int(c)
}
