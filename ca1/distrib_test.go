package ca1

import (
	"math"
	"slices"
	"testing"
)

// TestClassesMeanVolume: the strata represent each bin of ln V by its mean
// volume (round 13, docs/ca1-decoder.md §32), so the classes' share-weighted
// head volume is the log-normal's mean V_med·e^{σ²/2} and their share-weighted
// docked vesicles the population's mean, to 1e-12, at every resolution; the
// shares sum to 1, and each class's volume lies inside its own bin.
func TestClassesMeanVolume(t *testing.T) {
	for _, sigma := range []float64{0.35, 0.7, 1.2, 3} { // 3: the largest the tier accepts (tier/population/ranges.go)
		s := DefaultSynapses()
		s.VSigma = sigma
		for _, k := range [][2]int{{1, 1}, {4, 1}, {6, 2}, {8, 2}, {10, 2}, {12, 3}, {16, 3}, {20, 4}} {
			var share, vol, docked float64
			for _, c := range s.Classes(k[0], k[1]) {
				share += c.Share
				vol += c.Share * c.HeadVolume
				docked += c.Share * c.Docked
			}
			if math.Abs(share-1) > 1e-12 {
				t.Errorf("σ %g, %d × %d: shares sum to %.15g, want 1", sigma, k[0], k[1], share)
			}
			if d := math.Abs(vol/s.meanV() - 1); d > 1e-12 {
				t.Errorf("σ %g, %d × %d: share-weighted volume %.15g fL, mean %.15g fL (relative %.2g > 1e-12)",
					sigma, k[0], k[1], vol, s.meanV(), d)
			}
			if d := math.Abs(docked/s.Docked - 1); d > 1e-12 {
				t.Errorf("σ %g, %d × %d: share-weighted docked vesicles %.15g, want %.15g", sigma, k[0], k[1], docked, s.Docked)
			}
		}
		x, _ := volumeStrata(6, sigma)
		for i, z := range x {
			if a, b := binEdge(i, 6), binEdge(i+1, 6); z <= a || z >= b {
				t.Errorf("σ %g: stratum %d represented at z %.4f, outside its bin (%.4g, %.4g)", sigma, i, z, a, b)
			}
		}
	}
}

// TestVolumeStrataSmallSigma: as σ → 0 the mean-volume representative tends,
// continuously, to the stratum's conditional mean of z (the representation
// before round 13): within 1e-6 at σ 1e-6, and exactly at σ 0; the weights
// are the same.
func TestVolumeStrataSmallSigma(t *testing.T) {
	for _, k := range []int{1, 2, 6, 20} {
		x0, w0 := strata(k)
		x, w := volumeStrata(k, 1e-6)
		for i := range x {
			if math.Abs(x[i]-x0[i]) > 1e-6 || w[i] != w0[i] {
				t.Errorf("k %d, stratum %d: z %.9f weight %g at σ 1e-6, conditional mean %.9f weight %g", k, i, x[i], w[i], x0[i], w0[i])
			}
		}
		if x, _ := volumeStrata(k, 0); !slices.Equal(x, x0) {
			t.Errorf("k %d: σ 0 gives %v, want the conditional means %v", k, x, x0)
		}
	}
}
