package ca1

import (
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// nanoOn reports whether the cascades read a nanodomain drive.
func (p *Params) nanoOn() bool { return p.Cascade.Nano.KInit > 0 || p.Cascade.Nano.Bind > 0 }

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
		return d * (sN*o*n.Block(vh) + sV*v[4]*v[4]*v[5])
	}
}

// nanoRefCaO is the [Ca²⁺]o at which the drive's factors are 1: 2 mM, the
// default bath [µM].
const nanoRefCaO = 2 * units.Millimolar
