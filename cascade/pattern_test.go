package cascade

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// centralJacobian is the reference for TestAnalyticJacobian: J = S·∂v/∂y
// by second-order differences of the fluxes, one column at a time: central,
// or one-sided (−3v(y) + 4v(y+d) − v(y+2d))/2d where y − d would cross a
// species' zero (the kink of max(y, 0); the solver sees the side above it).
func centralJacobian(p Params, y []float64, ca float64) *mat.Dense {
	R := mat.NewDense(NState, NState, nil)
	var v0, v1, v2 [nReact]float64
	yp := make([]float64, NState)
	at := func(j int, x float64, v *[nReact]float64) {
		copy(yp, y)
		yp[j] = x
		p.fluxes(yp, ca, v[:])
	}
	for j := range NState {
		d := 1e-6 * math.Max(math.Abs(y[j]), 1) // at least 1e-6 µM or copy: a smaller step loses the difference to rounding
		g := make([]float64, nReact)
		if y[j]-d >= 0 {
			at(j, y[j]+d, &v1)
			at(j, y[j]-d, &v0)
			for m := range g {
				g[m] = (v1[m] - v0[m]) / (2 * d)
			}
		} else {
			at(j, y[j], &v0)
			at(j, y[j]+d, &v1)
			at(j, y[j]+2*d, &v2)
			for m := range g {
				g[m] = (4*(v1[m]-v0[m]) - (v2[m] - v0[m])) / (2 * d) // = (−3v0 + 4v1 − v2)/2d, exactly 0 for a flux that does not move
			}
		}
		for m, r := range network {
			if r.src >= 0 {
				R.Set(r.src, j, R.At(r.src, j)-g[m])
			}
			if r.src2 >= 0 {
				R.Set(r.src2, j, R.At(r.src2, j)-g[m])
			}
			R.Set(r.dst1, j, R.At(r.dst1, j)+g[m])
			if r.dst2 >= 0 {
				R.Set(r.dst2, j, R.At(r.dst2, j)+g[m])
			}
		}
	}
	return R
}

// TestAnalyticJacobian: the analytic Jacobian (jacobian.go) equals central
// differences of the fluxes to 1e-6 of each entry plus 1e-9 of its
// column's largest (far above their O(δ²) truncation and rounding, ≈ 1e-10) for every parameter set, at the resting state and
// at random states away from every kink of max(·, 0), at low and high Ca²⁺
// and with the drug scales off their defaults; every nonzero lies in the
// sparse pattern, and no conserved total changes along any column.
func TestAnalyticJacobian(t *testing.T) {
	sets := map[string]Params{"Default": Default(), "CA1": CA1(), "CA1Quantal": CA1Quantal()}
	rng := rand.New(rand.NewPCG(7, 11))
	for name, p := range sets {
		c, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		nz := c.jacPattern()
		states := [][]float64{c.Read(nil)}
		rngN := rand.New(rand.NewPCG(13, 17)) // CkN (nano.go) from its own stream: the other species' states are those drawn before it existed
		for range 4 {
			y := c.Read(nil)
			for i := range y[:CkN] {
				y[i] *= 0.5 + rng.Float64() // every species moved, none to 0
				if y[i] == 0 {
					y[i] = 0.01 + 0.1*rng.Float64()
				}
			}
			y[CkN] = p.PSD.Sites * (0.01 + 0.3*rngN.Float64())
			y[T00], y[T10], y[T01], y[T11] = 0.2*y[T00], 0.2*y[T10], 0.2*y[T01], 0.2*y[T11] // PSD below capacity
			states = append(states, y)
		}
		for _, drugs := range [][5]float64{{1, 1, 1, 1, 1}, {0.3, 0.5, 0.2, 0.1, 2}} {
			q := p
			q.CaMKIIScale, q.CaNScale, q.PP1Scale, q.PP2AScale, q.PKAScale = drugs[0], drugs[1], drugs[2], drugs[3], drugs[4]
			c.p = q
			for k, y := range states {
				for _, ca := range []float64{0.08, 1.5, 12} {
					c.ca = func(float64) float64 { return ca }
					J := mat.NewDense(NState, NState, nil)
					c.jacobian(0, y, J)
					R := centralJacobian(q, y, ca)
					col := make([]float64, NState)
					for j := range NState {
						scale := 0.0
						for i := range NState {
							scale = math.Max(scale, math.Abs(R.At(i, j)))
						}
						for i := range NState {
							a, b := J.At(i, j), R.At(i, j)
							col[i] = a
							if math.Abs(a-b) > 1e-6*math.Abs(b)+1e-9*scale {
								t.Errorf("%s drugs %v state %d Ca %g µM: J[%s][%s] = %.10g, central differences %.10g", name, drugs, k, ca, names[i], names[j], a, b)
							}
							if a != 0 && !nz(i, j) && i != j {
								t.Errorf("%s: J[%s][%s] = %g is outside the sparse pattern", name, names[i], names[j], a)
							}
						}
						// d/dt of every total is 0, so is its derivative
						tot := TotalsOf(col)
						for f, v := range []float64{tot.CaMKII, tot.CaN, tot.PKA, tot.I1, tot.PP1, tot.Receptors, tot.Sites, tot.Tarp, tot.CaM, tot.CkCaM} {
							if math.Abs(v) > 1e-12*math.Max(1, scale) {
								t.Errorf("%s state %d: total %d changes along column %s: %g", name, k, f, names[j], v)
							}
						}
					}
				}
			}
		}
	}
}
