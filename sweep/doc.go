// Package sweep runs many synlab experiments that differ in a few fields:
// a sweep is data (Spec: a base experiment, axes over any field of it, and
// replicates), expanded by New into a Manifest of numbered points split
// into chunks. Each point has its own seed derived from (sweep seed, point
// index) by PointSeed, so its result never depends on how the work is split
// or scheduled.
//
// A sweep lives in a folder:
//
//	sweep.json        the Manifest: sweep spec, base spec, axes with units and levels, seeds, chunking, version
//	points.csv        one row per point: point, replicate, axis values, seed, chunk
//	parts/chunk-NNNNN.csv   the results of one chunk, written whole (temporary file, then rename)
//	results.csv, results.parquet, results.json   the merged table and its manifest (Collect)
//	figure.svg, figure.png   a line plot (one axis) or a heat map (two grid axes)
//	slurm/            the scripts and logs of Slurm submissions
//
// Executors run chunks: Local on this machine's cores (Local.Run), Slurm
// as a job array with one task per chunk (slurm.go). Both skip chunks whose
// file exists, so running or submitting again finishes only what is missing,
// and a killed run loses at most its unfinished chunks. Collect merges the
// chunk files into one table sorted by point, so a table is byte-for-byte the
// same whatever the number of workers, the chunk size or the executor.
//
// Columns of a results table: point, replicate, one column per axis (named
// PATH_UNIT, e.g. protocol.train.rate_Hz, holding the value in the axis
// unit; a categorical axis holds the index of its level), seed, change_pct,
// strength_pct_at_T for every read_at time T, then every numeric
// engine.Summary metric in name order (NaN where a point lacks it).
//
// The core (Spec, New, Manifest, chunks, Collect) keeps no global state and
// does no printing; executors report progress through callbacks.
package sweep
