package spine

import "github.com/synlab/synlab/ode"

// ode0 is a tight solver setting for analytic comparisons.
func ode0() ode.Settings { return ode.Settings{RelTol: 1e-9, AbsTol: 1e-12} }
