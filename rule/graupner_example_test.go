package rule_test

import (
	"fmt"

	"github.com/synlab/synlab/rule"
)

// The closed-form change in synaptic strength for 60 post-before-pre pairs
// (Δt = −20 ms) at 1 Hz with the DP set: the depression trough of the DP
// STDP curve (docs/sources.md §1.3: 0.765).
func ExampleGB_Pairing() {
	r := rule.DP().Pairing(-20, 60, 0.001, 1, 0)
	fmt.Printf("αd = %.4f, αp = %.4f, S = %.3f\n", r.AlphaD, r.AlphaP, r.S)
	// Output: αd = 0.0202, αp = 0.0097, S = 0.764
}

// One postsynaptic spike (c jumps by Cpost = 2) with the noise-free DP set:
// c stays above θp for τCa·ln(2/1.3) ≈ 8.6 ms and above θd for τCa·ln 2 ≈
// 13.9 ms, which nudges ρ up from 0: by hand, ρ̄(1 − e^(−(γp+γd)·8.616/τ))
// = 0.018210, times e^(−γd·5.247/τ) = 0.018083, minus ≈ 6e-6 from the cubic.
func ExampleGB_Evolve() {
	p := rule.DP()
	s := rule.GBState{C: p.CPost, Rho: 0}
	p.Evolve(&s, 100, nil) // nil rng: deterministic
	fmt.Printf("c = %.5f, rho = %.6f\n", s.C, s.Rho)
	// Output: c = 0.01348, rho = 0.018077
}
