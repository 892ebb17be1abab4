package cascade

import (
	"math"
	"testing"

	"github.com/synlab/synlab/units"
)

// noTargets is CA1Quantal with calmodulin's targets switched off, so free
// CaM's C lobe can be checked against its closed forms.
func noTargets() Params {
	p := CA1Quantal()
	p.CaM.CaNOn, p.CaM.KOn4, p.CaM.KOn2C = 0, 0, 0
	return p
}

// TestCaMCLobeSteadyState: with no targets, the C-lobe-loaded fraction of
// free CaM at clamped Ca²⁺ settles at Faas's equilibrium
// Ca²/(Kd1·Kd2 + Kd2·Ca + Ca²) (Kd1 = 15.5 µM, Kd2 = 0.52 µM), and its
// approach from rest is exponential with rate cOn(Ca) + CK2Off.
func TestCaMCLobeSteadyState(t *testing.T) {
	p := noTargets()
	m := p.CaM
	kd1, kd2 := m.CK1Off/m.CK1On, m.CK2Off/m.CK2On
	for _, ca := range []float64{0.5, 1, 2.8, 10} {
		c, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		y0 := c.Read(nil)[CaMC] / m.Total
		rate := m.cOn(ca) + m.CK2Off
		tau := 1 / rate
		fixed := func(float64) float64 { return ca }
		if err := c.Advance(tau, fixed, nil, nil); err != nil {
			t.Fatal(err)
		}
		want := ca * ca / (kd1*kd2 + kd2*ca + ca*ca)
		got1 := c.Read(nil)[CaMC] / m.Total
		wantTau := want + (y0-want)*math.Exp(-1)
		if err := c.Advance(30*tau, fixed, nil, nil); err != nil {
			t.Fatal(err)
		}
		got := c.Read(nil)[CaMC] / m.Total
		t.Logf("Ca %.1f µM: loaded %.4f (closed form %.4f); after τ = %.1f ms %.4f (%.4f)", ca, got, want, tau, got1, wantTau)
		if math.Abs(got-want) > 1e-3*want || math.Abs(got1-wantTau) > 2e-3*want {
			t.Errorf("Ca %g µM: C lobe %g (want %g), after τ %g (want %g)", ca, got, want, got1, wantTau)
		}
	}
}

// TestCaMNLobeAndBound: the N lobe's equilibrium (Faas Kd1 104 µM, Kd2 1.37 µM) is half-loaded at
// 12.7 µM, and CaMKII-bound CaM is Ca₄ at ≥ 75% from 2 µM
// (Pepke's affinities), with dissociation between KOff4 and KOff0.
func TestCaMNLobeAndBound(t *testing.T) {
	m := CA1Quantal().CaM
	lo, hi := 0.1, 100.0
	for range 60 {
		mid := math.Sqrt(lo * hi)
		if m.n2(mid) < 0.5 {
			lo = mid
		} else {
			hi = mid
		}
	}
	f2, off2 := m.bound(2)
	_, off0 := m.bound(0)
	t.Logf("N lobe half-loaded at %.2f µM; CaMKII-bound CaM at 2 µM: Ca4 %.2f, off %.2f /s; at 0: off %.2f /s", lo, f2, off2*1000, off0*1000)
	if math.Abs(lo-12.7) > 0.3 || f2 < 0.75 || math.Abs(off0-m.KOff0) > 1e-12 || off2 < m.KOff4 || off2 > m.KOff2C {
		t.Errorf("N half %g µM, fK4(2 µM) %g, off(0) %g, off(2 µM) %g", lo, f2, off0, off2)
	}
}

// TestCA1QuantalConservation: through 100 Hz × 1 s, 900 pulses at 1 Hz
// and 10 min, every total is kept to a relative 1e-10 (CaM and the CaMKII
// CaM sites included) and the Jacobian pattern covers every step.
func TestCA1QuantalConservation(t *testing.T) {
	p := CA1Quantal()
	c, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	t0 := c.Totals()
	hfs := Transients{Rest: p.CaRest, Amp: 2.5, TauRise: 12, TauDecay: 70, Times: Train(1000, 0.1, 100)}
	if err := c.AdvanceTrain(hfs, 10*units.Second, nil, nil); err != nil {
		t.Fatal(err)
	}
	lfs := Transients{Rest: p.CaRest, Amp: 3.4, TauRise: 12, TauDecay: 70, Times: Train(c.T, 1e-3, 300)}
	if err := c.AdvanceTrain(lfs, c.T+300*units.Second+10*units.Minute, nil, nil); err != nil {
		t.Fatal(err)
	}
	t1 := c.Totals()
	for _, q := range []struct {
		name string
		a, b float64
	}{{"CaMKII", t0.CaMKII, t1.CaMKII}, {"CaN", t0.CaN, t1.CaN}, {"PKA", t0.PKA, t1.PKA}, {"I-1", t0.I1, t1.I1},
		{"PP1", t0.PP1, t1.PP1}, {"receptors", t0.Receptors, t1.Receptors}, {"sites", t0.Sites, t1.Sites},
		{"CaM", t0.CaM, t1.CaM}, {"CaMKII CaM sites", t0.CkCaM, t1.CkCaM}, {"TARP slots", t0.Tarp, t1.Tarp}} {
		if math.Abs(q.b-q.a) > 1e-10*math.Abs(q.a) {
			t.Errorf("%s total %g → %g", q.name, q.a, q.b)
		}
	}
	y := c.Read(nil)
	if math.Abs(y[CaNA]-y[CaNCaM]) > 1e-10 {
		t.Errorf("active calcineurin %g != CaM on calcineurin %g", y[CaNA], y[CaNCaM])
	}
	if n := c.sol.SparseFallbacks; n > 0 {
		t.Errorf("%d dense fallbacks: the Jacobian pattern misses entries of CA1Quantal", n)
	}
}

// TestCA1QuantalBistable: the CaMKII switch is bistable at rest with the
// fitted BasalPSD: UP (0.85) stays above upFraction for 2 h, and DOWN
// stays below 1e-3 for 2 h of okadaic acid (2% of PP1) and of PP1 and PP2A
// both blocked (0.1% left).
func TestCA1QuantalBistable(t *testing.T) {
	p := CA1Quantal()
	up := restUp(t, p)
	oa := restDown(t, p, okadaic)
	// Every T286 phosphatase blocked (calyculin A: PP1 and PP2A): the DOWN
	// state holds, because resting autophosphorylation needs PSD-bound
	// CaMKII (BasalPSD, Bayer et al. 2001) and grows as b·x ∝ x².
	caly := restDown(t, p, func(q *Params) { q.PP1Scale, q.PP2AScale = 1e-3, 1e-3 })
	t.Logf("UP 0.85 → %.3f after 2 h at rest; DOWN with okadaic acid → %.1e, with PP1 and PP2A blocked → %.1e", up, oa, caly)
	if up < upFraction || oa > 1e-3 || caly > 1e-3 {
		t.Errorf("CA1Quantal not bistable: UP → %.3f, DOWN with okadaic acid → %.1e, PP1 and PP2A blocked → %.1e", up, oa, caly)
	}
}

// TestCA1QuantalSigns: a cheap sign check on a spine of the readout's
// size (success transients 2 µM above rest): 300 pulses at 1 Hz lower the
// trapped count, 100 Hz × 1 s of a 2.5 µM plateau-like train raises it.
func TestCA1QuantalSigns(t *testing.T) {
	p := CA1Quantal()
	run := func(d Transients, end float64) float64 {
		c, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		t0 := c.Surface()
		if err := c.AdvanceTrain(d, end, nil, nil); err != nil {
			t.Fatal(err)
		}
		return c.Surface()/t0 - 1
	}
	ltd := run(Transients{Rest: p.CaRest, Amp: 2, TauRise: 12, TauDecay: 70, Times: Train(1000, 1e-3, 600)}, 20*units.Minute)
	ltp := run(Transients{Rest: p.CaRest, Amp: 0.6, TauRise: 12, TauDecay: 70, Times: Train(1000, 0.1, 100)}, 20*units.Minute)
	t.Logf("600 x 1 Hz (2 µM): %+.1f%%; 100 x 100 Hz: %+.1f%%", 100*ltd, 100*ltp)
	if !(ltd < -0.05) || !(ltp > 0.05) {
		t.Errorf("signs: LFS %+.3f, HFS %+.3f", ltd, ltp)
	}
}

// TestTARPRest: at the resting state the labile TARP slots sit at the
// closed-form balance of their two reactions, P/(P + D) = kOn/(kOn + kOff)
// with kOn = KBasal + KCK·x and kOff = KPP1·PP1* (tarp.go), and their
// total is Labile·Slots.
func TestTARPRest(t *testing.T) {
	p := CA1Quantal()
	c, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	y := c.Read(nil)
	tp := p.TARP
	kOn := tp.KBasal + tp.KCK*y[CaMKIIP]/p.CaMKII.Total
	kOff := p.EndoPost * tp.KPP1 * p.PP1Scale * y[PP1F]
	want := kOn / (kOn + kOff)
	tot := y[TarpP] + y[TarpD]
	got := y[TarpP] / tot
	t.Logf("resting TARP-P fraction %.6f (closed form %.6f), total %.3f (Labile·Slots %.3f)", got, want, tot, tp.Labile*p.Traffic.Slots)
	if math.Abs(got-want) > 1e-6 || math.Abs(tot-tp.Labile*p.Traffic.Slots) > 1e-9*tot {
		t.Errorf("TARP rest %g (want %g), total %g (want %g)", got, want, tot, tp.Labile*p.Traffic.Slots)
	}
}

// TestTARPSaturates: LTD by TARP slot loss is bounded and lasting. A
// 900-pulse 1 Hz train of 2 µM transients (a readout-sized spine) removes
// most labile slots; a second train 30 min later removes less than a
// tenth of what the first did (the pool is spent: Mulkey & Malenka 1992
// "saturable"), no count goes negative and the TARP total is kept to
// 1e-10.
func TestTARPSaturates(t *testing.T) {
	p := CA1Quantal()
	c, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	y0 := c.Read(nil)
	tot := y0[TarpP] + y0[TarpD]
	lfs := func(t0 float64) Transients {
		return Transients{Rest: p.CaRest, Amp: 2, TauRise: 12, TauDecay: 70, Times: Train(t0, 1e-3, 900)}
	}
	if err := c.AdvanceTrain(lfs(1000), 1000+900*units.Second+30*units.Minute, nil, nil); err != nil {
		t.Fatal(err)
	}
	y1 := c.Read(nil)
	if err := c.AdvanceTrain(lfs(c.T), c.T+900*units.Second+30*units.Minute, nil, nil); err != nil {
		t.Fatal(err)
	}
	y2 := c.Read(nil)
	first, second := y0[TarpP]-y1[TarpP], y1[TarpP]-y2[TarpP]
	t.Logf("working labile slots %.1f → %.1f (first LFS) → %.1f (second); total %.1f", y0[TarpP], y1[TarpP], y2[TarpP], tot)
	if !(first > 0.5*y0[TarpP]) || !(second < 0.1*first) || y2[TarpP] < 0 {
		t.Errorf("TARP slot loss: first %g, second %g of %g", first, second, y0[TarpP])
	}
	if d := y2[TarpP] + y2[TarpD] - tot; math.Abs(d) > 1e-10*tot {
		t.Errorf("TARP total drifted by %g", d)
	}
}
