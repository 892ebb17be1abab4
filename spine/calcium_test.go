package spine

import (
	"math"
	"testing"
)

// style.md testing habit 1: "a 1 pA Ca current into 1 fL gives 5.18 µM/ms";
// 1e-12/(2·96485.33212·1e-15) M/s = 5.182135 µM/ms.
func TestFluxOnePicoampOneFemtoliter(t *testing.T) {
	if got := Flux(-1, 1); math.Abs(got-5.18) > 0.005 || math.Abs(got-5.182135) > 1e-6 {
		t.Errorf("Flux(−1 pA, 1 fL) = %.6f µM/ms, want 5.18 (5.182135)", got)
	}
}

func TestBufferEquilibrium(t *testing.T) {
	for _, b := range []Buffer{BAPTA(1000), EGTA(1000)} {
		for _, c := range []float64{0.07, 1, 10} {
			if r := b.Rate(c, b.Bound(c)); math.Abs(r) > 1e-12*b.Kon*c*b.Total {
				t.Errorf("%+v at c = %g: rate at equilibrium = %g", b, c, r)
			}
		}
	}
	// kon from /M/s to /(µM·ms): 4e8 /M/s = 0.4 /(µM·ms).
	if k := BAPTA(0).Kon; math.Abs(k-0.4) > 1e-15 {
		t.Errorf("BAPTA kon = %g /(µM·ms), want 0.4", k)
	}
}

// Without Ca²⁺ sources, free Ca returns to rest exponentially with τext
// (Sabatini et al. 2002: τ = (1 + κE)/γ): analytic c(t) − c_rest = Δ e^{−t/τ}.
func TestExtrusionDecay(t *testing.T) {
	p := Default()
	p.VGCC.GBar = 0 // no Ca sources
	p.Solver = ode0()
	m, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	m.y[ICa] = 1.07
	const tol = 1e-6 // relative, at RelTol 1e-9
	for _, tt := range []float64{5, 12, 30} {
		if err := m.Advance(tt-m.Time(), nil, nil); err != nil {
			t.Fatal(err)
		}
		want := p.Ca.Rest + 1*math.Exp(-tt/p.Ca.TauExt)
		if got := m.y[ICa]; math.Abs(got-want) > tol*want {
			t.Errorf("t = %g ms: c = %.9f, want %.9f", tt, got, want)
		}
	}
}

// Conservation: influx − extrusion = Δ(free + bound) to 1e-9 relative
// (style.md testing habit 3), with BAPTA and EGTA loaded, through a pairing.
func TestCaConservation(t *testing.T) {
	p := Default()
	p.BAPTA = BAPTA(100)
	p.EGTA = EGTA(200)
	m, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Advance(50, nil, nil); err != nil {
		t.Fatal(err)
	}
	t0, in0, out0 := m.CaTotal(), m.y[ICaIn], m.y[ICaOut]
	m.Pre(nil)
	if err := m.Advance(10, nil, nil); err != nil {
		t.Fatal(err)
	}
	m.SomaticSpike()
	if err := m.Advance(100, nil, nil); err != nil {
		t.Fatal(err)
	}
	dIn, dOut, dT := m.y[ICaIn]-in0, m.y[ICaOut]-out0, m.CaTotal()-t0
	t.Logf("influx %.6g µM, extrusion %.6g µM, Δtotal %.6g µM", dIn, dOut, dT)
	if dIn <= 0 {
		t.Fatal("no influx")
	}
	if r := math.Abs((dIn - dOut) - dT); r > 1e-9*dIn {
		t.Errorf("|influx − extrusion − Δtotal| = %g µM, > 1e-9 × influx", r)
	}
}

// TestBAPTAExchange: with 10 mM BAPTA and the neck exchange (τx = 50 ms),
// the Ca²⁺ left above rest after 60 pulses at 1 Hz (mean over the last
// second) is under 1% of the unbuffered value; with the exchange switched
// off (τx = 1e12 ms) the buffer saturates slowly and the mean rise is not
// suppressed (above 20% of control): the exchange is what makes a pipette
// buffer effective against sustained influx (docs/spine-model.md §5).
func TestBAPTAExchange(t *testing.T) {
	meanRise := func(bapta, tauX float64) float64 {
		p := Default()
		p.BAPTA = BAPTA(bapta)
		p.Ca.TauX = tauX
		m := settled(t, p)
		for range 59 {
			m.Pre(nil)
			if err := m.Advance(1000, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		m.Pre(nil)
		tr := record(t, m, 1000, 1)
		s := 0.0
		for _, c := range tr.Col("ca_uM") {
			s += c - p.Ca.Rest
		}
		return s / float64(len(tr.T))
	}
	ctl := meanRise(0, 50)
	with := meanRise(10000, 50)
	sealed := meanRise(10000, 1e12)
	t.Logf("mean Ca above rest over the 60th second: %.4g µM (control), %.4g (10 mM BAPTA), %.4g (BAPTA, no exchange)", ctl, with, sealed)
	if with > 0.01*ctl {
		t.Errorf("10 mM BAPTA leaves %.3g µM, want < 1%% of %.3g", with, ctl)
	}
	if sealed < 0.2*ctl {
		t.Errorf("sealed spine: %.3g µM, expected no suppression of the mean rise (> 20%% of %.3g)", sealed, ctl)
	}
}
