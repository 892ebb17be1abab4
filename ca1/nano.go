package ca1

import (
	"math"

	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// nanoOn reports whether the cascades read a nanodomain drive.
func (p *Params) nanoOn() bool { return p.Cascade.Nano.Bind > 0 }

// drives returns slot j's Ca²⁺ over the trace and, with the nanodomain
// trigger on, its nanodomain drive (cascade nano.go; nil when off), in
// mV: the Ca²⁺ current per channel that CaMKII at the GluN2B tail sees,
// from the NMDA receptors and from the head's VGCCs,
//
//	s = (ECa − V_h)·[ (P_f/P_f(2 mM))·o_N·B(V_h)·Drugs.NMDA + WV·([Ca]o/2 mM)·m²h·u ],
//
// o_N the NMDA open fraction (1 at the peak of one release), m²h the VGCC
// open probability and u its unblocked share (nimodipine, SNX-482). The
// spine volume does not enter. A drive whose bound (B = 1) is below K/2
// is returned as 0: the trigger's Hill is below 2^−N there (3·10⁻¹⁰ at
// N = 32). The two functions share one look-up per time (the cascade asks
// for both at the same t).
func (pop *Population) drives(j int) (ca, nano func(t float64) float64) {
	tr := &pop.trace
	if !pop.p.nanoOn() {
		return tr.drive(j), nil
	}
	n, vg := pop.p.NMDA, pop.p.VGCC
	sN := pop.cab.pf / spine.PF(nanoRefCaO) * pop.p.Drugs.NMDA
	sV := pop.p.Cascade.Nano.WV * pop.p.Ca.CaO / nanoRefCaO * (vg.SR*(1-vg.LFrac) + vg.SL*vg.LFrac)
	floor := pop.p.Cascade.Nano.K / 2
	var last struct {
		t  float64
		ok bool
		v  [6]float64
	}
	look := func(t float64) bool {
		if !last.ok || last.t != t {
			last.ok, last.t = tr.at(j, t, last.v[:]), t
		}
		return last.ok
	}
	ca = func(t float64) float64 {
		if !look(t) {
			return math.NaN()
		}
		return last.v[0]
	}
	nano = func(t float64) float64 {
		if !look(t) {
			return 0
		}
		v := &last.v
		o := max(v[2]-v[1]+n.Tonic, 0)
		vh := v[3]
		d := max(n.ECa-vh, 0)
		vgcc := sV * v[4] * v[4] * v[5]
		if d*(sN*o+vgcc) < floor {
			return 0
		}
		return d * (sN*o*n.Block(vh) + vgcc)
	}
	return ca, nano
}

// nanoRefCaO is the [Ca²⁺]o at which the drive's factors are 1: 2 mM, the
// default bath [µM].
const nanoRefCaO = 2 * units.Millimolar
