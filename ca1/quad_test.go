package ca1

import (
	"os"
	"testing"
)

// TestQuadratureConvergence reports the deterministic result of a 60-pulse
// LFS train and the population's paired-pulse ratio at 20 ms against the
// number of strata (CA1_LONG=1); the release fit's continuum gives 2.21.
func TestQuadratureConvergence(t *testing.T) {
	if os.Getenv("CA1_LONG") == "" {
		t.Skip("set CA1_LONG=1")
	}
	for _, k := range [][2]int{{4, 1}, {6, 1}, {6, 2}, {8, 1}, {8, 2}, {10, 2}, {16, 3}} {
		s, a := final(t, small(false, 0, k[0], k[1]), shortLFS())
		g := gPeaks(t, small(false, 0, k[0], k[1]), []float64{1000, 1020})
		t.Logf("KV %d KR %d: strength %.4f receptors %.4f, PPR at 20 ms %.3f", k[0], k[1], s, a, g[1]/g[0])
	}
}
