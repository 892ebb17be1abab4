package experiment

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// nested builds a document whose field at path (name, model.override,
// protocol) nests depth levels of flow or block mappings or lists, width
// siblings wide.
func nested(path uint8, depth, width int, flow, lists bool) []byte {
	var b strings.Builder
	b.WriteString("name: x\nmodel: {tier: shouval}\nprotocol: {train: {rate: \"1 Hz\", pulses: 1}}\n")
	field := []string{"source", "seed", "record", "drugs", "bath"}[int(path)%5]
	open, close := "{k: ", "}"
	if lists {
		open, close = "[", "]"
	}
	if flow { // width+1 siblings in a list, each nested depth deep
		inner := strings.Repeat(open, depth) + "1" + strings.Repeat(close, depth)
		b.WriteString(field + ": [" + inner + strings.Repeat(", "+inner, width) + "]\n")
		return []byte(b.String())
	}
	b.WriteString(field + ":\n")
	for w := 0; w <= width; w++ {
		for d := 1; d <= depth; d++ {
			ind := strings.Repeat("  ", d)
			if lists {
				b.WriteString(ind + "-\n")
			} else {
				fmt.Fprintf(&b, "%sk%d_%d:\n", ind, w, d)
			}
		}
	}
	return []byte(b.String())
}

// FuzzDecodeNested: documents nested deep (to 2000 levels) and wide,
// flow or block, mappings or lists, never panic, are refused when deeper
// than the limit, and cost bounded time.
func FuzzDecodeNested(f *testing.F) {
	for _, c := range []struct {
		path        uint8
		depth       uint16
		width       uint8
		flow, lists bool
	}{{0, 40, 0, true, true}, {1, 31, 3, true, false}, {2, 33, 0, false, false}, {3, 100, 2, false, true}, {4, 2000, 0, true, true}, {0, 5, 200, true, false}} {
		f.Add(c.path, c.depth, c.width, c.flow, c.lists)
	}
	f.Fuzz(func(t *testing.T, path uint8, depth uint16, width uint8, flow, lists bool) {
		d := int(depth % 2001)
		data := nested(path, d, int(width), flow, lists)
		start := time.Now()
		_, err := Decode(data)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("decoding %d bytes nested %d deep took %v", len(data), d, took)
		}
		if d+1 > maxDepth && err == nil {
			t.Errorf("a document nested %d deep (%d bytes) decoded", d, len(data))
		}
		if err != nil && len(err.Error()) > 2*maxEcho+maxAllowed+200 {
			t.Errorf("the error is %d bytes", len(err.Error()))
		}
	})
}
