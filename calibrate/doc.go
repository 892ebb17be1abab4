// Package calibrate fits a tier's free constants to a declared training
// subset of the published rows (papers cases) and reports every other row
// as a prediction: calibration as code (issue 13, item 7).
//
// A calibration is a file (calibration/*.yaml): the free constants, each a
// spec path (model.override.NAME) with its unit and bounds, lin or log; the
// training cases by name; the held-out cases, run only at the end; the
// search's seed and size; and where the fitted set is written. The
// objective is χ² = Σ z², with z = (measured − centre)/half-width of each
// training case's target band (its value ± tol, or [lo, hi]); a row inside
// its band has |z| ≤ 1. The search is CMA-ES (gonum optimize.CmaEsChol) in
// the box scaled to [0, 1], each generation one batch per training case:
// a sweep (package sweep) whose sampled axes are the candidates, evaluated
// on the local cores or as Slurm job arrays (package fit's evaluators).
// The uncertainty is the Gauss–Newton approximation at the optimum,
// cov = s²·(JᵀJ)⁻¹ with s² = χ²/(n − p), J the Jacobian of z by central
// differences in the scaled box; it is NaN when n ≤ p or JᵀJ is singular.
//
// Every run keeps its case's seed (common random numbers), so the
// objective is a deterministic function of the constants.
package calibrate
