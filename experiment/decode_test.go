package experiment

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/protocol"
)

// fakeCatalog stands for the registry of tiers: the language checks
// preparation and model.tier against it.
type fakeCatalog struct{}

func (fakeCatalog) Preparations() []string { return []string{"ca1", "pf-purkinje"} }
func (fakeCatalog) TierNames(p string) []string {
	if p == "pf-purkinje" {
		return []string{"mechanistic"}
	}
	return []string{"shouval", "graupner-brunel", "spine", "mechanistic"}
}

// resolve is Resolve against the fake catalog.
func resolve(s *Spec) (*Resolved, error) { return s.Resolve(fakeCatalog{}) }

// events compiles a resolved spec's stream into a schedule.
func events(t testing.TB, r *Resolved) protocol.Schedule {
	t.Helper()
	s, err := r.Protocol.Stream(r.Spec.Seed)
	if err != nil {
		t.Fatal(err)
	}
	sc := protocol.Schedule{InductionStart: r.Layout.InductionStart, InductionEnd: r.Layout.InductionEnd, End: r.End}
	for e, ok := s.Next(); ok; e, ok = s.Next() {
		sc.Events = append(sc.Events, e)
	}
	return sc
}

func readDir(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files in testdata/%s: %v", dir, err)
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

// normalize maps empty maps and slices to nil: Encode omits them, so they
// decode as nil.
func normalize(s *Spec) *Spec {
	c := *s
	if len(c.Model.Override) == 0 {
		c.Model.Override = nil
	}
	if len(c.Drugs) == 0 {
		c.Drugs = nil
	}
	if len(c.Record.Vars) == 0 {
		c.Record.Vars = nil
	}
	if e := c.Protocol.Explicit; e != nil {
		ee := *e
		if len(ee.Pre) == 0 {
			ee.Pre = nil
		}
		if len(ee.Post) == 0 {
			ee.Post = nil
		}
		c.Protocol.Explicit = &ee
	}
	return &c
}

func roundTrip(t testing.TB, s *Spec) {
	t.Helper()
	b, err := Encode(s)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	s2, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(Encode(s)): %v\n%s", err, b)
	}
	if !reflect.DeepEqual(normalize(s), normalize(s2)) {
		t.Fatalf("round trip changed the spec:\n%#v\n%#v\n%s", s, s2, b)
	}
}

func checkSchedule(t testing.TB, sc protocol.Schedule) {
	t.Helper()
	for i, e := range sc.Events {
		if math.IsNaN(e.T) || math.IsInf(e.T, 0) || e.T < 0 || e.T > sc.End {
			t.Fatalf("event %d %+v outside [0, %v]", i, e, sc.End)
		}
	}
	if !slices.IsSortedFunc(sc.Events, func(a, b protocol.Event) int {
		if protocol.Less(a, b) {
			return -1
		}
		if protocol.Less(b, a) {
			return 1
		}
		return 0
	}) {
		t.Fatal("events not sorted")
	}
}

func TestValid(t *testing.T) {
	for f, data := range readDir(t, "valid") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := Decode(data)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			r, err := resolve(s)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			sc := events(t, r)
			if len(sc.Events) == 0 {
				t.Error("no events")
			}
			checkSchedule(t, sc)
			roundTrip(t, s)
		})
	}
}

func load(t *testing.T, name string) *Resolved {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "valid", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := resolve(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func kinds(ev []protocol.Event, k protocol.Kind) []float64 {
	var t []float64
	for _, e := range ev {
		if e.Kind == k {
			t = append(t, e.T)
		}
	}
	return t
}

func TestResolveLFS(t *testing.T) {
	r := load(t, "lfs.yaml")
	sc := events(t, r)
	pre := kinds(sc.Events, protocol.Pre)
	if len(pre) != 900 || pre[899]-sc.InductionStart != 899000 {
		t.Errorf("%d pulses, last at %v after start", len(pre), pre[len(pre)-1]-sc.InductionStart)
	}
	if r.CaO != 2000 || r.MgO != 1000 || !r.CaGiven {
		t.Errorf("bath %v %v µM (given %v)", r.CaO, r.MgO, r.CaGiven)
	}
	if r.End != 20*60000+900000+60*60000 || r.RecordEvery != 10000 {
		t.Errorf("End %v, RecordEvery %v", r.End, r.RecordEvery)
	}
}

func TestResolveDefaultsAndDrugs(t *testing.T) {
	r := load(t, "poisson.yaml")
	if r.CaO != 1800 || r.MgO != 0 {
		t.Errorf("bath %v %v", r.CaO, r.MgO)
	}
	if len(r.Drugs) != 1 || r.Drugs[0] != (drug.Dose{Name: "APV", Conc: 50, From: 0, To: math.Inf(1)}) {
		t.Errorf("drugs %+v", r.Drugs)
	}
	if r.Protocol.Clamp == nil || *r.Protocol.Clamp != -40 {
		t.Error("clamp not -40 mV")
	}
	// The Poisson stream is fixed by the seed.
	again := load(t, "poisson.yaml")
	if !slices.Equal(events(t, r).Events, events(t, again).Events) {
		t.Error("same spec and seed, different events")
	}
	r2 := load(t, "pairing.yaml")
	if r2.End != 70000 {
		t.Errorf("End %v, want duration 70 s", r2.End)
	}
	if n := len(kinds(events(t, r2).Events, protocol.Post)); n != 120 {
		t.Errorf("%d post spikes, want 120", n)
	}
}

// Resolve works on specs built in code and reports paths without positions.
func TestSpecResolveInCode(t *testing.T) {
	s := &Spec{Name: "x", Model: Model{Tier: "shouval"},
		Protocol: Protocol{Train: &Train{Rate: "5 Hz", Pulses: 10}}}
	r, err := resolve(s)
	if err != nil {
		t.Fatal(err)
	}
	if r.End != 2000 {
		t.Errorf("End %v", r.End)
	}
	s.Protocol.Train.Rate = "5"
	_, err = resolve(s)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "protocol.train.rate" || fe.Line != 0 {
		t.Errorf("err %v", err)
	}
}

func TestFieldErrorFormat(t *testing.T) {
	e := &FieldError{Path: "protocol.train.rate", Value: "-1 Hz", Allowed: "must be > 0 Hz", Line: 7, Col: 11}
	if got, want := e.Error(), `protocol.train.rate: "-1 Hz": must be > 0 Hz (line 7, column 11)`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestLocate(t *testing.T) {
	src := []byte(`name: x
model:
  tier: graupner-brunel
  override:
    sigma: "0"
drugs:
  - name: APV
    conc: 50 µM
protocol:
  train: {rate: 1 Hz, pulses: 9}
`)
	for _, tt := range []struct {
		path      string
		line, col int
		ok        bool
	}{
		{"name", 1, 7, true},
		{"model", 2, 1, true},
		{"model.override.sigma", 5, 12, true},
		{"drugs[0].conc", 8, 11, true},
		{"drugs[0]", 7, 5, true},
		{"protocol.train", 10, 10, true},
		{"protocol.train.pulses", 10, 31, true},
		{"model.override.tau", 4, 3, false},
		{"record.every", 0, 0, false},
	} {
		l, c, ok := Locate(src, tt.path)
		if l != tt.line || c != tt.col || ok != tt.ok {
			t.Errorf("Locate(%q) = %d, %d, %v; want %d, %d, %v", tt.path, l, c, ok, tt.line, tt.col, tt.ok)
		}
	}
}

// The schema that Decode and ApplySets use must list exactly the struct
// fields of Spec, with matching kinds.
func TestSchemaMatchesSpec(t *testing.T) {
	var walk func(typ reflect.Type, n *snode, path string)
	type kind = Kind
	walk = func(typ reflect.Type, n *snode, path string) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		var want kind
		switch typ.Kind() {
		case reflect.Struct:
			want = KStruct
		case reflect.String:
			want = KString
		case reflect.Int:
			want = KInt
		case reflect.Uint64:
			want = KUint
		case reflect.Float64:
			want = KFloat
		case reflect.Bool:
			want = KBool
		case reflect.Map:
			want = KDict
		case reflect.Slice:
			want = KList
		}
		if n.k != want {
			t.Errorf("%s: schema kind %d, struct kind %v", path, n.k, typ.Kind())
			return
		}
		switch want {
		case KStruct:
			if typ.NumField() != len(n.fields) {
				t.Errorf("%s: %d struct fields, %d in schema", path, typ.NumField(), len(n.fields))
			}
			for i := range typ.NumField() {
				f := typ.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
				jname, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name != jname {
					t.Errorf("%s.%s: yaml tag %q, json tag %q", path, f.Name, name, jname)
				}
				sub := n.field(name)
				if sub == nil {
					t.Errorf("%s: field %q not in schema", path, name)
					continue
				}
				walk(f.Type, sub, join(path, name))
			}
		case KList:
			walk(typ.Elem(), n.elem, path+"[]")
		}
	}
	walk(reflect.TypeOf(Spec{}), schema(), "")
	// Every leaf of the table is a path of the schema, and every quantity
	// has a dimension's unit.
	for _, f := range Fields() {
		if f.Quantity && f.Unit == "" && f.Path != "model.override.*" {
			t.Errorf("%s: a quantity without a unit", f.Path)
		}
	}
}

// Every exported field of every spec type has a json tag equal to its yaml tag.
func TestJSONAndYAMLAgree(t *testing.T) {
	for f, data := range readDir(t, "valid") {
		s, err := Decode(data)
		if err != nil {
			t.Fatal(f, err)
		}
		b, _ := Encode(s)
		if !bytes.Contains(b, []byte("name:")) {
			t.Errorf("%s: encoded without name:\n%s", f, b)
		}
	}
}

// FuzzDecodeSpec: Decode never panics; a spec that decodes and validates
// re-encodes to an equal spec, and its compiled schedule is finite and
// sorted.
func FuzzDecodeSpec(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		for _, data := range readDir(f, dir) {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(data)
		if err != nil {
			return
		}
		r, err := resolve(s)
		if err != nil {
			return
		}
		roundTrip(t, s)
		// Keep iterations cheap: generate only small schedules.
		if r.Layout.Events > 1e5 {
			return
		}
		checkSchedule(t, events(t, r))
	})
}
