package web

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/units"
)

// meta is what the page is built from: the choices the model offers
// (preparations, tiers and their parameter sets, drugs, presets), the
// guided tour, the form and the server's limits. Everything in it comes
// from package experiment, except the words of the tour and the form.
type meta struct {
	Version      string         `json:"version"`
	Preparations []prepInfo     `json:"preparations"`
	Tiers        []tierInfo     `json:"tiers"`
	Drugs        []drugInfo     `json:"drugs"`
	Presets      []presetInfo   `json:"presets"`
	Default      string         `json:"default"` // the preset the page opens with
	Tour         []tourStep     `json:"tour"`
	Inductions   []string       `json:"inductions"`
	Limits       limitsInfo     `json:"limits"`
	Curves       map[string]any `json:"curves"` // kind → default points and the preset used when the form has no such induction
	Groups       []formGroup    `json:"-"`      // for the template
}

// prepInfo is a preparation; Available is false for one the page mentions
// but the model does not have yet.
type prepInfo struct {
	Name      string `json:"name"`
	Label     string `json:"label"`
	Available bool   `json:"available"`
}

// tierInfo is a model tier and its named parameter sets (from the
// registry).
type tierInfo struct {
	Name string   `json:"name"`
	Sets []string `json:"sets"`
	Doc  string   `json:"doc"`
}

// drugInfo is a drug the spec may name, for the drug list.
type drugInfo struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Target  string   `json:"target"`
	Usual   string   `json:"usual"` // a usual concentration, e.g. "50 uM"
	Route   string   `json:"route"`
}

// presetInfo is a built-in experiment.
type presetInfo struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Tier        string `json:"tier"`
	Preparation string `json:"preparation"`
}

// limitsInfo is Limits in words, for the page.
type limitsInfo struct {
	Running  int    `json:"running"`
	Queue    int    `json:"queue"`
	Duration string `json:"duration"`
	Samples  int    `json:"samples"`
	Synapses int    `json:"synapses"`
	Points   int    `json:"points"`
	Compare  int    `json:"compare"`
	Keep     int    `json:"keep"`
	Wall     string `json:"wall"`
	Body     int64  `json:"body"`
}

// inductions are the induction elements of a protocol, as in the spec.
var inductions = []string{"train", "bursts", "pairing", "poisson", "explicit"}

// defaultPreset is the experiment the page opens with: Fig. 8.16.
const defaultPreset = "lfs"

func buildMeta(l Limits) meta {
	m := meta{Version: lab.Version(), Default: defaultPreset, Inductions: inductions}
	reg := catalog.Registry()
	for _, p := range reg.Preparations() {
		m.Preparations = append(m.Preparations, prepInfo{Name: p, Label: prepLabel(p), Available: true})
	}
	if len(m.Preparations) == 1 { // only CA1: say what is coming
		m.Preparations = append(m.Preparations, prepInfo{Name: "cerebellum", Label: "Cerebellum: parallel and climbing fibres → Purkinje cell (not available yet)"})
	}
	for _, t := range reg {
		if t.Preparation != "ca1" {
			continue // the form's tier menu is the ca1 preparation's; the others run their one tier
		}
		if t.Name == "sbml" {
			continue // couples an SBML file; the web lab reads no files (run.go refuses model.sbml)
		}
		m.Tiers = append(m.Tiers, tierInfo{Name: t.Name, Sets: t.SetNames(), Doc: t.Doc})
	}
	for _, d := range drug.Drugs() {
		m.Drugs = append(m.Drugs, drugInfo{Name: d.Name, Aliases: d.Aliases, Target: string(d.Target),
			Usual: strconv.FormatFloat(d.Usual, 'g', -1, 64) + " uM", Route: d.Route})
	}
	for _, p := range experiment.Presets() {
		pi := presetInfo{Name: p.Name, Title: p.Title}
		if s, err := experiment.Decode(p.Data); err == nil {
			pi.Tier, pi.Preparation = s.Model.Tier, cmp.Or(s.Preparation, "ca1")
		}
		m.Presets = append(m.Presets, pi)
	}
	m.Tour = tour()
	m.Groups = formGroups(m)
	m.Limits = limitsInfo{Running: l.Running, Queue: l.Queue, Duration: human(l.Duration), Samples: l.Samples,
		Synapses: l.Synapses, Points: l.Points, Compare: l.Compare, Keep: l.Keep, Wall: l.Wall.String(), Body: l.Body}
	m.Curves = map[string]any{
		"frequency": map[string]any{"points": curvePoints("frequency"), "preset": "frequency", "induction": "train"},
		"stdp":      map[string]any{"points": curvePoints("stdp"), "preset": "stdp", "induction": "pairing"},
	}
	return m
}

// prepLabel names a preparation in words.
func prepLabel(p string) string {
	switch p {
	case "ca1":
		return "Hippocampal slice: Schaffer collaterals → CA1 pyramidal cell"
	case "pf-purkinje":
		return "Cerebellar slice: parallel fibres (pre) and climbing fibre (post) → Purkinje cell"
	}
	return p
}

// curvePoints are the default x values of a curve: those of synlab curve
// (--rates 0.5,1,3,5,10,20,50; --from -100ms --to 100ms --steps 41).
func curvePoints(kind string) []float64 {
	if kind == "frequency" {
		return []float64{0.5, 1, 3, 5, 10, 20, 50}
	}
	const lo, hi, steps = -100.0, 100.0, 41
	xs := make([]float64, steps)
	for i := range xs {
		xs[i] = lo + (hi-lo)*float64(i)/float64(steps-1)
	}
	return xs
}

// human writes a duration [ms] in the largest unit that keeps it whole-ish.
func human(ms float64) string {
	switch {
	case ms >= units.Hour && ms == float64(int64(ms/units.Hour))*units.Hour:
		return strconv.FormatFloat(ms/units.Hour, 'g', -1, 64) + " h"
	case ms >= units.Minute:
		return strconv.FormatFloat(ms/units.Minute, 'g', 4, 64) + " min"
	case ms >= units.Second:
		return strconv.FormatFloat(ms/units.Second, 'g', 4, 64) + " s"
	}
	return strconv.FormatFloat(ms, 'g', 4, 64) + " ms"
}

// presetAnswer is what /api/presets/{name} returns: the preset as written
// and as form fields.
type presetAnswer struct {
	Name   string  `json:"name"`
	Title  string  `json:"title"`
	YAML   string  `json:"yaml"`
	Fields []Field `json:"fields"`
}

func (s *Server) handlePreset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	p, ok := experiment.FindPreset(name)
	if !ok {
		writeError(w, http.StatusNotFound, presetError(name))
		return
	}
	spec, err := experiment.Decode(p.Data)
	if err != nil {
		writeError(w, http.StatusInternalServerError, errorOf(err))
		return
	}
	f, err := Fields(spec)
	if err != nil {
		writeError(w, http.StatusInternalServerError, errorOf(err))
		return
	}
	writeJSON(w, http.StatusOK, presetAnswer{Name: p.Name, Title: p.Title, YAML: string(p.Data), Fields: f})
}

// presetError is the error for an unknown preset, in the words of the
// command line.
func presetError(name string) *apiError {
	var names []string
	for _, p := range experiment.Presets() {
		names = append(names, p.Name)
	}
	fe := &experiment.FieldError{Path: "preset", Value: name, Allowed: "no such preset; known: " + strings.Join(names, ", ")}
	return errorOf(fe)
}

// Field is one form field: a dotted spec path and its value, as
// `synlab run --set path=value` takes them.
type Field struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// Fields flattens a spec into form fields in the order of the spec's
// fields ("bath.ca" = "2 mM", "drugs[0].name" = "APV", "record.vars" =
// "c,rho"). Applying them with experiment.ApplySets (Sets) to an empty
// source gives back the same spec (TestFieldsRoundTrip).
func Fields(s *experiment.Spec) ([]Field, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out []Field
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' {
				for dec.More() {
					k, err := dec.Token()
					if err != nil {
						return err
					}
					p := k.(string)
					if path != "" {
						p = path + "." + p
					}
					if err := walk(p); err != nil {
						return err
					}
				}
				_, err := dec.Token() // }
				return err
			}
			// A list: of mappings (drugs) or of scalars (one comma-separated field).
			var scalars []string
			for i := 0; dec.More(); i++ {
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return err
				}
				if len(raw) > 0 && raw[0] == '{' {
					sub := json.NewDecoder(bytes.NewReader(raw))
					sub.UseNumber()
					saved := dec
					dec = sub
					err := walk(fmt.Sprintf("%s[%d]", path, i))
					dec = saved
					if err != nil {
						return err
					}
					continue
				}
				var sv any
				if err := json.Unmarshal(raw, &sv); err != nil {
					return err
				}
				v := fmt.Sprint(sv)
				if strings.Contains(v, ",") {
					return fmt.Errorf("web: %s[%d] = %q holds a comma, which a form list cannot carry", path, i, v)
				}
				scalars = append(scalars, v)
			}
			if len(scalars) > 0 {
				out = append(out, Field{path, strings.Join(scalars, ",")})
			}
			_, err := dec.Token() // ]
			return err
		case nil:
			return nil
		default:
			out = append(out, Field{path, fmt.Sprint(t)})
			return nil
		}
	}
	return out, walk("")
}

// Sets turns fields into experiment.ApplySets settings "path=value".
func Sets(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Path + "=" + f.Value
	}
	return out
}
