package catalog

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestParamsWithinRanges: every parameter of every tier's every set (at
// the default bath) lies within the range its override is checked
// against (units.Field.Range), so the ranges refuse no published value.
func TestParamsWithinRanges(t *testing.T) {
	checked := 0
	for _, tier := range Registry() {
		if tier.Name == "mechanistic" && tier.Preparation == "ca1" && testing.Short() {
			continue // the population tier builds thousands of synapses
		}
		if tier.Name == "sbml" {
			continue // needs model.sbml (a network file); its parameters are the file's, checked in tier/sbmlnet
		}
		for _, set := range tier.Sets {
			protocol := `{train: {rate: "1 Hz", pulses: 1}}`
			src := fmt.Sprintf("name: r\npreparation: %s\nmodel: {tier: %s, set: %q}\nprotocol: %s\n", tier.Preparation, tier.Name, set.Name, protocol)
			pl, err := Load([]byte(src))
			if err != nil {
				t.Errorf("%s/%s set %s: %v", tier.Preparation, tier.Name, set.Name, err)
				continue
			}
			m, err := tier.Build(pl, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Errorf("%s/%s set %s: %v", tier.Preparation, tier.Name, set.Name, err)
				continue
			}
			for _, f := range m.Params() {
				v := *f.Value
				if math.IsInf(v, 0) {
					continue // "no bound" (the triplet rule's w_min, w_max)
				}
				checked++
				if err := f.Check(v); err != nil {
					t.Errorf("%s/%s set %s: %s = %g: %v", tier.Preparation, tier.Name, set.Name, f.Name, v, err)
				}
			}
		}
	}
	t.Logf("%d parameters checked", checked)
	if checked < 500 {
		t.Errorf("checked %d parameters, want the ~700 of every tier and set", checked)
	}
}
