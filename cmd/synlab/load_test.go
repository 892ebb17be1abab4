package main

import (
	"testing"

	"github.com/synlab/synlab/catalog"
)

// TestSetRenames: a run changed by --set is named by its preset and the
// changes, so that its figure and summary do not carry the preset's own
// description ("STDP pairing dt = +10 ms" for a −10 ms run); --seed alone
// and a --set of the name keep the name.
func TestSetRenames(t *testing.T) {
	src, err := loadSource("stdp")
	if err != nil {
		t.Fatal(err)
	}
	orig, _, err := src.plan(nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sets []string
		seed int64
		want string
	}{
		{[]string{"protocol.pairing.dt=-10ms"}, -1, "stdp with protocol.pairing.dt=-10ms"},
		{nil, 3, orig.Spec.Name},
		{[]string{"protocol.pairing.dt=-10ms", "name=mine"}, -1, "mine"},
		{[]string{"bath.ca=1.8 mM", "source=a: b # c"}, -1, "stdp with bath.ca=1.8 mM, source=a: b # c"},
	} {
		pl, data, err := src.plan(c.sets, c.seed)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Spec.Name != c.want {
			t.Errorf("--set %v --seed %d: name %q, want %q", c.sets, c.seed, pl.Spec.Name, c.want)
		}
		// The spec bytes kept in the manifest carry the same name.
		back, err := catalog.Load(data)
		if err != nil {
			t.Fatal(err)
		}
		if back.Spec.Name != c.want {
			t.Errorf("--set %v: the spec's bytes name %q, want %q", c.sets, back.Spec.Name, c.want)
		}
	}
}
