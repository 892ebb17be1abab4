package sbml

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestMathML evaluates each operator once against a value computed by
// hand (the identities in the comments).
func TestMathML(t *testing.T) {
	cases := []struct {
		name string
		x    string
		want float64
	}{
		{"plus n-ary", `<apply><plus/><cn>1</cn><cn>2</cn><cn>3.5</cn></apply>`, 6.5},
		{"plus of nothing", `<apply><plus/></apply>`, 0},
		{"times of nothing", `<apply><times/></apply>`, 1},
		{"unary minus", `<apply><minus/><cn>2</cn></apply>`, -2},
		{"divide", `<apply><divide/><cn>1</cn><cn>4</cn></apply>`, 0.25},
		{"power", `<apply><power/><cn>2</cn><cn>10</cn></apply>`, 1024},
		{"root default 2", `<apply><root/><cn>16</cn></apply>`, 4},
		{"cube root of −8", `<apply><root/><degree><cn>3</cn></degree><cn>-8</cn></apply>`, -2},
		{"log default 10", `<apply><log/><cn>1000</cn></apply>`, 3},
		{"log base 2", `<apply><log/><logbase><cn>2</cn></logbase><cn>8</cn></apply>`, 3},
		{"ln e", `<apply><ln/><exponentiale/></apply>`, 1},
		{"factorial 5", `<apply><factorial/><cn>5</cn></apply>`, 120},
		{"e-notation", `<cn type="e-notation">1.5<sep/>3</cn>`, 1500},
		{"rational", `<cn type="rational">1<sep/>4</cn>`, 0.25},
		{"arccot 0 = π/2", `<apply><arccot/><cn>0</cn></apply>`, math.Pi / 2},
		{"sech 0 = 1", `<apply><sech/><cn>0</cn></apply>`, 1},
		{"lt chain true", `<apply><lt/><cn>1</cn><cn>2</cn><cn>3</cn></apply>`, 1},
		{"lt chain false", `<apply><lt/><cn>1</cn><cn>3</cn><cn>2</cn></apply>`, 0},
		{"xor of three trues", `<apply><xor/><true/><true/><true/></apply>`, 1},
		{"implies false→x", `<apply><implies/><false/><false/></apply>`, 1},
		{"piecewise picks 2nd", `<piecewise><piece><cn>1</cn><false/></piece><piece><cn>2</cn><true/></piece><otherwise><cn>3</cn></otherwise></piecewise>`, 2},
		{"piecewise otherwise", `<piecewise><piece><cn>1</cn><false/></piece><otherwise><cn>3</cn></otherwise></piecewise>`, 3},
		{"max", `<apply><max/><cn>1</cn><cn>7</cn><cn>3</cn></apply>`, 7},
		{"rem keeps the dividend's sign", `<apply><rem/><cn>-7</cn><cn>3</cn></apply>`, -1},
		{"quotient truncates", `<apply><quotient/><cn>-7</cn><cn>2</cn></apply>`, -3},
		{"avogadro", `<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/avogadro">N</csymbol>`, Avogadro},
		{"boolean as number", `<apply><plus/><true/><true/></apply>`, 2},
	}
	for _, c := range cases {
		doc := l3(`<listOfParameters><parameter id="p" constant="false"/></listOfParameters><listOfRules><assignmentRule variable="p">` + mathml(c.x) + `</assignmentRule></listOfRules>`)
		m, err := Parse([]byte(doc))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		cm, err := Compile(m, Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		s, err := cm.New()
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got, _ := s.Value("p")
		if math.Abs(got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s: %g, want %g", c.name, got, c.want)
		}
	}
}

// TestParseExpr checks the infix readout parser against the same values
// written in MathML.
func TestParseExpr(t *testing.T) {
	cases := []struct {
		src  string
		want float64
	}{
		{"1 + 2 * 3", 7},
		{"(1 + 2) * 3", 9},
		{"2 ^ 3 ^ 2", 512}, // right-associative
		{"-2 ^ 2", -4},
		{"sqrt(16) + log(100) + ln(1)", 6},
		{"max(1, 5, 3) - min(4, 2)", 3},
		{"1 < 2 && 3 >= 3", 1},
		{"!(1 == 1) || 0", 0},
		{"piecewise(10, 1 > 2, 20)", 20},
		{"1.5e3 / 1e3", 1.5},
	}
	m, err := Parse([]byte(l3("")))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range cases {
		x, err := ParseExpr(k.src)
		if err != nil {
			t.Errorf("%s: %v", k.src, err)
			continue
		}
		r, err := c.CompileExpr(x)
		if err != nil {
			t.Errorf("%s: %v", k.src, err)
			continue
		}
		if got := s.Eval(r); got != k.want {
			t.Errorf("%s = %g, want %g", k.src, got, k.want)
		}
	}
	for _, bad := range []string{"1 +", "(1", "f(1", "1 2", strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300)} {
		if _, err := ParseExpr(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// bindingModel is Ca + CaM ⇌ CaCaM in µM and seconds (substance µmol,
// volume litre): kon = 10 /(µM·s), koff = 5 /s, so Kd = 0.5 µM, CaM total
// 10 µM.
const bindingModel = `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
<model id="binding" substanceUnits="umol" timeUnits="second" volumeUnits="litre" extentUnits="umol">
<listOfUnitDefinitions><unitDefinition id="umol"><listOfUnits><unit kind="mole" exponent="1" scale="-6" multiplier="1"/></listOfUnits></unitDefinition></listOfUnitDefinitions>
<listOfCompartments><compartment id="spine" size="1" constant="true"/></listOfCompartments>
<listOfSpecies>
<species id="Ca" compartment="spine" initialConcentration="0.1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
<species id="CaM" compartment="spine" initialConcentration="10" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
<species id="CaCaM" compartment="spine" initialConcentration="0" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
</listOfSpecies>
<listOfParameters><parameter id="kon" value="10" constant="true"/><parameter id="koff" value="5" constant="true"/></listOfParameters>
<listOfReactions><reaction id="bind" reversible="true">
<listOfReactants><speciesReference species="Ca" stoichiometry="1" constant="true"/><speciesReference species="CaM" stoichiometry="1" constant="true"/></listOfReactants>
<listOfProducts><speciesReference species="CaCaM" stoichiometry="1" constant="true"/></listOfProducts>
<kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>spine</ci><apply><minus/>
<apply><times/><ci>kon</ci><ci>Ca</ci><ci>CaM</ci></apply><apply><times/><ci>koff</ci><ci>CaCaM</ci></apply></apply></apply></math></kineticLaw>
</reaction></listOfReactions></model></sbml>`

// TestNetworkClamp clamps Ca at 1 µM and checks the bound fraction at
// equilibrium, Ca/(Ca + Kd) = 1/1.5, after 10 s (≫ 1/(kon·Ca + koff) =
// 67 ms); the readout is that fraction.
func TestNetworkClamp(t *testing.T) {
	m, err := Parse([]byte(bindingModel))
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetwork(m, Coupling{Ca: "Ca", Mode: CaClamp, Readout: "CaCaM / (CaM + CaCaM)"})
	if err != nil {
		t.Fatal(err)
	}
	if n.MsPerTime != 1000 || math.Abs(n.MicroMolar-1) > 1e-12 {
		t.Fatalf("conversions: %g ms per time unit, %g µM per concentration unit; want 1000, 1", n.MsPerTime, n.MicroMolar)
	}
	var seen []float64
	err = n.Advance(10_000, func(float64) float64 { return 1 }, []float64{5000, 10_000}, func(t float64) { seen = append(seen, t) })
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n.Readout(), 1/1.5; math.Abs(got-want) > 1e-6 {
		t.Errorf("bound fraction %g, want %g", got, want)
	}
	if n.T() != 10_000 || len(seen) != 2 || seen[1] != 10_000 {
		t.Errorf("T = %g ms, observed at %v", n.T(), seen)
	}
	// A drug halving kon: Kd doubles to 1 µM, bound fraction 1/2.
	kon, _ := n.Param("kon")
	if err := n.SetParam("kon", kon/2); err != nil {
		t.Fatal(err)
	}
	if err := n.Advance(10_000, func(float64) float64 { return 1 }, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := n.Readout(); math.Abs(got-0.5) > 1e-6 {
		t.Errorf("with kon/2: bound fraction %g, want 0.5", got)
	}
}

// TestNetworkInflux feeds 2 µM/ms into free Ca with no binding (CaM = 0)
// for 5 ms: Ca rises by 10 µM. Deriv reports the same rate per ms.
func TestNetworkInflux(t *testing.T) {
	doc := strings.Replace(bindingModel, `id="CaM" compartment="spine" initialConcentration="10"`, `id="CaM" compartment="spine" initialConcentration="0"`, 1)
	m, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetwork(m, Coupling{Ca: "Ca", Mode: CaInflux, Readout: "Ca"})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Advance(5, func(float64) float64 { return 2 }, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := n.Readout(); math.Abs(got-10.1) > 1e-9 {
		t.Errorf("Ca = %g µM after 5 ms of 2 µM/ms from 0.1 µM, want 10.1", got)
	}
	y := n.State()
	dy := make([]float64, len(y))
	n.Deriv(n.T(), y, dy, 2)
	for i, name := range n.Names() {
		// The state is Ca's amount [µmol] in 1 L: 2 µM/ms is 2 µmol/ms.
		if name == "Ca" && math.Abs(dy[i]-2) > 1e-9 {
			t.Errorf("dCa/dt = %g µmol/ms, want 2", dy[i])
		}
	}
}

// TestUnits checks the unit factors of the coupling.
func TestUnits(t *testing.T) {
	doc := l3(`<listOfUnitDefinitions>
<unitDefinition id="min"><listOfUnits><unit kind="second" exponent="1" scale="0" multiplier="60"/></listOfUnits></unitDefinition>
<unitDefinition id="nmol"><listOfUnits><unit kind="mole" exponent="1" scale="-9" multiplier="1"/></listOfUnits></unitDefinition>
<unitDefinition id="um3"><listOfUnits><unit kind="metre" exponent="3" scale="-6" multiplier="1"/></listOfUnits></unitDefinition>
</listOfUnitDefinitions>
<listOfCompartments><compartment id="c" size="1" units="um3" constant="true"/></listOfCompartments>
<listOfSpecies><species id="S" compartment="c" initialAmount="1" substanceUnits="nmol" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>`)
	doc = strings.Replace(doc, `<model id="m">`, `<model id="m" timeUnits="min">`, 1)
	m, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := m.TimeUnit()
	if err != nil || ts != 60 {
		t.Errorf("time unit = %g s (%v), want 60", ts, err)
	}
	// 1 nmol / µm³ = 1e-9 mol / 1e-15 L = 1e6 M = 1e12 µM.
	um, err := m.ConcentrationUnit("S")
	if err != nil || math.Abs(um/1e12-1) > 1e-12 {
		t.Errorf("concentration unit = %g µM (%v), want 1e12", um, err)
	}
}

// TestL2Defaults reads a Level 2 file relying on defaults: species
// concentrations, reversible reactions, stoichiometry 1, constant
// parameters.
func TestL2Defaults(t *testing.T) {
	doc := `<sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4"><model id="m">
<listOfCompartments><compartment id="c" size="2"/></listOfCompartments>
<listOfSpecies><species id="A" compartment="c" initialConcentration="1"/><species id="B" compartment="c" initialAmount="0"/></listOfSpecies>
<listOfReactions><reaction id="r"><listOfReactants><speciesReference species="A"/></listOfReactants><listOfProducts><speciesReference species="B"/></listOfProducts>
<kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>c</ci><ci>k</ci><ci>A</ci></apply></math>
<listOfParameters><parameter id="k" value="1"/></listOfParameters></kineticLaw></reaction></listOfReactions></model></sbml>`
	m, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !m.Reactions[0].Reversible || m.Species[0].HasOnlySubstanceUnits || !m.Compartments[0].Constant {
		t.Errorf("L2 defaults not applied: %+v", m.Reactions[0])
	}
	c, err := Compile(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AdvanceTo(1, nil, nil); err != nil {
		t.Fatal(err)
	}
	// A(t) = e^(−t) (concentration), amount 2·e^(−1) at t = 1.
	a, _ := s.Read("A", AsAmount)
	if want := 2 * math.Exp(-1); math.Abs(a-want) > 1e-7 {
		t.Errorf("amount of A at t = 1: %g, want %g", a, want)
	}
	if v, _ := s.Value("r.k"); v != 1 {
		t.Errorf("local parameter r.k = %g, want 1", v)
	}
}

// ExampleNetwork drives the binding model's Ca with a 1 µM step and
// reads the CaM occupancy after 100 ms and 1 s, as the mechanistic tier
// would with the spine's Ca²⁺ transient.
func ExampleNetwork() {
	m, err := Parse([]byte(bindingModel))
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := NewNetwork(m, Coupling{Ca: "Ca", Mode: CaClamp, Readout: "CaCaM / (CaM + CaCaM)"})
	if err != nil {
		fmt.Println(err)
		return
	}
	step := func(t float64) float64 { return 1 } // µM
	err = n.Advance(1000, step, []float64{100, 1000}, func(t float64) {
		fmt.Printf("t = %4.0f ms  occupancy %.4f\n", t, n.Readout())
	})
	if err != nil {
		fmt.Println(err)
	}
	// With Ca clamped, d[CaCaM]/dt = kon·1·(10 − x) − koff·x = 100 − 15x,
	// so x = (20/3)(1 − e^(−15t)): occupancy 0.5179 at 0.1 s, 2/3 at 1 s.
	// Output:
	// t =  100 ms  occupancy 0.5179
	// t = 1000 ms  occupancy 0.6667
}

// FuzzParse checks that no input makes the reader, compiler or a short
// simulation panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(bindingModel))
	f.Add([]byte(l3(`<listOfParameters><parameter id="p" constant="false"/></listOfParameters><listOfRules><rateRule variable="p">` + mathml(`<apply><divide/><cn>1</cn><ci>p</ci></apply>`) + `</rateRule></listOfRules>`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			return
		}
		c, err := Compile(m, Options{})
		if err != nil {
			return
		}
		s, err := c.New()
		if err != nil {
			return
		}
		s.MaxSteps = 10_000
		_ = s.AdvanceTo(1, nil, nil)
	})
}
