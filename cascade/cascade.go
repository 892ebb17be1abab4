package cascade

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/ode"
	"github.com/synlab/synlab/units"
)

// Solver settings. The step control must see each Ca²⁺ transient: Advance
// restarts it at every call with a first step of H0, so callers split
// intervals at pulse onsets (AdvanceTrain does this).
const (
	// DefaultRelTol is the per-component relative tolerance of Rodas4 unless
	// Cascade.RelTol says otherwise. On the mechanistic tier's 90 min LFS
	// experiment it changes the result by < 1e-3 percentage points against
	// 1e-6 (experiment.TestMechToleranceConvergence) at 0.6× the steps of 1e-5.
	DefaultRelTol = 1e-4
	// absPerRel is the absolute tolerance [µM or count] per unit of the
	// relative one (1e-7 at the default): far below any enzyme level of
	// interest (nM) and any receptor count.
	absPerRel = 1e-3
	h0        = 0.05 // first step of every Advance [ms], below a 1–2 ms Ca²⁺ rise

	// restSpan is how long New integrates at resting Ca²⁺ to reach the
	// resting steady state: 60 days, over 1000 of the slowest time
	// constants (degradation, 1 h).
	restSpan = 60 * units.Day
)

// Cascade is one spine's cascade: parameters, state at time T, and its own
// solver (not safe for concurrent use).
type Cascade struct {
	T      float64 // current time [ms]
	HMax   float64 // largest solver step (stochastic mode: Ca²⁺ cell) [ms]; 0 = no limit
	RelTol float64 // relative tolerance of the deterministic solver; 0 = DefaultRelTol (absolute: 1e-3·RelTol)

	p       Params
	y       []float64
	view    []float64 // state shown by Read during an observer call
	rng     *rand.Rand
	sol     *ode.Rodas4
	solHMax float64
	solTol  float64
	ca      func(t float64) float64
	nano    func(t float64) float64 // nanodomain signal [mV] (nano.go); nil = 0
	f       ode.Func
	jac     ode.JacFunc
	pattern func(i, j int) bool // structural nonzeros of J (pattern.go)

	// Stochastic mode (stochastic.go); unused in the deterministic mode.
	mode   Mode
	omega  float64         // Ω = N_A·V, copies per µM
	n      []int64         // copy numbers; y mirrors them (enzymes n/Ω, receptors n)
	a      [nReact]float64 // propensities [1/ms]
	events int             // reactions fired
}

// New returns a deterministic cascade at its resting steady state at
// p.CaRest, at T = 0. rng is not used (may be nil); NewStochastic makes a
// stochastic one.
func New(p Params, rng *rand.Rand) (*Cascade, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	c := &Cascade{p: p, y: make([]float64, NState), rng: rng}
	c.f = func(t float64, y, dy []float64) { c.p.DerivAt(t, y, dy, c.ca(t), c.nanoAt(t)) }
	c.jac = c.jacobian
	c.sol = c.newSolver(0)
	c.y = p.restGuess()
	rest := p.CaRest
	c.ca = func(float64) float64 { return rest }
	if err := c.sol.Integrate(c.f, 0, restSpan, c.y, nil, nil); err != nil {
		return nil, fmt.Errorf("cascade: resting state: %w", err)
	}
	c.y[Degraded], c.y[Synthesised], c.y[Endocytosed], c.y[Exocytosed] = 0, 0, 0, 0
	return c, nil
}

// restGuess is a starting point for the resting state: everything
// dephosphorylated and inactive, receptors split between trap, surface and
// endosome.
func (p Params) restGuess() []float64 {
	y := make([]float64, NState)
	y[CaMKIIU] = p.CaMKII.Total
	y[CaNI] = p.CaN.Total
	y[PKAI] = p.PKA.Total
	y[I1D] = p.I1.Total
	y[PP1F] = p.PP1.Total
	y[T10] = p.Traffic.Slots / 2
	y[M10] = p.Traffic.Slots / 4
	y[IntP] = p.Traffic.Slots / 2
	y[CkF] = p.PSD.Sites
	y[TarpP] = p.TARP.Labile * p.Traffic.Slots
	if p.CaM.explicit() {
		y[CaMFree] = p.CaM.Total
		y[CkNoCaM] = p.CaMKII.Total
	}
	return y
}

// Params returns the parameters.
func (c *Cascade) Params() Params { return c.p }

// SetParams replaces the parameters (e.g. a drug applied mid-run). The state
// is kept. In the stochastic mode the volume cannot change, since it fixes
// the copy numbers.
func (c *Cascade) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if c.mode == Stochastic && p.Volume != c.p.Volume {
		return fmt.Errorf("cascade: SetParams: volume = %g fL: cannot change from %g fL in the stochastic mode", p.Volume, c.p.Volume)
	}
	c.p = p
	return nil
}

// Advance integrates from c.T to c.T + dt with Ca²⁺ ca(t) [µM] at absolute
// time t [ms]. obs, if not nil, is called at each time in ts within
// (c.T, c.T+dt]; during the call Read, Surface and Totals report the state
// at that time. The step control restarts at c.T with a 0.05 ms step, so
// split intervals at Ca²⁺ pulse onsets (see AdvanceTrain) or set HMax. In
// the stochastic mode the same holds for the Ca²⁺ cells (see NewStochastic).
func (c *Cascade) Advance(dt float64, ca func(t float64) float64, ts []float64, obs func(t float64)) error {
	return c.advance(dt, ca, ts, obs, true)
}

// Continue is Advance for a drive that continues the previous call's
// smoothly (no new transient at c.T): the step size is kept from the last
// call instead of restarting at 0.05 ms. In the stochastic mode it is
// Advance.
func (c *Cascade) Continue(dt float64, ca func(t float64) float64, ts []float64, obs func(t float64)) error {
	return c.advance(dt, ca, ts, obs, false)
}

func (c *Cascade) advance(dt float64, ca func(t float64) float64, ts []float64, obs func(t float64), restart bool) error {
	if !(dt >= 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("cascade: Advance: dt = %g ms: must be finite and >= 0", dt)
	}
	if ca == nil {
		return errors.New("cascade: Advance: ca is nil")
	}
	if c.mode == Stochastic {
		return c.advanceSSA(dt, ca, ts, obs)
	}
	c.ca = ca
	if c.HMax != c.solHMax || c.RelTol != c.solTol {
		if !(c.RelTol >= 0 && c.RelTol < 1) {
			return fmt.Errorf("cascade: RelTol = %g: must be in [0, 1) (0 = default %g)", c.RelTol, DefaultRelTol)
		}
		c.sol, c.solHMax, c.solTol = c.newSolver(c.HMax), c.HMax, c.RelTol
	}
	if restart {
		c.sol.Reset() // first step H0: the step control meets the transient afresh
	}
	var o ode.Observer
	if obs != nil {
		o = func(t float64, y []float64) { c.view = y; obs(t); c.view = nil }
	}
	err := c.sol.Integrate(c.f, c.T, c.T+dt, c.y, ts, o)
	if err == nil {
		c.T += dt
	}
	return err
}

// newSolver returns a Rodas4 with the tolerance c.RelTol (or the default),
// first step h0 and largest step hmax (0 = none).
func (c *Cascade) newSolver(hmax float64) *ode.Rodas4 {
	rel := c.RelTol
	if rel == 0 {
		rel = DefaultRelTol
	}
	s := ode.NewRodas4(NState, ode.Settings{RelTol: rel, AbsTol: absPerRel * rel, H0: h0, HMax: hmax}, c.jac)
	if c.pattern == nil {
		c.pattern = c.jacPattern()
	}
	s.SetPattern(c.pattern) // J has ~110 structural nonzeros of 529 (pattern.go)
	return s
}

// SetNano sets the nanodomain drive s(t) [mV] at absolute time t [ms]
// for the following Advance and Continue calls (nano.go: the Ca²⁺ current
// per channel that CaMKII at the GluN2B tail sees); nil = 0. It acts only
// where Params.Nano.Bind > 0.
func (c *Cascade) SetNano(s func(t float64) float64) { c.nano = s }

// nanoAt is the nanodomain drive at t (0 without one).
func (c *Cascade) nanoAt(t float64) float64 {
	if c.nano == nil || c.p.Nano.Bind == 0 {
		return 0
	}
	return c.nano(t)
}

// Steps returns the accepted solver steps so far; in the stochastic mode,
// the reactions fired so far.
func (c *Cascade) Steps() int {
	if c.mode == Stochastic {
		return c.events
	}
	return c.sol.Steps
}

// state is the state Read reports.
func (c *Cascade) state() []float64 {
	if c.view != nil {
		return c.view
	}
	return c.y
}

// Read copies the state (index order, see Names) into dst and returns it;
// dst is grown if short.
func (c *Cascade) Read(dst []float64) []float64 {
	if len(dst) < NState {
		dst = make([]float64, NState)
	}
	copy(dst, c.state())
	return dst[:NState]
}

// Set overwrites the state (e.g. to start from the UP state). len(y) must be
// NState. In the stochastic mode each entry is rounded to the nearest copy
// number (enzymes: y·Ω) and must not be negative.
func (c *Cascade) Set(y []float64) error {
	if len(y) != NState {
		return fmt.Errorf("cascade: Set: len(y) = %d: want %d", len(y), NState)
	}
	if c.mode == Stochastic {
		return c.setCopies(y)
	}
	copy(c.y, y)
	return nil
}

// Surface is the PSD-trapped AMPAR count, the quantity that sets the EPSP.
func (c *Cascade) Surface() float64 { return Trapped(c.state()) }

// Trapped is the PSD-trapped receptor count of state y.
func Trapped(y []float64) float64 { return y[T00] + y[T10] + y[T01] + y[T11] }

// OnSurface is the count of all surface receptors of state y, PSD-trapped
// plus non-trapped: what surface biotinylation or antibody feeding
// measures (chem-LTD, M2).
func OnSurface(y []float64) float64 {
	s := 0.0
	for i := T00; i <= M11; i++ {
		s += y[i]
	}
	return s
}

// Totals are the conserved totals of a state.
type Totals struct {
	CaMKII, CaN, PKA, I1, PP1 float64 // [µM]
	// Receptors is present + degraded − synthesised [count]: constant
	// in every setting.
	Receptors float64
	Sites     float64 // GluN2B sites for CaMKII, bound + free [count]
	Tarp      float64 // labile TARP slots, phosphorylated + not [count] (0 but in CA1Quantal)
	CaM       float64 // calmodulin: free + on CaMKII + on calcineurin [µM] (explicit CaM; 0 otherwise)
	CkCaM     float64 // CaMKII subunits with + without CaM [µM] (explicit CaM; 0 otherwise)
}

// Totals returns the conserved totals of the current state.
func (c *Cascade) Totals() Totals { return TotalsOf(c.state()) }

// TotalsOf returns the conserved totals of state y.
func TotalsOf(y []float64) Totals {
	r := y[Degraded] - y[Synthesised]
	for i := T00; i <= Late; i++ {
		r += y[i]
	}
	return Totals{
		CaMKII:    y[CaMKIIU] + y[CaMKIIP],
		CaN:       y[CaNI] + y[CaNA],
		PKA:       y[PKAI] + y[PKAA],
		I1:        y[I1D] + y[I1P] + y[PP1I],
		PP1:       y[PP1F] + y[PP1I],
		Receptors: r,
		Sites:     y[CkB] + y[CkF] + y[CkN],
		Tarp:      y[TarpP] + y[TarpD],
		CaM:       y[CaMFree] + y[CaMC] + y[CkCaM] + y[CaNCaM],
		CkCaM:     y[CkCaM] + y[CkNoCaM],
	}
}
