package web

import (
	"container/list"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/report"
)

// errBusy is returned by gate.enter when the queue is full.
var errBusy = errors.New("busy")

// gate admits at most max jobs at once and lets at most wait more queue,
// first come first served.
type gate struct {
	mu      sync.Mutex
	max     int
	wait    int
	running int
	queue   []*ticket
}

// ticket is one job at the gate. ready is closed when the job may run; pos
// carries its latest place in the queue (1 = next) while it waits.
type ticket struct {
	ready    chan struct{}
	pos      chan int
	admitted bool
}

func newGate(max, wait int) *gate { return &gate{max: max, wait: wait} }

// enter queues a job; it fails with errBusy if wait jobs are waiting.
func (g *gate) enter() (*ticket, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	t := &ticket{ready: make(chan struct{}), pos: make(chan int, 1)}
	if g.running < g.max && len(g.queue) == 0 {
		g.running++
		t.admitted = true
		close(t.ready)
		return t, nil
	}
	if len(g.queue) >= g.wait {
		return nil, errBusy
	}
	g.queue = append(g.queue, t)
	t.pos <- len(g.queue)
	return t, nil
}

// exit removes a job from the gate, running or waiting, and admits the
// next ones.
func (g *gate) exit(t *ticket) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.admitted {
		g.running--
	} else {
		for i, q := range g.queue {
			if q == t {
				g.queue = append(g.queue[:i], g.queue[i+1:]...)
				break
			}
		}
	}
	for g.running < g.max && len(g.queue) > 0 {
		n := g.queue[0]
		g.queue = g.queue[1:]
		g.running++
		n.admitted = true
		close(n.ready)
	}
	for i, q := range g.queue {
		select { // keep only the latest position
		case <-q.pos:
		default:
		}
		q.pos <- i + 1
	}
}

// load returns the jobs running and waiting.
func (g *gate) load() (running, waiting int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.running, len(g.queue)
}

// record is a finished result kept for the page: a run, a curve or an
// overlay of runs, with everything it exports.
type record struct {
	ID    string
	Seq   int    // 1, 2, … in the order results were kept
	Kind  string // "run", "curve" or "compare"
	Name  string // short name for files: preset or spec name
	Label string // what the page calls it
	Short string // the label without the tier, for overlays of runs on one tier
	Spec  []byte // the spec source as run (spec.yaml); nil for overlays
	// Result is the run's result (kind run only; overlays read it).
	Result *engine.Result
	Report report.Run // everything the exports are made of
	Made   time.Time

	cost int64 // estimated memory (recordCost), set by store.add

	mu  sync.Mutex
	svg map[string][]byte // rendered figures, by file name
	tc  *timecourse       // the run's time course, made once when first asked for
}

// store keeps the keep most recently used records, as long as their
// estimated memory (recordCost) stays within bytes.
type store struct {
	mu    sync.Mutex
	keep  int
	bytes int64 // most estimated memory of the records kept
	used  int64
	seq   int
	ll    *list.List // of *record, most recently used first
	byID  map[string]*list.Element
}

func newStore(keep int, bytes int64) *store {
	return &store{keep: keep, bytes: bytes, ll: list.New(), byID: map[string]*list.Element{}}
}

// add keeps r, giving it an ID and a sequence number, and drops the least
// recently used records beyond keep or beyond the store's memory (r
// itself is always kept).
func (s *store) add(r *record) {
	var b [12]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	r.cost = recordCost(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	r.ID, r.Seq = hex.EncodeToString(b[:]), s.seq
	s.byID[r.ID] = s.ll.PushFront(r)
	s.used += r.cost
	for s.ll.Len() > s.keep || (s.used > s.bytes && s.ll.Len() > 1) {
		old := s.ll.Back()
		s.ll.Remove(old)
		delete(s.byID, old.Value.(*record).ID)
		s.used -= old.Value.(*record).cost
	}
}

// get returns the record and marks it used.
func (s *store) get(id string) (*record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	s.ll.MoveToFront(e)
	return e.Value.(*record), true
}

// list returns the records, most recently used first.
func (s *store) list() []*record {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*record, 0, s.ll.Len())
	for e := s.ll.Front(); e != nil; e = e.Next() {
		out = append(out, e.Value.(*record))
	}
	return out
}

func (s *store) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ll.Len()
}
