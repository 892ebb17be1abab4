package sweep

import (
	"strings"
	"testing"

	"github.com/synlab/synlab/experiment"
)

// presetData returns a built-in experiment's YAML.
func presetData(t testing.TB, name string) []byte {
	t.Helper()
	p, ok := experiment.FindPreset(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	return p.Data
}

// planYAML decodes a sweep and expands it over the preset it names.
func planYAML(t testing.TB, src string, opt Options) (*Manifest, error) {
	t.Helper()
	s, err := Decode([]byte(src))
	if err != nil {
		return nil, err
	}
	opt.BaseName = s.Base
	return New(s, presetData(t, s.Base), opt)
}

func mustPlan(t testing.TB, src string, opt Options) *Manifest {
	t.Helper()
	m, err := planYAML(t, src, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSpecErrors is the table of bad sweeps: each error names the field,
// the value as written and what is allowed.
func TestSpecErrors(t *testing.T) {
	const head = "name: t\nbase: stdp-gb\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unknown field", head + "axes: [{path: bath.ca, lin: [1, 2, 3], unit: mM, step: 1}]", `unknown field "step"`},
		{"empty", "", "empty sweep file"},
		{"no name", "base: stdp-gb\naxes: [{path: bath.ca, unit: mM, lin: [1, 2, 3]}]", "sweep: name: a sweep needs a name"},
		{"no axes", head, "sweep: axes: a sweep needs at least one axis"},
		{"lin of two", head + "axes: [{path: bath.ca, unit: mM}, {path: protocol.pairing.dt, unit: ms, lin: [1, 50]}]", "sweep: axes[0]: give exactly one of values, lin, log, uniform, loguniform"},
		{"lin n", head + "axes: [{path: protocol.pairing.dt, unit: ms, lin: [1, 50]}]", `axes[0].lin: "[1, 50]": need [from, to, n] with n >= 2`},
		{"lin n fraction", head + "axes: [{path: protocol.pairing.dt, unit: ms, lin: [1, 50, 2.5]}]", `axes[0].lin: "[1, 50, 2.5]": need [from, to, n]`},
		{"lin same ends", head + "axes: [{path: protocol.pairing.dt, unit: ms, lin: [5, 5, 3]}]", "from and to must be finite and differ"},
		{"two kinds", head + "axes: [{path: bath.ca, unit: mM, lin: [1, 2, 3], log: [1, 2, 3]}]", `axes[0]: "lin and log": give exactly one`},
		{"log of zero", head + "axes: [{path: bath.ca, unit: mM, log: [0, 2, 3]}]", `axes[0].log: "[0, 2, 3]": a log range needs from > 0`},
		{"bad unit", head + "axes: [{path: bath.ca, unit: mmol, lin: [1, 2, 3]}]", `axes[0].unit: "mmol": not a unit synlab knows`},
		{"no path", head + "axes: [{unit: mM, lin: [1, 2, 3]}]", "sweep: axes[0].path: a spec path is required"},
		{"seed axis", head + "axes: [{path: seed, values: [1, 2]}]", `axes[0].path: "seed": seeds are derived`},
		{"duplicate axis", head + "axes: [{path: bath.ca, unit: mM, lin: [1, 2, 3]}, {path: bath.ca, values: [1mM]}]", `axes[1].path: "bath.ca": already swept by axes[0]`},
		{"duplicate level", head + "axes: [{path: protocol.pairing.post_spikes, lin: [1, 2, 4], integer: true}]", "levels 0 and 1 are the same value"},
		{"mixed units", head + "axes: [{path: bath.ca, values: [500uM, 1mM]}]", "values in different units (\"mM\", \"uM\")"},
		{"mixed names", head + "axes: [{path: model.set, values: [DP, 3]}]", "mixes numbers and names"},
		{"wrong dimension", head + "axes: [{path: bath.ca, unit: mM, values: [1mM, 3Hz]}]", `axes[0].values[1]: "3Hz": is a frequency; the axis unit "mM" is a concentration`},
		{"uniform order", head + "axes: [{path: bath.ca, unit: mM, uniform: [2, 1]}]\nsamples: {n: 4}", `axes[0].uniform: "[2, 1]": need [lo, hi] with lo < hi`},
		{"samples missing", head + "axes: [{path: bath.ca, unit: mM, uniform: [1, 2]}]", "sweep: samples: uniform and loguniform axes need samples"},
		{"samples unused", head + "axes: [{path: bath.ca, unit: mM, lin: [1, 2, 3]}]\nsamples: {n: 4}", `samples: "4": only for uniform or loguniform axes`},
		{"samples method", head + "axes: [{path: bath.ca, unit: mM, uniform: [1, 2]}]\nsamples: {n: 4, method: sobol}", `samples.method: "sobol": lhs (Latin hypercube) or random`},
		{"seeds", head + "seeds: shared\naxes: [{path: bath.ca, unit: mM, lin: [1, 2, 3]}]", `seeds: "shared": per-point, per-replicate or base`},
		{"replicates", head + "replicates: -1\naxes: [{path: bath.ca, unit: mM, lin: [1, 2, 3]}]", `replicates: "-1": between 1 and`},
		{"chunk", head + "chunk: -2\naxes: [{path: bath.ca, unit: mM, lin: [1, 2, 3]}]", `chunk: "-2": points per chunk must be ≥ 1`},
		{"read_at", head + "read_at: [5 Hz]\naxes: [{path: bath.ca, unit: mM, lin: [1, 2, 3]}]", `read_at[0]: "5 Hz"`},
		// Errors found by the experiment schema name the spec field.
		{"unknown spec path", head + "axes: [{path: protocol.train.rat, unit: Hz, lin: [1, 2, 3]}]", `unknown field "rat"`},
		{"level out of range", head + "axes: [{path: bath.ca, unit: mM, lin: [1, 30, 3]}]", `axes[0].lin: bath.ca=30 mM: bath.ca: "30 mM"`},
		{"bare number for a quantity", head + "axes: [{path: protocol.pairing.dt, lin: [-10, 10, 3]}]", `protocol.pairing.dt`},
		{"bad set", head + "set: [bath.cax=1mM]\naxes: [{path: bath.ca, unit: mM, lin: [1, 2, 3]}]", `sweep: set: bath.cax`},
		{"too many points", head + "axes: [{path: bath.ca, unit: mM, lin: [1, 2, 1000]}, {path: protocol.pairing.dt, unit: ms, lin: [1, 2, 1000]}, {path: protocol.pairing.pairs, lin: [1, 100, 100], integer: true}]", "split the sweep"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := planYAML(t, tc.src, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant one containing %q", err, tc.want)
			}
		})
	}
}
