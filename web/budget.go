package web

import (
	"context"
	"sync"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/trace"
)

// budget is a weighted semaphore over estimated bytes: the server's one
// memory budget (Limits.Memory) is split into budgets for specs being
// parsed and runs being simulated, and the results kept are evicted by
// their estimated size (store).
type budget struct {
	mu      sync.Mutex
	cap     int64
	used    int64
	changed chan struct{} // closed and replaced at every release
}

func newBudget(cap int64) *budget { return &budget{cap: max(cap, 1), changed: make(chan struct{})} }

// acquire takes n bytes (at most the whole budget), waiting until they are
// free or ctx is done.
func (b *budget) acquire(ctx context.Context, n int64) (int64, error) {
	n = min(max(n, 1), b.cap)
	for {
		b.mu.Lock()
		if b.used+n <= b.cap {
			b.used += n
			b.mu.Unlock()
			return n, nil
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// release gives back n bytes taken by acquire.
func (b *budget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	close(b.changed)
	b.changed = make(chan struct{})
	b.mu.Unlock()
}

// Memory estimates. They are deliberately generous: the Go heap holds up
// to twice the live data between collections.
const (
	// parseFactor is the memory the YAML parser and the spec's checks
	// take per byte of spec source: an 80 KB spec of deeply nested lists
	// took 30 MB (goccy/go-yaml), a 250 KB list of 18 000 spike times 20 MB.
	parseFactor = 400
	parseBase   = 64 << 10 // bytes per request, whatever its size
	// runCopies is how many copies of a run's tables a run holds at its
	// peak: the tables, the live feed, the report's tables and figures.
	runCopies = 4
	// recordBase is what a kept result holds besides its tables: figures,
	// the manifest, the spec.
	recordBase = 1 << 20
)

// parseCost is the estimated memory of preparing a request's spec.
func parseCost(req runRequest) int64 {
	n := int64(len(req.YAML) + len(req.Preset))
	for _, s := range req.Sets {
		n += int64(len(s))
	}
	return parseBase + parseFactor*n
}

// runCost is the estimated memory of running a plan: its recorded rows
// (the series, the test pulses and the zoom) times their columns, in
// runCopies copies, and its synapses. A lean plan (a curve's point) keeps
// no series.
func runCost(pl *engine.Plan) int64 {
	rows := 2.0 + pl.Layout.Tests + 4000 // zoom samples (engine zoomSamples)
	if pl.RecordEvery > 0 && !pl.Lean {
		rows += pl.End / pl.RecordEvery
	}
	cols := 2.0 + float64(len(pl.Vars))
	if n := len(pl.Spec.Record.Vars); n > 0 {
		cols = 2 + float64(n)
	}
	syn := float64(max(pl.Spec.Model.Synapses, 1)) * 256 // bytes of state per synapse, generously
	return int64(runCopies*rows*cols*8 + syn + recordBase)
}

// recordCost is the estimated memory a kept result holds.
func recordCost(r *record) int64 {
	n := int64(recordBase + len(r.Spec))
	seen := map[*trace.Table]bool{}
	add := func(t *trace.Table) {
		if t != nil && !seen[t] {
			seen[t] = true
			n += int64(t.Len()*len(t.Cols)) * 8 * 2 // the table and its views (figures, time course)
		}
	}
	add(r.Report.Series)
	for _, t := range r.Report.Extra {
		add(t)
	}
	if r.Result != nil {
		add(r.Result.Series)
		add(r.Result.Zoom)
	}
	return n
}
