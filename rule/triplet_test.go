package rule

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Tolerances.
const (
	// tripletExact bounds the relative difference between the event-driven
	// Run and a closed form evaluated differently (geometric sums, per-spike
	// loops): a few hundred roundings of terms of one sign at most.
	tripletExact = 1e-12
	// tripletAbs is the absolute floor for values that should be 0 (sums of
	// terms of size ≤ 1e-2 that cancel).
	tripletAbs = 1e-15
)

func tripletClose(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)+tripletAbs
}

// tripletPairTrain returns n pre spikes at k·T and n post spikes at k·T + dt
// (times computed as t0 + k·T, never by summing).
func tripletPairTrain(dt float64, n int, T float64) (pre, post []float64) {
	for k := range n {
		pre = append(pre, float64(k)*T)
		post = append(post, float64(k)*T+dt)
	}
	return pre, post
}

// tripletMotifTrain repeats motif n times with period T and returns the sorted
// pre and post spike times.
func tripletMotifTrain(motif []MotifSpike, n int, T float64) (pre, post []float64) {
	for k := range n {
		for _, s := range motif {
			t := float64(k)*T + s.T
			if s.Post {
				post = append(post, t)
			} else {
				pre = append(pre, t)
			}
		}
	}
	slices.Sort(pre)
	slices.Sort(post)
	return pre, post
}

// tripletDelta runs the spikes from zero traces and returns the weight change.
// It starts from W = 0, not 1: the rule is additive and the published sets
// are unbounded, so Δw does not depend on W, and W = 0 keeps the rounding of
// 1 + Δw (½ ulp of 1 per update) out of the comparisons with closed forms.
func tripletDelta(p Triplet, pre, post []float64) float64 {
	return p.Run(TripletState{}, pre, post).W
}

func tripletPairMotif(dt float64) []MotifSpike {
	if dt >= 0 {
		return []MotifSpike{{0, false}, {dt, true}}
	}
	return []MotifSpike{{dt, true}, {0, false}}
}

func TestTripletSetsValid(t *testing.T) {
	names := TripletSets()
	want := []string{
		"visual-all-to-all-minimal", "visual-all-to-all-full", "visual-nearest-minimal", "visual-nearest-full",
		"hippocampal-all-to-all-minimal", "hippocampal-all-to-all-full", "hippocampal-nearest-minimal", "hippocampal-nearest-full",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("TripletSets() = %q, want %q", names, want)
	}
	for _, n := range names {
		p, err := TripletSet(n)
		if err != nil {
			t.Fatalf("TripletSet(%q): %v", n, err)
		}
		if p.Name != n {
			t.Errorf("TripletSet(%q).Name = %q", n, p.Name)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("TripletSet(%q).Validate(): %v", n, err)
		}
		wantScheme := AllToAll
		if strings.Contains(n, "nearest") {
			wantScheme = NearestSpike
		}
		if p.Scheme != wantScheme {
			t.Errorf("%s: scheme %v, want %v", n, p.Scheme, wantScheme)
		}
		if strings.HasSuffix(n, "minimal") && p.A3Minus != 0 {
			t.Errorf("%s: minimal model with A3− = %v", n, p.A3Minus)
		}
		if !math.IsInf(p.WMin, -1) || !math.IsInf(p.WMax, 1) {
			t.Errorf("%s: published sets have no bounds, got [%v, %v]", n, p.WMin, p.WMax)
		}
	}
	_, err := TripletSet("nope")
	if err == nil {
		t.Fatal(`TripletSet("nope"): no error`)
	}
	for _, n := range names {
		if !strings.Contains(err.Error(), n) {
			t.Errorf(`TripletSet("nope") error %q does not list %q`, err, n)
		}
	}
	for _, s := range []TripletScheme{AllToAll, NearestSpike} {
		got, err := ParseTripletScheme(s.String())
		if err != nil || got != s {
			t.Errorf("ParseTripletScheme(%q) = %v, %v", s.String(), got, err)
		}
	}
	if _, err := ParseTripletScheme("pairwise"); err == nil {
		t.Error(`ParseTripletScheme("pairwise"): no error`)
	}
	if SchemeUnset.String() != "unset" {
		t.Errorf("SchemeUnset.String() = %q", SchemeUnset.String())
	}
}

// TestTripletPublishedValues pins every value of the published sets, so a
// typo shows up as a test failure. Sources are those of triplet.go:
// [V-code] NEST models/stdp_triplet_synapse.h (VC all-to-all full, with τy
// from zifeo/nest-stdpmodule examples), zifeo/nest-stdpmodule
// nearest_syn_spec (VC nearest full), sPyNNaker STDP example (VC all-to-all
// minimal); [M] the others (PG2006 Tables 2 and 4 as recalled).
func TestTripletPublishedValues(t *testing.T) {
	cases := []struct {
		name               string
		a2p, a3p, a2m, a3m float64
		taux, tauy         float64
		source             string
	}{
		{"visual-all-to-all-full", 5e-10, 6.2e-3, 7e-3, 2.3e-4, 101, 125, "V-code NEST, zifeo"},
		{"visual-all-to-all-minimal", 0, 6.5e-3, 7.1e-3, 0, 101, 114, "V-code sPyNNaker"},
		{"visual-nearest-full", 8.8e-11, 5.3e-2, 6.6e-3, 3.1e-3, 714, 40, "V-code zifeo"},
		{"visual-nearest-minimal", 0, 5e-2, 8e-3, 0, 714, 40, "M"},
		{"hippocampal-all-to-all-full", 6.1e-3, 6.7e-3, 1.6e-3, 1.4e-3, 946, 27, "M"},
		{"hippocampal-all-to-all-minimal", 5.3e-3, 8e-3, 3.5e-3, 0, 946, 40, "M"},
		{"hippocampal-nearest-full", 4.6e-3, 9.1e-3, 3e-3, 7.5e-9, 575, 47, "M"},
		{"hippocampal-nearest-minimal", 4.6e-3, 9.1e-3, 3e-3, 0, 575, 48, "M"},
	}
	for _, c := range cases {
		p, err := TripletSet(c.name)
		if err != nil {
			t.Fatal(err)
		}
		got := []float64{p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus, p.TauX, p.TauY, p.TauPlus, p.TauMinus}
		want := []float64{c.a2p, c.a3p, c.a2m, c.a3m, c.taux, c.tauy, 16.8, 33.7}
		if !slices.Equal(got, want) {
			t.Errorf("%s (%s): got %v, want %v", c.name, c.source, got, want)
		}
	}
}

func TestTripletValidate(t *testing.T) {
	cases := []struct {
		name   string
		modify func(*Triplet)
		want   string
	}{
		{"unset scheme", func(p *Triplet) { p.Scheme = SchemeUnset }, "rule: Triplet.Scheme = unset: must be AllToAll or NearestSpike (choose the interaction scheme explicitly)"},
		{"negative TauX", func(p *Triplet) { p.TauX = -2 }, "rule: Triplet.TauX = -2 ms: must be > 0"},
		{"zero TauPlus", func(p *Triplet) { p.TauPlus = 0 }, "rule: Triplet.TauPlus = 0 ms: must be > 0"},
		{"infinite TauY", func(p *Triplet) { p.TauY = math.Inf(1) }, "rule: Triplet.TauY = +Inf ms: must be finite"},
		{"negative A3Plus", func(p *Triplet) { p.A3Plus = -1e-3 }, "rule: Triplet.A3Plus = -0.001: must be >= 0"},
		{"NaN A2Minus", func(p *Triplet) { p.A2Minus = math.NaN() }, "rule: Triplet.A2Minus = NaN: must be finite"},
		{"NaN WMin", func(p *Triplet) { p.WMin = math.NaN() }, "rule: Triplet.WMin = NaN: must be a number or -Inf"},
		{"WMax below WMin", func(p *Triplet) { p.WMin, p.WMax = 1, 0.5 }, "rule: Triplet.WMax = 0.5: must be > WMin = 1"},
	}
	for _, c := range cases {
		p := TripletVisualAllToAllFull()
		c.modify(&p)
		err := p.Validate()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: Validate() = %v, want %q", c.name, err, c.want)
		}
	}
	var zero Triplet
	if zero.Validate() == nil {
		t.Error("zero Triplet validates: the scheme must be chosen explicitly")
	}
}

func TestTripletFields(t *testing.T) {
	p := TripletVisualAllToAllFull()
	var names []string
	for _, f := range p.Fields() {
		names = append(names, f.Name)
		if f.Doc == "" {
			t.Errorf("field %s has no doc", f.Name)
		}
		*f.Value = 42 // the pointer must address p's own field
	}
	want := []string{"tau_plus", "tau_minus", "tau_x", "tau_y", "a2_plus", "a3_plus", "a2_minus", "a3_minus", "w_min", "w_max"}
	if !slices.Equal(names, want) {
		t.Errorf("Fields names = %q, want %q", names, want)
	}
	all := []float64{p.TauPlus, p.TauMinus, p.TauX, p.TauY, p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus, p.WMin, p.WMax}
	for i, v := range all {
		if v != 42 {
			t.Errorf("field %d (%s) not reached through Fields", i, want[i])
		}
	}
}

// TestTripletSinglePair: one pair from empty traces, both schemes.
//
// Δt = t_post − t_pre > 0: at the pre spike o1 = 0 (no change), r1 → 1; at
// the post spike r1 = e^(−Δt/τ+) and o2(t−ε) = 0, so
//
//	Δw = A2+ e^(−Δt/τ+).
//
// Δt < 0: at the post spike r1 = 0, o1 → 1; at the pre spike
// o1 = e^(−|Δt|/τ−) and r2(t−ε) = 0, so
//
//	Δw = −A2− e^(−|Δt|/τ−).
//
// Δt = 0 (OnPrePost): neither sees the other, Δw = 0.
func TestTripletSinglePair(t *testing.T) {
	for _, name := range TripletSets() {
		p, _ := TripletSet(name)
		for _, dt := range []float64{-100, -50, -10, -5, -1, 0, 1, 5, 10, 50, 100} {
			var want float64
			switch {
			case dt > 0:
				want = p.A2Plus * math.Exp(-dt/p.TauPlus)
			case dt < 0:
				want = -p.A2Minus * math.Exp(dt/p.TauMinus)
			}
			got := tripletDelta(p, []float64{0}, []float64{dt})
			if !tripletClose(got, want, tripletExact) {
				t.Errorf("%s Δt %v: Run Δw = %.17g, want %.17g", name, dt, got, want)
			}
			if pc := p.Periodic(tripletPairMotif(dt), 1, 1000); !tripletClose(pc, want, tripletExact) {
				t.Errorf("%s Δt %v: Periodic Δw = %.17g, want %.17g", name, dt, pc, want)
			}
		}
	}
}

// tripletPairTrainHand is the weight change of n pairs (pre at kT, post at kT+Δt,
// 0 < |Δt| < T) written out spike by spike, independently of Run and
// Periodic.
//
// All-to-all, Δt > 0. Before post k the pre trace holds pres 0 … k (lags
// Δt + jT) and the post triplet trace posts 0 … k−1 (lags jT, j ≥ 1); before
// pre k the post trace holds posts 0 … k−1 (lags jT − Δt, j ≥ 1) and the pre
// triplet trace pres 0 … k−1 (lags jT):
//
//	post k: + r1·(A2+ + A3+·o2),  r1 = Σ_{j=0..k} e^(−(Δt+jT)/τ+),  o2 = Σ_{j=1..k} e^(−jT/τy)
//	pre k:  − o1·(A2− + A3−·r2),  o1 = Σ_{j=1..k} e^(−(jT−Δt)/τ−), r2 = Σ_{j=1..k} e^(−jT/τx)
//
// All-to-all, Δt = −s < 0 (post k at kT − s, before pre k):
//
//	post k: r1 = Σ_{j=1..k} e^(−(jT−s)/τ+),  o2 = Σ_{j=1..k} e^(−jT/τy)
//	pre k:  o1 = Σ_{j=0..k} e^(−(jT+s)/τ−),  r2 = Σ_{j=1..k} e^(−jT/τx)
//
// Nearest-spike: only the latest spike of each kind counts, so the sums keep
// only their first term; summed over k this gives the closed forms
//
//	Δt > 0:  Δw = n A2+ e^(−Δt/τ+) + (n−1)[A3+ e^(−Δt/τ+) e^(−T/τy) − e^(−(T−Δt)/τ−)(A2− + A3− e^(−T/τx))]
//	Δt < 0:  Δw = (n−1) e^(−(T−s)/τ+)(A2+ + A3+ e^(−T/τy)) − e^(−s/τ−)(n A2− + (n−1) A3− e^(−T/τx))
func tripletPairTrainHand(p Triplet, dt float64, n int, T float64) float64 {
	e := math.Exp
	nf := float64(n)
	if p.Scheme == NearestSpike {
		if dt > 0 {
			return nf*p.A2Plus*e(-dt/p.TauPlus) +
				(nf-1)*(p.A3Plus*e(-dt/p.TauPlus)*e(-T/p.TauY)-e(-(T-dt)/p.TauMinus)*(p.A2Minus+p.A3Minus*e(-T/p.TauX)))
		}
		s := -dt
		return (nf-1)*e(-(T-s)/p.TauPlus)*(p.A2Plus+p.A3Plus*e(-T/p.TauY)) -
			e(-s/p.TauMinus)*(nf*p.A2Minus+(nf-1)*p.A3Minus*e(-T/p.TauX))
	}
	w := 0.0
	for k := range n {
		var r1, o2, o1, r2 float64
		for j := 1; j <= k; j++ {
			jT := float64(j) * T
			o2 += e(-jT / p.TauY)
			r2 += e(-jT / p.TauX)
		}
		if dt > 0 {
			for j := 0; j <= k; j++ {
				r1 += e(-(dt + float64(j)*T) / p.TauPlus)
			}
			for j := 1; j <= k; j++ {
				o1 += e(-(float64(j)*T - dt) / p.TauMinus)
			}
		} else {
			s := -dt
			for j := 1; j <= k; j++ {
				r1 += e(-(float64(j)*T - s) / p.TauPlus)
			}
			for j := 0; j <= k; j++ {
				o1 += e(-(float64(j)*T + s) / p.TauMinus)
			}
		}
		w += r1*(p.A2Plus+p.A3Plus*o2) - o1*(p.A2Minus+p.A3Minus*r2)
	}
	return w
}

// TestTripletPairTrain checks n pairs at rate ρ three ways: Run
// (event-driven), the spike-by-spike formula above, and Periodic (geometric
// sums), to tripletExact.
func TestTripletPairTrain(t *testing.T) {
	for _, name := range TripletSets() {
		p, _ := TripletSet(name)
		for _, rate := range []float64{0.1, 1, 10, 20, 40, 50} { // Hz
			T := 1000 / rate
			for _, dt := range []float64{-10, -5, 5, 10} {
				for _, n := range []int{1, 2, 5, 60} {
					pre, post := tripletPairTrain(dt, n, T)
					got := tripletDelta(p, pre, post)
					hand := tripletPairTrainHand(p, dt, n, T)
					per := p.Periodic(tripletPairMotif(dt), n, T)
					if !tripletClose(got, hand, tripletExact) || !tripletClose(per, hand, tripletExact) {
						t.Errorf("%s ρ %v Hz Δt %v n %d: Run %.15g, hand %.15g, Periodic %.15g", name, rate, dt, n, got, hand, per)
					}
				}
			}
		}
	}
}

// TestTripletTriplets: the triplet closed forms of PG2006's protocols.
//
// pre-post-pre (pre at 0, post at t1 > 0, pre at t1 + s2, s2 > 0): the post
// sees one pre (r1 = e^(−t1/τ+)) and no earlier post (o2 = 0); the second
// pre sees one post (o1 = e^(−s2/τ−)) and one earlier pre
// (r2(t−ε) = e^(−(t1+s2)/τx)); the first pre sees nothing:
//
//	Δw = A2+ e^(−t1/τ+) − e^(−s2/τ−)·(A2− + A3− e^(−(t1+s2)/τx)).
//
// post-pre-post (post at 0, pre at s1 > 0, post at s1 + t2, t2 > 0):
//
//	Δw = e^(−t2/τ+)·(A2+ + A3+ e^(−(s1+t2)/τy)) − A2− e^(−s1/τ−).
//
// Both hold for either scheme (no trace ever holds two spikes). Repeated
// with memory (nearest-spike, period T): every repetition after the first
// adds, for pre-post-pre, the first pre's depression
// e^(−(T−t1)/τ−)·(A2− + A3− e^(−(T−t1−s2)/τx)) and, in the post's
// potentiation, o2 = e^(−T/τy):
//
//	W1 = e^(−t1/τ+)(A2+ + A3+ e^(−T/τy)) − e^(−s2/τ−)(A2− + A3− e^(−(t1+s2)/τx))
//	     − e^(−(T−t1)/τ−)(A2− + A3− e^(−(T−t1−s2)/τx)),
//	Δw(n) = Δw(1) + (n−1)·W1.
func TestTripletTriplets(t *testing.T) {
	e := math.Exp
	for _, name := range TripletSets() {
		p, _ := TripletSet(name)
		for _, c := range [][2]float64{{5, 5}, {10, 10}, {15, 5}, {5, 15}} {
			t1, s2 := c[0], c[1]
			want := p.A2Plus*e(-t1/p.TauPlus) - e(-s2/p.TauMinus)*(p.A2Minus+p.A3Minus*e(-(t1+s2)/p.TauX))
			m := []MotifSpike{{0, false}, {t1, true}, {t1 + s2, false}}
			pre, post := tripletMotifTrain(m, 1, 1000)
			if got := tripletDelta(p, pre, post); !tripletClose(got, want, tripletExact) {
				t.Errorf("%s pre-post-pre (%v, −%v): Run %.17g, want %.17g", name, t1, s2, got, want)
			}
			if got := p.Periodic(m, 1, 1000); !tripletClose(got, want, tripletExact) {
				t.Errorf("%s pre-post-pre (%v, −%v): Periodic %.17g, want %.17g", name, t1, s2, got, want)
			}
			if p.Scheme == NearestSpike {
				const T, n = 1000.0, 60
				w1 := e(-t1/p.TauPlus)*(p.A2Plus+p.A3Plus*e(-T/p.TauY)) -
					e(-s2/p.TauMinus)*(p.A2Minus+p.A3Minus*e(-(t1+s2)/p.TauX)) -
					e(-(T-t1)/p.TauMinus)*(p.A2Minus+p.A3Minus*e(-(T-t1-s2)/p.TauX))
				wantN := want + (n-1)*w1
				pre, post := tripletMotifTrain(m, n, T)
				if got := tripletDelta(p, pre, post); !tripletClose(got, wantN, tripletExact) {
					t.Errorf("%s pre-post-pre ×60 @1 Hz: Run %.15g, want %.15g", name, got, wantN)
				}
			}

			s1, t2 := c[0], c[1]
			want = e(-t2/p.TauPlus)*(p.A2Plus+p.A3Plus*e(-(s1+t2)/p.TauY)) - p.A2Minus*e(-s1/p.TauMinus)
			m = []MotifSpike{{0, true}, {s1, false}, {s1 + t2, true}}
			pre, post = tripletMotifTrain(m, 1, 1000)
			if got := tripletDelta(p, pre, post); !tripletClose(got, want, tripletExact) {
				t.Errorf("%s post-pre-post (−%v, %v): Run %.17g, want %.17g", name, s1, t2, got, want)
			}
			if got := p.Periodic(m, 1, 1000); !tripletClose(got, want, tripletExact) {
				t.Errorf("%s post-pre-post (−%v, %v): Periodic %.17g, want %.17g", name, s1, t2, got, want)
			}
		}
	}
}

// TestTripletPeriodicMatchesRun: Periodic equals Run for arbitrary motifs
// (random offsets and kinds, random periods, both schemes, n up to 100),
// including coincident pre/post offsets.
func TestTripletPeriodicMatchesRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		p, _ := TripletSet(TripletSets()[trial%8])
		T := 5 + 995*rng.Float64()
		var m []MotifSpike
		for range 1 + rng.IntN(5) {
			m = append(m, MotifSpike{T: math.Round(0.9*T*rng.Float64()*4) / 4, Post: rng.IntN(2) == 1})
		}
		if trial%5 == 0 { // a coincident pre/post pair
			m = append(m, MotifSpike{m[0].T, !m[0].Post})
		}
		// Drop same-kind duplicates (Periodic forbids them).
		var u []MotifSpike
		for _, s := range m {
			if !slices.Contains(u, s) {
				u = append(u, s)
			}
		}
		n := 1 + rng.IntN(100)
		pre, post := tripletMotifTrain(u, n, T)
		got := tripletDelta(p, pre, post)
		want := p.Periodic(u, n, T)
		if !tripletClose(got, want, tripletExact) {
			t.Errorf("trial %d %s motif %v T %v n %d: Run %.15g, Periodic %.15g", trial, p.Name, u, T, n, got, want)
		}
	}
}

// TestTripletPeriodicSteady: once the traces are periodic, each repetition
// changes w by PeriodicSteady: Periodic(n+1) − Periodic(n) → steady. With
// τx = 946 ms and T = 20 ms, a^n < 1e-300 for n = 2·10^4.
func TestTripletPeriodicSteady(t *testing.T) {
	const n = 20000
	// The difference of two closed-form sums of size ≈ n·|step|, each
	// rounded to a few ulps: |error| ≲ 10·ε·n·|step| (observed 1.2·ε).
	const tol = 1e-15
	for _, name := range TripletSets() {
		p, _ := TripletSet(name)
		for _, dt := range []float64{-10, 10} {
			m := tripletPairMotif(dt)
			got := p.Periodic(m, n+1, 20) - p.Periodic(m, n, 20)
			want := p.PeriodicSteady(m, 20)
			if math.Abs(got-want) > tol*float64(n)*math.Abs(want) {
				t.Errorf("%s Δt %v: step %.12g, steady %.12g", name, dt, got, want)
			}
		}
	}
}

func TestTripletPeriodicPanics(t *testing.T) {
	p := TripletVisualAllToAllFull()
	bad := []struct {
		name  string
		motif []MotifSpike
		n     int
		T     float64
	}{
		{"span = period", []MotifSpike{{0, false}, {20, true}}, 3, 20},
		{"duplicate kind", []MotifSpike{{0, false}, {0, false}}, 3, 20},
		{"negative n", tripletPairMotif(5), -1, 20},
		{"zero period", tripletPairMotif(5), 1, 0},
		{"NaN offset", []MotifSpike{{math.NaN(), true}}, 1, 20},
	}
	for _, b := range bad {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("%s: no panic", b.name)
				} else if !strings.HasPrefix(r.(string), "rule: Triplet.Periodic:") {
					t.Errorf("%s: panic %q", b.name, r)
				}
			}()
			p.Periodic(b.motif, b.n, b.T)
		}()
	}
}

// Sjöström, Turrigiano & Nelson (2001) Neuron 32:1149, Δw/w after pairing
// at Δt = ±10 ms vs frequency, as fitted by PG2006 Fig. 5/6 (Table 2).
// Values and SEMs [V-code] from the sPyNNaker STDP triplet example
// (SpiNNakerManchester, "Sjostrom et al. (2001) experimental data"), which
// reproduces the PG2006 fit with the visual all-to-all minimal set.
var tripletSjostrom2001 = struct {
	rate            []float64 // Hz
	plus, plusSEM   []float64 // Δt = +10 ms
	minus, minusSEM []float64 // Δt = −10 ms
}{
	rate:     []float64{0.1, 10, 20, 40, 50},
	plus:     []float64{-0.04, 0.14, 0.29, 0.53, 0.56},
	plusSEM:  []float64{0.05, 0.1, 0.14, 0.11, 0.26},
	minus:    []float64{-0.29, -0.41, -0.34, 0.56, 0.75},
	minusSEM: []float64{0.08, 0.11, 0.1, 0.32, 0.19},
}

// tripletSjostromPairs is the number of pairings per protocol: 60 [M for
// PG2006; V-code: the sPyNNaker reproduction uses num_pairs = 60]. Of 60
// consecutive pairs, 75 consecutive pairs and 15 bursts of 5 pairs (the
// Sjöström protocol, bursts 10 s apart), 60 fits the data best for all four
// visual sets (TestTripletSjostromPairCount) [V-derived].
const tripletSjostromPairs = 60

// tripletSjostromE is PG2006's normalised error of the model against the
// Sjöström data, with dw(motif, T) the change for one protocol.
func tripletSjostromE(dw func(m []MotifSpike, T float64) float64) float64 {
	d := tripletSjostrom2001
	E := 0.0
	for i, rate := range d.rate {
		zp := (dw(tripletPairMotif(10), 1000/rate) - d.plus[i]) / d.plusSEM[i]
		zm := (dw(tripletPairMotif(-10), 1000/rate) - d.minus[i]) / d.minusSEM[i]
		E += zp*zp + zm*zm
	}
	return E / float64(2*len(d.rate))
}

// TestTripletSjostromPairCount supports the choice of 60 pairings: it fits
// the Sjöström data better than 75 pairs or 15 bursts of 5 for every visual
// set (observed E: 0.23–0.36 for 60; 0.76–1.03 for 75; 0.53–6.4 for 15×5).
func TestTripletSjostromPairCount(t *testing.T) {
	for _, name := range TripletSets()[:4] {
		p, _ := TripletSet(name)
		e60 := tripletSjostromE(func(m []MotifSpike, T float64) float64 { return p.Periodic(m, 60, T) })
		e75 := tripletSjostromE(func(m []MotifSpike, T float64) float64 { return p.Periodic(m, 75, T) })
		e15x5 := tripletSjostromE(func(m []MotifSpike, T float64) float64 { return 15 * p.Periodic(m, 5, T) })
		t.Logf("%s: E = %.3f (60 pairs), %.3f (75), %.3f (15×5)", name, e60, e75, e15x5)
		if !(e60 < e75 && e60 < e15x5) {
			t.Errorf("%s: 60 pairs do not fit best: E = %.3f (60), %.3f (75), %.3f (15×5)", name, e60, e75, e15x5)
		}
	}
}

// TestTripletSjostrom: the four visual-cortex sets against the Sjöström
// data that PG2006 fits. Per point the model must lie within
// sjostromSEMs standard errors; overall the paper's normalised error
// E = (1/p) Σ ((Δw_model − Δw_exp)/σ_exp)² (PG2006 Methods [M]; the same
// formula as sPyNNaker's calculate_error [V-code]) must be below
// sjostromEMax. The simulated values also equal the closed form.
func TestTripletSjostrom(t *testing.T) {
	const (
		sjostromSEMs = 2.0 // a fit "through the error bars"; the worst point of any set is 1.27 SEM (AA full, 40 Hz, Δt = −10 ms)
		sjostromEMax = 0.6 // our E: 0.36 (AA min), 0.34 (AA full), 0.35 (NN min), 0.23 (NN full)
	)
	d := tripletSjostrom2001
	for _, name := range TripletSets()[:4] {
		p, _ := TripletSet(name)
		E := 0.0
		for i, rate := range d.rate {
			T := 1000 / rate
			for _, c := range []struct{ dt, data, sem float64 }{{10, d.plus[i], d.plusSEM[i]}, {-10, d.minus[i], d.minusSEM[i]}} {
				pre, post := tripletPairTrain(c.dt, tripletSjostromPairs, T)
				got := tripletDelta(p, pre, post)
				if cf := tripletPairTrainHand(p, c.dt, tripletSjostromPairs, T); !tripletClose(got, cf, tripletExact) {
					t.Errorf("%s %v Hz Δt %v: Run %.15g vs closed form %.15g", name, rate, c.dt, got, cf)
				}
				z := (got - c.data) / c.sem
				E += z * z
				if math.Abs(z) > sjostromSEMs {
					t.Errorf("%s %v Hz Δt %+v ms: Δw = %.3f, data %.2f ± %.2f (%.1f SEM)", name, rate, c.dt, got, c.data, c.sem, z)
				}
			}
		}
		E /= float64(2 * len(d.rate))
		if E > sjostromEMax {
			t.Errorf("%s: E = %.3f > %v", name, E, sjostromEMax)
		}
		t.Logf("%s: E = %.3f", name, E)
	}
}

// TestTripletSjostromShape checks the qualitative frequency dependence the
// triplet terms exist for (PG2006 Fig. 5): post-pre pairs depress at low
// rates and potentiate at 50 Hz; pre-post pairs do nothing at 0.1 Hz
// (A2+ ≈ 0 in the visual sets) and potentiate more with rate. The pair-only
// rule (A3 = 0) cannot turn post-pre LTD into LTP at any rate.
func TestTripletSjostromShape(t *testing.T) {
	for _, name := range TripletSets()[:4] {
		p, _ := TripletSet(name)
		dw := func(q Triplet, dt, rate float64) float64 {
			return q.Periodic(tripletPairMotif(dt), tripletSjostromPairs, 1000/rate)
		}
		if v := dw(p, 10, 0.1); math.Abs(v) > 1e-6 {
			t.Errorf("%s: pre-post at 0.1 Hz Δw = %g, want ≈ 0", name, v)
		}
		if v := dw(p, -10, 0.1); v > -0.2 {
			t.Errorf("%s: post-pre at 0.1 Hz Δw = %.3f, want LTD", name, v)
		}
		if v := dw(p, -10, 50); v < 0.3 {
			t.Errorf("%s: post-pre at 50 Hz Δw = %.3f, want LTP", name, v)
		}
		prev := -1.0
		for _, r := range []float64{0.1, 10, 20, 40, 50} {
			v := dw(p, 10, r)
			if v < prev {
				t.Errorf("%s: pre-post Δw not increasing with rate at %v Hz (%.3f < %.3f)", name, r, v, prev)
			}
			prev = v
		}
		pair := p
		pair.A3Plus, pair.A3Minus = 0, 0
		for _, r := range []float64{0.1, 10, 20, 40, 50} {
			if v := dw(pair, -10, r); v > 0 {
				t.Errorf("%s pair-only: post-pre at %v Hz Δw = %.3f > 0", name, r, v)
			}
		}
	}
}

// Wang, Gerkin, Nauen & Bi (2005) Nat Neurosci 8:187, hippocampal
// cultures, 60 repetitions at 1 Hz, as fitted by PG2006 Fig. 7/8 (Table
// 4). We could not read the data points: the bounds below encode the
// published qualitative result [M] with wide tolerances: post-pre-post
// triplets (−5, +5 ms) give LTP of about +30%; pre-post-pre triplets
// (+5, −5 ms) give no significant change; quadruplets post-pre-pre-post
// (T > 0) give LTP.
func TestTripletWang(t *testing.T) {
	const n, T = 60, 1000.0
	ppp := []MotifSpike{{0, true}, {5, false}, {10, true}}  // post-pre-post (−5, +5)
	prp := []MotifSpike{{0, false}, {5, true}, {10, false}} // pre-post-pre (+5, −5)
	// quadruplet with the two pairs' midpoints 25 ms apart: post-pre (Δt = −5)
	// then pre-post (Δt = +5).
	quad := []MotifSpike{{0, true}, {5, false}, {25, false}, {30, true}}
	var ref []float64
	for _, name := range TripletSets()[4:] {
		p, _ := TripletSet(name)
		run := func(m []MotifSpike) float64 {
			pre, post := tripletMotifTrain(m, n, T)
			got := tripletDelta(p, pre, post)
			if cf := p.Periodic(m, n, T); !tripletClose(got, cf, tripletExact) {
				t.Errorf("%s %v: Run %.15g vs Periodic %.15g", name, m, got, cf)
			}
			return got
		}
		a, b, q := run(ppp), run(prp), run(quad)
		t.Logf("%s: post-pre-post %.3f, pre-post-pre %.3f, quadruplet(T=25) %.3f", name, a, b, q)
		if a < 0.2 || a > 0.5 { // [M] ≈ +0.3
			t.Errorf("%s: post-pre-post Δw = %.3f, want LTP in [0.2, 0.5]", name, a)
		}
		if math.Abs(b) > 0.1 { // [M] no significant change
			t.Errorf("%s: pre-post-pre Δw = %.3f, want |Δw| ≤ 0.1", name, b)
		}
		if q < 0.1 { // [M] LTP
			t.Errorf("%s: quadruplet Δw = %.3f, want LTP ≥ 0.1", name, q)
		}
		// The four sets were fitted to the same data, so they must agree with
		// each other on the fitted protocols (a check on the recalled values):
		// within 0.1 of the first set.
		if ref == nil {
			ref = []float64{a, b, q}
		} else if math.Abs(a-ref[0]) > 0.1 || math.Abs(b-ref[1]) > 0.1 || math.Abs(q-ref[2]) > 0.1 {
			t.Errorf("%s: (%.3f, %.3f, %.3f) differs from the first set's (%.3f, %.3f, %.3f) by > 0.1", name, a, b, q, ref[0], ref[1], ref[2])
		}
		// The asymmetry between the two triplets is a triplet effect: with
		// A3± = 0 (pair rule) both triplets give exactly the same change,
		// A2+ e^(−5/τ+) − A2− e^(−5/τ−) per repetition.
		pair := p
		pair.A3Plus, pair.A3Minus = 0, 0
		pa, pb := pair.Periodic(ppp, n, T), pair.Periodic(prp, n, T)
		if !tripletClose(pa, pb, tripletExact) {
			t.Errorf("%s pair-only: post-pre-post %.15g ≠ pre-post-pre %.15g", name, pa, pb)
		}
		if a-b < 0.2 {
			t.Errorf("%s: triplet asymmetry %.3f, want ≥ 0.2", name, a-b)
		}
	}
}

// TestTripletSchemesDiffer: the two schemes agree when no trace ever holds
// more than one spike and differ otherwise.
func TestTripletSchemesDiffer(t *testing.T) {
	aa := TripletVisualAllToAllFull()
	nn := aa
	nn.Scheme = NearestSpike
	// pre, pre, post: all-to-all r1 holds both pres, nearest-spike only the
	// second.
	pre, post := []float64{0, 10}, []float64{15}
	wantAA := aa.A2Plus * (math.Exp(-15/aa.TauPlus) + math.Exp(-5/aa.TauPlus))
	wantNN := nn.A2Plus * math.Exp(-5/nn.TauPlus)
	if got := tripletDelta(aa, pre, post); !tripletClose(got, wantAA, tripletExact) {
		t.Errorf("all-to-all pre-pre-post: %.17g, want %.17g", got, wantAA)
	}
	if got := tripletDelta(nn, pre, post); !tripletClose(got, wantNN, tripletExact) {
		t.Errorf("nearest pre-pre-post: %.17g, want %.17g", got, wantNN)
	}
	// post, post, pre: o1 holds both posts (all-to-all) or the second.
	pre, post = []float64{20}, []float64{0, 10}
	wantAA = -aa.A2Minus * (math.Exp(-20/aa.TauMinus) + math.Exp(-10/aa.TauMinus))
	wantNN = -nn.A2Minus * math.Exp(-10/nn.TauMinus)
	if got := tripletDelta(aa, pre, post); !tripletClose(got, wantAA, tripletExact) {
		t.Errorf("all-to-all post-post-pre: %.17g, want %.17g", got, wantAA)
	}
	if got := tripletDelta(nn, pre, post); !tripletClose(got, wantNN, tripletExact) {
		t.Errorf("nearest post-post-pre: %.17g, want %.17g", got, wantNN)
	}
	// A single pair and single triplets: identical.
	for _, m := range [][]MotifSpike{tripletPairMotif(7), tripletPairMotif(-7), {{0, true}, {5, false}, {10, true}}} {
		pre, post := tripletMotifTrain(m, 1, 100)
		if a, b := tripletDelta(aa, pre, post), tripletDelta(nn, pre, post); a != b {
			t.Errorf("motif %v: all-to-all %.17g ≠ nearest %.17g", m, a, b)
		}
	}
	// 60 pairs at 50 Hz (traces pile up): clearly different, by more than
	// 20% of the all-to-all change.
	pre, post = tripletPairTrain(10, 60, 20)
	a, b := tripletDelta(aa, pre, post), tripletDelta(nn, pre, post)
	if math.Abs(a-b) < 0.2*math.Abs(a) {
		t.Errorf("60 pairs at 50 Hz: all-to-all %.4f vs nearest %.4f, want a clear difference", a, b)
	}
	// At 0.1 Hz the traces forget between pairs (e^(−10000/125) ≈ 2e-35 for
	// τy, e^(−10000/101) for τx): equal to rounding.
	pre, post = tripletPairTrain(-10, 60, 10000)
	if a, b := tripletDelta(aa, pre, post), tripletDelta(nn, pre, post); !tripletClose(a, b, tripletExact) {
		t.Errorf("60 pairs at 0.1 Hz: all-to-all %.17g vs nearest %.17g", a, b)
	}
}

// TestTripletSimultaneous: coincident pre and post spikes (NEST's
// convention, see Triplet).
func TestTripletSimultaneous(t *testing.T) {
	for _, name := range TripletSets() {
		p, _ := TripletSet(name)
		// From empty traces: no change, all traces 1.
		s := p.Run(TripletState{W: 1}, []float64{3}, []float64{3})
		if s.W != 1 || s.R1 != 1 || s.R2 != 1 || s.O1 != 1 || s.O2 != 1 || s.T != 3 {
			t.Errorf("%s: coincident pair from rest gave %+v, want W 1 and traces 1", name, s)
		}
		// An earlier pre at 0, then pre+post at 10: the post sees only the
		// pre at 0, the pre sees no post.
		got := tripletDelta(p, []float64{0, 10}, []float64{10})
		want := p.A2Plus * math.Exp(-10/p.TauPlus)
		if !tripletClose(got, want, tripletExact) {
			t.Errorf("%s: pre, then pre+post: %.17g, want %.17g", name, got, want)
		}
		// An earlier post at 0, then pre+post at 10: the pre sees only the
		// post at 0 (o1 = e^(−10/τ−)), the post sees no pre (r1 = 0).
		got = tripletDelta(p, []float64{10}, []float64{0, 10})
		want = -p.A2Minus * math.Exp(-10/p.TauMinus)
		if !tripletClose(got, want, tripletExact) {
			t.Errorf("%s: post, then pre+post: %.17g, want %.17g", name, got, want)
		}
		// Sequential OnPre, OnPost at one time is a Δt = 0⁺ pair instead.
		q := TripletState{W: 1}
		p.OnPre(&q, 3)
		p.OnPost(&q, 3)
		if want := 1 + p.A2Plus; !tripletClose(q.W, want, tripletExact) {
			t.Errorf("%s: OnPre then OnPost at one time: W %.17g, want %.17g", name, q.W, want)
		}
	}
	// At a bound the order matters: potentiation first (clipped), then
	// depression (NEST's order).
	p := TripletHippocampalAllToAllFull()
	p.WMax = 1
	s := TripletState{W: 1}
	p.OnPre(&s, 0)
	p.OnPost(&s, 5) // W would exceed 1: clipped
	if s.W != 1 {
		t.Fatalf("W = %v, want clipped to 1", s.W)
	}
	p.OnPrePost(&s, 20)
	dep := math.Exp(-15/p.TauMinus) * (p.A2Minus + p.A3Minus*math.Exp(-20/p.TauX))
	if want := 1 - dep; !tripletClose(s.W, want, tripletExact) {
		t.Errorf("pre+post at the upper bound: W %.17g, want 1 − depression = %.17g", s.W, want)
	}
}

// TestTripletBoundsAndFinite drives every set (and bounded, extreme
// variants) with random Poisson trains, including coincident spikes, very
// long gaps and bursts: w stays finite and within bounds, traces stay ≥ 0
// and ≤ the all-to-all ceiling, and nearest-spike traces stay ≤ 1.
func TestTripletBoundsAndFinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	train := func(rate float64, end float64) []float64 { // rate in 1/ms
		var ts []float64
		for t := rng.ExpFloat64() / rate; t < end; t += rng.ExpFloat64() / rate {
			ts = append(ts, math.Round(t*10)/10) // 0.1 ms grid: many coincidences
		}
		return ts
	}
	for trial := range 64 {
		p, _ := TripletSet(TripletSets()[trial%8])
		if trial%2 == 1 {
			p.WMin, p.WMax = 0, 1.2
			p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 0.5, 0.5, 0.5, 0.5 // extreme amplitudes
		}
		rate := []float64{0.001, 0.05, 0.2}[trial%3]
		pre, post := train(rate, 5000), train(rate, 5000)
		pre = append(pre, 1e12) // a very long gap
		post = append(post, 1e12+0.1)
		s := TripletState{W: 1}
		i, j := 0, 0
		for i < len(pre) || j < len(post) { // step by step to check each state
			switch {
			case j == len(post) || (i < len(pre) && pre[i] < post[j]):
				p.OnPre(&s, pre[i])
				i++
			case i == len(pre) || post[j] < pre[i]:
				p.OnPost(&s, post[j])
				j++
			default:
				p.OnPrePost(&s, pre[i])
				i++
				j++
			}
			for _, v := range []float64{s.W, s.R1, s.R2, s.O1, s.O2} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("trial %d %s: non-finite state %+v", trial, p.Name, s)
				}
			}
			if s.W < p.WMin || s.W > p.WMax {
				t.Fatalf("trial %d %s: W = %v outside [%v, %v]", trial, p.Name, s.W, p.WMin, p.WMax)
			}
			if min(s.R1, s.R2, s.O1, s.O2) < 0 || (p.Scheme == NearestSpike && max(s.R1, s.R2, s.O1, s.O2) > 1) {
				t.Fatalf("trial %d %s: traces out of range %+v", trial, p.Name, s)
			}
		}
		// Run gives the same state.
		if r := p.Run(TripletState{W: 1}, pre, post); r != s {
			t.Errorf("trial %d: Run %+v differs from the step-by-step state %+v", trial, r, s)
		}
	}
}

// TestTripletAdvance: traces decay exactly and splitting a gap does not
// change them beyond rounding; the zero state may start anywhere; causality
// is enforced.
func TestTripletAdvance(t *testing.T) {
	p := TripletVisualNearestFull()
	s := TripletState{T: 0, R1: 1, R2: 1, O1: 1, O2: 1, W: 1}
	a := s
	p.Advance(&a, 100)
	want := []float64{math.Exp(-100 / p.TauPlus), math.Exp(-100 / p.TauX), math.Exp(-100 / p.TauMinus), math.Exp(-100 / p.TauY)}
	got := []float64{a.R1, a.R2, a.O1, a.O2}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("trace %d after 100 ms: %.17g, want %.17g", i, got[i], want[i])
		}
	}
	b := s
	for k := 1; k <= 10; k++ {
		p.Advance(&b, float64(k)*10)
	}
	for i, v := range []float64{b.R1, b.R2, b.O1, b.O2} {
		if !tripletClose(v, want[i], 1e-14) { // ten products, ≤ ½ ulp each
			t.Errorf("trace %d split in ten: %.17g, want %.17g", i, v, want[i])
		}
	}
	z := TripletState{W: 1, T: 50}
	p.OnPre(&z, -20) // zero traces: any start time
	if z.T != -20 || z.R1 != 1 {
		t.Errorf("zero state at negative time: %+v", z)
	}
	mustPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		f()
	}
	mustPanic("spike before state time", func() { p.OnPost(&z, -30) })
	mustPanic("NaN time", func() { p.OnPost(&z, math.NaN()) })
	mustPanic("unsorted pre", func() { p.Run(TripletState{}, []float64{5, 1}, nil) })
	mustPanic("unsorted post", func() { p.Run(TripletState{}, nil, []float64{5, 1}) })
}

// Sjöström-type pairing with the visual-cortex nearest-spike set (PG2006
// Table 2): 60 pre→post pairs (Δt = +10 ms) from w = 1, at 0.1 Hz (no
// change: A2+ ≈ 0 and the traces forget between pairs) and at 20 Hz (LTP
// through the triplet term; Sjöström et al. 2001 measured +0.29 ± 0.14).
func ExampleTriplet_Run() {
	p := TripletVisualNearestFull()
	for _, rate := range []float64{0.1, 20} { // Hz
		T := 1000 / rate // period [ms]
		var pre, post []float64
		for k := range 60 {
			pre = append(pre, float64(k)*T)
			post = append(post, float64(k)*T+10)
		}
		s := p.Run(TripletState{W: 1}, pre, post)
		cf := p.Periodic([]MotifSpike{{T: 0}, {T: 10, Post: true}}, 60, T)
		fmt.Printf("%4.1f Hz: w = %.4f, closed form Δw = %.4f\n", rate, s.W, cf)
	}
	// Output:
	//  0.1 Hz: w = 1.0000, closed form Δw = 0.0000
	// 20.0 Hz: w = 1.3232, closed form Δw = 0.3232
}

// How an engine drives the rule: one state per synapse, and OnPre / OnPost
// in time order with spike times at the synapse (delays already applied).
// A post-pre-post triplet (−5, +5 ms) with the hippocampal all-to-all
// full set: the second post spike sees o2 from the first (triplet term).
func ExampleTriplet_OnPost() {
	p := TripletHippocampalAllToAllFull()
	s := TripletState{W: 1}
	p.OnPost(&s, 0) // no pre trace yet: no change
	fmt.Printf("post at  0 ms: w = %.5f\n", s.W)
	p.OnPre(&s, 5) // depression: −A2− e^(−5/τ−)
	fmt.Printf("pre  at  5 ms: w = %.5f\n", s.W)
	p.OnPost(&s, 10) // potentiation: e^(−5/τ+)(A2+ + A3+ e^(−10/τy))
	fmt.Printf("post at 10 ms: w = %.5f, o2 = %.3f\n", s.W, s.O2)
	// Output:
	// post at  0 ms: w = 1.00000
	// pre  at  5 ms: w = 0.99862
	// post at 10 ms: w = 1.00659, o2 = 1.690
}

func BenchmarkTripletRun60Pairs(b *testing.B) {
	p := TripletVisualAllToAllFull()
	pre, post := tripletPairTrain(10, 60, 20)
	b.ReportAllocs()
	for b.Loop() {
		p.Run(TripletState{W: 1}, pre, post)
	}
}
