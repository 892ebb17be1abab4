package ca1

import (
	"fmt"
	"os"
	"testing"
)

func TestExploreBAPTrace(t *testing.T) {
	if os.Getenv("CA1_EXPLORE") == "" {
		t.Skip()
	}
	p := Default()
	if g := os.Getenv("CA1_ADPG"); g != "" {
		fmt.Sscan(g, &p.ADP.G)
	}
	pop, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = pop.Advance(1000, nil, nil)
	t0 := pop.Time()
	pop.SomaticSpike()
	var ts []float64
	for x := 0.5; x <= 80; x += 0.5 {
		ts = append(ts, t0+x)
	}
	row := make([]float64, len(cols))
	s := ""
	_ = pop.Advance(80, ts, func(tm float64) {
		pop.Read(row)
		if int(2*(tm-t0))%8 == 0 || tm-t0 < 4 {
			s += fmt.Sprintf("t %5.1f  Vs %7.2f Vd %7.2f Vh %7.2f\n", tm-t0, row[0], row[1], row[2])
		}
	})
	t.Log(s)
	t.Logf("spikes %d", pop.Spikes())
}
