package cascade_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/units"
)

// One spine in the stochastic mode: copy numbers at rest in the 0.087 fL
// head, then 10 pulses at 1 Hz with the spine's Ca²⁺ and 10 s; every total
// stays the same integer.
func ExampleNewStochastic() {
	p := cascade.Default()
	c, err := cascade.NewStochastic(p, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	before := cascade.TotalsOf(c.Copies(nil))
	fmt.Printf("Ω = %.2f copies/µM\n", c.Omega())
	fmt.Printf("copies: CaMKII %.0f, CaN %.0f, PKA %.0f, I-1 %.0f, PP1 %.0f\n",
		before.CaMKII, before.CaN, before.PKA, before.I1, before.PP1)
	d := cascade.SpineLikeTrain(1*units.Hz, 10, 1000)
	if err := c.AdvanceTrain(d, 20*units.Second, nil, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Mode(), "totals unchanged:", cascade.TotalsOf(c.Copies(nil)) == before)
	// Output:
	// Ω = 52.39 copies/µM
	// copies: CaMKII 1048, CaN 158, PKA 104, I-1 52, PP1 11
	// stochastic totals unchanged: true
}
