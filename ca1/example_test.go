package ca1_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/synlab/synlab/ca1"
)

// A population driven through a short 1 Hz train as an engine would: events
// between Advance calls, columns and the strength read at record times.
func Example() {
	p := ca1.Default() // deterministic: 6 × 2 strata of spine volume and neck
	pop, err := ca1.New(p, nil)
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(1, 2)) // used by Pre only in the stochastic mode
	cols := ca1.Cols()
	row := make([]float64, len(cols))
	for k := range 10 {
		pop.Pre(rng)
		if err := pop.Advance(1000, []float64{float64(k+1) * 1000}, func(float64) { pop.Read(row) }); err != nil {
			panic(err)
		}
	}
	fmt.Printf("%s %s\n", cols[0].Name, cols[0].Unit)
	fmt.Printf("test EPSP at t = 0: %.1f mV\n", pop.EPSP0())
	fmt.Printf("synapses modelled: %d\n", len(pop.Synapses()))
	// Output:
	// v_soma_mV mV
	// test EPSP at t = 0: 2.7 mV
	// synapses modelled: 24
}
