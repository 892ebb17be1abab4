package minheap

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestOrder: values come out sorted, ties in any order, and a push/pop
// allocates nothing once the slice has grown.
func TestOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	h := Heap[float64]{Less: func(a, b float64) bool { return a < b }}
	var in []float64
	for range 1000 {
		x := float64(r.IntN(100))
		in = append(in, x)
		h.Push(x)
	}
	var out []float64
	for h.Len() > 0 {
		out = append(out, h.Pop())
	}
	slices.Sort(in)
	if !slices.Equal(in, out) {
		t.Fatal("not sorted")
	}
	if n := testing.AllocsPerRun(100, func() { h.Push(1); h.Pop() }); n != 0 {
		t.Errorf("%v allocations per push/pop", n)
	}
}
