package experiment

import "testing"

// TestTargetUnknownMetricFails: a case naming a metric the tier does not
// produce must be a miss even when 0 lies inside its band.
func TestTargetUnknownMetricFails(t *testing.T) {
	lo, hi := -5.0, 5.0
	c := checkTarget(&Target{Metric: "no_such_metric", Lo: &lo, Hi: &hi, Cite: "test"}, Summary{Metrics: map[string]float64{}})
	if c.Pass {
		t.Fatalf("unknown metric passed: %+v", c)
	}
	c = checkTarget(&Target{Metric: "change_pct", Lo: &lo, Hi: &hi, Cite: "test"}, Summary{ChangePct: 1})
	if !c.Pass {
		t.Fatalf("change_pct = 1 within [-5, 5] did not pass: %+v", c)
	}
}
