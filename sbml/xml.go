package sbml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits of the XML reader. They bound the memory and time a hostile file
// can take: each is far above what a published model needs (BioModels'
// largest SBML files hold ~10⁵ elements and nest ~30 deep).
const (
	// MaxDepth is the deepest element nesting accepted.
	MaxDepth = 512
	// MaxElements is the largest number of elements accepted in a file.
	MaxElements = 4_000_000
	// MaxBytes is the largest file accepted, in bytes.
	MaxBytes = 256 << 20
)

// element is one XML element of the parsed tree: its local name, its
// attributes by local name, its character data (trimmed) and children, and
// the line on which it starts.
type element struct {
	Name     string
	Space    string
	Attr     map[string]string
	Text     string
	Children []*element
	Line     int
}

// attr returns the attribute's value and whether it is present.
func (e *element) attr(name string) (string, bool) {
	v, ok := e.Attr[name]
	return v, ok
}

// child returns the first child with the given local name, or nil.
func (e *element) child(name string) *element {
	for _, c := range e.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// children returns the children with the given local name.
func (e *element) children(name string) []*element {
	var out []*element
	for _, c := range e.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// list returns the children named item of the child named list
// (listOfSpecies → species), or nil.
func (e *element) list(list, item string) []*element {
	if l := e.child(list); l != nil {
		return l.children(item)
	}
	return nil
}

// parseXML reads a whole XML document into an element tree within the
// limits above. encoding/xml expands only the five predefined entities
// and character references: a DTD's entity declarations are neither read
// nor expanded, so an entity bomb fails on its first undefined entity.
func parseXML(r io.Reader) (*element, error) {
	lr := &io.LimitedReader{R: r, N: MaxBytes + 1}
	d := xml.NewDecoder(lr)
	d.Strict = true
	var stack []*element
	var root *element
	var text bytes.Buffer
	count := 0
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if lr.N <= 0 {
			return nil, fmt.Errorf("sbml: file larger than %d MiB", MaxBytes>>20)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("sbml: line %d: XML: %s", se.Line, se.Msg)
			}
			return nil, fmt.Errorf("sbml: line %d: XML: %w", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > MaxElements {
				return nil, fmt.Errorf("sbml: line %d: more than %d elements", line, MaxElements)
			}
			if len(stack) >= MaxDepth {
				return nil, fmt.Errorf("sbml: line %d: <%s>: elements nested deeper than %d", line, t.Name.Local, MaxDepth)
			}
			if len(stack) > 0 {
				// Text before a child is kept apart from text after it
				// (<cn type="rational"> 1 <sep/> 2 </cn> → "1 2").
				if s := strings.TrimSpace(text.String()); s != "" {
					stack[len(stack)-1].Text += s + " "
				}
			}
			text.Reset()
			el := &element{Name: t.Name.Local, Space: t.Name.Space, Line: line}
			if len(t.Attr) > 0 {
				el.Attr = make(map[string]string, len(t.Attr))
				for _, a := range t.Attr {
					if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
						continue
					}
					// The first of a repeated local name wins (SBML
					// attributes carry no prefix; a prefixed duplicate
					// belongs to another namespace).
					if _, dup := el.Attr[a.Name.Local]; !dup || a.Name.Space == "" {
						el.Attr[a.Name.Local] = a.Value
					}
				}
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, el)
			} else if root == nil {
				root = el
			}
			stack = append(stack, el)
		case xml.EndElement:
			el := stack[len(stack)-1]
			el.Text = strings.TrimSpace(el.Text + strings.TrimSpace(text.String()))
			text.Reset()
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && text.Len() < 1<<20 {
				text.Write(t)
			}
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				return nil, fmt.Errorf("sbml: line %d: DTD entity declarations are not accepted", line)
			}
		}
	}
	if root == nil {
		return nil, errors.New("sbml: no XML element in input")
	}
	return root, nil
}
