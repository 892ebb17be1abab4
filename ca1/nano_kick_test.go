package ca1

import (
	"fmt"
	"os"
	"testing"

	"github.com/synlab/synlab/cascade"
)

// TestNanoKick (CA1_NANO=1): per class, CaMKII T286-P fraction, free PP1
// [µM], CaMKII-bound and coincidence-set (CkN) fractions of the GluN2B
// sites after the first and third of three pre→post pairings (+10 ms) at
// 1 Hz: the drive reaches the cascades and each pairing adds to CkN.
func TestNanoKick(t *testing.T) {
	if os.Getenv("CA1_NANO") == "" {
		t.Skip("CA1_NANO=1")
	}
	p := Default()
	setX(&p)
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	pr := func(at float64) {
		_, csOf, _ := pop.state()
		l := fmt.Sprintf("t %6.1f ms:", at)
		for j := 0; j < pop.nSlots(); j += 2 {
			y := csOf(j)
			l += fmt.Sprintf(" %.3f/%.3f/%.2f/%.3f", y[cascade.CaMKIIP]/p.Cascade.CaMKII.Total, y[cascade.PP1F], y[cascade.CkB]/p.Cascade.PSD.Sites, y[cascade.CkN]/p.Cascade.PSD.Sites)
		}
		t.Log(l)
	}
	for k := range 3 {
		t0 := pop.Time()
		pop.Pre(nil)
		if err := pop.Advance(10, nil, nil); err != nil {
			t.Fatal(err)
		}
		pop.SomaticSpike()
		for _, d := range []float64{1, 2, 5, 20, 100, 500} {
			if err := pop.Advance(t0+10+d-pop.Time(), nil, nil); err != nil {
				t.Fatal(err)
			}
			if k == 0 || k == 2 {
				pr(pop.Time() - t0)
			}
		}
		if err := pop.Advance(t0+1000-pop.Time(), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
}
