package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// markdown returns report.md: title, text, figures, the summary's numbers,
// the manifest's source, and one line per file.
func markdown(r Run, out []file) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", oneLine(cmp.Or(r.Title, r.Name)))
	if r.Text != "" {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(r.Text))
	}
	if len(r.Figure.Panels) > 0 {
		b.WriteString("![figure](figure.png)\n\n")
	}
	for _, name := range slices.Sorted(maps.Keys(r.Figures)) {
		fmt.Fprintf(&b, "![%s](%s.png)\n\n", oneLine(cmp.Or(r.Figures[name].Title, name)), name)
	}

	if r.Summary != nil {
		fields, err := flatten(r.Summary)
		if err != nil {
			return "", fmt.Errorf("summary: %w", err)
		}
		var rows []string
		for _, f := range fields {
			if n, ok := f.value.(json.Number); ok {
				rows = append(rows, fmt.Sprintf("| %s | %s |", cell(cmp.Or(f.path, "value")), n))
			}
		}
		if len(rows) > 0 {
			b.WriteString("## Summary\n\n| quantity | value |\n|---|---|\n")
			b.WriteString(strings.Join(rows, "\n"))
			b.WriteString("\n\n")
		}
	}

	fields, err := flatten(r.Manifest)
	if err != nil {
		return "", fmt.Errorf("manifest: %w", err)
	}
	var sources []string
	seen := map[string]bool{}
	for _, f := range fields {
		if s, ok := f.value.(string); ok && isSource(f.path) && s != "" && !seen[s] {
			seen[s] = true
			sources = append(sources, fmt.Sprintf("- %s: %s", f.path, oneLine(s)))
		}
	}
	if len(sources) > 0 {
		b.WriteString("## Source\n\n")
		b.WriteString(strings.Join(sources, "\n"))
		b.WriteString("\n\n")
	}

	b.WriteString("## Files\n\n")
	for _, f := range out {
		fmt.Fprintf(&b, "- `%s`: %s\n", f.name, oneLine(f.about))
	}
	b.WriteString("- `report.md`: this page\n")
	return b.String(), nil
}

// isSource reports whether a manifest path names the run's source: a key
// source, citation, doi or reference at the top level or one level down
// (spec.source), not the source of every parameter deeper in.
func isSource(path string) bool {
	parts := strings.Split(path, ".")
	if len(parts) > 2 {
		return false
	}
	switch strings.ToLower(parts[len(parts)-1]) {
	case "source", "citation", "doi", "reference":
		return true
	}
	return false
}

// field is one scalar of a JSON document: its dotted path and its value, a
// json.Number, string or bool.
type field struct {
	path  string
	value any
}

// flatten marshals v to JSON and returns its scalars in document order
// (struct field order for structs), descending into objects; arrays and
// nulls are skipped.
func flatten(v any) ([]field, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out []field
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '[' {
				for dec.More() {
					var skip json.RawMessage
					if err := dec.Decode(&skip); err != nil {
						return err
					}
				}
			} else {
				for dec.More() {
					key, err := dec.Token()
					if err != nil {
						return err
					}
					sub := key.(string)
					if path != "" {
						sub = path + "." + sub
					}
					if err := walk(sub); err != nil {
						return err
					}
				}
			}
			_, err := dec.Token() // the closing ] or }
			return err
		case nil:
			return nil
		default:
			out = append(out, field{path, t})
			return nil
		}
	}
	return out, walk("")
}

// oneLine folds whitespace, newlines included, to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cell makes s safe inside a markdown table cell.
func cell(s string) string { return strings.ReplaceAll(oneLine(s), "|", `\|`) }
