package sweep

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
)

// Result file names in a sweep folder.
const (
	ResultsCSV     = "results.csv"
	ResultsParquet = "results.parquet"
	ResultsJSON    = "results.json"
	FigureSVG      = "figure.svg"
	FigurePNG      = "figure.png"
)

// Collection is the merged results of a sweep.
type Collection struct {
	Table   *trace.Table // the rows of every done chunk, sorted by point
	Missing []int        // chunks without a file
}

// Complete reports whether every chunk is in the table.
func (c *Collection) Complete() bool { return len(c.Missing) == 0 }

// MissingPoints lists the points of the missing chunks as ranges: "8-15, 24".
func (c *Collection) MissingPoints(m *Manifest) string {
	var parts []string
	for i := 0; i < len(c.Missing); {
		j := i
		for j+1 < len(c.Missing) && c.Missing[j+1] == c.Missing[j]+1 {
			j++
		}
		lo, _ := m.ChunkRange(c.Missing[i])
		_, hi := m.ChunkRange(c.Missing[j])
		if hi-lo == 1 {
			parts = append(parts, strconv.Itoa(lo))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", lo, hi-1))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// Collect merges the chunk files of the sweep in dir into one table: the
// fixed columns, then the union of the chunks' metric columns in name
// order (NaN where a chunk lacks one), rows sorted by point. The table is
// the same, bit for bit, however the points were chunked or scheduled.
// Missing chunks are listed, not an error.
func Collect(dir string, m *Manifest) (*Collection, error) {
	done, err := Done(dir, m)
	if err != nil {
		return nil, err
	}
	c := &Collection{}
	var parts []*trace.Table
	names := map[string]bool{}
	for k, d := range done {
		if !d {
			c.Missing = append(c.Missing, k)
			continue
		}
		t, err := readChunk(dir, m, k)
		if err != nil {
			return nil, err
		}
		parts = append(parts, t)
	}
	fixed := m.Columns()
	for _, t := range parts {
		for _, col := range t.Cols[len(fixed):] {
			names[col.Name] = true
		}
	}
	metrics := make([]string, 0, len(names))
	for n := range names {
		metrics = append(metrics, n)
	}
	sort.Strings(metrics)
	cols := slices.Clone(fixed)
	for _, n := range metrics {
		cols = append(cols, metricCol(n))
	}
	out := trace.New(cols...)
	rows := 0
	for _, t := range parts {
		rows += t.Len()
	}
	for i := range cols {
		out.Data[i] = make([]float64, 0, rows)
	}
	for _, t := range parts {
		n := t.Len()
		for i := range fixed {
			out.Data[i] = append(out.Data[i], t.Data[i]...)
		}
		for j, name := range metrics {
			col := t.Col(name)
			if col == nil {
				col = make([]float64, n)
				for r := range col {
					col[r] = math.NaN()
				}
			}
			out.Data[len(fixed)+j] = append(out.Data[len(fixed)+j], col...)
		}
	}
	out.Meta = map[string]any{"sweep": m.Name, "seed": m.Seed, "points": m.Points, "complete": len(c.Missing) == 0}
	c.Table = out
	return c, nil
}

// ResultsManifest is results.json: what the columns of the results table
// mean and where they came from.
type ResultsManifest struct {
	Synlab        string      `json:"synlab"`
	Go            string      `json:"go"`
	Name          string      `json:"name"`
	Sweep         Spec        `json:"sweep"`
	BaseName      string      `json:"base_name"`
	Base          string      `json:"base_yaml"`
	Seed          uint64      `json:"seed"`
	Seeds         string      `json:"seeds"`
	SeedRule      string      `json:"seed_rule"`
	Axes          []Axis      `json:"axes"`
	Columns       []jsonCol   `json:"columns"`
	Points        int         `json:"points"`
	Rows          int         `json:"rows"`
	Complete      bool        `json:"complete"`
	MissingChunks []int       `json:"missing_chunks,omitempty"`
	MissingPoints string      `json:"missing_points,omitempty"`
	Figure        string      `json:"figure,omitempty"`
	Samples       [][]float64 `json:"samples,omitempty"`
}

type jsonCol struct {
	Name string `json:"name"`
	Unit string `json:"unit,omitempty"`
	Doc  string `json:"doc,omitempty"`
}

// WriteResults writes the merged table as results.csv and results.parquet,
// results.json beside them, and the sweep's figure (figure.svg and
// figure.png) when it has one (see NewFigure). Every file is written
// atomically. It returns the figure's note: what was drawn or why not.
func WriteResults(dir string, m *Manifest, c *Collection) (string, error) {
	t := c.Table
	if err := report.WriteFileAtomic(filepath.Join(dir, ResultsCSV), func(w io.Writer) error { return t.WriteCSV(w) }); err != nil {
		return "", fmt.Errorf("sweep: %w", err)
	}
	if err := report.WriteFileAtomic(filepath.Join(dir, ResultsParquet), func(w io.Writer) error { return t.WriteParquet(w) }); err != nil {
		return "", fmt.Errorf("sweep: %w", err)
	}
	fig, note := NewFigure(m, t)
	rm := ResultsManifest{Synlab: Build(), Go: runtime.Version(), Name: m.Name, Sweep: m.Spec, BaseName: m.BaseName, Base: m.Base,
		Seed: m.Seed, Seeds: m.Seeds, SeedRule: m.SeedRule, Axes: m.Axes, Points: m.Points, Rows: t.Len(),
		Complete: c.Complete(), MissingChunks: c.Missing, MissingPoints: c.MissingPoints(m), Samples: m.Samples}
	for _, col := range t.Cols {
		rm.Columns = append(rm.Columns, jsonCol{Name: col.Name, Unit: col.Unit, Doc: col.Doc})
	}
	if fig != nil {
		rm.Figure = FigureSVG
		for _, name := range []string{FigureSVG, FigurePNG} {
			if err := fig.Save(filepath.Join(dir, name)); err != nil {
				return "", fmt.Errorf("sweep: %w", err)
			}
		}
	}
	if err := report.WriteFileAtomic(filepath.Join(dir, ResultsJSON), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rm)
	}); err != nil {
		return "", fmt.Errorf("sweep: %w", err)
	}
	return note, nil
}
