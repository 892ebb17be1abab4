package clopath

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// TestClopathFromYAML runs the twelve protocols of the Brian2 reference
// (bench/brian2/clopath.py, rule/testdata/clopath_brian2.csv: 5 pairs at
// 0.1–50 Hz, post 10 ms after or before pre, first pre at 100 ms, visual
// cortex set, w from 0.5) as specs through the engine, and requires the
// weight change to agree with Brian2 within Brian2's own discretisation
// error: |synlab − Brian2(0.025 ms)| ≤ 2.5·|Brian2(0.025) − Brian2(0.05)|
// + 1e-10 (forward Euler's error at dt is about the difference between dt
// and dt/2; 2.5 leaves room for the next order).
func TestClopathFromYAML(t *testing.T) {
	f, err := os.Open("../../rule/testdata/clopath_brian2.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ freq, lag float64 }
	bri := map[key]map[float64]float64{}
	var order []key
	for _, row := range rows[1:] {
		v := make([]float64, 4)
		for i := range v {
			v[i], _ = strconv.ParseFloat(row[i], 64)
		}
		k := key{v[0], v[1]}
		if bri[k] == nil {
			bri[k] = map[float64]float64{}
			order = append(order, k)
		}
		bri[k][v[2]] = v[3]
	}
	if len(order) != 12 {
		t.Fatalf("%d protocols, want 12", len(order))
	}
	for _, k := range order {
		src := fmt.Sprintf("name: c\nmodel: {tier: clopath, set: visual-cortex}\nprotocol: {baseline: 100 ms, follow: 100 ms, pairing: {dt: %g ms, pairs: 5, rate: %g Hz}}\n", k.lag, k.freq)
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
		dw := w0 * (res.Summary.Metrics["final_strength_pct"]/100 - 1)
		ref := bri[k][0.025]
		tol := 2.5*math.Abs(ref-bri[k][0.05]) + 1e-10
		if d := math.Abs(dw - ref); d > tol {
			t.Errorf("%g Hz, lag %+g ms: Δw %.9g, Brian2 %.9g: |Δ| %.3g > %.3g", k.freq, k.lag, dw, ref, d, tol)
		}
	}
}
