package calibrate

import (
	"context"
	"math"
	"testing"

	"github.com/synlab/synlab/papers"
)

// TestRecoverGammaP calibrates the DP set's γp against two closed-form
// rows whose targets were computed with γp = 321.808 (docs/sources.md §1.3,
// C2): starting from the centre of [150, 600], CMA-ES must find γp within
// the band the two rows' tolerances allow (the rows are ±0.01 in S, which
// γp moves by about 0.0004 per unit near the optimum: ±25), the fitted rows
// must pass, the held-out row (−20 ms, which depends on γd and barely on
// γp) must too, and the standard error must be finite.
func TestRecoverGammaP(t *testing.T) {
	var cases []Case
	for _, c := range papers.Cases() {
		cases = append(cases, Case{Name: c.Name, Data: c.Data})
	}
	s := &Spec{Name: "test", Out: "x.yaml", Seed: 1, Population: 6, Generations: 12,
		Free:     []Free{{Path: "model.override.gamma_p", Lo: 150, Hi: 600}},
		Training: []string{"gb-dp-p5-analytic", "gb-dp-p10-analytic"},
		Holdout:  []string{"gb-dp-m20-analytic"},
	}
	set, err := Run(context.Background(), s, cases, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := set.Values["gamma_p"]
	t.Logf("γp = %.2f ± %.2f, χ² = %.3g; rows %+v", g, set.Sigma["gamma_p"], set.Chi2, set.Rows)
	if math.Abs(g-321.808) > 25 {
		t.Errorf("γp = %g, want 321.8 ± 25", g)
	}
	if s := set.Sigma["gamma_p"]; !(s > 0) || math.IsInf(s, 0) {
		t.Errorf("σ(γp) = %g", s)
	}
	for _, r := range set.Rows {
		if !r.Pass {
			t.Errorf("%s (%s): %g outside [%g, %g]", r.Case, r.Role, r.Measured, r.Lo, r.Hi)
		}
	}
}
