package spine

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/ode"
	"github.com/synlab/synlab/units"
)

// Presynaptic release with explicit vesicle retrieval.
//
// Each contact has Sites release sites, each ready (a docked vesicle),
// occupied (holding the membrane of a fused vesicle that must be retrieved)
// or empty (cleared, refillable). With D the ready and C the occupied
// fraction:
//
//	at a spike:     r = P·D;  D ← D − r;  C ← C + r
//	between spikes: dC/dt = −k_clear·C,  k_clear = KRetrieval·Endo.Pre + KSlow
//	                dD/dt = k_rec(t)·(1 − D − C)
//
// The release probability P and the refilling rate k_rec come from one of
// two schemes:
//
// Dittman, Kreitzer & Regehr (2000) J Neurosci 20:1374 (FD model):
//
//	dCaXF/dt = −CaXF/τF,  dCaXD/dt = −CaXD/τD, each +1 per spike (ΔF = ΔD = 1)
//	P = F1 + (1 − F1)/(1 + KF/CaXF)       (CaXF just before the spike)
//	k_rec = k0 + (kmax − k0)·CaXD/(CaXD + KD)
//	KF = (1 − F1)/(F2 − F1) − 1,  F2 = ρ·F1/(1 − F1)   (ρ = (1 − F1)F2/F1, their Eq. 6)
//
// Tsodyks & Markram (1997) PNAS 94:719 in the GluSynapse form:
//
//	dũ/dt = −ũ/τF;  at a spike u = U + ũ(1 − U), ũ ← u;  P = u;  k_rec = 1/τrec
//
// With Endo.Pre = 1 and KRetrieval ≫ k_rec the scheme reduces to the
// published models, whose fits already contain normal clearance
// (TestReleaseEndoOneReducesToDittman). Blocking retrieval (Endo.Pre = 0)
// leaves only KSlow, so depression deepens in fast trains: the release-site
// clearance role of endocytosis (Kawasaki et al. 2000 J Neurosci 20:4885;
// Hosoi, Holt & Sakaba 2009 Neuron 63:216) [M].
//
// Deterministic release returns r = P·D. Stochastic release treats each site
// as a three-state Markov chain: a ready site releases with probability P, an
// occupied site clears after an Exp(k_clear) time, an empty site refills with
// hazard k_rec(t), sampled exactly from its integral (Hazard); r = k/Sites.
// Every site obeys the same linear master equation, so the deterministic D is
// the exact expectation of the stochastic ready fraction.

// Scheme selects the short-term plasticity model of Release.
type Scheme int

const (
	Dittman        Scheme = iota // Dittman, Kreitzer & Regehr 2000
	TsodyksMarkram               // Tsodyks & Markram 1997 (GluSynapse form)
)

func (s Scheme) String() string {
	switch s {
	case Dittman:
		return "dittman"
	case TsodyksMarkram:
		return "tsodyks-markram"
	}
	return fmt.Sprintf("Scheme(%d)", int(s))
}

// Endocytosis is the level (0–1) of the clathrin/dynamin machinery on each
// side of the synapse. The two sides share clathrin, AP2 and dynamin
// (docs/sources.md §7), so "a single dynamin block switch should stop both
// presynaptic recycling and LTD expression": see Block. Pre gates vesicle
// retrieval in Release; Post gates activity-dependent AMPAR endocytosis in the
// trafficking tier (stored here, read there). Constitutive AMPAR turnover is
// dynamin-independent (Glebov et al. 2015) and is not scaled by Post.
type Endocytosis struct {
	Pre  float64 // presynaptic retrieval level [1]; 1 = intact
	Post float64 // postsynaptic clathrin/dynamin endocytosis level [1]; 1 = intact
}

// IntactEndocytosis is the untreated synapse.
func IntactEndocytosis() Endocytosis { return Endocytosis{Pre: 1, Post: 1} }

// Block returns e with both sides scaled by (1 − f), f ∈ [0, 1]: a dynamin
// inhibitor (dynasore, dynamin-inhibitory peptide) acting on both sides.
func (e Endocytosis) Block(f float64) Endocytosis {
	return Endocytosis{Pre: e.Pre * (1 - f), Post: e.Post * (1 - f)}
}

// Validate checks that both levels lie in [0, 1].
func (e Endocytosis) Validate() error {
	if !(e.Pre >= 0 && e.Pre <= 1) {
		return fmt.Errorf("spine: Endocytosis.Pre = %g: must be in [0, 1]", e.Pre)
	}
	if !(e.Post >= 0 && e.Post <= 1) {
		return fmt.Errorf("spine: Endocytosis.Post = %g: must be in [0, 1]", e.Post)
	}
	return nil
}

// Release holds the parameters of presynaptic release.
type Release struct {
	Scheme     Scheme
	Stochastic bool // binomial release from Sites sites with the caller's rng
	Sites      int  // number of release sites N [1]; GluSynapse Nrrp_TM = 1

	// Dittman et al. 2000, Table 2, Schaffer collateral.
	F1   float64 // F1, initial release probability [1]; 0.24
	Rho  float64 // ρ, paired-pulse ratio at vanishing interval [1]; 2.2
	TauF float64 // τF, decay of CaXF (and of ũ for TM) [ms]; 100 (TM: Fac)
	TauD float64 // τD, decay of CaXD [ms]; 50
	K0   float64 // k0, Ca-independent refilling rate [1/ms]; 2/s
	KMax float64 // kmax, maximal refilling rate [1/ms]; 30/s
	KD   float64 // KD, CaXD affinity of refilling [1] (units of ΔD = 1); 2

	// Tsodyks–Markram.
	U      float64 // U (Use), baseline utilisation [1]
	TauRec float64 // τrec (Dep), recovery time constant [ms]

	// Retrieval (this package, docs/spine-model.md §2).
	KRetrieval float64 // dynamin-dependent clearance rate at Endo.Pre = 1 [1/ms]; 1 [A], ≫ kmax
	KSlow      float64 // dynamin-independent clearance rate [1/ms]; 2/s = Dittman k0 [A]
}

// DittmanSC returns the Dittman, Kreitzer & Regehr (2000) Table 2 Schaffer
// collateral parameters (docs/sources.md §7 [V-code]), deterministic, one site.
func DittmanSC() Release {
	return Release{
		Scheme: Dittman, Sites: 1,
		F1: 0.24, Rho: 2.2, TauF: 100, TauD: 50,
		K0: 2 * units.Hz, KMax: 30 * units.Hz, KD: 2,
		KRetrieval: 1, KSlow: 2 * units.Hz,
	}
}

// GluSynapseTM returns the Tsodyks–Markram defaults of BlueBrain GluSynapse
// (Use0_TM = 0.5, Dep_TM = 100 ms, Fac_TM = 10 ms, Nrrp_TM = 1) [V-code:
// BlueBrain/EModelRunner tests/glusyn_sample_dir/mechanisms/GluSynapse.mod].
func GluSynapseTM() Release {
	return Release{
		Scheme: TsodyksMarkram, Sites: 1,
		U: 0.5, TauRec: 100, TauF: 10,
		KRetrieval: 1, KSlow: 2 * units.Hz,
	}
}

// Validate checks the parameters with NEST-style messages.
func (p Release) Validate() error {
	pos := func(name string, v float64, unit string) error {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("spine: Release.%s = %g %s: must be > 0 and finite", name, v, unit)
		}
		return nil
	}
	if p.Sites < 1 {
		return fmt.Errorf("spine: Release.Sites = %d: must be >= 1", p.Sites)
	}
	if !(p.KSlow >= 0) || math.IsInf(p.KSlow, 0) {
		return fmt.Errorf("spine: Release.KSlow = %g 1/ms: must be >= 0 and finite", p.KSlow)
	}
	if !(p.KRetrieval >= 0) || math.IsInf(p.KRetrieval, 0) {
		return fmt.Errorf("spine: Release.KRetrieval = %g 1/ms: must be >= 0 and finite", p.KRetrieval)
	}
	if err := pos("TauF", p.TauF, "ms"); err != nil {
		return err
	}
	switch p.Scheme {
	case Dittman:
		if !(p.F1 > 0 && p.F1 < 1) {
			return fmt.Errorf("spine: Release.F1 = %g: must be in (0, 1)", p.F1)
		}
		if f2 := p.Rho * p.F1 / (1 - p.F1); !(f2 > p.F1 && f2 < 1) {
			return fmt.Errorf("spine: Release.Rho = %g: F2 = ρF1/(1−F1) = %g must lie in (F1, 1) = (%g, 1)", p.Rho, f2, p.F1)
		}
		for _, c := range []struct {
			n, u string
			v    float64
		}{{"TauD", "ms", p.TauD}, {"KD", "", p.KD}, {"KMax", "1/ms", p.KMax}} {
			if err := pos(c.n, c.v, c.u); err != nil {
				return err
			}
		}
		if !(p.K0 >= 0 && p.K0 <= p.KMax) {
			return fmt.Errorf("spine: Release.K0 = %g 1/ms: must be in [0, KMax = %g]", p.K0, p.KMax)
		}
	case TsodyksMarkram:
		if !(p.U > 0 && p.U <= 1) {
			return fmt.Errorf("spine: Release.U = %g: must be in (0, 1]", p.U)
		}
		if err := pos("TauRec", p.TauRec, "ms"); err != nil {
			return err
		}
	default:
		return fmt.Errorf("spine: Release.Scheme = %d: unknown", int(p.Scheme))
	}
	return nil
}

// Fields lists the numeric parameters with units and sources.
func (p *Release) Fields() []units.Field {
	return []units.Field{
		{Name: "f1", Dim: units.Dimensionless, Value: &p.F1, Doc: "initial release probability F1; 0.24, Dittman et al. 2000 Table 2", Min: 0, Max: 1},
		{Name: "rho", Dim: units.Dimensionless, Value: &p.Rho, Doc: "facilitation ratio ρ; 2.2, Dittman et al. 2000 Table 2", Min: 0, Max: 100},
		{Name: "tau_f", Dim: units.Time, Value: &p.TauF, Doc: "CaXF (or TM ũ) decay; 100 ms, Dittman et al. 2000", Min: 0, Max: 100000},
		{Name: "tau_d", Dim: units.Time, Value: &p.TauD, Doc: "CaXD decay; 50 ms, Dittman et al. 2000", Min: 0, Max: 100000},
		{Name: "k0", Dim: units.Frequency, Value: &p.K0, Doc: "Ca-independent refilling rate; 2/s, Dittman et al. 2000", Min: 0, Max: 10},
		{Name: "kmax", Dim: units.Frequency, Value: &p.KMax, Doc: "maximal refilling rate; 30/s, Dittman et al. 2000", Min: 0, Max: 10},
		{Name: "kd", Dim: units.Dimensionless, Value: &p.KD, Doc: "CaXD affinity of refilling (units of ΔD); 2, Dittman et al. 2000", Min: 0, Max: 1000},
		{Name: "u", Dim: units.Dimensionless, Value: &p.U, Doc: "TM utilisation U; 0.5, GluSynapse Use0_TM", Min: 0, Max: 1},
		{Name: "tau_rec", Dim: units.Time, Value: &p.TauRec, Doc: "TM recovery; 100 ms, GluSynapse Dep_TM", Min: 0, Max: 100000},
		{Name: "k_retrieval", Dim: units.Frequency, Value: &p.KRetrieval, Doc: "dynamin-dependent release-site clearance; 1/ms, assumption (≫ kmax)", Min: 0, Max: 1000},
		{Name: "k_slow", Dim: units.Frequency, Value: &p.KSlow, Doc: "dynamin-independent clearance; 2/s, assumption (= Dittman k0)", Min: 0, Max: 10},
	}
}

// KF is the Dittman facilitation affinity derived from F1 and ρ (units of ΔF = 1).
func (p Release) KF() float64 {
	f2 := p.Rho * p.F1 / (1 - p.F1)
	return (1-p.F1)/(f2-p.F1) - 1
}

// Prob is the release probability of a ready site at a spike, given the
// facilitation state x (CaXF for Dittman, ũ for TM) just before it.
func (p Release) Prob(x float64) float64 {
	if p.Scheme == TsodyksMarkram {
		return p.U + x*(1-p.U)
	}
	if x <= 0 {
		return p.F1
	}
	return p.F1 + (1-p.F1)/(1+p.KF()/x)
}

// KRec is the refilling rate of an empty site [1/ms] at CaXD = caxd.
func (p Release) KRec(caxd float64) float64 {
	if p.Scheme == TsodyksMarkram {
		return 1 / p.TauRec
	}
	return p.K0 + (p.KMax-p.K0)*caxd/(caxd+p.KD)
}

// KClear is the clearance rate of an occupied site [1/ms] at retrieval level endoPre.
func (p Release) KClear(endoPre float64) float64 { return p.KRetrieval*endoPre + p.KSlow }

// Hazard is the integrated refilling rate ∫k_rec dt over an interval of
// length d [ms] that starts with CaXD = caxd:
//
//	Λ = k0·d + (kmax − k0)·τD·ln((caxd + KD)/(caxd·e^{−d/τD} + KD))
//
// (d/τD for Tsodyks–Markram).
func (p Release) Hazard(caxd, d float64) float64 {
	if p.Scheme == TsodyksMarkram {
		return d / p.TauRec
	}
	l := p.K0 * d
	if caxd > 0 {
		l += (p.KMax - p.K0) * p.TauD * math.Log((caxd+p.KD)/(caxd*math.Exp(-d/p.TauD)+p.KD))
	}
	return l
}

// Indices of the presynaptic state within its 4-slot block.
const (
	preX  = iota // CaXF (Dittman) or ũ (TM) [1]
	preXD        // CaXD [1] (Dittman; 0 for TM)
	preD         // ready fraction D [1]
	preC         // occupied fraction C [1]
	preN
)

// Rest writes the resting presynaptic state (all sites ready) into y[0:4].
func (p Release) Rest(y []float64) {
	y[preX], y[preXD], y[preD], y[preC] = 0, 0, 1, 0
}

// Deriv writes the between-spike derivatives of the presynaptic block y[0:4]
// into dy[0:4]. (A pointer receiver: the model's right-hand side calls it
// at every evaluation, and a copy of Release per call cost as much as its
// arithmetic.)
func (p *Release) Deriv(y, dy []float64, endoPre float64) {
	_, _ = y[preC], dy[preC] // one bounds check each
	x, xd, d, c := y[preX], y[preXD], y[preD], y[preC]
	dy[preX] = -x / p.TauF
	if p.Scheme == Dittman {
		dy[preXD] = -xd / p.TauD
	} else {
		dy[preXD] = 0
	}
	dy[preC] = -p.KClear(endoPre) * c
	dy[preD] = p.KRec(xd) * (1 - d - c)
}

// Sites holds the discrete state of stochastic release sites between spikes.
// The zero value is unused; make one with NewSites.
type Sites struct {
	state  []uint8 // siteReady, siteOccupied, siteEmpty
	last   float64 // time of the previous spike [ms]
	caxd   float64 // CaXD just after the previous spike
	primed bool    // a spike has happened
}

const (
	siteReady uint8 = iota
	siteOccupied
	siteEmpty
)

// NewSites returns n ready sites.
func NewSites(n int) *Sites { return &Sites{state: make([]uint8, n)} }

// Ready returns the number of ready sites (as of the last spike).
func (s *Sites) Ready() int {
	k := 0
	for _, st := range s.state {
		if st == siteReady {
			k++
		}
	}
	return k
}

// Spike applies a presynaptic spike at time t to the presynaptic block y[0:4]
// (continuous state at t) and returns the released fraction r ∈ [0, 1]. In
// stochastic mode s and rng are used (a nil rng panics, as misuse); in
// deterministic mode s may be nil. endoPre is the retrieval level in force
// since the previous spike.
func (p Release) Spike(t float64, y []float64, s *Sites, endoPre float64, rng *rand.Rand) float64 {
	prob := p.Prob(y[preX])
	var r float64
	if p.Stochastic {
		if rng == nil {
			panic("spine: Release.Spike: stochastic release needs a *rand.Rand")
		}
		if s.primed {
			s.recover(p, t, endoPre, rng)
		}
		k := 0
		for i, st := range s.state {
			if st == siteReady && rng.Float64() < prob {
				s.state[i] = siteOccupied
				k++
			}
		}
		r = float64(k) / float64(len(s.state))
	} else {
		r = prob * y[preD]
	}
	// The deterministic block is the mean field in both modes.
	dr := prob * y[preD]
	y[preD] -= dr
	y[preC] += dr
	if p.Scheme == TsodyksMarkram {
		y[preX] = prob
	} else {
		y[preX]++
		y[preXD]++
	}
	if s != nil {
		s.last, s.caxd, s.primed = t, y[preXD], true
	}
	return r
}

// recover samples, exactly, the fate of every non-ready site between the
// previous spike and t.
func (s *Sites) recover(p Release, t, endoPre float64, rng *rand.Rand) {
	d := t - s.last
	kc := p.KClear(endoPre)
	for i, st := range s.state {
		switch st {
		case siteEmpty:
			if rng.Float64() < -math.Expm1(-p.Hazard(s.caxd, d)) {
				s.state[i] = siteReady
			}
		case siteOccupied:
			if kc <= 0 {
				continue
			}
			tc := rng.ExpFloat64() / kc
			if tc >= d {
				continue
			}
			xd := s.caxd * math.Exp(-tc/p.TauD)
			if p.Scheme == TsodyksMarkram {
				xd = 0
			}
			if rng.Float64() < -math.Expm1(-p.Hazard(xd, d-tc)) {
				s.state[i] = siteReady
			} else {
				s.state[i] = siteEmpty
			}
		}
	}
}

// Train runs the presynaptic terminal alone through spikes at the sorted
// times (ms) and returns the released fraction at each. Between spikes the
// deterministic block is integrated by DOPRI5 (RelTol 1e-10, AbsTol 1e-12).
// It is the reference path for short-term plasticity tests and protocols
// that need no postsynaptic cell.
func (p Release) Train(times []float64, endo Endocytosis, rng *rand.Rand) ([]float64, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := endo.Validate(); err != nil {
		return nil, err
	}
	y := make([]float64, preN)
	p.Rest(y)
	var s *Sites
	if p.Stochastic {
		s = NewSites(p.Sites)
	}
	sol := ode.NewDOPRI5(preN, ode.Settings{RelTol: 1e-10, AbsTol: 1e-12})
	f := func(_ float64, y, dy []float64) { p.Deriv(y, dy, endo.Pre) }
	out := make([]float64, len(times))
	t := 0.0
	if len(times) > 0 {
		t = times[0]
	}
	for i, ts := range times {
		if ts < t {
			return nil, fmt.Errorf("spine: Release.Train: times[%d] = %g ms is before %g ms: times must be sorted", i, ts, t)
		}
		if ts > t {
			if err := sol.Integrate(f, t, ts, y, nil, nil); err != nil {
				var oe *ode.Error
				if errors.As(err, &oe) && oe.Index >= 0 && oe.Index < preN {
					return nil, fmt.Errorf("spine: Release.Train: %s in %s at t = %g ms: %w", oe.Reason, names[IPreXF+oe.Index], oe.T, err)
				}
				return nil, fmt.Errorf("spine: Release.Train: %w", err)
			}
			t = ts
		}
		out[i] = p.Spike(t, y, s, endo.Pre, rng)
		sol.Reset()
	}
	return out, nil
}
