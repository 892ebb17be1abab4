package sbml

import (
	"fmt"
	"math"
	"strings"
)

// Unit scales: what one model unit of time, substance and volume is in
// seconds, moles and litres. SBML units are (multiplier·10^scale·kind)^exponent
// products; only the single-kind forms that time, substance and volume take
// are converted. Defaults: Level 2's built-in "time" (second), "substance"
// (mole) and "volume" (litre), which a unitDefinition of that id
// redefines; in Level 3 the model's timeUnits, substanceUnits and
// volumeUnits, and the same SI units where they are not given.

// unitIn returns the size of unit u in the base unit of kind (second,
// mole, litre); "" is the base unit itself.
func (m *Model) unitIn(u, kind string) (float64, error) {
	if u == "" {
		return 1, nil
	}
	for _, ud := range m.UnitDefinitions {
		if ud.ID != u {
			continue
		}
		f := 1.0
		for _, x := range ud.Units {
			k, err := baseOf(x.Kind, kind)
			if err != nil {
				return 0, fmt.Errorf("sbml: unit %q: %v", u, err)
			}
			want := 1.0
			if x.Kind == "metre" || x.Kind == "meter" {
				want = 3 // (m)³ is the volume; k = 1000 L per m³
			}
			if x.Exponent != want {
				return 0, fmt.Errorf("sbml: unit %q: %s^%g is not a %s", u, x.Kind, x.Exponent, kind)
			}
			f *= math.Pow(x.Multiplier*math.Pow(10, x.Scale), want) * k
		}
		return f, nil
	}
	k, err := baseOf(u, kind)
	if err != nil {
		return 0, fmt.Errorf("sbml: unit %q: %v", u, err)
	}
	return k, nil
}

// baseOf converts a base unit kind into the base of the wanted kind.
func baseOf(k, kind string) (float64, error) {
	switch kind {
	case "second":
		switch k {
		case "second":
			return 1, nil
		}
	case "mole":
		switch k {
		case "mole":
			return 1, nil
		case "item":
			return 1 / Avogadro, nil
		}
	case "litre":
		switch k {
		case "litre", "liter":
			return 1, nil
		case "metre", "meter":
			return 1e3, nil // (1 m)³ = 1000 L (a bare metre: see unitIn)
		case "dimensionless":
			return 1, nil
		}
	}
	return 0, fmt.Errorf("%q is not a unit of %s", k, kind)
}

// TimeUnit returns the seconds in one unit of the model's time.
func (m *Model) TimeUnit() (float64, error) {
	u := m.TimeUnits
	if m.Level == 2 {
		u = "time"
		if !m.hasUnitDef("time") {
			return 1, nil
		}
	}
	return m.unitIn(u, "second")
}

func (m *Model) hasUnitDef(id string) bool {
	for _, ud := range m.UnitDefinitions {
		if ud.ID == id {
			return true
		}
	}
	return false
}

// ConcentrationUnit returns the µM in one unit of concentration of
// species id: its substance unit over its compartment's volume unit (for
// a parameter: the model's substance over volume units).
func (m *Model) ConcentrationUnit(id string) (float64, error) {
	sub, vol := m.SubstanceUnits, m.VolumeUnits
	if m.Level == 2 {
		sub, vol = "substance", "volume"
	}
	for _, s := range m.Species {
		if s.ID != id {
			continue
		}
		if s.SubstanceUnits != "" {
			sub = s.SubstanceUnits
		}
		for _, c := range m.Compartments {
			if c.ID == s.Compartment && c.Units != "" {
				vol = c.Units
			}
		}
	}
	if m.Level == 2 && sub == "substance" && !m.hasUnitDef("substance") {
		sub = "mole"
	}
	if m.Level == 2 && vol == "volume" && !m.hasUnitDef("volume") {
		vol = "litre"
	}
	fs, err := m.unitIn(sub, "mole")
	if err != nil {
		return 0, err
	}
	fv, err := m.unitIn(vol, "litre")
	if err != nil {
		return 0, err
	}
	return fs / fv * 1e6, nil
}

// describeUnit prints a unit definition: 1e-3·mole·litre^-1.
func describeUnit(ud UnitDefinition) string {
	var parts []string
	for _, u := range ud.Units {
		s := u.Kind
		f := u.Multiplier * math.Pow(10, u.Scale)
		if f != 1 {
			s = fmt.Sprintf("(%g·%s)", f, u.Kind)
		}
		if u.Exponent != 1 {
			s += fmt.Sprintf("^%g", u.Exponent)
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "dimensionless"
	}
	return strings.Join(parts, "·")
}
