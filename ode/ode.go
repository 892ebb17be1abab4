// Package ode integrates small systems of ordinary differential equations
// dy/dt = f(t, y) in float64: an adaptive Dormand–Prince 5(4) method with
// dense output for non-stiff systems, a Rosenbrock method for stiff
// biochemistry, and fixed-step methods (Euler, Heun, RK4) used as references
// and in convergence tests.
//
// Conventions: y is updated in place; solvers keep their work space, so a
// steady-state call allocates nothing; a solver is not safe for concurrent
// use (give each run its own). Discontinuities (stimulus events) are handled
// by the caller: it integrates up to the event, applies the jump and calls
// Integrate again, which restarts the step-size control from the last
// accepted step unless Reset was called.
package ode

import "fmt"

// Func evaluates the right-hand side dy = f(t, y). It must not keep y or dy.
type Func func(t float64, y, dy []float64)

// Observer receives dense-output values y(t) at requested sample times. y is
// only valid during the call.
type Observer func(t float64, y []float64)

// Solver advances y from t0 to t1 (t1 > t0). If obs is not nil it is called
// once for each time in ts that lies in (t0, t1], in order, with y at that
// time (from dense output where the method has one). ts must be sorted.
type Solver interface {
	Integrate(f Func, t0, t1 float64, y []float64, ts []float64, obs Observer) error
}

// Settings controls an adaptive solver. Zero fields take the defaults given.
type Settings struct {
	RelTol   float64 // relative tolerance per component; default 1e-6
	AbsTol   float64 // absolute tolerance per component; default 1e-9
	H0       float64 // first step; default chosen from f (Hairer's starting-step algorithm)
	HMax     float64 // largest step; default t1 − t0
	MaxSteps int     // per Integrate call; default 1e7
}

// Error reports a numerical failure with the time and, where one is known,
// the index of the state component at fault (-1 otherwise).
type Error struct {
	T      float64
	Index  int
	Reason string // "step size underflow", "non-finite value", "too many steps", "singular iteration matrix" (Rodas4)
}

func (e *Error) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("ode: %s at t = %g in component %d", e.Reason, e.T, e.Index)
	}
	return fmt.Sprintf("ode: %s at t = %g", e.Reason, e.T)
}
