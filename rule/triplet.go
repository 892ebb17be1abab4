package rule

import (
	"fmt"
	"math"
	"strings"

	"github.com/synlab/synlab/units"
)

// Triplet holds the parameters of the triplet spike-timing-dependent
// plasticity rule of Pfister & Gerstner (2006).
//
// Four spike traces, decaying exponentially between spikes:
//
//	dr1/dt = −r1/τ+,  dr2/dt = −r2/τx     (presynaptic, jump at each pre spike)
//	do1/dt = −o1/τ−,  do2/dt = −o2/τy     (postsynaptic, jump at each post spike)
//
// At a presynaptic spike at t (depression, then the pre traces jump):
//
//	w ← w − o1(t)·[A2− + A3−·r2(t−ε)]
//
// At a postsynaptic spike at t (potentiation, then the post traces jump):
//
//	w ← w + r1(t)·[A2+ + A3+·o2(t−ε)]
//
// The jump is the interaction scheme, which every parameter set states
// explicitly (Scheme; there is no default): all-to-all, x ← x + 1, so every
// earlier spike counts; nearest-spike, x ← 1, so only the latest spike of
// each kind counts (PG2006, "all-to-all" and "nearest-spike" interactions).
//
// Coincident spikes. A presynaptic and a postsynaptic spike at the same time
// t do not see each other: both updates read the traces at t−ε (OnPrePost;
// Run does this automatically). This is NEST's convention for
// stdp_triplet_synapse (models/stdp_triplet_synapse.h: the facilitation
// loop over post spikes up to and including the pre spike time uses the pre
// trace before the current pre spike is added, and the depression reads the
// post trace from spikes strictly before t). Calling OnPre(t) and then
// OnPost(t) instead makes the pair a Δt = 0⁺ (pre-before-post) pair.
//
// Weights. The rule is additive and the published amplitudes are in units of
// the initial weight: with W = 1 at the start, W − 1 is the fractional change
// (Δw/w) that the paper fits to data. The paper uses no weight bounds in its
// fits [M]; WMin and WMax are hard bounds applied after each update, ±Inf in
// every published set.
//
// Pfister JP, Gerstner W (2006) Triplets of spikes in a model of spike
// timing-dependent plasticity. J Neurosci 26:9673–9682,
// doi:10.1523/JNEUROSCI.1425-06.2006 (PG2006). Parameter sets: see
// the Triplet… set functions (TripletSet), with provenance per set.
//
// Internal units: time in ms; amplitudes and weights are dimensionless.
type Triplet struct {
	Name   string        // set name, e.g. "visual-all-to-all-minimal"
	Scheme TripletScheme // interaction scheme: AllToAll or NearestSpike; must be set

	TauPlus  float64 // τ+, decay of the presynaptic trace r1 [ms]; 16.8 in all sets [V-code NEST stdp_triplet_synapse.h], fixed from Bi & Poo data in PG2006 [M]
	TauMinus float64 // τ−, decay of the postsynaptic trace o1 [ms]; 33.7 in all sets [V-code NESTML stdp_triplet docs, zifeo/nest-stdpmodule], fixed in PG2006 [M]
	TauX     float64 // τx, decay of the presynaptic triplet trace r2 [ms]; fitted, PG2006 Tables 2 and 4 (tag per set)
	TauY     float64 // τy, decay of the postsynaptic triplet trace o2 [ms]; fitted, PG2006 Tables 2 and 4 (tag per set)
	A2Plus   float64 // A2+, pair potentiation amplitude [1]; fitted, PG2006 Tables 2 and 4 (tag per set)
	A3Plus   float64 // A3+, triplet (post-pre-post) potentiation amplitude [1]; fitted, PG2006 Tables 2 and 4 (tag per set)
	A2Minus  float64 // A2−, pair depression amplitude [1]; fitted, PG2006 Tables 2 and 4 (tag per set)
	A3Minus  float64 // A3−, triplet (pre-post-pre) depression amplitude [1]; fitted, PG2006 Tables 2 and 4 (tag per set)
	WMin     float64 // lower hard bound of w [1]; −Inf (none) in the published sets: PG2006 fits use no bounds [M]
	WMax     float64 // upper hard bound of w [1]; +Inf (none) in the published sets: PG2006 fits use no bounds [M]
}

// TripletScheme is the spike interaction scheme of the triplet rule: how a
// trace responds to a spike of its own kind.
type TripletScheme int

const (
	// SchemeUnset is the zero value; Validate rejects it, so the scheme is
	// always chosen explicitly.
	SchemeUnset TripletScheme = iota
	// AllToAll: traces jump by 1 at each spike (x ← x + 1), so every earlier
	// spike interacts with the current one.
	AllToAll
	// NearestSpike: traces are reset to 1 at each spike (x ← 1), so only
	// the most recent spike of each kind interacts with the current one.
	NearestSpike
)

var tripletSchemeNames = map[TripletScheme]string{AllToAll: "all-to-all", NearestSpike: "nearest-spike"}

// String returns "all-to-all", "nearest-spike" or "unset".
func (s TripletScheme) String() string {
	if n, ok := tripletSchemeNames[s]; ok {
		return n
	}
	if s == SchemeUnset {
		return "unset"
	}
	return fmt.Sprintf("TripletScheme(%d)", int(s))
}

// ParseTripletScheme returns the scheme named "all-to-all" or
// "nearest-spike" (the names used in files).
func ParseTripletScheme(name string) (TripletScheme, error) {
	for s, n := range tripletSchemeNames {
		if n == name {
			return s, nil
		}
	}
	return SchemeUnset, fmt.Errorf("rule: unknown triplet interaction scheme %q: want \"all-to-all\" or \"nearest-spike\"", name)
}

// TripletState is the state of one synapse under the triplet rule. Traces
// hold their values at time T, after every spike at T has been applied.
// The zero value is a synapse that has seen no spike (all traces 0) with
// weight 0; set W (usually 1) before use.
type TripletState struct {
	T  float64 // time of the last update [ms]
	R1 float64 // r1, presynaptic trace (τ+) at T [1]
	R2 float64 // r2, presynaptic triplet trace (τx) at T [1]
	O1 float64 // o1, postsynaptic trace (τ−) at T [1]
	O2 float64 // o2, postsynaptic triplet trace (τy) at T [1]
	W  float64 // w, synaptic weight [1] (in units of the initial weight for the published sets)
}

// Validate checks that the parameters are finite and in range. Errors read
// like `rule: Triplet.TauX = -2 ms: must be > 0`.
func (p Triplet) Validate() error {
	if p.Scheme != AllToAll && p.Scheme != NearestSpike {
		return fmt.Errorf("rule: Triplet.Scheme = %v: must be AllToAll or NearestSpike (choose the interaction scheme explicitly)", p.Scheme)
	}
	checks := []units.Check{
		units.C("TauPlus", "ms", p.TauPlus, p.TauPlus > 0, "must be > 0"),
		units.C("TauMinus", "ms", p.TauMinus, p.TauMinus > 0, "must be > 0"),
		units.C("TauX", "ms", p.TauX, p.TauX > 0, "must be > 0"),
		units.C("TauY", "ms", p.TauY, p.TauY > 0, "must be > 0"),
		units.C("A2Plus", "", p.A2Plus, p.A2Plus >= 0, "must be >= 0"),
		units.C("A3Plus", "", p.A3Plus, p.A3Plus >= 0, "must be >= 0"),
		units.C("A2Minus", "", p.A2Minus, p.A2Minus >= 0, "must be >= 0"),
		units.C("A3Minus", "", p.A3Minus, p.A3Minus >= 0, "must be >= 0"),
	}
	if err := units.CheckAll("rule: Triplet", checks[:]); err != nil {
		return err
	}
	if math.IsNaN(p.WMin) || math.IsInf(p.WMin, 1) {
		return fmt.Errorf("rule: Triplet.WMin = %v: must be a number or -Inf", p.WMin)
	}
	if math.IsNaN(p.WMax) || math.IsInf(p.WMax, -1) {
		return fmt.Errorf("rule: Triplet.WMax = %v: must be a number or +Inf", p.WMax)
	}
	if !(p.WMin < p.WMax) {
		return fmt.Errorf("rule: Triplet.WMax = %v: must be > WMin = %v", p.WMax, p.WMin)
	}
	return nil
}

// Fields lists every numeric parameter with its file name, dimension and
// doc, for overrides by name and for manifests. The scheme is not a number:
// it is chosen with the set (TripletSet) or with ParseTripletScheme.
func (p *Triplet) Fields() []units.Field {
	return []units.Field{
		{Name: "tau_plus", Dim: units.Time, Value: &p.TauPlus, Doc: "τ+, decay of the presynaptic pair trace r1; PG2006 (16.8 ms)", Min: 0.1, Max: 10000},
		{Name: "tau_minus", Dim: units.Time, Value: &p.TauMinus, Doc: "τ−, decay of the postsynaptic pair trace o1; PG2006 (33.7 ms)", Min: 0.1, Max: 10000},
		{Name: "tau_x", Dim: units.Time, Value: &p.TauX, Doc: "τx, decay of the presynaptic triplet trace r2; PG2006 Tables 2, 4", Min: 0.1, Max: 1000000.0},
		{Name: "tau_y", Dim: units.Time, Value: &p.TauY, Doc: "τy, decay of the postsynaptic triplet trace o2; PG2006 Tables 2, 4", Min: 0.1, Max: 10000},
		{Name: "a2_plus", Dim: units.Dimensionless, Value: &p.A2Plus, Doc: "A2+, pair potentiation amplitude; PG2006 Tables 2, 4", Min: 0, Max: 1},
		{Name: "a3_plus", Dim: units.Dimensionless, Value: &p.A3Plus, Doc: "A3+, triplet potentiation amplitude; PG2006 Tables 2, 4", Min: 0, Max: 1},
		{Name: "a2_minus", Dim: units.Dimensionless, Value: &p.A2Minus, Doc: "A2−, pair depression amplitude; PG2006 Tables 2, 4", Min: 0, Max: 1},
		{Name: "a3_minus", Dim: units.Dimensionless, Value: &p.A3Minus, Doc: "A3−, triplet depression amplitude; PG2006 Tables 2, 4", Min: 0, Max: 1},
		{Name: "w_min", Dim: units.Dimensionless, Value: &p.WMin, Doc: "lower hard bound of w (published sets: none, -Inf)"},
		{Name: "w_max", Dim: units.Dimensionless, Value: &p.WMax, Doc: "upper hard bound of w (published sets: none, +Inf)"},
	}
}

// Advance decays the traces of s from s.T to t [ms] (no spike in between)
// and sets s.T = t; the weight does not change between spikes. A state whose
// traces are all zero may move to any t (nothing to decay), so the zero
// value can start at a negative time; otherwise Advance panics if t < s.T
// or t is NaN, since the rule is causal.
func (p Triplet) Advance(s *TripletState, t float64) {
	switch {
	case t > s.T:
		h := t - s.T
		s.R1 *= math.Exp(-h / p.TauPlus)
		s.R2 *= math.Exp(-h / p.TauX)
		s.O1 *= math.Exp(-h / p.TauMinus)
		s.O2 *= math.Exp(-h / p.TauY)
	case t == s.T:
	case s.R1 == 0 && s.R2 == 0 && s.O1 == 0 && s.O2 == 0 && !math.IsNaN(t):
	default:
		panic(fmt.Sprintf("rule: Triplet: spike at t = %v ms before the state time %v ms", t, s.T))
	}
	s.T = t
}

// jump applies one spike of its own kind to a trace value.
func (p *Triplet) jump(x float64) float64 {
	if p.Scheme == NearestSpike {
		return 1
	}
	return x + 1
}

// clip applies the hard bounds.
func (p *Triplet) clip(w float64) float64 { return min(max(w, p.WMin), p.WMax) }

// potentiate and depress change w with the current (pre-jump) traces.
func (p *Triplet) potentiate(s *TripletState) {
	s.W = p.clip(s.W + s.R1*(p.A2Plus+p.A3Plus*s.O2))
}

func (p *Triplet) depress(s *TripletState) {
	s.W = p.clip(s.W - s.O1*(p.A2Minus+p.A3Minus*s.R2))
}

// OnPre applies a presynaptic spike arriving at the synapse at time t [ms]:
// the traces decay to t, w ← w − o1·(A2− + A3−·r2), then r1 and r2 jump.
func (p Triplet) OnPre(s *TripletState, t float64) {
	p.Advance(s, t)
	p.depress(s)
	s.R1, s.R2 = p.jump(s.R1), p.jump(s.R2)
}

// OnPost applies a postsynaptic spike (at the synapse, e.g. the
// back-propagated action potential) at time t [ms]: the traces decay to t,
// w ← w + r1·(A2+ + A3+·o2), then o1 and o2 jump.
func (p Triplet) OnPost(s *TripletState, t float64) {
	p.Advance(s, t)
	p.potentiate(s)
	s.O1, s.O2 = p.jump(s.O1), p.jump(s.O2)
}

// OnPrePost applies a presynaptic and a postsynaptic spike at the same time
// t [ms]. Neither sees the other: potentiation and then depression are
// computed from the traces at t−ε (NEST's order: facilitation, then
// depression; the order matters only at a bound), then all four traces jump.
// The pair thus contributes nothing by itself; only earlier spikes count.
func (p Triplet) OnPrePost(s *TripletState, t float64) {
	p.Advance(s, t)
	p.potentiate(s)
	p.depress(s)
	s.R1, s.R2 = p.jump(s.R1), p.jump(s.R2)
	s.O1, s.O2 = p.jump(s.O1), p.jump(s.O2)
}

// Run applies presynaptic spikes pre and postsynaptic spikes post (sorted
// times at the synapse [ms]) to s in time order and returns the state after
// the last spike. A pre and a post spike at the same time go through
// OnPrePost; repeated times within one list are applied one after the other.
// It panics if a list is not sorted or a spike precedes s.T (see Advance).
func (p Triplet) Run(s TripletState, pre, post []float64) TripletState {
	i, j := 0, 0
	for i < len(pre) || j < len(post) {
		if i > 0 && i < len(pre) && pre[i] < pre[i-1] {
			panic("rule: Triplet.Run: pre spike times not sorted")
		}
		if j > 0 && j < len(post) && post[j] < post[j-1] {
			panic("rule: Triplet.Run: post spike times not sorted")
		}
		switch {
		case j == len(post) || (i < len(pre) && pre[i] < post[j]):
			p.OnPre(&s, pre[i])
			i++
		case i == len(pre) || post[j] < pre[i]:
			p.OnPost(&s, post[j])
			j++
		default: // pre[i] == post[j]
			p.OnPrePost(&s, pre[i])
			i++
			j++
		}
	}
	return s
}

// The published parameter sets of PG2006: two data sets (visual cortex,
// Sjöström, Turrigiano & Nelson 2001 frequency protocol, Table 2;
// hippocampal cultures, Wang, Gerkin, Nauen & Bi 2005 triplet and
// quadruplet protocols, Table 4), each fitted with both interaction schemes
// and two models: "full" (all four amplitudes) and "minimal" (the fewest
// non-zero amplitudes that fit the data: A3− = 0, and A2+ = 0 for the
// visual cortex). τ+ = 16.8 ms and τ− = 33.7 ms are fixed in all sets.
//
// Provenance of the values:
//   - visual, all-to-all, full: [V-code] NEST models/stdp_triplet_synapse.h
//     defaults (τ+ 16.8, τx 101, A2+ 5e-10, A2− 7e-3, A3+ 6.2e-3, A3− 2.3e-4;
//     "Defaults come from reference [1] data fitting") and τy = 125 ms, τ− =
//     33.7 ms from zifeo/nest-stdpmodule examples/PfisterGerstnerPairing*.py
//     (all_to_all_syn_spec) and the NESTML triplet model docs.
//   - visual, nearest-spike, full: [V-code] zifeo/nest-stdpmodule
//     examples/PfisterGerstnerPairing*.py (nearest_syn_spec: τx 714, τy 40,
//     A2+ 8.8e-11, A2− 6.6e-3, A3+ 5.3e-2, A3− 3.1e-3).
//   - visual, all-to-all, minimal: [V-code] SpiNNakerManchester sPyNNaker
//     STDP example ("Sjostrom visual cortex min-triplet params": A2+ 0,
//     A2− 7.1e-3, A3+ 6.5e-3, A3− 0, τy 114).
//   - visual, nearest-spike, minimal: [M] (A3+ 5e-2, A2− 8e-3, τy 40),
//     recalled and consistent with our least-squares refit of the three free
//     values to the Sjöström data under the 60-pair protocol (A3+ 0.050,
//     A2− 7.9e-3, τy 39.6 ms) [V-derived]; not checked in public code.
//   - hippocampal sets: [M], recalled from PG2006 Table 4, not re-checked;
//     the four sets predict mutually consistent changes for the Wang et al.
//     protocols (triplet_test.go).
//
// In the minimal sets τx multiplies nothing (A3− = 0); it is set to the
// full set's value of the same scheme and data set so that Validate passes.

func tripletBase(name string, scheme TripletScheme) Triplet {
	return Triplet{
		Name:     name,
		Scheme:   scheme,
		TauPlus:  16.8 * units.Millisecond,
		TauMinus: 33.7 * units.Millisecond,
		WMin:     math.Inf(-1),
		WMax:     math.Inf(1),
	}
}

// TripletVisualAllToAllFull is the visual-cortex full model, all-to-all
// (PG2006 Table 2) [V-code: NEST stdp_triplet_synapse.h defaults; τy from
// zifeo/nest-stdpmodule].
func TripletVisualAllToAllFull() Triplet {
	p := tripletBase("visual-all-to-all-full", AllToAll)
	p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 5e-10, 6.2e-3, 7e-3, 2.3e-4
	p.TauX, p.TauY = 101, 125
	return p
}

// TripletVisualAllToAllMinimal is the visual-cortex minimal model,
// all-to-all (PG2006 Table 2) [V-code: sPyNNaker STDP triplet example].
// τx is unused (A3− = 0).
func TripletVisualAllToAllMinimal() Triplet {
	p := tripletBase("visual-all-to-all-minimal", AllToAll)
	p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 0, 6.5e-3, 7.1e-3, 0
	p.TauX, p.TauY = 101, 114
	return p
}

// TripletVisualNearestFull is the visual-cortex full model, nearest-spike
// (PG2006 Table 2) [V-code: zifeo/nest-stdpmodule nearest_syn_spec].
func TripletVisualNearestFull() Triplet {
	p := tripletBase("visual-nearest-full", NearestSpike)
	p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 8.8e-11, 5.3e-2, 6.6e-3, 3.1e-3
	p.TauX, p.TauY = 714, 40
	return p
}

// TripletVisualNearestMinimal is the visual-cortex minimal model,
// nearest-spike (PG2006 Table 2) [M; consistent with a refit, see above].
// τx is unused (A3− = 0).
func TripletVisualNearestMinimal() Triplet {
	p := tripletBase("visual-nearest-minimal", NearestSpike)
	p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 0, 5e-2, 8e-3, 0
	p.TauX, p.TauY = 714, 40
	return p
}

// TripletHippocampalAllToAllFull is the hippocampal-culture full model,
// all-to-all (PG2006 Table 4) [M].
func TripletHippocampalAllToAllFull() Triplet {
	p := tripletBase("hippocampal-all-to-all-full", AllToAll)
	p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 6.1e-3, 6.7e-3, 1.6e-3, 1.4e-3
	p.TauX, p.TauY = 946, 27
	return p
}

// TripletHippocampalAllToAllMinimal is the hippocampal-culture minimal
// model, all-to-all (PG2006 Table 4) [M]. τx is unused (A3− = 0).
func TripletHippocampalAllToAllMinimal() Triplet {
	p := tripletBase("hippocampal-all-to-all-minimal", AllToAll)
	p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 5.3e-3, 8e-3, 3.5e-3, 0
	p.TauX, p.TauY = 946, 40
	return p
}

// TripletHippocampalNearestFull is the hippocampal-culture full model,
// nearest-spike (PG2006 Table 4) [M].
func TripletHippocampalNearestFull() Triplet {
	p := tripletBase("hippocampal-nearest-full", NearestSpike)
	p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 4.6e-3, 9.1e-3, 3e-3, 7.5e-9
	p.TauX, p.TauY = 575, 47
	return p
}

// TripletHippocampalNearestMinimal is the hippocampal-culture minimal
// model, nearest-spike (PG2006 Table 4) [M]. τx is unused (A3− = 0).
func TripletHippocampalNearestMinimal() Triplet {
	p := tripletBase("hippocampal-nearest-minimal", NearestSpike)
	p.A2Plus, p.A3Plus, p.A2Minus, p.A3Minus = 4.6e-3, 9.1e-3, 3e-3, 0
	p.TauX, p.TauY = 575, 48
	return p
}

var tripletSets = []struct {
	name string
	f    func() Triplet
}{
	{"visual-all-to-all-minimal", TripletVisualAllToAllMinimal},
	{"visual-all-to-all-full", TripletVisualAllToAllFull},
	{"visual-nearest-minimal", TripletVisualNearestMinimal},
	{"visual-nearest-full", TripletVisualNearestFull},
	{"hippocampal-all-to-all-minimal", TripletHippocampalAllToAllMinimal},
	{"hippocampal-all-to-all-full", TripletHippocampalAllToAllFull},
	{"hippocampal-nearest-minimal", TripletHippocampalNearestMinimal},
	{"hippocampal-nearest-full", TripletHippocampalNearestFull},
}

// TripletSets returns the names of the published sets: visual cortex
// (Table 2) then hippocampal cultures (Table 4), each all-to-all then
// nearest-spike, minimal then full.
func TripletSets() []string {
	names := make([]string, len(tripletSets))
	for i, s := range tripletSets {
		names[i] = s.name
	}
	return names
}

// TripletSet returns the published set with the given name (see
// TripletSets).
func TripletSet(name string) (Triplet, error) {
	for _, s := range tripletSets {
		if s.name == name {
			return s.f(), nil
		}
	}
	return Triplet{}, fmt.Errorf("rule: unknown triplet parameter set %q: known sets are %s",
		name, strings.Join(TripletSets(), ", "))
}
