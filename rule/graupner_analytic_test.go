package rule

import (
	"math"
	"slices"
	"testing"
)

// Analytic cases: the closed form (GB.Pairing) against the values of
// docs/sources.md §1.3 [V-derived], recomputed there from the GB2012 equations and
// the Table S1 parameters (reference implementation
// mgraupe/CalciumBasedPlasticityModel synapticChange.py) by integrating the
// periodic calcium trace on a 20 µs grid. Rows C1–C5 are docs/sources.md §9.1.
var gbPairingCases = []struct {
	name  string
	set   func() GB
	dt    float64 // ms
	pairs int
	rate  float64 // 1/ms
	want  float64
	tol   float64
}{
	// tolerances: docs/sources.md §9.1 (±0.01 for C1/C2, ±0.02 for C3–C5); the
	// 20 µs grid of the reference computation alone moves α by ≤ 2e-5.
	{"C1 DP −20 ms", DP, -20, 60, 0.001, 0.765, 0.01},
	{"C2 DP +5 ms", DP, 5, 60, 0.001, 1.241, 0.01},
	{"C2 DP +10 ms", DP, 10, 60, 0.001, 1.221, 0.01},
	{"C2 DP +50 ms", DP, 50, 60, 0.001, 1.056, 0.01},
	{"C3 DP −100 ms", DP, -100, 60, 0.001, 0.991, 0.02},
	{"C3 DP +100 ms", DP, 100, 60, 0.001, 1.006, 0.02},
	{"C4 cortical +10 ms 0.1 Hz", CorticalSlices, 10, 75, 0.0001, 1.061, 0.02},
	{"C4 cortical +10 ms 10 Hz", CorticalSlices, 10, 75, 0.01, 1.083, 0.02},
	{"C4 cortical +10 ms 20 Hz", CorticalSlices, 10, 75, 0.02, 1.253, 0.02},
	{"C4 cortical +10 ms 50 Hz", CorticalSlices, 10, 75, 0.05, 1.637, 0.02},
	{"C5 cortical −10 ms 0.1 Hz", CorticalSlices, -10, 75, 0.0001, 0.690, 0.02},
	{"C5 cortical −10 ms 20 Hz", CorticalSlices, -10, 75, 0.02, 0.636, 0.02},
	{"C5 cortical −10 ms 40 Hz", CorticalSlices, -10, 75, 0.04, 1.585, 0.02},
	{"C5 cortical −10 ms 50 Hz", CorticalSlices, -10, 75, 0.05, 1.637, 0.02},
}

func TestGBPairingPublished(t *testing.T) {
	for _, c := range gbPairingCases {
		r := c.set().Pairing(c.dt, c.pairs, c.rate, 1, 0)
		if d := math.Abs(r.S - c.want); d > c.tol {
			t.Errorf("%s: S = %.4f, want %.3f ± %v", c.name, r.S, c.want, c.tol)
		}
	}
}

// TestGBPairingDPRow checks the full DP row of docs/sources.md §1.3 [V-derived]
// and the rest of the cortical-slices table, to the 3 printed decimals
// (tolerance 0.0015: half a unit in the last place plus the 20 µs grid).
func TestGBPairingDPRow(t *testing.T) {
	const tol = 0.0015
	dts := []float64{-100, -50, -30, -20, -15, -10, -5, 0, 5, 10, 15, 20, 30, 50, 100}
	want := []float64{0.991, 0.904, 0.775, 0.765, 0.822, 0.881, 0.944, 1.008, 1.241, 1.221, 1.198, 1.172, 1.124, 1.056, 1.006}
	p := DP()
	for i, dt := range dts {
		if s := p.Pairing(dt, 60, 0.001, 1, 0).S; math.Abs(s-want[i]) > tol {
			t.Errorf("DP Δt = %v ms: S = %.4f, want %.3f", dt, s, want[i])
		}
	}
	c := CorticalSlices()
	freqs := []float64{0.1, 1, 10, 20, 30, 40, 50} // Hz
	plus := []float64{1.061, 1.061, 1.083, 1.253, 1.193, 1.553, 1.637}
	minus := []float64{0.690, 0.690, 0.621, 0.636, 1.186, 1.585, 1.637}
	for i, f := range freqs {
		if s := c.Pairing(10, 75, f*0.001, 1, 0).S; math.Abs(s-plus[i]) > tol {
			t.Errorf("cortical +10 ms %v Hz: S = %.4f, want %.3f", f, s, plus[i])
		}
		if s := c.Pairing(-10, 75, f*0.001, 1, 0).S; math.Abs(s-minus[i]) > tol {
			t.Errorf("cortical −10 ms %v Hz: S = %.4f, want %.3f", f, s, minus[i])
		}
	}
}

// TestGBTimeAboveNumeric compares the closed-form αd, αp with an independent
// brute-force count on a 0.1 µs grid over the last period of a long run
// (the periodic state is reached to e^(−40)). Grid error ≤ (number of crossings)·
// 0.1 µs/P; tolerance 1e-5 covers it for P ≥ 20 ms.
func TestGBTimeAboveNumeric(t *testing.T) {
	const tol = 1e-5
	cases := []struct {
		p        GB
		dt, rate float64
		nPost    int
		postRate float64
	}{
		{DP(), -20, 0.001, 1, 0},
		{DP(), 5, 0.02, 1, 0},
		{CorticalSlices(), -10, 0.05, 1, 0},
		{CorticalSlices(), 10, 0.04, 1, 0},
		{DPD(), 10, 0.005, 3, 0.05},
		{DP(), 0, 0.01, 0, 0},
	}
	for _, c := range cases {
		ad, ap := c.p.timeAbove(c.dt, c.rate, c.nPost, c.postRate)
		P := 1 / c.rate
		// Brute force: step c on a grid of h from 0 for nPer periods (jumps
		// at the first grid point at or after their time, exact decay in
		// between) and count grid points above θ in the last period.
		const h = 1e-4
		nPer := int(40*c.p.TauCa/P) + 3
		var jumps []struct {
			i int
			a float64
		}
		add := func(t, a float64) {
			if t >= 0 {
				jumps = append(jumps, struct {
					i int
					a float64
				}{int(math.Ceil(t/h - 1e-6)), a})
			}
		}
		for k := range nPer + 1 {
			t0 := float64(k) * P
			add(t0+c.p.D, c.p.CPre)
			for j := range c.nPost {
				tj := t0 + c.dt
				if j > 0 {
					tj += float64(j) / c.postRate
				}
				add(tj, c.p.CPost)
			}
		}
		slices.SortFunc(jumps, func(x, y struct {
			i int
			a float64
		}) int {
			return x.i - y.i
		})
		perPeriod := int(math.Round(P / h))
		total := nPer * perPeriod
		decay := math.Exp(-h / c.p.TauCa)
		var cc float64
		var nd, np, next int
		for i := range total {
			for next < len(jumps) && jumps[next].i == i {
				cc += jumps[next].a
				next++
			}
			if i >= total-perPeriod {
				if cc > c.p.ThetaD {
					nd++
				}
				if cc > c.p.ThetaP {
					np++
				}
			}
			cc *= decay
		}
		n := perPeriod
		gd, gp := float64(nd)/float64(n), float64(np)/float64(n)
		if math.Abs(gd-ad) > tol || math.Abs(gp-ap) > tol {
			t.Errorf("%s dt %v rate %v: α = (%.6f, %.6f), grid (%.6f, %.6f)", c.p.Name, c.dt, c.rate, ad, ap, gd, gp)
		}
	}
}

// TestGBPairingNoPlasticity: a lone DP presynaptic train never exceeds θd
// (Cpre = θd, residual calcium e^(−50) at 1 Hz is below one ulp), so S = 1.
func TestGBPairingNoPlasticity(t *testing.T) {
	r := DP().Pairing(0, 60, 0.001, 0, 0)
	if r.AlphaD != 0 || r.AlphaP != 0 || r.S != 1 || r.U != 0 || r.Dn != 0 {
		t.Errorf("pre-only DP at 1 Hz: %+v, want no time above threshold and S = 1", r)
	}
}
