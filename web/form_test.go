package web

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/experiment"
)

// TestFieldsRoundTrip checks that the form fields of every preset, applied
// as settings to an empty spec (what the page sends), give back the same
// spec, so a preset run from the form is the preset.
func TestFieldsRoundTrip(t *testing.T) {
	for _, p := range experiment.Presets() {
		want, err := experiment.Decode(p.Data)
		if err != nil {
			t.Fatal(err)
		}
		fields, err := Fields(want)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		data, err := experiment.ApplySets(nil, Sets(fields))
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		got, err := experiment.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v\n%s", p.Name, err, data)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: the spec from its form fields differs (-preset +form):\n%s", p.Name, d)
		}
		if _, err := catalog.Load(data); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
	}
}

// TestFormPaths checks that every input of the form names a spec path
// that the command line's --set accepts, with its example value.
func TestFormPaths(t *testing.T) {
	m := buildMeta(DefaultLimits())
	seen := map[string]bool{}
	var sets []string
	for _, g := range m.Groups {
		for _, f := range g.Fields {
			if seen[f.Path] {
				t.Errorf("%s appears twice in the form", f.Path)
			}
			seen[f.Path] = true
			sets = append(sets, f.Path+"="+f.Example)
		}
	}
	for _, f := range drugFields {
		sets = append(sets, "drugs[0]."+f.Path+"="+f.Example)
	}
	for _, s := range sets {
		if _, err := experiment.ApplySets(nil, []string{s}); err != nil {
			t.Errorf("form field %s: %v", s, err)
		}
	}
	// Every field of a preset has an input, except the free-form ones
	// (overrides, targets), which go to the other-settings box.
	for _, p := range experiment.Presets() {
		s, _ := experiment.Decode(p.Data)
		fields, _ := Fields(s)
		for _, f := range fields {
			if !seen[f.Path] && !strings.HasPrefix(f.Path, "drugs[") && !strings.HasPrefix(f.Path, "model.override.") && !strings.HasPrefix(f.Path, "target.") {
				t.Errorf("preset %s: field %s has no input in the form", p.Name, f.Path)
			}
		}
	}
}

// TestTierSets: every set the form offers (from the registry) loads.
func TestTierSets(t *testing.T) {
	for _, ti := range buildMeta(DefaultLimits()).Tiers {
		tier, sets := ti.Name, ti.Sets
		if len(sets) == 0 {
			t.Errorf("tier %s: no parameter sets", tier)
		}
		for _, set := range sets {
			src := "name: x\nmodel: {tier: " + tier + ", set: \"" + set + "\"}\nprotocol: {train: {rate: 1 Hz, pulses: 1}}\n"
			if _, err := catalog.Load([]byte(src)); err != nil {
				t.Errorf("tier %s set %s: %v", tier, set, err)
			}
		}
	}
}

func TestTour(t *testing.T) {
	keys := map[string]bool{}
	for _, st := range tour() {
		keys[st.Key] = true
		if st.Available {
			if _, ok := experiment.FindPreset(st.Preset); !ok || st.Cite == "" {
				t.Errorf("tour step %s: preset %q, citation %q", st.Key, st.Preset, st.Cite)
			}
		} else if !strings.Contains(st.Note, "not available yet") {
			t.Errorf("tour step %s is unavailable without saying so: %q", st.Key, st.Note)
		}
		if n := strings.Count(st.Text, ". "); n < 1 || st.Cite == "" {
			t.Errorf("tour step %s: want two sentences and a citation: %q (%q)", st.Key, st.Text, st.Cite)
		}
	}
	for _, k := range []string{"lfs", "hfs", "pairing", "pharmacology", "cerebellum"} {
		if !keys[k] {
			t.Errorf("the tour has no %s step", k)
		}
	}
	hasCerebellum := false
	for _, p := range catalog.Registry().Preparations() {
		hasCerebellum = hasCerebellum || p != "ca1"
	}
	if st := cerebellum(); st.Available != hasCerebellum {
		t.Errorf("cerebellum step available = %v, but preparations are %v", st.Available, catalog.Registry().Preparations())
	}
}
