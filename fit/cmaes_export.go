package fit

// CMAES runs gonum's CmaEsChol in d dimensions with lambda candidates per
// generation from start with spread sigma0, seeded by seed, handing every
// generation to generation as one batch (see cmaes); package calibrate
// uses it for its multi-case objective.
func CMAES(d, lambda int, start []float64, sigma0 float64, seed uint64,
	generation func(us [][]float64) (fs []float64, stop bool, err error)) (converged bool, err error) {
	return cmaes(d, lambda, start, sigma0, seed, generation)
}
