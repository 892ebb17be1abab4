package ca1

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/synlab/synlab/units"
)

// TestQuiet: the cable reads the AMPA counts right after a release, not a
// second later, and always with a bath agonist holding receptors open.
func TestQuiet(t *testing.T) {
	for _, tonic := range []float64{0, 0.01} {
		p := small(false, 0, 2, 1)
		p.AMPA.Tonic = tonic
		pop, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		pop.Pre(nil)
		if err := pop.Advance(5, nil, nil); err != nil {
			t.Fatal(err)
		}
		if pop.quiet() {
			t.Errorf("tonic %g: quiet 5 ms after a release", tonic)
		}
		if err := pop.Advance(995, nil, nil); err != nil {
			t.Fatal(err)
		}
		if got, want := pop.quiet(), tonic == 0; got != want {
			t.Errorf("tonic %g: quiet 1 s after a release: %v, want %v", tonic, got, want)
		}
	}
}

// TestQuietStretches: coupling the cascades once per quiet stretch (to
// the next event) instead of every Couple ms leaves the run as it was: a
// 30-pulse 1 Hz train between 2 and 3 min of test pulses every 30 s,
// recorded every 10 s, gives the strength at every record outside the
// train and the final receptor content of a run coupled every 100 ms
// throughout, to 1e-3 (TestConvergence's criterion; measured 1e-4), with
// fewer cascade steps. (In the train the stretches are Couple long either
// way, so the records' counts lag by up to 1 s there against 0.1 s in the
// reference; and coupled every 1 s throughout, the records just after
// the train lag by up to 1 s, 1e-3 of strength, where a quiet stretch's
// records read their own counts.)
func TestQuietStretches(t *testing.T) {
	tr := train{baseline: 2 * units.Minute, n: 30, hz: 1, after: 3 * units.Minute}
	var at []float64 // record times
	run := func(noQuiet bool) (st []float64, ampar float64, steps int) {
		rng := rand.New(rand.NewPCG(2, 2))
		p := small(false, 0, 2, 1)
		if noQuiet {
			p.Couple = 100
		}
		pop, err := New(p, rng)
		if err != nil {
			t.Fatal(err)
		}
		pop.noQuiet = noQuiet
		at = at[:0]
		if err := tr.run(pop, rng, 10*units.Second, func(tr float64) {
			at = append(at, tr)
			st = append(st, pop.Strength())
		}); err != nil {
			t.Fatal(err)
		}
		r := make([]float64, len(cols))
		pop.Read(r)
		for _, c := range pop.cs {
			steps += c.Steps()
		}
		return st, r[10], steps
	}
	s1, a1, n1 := run(false)
	s0, a0, n0 := run(true)
	if len(s1) != len(s0) || len(s1) == 0 {
		t.Fatalf("%d and %d records", len(s1), len(s0))
	}
	worst, n := 0.0, 0
	for i := range s1 {
		if at[i] >= tr.baseline && at[i] <= tr.baseline+float64(tr.n)*units.Second {
			continue // in the train: no quiet stretch, but Couple differs
		}
		n++
		worst = math.Max(worst, math.Abs(s1[i]-s0[i]))
	}
	t.Logf("quiet stretches: %d cascade steps against %d; largest strength difference %.2e over the %d records outside the train (final %.6f / %.6f), receptors %.6f / %.6f",
		n1, n0, worst, n, s1[len(s1)-1], s0[len(s0)-1], a1, a0)
	if worst > 1e-3 || math.Abs(a1-a0) > 1e-3 {
		t.Errorf("quiet stretches move the run: strength by %.2e, receptors %.6f vs %.6f", worst, a1, a0)
	}
	if n1 >= n0 {
		t.Errorf("quiet stretches take %d cascade steps, every second %d", n1, n0)
	}
}

// quietAfterTrain is a small population after five stimuli 200 ms apart,
// quiet, with Strength already read in an observer (prefetch), and its
// random source.
func quietAfterTrain(t *testing.T) (*Population, *rand.Rand) {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 3))
	pop, err := New(small(false, 0, 2, 1), rng)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		pop.Pre(rng)
		if err := pop.Advance(200, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	pop.prefetch = true // as after a first Strength in an observer
	return pop, rng
}

// TestQuietRecordStrength: in a quiet stretch a record's strength is the
// probe's for that record's own receptor counts (no memo, no lag).
func TestQuietRecordStrength(t *testing.T) {
	pop, _ := quietAfterTrain(t)
	n := 0
	if err := pop.Advance(20000, []float64{pop.Time() + 3000, pop.Time() + 12000}, func(float64) {
		got := pop.Strength()
		a, err := pop.probe.measure(pop.inObs.surf)
		if err != nil {
			t.Fatal(err)
		}
		if want := a / pop.epsp0; got != want || !pop.inObs.ampOK {
			t.Errorf("record %d: strength %.9f, the probe of its own counts %.9f (precomputed %v)", n, got, want, pop.inObs.ampOK)
		}
		n++
	}); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("%d records observed", n)
	}
}

// TestQuietEndSeedsProbe: a record at the end of a quiet stretch leaves
// its amplitude in the probe's memo, so the Strength read right after the
// Advance (the engine's test pulse at that time) is served without a
// second test pulse, and it is the value a fresh probe of those counts
// gives, bit for bit. A record before the end leaves the memo alone.
func TestQuietEndSeedsProbe(t *testing.T) {
	pop, rng := quietAfterTrain(t)
	end := pop.Time() + 20000
	if err := pop.Advance(20000, []float64{pop.Time() + 12000}, func(float64) { _ = pop.Strength() }); err != nil {
		t.Fatal(err)
	}
	if pop.probe.serves(pop.probe.keyOf(pop.surf)) {
		t.Fatal("a record 8 s before the end seeded the memo with the end's counts")
	}
	pop.Pre(rng)
	if err := pop.Advance(20000, []float64{end + 10000, end + 20000}, func(float64) { _ = pop.Strength() }); err != nil {
		t.Fatal(err)
	}
	if !pop.probe.serves(pop.probe.keyOf(pop.surf)) {
		t.Fatal("the record at the stretch's end did not seed the probe's memo")
	}
	got := pop.Strength()
	a, err := pop.probe.measure(pop.surf)
	if err != nil {
		t.Fatal(err)
	}
	if want := a / pop.epsp0; got != want {
		t.Errorf("strength after the Advance %.12f, a fresh probe of the same counts %.12f", got, want)
	}
}
