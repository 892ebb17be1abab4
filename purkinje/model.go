package purkinje

import (
	"errors"
	"fmt"
	"math"

	"github.com/synlab/synlab/ode"
	"github.com/synlab/synlab/units"
)

// Params are all of the preparation's parameters.
type Params struct {
	Ca     Calcium
	MGluR  MGluR
	Nitric Nitric
	PKC    PKC
	ERK    ERK
	CPLA2  CPLA2
	GluA2  GluA2
	Solver ode.Settings // Rodas4 tolerances: 1e-5/1e-8 (TestToleranceConvergence: 1e-8 moves the K1 result by < 1e-6)
}

// Default returns the parameters documented in each mechanism's Fields.
func Default() Params {
	return Params{Ca: DefaultCalcium(), MGluR: DefaultMGluR(), Nitric: DefaultNitric(), PKC: DefaultPKC(),
		ERK: DefaultERK(), CPLA2: DefaultCPLA2(), GluA2: DefaultGluA2(), Solver: ode.Settings{RelTol: 1e-5, AbsTol: 1e-8}}
}

// Validate checks every mechanism's parameters.
func (p Params) Validate() error {
	for _, err := range []error{p.Ca.Validate(), p.MGluR.Validate(), p.Nitric.Validate(), p.PKC.Validate(),
		p.ERK.Validate(), p.CPLA2.Validate(), p.GluA2.Validate()} {
		if err != nil {
			return err
		}
	}
	if p.GluA2.Total <= 0 || p.GluA2.Slots <= 0 {
		return errors.New("purkinje: GluA2 needs receptors and slots")
	}
	return nil
}

// Fields lists every parameter (names unique across mechanisms).
func (p *Params) Fields() []units.Field {
	var f []units.Field
	f = append(f, p.Ca.Fields()...)
	f = append(f, p.MGluR.Fields()...)
	f = append(f, p.Nitric.Fields()...)
	f = append(f, p.PKC.Fields()...)
	f = append(f, p.ERK.Fields()...)
	f = append(f, p.CPLA2.Fields()...)
	return append(f, p.GluA2.Fields()...)
}

// State layout of the deterministic model: the fast drive, then the network.
const (
	ISPF   = iota // PF influx state [1]
	ISCF          // CF influx state [1]
	ICa           // free Ca²⁺ [µM]
	IMGluR        // active mGluR1 fraction [1]
	IDAG          // DAG [µM]
	INO           // NO [µM]
	INSF          // S-nitrosylated NSF fraction [1]
	nDrive
	INet   = nDrive        // first network index
	NState = nDrive + nNet // length of the state
)

var names = [NState]string{"s_pf", "s_cf", "ca_uM", "mglur_frac", "dag_uM", "no_uM", "nsf_sno_frac",
	"pkc_active", "erk_active", "cpla2_active", "aa", "ampar_psd_u", "ampar_psd_p", "ampar_ext_u", "ampar_ext_p",
	"ampar_int_u", "ampar_int_p"}

// Names returns the state names (with units where they have one) in index order.
func Names() []string { return names[:] }

// restSpan is how long the network is run at rest to reach its resting
// (low) steady state: 30 days, over 300 of its slowest time constants (2 h).
const restSpan = 30 * units.Day

// driveDeriv writes the fast part's derivatives.
func (p *Params) driveDeriv(y, dy []float64, clamped bool) {
	c := &p.Ca
	dy[ISPF] = -y[ISPF] / c.TauPF
	dy[ISCF] = -y[ISCF] / c.TauCF
	dy[ICa] = c.dCa(y[ICa], c.influx(y[ISPF], y[ISCF], clamped))
	m := &p.MGluR
	dy[IMGluR] = -y[IMGluR] / m.TauM
	dy[IDAG] = m.KD*y[IMGluR] - y[IDAG]/m.TauD
	n := &p.Nitric
	dy[INO] = -y[INO] / n.TauNO
	dy[INSF] = n.KSNO*y[INO]*(1-y[INSF]) - y[INSF]/n.TauSNO
}

// driveOf returns the network drive of state y.
func (p *Params) driveOf(y []float64) drive { return p.driveAt(y[ICa], y[IDAG], y[INSF]) }

// restDrive sets the fast part of y to rest.
func (p *Params) restDrive(y []float64) {
	clear(y[:nDrive])
	y[ICa] = p.Ca.Rest
}

// restNetwork returns the network's resting state: all enzymes inactive,
// receptors spread, then run at resting Ca²⁺ for restSpan.
func (p *Params) restNetwork() ([]float64, error) {
	g := p.GluA2
	y := make([]float64, nNet)
	y[NPsdU] = 0.7 * g.Slots
	rest := g.Total - y[NPsdU]
	y[NExtU], y[NIntP] = 0.2*rest, 0.8*rest
	d := p.driveAt(p.Ca.Rest, 0, 0)
	f := func(_ float64, y, dy []float64) { p.netDeriv(y, d, dy) }
	s := ode.NewRodas4(nNet, ode.Settings{RelTol: 1e-8, AbsTol: 1e-10}, nil)
	if err := s.Integrate(f, 0, restSpan, y, nil, nil); err != nil {
		return nil, fmt.Errorf("purkinje: resting state: %w", err)
	}
	return y, nil
}

// Model is the deterministic preparation: state, clock and a Rodas4. Not
// safe for concurrent use.
type Model struct {
	p       Params
	y       []float64
	t       float64
	clamped bool
	sol     *ode.Rodas4
	f       ode.Func
	cur     []float64 // state Read reports (dense output inside an observer)
	rest    float64   // PSD count at rest
}

// New returns a model at rest at time 0.
func New(p Params) (*Model, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	net, err := p.restNetwork()
	if err != nil {
		return nil, err
	}
	m := &Model{p: p, y: make([]float64, NState)}
	p.restDrive(m.y)
	copy(m.y[INet:], net)
	m.rest = surface(net)
	m.f = func(_ float64, y, dy []float64) {
		m.p.driveDeriv(y, dy, m.clamped)
		m.p.netDeriv(y[INet:], m.p.driveOf(y), dy[INet:])
	}
	m.sol = ode.NewRodas4(NState, p.Solver, nil)
	m.sol.Autonomous = true
	m.cur = m.y
	return m, nil
}

// Params returns the model's parameters.
func (m *Model) Params() Params { return m.p }

// SetParams replaces the parameters from now on (a drug washed in or out);
// receptor totals and slots cannot change.
func (m *Model) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.GluA2.Total != m.p.GluA2.Total || p.GluA2.Slots != m.p.GluA2.Slots {
		return errors.New("purkinje: SetParams: receptor total and slots are fixed for a run")
	}
	m.p = p
	m.sol.Reset()
	return nil
}

// Time is the current time [ms].
func (m *Model) Time() float64 { return m.t }

// State is the current state (inside an observer: the state at its time).
func (m *Model) State() []float64 { return m.cur }

// RestSurface is the surface receptor count at rest.
func (m *Model) RestSurface() float64 { return m.rest }

// Strength is the surface receptor count (PSD and extrasynaptic) relative
// to rest: endocytosis removes receptors from the EPSP, anchoring keeps
// inserted ones on the surface.
func (m *Model) Strength() float64 { return surface(m.cur[INet:]) / m.rest }

// surface is the surface receptor count of network state y.
func surface(y []float64) float64 { return y[NPsdU] + y[NPsdP] + y[NExtU] + y[NExtP] }

// PF delivers a parallel-fibre pulse: Ca²⁺ influx, mGluR1 activation, NO.
func (m *Model) PF() {
	m.y[ISPF]++
	m.y[IMGluR] = m.p.MGluR.pulse(m.y[IMGluR])
	m.y[INO] += m.p.Nitric.DNO * m.p.Nitric.NOS
	m.sol.Reset()
}

// CF delivers a climbing-fibre pulse: a complex spike's Ca²⁺ influx.
func (m *Model) CF() {
	m.y[ISCF]++
	m.sol.Reset()
}

// Clamp switches the somatic voltage clamp on or off (influx scaling).
func (m *Model) Clamp(on bool) { m.clamped = on; m.sol.Reset() }

// Advance integrates for dt ≥ 0 ms, calling obs at each time of ts in
// (Time(), Time()+dt] with State set to the state then.
func (m *Model) Advance(dt float64, ts []float64, obs func(t float64)) error {
	if !(dt >= 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("purkinje: Advance dt = %g ms: must be finite and >= 0", dt)
	}
	var o ode.Observer
	if obs != nil {
		o = func(t float64, y []float64) { m.cur = y; obs(t); m.cur = m.y }
	}
	if err := m.sol.Integrate(m.f, m.t, m.t+dt, m.y, ts, o); err != nil {
		var oe *ode.Error
		if errors.As(err, &oe) && oe.Index >= 0 {
			return fmt.Errorf("purkinje: %s in %s at t = %g ms: %w", oe.Reason, names[oe.Index], oe.T, err)
		}
		return fmt.Errorf("purkinje: at t = %g ms: %w", m.t, err)
	}
	m.t += dt
	return nil
}
