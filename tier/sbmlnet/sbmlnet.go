// Package sbmlnet is the sbml tier of the ca1 preparation (model.tier:
// sbml): bring your own cascade. The biophysical CA1 spine of package spine
// (docs/spine-model.md) drives an imported SBML network (package sbml) with
// its own free Ca²⁺, and an expression over the network's ids is the
// strength (docs/sbml.md, Coupling):
//
//	model:
//	  tier: sbml
//	  sbml: {file: shouval2002.xml, ca: Ca, readout: W}
//
// Coupling. The spine's Ca²⁺ is sampled as for the mechanistic tier (every
// 0.1 ms while it moves, every 2 ms on falling tails, at chunk ends when
// settled) and handed to the network as a piecewise-linear drive: clamped
// onto the named species (mode clamp, default) or added as an influx equal
// to the spine Ca²⁺'s rate of change (mode influx), in the model's units
// (sbml.Network states the conversions). The network is brought up to the
// spine's time before every event, at every record time and at least every
// second. Strength = readout / its value at t = 0; with feedback: true it
// also scales the spine's AMPA conductance, as the mechanistic tiers'
// trapped receptors do.
//
// Parameters. Every constant global parameter of the model is an override
// "sbml.ID" (in the model's units, before initial assignments are
// computed). Drugs: the spine's targets act on the spine as on the spine
// tier; a drug on an enzyme target (CaMKII, calcineurin, PP1, PP2A, PKA)
// multiplies the parameters model.sbml.drugs maps that target to by the
// target's open fraction.
package sbmlnet

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/sbml"
	"github.com/synlab/synlab/spine"
	tspine "github.com/synlab/synlab/tier/spine"
	"github.com/synlab/synlab/units"
)

// Tier is the sbml tier of the ca1 preparation.
func Tier() engine.Tier {
	t := engine.Tier{
		Preparation: "ca1", Name: experiment.SBMLTier,
		Doc:   "bring your own cascade: the biophysical CA1 spine driving an imported SBML network (model.sbml: file, Ca species, readout; docs/sbml.md)",
		Sets:  []engine.Set{{Name: "default", Doc: "the network of model.sbml"}},
		Drugs: append(tspine.Drugs(), drug.CaMKII, drug.CaN, drug.PP1, drug.PP2A, drug.PKA),
		Timed: true,
	}
	t.Check = func(pl *engine.Plan) ([]string, error) {
		d, err := build(pl, nil, true)
		if err != nil {
			return nil, err
		}
		return engine.VarNames(d.Vars()), nil
	}
	t.Build = func(pl *engine.Plan, rng *rand.Rand) (engine.Model, error) { return build(pl, rng, false) }
	return t
}

// Solver settings.
const (
	defaultRelTol = 1e-6 // the network's relative tolerance unless model.sbml.rtol says otherwise
	maxSteps      = 1e9  // solver steps over a run: a budget against blow-ups, far above any real run
	couple        = 1000.0
	tailSteps     = 20 // Ca²⁺ sampling step on a falling tail in units of 0.1 ms, as the mechanistic tier
)

func build(pl *engine.Plan, rng *rand.Rand, check bool) (*tspine.Driver, error) {
	n, err := newNet(pl)
	if err != nil {
		return nil, err
	}
	return tspine.NewDriver(pl, rng, tspine.RuleStep, "spine/sbml", n, check)
}

// Net is the readout: the SBML network on the spine's Ca²⁺.
type Net struct {
	x      *experiment.SBML
	model  *sbml.Model
	sum    string // SHA-256 of the file, first 12 hex digits
	net    *sbml.Network
	d      *tspine.Driver
	params []string // ids of the overridable parameters, in file order
	r0     float64
	n0, g0 float64 // the spine's resting AMPA count and unitary conductance (feedback)
	rtol   float64
	drugs  map[drug.Target][]string
	base   map[string]float64 // drug-mapped parameters before drugs
	caT    []float64
	caV    []float64
	cerr   error
}

func fail(path, value, allowed string) error {
	return &experiment.FieldError{Path: path, Value: value, Allowed: allowed}
}

// newNet reads and parses the model file.
func newNet(pl *engine.Plan) (*Net, error) {
	x := pl.Spec.Model.SBML
	data, err := os.ReadFile(x.File)
	if err != nil {
		return nil, fail("model.sbml.file", x.File, "a readable SBML file ("+err.Error()+"; a relative path is relative to the spec file)")
	}
	m, err := sbml.Parse(data)
	if err != nil {
		return nil, fail("model.sbml.file", x.File, "a valid SBML model: "+err.Error())
	}
	h := sha256.Sum256(data)
	n := &Net{x: x, model: m, sum: fmt.Sprintf("%x", h[:6]), rtol: defaultRelTol, base: map[string]float64{}}
	for _, p := range m.Parameters {
		if p.Constant && p.Value != nil {
			n.params = append(n.params, p.ID)
		}
	}
	if x.RelTol != "" {
		if _, err := fmt.Sscan(x.RelTol, &n.rtol); err != nil || !(n.rtol > 0 && n.rtol <= 1e-2) {
			return nil, fail("model.sbml.rtol", x.RelTol, "a relative tolerance in (0, 0.01]")
		}
	}
	return n, nil
}

// Fields: every constant global parameter of the model as "sbml.ID".
func (n *Net) Fields() []units.Field {
	var f []units.Field
	for i := range n.model.Parameters {
		p := &n.model.Parameters[i]
		if p.Constant && p.Value != nil {
			f = append(f, units.Field{Name: "sbml." + p.ID, Dim: units.Dimensionless, Value: p.Value,
				Doc: strings.TrimSpace("SBML parameter " + p.ID + " of " + n.x.File + ", in the model's units " + p.Units)})
		}
	}
	return f
}

// Init compiles the network with the Ca²⁺ input and the readout, checks
// the drug map, and couples the spine's AMPA conductance if asked.
func (n *Net) Init(d *tspine.Driver) error {
	n.d = d
	if k := d.Pl.Spec.Model.Synapses; k > 1 {
		return fail("model.synapses", fmt.Sprint(k), "1: the sbml tier is one spine")
	}
	mode := sbml.CaClamp
	if n.x.Mode == "influx" {
		mode = sbml.CaInflux
	}
	net, err := sbml.NewNetwork(n.model, sbml.Coupling{Ca: n.x.Ca, Mode: mode, Readout: n.x.Readout})
	if err != nil {
		path := "model.sbml.file"
		switch msg := err.Error(); {
		case strings.Contains(msg, "readout") || strings.Contains(msg, "expression"):
			path = "model.sbml.readout"
		case strings.Contains(msg, n.x.Ca):
			path = "model.sbml.ca"
		}
		return fail(path, n.x.File, "an SBML network synlab can couple: "+err.Error())
	}
	n.net = net
	s := net.Sim()
	s.RelTol, s.MaxSteps = n.rtol, maxSteps
	n.r0 = net.Readout()
	if !(n.r0 != 0) || n.r0 != n.r0 {
		return fail("model.sbml.readout", n.x.Readout, fmt.Sprintf("an expression with a finite, non-zero value at t = 0 (it is %g)", n.r0))
	}
	if err := n.mapDrugs(); err != nil {
		return err
	}
	n.n0, n.g0 = d.Sp.AMPA.N, d.Sp.AMPA.Gamma
	n.caT = append(n.caT[:0], 0)
	n.caV = append(n.caV[:0], d.M.State()[spine.ICa])
	if n.x.Mode == "influx" { // the network starts from its own Ca²⁺; the drive is the spine's change
		n.caV[0] = 0
	}
	return n.drugsNow(d.Drug)
}

// mapDrugs reads model.sbml.drugs and refuses a drug on an enzyme target
// the map does not cover.
func (n *Net) mapDrugs() error {
	n.drugs = map[drug.Target][]string{}
	for k, v := range n.x.Drugs {
		t := drug.Target(k)
		if _, ok := drug.TargetDoc(t); !ok {
			return fail("model.sbml.drugs", k, "a drug target key (synlab drugs lists them)")
		}
		for _, id := range strings.Split(v, ",") {
			id = strings.TrimSpace(id)
			val, err := n.net.Param(id)
			if err != nil {
				return fail("model.sbml.drugs."+k, id, "ids of the model's parameters: "+err.Error())
			}
			n.drugs[t] = append(n.drugs[t], id)
			n.base[id] = val
		}
	}
	spineTargets := tspine.Drugs()
	for _, dose := range n.d.Pl.Drugs {
		info, _ := drug.Find(dose.Name)
		for _, a := range info.Actions() {
			if _, mapped := n.drugs[a.Target]; !mapped && !contains(spineTargets, a.Target) && len(info.Actions()) == 1 {
				return fail("drugs", dose.Name, fmt.Sprintf("a drug the network can feel: %s acts on %s; map that target to parameters in model.sbml.drugs", info.Name, a.Target))
			}
		}
	}
	return nil
}

func contains(ts []drug.Target, t drug.Target) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// drugsNow sets the mapped parameters to their values times the open
// fraction of their target.
func (n *Net) drugsNow(e drug.Effects) error {
	targets := make([]string, 0, len(n.drugs))
	for t := range n.drugs {
		targets = append(targets, string(t))
	}
	sort.Strings(targets)
	for _, k := range targets {
		f := e.Open(drug.Target(k))
		for _, id := range n.drugs[drug.Target(k)] {
			if err := n.net.SetParam(id, n.base[id]*f); err != nil {
				return err
			}
		}
	}
	return nil
}

// Drugs applies new drug effects (after the spine's).
func (n *Net) Drugs(e drug.Effects, _ spine.Endocytosis) error { return n.drugsNow(e) }
