package cascade

import (
	"math"
	"testing"

	"github.com/synlab/synlab/units"
)

// upFraction: the UP state has most subunits phosphorylated; DOWN ≪ 1%.
const upFraction = 0.5

// camkiiBalance returns phos − dephos [µM/ms] at Kp for Ca²⁺ ca and free
// PP1 pp1, at p's PP2A level.
func camkiiBalance(p Params, kp, ca, pp1 float64) float64 {
	ck := p.CaMKII
	return ck.phos(ck.Total-kp, kp, ca) - kp*ck.dephosRate(kp, p.CaMKIIScale*pp1, p.PP2AScale*p.PP2A.Level)
}

// TestCaMKIIBistable: at resting Ca²⁺, with PP1 at its resting level,
// phos − dephos over Kp ∈ (0, S) changes sign three times: a stable DOWN
// state, an unstable threshold and a stable UP state: two stable states, in the untreated
// spine and with calcineurin blocked (PP1 lower). The simulation agrees:
// an UP state set by hand stays UP for 6 h at rest, the resting state
// from New is DOWN.
func TestCaMKIIBistable(t *testing.T) {
	for _, set := range []struct {
		name string
		mod  func(*Params)
	}{{"untreated", func(*Params) {}}, {"CaNScale=0", func(p *Params) { p.CaNScale = 0 }}} {
		p := Default()
		set.mod(&p)
		c, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		y := c.Read(nil)
		pp1 := y[PP1F]
		S := p.CaMKII.Total
		// Log-spaced grid from 1e-7·S: phos − dephos is + at Kp → 0
		// (initiation), − above the DOWN root, + above the threshold and −
		// above the UP root.
		signs := ""
		var roots []float64
		for i := 0; i <= 7000; i++ {
			kp := S * math.Pow(10, -7+float64(i)/1000)
			s := "-"
			if camkiiBalance(p, kp, p.CaRest, pp1) > 0 {
				s = "+"
			}
			if signs != "" && s != signs[len(signs)-1:] {
				roots = append(roots, kp/S)
			}
			if signs == "" || s != signs[len(signs)-1:] {
				signs += s
			}
		}
		x0 := y[CaMKIIP] / S
		t.Logf("%s: PP1 %.3g µM at rest; sign of phos − dephos over Kp: %q at x = %.3g (DOWN, threshold, UP); New's rest x = %.3g",
			set.name, pp1, signs, roots, x0)
		if signs != "+-+-" {
			t.Errorf("%s: sign pattern %q, want \"+-+-\" (DOWN, threshold, UP)", set.name, signs)
		}
		if x0 > 0.01 {
			t.Errorf("%s: resting state from New has x = %.3g, want DOWN", set.name, x0)
		}
		y[CaMKIIU], y[CaMKIIP] = 0.1*S, 0.9*S
		if err := c.Set(y); err != nil {
			t.Fatal(err)
		}
		rest := func(float64) float64 { return p.CaRest }
		if err := c.Advance(6*units.Hour, rest, nil, nil); err != nil {
			t.Fatal(err)
		}
		if x := c.Read(nil)[CaMKIIP] / S; x < upFraction {
			t.Errorf("%s: UP state decayed to x = %.3f in 6 h at rest", set.name, x)
		}
	}
}

// TestCaMKIIWindow: KCat2A and KCat are fitted to the middle of the
// windows (found by scanning, docs/cascade-model.md) in which
// (a) 900 × 1 Hz with calcineurin blocked leaves CaMKII DOWN (B13),
// (b) 100 Hz × 1 s and (c) 900 × 10 Hz leave it UP 60 min later (M6, B6),
// and (d) 900 × 5 Hz leaves it DOWN (B6): KCat2A 7.5–11 /s (lower edge
// a, upper edges b and c), KCat 2.2–5 /s (lower edge d, upper edge c,
// where the PP1 released after the train erases the UP state). The test
// checks that 0.85× and 1.15× the fitted KCat2A, and 0.7× and 1.4× the
// fitted KCat, still satisfy the conditions that bound them, so the fit
// does not sit on an edge.
func TestCaMKIIWindow(t *testing.T) {
	t.Parallel()
	scaled := func(k2, k float64) Params {
		p := Default()
		p.CaMKII.KCat2A *= k2
		p.CaMKII.KCat *= k
		return p
	}
	fk := func(p *Params) { p.CaNScale = 0 }
	type check struct {
		name string
		p    Params
		drug func(*Params)
		d    Transients
		up   bool
	}
	checks := []check{
		{"0.85 × KCat2A, FK506 + LFS", scaled(0.85, 1), fk, lfs(1*units.Hz, 900), false},
		{"1.15 × KCat2A, HFS", scaled(1.15, 1), nil, lfs(100*units.Hz, 100), true},
		{"1.15 × KCat2A, 900 × 10 Hz", scaled(1.15, 1), nil, lfs(10*units.Hz, 900), true},
		{"0.7 × KCat, 900 × 5 Hz", scaled(1, 0.7), nil, lfs(5*units.Hz, 900), false},
		{"1.4 × KCat, 900 × 10 Hz", scaled(1, 1.4), nil, lfs(10*units.Hz, 900), true},
	}
	res := make([]outcome, len(checks))
	ensemble(len(checks), func(i int) {
		c := checks[i]
		var err error
		if c.drug != nil {
			var q Params
			var cs *Cascade
			cs, q, err = startDrug(c.p, c.drug)
			if err == nil {
				d := c.d
				d.Times = make([]float64, len(c.d.Times))
				for k, on := range c.d.Times {
					d.Times[k] = on + cs.T
				}
				res[i], err = follow(cs, q, d)
			}
		} else {
			res[i], err = runE(c.p, c.d)
		}
		if err != nil {
			t.Error(err)
		}
	})
	for i, c := range checks {
		o := res[i]
		t.Logf("%-28s CaMKII-P peak %.3f, %.3f at 60 min (want UP: %v)", c.name, o.xMax, o.x60, c.up)
		if c.up != (o.x60 > upFraction) || (!c.up && o.x60 > 0.01) {
			t.Errorf("%s: CaMKII-P %.3f at 60 min", c.name, o.x60)
		}
	}
}
