package sweep

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/synlab/synlab/units"
)

// Axis kinds.
const (
	KindValues     = "values"
	KindLin        = "lin"
	KindLog        = "log"
	KindUniform    = "uniform"
	KindLogUniform = "loguniform"
)

// maxLevels bounds the levels of one grid axis.
const maxLevels = 1_000_000

// Axis is a resolved axis, as stored in the manifest.
type Axis struct {
	Path   string `json:"path"`
	Unit   string `json:"unit,omitempty"`
	Column string `json:"column"` // PATH_UNIT, or PATH for a categorical or unitless axis
	Kind   string `json:"kind"`   // values, lin, log, uniform or loguniform
	// Levels are the values of a grid axis in Unit (a categorical axis:
	// 0, 1, … indexing Labels).
	Levels []float64 `json:"levels,omitempty"`
	// Labels, for a values axis, are the levels as written and applied
	// ("3 Hz", "DP"); nil means the levels are formatted with Unit.
	Labels      []string `json:"labels,omitempty"`
	Categorical bool     `json:"categorical,omitempty"` // Labels are names, not numbers
	Lo          float64  `json:"lo,omitempty"`          // a sampled axis: its range in Unit
	Hi          float64  `json:"hi,omitempty"`
	Integer     bool     `json:"integer,omitempty"` // values are whole numbers
}

// Sampled reports whether the axis is drawn (uniform, loguniform) rather
// than a grid.
func (a Axis) Sampled() bool { return a.Kind == KindUniform || a.Kind == KindLogUniform }

// Doc describes the axis column.
func (a Axis) Doc() string {
	if a.Categorical {
		var l []string
		for i, s := range a.Labels {
			l = append(l, fmt.Sprintf("%d = %s", i, s))
		}
		return fmt.Sprintf("level of %s: %s", a.Path, strings.Join(l, ", "))
	}
	if a.Unit == "" {
		return a.Path
	}
	return fmt.Sprintf("%s [%s]", a.Path, a.Unit)
}

// format writes a numeric value of the axis as it is applied: the number
// (whole for an integer axis) and the unit.
func (a Axis) format(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if a.Integer {
		s = strconv.FormatFloat(v, 'f', 0, 64)
	}
	if a.Unit != "" {
		s += " " + a.Unit
	}
	return s
}

// level returns the value and setting text of grid level k.
func (a Axis) level(k int) (v float64, text string) {
	if a.Labels != nil {
		return a.Levels[k], a.Labels[k]
	}
	return a.Levels[k], a.format(a.Levels[k])
}

// columnName is PATH_UNIT with the unit in ASCII (µ → u, no spaces).
func columnName(path, unit string) string {
	if unit == "" {
		return path
	}
	u := strings.NewReplacer("µ", "u", "μ", "u", " ", "", "³", "3", "·", "").Replace(unit)
	return path + "_" + u
}

// unitScale is the size of one unit in synlab's internal units, and its
// dimension; an empty unit is a bare number.
func unitScale(unit string) (float64, units.Dim, error) {
	if unit == "" {
		return 1, units.Dimensionless, nil
	}
	return units.ParseAny("1 " + unit)
}

// splitQuantity splits "3 Hz" into 3 and "Hz"; ok is false for text that
// does not start with a number ("DP").
func splitQuantity(s string) (v float64, unit string, ok bool) {
	s = strings.TrimSpace(s)
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		if s[i] != '.' {
			digits++
		}
		i++
	}
	if digits == 0 {
		return 0, "", false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, "", false
	}
	return v, strings.TrimSpace(s[i:]), true
}

// resolve checks axis i of a sweep and computes its levels (grid axes) or
// range (sampled axes).
func resolve(i int, as AxisSpec) (Axis, error) {
	at := fmt.Sprintf("axes[%d]", i)
	a := Axis{Path: strings.TrimSpace(as.Path), Unit: strings.TrimSpace(as.Unit), Integer: as.Integer}
	switch {
	case a.Path == "":
		return a, &FieldError{Path: at + ".path", Allowed: "a spec path is required, e.g. protocol.train.rate or bath.ca (as for synlab run --set)"}
	case a.Path == "seed":
		return a, &FieldError{Path: at + ".path", Value: a.Path, Allowed: "seeds are derived from the sweep seed for every point; use replicates for more runs per point"}
	case strings.ContainsAny(a.Path, "= \t"):
		return a, &FieldError{Path: at + ".path", Value: a.Path, Allowed: "a path only, e.g. bath.ca; the values go in values, lin, log, uniform or loguniform"}
	}
	var kinds []string
	for _, k := range []struct {
		name string
		set  bool
	}{{KindValues, as.Values != nil}, {KindLin, as.Lin != nil}, {KindLog, as.Log != nil}, {KindUniform, as.Uniform != nil}, {KindLogUniform, as.LogUniform != nil}} {
		if k.set {
			kinds = append(kinds, k.name)
		}
	}
	if len(kinds) != 1 {
		return a, &FieldError{Path: at, Value: strings.Join(kinds, " and "), Allowed: "give exactly one of values, lin, log, uniform, loguniform"}
	}
	a.Kind = kinds[0]
	scale, dim, err := unitScale(a.Unit)
	if err != nil {
		return a, &FieldError{Path: at + ".unit", Value: a.Unit, Allowed: "not a unit synlab knows: " + err.Error()}
	}
	a.Column = columnName(a.Path, a.Unit)
	field := at + "." + a.Kind
	switch a.Kind {
	case KindValues:
		if err := a.values(field, as.Values, scale, dim); err != nil {
			return a, err
		}
	case KindLin, KindLog:
		r := as.Lin
		if a.Kind == KindLog {
			r = as.Log
		}
		if len(r) != 3 || r[2] != math.Trunc(r[2]) || r[2] < 2 || r[2] > maxLevels {
			return a, &FieldError{Path: field, Value: floats(r), Allowed: fmt.Sprintf("need [from, to, n] with n >= 2 (at most %d)", maxLevels)}
		}
		from, to, n := r[0], r[1], int(r[2])
		if !finite(from) || !finite(to) || from == to {
			return a, &FieldError{Path: field, Value: floats(r), Allowed: "from and to must be finite and differ"}
		}
		if a.Kind == KindLog && (from <= 0 || to <= 0) {
			return a, &FieldError{Path: field, Value: floats(r), Allowed: "a log range needs from > 0 and to > 0"}
		}
		a.Levels = make([]float64, n)
		for k := range n {
			f := float64(k) / float64(n-1)
			switch {
			case k == 0:
				a.Levels[k] = from
			case k == n-1:
				a.Levels[k] = to
			case a.Kind == KindLin:
				a.Levels[k] = from + (to-from)*f
			default:
				a.Levels[k] = math.Exp(math.Log(from) + (math.Log(to)-math.Log(from))*f)
			}
			if a.Integer {
				a.Levels[k] = math.Round(a.Levels[k])
			}
		}
	case KindUniform, KindLogUniform:
		r := as.Uniform
		if a.Kind == KindLogUniform {
			r = as.LogUniform
		}
		if len(r) != 2 || !finite(r[0]) || !finite(r[1]) || !(r[0] < r[1]) {
			return a, &FieldError{Path: field, Value: floats(r), Allowed: "need [lo, hi] with lo < hi"}
		}
		if a.Kind == KindLogUniform && r[0] <= 0 {
			return a, &FieldError{Path: field, Value: floats(r), Allowed: "a log range needs lo > 0"}
		}
		a.Lo, a.Hi = r[0], r[1]
	}
	if !a.Sampled() {
		seen := map[float64]int{}
		for k, v := range a.Levels {
			if j, dup := seen[v]; dup {
				_, t := a.level(k)
				return a, &FieldError{Path: field, Value: t, Allowed: fmt.Sprintf("levels %d and %d are the same value; every level must differ", j, k)}
			}
			seen[v] = k
		}
	}
	return a, nil
}

// values resolves an explicit list of levels: numbers (in Unit),
// quantities with a unit ("3 Hz"), or names (DP, DPD: categorical).
func (a *Axis) values(field string, vals []any, scale float64, dim units.Dim) error {
	if len(vals) == 0 {
		return &FieldError{Path: field, Value: "[]", Allowed: "need at least one value"}
	}
	if len(vals) > maxLevels {
		return &FieldError{Path: field, Value: fmt.Sprintf("%d values", len(vals)), Allowed: fmt.Sprintf("at most %d", maxLevels)}
	}
	texts := make([]string, len(vals))
	allNumbers := true
	for k, v := range vals {
		switch x := v.(type) {
		case string:
			texts[k] = strings.TrimSpace(x)
			allNumbers = false
		case int, int64, uint64, float64:
			texts[k] = fmt.Sprint(x)
			if f, ok := x.(float64); ok {
				texts[k] = strconv.FormatFloat(f, 'g', -1, 64)
			}
		default:
			return &FieldError{Path: fmt.Sprintf("%s[%d]", field, k), Value: fmt.Sprint(v), Allowed: "a value must be a number, a quantity such as \"3 Hz\", or a name such as DP"}
		}
		if texts[k] == "" {
			return &FieldError{Path: fmt.Sprintf("%s[%d]", field, k), Allowed: "an empty value"}
		}
	}
	if allNumbers {
		a.Levels = make([]float64, len(texts))
		for k, t := range texts {
			a.Levels[k], _ = strconv.ParseFloat(t, 64)
			if a.Integer {
				a.Levels[k] = math.Round(a.Levels[k])
			}
		}
		return nil
	}
	// Strings: all quantities or all names.
	nums := make([]float64, len(texts))
	unitsSeen := map[string]bool{}
	named := 0
	for k, t := range texts {
		v, u, ok := splitQuantity(t)
		if !ok {
			named++
			continue
		}
		nums[k] = v
		unitsSeen[u] = true
	}
	switch {
	case named == len(texts):
		if a.Unit != "" {
			return &FieldError{Path: field, Value: texts[0], Allowed: "names (categorical levels) take no unit; remove unit"}
		}
		a.Categorical, a.Labels, a.Column = true, texts, a.Path
		a.Levels = make([]float64, len(texts))
		for k := range texts {
			a.Levels[k] = float64(k)
		}
		return nil
	case named > 0:
		return &FieldError{Path: field, Value: strings.Join(texts, ", "), Allowed: "mixes numbers and names: give all quantities (\"3 Hz\") or all names (DP, DPD)"}
	}
	if a.Unit == "" {
		if len(unitsSeen) > 1 {
			var us []string
			for u := range unitsSeen {
				us = append(us, strconv.Quote(u))
			}
			sort.Strings(us)
			return &FieldError{Path: field, Value: strings.Join(texts, ", "), Allowed: "values in different units (" + strings.Join(us, ", ") + "): give unit: to say which one the column uses"}
		}
		for u := range unitsSeen {
			a.Unit = u
		}
		var err error
		if scale, dim, err = unitScale(a.Unit); err != nil {
			return &FieldError{Path: field, Value: texts[0], Allowed: "not a unit synlab knows: " + err.Error()}
		}
		a.Column = columnName(a.Path, a.Unit)
	}
	a.Levels = make([]float64, len(texts))
	a.Labels = texts
	for k, t := range texts {
		_, u, _ := splitQuantity(t)
		if u == a.Unit {
			a.Levels[k] = nums[k] // exact: no conversion
			continue
		}
		q, d, err := units.ParseAny(t)
		if err != nil {
			return &FieldError{Path: fmt.Sprintf("%s[%d]", field, k), Value: t, Allowed: err.Error()}
		}
		if d != dim {
			return &FieldError{Path: fmt.Sprintf("%s[%d]", field, k), Value: t, Allowed: fmt.Sprintf("is a %s; the axis unit %q is a %s", d, a.Unit, dim)}
		}
		a.Levels[k] = q / scale
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
