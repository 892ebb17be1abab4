package cascade

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestGroupedJacobian: the grouped finite-difference Jacobian (fdGroups)
// equals the one-column-at-a-time one at a mid-LTD state (to 1e-6 relative:
// the same differences, up to rounding of the grouped evaluation), and
// the sparse pattern covers every nonzero.
func TestGroupedJacobian(t *testing.T) {
	c, err := New(Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	y := c.Read(nil)
	c.ca = func(float64) float64 { return 1.5 }
	J := mat.NewDense(NState, NState, nil)
	c.jacobian(0, y, J)
	// reference: one column at a time
	R := mat.NewDense(NState, NState, nil)
	var v0, v1 [nReact]float64
	c.p.fluxes(y, 1.5, v0[:])
	yp := make([]float64, NState)
	for j := range NState {
		copy(yp, y)
		d := math.Sqrt(2.2e-16) * math.Max(math.Abs(y[j]), 1e-6)
		yp[j] += d
		d = yp[j] - y[j]
		c.p.fluxes(yp, 1.5, v1[:])
		for m, r := range network {
			g := (v1[m] - v0[m]) / d
			if r.src >= 0 {
				R.Set(r.src, j, R.At(r.src, j)-g)
			}
			if r.src2 >= 0 {
				R.Set(r.src2, j, R.At(r.src2, j)-g)
			}
			R.Set(r.dst1, j, R.At(r.dst1, j)+g)
			if r.dst2 >= 0 {
				R.Set(r.dst2, j, R.At(r.dst2, j)+g)
			}
		}
	}
	t.Logf("groups: %d: %v", len(c.groups.cols), c.groups.cols)
	nz := c.jacPattern()
	for i := range NState {
		for j := range NState {
			if a, b := J.At(i, j), R.At(i, j); math.Abs(a-b) > 1e-6*math.Max(1, math.Abs(b)) {
				t.Errorf("J[%s][%s] = %g, single-column %g", names[i], names[j], a, b)
			}
			if R.At(i, j) != 0 && !nz(i, j) && i != j {
				t.Errorf("J[%s][%s] = %g is outside the sparse pattern", names[i], names[j], R.At(i, j))
			}
		}
	}
}
