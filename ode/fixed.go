package ode

import (
	"fmt"
	"math"
)

// Fixed-step explicit Runge–Kutta methods, used as references, in
// convergence tests and where a uniform grid is wanted. Each takes steps of
// H from t0; a step that would pass the next sample time or t1 is shortened
// to land on it exactly, so observer values are the method's own grid
// values, not interpolants. Grid times are computed as a + k·H (never by
// summing), so a span that is a whole number of steps has no sliver step.

// fixedSlack: a span within fixedSlack·H of a whole number of steps is
// treated as whole, absorbing the rounding of (b − a)/H.
const fixedSlack = 1e-9

// stepper advances y by one step of size h from t.
type stepper interface {
	step(f Func, t, h float64, y []float64)
}

// integrateFixed drives a one-step method over [t0, t1], stopping at sample
// times; who names the method in errors.
func integrateFixed(who string, m stepper, n int, H float64, f Func, t0, t1 float64, y, ts []float64, obs Observer) error {
	if err := checkArgs(who, n, t0, t1, y); err != nil {
		return err
	}
	if !(H > 0) || math.IsInf(H, 0) {
		return fmt.Errorf("ode: %s.Integrate: H = %g: must be finite and > 0", who, H)
	}
	a := t0
	for ks := firstSample(ts, t0); a < t1; ks++ {
		b := t1
		sample := ks < len(ts) && ts[ks] <= t1
		if sample {
			b = ts[ks]
		}
		if b > a {
			steps := int(math.Ceil((b-a)/H - fixedSlack))
			if steps < 1 {
				steps = 1
			}
			for k := range steps {
				t := a + float64(k)*H
				h := H
				if k == steps-1 {
					h = b - t
				}
				m.step(f, t, h, y)
				if i := firstNonFinite(y); i >= 0 {
					return &Error{T: t, Index: i, Reason: "non-finite value"}
				}
			}
			a = b
		}
		if sample && obs != nil {
			obs(b, y)
		}
		if !sample {
			break
		}
	}
	return nil
}

// Euler is the explicit (forward) Euler method, order 1:
//
//	y_{n+1} = y_n + h·f(t_n, y_n).
type Euler struct {
	H  float64 // step size
	n  int
	k1 []float64
}

// NewEuler returns an Euler solver for dimension n with step h.
func NewEuler(n int, h float64) *Euler {
	return &Euler{H: h, n: n, k1: make([]float64, n)}
}

// Integrate advances y from t0 to t1; see Solver.
func (e *Euler) Integrate(f Func, t0, t1 float64, y []float64, ts []float64, obs Observer) error {
	return integrateFixed("Euler", e, e.n, e.H, f, t0, t1, y, ts, obs)
}

func (e *Euler) step(f Func, t, h float64, y []float64) {
	f(t, y, e.k1)
	for i := range y {
		y[i] += h * e.k1[i]
	}
}

// Heun is Heun's method (explicit trapezoidal rule), order 2:
//
//	k1 = f(t, y), k2 = f(t + h, y + h·k1), y_{n+1} = y_n + h/2·(k1 + k2).
type Heun struct {
	H          float64 // step size
	n          int
	k1, k2, ys []float64
}

// NewHeun returns a Heun solver for dimension n with step h.
func NewHeun(n int, h float64) *Heun {
	return &Heun{H: h, n: n, k1: make([]float64, n), k2: make([]float64, n), ys: make([]float64, n)}
}

// Integrate advances y from t0 to t1; see Solver.
func (m *Heun) Integrate(f Func, t0, t1 float64, y []float64, ts []float64, obs Observer) error {
	return integrateFixed("Heun", m, m.n, m.H, f, t0, t1, y, ts, obs)
}

func (m *Heun) step(f Func, t, h float64, y []float64) {
	f(t, y, m.k1)
	for i := range y {
		m.ys[i] = y[i] + h*m.k1[i]
	}
	f(t+h, m.ys, m.k2)
	for i := range y {
		y[i] += h / 2 * (m.k1[i] + m.k2[i])
	}
}

// RK4 is the classical 4th-order Runge–Kutta method (Kutta 1901):
//
//	k1 = f(t, y), k2 = f(t + h/2, y + h/2·k1), k3 = f(t + h/2, y + h/2·k2),
//	k4 = f(t + h, y + h·k3), y_{n+1} = y_n + h/6·(k1 + 2k2 + 2k3 + k4).
type RK4 struct {
	H                  float64 // step size
	n                  int
	k1, k2, k3, k4, ys []float64
}

// NewRK4 returns an RK4 solver for dimension n with step h.
func NewRK4(n int, h float64) *RK4 {
	return &RK4{H: h, n: n, k1: make([]float64, n), k2: make([]float64, n),
		k3: make([]float64, n), k4: make([]float64, n), ys: make([]float64, n)}
}

// Integrate advances y from t0 to t1; see Solver.
func (m *RK4) Integrate(f Func, t0, t1 float64, y []float64, ts []float64, obs Observer) error {
	return integrateFixed("RK4", m, m.n, m.H, f, t0, t1, y, ts, obs)
}

func (m *RK4) step(f Func, t, h float64, y []float64) {
	f(t, y, m.k1)
	for i := range y {
		m.ys[i] = y[i] + h/2*m.k1[i]
	}
	f(t+h/2, m.ys, m.k2)
	for i := range y {
		m.ys[i] = y[i] + h/2*m.k2[i]
	}
	f(t+h/2, m.ys, m.k3)
	for i := range y {
		m.ys[i] = y[i] + h*m.k3[i]
	}
	f(t+h, m.ys, m.k4)
	for i := range y {
		y[i] += h / 6 * (m.k1[i] + 2*m.k2[i] + 2*m.k3[i] + m.k4[i])
	}
}
