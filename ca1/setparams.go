package ca1

import "errors"

// SetParams replaces the parameters from now on, keeping the state (a drug
// washed in or out, a bath change, a cascade knob for every synapse). A
// change of the presynaptic retrieval level (Endo.Pre) acts on the mean
// ready fractions from now on; a stochastic site's recovery since the last
// spike is sampled with the level in force at the next spike. The
// mode, the synapses' distributions, N, KV, KR, Recruited, the cell, the
// release constants, the numerics and whether t-LTD is on (tltd.go)
// cannot change during a run.
func (pop *Population) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	o := pop.p
	if p.Stochastic != o.Stochastic || p.N != o.N || p.Replicas != o.Replicas || p.Particles != o.Particles || p.SlowParticles != o.SlowParticles || p.CascadeSSA != o.CascadeSSA || p.KV != o.KV || p.KR != o.KR || p.Synapses != o.Synapses ||
		p.Recruited != o.Recruited || p.Cell != o.Cell || p.Release != o.Release || p.RelTol != o.RelTol ||
		p.AbsTol != o.AbsTol || p.AMPA.TauRise != o.AMPA.TauRise || p.AMPA.TauDecay != o.AMPA.TauDecay ||
		p.NMDA.DualExp != o.NMDA.DualExp || p.TLTD.on() != o.TLTD.on() {
		return errors.New("ca1: SetParams: only drugs, bath, buffers, channel blocks, endocytosis, cascade parameters and the t-LTD constants (not t-LTD on or off) can change during a run")
	}
	pop.sync()
	pop.propagateAll(pop.t) // up to now with the old clearance rate
	pop.preT = pop.t
	pop.p = p
	pop.cab.refresh()
	pop.g = p.Release.Bath(p.Ca.CaO, p.NMDA.Mg)
	if pop.etr != nil {
		pop.tltdInit(false)
	}
	for j, c := range pop.cs {
		if err := c.SetParams(pop.cascadeParams(pop.synOf(j))); err != nil {
			return err
		}
	}
	pop.probe.rest, pop.probe.valid = false, false // the probe's rest follows the drugs
	pop.probes = nil
	pop.event()
	return nil
}
