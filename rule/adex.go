package rule

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// AdEx holds the parameters of the point neuron of Clopath et al. (2010)
// (Online Methods; doi:10.1038/nn.2479): the adaptive exponential
// integrate-and-fire model of Brette & Gerstner (2005, J Neurophysiol
// 94:3637) with a depolarising spike after-potential current z and an
// adaptive threshold V_T:
//
//	C dV/dt   = −g_L (V − E_L) + g_L Δ_T exp((V − V_T)/Δ_T) − w + z + I
//	τ_w dw/dt = a (V − E_L) − w
//	τ_z dz/dt = −z
//	τ_VT dV_T/dt = −(V_T − V_T,rest)
//
// When V reaches V_peak a spike starts: V is held at V_clamp for t_clamp
// (the 2 ms spike of the authors' aEIF.m, "to force the spike to be 2ms
// long"), w += b, z = I_sp, V_T = V_T,max; at the end of the clamp
// V = V_reset. While clamped w is frozen and z, V_T decay, as in NEST's
// aeif_psc_delta_clopath (models/aeif_psc_delta_clopath.cpp), the
// continuous-time port of aEIF.m. There is no refractory period beyond the
// clamp (NEST's pairing example: t_ref = 0).
//
// Units: C pF, conductances nS, potentials mV, currents pA, times ms
// (pA/pF = mV/ms).
type AdEx struct {
	Name   string  // set name
	C      float64 // C, membrane capacitance [pF]; 281, Table 1a, aEIF.m
	GL     float64 // g_L, leak conductance [nS]; 30, Table 1a, aEIF.m
	EL     float64 // E_L, leak reversal [mV]; −70.6, Table 1a, aEIF.m
	DeltaT float64 // Δ_T, slope factor [mV]; 2, Table 1a, aEIF.m
	VTRest float64 // V_T,rest, resting threshold [mV]; −50.4, Table 1a, aEIF.m
	VTMax  float64 // V_T,max, threshold after a spike [mV]; −30.4 (aEIF.m VT_rest + VT_jump; Table 1a prints "30.4")
	TauVT  float64 // τ_VT, threshold relaxation [ms]; 50, Table 1a, aEIF.m
	TauW   float64 // τ_w, adaptation time constant [ms]; 144, Table 1a, aEIF.m
	A      float64 // a, subthreshold adaptation [nS]; 4, Table 1a, aEIF.m
	B      float64 // b, spike-triggered adaptation [pA]; 0.0805 (aEIF.m, run in pA; Table 1a prints 0.805 pA)
	ISp    float64 // I_sp, after-potential current set at a spike [pA]; 400, Table 1a, aEIF.m (w_jump)
	TauZ   float64 // τ_z, after-potential decay [ms]; 40, Table 1a, aEIF.m (tau_wtail)
	VPeak  float64 // V_peak, spike detection [mV]; 33 (NEST aeif_psc_delta_clopath V_peak)
	VClamp float64 // V_clamp, potential held during the spike [mV]; 33 (NEST V_clamp; aEIF.m 29.4 then 32.862 at 1 ms steps)
	TClamp float64 // t_clamp, spike duration [ms]; 2 (aEIF.m counter; NEST t_clamp)
	VReset float64 // V_reset, potential after the spike [mV]; −49.5016 = E_L + 15 + 6.0984 (aEIF.m)
}

// AdExState is the state of one AdEx neuron.
type AdExState struct {
	V     float64 // V, membrane potential [mV]
	W     float64 // w, adaptation current [pA]
	Z     float64 // z, spike after-potential current [pA]
	VT    float64 // V_T, adaptive threshold [mV]
	Clamp float64 // time left in the spike clamp [ms]; > 0 while V is held at VClamp
}

// AdExEvent is what ended an AdEx.Step early.
type AdExEvent uint8

const (
	AdExNone    AdExEvent = iota // the Step ran its full dt
	AdExSpike                    // V reached VPeak: a spike started
	AdExRelease                  // the spike clamp ended: V was reset
)

// ClopathAdEx is the neuron of Clopath et al. (2010) Table 1a, with the
// values the paper leaves out or prints doubtfully taken from the authors'
// code, ModelDB 144566 VoTriCode/aEIF.m [V-code], and the continuous-time
// spike from NEST's aeif_psc_delta_clopath [V-code]:
//   - V_T,max = −30.4 mV: aEIF.m V_T = VT_jump + VT_rest = 20 − 50.4; the
//     table prints 30.4 without sign (NEST's default V_th_max keeps +30.4).
//   - b = 0.0805 pA: aEIF.m has b = 0.0805 "[nA]" added to a current in pA,
//     so it runs 0.0805 pA; NEST's pairing example
//     (pynest/examples/clopath_synapse_spike_pairing.py) sets the same;
//     the table prints 0.805 pA and Brette & Gerstner (2005) 80.5 pA.
//   - V_reset = E_L + 15 + 6.0984 = −49.5016 mV (aEIF.m; NEST's example
//     rounds it to E_L + 21); not printed in the paper.
//   - V_peak = V_clamp = 33 mV, t_clamp = 2 ms: NEST's defaults, the
//     continuous-time form of aEIF.m's two clamped 1 ms steps (29.4 and
//     32.862 mV, chosen there to carry the integral of a finely resolved
//     spike).
func ClopathAdEx() AdEx {
	return AdEx{
		Name:   "clopath2010",
		C:      281,
		GL:     30 * units.Nanosiemens,
		EL:     -70.6 * units.Millivolt,
		DeltaT: 2 * units.Millivolt,
		VTRest: -50.4 * units.Millivolt,
		VTMax:  -30.4 * units.Millivolt,
		TauVT:  50 * units.Millisecond,
		TauW:   144 * units.Millisecond,
		A:      4 * units.Nanosiemens,
		B:      0.0805 * units.Picoampere,
		ISp:    400 * units.Picoampere,
		TauZ:   40 * units.Millisecond,
		VPeak:  33 * units.Millivolt,
		VClamp: 33 * units.Millivolt,
		TClamp: 2 * units.Millisecond,
		VReset: (-70.6 + 15 + 6.0984) * units.Millivolt,
	}
}

// Validate checks that the parameters are finite and in range. Errors read
// like `rule: AdEx.C = -1 pF: must be > 0`.
func (p AdEx) Validate() error {
	type check struct {
		name, unit string
		v          float64
		ok         bool
		want       string
	}
	checks := [...]check{
		{"C", "pF", p.C, p.C > 0, "must be > 0"},
		{"GL", "nS", p.GL, p.GL > 0, "must be > 0"},
		{"EL", "mV", p.EL, true, ""},
		{"DeltaT", "mV", p.DeltaT, p.DeltaT > 0, "must be > 0"},
		{"VTRest", "mV", p.VTRest, true, ""},
		{"VTMax", "mV", p.VTMax, p.VTMax >= p.VTRest, fmt.Sprintf("must be >= VTRest = %g mV", p.VTRest)},
		{"TauVT", "ms", p.TauVT, p.TauVT > 0, "must be > 0"},
		{"TauW", "ms", p.TauW, p.TauW > 0, "must be > 0"},
		{"A", "nS", p.A, p.A >= 0, "must be >= 0"},
		{"B", "pA", p.B, true, ""},
		{"ISp", "pA", p.ISp, true, ""},
		{"TauZ", "ms", p.TauZ, p.TauZ > 0, "must be > 0"},
		{"VPeak", "mV", p.VPeak, p.VPeak > p.VTMax && (p.VPeak-p.VTRest)/p.DeltaT < 600,
			fmt.Sprintf("must be > VTMax = %g mV and (VPeak − VTRest)/DeltaT < 600 (exp overflow)", p.VTMax)},
		{"VClamp", "mV", p.VClamp, true, ""},
		{"TClamp", "ms", p.TClamp, p.TClamp >= 0, "must be >= 0"},
		{"VReset", "mV", p.VReset, p.VReset < p.VPeak, fmt.Sprintf("must be < VPeak = %g mV", p.VPeak)},
	}
	for _, c := range checks {
		finite := !math.IsInf(c.v, 0) && !math.IsNaN(c.v)
		if c.ok && finite {
			continue
		}
		want := c.want
		if !finite {
			want = "must be finite"
		}
		return fmt.Errorf("rule: AdEx.%s = %v %s: %s", c.name, c.v, c.unit, want)
	}
	return nil
}

// Fields lists every parameter for overrides by name and for manifests. The
// capacitance has no units.Dim; it is marked Dimensionless and held in pF.
func (p *AdEx) Fields() []units.Field {
	return []units.Field{
		{Name: "c_m", Dim: units.Dimensionless, Value: &p.C, Doc: "C, membrane capacitance [pF]; 281 (Clopath 2010 Table 1a; aEIF.m)", Min: 1, Max: 100000},
		{Name: "g_l", Dim: units.Conductance, Value: &p.GL, Doc: "g_L, leak conductance; 30 nS (Table 1a; aEIF.m)", Min: 0.1, Max: 10000},
		{Name: "e_l", Dim: units.Voltage, Value: &p.EL, Doc: "E_L, leak reversal; −70.6 mV (Table 1a; aEIF.m)", Min: -120, Max: 0},
		{Name: "delta_t", Dim: units.Voltage, Value: &p.DeltaT, Doc: "Δ_T, slope factor; 2 mV (Table 1a; aEIF.m)", Min: 0.1, Max: 20},
		{Name: "v_t_rest", Dim: units.Voltage, Value: &p.VTRest, Doc: "V_T,rest, resting threshold; −50.4 mV (Table 1a; aEIF.m)", Min: -100, Max: 0},
		{Name: "v_t_max", Dim: units.Voltage, Value: &p.VTMax, Doc: "V_T,max, threshold after a spike; −30.4 mV (aEIF.m; Table 1a prints 30.4)", Min: -100, Max: 50},
		{Name: "tau_vt", Dim: units.Time, Value: &p.TauVT, Doc: "τ_VT, threshold relaxation; 50 ms (Table 1a; aEIF.m)", Min: 0.1, Max: 10000},
		{Name: "tau_w", Dim: units.Time, Value: &p.TauW, Doc: "τ_w, adaptation; 144 ms (Table 1a; aEIF.m)", Min: 1, Max: 100000},
		{Name: "a", Dim: units.Conductance, Value: &p.A, Doc: "a, subthreshold adaptation; 4 nS (Table 1a; aEIF.m)", Min: 0, Max: 1000},
		{Name: "b", Dim: units.Current, Value: &p.B, Doc: "b, spike-triggered adaptation; 0.0805 pA (aEIF.m; Table 1a 0.805 pA)", Min: 0, Max: 1000},
		{Name: "i_sp", Dim: units.Current, Value: &p.ISp, Doc: "I_sp, after-potential current at a spike; 400 pA (Table 1a; aEIF.m)", Min: 0, Max: 10000},
		{Name: "tau_z", Dim: units.Time, Value: &p.TauZ, Doc: "τ_z, after-potential decay; 40 ms (Table 1a; aEIF.m)", Min: 0.1, Max: 10000},
		{Name: "v_peak", Dim: units.Voltage, Value: &p.VPeak, Doc: "V_peak, spike detection; 33 mV (NEST aeif_psc_delta_clopath)", Min: -50, Max: 100},
		{Name: "v_clamp", Dim: units.Voltage, Value: &p.VClamp, Doc: "V_clamp, potential during the spike; 33 mV (NEST)", Min: -50, Max: 100},
		{Name: "t_clamp", Dim: units.Time, Value: &p.TClamp, Doc: "t_clamp, spike duration; 2 ms (aEIF.m; NEST)", Min: 0, Max: 100},
		{Name: "v_reset", Dim: units.Voltage, Value: &p.VReset, Doc: "V_reset, after the spike; −49.5016 mV (aEIF.m)", Min: -120, Max: 0},
	}
}

// Rest returns the resting state: V at the lower zero of the steady-state
// current −(g_L + a)(V − E_L) + g_L Δ_T exp((V − V_T,rest)/Δ_T) (Newton
// from E_L; a fixed point of the dynamics), w = a(V − E_L), z = 0,
// V_T = V_T,rest. With ClopathAdEx, V − E_L ≈ 7e-5 mV.
func (p AdEx) Rest() AdExState {
	v := p.EL
	for range 50 {
		e := p.GL * math.Exp((v-p.VTRest)/p.DeltaT)
		f := -(p.GL+p.A)*(v-p.EL) + p.DeltaT*e
		df := -(p.GL + p.A) + e
		dv := f / df
		v -= dv
		if math.Abs(dv) < 1e-15*(1+math.Abs(v)) {
			break
		}
	}
	return AdExState{V: v, W: p.A * (v - p.EL), VT: p.VTRest}
}

// Fire starts a spike now, as a brief suprathreshold current would (the
// authors' VoTri.m injects 1e6 pA for one step; NEST's pairing example kicks
// V by 80 mV): V = VClamp, w += b, z = I_sp, V_T = V_T,max, and the clamp
// runs for TClamp. It does nothing and returns false during a clamp.
func (p AdEx) Fire(s *AdExState) bool {
	if s.Clamp > 0 {
		return false
	}
	p.spike(s)
	return true
}

func (p *AdEx) spike(s *AdExState) {
	s.W += p.B
	s.Z = p.ISp
	s.VT = p.VTMax
	if p.TClamp > 0 {
		s.V = p.VClamp
		s.Clamp = p.TClamp
	} else {
		s.V = p.VReset
	}
}

// Maximum RK4 substep [ms] and maximum voltage change per substep [in units
// of Δ_T]. With τ_m = C/g_L ≈ 9.4 ms the local error per 0.025 ms substep is
// ≈ (h/τ_m)^5/120 ≈ 1e-15 relative; near the spike upswing the rate
// (dV/dt)/Δ_T is what matters, and h·rate ≤ 0.1 keeps RK4's error per
// substep ≈ 1e-7 of 0.1·Δ_T.
const (
	adexMaxStep = 0.025
	adexMaxDV   = 0.1
)

// clampSnap [ms]: a clamp with less than this left ends with the current
// Step (a clamp lengthened by < 1e-9 ms).
const clampSnap = 1e-9

// Step advances s with a constant input current I [pA] by h ≤ dt [ms] and
// returns h, the membrane potential uEnd at the end of the advanced interval
// just before any jump, and the event that stopped it early:
//   - AdExNone: h = dt, uEnd = s.V.
//   - AdExSpike: V reached VPeak after h; uEnd = VPeak and s is now in the
//     clamp (s.V = VClamp, or VReset if TClamp = 0).
//   - AdExRelease: the clamp ended after h; uEnd = VClamp, s.V = VReset.
//
// Between events V is smooth; the caller feeding a plasticity rule samples
// it by calling Step with dt equal to its sample step and joining the
// samples linearly (uEnd closes one interval, s.V opens the next).
//
// Subthreshold integration is classical RK4 with substeps ≤ 0.025 ms and
// ≤ 0.1·Δ_T/|dV/dt|, so the exponential upswing is followed in a few
// hundred substeps; the crossing of VPeak is located by bisection on the
// length of the last substep to 1e-9 mV (spike times agree to ~4e-8 ms
// whatever the caller's dt; tested). During the clamp the state is advanced in
// closed form (V, w constant; z, V_T exponential).
func (p AdEx) Step(s *AdExState, dt, I float64) (h, uEnd float64, ev AdExEvent) {
	if !(dt > 0) {
		return 0, s.V, AdExNone
	}
	if s.Clamp > 0 {
		// A clamp left with less than clampSnap is ended with this Step, so
		// rounding in the caller's sum of steps does not leave a sliver.
		release := dt >= s.Clamp-clampSnap
		h = dt
		if release && s.Clamp < dt {
			h = s.Clamp
		}
		s.Z *= math.Exp(-h / p.TauZ)
		s.VT = p.VTRest + (s.VT-p.VTRest)*math.Exp(-h/p.TauVT)
		if release {
			s.Clamp = 0
			s.V = p.VReset
			return h, p.VClamp, AdExRelease
		}
		s.Clamp -= h
		return h, s.V, AdExNone
	}
	t := 0.0
	for t < dt {
		dv := p.dV(s.V, s.W, s.Z, s.VT, I)
		hs := min(dt-t, adexMaxStep)
		if lim := adexMaxDV * p.DeltaT / math.Abs(dv); lim < hs {
			hs = lim
		}
		n := p.rk4(*s, hs, I)
		if n.V >= p.VPeak {
			// Bisection on the substep length for V(h) = VPeak.
			lo, hi := 0.0, hs
			for range 200 {
				mid := 0.5 * (lo + hi)
				m := p.rk4(*s, mid, I)
				if m.V >= p.VPeak {
					hi, n = mid, m
				} else {
					lo = mid
				}
				if math.Abs(n.V-p.VPeak) < 1e-9 || hi-lo <= 1e-16*hs {
					break
				}
			}
			*s = n
			p.spike(s)
			return t + hi, p.VPeak, AdExSpike
		}
		*s = n
		if hs == dt-t {
			break
		}
		t += hs
	}
	return dt, s.V, AdExNone
}

// dV is dV/dt [mV/ms].
func (p *AdEx) dV(v, w, z, vt, I float64) float64 {
	return (-p.GL*(v-p.EL) + p.GL*p.DeltaT*math.Exp((v-vt)/p.DeltaT) - w + z + I) / p.C
}

// rk4 returns s advanced by one classical RK4 step of h (no clamp).
func (p *AdEx) rk4(s AdExState, h, I float64) AdExState {
	f := func(v, w, z, vt float64) (float64, float64, float64, float64) {
		return p.dV(v, w, z, vt, I), (p.A*(v-p.EL) - w) / p.TauW, -z / p.TauZ, -(vt - p.VTRest) / p.TauVT
	}
	v1, w1, z1, t1 := f(s.V, s.W, s.Z, s.VT)
	v2, w2, z2, t2 := f(s.V+0.5*h*v1, s.W+0.5*h*w1, s.Z+0.5*h*z1, s.VT+0.5*h*t1)
	v3, w3, z3, t3 := f(s.V+0.5*h*v2, s.W+0.5*h*w2, s.Z+0.5*h*z2, s.VT+0.5*h*t2)
	v4, w4, z4, t4 := f(s.V+h*v3, s.W+h*w3, s.Z+h*z3, s.VT+h*t3)
	return AdExState{
		V:  s.V + h/6*(v1+2*v2+2*v3+v4),
		W:  s.W + h/6*(w1+2*w2+2*w3+w4),
		Z:  s.Z + h/6*(z1+2*z2+2*z3+z4),
		VT: s.VT + h/6*(t1+2*t2+2*t3+t4),
	}
}
