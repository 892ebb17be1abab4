package calibrate

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/synlab/synlab/experiment"
)

// Spec is a calibration as written in a file.
type Spec struct {
	Name        string   `yaml:"name"`
	Source      string   `yaml:"source,omitempty"` // what the free constants are and why they are free
	Free        []Free   `yaml:"free"`
	Training    []string `yaml:"training"`          // papers cases fitted to
	Holdout     []string `yaml:"holdout,omitempty"` // cases kept back: run at the end, reported as predictions
	Seed        uint64   `yaml:"seed,omitempty"`
	Population  int      `yaml:"population,omitempty"`  // candidates per generation (0: CMA-ES default)
	Generations int      `yaml:"generations,omitempty"` // most generations (0: 30)
	Out         string   `yaml:"out"`                   // the fitted set, relative to the spec file
}

// Free is one free constant: a spec path, the unit its bounds are in, the
// bounds, and whether it is searched on a log scale.
type Free struct {
	Path string  `yaml:"path"` // model.override.NAME
	Unit string  `yaml:"unit,omitempty"`
	Lo   float64 `yaml:"lo"`
	Hi   float64 `yaml:"hi"`
	Log  bool    `yaml:"log,omitempty"`
	Doc  string  `yaml:"doc,omitempty"` // what it is and why it is free
}

// Decode reads a calibration strictly.
func Decode(data []byte) (*Spec, error) {
	data, err := experiment.CheckSource(data)
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	var s Spec
	if err := yaml.UnmarshalWithOptions(data, &s, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	return &s, s.Validate()
}

// Validate checks names, bounds and that no case is both trained on and
// held out.
func (s *Spec) Validate() error {
	if strings.TrimSpace(s.Name) == "" || s.Out == "" {
		return fmt.Errorf("calibrate: name and out are required")
	}
	if len(s.Free) == 0 || len(s.Training) == 0 {
		return fmt.Errorf("calibrate: %s: needs free constants and training cases", s.Name)
	}
	for i, f := range s.Free {
		if !strings.HasPrefix(f.Path, "model.override.") {
			return fmt.Errorf("calibrate: free[%d].path = %q: must be a model.override.NAME", i, f.Path)
		}
		if !(f.Lo < f.Hi) || math.IsInf(f.Lo, 0) || math.IsInf(f.Hi, 0) || (f.Log && !(f.Lo > 0)) {
			return fmt.Errorf("calibrate: free[%d] (%s): bounds [%g, %g] must be finite with lo < hi (and lo > 0 on a log scale)", i, f.Path, f.Lo, f.Hi)
		}
	}
	for _, h := range s.Holdout {
		if slices.Contains(s.Training, h) {
			return fmt.Errorf("calibrate: case %s is both trained on and held out", h)
		}
	}
	if s.Population < 0 || s.Generations < 0 {
		return fmt.Errorf("calibrate: population and generations must be ≥ 0")
	}
	return nil
}

// value maps a coordinate u in [0, 1] to the constant's value.
func (f Free) value(u float64) float64 {
	switch u = min(max(u, 0), 1); u {
	case 0:
		return f.Lo
	case 1:
		return f.Hi
	}
	v := f.Lo + u*(f.Hi-f.Lo)
	if f.Log {
		v = math.Exp(math.Log(f.Lo) + u*(math.Log(f.Hi)-math.Log(f.Lo)))
	}
	// exp(log(lo)) can round below lo (0.01 → 0.009999999999999995),
	// which the sweep's bounds refuse.
	return min(max(v, f.Lo), f.Hi)
}

// coord is the inverse of value.
func (f Free) coord(v float64) float64 {
	if f.Log {
		return (math.Log(v) - math.Log(f.Lo)) / (math.Log(f.Hi) - math.Log(f.Lo))
	}
	return (v - f.Lo) / (f.Hi - f.Lo)
}

// Set is the fitted set a calibration writes: the values of the free
// constants (in their units), their standard errors, the rows fitted to
// and kept back, and the fit's χ².
type Set struct {
	Name     string             `yaml:"name"`
	Version  string             `yaml:"synlab"`
	Values   map[string]float64 `yaml:"values"` // override name → value in its Unit
	Units    map[string]string  `yaml:"units"`
	Sigma    map[string]float64 `yaml:"sigma"` // standard errors (NaN: not identifiable)
	Training []string           `yaml:"training"`
	Holdout  []string           `yaml:"holdout,omitempty"`
	Chi2     float64            `yaml:"chi2"`
	Rows     []Row              `yaml:"rows"`
}

// Row is one case's result at the fitted constants.
type Row struct {
	Case     string  `yaml:"case"`
	Role     string  `yaml:"role"` // "fitted" or "predicted"
	Metric   string  `yaml:"metric"`
	Measured float64 `yaml:"measured"`
	Lo       float64 `yaml:"lo"`
	Hi       float64 `yaml:"hi"`
	Pass     bool    `yaml:"pass"`
}

// Overrides returns the fitted values as model.override strings ("name":
// "value unit"), as a tier applies them.
func (s *Set) Overrides() map[string]string {
	out := map[string]string{}
	for k, v := range s.Values {
		q := fmt.Sprintf("%.6g", v)
		if u := s.Units[k]; u != "" {
			q += " " + u
		}
		out[k] = q
	}
	return out
}
