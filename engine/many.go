package engine

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"
)

// RunMany runs the plans on `workers` goroutines (< 1: all cores) and returns
// the results in input order. Each run owns its state and its random source
// (derived from its own spec's seed), so results do not depend on the
// number of workers or on scheduling. done, if not nil, is called (from one
// goroutine at a time) after each run with the number finished so far. The
// first error cancels the remaining runs and is returned. Runs start in
// the order of dispatchOrder: the costliest first where the tiers estimate
// costs (Tier.Cost).
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
	// Runs that share the machine each get an equal share of its cores for
	// their own parallel work (Plan.Cores): two concurrent runs of the CA1
	// population, each with its cascades on every core, took 4–10% more CPU
	// (goroutine hand-offs and preemption) for the same result
	// (docs/population-model.md §9).
	cores := 0
	if n := min(workers, len(plans)); n > 1 {
		cores = max(1, runtime.GOMAXPROCS(0)/n)
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				pl := plans[i]
				if cores > 0 && (pl.Cores == 0 || pl.Cores > cores) {
					c := *pl
					c.Cores = cores
					pl = &c
				}
				r, err := Run(ctx, pl, nil)
				if r != nil {
					r.Plan = plans[i] // the caller's plan: Cores is how it ran, not what it is
				}
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
	for _, i := range dispatchOrder(plans) {
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

// dispatchOrder is the order in which RunMany starts the plans: by
// decreasing Tier.Cost (longest processing time first, which keeps a long
// run from starting last while the other workers idle), ties and plans
// whose tier has no Cost (cost 0) in input order.
func dispatchOrder(plans []*Plan) []int {
	order := make([]int, len(plans))
	cost := make([]float64, len(plans))
	for i, pl := range plans {
		order[i] = i
		if pl.Tier.Cost != nil {
			cost[i] = pl.Tier.Cost(pl)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cost[b], cost[a]) })
	return order
}
