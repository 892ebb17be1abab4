package purkinje

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// induce runs r through a minute of baseline, n PF pulses at 1 Hz (each with a CF
// 100 ms later if cf), and follow, and returns the strength at the end.
type runner interface {
	PF()
	CF()
}

func induce(t *testing.T, adv func(float64), r runner, n int, cf bool, follow float64) {
	t.Helper()
	adv(60e3)
	for range n {
		r.PF()
		if cf {
			adv(100)
			r.CF()
			adv(900)
		} else {
			adv(1000)
		}
	}
	adv(follow)
}

func newModel(t *testing.T, p Params) *Model {
	t.Helper()
	m, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func runModel(t *testing.T, p Params, n int, cf bool, follow float64) *Model {
	t.Helper()
	m := newModel(t, p)
	induce(t, func(d float64) {
		if err := m.Advance(d, nil, nil); err != nil {
			t.Fatal(err)
		}
	}, m, n, cf, follow)
	return m
}

// One PF pulse into the linear Ca²⁺ pool has a closed form:
// x(t) = Q/((1+κ)τi)·(e^{−t/τ} − e^{−t/τi})/(1/τi − 1/τ).
func TestCaPulseAnalytic(t *testing.T) {
	p := Default()
	p.Solver.RelTol, p.Solver.AbsTol = 1e-9, 1e-12
	m := newModel(t, p)
	m.PF()
	c := p.Ca
	var worst float64
	ts := []float64{0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500}
	err := m.Advance(500, ts, func(x float64) {
		want := c.QPF / ((1 + c.Kappa) * c.TauPF) * (math.Exp(-x/c.TauCa) - math.Exp(-x/c.TauPF)) / (1/c.TauPF - 1/c.TauCa)
		got := m.State()[ICa] - c.Rest
		worst = max(worst, math.Abs(got-want)/(c.QPF/(1+c.Kappa)))
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("worst error %.2g of Q/(1+κ)", worst)
	if worst > 1e-7 {
		t.Errorf("Ca²⁺ after one PF pulse differs from the closed form by %.2g (want < 1e-7)", worst)
	}
}

// The fitted influxes: one PF pulse raises spine Ca²⁺ by 0.2 µM, one
// complex spike by 2 µM (targets in calcium.go), within 1%.
func TestCaPeaks(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   func(*Model)
		want float64
	}{{"PF", (*Model).PF, 0.2}, {"CF", (*Model).CF, 2.0}} {
		m := newModel(t, Default())
		c.ev(m)
		var peak float64
		var ts []float64
		for x := 0.1; x <= 100; x += 0.1 {
			ts = append(ts, x)
		}
		if err := m.Advance(100, ts, func(float64) { peak = max(peak, m.State()[ICa]) }); err != nil {
			t.Fatal(err)
		}
		rise := peak - m.p.Ca.Rest
		t.Logf("%s: peak %.4f µM above rest", c.name, rise)
		if math.Abs(rise/c.want-1) > 0.01 {
			t.Errorf("%s: Ca²⁺ rise %.4f µM, want %.2f ± 1%%", c.name, rise, c.want)
		}
	}
}

// loopMap is one pass around the PKC → ERK → cPLA2 → AA → PKC loop at
// Ca²⁺ ca without DAG: the steady state each stage reaches given the one
// before. Its fixed points are the loop's steady states.
func loopMap(p Params, x, ca float64) float64 {
	e := p.ERK.act(x) / (p.ERK.act(x) + p.ERK.KOff)
	ac := p.CPLA2.act(e, ca)
	c := ac / (ac + 1/p.CPLA2.Tau)
	aa := p.CPLA2.KAA * p.CPLA2.N * c * p.CPLA2.TauAA
	ap := p.PKC.act(ca, 0, aa)
	return ap / (ap + 1/p.PKC.Tau)
}

// The loop is bistable at resting Ca²⁺: three fixed points, OFF (< 0.05),
// a threshold, and ON (> 0.5). A model put in the ON state stays ON for an
// hour at rest; the resting model stays OFF.
func TestLoopBistable(t *testing.T) {
	p := Default()
	var fixed []float64
	prev := loopMap(p, 0, p.Ca.Rest)
	for x := 1e-3; x <= 1; x += 1e-3 {
		d := loopMap(p, x, p.Ca.Rest) - x
		if (d > 0) != (prev > 0) {
			fixed = append(fixed, x)
		}
		prev = d
	}
	t.Logf("fixed points of the loop at rest (x = 0 is the OFF state): 0, %v", fixed)
	if len(fixed) != 2 || fixed[0] < 0.05 || fixed[1] < 0.5 {
		t.Fatalf("want OFF at 0, a threshold above 0.05 and ON above 0.5; got 0, %v", fixed)
	}
	m := newModel(t, p)
	if err := m.Advance(3600e3, nil, nil); err != nil {
		t.Fatal(err)
	}
	if x := m.State()[INet+NPKC] / p.PKC.N; x > 0.05 {
		t.Errorf("resting model: PKC %.3f active after an hour, want OFF", x)
	}
	m = newModel(t, p)
	m.y[INet+NPKC] = 0.8 * p.PKC.N
	m.y[INet+NERK] = 0.8 * p.ERK.N
	m.y[INet+NCPLA2] = 0.4 * p.CPLA2.N
	m.y[INet+NAA] = 100
	if err := m.Advance(3600e3, nil, nil); err != nil {
		t.Fatal(err)
	}
	if x := m.State()[INet+NPKC] / p.PKC.N; x < 0.5 {
		t.Errorf("model started ON: PKC %.3f active after an hour at rest, want ON", x)
	}
}

// The inverted rule, in the deterministic model: PF alone leaves the loop
// OFF and potentiates; PF + CF switches it ON and depresses.
func TestInvertedRule(t *testing.T) {
	p := Default()
	pf := runModel(t, p, 300, false, 60*60e3)
	pfcf := runModel(t, p, 300, true, 60*60e3)
	t.Logf("PF alone: strength %.3f, PKC %.3f; PF + CF: strength %.3f, PKC %.3f",
		pf.Strength(), pf.State()[INet+NPKC]/p.PKC.N, pfcf.Strength(), pfcf.State()[INet+NPKC]/p.PKC.N)
	if !(pf.Strength() > 1.05) || pf.State()[INet+NPKC] > p.PKC.N/2 {
		t.Errorf("PF alone: strength %.3f, want LTP with the loop OFF", pf.Strength())
	}
	if !(pfcf.Strength() < 0.95) || pfcf.State()[INet+NPKC] < p.PKC.N/2 {
		t.Errorf("PF + CF: strength %.3f, want LTD with the loop ON", pfcf.Strength())
	}
}

// Receptors are conserved: the total of the six pools stays at Total (to
// 1e-9 relative) over PF + CF and an hour; enzymes stay within [0, N].
func TestConservation(t *testing.T) {
	p := Default()
	m := newModel(t, p)
	worst := 0.0
	check := func(float64) {
		y := m.State()[INet:]
		tot := y[NPsdU] + y[NPsdP] + y[NExtU] + y[NExtP] + y[NIntU] + y[NIntP]
		worst = max(worst, math.Abs(tot/p.GluA2.Total-1))
		for _, c := range []struct{ v, n float64 }{{y[NPKC], p.PKC.N}, {y[NERK], p.ERK.N}, {y[NCPLA2], p.CPLA2.N}} {
			if c.v < -1e-9*c.n || c.v > c.n*(1+1e-9) {
				t.Fatalf("enzyme count %g outside [0, %g]", c.v, c.n)
			}
		}
	}
	ts := func(d float64) []float64 {
		var s []float64
		for x := m.Time() + 50; x <= m.Time()+d; x += 50 {
			s = append(s, x)
		}
		return s
	}
	induce(t, func(d float64) {
		if err := m.Advance(d, ts(d), check); err != nil {
			t.Fatal(err)
		}
	}, m, 300, true, 60*60e3)
	t.Logf("receptor total within %.2g", worst)
	if worst > 1e-9 {
		t.Errorf("receptor total drifts by %.2g", worst)
	}
}

// The default tolerances (1e-5/1e-8) against 1e-8/1e-11 on K1 (PF + CF
// and an hour): the strength moves by less than 1e-6.
func TestToleranceConvergence(t *testing.T) {
	p := Default()
	a := runModel(t, p, 300, true, 60*60e3).Strength()
	p.Solver.RelTol, p.Solver.AbsTol = 1e-8, 1e-11
	b := runModel(t, p, 300, true, 60*60e3).Strength()
	t.Logf("strength %.9f (default) vs %.9f (tight)", a, b)
	if math.Abs(a-b) > 1e-6 {
		t.Errorf("tolerance dependence %.2g", math.Abs(a-b))
	}
}

func TestValidateNamesTheField(t *testing.T) {
	for _, c := range []struct {
		mod  func(*Params)
		want string
	}{
		{func(p *Params) { p.Ca.TauCa = 0 }, "Calcium.TauCa"},
		{func(p *Params) { p.PKC.Activity = 2 }, "PKC.KAct"},
		{func(p *Params) { p.GluA2.Endo = -1 }, "GluA2.Endo"},
		{func(p *Params) { p.MGluR.Open = 1.5 }, "MGluR.Rho"},
		{func(p *Params) { p.Nitric.TauNO = math.Inf(1) }, "Nitric.TauNO"},
	} {
		p := Default()
		c.mod(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want it to name %s", err, c.want)
		}
	}
}

// scaled multiplies every copy-number parameter by s, so that the
// stochastic network approaches the ODE (of fractions) as s grows.
func scaled(p Params, s float64) Params {
	p.PKC.N *= s
	p.PKC.KAA *= s
	p.ERK.N *= s
	p.CPLA2.N *= s
	p.GluA2.Total *= s
	p.GluA2.Slots *= s
	p.GluA2.KNSF *= s
	p.GluA2.VNSF *= s
	return p
}

func runPop(t *testing.T, p Params, n, workers int, pulses int, cf bool, seed uint64) *Population {
	t.Helper()
	pop, err := NewPopulation(p, n, workers, rand.New(rand.NewPCG(seed, 7)))
	if err != nil {
		t.Fatal(err)
	}
	induce(t, func(d float64) {
		if err := pop.Advance(context.Background(), d, nil, nil); err != nil {
			t.Fatal(err)
		}
	}, pop, pulses, cf, 30*60e3)
	return pop
}

func meanStrength(pop *Population) float64 {
	var s float64
	for i := range pop.Len() {
		s += pop.Strength(i)
	}
	return s / float64(pop.Len())
}

// With 20× the copy numbers, the stochastic spines (cells of the drive,
// exact SSA) follow the ODE: PF alone and PF + CF end within 2% of the
// deterministic strength, and with the receptor total exact.
func TestPopulationMatchesODE(t *testing.T) {
	p := scaled(Default(), 20)
	for _, cf := range []bool{false, true} {
		det := runModel(t, p, 300, cf, 30*60e3).Strength()
		pop := runPop(t, p, 8, 2, 300, cf, 1)
		s := meanStrength(pop)
		t.Logf("cf=%v: ODE %.4f, 8 stochastic spines %.4f", cf, det, s)
		if math.Abs(s-det) > 0.02 {
			t.Errorf("cf=%v: stochastic mean %.4f vs ODE %.4f", cf, s, det)
		}
		for i := range pop.Len() {
			y := pop.Network(i)
			if tot := y[NPsdU] + y[NPsdP] + y[NExtU] + y[NExtP] + y[NIntU] + y[NIntP]; tot != math.Round(p.GluA2.Total) {
				t.Errorf("spine %d: %g receptors, want exactly %g", i, tot, p.GluA2.Total)
			}
		}
	}
}

// The same seed gives the same spines on 1 and on 2 workers.
func TestPopulationWorkers(t *testing.T) {
	a := runPop(t, Default(), 6, 1, 30, true, 3)
	b := runPop(t, Default(), 6, 2, 30, true, 3)
	for i := range a.Len() {
		if a.Network(i)[NPsdU] != b.Network(i)[NPsdU] || a.Network(i)[NPKC] != b.Network(i)[NPKC] {
			t.Fatalf("spine %d differs between 1 and 2 workers", i)
		}
	}
}

// K6 (Antunes & De Schutter 2012): each stochastic spine is all or none,
// and the fraction whose loop switches ON rises with the complex spike's
// Ca²⁺ amplitude and with the number of pairings: monotone, from below 10%
// to above 90%.
func TestK6FractionSigmoid(t *testing.T) {
	if testing.Short() {
		t.Skip("stochastic populations")
	}
	frac := func(qcf float64, pairs int) float64 {
		p := Default()
		p.Ca.QCF *= qcf
		pop := runPop(t, p, 100, 2, pairs, true, 11)
		var on int
		for i := range pop.Len() {
			if pop.Network(i)[NPKC] > p.PKC.N/2 {
				on++
			}
		}
		return float64(on) / float64(pop.Len())
	}
	check := func(name string, xs []float64, fs []float64) {
		t.Logf("%s: %v -> fraction ON %v", name, xs, fs)
		for i := 1; i < len(fs); i++ {
			if fs[i] < fs[i-1] {
				t.Errorf("%s: fraction falls from %.2f to %.2f", name, fs[i-1], fs[i])
			}
		}
		if fs[0] > 0.1 || fs[len(fs)-1] < 0.9 {
			t.Errorf("%s: fraction %.2f … %.2f, want below 0.1 to above 0.9", name, fs[0], fs[len(fs)-1])
		}
	}
	amp := []float64{0.2, 0.3, 0.4, 0.5, 1}
	var fa []float64
	for _, q := range amp {
		fa = append(fa, frac(q, 300))
	}
	check("CF Ca2+ amplitude (x q_cf)", amp, fa)
	dur := []float64{5, 10, 20, 40, 300}
	var fd []float64
	for _, n := range dur {
		fd = append(fd, frac(1, int(n)))
	}
	check("pairings", dur, fd)
}
