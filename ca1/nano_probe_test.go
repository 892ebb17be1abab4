package ca1

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/spine"
)

// TestNanoProbe prints the largest nanodomain drive (couple.go nanoDrive)
// per stratum for short versions of the training protocols (CA1_NANO=1).
func TestNanoProbe(t *testing.T) {
	if os.Getenv("CA1_NANO") == "" {
		t.Skip("CA1_NANO=1")
	}
	type pr struct {
		name string
		in   induction
		span float64
	}
	ps := []pr{
		{"clamp-40", clampInd(-40, 1, 3), 3000},

		{"pair+10", pairInd(10, 1, 3), 3000},

		{"pair+50", pairInd(50, 1, 3), 3000},
		{"pair-10", pairInd(-10, 1, 3), 3000},
		{"1Hz", trainInd(1, 3), 3000},
		{"10Hz", trainInd(10, 30), 3000},
	}
	for _, q := range ps {
		pop, err := New(Default(), nil)
		if err != nil {
			t.Fatal(err)
		}
		sort.SliceStable(q.in.ev, func(a, b int) bool { return q.in.ev[a].t < q.in.ev[b].t })
		ns := pop.nSlots()
		mx := make([]float64, ns)
		tAbove := make([]float64, ns)
		Ks := []float64{25, 26, 27, 28}
		Ns := []float64{8, 16, 32}
		integ := make([][]float64, ns)
		for j := range integ {
			integ[j] = make([]float64, len(Ks)*len(Ns))
		}
		n := pop.p.NMDA
		scale := pop.cab.pf / spine.PF(nanoRefCaO)
		ei := 0
		const dt = 0.05
		for tt := 0.0; tt < q.span; tt += dt {
			for ei < len(q.in.ev) && q.in.ev[ei].t <= tt {
				e := q.in.ev[ei]
				switch e.kind {
				case evPre:
					pop.Pre(nil)
				case evSpike:
					pop.SomaticSpike()
				case evClamp:
					pop.Clamp(e.v, true)
				case evUnclamp:
					pop.Clamp(0, false)
				}
				ei++
			}
			pop.cab.injOn = pop.t < pop.tEnd
			if err := pop.integrate(pop.t+dt, nil); err != nil {
				t.Fatal(err)
			}
			pop.trace.reset()
			for j := range ns {
				s := pop.y[nShared+nSlot*j:]
				o := s[sNB] - s[sNA] + n.Tonic
				v := scale * o * n.Block(s[sVH]) * (n.ECa - s[sVH])
				if v > mx[j] {
					mx[j] = v
				}
				for a, kk := range Ks {
					for b, nn := range Ns {
						integ[j][a*len(Ns)+b] += dt * cascade.Hill(v, kk, nn)
					}
				}
				if v > 22 {
					tAbove[j] += dt
				}
			}
		}
		line := fmt.Sprintf("%-9s spikes %d", q.name, pop.Spikes())
		for j := range ns {
			if pop.share(j) <= 0 && j%2 == 1 {
				continue
			}
			line += fmt.Sprintf(" %5.3g:%4.1f(%3.0f)", pop.synOf(j).HeadVolume, mx[j], tAbove[j])
		}
		t.Log(line)
		for a, kk := range Ks {
			for b, nn := range Ns {
				l := fmt.Sprintf("   K %g N %g:", kk, nn)
				for j := 0; j < ns; j += 2 {
					l += fmt.Sprintf(" %.2f", integ[j][a*len(Ns)+b])
				}
				t.Log(l)
			}
		}
	}
}
