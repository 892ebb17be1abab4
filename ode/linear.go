package ode

// Linear is the linear algebra of Rodas4 for a Jacobian whose structure the
// caller knows better than a general LU can (a cell model whose
// compartments, gates and pools couple in a fixed tree, say): it evaluates
// and keeps J = ∂f/∂y, factorises the iteration matrix W = d·I − J and
// solves with the factors. See SetLinear.
type Linear interface {
	// Jacobian evaluates J = ∂f/∂y at (t, y) and keeps it for the Factor
	// calls that follow, until the next Jacobian call.
	Jacobian(t float64, y []float64)
	// Factor factorises W = d·I − J for the J kept. It reports false if W
	// is singular (Rodas4 then halves the step, as for its own LU).
	Factor(d float64) bool
	// Solve overwrites x (length n) with W⁻¹·x for the last successful
	// Factor.
	Solve(x []float64)
}

// SetLinear hands the Jacobian and the linear systems of every step to l:
// from then on Rodas4 calls l.Jacobian where it would call the JacFunc
// given to NewRodas4 (or difference f), l.Factor where it would factorise
// W, and l.Solve for each of its six stage solves; the JacFunc, J and any
// pattern from SetPattern go unused. Nothing else changes: the stages, the
// step-size control, dense output, ∂f/∂t (unless Autonomous) and the
// counters (Jacobians, Decompositions) are those of Integrate and
// IntegrateSteps. SetLinear(nil) returns to the solver's own Jacobian and
// LU.
func (r *Rodas4) SetLinear(l Linear) { r.lin = l }
