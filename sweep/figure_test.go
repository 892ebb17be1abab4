package sweep

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/synlab/synlab/plot"
)

// TestFigures: one grid axis with replicates gives a curve of means, two
// grid axes a heat map (mean over replicates, categorical ticks), three
// axes none.
func TestFigures(t *testing.T) {
	c := &counting{fail: -1}
	for _, tc := range []struct {
		name, src, note string
	}{
		{"one axis", "name: f\nbase: stdp-gb\nreplicates: 3\naxes:\n  - {path: protocol.pairing.dt, unit: ms, lin: [-10, 10, 3]}\n", "mean change_pct over the replicates"},
		{"two axes", "name: f\nbase: stdp-gb\nreplicates: 2\naxes:\n  - {path: protocol.pairing.dt, unit: ms, lin: [10, -10, 3]}\n  - {path: model.set, values: [DP, DPD]}\n", "heat map"},
		{"three axes", "name: f\nbase: stdp-gb\naxes:\n  - {path: protocol.pairing.dt, unit: ms, lin: [-10, 10, 3]}\n  - {path: model.set, values: [DP, DPD]}\n  - {path: bath.ca, unit: mM, values: [1, 2]}\n", "no figure"},
	} {
		m := mustPlan(t, tc.src, Options{})
		tab, err := (Local{Runner: c}).Evaluate(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		fig, note := NewFigure(m, tab)
		if !strings.Contains(note, tc.note) {
			t.Errorf("%s: note %q, want %q", tc.name, note, tc.note)
		}
		switch f := fig.(type) {
		case plot.Figure:
			p := f.Panels[0]
			if got := p.Table.Col("change_pct"); len(got) != 3 || got[0] != -20 || got[2] != 20 {
				t.Errorf("%s: means %v, want [-20 0 20] (the trivial runner's 2·dt)", tc.name, got)
			}
		case plot.HeatMap:
			// Levels sorted increasing although lin runs from 10 to -10.
			if f.X[0] != -10 || f.X[2] != 10 || f.YTicks[1] != "DPD" || f.Z[1][0] != -20 || math.IsNaN(f.Z[0][2]) {
				t.Errorf("%s: heat map X %v, Y ticks %v, Z %v", tc.name, f.X, f.YTicks, f.Z)
			}
		case nil:
			if tc.note != "no figure" {
				t.Errorf("%s: no figure", tc.name)
			}
		}
	}
}
