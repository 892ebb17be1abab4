package spine

import (
	"math"
	"testing"
)

// bapPeak is the peak free Ca²⁺ above rest [µM] in the head after one
// somatic spike pulse, with VGCC density gbar [nS/µm²] and all else default.
func bapPeak(t *testing.T, gbar float64) float64 {
	p := Default()
	p.VGCC.GBar = gbar
	m := settled(t, p)
	m.SomaticSpike()
	pk := 0.0
	for _, c := range record(t, m, 100, 0.01).Col("ca_uM") {
		pk = math.Max(pk, c-p.Ca.Rest)
	}
	return pk
}

// TestVGCCFitBAP refits ḡ by bisection so that one back-propagating action
// potential gives BAPCaTarget = 1.1 µM above rest (Sabatini et al. 2002)
// and checks the stored vgccGBarFitted against it (1%: the constant is
// rounded to 4 figures). The peak grows monotonically with ḡ.
func TestVGCCFitBAP(t *testing.T) {
	lo, hi := 0.001, 0.0744
	if bapPeak(t, lo) > BAPCaTarget || bapPeak(t, hi) < BAPCaTarget {
		t.Fatal("target not bracketed")
	}
	for hi-lo > 1e-6 {
		mid := 0.5 * (lo + hi)
		if bapPeak(t, mid) < BAPCaTarget {
			lo = mid
		} else {
			hi = mid
		}
	}
	fit := 0.5 * (lo + hi)
	got := bapPeak(t, DefaultVGCC().GBar)
	t.Logf("fitted ḡ = %.5f nS/µm² (stored %.5f); default bAP peak %.4f µM", fit, vgccGBarFitted, got)
	if math.Abs(vgccGBarFitted/fit-1) > 0.01 {
		t.Errorf("stored ḡ %.5f differs from the refit %.5f by more than 1%%: update vgccGBarFitted", vgccGBarFitted, fit)
	}
	if math.Abs(got-BAPCaTarget) > 0.02*BAPCaTarget {
		t.Errorf("default bAP peak %.4f µM, want %.2f ± 2%%", got, BAPCaTarget)
	}
}
