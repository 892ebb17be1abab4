package ca1

import (
	"math"
	"strings"
	"testing"
)

// TestTLTDTrace: a back-propagating spike makes the L-type signal E
// (tltd.go), which then decays with τE: between 30 and 60 ms after the
// spike E − E_rest falls by e^{−30/τE} to 1e-3 (the VGCCs have closed
// again; measured: 5e-5). A presynaptic
// release alone makes almost none. E converges with the cable's
// tolerance: at RelTol 1e-4 (default) and 1e-6 E 30 ms after the spike
// agrees to 1e-3.
func TestTLTDTrace(t *testing.T) {
	p := Default()
	e30, e60, rest, rel := tltdSpike(t, p)
	want := math.Exp(-30 / p.TLTD.Tau)
	ratio := (e60 - rest) / (e30 - rest)
	t.Logf("E: rest %.2e ms, 100 ms after a release %.2e ms, 30 ms after a spike %.4f ms, 60 ms after %.4f ms (ratio above rest %.5f, e^{-30/tau} %.5f)", rest, rel, e30, e60, ratio, want)
	if math.Abs(ratio/want-1) > 1e-3 {
		t.Errorf("E decays by %.5f in 30 ms, want %.5f", ratio, want)
	}
	if !(e30 > 0.05 && e30 < 0.5) {
		t.Errorf("E 30 ms after a spike = %g ms, want 0.05-0.5 (one open channel for ~1 ms, decayed)", e30)
	}
	if !(rel-rest < 0.01*e30) {
		t.Errorf("E after a release alone = %g ms, want < 1%% of a spike's (%g)", rel, e30)
	}
	fine := p
	fine.RelTol, fine.AbsTol = 1e-6, 1e-8
	f30, _, _, _ := tltdSpike(t, fine)
	t.Logf("E 30 ms after a spike: %.6f ms at RelTol 1e-4, %.6f at 1e-6", e30, f30)
	if math.Abs(e30/f30-1) > 1e-3 {
		t.Errorf("E 30 ms after a spike %g at RelTol 1e-4, %g at 1e-6: differ by more than 1e-3", e30, f30)
	}
}

// tltdSpike returns class 0's E 30 and 60 ms after a somatic spike, at
// rest, and 100 ms after a release.
func tltdSpike(t *testing.T, p Params) (e30, e60, rest, rel float64) {
	t.Helper()
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := pop.Advance(200, nil, nil); err != nil {
		t.Fatal(err)
	}
	rest = pop.tltdClass(0)
	pop.Pre(nil)
	if err := pop.Advance(100, nil, nil); err != nil {
		t.Fatal(err)
	}
	rel = pop.tltdClass(0)
	pop.SomaticSpike()
	if err := pop.Advance(30, nil, nil); err != nil {
		t.Fatal(err)
	}
	if pop.Spikes() != 1 {
		t.Fatalf("%d spikes, want 1", pop.Spikes())
	}
	e30 = pop.tltdClass(0)
	if err := pop.Advance(30, nil, nil); err != nil {
		t.Fatal(err)
	}
	return e30, pop.tltdClass(0), rest, rel
}

// pairedPop runs n pairings at 1 Hz (dt < 0: spike first; n = 0: rest)
// on a new population of p, after 200 ms at rest, and returns it.
func pairedPop(t *testing.T, p Params, dt float64, n int) *Population {
	t.Helper()
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	step := func(d float64) {
		if d > 0 {
			if err := pop.Advance(d, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	step(200)
	for range n {
		if dt < 0 {
			pop.SomaticSpike()
			step(-dt)
			pop.Pre(nil)
			step(1000 + dt)
		} else {
			pop.Pre(nil)
			step(dt)
			pop.SomaticSpike()
			step(1000 - dt)
		}
	}
	return pop
}

// tltdPairs runs n pairings at 1 Hz (pairedPop) and returns the
// share-weighted t-LTD D of the boutons.
func tltdPairs(t *testing.T, p Params, dt float64, n int) float64 {
	t.Helper()
	pop := pairedPop(t, p, dt, n)
	d := 0.0
	for i, s := range pop.syn {
		d += s.Share * pop.dep[i]
	}
	return d
}

// culture returns Default in Bi & Poo's culture saline (cultureCaO,
// cultureMgO), the bath of the B18–B22 cases and of TLTD.Gain's fit.
func culture() Params {
	p := Default()
	p.SetBath(cultureCaO, cultureMgO)
	return p
}

// TestTLTDOrder: post→pre pairing depresses release and pre→post does
// not; nimodipine (no L-type current) and APV (no NMDA receptors) each
// abolish it; the gain 0 switches it off. Bi & Poo's protocol in their
// saline.
func TestTLTDOrder(t *testing.T) {
	p := culture()
	post := tltdPairs(t, p, -10, 10)
	pre := tltdPairs(t, p, 10, 10)
	nim := p
	nim.VGCC.SL = 0
	apv := p
	apv.Drugs.NMDA = 0
	off := p
	off.TLTD.Gain = 0
	dn, da, do := tltdPairs(t, nim, -10, 10), tltdPairs(t, apv, -10, 10), tltdPairs(t, off, -10, 10)
	t.Logf("D after 10 pairings: -10 ms %.4f, +10 ms %.2e; -10 ms in nimodipine %g, in APV %g, gain 0 %g", post, pre, dn, da, do)
	if !(post > 0.02) {
		t.Errorf("post-pre D = %g, want > 0.02", post)
	}
	if !(pre < 0.02*post) {
		t.Errorf("pre-post D = %g, want < 2%% of post-pre's %g", pre, post)
	}
	if dn != 0 || da != 0 || do != 0 {
		t.Errorf("D = %g (nimodipine), %g (APV), %g (off), want 0", dn, da, do)
	}
}

// TestTLTDValidate: bad constants are refused with the field and value.
func TestTLTDValidate(t *testing.T) {
	for _, c := range []struct {
		set  func(*TLTD)
		want string
	}{
		{func(d *TLTD) { d.Gain = -1 }, "TLTD.Gain = -1"},
		{func(d *TLTD) { d.Gain = math.Inf(1) }, "TLTD.Gain = +Inf"},
		{func(d *TLTD) { d.N = 0 }, "TLTD.N = 0"},
		{func(d *TLTD) { d.Tau = 0 }, "TLTD.Tau = 0"},
		{func(d *TLTD) { d.Tau = math.NaN() }, "TLTD.Tau = NaN"},
	} {
		p := Default()
		c.set(&p.TLTD)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error naming %q", err, c.want)
		}
	}
}

// TestExpQuad: expQuad's weights integrate 1, u and u² against the kernel
// e^{−z(1−u)} exactly (closed forms, checked in the series' range, at the
// switch and far beyond it), and give Simpson's at z → 0.
func TestExpQuad(t *testing.T) {
	for _, z := range []float64{1e-9, 1e-3, 0.3, 0.999, 1, 1.001, 7, 300, 3e4} {
		a0, am, a1 := expQuad(z)
		e := math.Exp(-z)
		// exact ∫₀¹ u^k e^{−z(1−u)} du for k = 0, 1, 2 (closed forms in u).
		i0 := -math.Expm1(-z) / z
		i1 := 1/z - (1-e)/(z*z)
		i2 := 1/z - 2/(z*z) + 2*(1-e)/(z*z*z)
		if z < 1e-2 { // the closed forms cancel: Σ (−z)^n/n!·∫u^k(1−u)^n du (Beta integrals)
			i0, i1, i2 = 0, 0, 0
			term := 1.0
			for n := 0.0; n < 12; n++ {
				i0 += term / (n + 1)
				i1 += term / ((n + 1) * (n + 2))
				i2 += term * 2 / ((n + 1) * (n + 2) * (n + 3))
				term *= -z / (n + 1)
			}
		}
		got := [3]float64{a0 + am + a1, am/2 + a1, am/4 + a1}
		want := [3]float64{i0, i1, i2}
		for k := range got {
			if d := math.Abs(got[k] - want[k]); d > 1e-12*math.Max(1, math.Abs(want[k])) && d > 1e-13 {
				t.Errorf("z = %g, ∫u^%d: %.16g, want %.16g", z, k, got[k], want[k])
			}
		}
	}
	a0, am, a1 := expQuad(0)
	if math.Abs(a0-1.0/6) > 1e-15 || math.Abs(am-2.0/3) > 1e-15 || math.Abs(a1-1.0/6) > 1e-15 {
		t.Errorf("z = 0: %g %g %g, want Simpson's 1/6 2/3 1/6", a0, am, a1)
	}
}
