package drug

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// Every drug resolves by its name and each alias, in any case and with
// the spacing and hyphens people write.
func TestFindDrugNamesAndAliases(t *testing.T) {
	for _, d := range Drugs() {
		names := append([]string{d.Name}, d.Aliases...)
		for _, n := range names {
			for _, v := range []string{n, strings.ToUpper(n), strings.ToLower(n), " " + n + " "} {
				got, ok := Find(v)
				if !ok || got.Name != d.Name {
					t.Errorf("Find(%q) = %q, %v; want %q", v, got.Name, ok, d.Name)
				}
			}
		}
	}
	for _, c := range []struct{ in, want string }{
		{"fk 506", "FK506"}, {"kn62", "KN-62"}, {"d-ap5", "APV"}, {"csa", "cyclosporin A"},
		{"pki 6-22", "PKI(6-22)"}, {"Okadaic Acid", "okadaic acid"}, {"dip", "dynamin inhibitory peptide"},
		{"Tacrolimus", "FK506"}, {"oa", "okadaic acid"},
	} {
		if got, ok := Find(c.in); !ok || got.Name != c.want {
			t.Errorf("Find(%q) = %q, %v; want %q", c.in, got.Name, ok, c.want)
		}
	}
	for _, bad := range []string{"", "  ", "-", "APV2", "ketamine"} {
		if d, ok := Find(bad); ok {
			t.Errorf("Find(%q) = %q; want not found", bad, d.Name)
		}
	}
}

// The table is well formed: no name or alias of one drug matches another
// drug's, known targets, positive potencies for blockers, a source
// with a provenance tag for every drug, and a route.
func TestDrugTableWellFormed(t *testing.T) {
	owner := map[string]string{}
	targets := map[Target]bool{}
	for _, ti := range Targets() {
		targets[ti.Key] = true
		if ti.Doc == "" {
			t.Errorf("target %q: missing Doc", ti.Key)
		}
	}
	for _, d := range Drugs() {
		for _, n := range append([]string{d.Name}, d.Aliases...) {
			k := key(n)
			if o, dup := owner[k]; dup && o != d.Name {
				t.Errorf("name %q of %q collides with %q", n, d.Name, o)
			}
			owner[k] = d.Name
		}
		if !targets[d.Target] {
			t.Errorf("%s: unknown target %q", d.Name, d.Target)
		}
		buffer := d.Target == BAPTA || d.Target == EGTA
		if buffer != (d.Potency == 0) {
			t.Errorf("%s: potency %g for target %s (buffers have none, blockers need one)", d.Name, d.Potency, d.Target)
		}
		if !buffer && (d.Hill != 1 || !slices.Contains([]string{"IC50", "Kd", "Ki", "EC50"}, d.Measure) || (d.Measure == "EC50") != (d.Target == NMDAAgonist || d.Target == AMPAAgonist)) {
			t.Errorf("%s: Hill %g, measure %q", d.Name, d.Hill, d.Measure)
		}
		if !(d.Usual > 0) || (d.Route != "bath" && d.Route != "pipette") {
			t.Errorf("%s: usual %g µM by %q", d.Name, d.Usual, d.Route)
		}
		if !strings.Contains(d.Source, "[V-abs") && !strings.Contains(d.Source, "[M") && !strings.Contains(d.Source, "[A]") {
			t.Errorf("%s: source has no provenance tag: %q", d.Name, d.Source)
		}
	}
	// Every target the issue names has at least one drug.
	for k := range targets {
		if !slices.ContainsFunc(Drugs(), func(d Info) bool { return d.Target == k }) {
			t.Errorf("no drug acts on %s", k)
		}
	}
}

// Block at a stated concentration equals c/(c + K) (Hill 1). Reference
// values are that formula worked by hand from the table's potencies.
func TestBlockFraction(t *testing.T) {
	for _, c := range []struct {
		drug  string
		conc  float64 // µM
		block float64 // expected blocked fraction
	}{
		{"APV", 50, 50 / 51.4},          // 0.97276
		{"okadaic acid", 1, 1 / 1.0002}, // 0.99980 (PP2A, its primary target)
		{"KN-93", 10, 10 / 10.37},       // 0.96432
		{"dynasore", 15, 0.5},           // at the IC50
		{"nimodipine", 0.1, 0.5},        // at the IC50
		{"KT5720", 0.056, 0.5},          // at the Ki
		{"cyclosporin A", 0.01, 0.5},    // at the IC50
		{"calyculin A", 0.002, 0.5},     // at the IC50
		{"PKI(6-22)", 0.004, 2.0 / 3.0}, // twice the Ki
	} {
		d, ok := Find(c.drug)
		if !ok {
			t.Fatalf("%s not found", c.drug)
		}
		if got := 1 - d.Open(c.conc); math.Abs(got-c.block) > 1e-12 {
			t.Errorf("%s %g µM: block %.6f; want %.6f", c.drug, c.conc, got, c.block)
		}
		if got := 1 - Of([]Dose{{Name: c.drug, Conc: c.conc}}).Open(d.Target); len(d.Also) == 0 && math.Abs(got-c.block) > 1e-12 {
			t.Errorf("%s %g µM via Effects: block %.6f; want %.6f", c.drug, c.conc, got, c.block)
		}
	}
	if got := 1 - Of([]Dose{{Name: "APV", Conc: 50}}).NMDA; math.Abs(got-0.972763) > 1e-6 {
		t.Errorf("nmdaBlock(APV 50 µM) = %.6f; want 0.972763", got)
	}
	if got := 1 - Of(nil).NMDA; got != 0 {
		t.Errorf("nmdaBlock(nil) = %g; want 0", got)
	}
}

// The usual slice concentrations block their target by more than 90% in
// this model, except dynasore at 80 µM (84%): see its Note. Each value is
// logged for the record.
func TestUsualConcentrationsBlock(t *testing.T) {
	for _, c := range []struct {
		drug string
		conc float64 // µM, the concentration used in slice or pipette work
		min  float64 // least acceptable block
	}{
		{"APV", 50, 0.9},
		{"okadaic acid", 1, 0.9},
		{"tautomycetin", 0.05, 0.9},
		{"CNQX", 10, 0.9},
		{"NBQX", 10, 0.9},
		{"calyculin A", 1, 0.9},
		{"FK506", 50, 0.9},
		{"cyclosporin A", 100, 0.9},
		{"KN-62", 10, 0.9},
		{"KN-93", 10, 0.9},
		{"dynasore", 80, 0.84}, // 80/95 = 0.842: single-site, Hill 1, IC50 15 µM
		{"dynamin inhibitory peptide", 50, 0.9},
		{"nimodipine", 10, 0.9},
		{"KT5720", 1, 0.9},
		{"PKI(6-22)", 20, 0.9},
	} {
		d, _ := Find(c.drug)
		block := 1 - Of([]Dose{{Name: c.drug, Conc: c.conc}}).Open(d.Target)
		t.Logf("%-27s %8g µM on %-11s: %.1f%% blocked", c.drug, c.conc, d.Target, 100*block)
		if block < c.min {
			t.Errorf("%s %g µM blocks %s by %.3f; want ≥ %.2f", c.drug, c.conc, d.Target, block, c.min)
		}
		if d.Usual != c.conc {
			t.Errorf("%s: table's usual concentration %g µM, test uses %g", c.drug, d.Usual, c.conc)
		}
	}
}

// Two different drugs on one target act at independent sites: their open
// fractions multiply. Two names for one drug add their concentrations.
func TestEffectsCombine(t *testing.T) {
	oa, _ := Find("okadaic acid")
	ca, _ := Find("calyculin A")
	e := Of([]Dose{{Name: "okadaic acid", Conc: 0.02}, {Name: "calyculin A", Conc: 0.001}})
	if want := oa.Also[0].Open(0.02) * ca.Open(0.001); math.Abs(e.PP1-want) > 1e-15 {
		t.Errorf("PP1 open %g; want %g (product)", e.PP1, want)
	}
	if want := oa.Open(0.02) * ca.Also[0].Open(0.001); math.Abs(e.PP2A-want) > 1e-15 {
		t.Errorf("PP2A open %g; want %g (product)", e.PP2A, want)
	}
	e = Of([]Dose{{Name: "FK506", Conc: 50}, {Name: "CsA", Conc: 100}, {Name: "KN-62", Conc: 10}, {Name: "KN-93", Conc: 10}})
	fk, _ := Find("FK506")
	cs, _ := Find("CsA")
	k62, _ := Find("KN-62")
	k93, _ := Find("KN-93")
	if want := fk.Open(50) * cs.Open(100); e.CaN != want {
		t.Errorf("CaN open %g; want %g", e.CaN, want)
	}
	if want := k62.Open(10) * k93.Open(10); e.CaMKII != want {
		t.Errorf("CaMKII open %g; want %g", e.CaMKII, want)
	}
	apv, _ := Find("APV")
	e = Of([]Dose{{Name: "APV", Conc: 25}, {Name: "AP5", Conc: 25}})
	if want := apv.Open(50); e.NMDA != want {
		t.Errorf("APV 25 + AP5 25: NMDA open %g; want %g (one drug at 50 µM)", e.NMDA, want)
	}
	// Untouched targets stay at 1.
	if e.CaMKII != 1 || e.CaN != 1 || e.PP1 != 1 || e.PKA != 1 || e.LType != 1 || e.Endocytosis != 1 || e.BAPTA != 0 || e.EGTA != 0 {
		t.Errorf("APV alone changed another target: %+v", e)
	}
	for _, f := range []float64{e.NMDA, e.CaMKII, e.PKA} {
		if !(f >= 0 && f <= 1) {
			t.Errorf("fraction %g outside [0, 1]", f)
		}
	}
}

// No drugs: everything open, no buffer.
func TestEffectsUntreated(t *testing.T) {
	want := Effects{NMDA: 1, CaMKII: 1, CaN: 1, PP1: 1, PP2A: 1, AMPA: 1, PKA: 1, LType: 1, Endocytosis: 1, PKC: 1, MGluR1: 1, NOS: 1}
	if got := Of(nil); got != want {
		t.Errorf("Of(nil) = %+v; want %+v", got, want)
	}
	if got := Of([]Dose{{Name: "unknown", Conc: 5}}); got != want {
		t.Errorf("unknown drug changed effects: %+v", got)
	}
}

// Buffers pass their concentration through unchanged and block nothing.
func TestBuffersPassThrough(t *testing.T) {
	e := Of([]Dose{{Name: "BAPTA", Conc: 10_000}, {Name: "egta", Conc: 500}, {Name: "APV", Conc: 50}})
	if e.BAPTA != 10_000 || e.EGTA != 500 {
		t.Errorf("BAPTA %g EGTA %g µM; want 10000 and 500", e.BAPTA, e.EGTA)
	}
	if e.CaMKII != 1 || e.CaN != 1 || e.LType != 1 {
		t.Errorf("a buffer blocked a target: %+v", e)
	}
	b, _ := Find("BAPTA")
	if b.Open(1e4) != 1 {
		t.Errorf("BAPTA.Open = %g; want 1", b.Open(1e4))
	}
}

// The Markdown table has a header, a rule and one row per drug, each with
// as many cells as the header.
func TestDrugTableMarkdown(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(Markdown(), "\n"), "\n")
	if len(lines) != 2+len(Drugs()) {
		t.Fatalf("%d lines; want %d", len(lines), 2+len(Drugs()))
	}
	cells := func(s string) int { return strings.Count(strings.ReplaceAll(s, `\|`, ""), "|") }
	for i, l := range lines {
		if cells(l) != cells(lines[0]) {
			t.Errorf("line %d has %d separators, header %d: %s", i, cells(l), cells(lines[0]), l)
		}
	}
	for i, d := range Drugs() {
		if !strings.HasPrefix(lines[2+i], "| "+d.Name+" |") {
			t.Errorf("row %d = %q; want drug %s", i, lines[2+i], d.Name)
		}
	}
	for _, s := range []string{"| APV | AP5, D-AP5", "Kd 1.4 µM", "IC50 19 nM (pp1)", "IC50 0.2 nM (pp2a)", "Ki 56 nM", "10 mM (pipette)", "IC50 0.5 nM"} {
		if !strings.Contains(Markdown(), s) {
			t.Errorf("table lacks %q", s)
		}
	}
}

func TestConcText(t *testing.T) {
	for _, c := range []struct {
		c    float64
		want string
	}{{10_000, "10 mM"}, {50, "50 µM"}, {0.37, "0.37 µM"}, {0.019, "19 nM"}, {0.0005, "0.5 nM"}, {2e-5, "20 pM"}} {
		if got := Conc(c.c); got != c.want {
			t.Errorf("Conc(%g) = %q; want %q", c.c, got, c.want)
		}
	}
}

// Selectivity: okadaic acid blocks PP2A at about 1% of the concentration
// that blocks PP1 (Holmes et al. 1990 values), tautomycetin the reverse
// (Mitsuhashi et al. 2001), calyculin A both; at 10 nM okadaic acid leaves
// most PP1 and almost no PP2A.
func TestPhosphataseSelectivity(t *testing.T) {
	for _, c := range []struct {
		drug      string
		conc      float64 // µM
		pp1, pp2a float64 // open fractions expected
	}{
		{"okadaic acid", 0.01, 0.019 / 0.029, 0.0002 / 0.0102},
		{"okadaic acid", 1, 0.019 / 1.019, 0.0002 / 1.0002},
		{"tautomycetin", 0.05, 0.0016 / 0.0516, 0.062 / 0.112},
		{"calyculin A", 1, 0.002 / 1.002, 0.001 / 1.001},
	} {
		e := Of([]Dose{{Name: c.drug, Conc: c.conc}})
		if math.Abs(e.PP1-c.pp1) > 1e-12 || math.Abs(e.PP2A-c.pp2a) > 1e-12 {
			t.Errorf("%s %g µM: PP1 open %g, PP2A open %g; want %g, %g", c.drug, c.conc, e.PP1, e.PP2A, c.pp1, c.pp2a)
		}
	}
	oa, _ := Find("okadaic acid")
	if !oa.Acts(PP1) || !oa.Acts(PP2A) || oa.Acts(CaN) {
		t.Error("okadaic acid should act on pp1 and pp2a only")
	}
}
