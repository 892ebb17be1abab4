package ca1

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ownSeeds: 24 seeds give a standard error of ≈ 0.03 mV (64 seeds:
// stochastic 8.888 ± 0.021 mV, deterministic 8.871, the old e = 1 − q
// 8.769 mV: 5.7 SE low).
const ownSeeds = 24

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
		for range 300 {
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
	sum, n := 0.0, 0
	var per []float64
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
			sum += v
			s1 += v
			n++
		}
		per = append(per, s1/float64(len(rel)))
	}
	stoch := sum / float64(n)
	_, se := meanSE(per)

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
}
