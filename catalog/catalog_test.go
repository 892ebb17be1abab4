package catalog

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

func readDir(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "experiment", "testdata", dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files in experiment/testdata/%s: %v", dir, err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	return out
}

// TestInvalid loads every experiment/testdata/invalid/*.yaml; each must
// fail with an error containing the text of its .err file (field path,
// value, what is allowed and, where the field is in the file, its line and
// column).
func TestInvalid(t *testing.T) {
	files := readDir(t, "invalid")
	if len(files) < 25 {
		t.Errorf("only %d invalid cases, want ≥ 25", len(files))
	}
	for f, data := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(f, ".yaml") + ".err")
			if err != nil {
				t.Fatalf("missing .err file: %v", err)
			}
			sub := strings.TrimSpace(string(want))
			if sub == "" {
				t.Fatal("empty .err file")
			}
			_, err = Load(data)
			if err == nil {
				t.Fatalf("Load succeeded, want error containing %q", sub)
			}
			if !strings.Contains(err.Error(), sub) {
				t.Errorf("error\n  %s\nwant it to contain\n  %s", err, sub)
			}
			var fe *experiment.FieldError
			if !errors.As(err, &fe) {
				t.Errorf("error is %T, want *FieldError", err)
			}
		})
	}
}

// TestValid loads every valid spec against the real registry.
func TestValid(t *testing.T) {
	for f, data := range readDir(t, "valid") {
		if _, err := Load(data); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
}

// TestPresetsLoad: every preset loads and its tier and set exist.
func TestPresetsLoad(t *testing.T) {
	for _, p := range experiment.Presets() {
		pl, err := Load(p.Data)
		if err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
			continue
		}
		if pl.Tier.Name != pl.Spec.Model.Tier || len(pl.Vars) == 0 {
			t.Errorf("preset %s: tier %q, %d variables", p.Name, pl.Tier.Name, len(pl.Vars))
		}
	}
}

// TestRegistry: names are unique per preparation, every tier has a doc, a
// set, a check and a build, and every drug target it claims exists.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, tier := range Registry() {
		k := tier.Preparation + "/" + tier.Name
		if seen[k] {
			t.Errorf("%s listed twice", k)
		}
		seen[k] = true
		if tier.Doc == "" || len(tier.Sets) == 0 || tier.Check == nil || tier.Build == nil {
			t.Errorf("%s: incomplete entry", k)
		}
		for _, d := range tier.Drugs {
			if _, ok := drug.TargetDoc(d); !ok {
				t.Errorf("%s: unknown drug target %q", k, d)
			}
		}
	}
}

// TestDrugErrors: an unknown drug names the field and lists every known
// name; a drug whose target the tier does not model names the tiers that
// do, from the registry; bath ions are pointed at the bath.
func TestDrugErrors(t *testing.T) {
	spec := func(tier, drugs string) []byte {
		return []byte("name: d\nmodel: {tier: " + tier + "}\ndrugs: " + drugs + "\nprotocol: {train: {rate: 1 Hz, pulses: 3}}\n")
	}
	for _, c := range []struct {
		tier, drugs, path, want string
	}{
		{"shouval", `[{name: APV, conc: 50 uM}, {name: ketamine, conc: 10 uM}]`, "drugs[1].name", "a known drug: "},
		{"shouval", `[{name: APV, conc: 50 uM}, {name: fk-506, conc: 50 uM}]`, "drugs[1].name",
			"a drug whose target the shouval tier models (nmda); FK506 acts on calcineurin and nmda, modelled by the mechanistic, mechanistic-spine and sbml tiers of the ca1 preparation; the mechanistic tier of the pf-purkinje preparation"},
		{"graupner-brunel", `[{name: BAPTA, conc: 10 mM}]`, "drugs[0].name", "BAPTA acts on bapta, modelled by the mechanistic, spine, mechanistic-spine and sbml tiers of the ca1 preparation"},
		{"shouval", `[{name: Mg-free, conc: 1 uM}]`, "drugs[0].name", "bath ions are not drugs"},
		{"shouval", `[{name: APV, conc: 50 uM, from: 1 s}]`, "drugs[0].from/for", "timed application"},
	} {
		_, err := Load(spec(c.tier, c.drugs))
		var fe *experiment.FieldError
		if !errors.As(err, &fe) || fe.Path != c.path || !strings.Contains(fe.Allowed, c.want) {
			t.Errorf("%s %s: %v; want %s: …%s…", c.tier, c.drugs, err, c.path, c.want)
		}
	}
	for _, d := range drug.Drugs() {
		if _, err := Load(spec("mechanistic", "[{name: "+`"`+d.Name+`"`+", conc: 1 uM}]")); err != nil {
			var fe *experiment.FieldError
			if !errors.As(err, &fe) || !strings.Contains(fe.Allowed, "modelled by") {
				t.Errorf("%s on the mechanistic tier: %v", d.Name, err)
			}
		}
	}
}

// TestBathOverride: model.override may not set what the bath sets; the
// value used is the bath's, in the plan and the summary.
func TestBathOverride(t *testing.T) {
	for _, c := range []struct{ tier, name, want string }{
		{"shouval", "ca_o", "bath.ca"}, {"shouval", "mg", "bath.mg"}, {"spine", "ca_o", "bath.ca"}, {"spine", "mg_o", "bath.mg"},
	} {
		_, err := Load([]byte("name: b\nmodel: {tier: " + c.tier + ", override: {" + c.name + `: "3 mM"}}` + "\nprotocol: {train: {rate: 1 Hz, pulses: 3}}\n"))
		var fe *experiment.FieldError
		if !errors.As(err, &fe) || fe.Path != "model.override."+c.name || !strings.Contains(fe.Allowed, c.want) {
			t.Errorf("%s override %s: %v", c.tier, c.name, err)
		}
	}
	// A GB set runs at its reference [Ca]o unless the bath says otherwise.
	pl, err := Load([]byte("name: g\nmodel: {tier: graupner-brunel, set: cortical-slices}\nprotocol: {pairing: {dt: 10 ms, pairs: 3, rate: 1 Hz}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if pl.CaO != pl.Set.CaRef || pl.CaO == 2000 {
		t.Errorf("GB cortical-slices bath %v µM, set reference %v", pl.CaO, pl.Set.CaRef)
	}
	res, err := engine.Run(context.Background(), pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Summary.Text, "Bath: 2.5 mM Ca2+") {
		t.Errorf("summary does not report the bath used: %s", res.Summary.Text)
	}
}

// TestZoomDoesNotChangeRun: recording the zoom on the first induction
// pulses in the same run (engine.Options.Zoom, as synlab run and the web
// lab do) leaves every number of the run as it is without the zoom: the
// zoom is read at peek times that no model integrates over.
func TestZoomDoesNotChangeRun(t *testing.T) {
	for _, c := range []struct {
		preset string
		sets   []string
	}{
		{"stdp-gb", []string{"model.synapses=200"}},
		{"spine-stdp", []string{"protocol.pairing.pairs=5", "model.override.stochastic=1", "model.set=gb", "model.override.rule.sigma=2.8284", "model.synapses=10", "record.every=1ms"}},
		{"lfs", []string{"protocol.baseline=2min", "protocol.train.pulses=60", "protocol.follow=3min", "record.every=1s"}},
		{"pf-cf-ltd", []string{"model.override.stochastic=1", "model.synapses=10", "protocol.baseline=1min", "protocol.pairing.pairs=20", "protocol.follow=2min", "record.every=10s"}},
		{"tbs-shouval", nil},
		{"clamp-shouval", nil},
	} {
		p, _ := experiment.FindPreset(c.preset)
		data, err := experiment.ApplySets(p.Data, c.sets)
		if err != nil {
			t.Fatal(err)
		}
		run := func(zoom int) *engine.Result {
			pl, err := Load(data)
			if err != nil {
				t.Fatal(err)
			}
			res, err := engine.RunWith(context.Background(), pl, engine.Options{Zoom: zoom})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		a, b := run(0), run(3)
		if b.Zoom == nil || b.Zoom.Len() < 100 {
			t.Errorf("%s: no zoom recorded", c.preset)
		}
		if !sameTable(a.Series.Data, b.Series.Data) || !sameTable(a.Tests.Data, b.Tests.Data) || a.Summary.ChangePct != b.Summary.ChangePct {
			t.Errorf("%s: the zoom changed the run (change %v vs %v)", c.preset, a.Summary.ChangePct, b.Summary.ChangePct)
		}
	}
}

func sameTable(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] && !(a[i][j] != a[i][j] && b[i][j] != b[i][j]) {
				return false
			}
		}
	}
	return true
}
