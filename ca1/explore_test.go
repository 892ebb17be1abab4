package ca1

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

func TestExploreLFS(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip("set CA1_EXPLORE=1")
	}
	p := Default()
	if os.Getenv("CA1_STOC") != "" {
		p.Stochastic, p.N = true, 30
	}
	if w := os.Getenv("CA1_WORKERS"); w != "" {
		p.Workers = int(w[0] - '0')
	}
	rng := rand.New(rand.NewPCG(1, 1))
	t0 := time.Now()
	pop, err := New(p, rng)
	if err != nil {
		t.Fatal(err)
	}
	pop.noOwn = os.Getenv("CA1_NOOWN") != ""
	pop.updateWeights()
	t.Logf("New: %v, EPSP0 %.3f mV", time.Since(t0), pop.EPSP0())
	t0 = time.Now()
	if err := lfs90().run(pop, rng, 60000, func(tm float64) {
		if int(tm)%(5*60000) == 0 {
			row := make([]float64, len(Cols()))
			pop.Read(row)
			t.Logf("t %5.1f min strength %.3f ampar_rel %.3f ca_mean %.3f ck %.3f can %.3f pp1 %.3f up %.2f down %.2f", tm/60000, pop.Strength(), row[10], row[3], row[11], row[12], row[13], row[14], row[15])
		}
	}); err != nil {
		t.Fatal(err)
	}
	t.Logf("LFS90: %v, cable steps %d rejected %d, strength %.3f", time.Since(t0), pop.sol.Steps, pop.sol.Rejected, pop.Strength())
}
