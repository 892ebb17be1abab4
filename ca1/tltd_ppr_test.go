package ca1

import "testing"

// TestTLTDPairedPulse: t-LTD is presynaptic, so it raises the paired-pulse
// ratio, the signature by which slice work places it in release (Sjöström,
// Turrigiano & Nelson 2003; Andrade-Talavera et al. 2016 [M]): after 60
// post→pre pairings at 1 Hz (−10 ms; Bi & Poo's saline) and 10 min of rest the release of a
// first pulse is lower and the 50 ms ratio higher than in the same cell
// without the pairings, and 60 pre→post pairings (+10 ms) leave the first
// pulse's release within 1%. Release here is Pre's unweighted mean over
// the recruited boutons (its PPR, 3.2 at rest, is above the AMPA-weighted
// 2.2 of case S1: low-Pr boutons facilitate most).
func TestTLTDPairedPulse(t *testing.T) {
	run := func(dt float64, n int) (first, ppr float64) {
		pop := pairedPop(t, culture(), dt, n)
		if err := pop.Advance(10*60*1000, nil, nil); err != nil {
			t.Fatal(err)
		}
		r1 := pop.Pre(nil)
		if err := pop.Advance(50, nil, nil); err != nil {
			t.Fatal(err)
		}
		return r1, pop.Pre(nil) / r1
	}
	f0, p0 := run(0, 0)
	fm, pm := run(-10, 60)
	fp, _ := run(10, 60)
	t.Logf("first-pulse release %.4f, PPR(50 ms) %.3f without pairing; after 60 x -10 ms %.4f (%.1f%%), PPR %.3f; after 60 x +10 ms %.4f", f0, p0, fm, 100*(fm/f0-1), pm, fp)
	if !(fm < 0.9*f0) {
		t.Errorf("first-pulse release after post-pre pairing %g, want < 90%% of %g", fm, f0)
	}
	if !(pm > p0*1.02) {
		t.Errorf("PPR after post-pre pairing %g, want > 1.02 x %g", pm, p0)
	}
	if d := fp/f0 - 1; d < -0.01 || d > 0.01 {
		t.Errorf("first-pulse release after pre-post pairing changed by %.2f%%, want within 1%%", 100*d)
	}
}
