package ca1

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/synlab/synlab/spine"
)

// TestExploreSig (CA1_EXPLORE=1, CA1_CAO [mM] and setX's knobs): per class
// of the release branch, for single events, trains and pairings, the
// peaks and integrals of the nanodomain drive's two parts (nano.go), sN =
// o_N·B(V)·(ECa − V) and sV = m²h·(ECa − V), unscaled by the bath, the
// peak of the drive (with its bath factors), the time above the trigger's threshold ∫h and the
// somatic spikes (docs/ca1-decoder.md §17).
func TestExploreSig(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip()
	}
	type ev struct {
		name  string
		clamp float64
		pre   bool
		dt    float64
		spike bool
		hz    float64
		n     int
	}
	evs := []ev{{"pre", 0, true, 0, false, 0, 1}, {"bap", 0, false, 0, true, 0, 1}, {"+10", 0, true, 10, true, 0, 1}, {"+5", 0, true, 5, true, 0, 1}, {"+20", 0, true, 20, true, 0, 1},
		{"-10", 0, true, -10, true, 0, 1}, {"clamp-40", -40, true, 0, false, 0, 1}, {"clamp-55", -55, true, 0, false, 0, 1}, {"clamp0", 0.001, true, 0, false, 0, 1},
		{"10Hz", 0, true, 0, false, 10, 30}, {"20Hz", 0, true, 0, false, 20, 40}, {"50Hz", 0, true, 0, false, 50, 50}, {"100Hz", 0, true, 0, false, 100, 100}, {"tbs", 0, true, 0, false, -1, 1}, {"10Hz900", 0, true, 0, false, 10, 900}, {"5Hz900", 0, true, 0, false, 5, 900}, {"3Hz300", 0, true, 0, false, 3, 300}, {"20Hz300", 0, true, 0, false, 20, 300}, {"1Hz100", 0, true, 0, false, 1, 100}, {"pair60", 0, true, 10, true, -2, 60}, {"pairm25x20", 0, true, -25, true, -3, 20}}
	for _, e := range evs {
		p := Default()
		if v := os.Getenv("CA1_CAO"); v != "" {
			var c float64
			fmt.Sscan(v, &c)
			p.SetBath(c*1000, p.NMDA.Mg)
		}
		p.Particles = 1
		setX(&p)
		var rng *rand.Rand
		if os.Getenv("CA1_STOCH") != "" { // the stochastic mode's N synapses, seed 1
			p.Stochastic, rng = true, rand.New(rand.NewPCG(1, 7))
		}
		pop, err := New(p, rng)
		if err != nil {
			t.Fatal(err)
		}
		if e.clamp != 0 {
			pop.Clamp(e.clamp, true)
		}
		_ = pop.Advance(1000, nil, nil)
		ns := len(pop.Synapses())
		pkN := make([]float64, ns)
		pkV := make([]float64, ns)
		pkS := make([]float64, ns)
		intN := make([]float64, ns)
		intV := make([]float64, ns)
		hk := make([]float64, ns)
		const dtr = 0.05
		nm := p.NMDA
		wv, nk, nn := p.Cascade.Nano.WV, p.Cascade.Nano.K, p.Cascade.Nano.N
		fN, fV := spine.PF(p.Ca.CaO)/spine.PF(nanoRefCaO), p.Ca.CaO/nanoRefCaO // the drive's bath factors (nano.go)
		obs := func(tm float64) {
			y, _, _ := pop.state()
			for j := 0; j < ns; j++ {
				b := nShared + nSlot*j
				vh := y[b+sVH]
				oN := max(y[b+sNB]-y[b+sNA]+nm.Tonic, 0)
				sN := oN * nm.Block(vh) * max(nm.ECa-vh, 0)
				gm, gh := y[b+sGM], y[b+sGH]
				sV := gm * gm * gh * max(nm.ECa-vh, 0)
				pkN[j] = max(pkN[j], sN)
				pkV[j] = max(pkV[j], sV)
				pkS[j] = max(pkS[j], fN*sN+wv*fV*sV)
				hk[j] += dtr / (1 + math.Pow(nk/(fN*sN+wv*fV*sV), nn))
				intN[j] += sN * dtr
				intV[j] += sV * dtr
			}
		}
		adv := func(d float64) {
			t0 := pop.Time()
			var ts []float64
			for x := t0 + dtr; x <= t0+d+1e-9; x += dtr {
				ts = append(ts, x)
			}
			_ = pop.Advance(d, ts, obs)
		}
		switch {
		case e.hz > 0:
			for k := 0; k < e.n; k++ {
				pop.Pre(rng)
				adv(1000 / e.hz)
			}
		case e.hz == -2: // n pairings at 1 Hz
			for k := 0; k < e.n; k++ {
				pop.Pre(rng)
				adv(e.dt)
				pop.SomaticSpike()
				adv(1000 - e.dt)
			}
		case e.hz == -3: // n post→pre pairings at 0.3 Hz
			for k := 0; k < e.n; k++ {
				pop.SomaticSpike()
				adv(-e.dt)
				pop.Pre(rng)
				adv(1000/0.3 + e.dt)
			}
		case e.hz < 0: // one theta burst train: 10 bursts of 4 at 100 Hz, 200 ms apart
			for k := 0; k < 10; k++ {
				for i := 0; i < 4; i++ {
					pop.Pre(rng)
					adv(10)
				}
				adv(160)
			}
		case e.pre && e.spike && e.dt >= 0:
			pop.Pre(rng)
			if e.dt > 0 {
				adv(e.dt)
			}
			pop.SomaticSpike()
		case e.pre && e.spike:
			pop.SomaticSpike()
			adv(-e.dt)
			pop.Pre(rng)
		case e.pre:
			pop.Pre(rng)
		default:
			pop.SomaticSpike()
		}
		adv(200)
		var b strings.Builder
		fmt.Fprintf(&b, "%-9s spikes %d\n", e.name, pop.Spikes())
		for j, s := range pop.Synapses() {
			if s.Branch != 0 {
				continue
			}
			fmt.Fprintf(&b, "  cls %2d V %.3f Rn %.2f  sN pk %5.1f int %6.0f  sV pk %5.2f int %6.2f  sum pk %5.1f  ∫h %6.2f ms\n", s.Class, s.HeadVolume, s.NeckLength/(s.NeckDiam*s.NeckDiam), pkN[j], intN[j], pkV[j], intV[j], pkS[j], hk[j])
		}
		t.Log(b.String())
	}
}
