package calibrate

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/papers"
)

// TestCA1File: calibration/ca1.yaml, ca1-reachable.yaml and ca1-round6.yaml decode, names only cases that exist,
// and every free constant is accepted by the default CA1 tier at both of
// its bounds (so `synlab calibrate calibration/ca1.yaml` cannot fail on a
// misspelt path or a unit the tier refuses).
func TestCA1File(t *testing.T) {
	for _, f := range []string{"ca1.yaml", "ca1-reachable.yaml", "ca1-round6.yaml", "ca1-b15.yaml"} {
		t.Run(f, func(t *testing.T) { checkCA1File(t, "../calibration/"+f) })
	}
}

func checkCA1File(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{}
	for _, c := range papers.Cases() {
		cases[c.Name] = c.Data
	}
	for _, n := range append(append([]string{}, s.Training...), s.Holdout...) {
		if cases[n] == nil {
			t.Errorf("case %s: not a papers case", n)
		}
	}
	base := string(cases["ca1-b1-lfs"])
	for _, f := range s.Free {
		for _, v := range []float64{f.Lo, f.Hi} {
			name := strings.TrimPrefix(f.Path, "model.override.")
			src := strings.Replace(base, "model: {tier: mechanistic, set: default}",
				fmt.Sprintf("model: {tier: mechanistic, set: default, override: {%s: \"%g %s\"}}", name, v, f.Unit), 1)
			if src == base {
				t.Fatal("ca1-b1-lfs: model line not found")
			}
			if _, err := catalog.Load([]byte(src)); err != nil {
				t.Errorf("%s = %g %s: %v", f.Path, v, f.Unit, err)
			}
		}
	}
}

// TestValueWithinBounds: the coordinate ends map to the bounds exactly,
// also on a log scale, where exp(log(0.01)) rounds below 0.01.
func TestValueWithinBounds(t *testing.T) {
	for _, f := range []Free{{Lo: 0.01, Hi: 0.2, Log: true}, {Lo: 0.005, Hi: 0.05, Log: true}, {Lo: 0.1, Hi: 0.7}} {
		for _, u := range []float64{-1, 0, 1, 2} {
			if v := f.value(u); v < f.Lo || v > f.Hi {
				t.Errorf("%+v: value(%g) = %.17g outside the bounds", f, u, v)
			}
		}
		if f.value(0) != f.Lo || f.value(1) != f.Hi {
			t.Errorf("%+v: ends map to %.17g, %.17g", f, f.value(0), f.value(1))
		}
	}
}
