package spine

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// AMPA is the AMPA-receptor conductance of the spine head:
//
//	g_AMPA = N·γ·s,  s = B − A (DualExp, 0.2 ms / 1.7 ms),  I_AMPA = g_AMPA·(V − E)
//
// A release of fraction r (released vesicles / sites) jumps A and B by
// r·Factor, so a full release gives a peak N·γ. The rise and decay are those
// of BlueBrain GluSynapse (tau_r_AMPA, tau_d_AMPA) [V-code:
// BlueBrain/EModelRunner tests/glusyn_sample_dir/mechanisms/GluSynapse.mod].
// N is the surface receptor count the trafficking tier will change; peak
// channel opening is folded into it (N·γ = 1 nS = GluSynapse gmax0_AMPA).
type AMPA struct {
	DualExp
	E     float64 // reversal potential [mV]; 0, GluSynapse E_AMPA
	Gamma float64 // γ, unitary conductance [nS]; 10 pS, Smith & Howe 2000 / Benke et al. 1998 [M]
	N     float64 // surface receptors [1]; 100 [A: N·γ = GluSynapse gmax0_AMPA = 1 nS]
	Tonic float64 // open fraction held by a bath agonist (AMPA), relative to the peak of a full release [1]; 0 (set by the drug tier)
}

// DefaultAMPA returns the values above.
func DefaultAMPA() AMPA {
	return AMPA{DualExp: DualExp{TauRise: 0.2, TauDecay: 1.7}, E: 0, Gamma: 10 * units.Picosiemens, N: 100}
}

// Validate checks the parameters.
func (p AMPA) Validate() error {
	if err := p.DualExp.validate("AMPA"); err != nil {
		return err
	}
	if !(p.Gamma >= 0) || math.IsInf(p.Gamma, 0) {
		return fmt.Errorf("spine: AMPA.Gamma = %g nS: must be >= 0 and finite", p.Gamma)
	}
	if !(p.N >= 0) || math.IsInf(p.N, 0) {
		return fmt.Errorf("spine: AMPA.N = %g: must be >= 0 and finite", p.N)
	}
	if math.IsNaN(p.E) || math.IsInf(p.E, 0) {
		return fmt.Errorf("spine: AMPA.E = %g mV: must be finite", p.E)
	}
	if !(p.Tonic >= 0) || math.IsInf(p.Tonic, 0) {
		return fmt.Errorf("spine: AMPA.Tonic = %g: must be >= 0 and finite", p.Tonic)
	}
	return nil
}

// Fields lists the parameters with units and sources.
func (p *AMPA) Fields() []units.Field {
	return []units.Field{
		{Name: "ampa_tau_rise", Dim: units.Time, Value: &p.TauRise, Doc: "AMPA rise; 0.2 ms, GluSynapse tau_r_AMPA", Min: 0.01, Max: 100},
		{Name: "ampa_tau_decay", Dim: units.Time, Value: &p.TauDecay, Doc: "AMPA decay; 1.7 ms, GluSynapse tau_d_AMPA", Min: 0.01, Max: 1000},
		{Name: "ampa_e", Dim: units.Voltage, Value: &p.E, Doc: "AMPA reversal; 0 mV, GluSynapse E_AMPA", Min: -100, Max: 100},
		{Name: "ampa_gamma", Dim: units.Conductance, Value: &p.Gamma, Doc: "AMPAR unitary conductance; 10 pS, Smith & Howe 2000 [M]", Min: 0, Max: 1},
		{Name: "ampa_n", Dim: units.Dimensionless, Value: &p.N, Doc: "surface AMPARs; 100 (N·γ = GluSynapse gmax0_AMPA 1 nS)", Min: 0, Max: 10000},
		{Name: "ampa_tonic", Dim: units.Dimensionless, Value: &p.Tonic, Doc: "AMPA open fraction held by a bath agonist, relative to a full release's peak; 0 (set by the AMPA drug)", Min: 0, Max: 1},
	}
}

// G is the conductance [nS] for dual-exponential states a, b (plus the
// tonic open fraction of a bath agonist).
func (p AMPA) G(a, b float64) float64 { return p.N * p.Gamma * (b - a + p.Tonic) }

// Current is the AMPA current [pA], positive outward, at spine voltage v.
func (p AMPA) Current(a, b, v float64) float64 { return p.G(a, b) * (v - p.E) }
