package ode

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Reference problems shared by the solver tests, in the shape of gonum's
// integrate/testquad: each carries its equations, initial value and either a
// closed-form solution or a published reference value with its source.

// analytic is an initial value problem with a closed-form solution.
type analytic struct {
	name   string
	n      int
	f      Func
	y0     []float64
	t0, t1 float64
	exact  func(t float64, y []float64) // writes y(t)
}

// forcedDecay is y' = −y + sin t, y(0) = 1, with solution
//
//	y(t) = (y0 + 1/2)·e^(−t) + (sin t − cos t)/2.
//
// (Substitute: y' = −(y0+½)e^(−t) + (cos t + sin t)/2 = −y + sin t.)
func forcedDecay() analytic {
	return analytic{
		name: "forced decay y'=-y+sin t",
		n:    1,
		f:    func(t float64, y, dy []float64) { dy[0] = -y[0] + math.Sin(t) },
		y0:   []float64{1},
		t0:   0, t1: 2,
		exact: func(t float64, y []float64) {
			y[0] = 1.5*math.Exp(-t) + (math.Sin(t)-math.Cos(t))/2
		},
	}
}

// decay is y' = −k·y with k = 2.5, y(0) = 3: y(t) = 3·e^(−kt).
func decay() analytic {
	const k = 2.5
	return analytic{
		name: "exponential decay",
		n:    1,
		f:    func(_ float64, y, dy []float64) { dy[0] = -k * y[0] },
		y0:   []float64{3},
		t0:   0, t1: 4,
		exact: func(t float64, y []float64) { y[0] = 3 * math.Exp(-k*t) },
	}
}

// oscillator is the harmonic oscillator q' = p, p' = −q with q(0) = 1,
// p(0) = 0: q = cos t, p = −sin t; the energy (q² + p²)/2 = 1/2 is conserved.
func oscillator() analytic {
	return analytic{
		name: "harmonic oscillator",
		n:    2,
		f:    func(_ float64, y, dy []float64) { dy[0], dy[1] = y[1], -y[0] },
		y0:   []float64{1, 0},
		t0:   0, t1: 20,
		exact: func(t float64, y []float64) { y[0], y[1] = math.Cos(t), -math.Sin(t) },
	}
}

// linear2 is y' = A·y with A = [[−2, 1], [1, −2]], whose eigenpairs are (−1, (1,1)) and (−3, (1,−1)),
// so e^(At)·(1, 0) = ½e^(−t)(1, 1) + ½e^(−3t)(1, −1).
func linear2() analytic {
	return analytic{
		name: "linear system exp(At)",
		n:    2,
		f: func(_ float64, y, dy []float64) {
			dy[0] = -2*y[0] + y[1]
			dy[1] = y[0] - 2*y[1]
		},
		y0: []float64{1, 0},
		t0: 0, t1: 3,
		exact: func(t float64, y []float64) {
			a, b := math.Exp(-t)/2, math.Exp(-3*t)/2
			y[0], y[1] = a+b, a-b
		},
	}
}

func analyticProblems() []analytic {
	return []analytic{forcedDecay(), decay(), oscillator(), linear2()}
}

// reference is a stiff problem with a published reference solution.
type reference struct {
	name   string
	f      Func
	jac    JacFunc
	y0     []float64
	t1     float64
	want   []float64
	source string
}

// robertson is Robertson's chemical kinetics (1966): with k1 = 0.04,
// k2 = 3e7, k3 = 1e4,
//
//	y1' = −k1·y1 + k3·y2·y3
//	y2' =  k1·y1 − k3·y2·y3 − k2·y2²
//	y3' =  k2·y2²,   y(0) = (1, 0, 0).
func robertsonF(_ float64, y, dy []float64) {
	dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
	dy[2] = 3e7 * y[1] * y[1]
	dy[1] = -dy[0] - dy[2]
}

func robertsonJac(_ float64, y []float64, J *mat.Dense) {
	J.Set(0, 0, -0.04)
	J.Set(0, 1, 1e4*y[2])
	J.Set(0, 2, 1e4*y[1])
	J.Set(2, 0, 0)
	J.Set(2, 1, 6e7*y[1])
	J.Set(2, 2, 0)
	J.Set(1, 0, 0.04)
	J.Set(1, 1, -1e4*y[2]-6e7*y[1])
	J.Set(1, 2, -1e4*y[1])
}

func robertson40() reference {
	return reference{
		name: "Robertson t=40",
		f:    robertsonF,
		jac:  robertsonJac,
		y0:   []float64{1, 0, 0},
		t1:   40,
		// Hairer & Wanner, Solving ODEs II (2nd ed. 1996), IV.1 (Fig. 1.3
		// data), to 10 digits; independently confirmed by SUNDIALS
		// cvRoberts_dns (0.71583, 9.1856e-6, 0.28416) and by our own Rodas4
		// run at RelTol = 1e-12 (agreement 1e-10).
		want:   []float64{0.7158270687, 9.185534764e-6, 0.2841637457},
		source: "Hairer & Wanner II, IV.1",
	}
}

func robertson1e11() reference {
	return reference{
		name: "Robertson t=1e11",
		f:    robertsonF,
		jac:  robertsonJac,
		y0:   []float64{1, 0, 0},
		t1:   1e11,
		// Mazzia & Magherini, Test Set for IVP Solvers (release 2.4, 2008),
		// problem ROBER, rober.f SOLUT (RADAU5 at rtol = atol = 1e-14).
		want:   []float64{0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050},
		source: "Test Set for IVP Solvers, ROBER",
	}
}

// vanDerPol is the test set's VDPOL: y1' = y2, y2' = μ(1 − y1²)y2 − y1,
// μ = 1000, y(0) = (2, 0), t ∈ [0, 2000] (equivalent to Hairer's
// ε = 1e-6 scaled form on [0, 2] under t ↦ t/μ, y2 ↦ μ·y2).
func vanDerPol() reference {
	const mu = 1000
	return reference{
		name: "Van der Pol mu=1000",
		f: func(_ float64, y, dy []float64) {
			dy[0] = y[1]
			dy[1] = mu*(1-y[0]*y[0])*y[1] - y[0]
		},
		jac: func(_ float64, y []float64, J *mat.Dense) {
			J.Set(0, 0, 0)
			J.Set(0, 1, 1)
			J.Set(1, 0, -2*mu*y[0]*y[1]-1)
			J.Set(1, 1, mu*(1-y[0]*y[0]))
		},
		y0: []float64{2, 0},
		t1: 2000,
		// Mazzia & Magherini, Test Set for IVP Solvers, problem VDPOL
		// (vdpol.f SOLUT; also deTestSet reference("vdpol")).
		want:   []float64{0.1706167732170469e1, -0.8928097010248125e-3},
		source: "Test Set for IVP Solvers, VDPOL",
	}
}

// hires is the test set's HIRES (Schäfer 1975; Hairer & Wanner II, IV.10):
// 8 components, t ∈ [0, 321.8122].
func hiresF(_ float64, y, f []float64) {
	f[0] = -1.71*y[0] + 0.43*y[1] + 8.32*y[2] + 0.0007
	f[1] = 1.71*y[0] - 8.75*y[1]
	f[2] = -10.03*y[2] + 0.43*y[3] + 0.035*y[4]
	f[3] = 8.32*y[1] + 1.71*y[2] - 1.12*y[3]
	f[4] = -1.745*y[4] + 0.43*y[5] + 0.43*y[6]
	f[5] = -280*y[5]*y[7] + 0.69*y[3] + 1.71*y[4] - 0.43*y[5] + 0.69*y[6]
	f[6] = 280*y[5]*y[7] - 1.81*y[6]
	f[7] = -f[6]
}

func hires() reference {
	return reference{
		name: "HIRES",
		f:    hiresF,
		y0:   []float64{1, 0, 0, 0, 0, 0, 0, 0.0057},
		t1:   321.8122,
		// Mazzia & Magherini, Test Set for IVP Solvers, problem HIRES,
		// hires.f HIRESSOL ("computed using true double precision RADAU5 on
		// Cray C90, rtol = atol = h0 = 1.1d-18").
		want: []float64{
			0.7371312573325668e-3, 0.1442485726316185e-3,
			0.5888729740967575e-4, 0.1175651343283149e-2,
			0.2386356198831331e-2, 0.6238968252742796e-2,
			0.2849998395185769e-2, 0.2850001604814231e-2,
		},
		source: "Test Set for IVP Solvers, HIRES",
	}
}

// maxRelErr returns max_i |got_i − want_i| / |want_i|.
func maxRelErr(got, want []float64) float64 {
	var m float64
	for i := range want {
		m = math.Max(m, math.Abs(got[i]-want[i])/math.Abs(want[i]))
	}
	return m
}

// maxAbsErr returns max_i |got_i − want_i|.
func maxAbsErr(got, want []float64) float64 {
	var m float64
	for i := range want {
		m = math.Max(m, math.Abs(got[i]-want[i]))
	}
	return m
}
