package spine

import (
	"math"
	"math/rand/v2"
	"testing"
)

// dittmanRef is an independent implementation of the Dittman, Kreitzer &
// Regehr (2000) FD model in its event-to-event closed form (their Eqs. 15/16,
// as written in cnmodel's DKR.dstep by P. Manis), with instantaneous release-site
// clearance: between spikes D recovers as
//
//	1 − D(t) = (1 − D⁺)·e^{−k0 t}·((KD/CaD⁺ + e^{−t/τD})/(KD/CaD⁺ + 1))^{(kmax−k0)τD}
//
// where D⁺ and CaD⁺ are the values just after the previous spike. It returns
// the released fraction F·D at each spike.
func dittmanRef(p Release, times []float64) []float64 {
	out := make([]float64, len(times))
	kf := p.KF()
	var caF, caD float64 // just after the previous spike
	D := 1.0
	for i, t := range times {
		if i > 0 {
			dt := t - times[i-1]
			cf := caF * math.Exp(-dt/p.TauF)
			eta := math.Pow((p.KD/caD+math.Exp(-dt/p.TauD))/(p.KD/caD+1), (p.KMax-p.K0)*p.TauD)
			D = 1 - (1-D)*math.Exp(-p.K0*dt)*eta
			caF = cf
			caD *= math.Exp(-dt / p.TauD)
		}
		F := p.F1
		if caF > 0 {
			F = p.F1 + (1-p.F1)/(1+kf/caF)
		}
		out[i] = F * D
		D -= F * D
		caF++
		caD++
	}
	return out
}

func regular(n int, period float64) []float64 {
	ts := make([]float64, n)
	for k := range ts {
		ts[k] = float64(k) * period
	}
	return ts
}

// KF from ρ and F1: at vanishing interval the second response is ρ times the
// first (Dittman 2000 Eq. 6: ρ = (1 − F1)F2/F1).
func TestReleaseRhoAtZeroInterval(t *testing.T) {
	p := DittmanSC()
	r, err := p.Train([]float64{0, 1e-9}, IntactEndocytosis(), nil)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-6 // 1e-9 ms of recovery changes D by < 1e-9
	if got := r[1] / r[0]; math.Abs(got-p.Rho) > tol {
		t.Errorf("EPSC2/EPSC1 at Δt → 0 = %.9f, want ρ = %g", got, p.Rho)
	}
	if math.Abs(r[0]-p.F1) > 1e-15 {
		t.Errorf("first release = %g, want F1 = %g", r[0], p.F1)
	}
}

// S1 (docs/sources.md §9.6): SC paired pulses at 20–50 ms facilitate, PPR 1.2–2.5
// (target 1.5–2). Also checks the reduction to the published closed form.
func TestPPRDittman(t *testing.T) {
	p := DittmanSC()
	const (
		lo, hi = 1.2, 2.5 // docs/sources.md §9.6 S1 tolerance band
		refTol = 0.02     // relative; finite retrieval (1/ms) lags the instantaneous reference
	)
	for _, dt := range []float64{20, 30, 40, 50} {
		r, err := p.Train([]float64{0, dt}, IntactEndocytosis(), nil)
		if err != nil {
			t.Fatal(err)
		}
		ppr := PPR(r[0], r[1])
		ref := dittmanRef(p, []float64{0, dt})
		want := ref[1] / ref[0]
		t.Logf("Δt = %2.0f ms: PPR = %.4f (closed-form Dittman %.4f)", dt, ppr, want)
		if ppr < lo || ppr > hi {
			t.Errorf("Δt = %g ms: PPR = %.3f outside [%g, %g]", dt, ppr, lo, hi)
		}
		if math.Abs(ppr-want) > refTol*want {
			t.Errorf("Δt = %g ms: PPR = %.4f, closed form %.4f (tol %g rel)", dt, ppr, want, refTol)
		}
	}
}

func TestReleaseEndoOneReducesToDittman(t *testing.T) {
	p := DittmanSC()
	const tol = 0.02 // relative, see TestPPRDittman
	for _, f := range []float64{5, 20, 50} {
		ts := regular(20, 1000/f)
		r, err := p.Train(ts, IntactEndocytosis(), nil)
		if err != nil {
			t.Fatal(err)
		}
		ref := dittmanRef(p, ts)
		for i := range r {
			if math.Abs(r[i]-ref[i]) > tol*ref[i] {
				t.Errorf("%g Hz spike %d: release %.5f, closed-form Dittman %.5f", f, i, r[i], ref[i])
			}
		}
	}
}

// S4 (docs/sources.md §9.6): with presynaptic endocytosis blocked a 20–50 Hz train
// depresses faster and deeper (qualitative).
func TestEndoBlockDeepensDepression(t *testing.T) {
	p := DittmanSC()
	for _, f := range []float64{20, 50} {
		ts := regular(30, 1000/f)
		ok, err := p.Train(ts, IntactEndocytosis(), nil)
		if err != nil {
			t.Fatal(err)
		}
		bl, err := p.Train(ts, IntactEndocytosis().Block(1), nil)
		if err != nil {
			t.Fatal(err)
		}
		last := len(ts) - 1
		t.Logf("%g Hz: last/first release intact %.3f, dynamin blocked %.3f", f, ok[last]/ok[0], bl[last]/bl[0])
		if bl[0] != ok[0] {
			t.Errorf("%g Hz: first release differs (%g vs %g): the block acts only after release", f, bl[0], ok[0])
		}
		for i := 1; i < len(ts); i++ {
			if !(bl[i] < ok[i]) {
				t.Errorf("%g Hz spike %d: blocked %.4f not below intact %.4f", f, i, bl[i], ok[i])
			}
		}
		if !(bl[last] < 0.5*ok[last]) {
			t.Errorf("%g Hz: steady release blocked %.4f not below half of intact %.4f", f, bl[last], ok[last])
		}
	}
}

// Tsodyks–Markram with fast retrieval reproduces the canonical recursion
// (docs/sources.md §7): u_n = U + u_{n−1}(1−U)e^{−Δt/τF},
// R_n = 1 + (R_{n−1} − u_{n−1}R_{n−1} − 1)e^{−Δt/τrec}.
func TestTsodyksMarkramCanonical(t *testing.T) {
	p := GluSynapseTM()
	p.KRetrieval = 100 // clearance 0.01 ms: the canonical model has none
	const tol = 0.005  // relative; residual clearance lag ≈ 0.01 ms/τrec
	ts := regular(10, 25)
	r, err := p.Train(ts, IntactEndocytosis(), nil)
	if err != nil {
		t.Fatal(err)
	}
	u, R := p.U, 1.0
	for i := range ts {
		if i > 0 {
			dt := ts[i] - ts[i-1]
			R = 1 + (R-u*R-1)*math.Exp(-dt/p.TauRec)
			u = p.U + u*(1-p.U)*math.Exp(-dt/p.TauF)
		}
		if want := u * R; math.Abs(r[i]-want) > tol*want {
			t.Errorf("spike %d: release %.5f, canonical TM %.5f", i, r[i], want)
		}
	}
}

// The deterministic release is the expectation of stochastic release: the
// mean over trials agrees within 4 standard errors at each spike (two-sided
// false-alarm rate ≈ 6e-5 per comparison, 10 comparisons per scheme).
func TestStochasticMeanMatchesDeterministic(t *testing.T) {
	const trials = 1500
	for _, endo := range []Endocytosis{IntactEndocytosis(), IntactEndocytosis().Block(1)} {
		p := DittmanSC()
		p.Sites = 5
		ts := regular(10, 25)
		det, err := p.Train(ts, endo, nil)
		if err != nil {
			t.Fatal(err)
		}
		p.Stochastic = true
		rng := rand.New(rand.NewPCG(1, 2))
		sum := make([]float64, len(ts))
		sum2 := make([]float64, len(ts))
		for k := 0; k < trials; k++ {
			r, err := p.Train(ts, endo, rng)
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range r {
				sum[i] += x
				sum2[i] += x * x
			}
		}
		for i := range ts {
			mean := sum[i] / trials
			sd := math.Sqrt((sum2[i]/trials - mean*mean) / (trials - 1))
			if math.Abs(mean-det[i]) > 4*sd {
				t.Errorf("endo %+v spike %d: stochastic mean %.4f ± %.4f, deterministic %.4f", endo, i, mean, sd, det[i])
			}
		}
	}
}

func TestReleaseValidate(t *testing.T) {
	p := DittmanSC()
	p.Rho = 5 // F2 = 1.58 > 1
	if err := p.Validate(); err == nil {
		t.Error("ρ = 5 accepted")
	} else {
		t.Log(err)
	}
	p = DittmanSC()
	p.TauD = -1
	if err := p.Validate(); err == nil || err.Error() != "spine: Release.TauD = -1 ms: must be > 0 and finite" {
		t.Errorf("TauD = -1: %v", err)
	}
	if err := (Endocytosis{Pre: 2, Post: 1}).Validate(); err == nil {
		t.Error("Endo.Pre = 2 accepted")
	}
	if e := IntactEndocytosis().Block(1); e.Pre != 0 || e.Post != 0 {
		t.Errorf("Block(1) = %+v, want both 0: one dynamin switch stops both sides", e)
	}
}
