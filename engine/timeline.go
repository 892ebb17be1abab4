package engine

import (
	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/internal/minheap"
	"github.com/synlab/synlab/protocol"
)

// step is one entry of the engine's timeline: an event as it reaches the
// synapse (shifted by the tier's delay for its kind), the strength readout
// of a test pulse at its own time, a change of the active drugs, or the end.
type step struct {
	t    float64
	rank int   // 0 drug change, 1 readout, 2 event
	seq  int64 // place in the protocol's schedule (events), or in the drug list
	ev   protocol.Event
	end  bool
}

// before orders the timeline: by time; at one time drug changes first,
// then readouts, then events; events of one time in schedule order. This
// is a stable sort of (drug changes, then per scheduled event its readout
// and its delayed event) by (time, rank).
func (a step) before(b step) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.seq < b.seq
}

// timeline turns the protocol's event stream into the engine's steps,
// lazily: an event is delayed by the model's delay for its kind; a test
// pulse also gives a readout at its own time, before the pulse has any
// effect (with probe, the readout only). Steps past end are dropped and a
// final end step closes the timeline.
type timeline struct {
	src    *protocol.Stream
	delay  func(protocol.Kind) float64
	probe  bool
	end    float64
	h      minheap.Heap[step]
	next   protocol.Event // the next scheduled event, not yet turned into steps
	more   bool
	seq    int64
	closed bool
}

func newTimeline(src *protocol.Stream, m Model, probe bool, drugs []drug.Dose, end float64) *timeline {
	tl := &timeline{src: src, delay: m.Delay, probe: probe, end: end, h: minheap.Heap[step]{Less: step.before}}
	var k int64
	for _, d := range drugs { // drug changes come first at their time
		if d.From > 0 {
			tl.h.Push(step{t: d.From, rank: 0, seq: k})
			k++
		}
		if d.To < end {
			tl.h.Push(step{t: d.To, rank: 0, seq: k})
			k++
		}
	}
	tl.next, tl.more = src.Next()
	return tl
}

// pop returns the next step, or false after the end step.
func (tl *timeline) pop() (step, bool) {
	// Take scheduled events in while one might precede the heap's least
	// step: no future step comes before (next.T, readout rank), since
	// delays are ≥ 0 and events keep their schedule order.
	for tl.more && (tl.h.Len() == 0 || !tl.h.Min().before(step{t: tl.next.T, rank: 1, seq: -1})) {
		e := tl.next
		if e.Kind == protocol.Test {
			tl.h.Push(step{t: e.T, rank: 1, seq: tl.seq})
		}
		if e.Kind != protocol.Test || !tl.probe {
			tl.h.Push(step{t: e.T + tl.delay(e.Kind), rank: 2, seq: tl.seq, ev: e})
		}
		tl.seq++
		tl.next, tl.more = tl.src.Next()
	}
	if tl.h.Len() > 0 && tl.h.Min().t <= tl.end {
		return tl.h.Pop(), true
	}
	// Effects delayed past the end of the run are dropped.
	if tl.closed {
		return step{}, false
	}
	tl.closed = true
	return step{t: tl.end, end: true}, true
}
