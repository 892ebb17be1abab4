package spine

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/synlab/synlab/ode"
	"github.com/synlab/synlab/units"
)

// Indices of the model state vector (docs/spine-model.md §6).
const (
	IVSoma    = iota // soma potential [mV]
	IVDend           // dendrite potential [mV]
	IVNeck           // spine-neck potential [mV]
	IVSpine          // spine-head potential [mV]
	IHHM             // hh m [1]
	IHHH             // hh h [1]
	IHHN             // hh n [1]
	IAmpaA           // AMPA rise state A [1]
	IAmpaB           // AMPA decay state B [1]
	INmdaA           // NMDA rise state A [1]
	INmdaB           // NMDA decay state B [1]
	IVgccM           // VGCC activation m [1]
	IVgccH           // VGCC inactivation h [1]
	ICa              // free spine Ca²⁺ [µM]
	ICaBBapta        // Ca bound to BAPTA [µM]
	ICaBEgta         // Ca bound to EGTA [µM]
	ICaIn            // cumulative influx of total Ca [µM]
	ICaOut           // cumulative extrusion of total Ca, incl. buffer exchange [µM]
	ICaInt           // ∫(c − c_rest) dt [µM·ms]
	IPreXF           // Dittman CaXF or TM ũ [1]
	IPreXD           // Dittman CaXD [1]
	IPreD            // ready release-site fraction D [1]
	IPreC            // occupied release-site fraction C [1]
	NState           // length of the state vector
)

// names is the CSV header of the state vector, index by index.
var names = [NState]string{
	"v_soma_mV", "v_dend_mV", "v_neck_mV", "v_spine_mV",
	"hh_m", "hh_h", "hh_n",
	"ampa_A", "ampa_B", "nmda_A", "nmda_B",
	"vgcc_m", "vgcc_h",
	"ca_uM", "cab_bapta_uM", "cab_egta_uM", "ca_in_uM", "ca_out_uM", "ca_int_uM_ms",
	"pre_caxf", "pre_caxd", "pre_D", "pre_C",
}

// derivedNames are the columns Read appends after the state.
var derivedNames = [...]string{
	"g_ampa_nS", "g_nmda_nS", "i_ampa_pA", "i_nmda_pA", "i_ca_nmda_pA", "i_vgcc_pA", "i_clamp_pA", "i_field_pA",
}

// Names returns the CSV names of the state vector, in index order.
func Names() []string { return append([]string(nil), names[:]...) }

// Vars returns the names of the columns Read fills: the state, then the
// derived conductances [nS] (g_nmda includes the Mg²⁺ block) and currents
// [pA, positive outward; i_clamp positive when the clamp injects current;
// i_field is the field-EPSP proxy, the summed synaptic current of all
// co-activated synapses].
func Vars() []string { return append(Names(), derivedNames[:]...) }

// Params is the complete parameter set of the synapse model.
type Params struct {
	Release Release
	AMPA    AMPA
	NMDA    NMDA
	VGCC    VGCC
	Ca      Calcium
	BAPTA   Buffer
	EGTA    Buffer
	Geom    Geometry
	HH      HH
	Stim    Stim
	Co      Coactive     // other synapses recruited by the same stimulus (on the dendrite)
	Celsius float64      // temperature [°C] for hh (q10) and the Nernst potential; 6.3, NEURON default
	Solver  ode.Settings // Rodas4 tolerances; see DefaultSolver
}

// DefaultSolver returns the Rodas4 settings New uses: RelTol 1e-6, AbsTol
// 1e-8 (Ca is O(0.1–10) µM, voltages O(10–100) mV; results are checked to be
// independent of these in TestToleranceIndependence).
func DefaultSolver() ode.Settings { return ode.Settings{RelTol: 1e-6, AbsTol: 1e-8} }

// Default returns the CA1 Schaffer-collateral synapse of docs/spine-model.md.
func Default() Params {
	return Params{
		Release: DittmanSC(), AMPA: DefaultAMPA(), NMDA: DefaultNMDA(), VGCC: DefaultVGCC(),
		Ca: DefaultCalcium(), BAPTA: BAPTA(0), EGTA: EGTA(0), Geom: DefaultGeometry(),
		HH: DefaultHH(), Stim: DefaultStim(), Co: DefaultCoactive(), Celsius: 6.3, Solver: DefaultSolver(),
	}
}

// Validate checks every part.
func (p Params) Validate() error {
	for _, err := range []error{p.Release.Validate(), p.AMPA.Validate(), p.NMDA.Validate(), p.VGCC.Validate(),
		p.Ca.Validate(), p.BAPTA.validate("BAPTA"), p.EGTA.validate("EGTA"), p.Geom.Validate(), p.HH.Validate(), p.Stim.Validate(), p.Co.Validate()} {
		if err != nil {
			return err
		}
	}
	if math.IsNaN(p.Celsius) || p.Celsius < -kelvin0 || math.IsInf(p.Celsius, 0) {
		return fmt.Errorf("spine: Params.Celsius = %g °C: must be finite and above absolute zero", p.Celsius)
	}
	s := p.Solver
	if s.RelTol < 0 || s.AbsTol < 0 || s.H0 < 0 || s.HMax < 0 || s.MaxSteps < 0 {
		return fmt.Errorf("spine: Params.Solver = %+v: fields must be >= 0", s)
	}
	return nil
}

// Fields lists every numeric parameter with unit and source.
func (p *Params) Fields() []units.Field {
	var f []units.Field
	f = append(f, p.Release.Fields()...)
	f = append(f, p.AMPA.Fields()...)
	f = append(f, p.NMDA.Fields()...)
	f = append(f, p.VGCC.Fields()...)
	f = append(f, p.Ca.Fields()...)
	f = append(f, p.BAPTA.fields("bapta", "4e8 /M/s, 0.2 uM, Naraghi & Neher 1997 [M]")...)
	f = append(f, p.EGTA.fields("egta", "1.05e7 /M/s, 0.07 uM, Naraghi & Neher 1997 [M]")...)
	f = append(f, p.Geom.Fields()...)
	f = append(f, p.HH.Fields()...)
	f = append(f, p.Stim.Fields()...)
	f = append(f, p.Co.Fields()...)
	f = append(f, units.Field{Name: "celsius", Dim: units.Dimensionless, Value: &p.Celsius, Doc: "temperature [degC]; 6.3, NEURON default (hh q10 = 1)", Min: 0, Max: 45})
	return f
}

// consts are values derived once from the (immutable) parameters of a Model.
type consts struct {
	aH, aN, aD, aS float64 // areas [µm²]
	cH, cN, cD, cS float64 // capacitances [pF]
	gpH, gpN, gpD  float64 // passive conductances [nS]
	gHN, gND, gDS  float64 // axial conductances [nS]
	vol            float64 // Ca pool volume [fL]
	q10            float64
	ampaF, nmdaF   float64 // DualExp factors
	kappa1         float64 // 1 + κE
	pf             float64 // NMDA fractional Ca²⁺ current PF([Ca]o)
	nernst         float64 // RT/(2F) [mV], the factor of Nernst
}

// Model is one synapse on its reduced neuron: state, clock, events and a
// Rodas4 integrator. It is not safe for concurrent use.
type Model struct {
	p      Params
	k      consts
	solver *ode.Rodas4
	f      ode.Func
	odeObs ode.Observer

	t     float64
	y     []float64
	endo  Endocytosis
	sites *Sites

	clamped bool
	vHold   float64
	icc     float64
	injEnd  float64 // end of the current spike pulse [ms]
	injOn   bool    // the pulse is on during the segment being integrated

	cur     []float64 // state Read reports (m.y, or the dense output inside an observer)
	curT    float64
	userObs func(t float64)

	nl nonlinear // deriv's transcendental terms at its last state, for jacobian
	lu blockLU   // the solver's Jacobian and linear algebra
}

// New returns a model at NEURON's finitialize(v_init = Geom.EPas): every
// potential at EPas, hh and VGCC gates at their steady states, Ca at rest with
// the added buffers in equilibrium, all release sites ready; time 0, soma
// unclamped, endocytosis intact.
func New(p Params) (*Model, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	m := &Model{p: p, y: make([]float64, NState), endo: IntactEndocytosis(), icc: p.Stim.ICC, injEnd: math.Inf(-1)}
	m.k = derive(p)
	g := p.Geom

	v0 := g.EPas
	y := m.y
	y[IVSoma], y[IVDend], y[IVNeck], y[IVSpine] = v0, v0, v0, v0
	y[IHHM], y[IHHH], y[IHHN] = p.HH.Steady(v0)
	y[IVgccM], y[IVgccH] = p.VGCC.MInf(v0), p.VGCC.HInf(v0)
	y[ICa] = p.Ca.Rest
	y[ICaBBapta], y[ICaBEgta] = p.BAPTA.Bound(p.Ca.Rest), p.EGTA.Bound(p.Ca.Rest)
	p.Release.Rest(y[IPreXF : IPreXF+preN])
	if p.Release.Stochastic {
		m.sites = NewSites(p.Release.Sites)
	}
	s := ode.NewRodas4(NState, p.Solver, m.jac)
	s.Autonomous = true // stimulus pulses are integrated as separate segments
	// J has 66 structural nonzeros of 529 in a tree of couplings: block
	// elimination without fill-in (blockLU).
	m.nl.forget()
	m.lu.m = m
	s.SetLinear(&m.lu)
	m.solver = s
	m.f = m.deriv
	m.odeObs = m.observe
	m.cur = m.y
	return m, nil
}

// derive computes the constants of parameters p.
func derive(p Params) consts {
	var k consts
	g := p.Geom
	k.aH, k.aN, k.aD, k.aS = g.Areas()
	k.cH, k.cN, k.cD, k.cS = g.Capacitance(k.aH), g.Capacitance(k.aN), g.Capacitance(k.aD), g.Capacitance(k.aS)
	k.gpH, k.gpN, k.gpD = g.GPas(k.aH), g.GPas(k.aN), g.GPas(k.aD)
	k.gHN, k.gND, k.gDS = g.Axial()
	k.vol = g.HeadVolume
	k.q10 = Q10(p.Celsius)
	k.ampaF, k.nmdaF = p.AMPA.Factor(), p.NMDA.Factor()
	k.kappa1 = 1 + p.Ca.KappaE
	k.pf = PF(p.Ca.CaO)
	k.nernst = nernstFactor(p.Celsius)
	return k
}

// Params returns the model's parameters.
func (m *Model) Params() Params { return m.p }

// SetParams replaces the parameters from now on, keeping the state (a drug
// washed in or out: NMDA conductance, VGCC block, added buffer totals). The
// release scheme and the solver settings cannot change during a run.
func (m *Model) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Release != m.p.Release || p.Solver != m.p.Solver {
		return errors.New("spine: SetParams: the release scheme and the solver settings cannot change during a run")
	}
	m.p, m.k = p, derive(p)
	m.nl.forget()
	m.solver.Reset()
	return nil
}

// Time returns the model time [ms].
func (m *Model) Time() float64 { return m.t }

// State returns the state vector (read-only view; see the I* constants). Inside
// an Advance observer it is the dense-output state at the observed time.
func (m *Model) State() []float64 { return m.cur }

// Endocytosis returns the clathrin/dynamin machinery levels in force.
func (m *Model) Endocytosis() Endocytosis { return m.endo }

// SetEndocytosis sets the machinery levels (e.g. IntactEndocytosis().Block(1)
// for a full dynamin block). It returns an error for levels outside [0, 1].
func (m *Model) SetEndocytosis(e Endocytosis) error {
	if err := e.Validate(); err != nil {
		return err
	}
	m.endo = e
	m.solver.Reset()
	return nil
}

// SetAMPA sets the surface AMPA receptor count N and the unitary
// conductance γ [nS] (AMPA.N, AMPA.Gamma) from now on: the mechanistic tier
// moves N with its PSD-trapped receptors. The receptors' gating state is
// kept, so the conductance follows N·γ at once.
func (m *Model) SetAMPA(n, gamma float64) error {
	a := m.p.AMPA
	a.N, a.Gamma = n, gamma
	if err := a.Validate(); err != nil {
		return err
	}
	m.p.AMPA = a
	m.solver.Reset()
	return nil
}

// Pre applies a presynaptic spike now and returns the released fraction.
// rng is used only for stochastic release (and must then be non-nil).
func (m *Model) Pre(rng *rand.Rand) float64 {
	r := m.p.Release.Spike(m.t, m.y[IPreXF:IPreXF+preN], m.sites, m.endo.Pre, rng)
	a := r * m.k.ampaF
	m.y[IAmpaA] += a
	m.y[IAmpaB] += a
	n := r * m.k.nmdaF
	m.y[INmdaA] += n
	m.y[INmdaB] += n
	m.solver.Reset()
	return r
}

// SomaticSpike starts a somatic current pulse (Stim.Amp for Stim.Dur) now,
// which makes the hh soma fire and the spike back-propagate passively. A
// pulse already on is extended, not added to.
func (m *Model) SomaticSpike() {
	m.injEnd = m.t + m.p.Stim.Dur
	m.solver.Reset()
}

// Clamp switches an ideal somatic voltage clamp at v [mV] on (on = true) or
// off. While on, the soma potential is held at v; v is ignored when off.
func (m *Model) Clamp(v float64, on bool) {
	m.clamped = on
	if on {
		m.vHold = v
		m.y[IVSoma] = v
	}
	m.solver.Reset()
}

// CurrentClamp sets the constant somatic current-clamp current i [pA].
func (m *Model) CurrentClamp(i float64) {
	m.icc = i
	m.solver.Reset()
}

// deriv is the right-hand side; it binds named locals first (NEST style).
func (m *Model) deriv(_ float64, y, dy []float64) {
	_, _ = y[NState-1], dy[NState-1] // one bounds check for all
	p, k := &m.p, &m.k
	vs, vd, vn, vh := y[IVSoma], y[IVDend], y[IVNeck], y[IVSpine]
	hm, hh, hn := y[IHHM], y[IHHH], y[IHHN]
	aA, aB, nA, nB := y[IAmpaA], y[IAmpaB], y[INmdaA], y[INmdaB]
	gm, gh := y[IVgccM], y[IVgccH]
	ca, cbB, cbE := y[ICa], y[ICaBBapta], y[ICaBEgta]
	ePas := p.Geom.EPas

	// The rates, block, steady states and E_Ca, kept for jacobian.
	nl := &m.nl
	nl.eval(p, k, vs, vh, ca)

	// Synaptic and channel currents in the head [pA].
	iA := p.AMPA.Current(aA, aB, vh)
	iN, iCaN := p.NMDA.Currents(nA, nB, vh, nl.block, k.pf)
	iV := p.VGCC.Current(vh, gm, gh, nl.eCa, k.aH)

	// Cable.
	dy[IVSpine] = (-k.gpH*(vh-ePas) - iA - iN - iV - k.gHN*(vh-vn)) / k.cH
	dy[IVNeck] = (-k.gpN*(vn-ePas) - k.gHN*(vn-vh) - k.gND*(vn-vd)) / k.cN
	iCo := 0.0
	if co := p.Co.Others(); co > 0 {
		iCo = co * (p.AMPA.Current(aA, aB, vd) + p.NMDA.Current(nA, nB, vd))
	}
	dy[IVDend] = (-k.gpD*(vd-ePas) - iCo - k.gND*(vd-vn) - k.gDS*(vd-vs)) / k.cD
	if m.clamped {
		dy[IVSoma] = 0
	} else {
		iInj := m.icc
		if m.injOn {
			iInj += p.Stim.Amp
		}
		dy[IVSoma] = (-p.HH.Current(vs, hm, hh, hn, k.aS) - k.gDS*(vs-vd) + iInj) / k.cS
	}

	// Soma hh gates.
	am, bm, ah, bh, an, bn := nl.am, nl.bm, nl.ah, nl.bh, nl.an, nl.bn
	dy[IHHM] = k.q10 * (am*(1-hm) - bm*hm)
	dy[IHHH] = k.q10 * (ah*(1-hh) - bh*hh)
	dy[IHHN] = k.q10 * (an*(1-hn) - bn*hn)

	// Receptors.
	dy[IAmpaA] = -aA / p.AMPA.TauRise
	dy[IAmpaB] = -aB / p.AMPA.TauDecay
	dy[INmdaA] = -nA / p.NMDA.TauRise
	dy[INmdaB] = -nB / p.NMDA.TauDecay

	// VGCC gates.
	dy[IVgccM] = (nl.mInf - gm) / p.VGCC.TauM
	dy[IVgccH] = (nl.hInf - gh) / p.VGCC.TauH

	// Ca pool.
	jIn := Flux(iCaN+iV, k.vol)
	jOut := p.Ca.Extrusion(ca)
	rB := p.BAPTA.Rate(ca, cbB)
	rE := p.EGTA.Rate(ca, cbE)
	dy[ICa] = (jIn - jOut - rB - rE) / k.kappa1
	xB := p.BAPTA.Exchange(cbB, p.Ca.Rest, p.Ca.TauX)
	xE := p.EGTA.Exchange(cbE, p.Ca.Rest, p.Ca.TauX)
	dy[ICaBBapta] = rB - xB
	dy[ICaBEgta] = rE - xE
	dy[ICaIn] = jIn
	dy[ICaOut] = jOut + xB + xE
	dy[ICaInt] = ca - p.Ca.Rest

	// Presynaptic terminal.
	p.Release.Deriv(y[IPreXF:IPreXF+preN], dy[IPreXF:IPreXF+preN], m.endo.Pre)
}

// minCaNernst [µM] floors [Ca]i inside the Nernst logarithm so that a
// transient non-positive trial value inside a solver stage stays finite.
const minCaNernst = 1e-6

func (m *Model) observe(t float64, y []float64) {
	m.cur, m.curT = y, t
	m.userObs(t)
	m.cur, m.curT = m.y, m.t
}

// Advance integrates the model for dt ≥ 0 ms from its current time. If obs
// is not nil it is called, in order, at each absolute time in ts (sorted) in
// (Time(), Time()+dt]; during the call State and Read report the state at
// that time (dense output). The interval is split at the end of a somatic
// current pulse. A numerical failure returns an error naming the state
// variable (from Names) and the time.
func (m *Model) Advance(dt float64, ts []float64, obs func(t float64)) error {
	if !(dt >= 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("spine: Model.Advance dt = %g ms: must be finite and >= 0", dt)
	}
	var o ode.Observer
	if obs != nil {
		m.userObs = obs
		o = m.odeObs
	}
	defer func() { m.userObs = nil }()
	t1 := m.t + dt
	for m.t < t1 {
		seg := t1
		m.injOn = m.t < m.injEnd
		if m.injOn && m.injEnd < seg {
			seg = m.injEnd
		}
		if err := m.solver.Integrate(m.f, m.t, seg, m.y, ts, o); err != nil {
			return m.wrap(err)
		}
		if m.injOn && seg == m.injEnd {
			m.solver.Reset() // the pulse ends: the right-hand side jumps
		}
		if m.clamped {
			m.y[IVSoma] = m.vHold // an ideal clamp: remove solver rounding
		}
		m.t = seg
		m.curT = seg
	}
	return nil
}

// Work is the number of solver steps taken so far, accepted and rejected:
// the cost of the run, for a budget.
func (m *Model) Work() int { return m.solver.Steps + m.solver.Rejected }

// wrap names the state variable and time of a solver failure.
func (m *Model) wrap(err error) error {
	var oe *ode.Error
	if errors.As(err, &oe) {
		if oe.Index >= 0 && oe.Index < NState {
			return fmt.Errorf("spine: %s in %s at t = %g ms: %w", oe.Reason, names[oe.Index], oe.T, err)
		}
		return fmt.Errorf("spine: %s at t = %g ms: %w", oe.Reason, oe.T, err)
	}
	return fmt.Errorf("spine: at t = %g ms: %w", m.t, err)
}

// Read writes the values of Vars() into dst (len(dst) >= len(Vars())): the
// state, then the derived conductances and currents. Inside an Advance
// observer the values are at the observed time.
func (m *Model) Read(dst []float64) {
	_ = dst[NState+len(derivedNames)-1]
	y := m.cur
	copy(dst, y)
	if m.clamped {
		dst[IVSoma] = m.vHold
	}
	p, k := &m.p, &m.k
	vh := y[IVSpine]
	d := dst[NState:]
	d[0] = p.AMPA.G(y[IAmpaA], y[IAmpaB])
	d[1] = p.NMDA.G * p.NMDA.Open(y[INmdaA], y[INmdaB]) * p.NMDA.Block(vh)
	d[2] = p.AMPA.Current(y[IAmpaA], y[IAmpaB], vh)
	d[3] = p.NMDA.Current(y[INmdaA], y[INmdaB], vh)
	d[4] = p.NMDA.CaCurrent(y[INmdaA], y[INmdaB], vh, p.Ca.CaO)
	d[5] = p.VGCC.Current(vh, y[IVgccM], y[IVgccH], Nernst(math.Max(y[ICa], minCaNernst), p.Ca.CaO, p.Celsius), k.aH)
	d[6] = m.clampCurrent(y)
	// Field-EPSP proxy: the synaptic current sink of every co-activated
	// synapse (the modelled one at the head, the others at the dendrite),
	// which the extracellular field follows (negative = inward).
	vd := y[IVDend]
	d[7] = d[2] + d[3] + p.Co.Others()*(p.AMPA.Current(y[IAmpaA], y[IAmpaB], vd)+p.NMDA.Current(y[INmdaA], y[INmdaB], vd))
}

// clampCurrent is the current an ideal somatic clamp injects [pA] (0 when off):
// I_hh + g_ds·(V_soma − V_dend) − I_inj − I_cc.
func (m *Model) clampCurrent(y []float64) float64 {
	if !m.clamped {
		return 0
	}
	vs := y[IVSoma]
	i := m.p.HH.Current(vs, y[IHHM], y[IHHH], y[IHHN], m.k.aS) + m.k.gDS*(vs-y[IVDend]) - m.icc
	if m.curT < m.injEnd {
		i -= m.p.Stim.Amp
	}
	return i
}

// CaTotal is the total spine Ca (1 + κE)·c + bound to added buffers [µM].
func (m *Model) CaTotal() float64 {
	y := m.cur
	return m.k.kappa1*y[ICa] + y[ICaBBapta] + y[ICaBEgta]
}

// SolverStats returns the integrator's counters so far: accepted and
// rejected steps, right-hand-side evaluations and Jacobians.
func (m *Model) SolverStats() (steps, rejected, evals, jacobians int) {
	s := m.solver
	return s.Steps, s.Rejected, s.Evals, s.Jacobians
}
