package ca1

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
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
func agreement(t *testing.T, p Params, tr train, kv, kr, reps, seeds int) (z, bias [3]float64) {
	p.KV, p.KR = kv, kr
	p.N = kv * kr * reps // the deterministic mode stands for the replicas' synapses (its own-release excess, cable.go)
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
		bias[i] = d[i] - m
		t.Logf("%-20s deterministic %.4f, stochastic %.4f ± %.4f (SE, %d seeds): z = %+.2f", name, d[i], m, se, seeds, z[i])
	}
	return z, bias
}

// TestDetVsStoch: the deterministic mode against the mean over seeds of
// stochastic release on the same synapses (each class replicated, weights
// 1/Replicas of it), for an LFS-like (1 Hz) and an HFS-like (100 Hz) train
// at a stimulus that does not fire the soma (Recruited = 3). The Ca²⁺
// integral over the train must lie within 2.5 standard errors; receptor
// content and strength within 3% (the branch merge's moment closure
// leaves a bias of 1–2.5%, which at 10 seeds is 2–4 standard errors: see
// docs/population-model.md §4). Short trains here; CA1_LONG=1 runs 100
// pulses and more seeds (TestDetVsStochLong).
func TestDetVsStoch(t *testing.T) {
	p := Default()
	p.Recruited = 3
	for _, tr := range []train{{baseline: 5000, n: 30, hz: 1, after: 30000}, {baseline: 5000, n: 30, hz: 100, after: 30000}} {
		t.Run(fmt.Sprintf("%gHz", tr.hz), func(t *testing.T) {
			checkAgreement(t, p, tr, 2, 1, 6, 8, 0.03)
		})
	}
}

func checkAgreement(t *testing.T, p Params, tr train, kv, kr, reps, seeds int, tol float64) {
	z, bias := agreement(t, p, tr, kv, kr, reps, seeds)
	if math.Abs(z[0]) > 2.5 {
		t.Errorf("Ca integral: deterministic %.2f standard errors from the stochastic mean", z[0])
	}
	for i, name := range []string{"", "receptors", "strength"} {
		if i > 0 && math.Abs(bias[i]) > tol {
			t.Errorf("%s: deterministic differs from the stochastic mean by %.3f", name, bias[i])
		}
	}
}

// TestDetVsStochLong is TestDetVsStoch with 100-pulse trains, 3 × 1
// classes, 10 replicas and 10 seeds (about 6 s). With the round-2 cascade
// the merge's bias grew with the train (after 100 pulses at 100 Hz −5.7%
// of baseline in receptors, −8.1% in strength); with the present one every
// bias is below 1% (100 Hz: every replica ends at the slot ceiling);
// tolerance 10% (docs/population-model.md §4).
func TestDetVsStochLong(t *testing.T) {
	if os.Getenv("CA1_LONG") == "" {
		t.Skip("set CA1_LONG=1")
	}
	p := Default()
	p.Recruited = 3
	for _, tr := range []train{{baseline: 10000, n: 100, hz: 1, after: 120000}, {baseline: 10000, n: 100, hz: 100, after: 120000}} {
		t.Run(fmt.Sprintf("%gHz", tr.hz), func(t *testing.T) {
			checkAgreement(t, p, tr, 3, 1, 10, 10, 0.1)
		})
	}
}
