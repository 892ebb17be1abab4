package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
)

// ChunkPath is the file of chunk k: DIR/parts/chunk-NNNNN.csv. It exists
// only once the chunk is complete: it is written to a temporary file in the
// same folder and renamed.
func ChunkPath(dir string, k int) string {
	return filepath.Join(dir, PartsDir, chunkName(k))
}

func chunkName(k int) string { return fmt.Sprintf("chunk-%05d.csv", k) }

// SumPath is the checksum of chunk k's file: DIR/parts/chunk-NNNNN.sha256,
// one line as sha256sum writes it ("HEX  chunk-NNNNN.csv"), so that
// `sha256sum -c` checks it too. It is written after the chunk's file; a
// chunk counts as done only when its file matches it (chunkOK).
func SumPath(dir string, k int) string {
	return filepath.Join(dir, PartsDir, fmt.Sprintf("chunk-%05d.sha256", k))
}

// sumLine is the checksum line of a chunk file's content.
func sumLine(k int, data []byte) []byte {
	h := sha256.Sum256(data)
	return []byte(hex.EncodeToString(h[:]) + "  " + chunkName(k) + "\n")
}

// chunkOK reports whether chunk k's file is whole: it and its checksum
// exist and agree. A chunk truncated or altered after it was written (or
// written by a version of synlab without checksums) is not done, and is
// run again.
func chunkOK(dir string, k int) bool {
	data, err := os.ReadFile(ChunkPath(dir, k))
	if err != nil {
		return false
	}
	sum, err := os.ReadFile(SumPath(dir, k))
	return err == nil && bytes.Equal(sum, sumLine(k, data))
}

// chunkIndex parses a chunk file name; ok is false for other files
// (including temporary ones, which start with a dot).
func chunkIndex(name string) (k int, ok bool) {
	s, found := strings.CutPrefix(name, "chunk-")
	if !found {
		return 0, false
	}
	s, found = strings.CutSuffix(s, ".csv")
	if !found {
		return 0, false
	}
	k, err := strconv.Atoi(s)
	return k, err == nil && k >= 0 && chunkName(k) == name
}

// Done reports which chunks of the sweep in dir have their file, whole
// (its checksum agrees: chunkOK).
func Done(dir string, m *Manifest) ([]bool, error) {
	done := make([]bool, m.Chunks)
	ents, err := os.ReadDir(filepath.Join(dir, PartsDir))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	for _, e := range ents {
		if k, ok := chunkIndex(e.Name()); ok && k < m.Chunks && e.Type().IsRegular() {
			done[k] = chunkOK(dir, k)
		}
	}
	return done, nil
}

// Missing lists the chunks of the sweep in dir that have no file yet, in
// order.
func Missing(dir string, m *Manifest) ([]int, error) {
	done, err := Done(dir, m)
	if err != nil {
		return nil, err
	}
	var out []int
	for k, d := range done {
		if !d {
			out = append(out, k)
		}
	}
	return out, nil
}

// tidy removes temporary files of chunk k left by a killed run. Only the
// chunk's own temporaries are touched, so tasks running other chunks of the
// same sweep at the same time are not disturbed.
func tidy(dir string, k int) {
	tmps, _ := filepath.Glob(filepath.Join(dir, PartsDir, "."+chunkName(k)+".tmp-*"))
	for _, t := range tmps {
		os.Remove(t)
	}
}

// row is the result of one point: the fixed columns (Manifest.Columns)
// and the metrics by name.
type row struct {
	fixed   []float64
	metrics map[string]float64
}

// newRow builds the row of point p with outcome o.
func (m *Manifest) newRow(p Point, o Outcome) row {
	r := row{fixed: make([]float64, 0, len(m.Axes)+4+len(m.ReadAt)), metrics: o.Metrics}
	r.fixed = append(r.fixed, float64(p.Index), float64(p.Replicate))
	r.fixed = append(r.fixed, p.Values...)
	r.fixed = append(r.fixed, float64(p.Seed), o.ChangePct)
	for i := range m.ReadAt {
		v := math.NaN()
		if i < len(o.ReadAt) {
			v = o.ReadAt[i]
		}
		r.fixed = append(r.fixed, v)
	}
	return r
}

// metricCol is the column of a metric of engine.Summary.
func metricCol(name string) trace.Col {
	return trace.Col{Name: name, Doc: "experiment summary metric " + name}
}

// table builds a table of rows: the fixed columns, then the union of the
// rows' metrics in name order (NaN where a row lacks one).
func table(fixed []trace.Col, rows []row) (*trace.Table, error) {
	names := map[string]bool{}
	for _, r := range rows {
		for k := range r.metrics {
			names[k] = true
		}
	}
	metrics := make([]string, 0, len(names))
	for k := range names {
		metrics = append(metrics, k)
	}
	sort.Strings(metrics)
	cols := slices.Clone(fixed)
	for _, name := range metrics {
		if slices.ContainsFunc(fixed, func(c trace.Col) bool { return c.Name == name }) {
			return nil, fmt.Errorf("sweep: metric %q has the name of a sweep column", name)
		}
		cols = append(cols, metricCol(name))
	}
	t := trace.New(cols...)
	for i := range cols {
		t.Data[i] = make([]float64, 0, len(rows))
	}
	nf := len(fixed)
	for _, r := range rows {
		for i, v := range r.fixed {
			t.Data[i] = append(t.Data[i], v)
		}
		for j, name := range metrics {
			v, ok := r.metrics[name]
			if !ok {
				v = math.NaN()
			}
			t.Data[nf+j] = append(t.Data[nf+j], v)
		}
	}
	return t, nil
}

// writeChunk writes the rows of chunk k (in point order) to its file,
// then its checksum (SumPath), each atomically.
func writeChunk(dir string, m *Manifest, k int, rows []row) error {
	t, err := table(m.Columns(), rows)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.WriteCSV(&buf); err != nil {
		return fmt.Errorf("sweep: chunk %d: %w", k, err)
	}
	data := buf.Bytes()
	for _, f := range []struct {
		path string
		data []byte
	}{{ChunkPath(dir, k), data}, {SumPath(dir, k), sumLine(k, data)}} {
		if err := report.WriteFileAtomic(f.path, func(w io.Writer) error { _, err := w.Write(f.data); return err }); err != nil {
			return fmt.Errorf("sweep: chunk %d: %w", k, err)
		}
	}
	return nil
}

// readChunk reads the file of chunk k and checks that it holds exactly the
// chunk's points under the manifest's columns.
func readChunk(dir string, m *Manifest, k int) (*trace.Table, error) {
	path := ChunkPath(dir, k)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	defer f.Close()
	t, err := trace.ReadCSV(f)
	if err != nil {
		return nil, fmt.Errorf("sweep: %s: %w", path, err)
	}
	fixed := m.Columns()
	if len(t.Cols) < len(fixed) {
		return nil, fmt.Errorf("sweep: %s has %d columns, want at least %d: not a chunk of this sweep", path, len(t.Cols), len(fixed))
	}
	for i, c := range fixed {
		if t.Cols[i].Name != c.Name {
			return nil, fmt.Errorf("sweep: %s: column %d is %q, want %q: not a chunk of this sweep", path, i+1, t.Cols[i].Name, c.Name)
		}
		t.Cols[i] = c
	}
	for i := len(fixed); i < len(t.Cols); i++ {
		t.Cols[i] = metricCol(t.Cols[i].Name)
	}
	lo, hi := m.ChunkRange(k)
	pts := t.Col("point")
	if len(pts) != hi-lo {
		return nil, fmt.Errorf("sweep: %s holds %d points, chunk %d has %d: not a chunk of this sweep", path, len(pts), k, hi-lo)
	}
	for j, p := range pts {
		if p != float64(lo+j) {
			return nil, fmt.Errorf("sweep: %s: row %d is point %g, want %d: not a chunk of this sweep", path, j+1, p, lo+j)
		}
	}
	return t, nil
}
