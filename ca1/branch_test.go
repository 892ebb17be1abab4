package ca1

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestBranchSiteMemory: the deterministic branches' conditional site
// states (branch.go) keep the class's mean exactly (Σ weight·D_j = D and
// Σ weight·C_j = C after every stimulus, the weights summing to 1), a
// release branch of a 100 Hz train releases less often than a failure
// branch, and a stimulus after a pause keeps SlowParticles particles, the
// others retired with weight 0 and held fixed on the cable.
func TestBranchSiteMemory(t *testing.T) {
	p := small(false, 0, 2, 1)
	p.Particles, p.SlowParticles = 4, 2
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		for c := range pop.nCls {
			var w, d, cc float64
			for i := range pop.kp {
				for b := range 2 {
					j := pop.slot(c, i, b)
					wb := pop.pi[c][i] * pop.qp[c][i]
					if b == 1 {
						wb = pop.pi[c][i] * (1 - pop.qp[c][i])
					}
					w += wb
					d += wb * pop.dS[j]
					cc += wb * pop.cS[j]
				}
			}
			if math.Abs(w-1) > 1e-12 || math.Abs(d-pop.dMF[c]) > 1e-12 || math.Abs(cc-pop.cMF[c]) > 1e-12 {
				t.Errorf("%s, class %d: weights %.15g, mean D %.15g (class %.15g), mean C %.15g (class %.15g)", when, c, w, d, pop.dMF[c], cc, pop.cMF[c])
			}
		}
	}
	for k := range 6 {
		pop.Pre(nil)
		check("100 Hz train")
		if k == 5 {
			break
		}
		if err := pop.Advance(10, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	for c := range pop.nCls { // the particles' release probabilities differ: they remember
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range pop.kp {
			lo, hi = math.Min(lo, pop.qp[c][i]), math.Max(hi, pop.qp[c][i])
		}
		if !(hi-lo > 0.01) {
			t.Errorf("class %d: release probabilities of the particles %v: want a spread", c, pop.qp[c])
		}
	}
	if err := pop.Advance(500, nil, nil); err != nil {
		t.Fatal(err)
	}
	pop.Pre(nil)
	check("after a pause")
	for c := range pop.nCls {
		for i := range pop.kp {
			live := pop.pi[c][i] > 0
			if want := i < p.SlowParticles; live != want {
				t.Errorf("after a pause, class %d particle %d: weight %g, want live %v", c, i, pop.pi[c][i], want)
			}
			for b := range 2 {
				if j := pop.slot(c, i, b); pop.cab.slots[j].dead == live {
					t.Errorf("class %d particle %d branch %d: dead %v with weight %g", c, i, b, pop.cab.slots[j].dead, pop.pi[c][i])
				}
			}
		}
	}
}

// TestSlowParticlesValidate: SlowParticles outside 0..max(Particles, 1) is
// refused naming the field, the value and the range.
func TestSlowParticlesValidate(t *testing.T) {
	for _, c := range []struct{ k, slow int }{{4, 5}, {4, -1}, {0, 2}} {
		p := Default()
		p.Particles, p.SlowParticles = c.k, c.slow
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), "SlowParticles") || !strings.Contains(err.Error(), fmt.Sprint(c.slow)) ||
			!strings.Contains(err.Error(), fmt.Sprintf("0..%d", max(c.k, 1))) {
			t.Errorf("Particles %d, SlowParticles %d: %v", c.k, c.slow, err)
		}
	}
	p := Default()
	p.Particles, p.SlowParticles = 16, 3
	if err := p.Validate(); err != nil {
		t.Errorf("Particles 16, SlowParticles 3: %v", err)
	}
}
