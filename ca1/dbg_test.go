package ca1

import (
	"math/rand/v2"
	"testing"
)

func TestDbgRelease(t *testing.T) {
	p := Default()
	p.KV, p.KR = 3, 1
	npulse := 100
	det, _ := New(p, nil)
	dq := make([]float64, 3)
	for range npulse {
		det.Pre(nil)
		for c := range 3 {
			dq[c] += det.q[c]
		}
		det.Advance(1000, nil, nil)
	}
	for c := range 3 {
		q := det.q[c]
		t.Logf("det class %d: releases %.3f caInt %.3f", c, dq[c], q*det.caInt[2*c]+(1-q)*det.caInt[2*c+1])
	}
	p.Stochastic, p.Replicas = true, 30
	rel := make([]float64, 3)
	ci := make([]float64, 3)
	seeds := 2
	for s := range seeds {
		rng := rand.New(rand.NewPCG(uint64(s), 3))
		pop, _ := New(p, rng)
		for range npulse {
			pop.Pre(rng)
			for j := range pop.release {
				rel[j/30] += pop.release[j] / 30 / float64(seeds)
			}
			pop.Advance(1000, nil, nil)
		}
		for j := range pop.caInt {
			ci[j/30] += pop.caInt[j] / 30 / float64(seeds)
		}
	}
	for c := range 3 {
		t.Logf("stoch class %d: releases %.3f caInt %.3f", c, rel[c], ci[c])
	}
}
