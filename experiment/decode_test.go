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

	"github.com/synlab/synlab/protocol"
)

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

// TestInvalid loads every testdata/invalid/*.yaml; each must fail with an
// error containing the text of its .err file (field path, value, what is
// allowed and, where the field is in the file, its line and column).
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
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Errorf("error is %T, want *FieldError", err)
			}
		})
	}
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
			pl, err := Load(data)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if len(pl.Schedule.Events) == 0 {
				t.Error("no events")
			}
			checkSchedule(t, pl.Schedule)
			roundTrip(t, pl.Spec)
		})
	}
}

func load(t *testing.T, name string) *Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "valid", name))
	if err != nil {
		t.Fatal(err)
	}
	pl, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return pl
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

func TestPlanLFS(t *testing.T) {
	pl := load(t, "lfs.yaml")
	pre := kinds(pl.Schedule.Events, protocol.Pre)
	if len(pre) != 900 || pre[899]-pl.Schedule.InductionStart != 899000 {
		t.Errorf("%d pulses, last at %v after start", len(pre), pre[len(pre)-1]-pl.Schedule.InductionStart)
	}
	if pl.CaO != 2000 || pl.MgO != 1000 {
		t.Errorf("bath %v %v µM", pl.CaO, pl.MgO)
	}
	if pl.End != 20*60000+900000+60*60000 || pl.RecordEvery != 10000 {
		t.Errorf("End %v, RecordEvery %v", pl.End, pl.RecordEvery)
	}
}

func TestPlanDefaultsAndDrugs(t *testing.T) {
	pl := load(t, "poisson.yaml")
	if pl.CaO != 1800 || pl.MgO != 0 {
		t.Errorf("bath %v %v", pl.CaO, pl.MgO)
	}
	if len(pl.Drugs) != 1 || pl.Drugs[0] != (DrugDose{Name: "APV", Conc: 50, From: 0, To: math.Inf(1)}) {
		t.Errorf("drugs %+v", pl.Drugs)
	}
	if pl.Protocol.Clamp == nil || *pl.Protocol.Clamp != -40 {
		t.Error("clamp not -40 mV")
	}
	// The Poisson stream is fixed by the seed.
	again := load(t, "poisson.yaml")
	if !slices.Equal(pl.Schedule.Events, again.Schedule.Events) {
		t.Error("same spec and seed, different events")
	}
	pl2 := load(t, "pairing.yaml")
	if pl2.End != 70000 {
		t.Errorf("End %v, want duration 70 s", pl2.End)
	}
	if n := len(kinds(pl2.Schedule.Events, protocol.Post)); n != 120 {
		t.Errorf("%d post spikes, want 120", n)
	}
}

// Plan works on specs built in code and reports paths without positions.
func TestSpecPlanInCode(t *testing.T) {
	s := &Spec{Name: "x", Model: Model{Tier: "shouval"},
		Protocol: Protocol{Train: &Train{Rate: "5 Hz", Pulses: 10}}}
	pl, err := s.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if pl.End != 2000 {
		t.Errorf("End %v", pl.End)
	}
	s.Protocol.Train.Rate = "5"
	_, err = s.Plan()
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
	walk = func(typ reflect.Type, n *snode, path string) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		var want kind
		switch typ.Kind() {
		case reflect.Struct:
			want = kStruct
		case reflect.String:
			want = kString
		case reflect.Int:
			want = kInt
		case reflect.Uint64:
			want = kUint
		case reflect.Float64:
			want = kFloat
		case reflect.Bool:
			want = kBool
		case reflect.Map:
			want = kDict
		case reflect.Slice:
			want = kList
		}
		if n.k != want {
			t.Errorf("%s: schema kind %d, struct kind %v", path, n.k, typ.Kind())
			return
		}
		switch want {
		case kStruct:
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
		case kList:
			walk(typ.Elem(), n.elem, path+"[]")
		}
	}
	walk(reflect.TypeOf(Spec{}), schema(), "")
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
		if err := s.Validate(); err != nil {
			return
		}
		roundTrip(t, s)
		pl, err := s.resolve()
		if err != nil {
			t.Fatalf("Validate passed but resolve failed: %v", err)
		}
		// Keep iterations cheap: compile only small schedules.
		if _, n, err := pl.Protocol.Bounds(); err != nil || n > 1e5 {
			return
		}
		pl, err = s.Plan()
		if err != nil {
			t.Fatalf("Validate passed but Plan failed: %v", err)
		}
		checkSchedule(t, pl.Schedule)
	})
}
