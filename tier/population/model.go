package population

import (
	"math"

	"github.com/synlab/synlab/ca1"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// labels are the figure labels of ca1's columns.
var labels = map[string]string{
	"v_soma_mV":          "Soma potential",
	"v_dend_mV":          "Dendrite potential",
	"v_spine_mean_mV":    "Spine-head potential (mean)",
	"ca_mean_uM":         "Spine Ca²⁺ (mean)",
	"ca_max_uM":          "Spine Ca²⁺ (largest)",
	"g_ampa_nS":          "AMPA conductance",
	"g_nmda_nS":          "NMDA conductance",
	"i_syn_pA":           "Synaptic current",
	"release_next":       "Release probability now",
	"ampar_trapped_mean": "PSD-trapped AMPARs per synapse",
	"ampar_rel":          "AMPAR content (rel. to rest)",
	"camkii_p_frac":      "CaMKII T286-P (fraction)",
	"can_frac":           "Active calcineurin (fraction)",
	"pp1_frac":           "Free PP1 (fraction)",
	"frac_potentiated":   "Synapses potentiated (>110%)",
	"frac_depressed":     "Synapses depressed (<90%)",
	"release_ltd":        "Presynaptic t-LTD (fall of release drive)",
}

// extra are the tier's columns after ca1's.
// (The strength itself, a simulated test pulse, is the series'
// strength_pct: each readout costs a cable integration, so the other one is
// not recorded; model.override.field_readout chooses.)
var extra = [...]units.Var{
	{Name: "somatic_spikes", Unit: "count", Doc: "somatic action potentials since the start", Label: "Somatic spikes"},
}

// Vars: package ca1's columns, then the readouts and the spike count.
func (t *Model) Vars() []units.Var {
	var v []units.Var
	for _, c := range ca1.Cols() {
		v = append(v, units.Var{Name: c.Name, Unit: c.Unit, Doc: c.Doc, Label: labels[c.Name]})
	}
	return append(v, extra[:]...)
}

// Read writes the columns of Vars.
func (t *Model) Read(dst []float64) {
	if t.pop == nil { // only checked, never built
		return
	}
	t.pop.Read(t.row)
	n := copy(dst, t.row)
	dst[n] = float64(t.pop.Spikes())
}

// Delay is 0: the stimulus releases at its time, and a somatic current
// pulse's spike emerges from the cable.
func (t *Model) Delay(protocol.Kind) float64 { return 0 }

// observeEvery is the cadence [ms] at which the explain statistics (the
// enzymes' peaks, the lowest receptor counts) read the population besides
// the record times, so that they do not depend on record.every (without
// it, they were read at the start and the end only).
const observeEvery = 10 * units.Second

// Advance integrates to `to`, observing ts (the cascades' dense output:
// observation does not change the run) and, for the statistics, every
// observeEvery.
func (t *Model) Advance(to float64, ts []float64, obs func(float64)) error {
	t0 := t.pop.Time()
	dt := max(to-t0, 0)
	all := t.times[:0]
	i := 0
	for k := math.Floor(t0/observeEvery) + 1; k*observeEvery <= to; k++ {
		x := k * observeEvery
		for i < len(ts) && ts[i] < x {
			all = append(all, ts[i])
			i++
		}
		if i < len(ts) && ts[i] == x {
			i++
		}
		all = append(all, x)
	}
	all = append(all, ts[i:]...)
	t.times = all
	j := 0
	return t.pop.Advance(dt, all, func(x float64) {
		t.ex.observe(t, x)
		for j < len(ts) && ts[j] < x {
			j++
		}
		if obs != nil && j < len(ts) && ts[j] == x {
			obs(x)
			j++
		}
	})
}

// Apply: pre and test pulses stimulate the Schaffer collaterals, post
// spikes are somatic current pulses, clamps clamp the soma. The test EPSP
// waveform is taken at the first induction event.
func (t *Model) Apply(e protocol.Event) {
	if e.Kind != protocol.Test && t.bt == nil {
		t.bt, t.bv = t.pop.EPSP()
	}
	switch e.Kind {
	case protocol.Pre, protocol.Test:
		t.ex.close(t)
		t.pop.Pre(t.rng)
		t.ex.pulse(e.Kind == protocol.Pre, t.releasedAMPA())
	case protocol.Post:
		t.pop.SomaticSpike()
	case protocol.ClampOn:
		t.pop.Clamp(e.V, true)
	case protocol.ClampOff:
		t.pop.Clamp(e.V, false)
	}
}

// Strength is the simulated test-pulse response relative to t = 0.
func (t *Model) Strength() float64 {
	if t.fieldF == 1 {
		return t.pop.FieldStrength()
	}
	return t.pop.Strength()
}

// Tables: the test EPSP waveform at the start of the induction (or at
// t = 0 if there was none) and now (engine.Tabler), for the inset of
// Fig. 8.16B.
func (t *Model) Tables() map[string]*trace.Table {
	bt, bv := t.bt, t.bv
	if bt == nil {
		bt, bv = t.pop.EPSPBaseline()
	}
	at, av := t.pop.EPSP()
	tab := trace.New(
		trace.Col{Name: "t_ms", Unit: "ms", Doc: "time from the test stimulus"},
		trace.Col{Name: "before_mV", Unit: "mV", Doc: "test EPSP before the induction (somatic V − rest)"},
		trace.Col{Name: "after_mV", Unit: "mV", Doc: "test EPSP at the end of the run (somatic V − rest)"},
	)
	for i := range min(len(bt), len(at)) {
		tab.Append(bt[i], bv[i], av[i])
	}
	return map[string]*trace.Table{"epsp": tab}
}

// View: Ca²⁺ and voltages on single pulses; the readouts, receptor content
// and the enzymes over the run.
func (t *Model) View() engine.View {
	return engine.View{
		Fast: []string{"v_soma_mV", "v_spine_mean_mV", "ca_mean_uM", "ca_max_uM", "g_nmda_nS"},
		Slow: []string{"ampar_rel", "frac_potentiated", "frac_depressed", "camkii_p_frac", "can_frac", "pp1_frac", "release_ltd"},
		Marks: map[string][]engine.Mark{
			"ca_mean_uM": {{Y: t.p.Ca.Rest, Label: "rest"}},
			"ampar_rel":  {{Y: 1, Label: "rest"}},
		},
	}
}

// releasedAMPA is the release of the stimulus just given, weighted by each
// synapse's resting AMPA conductance (Σ share·G_AMPA,rest·released): what the EPSC and
// the field EPSP follow, so its ratios are the paired-pulse and train
// ratios an experimenter measures (large synapses have both more receptors
// and a higher Pr; an unweighted mean is dominated by the many low-Pr
// synapses, whose facilitation is largest).
func (t *Model) releasedAMPA() float64 {
	var r float64
	for _, y := range t.pop.Synapses() {
		g := y.GAMPA // now; the weight is the resting conductance, so that receptor changes during a train do not enter
		if y.Receptors > 0 {
			g *= y.Receptors0 / y.Receptors
		}
		r += y.Share * g * y.Released
	}
	return r
}
