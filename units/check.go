package units

import (
	"fmt"
	"math"
)

// Check is one parameter check of a Validate method: the parameter's Go
// name, its unit ("" for none), its value, whether the value is allowed
// and, if not, what is.
type Check struct {
	Name string
	Unit string
	V    float64
	OK   bool
	Want string
}

// CheckAll returns the first failing check as an error naming the model,
// the parameter, the value with its unit and what is allowed
// ("rule: GB.Tau = -1 ms: must be > 0"); a non-finite value fails with
// "must be finite" whatever OK says.
func CheckAll(model string, checks []Check) error {
	for _, c := range checks {
		finite := !math.IsInf(c.V, 0) && !math.IsNaN(c.V)
		if c.OK && finite {
			continue
		}
		val := fmt.Sprint(c.V)
		if c.Unit != "" {
			val += " " + c.Unit
		}
		want := c.Want
		if !finite {
			want = "must be finite"
		}
		return fmt.Errorf("%s.%s = %s: %s", model, c.Name, val, want)
	}
	return nil
}

// C makes a Check: C("Tau", "ms", p.Tau, p.Tau > 0, "must be > 0").
func C(name, unit string, v float64, ok bool, want string) Check {
	return Check{Name: name, Unit: unit, V: v, OK: ok, Want: want}
}
