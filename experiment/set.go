package experiment

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
)

// ApplySets applies command-line settings "path=value" to a spec source and
// returns the new source (YAML). Paths are dotted as in error messages:
//
//	bath.ca=1.8mM  protocol.pairing.dt=+10ms  model.override.sigma=0
//	seed=3  protocol.train.pulses=300  drugs[0].conc=50uM  record.vars=c,rho
//
// The value is typed by the field it sets: integers for counts and seed,
// numbers for target values, strings for quantities and names, and a
// comma-separated list for lists of strings. Missing intermediate mappings
// are created; a list element may be appended by using index len(list).
// The value "null" (or "~") removes a mapping field such as protocol.train.
// An unknown path is an error naming it and the fields allowed there.
// The result is re-serialised, so comments are dropped and line numbers in
// later errors refer to the result; its keys keep their order.
func ApplySets(data []byte, sets []string) ([]byte, error) {
	var root yaml.MapSlice
	data = stripBOM(data)
	if len(strings.TrimSpace(string(data))) > 0 {
		body, err := parse(data)
		if err != nil {
			return nil, err
		}
		// Refuse unknown fields and aliases before expanding the document.
		if fe := check(body, schema(), ""); fe != nil {
			return nil, fe
		}
		if err := yaml.UnmarshalWithOptions(data, &root, yaml.UseOrderedMap()); err != nil {
			return nil, yamlErr(err, nil)
		}
	}
	sch := schema()
	for _, set := range sets {
		path, val, ok := strings.Cut(set, "=")
		path = strings.TrimSpace(path)
		if !ok || path == "" {
			return nil, &FieldError{Value: set, Allowed: "a setting must read path=value, e.g. bath.ca=1.8mM"}
		}
		steps, fe := resolvePath(sch, path)
		if fe != nil {
			fe.Value = val
			return nil, fe
		}
		v, del, fe := typed(steps[len(steps)-1].node, path, strings.TrimSpace(val))
		if fe != nil {
			return nil, fe
		}
		out, fe := setIn(root, steps, path, v, del)
		if fe != nil {
			fe.Value = val
			return nil, fe
		}
		root = out.(yaml.MapSlice)
	}
	if len(root) == 0 {
		return []byte("{}\n"), nil
	}
	return yaml.MarshalWithOptions(root, yaml.Indent(2))
}

// pathStep is one component of a set path: a key in a mapping or an index in a
// list, and the schema of what it leads to.
type pathStep struct {
	key   string
	index int // -1 for keys
	node  *snode
}

func resolvePath(sch *snode, path string) ([]pathStep, *FieldError) {
	var steps []pathStep
	n := sch
	rest := path
	done := ""
	for rest != "" {
		switch n.k {
		case KStruct:
			key := rest
			if i := strings.IndexAny(rest, ".["); i >= 0 {
				key = rest[:i]
			}
			sub := n.field(key)
			if sub == nil {
				where := done
				if where == "" {
					where = "the top level"
				}
				return nil, &FieldError{Path: path, Allowed: fmt.Sprintf("unknown field %q; allowed in %s: %s", key, where, n.names())}
			}
			steps = append(steps, pathStep{key: key, index: -1, node: sub})
			done = join(done, key)
			rest = strings.TrimPrefix(rest[len(key):], ".")
			n = sub
		case KDict:
			// The rest is one parameter name.
			steps = append(steps, pathStep{key: rest, index: -1, node: &snode{k: KString}})
			return steps, nil
		case KList:
			if !strings.HasPrefix(rest, "[") {
				if n.elem.k != KStruct {
					// the whole list, set from a comma-separated value
					return nil, &FieldError{Path: path, Allowed: "a list: set it as " + done + "=a,b,c or one element as " + done + "[0]=a"}
				}
				return nil, &FieldError{Path: path, Allowed: "a list: index it, e.g. " + done + "[0]"}
			}
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, &FieldError{Path: path, Allowed: "unclosed ["}
			}
			i, err := strconv.Atoi(rest[1:end])
			if err != nil || i < 0 || i > MaxList {
				return nil, &FieldError{Path: path, Allowed: "a list index must be an integer ≥ 0"}
			}
			steps = append(steps, pathStep{index: i, node: n.elem})
			done = fmt.Sprintf("%s[%d]", done, i)
			rest = strings.TrimPrefix(rest[end+1:], ".")
			n = n.elem
		default:
			return nil, &FieldError{Path: path, Allowed: fmt.Sprintf("%s has no fields", done)}
		}
	}
	return steps, nil
}

// typed converts a value to the type of the field it sets; del reports a
// removal ("null" for a mapping).
func typed(n *snode, path, v string) (val any, del bool, fe *FieldError) {
	switch n.k {
	case KString:
		return v, false, nil
	case KInt:
		i, err := strconv.Atoi(v)
		if err != nil {
			return nil, false, &FieldError{Path: path, Value: v, Allowed: "must be an integer"}
		}
		return i, false, nil
	case KUint:
		u, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return nil, false, &FieldError{Path: path, Value: v, Allowed: "must be a non-negative integer"}
		}
		return u, false, nil
	case KBool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, false, &FieldError{Path: path, Value: v, Allowed: "must be true or false"}
		}
		return b, false, nil
	case KFloat:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, false, &FieldError{Path: path, Value: v, Allowed: "must be a number"}
		}
		return f, false, nil
	case KList:
		var out []any
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, false, nil
	}
	if v == "null" || v == "~" {
		return nil, true, nil
	}
	return nil, false, &FieldError{Path: path, Value: v, Allowed: "is a mapping: set its fields (e.g. " + path + ".<field>=…) or remove it with " + path + "=null"}
}

// setIn sets (or deletes) the value at steps inside cur, creating missing
// mappings and lists, and returns the updated container.
func setIn(cur any, steps []pathStep, path string, v any, del bool) (any, *FieldError) {
	st := steps[0]
	last := len(steps) == 1
	if st.index < 0 {
		m, ok := cur.(yaml.MapSlice)
		if cur != nil && !ok {
			return nil, &FieldError{Path: path, Allowed: "the source holds a non-mapping where a mapping is needed"}
		}
		at := -1
		for i, it := range m {
			if k, ok := it.Key.(string); ok && k == st.key {
				at = i
				break
			}
		}
		if last {
			if del {
				if at >= 0 {
					m = append(m[:at:at], m[at+1:]...)
				}
				return m, nil
			}
			if at >= 0 {
				m[at].Value = v
			} else {
				m = append(m, yaml.MapItem{Key: st.key, Value: v})
			}
			return m, nil
		}
		var child any
		if at >= 0 {
			child = m[at].Value
		}
		nv, fe := setIn(child, steps[1:], path, v, del)
		if fe != nil {
			return nil, fe
		}
		if at >= 0 {
			m[at].Value = nv
		} else {
			m = append(m, yaml.MapItem{Key: st.key, Value: nv})
		}
		return m, nil
	}
	l, ok := cur.([]any)
	if cur != nil && !ok {
		return nil, &FieldError{Path: path, Allowed: "the source holds a non-list where a list is needed"}
	}
	switch {
	case st.index < len(l):
	case st.index == len(l):
		l = append(l, nil)
	default:
		return nil, &FieldError{Path: path, Allowed: fmt.Sprintf("index out of range: the list has %d elements (use index %d to append)", len(l), len(l))}
	}
	if last {
		l[st.index] = v
		return l, nil
	}
	nv, fe := setIn(l[st.index], steps[1:], path, v, del)
	if fe != nil {
		return nil, fe
	}
	l[st.index] = nv
	return l, nil
}
