package web

import (
	"slices"
	"strings"

	"github.com/synlab/synlab/experiment"
)

// The experiment form. Every input is named by the dotted spec path it
// sets (data-path), exactly as `synlab run --set path=value` takes it: the
// page sends the filled fields as settings, the server applies them with
// experiment.ApplySets to an empty spec and checks it with experiment.Load,
// so the form's errors are the command line's and carry the field's path.
// TestFormPaths checks that every path and example is accepted by
// ApplySets. The fields themselves are described once, in the spec
// language's table (experiment.Fields).

// formField is one input of the form.
type formField struct {
	Path    string   // dotted spec path
	Label   string   // what the input is called on the page
	Kind    string   // "text", "int", "check" or "select"
	Example string   // placeholder, and a value ApplySets accepts
	Help    string   // one line under the input
	Options []option // for selects
}

type option struct {
	Value, Label string
	Disabled     bool
}

// formGroup is a fieldset; one with Induction set is shown only while that
// induction element is chosen.
type formGroup struct {
	ID        string
	Title     string
	Induction string
	Fields    []formField
}

// groupTitles name the form's fieldsets, in order; a group named after an
// induction element is shown only while that element is chosen.
var groupTitles = []struct{ id, title string }{
	{"model", "Preparation and model"}, {"bath", "Bath"}, {"protocol", "Protocol"},
	{"train", "Train"}, {"bursts", "Theta bursts"}, {"pairing", "Pairing"},
	{"poisson", "Poisson spike trains"}, {"explicit", "Explicit spike times"}, {"record", "Recording"},
}

// formGroups builds the form from the spec language's field table
// (experiment.Fields): every field with a label is an input, in its group,
// with the table's example and help; the menus of preparation, tier and
// set come from the registry (m).
func formGroups(m meta) []formGroup {
	var preps, tiers []option
	for _, p := range m.Preparations {
		preps = append(preps, option{Value: p.Name, Label: p.Label, Disabled: !p.Available})
	}
	for _, t := range m.Tiers {
		tiers = append(tiers, option{Value: t.Name, Label: t.Name})
	}
	byGroup := map[string][]formField{}
	for _, f := range experiment.Fields() {
		if f.Label == "" || f.Group == "" || f.Group == "drugs" {
			continue
		}
		ff := formField{Path: f.Path, Label: f.Label, Kind: kindOf(f), Example: f.Example, Help: f.Help}
		switch f.Path {
		case "preparation":
			ff.Kind, ff.Options = "select", preps
		case "model.tier":
			ff.Kind, ff.Options = "select", tiers
		case "model.set":
			ff.Kind = "select"
		}
		byGroup[f.Group] = append(byGroup[f.Group], ff)
	}
	var out []formGroup
	for _, g := range groupTitles {
		fg := formGroup{ID: "g-" + g.id, Title: g.title, Fields: byGroup[g.id]}
		if slices.Contains(inductions, g.id) {
			fg.Induction = g.id
		}
		out = append(out, fg)
	}
	return out
}

// kindOf is the input a field gets.
func kindOf(f experiment.Field) string {
	switch f.Kind {
	case experiment.KInt, experiment.KUint:
		return "int"
	case experiment.KBool:
		return "check"
	}
	return "text"
}

// drugFields are the inputs of one drug row, from the table's drugs[]
// fields; the page numbers the rows (drugs[0].name, drugs[1].name, …).
var drugFields = func() []formField {
	var out []formField
	for _, f := range experiment.Fields() {
		if rest, ok := strings.CutPrefix(f.Path, "drugs[]."); ok {
			kind := kindOf(f)
			if rest == "name" {
				kind = "select"
			}
			out = append(out, formField{Path: rest, Label: f.Label, Kind: kind, Example: f.Example, Help: f.Help})
		}
	}
	return out
}()
