package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
	"gonum.org/v1/plot/vg"
)

// summary is shaped like a run's summary: numbers, a string, a nested
// struct and an array (the array is not tabled).
type summary struct {
	FinalW    float64 `json:"final_w"`
	ChangePct float64 `json:"change_pct"`
	Verdict   string  `json:"verdict"`
	Ca        struct {
		PeakUM float64 `json:"peak_uM"`
	} `json:"ca"`
	Pulses []float64 `json:"pulses"`
}

func series() *trace.Table {
	t := trace.New(trace.Col{Name: "t_ms", Unit: "ms"}, trace.Col{Name: "w", Unit: "1"})
	for k := range 50 {
		t.Append(float64(k)*1000, 1-0.003*float64(k)+1e-17*float64(k))
	}
	return t
}

func figure(title string) plot.Figure {
	return plot.Figure{Title: title, Width: 3 * vg.Inch, Height: 2 * vg.Inch, DPI: 50,
		Panels: []plot.Panel{{Table: series(), X: "t_ms", XScale: 1e-3, Y: []string{"w"},
			Bands: []plot.Band{{X0: 10, X1: 20, Label: "LFS 1 Hz × 900"}}}}}
}

func run() Run {
	s := summary{FinalW: 0.853, ChangePct: -14.7, Verdict: "LTD"}
	s.Ca.PeakUM = 0.42
	s.Pulses = []float64{1, 2}
	tests := trace.New(trace.Col{Name: "case"}, trace.Col{Name: "err"})
	tests.Append(1, 1e-13)
	return Run{
		Name:    "lfs",
		Title:   "LFS 1 Hz × 900 pulses, | test tier",
		Text:    "Low-frequency stimulation depresses the synapse to 85 % of baseline.",
		Summary: s,
		Manifest: map[string]any{
			"source": "Purves et al., Neuroscience, Fig. 8.16B",
			"seed":   1,
			"model":  map[string]any{"citation": "Shouval et al. 2002 PNAS", "params": map[string]any{"tau": map[string]any{"source": "too deep to quote"}}},
		},
		Series:  series(),
		Extra:   map[string]*trace.Table{"tests": tests},
		Figure:  figure("main figure"),
		Figures: map[string]plot.Figure{"stdp": figure("STDP window")},
	}
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteAllFilesParse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "runs", "lfs") // parent created as needed
	r := run()
	if err := Write(dir, r); err != nil {
		t.Fatal(err)
	}
	want := []string{"figure.png", "figure.svg", "manifest.json", "report.md", "stdp.png", "stdp.svg",
		"summary.json", "tests.csv", "trace.csv", "trace.parquet"}
	if got := entries(t, dir); !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	if got := entries(t, filepath.Dir(dir)); !slices.Equal(got, []string{"lfs"}) {
		t.Errorf("parent holds %v, want only lfs (no temporary folder)", got)
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("folder mode %v (%v), want 0755", fi.Mode(), err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	var s summary
	if err := json.Unmarshal(read("summary.json"), &s); err != nil || s.FinalW != 0.853 || s.Ca.PeakUM != 0.42 {
		t.Errorf("summary.json = %s (%v)", read("summary.json"), err)
	}
	if !bytes.Contains(read("summary.json"), []byte("\n  \"final_w\"")) {
		t.Errorf("summary.json is not indented: %s", read("summary.json"))
	}
	var m map[string]any
	if err := json.Unmarshal(read("manifest.json"), &m); err != nil || m["seed"] != 1.0 {
		t.Errorf("manifest.json = %s (%v)", read("manifest.json"), err)
	}

	back, err := trace.ReadCSV(bytes.NewReader(read("trace.csv")))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range r.Series.Data[1] {
		if back.Data[1][i] != v {
			t.Fatalf("trace.csv row %d: w = %v, want %v", i, back.Data[1][i], v)
		}
	}
	if _, err := trace.ReadCSV(bytes.NewReader(read("tests.csv"))); err != nil {
		t.Errorf("tests.csv: %v", err)
	}
	pq := read("trace.parquet")
	f, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
	if err != nil || f.NumRows() != int64(r.Series.Len()) {
		t.Errorf("trace.parquet: %v rows (%v), want %d", f.NumRows(), err, r.Series.Len())
	}

	for _, name := range []string{"figure.svg", "stdp.svg"} {
		if err := xml.Unmarshal(read(name), new(struct{})); err != nil {
			t.Errorf("%s is not XML: %v", name, err)
		}
		if !bytes.Contains(read(name), []byte("LFS 1 Hz × 900")) {
			t.Errorf("%s lacks the band label", name)
		}
	}
	for _, name := range []string{"figure.png", "stdp.png"} {
		img, err := png.Decode(bytes.NewReader(read(name)))
		if err != nil || img.Bounds().Dx() != 150 || img.Bounds().Dy() != 100 { // 3×2 in at 50 dpi
			t.Errorf("%s: %v (%v), want 150×100", name, img.Bounds(), err)
		}
	}

	md := string(read("report.md"))
	for _, w := range []string{
		"# LFS 1 Hz × 900 pulses, | test tier\n",
		r.Text,
		"![figure](figure.png)",
		"![STDP window](stdp.png)",
		"| final_w | 0.853 |",
		"| change_pct | -14.7 |",
		"| ca.peak_uM | 0.42 |",
		"- source: Purves et al., Neuroscience, Fig. 8.16B",
		"- model.citation: Shouval et al. 2002 PNAS",
		"- `trace.csv`: the sampled state, 50 rows of t_ms, w",
		"- `tests.csv`: 1 row of case, err",
		"- `report.md`: this page",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("report.md lacks %q:\n%s", w, md)
		}
	}
	for _, not := range []string{"verdict", "| pulses", "too deep"} {
		if strings.Contains(md, not) {
			t.Errorf("report.md contains %q:\n%s", not, md)
		}
	}
	for _, name := range want {
		if name != "report.md" && !strings.Contains(md, "`"+name+"`") {
			t.Errorf("report.md does not list %s", name)
		}
	}
}

func TestWriteMinimal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, Run{Name: "bare", Manifest: map[string]int{"seed": 3}}); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"manifest.json", "report.md"}) {
		t.Errorf("files %v, want manifest.json and report.md", got)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.HasPrefix(string(md), "# bare\n") || strings.Contains(string(md), "![") {
		t.Errorf("report.md:\n%s", md)
	}
}

// TestFailureLeavesNothing: a run that fails part-way leaves neither the
// folder nor a temporary one behind.
func TestFailureLeavesNothing(t *testing.T) {
	nan := trace.New(trace.Col{Name: "x"})
	nan.Append(math.NaN())
	badFigure := figure("bad")
	badFigure.Panels[0].Y = []string{"no_such_column"}
	cases := []struct {
		name string
		edit func(*Run)
		want string
	}{
		{"NaN in summary", func(r *Run) { r.Summary = map[string]any{"table": nan} }, `summary.json of run "lfs"`},
		{"bad main figure", func(r *Run) { r.Figure = badFigure }, `figure.svg of run "lfs"`},
		{"bad extra figure", func(r *Run) { r.Figures["stdp"] = badFigure }, `stdp.svg of run "lfs"`},
		{"NaN in manifest", func(r *Run) { r.Manifest = map[string]float64{"x": math.Inf(1)} }, "manifest.json"},
		{"malformed series", func(r *Run) { r.Series = &trace.Table{Cols: []trace.Col{{Name: "a"}}} }, "trace.csv"},
		{"reserved extra", func(r *Run) { r.Extra["trace"] = nan }, `extra table name "trace" is taken`},
		{"path in extra", func(r *Run) { r.Extra["../x"] = nan }, `"../x" is not a plain file name`},
		{"nil extra", func(r *Run) { r.Extra["t2"] = nil }, `extra table "t2" is nil`},
		{"reserved figure", func(r *Run) { r.Figures["figure"] = badFigure }, `figure name "figure" is taken`},
		{"no manifest", func(r *Run) { r.Manifest = nil }, `run "lfs" has no manifest`},
		{"no name", func(r *Run) { r.Name = "" }, "has no name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			r := run()
			c.edit(&r)
			err := Write(filepath.Join(parent, "lfs"), r)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want it to contain %q", err, c.want)
			}
			if got := entries(t, parent); len(got) != 0 {
				t.Errorf("parent holds %v after a failed write, want nothing", got)
			}
		})
	}
}

func TestExistingFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "lfs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "old.txt"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, run())
	want := "report: output folder " + dir + " exists; choose another with --out or remove it"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"old.txt"}) {
		t.Errorf("refused write changed the folder: %v", got)
	}

	// --force replaces only a folder synlab wrote: not one of someone's
	// own files (issue 15: --force deleted a thesis.tex).
	err = WriteOpts(dir, run(), true)
	if err == nil || !strings.Contains(err.Error(), "old.txt") || !strings.Contains(err.Error(), "not a folder synlab wrote") {
		t.Errorf("overwriting a folder without a manifest: error = %v, want a refusal naming old.txt", err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"spec": {}}`), 0o644)
	if err := WriteOpts(dir, run(), true); err == nil || !strings.Contains(err.Error(), "not one synlab wrote") {
		t.Errorf("overwriting a folder with someone else's manifest.json: error = %v", err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"synlab": "v0"}`), 0o644)

	// A failing overwrite keeps the old folder as it was.
	bad := run()
	bad.Summary = math.NaN()
	if err := WriteOpts(dir, bad, true); err == nil {
		t.Error("overwrite with a failing run succeeded")
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"manifest.json", "old.txt"}) {
		t.Errorf("failed overwrite changed the folder: %v", got)
	}

	if err := WriteOpts(dir, run(), true); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, dir); slices.Contains(got, "old.txt") || !slices.Contains(got, "report.md") {
		t.Errorf("after overwrite the folder holds %v", got)
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"lfs"}) {
		t.Errorf("parent holds %v after overwrite, want only lfs", got)
	}

	file := filepath.Join(parent, "plain")
	os.WriteFile(file, nil, 0o644)
	if err := WriteOpts(file, run(), true); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("writing over a file: error = %v, want one saying it is a file", err)
	}
}

// TestInterruptedWriteLeavesNothing: a write whose context is cancelled
// part-way (SIGINT) stops between files and removes what it wrote; an
// existing output stays as it was.
func TestInterruptedWriteLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	r := run()
	r.Summary = cancelling{cancel} // cancels while summary.json is written
	err := WriteCtx(ctx, filepath.Join(parent, "lfs"), r, false)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if got := entries(t, parent); len(got) != 0 {
		t.Errorf("parent holds %v after an interrupted write, want nothing", got)
	}
}

// cancelling marshals to {} and cancels a context as it does.
type cancelling struct{ cancel context.CancelFunc }

func (c cancelling) MarshalJSON() ([]byte, error) { c.cancel(); return []byte("{}"), nil }

// TestRemoveStale: temporary folders of processes that no longer run are
// removed by the next write beside them; those of running processes and
// recent ones without a process number are kept.
func TestRemoveStale(t *testing.T) {
	parent := t.TempDir()
	for _, n := range []string{".synlab-999999999-x", ".synlab-1-x", ".synlab-old-x", ".synlab-" + strconv.Itoa(os.Getpid()) + "-x"} {
		os.Mkdir(filepath.Join(parent, n), 0o755)
	}
	old := filepath.Join(parent, ".synlab-fit-y")
	os.Mkdir(old, 0o755)
	long := time.Now().Add(-2 * staleAge)
	os.Chtimes(old, long, long)
	if err := Write(filepath.Join(parent, "lfs"), run()); err != nil {
		t.Fatal(err)
	}
	want := []string{".synlab-1-x", ".synlab-" + strconv.Itoa(os.Getpid()) + "-x", ".synlab-old-x", "lfs"}
	slices.Sort(want)
	if got := entries(t, parent); !slices.Equal(got, want) {
		t.Errorf("parent holds %v, want %v", got, want)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "curve.csv")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteFileAtomic(path, write("a,b\n1,2\n")); err != nil {
		t.Fatal(err)
	}
	fail := errors.New("disk on fire")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return fail
	})
	if !errors.Is(err, fail) || !strings.Contains(err.Error(), path) {
		t.Errorf("error = %v, want one wrapping the writer's error and naming %s", err, path)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "a,b\n1,2\n" {
		t.Errorf("after a failed write the file holds %q, want the old content", b)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"curve.csv"}) {
		t.Errorf("folder holds %v, want only curve.csv", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode())
	}
	if err := WriteFileAtomic(filepath.Join(dir, "no", "such", "x.csv"), write("")); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

// TestNamesListsEveryFile: Names is exactly the folder Write makes, so
// "Wrote …" can list every file (figure.svg, trace.parquet, the extra
// tables and figures included).
func TestNamesListsEveryFile(t *testing.T) {
	r := run()
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, r); err != nil {
		t.Fatal(err)
	}
	names, err := Names(r)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(names))
	if want := entries(t, dir); !slices.Equal(got, want) {
		t.Errorf("Names = %v, the folder holds %v", got, want)
	}
	for _, f := range []string{"figure.svg", "trace.parquet", "report.md"} {
		if !slices.Contains(names, f) {
			t.Errorf("Names lacks %s", f)
		}
	}
}
