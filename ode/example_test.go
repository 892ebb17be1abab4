package ode_test

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/ode"
)

// Exponential decay dy/dt = −y/τ with τ = 20 ms, sampled every 10 ms from
// the dense output, compared with the exact e^(−t/τ).
func ExampleDOPRI5() {
	const tau = 20.0 // ms
	f := func(_ float64, y, dy []float64) { dy[0] = -y[0] / tau }
	s := ode.NewDOPRI5(1, ode.Settings{RelTol: 1e-8, AbsTol: 1e-12})
	y := []float64{1}
	ts := []float64{10, 20, 30, 40}
	err := s.Integrate(f, 0, 40, y, ts, func(t float64, y []float64) {
		fmt.Printf("t = %2.0f ms  y = %.6f  exact %.6f\n", t, y[0], math.Exp(-t/tau))
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// t = 10 ms  y = 0.606531  exact 0.606531
	// t = 20 ms  y = 0.367879  exact 0.367879
	// t = 30 ms  y = 0.223130  exact 0.223130
	// t = 40 ms  y = 0.135335  exact 0.135335
}

// Robertson's stiff chemical kinetics (Hairer & Wanner II, IV.1) to
// t = 40 with Rodas4 and a finite-difference Jacobian; an explicit method
// needs hundreds of times more steps (see TestRobertsonExplicitVsRodas4).
func ExampleRodas4() {
	f := func(_ float64, y, dy []float64) {
		dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
		dy[2] = 3e7 * y[1] * y[1]
		dy[1] = -dy[0] - dy[2]
	}
	s := ode.NewRodas4(3, ode.Settings{RelTol: 1e-8, AbsTol: 1e-14}, nil)
	s.Autonomous = true
	y := []float64{1, 0, 0}
	if err := s.Integrate(f, 0, 40, y, nil, nil); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("y(40) = %.8f %.6e %.8f\n", y[0], y[1], y[2])
	fmt.Printf("fewer than 1000 steps: %v\n", s.Steps < 1000)
	// Output:
	// y(40) = 0.71582707 9.185535e-06 0.28416375
	// fewer than 1000 steps: true
}
