package fit

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// haveCMAES reports whether this build has the CMA-ES search.
const haveCMAES = true

// cmaes runs gonum's CmaEsChol in d dimensions with lambda candidates per
// generation, starting at start with spread sigma0 (the initial sampling
// covariance is sigma0²·I), its sampling seeded by seed. It drives the
// method by hand, following the optimize.Method contract, so that every
// generation is handed to generation as one batch; generation returns the
// candidates' objective values and whether to stop. converged reports that
// CMA-ES itself stopped (its distribution collapsed).
func cmaes(d, lambda int, start []float64, sigma0 float64, seed uint64,
	generation func(us [][]float64) (fs []float64, stop bool, err error)) (converged bool, err error) {
	diag := make([]float64, d)
	for i := range diag {
		diag[i] = sigma0 * sigma0
	}
	var chol mat.Cholesky
	if !chol.Factorize(mat.NewDiagDense(d, diag)) {
		return false, fmt.Errorf("fit: initial spread %g", sigma0)
	}
	method := &optimize.CmaEsChol{InitStepSize: sigma0, Population: lambda, InitCholesky: &chol, Src: rand.NewPCG(seed, 0xf17)}
	n := method.Init(d, lambda)
	ops := make(chan optimize.Task, n)
	res := make(chan optimize.Task, n)
	tasks := make([]optimize.Task, n)
	for i := range tasks {
		tasks[i].Location = &optimize.Location{X: make([]float64, d)}
	}
	copy(tasks[0].X, start)
	tasks[0].Op = optimize.NoOperation
	go method.Run(ops, res, tasks)
	// stop ends the method: PostIteration, close the results, and drain
	// the operations until the method closes them (it may send a last
	// MajorIteration first).
	stop := func() {
		res <- optimize.Task{Op: optimize.PostIteration}
		close(res)
		for range ops {
		}
	}
	for {
		batch := make([]optimize.Task, 0, lambda)
		for len(batch) < lambda {
			t := <-ops
			if t.Op != optimize.FuncEvaluation {
				stop()
				return false, fmt.Errorf("fit: CMA-ES sent %v where an evaluation was expected", t.Op)
			}
			batch = append(batch, t)
		}
		us := make([][]float64, len(batch))
		for i, t := range batch {
			us[i] = t.X
		}
		fs, done, err := generation(us)
		if err != nil {
			for _, t := range batch { // answer, so the method can stop cleanly
				t.F = math.Inf(1)
				res <- t
			}
			<-ops
			stop()
			return false, err
		}
		for i, t := range batch {
			t.F = fs[i]
			res <- t
		}
		next := <-ops // MajorIteration, or MethodDone when CMA-ES has converged
		if done || next.Op == optimize.MethodDone {
			stop() // also the answer to MethodDone, per the contract
			return next.Op == optimize.MethodDone, nil
		}
		res <- next
	}
}
