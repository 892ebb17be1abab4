package papers

import (
	"context"
	"testing"
)

// TestCases runs every published case and requires its measured value to
// lie within the target stated in the case file (value ± tol or [lo, hi]).
// The targets and their sources are in the case files; none is adjusted here.
func TestCases(t *testing.T) {
	outs, err := Run(context.Background(), "", 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		c := o.Check
		t.Logf("%-28s %-10s measured %9.4f  want %-16s %v", o.Case.Name, c.Metric, c.Measured, c.Want, c.Pass)
		if !c.Pass {
			t.Errorf("%s: %s = %.4g, want %s (%s)", o.Case.Name, c.Metric, c.Measured, c.Want, c.Cite)
		}
	}
}
