package trace

import "maps"

// Downsample returns a table of at most maxRows rows for figures and the web:
// rows 0, s, 2s, … with the smallest integer stride s that fits, plus the
// last row, so the first and last samples are always kept and the kept
// samples are evenly spaced (the last may sit closer to its neighbour). A maxRows below 2 counts as 2. If the table
// already fits, the result is a copy with every row. Cols are shared with
// t; Data and Meta are copied (Meta shallowly).
func (t *Table) Downsample(maxRows int) *Table {
	maxRows = max(maxRows, 2)
	n := t.Len()
	stride := 1
	if n > maxRows {
		stride = (n - 1 + maxRows - 2) / (maxRows - 1) // ⌈(n−1)/(max−1)⌉
	}
	var rows []int
	for r := 0; r < n; r += stride {
		rows = append(rows, r)
	}
	if n > 0 && rows[len(rows)-1] != n-1 {
		rows = append(rows, n-1)
	}
	out := &Table{Cols: t.Cols, Data: make([][]float64, len(t.Data)), Meta: maps.Clone(t.Meta)}
	for i, d := range t.Data {
		col := make([]float64, 0, len(rows))
		for _, r := range rows {
			if r < len(d) {
				col = append(col, d[r])
			}
		}
		out.Data[i] = col
	}
	return out
}
