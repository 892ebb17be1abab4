package spine

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// Coactive stands for the other synapses that the stimulating electrode
// recruits together with the modelled one. Extracellular stimulation of the
// Schaffer collaterals activates many fibres at once, and it is their summed
// depolarisation that relieves the Mg²⁺ block in each spine
// ("cooperativity", McNaughton et al. 1978; Bliss & Collingridge 1993 [M]).
// One synapse gives a somatic EPSP of about 0.5 mV here; whole-cell LTD and
// LTP experiments use test EPSPs of several mV, and Shouval et al. 2002 use
// a 10 mV EPSP for their rate protocol (docs/sources.md §2.1, the foundation's lfs
// preset).
//
// The Inputs − 1 other synapses are copies of the modelled one (same
// release, same AMPA and NMDA receptors and kinetics) placed on the dendrite
// compartment; their Ca²⁺ is not followed:
//
//	I_co = (Inputs − 1)·[g_AMPA(t)·(V_d − E_AMPA) + g_NMDA(t)·B(V_d)·(V_d − E_NMDA)]
//
// in the dendrite's current balance, with g_AMPA, g_NMDA the modelled
// synapse's conductances. Inputs = 1 (the default) is the single synapse.
type Coactive struct {
	Inputs float64 // synapses activated per stimulus, including this one [1]; 1 [A: single synapse]
}

// DefaultCoactive returns the single synapse.
func DefaultCoactive() Coactive { return Coactive{Inputs: 1} }

// Others is the number of co-activated synapses besides the modelled one.
func (c Coactive) Others() float64 { return c.Inputs - 1 }

// Validate checks the parameters.
func (c Coactive) Validate() error {
	if !(c.Inputs >= 1) || math.IsInf(c.Inputs, 0) {
		return fmt.Errorf("spine: Coactive.Inputs = %g: must be >= 1 (the modelled synapse counts) and finite", c.Inputs)
	}
	return nil
}

// Fields lists the parameters.
func (c *Coactive) Fields() []units.Field {
	return []units.Field{
		{Name: "inputs", Dim: units.Dimensionless, Value: &c.Inputs, Doc: "synapses activated per stimulus incl. this one, the others on the dendrite; 1 (single synapse)", Min: 1, Max: 10000},
	}
}
