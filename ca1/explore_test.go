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

func TestExploreNumbers(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip("set CA1_EXPLORE=1")
	}
	// Ca peak of a success vs the mean-field release in the reference spine.
	pop := onePop(t)
	pop.jump(0, 1)
	_ = pop.Advance(500, nil, nil)
	s1 := pop.Synapses()[0]
	pop = onePop(t)
	pop.jump(0, 0.24)
	_ = pop.Advance(500, nil, nil)
	s2 := pop.Synapses()[0]
	t.Logf("reference spine, one synapse on the cell: success peak %.3f uM (integral %.1f uM ms); r = 0.24: %.3f uM (%.1f)", s1.CaPeak-0.07, s1.CaIntegral, s2.CaPeak-0.07, s2.CaIntegral)
	// default population: per-class success peaks at the first pulse
	det, _ := New(Default(), nil)
	det.Pre(nil)
	_ = det.Advance(500, nil, nil)
	for _, s := range det.Synapses() {
		if s.Branch == 0 {
			t.Logf("class %2d: V %.3f fL, neck %.2f um, Pr %.3f, success Ca peak %.2f uM", s.Class, s.HeadVolume, s.NeckLength, s.Pr, s.CaPeakLast-0.07)
		}
	}
	for _, stoc := range []bool{false, true} {
		for _, tr := range []train{{baseline: 15 * 60000, n: 100, hz: 100, after: 60 * 60000}, lfs90()} {
			p := Default()
			p.Stochastic = stoc
			rng := rand.New(rand.NewPCG(1, 1))
			pop, _ := New(p, rng)
			t0 := time.Now()
			_ = tr.run(pop, rng, 0, nil)
			r := make([]float64, len(cols))
			pop.Read(r)
			t.Logf("stochastic %v, %g Hz x %d: strength %.3f receptors %.3f up %.2f down %.2f spikes %d (%v)", stoc, tr.hz, tr.n, pop.Strength(), r[10], r[14], r[15], pop.Spikes(), time.Since(t0))
		}
	}
}

func TestExploreParticles(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip("set CA1_EXPLORE=1")
	}
	for _, k := range []int{2, 4} {
		for _, tr := range []train{{baseline: 10000, n: 100, hz: 1, after: 120000}, {baseline: 10000, n: 100, hz: 100, after: 120000}} {
			p := Default()
			p.Recruited = 3
			p.Particles = k
			t.Logf("particles %d, %g Hz", k, tr.hz)
			agreement(t, p, tr, 3, 1, 10, 10)
		}
	}
}

// TestExploreFrequency: the Dudek & Bear protocol (900 pulses) at six
// rates with the default deterministic population and the present cascade.
func TestExploreFrequency(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip("set CA1_EXPLORE=1")
	}
	for _, hz := range []float64{0.5, 1, 3, 5, 10, 50} {
		pop, _ := New(Default(), nil)
		t0 := time.Now()
		_ = train{baseline: 15 * 60000, n: 900, hz: hz, after: 60 * 60000}.run(pop, nil, 0, nil)
		r := make([]float64, len(cols))
		pop.Read(r)
		t.Logf("%4g Hz: strength %+.1f%%, receptors %+.1f%%, up %.2f down %.2f, spikes %d (%v)", hz, 100*(pop.Strength()-1), 100*(r[10]-1), r[14], r[15], pop.Spikes(), time.Since(t0))
	}
}
