package sbml

import (
	"errors"
	"fmt"
	"math"
)

// CaMode says how the spine's Ca²⁺ reaches the network.
type CaMode uint8

// Ca²⁺ coupling modes.
const (
	// CaClamp replaces the Ca species' concentration by the drive at every
	// time; reactions neither consume nor produce it.
	CaClamp CaMode = iota
	// CaInflux adds the drive as an influx [µM/ms] to the Ca species,
	// which the network's own reactions also change (buffers, pumps).
	CaInflux
)

// Coupling says how an SBML network is driven and read by synlab.
type Coupling struct {
	Ca      string // species (or parameter, for CaClamp) receiving the spine's Ca²⁺
	Mode    CaMode
	Readout string // infix expression over the model's ids (ParseExpr), e.g. "GluR1_memb / GluR1_total"
}

// Network is an SBML model coupled to synlab's units and Ca²⁺ drive: the
// mechanistic tier's cascade, imported. Time is in ms and the drive in µM
// (CaClamp) or µM/ms (CaInflux); the state vector, parameters and the
// readout stay in the model's own units.
//
// Unit conversions, fixed at NewNetwork from the model's unit definitions:
//
//	t_model = t_ms / MsPerTime          (MsPerTime = 1000 for seconds)
//	[Ca]_model = [Ca]_µM / MicroMolar   (MicroMolar = µM per model concentration unit:
//	                                     substance unit [mol] / volume unit [L] × 1e6)
//	dy/dt_ms = dy/dt_model / MsPerTime
//
// A Ca species with hasOnlySubstanceUnits is clamped to the amount
// [Ca]·size of its compartment; an influx J [µM/ms] adds J·MsPerTime/
// MicroMolar·size to its amount per model time unit.
type Network struct {
	C         *Compiled
	MsPerTime float64 // ms per model time unit
	// MicroMolar is µM per model concentration unit of the Ca species.
	MicroMolar float64

	sim     *Sim
	readout *Readout
	caSym   int
	ca      func(t float64) float64 // current drive, synlab units
	caConst float64
}

// NewNetwork compiles m with the Ca species as input and returns the
// network at t = 0 (its initial state, after t = 0 events).
func NewNetwork(m *Model, cp Coupling) (*Network, error) {
	if cp.Ca == "" {
		return nil, errors.New("sbml: coupling: no Ca species named")
	}
	c, err := Compile(m, Options{Input: cp.Ca, InputFlux: cp.Mode == CaInflux})
	if err != nil {
		return nil, err
	}
	ts, err := m.TimeUnit()
	if err != nil {
		return nil, fmt.Errorf("sbml: coupling: time unit: %w", err)
	}
	um, err := m.ConcentrationUnit(cp.Ca)
	if err != nil {
		return nil, fmt.Errorf("sbml: coupling: concentration unit of %q: %w", cp.Ca, err)
	}
	n := &Network{C: c, MsPerTime: ts * 1000, MicroMolar: um, caSym: c.inputSym}
	if cp.Readout != "" {
		x, err := ParseExpr(cp.Readout)
		if err != nil {
			return nil, err
		}
		if n.readout, err = c.CompileExpr(x); err != nil {
			return nil, err
		}
	}
	if n.sim, err = c.New(); err != nil {
		return nil, err
	}
	sy := c.syms[n.caSym]
	comp := -1
	if sy.kind == kSpecies {
		comp = c.syms[sy.comp].slot
	}
	hosu := sy.kind == kSpecies && sy.hosu
	n.sim.input = func(tm float64) float64 {
		v := n.caConst
		if n.ca != nil {
			v = n.ca(tm * n.MsPerTime)
		}
		if cp.Mode == CaInflux {
			return v * n.MsPerTime / n.MicroMolar // concentration per model time; × size in the species' rate
		}
		v /= n.MicroMolar
		if hosu && comp >= 0 {
			v *= n.sim.e.v[comp]
		}
		return v
	}
	if cp.Mode == CaClamp {
		n.caConst, _ = n.caValue()
	}
	return n, nil
}

// caValue is the Ca species' current concentration [µM].
func (n *Network) caValue() (float64, error) {
	return n.sim.read(n.caSym, AsConcentration) * n.MicroMolar, nil
}

// T is the network's time [ms].
func (n *Network) T() float64 { return n.sim.T * n.MsPerTime }

// Names returns the state's ids (Compiled.StateNames).
func (n *Network) Names() []string { return n.C.StateNames() }

// State returns a copy of the state (model units: amounts of species
// changed by reactions, values of rate-rule variables).
func (n *Network) State() []float64 { return n.sim.State() }

// Sim returns the underlying simulation (model units).
func (n *Network) Sim() *Sim { return n.sim }

// Deriv writes dy/dt [model units per ms] at time t [ms] for state y with
// the Ca drive ca [µM, or µM/ms for CaInflux], e.g. for a caller that
// integrates the network together with its own equations. It does not
// change the network's state or time.
func (n *Network) Deriv(t float64, y, dy []float64, ca float64) {
	saveCa, saveC := n.ca, n.caConst
	n.ca, n.caConst = nil, ca
	n.sim.f(t/n.MsPerTime, y, dy)
	for i := range dy {
		dy[i] /= n.MsPerTime
	}
	n.ca, n.caConst = saveCa, saveC
	n.sim.refresh()
}

// Param returns a parameter's (or any id's) current value in model units.
func (n *Network) Param(id string) (float64, error) { return n.sim.Value(id) }

// SetParam sets a parameter (e.g. a drug scaling a rate constant) in
// model units; see Sim.SetValue.
func (n *Network) SetParam(id string, v float64) error { return n.sim.SetValue(id, v) }

// Readout evaluates the coupling's readout expression now (NaN if none).
func (n *Network) Readout() float64 {
	if n.readout == nil {
		return math.NaN()
	}
	return n.sim.Eval(n.readout)
}

// Advance integrates from T to T + dt [ms] with the Ca drive ca(t) [µM,
// or µM/ms for CaInflux] at absolute time t [ms], executing the model's
// events. obs, if not nil, is called at each time of ts [ms, sorted]
// within (T, T+dt]; Readout, Param and State report that time during the
// call. Split intervals at drive discontinuities (pulse onsets), as with
// cascade.Cascade.Advance.
func (n *Network) Advance(dt float64, ca func(t float64) float64, ts []float64, obs func(t float64)) error {
	if !(dt >= 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("sbml: Advance: dt = %g ms: must be finite and >= 0", dt)
	}
	if ca == nil {
		return errors.New("sbml: Advance: ca is nil")
	}
	n.ca = ca
	defer func() { n.ca = nil }()
	if n.sim.sol != nil {
		n.sim.sol.Reset() // the drive may jump at T
	}
	var tm []float64
	if len(ts) > 0 {
		tm = make([]float64, len(ts))
		for i, t := range ts {
			tm[i] = t / n.MsPerTime
		}
	}
	var o func(float64)
	if obs != nil {
		o = func(t float64) { obs(t * n.MsPerTime) }
	}
	t1 := (n.T() + dt) / n.MsPerTime
	err := n.sim.AdvanceTo(t1, tm, o)
	if n.C.inputFlux {
		n.caConst = 0
	} else {
		n.caConst = ca(t1 * n.MsPerTime)
	}
	return err
}
