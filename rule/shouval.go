package rule

import (
	"errors"
	"fmt"
	"math"

	"github.com/synlab/synlab/ode"
	"github.com/synlab/synlab/units"
)

// ShouvalSynapse is one synapse under the Shouval, Bear & Cooper (2002) rule
// (parameters and equations: see Shouval). It owns its state, its clock and
// its own ode.DOPRI5.
//
// State. Six kernel amplitudes, each decaying exponentially between events
// and jumped at events: the NMDAR open fraction in a fast and a slow part
// (nf, ns), the EPSP as the difference of a 50 ms and a 5 ms exponential
// (e1, e2) and the bAP as a fast spike and a slow after-depolarisation
// (bf, bs). Plus [Ca] (relative to rest, µM) and the weight W.
//
// Integration. The kernels are linear and decoupled, so they are advanced
// exactly, k(t) = k(t0)·e^{−(t−t0)/τ}, and only (Ca, W) are integrated by
// DOPRI5 between events. Putting the kernels into the solver would add error
// for nothing and make the system stiff for an explicit method: the 3 ms bAP
// decay would cap the stable step near 10 ms even hours after the last
// spike, whereas with the exact kernels the cap is set by τCa = 50 ms (about
// 160 ms) and the slow W (τ_w ≈ 3 h at rest) gets long steps.
//
// Events (the caller integrates up to the event time with Advance, then
// calls the event method):
//
//   - Pre: NMDARs open, folmez NMDAr_calcium_current.m (calculation method 2)
//     and CaDP.m (closed_NMDAr_frac_before_spikes): a fraction P0 of the
//     receptors closed just before the spike opens, c = 1 − (nf + ns),
//     nf += P0·c·IFast, ns += P0·c·(1 − IFast); successive spikes sum but
//     saturate, so the open fraction stays below 1. (An earlier folmez
//     version kept only the latest spike; the final one sums as here.) The EPSP kernel adds
//     SEPSP/EPSPNorm to e1 and e2 (EPSP.m sums all past spikes linearly).
//   - BAP: the back-propagating AP arrives; BPAP.m (output_option 1) uses the
//     latest postsynaptic spike only, so bf and bs are set, not added:
//     bf = BPAPAmp·BPAPFast, bs = BPAPAmp·(1 − BPAPFast). The caller delays a
//     somatic spike by BPAPDelay.
//   - Clamp: somatic voltage clamp; while on, V = Vclamp and the EPSP/bAP
//     kernels still evolve but do not change V (folmez CaDP.m 'PPSwPVC').
type ShouvalSynapse struct {
	p      Shouval
	solver *ode.DOPRI5
	f      ode.Func     // bound s.deriv, made once so Advance allocates nothing
	odeObs ode.Observer // bound s.observe

	t float64   // absolute time [ms]
	y []float64 // [Ca µM, W] at t

	// Kernel amplitudes at time t.
	nf, ns float64 // NMDAR open fraction, fast and slow parts [1]
	e1, e2 float64 // EPSP terms, slow (TauEPSP1) and fast (TauEPSP2) [mV]
	bf, bs float64 // bAP spike and after-depolarisation [mV]

	clamped bool
	vClamp  float64 // [mV]

	ampEPSP float64 // SEPSP/EPSPNorm, fixed at construction from p [mV]

	// Observation view: inside a user observer, Read and W report the
	// dense-output state at vt instead of the state at t.
	viewing bool
	vt      float64
	vy      [2]float64
	userObs func(t float64)
}

// Indices of the solver state.
const (
	shCa = iota
	shW
	shN
)

// ShouvalSolverSettings returns the DOPRI5 settings NewShouvalSynapse uses:
// RelTol 1e-8 and AbsTol 1e-10 (Ca is O(0.1–1) µM and W O(0.25), so both are
// many orders below any effect the tests resolve; results are checked to be
// independent of the tolerance in shouval_test.go).
func ShouvalSolverSettings() ode.Settings {
	return ode.Settings{RelTol: 1e-8, AbsTol: 1e-10}
}

// NewShouvalSynapse returns a synapse at rest (Ca = 0, no open NMDARs, no
// EPSP or bAP) with weight w0, at time 0, with ShouvalSolverSettings.
func NewShouvalSynapse(p Shouval, w0 float64) (*ShouvalSynapse, error) {
	return NewShouvalSynapseSettings(p, w0, ShouvalSolverSettings())
}

// NewShouvalSynapseSettings is NewShouvalSynapse with explicit solver settings.
func NewShouvalSynapseSettings(p Shouval, w0 float64, st ode.Settings) (*ShouvalSynapse, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if math.IsNaN(w0) || math.IsInf(w0, 0) {
		return nil, fmt.Errorf("rule: ShouvalSynapse w0 = %g: must be finite", w0)
	}
	if st.RelTol < 0 || st.AbsTol < 0 || st.H0 < 0 || st.HMax < 0 || st.MaxSteps < 0 {
		return nil, fmt.Errorf("rule: ShouvalSynapse solver settings %+v: fields must be ≥ 0", st)
	}
	s := &ShouvalSynapse{
		p:       p,
		solver:  ode.NewDOPRI5(shN, st),
		y:       make([]float64, shN),
		ampEPSP: p.SEPSP / p.EPSPNorm(),
	}
	s.y[shW] = w0
	s.f = s.deriv
	s.odeObs = s.observe
	return s, nil
}

// Params returns the synapse's parameters.
func (s *ShouvalSynapse) Params() Shouval { return s.p }

// Time returns the synapse's absolute time [ms].
func (s *ShouvalSynapse) Time() float64 { return s.t }

// W returns the weight (at the observed time inside an Advance observer).
func (s *ShouvalSynapse) W() float64 {
	if s.viewing {
		return s.vy[shW]
	}
	return s.y[shW]
}

// Ca returns [Ca²⁺] relative to rest [µM] (at the observed time inside an
// Advance observer).
func (s *ShouvalSynapse) Ca() float64 {
	if s.viewing {
		return s.vy[shCa]
	}
	return s.y[shCa]
}

// Pre applies a presynaptic spike now: NMDARs open (saturating) and an EPSP
// starts.
func (s *ShouvalSynapse) Pre() {
	closed := 1 - (s.nf + s.ns)
	s.nf += s.p.P0 * closed * s.p.IFast
	s.ns += s.p.P0 * closed * (1 - s.p.IFast)
	s.e1 += s.ampEPSP
	s.e2 += s.ampEPSP
	s.solver.Reset() // the right-hand side jumped: choose the next step afresh
}

// BAP applies the arrival of a back-propagating action potential at the
// spine now. It replaces any earlier bAP (folmez BPAP.m uses the latest spike).
// The caller delays somatic spikes by Params().BPAPDelay.
func (s *ShouvalSynapse) BAP() {
	s.bf = s.p.BPAPAmp * s.p.BPAPFast
	s.bs = s.p.BPAPAmp * (1 - s.p.BPAPFast)
	s.solver.Reset()
}

// Clamp switches a somatic voltage clamp at v [mV] on (on = true) or off.
// v is ignored when on is false.
func (s *ShouvalSynapse) Clamp(v float64, on bool) {
	s.clamped = on
	if on {
		s.vClamp = v
	}
	s.solver.Reset()
}

// shDecay returns e^{−dt/τ}·a, skipping the exponential when a is 0.
func shDecay(a, dt, tau float64) float64 {
	if a == 0 {
		return 0
	}
	return a * math.Exp(-dt/tau)
}

// kernels returns the open NMDAR fraction and the spine voltage at time t ≥ s.t.
func (s *ShouvalSynapse) kernels(t float64) (open, v float64) {
	p := &s.p
	dt := t - s.t
	open = shDecay(s.nf, dt, p.TauFast) + shDecay(s.ns, dt, p.TauSlow)
	if s.clamped {
		return open, s.vClamp
	}
	v = p.VRest + shDecay(s.e1, dt, p.TauEPSP1) - shDecay(s.e2, dt, p.TauEPSP2) +
		shDecay(s.bf, dt, p.TauBPAPFast) + shDecay(s.bs, dt, p.TauBPAPSlow)
	return open, v
}

// influx is the NMDAR Ca²⁺ influx [µM/ms] for open fraction open at voltage v.
func (s *ShouvalSynapse) influx(open, v float64) float64 {
	p := &s.p
	if open == 0 || p.GScale == 0 || p.CaO == 0 {
		return 0
	}
	return p.CaO / p.CaORef * p.GScale * p.GNMDA * open * p.Block(v) * (v - p.VCa)
}

// deriv is the right-hand side for y = (Ca, W).
func (s *ShouvalSynapse) deriv(t float64, y, dy []float64) {
	ca, w := y[shCa], y[shW]
	open, v := s.kernels(t)
	dy[shCa] = s.influx(open, v) - ca/s.p.TauCa
	dy[shW] = s.p.Eta(ca) * (s.p.Omega(ca) - s.p.Lambda*w)
}

func (s *ShouvalSynapse) observe(t float64, y []float64) {
	s.viewing, s.vt = true, t
	copy(s.vy[:], y)
	s.userObs(t)
	s.viewing = false
}

// Advance integrates the synapse for dt ≥ 0 ms from its current time. If obs
// is not nil it is called, in order, at each absolute time in ts (sorted)
// that lies in (Time(), Time()+dt]; during the call Read, W and Ca report the
// state at that time (dense output). Advance allocates nothing.
func (s *ShouvalSynapse) Advance(dt float64, ts []float64, obs func(t float64)) error {
	if !(dt >= 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("rule: ShouvalSynapse.Advance dt = %g ms: must be finite and ≥ 0", dt)
	}
	if dt == 0 {
		return nil
	}
	t0, t1 := s.t, s.t+dt
	var o ode.Observer
	if obs != nil {
		s.userObs = obs
		o = s.odeObs
	}
	err := s.solver.Integrate(s.f, t0, t1, s.y, ts, o)
	s.userObs = nil
	if err != nil {
		var oe *ode.Error
		if errors.As(err, &oe) && oe.Index >= 0 && oe.Index < shN {
			return fmt.Errorf("rule: ShouvalSynapse.Advance: %s in %s at t = %g ms: %w", oe.Reason, [shN]string{shCa: "Ca", shW: "W"}[oe.Index], oe.T, err)
		}
		return fmt.Errorf("rule: ShouvalSynapse.Advance from t = %g ms: %w", t0, err)
	}
	p := &s.p
	s.nf = shDecay(s.nf, dt, p.TauFast)
	s.ns = shDecay(s.ns, dt, p.TauSlow)
	s.e1 = shDecay(s.e1, dt, p.TauEPSP1)
	s.e2 = shDecay(s.e2, dt, p.TauEPSP2)
	s.bf = shDecay(s.bf, dt, p.TauBPAPFast)
	s.bs = shDecay(s.bs, dt, p.TauBPAPSlow)
	s.t = t1
	return nil
}

// Vars names the recordable variables, with units, in Read order.
func (s *ShouvalSynapse) Vars() []string {
	v := s.Variables()
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = x.Name
	}
	return out
}

// Variables describes Vars with units and one-line descriptions.
func (s *ShouvalSynapse) Variables() []units.Var {
	return []units.Var{
		{Name: "v_mV", Unit: "mV", Doc: "spine voltage V = V_rest + EPSP + BPAP, or the clamp", Label: "Spine V"},
		{Name: "ca_uM", Unit: "µM", Doc: "Ca2+ above rest (Shouval 2002 counts from 0)", Label: "Ca²⁺ above rest"},
		{Name: "w", Unit: "1", Doc: "synaptic weight W", Label: "Weight W"},
		{Name: "omega", Unit: "1", Doc: "Ω(Ca): the weight W relaxes toward Ω/λ", Label: "Ω(Ca)"},
		{Name: "eta_per_s", Unit: "1/s", Doc: "learning rate η(Ca)", Label: "Learning rate η"},
		{Name: "nmda_open", Unit: "1", Doc: "open NMDAR fraction (before the Mg2+ block)"},
	}
}

// Read writes the current values of Vars() into dst, which must have room for
// them: spine voltage [mV], [Ca] relative to rest [µM], W, Ω(Ca), η(Ca) [1/s]
// and the open NMDAR fraction. Inside an Advance observer the values are at
// the observed time.
func (s *ShouvalSynapse) Read(dst []float64) {
	t, ca, w := s.t, s.y[shCa], s.y[shW]
	if s.viewing {
		t, ca, w = s.vt, s.vy[shCa], s.vy[shW]
	}
	open, v := s.kernels(t)
	_ = dst[5]
	dst[0] = v
	dst[1] = ca
	dst[2] = w
	dst[3] = s.p.Omega(ca)
	dst[4] = s.p.Eta(ca) * units.Second // 1/ms → 1/s
	dst[5] = open
}
