package engine

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/units"
)

// BathFields names a tier's parameters that the bath sets ("ca_o" →
// "bath.ca"): model.override may not set them, so the value used is always
// the bath's, and the summary and manifest report it.
type BathFields map[string]string

// ApplyOverrides sets model.override values on the fields of a tier's
// parameters, converting units, checking dimensions and each field's
// plausible range. A name the bath sets is refused with a pointer to the
// bath field.
func ApplyOverrides(over map[string]string, fields []units.Field, bath BathFields) error {
	keys := make([]string, 0, len(over))
	for k := range over {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if b, ok := bath[k]; ok {
			return &experiment.FieldError{Path: "model.override." + k, Value: over[k], Allowed: "the bath sets this parameter: use " + b + " instead"}
		}
		i := slices.IndexFunc(fields, func(f units.Field) bool { return f.Name == k })
		if i < 0 {
			known := make([]string, 0, len(fields))
			for _, f := range fields {
				if _, ok := bath[f.Name]; !ok {
					known = append(known, f.Name)
				}
			}
			return &experiment.FieldError{Path: "model.override." + k, Value: over[k], Allowed: "a parameter of this tier: " + strings.Join(known, ", ")}
		}
		f := fields[i]
		v, err := units.Parse(over[k], f.Dim)
		if err != nil {
			return &experiment.FieldError{Path: "model.override." + k, Value: over[k], Allowed: fmt.Sprintf("a %s in %s (%v)", f.Dim, f.Dim.Internal(), err)}
		}
		if err := f.Check(v); err != nil {
			return &experiment.FieldError{Path: "model.override." + k, Value: over[k], Allowed: err.Error()}
		}
		*f.Value = v
	}
	return nil
}

// Snapshot returns the values of fields, for BlameOverride.
func Snapshot(fields []units.Field) []float64 {
	out := make([]float64, len(fields))
	for i, f := range fields {
		out[i] = *f.Value
	}
	return out
}

// BlameOverride turns a parameter-validation error into a FieldError on the
// override that caused it: the first override (in name order) whose reset
// to its value before the overrides makes validate pass. validate must
// read the fields through their pointers (a closure, not a method value
// of a struct copied when it is taken). If none does (two
// overrides together are impossible, or the error is not an override's),
// the error is reported on model.override as a whole, or on model if there
// are no overrides.
func BlameOverride(over map[string]string, fs []units.Field, before []float64, validate func() error, err error, model string) error {
	keys := slices.Sorted(maps.Keys(over))
	for _, k := range keys {
		i := slices.IndexFunc(fs, func(f units.Field) bool { return f.Name == k })
		if i < 0 {
			continue
		}
		v := *fs[i].Value
		*fs[i].Value = before[i]
		ok := validate() == nil
		*fs[i].Value = v
		if ok {
			return &experiment.FieldError{Path: "model.override." + k, Value: over[k], Allowed: err.Error()}
		}
	}
	if len(keys) == 0 {
		return &experiment.FieldError{Path: "model", Value: model, Allowed: err.Error()}
	}
	return &experiment.FieldError{Path: "model.override", Value: strings.Join(keys, ", "), Allowed: err.Error()}
}

// SetError is the error for an unknown parameter set.
func SetError(name string, known []string) error {
	return &experiment.FieldError{Path: "model.set", Value: name, Allowed: "one of " + strings.Join(known, ", ")}
}

// MostLikelyOverride names the override of pl most likely responsible for
// a failed run: the only one, or the one farthest from the set's own value
// in orders of magnitude (the set's values come from the tier's model
// built without overrides), and says how far ("" when there is one
// override, or the set's values are unknown).
func MostLikelyOverride(pl *Plan) (name, why string) {
	over := pl.Spec.Model.Override
	keys := slices.Sorted(maps.Keys(over))
	if len(keys) <= 1 {
		return strings.Join(keys, ""), ""
	}
	spec := *pl.Spec
	spec.Model.Override = nil
	res := *pl.Resolved // pl's own must not change
	res.Spec = &spec
	bare := *pl
	bare.Resolved = &res
	syn, err := pl.Tier.Build(&bare, rand.New(rand.NewPCG(spec.Seed, streamModel)))
	if err != nil {
		return keys[0], ""
	}
	best, far, ratio, ref := keys[0], -1.0, 0.0, 0.0
	for _, f := range syn.Params() {
		s, ok := over[f.Name]
		if !ok {
			continue
		}
		v, err := units.Parse(s, f.Dim)
		if err != nil {
			continue
		}
		d := math.Inf(1) // to or from zero: as far as it gets
		if v == *f.Value {
			d = 0
		} else if v != 0 && *f.Value != 0 {
			d = math.Abs(math.Log10(math.Abs(v / *f.Value)))
		}
		if d > far {
			best, far, ratio, ref = f.Name, d, v / *f.Value, *f.Value
		}
	}
	if far >= 1 && !math.IsInf(far, 0) {
		return best, fmt.Sprintf(" (%.2g times the set's %s)", ratio, strconv.FormatFloat(ref, 'g', 4, 64))
	}
	return best, ""
}

// farOff is how far, in orders of magnitude, an override may take a
// parameter from its set's value before the run warns about it.
const farOff = 2

// NoteOverrides adds to pl.Warnings every override that takes its
// parameter farOff orders of magnitude or more away from the set's value
// (before, the fields' values before the overrides): a value the ranges
// allow, and a user may mean, but outside what the set was fitted to. A
// tier calls it from its Check (once per plan), after ApplyOverrides.
func NoteOverrides(pl *Plan, fields []units.Field, before []float64) {
	over := pl.Spec.Model.Override
	for i, f := range fields {
		s, ok := over[f.Name]
		if !ok || before[i] == 0 {
			continue
		}
		v, err := units.Parse(s, f.Dim)
		if err != nil || v == 0 || math.Abs(math.Log10(math.Abs(v/before[i]))) < farOff {
			continue
		}
		w := fmt.Sprintf("model.override.%s = %q is %.3g times the set's value %s, outside what the set was fitted to", f.Name, s, v/before[i], units.FormatShort(before[i], f.Dim))
		if !slices.Contains(pl.Warnings, w) {
			pl.Warnings = append(pl.Warnings, w)
		}
	}
}
