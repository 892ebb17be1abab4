package sbmlnet

import (
	"fmt"
	"math"
	"sort"

	"github.com/synlab/synlab/engine"
	tspine "github.com/synlab/synlab/tier/spine"
	"github.com/synlab/synlab/units"
)

// Step appends a spine Ca²⁺ sample (clamp: the concentration; influx: the
// change since the start, whose derivative the network receives).
func (n *Net) Step(_, b tspine.Sample) {
	v := b.Ca
	if n.x.Mode == "influx" {
		v = b.Ca - n.caV0()
	}
	n.caT = append(n.caT, b.T)
	n.caV = append(n.caV, v)
}

// caV0 is the spine's Ca²⁺ at t = 0 (influx mode's reference).
func (n *Net) caV0() float64 { return n.d.Sp.Ca.Rest }

// drive is the network's Ca²⁺ input at time x [ms]: the samples, linear in
// between (clamp), or their slope (influx) [µM/ms].
func (n *Net) drive(x float64) float64 {
	k := len(n.caT)
	i := sort.SearchFloat64s(n.caT, x) // caT[i-1] < x <= caT[i]
	if n.x.Mode == "influx" {
		if k < 2 {
			return 0
		}
		i = min(max(i, 1), k-1)
		return (n.caV[i] - n.caV[i-1]) / (n.caT[i] - n.caT[i-1])
	}
	switch {
	case x <= n.caT[0]:
		return n.caV[0]
	case x >= n.caT[k-1]:
		return n.caV[k-1]
	}
	a := (x - n.caT[i-1]) / (n.caT[i] - n.caT[i-1])
	return n.caV[i-1] + a*(n.caV[i]-n.caV[i-1])
}

// Flush integrates the network up to the last Ca²⁺ sample.
func (n *Net) Flush() {
	k := len(n.caT)
	if n.cerr != nil || k < 2 {
		return
	}
	if dt := n.caT[k-1] - n.net.T(); dt > 0 {
		if err := n.net.Advance(dt, n.drive, nil, nil); err != nil {
			n.cerr = fmt.Errorf("sbml tier: network at t = %g ms: %w", n.net.T(), err)
			return
		}
	}
	n.caT[0], n.caV[0] = n.caT[k-1], n.caV[k-1]
	n.caT, n.caV = n.caT[:1], n.caV[:1]
}

// Sync brings the network to the spine's time and, with feedback, scales
// the spine's AMPA conductance by the strength.
func (n *Net) Sync() error {
	n.Flush()
	if n.cerr != nil {
		return n.cerr
	}
	if n.x.Feedback {
		s := n.Strength()
		if !(s >= 0) || math.IsInf(s, 0) {
			return fmt.Errorf("sbml tier: the readout %q gives strength %g at t = %g ms", n.x.Readout, s, n.net.T())
		}
		return n.d.M.SetAMPA(n.n0*s, n.g0)
	}
	return nil
}

// Catch syncs when the spine has run a second past the network.
func (n *Net) Catch() error {
	if n.d.M.Time()-n.net.T() >= couple {
		return n.Sync()
	}
	return nil
}

// Sampling: no thresholds; the spine's rest; 2 ms steps on falling tails.
func (n *Net) Sampling() ([]float64, float64, float64, int) {
	return nil, tspine.Margin, n.d.Sp.Ca.Rest, tailSteps
}

// Strength is the readout over its value at t = 0.
func (n *Net) Strength() float64 { return n.net.Readout() / n.r0 }

// Vars: the readout and the network's state (model units).
func (n *Net) Vars() []units.Var {
	v := []units.Var{{Name: "sbml_readout", Unit: "model", Doc: "the readout expression " + n.x.Readout + " (model units)", Label: "Readout " + n.x.Readout}}
	if n.net == nil {
		return v
	}
	for _, id := range n.net.Names() {
		v = append(v, units.Var{Name: "sbml_" + id, Unit: "model", Doc: "SBML state " + id + " (model units: amount or value)"})
	}
	return v
}

func (n *Net) Read(dst []float64) {
	if n.net == nil {
		return
	}
	dst[0] = n.net.Readout()
	copy(dst[1:], n.net.State())
}

func (n *Net) Describe(release string) string {
	mode := "clamped onto"
	if n.x.Mode == "influx" {
		mode = "added as an influx to"
	}
	fb := "read out only"
	if n.x.Feedback {
		fb = "which also scales the AMPA conductance"
	}
	return fmt.Sprintf("CA1 spine (docs/spine-model.md), %s, driving the SBML network %q (%s, sha256 %s): the spine's Ca2+ %s %s; strength = %s / %.6g, %s",
		release, n.model.ID, n.x.File, n.sum, mode, n.x.Ca, n.x.Readout, n.r0, fb)
}

func (n *Net) View(rest float64) engine.View {
	return engine.View{Fast: []string{"v_spine_mV", "v_soma_mV", "ca_uM"}, Slow: []string{"sbml_readout"},
		Marks: map[string][]engine.Mark{"ca_uM": {{Y: rest, Label: "rest"}}, "sbml_readout": {{Y: n.r0, Label: "initial"}}}}
}
