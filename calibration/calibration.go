// Package calibration holds synlab's calibrations as data: each
// NAME.yaml declares a tier's free constants with their bounds, the
// training cases (papers cases) they are fitted to and the cases kept back
// (package calibrate, `synlab calibrate calibration/NAME.yaml`), and the
// fitted set that command writes (its out: file). The files are embedded,
// so the tier that a calibration belongs to applies its fitted set by
// default (Overrides), and package papers checks that every case says
// whether it was fitted (Training).
package calibration

import (
	"embed"
	"fmt"
	"strconv"

	"github.com/goccy/go-yaml"
)

//go:embed *.yaml
var files embed.FS

// spec is the part of a calibration file this package reads.
type spec struct {
	Name     string   `yaml:"name"`
	Training []string `yaml:"training"`
	Holdout  []string `yaml:"holdout"`
	Out      string   `yaml:"out"`
}

// fitted is the part of a fitted set this package reads.
type fitted struct {
	Values map[string]float64 `yaml:"values"`
	Units  map[string]string  `yaml:"units"`
	Chi2   float64            `yaml:"chi2"`
}

func readSpec(name string) (spec, error) {
	var s spec
	data, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return s, fmt.Errorf("calibration: no calibration %q", name)
	}
	if err := yaml.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("calibration: %s.yaml: %w", name, err)
	}
	return s, nil
}

// Training returns the cases calibration name was fitted to and the ones
// it kept back.
func Training(name string) (training, holdout []string, err error) {
	s, err := readSpec(name)
	return s.Training, s.Holdout, err
}

// Overrides returns the fitted set of calibration name as model.override
// values ("name" → "value unit"), and the file it came from. Before the
// first fit (no out: file yet) it returns no values and no error.
func Overrides(name string) (map[string]string, string, error) {
	s, err := readSpec(name)
	if err != nil {
		return nil, "", err
	}
	data, err := files.ReadFile(s.Out)
	if err != nil {
		return nil, "", nil
	}
	var f fitted
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, "", fmt.Errorf("calibration: %s: %w", s.Out, err)
	}
	out := map[string]string{}
	for k, v := range f.Values {
		q := strconv.FormatFloat(v, 'g', -1, 64)
		if u := f.Units[k]; u != "" {
			q += " " + u
		}
		out[k] = q
	}
	return out, "calibration/" + s.Out, nil
}
