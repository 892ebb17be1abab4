package cascade

// The stochastic mode: the method is documented at NewStochastic.

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Mode is how a Cascade moves its state.
type Mode uint8

const (
	Deterministic Mode = iota // concentrations, Rodas4 on dy = S·v (New)
	Stochastic                // integer copy numbers, exact SSA (NewStochastic)
)

func (m Mode) String() string {
	switch m {
	case Deterministic:
		return "deterministic"
	case Stochastic:
		return "stochastic"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// avogadro is N_A [1/mol], exact in the SI since 2019.
const avogadro = 6.02214076e23

// copiesPerMicroMolarFemtoliter is N_A·1e-6 mol/L·1e-15 L: 1 µM in 1 fL.
const copiesPerMicroMolarFemtoliter = avogadro * 1e-21

// SSA cell control.
const (
	// caTol bounds the relative midpoint-rule error of every coefficient's
	// integral over a cell: a bias of 0.1% in the Ca²⁺-driven activation,
	// far below the copy-number noise (1/√52 ≈ 14% for 1 µM).
	caTol = 1e-3
	// cellGrow is the largest growth of h from one cell to the next.
	cellGrow = 2
	// cellMin is the shortest cell [ms]; a cell this short is accepted
	// whatever its error estimate (it only arises if Ca(t) jumps).
	cellMin = 1e-6
)

// NewStochastic returns a cascade in the stochastic mode at T = 0: every
// species an integer copy number per spine, moved one reaction at a time
// through the same reaction list and flux functions as the deterministic
// mode, by Gillespie's direct method (Gillespie 1977, J Phys Chem
// 81:2340). All randomness comes from rng (required): the same generator
// state gives the same trajectory, bit for bit. Read, Surface and Totals
// report enzymes in µM (n/Ω) and receptors as counts, as in the
// deterministic mode; Copies reports the copy numbers themselves.
//
// Copy numbers. Enzymes convert with the reaction volume V = Params.Volume:
//
//	Ω = N_A·V·1e-21 copies per µM (V in fL) = 52.39 at 0.087 fL
//
// Propensities. The fluxes are evaluated at y = n/Ω for enzymes and y = n
// for receptors. A flux in µM/ms (every reaction among enzymes) becomes the
// propensity a = Ω·v [events/ms]; receptor fluxes are already counts/ms,
// with enzyme factors entering as n_E/Ω. So first-order a = k·n; PP1 + I-1P
// (two distinct species) a = (KBind/Ω)·n_PP1·n_I1P; an enzyme acting on a
// receptor a = k·(n_E/Ω)·n_R; and the Michaelis–Menten CaMKII
// dephosphorylation a = KCat·n_PP1·n_Kp/(KM·Ω + n_Kp), the usual
// stochastic use of a quasi-steady-state rate law. Every flux carries its
// source count as a factor and every coefficient is ≥ 0, so a reaction
// fires only if its sources are ≥ 1: no count goes negative and every
// total of TotalsOf is conserved exactly, as an integer. PP2A and the
// trapping scaffold are constant levels, not species.
//
// Time-dependent Ca²⁺. Three coefficient kinds depend on Ca²⁺ (CaMKII
// phosphorylation, CaN and PKA activation), and Ca(t) changes on a ms
// scale in a transient. Time is cut into cells [t, t+h]; in a cell Ca²⁺ is
// held at its midpoint value Ca(t+h/2) and the direct method runs exactly
// (all propensities recomputed after each event; a waiting time that
// crosses the cell end is discarded and redrawn from the end, exact because
// waiting times are memoryless). The process simulated is therefore the
// exact jump process with each Ca-dependent coefficient c(Ca(t)) replaced
// by its cell midpoint value, and the only error is the midpoint rule's in
// ∫c ds. It is estimated per cell from the coefficients at both ends
// (midpoint minus trapezoid: h·(c(t) + c(t+h) − 2c(t+h/2))/6) and kept
// below caTol = 1e-3 of the cell integral for every kind; h grows by at
// most 2× per cell and is cut after a rejection. The realised error is
// smaller: through the cells of 20 transients the mean CaN* and PKA*
// differ from Rodas4 by at most 1.2e-4 relative (TestCellQuadrature). A
// spine LFS transient (SpineLikeTrain, 1.02 µM, 12/70 ms) takes about 150
// cells (µs at the onset, where the Ca-dependent coefficients change
// fastest in relative terms, ms in the decay); at rest,
// where Ca²⁺ is constant, cells grow without bound and cost nothing. As in
// the deterministic mode each Advance restarts at h = h0, so callers split
// intervals at pulse onsets (AdvanceTrain) or set HMax, which caps h.
//
// Why exact SSA and not tau-leaping: the spine fires about 0.12
// reactions/ms at rest and 1.4/ms during 1 Hz LFS, so the M1 experiment
// (900 pulses, then 60 min) is about 1.4 million events and runs in about
// 0.65× the time of the stiff solver (BenchmarkLFSStochastic vs
// BenchmarkLFSDeterministic); a leap would add a step-size error and a
// negativity guard for no gain.
//
// Initial state. The deterministic resting state at p.CaRest is turned into
// counts: each conserved total (enzymes ×Ω, present receptors) is rounded
// down or up at random so that its mean is kept, then split among its
// species by binomial draws with the deterministic fractions, so every
// mean copy number is Ω·y_rest. That is the exact stationary law of the
// first-order closed pairs (CaN, PKA), not of the whole network: at
// V = 0.087 fL the stochastic spine relaxes at rest to fewer receptors
// (PKA* is about 2 copies, see docs/cascade-model.md, "Stochastic mode"),
// so compare with a control run of the same length, or Advance at rest
// first.
func NewStochastic(p Params, rng *rand.Rand) (*Cascade, error) {
	if rng == nil {
		return nil, errors.New("cascade: NewStochastic: rng is nil")
	}
	c, err := New(p, rng)
	if err != nil {
		return nil, err
	}
	c.mode = Stochastic
	c.omega = copiesPerMicroMolarFemtoliter * p.Volume
	c.n = make([]int64, NState)
	c.drawCopies(c.Read(nil))
	c.sync()
	return c, nil
}

// Mode returns the mode c was made in.
func (c *Cascade) Mode() Mode { return c.mode }

// Omega returns Ω = N_A·V, the copies per µM of an enzyme in the reaction
// volume (N_A·Params.Volume·1e-21).
func (c *Cascade) Omega() float64 { return copiesPerMicroMolarFemtoliter * c.p.Volume }

// Copies copies the state as copy numbers per spine (enzymes ×Ω,
// receptors as they are) into dst and returns it; dst is grown if short.
// In the stochastic mode these are the integers the SSA moves, so
// TotalsOf(Copies) holds exactly.
func (c *Cascade) Copies(dst []float64) []float64 {
	if len(dst) < NState {
		dst = make([]float64, NState)
	}
	dst = dst[:NState]
	if c.mode == Stochastic {
		for i, k := range c.n {
			dst[i] = float64(k)
		}
		return dst
	}
	om := c.Omega()
	for i, v := range c.state() {
		if i < firstReceptor {
			v *= om
		}
		dst[i] = v
	}
	return dst
}

// sync rewrites y from the copy numbers: enzymes n/Ω [µM], receptors n.
func (c *Cascade) sync() {
	for i, k := range c.n {
		c.syncOne(i, k)
	}
}

func (c *Cascade) syncOne(i int, k int64) {
	if i < firstReceptor {
		c.y[i] = float64(k) / c.omega
		return
	}
	c.y[i] = float64(k)
}

// setCopies implements Set in the stochastic mode.
func (c *Cascade) setCopies(y []float64) error {
	n := make([]int64, NState)
	for i, v := range y {
		if i < firstReceptor {
			v *= c.omega
		}
		r := math.Round(v)
		if !(r >= 0) || r > 1<<53 {
			return fmt.Errorf("cascade: Set: %s = %g: copy number %g must be finite and >= 0", names[i], y[i], r)
		}
		n[i] = int64(r)
	}
	copy(c.n, n)
	c.sync()
	return nil
}

// drawCopies sets c.n around the deterministic state y (see NewStochastic):
// unbiased rounding of each total, binomial splits.
func (c *Cascade) drawCopies(y []float64) {
	om, r := c.omega, c.rng
	pair := func(a, b int) {
		tot := y[a] + y[b]
		n := roundUnbiased(om*tot, r)
		c.n[b] = binomial(n, frac(y[b], tot), r)
		c.n[a] = n - c.n[b]
	}
	pair(CaMKIIU, CaMKIIP)
	pair(CaNI, CaNA)
	pair(PKAI, PKAA)
	// PP1 and I-1 share the complex: PP1 total first, then the free I-1.
	pp1 := roundUnbiased(om*(y[PP1F]+y[PP1I]), r)
	c.n[PP1I] = binomial(pp1, frac(y[PP1I], y[PP1F]+y[PP1I]), r)
	i1 := roundUnbiased(om*(y[I1D]+y[I1P]+y[PP1I]), r)
	c.n[PP1I] = min(c.n[PP1I], i1)
	c.n[PP1F] = pp1 - c.n[PP1I]
	free := i1 - c.n[PP1I]
	c.n[I1P] = binomial(free, frac(y[I1P], y[I1D]+y[I1P]), r)
	c.n[I1D] = free - c.n[I1P]
	// Receptors present: one total, split in index order; the last
	// location takes the rest, so rounding in mass cannot lose any.
	mass := 0.0
	for i := T00; i <= Late; i++ {
		mass += y[i]
	}
	left := roundUnbiased(mass, r)
	for i := T00; i < Late; i++ {
		c.n[i] = binomial(left, frac(y[i], mass), r)
		left -= c.n[i]
		mass -= y[i]
	}
	c.n[Late] = left
	c.n[Degraded], c.n[Synthesised], c.n[Endocytosed], c.n[Exocytosed] = 0, 0, 0, 0
	// CaMKII sites at the PSD: counts already, one total.
	sites := roundUnbiased(y[CkB]+y[CkF], r)
	c.n[CkB] = binomial(sites, frac(y[CkB], y[CkB]+y[CkF]), r)
	c.n[CkF] = sites - c.n[CkB]
	// Explicit CaM (drawn last, so the other sets' draws are unchanged): CaM
	// on calcineurin follows active calcineurin, CaM on CaMKII is drawn
	// from the CaMKII subunits, the free CaM pools are split; cAMP rounded.
	if y[CkNoCaM]+y[CkCaM] > 0 {
		c.n[CaNCaM] = c.n[CaNA]
		pair(CkNoCaM, CkCaM)
		pair(CaMFree, CaMC)
		c.n[CAMP], c.n[CAMPDone] = roundUnbiased(om*y[CAMP], r), 0
	}
	// Labile TARP slots (counts; drawn last and only where present, so
	// the other sets' draws are unchanged).
	if y[TarpP]+y[TarpD] > 0 {
		tarp := roundUnbiased(y[TarpP]+y[TarpD], r)
		c.n[TarpP] = binomial(tarp, frac(y[TarpP], y[TarpP]+y[TarpD]), r)
		c.n[TarpD] = tarp - c.n[TarpP]
	}
	// Coincidence-set CaMKII sites (nano.go; drawn last and only where
	// present).
	if y[CkN] > 0 {
		c.n[CkN] = roundUnbiased(y[CkN], r)
	}
}

// frac is a/b clamped to [0, 1], 0 if b ≤ 0.
func frac(a, b float64) float64 {
	if !(b > 0) {
		return 0
	}
	return math.Min(1, math.Max(0, a/b))
}

// roundUnbiased returns ⌊x⌋ or ⌈x⌉ with the probability that makes its
// mean x (x ≥ 0).
func roundUnbiased(x float64, r *rand.Rand) int64 {
	f := math.Floor(x)
	n := int64(f)
	if r.Float64() < x-f {
		n++
	}
	return n
}

// binomial draws Bin(n, p) as n Bernoulli trials: exact, O(n), used only
// when a cascade is made.
func binomial(n int64, p float64, r *rand.Rand) int64 {
	switch {
	case p >= 1:
		return n
	case p <= 0:
		return 0
	}
	var k int64
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

// advanceSSA is Advance in the stochastic mode (arguments already checked).
func (c *Cascade) advanceSSA(dt float64, ca func(t float64) float64, ts []float64, obs func(t float64)) error {
	t, tEnd := c.T, c.T+dt
	ks := sort.Search(len(ts), func(i int) bool { return ts[i] > t })
	h := h0
	for t < tEnd {
		lim := tEnd
		if ks < len(ts) && ts[ks] < lim {
			lim = ts[ks]
		}
		t1, caM, hn, err := c.nextCell(ca, t, lim, h)
		if err != nil {
			return err
		}
		c.ssaCell(t, t1, caM, c.nanoAt(t+(t1-t)/2))
		t, h = t1, hn
		for ks < len(ts) && ts[ks] <= t && ts[ks] <= tEnd {
			if obs != nil {
				obs(ts[ks])
			}
			ks++
		}
	}
	c.T = tEnd
	return nil
}

// nextCell chooses the cell [t, t1], t1 ≤ lim, starting from the proposed
// length h (capped by HMax), so that the midpoint rule meets caTol for
// every coefficient kind at the current state. It returns t1, the midpoint
// Ca²⁺ to hold in the cell and the next proposed length.
func (c *Cascade) nextCell(ca func(t float64) float64, t, lim, h float64) (t1, caM, hNext float64, err error) {
	var c0, cm, c1 [nKind]float64
	for {
		if c.HMax > 0 {
			h = math.Min(h, c.HMax)
		}
		t1 = math.Min(t+h, lim)
		if !(t1 > t) {
			return 0, 0, 0, fmt.Errorf("cascade: Advance: cell underflow at t = %g ms", t)
		}
		// Coefficients at both ends and the midpoint, at the current state.
		tm := t + (t1-t)/2
		caM = ca(tm)
		for _, x := range [...]struct {
			t float64
			c *[nKind]float64
		}{{t, &c0}, {tm, &cm}, {t1, &c1}} {
			v := caM
			if x.t != tm {
				v = ca(x.t)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, 0, 0, fmt.Errorf("cascade: Advance: ca(%g ms) = %g µM: must be finite", x.t, v)
			}
			c.p.coefsAt(c.y, v, c.nanoAt(x.t), x.c)
		}
		// Relative midpoint error of each coefficient integral, over caTol.
		worst := 0.0
		for k := range nKind {
			e := math.Abs(c0[k]+c1[k]-2*cm[k]) / 6
			if e == 0 {
				continue
			}
			if cm[k] <= 0 {
				worst = math.Inf(1)
				break
			}
			worst = math.Max(worst, e/(caTol*cm[k]))
		}
		hc := t1 - t
		if worst > 1 && hc > cellMin {
			h = hc * math.Max(0.2, 0.9/math.Sqrt(worst))
			continue
		}
		grow := float64(cellGrow)
		if worst > 0 {
			grow = math.Min(grow, 0.9/math.Sqrt(worst))
		}
		// A cell cut short by lim does not shrink the next proposal.
		return t1, caM, math.Max(math.Max(h, hc)*grow, cellMin), nil
	}
}

// ssaCell runs the direct method from t to t1 with Ca²⁺ held at ca and
// the nanodomain signal at s (nano.go).
func (c *Cascade) ssaCell(t, t1, ca, s float64) {
	for {
		a0 := c.propensities(ca, s)
		if !(a0 > 0) {
			return
		}
		t += c.rng.ExpFloat64() / a0
		if t >= t1 {
			return // memoryless: the next waiting time restarts at t1
		}
		c.fire(c.choose(a0))
	}
}

// propensities fills c.a from the deterministic fluxes and returns their
// sum [events/ms]: Ω·v for reactions among enzymes (µM/ms), v for receptor
// reactions (count/ms).
func (c *Cascade) propensities(ca, s float64) float64 {
	c.p.fluxesAt(c.y, ca, s, c.a[:])
	a0 := 0.0
	for m, r := range network {
		if r.dst1 < firstReceptor {
			c.a[m] *= c.omega
		}
		a0 += c.a[m]
	}
	return a0
}

// choose returns reaction m with probability a_m/a0.
func (c *Cascade) choose(a0 float64) int {
	u := c.rng.Float64() * a0
	last := -1
	for m, a := range c.a {
		if a <= 0 {
			continue
		}
		last = m
		if u < a {
			return m
		}
		u -= a
	}
	return last // u ran past the end by rounding
}

// fire moves one unit along reaction m.
func (c *Cascade) fire(m int) {
	r := network[m]
	c.bump(r.src, -1)
	c.bump(r.src2, -1)
	c.bump(r.dst1, 1)
	c.bump(r.dst2, 1)
	c.events++
}

func (c *Cascade) bump(i int, d int64) {
	if i < 0 {
		return
	}
	c.n[i] += d
	c.syncOne(i, c.n[i])
}
