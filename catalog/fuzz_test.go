package catalog

import (
	"math"
	"strconv"
	"testing"

	"github.com/synlab/synlab/experiment"
)

// extremePaths are spec fields and overrides of every tier that numbers
// are written into, with the preset they are set on and their unit.
var extremePaths = []struct{ preset, path, unit string }{
	{"lfs-shouval", "protocol.train.rate", "Hz"},
	{"lfs-shouval", "protocol.train.pulses", ""},
	{"lfs-shouval", "duration", "min"},
	{"lfs-shouval", "record.every", "ms"},
	{"lfs-shouval", "bath.ca", "mM"},
	{"lfs-apv-shouval", "drugs[0].conc", "uM"},
	{"clamp-shouval", "protocol.clamp", "mV"},
	{"stdp-gb", "protocol.pairing.dt", "ms"},
	{"stdp-gb", "model.synapses", ""},
	{"stdp-gb", "model.override.sigma", ""},
	{"stdp-gb", "model.override.tau", "s"},
	{"lfs-shouval", "model.override.g_nmda", ""},
	{"spine-lfs", "model.override.nmda_g", "nS"},
	{"spine-lfs", "model.override.celsius", ""},
	{"spine-lfs", "model.override.head_volume", "fL"},
	{"pf-cf-ltd", "model.override.q_pf", "uM"},
}

// FuzzExtremeNumbers: any number (1e308, 5e-324, -0, huge exponents,
// negative counts) written into a spec field or an override either is
// refused with a field error or plans a run whose numbers are finite and
// whose schedule is within the event limit; nothing panics.
func FuzzExtremeNumbers(f *testing.F) {
	for i := range extremePaths {
		for _, v := range []float64{0, -1, 1e308, -1e308, 5e-324, 1e-300, 1e9, 0.5, 7} {
			f.Add(uint8(i), v, "")
		}
		f.Add(uint8(i), 1.0, "e400")
		f.Add(uint8(i), 1.0, "e-400")
	}
	f.Fuzz(func(t *testing.T, which uint8, v float64, suffix string) {
		p := extremePaths[int(which)%len(extremePaths)]
		num := strconv.FormatFloat(v, 'g', -1, 64) + suffix
		if p.unit == "" && (p.path == "protocol.train.pulses" || p.path == "model.synapses") {
			num = strconv.FormatFloat(math.Trunc(v), 'f', -1, 64) + suffix
		}
		pre, ok := experiment.FindPreset(p.preset)
		if !ok {
			t.Fatalf("no preset %s", p.preset)
		}
		data, err := experiment.ApplySets(pre.Data, []string{p.path + "=" + num + p.unit})
		if err != nil {
			return
		}
		pl, err := Load(data)
		if err != nil {
			return
		}
		for _, x := range []float64{pl.End, pl.RecordEvery, pl.CaO, pl.MgO, pl.Layout.Events, pl.Layout.InductionStart, pl.Layout.InductionEnd} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%s=%s%s planned a non-finite number: %+v", p.path, num, p.unit, pl.Layout)
			}
		}
		if pl.Layout.Events > 1e8 {
			t.Fatalf("%s=%s%s planned %g events", p.path, num, p.unit, pl.Layout.Events)
		}
	})
}
