package triplet

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/rule"
)

func run(t *testing.T, src string) *engine.Result {
	t.Helper()
	s, err := experiment.Decode([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	pl, err := engine.NewPlan(engine.Registry{Tier()}, s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run(context.Background(), pl, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// tol is the agreement required between the engine's event-driven run and
// the rule's closed form: both are exact, so only rounding separates them.
const tol = 1e-12

// TestTripletFromYAML: pairing protocols (60 pairs, Δt = ±10 ms, 1 and
// 20 Hz) and the Wang et al. (2005) triplets written as explicit spike
// times give, through the engine, the weight change of the rule's closed
// form (rule.Triplet.Periodic), for an all-to-all and a nearest-spike set.
func TestTripletFromYAML(t *testing.T) {
	for _, set := range []string{"hippocampal-all-to-all-full", "visual-nearest-full"} {
		p, _ := rule.TripletSet(set)
		for _, c := range []struct {
			dt, hz float64
		}{{10, 1}, {-10, 1}, {10, 20}, {-10, 20}} {
			src := fmt.Sprintf("name: p\nmodel: {tier: triplet, set: %s}\nprotocol: {pairing: {dt: %g ms, pairs: 60, rate: %g Hz}}\n", set, c.dt, c.hz)
			got := run(t, src).Summary.ChangePct / 100
			motif := []rule.MotifSpike{{T: 0}, {T: c.dt, Post: true}}
			if c.dt < 0 {
				motif = []rule.MotifSpike{{T: c.dt, Post: true}, {T: 0}}
			}
			want := p.Periodic(motif, 60, 1000/c.hz)
			if math.Abs(got-want) > tol {
				t.Errorf("%s, %d pairs at %g Hz, Δt %+g ms: Δw %.15g, closed form %.15g", set, 60, c.hz, c.dt, got, want)
			}
		}
		// post-pre-post (−5, +5 ms) once per second, 60 times, as explicit times
		var pre, post string
		for k := range 60 {
			b := 1000 * float64(k)
			pre += fmt.Sprintf("%g ms, ", b+5)
			post += fmt.Sprintf("%g ms, %g ms, ", b, b+10)
		}
		src := fmt.Sprintf("name: tr\nmodel: {tier: triplet, set: %s}\nprotocol: {explicit: {pre: [%s], post: [%s]}}\n", set, pre[:len(pre)-2], post[:len(post)-2])
		got := run(t, src).Summary.ChangePct / 100
		want := p.Periodic([]rule.MotifSpike{{T: 0, Post: true}, {T: 5}, {T: 10, Post: true}}, 60, 1000)
		if math.Abs(got-want) > tol {
			t.Errorf("%s post-pre-post: Δw %.15g, closed form %.15g", set, got, want)
		}
	}
}

// TestTripletCoincidence: a pre and a post spike at the same time do not
// see each other (no change from rest, as rule.Triplet.OnPrePost).
func TestTripletCoincidence(t *testing.T) {
	res := run(t, "name: c\nmodel: {tier: triplet}\nprotocol: {pairing: {dt: 0 ms, pairs: 1, rate: 1 Hz}}\n")
	if res.Summary.ChangePct != 0 {
		t.Errorf("coincident pair changed w by %g%%", res.Summary.ChangePct)
	}
}
