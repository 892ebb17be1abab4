package ca1

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/units"
)

// TestExplorePP1 (CA1_EXPLORE=1, CA1_PROTO of exploreProtocols, CA1_CA
// [mM] optional): per volume stratum, the time course of free PP1 and
// active CaN (fractions of their totals) and the TARP-P fraction, sampled
// every 10 s from the end of the baseline to 5 min after the induction.
func TestExplorePP1(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip()
	}
	protos := exploreProtocols()
	defer func(r float64) { recStep = r }(recStep)
	recStep = 10 * units.Second
	for _, name := range strings.Split(os.Getenv("CA1_PROTO"), ",") {
		in, ok := protos[name]
		if !ok {
			t.Fatalf("no protocol %q", name)
		}
		p := Default()
		setX(&p)
		if c := os.Getenv("CA1_CA"); c != "" {
			var x float64
			fmt.Sscan(c, &x)
			p.SetBath(x*units.Millimolar, p.NMDA.Mg)
		}
		nv := p.KV
		var pop *Population
		var lines [][]string
		var tt []float64
		k := 0
		out, err := runProtoHook(p, p, in, func(q *Population) { pop = q }, func() {
			k++
			tm := float64(k)*recStep - baselineMin*units.Minute
			if tm < -units.Minute || tm > in.dur+5*units.Minute {
				return
			}
			_, csOf, _ := pop.state()
			cn, pp, tp, ck, w := make([]float64, nv), make([]float64, nv), make([]float64, nv), make([]float64, nv), make([]float64, nv)
			for j := range pop.cab.slots {
				y := csOf(j)
				v := pop.class(j) / p.KR
				sh := pop.share(j)
				w[v] += sh
				cn[v] += sh * y[cascade.CaNA] / p.Cascade.CaN.Total
				pp[v] += sh * y[cascade.PP1F] / p.Cascade.PP1.Total
				ck[v] += sh * y[cascade.CaMKIIP] / p.Cascade.CaMKII.Total
				if l := p.Cascade.TARP.Labile * p.Cascade.Traffic.Slots; l > 0 {
					tp[v] += sh * y[cascade.TarpP] / l
				}
			}
			var row []string
			for v := 2; v < nv; v++ {
				row = append(row, fmt.Sprintf("%.3f/%.3f/%.2f/%.2f", cn[v]/w[v], pp[v]/w[v], tp[v]/w[v], ck[v]/w[v]))
			}
			tt = append(tt, tm/units.Second)
			lines = append(lines, row)
		})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s: change %+.1f%%; per stratum from V index 2: CaN*/PP1/TARP-P/CaMKII-P\n", name, out.change)
		for i, r := range lines {
			fmt.Fprintf(&b, "  t %6.0f s  %s\n", tt[i], strings.Join(r, "  "))
		}
		t.Log(b.String())
	}
}
