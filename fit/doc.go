// Package fit fits chosen parameters of a synlab experiment to a user's
// data: a time course (strength in % of baseline against time) or the
// points of a curve (change in % of baseline against one spec field, e.g.
// a frequency–response or an STDP curve), with optional error bars.
//
// The search is CMA-ES (gonum.org/v1/gonum/optimize, CmaEsChol) in the
// box of the free parameters, scaled to [0, 1] per parameter; a candidate
// outside the box is run at the nearest point inside and penalised by its
// distance, so every run is inside the bounds. Gonum's CmaEsChol closes in
// slowly, so the best candidate is then refined by Levenberg–Marquardt
// steps on finite-difference Jacobians (each one batch). Each generation is one batch: a sweep (package sweep) whose
// sampled axes are the candidates and whose grid axis is the data's x, run
// by an Evaluator: on the local cores (Local) or as one Slurm job array
// (Slurm). Every run keeps the base spec's seed (common random numbers),
// so the objective is a deterministic function of the parameters.
//
// The objective is χ² = Σ ((model − data)/σ)², with σ the error bars, or
// 1 without them (then χ² is the sum of squares). The uncertainty of the
// result is the Gauss–Newton approximation at the optimum: cov = (JᵀJ)⁻¹,
// scaled by χ²/(n − p) when the data have no error bars, with J the
// Jacobian of the weighted residuals by central differences (the last one
// of the polish). The final CMA-ES covariance describes the search, not
// the data, and is not used.
//
// The search state is not saved: a fit that is killed starts again.
package fit
