package sweep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// stdpSweep is a stochastic sweep (Graupner–Brunel, 20 noisy synapses), so
// seeds matter: 6 dt × 2 post-spike counts × 2 replicates = 24 points, a
// few ms each.
const stdpSweep = `
name: stdp window
base: stdp-gb
set: [model.synapses=20, protocol.pairing.post_spikes=1, protocol.pairing.post_rate=50Hz]
seed: 11
replicates: 2
axes:
  - {path: protocol.pairing.dt, unit: ms, lin: [-50, 50, 6]}
  - {path: protocol.pairing.post_spikes, values: [1, 2]}
`

// runSweep plans src into a new folder with the chunk size given, runs it
// locally on workers goroutines, collects it and returns the folder.
func runSweep(t *testing.T, src string, chunk, workers int, r Runner) string {
	t.Helper()
	dir := t.TempDir()
	m := mustPlan(t, src, Options{Chunk: chunk})
	if err := Create(dir, m, false); err != nil {
		t.Fatal(err)
	}
	if _, err := (Local{Workers: workers, Runner: r}).Run(context.Background(), dir, m, nil); err != nil {
		t.Fatal(err)
	}
	c, err := Collect(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Complete() {
		t.Fatalf("missing chunks %v after a full run", c.Missing)
	}
	if _, err := WriteResults(dir, m, c); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSameSeedSameBytes: the results table is byte-for-byte the same with
// 1 or 2 workers and any chunk size, as CSV and as Parquet.
func TestSameSeedSameBytes(t *testing.T) {
	ref := runSweep(t, stdpSweep, 0, 1, nil)
	refCSV, refPQ := readFile(t, filepath.Join(ref, ResultsCSV)), readFile(t, filepath.Join(ref, ResultsParquet))
	for _, tc := range []struct{ chunk, workers int }{{1, 2}, {5, 2}, {7, 1}, {24, 2}} {
		dir := runSweep(t, stdpSweep, tc.chunk, tc.workers, nil)
		if !bytes.Equal(readFile(t, filepath.Join(dir, ResultsCSV)), refCSV) {
			t.Errorf("chunk %d, %d workers: results.csv differs from chunk default, 1 worker", tc.chunk, tc.workers)
		}
		if !bytes.Equal(readFile(t, filepath.Join(dir, ResultsParquet)), refPQ) {
			t.Errorf("chunk %d, %d workers: results.parquet differs", tc.chunk, tc.workers)
		}
	}
	// The seeds matter: another sweep seed gives another table.
	other := runSweep(t, strings.Replace(stdpSweep, "seed: 11", "seed: 12", 1), 0, 2, nil)
	if bytes.Equal(readFile(t, filepath.Join(other, ResultsCSV)), refCSV) {
		t.Error("sweep seeds 11 and 12 give the same table: seeds are not used")
	}
	head := strings.SplitN(string(refCSV), "\n", 2)[0]
	if !strings.HasPrefix(head, "point,replicate,protocol.pairing.dt_ms,protocol.pairing.post_spikes,seed,change_pct,") || !strings.Contains(head, "S_sim") {
		t.Errorf("header %q", head)
	}
	for _, f := range []string{ResultsJSON, FigureSVG, FigurePNG} {
		if _, err := os.Stat(filepath.Join(ref, f)); err != nil {
			t.Errorf("no %s: %v", f, err)
		}
	}
}

// TestEvaluateMatchesCollect: the in-memory path gives the table that the
// chunk files give.
func TestEvaluateMatchesCollect(t *testing.T) {
	dir := runSweep(t, stdpSweep, 5, 2, nil)
	m := mustPlan(t, stdpSweep, Options{})
	tab, err := (Local{Workers: 2}).Evaluate(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	tab.WriteCSV(&b)
	if !bytes.Equal(b.Bytes(), readFile(t, filepath.Join(dir, ResultsCSV))) {
		t.Error("Evaluate's table differs from the collected one")
	}
}

// counting is a cheap runner that records which points it ran.
type counting struct {
	ran   [64]atomic.Int32
	fail  int // point that fails (-1: none)
	after int // cancel after this many points (0: never)
	stop  context.CancelFunc
	n     atomic.Int32
}

func (c *counting) Run(ctx context.Context, m *Manifest, p Point) (Outcome, error) {
	if err := ctx.Err(); err != nil {
		return Outcome{}, err
	}
	c.ran[p.Index].Add(1)
	if p.Index == c.fail {
		return Outcome{}, errors.New("the model failed")
	}
	if n := c.n.Add(1); c.after > 0 && int(n) >= c.after {
		c.stop()
	}
	return Outcome{ChangePct: p.Values[0] * 2, Metrics: map[string]float64{"seed_mod_7": float64(p.Seed % 7)}}, nil
}

// TestResumeRunsOnlyMissing simulates a killed run: a chunk file missing
// and a stray temporary file. Running again runs exactly the missing
// chunks and collect has every point once.
func TestResumeRunsOnlyMissing(t *testing.T) {
	ref := runSweep(t, stdpSweep, 5, 2, &counting{fail: -1})
	dir := runSweep(t, stdpSweep, 5, 2, &counting{fail: -1})
	m, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(ChunkPath(dir, 1))
	os.Remove(ChunkPath(dir, 3))
	stray := filepath.Join(dir, PartsDir, ".chunk-00003.csv.tmp-12345")
	os.WriteFile(stray, []byte("point,replicate\n15,1\n"), 0o644)

	miss, _ := Missing(dir, m)
	if !slices.Equal(miss, []int{1, 3}) {
		t.Fatalf("missing %v, want [1 3]", miss)
	}
	c := &counting{fail: -1}
	rep, err := (Local{Workers: 2, Runner: c}).Run(context.Background(), dir, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Written, []int{1, 3}) || rep.Points != 10 {
		t.Errorf("resumed run wrote %v (%d points), want [1 3] (10 points)", rep.Written, rep.Points)
	}
	for i := range m.Points {
		want := int32(0)
		if k := m.ChunkOf(i); k == 1 || k == 3 {
			want = 1
		}
		if got := c.ran[i].Load(); got != want {
			t.Errorf("point %d ran %d times on resume, want %d", i, got, want)
		}
	}
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Error("the stray temporary file of chunk 3 is still there")
	}
	col, err := Collect(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	pts := col.Table.Col("point")
	for i, p := range pts {
		if p != float64(i) {
			t.Fatalf("collected points %v: want 0…%d once each", pts, m.Points-1)
		}
	}
	WriteResults(dir, m, col)
	if !bytes.Equal(readFile(t, filepath.Join(dir, ResultsCSV)), readFile(t, filepath.Join(ref, ResultsCSV))) {
		t.Error("resumed table differs from an uninterrupted run")
	}
	// Nothing left: another run does nothing.
	rep, err = (Local{Workers: 2, Runner: c}).Run(context.Background(), dir, m, nil)
	if err != nil || len(rep.Written) != 0 || len(rep.Skipped) != m.Chunks {
		t.Errorf("run of a complete sweep: %+v, %v", rep, err)
	}
}

// TestCancelKeepsChunks: a cancelled run returns an interruption error,
// keeps the chunks it wrote, and leaves no temporary files.
func TestCancelKeepsChunks(t *testing.T) {
	dir := t.TempDir()
	m := mustPlan(t, stdpSweep, Options{Chunk: 2})
	Create(dir, m, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &counting{fail: -1, after: 9, stop: cancel}
	rep, err := (Local{Workers: 2, Runner: c}).Run(ctx, dir, m, nil)
	if !IsInterrupted(err) {
		t.Fatalf("error %v, want an interruption", err)
	}
	if len(rep.Written) < 3 || len(rep.Written) == m.Chunks {
		t.Errorf("wrote %v before the cancel after 9 points", rep.Written)
	}
	col, err := Collect(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	if col.Table.Len()+2*len(col.Missing) != m.Points {
		t.Errorf("%d rows + %d missing chunks of 2 ≠ %d points", col.Table.Len(), len(col.Missing), m.Points)
	}
	ents, _ := os.ReadDir(filepath.Join(dir, PartsDir))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestFailingPoint: a point that fails fails its chunk only; the error
// names the point and its settings.
func TestFailingPoint(t *testing.T) {
	dir := t.TempDir()
	m := mustPlan(t, stdpSweep, Options{Chunk: 4})
	Create(dir, m, false)
	rep, err := (Local{Workers: 2, Runner: &counting{fail: 6}}).Run(context.Background(), dir, m, nil)
	var ce *ChunkError
	if !errors.As(err, &ce) || len(ce.Failed) != 1 || ce.Failed[1] == nil {
		t.Fatalf("error %v, want chunk 1 failed", err)
	}
	for _, want := range []string{"chunk 1", "point 6", "protocol.pairing.dt=-30 ms", "the model failed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if len(rep.Written) != m.Chunks-1 {
		t.Errorf("wrote %d chunks, want %d", len(rep.Written), m.Chunks-1)
	}
}

// TestChunkFromAnotherSweep: a chunk file that does not hold the chunk's
// points fails its checksum, is missing to collect, and is run again.
func TestChunkFromAnotherSweep(t *testing.T) {
	dir := runSweep(t, stdpSweep, 4, 1, &counting{fail: -1})
	m, _ := Open(dir)
	os.Rename(ChunkPath(dir, 2), ChunkPath(dir, 1))
	c, err := Collect(dir, m)
	if err != nil || !slices.Equal(c.Missing, []int{1, 2}) {
		t.Errorf("collect of a misplaced chunk: missing %v, %v; want chunks 1 and 2 missing", c.Missing, err)
	}
}

// TestDamagedChunksRerun: a chunk truncated by 3 bytes, cut in half, with
// one digit changed or without its checksum is not used: sweep run runs it
// again (and does not fail), and the collected table is the one of an
// undamaged sweep.
func TestDamagedChunksRerun(t *testing.T) {
	dir := runSweep(t, stdpSweep, 4, 1, &counting{fail: -1})
	m, _ := Open(dir)
	want, err := os.ReadFile(filepath.Join(dir, ResultsCSV))
	if err != nil {
		t.Fatal(err)
	}
	damage := map[int]func(b []byte) []byte{
		0: func(b []byte) []byte { return b[:len(b)-3] },
		1: func(b []byte) []byte { return b[:len(b)/2] },
		2: func(b []byte) []byte {
			i := bytes.LastIndexAny(b, "123456789")
			b[i] = '1' + (b[i]-'0')%9
			return b
		},
	}
	for k, f := range damage {
		b, _ := os.ReadFile(ChunkPath(dir, k))
		os.WriteFile(ChunkPath(dir, k), f(b), 0o644)
	}
	os.Remove(SumPath(dir, 3))
	missing, _ := Missing(dir, m)
	if !slices.Equal(missing, []int{0, 1, 2, 3}) {
		t.Fatalf("missing %v, want the damaged chunks 0 to 3", missing)
	}
	rep, err := (Local{Workers: 1, Runner: &counting{fail: -1}}).Run(context.Background(), dir, m, nil)
	if err != nil || !slices.Equal(rep.Written, []int{0, 1, 2, 3}) {
		t.Fatalf("run wrote %v (%v), want the damaged chunks 0 to 3", rep.Written, err)
	}
	c, err := Collect(dir, m)
	if err != nil || !c.Complete() {
		t.Fatalf("collect: %v, missing %v", err, c.Missing)
	}
	if _, err := WriteResults(dir, m, c); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, ResultsCSV))
	if !bytes.Equal(got, want) {
		t.Error("results after rerunning the damaged chunks differ from the undamaged sweep's")
	}
}

// killEnv makes the test binary a sweep worker (TestKilledRunResumes).
const killEnv = "SYNLAB_SWEEP_KILL_CHILD"

// TestKilledRunResumes kills a real run with SIGKILL (a child process
// running this test binary), then resumes: the table equals an
// uninterrupted run's, with no duplicate points.
func TestKilledRunResumes(t *testing.T) {
	if dir := os.Getenv(killEnv); dir != "" {
		m, err := Open(dir)
		if err != nil {
			os.Exit(2)
		}
		slow := RunnerFunc(func(ctx context.Context, m *Manifest, p Point) (Outcome, error) {
			time.Sleep(15 * time.Millisecond)
			return (&counting{fail: -1}).Run(ctx, m, p)
		})
		(Local{Workers: 2, Runner: slow}).Run(context.Background(), dir, m, nil)
		os.Exit(0)
	}
	ref := runSweep(t, stdpSweep, 2, 2, &counting{fail: -1})
	dir := t.TempDir()
	m := mustPlan(t, stdpSweep, Options{Chunk: 2})
	Create(dir, m, false)
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledRunResumes$")
	cmd.Env = append(os.Environ(), killEnv+"="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once a few chunks are written.
	deadline := time.Now().Add(20 * time.Second)
	for {
		miss, _ := Missing(dir, m)
		if len(miss) <= m.Chunks-3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	miss, _ := Missing(dir, m)
	if len(miss) == 0 {
		t.Skip("the child finished before it was killed")
	}
	t.Logf("killed with %d of %d chunks missing", len(miss), m.Chunks)
	c := &counting{fail: -1}
	if _, err := (Local{Workers: 2, Runner: c}).Run(context.Background(), dir, m, nil); err != nil {
		t.Fatal(err)
	}
	for i := range m.Points {
		if slices.Contains(miss, m.ChunkOf(i)) != (c.ran[i].Load() == 1) {
			t.Errorf("point %d ran %d times on resume", i, c.ran[i].Load())
		}
	}
	col, err := Collect(dir, m)
	if err != nil || !col.Complete() {
		t.Fatalf("collect: %v, missing %v", err, col.Missing)
	}
	WriteResults(dir, m, col)
	if !bytes.Equal(readFile(t, filepath.Join(dir, ResultsCSV)), readFile(t, filepath.Join(ref, ResultsCSV))) {
		t.Error(fmt.Sprintf("resumed table differs from an uninterrupted run:\n%s", readFile(t, filepath.Join(dir, ResultsCSV))))
	}
}
