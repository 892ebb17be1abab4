package fit

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/synlab/synlab/units"
)

// Param is a free parameter: a spec path (as for synlab run --set) and its
// bounds, in Unit ("" for a bare number).
type Param struct {
	Path string  `json:"path"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	Unit string  `json:"unit,omitempty"`
}

// format writes value v of the parameter as it is applied: "0.35 µM".
func (p Param) format(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if p.Unit != "" {
		s += " " + p.Unit
	}
	return s
}

// ParseFree reads the free parameters of synlab fit --free: a
// comma-separated list of path=lo:hi, the bounds with an optional unit
// (on either or both; the upper bound's unit is the parameter's):
//
//	model.override.alpha1=0.3:0.4uM,model.override.p1=50:200,bath.ca=1mM:3mM
func ParseFree(s string) ([]Param, error) {
	var out []Param
	seen := map[string]bool{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		path, rng, ok := strings.Cut(item, "=")
		lo, hi, ok2 := strings.Cut(rng, ":")
		path = strings.TrimSpace(path)
		if !ok || !ok2 || path == "" {
			return nil, fmt.Errorf("--free %q: need path=lo:hi, e.g. model.override.theta_d=0.8:1.2 or bath.ca=1mM:3mM", item)
		}
		if path == "seed" {
			return nil, fmt.Errorf("--free %q: the seed cannot be fitted; every run keeps the spec's seed", item)
		}
		if seen[path] {
			return nil, fmt.Errorf("--free %q: %s is already free", item, path)
		}
		seen[path] = true
		p := Param{Path: path}
		vlo, ulo, err := quantity(lo)
		if err != nil {
			return nil, fmt.Errorf("--free %q: lower bound: %v", item, err)
		}
		vhi, uhi, err := quantity(hi)
		if err != nil {
			return nil, fmt.Errorf("--free %q: upper bound: %v", item, err)
		}
		p.Unit = uhi
		if p.Unit == "" {
			p.Unit = ulo
		}
		if ulo != "" && ulo != p.Unit { // convert the lower bound into the upper's unit
			a, da, err1 := units.ParseAny(strings.TrimSpace(lo))
			b, db, err2 := units.ParseAny("1 " + p.Unit)
			if err1 != nil || err2 != nil || da != db {
				return nil, fmt.Errorf("--free %q: bounds in units %q and %q of different dimensions", item, ulo, p.Unit)
			}
			vlo = a / b
		}
		if p.Unit != "" {
			if _, _, err := units.ParseAny("1 " + p.Unit); err != nil {
				return nil, fmt.Errorf("--free %q: %v", item, err)
			}
		}
		p.Lo, p.Hi = vlo, vhi
		if !(p.Lo < p.Hi) {
			return nil, fmt.Errorf("--free %q: need lo < hi", item)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--free: no parameters; give path=lo:hi[,path=lo:hi…]")
	}
	return out, nil
}

// quantity splits "0.3uM" or "0.3 µM" into 0.3 and its unit ("" for a bare
// number).
func quantity(s string) (float64, string, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && strings.ContainsRune("+-0123456789.eE", rune(s[i])) {
		if (s[i] == 'e' || s[i] == 'E') && (i+1 >= len(s) || !strings.ContainsRune("+-0123456789", rune(s[i+1]))) {
			break
		}
		i++
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, "", fmt.Errorf("%q is not a number with an optional unit", s)
	}
	return v, strings.TrimSpace(s[i:]), nil
}
