package ca1

import (
	"math"
	"math/rand/v2"
	"testing"
)

var noFeedback bool

// outcome are the quantities compared between the modes: the mean
// integrated spine Ca²⁺ above rest over the train (µM·s), the receptor
// content and the strength at the end, relative to rest.
type outcome struct {
	caInt, ampar, strength float64
	spikes                 int
}

// runOutcome runs tr on p with seed and returns its outcome, with the Ca²⁺
// integral taken at the end of the train.
func runOutcome(t testing.TB, p Params, seed uint64, tr train) outcome {
	rng := rand.New(rand.NewPCG(seed, 11))
	pop, err := New(p, rng)
	if err != nil {
		t.Fatal(err)
	}
	pop.noFeedback = noFeedback
	tTrain := tr.baseline + float64(tr.n)/(tr.hz*0.001)
	var o outcome
	if err := tr.run(pop, rng, tTrain, func(tm float64) {
		if tm == tTrain {
			for _, s := range pop.Synapses() {
				o.caInt += s.Share * s.CaIntegral / 1000
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	r := make([]float64, len(cols))
	pop.Read(r)
	o.ampar, o.strength, o.spikes = r[10], pop.Strength(), pop.Spikes()
	return o
}

// meanSE returns the mean and its standard error.
func meanSE(x []float64) (m, se float64) {
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	for _, v := range x {
		se += (v - m) * (v - m)
	}
	return m, math.Sqrt(se / float64(len(x)-1) / float64(len(x)))
}

// agreement compares the deterministic mode with the mean over seeds of
// stochastic release on the same quadrature synapses (Replicas), and
// reports |det − mean| in units of the standard error.
func agreement(t *testing.T, tr train, kv, kr, reps, seeds int) (z [3]float64) {
	p := Default()
	p.KV, p.KR = kv, kr
	det := runOutcome(t, p, 1, tr)
	p.Stochastic, p.Replicas = true, reps
	var xs [3][]float64
	sp := 0
	for s := range seeds {
		o := runOutcome(t, p, uint64(100+s), tr)
		sp += o.spikes
		xs[0] = append(xs[0], o.caInt)
		xs[1] = append(xs[1], o.ampar)
		xs[2] = append(xs[2], o.strength)
	}
	t.Logf("somatic spikes: deterministic %d, stochastic %.1f per run", det.spikes, float64(sp)/float64(seeds))
	d := [3]float64{det.caInt, det.ampar, det.strength}
	for i, name := range []string{"Ca integral [uM s]", "receptors (rel)", "strength"} {
		m, se := meanSE(xs[i])
		z[i] = (d[i] - m) / se
		t.Logf("%-20s deterministic %.4f, stochastic %.4f ± %.4f (SE, %d seeds): z = %+.2f", name, d[i], m, se, seeds, z[i])
	}
	return z
}
