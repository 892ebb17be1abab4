package trace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// MarshalJSON encodes the table for the web UI as
//
//	{"cols":[{"name":…,"unit":…,"doc":…},…], "data":[[…],…], "meta":{…}}
//
// where data[i] holds the values of cols[i] (column-major, as in Table).
// Numbers use the shortest form that round-trips. JSON has no NaN or ±Inf,
// so such a value is an error naming its column and row.
func (t *Table) MarshalJSON() ([]byte, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	colsJSON, err := json.Marshal(jsonCols(t.Cols))
	if err != nil {
		return nil, fmt.Errorf("trace: encoding columns: %w", err)
	}
	meta := t.Meta
	if meta == nil {
		meta = map[string]any{}
	}
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("trace: encoding meta: %w", err)
	}
	var b bytes.Buffer
	b.WriteString(`{"cols":`)
	b.Write(colsJSON)
	b.WriteString(`,"data":[`)
	var num []byte
	for i, d := range t.Data {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for r, v := range d {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("trace: column %q row %d is %v; JSON cannot carry NaN or ±Inf", t.Cols[i].Name, r, v)
			}
			if r > 0 {
				b.WriteByte(',')
			}
			num = strconv.AppendFloat(num[:0], v, 'g', -1, 64)
			b.Write(num)
		}
		b.WriteByte(']')
	}
	b.WriteString(`],"meta":`)
	b.Write(metaJSON)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsonCol is a Col as written in JSON (lower-case keys).
type jsonCol struct {
	Name  string `json:"name"`
	Unit  string `json:"unit"`
	Doc   string `json:"doc"`
	Label string `json:"label,omitempty"`
}

func jsonCols(cols []Col) []jsonCol {
	out := make([]jsonCol, len(cols))
	for i, c := range cols {
		out[i] = jsonCol(c)
	}
	return out
}
