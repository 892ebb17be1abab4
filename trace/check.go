package trace

import "fmt"

// Check reports whether the table is well formed: one data column per Col,
// all of the same length, and no two columns with the same name. Every
// writer calls it first, so a malformed table is an error, not a file.
func (t *Table) Check() error {
	if t == nil {
		return fmt.Errorf("trace: nil table")
	}
	if len(t.Data) != len(t.Cols) {
		return fmt.Errorf("trace: table has %d columns but %d data columns", len(t.Cols), len(t.Data))
	}
	seen := make(map[string]bool, len(t.Cols))
	for i, c := range t.Cols {
		if c.Name == "" {
			return fmt.Errorf("trace: column %d has no name", i)
		}
		if seen[c.Name] {
			return fmt.Errorf("trace: column %q appears twice", c.Name)
		}
		seen[c.Name] = true
		if len(t.Data[i]) != len(t.Data[0]) {
			return fmt.Errorf("trace: column %q has %d rows, column %q has %d",
				c.Name, len(t.Data[i]), t.Cols[0].Name, len(t.Data[0]))
		}
	}
	return nil
}
