package ca1

import (
	"math/rand/v2"

	"github.com/synlab/synlab/units"
)

// train describes a protocol: baseline test pulses every 30 s, a train,
// then a follow-up with test pulses every 30 s.
type train struct {
	baseline float64 // [ms]
	n        int
	hz       float64 // [Hz]
	after    float64 // [ms]
}

func lfs90() train {
	return train{baseline: 15 * units.Minute, n: 900, hz: 1, after: 60 * units.Minute}
}

// run applies the protocol; rec is called every `every` ms with the time.
func (tr train) run(pop *Population, rng *rand.Rand, every float64, rec func(t float64)) error {
	var ev []float64 // event times, all Pre
	for t := 0.0; t < tr.baseline; t += 30 * units.Second {
		ev = append(ev, t)
	}
	t0 := tr.baseline
	for k := range tr.n {
		ev = append(ev, t0+float64(k)/(tr.hz*units.Hz))
	}
	t1 := t0 + float64(tr.n)/(tr.hz*units.Hz)
	for t := t1; t < t1+tr.after; t += 30 * units.Second {
		ev = append(ev, t)
	}
	end := t1 + tr.after
	var ts []float64
	if every > 0 {
		for t := every; t <= end; t += every {
			ts = append(ts, t)
		}
	}
	ki := 0
	next := func(to float64) []float64 {
		j := ki
		for j < len(ts) && ts[j] <= to {
			j++
		}
		s := ts[ki:j]
		ki = j
		return s
	}
	var obs func(float64)
	if rec != nil {
		obs = rec
	}
	for _, te := range ev {
		if err := pop.Advance(te-pop.Time(), next(te), obs); err != nil {
			return err
		}
		pop.Pre(rng)
	}
	return pop.Advance(end-pop.Time(), next(end), obs)
}
