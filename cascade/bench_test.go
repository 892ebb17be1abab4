package cascade

import (
	"testing"

	"github.com/synlab/synlab/units"
)

// benchLFS times one M1 experiment (New at rest, 900 × 1 Hz, then 60 min)
// per op; make returns the cascade of run i. The ratio of the two
// benchmarks is the stochastic mode's cost (target < 10):
//
//	go test ./cascade -run XXX -bench LFS -benchtime 1x
func benchLFS(b *testing.B, make func(i uint64) (*Cascade, error)) {
	d := lfs(1*units.Hz, 900)
	end := d.Times[len(d.Times)-1] + 1000
	b.ReportAllocs()
	var i uint64
	steps := 0
	for b.Loop() {
		c, err := make(i)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.AdvanceTrain(d, end, nil, nil); err != nil {
			b.Fatal(err)
		}
		if err := c.Advance(60*units.Minute, d.Ca, nil, nil); err != nil {
			b.Fatal(err)
		}
		steps += c.Steps()
		i++
	}
	b.ReportMetric(float64(steps)/float64(i), "steps/op")
}

func BenchmarkLFSDeterministic(b *testing.B) {
	benchLFS(b, func(uint64) (*Cascade, error) { return New(Default(), nil) })
}

// BenchmarkLFSStochastic uses a new seed each op; steps/op are reactions.
func BenchmarkLFSStochastic(b *testing.B) {
	benchLFS(b, func(i uint64) (*Cascade, error) { return NewStochastic(Default(), seeded(i)) })
}

// benchSpineLFS times the cascade part of the mechanistic tier's LFS
// experiment per op: New at rest, then the spine's own Ca²⁺ of a 10 min
// baseline with test pulses, 900 × 1 Hz and 60 min (recorded once, as
// the tier samples it) replayed over the same segments. Compare the sets:
//
//	go test ./cascade -run XXX -bench SpineLFS -benchtime 10x
func benchSpineLFS(b *testing.B, p Params) {
	rec := recordOf(b, protoLFS)
	p.CaRest = rec.ca[0]
	b.ReportAllocs()
	steps, n := 0, 0
	for b.Loop() {
		c, err := New(p, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := replay(c, rec, nil, nil); err != nil {
			b.Fatal(err)
		}
		steps += c.Steps()
		n++
	}
	b.ReportMetric(float64(steps)/float64(n), "steps/op")
}

func BenchmarkSpineLFSDefault(b *testing.B) { benchSpineLFS(b, Default()) }
func BenchmarkSpineLFSCA1(b *testing.B)     { benchSpineLFS(b, CA1()) }
