package trace

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// awkward are values that a careless float formatter gets wrong.
var awkward = []float64{
	0, math.Copysign(0, -1), 0.1, 1.0 / 3, -2.5e-7, 1e21, 123456789.125,
	math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 2.2250738585072009e-308,
	math.Nextafter(1, 2), math.Pi * 1e-300,
}

// sample returns a three-column table: awkward values, then seeded random
// values spread over many decades.
func sample(withNonFinite bool) *Table {
	t := New(
		Col{Name: "t_ms", Unit: "ms", Doc: "time"},
		Col{Name: "ca_uM", Unit: "µM", Doc: "free spine Ca²⁺, with a, comma"},
		Col{Name: "rho", Unit: "1", Doc: "CaMKII phosphorylated fraction"},
	)
	for i, v := range awkward {
		t.Append(float64(i), v, -v)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		x := rng.NormFloat64() * math.Pow(10, float64(rng.IntN(40)-20))
		t.Append(float64(len(awkward)+i)*0.1, x, rng.Float64())
	}
	if withNonFinite {
		t.Append(1e9, math.NaN(), math.Inf(1))
		t.Append(1e9+1, math.Inf(-1), 0)
	}
	t.Meta["seed"] = 1
	t.Meta["source"] = "test"
	return t
}

func sameBits(t *testing.T, what string, got, want *Table) {
	t.Helper()
	if len(got.Cols) != len(want.Cols) {
		t.Fatalf("%s: %d columns, want %d", what, len(got.Cols), len(want.Cols))
	}
	for i := range want.Cols {
		if got.Cols[i].Name != want.Cols[i].Name {
			t.Errorf("%s: column %d is %q, want %q", what, i, got.Cols[i].Name, want.Cols[i].Name)
		}
		if len(got.Data[i]) != len(want.Data[i]) {
			t.Fatalf("%s: column %q has %d rows, want %d", what, want.Cols[i].Name, len(got.Data[i]), len(want.Data[i]))
		}
		for r, w := range want.Data[i] {
			if g := got.Data[i][r]; math.Float64bits(g) != math.Float64bits(w) {
				t.Errorf("%s: column %q row %d = %v (%#x), want %v (%#x)",
					what, want.Cols[i].Name, r, g, math.Float64bits(g), w, math.Float64bits(w))
			}
		}
	}
}

func TestCSVRoundTripIsBitExact(t *testing.T) {
	want := sample(true)
	var buf bytes.Buffer
	if err := want.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(buf.String(), "\n"); first != "t_ms,ca_uM,rho" {
		t.Errorf("header = %q, want %q", first, "t_ms,ca_uM,rho")
	}
	got, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sameBits(t, "CSV", got, want)
}

func TestCSVFormatsShortest(t *testing.T) {
	tb := New(Col{Name: "x"}, Col{Name: "y"})
	tb.Append(0.1, 1e-7)
	tb.Append(math.Copysign(0, -1), math.Inf(1))
	var buf bytes.Buffer
	if err := tb.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if want := "x,y\n0.1,1e-07\n-0,+Inf\n"; buf.String() != want {
		t.Errorf("CSV = %q, want %q", buf.String(), want)
	}
}

func TestReadCSVErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"bad number", "t_ms,ca_uM\n0,1\n1,abc\n", `line 3, column "ca_uM": "abc" is not a number`},
		{"empty cell", "t_ms,ca_uM\n0,\n", `line 2, column "ca_uM": "" is not a number`},
		{"ragged", "t_ms,ca_uM\n0,1,2\n", "wrong number of fields"},
		{"empty", "", "no header row"},
		{"duplicate", "a,a\n1,2\n", `column "a" appears twice`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestWritersRejectMalformedTables(t *testing.T) {
	ragged := New(Col{Name: "a"}, Col{Name: "b"})
	ragged.Data[0] = []float64{1, 2}
	ragged.Data[1] = []float64{1}
	writers := map[string]func(*Table) error{
		"CSV":     func(t *Table) error { return t.WriteCSV(io.Discard) },
		"Parquet": func(t *Table) error { return t.WriteParquet(io.Discard) },
		"JSON":    func(t *Table) error { _, err := t.MarshalJSON(); return err },
	}
	for name, write := range writers {
		if err := write(ragged); err == nil || !strings.Contains(err.Error(), `column "b" has 1 rows`) {
			t.Errorf("%s: error = %v, want one naming the short column", name, err)
		}
	}
}

func TestParquetRoundTrip(t *testing.T) {
	want := sample(true)
	var buf bytes.Buffer
	if err := want.WriteParquet(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if f.NumRows() != int64(want.Len()) {
		t.Fatalf("NumRows = %d, want %d", f.NumRows(), want.Len())
	}
	fields := f.Schema().Fields()
	got := &Table{Data: make([][]float64, len(fields))}
	for _, fld := range fields {
		if !fld.Leaf() || fld.Type().Kind() != parquet.Double || !fld.Required() {
			t.Errorf("column %q: %v, want required double", fld.Name(), fld)
		}
		got.Cols = append(got.Cols, Col{Name: fld.Name()})
	}
	r := parquet.NewReader(f)
	defer r.Close()
	rows := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			for _, v := range row {
				got.Data[v.Column()] = append(got.Data[v.Column()], v.Double())
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	sameBits(t, "Parquet", got, want)

	colsJSON, ok := f.Lookup(ParquetColsKey)
	if !ok {
		t.Fatalf("no %q metadata", ParquetColsKey)
	}
	var cols []jsonCol
	if err := json.Unmarshal([]byte(colsJSON), &cols); err != nil {
		t.Fatal(err)
	}
	if len(cols) != 3 || cols[1].Name != "ca_uM" || cols[1].Unit != "µM" {
		t.Errorf("%s = %s, want the three columns with units", ParquetColsKey, colsJSON)
	}
	if meta, _ := f.Lookup(ParquetMetaKey); meta != `{"seed":1,"source":"test"}` {
		t.Errorf("%s = %s", ParquetMetaKey, meta)
	}
}

func TestParquetManyRowsByName(t *testing.T) {
	// More rows than one batch, read back through the generic map reader,
	// which looks columns up by name.
	want := New(Col{Name: "t_ms"}, Col{Name: "b"}, Col{Name: "a"})
	for i := range 3*parquetRowsPerBatch + 7 {
		want.Append(float64(i), float64(i)/7, -float64(i))
	}
	var buf bytes.Buffer
	if err := want.WriteParquet(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if names := f.Schema().Columns(); len(names) != 3 || names[0][0] != "t_ms" || names[2][0] != "a" {
		t.Errorf("file columns %v, want table order t_ms, b, a", names)
	}
	rd := parquet.NewGenericReader[map[string]any](f, f.Schema())
	defer rd.Close()
	rows := make([]map[string]any, want.Len())
	for i := range rows {
		rows[i] = map[string]any{}
	}
	if n, err := rd.Read(rows); n != want.Len() || (err != nil && !errors.Is(err, io.EOF)) {
		t.Fatalf("read %d rows (%v), want %d", n, err, want.Len())
	}
	for r, row := range rows {
		for i, c := range want.Cols {
			if row[c.Name] != want.Data[i][r] {
				t.Fatalf("row %d column %q = %v, want %v", r, c.Name, row[c.Name], want.Data[i][r])
			}
		}
	}
}

func TestMarshalJSON(t *testing.T) {
	tb := sample(false)
	b, err := json.Marshal(tb)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Cols []struct{ Name, Unit, Doc, Label string }
		Data [][]float64
		Meta map[string]any
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("output is not valid JSON: %v\n%.200s", err, b)
	}
	back := &Table{Data: got.Data}
	for _, c := range got.Cols {
		back.Cols = append(back.Cols, Col(c))
	}
	sameBits(t, "JSON", back, tb)
	if back.Cols[1] != tb.Cols[1] {
		t.Errorf("column 1 = %+v, want %+v", back.Cols[1], tb.Cols[1])
	}
	if got.Meta["source"] != "test" {
		t.Errorf("meta = %v", got.Meta)
	}
}

func TestMarshalJSONEmptyAndNil(t *testing.T) {
	tb := New(Col{Name: "t_ms"})
	tb.Meta = nil
	b, err := tb.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"cols":[{"name":"t_ms","unit":"","doc":""}],"data":[[]],"meta":{}}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

func TestMarshalJSONRejectsNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		tb := New(Col{Name: "t_ms"}, Col{Name: "ca_uM"})
		tb.Append(0, 1)
		tb.Append(1, v)
		_, err := json.Marshal(tb)
		if err == nil || !strings.Contains(err.Error(), `column "ca_uM" row 1`) {
			t.Errorf("value %v: error = %v, want one naming column ca_uM row 1", v, err)
		}
	}
}

func TestDownsample(t *testing.T) {
	cases := []struct {
		n, max int
		want   []float64
	}{
		{0, 5, nil},
		{1, 5, []float64{0}},
		{5, 5, []float64{0, 1, 2, 3, 4}},
		{6, 5, []float64{0, 2, 4, 5}},
		{9, 5, []float64{0, 2, 4, 6, 8}},
		{10, 5, []float64{0, 3, 6, 9}},
		{11, 3, []float64{0, 5, 10}},
		{12, 3, []float64{0, 6, 11}},
		{10, 1, []float64{0, 9}},
		{10, 0, []float64{0, 9}},
	}
	for _, c := range cases {
		tb := New(Col{Name: "i"}, Col{Name: "neg"})
		for i := range c.n {
			tb.Append(float64(i), -float64(i))
		}
		tb.Meta["k"] = "v"
		got := tb.Downsample(c.max)
		if len(got.Data[0]) != len(c.want) {
			t.Errorf("n=%d max=%d: rows %v, want %v", c.n, c.max, got.Data[0], c.want)
			continue
		}
		for r, w := range c.want {
			if got.Data[0][r] != w || got.Data[1][r] != -w {
				t.Errorf("n=%d max=%d: rows %v / %v, want %v", c.n, c.max, got.Data[0], got.Data[1], c.want)
				break
			}
		}
		if got.Meta["k"] != "v" {
			t.Errorf("n=%d max=%d: meta not copied", c.n, c.max)
		}
	}
}

func TestDownsampleBounds(t *testing.T) {
	// For every size up to 300 and every limit up to 40: at most max rows,
	// first and last kept, rows strictly increasing.
	for n := 2; n <= 300; n++ {
		tb := New(Col{Name: "i"})
		for i := range n {
			tb.Append(float64(i))
		}
		for m := 2; m <= 40; m++ {
			got := tb.Downsample(m).Data[0]
			if len(got) > m || got[0] != 0 || got[len(got)-1] != float64(n-1) {
				t.Fatalf("n=%d max=%d: %v", n, m, got)
			}
			for r := 1; r < len(got); r++ {
				if got[r] <= got[r-1] {
					t.Fatalf("n=%d max=%d: not increasing: %v", n, m, got)
				}
			}
		}
	}
}

func TestDownsampleCopies(t *testing.T) {
	tb := New(Col{Name: "i"})
	tb.Append(1)
	tb.Append(2)
	d := tb.Downsample(10)
	d.Data[0][0] = 99
	if tb.Data[0][0] != 1 {
		t.Error("Downsample shares data with the original table")
	}
}
