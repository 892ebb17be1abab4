package ca1

import (
	"math"
	"testing"
)

// jacEntry is one analytic entry of the cable's Jacobian, ∂f_row/∂y_col.
type jacEntry struct {
	name     string
	got      float64
	row, col int
}

// checkSharedRows checks analytic Jacobian entries of the shared block at y
// (after c.jacobian(y)) against central differences of the right-hand
// side, and the block solve on the given shared rows: for x = W⁻¹r with r
// on those rows, (c·I − J)x reproduces r there (J·x by a central
// difference of f along x). Used by the sAHP and feedforward-inhibition
// tests.
func checkSharedRows(t *testing.T, c *cable, y []float64, entries []jacEntry, r map[int]float64) {
	t.Helper()
	f := func(z []float64) []float64 {
		dz := make([]float64, len(z))
		c.f(z, dz)
		return dz
	}
	const h = 1e-4
	for _, e := range entries {
		up, dn := append([]float64(nil), y...), append([]float64(nil), y...)
		up[e.col] += h
		dn[e.col] -= h
		want := (f(up)[e.row] - f(dn)[e.row]) / (2 * h)
		if math.Abs(e.got-want) > 1e-6*math.Max(1e-6, math.Abs(want)) {
			t.Errorf("%s = %g, central difference %g", e.name, e.got, want)
		}
	}
	const cc = 5.0
	var fa factors
	if !c.factor(cc, &fa) {
		t.Fatal("factor failed")
	}
	x := make([]float64, len(y))
	for i, v := range r {
		x[i] = v
	}
	c.solve(&fa, x)
	const eps = 1e-6
	zp, zm := append([]float64(nil), y...), append([]float64(nil), y...)
	for i := range x {
		zp[i] += eps * x[i]
		zm[i] -= eps * x[i]
	}
	fp, fm := f(zp), f(zm)
	for i, want := range r {
		jx := (fp[i] - fm[i]) / (2 * eps)
		if got := cc*x[i] - jx; math.Abs(got-want) > 1e-6 {
			t.Errorf("row %d: (cI − J)x = %g, want %g", i, got, want)
		}
	}
}
