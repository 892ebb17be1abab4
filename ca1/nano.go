package ca1

import (
	"math"
	"sort"
	"sync"

	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// nanoOn reports whether the cascades read a nanodomain drive.
func (p *Params) nanoOn() bool { return p.Cascade.Nano.Bind > 0 }

// nanoDrive returns slot j's nanodomain drive over the trace (cascade
// nano.go), in mV: the Ca²⁺ current per channel that CaMKII held at the
// PSD sees, from the NMDA receptors and from the head's VGCCs,
//
//	s = (ECa − V_h)·[ (P_f/P_f(2 mM))·o_N·B(V_h)·Drugs.NMDA + WV·([Ca]o/2 mM)·m²h·u ],
//
// o_N the NMDA open fraction (1 at the peak of one release), m²h the VGCC
// open probability and u its unblocked share (nimodipine, SNX-482). The
// spine volume does not enter.
func (pop *Population) nanoDrive(j int) func(t float64) float64 {
	n, vg := pop.p.NMDA, pop.p.VGCC
	sN := pop.cab.pf / spine.PF(nanoRefCaO) * pop.p.Drugs.NMDA
	sV := pop.p.Cascade.Nano.WV * pop.p.Ca.CaO / nanoRefCaO * (vg.SR*(1-vg.LFrac) + vg.SL*vg.LFrac)
	tr := &pop.trace
	return func(t float64) float64 {
		var v [6]float64
		if !tr.at(j, t, v[:]) {
			return 0
		}
		o := max(v[2]-v[1]+n.Tonic, 0)
		vh := v[3]
		d := max(n.ECa-vh, 0)
		return d * (sN*o*n.Block(vh) + sV*pop.avail.at(t, pop.p.BAPAtten)*v[4]*v[4]*v[5])
	}
}

// nanoRefCaO is the [Ca²⁺]o at which the drive's factors are 1: 2 mM, the
// default bath [µM].
const nanoRefCaO = 2 * units.Millimolar

// BAPAtten is a cumulative, slowly recovering attenuation of the dendritic
// bAP (prolonged Na+ channel inactivation, Jung, Mickus & Spruston 1997 J
// Neurosci 17:6639 [V-abs]; Colbert et al. 1997 [M]): each spike leaves a
// fraction Kappa of the channels inactivated, which recover with Tau; the
// VGCC term of the drive is scaled by A^P, A the availability just before
// the spike. Kappa = 0: off. [A] all three.
type BAPAtten struct {
	Kappa float64 // fraction inactivated per spike [1]
	Tau   float64 // recovery [ms]
	P     float64 // exponent on the availability [1]
}

// bapAvail keeps the spike times and the availability before each.
type bapAvail struct {
	mu sync.Mutex
	t  []float64 // spike times [ms]
	a  []float64 // availability just before each
}

func (b *bapAvail) spike(t float64, p BAPAtten) {
	if p.Kappa == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	a := 1.0
	if n := len(b.t); n > 0 {
		after := b.a[n-1] * (1 - p.Kappa)
		a = 1 - (1-after)*math.Exp(-(t-b.t[n-1])/p.Tau)
	}
	b.t, b.a = append(b.t, t), append(b.a, a)
}

// at is the factor on the VGCC term at time t: A^P of the last spike at or
// before t (1 before the first, or with the attenuation off).
func (b *bapAvail) at(t float64, p BAPAtten) float64 {
	if p.Kappa == 0 {
		return 1
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	k := sort.SearchFloat64s(b.t, t+1e-9) - 1
	if k < 0 {
		return 1
	}
	return math.Pow(b.a[k], p.P)
}
