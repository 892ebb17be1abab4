package ode

import (
	"math"
	"testing"
)

// TestIntegrateStepsMatchesIntegrate: stepping without stops takes the
// same steps as Integrate and ends bit for bit at the same state; Dense
// agrees with Integrate's samples; a stop ends at the asked time.
func TestIntegrateStepsMatchesIntegrate(t *testing.T) {
	f := func(_ float64, y, dy []float64) {
		dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
		dy[2] = 3e7 * y[1] * y[1]
		dy[1] = -dy[0] - dy[2]
	}
	s := Settings{RelTol: 1e-8, AbsTol: 1e-14}
	a, b := NewRodas4(3, s, nil), NewRodas4(3, s, nil)
	ya, yb := []float64{1, 0, 0}, []float64{1, 0, 0}
	var sampled []float64
	if err := a.Integrate(f, 0, 40, ya, []float64{0.5}, func(_ float64, y []float64) { sampled = append([]float64(nil), y...) }); err != nil {
		t.Fatal(err)
	}
	var dense []float64
	tEnd, err := b.IntegrateSteps(f, 0, 40, yb, func(st *Step) (float64, bool) {
		if st.T0 < 0.5 && 0.5 <= st.T1 {
			dense = make([]float64, 3)
			st.Dense(0.5, dense)
		}
		return 0, false
	})
	if err != nil || tEnd != 40 {
		t.Fatalf("IntegrateSteps: t = %g, %v", tEnd, err)
	}
	for i := range ya {
		if ya[i] != yb[i] || sampled[i] != dense[i] {
			t.Errorf("component %d: Integrate %g (sample %g), IntegrateSteps %g (dense %g)", i, ya[i], sampled[i], yb[i], dense[i])
		}
	}
	if a.Steps != b.Steps || a.Rejected != b.Rejected {
		t.Errorf("steps %d/%d rejected %d/%d", a.Steps, b.Steps, a.Rejected, b.Rejected)
	}

	// Stop where y0 crosses 0.9 (located by bisection on Dense).
	c := NewRodas4(3, s, nil)
	y := []float64{1, 0, 0}
	tStop, err := c.IntegrateSteps(f, 0, 40, y, func(st *Step) (float64, bool) {
		if st.Y1[0] > 0.9 {
			return 0, false
		}
		lo, hi := st.T0, st.T1
		buf := make([]float64, 3)
		for range 100 {
			mid := (lo + hi) / 2
			st.Dense(mid, buf)
			if buf[0] > 0.9 {
				lo = mid
			} else {
				hi = mid
			}
		}
		return hi, true
	})
	if err != nil || tStop >= 40 || math.Abs(y[0]-0.9) > 1e-9 {
		t.Errorf("stop at t = %g with y0 = %.12g (%v), want y0 = 0.9", tStop, y[0], err)
	}
}
