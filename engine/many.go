package engine

import (
	"context"
	"runtime"
	"sync"
)

// RunMany runs the plans on `workers` goroutines (< 1: all cores) and returns
// the results in input order. Each run owns its state and its random source
// (derived from its own spec's seed), so results do not depend on the
// number of workers or on scheduling. done, if not nil, is called (from one
// goroutine at a time) after each run with the number finished so far. The
// first error cancels the remaining runs and is returned.
func RunMany(ctx context.Context, plans []*Plan, workers int, done func(n int)) ([]*Result, error) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0) // all cores by default
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]*Result, len(plans))
	jobs := make(chan int)
	var (
		mu       sync.Mutex
		firstErr error
		finished int
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r, err := Run(ctx, plans[i], nil)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				out[i] = r
				finished++
				if done != nil && err == nil {
					done(finished)
				}
				mu.Unlock()
			}
		}()
	}
	for i := range plans {
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
