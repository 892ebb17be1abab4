// Package minheap is a binary min-heap of values ordered by a function,
// without the boxing of container/heap: pushing and popping a struct
// allocates nothing beyond the slice's growth. The protocol's event stream
// and the engine's timeline use it.
package minheap

// Heap holds values of T; Less orders them.
type Heap[T any] struct {
	Less func(a, b T) bool
	a    []T
}

// Len is the number of values held.
func (h *Heap[T]) Len() int { return len(h.a) }

// Min is the least value; the heap must not be empty.
func (h *Heap[T]) Min() T { return h.a[0] }

// Push adds x.
func (h *Heap[T]) Push(x T) {
	h.a = append(h.a, x)
	a := h.a
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.Less(a[i], a[p]) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

// Pop removes and returns the least value; the heap must not be empty.
func (h *Heap[T]) Pop() T {
	a := h.a
	x := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a = a[:n]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && h.Less(a[l], a[m]) {
			m = l
		}
		if r < n && h.Less(a[r], a[m]) {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	h.a = a
	return x
}
