package ca1

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/synlab/synlab/units"
)

// shortLFS is a 1 Hz train of 60 pulses with 30 s around it.
func shortLFS() train {
	return train{baseline: 10 * units.Second, n: 60, hz: 1, after: 30 * units.Second}
}

// final runs tr on p and returns the strength and the receptor content.
func final(t *testing.T, p Params, tr train, mods ...func(*Population)) (strength, ampar float64) {
	rng := rand.New(rand.NewPCG(4, 4))
	pop, err := New(p, rng)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		m(pop)
	}
	if err := tr.run(pop, rng, 0, nil); err != nil {
		t.Fatal(err)
	}
	r := make([]float64, len(cols))
	pop.Read(r)
	return pop.Strength(), r[10]
}

// TestConvergence: the cable tolerance (1e-4 against 1e-6), the coupling
// interval (1 s against 0.25 s), the cascade tolerance (1e-4 against 1e-6)
// and restarting only the cascades whose Ca²⁺ moved (against all) move the
// result of a 60-pulse LFS train by less than 1e-3 of the strength and
// receptor content.
func TestConvergence(t *testing.T) {
	base := small(false, 0, 2, 1)
	s0, a0 := final(t, base, shortLFS())
	s1, a1 := final(t, base, shortLFS(), func(p *Population) { p.restartAll = true })
	t.Logf("every cascade restarting after every event: strength %.6f, receptors %.6f", s1, a1)
	if math.Abs(s1-s0) > 1e-3 || math.Abs(a1-a0) > 1e-3 {
		t.Errorf("restarting only moving cascades moves the result: %g vs %g, %g vs %g", s0, s1, a0, a1)
	}
	for _, c := range []struct {
		name string
		mod  func(*Params)
	}{
		{"rtol 1e-6", func(p *Params) { p.RelTol, p.AbsTol = 1e-6, 1e-8 }},
		{"couple 250 ms", func(p *Params) { p.Couple = 250 }},
		{"cascade rtol 1e-6", func(p *Params) { p.CascadeRelTol = 1e-6 }},
	} {
		p := base
		c.mod(&p)
		s, a := final(t, p, shortLFS())
		t.Logf("%s: strength %.6f (default %.6f), receptors %.6f (%.6f)", c.name, s, s0, a, a0)
		if math.Abs(s-s0) > 1e-3 || math.Abs(a-a0) > 1e-3 {
			t.Errorf("%s moves the result: strength %g vs %g, receptors %g vs %g", c.name, s, s0, a, a0)
		}
	}
}

// TestBathActsEverywhere: lowering [Ca²⁺]o to 1.3 mM lowers release (the
// probe's EPSP) and the spines' Ca²⁺ per pulse; raising [Mg²⁺]o lowers
// both too (release through Dodge–Rahamimoff, Ca²⁺ through the block).
func TestBathActsEverywhere(t *testing.T) {
	measure := func(ca, mg float64) (epsp, caInt float64) {
		p := small(false, 0, 2, 1)
		p.SetBath(ca*units.Millimolar, mg*units.Millimolar)
		pop, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		pop.Pre(nil)
		if err := pop.Advance(500, nil, nil); err != nil {
			t.Fatal(err)
		}
		for _, s := range pop.Synapses() {
			caInt += s.Share * s.CaIntegral
		}
		return pop.EPSP0(), caInt
	}
	e2, c2 := measure(2, 1)
	e13, c13 := measure(1.3, 1)
	eMg, cMg := measure(2, 2)
	t.Logf("EPSP %.3f / %.3f / %.3f mV, Ca integral %.2f / %.2f / %.2f uM ms at 2 mM Ca / 1.3 mM Ca / 2 mM Mg", e2, e13, eMg, c2, c13, cMg)
	if !(e13 < 0.8*e2 && c13 < 0.8*c2) {
		t.Errorf("1.3 mM [Ca]o: EPSP %.3f vs %.3f, Ca %.2f vs %.2f: both must fall", e13, e2, c13, c2)
	}
	if !(eMg < e2 && cMg < c2) {
		t.Errorf("2 mM [Mg]o: EPSP %.3f vs %.3f, Ca %.2f vs %.2f: both must fall", eMg, e2, cMg, c2)
	}
}

// TestDrugs: APV (Drugs.NMDA = 0) removes the NMDA Ca²⁺ of a pulse and
// leaves the AMPA-only test EPSP unchanged (strength 1: no Ca²⁺, no
// receptor change); CNQX-like AMPA block lowers the
// test EPSP in proportion; an L-type block lowers bAP Ca²⁺; BAPTA lowers
// the pulse's Ca²⁺.
func TestDrugs(t *testing.T) {
	pulse := func(mod func(*Params), bap bool) (caInt, strength float64) {
		p := small(false, 0, 2, 1)
		pop, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		q := pop.Params()
		mod(&q)
		if err := pop.SetParams(q); err != nil {
			t.Fatal(err)
		}
		if bap {
			pop.SomaticSpike()
		} else {
			pop.Pre(nil)
		}
		if err := pop.Advance(500, nil, nil); err != nil {
			t.Fatal(err)
		}
		for _, s := range pop.Synapses() {
			caInt += s.Share * s.CaIntegral
		}
		return caInt, pop.Strength()
	}
	c0, s0 := pulse(func(*Params) {}, false)
	cAPV, sAPV := pulse(func(p *Params) { p.Drugs.NMDA = 0 }, false)
	_, sCNQX := pulse(func(p *Params) { p.Drugs.AMPA = 0.5 }, false)
	cB, _ := pulse(func(p *Params) { p.BAPTA.Total = 1000 }, false)
	b0, _ := pulse(func(*Params) {}, true)
	bL, _ := pulse(func(p *Params) { p.VGCC.SL = 0 }, true)
	t.Logf("Ca integral: control %.2f, APV %.2f, BAPTA %.2f; strength control %.4f APV %.4f CNQX %.4f; bAP Ca control %.2f, L-type blocked %.2f", c0, cAPV, cB, s0, sAPV, sCNQX, b0, bL)
	if !(cAPV < 0.2*c0) || math.Abs(sAPV-1) > 1e-6 {
		t.Errorf("APV: Ca %.2f of %.2f, strength %g of %g", cAPV, c0, sAPV, s0)
	}
	if !(sCNQX < 0.6*s0) {
		t.Errorf("AMPA block 50%%: strength %.3f of %.3f", sCNQX, s0)
	}
	if !(cB < 0.5*c0) || !(bL < b0) {
		t.Errorf("BAPTA: Ca %.2f of %.2f; L-type block: bAP Ca %.2f of %.2f", cB, c0, bL, b0)
	}
}

// TestClampAndSpike: SomaticSpike fires the soma once; a somatic clamp
// holds it at the command potential.
func TestClampAndSpike(t *testing.T) {
	pop, err := New(small(false, 0, 2, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	pop.SomaticSpike()
	if err := pop.Advance(100, nil, nil); err != nil {
		t.Fatal(err)
	}
	if pop.Spikes() != 1 {
		t.Errorf("one somatic pulse gives %d spikes", pop.Spikes())
	}
	pop.Clamp(-40, true)
	pop.Pre(nil)
	row := make([]float64, len(cols))
	if err := pop.Advance(50, []float64{pop.Time() + 10}, func(float64) { pop.Read(row) }); err != nil {
		t.Fatal(err)
	}
	if row[0] != -40 || !(row[1] > -45) {
		t.Errorf("clamped at -40 mV: soma %g, dendrite %g", row[0], row[1])
	}
}

// gPeaks applies Pre at the given times on a fresh deterministic
// population and returns the peak AMPA conductance of the recruited
// synapses after each (sampled every 0.02 ms over 5 ms).
func gPeaks(t *testing.T, p Params, times []float64) []float64 {
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]float64, len(cols))
	out := make([]float64, len(times))
	for k, te := range times {
		if err := pop.Advance(te-pop.Time(), nil, nil); err != nil {
			t.Fatal(err)
		}
		pop.Pre(nil)
		var ts []float64
		for i := 1; i <= 250; i++ {
			ts = append(ts, te+0.02*float64(i))
		}
		if err := pop.Advance(5, ts, func(float64) {
			pop.Read(row)
			out[k] = math.Max(out[k], row[5])
		}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestPopulationShortTerm: rows S1, S2 and S4 on the whole population (the
// peak AMPA conductance of the recruited synapses through the cable, in
// the deterministic mode), not only on the release scheme.
func TestPopulationShortTerm(t *testing.T) {
	p := Default()
	for _, dt := range []float64{20, 50} {
		g := gPeaks(t, p, []float64{1000, 1000 + dt})
		t.Logf("S1: PPR at %g ms = %.3f", dt, g[1]/g[0])
		if r := g[1] / g[0]; r < 1.2 || r > 2.5 {
			t.Errorf("S1: population PPR at %g ms = %.3f", dt, r)
		}
	}
	g := gPeaks(t, p, periodic(10, 1000))
	t.Logf("S2: 10th/1st at 1 Hz = %.3f", g[9]/g[0])
	if r := g[9] / g[0]; r < 1.10 || r > 1.40 {
		t.Errorf("S2: 10th/1st at 1 Hz = %.3f, want 1.10-1.40", r)
	}
	ts := periodic(20, 40)
	a := gPeaks(t, p, ts)
	pb := p
	pb.Endo.Pre = 0
	b := gPeaks(t, pb, ts)
	t.Logf("S4: 25 Hz last/first intact %.3f, retrieval blocked %.3f", a[19]/a[0], b[19]/b[0])
	if !(b[19]/b[0] < 0.7*a[19]/a[0]) {
		t.Errorf("S4: block does not deepen depression: %.3f vs %.3f", b[19]/b[0], a[19]/a[0])
	}
}

// TestReleaseNext: the release_next column follows the presynaptic state
// between spikes: facilitated 20 ms after a stimulus (PPR > 1), back to
// rest within 5% 10 s later (slow facilitation e^−2 left: ≈ 3%; sites
// refilled).
func TestReleaseNext(t *testing.T) {
	pop, err := New(Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]float64, len(cols))
	pop.Read(row)
	rest := row[8]
	pop.Pre(nil)
	var at20, at10s float64
	if err := pop.Advance(10000, []float64{20, 10000}, func(tm float64) {
		pop.Read(row)
		if tm == 20 {
			at20 = row[8]
		} else {
			at10s = row[8]
		}
	}); err != nil {
		t.Fatal(err)
	}
	t.Logf("release_next: rest %.4f, 20 ms %.4f, 10 s %.4f", rest, at20, at10s)
	if !(at20 > 1.5*rest) || !(at10s >= rest && at10s < 1.05*rest) {
		t.Errorf("release_next: rest %.4f, 20 ms %.4f, 10 s %.4f", rest, at20, at10s)
	}
}

// TestPairingBath: rows E1/E3 need release and spine Ca²⁺ to fall at
// physiological [Ca²⁺]o: the mean Ca²⁺ integral of one pre→post pairing
// (+10 ms) and of one post→pre pairing (−25 ms) at 1.3 mM is well below
// that at 2.5 mM.
func TestPairingBath(t *testing.T) {
	pair := func(ca, dt float64) float64 {
		p := small(false, 0, 3, 1)
		p.SetBath(ca*units.Millimolar, 1*units.Millimolar)
		pop, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		first, second := pop.Pre, func(*rand.Rand) float64 { pop.SomaticSpike(); return 0 }
		if dt < 0 {
			first, second = second, first
		}
		first(nil)
		if err := pop.Advance(math.Abs(dt), nil, nil); err != nil {
			t.Fatal(err)
		}
		second(nil)
		if err := pop.Advance(1000, nil, nil); err != nil {
			t.Fatal(err)
		}
		caInt := 0.0
		for _, s := range pop.Synapses() {
			caInt += s.Share * s.CaIntegral
		}
		return caInt
	}
	for _, dt := range []float64{10, -25} {
		hi, lo := pair(2.5, dt), pair(1.3, dt)
		t.Logf("pairing %+g ms: Ca integral %.1f uM ms at 2.5 mM, %.1f at 1.3 mM (%.0f%%)", dt, hi, lo, 100*lo/hi)
		if !(lo < 0.75*hi) {
			t.Errorf("pairing %+g ms: Ca at 1.3 mM %.1f of %.1f at 2.5 mM", dt, lo, hi)
		}
	}
}
