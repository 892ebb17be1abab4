package sbml

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

// l3 wraps model content in an SBML L3V2 document.
func l3(content string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
<model id="m">` + content + `</model></sbml>`
}

// math wraps MathML content.
func mathml(x string) string {
	return `<math xmlns="http://www.w3.org/1998/Math/MathML">` + x + `</math>`
}

// hostileBudget bounds each hostile case: a clear error within this time
// and with at most hostileMem bytes allocated.
const (
	hostileBudget = 5 * time.Second
	hostileMem    = 512 << 20
)

// load reads and compiles a document and, if that works, simulates it
// for 10 time units.
func load(doc string) error {
	m, err := Parse([]byte(doc))
	if err != nil {
		return err
	}
	c, err := Compile(m, Options{})
	if err != nil {
		return err
	}
	s, err := c.New()
	if err != nil {
		return err
	}
	return s.AdvanceTo(10, nil, nil)
}

// TestHostile feeds malformed and hostile documents and requires a clear
// error (containing want) in bounded time and memory.
func TestHostile(t *testing.T) {
	deep := strings.Repeat("<apply><minus/>", 100_000) + "<cn>1</cn>" + strings.Repeat("</apply>", 100_000)
	laughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<sbml level="3" version="2"><model id="m"><listOfParameters><parameter id="p" value="1" name="&lol3;"/></listOfParameters></model></sbml>`
	xxe := `<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY f SYSTEM "file:///etc/passwd">]>
<sbml level="3" version="2"><model id="m" name="&f;"/></sbml>`
	// f0(x) = x + x, f1(x) = f0(f0(x)) + f0(x), …: each level doubles the
	// expanded size.
	var fns strings.Builder
	fns.WriteString(`<listOfFunctionDefinitions><functionDefinition id="f0">` +
		mathml(`<lambda><bvar><ci>x</ci></bvar><apply><plus/><ci>x</ci><ci>x</ci></apply></lambda>`) + `</functionDefinition>`)
	for i := 1; i < 60; i++ {
		prev := "f" + itoa(i-1)
		fns.WriteString(`<functionDefinition id="f` + itoa(i) + `">` + mathml(`<lambda><bvar><ci>x</ci></bvar><apply><plus/><apply><ci>`+prev+`</ci><apply><ci>`+prev+`</ci><ci>x</ci></apply></apply><apply><ci>`+prev+`</ci><ci>x</ci></apply></apply></lambda>`) + `</functionDefinition>`)
	}
	fns.WriteString(`</listOfFunctionDefinitions>`)
	expo := l3(fns.String() + `<listOfParameters><parameter id="p" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="p">` + mathml(`<apply><ci>f59</ci><cn>1</cn></apply>`) + `</assignmentRule></listOfRules>`)

	cases := []struct {
		name, doc, want string
	}{
		{"deep nesting", l3(`<listOfParameters><parameter id="p" constant="false"/></listOfParameters><listOfRules><assignmentRule variable="p">` + mathml(deep) + `</assignmentRule></listOfRules>`), "nested deeper than"},
		{"entity expansion", laughs, "DTD entity declarations are not accepted"},
		{"external entity", xxe, "DTD entity declarations are not accepted"},
		{"huge number attribute", l3(`<listOfParameters><parameter id="p" value="1e999" constant="true"/></listOfParameters>`), `<parameter id="p">: value = "1e999": beyond the range`},
		{"huge number in math", l3(`<listOfParameters><parameter id="p" constant="false"/></listOfParameters><listOfRules><assignmentRule variable="p">` + mathml(`<cn>-4e400</cn>`) + `</assignmentRule></listOfRules>`), "beyond the range"},
		{"cyclic assignment rules", l3(`<listOfParameters><parameter id="a" constant="false"/><parameter id="b" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="a">` + mathml(`<apply><plus/><ci>b</ci><cn>1</cn></apply>`) + `</assignmentRule>
<assignmentRule variable="b">` + mathml(`<apply><times/><ci>a</ci><cn>2</cn></apply>`) + `</assignmentRule></listOfRules>`), "cyclic rules: assignment rule for a, assignment rule for b"},
		{"self-referencing rule", l3(`<listOfParameters><parameter id="a" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="a">` + mathml(`<apply><plus/><ci>a</ci><cn>1</cn></apply>`) + `</assignmentRule></listOfRules>`), "assignment rule for a depends on itself"},
		{"cyclic function definitions", l3(`<listOfFunctionDefinitions>
<functionDefinition id="f">` + mathml(`<lambda><bvar><ci>x</ci></bvar><apply><ci>g</ci><ci>x</ci></apply></lambda>`) + `</functionDefinition>
<functionDefinition id="g">` + mathml(`<lambda><bvar><ci>x</ci></bvar><apply><ci>f</ci><ci>x</ci></apply></lambda>`) + `</functionDefinition>
</listOfFunctionDefinitions><listOfParameters><parameter id="p" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="p">` + mathml(`<apply><ci>f</ci><cn>1</cn></apply>`) + `</assignmentRule></listOfRules>`), "cyclic function definitions: f → g → f"},
		{"exponential function nesting", expo, "operations"},
		{"division by zero in a rate law", l3(`<listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
<listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
<listOfParameters><parameter id="k" value="0" constant="true"/></listOfParameters>
<listOfReactions><reaction id="R1" reversible="false"><listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
<kineticLaw>` + mathml(`<apply><divide/><ci>S</ci><ci>k</ci></apply>`) + `</kineticLaw></reaction></listOfReactions>`), `kinetic law of reaction R1 is +Inf`},
		{"undefined id", l3(`<listOfParameters><parameter id="p" constant="false"/></listOfParameters><listOfRules><assignmentRule variable="p">` + mathml(`<ci>nope</ci>`) + `</assignmentRule></listOfRules>`), `line 3: assignment rule for "p": line 3: "nope" is not defined`},
		{"not XML", "<sbml level='3' version='2'><model>", "XML"},
		{"Level 1", `<sbml level="1" version="2"><model/></sbml>`, "Level 1 Version 2 is not supported"},
		{"events re-triggering each other at one instant", l3(`<listOfParameters><parameter id="p" value="0" constant="false"/></listOfParameters>
<listOfEvents><event useValuesFromTriggerTime="true"><trigger initialValue="false" persistent="true">` + mathml(`<apply><eq/><ci>p</ci><cn>0</cn></apply>`) + `</trigger>
<listOfEventAssignments><eventAssignment variable="p">` + mathml(`<cn>1</cn>`) + `</eventAssignment></listOfEventAssignments></event>
<event useValuesFromTriggerTime="true"><trigger initialValue="false" persistent="true">` + mathml(`<apply><eq/><ci>p</ci><cn>1</cn></apply>`) + `</trigger>
<listOfEventAssignments><eventAssignment variable="p">` + mathml(`<cn>0</cn>`) + `</eventAssignment></listOfEventAssignments></event></listOfEvents>`), "events executed at t = 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			start := time.Now()
			err := load(c.doc)
			d := time.Since(start)
			runtime.ReadMemStats(&ms1)
			if c.want == "" {
				t.Logf("%v (in %v)", err, d)
			} else if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want one containing %q", err, c.want)
			}
			if d > hostileBudget {
				t.Errorf("took %v, budget %v", d, hostileBudget)
			}
			if alloc := ms1.TotalAlloc - ms0.TotalAlloc; alloc > hostileMem {
				t.Errorf("allocated %d MiB, budget %d MiB", alloc>>20, hostileMem>>20)
			}
		})
	}
}

func itoa(i int) string {
	const d = "0123456789"
	if i < 10 {
		return d[i : i+1]
	}
	return itoa(i/10) + d[i%10:i%10+1]
}

// TestUnsupportedIsTyped checks that valid but unsupported SBML reports
// ErrUnsupported.
func TestUnsupportedIsTyped(t *testing.T) {
	doc := l3(`<listOfParameters><parameter id="a" constant="false"/><parameter id="b" constant="false"/></listOfParameters>
<listOfRules><assignmentRule variable="a">` + mathml(`<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>`) + `</assignmentRule>
<assignmentRule variable="b">` + mathml(`<apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/rateOf">rateOf</csymbol><ci>a</ci></apply>`) + `</assignmentRule></listOfRules>`)
	err := load(doc)
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("error = %v, want ErrUnsupported", err)
	}
}
