package trace

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// WriteCSV writes the table as CSV: a header row of column names, then one
// line per row. Numbers are written with strconv.FormatFloat(x, 'g', -1, 64),
// the shortest text that parses back to the same float64, so ReadCSV returns
// the table bit for bit (NaN and ±Inf are written as NaN, +Inf, -Inf).
// Units and docs are not written: they live in the column names and in the
// manifest beside the data.
func (t *Table) WriteCSV(w io.Writer) error {
	if err := t.Check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	header := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("trace: writing CSV header: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("trace: writing CSV header: %w", err)
	}
	var line []byte
	for r := range t.Len() {
		line = line[:0]
		for i := range t.Data {
			if i > 0 {
				line = append(line, ',')
			}
			line = strconv.AppendFloat(line, t.Data[i][r], 'g', -1, 64)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return fmt.Errorf("trace: writing CSV row %d: %w", r+1, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("trace: writing CSV: %w", err)
	}
	return nil
}

// ReadCSV reads a table written by WriteCSV (or any CSV whose first row
// names the columns and whose other rows are numbers). Columns get their
// names from the header; Unit and Doc are left empty. A cell that is not a
// number is an error naming its line and column.
func ReadCSV(r io.Reader) (*Table, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("trace: reading CSV: no header row")
	}
	if err != nil {
		return nil, fmt.Errorf("trace: reading CSV header: %w", err)
	}
	header = slices.Clone(header) // ReuseRecord: the next Read overwrites it
	cols := make([]Col, len(header))
	for i, name := range header {
		cols[i] = Col{Name: name}
	}
	t := New(cols...)
	if err := t.Check(); err != nil {
		return nil, fmt.Errorf("trace: reading CSV header: %w", err)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, fmt.Errorf("trace: reading CSV: %w", err)
		}
		for i, s := range rec {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				line, _ := cr.FieldPos(i)
				return nil, fmt.Errorf("trace: CSV line %d, column %q: %q is not a number", line, header[i], s)
			}
			t.Data[i] = append(t.Data[i], v)
		}
	}
}
