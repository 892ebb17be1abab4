package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func pos(tk *token.Token) (int, int) {
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

func nodeErr(n ast.Node, path, value, allowed string) *FieldError {
	e := &FieldError{Path: path, Value: value, Allowed: allowed}
	if n != nil {
		e.Line, e.Col = pos(n.GetToken())
	}
	return e
}

// pairs returns the key/value pairs of a mapping node, or ok = false.
func pairs(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

func keyName(k ast.MapKeyNode) string {
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	if k == nil || k.GetToken() == nil {
		return ""
	}
	return k.GetToken().Value
}

func isScalar(n ast.Node) bool {
	switch n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.LiteralNode, *ast.InfinityNode, *ast.NanNode:
		return true
	}
	return false
}

func untag(n ast.Node) ast.Node {
	for {
		t, ok := n.(*ast.TagNode)
		if !ok {
			return n
		}
		n = t.Value
	}
}

func tokenText(n ast.Node) string {
	if n == nil || n.GetToken() == nil {
		return ""
	}
	return n.GetToken().Value
}

// check walks the document against the schema and reports the first field
// that is unknown or has the wrong shape.
func check(n ast.Node, s *snode, path string) *FieldError {
	n = untag(n)
	switch n.(type) {
	case nil, *ast.NullNode:
		return nil
	case *ast.AnchorNode, *ast.AliasNode:
		return nodeErr(n, path, "", "anchors and aliases (&, *) are not supported in spec files")
	}
	switch s.k {
	case KStruct, KDict:
		ps, ok := pairs(n)
		if !ok {
			return nodeErr(n, path, tokenText(n), "must be a mapping with keys "+s.names())
		}
		for _, kv := range ps {
			if kv.Key == nil || kv.Key.IsMergeKey() {
				return nodeErr(kv.Key, path, "<<", "merge keys are not supported in spec files")
			}
			if _, ok := untag(kv.Key).(*ast.MappingKeyNode); ok {
				return nodeErr(kv.Key, path, "", "complex keys (?) are not supported in spec files")
			}
			name := keyName(kv.Key)
			p := join(path, name)
			if s.k == KDict {
				if name == "" {
					return nodeErr(kv.Key, p, "", "an empty key is not allowed")
				}
				if err := check(kv.Value, &snode{k: KString}, p); err != nil {
					return err
				}
				continue
			}
			sub := s.field(name)
			if sub == nil {
				where := path
				if where == "" {
					where = "the top level"
				}
				return nodeErr(kv.Key, p, "", fmt.Sprintf("unknown field %q; allowed in %s: %s", clip(name), where, s.names()))
			}
			if err := check(kv.Value, sub, p); err != nil {
				return err
			}
		}
	case KList:
		sq, ok := n.(*ast.SequenceNode)
		if !ok {
			return nodeErr(n, path, tokenText(n), "must be a list")
		}
		for i, v := range sq.Values {
			if err := check(v, s.elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case KString:
		if !isScalar(n) {
			return nodeErr(n, path, tokenText(n), "must be a string, e.g. a quantity such as \"20 ms\"")
		}
	case KInt, KUint:
		in, ok := n.(*ast.IntegerNode)
		if !ok {
			return nodeErr(n, path, tokenText(n), "must be an integer (no decimal point or exponent)")
		}
		if s.k == KUint {
			if v, ok := in.Value.(int64); ok && v < 0 {
				return nodeErr(n, path, tokenText(n), "must be a non-negative integer")
			}
		}
	case KBool:
		if _, ok := n.(*ast.BoolNode); !ok {
			return nodeErr(n, path, tokenText(n), "must be true or false")
		}
	case KFloat:
		switch n.(type) {
		case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		default:
			return nodeErr(n, path, tokenText(n), "must be a number")
		}
	}
	return nil
}

// Limits on a spec source, checked before the YAML parser sees it: the
// parser's memory grows with the size and, quadratically, with the nesting
// depth of a document, and no spec needs much of either.
const (
	// MaxSpecBytes is the largest spec source accepted [bytes]: the
	// largest preset is under 4 KB; 1 MiB leaves room for long explicit
	// spike lists.
	MaxSpecBytes = 1 << 20
	// maxDepth is the deepest nesting of mappings and lists accepted: a
	// spec nests at most 6 levels (protocol.phases[].drug.name).
	maxDepth = 32
	// maxColons bounds the colons outside quotes and comments, and so the
	// mapping keys: the parser's time grows quadratically with the keys of
	// a block mapping (120 000 keys: 33 s), and a spec has a few dozen
	// (a full model.override a few hundred).
	maxColons = 5000
)

// parse parses a spec source into its single document body.
func parse(data []byte) (ast.Node, error) {
	data = stripBOM(data)
	if err := checkShape(data); err != nil {
		return nil, err
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlErr(err, nil)
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch len(docs) {
	case 0:
		return nil, &FieldError{Allowed: "empty document: a spec needs at least name, model and protocol"}
	case 1:
		return docs[0].Body, nil
	}
	return nil, nodeErr(docs[1].Body, "", "", "more than one YAML document: a spec file holds exactly one")
}

// checkShape refuses a source that is too large, nests flow collections
// ([ {) or block indentation deeper than maxDepth, or has more than
// maxColons keys, before it is parsed.
func checkShape(data []byte) error {
	if len(data) > MaxSpecBytes {
		return &FieldError{Allowed: fmt.Sprintf("the spec is %d bytes, more than the %d a spec may have", len(data), MaxSpecBytes)}
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidUTF8(data)], []byte("\n"))
		return &FieldError{Line: line, Col: 1, Allowed: "the spec is not valid UTF-8 text (a binary file, or saved in another encoding?): save it as UTF-8"}
	}
	depth, maxIndent, colons := 0, 0, 0
	inQuote := byte(0)
	lineStart, indent := true, 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		if lineStart {
			switch c {
			case ' ':
				indent++
				continue
			case '-': // "- " list items nest one level more
				if i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\n') {
					indent += 2
					continue
				}
			}
			if c != '\n' && c != '#' {
				maxIndent = max(maxIndent, indent)
			}
			lineStart = false
		}
		switch {
		case c == '\n':
			lineStart, indent = true, 0
			if inQuote == '\'' {
				inQuote = 0
			}
		case inQuote != 0:
			if c == '\\' && inQuote == '"' {
				i++
			} else if c == inQuote {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			inQuote = c
		case c == '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case c == '[' || c == '{':
			if depth++; depth > maxDepth {
				return &FieldError{Allowed: fmt.Sprintf("nested deeper than %d levels: a spec nests at most a few", maxDepth)}
			}
		case c == ']' || c == '}':
			depth--
		case c == ':':
			if colons++; colons > maxColons {
				return &FieldError{Allowed: fmt.Sprintf("more than %d keys (colons outside quotes): a spec has a few dozen", maxColons)}
			}
		}
	}
	if maxIndent > 2*maxDepth {
		return &FieldError{Allowed: fmt.Sprintf("indented deeper than %d levels: a spec nests at most a few", maxDepth)}
	}
	return nil
}

// invalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// yamlErr converts an error of the YAML library into a *FieldError with
// the path found at its position in idx (if any).
func yamlErr(err error, idx []entry) *FieldError {
	fe := &FieldError{Allowed: err.Error()}
	var ye yaml.Error
	if errors.As(err, &ye) {
		fe.Allowed = "invalid YAML: " + ye.GetMessage()
		fe.Line, fe.Col = pos(ye.GetToken())
		for _, e := range idx {
			if (e.line == fe.Line && e.col == fe.Col) || (e.keyLine == fe.Line && e.keyCol == fe.Col) {
				fe.Path = e.path
				break
			}
		}
		if fe.Path == "" && fe.Line > 0 { // no exact position: the last key on the error's line
			for _, e := range idx {
				if e.keyLine == fe.Line {
					fe.Path = e.path
				}
			}
		}
		var te *yaml.TypeError
		var oe *yaml.OverflowError
		switch {
		case errors.As(err, &te):
			// The library leaves SrcType nil for some inputs (an empty
			// "!" tag: testdata/fuzz/FuzzDecodeSpec), and may leave the
			// token nil.
			src, dst := "a value", "another type"
			if te.SrcType != nil {
				src = te.SrcType.String()
			}
			if te.DstType != nil {
				dst = te.DstType.String()
			}
			fe.Allowed = "wrong type: " + src + " where " + dst + " is expected"
			if tk := ye.GetToken(); tk != nil {
				fe.Value = tk.Value
			}
		case errors.As(err, &oe):
			fe.Allowed = "out of range for " + oe.DstType.String()
			fe.Value = oe.SrcNum
		}
	}
	return fe
}

// Decode reads a spec from YAML (or JSON, which is YAML). Decoding is
// strict: unknown fields, values of the wrong shape (a list where a string
// is expected, 9.5 where an integer is), duplicate keys, anchors/aliases and
// multiple documents are errors. Errors are *FieldError with the field's
// path and its line and column. Decode does not validate values; see
// Validate and Load.
func Decode(data []byte) (*Spec, error) {
	body, err := parse(data)
	if err != nil {
		return nil, err
	}
	if fe := check(body, schema(), ""); fe != nil {
		return nil, fe
	}
	var s Spec
	if err := yaml.NodeToValue(body, &s, yaml.DisallowUnknownField()); err != nil {
		return nil, yamlErr(err, indexOf(body))
	}
	return &s, nil
}

// Encode writes s as YAML; Decode(Encode(s)) equals s.
func Encode(s *Spec) ([]byte, error) {
	return yaml.MarshalWithOptions(s, yaml.Indent(2))
}

// entry is the position of one field of a YAML document.
type entry struct {
	path            string
	keyLine, keyCol int // the key (0 for list elements)
	line, col       int // the value
	block           bool
}

// index lists every mapping value and list element of a document with its
// dotted path ("protocol.train.rate", "drugs[0].conc").
func indexOf(body ast.Node) []entry {
	var out []entry
	var walk func(n ast.Node, path string, depth int)
	walk = func(n ast.Node, path string, depth int) {
		n = untag(n)
		if n == nil || depth > 64 {
			return
		}
		if ps, ok := pairs(n); ok {
			for _, kv := range ps {
				if kv.Key == nil {
					continue
				}
				p := join(path, keyName(kv.Key))
				e := entry{path: p}
				e.keyLine, e.keyCol = pos(kv.Key.GetToken())
				v := untag(kv.Value)
				if v != nil {
					e.line, e.col = pos(v.GetToken())
				}
				e.block = !isScalar(v) && !isFlow(v)
				out = append(out, e)
				walk(kv.Value, p, depth+1)
			}
			return
		}
		if sq, ok := n.(*ast.SequenceNode); ok {
			for i, v := range sq.Values {
				p := fmt.Sprintf("%s[%d]", path, i)
				e := entry{path: p}
				if ps, ok := pairs(untag(v)); ok && len(ps) > 0 && !isFlow(untag(v)) {
					e.line, e.col = pos(ps[0].Key.GetToken()) // a block mapping: its first key
				} else if v != nil {
					e.line, e.col = pos(untag(v).GetToken())
				}
				e.keyLine, e.keyCol = e.line, e.col
				out = append(out, e)
				walk(v, p, depth+1)
			}
		}
	}
	walk(body, "", 0)
	return out
}

func isFlow(n ast.Node) bool {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.IsFlowStyle
	case *ast.SequenceNode:
		return m.IsFlowStyle
	}
	return false
}

// find returns the position for path in idx: that of the value for scalars
// and flow collections, that of the key for block mappings and lists. If the
// path is absent it returns the position of the nearest ancestor present
// and ok = false (0, 0 if none is).
func find(idx []entry, path string) (line, col int, ok bool) {
	for p := path; p != ""; p = parent(p) {
		for _, e := range idx {
			if e.path != p {
				continue
			}
			line, col = e.line, e.col
			if e.block || line == 0 {
				line, col = e.keyLine, e.keyCol
			}
			return line, col, p == path
		}
	}
	return 0, 0, false
}

// parent drops the last component of a dotted path ("a.b[2]" → "a.b",
// "a.b" → "a").
func parent(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// Locate returns the line and column (1-based) of the field at a dotted
// path ("model.override.sigma", "drugs[0].conc") in a YAML spec source:
// the value's position for scalars, the key's for block mappings and lists.
// If the path is absent, ok is false and line, col locate its nearest
// ancestor that is present (0, 0 if none is, or if data does not parse).
func Locate(data []byte, path string) (line, col int, ok bool) {
	body, err := parse(data)
	if err != nil {
		return 0, 0, false
	}
	return find(indexOf(body), path)
}

// annotate fills in err's position from idx if it is a *FieldError
// without one.
func annotate(err error, idx []entry) error {
	var fe *FieldError
	if errors.As(err, &fe) && fe.Line == 0 {
		fe.Line, fe.Col, _ = find(idx, fe.Path)
	}
	return err
}
