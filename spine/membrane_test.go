package spine

import (
	"math"
	"testing"
)

// TestHHRatesShared: the model's hh rates with three exponentials (rates)
// are Rates to rounding, from −150 to +100 mV in 1 µV steps around the
// vtrap singularities too, and rateSlopes are their derivatives (central
// differences of Rates).
func TestHHRatesShared(t *testing.T) {
	var p HH
	var worst, worstSlope float64
	check := func(v float64) {
		r1 := [6]float64{}
		r2 := [6]float64{}
		r1[0], r1[1], r1[2], r1[3], r1[4], r1[5] = p.Rates(v)
		r2[0], r2[1], r2[2], r2[3], r2[4], r2[5] = p.rates(v)
		// Near a vtrap singularity (|x/y| small) e^{x/y} − 1 cancels: the
		// rounding of e^{x/y} is amplified by 1/|x/y| in both.
		amp := 1 + 1/math.Max(math.Min(math.Abs(v+40), math.Abs(v+55))/10, 1e-6)
		for i := range r1 {
			tol := 1e-14 * amp
			if d := math.Abs(r2[i]-r1[i]) / math.Abs(r1[i]); d > tol {
				t.Fatalf("v = %g mV: rate %d = %v, Rates %v (rel diff %.3g > %.3g)", v, i, r2[i], r1[i], d, tol)
			} else {
				worst = math.Max(worst, d)
			}
		}
		const dv = 1e-5
		s := [6]float64{}
		s[0], s[1], s[2], s[3], s[4], s[5] = p.rateSlopes(v, r1[0], r1[1], r1[2], r1[3], r1[4], r1[5])
		rp, rm := [6]float64{}, [6]float64{}
		rp[0], rp[1], rp[2], rp[3], rp[4], rp[5] = p.Rates(v + dv)
		rm[0], rm[1], rm[2], rm[3], rm[4], rm[5] = p.Rates(v - dv)
		for i := range s {
			fd := (rp[i] - rm[i]) / (2 * dv)
			// The difference quotient's error: truncation ~dv², far below
			// 1e-6 relative, and rounding ~ε·|rate|/dv, amplified as above.
			tol := 1e-6*math.Abs(fd) + 4*0x1p-52*amp*math.Abs(r1[i])/dv
			if math.Abs(s[i]-fd) > tol {
				t.Fatalf("v = %g mV: slope %d = %v, central difference %v", v, i, s[i], fd)
			}
			worstSlope = math.Max(worstSlope, math.Abs(s[i]-fd)/tol)
		}
	}
	for v := -150.0; v <= 100; v += 0.0137 {
		check(v)
	}
	for _, c := range []float64{-40, -55} {
		for k := -1000; k <= 1000; k++ {
			check(c + float64(k)*1e-6)
		}
	}
	t.Logf("rates vs Rates: worst relative difference %.3g; slopes: worst error %.3g of its tolerance", worst, worstSlope)
}
