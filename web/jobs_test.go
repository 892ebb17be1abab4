package web

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/experiment"
)

// TestGate checks admission order, queue positions and the busy answer.
func TestGate(t *testing.T) {
	g := newGate(2, 2)
	a, _ := g.enter()
	b, _ := g.enter()
	c, _ := g.enter()
	d, _ := g.enter()
	if _, err := g.enter(); !errors.Is(err, errBusy) {
		t.Fatalf("fifth job: %v, want busy", err)
	}
	for _, tt := range []struct {
		name  string
		tk    *ticket
		ready bool
		pos   int
	}{{"a", a, true, 0}, {"b", b, true, 0}, {"c", c, false, 1}, {"d", d, false, 2}} {
		if isReady(tt.tk) != tt.ready {
			t.Errorf("%s ready = %v", tt.name, !tt.ready)
		}
		if !tt.ready {
			if p := <-tt.tk.pos; p != tt.pos {
				t.Errorf("%s at position %d, want %d", tt.name, p, tt.pos)
			}
		}
	}
	g.exit(d) // d gives up waiting
	g.exit(a) // c takes a's slot
	if !isReady(c) {
		t.Error("c not admitted after a left")
	}
	if run, wait := g.load(); run != 2 || wait != 0 {
		t.Errorf("load %d running, %d waiting; want 2, 0", run, wait)
	}
	g.exit(b)
	g.exit(c)
	if run, wait := g.load(); run != 0 || wait != 0 {
		t.Errorf("load %d, %d after all left", run, wait)
	}
}

func isReady(t *ticket) bool {
	select {
	case <-t.ready:
		return true
	default:
		return false
	}
}

// TestStoreEvictsLeastRecentlyUsed checks that the store keeps at most keep
// records and drops the least recently used.
func TestStoreEvictsLeastRecentlyUsed(t *testing.T) {
	s := newStore(3, 1<<40)
	var recs []*record
	for i := range 5 {
		r := &record{Name: fmt.Sprint(i)}
		s.add(r)
		recs = append(recs, r)
		if i == 2 {
			s.get(recs[0].ID) // 0 is used again: 1 is now the oldest
		}
	}
	if s.len() != 3 {
		t.Fatalf("kept %d, want 3", s.len())
	}
	for i, want := range []bool{true, false, false, true, true} {
		if _, ok := s.get(recs[i].ID); ok != want {
			t.Errorf("record %d kept = %v, want %v", i, ok, want)
		}
	}
	if recs[4].Seq != 5 || recs[0].ID == recs[1].ID {
		t.Errorf("sequence %d, ids %s %s", recs[4].Seq, recs[0].ID, recs[1].ID)
	}
}

// TestStoreEvictsByMemory: records beyond the store's memory go, least
// recently used first; the newest is kept even if it alone is too large.
func TestStoreEvictsByMemory(t *testing.T) {
	s := newStore(100, 3*recordBase+100)
	for i := range 5 {
		s.add(&record{Name: fmt.Sprint(i)})
	}
	if s.len() != 3 {
		t.Errorf("kept %d records of %d bytes each in %d bytes, want 3", s.len(), recordBase, 3*recordBase+100)
	}
	tiny := newStore(100, 10)
	tiny.add(&record{Name: "big"})
	if tiny.len() != 1 {
		t.Errorf("the newest record was dropped")
	}
}

// TestBudget: acquire waits until enough is released, and gives up when
// its context is done.
func TestBudget(t *testing.T) {
	b := newBudget(10)
	n, err := b.acquire(context.Background(), 7)
	if err != nil || n != 7 {
		t.Fatal(n, err)
	}
	got := make(chan int64)
	go func() {
		m, _ := b.acquire(context.Background(), 5)
		got <- m
	}()
	select {
	case <-got:
		t.Fatal("acquired 5 of 10 while 7 were taken")
	case <-time.After(20 * time.Millisecond):
	}
	b.release(n)
	if m := <-got; m != 5 {
		t.Errorf("acquired %d, want 5", m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.acquire(ctx, 8); err == nil {
		t.Error("acquired 8 of the 5 left with a done context")
	}
	b.release(5)
	if m, err := b.acquire(context.Background(), 1e6); m != 10 || err != nil {
		t.Errorf("a request larger than the budget took %d (%v), want the whole budget, 10", m, err)
	}
}

func TestHostsFor(t *testing.T) {
	tests := []struct {
		addr   string
		accept []string
		refuse []string
		loop   bool
	}{
		{"127.0.0.1:8080", []string{"127.0.0.1:8080", "localhost:8080", "[::1]:8080"}, []string{"127.0.0.1:8081", "example.com:8080", "localhost"}, true},
		{"localhost:9000", []string{"localhost:9000", "127.0.0.1:9000"}, []string{"evil:9000"}, true},
		{"0.0.0.0:8080", []string{"127.0.0.1:8080", "localhost:8080"}, []string{"evil.example:8080"}, false},
		{"192.0.2.7:80", []string{"192.0.2.7:80"}, []string{"localhost:80", "evil:80"}, false},
	}
	for _, tt := range tests {
		hosts, err := HostsFor(tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		set := map[string]bool{}
		for _, h := range hosts {
			set[h] = true
		}
		for _, h := range tt.accept {
			if !set[h] {
				t.Errorf("%s: %s refused", tt.addr, h)
			}
		}
		for _, h := range tt.refuse {
			if set[h] {
				t.Errorf("%s: %s accepted", tt.addr, h)
			}
		}
		if IsLoopback(tt.addr) != tt.loop {
			t.Errorf("IsLoopback(%s) = %v", tt.addr, !tt.loop)
		}
	}
	if _, err := HostsFor("8080"); err == nil {
		t.Error("HostsFor(8080): no error")
	}
}

// TestRunCostLean: a lean plan (a curve's point) is charged no series.
func TestRunCostLean(t *testing.T) {
	p, _ := experiment.FindPreset("lfs")
	pl, err := catalog.Load(p.Data)
	if err != nil {
		t.Fatal(err)
	}
	full := runCost(pl)
	pl.Lean = true
	if lean := runCost(pl); !(lean < full) {
		t.Errorf("lean plan costs %d bytes, recorded %d", lean, full)
	}
}
