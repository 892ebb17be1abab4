package sbml

import (
	"fmt"
	"math"
	"strings"
)

// Mode selects how Sim.Read reports a species.
type Mode uint8

// Read modes.
const (
	AsValue         Mode = iota // as the identifier reads in math (concentration unless hasOnlySubstanceUnits)
	AsAmount                    // species: amount
	AsConcentration             // species: amount / compartment size
)

// symbolOf resolves an id: a global id, or "reaction.local" for a local
// parameter of a kinetic law.
func (c *Compiled) symbolOf(id string) (int, error) {
	if si, ok := c.byID[id]; ok {
		return si, nil
	}
	if r, l, ok := strings.Cut(id, "."); ok {
		for ri, rx := range c.Model.Reactions {
			if rx.ID == r {
				if j, ok := c.locals[ri][l]; ok {
					return j, nil
				}
			}
		}
	}
	return -1, fmt.Errorf("sbml: %q is not an id of the model", id)
}

// Has reports whether id names a compartment, species, parameter, species
// reference, reaction or (as "reaction.local") local parameter.
func (c *Compiled) Has(id string) bool { _, err := c.symbolOf(id); return err == nil }

// IsSpecies reports whether id names a species.
func (c *Compiled) IsSpecies(id string) bool {
	si, ok := c.byID[id]
	return ok && c.syms[si].kind == kSpecies
}

// StateNames returns the ids of the state components, in state order:
// species changed by reactions (their amounts) and variables of rate rules
// (their values).
func (c *Compiled) StateNames() []string {
	out := make([]string, len(c.stSym))
	for k, si := range c.stSym {
		out[k] = c.syms[si].id
	}
	return out
}

// Read returns id's current value in the given mode.
func (s *Sim) Read(id string, m Mode) (float64, error) {
	si, err := s.c.symbolOf(id)
	if err != nil {
		return 0, err
	}
	return s.read(si, m), nil
}

func (s *Sim) read(si int, m Mode) float64 {
	sy := s.c.syms[si]
	v := s.e.v
	if sy.kind != kSpecies || m == AsValue {
		return v[sy.slot]
	}
	size := v[s.c.syms[sy.comp].slot]
	if s.c.syms[sy.comp].zeroD {
		size = 1
	}
	if m == AsAmount {
		if sy.hosu {
			return v[sy.slot]
		}
		return v[sy.amt]
	}
	if sy.hosu {
		return v[sy.slot] / size
	}
	return v[sy.slot]
}

// Value returns id's current value as it reads in the model's math.
func (s *Sim) Value(id string) (float64, error) { return s.Read(id, AsValue) }

// SetValue sets id's value now, as an event assignment would: a species
// without hasOnlySubstanceUnits is given a concentration; a compartment's
// new size keeps its species' amounts. Constant parameters may be set too
// (a drug changing a rate constant); values computed from them by initial
// assignments keep their t = 0 values. Setting a variable of an
// assignment rule or a reaction is an error.
func (s *Sim) SetValue(id string, v float64) error {
	si, err := s.c.symbolOf(id)
	if err != nil {
		return err
	}
	sy := s.c.syms[si]
	if sy.kind == kReaction || (sy.rule >= 0 && sy.ruleKind == AssignmentRule) || sy.alg {
		return fmt.Errorf("sbml: SetValue(%q): its value is computed (%s)", id, map[bool]string{true: "reaction rate", false: "rule"}[sy.kind == kReaction])
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("sbml: SetValue(%q, %g): not a finite number", id, v)
	}
	s.assign(si, v)
	if s.sol != nil {
		s.sol.Reset()
	}
	s.refresh()
	return nil
}

// State returns a copy of the state vector (see Compiled.StateNames).
func (s *Sim) State() []float64 { return append([]float64(nil), s.y...) }

// pattern returns the structural nonzeros of the Jacobian: whether the
// derivative of state i reads state j through any chain of nodes.
func (c *Compiled) pattern() func(i, j int) bool {
	n := len(c.state)
	words := (n + 63) / 64
	mask := make(map[int][]uint64)
	for k, sl := range c.state {
		m := make([]uint64, words)
		m[k/64] |= 1 << (k % 64)
		mask[sl] = m
	}
	for _, nd := range c.rhsNodes {
		m := make([]uint64, words)
		for _, d := range nd.deps {
			if dm, ok := mask[d]; ok {
				for w := range m {
					m[w] |= dm[w]
				}
			}
		}
		mask[nd.out] = m
	}
	rows := make([][]uint64, n)
	for i, d := range c.dslot {
		rows[i] = mask[d]
	}
	return func(i, j int) bool {
		r := rows[i]
		return r != nil && r[j/64]&(1<<(j%64)) != 0
	}
}
