package experiment

import (
	"embed"
	"path"
	"sort"
	"strings"
)

//go:embed presets/*.yaml
var presetFS embed.FS

// Preset is a built-in experiment: a spec file embedded in the binary.
type Preset struct {
	Name  string // file name without .yaml
	Title string // the spec's name field
	Data  []byte // the YAML as written
}

// Presets lists the built-in experiments, sorted by name.
func Presets() []Preset {
	ents, _ := presetFS.ReadDir("presets") // embedded: cannot fail
	var out []Preset
	for _, e := range ents {
		data, _ := presetFS.ReadFile(path.Join("presets", e.Name()))
		p := Preset{Name: strings.TrimSuffix(e.Name(), ".yaml"), Data: data}
		if s, err := Decode(data); err == nil {
			p.Title = s.Name
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// FindPreset returns the preset of that name.
func FindPreset(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}
