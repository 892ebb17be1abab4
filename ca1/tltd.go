package ca1

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/units"
)

// TLTD is presynaptic timing-dependent LTD, STDP's second coincidence
// detector (docs/ca1-decoder.md §22). Post→pre pairing depresses release
// through a retrograde signal (2-AG) that the postsynaptic spike's Ca²⁺
// entry through L-type channels makes, read by presynaptic NMDA receptors,
// which open only while the bouton releases: Sjöström, Turrigiano & Nelson
// 2003 Neuron 39:641; Bender, Bender, Brasier & Feldman 2006 J Neurosci
// 26:4166; at CA3→CA1 synapses Andrade-Talavera, Duque-Feria, Paulsen &
// Rodríguez-Moreno 2016 Cereb Cortex 26:3637 [M]. In Bi & Poo's cultures
// t-LTD needs NMDA receptors and L-type channels (nimodipine abolishes it;
// Bi & Poo 1998 [V-abs]).
//
// Per spine j the signal E_j [ms] is the L-type Ca²⁺ current per channel,
// in units of one open channel at rest's driving force, filtered with τE:
//
//	dE_j/dt = x_j − E_j/τE,  x_j = ([Ca]o/2 mM)·u_L·m²h·max(ECa − V_h, 0)/(ECa − V_rest),
//
// with m²h the head's VGCC open probability and u_L the unblocked L-type
// share (nimodipine). A spine's own release barely opens the channels
// (m∞(−40 mV) ≈ 0.03): E is made by back-propagating spikes (peak ≈ 0.2 ms
// 10 ms after one). At each presynaptic spike a bouton that releases
// (probability P) reads E, and its fusion drive falls:
//
//	ΔD = Gain·(E/E1)^N·(1 − V)·P·f_NMDA·(1 − D),  fusion drive ∝ (1 − D),
//
// E1 = 0.1 ms, f_NMDA the unblocked NMDA fraction (APV blocks the
// presynaptic receptors too), and V the veto: the active CaMKII of the
// spine (T286-P and the coincidence-set CkN, 1 − (1 − fP)(1 − fN))
// phosphorylates DGLα and stops 2-AG synthesis (Shonesy et al. 2013 Nat
// Neurosci 16:456 [M]), so bursts that potentiate do not also depress.
// N = 2: the Ca²⁺ cooperativity of endocannabinoid release (Hill 1.9,
// Brenowitz & Regehr 2003 J Neurosci 23:6373 [M]). A release before the
// spike reads the E of the previous pairing (e^{−1 s/τE} at 1 Hz), so
// pre→post pairing does not depress. D does not decay [A]: t-LTD is
// stable for the hour of the recordings.
type TLTD struct {
	Gain float64 // [1]; 0.0029, fitted here on B19 (−10 ms in Bi & Poo's saline: −30%), docs/ca1-decoder.md §22, §27; 0 = off
	N    float64 // cooperativity of the signal's synthesis in E [1]; 2, Brenowitz & Regehr 2003 (Hill 1.9) [M]
	Tau  float64 // τE [ms]; 33.7, the decay of Bi & Poo's LTD window (Bi & Poo 2001 Annu Rev Neurosci 24:139, exponential fit [M])
}

// DefaultTLTD returns the constants of docs/ca1-decoder.md §22.
func DefaultTLTD() TLTD { return TLTD{Gain: fitTLTDGain, N: 2, Tau: 33.7} }

// fitTLTDGain is Gain fitted by hand on B19 at −10 ms, in Bi & Poo's
// culture saline (3 mM Ca²⁺, 2 mM Mg²⁺), to their −30% (−30.3%;
// docs/ca1-decoder.md §27; 0.0097 at the 2 mM bath before round 8, §22).
const fitTLTDGain = 0.0029

// Validate checks the parameters.
func (d TLTD) Validate() error {
	if !(d.Gain >= 0) || math.IsInf(d.Gain, 0) {
		return fmt.Errorf("ca1: TLTD.Gain = %g: must be >= 0 and finite (0 = off)", d.Gain)
	}
	if !(d.N >= 1 && d.N <= 8) {
		return fmt.Errorf("ca1: TLTD.N = %g: must be in [1, 8]", d.N)
	}
	if !(d.Tau > 0) || math.IsInf(d.Tau, 0) {
		return fmt.Errorf("ca1: TLTD.Tau = %g ms: must be > 0 and finite", d.Tau)
	}
	return nil
}

// Fields lists the parameters.
func (d *TLTD) Fields() []units.Field {
	return []units.Field{
		{Name: "tltd_gain", Dim: units.Dimensionless, Value: &d.Gain, Doc: "presynaptic t-LTD: fall of the fusion drive per release at unit L-type signal (E = 0.1 ms); 0.0029, fitted here (B19 in Bi & Poo's saline, docs/ca1-decoder.md §27); 0 = off", Min: 0, Max: 1},
		{Name: "tltd_n", Dim: units.Dimensionless, Value: &d.N, Doc: "cooperativity of the t-LTD signal in E; 2 (Brenowitz & Regehr 2003, Hill 1.9)", Min: 1, Max: 8},
		{Name: "tltd_tau", Dim: units.Time, Value: &d.Tau, Doc: "decay of the postsynaptic L-type signal E that presynaptic t-LTD reads; 33.7 ms, the LTD window's tau (Bi & Poo 2001 [M])", Min: 1, Max: 1000},
	}
}

// on reports whether t-LTD acts.
func (d TLTD) on() bool { return d.Gain > 0 }

// tltdX is x_j of slot state s (the slot block).
func (pop *Population) tltdX(s []float64) float64 {
	p := &pop.p
	d := p.NMDA.ECa - s[sVH]
	if d <= 0 {
		return 0
	}
	m := s[sGM]
	return pop.xL * m * m * s[sGH] * d
}

// tltdStep advances every slot's E over an accepted cable step [t, t+h]:
// the decay exact, and the input integrated exactly against the decay's
// kernel for the quadratic through x at t, t + h/2 and t + h (the dense
// output): E(t+h) = E(t)·e^{−h/τ} + h·(a0·x0 + am·xm + a1·x1), expQuad.
// (Simpson on x·kernel, the earlier form, is exact only while h ≪ τ: over
// a 1 s step at rest it counted x·h/6 = 167 ms of input where the kernel
// holds 33.7 ms.)
func (pop *Population) tltdStep(h float64, y0 []float64) {
	tau := pop.p.TLTD.Tau
	e1 := math.Exp(-h / tau)
	a0, am, a1 := expQuad(h / tau)
	var mid [nSlot]float64
	for j := range pop.etr {
		o := nShared + nSlot*j
		for _, i := range [...]int{sVH, sGM, sGH} {
			mid[i] = pop.sol.dense(o+i, 0.5, y0)
		}
		x0 := pop.tltdX(y0[o : o+nSlot])
		xm := pop.tltdX(mid[:])
		x1 := pop.tltdX(pop.sol.ynew[o : o+nSlot])
		pop.etr[j] = pop.etr[j]*e1 + h*(a0*x0+am*xm+a1*x1)
	}
}

// expQuad returns the weights of ∫₀¹ x(u)·e^{−z(1−u)} du = a0·x(0) +
// am·x(½) + a1·x(1), exact for x quadratic in u (z ≥ 0; Simpson's 1/6,
// 2/3, 1/6 at z = 0). With M_k = ∫₀¹ v^k e^{−zv} dv (v = 1 − u), the
// moments of u are U0 = M0, U1 = M0 − M1, U2 = M0 − 2M1 + M2, and the
// weights those of the Lagrange basis on 0, ½, 1. M_k is summed as its
// series Σ (−z)^n/(n!(n+k+1)) for z < 1 (the closed forms cancel there)
// and taken from the closed forms above.
func expQuad(z float64) (a0, am, a1 float64) {
	var m [3]float64
	if z < 1 {
		term := 1.0 // (−z)^n/n!
		for n := 0; n < 40 && term != 0; n++ {
			for k := range m {
				m[k] += term / float64(n+k+1)
			}
			term *= -z / float64(n+1)
		}
	} else {
		e := math.Exp(-z)
		m[0] = (1 - e) / z
		m[1] = (1 - e*(1+z)) / (z * z)
		m[2] = (2 - e*(z*z+2*z+2)) / (z * z * z)
	}
	u0, u1, u2 := m[0], m[0]-m[1], m[0]-2*m[1]+m[2]
	return 2*u2 - 3*u1 + u0, 4*u1 - 4*u2, 2*u2 - u1
}

// classSlots is the range [lo, hi) of class c's slots: its particles'
// release and failure branches (deterministic), or synapse c's one slot.
func (pop *Population) classSlots(c int) (lo, hi int) {
	if pop.p.Stochastic {
		return c, c + 1
	}
	return pop.slot(c, 0, 0), pop.slot(c+1, 0, 0)
}

// tltdClass is the share-weighted E of class c's slots.
func (pop *Population) tltdClass(c int) float64 {
	lo, hi := pop.classSlots(c)
	var e, w float64
	for j := lo; j < hi; j++ {
		s := pop.share(j)
		e += s * pop.etr[j]
		w += s
	}
	if w == 0 {
		return pop.etr[lo]
	}
	return e / w
}

// tltdVeto is the share-weighted active CaMKII of class c's slots,
// 1 − (1 − fP)(1 − fN) with fP the T286-P fraction and fN the
// coincidence-set CkN per GluN2B site: active CaMKII phosphorylates DGLα
// and stops 2-AG synthesis.
func (pop *Population) tltdVeto(c int) float64 {
	lo, hi := pop.classSlots(c)
	var v, w float64
	for j := lo; j < hi; j++ {
		y := pop.cs[j].Read(nil)
		tot := cascade.TotalsOf(y)
		s := pop.share(j)
		fP, fN := frac(y[cascade.CaMKIIP], tot.CaMKII), frac(y[cascade.CkN], tot.Sites)
		v += s * (1 - (1-fP)*(1-fN))
		w += s
	}
	if w == 0 {
		return 0
	}
	return v / w
}

// tltdE1 normalises E in the threshold [ms].
const tltdE1 = 0.1

// tltdPre applies a presynaptic spike's t-LTD at bouton c, which releases
// with probability (or, stochastic, amount) r. In the deterministic mode
// the class's slots then share one E (their branches merge).
func (pop *Population) tltdPre(c int, r float64) {
	e := pop.tltdClass(c)
	p := &pop.p
	if d := p.TLTD.Gain * math.Pow(e/tltdE1, p.TLTD.N) * r * p.Drugs.NMDA; d > 0 {
		pop.dep[c] += d * (1 - pop.tltdVeto(c)) * (1 - pop.dep[c])
	}
	lo, hi := pop.classSlots(c)
	for j := lo; j < hi; j++ {
		pop.etr[j] = e
	}
}

// tltdInit sets the constants that depend on the bath and drugs, and, if
// fresh (New, the cell at rest), the driving force at rest and the E
// traces' resting values.
func (pop *Population) tltdInit(fresh bool) {
	p := &pop.p
	if fresh {
		pop.xDen = max(p.NMDA.ECa-pop.y[nShared+sVH], 1)
	}
	pop.xL = p.Ca.CaO / nanoRefCaO * p.VGCC.SL / pop.xDen
	if fresh {
		for j := range pop.etr {
			o := nShared + nSlot*j
			pop.etr[j] = pop.tltdX(pop.y[o:o+nSlot]) * p.TLTD.Tau
		}
	}
}

// fusion is bouton c's bath factor of the fusion drive with its t-LTD.
func (pop *Population) fusion(c int) float64 { return pop.g * (1 - pop.dep[c]) }
