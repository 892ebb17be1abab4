// Package trace holds the results of a run: a table of named columns with
// units, plus metadata (spec, source, seed, build). It is the one value that
// flows from the engine to every output (CSV, Parquet, JSON, figures).
package trace

import "fmt"

// Col names one column: Name is the header as written in files, with its
// unit folded in (t_ms, ca_uM, rho); Unit is the unit alone ("ms", "µM", "1").
type Col struct {
	Name string
	Unit string
	Doc  string // one line: what the column is
	// Label is what a figure writes for the column ("Spine Ca²⁺"); empty:
	// the first clause of Doc.
	Label string
}

// Table is column-major: Data[i] holds the values of Cols[i]; all columns
// have the same length.
type Table struct {
	Cols []Col
	Data [][]float64
	Meta map[string]any
}

// New returns an empty table with the given columns.
func New(cols ...Col) *Table {
	return &Table{Cols: cols, Data: make([][]float64, len(cols)), Meta: map[string]any{}}
}

// Append adds one row; it panics if the row has the wrong length.
func (t *Table) Append(row ...float64) {
	if len(row) != len(t.Cols) {
		panic(fmt.Sprintf("trace: row has %d values, table has %d columns", len(row), len(t.Cols)))
	}
	for i, v := range row {
		t.Data[i] = append(t.Data[i], v)
	}
}

// Len is the number of rows.
func (t *Table) Len() int {
	if len(t.Data) == 0 {
		return 0
	}
	return len(t.Data[0])
}

// Col returns the values of the named column, or nil.
func (t *Table) Col(name string) []float64 {
	for i, c := range t.Cols {
		if c.Name == name {
			return t.Data[i]
		}
	}
	return nil
}
