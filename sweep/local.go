package sweep

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/synlab/synlab/trace"
)

// Local runs sweeps on this machine: points on Workers goroutines, each
// chunk written to its file as soon as all its points are done.
type Local struct {
	Workers int    // parallel points; < 1 means 1
	Runner  Runner // nil means Experiment{}
	// Progress, if not nil, is called after each point with the points done
	// and the total to do in this run (one goroutine at a time).
	Progress func(done, total int)
}

// RunReport is what Local.Run did.
type RunReport struct {
	Skipped []int // asked-for chunks that were already done
	Written []int // chunks run and written, in order
	Points  int   // points run
}

// ChunkError reports the chunks of a run that failed. The other chunks were
// written.
type ChunkError struct {
	Failed map[int]error // chunk → the first error of its points
}

func (e *ChunkError) Error() string {
	ks := make([]int, 0, len(e.Failed))
	for k := range e.Failed {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	var list []string
	for _, k := range ks[:min(len(ks), 10)] {
		list = append(list, fmt.Sprint(k))
	}
	more := ""
	if len(ks) > 10 {
		more = ", …"
	}
	return fmt.Sprintf("sweep: %d chunk(s) failed (%s%s); the first: chunk %d: %v", len(ks), strings.Join(list, ", "), more, ks[0], e.Failed[ks[0]])
}

// Run runs the given chunks of the sweep in dir (nil: every missing chunk)
// and writes each chunk's file when all its points are done. Chunks whose
// file already exists are skipped, and stray temporary files of the chunks
// it runs (left by a killed run) are removed first. A point that fails
// fails its chunk (which is not written) but not the run: the other chunks
// are finished, and a *ChunkError lists the failures. When ctx is
// cancelled, Run stops, keeps every chunk already written and returns an
// error wrapping ctx.Err().
func (l Local) Run(ctx context.Context, dir string, m *Manifest, chunks []int) (RunReport, error) {
	var rep RunReport
	done, err := Done(dir, m)
	if err != nil {
		return rep, err
	}
	if chunks == nil {
		for k := range m.Chunks {
			chunks = append(chunks, k)
		}
	}
	var todo []int
	for _, k := range chunks {
		if k < 0 || k >= m.Chunks {
			return rep, fmt.Errorf("sweep: chunk %d: the sweep has chunks 0 to %d", k, m.Chunks-1)
		}
		if done[k] {
			rep.Skipped = append(rep.Skipped, k)
			continue
		}
		todo = append(todo, k)
		done[k] = true // asked for twice: run once
	}
	for _, k := range todo {
		tidy(dir, k)
	}
	var written []int
	err = l.points(ctx, m, todo, func(k int, rows []row) error {
		if err := writeChunk(dir, m, k, rows); err != nil {
			return err
		}
		written = append(written, k)
		return nil
	})
	sort.Ints(written)
	rep.Written = written
	for _, k := range written {
		lo, hi := m.ChunkRange(k)
		rep.Points += hi - lo
	}
	return rep, err
}

// Evaluate runs every point of m in memory (no files) and returns the
// results table, as Collect would build it from chunk files.
func (l Local) Evaluate(ctx context.Context, m *Manifest) (*trace.Table, error) {
	all := make([][]row, m.Chunks)
	ks := make([]int, m.Chunks)
	for k := range ks {
		ks[k] = k
	}
	if err := l.points(ctx, m, ks, func(k int, rows []row) error { all[k] = rows; return nil }); err != nil {
		return nil, err
	}
	var rows []row
	for _, r := range all {
		rows = append(rows, r...)
	}
	return table(m.Columns(), rows)
}

// points runs the points of the chunks on the worker pool and calls commit
// (one call at a time) with each chunk's rows, in point order, when the
// chunk is complete.
func (l Local) points(ctx context.Context, m *Manifest, chunks []int, commit func(k int, rows []row) error) error {
	runner := l.Runner
	if runner == nil {
		runner = Experiment{}
	}
	workers := max(l.Workers, 1)
	total := 0
	for _, k := range chunks {
		lo, hi := m.ChunkRange(k)
		total += hi - lo
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pl := &pool{m: m, runner: runner, progress: l.Progress, commit: commit, cancel: cancel, total: total,
		states: map[int]*chunkState{}, failed: map[int]error{}}
	jobs := make(chan int, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if !pl.run(ctx, i) {
					return // cancelled: the chunk stays unwritten
				}
			}
		}()
	}
	pl.feed(ctx, chunks, jobs)
	close(jobs)
	wg.Wait()
	switch {
	case pl.fatal != nil:
		return pl.fatal
	case ctx.Err() != nil:
		return fmt.Errorf("sweep: interrupted: %w", context.Cause(ctx))
	case len(pl.failed) > 0:
		return &ChunkError{Failed: pl.failed}
	}
	return nil
}

// pool is the state the workers of one Local.points call share: the
// chunks in progress, the failed chunks and the first commit error.
type pool struct {
	m        *Manifest
	runner   Runner
	progress func(done, total int) // Local.Progress
	commit   func(k int, rows []row) error
	cancel   context.CancelFunc // stops the run after a commit error
	total    int                // points to run

	mu      sync.Mutex
	states  map[int]*chunkState // chunks being run
	failed  map[int]error       // chunk → its first point error
	fatal   error               // a commit (write) error stops the run
	doneN   int                 // points done
	commitM sync.Mutex          // one commit at a time
}

// chunkState is a chunk being run: its rows so far, the points left and
// its first error (after which its other points are skipped).
type chunkState struct {
	rows []row
	left int
	err  error
}

// feed queues the points of the chunks on jobs, in order, registering
// each chunk's state before its points; it stops early when ctx is done.
func (pl *pool) feed(ctx context.Context, chunks []int, jobs chan<- int) {
	for _, k := range chunks {
		lo, hi := pl.m.ChunkRange(k)
		pl.mu.Lock()
		pl.states[k] = &chunkState{rows: make([]row, hi-lo), left: hi - lo}
		pl.mu.Unlock()
		for i := lo; i < hi; i++ {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}
}

// run runs point i (unless its chunk has already failed), records its row
// or error, reports progress and, if it completes its chunk, commits the
// chunk. It reports false if the run was cancelled during the point.
func (pl *pool) run(ctx context.Context, i int) bool {
	m := pl.m
	k := m.ChunkOf(i)
	pl.mu.Lock()
	st := pl.states[k]
	skip := st.err != nil
	pl.mu.Unlock()
	var (
		o   Outcome
		err error
		p   = m.Point(i)
	)
	if !skip {
		o, err = pl.runner.Run(ctx, m, p)
		if err != nil && ctx.Err() != nil {
			return false
		}
	}
	pl.mu.Lock()
	lo, _ := m.ChunkRange(k)
	switch {
	case skip:
	case err != nil:
		st.err = fmt.Errorf("point %d (%s): %w", i, strings.Join(p.Sets, " "), err)
	default:
		st.rows[i-lo] = m.newRow(p, o)
	}
	st.left--
	pl.doneN++
	n := pl.doneN
	complete := st.left == 0
	if complete {
		delete(pl.states, k)
		if st.err != nil {
			pl.failed[k] = st.err
		}
	}
	if pl.progress != nil {
		pl.progress(n, pl.total)
	}
	pl.mu.Unlock()
	if complete && st.err == nil {
		pl.commitChunk(k, st.rows)
	}
	return true
}

// commitChunk commits a complete chunk; a commit error becomes the run's
// fatal error (the first one is kept) and cancels the run.
func (pl *pool) commitChunk(k int, rows []row) {
	pl.commitM.Lock()
	if err := pl.commit(k, rows); err != nil {
		pl.mu.Lock()
		if pl.fatal == nil {
			pl.fatal = err
		}
		pl.mu.Unlock()
		pl.cancel()
	}
	pl.commitM.Unlock()
}

// IsInterrupted reports whether err is a run stopped by its context.
func IsInterrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
