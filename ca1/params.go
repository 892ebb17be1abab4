package ca1

import (
	"fmt"
	"math"
	"runtime"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/spine"
	"github.com/synlab/synlab/units"
)

// Params is the complete parameter set of a population.
type Params struct {
	// The cell and the synaptic mechanisms of package spine. Cell gives the
	// soma and dendrite (its head and neck fields are ignored: each synapse
	// has its own, from Synapses); AMPA and NMDA give kinetics, reversal,
	// Mg²⁺ block and tonic agonist (their N·γ and G are per synapse, from
	// Synapses, times Drugs); Ca.CaO and NMDA.Mg are the bath, which also
	// sets release (Release.Bath).
	Cell    spine.Geometry
	HH      spine.HH
	Stim    spine.Stim
	Celsius float64 // [°C]; 6.3, NEURON default (spine.Default)
	AMPA    spine.AMPA
	NMDA    spine.NMDA
	VGCC    spine.VGCC
	Ca      spine.Calcium
	BAPTA   spine.Buffer
	EGTA    spine.Buffer

	// ADP is the somatic spike after-current that makes the CA1
	// after-depolarisation (adp.go); G = 0 is off.
	ADP ADP

	// SAHP is the somatic slow after-hyperpolarisation (sahp.go); G = 0
	// is off.
	SAHP SAHP

	// FFInh is the feedforward GABA_A inhibition of each stimulus
	// (ffinh.go); G = 0 is off.
	FFInh FFInh

	// NaSlow is the slow inactivation of the soma's Na⁺ conductance
	// (naslow.go); A2 = 1 is off.
	NaSlow NaSlow

	// Screen is the surface-charge shift of the soma's gates with [Ca²⁺]o
	// (screen.go); 0 at 2 mM.
	Screen Screen
	// TLTD is presynaptic timing-dependent LTD (tltd.go).
	TLTD TLTD

	// TreeFactor scales the lumped dendrite's membrane area (capacitance
	// and leak; not its axial resistance) [1]; 1 = the spine tier's cell.
	TreeFactor float64

	Release  Release
	Synapses Synapses
	Drugs    Drugs
	Endo     spine.Endocytosis // shared clathrin/dynamin machinery: Pre gates vesicle retrieval, Post the cascade's regulated endocytosis

	// Recruited is the number of Schaffer-collateral synapses on this cell
	// that the stimulus recruits [1]: the stimulus strength. Each modelled
	// synapse stands for Recruited × its share. 6 [A]: with this reduced
	// cell (no dendritic filtering, one synapse gives ≈ 0.5 mV at the soma,
	// docs/spine-model.md §1.3) the baseline test EPSP is then ≈ 3.0 mV, a
	// few mV as whole-cell test pulses in CA1 slices (TestDefaultNUnitary;
	// the readout probe, Na⁺ conductance off, reads 2.6 mV: TestTestEPSP).
	Recruited float64

	// Mode. Stochastic: N synapses drawn from Synapses (Latin hypercube),
	// one-site release with the caller's rng. Deterministic: KV × KR strata
	// (classes) of the distributions, each split at every presynaptic spike
	// into a release and a failure branch weighted by its mean-field
	// release probability and merged (weighted mean of all states) at the
	// next (docs/population-model.md §4).
	Stochastic    bool
	N             int // modelled synapses in the stochastic mode, and the real synapses the deterministic mode stands for (its release branches' own-release excess, 1 − (Recruited/N)·q: cable.go); DefaultN
	Replicas      int // stochastic mode: if > 0, the synapses are the KV × KR deterministic classes, each Replicas times (stochastic release on the deterministic mode's synapses, N unused); 0
	SlowParticles int // deterministic: particles kept at a stimulus more than FastInterval after the previous one (kTarget, branch.go); 0 = Particles (the tier sets AutoSlowParticles)
	Particles     int // deterministic: particles per class, each split into a release and a failure branch at every stimulus and merged back by similarity (docs §4); 1 (the tier chooses AutoParticles for its protocol)
	KV, KR        int // strata in ln V and ln R_neck (deterministic); 6, 2: the strength after a 60-pulse LFS train is within 0.1% of 16 × 3 strata and the population's PPR at 20 ms within 3% (TestQuadratureConvergence, CA1_LONG=1); a case that whole strata switching decides errs by up to several points at 6 × 2 (B16 +29.0% against +31.8% at 16 × 4 and +32.8 ± 0.5% stochastic; docs/ca1-decoder.md §33)

	// CascadeSSA (stochastic mode only) makes every synapse's cascade the
	// exact stochastic one (cascade.NewStochastic: integer copy numbers in
	// its head volume), each with its own random source drawn from New's
	// rng; about 10× the deterministic cascade's cost (package cascade).
	CascadeSSA bool

	Cascade cascade.Params // every synapse's cascade (its CaRest is set to Ca.Rest and its Volume to the synapse's head volume)

	// Numerics.
	RelTol, AbsTol float64 // cable tolerances; 1e-4 and 1e-6 (mV, µM, 1), as the mechanistic tier's spine (experiment.mechSpineRelTol)
	CascadeRelTol  float64 // cascade relative tolerance; 1e-3: with CA1Quantal the 90 min LFS and HFS strengths agree with 1e-4 and 1e-5 to 5 digits (docs/ca1-decoder.md §7) at 0.57× the steps of 1e-4; 0 = cascade.DefaultRelTol
	Couple         float64 // longest stretch [ms] with fixed AMPA counts before the cascades catch up, while AMPA receptors conduct (a quiet stretch runs to the next event, couple.go); 1000, as the mechanistic tier
	Workers        int     // goroutines for the cascades; 0 = GOMAXPROCS
}

// Drugs are the pharmacological knobs that act on the cable (the cascade's
// are in Cascade: CaMKIIScale, CaNScale, PP1Scale, PKAScale, Ligand; buffers
// in BAPTA, EGTA; L-type block in VGCC.SL; dynamin in Endo).
type Drugs struct {
	AMPA float64 // unblocked AMPA fraction [1]; 1 (CNQX/NBQX lower it)
	NMDA float64 // unblocked NMDA fraction [1]; 1 (APV lowers it)
}

// DefaultN is the default number of modelled synapses in the stochastic
// mode: one modelled synapse per real one. The test EPSP (3.0 mV at the
// soma) at the mean release probability of a test pulse (0.157) is then
// made of ≈ 16 releases of 0.19 mV, as a CA1 cell's test EPSP is made of
// unitary somatic EPSPs of ≈ 0.2 mV (Magee & Cook 2000 [M];
// TestDefaultNUnitary), so the release fluctuations of the test response
// are a real cell's. Fewer synapses overstate them: with 20, chance
// coincident releases fire this cell during LFS (10 and 4 spikes in 100
// pulses at 1 Hz, seeds 1, 2; TestStochasticLFSQuiet), and each spike is a
// pre→post coincidence for the synapses that released
// (docs/population-model.md §5).
const DefaultN = 100

// Default returns the population of docs/population-model.md: the cell and
// mechanisms of spine.Default(), the distributions of DefaultSynapses, the
// release of DefaultRelease and the cascade of cascade.CA1Quantal() (explicit
// calmodulin, docs/ca1-decoder.md), in the deterministic mode.
func Default() Params {
	sp := spine.Default()
	return Params{
		Cell: sp.Geom, HH: sp.HH, Stim: sp.Stim, Celsius: sp.Celsius,
		AMPA: sp.AMPA, NMDA: sp.NMDA, VGCC: sp.VGCC, Ca: sp.Ca, BAPTA: sp.BAPTA, EGTA: sp.EGTA,
		Release: DefaultRelease(), Synapses: DefaultSynapses(), Drugs: Drugs{AMPA: 1, NMDA: 1},
		Endo: spine.IntactEndocytosis(), Recruited: 6, N: DefaultN, Particles: 1, KV: 6, KR: 2,
		ADP: DefaultADP(), SAHP: DefaultSAHP(), FFInh: DefaultFFInh(), NaSlow: DefaultNaSlow(), Screen: DefaultScreen(), TLTD: DefaultTLTD(),
		Cascade: cascade.CA1Quantal(), CascadeRelTol: 1e-3, TreeFactor: 1, RelTol: 1e-4, AbsTol: 1e-6, Couple: 1000,
	}
}

// SetBath sets [Ca²⁺]o and [Mg²⁺]o [µM] wherever they act: NMDA Ca²⁺
// fraction, VGCC reversal, Mg²⁺ block and release.
func (p *Params) SetBath(ca, mg float64) { p.Ca.CaO, p.NMDA.Mg = ca, mg }

// Validate checks every part.
func (p Params) Validate() error {
	sp := spine.Default()
	sp.Geom, sp.HH, sp.Stim, sp.Celsius = p.Cell, p.HH, p.Stim, p.Celsius
	sp.AMPA, sp.NMDA, sp.VGCC, sp.Ca, sp.BAPTA, sp.EGTA = p.AMPA, p.NMDA, p.VGCC, p.Ca, p.BAPTA, p.EGTA
	if err := sp.Validate(); err != nil {
		return fmt.Errorf("ca1: %w", err)
	}
	for _, err := range []error{p.Release.Validate(), p.Synapses.Validate(), p.Endo.Validate(), p.ADP.Validate(), p.SAHP.Validate(), p.FFInh.Validate(), p.NaSlow.Validate(), p.Screen.Validate(), p.TLTD.Validate(), p.Cascade.Validate()} {
		if err != nil {
			return err
		}
	}
	if !(p.Drugs.AMPA >= 0 && p.Drugs.AMPA <= 1) || !(p.Drugs.NMDA >= 0 && p.Drugs.NMDA <= 1) {
		return fmt.Errorf("ca1: Drugs = %+v: fractions must be in [0, 1]", p.Drugs)
	}
	if !(p.TreeFactor > 0) || math.IsInf(p.TreeFactor, 0) {
		return fmt.Errorf("ca1: Params.TreeFactor = %g: must be > 0 and finite", p.TreeFactor)
	}
	if !(p.Recruited > 0) || math.IsInf(p.Recruited, 0) {
		return fmt.Errorf("ca1: Params.Recruited = %g: must be > 0 and finite", p.Recruited)
	}
	if p.Particles < 0 || p.Particles > 64 {
		return fmt.Errorf("ca1: Params.Particles = %d: must be in 0..64 (0 = 1)", p.Particles)
	}
	if k := max(p.Particles, 1); p.SlowParticles < 0 || p.SlowParticles > k {
		return fmt.Errorf("ca1: Params.SlowParticles = %d: must be in 0..%d (the particles per class; 0 = all of them)", p.SlowParticles, k)
	}
	if p.CascadeSSA && !p.Stochastic {
		return fmt.Errorf("ca1: Params.CascadeSSA needs the stochastic mode (the deterministic mode merges cascade states)")
	}
	if p.Replicas < 0 {
		return fmt.Errorf("ca1: Params.Replicas = %d: must be >= 0", p.Replicas)
	}
	if p.N < 1 {
		return fmt.Errorf("ca1: Params.N = %d: must be >= 1 (the deterministic mode stands for N real synapses too: its own-release excess)", p.N)
	}
	if (!p.Stochastic || p.Replicas > 0) && (p.KV < 1 || p.KR < 1 || p.KV > 20 || p.KR > 20) {
		return fmt.Errorf("ca1: Params.KV, KR = %d, %d: must be in 1..20", p.KV, p.KR)
	}
	if !(p.RelTol > 0 && p.RelTol < 1) || !(p.AbsTol > 0) {
		return fmt.Errorf("ca1: Params.RelTol, AbsTol = %g, %g: must be in (0, 1) and > 0", p.RelTol, p.AbsTol)
	}
	if !(p.CascadeRelTol >= 0 && p.CascadeRelTol < 1) {
		return fmt.Errorf("ca1: Params.CascadeRelTol = %g: must be in [0, 1)", p.CascadeRelTol)
	}
	if !(p.Couple > 0) || math.IsInf(p.Couple, 0) {
		return fmt.Errorf("ca1: Params.Couple = %g ms: must be > 0 and finite", p.Couple)
	}
	if p.Workers < 0 {
		return fmt.Errorf("ca1: Params.Workers = %d: must be >= 0", p.Workers)
	}
	return nil
}

// Fields lists every numeric parameter with unit and source: the
// population's own (release, distributions, stimulus, drugs, numerics),
// the spine mechanisms' (package spine's Fields, without the per-synapse
// quantities the distributions replace: head and neck geometry, AMPA N and
// γ, NMDA G), the added buffers and endocytosis levels, and every
// synapse's cascade under "cascade." (without its resting Ca²⁺ and volume,
// which are the spine's). Names are unique (TestFieldsUnique).
func (p *Params) Fields() []units.Field {
	f := append(p.Release.Fields(), p.Synapses.Fields()...)
	f = append(f,
		units.Field{Name: "recruited", Dim: units.Dimensionless, Value: &p.Recruited, Doc: "synapses recruited by the stimulus (stimulus strength); 6, gives a baseline EPSP of about 3.0 mV with spiking intact (TestDefaultNUnitary; the readout probe, with the soma's Na+ conductance off, reads 2.6 mV)"},
		units.Field{Name: "tree_factor", Dim: units.Dimensionless, Value: &p.TreeFactor, Doc: "dendrite membrane area factor; 1 (the spine tier's cell)"},
		units.Field{Name: "drug_ampa", Dim: units.Dimensionless, Value: &p.Drugs.AMPA, Doc: "unblocked AMPA fraction; 1"},
		units.Field{Name: "drug_nmda", Dim: units.Dimensionless, Value: &p.Drugs.NMDA, Doc: "unblocked NMDA fraction; 1"},
		units.Field{Name: "bapta", Dim: units.Concentration, Value: &p.BAPTA.Total, Doc: "added BAPTA; 0 (kon 4e8 /M/s, Kd 0.2 uM, Naraghi & Neher 1997 [M])"},
		units.Field{Name: "egta", Dim: units.Concentration, Value: &p.EGTA.Total, Doc: "added EGTA; 0 (kon 1.05e7 /M/s, Kd 0.07 uM, Naraghi & Neher 1997 [M])"},
		units.Field{Name: "endo_pre", Dim: units.Dimensionless, Value: &p.Endo.Pre, Doc: "presynaptic clathrin/dynamin level (vesicle retrieval); 1 = intact"},
		units.Field{Name: "endo_post", Dim: units.Dimensionless, Value: &p.Endo.Post, Doc: "postsynaptic clathrin/dynamin level (regulated AMPAR endocytosis); 1 = intact"},
		units.Field{Name: "rtol", Dim: units.Dimensionless, Value: &p.RelTol, Doc: "cable relative tolerance; 1e-4 (TestConvergence)"},
		units.Field{Name: "couple", Dim: units.Time, Value: &p.Couple, Doc: "longest stretch with fixed AMPA counts while AMPA receptors conduct (a quiet stretch runs to the next event); 1 s (TestConvergence)"},
	)
	f = append(f, p.ADP.Fields()...)
	f = append(f, p.SAHP.Fields()...)
	f = append(f, p.FFInh.Fields()...)
	f = append(f, p.NaSlow.Fields()...)
	f = append(f, p.Screen.Fields()...)
	f = append(f, p.TLTD.Fields()...)
	skip := map[string]bool{"head_volume": true, "neck_length": true, "neck_diam": true, "ampa_n": true, "ampa_gamma": true, "nmda_g": true}
	for _, g := range [][]units.Field{p.Cell.Fields(), p.HH.Fields(), p.Stim.Fields(), p.AMPA.Fields(), p.NMDA.Fields(), p.VGCC.Fields(), p.Ca.Fields()} {
		for _, x := range g {
			if !skip[x.Name] {
				f = append(f, x)
			}
		}
	}
	f = append(f, units.Field{Name: "celsius", Dim: units.Dimensionless, Value: &p.Celsius, Doc: "temperature [degC]; 6.3, NEURON default (hh q10 = 1)"})
	for _, x := range p.Cascade.Fields() {
		if x.Name == "ca_rest" || x.Name == "volume" {
			continue
		}
		x.Name = "cascade." + x.Name
		f = append(f, x)
	}
	return f
}

func (p Params) workers() int {
	if p.Workers > 0 {
		return p.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// FastInterval is the shortest interval between presynaptic stimuli [ms]
// at which one particle per class still represents the deterministic
// mode's release and failure branches: at 20 ms and below (50 Hz and
// faster, the 100 Hz bursts of theta bursts, paired pulses at 20 ms) the
// merge of the two branches into their mean loses the spread of states
// that decides which spines switch. Measured on the default 6 × 2 strata
// (change 55–60 min after, the present cascade; CA1_PARTICLES=K
// CA1_ROWS=B5,B7,B8 go test ./ca1 -run TestRows): HFS (100 Hz × 1 s)
// +36.2% with one particle, +41.4% with two, +37.9% with three and with
// four (the stochastic mean +37.6 ± 0.7%); 900 pulses at 50 Hz +35.6 /
// +36.4 / +36.8% with two / three / four; TBS × 1 / × 4 / × 8 +27.1 / +30.3
// / +31.3% with two, +28.4 / +33.2 / +31.7% with three, +28.5 / +33.1 /
// +31.6% with four. Three particles are converged in their own dimension
// to 0.4 point; two are not (docs/population-model.md §4). Round 12 found
// that "converged" was an artefact of the merge's distance at 100 Hz (see
// BurstInterval); at 50 Hz three stay, with about 1 point of merge error.
const FastInterval = 20.0

// BurstInterval is the interval between presynaptic stimuli [ms] at and
// below which (100 Hz: HFS, the bursts of theta bursts) the particles per
// class must resolve which branches a coincidence has switched. With the
// merge over the whole cascade state and the branches' site memory (round
// 12, docs/ca1-decoder.md §31; CA1_PARTICLES=K CA1_ROWS=B7,B5 go test
// ./ca1 -run TestRows), HFS × 1 gives +39.5 / +39.6 / +39.1% with 16 / 24
// / 32 particles throughout (the round-12 distance as first declared:
// +41.2 / +39.9 / +40.2 / +38.6 / +38.6 / +39.0% with 3 / 8 / 12 / 16 /
// 24 / 32): sixteen are converged to about 0.5 point. 900 pulses at 50 Hz
// (20 ms) give +35.2 / +35.6 / +35.7 / +36.2% with 3 / 6 / 8 / 16 (the
// distance as first declared; +35.3% with three at the final one): three
// carry about 1 point of merge error there, kept because sixteen would
// make that point of the Dudek & Bear curve cost 41 s instead of 7 (its
// target is 30 s for the curve).
const BurstInterval = 10.0

// AutoParticles returns the particles per class for a protocol whose
// shortest interval between presynaptic stimuli is minInterval [ms]
// (+Inf: at most one stimulus): 16 at or below BurstInterval, 3 at or
// below FastInterval, else 1.
func AutoParticles(minInterval float64) int {
	switch {
	case minInterval <= BurstInterval:
		return 16
	case minInterval <= FastInterval:
		return 3
	}
	return 1
}

// AutoSlowParticles is SlowParticles for a protocol whose shortest
// interval between presynaptic stimuli is minInterval [ms]: 3 where
// AutoParticles gives 16 (between bursts and trains, and for the test
// pulses after them, three particles keep the switched branches apart),
// else 0 (every stimulus keeps them all).
func AutoSlowParticles(minInterval float64) int {
	if minInterval <= BurstInterval {
		return 3
	}
	return 0
}
