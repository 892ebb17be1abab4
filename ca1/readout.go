package ca1

import (
	"math"
	"slices"

	"github.com/synlab/synlab/cascade"
)

// Col is a column of Read: name, unit and a one-line description.
type Col struct{ Name, Unit, Doc string }

// cols are the population-level columns, in Read's order. Means are over
// the recruited synapses (each modelled synapse weighted by its share).
var cols = []Col{
	{"v_soma_mV", "mV", "somatic potential"},
	{"v_dend_mV", "mV", "dendritic potential (the lumped dendrite all synapses share)"},
	{"v_spine_mean_mV", "mV", "mean spine-head potential"},
	{"ca_mean_uM", "µM", "mean free spine Ca2+"},
	{"ca_max_uM", "µM", "largest free Ca2+ among the modelled spines"},
	{"g_ampa_nS", "nS", "AMPA conductance of all recruited synapses"},
	{"g_nmda_nS", "nS", "NMDA conductance of all recruited synapses, Mg2+ block included"},
	{"i_syn_pA", "pA", "synaptic current of all recruited synapses (negative inward; the field-EPSP sink)"},
	{"release_next", "1", "mean probability that a bouton releases at a spike now (facilitation, depletion, bath)"},
	{"ampar_trapped_mean", "1", "mean PSD-trapped AMPA receptors per synapse (cascade count scaled by head volume)"},
	{"ampar_rel", "1", "AMPA receptor content of the recruited synapses relative to rest (conductance-weighted)"},
	{"camkii_p_frac", "1", "mean fraction of CaMKII subunits T286-phosphorylated"},
	{"can_frac", "1", "mean fraction of calcineurin active"},
	{"pp1_frac", "1", "mean fraction of PP1 free (active)"},
	{"frac_potentiated", "1", "fraction of synapses with trapped receptors > 110% of rest"},
	{"frac_depressed", "1", "fraction of synapses with trapped receptors < 90% of rest"},
	{"release_ltd", "1", "mean presynaptic t-LTD: fall of the boutons' fusion drive since the start (tltd.go)"},
}

// Cols lists the columns Read fills.
func Cols() []Col { return append([]Col(nil), cols...) }

// Read writes the values of Cols() into dst (len(dst) ≥ len(Cols())).
// Inside an Advance observer the values are at the observed time.
func (pop *Population) Read(dst []float64) {
	_ = dst[len(cols)-1]
	y, csOf, surf := pop.state()
	p := &pop.p
	dst[0], dst[1] = y[gVS], y[gVD]
	if pop.cab.clamped {
		dst[0] = pop.cab.vHold
	}
	var vh, ca, caMax, gA, gN, iS, tr, rel, rel0, ck, can, pp1, up, down float64
	caMax = math.Inf(-1)
	xf, _, xs := p.Release.At(pop.term, pop.nowOrObs())
	for j := range pop.cab.slots {
		k := &pop.cab.slots[j]
		sh := pop.share(j)
		syn := pop.synOf(j)
		s := y[nShared+nSlot*j : nShared+nSlot*(j+1)]
		vh += sh * s[sVH]
		ca += sh * s[sCA]
		caMax = math.Max(caMax, s[sCA])
		gAj := syn.GAMPA * p.Drugs.AMPA * surf[j] / pop.trap0 * (s[sAB] - s[sAA] + p.AMPA.Tonic)
		gNj := k.gN * (s[sNB] - s[sNA] + p.NMDA.Tonic) * p.NMDA.Block(s[sVH])
		gA += k.w * gAj
		gN += k.w * gNj
		iS += k.w * (gAj*(s[sVH]-p.AMPA.E) + gNj*(s[sVH]-p.NMDA.E))
		tr += sh * surf[j] * syn.HeadVolume / p.Synapses.VRef
		rel += sh * syn.GAMPA * surf[j] / pop.trap0
		rel0 += sh * syn.GAMPA
		c := csOf(j)
		tot := cascade.TotalsOf(c)
		ck += sh * frac(c[cascade.CaMKIIP], tot.CaMKII)
		can += sh * frac(c[cascade.CaNA], tot.CaN)
		pp1 += sh * frac(c[cascade.PP1F], tot.PP1)
		switch r := surf[j] / pop.trap0; {
		case r > 1.1:
			up += sh
		case r < 0.9:
			down += sh
		}
	}
	d, c := slices.Clone(pop.dMF), slices.Clone(pop.cMF)
	pop.propagate(d, c, pop.nowOrObs())
	next := 0.0
	for i, s := range pop.syn {
		next += s.Share * p.Release.Prob(p.Release.F1(s.Docked, pop.fusion(i), xs), xf) * d[i]
	}
	dep := 0.0
	for i, s := range pop.syn {
		dep += s.Share * pop.dep[i]
	}
	copy(dst[2:], []float64{vh, ca, caMax, gA, gN, iS, next, tr, rel / rel0, ck, can, pp1, up, down, dep})
}

// nowOrObs is the time Read reports.
func (pop *Population) nowOrObs() float64 {
	if pop.inObs != nil {
		return pop.inObs.t
	}
	return pop.t
}

func frac(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// SynapseState is one modelled synapse for figures.
type SynapseState struct {
	Class      int     // synapse (stochastic) or quadrature class (deterministic)
	Particle   int     // deterministic: particle of the class (Params.Particles); stochastic: 0
	Branch     int     // deterministic: 0 release branch, 1 failure branch; stochastic: 0
	Share      float64 // fraction of the recruited synapses it stands for now
	HeadVolume float64 // [fL]
	NeckLength float64 // [µm]
	NeckDiam   float64 // [µm]
	Pr         float64 // resting release probability at the current bath
	Released   float64 // released fraction at the last presynaptic spike
	Ca         float64 // free head Ca²⁺ now [µM]
	CaPeak     float64 // largest free Ca²⁺ since the start [µM]
	CaPeakLast float64 // largest free Ca²⁺ since the last presynaptic spike [µM]
	CaIntegral float64 // ∫(Ca − rest)dt since the start [µM·ms] (deterministic: merged with the other branch at each spike)
	Receptors  float64 // PSD-trapped AMPA receptors (cascade count scaled by head volume)
	Receptors0 float64 // the same at rest
	GAMPA      float64 // AMPA conductance of a full release now [nS]
}

// Synapses returns every modelled synapse's state.
func (pop *Population) Synapses() []SynapseState {
	y, _, surf := pop.state()
	out := make([]SynapseState, len(pop.cab.slots))
	for j := range out {
		s := pop.synOf(j)
		sc := s.HeadVolume / pop.p.Synapses.VRef
		pi, b := 0, 0
		if !pop.p.Stochastic {
			pi, b = pop.branch(j)
		}
		out[j] = SynapseState{Class: pop.class(j), Particle: pi, Branch: b, Share: pop.share(j),
			HeadVolume: s.HeadVolume, NeckLength: s.NeckLength, NeckDiam: s.NeckDiam,
			Pr: pop.p.Release.F1(s.Docked, pop.fusion(pop.class(j)), 0), Released: pop.release[j],
			Ca: y[nShared+nSlot*j+sCA], CaPeak: pop.caPeak[j], CaPeakLast: pop.caLast[j], CaIntegral: pop.caInt[j],
			Receptors: surf[j] * sc, Receptors0: pop.trap0 * sc,
			GAMPA: s.GAMPA * pop.p.Drugs.AMPA * surf[j] / pop.trap0}
	}
	return out
}

// Strength is the test-pulse response relative to its value at t = 0: the
// peak somatic EPSP of the probe (see probe.go) with the receptor counts
// in force in the cable (inForce), divided by that at t = 0.
func (pop *Population) Strength() float64 {
	if r := pop.inObs; r != nil {
		pop.prefetch = true
		if r.ampOK {
			return r.amp / pop.epsp0
		}
	}
	a, err := pop.probe.amplitude(pop.inForce())
	if err != nil {
		return math.NaN()
	}
	return a / pop.epsp0
}

// FieldStrength is the alternative readout: the initial (20–80%) slope of
// the test pulse's summed AMPA current, the sink the field EPSP follows
// (an fEPSP-slope proxy), relative to its value at t = 0. It is computed
// by the same probe (probe.go); unlike Strength it does not pass through
// the soma.
func (pop *Population) FieldStrength() float64 {
	f, err := pop.probe.field(pop.inForce())
	if err != nil {
		return math.NaN()
	}
	return f / pop.field0
}

// EPSP returns the probe's somatic EPSP waveform now: times [ms] after the
// test pulse and V_soma − rest [mV], every 0.1 ms for 100 ms.
func (pop *Population) EPSP() (t, v []float64) {
	return pop.probe.waveform(pop.inForce())
}

// EPSPBaseline returns the test EPSP waveform at t = 0 (as EPSP), for
// the before/after figure (Purves Fig. 8.16B).
func (pop *Population) EPSPBaseline() (t, v []float64) {
	return append([]float64(nil), pop.wave0T...), append([]float64(nil), pop.wave0V...)
}

// EPSP0 is the probe's peak somatic EPSP at t = 0 [mV].
func (pop *Population) EPSP0() float64 { return pop.epsp0 }

// SurfaceAll is the surface AMPA-receptor count (PSD-trapped and
// extrasynaptic, cascade.OnSurface: what antibody feeding and surface
// biotinylation measure) of the recruited synapses, averaged with the
// weights of Read's receptor content (share × AMPA conductance).
func (pop *Population) SurfaceAll() float64 {
	_, csOf, _ := pop.state()
	var s, w float64
	for j := range pop.cab.slots {
		x := pop.share(j) * pop.synOf(j).GAMPA
		s += x * cascade.OnSurface(csOf(j))
		w += x
	}
	return frac(s, w)
}
