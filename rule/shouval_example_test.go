package rule_test

import (
	"fmt"

	"github.com/synlab/synlab/rule"
	"github.com/synlab/synlab/units"
)

// The Mg²⁺ block of the NMDAR at rest, at 0 mV and without Mg²⁺
// (Jahr & Stevens 1990 constants, as in Shouval et al. 2002).
func ExampleShouval_Block() {
	p := rule.ShouvalDefault()
	fmt.Printf("H(-65 mV) = %.4f\n", p.Block(-65))
	fmt.Printf("H(0 mV)   = %.4f\n", p.Block(0)) // 1/(1 + 1 mM/3.57 mM)
	p.Mg = 0
	fmt.Printf("H(-65 mV), no Mg = %.4f\n", p.Block(-65))
	// Output:
	// H(-65 mV) = 0.0597
	// H(0 mV)   = 0.7812
	// H(-65 mV), no Mg = 1.0000
}

// Five pre→post pairings (Δt = +10 ms, 1 Hz): the caller drives the events,
// delays the somatic spike by BPAPDelay, and samples the peak spine Ca²⁺ of
// the first pairing from dense output.
func ExampleShouvalSynapse() {
	p := rule.ShouvalDefault()
	s, err := rule.NewShouvalSynapse(p, 0.25)
	if err != nil {
		panic(err)
	}
	buf := make([]float64, len(s.Vars()))
	var ts []float64
	for t := 0.5; t < 300; t += 0.5 {
		ts = append(ts, t)
	}
	peak := 0.0
	obs := func(float64) { s.Read(buf); peak = max(peak, buf[1]) }
	advanceTo := func(t float64) {
		if err := s.Advance(t-s.Time(), ts, obs); err != nil {
			panic(err)
		}
	}
	for k := range 5 {
		tPre := float64(k) * units.Second
		advanceTo(tPre)
		s.Pre()
		advanceTo(tPre + 10 + p.BPAPDelay) // somatic spike at +10 ms
		s.BAP()
	}
	advanceTo(5 * units.Second)
	fmt.Println(s.Vars())
	fmt.Printf("peak Ca, first pairing: %.3f µM\n", peak)
	fmt.Printf("W after 5 pairings: %.4f (from 0.25)\n", s.W())
	// Output:
	// [v_mV ca_uM w omega eta_per_s nmda_open]
	// peak Ca, first pairing: 0.640 µM
	// W after 5 pairings: 0.3208 (from 0.25)
}
