package ca1

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestExploreCa: per-stratum spine Ca²⁺ of single events (a release, a bAP,
// pairings at ±5…±50 ms, a release under somatic clamp) on the default
// population at rest: peak and ∫ above rest and time above 1, 3, 10 µM of
// each release branch (docs/ca1-decoder.md §6). CA1_EXPLORE=1.
func TestExploreCa(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip()
	}
	type ev struct {
		name  string
		clamp float64
		pre   bool
		dt    float64 // spike time relative to pre (NaN none)
		spike bool
	}
	evs := []ev{{"pre", 0, true, 0, false}, {"bap", 0, false, 0, true}, {"+10", 0, true, 10, true}, {"+5", 0, true, 5, true}, {"+20", 0, true, 20, true}, {"+50", 0, true, 50, true},
		{"-10", 0, true, -10, true}, {"-25", 0, true, -25, true}, {"-50", 0, true, -50, true}, {"clamp-40", -40, true, 0, false}, {"clamp-55", -55, true, 0, false}, {"clamp0", 0.001, true, 0, false}}
	for _, e := range evs {
		p := Default()
		if g := os.Getenv("CA1_ADPG"); g != "" {
			fmt.Sscan(g, &p.ADP.G)
		}
		if v := os.Getenv("CA1_CAO"); v != "" {
			var c float64
			fmt.Sscan(v, &c)
			p.SetBath(c*1000, p.NMDA.Mg)
		}
		pop, err := New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e.clamp != 0 {
			pop.Clamp(e.clamp, true)
		}
		_ = pop.Advance(1000, nil, nil)
		ns := len(pop.Synapses())
		peak := make([]float64, ns)
		above := make([][3]float64, ns)
		integ := make([]float64, ns)
		const dtr = 0.1
		var ts []float64
		t0 := pop.Time()
		for x := t0 + dtr; x <= t0+600; x += dtr {
			ts = append(ts, x)
		}
		obs := func(tm float64) {
			for j, s := range pop.Synapses() {
				c := s.Ca - 0.07
				peak[j] = max(peak[j], c)
				integ[j] += c * dtr
				for k, th := range []float64{1, 3, 10} {
					if c > th {
						above[j][k] += dtr
					}
				}
			}
		}
		first, second := 0.0, 0.0
		doPre := func() { pop.Pre(nil) }
		doSp := func() { pop.SomaticSpike() }
		var a1, a2 func()
		switch {
		case e.pre && e.spike && e.dt >= 0:
			a1, a2, first, second = doPre, doSp, 0, e.dt
		case e.pre && e.spike:
			a1, a2, first, second = doSp, doPre, 0, -e.dt
		case e.pre:
			a1, first = doPre, 0
		default:
			a1, first = doSp, 0
		}
		_ = first
		a1()
		if a2 != nil {
			if second > 0 {
				_ = pop.Advance(second, tsIn(ts, t0, t0+second), obs)
			}
			a2()
		}
		now := pop.Time()
		_ = pop.Advance(t0+600-now, tsIn(ts, now, t0+600), obs)
		var b strings.Builder
		fmt.Fprintf(&b, "%-9s spikes %d\n", e.name, pop.Spikes())
		for j, s := range pop.Synapses() {
			if s.Branch != 0 && e.pre {
				continue
			}
			if j%2 == 1 && !e.pre {
				continue
			}
			fmt.Fprintf(&b, "  cls %2d V %.3f Pr %.2f peak %6.2f int %7.1f t>1 %5.1f t>3 %5.1f t>10 %5.1f\n", s.Class, s.HeadVolume, s.Pr, peak[j], integ[j], above[j][0], above[j][1], above[j][2])
		}
		t.Log(b.String())
	}
}

func tsIn(ts []float64, a, b float64) []float64 {
	var o []float64
	for _, x := range ts {
		if x > a && x <= b {
			o = append(o, x)
		}
	}
	return o
}

// TestExploreTrains: per-stratum mean and peak spine Ca²⁺ of trains at
// 1–100 Hz (the merged branches). CA1_EXPLORE=1.
func TestExploreTrains(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip()
	}
	for _, tr := range []struct {
		hz float64
		n  int
	}{{1, 20}, {3, 30}, {5, 30}, {10, 50}, {50, 100}, {100, 100}} {
		pop, _ := New(Default(), nil)
		_ = pop.Advance(1000, nil, nil)
		nc := 12
		sum := make([]float64, nc)
		peak := make([]float64, nc)
		cnt := 0.0
		per := 1000 / tr.hz
		obs := func(tm float64) {
			cnt++
			cs := make([]float64, nc)
			ws := make([]float64, nc)
			for _, s := range pop.Synapses() {
				cs[s.Class] += s.Share * (s.Ca - 0.07)
				ws[s.Class] += s.Share
			}
			for c := range cs {
				m := cs[c] / ws[c]
				sum[c] += m
			}
		}
		for k := 0; k < tr.n; k++ {
			pop.Pre(nil)
			t0 := pop.Time()
			var ts []float64
			for x := t0 + 0.5; x <= t0+per; x += 0.5 {
				ts = append(ts, x)
			}
			_ = pop.Advance(per, ts, obs)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%g Hz x %d: spikes %d\n", tr.hz, tr.n, pop.Spikes())
		for _, s := range pop.Synapses() {
			if s.Branch == 0 && s.Class%2 == 0 {
				peak[s.Class] = s.CaPeak - 0.07
				fmt.Fprintf(&b, "  cls %2d V %.3f mean %.2f  peak(any branch) %.2f\n", s.Class, s.HeadVolume, sum[s.Class]/cnt, peak[s.Class])
			}
		}
		t.Log(b.String())
	}
}
