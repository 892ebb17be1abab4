package ca1

import (
	"math"
	"testing"
)

// TestADPGate: the after-current's gate is ≈ 0 at rest, opens during a
// somatic spike and then closes exponentially with Tau while the soma is
// below −40 mV (σ < 1e-3·(1/Tau)/KOn there): s(t2)/s(t1) = e^{−(t2−t1)/Tau}.
// With G = 0 (the default) the spike is that of the spine tier's cell.
func TestADPGate(t *testing.T) {
	p := Default()
	if p.ADP.G != 0 {
		t.Fatalf("ADP.G = %g: the default is off", p.ADP.G)
	}
	if s := p.ADP.steady(p.Cell.EPas); s > 1e-4 {
		t.Errorf("resting gate %g: want ≈ 0", s)
	}
	p.ADP.G = 1
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := pop.Advance(100, nil, nil); err != nil {
		t.Fatal(err)
	}
	pop.SomaticSpike()
	var s1, s2, v1, v2 float64
	obs := func(tm float64) {}
	if err := pop.Advance(20, nil, obs); err != nil {
		t.Fatal(err)
	}
	s1, v1 = pop.y[gAD], pop.y[gVS]
	if err := pop.Advance(20, nil, obs); err != nil {
		t.Fatal(err)
	}
	s2, v2 = pop.y[gAD], pop.y[gVS]
	if !(s1 > 0.3) {
		t.Fatalf("gate 20 ms after a spike %g: the spike did not open it", s1)
	}
	if v1 > -40 || v2 > -40 {
		t.Fatalf("soma %g, %g mV: not below -40 mV (a second spike?)", v1, v2)
	}
	want := s1 * math.Exp(-20/p.ADP.Tau)
	if math.Abs(s2-want) > 3e-3*want {
		t.Errorf("gate after 20 ms more: %g, want %g (e^{-t/Tau})", s2, want)
	}
}
