package ca1

import (
	"os"
	"testing"
)

// TestQuadratureConvergence reports the deterministic result of a 60-pulse
// LFS train against the number of quadrature nodes (CA1_LONG=1).
func TestQuadratureConvergence(t *testing.T) {
	if os.Getenv("CA1_LONG") == "" {
		t.Skip("set CA1_LONG=1")
	}
	for _, k := range [][2]int{{4, 1}, {6, 1}, {6, 2}, {8, 2}, {10, 2}, {12, 3}, {16, 3}} {
		s, a := final(t, small(false, 0, k[0], k[1]), shortLFS())
		t.Logf("KV %d KR %d: strength %.4f receptors %.4f", k[0], k[1], s, a)
	}
}
