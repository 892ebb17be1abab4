package hostile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// valid is a small valid spec the generators build on.
const valid = `name: hostile
model: {tier: shouval, set: rate}
protocol: {train: {rate: "1 Hz", pulses: 10}}
`

// Generate makes the input NAME in dir and returns its path: inputs too
// large or too strange to keep in the repository.
func Generate(dir, name string) (string, error) {
	p := filepath.Join(dir, name+".yaml")
	var data []byte
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	switch name {
	case "zero":
		return "/dev/zero", nil
	case "dir":
		return dir, nil
	case "missing":
		return filepath.Join(dir, "no-such-spec.yaml"), nil
	case "comment50m": // a valid spec with a 50 MB comment
		data = []byte("# " + rep("x", 50<<20) + "\n" + valid)
	case "big2m":
		data = []byte(valid + "source: \"" + rep("a", 2<<20) + "\"\n")
	case "deepflow":
		data = []byte("name: [" + rep("[", 100000) + "\n")
	case "deepflow31": // just within the depth limit, 450 000 nested lists
		data = []byte("name: [" + rep(rep("[", 30)+rep("]", 30)+",", 15000) + "]\n")
	case "deepblock":
		var b strings.Builder
		for i := range 300 {
			b.WriteString(rep("  ", i) + fmt.Sprintf("k%d:\n", i))
		}
		data = []byte(b.String())
	case "keys": // 90 000 keys: the parser is quadratic in them
		var b strings.Builder
		for i := range 90000 {
			fmt.Fprintf(&b, "k%d: 1\n", i)
		}
		data = []byte(b.String())
	case "hugekey": // a 500 KB key
		data = []byte(valid + rep("k", 500<<10) + ": 1\n")
	case "docs":
		data = []byte(rep("---\n", 250000))
	case "laughs": // anchors and aliases, the billion laughs
		var b strings.Builder
		b.WriteString("name: x\nmodel:\n  tier: shouval\n  override: {a0: &a0 [x, x, x, x, x, x, x, x, x, x]")
		for i := 1; i < 10; i++ {
			fmt.Fprintf(&b, ", a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
		}
		b.WriteString("}\nprotocol: {train: {rate: \"1 Hz\", pulses: 1}}\n")
		data = []byte(b.String())
	case "nul":
		data = append([]byte(valid), bytes.Repeat([]byte{0, 1, 2, 0xff}, 1000)...)
	case "badutf8":
		data = []byte("name: \"\xff\xfe\xfd\"\nmodel: {tier: shouval}\nprotocol: {train: {rate: \"1 Hz\", pulses: 1}}\n")
	case "bom":
		data = []byte("\xef\xbb\xbf" + valid)
	case "explicit60k": // a valid spec near the size limit: 60 000 explicit spikes
		var b strings.Builder
		b.WriteString("name: explicit\nmodel: {tier: shouval, set: rate}\nprotocol:\n  explicit:\n    pre: [")
		for i := range 60000 {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "\"%d ms\"", 100*i)
		}
		b.WriteString("]\nrecord: {every: \"10 s\"}\n")
		data = []byte(b.String())
	case "longline":
		data = []byte("name: hostile\nmodel: {tier: shouval}\nprotocol: {train: {rate: \"" + rep("9", 900<<10) + " Hz\", pulses: 1}}\n")
	default:
		return "", fmt.Errorf("hostile: no generator %q", name)
	}
	return p, os.WriteFile(p, data, 0o644)
}
