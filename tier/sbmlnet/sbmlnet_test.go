package sbmlnet_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// example returns examples/sbml/NAME.yaml with its model file made absolute
// and the sets applied.
func example(t *testing.T, name string, sets ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "sbml", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(filepath.Join("..", "..", "examples", "sbml", "shouval2002.xml"))
	out, err := experiment.ApplySets(data, append([]string{"model.sbml.file=" + abs}, sets...))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func run(t *testing.T, data []byte) *engine.Result {
	t.Helper()
	pl, err := catalog.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run(context.Background(), pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestShouvalNetworkMatchesNative: the Shouval, Bear & Cooper 2002 rule
// written as SBML (examples/sbml/shouval2002.xml) and driven through the
// sbml tier gives the change of synlab's own implementation on the same
// spine (tier spine, set shouval), for LTD (5 Hz) and LTP (HFS). The two
// integrate differently (the native readout: exponential midpoint on the
// Ca²⁺ samples; the network: Rodas4 at rtol 1e-6 on their linear
// interpolant), so the tolerance is 0.5 percentage points of change and
// 1e-3 on W.
func TestShouvalNetworkMatchesNative(t *testing.T) {
	for _, c := range []struct {
		name string
		sets []string
	}{
		{"5 Hz x 900", []string{"protocol.train.rate=5Hz", "protocol.follow=30min"}},
		{"HFS x 4", []string{"protocol.train.rate=100Hz", "protocol.train.pulses=100", "protocol.train.repeat=4", "protocol.train.interval=20s", "protocol.follow=30min"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			net := run(t, example(t, "lfs", c.sets...))
			p, _ := experiment.FindPreset("spine-lfs")
			data, err := experiment.ApplySets(p.Data, append([]string{"protocol.baseline=15min"}, c.sets...))
			if err != nil {
				t.Fatal(err)
			}
			nat := run(t, data)
			a, b := net.Summary.ChangePct, nat.Summary.ChangePct
			t.Logf("%s: SBML network %+.3f%%, native readout %+.3f%%", c.name, a, b)
			if math.Abs(a-b) > 0.5 || math.Abs(a) < 5 {
				t.Errorf("%s: SBML network %+.3f%%, native %+.3f%%: want a real change, equal within 0.5 points", c.name, a, b)
			}
			w, ws := net.Series.Col("sbml_W"), nat.Series.Col("w")
			worst := 0.0
			for i := range min(len(w), len(ws)) {
				worst = max(worst, math.Abs(w[i]-ws[i]))
			}
			if worst > 1e-3*max(1, ws[len(ws)-1]) {
				t.Errorf("%s: W differs by up to %g along the run", c.name, worst)
			}
		})
	}
}

// TestSBMLDrugsAndOverrides: an override sbml.ID sets a model parameter
// (it shows in the manifest's parameters), and a drug on a mapped target
// scales the mapped parameter during its application.
func TestSBMLDrugsAndOverrides(t *testing.T) {
	data := example(t, "lfs", "protocol.train.pulses=50", "protocol.train.rate=5Hz", "protocol.follow=1min", "protocol.baseline=1min",
		"model.override.sbml.P4=2", "drugs[0].name=FK506", "drugs[0].conc=50uM")
	res := run(t, data)
	got := map[string]float64{}
	for _, p := range res.Params {
		got[p.Name] = p.Value
	}
	if got["sbml.P4"] != 2 {
		t.Errorf("sbml.P4 = %g, want the override 2", got["sbml.P4"])
	}
	if !strings.Contains(res.Tier, "shouval2002") {
		t.Errorf("description %q does not name the network", res.Tier)
	}
	// FK506 (calcineurin, mapped to P1 in the example) makes P1 ~1e-5 of
	// itself: W relaxes towards Ω within seconds instead of hours, so the
	// run differs from the one without the drug.
	ctl := run(t, example(t, "lfs", "protocol.train.pulses=50", "protocol.train.rate=5Hz", "protocol.follow=1min", "protocol.baseline=1min", "model.override.sbml.P4=2"))
	w, w0 := res.Series.Col("sbml_W"), ctl.Series.Col("sbml_W")
	if d := math.Abs(w[len(w)-1] - w0[len(w0)-1]); !(d > 1e-3) {
		t.Errorf("FK506 mapped to P1 changed W by %g only", d)
	}
}

// TestSBMLErrors: each mistake names its field.
func TestSBMLErrors(t *testing.T) {
	for _, c := range []struct {
		sets []string
		want string
	}{
		{[]string{"model.sbml.ca=Nope"}, "model.sbml.ca"},
		{[]string{"model.sbml.readout=W +"}, "model.sbml.readout"},
		{[]string{"model.sbml.readout=0*W"}, "model.sbml.readout"},
		{[]string{"model.sbml.file=/nonexistent.xml"}, "model.sbml.file"},
		{[]string{"model.sbml.mode=soak"}, "model.sbml.mode"},
		{[]string{"model.sbml.drugs.nonsense=P1"}, "model.sbml.drugs"},
		{[]string{"model.sbml.drugs.calcineurin=Q9"}, "model.sbml.drugs.calcineurin"},
		{[]string{"drugs[0].name=KN-62", "drugs[0].conc=10uM"}, "drugs"},
		{[]string{"model.tier=spine", "model.set=shouval"}, "model.sbml"},
		{[]string{"model.override.sbml.P1=abc"}, "model.override.sbml.P1"},
	} {
		_, err := catalog.Load(example(t, "lfs", c.sets...))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want it to name %s", c.sets, err, c.want)
		}
	}
}
