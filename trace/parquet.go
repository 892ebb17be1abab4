package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/parquet-go/parquet-go"
)

// ParquetColsKey is the key/value metadata key under which WriteParquet
// stores the columns as JSON, in table order:
// [{"name":…,"unit":…,"doc":…},…].
const ParquetColsKey = "synlab.cols"

// ParquetMetaKey is the key/value metadata key under which WriteParquet
// stores the table's Meta as JSON.
const ParquetMetaKey = "synlab.meta"

// parquetRowsPerBatch bounds the rows handed to the writer at once, so a
// long trace is not duplicated as one huge []parquet.Row in memory.
const parquetRowsPerBatch = 4096

// WriteParquet writes the table as a Parquet file with one required DOUBLE
// column per Col, in table order, named by Col.Name. The columns (with units
// and docs) and Meta are stored as JSON in the file's key/value metadata
// under ParquetColsKey and ParquetMetaKey. Values are stored as IEEE
// doubles, so they read back bit for bit.
func (t *Table) WriteParquet(w io.Writer) error {
	if err := t.Check(); err != nil {
		return err
	}
	if len(t.Cols) == 0 {
		return fmt.Errorf("trace: writing Parquet: table has no columns")
	}
	group := parquet.Group{}
	order := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		group[c.Name] = parquet.Required(parquet.Leaf(parquet.DoubleType))
		order[i] = c.Name
	}
	schema := parquet.NewSchema("synlab_trace", orderedGroup{group, order})

	colsJSON, err := json.Marshal(jsonCols(t.Cols))
	if err != nil {
		return fmt.Errorf("trace: writing Parquet: encoding columns: %w", err)
	}
	meta := t.Meta
	if meta == nil {
		meta = map[string]any{}
	}
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("trace: writing Parquet: encoding meta: %w", err)
	}
	pw := parquet.NewWriter(w, schema,
		parquet.KeyValueMetadata(ParquetColsKey, string(colsJSON)),
		parquet.KeyValueMetadata(ParquetMetaKey, string(metaJSON)))

	n := t.Len()
	rows := make([]parquet.Row, 0, min(n, parquetRowsPerBatch))
	for start := 0; start < n; start += parquetRowsPerBatch {
		rows = rows[:0]
		for r := start; r < min(n, start+parquetRowsPerBatch); r++ {
			row := make(parquet.Row, len(t.Cols))
			for i := range t.Cols {
				row[i] = parquet.DoubleValue(t.Data[i][r]).Level(0, 0, i)
			}
			rows = append(rows, row)
		}
		if _, err := pw.WriteRows(rows); err != nil {
			return fmt.Errorf("trace: writing Parquet rows %d–%d: %w", start, start+len(rows)-1, err)
		}
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("trace: writing Parquet: %w", err)
	}
	return nil
}

// orderedGroup is a parquet.Group whose fields come in the given order
// instead of parquet.Group's alphabetical one, so the file's columns are in
// table order.
type orderedGroup struct {
	parquet.Group
	order []string
}

// Fields returns the group's fields in g.order.
func (g orderedGroup) Fields() []parquet.Field {
	fields := slices.Clone(g.Group.Fields())
	slices.SortFunc(fields, func(a, b parquet.Field) int {
		return slices.Index(g.order, a.Name()) - slices.Index(g.order, b.Name())
	})
	return fields
}
