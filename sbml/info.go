package sbml

import (
	"fmt"
	"strconv"
	"strings"
)

// Unsupported lists what the compiled model contains that is simulated
// only approximately (fast reactions at a finite rate); empty when every
// element is simulated as SBML specifies.
func (c *Compiled) Unsupported() []string { return append([]string(nil), c.unsupported...) }

// Notes lists remarks on the compiled model (constraints not enforced,
// reactions without kinetic laws).
func (c *Compiled) Notes() []string { return append([]string(nil), c.notes...) }

// Info describes a model for people: level, units, compartments, species,
// parameters, reactions, rules, events, and what is not simulated
// exactly (c may be nil when the model did not compile; err is then
// reported instead).
func Info(m *Model, c *Compiled, err error) string {
	var b strings.Builder
	infoHeader(&b, m)
	infoEntities(&b, m)
	infoMath(&b, m)
	infoReactions(&b, m)
	infoEvents(&b, m)
	infoCompiled(&b, c, err)
	return b.String()
}

// infoNum formats a number given in the file, "–" if absent.
func infoNum(p *float64) string {
	if p == nil {
		return "–"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

// infoHeader writes the model's id, name, level, time unit and unit
// definitions.
func infoHeader(b *strings.Builder, m *Model) {
	fmt.Fprintf(b, "model %q (%s), SBML Level %d Version %d\n", m.ID, m.Name, m.Level, m.Version)
	if ts, err := m.TimeUnit(); err == nil {
		fmt.Fprintf(b, "time unit: %g s\n", ts)
	} else {
		fmt.Fprintf(b, "time unit: %v\n", err)
	}
	if len(m.UnitDefinitions) > 0 {
		fmt.Fprintf(b, "\nunit definitions (%d):\n", len(m.UnitDefinitions))
		for _, u := range m.UnitDefinitions {
			fmt.Fprintf(b, "  %-20s = %s\n", u.ID, describeUnit(u))
		}
	}
}

// infoEntities writes the compartments, species and parameters.
func infoEntities(b *strings.Builder, m *Model) {
	fmt.Fprintf(b, "\ncompartments (%d):\n", len(m.Compartments))
	for _, x := range m.Compartments {
		fmt.Fprintf(b, "  %-20s size %-10s dims %g units %q constant %v\n", x.ID, infoNum(x.Size), x.SpatialDimensions, x.Units, x.Constant)
	}
	fmt.Fprintf(b, "\nspecies (%d):\n", len(m.Species))
	for _, x := range m.Species {
		init := "amount " + infoNum(x.InitialAmount)
		if x.InitialConcentration != nil {
			init = "conc " + infoNum(x.InitialConcentration)
		}
		var flags []string
		if x.HasOnlySubstanceUnits {
			flags = append(flags, "amount-only")
		}
		if x.BoundaryCondition {
			flags = append(flags, "boundary")
		}
		if x.Constant {
			flags = append(flags, "constant")
		}
		if x.ConversionFactor != "" {
			flags = append(flags, "conversionFactor "+x.ConversionFactor)
		}
		fmt.Fprintf(b, "  %-20s in %-12s %-18s %s\n", x.ID, x.Compartment, init, strings.Join(flags, ", "))
	}
	fmt.Fprintf(b, "\nparameters (%d):\n", len(m.Parameters))
	for _, x := range m.Parameters {
		c := ""
		if !x.Constant {
			c = " (variable)"
		}
		fmt.Fprintf(b, "  %-20s = %s %s%s\n", x.ID, infoNum(x.Value), x.Units, c)
	}
}

// infoMath writes the function definitions, initial assignments and rules.
func infoMath(b *strings.Builder, m *Model) {
	if len(m.Functions) > 0 {
		fmt.Fprintf(b, "\nfunction definitions (%d):\n", len(m.Functions))
		for _, f := range m.Functions {
			fmt.Fprintf(b, "  %s = %s\n", f.ID, f.Math)
		}
	}
	if len(m.InitialAssignments) > 0 {
		fmt.Fprintf(b, "\ninitial assignments (%d):\n", len(m.InitialAssignments))
		for _, a := range m.InitialAssignments {
			fmt.Fprintf(b, "  %s := %s\n", a.Symbol, a.Math)
		}
	}
	if len(m.Rules) > 0 {
		fmt.Fprintf(b, "\nrules (%d):\n", len(m.Rules))
		for _, r := range m.Rules {
			switch r.Kind {
			case AssignmentRule:
				fmt.Fprintf(b, "  %s = %s\n", r.Variable, r.Math)
			case RateRule:
				fmt.Fprintf(b, "  d%s/dt = %s\n", r.Variable, r.Math)
			default:
				fmt.Fprintf(b, "  0 = %s\n", r.Math)
			}
		}
	}
}

// infoReactions writes the reactions: their sides, direction, fast flag
// and kinetic law.
func infoReactions(b *strings.Builder, m *Model) {
	fmt.Fprintf(b, "\nreactions (%d):\n", len(m.Reactions))
	for _, r := range m.Reactions {
		arrow := "->"
		if r.Reversible {
			arrow = "<->"
		}
		fast := ""
		if r.Fast {
			fast = " [fast]"
		}
		law := "(no kinetic law)"
		if r.Math != nil {
			law = r.Math.String()
		}
		fmt.Fprintf(b, "  %-20s %s %s %s%s; rate = %s\n", r.ID, reactionSide(r.Reactants), arrow, reactionSide(r.Products), fast, law)
	}
}

// reactionSide formats one side of a reaction: each species with its
// stoichiometry (constant if not 1, or math), joined by +; ∅ if none.
func reactionSide(list []SpeciesRef) string {
	var p []string
	for _, s := range list {
		st := ""
		if s.Stoichiometry != nil && *s.Stoichiometry != 1 {
			st = infoNum(s.Stoichiometry) + " "
		}
		if s.StoichiometryMath != nil {
			st = "(" + s.StoichiometryMath.String() + ") "
		}
		p = append(p, st+s.Species)
	}
	if len(p) == 0 {
		return "∅"
	}
	return strings.Join(p, " + ")
}

// infoEvents writes the events: trigger, delay, priority and assignments.
func infoEvents(b *strings.Builder, m *Model) {
	if len(m.Events) > 0 {
		fmt.Fprintf(b, "\nevents (%d):\n", len(m.Events))
		for _, e := range m.Events {
			fmt.Fprintf(b, "  %-20s when %s", e.ID, e.Trigger)
			if e.Delay != nil {
				fmt.Fprintf(b, " after %s", e.Delay)
			}
			if e.Priority != nil {
				fmt.Fprintf(b, " priority %s", e.Priority)
			}
			var as []string
			for _, a := range e.Assignments {
				as = append(as, a.Variable+" := "+a.Math.String())
			}
			fmt.Fprintf(b, ": %s\n", strings.Join(as, "; "))
		}
	}
}

// infoCompiled writes what compilation found (c nil if the model did not
// compile): the state, what is simulated approximately and notes; then err,
// why the model cannot be simulated, if not nil.
func infoCompiled(b *strings.Builder, c *Compiled, err error) {
	if c != nil {
		fmt.Fprintf(b, "\nstate (%d): %s\n", len(c.state), strings.Join(c.StateNames(), ", "))
		if u := c.Unsupported(); len(u) > 0 {
			fmt.Fprintf(b, "\nsimulated approximately:\n  %s\n", strings.Join(u, "\n  "))
		} else {
			b.WriteString("\nsimulated approximately: nothing\n")
		}
		if n := c.Notes(); len(n) > 0 {
			fmt.Fprintf(b, "notes:\n  %s\n", strings.Join(n, "\n  "))
		}
	}
	if err != nil {
		fmt.Fprintf(b, "\ncannot be simulated: %v\n", err)
	}
}
