// Package ca1 is a population of Schaffer-collateral synapses on one CA1
// pyramidal cell, each with its own spine, bouton and kinase/phosphatase/
// AMPA-receptor cascade, coupled through the cell's shared voltage. It is
// the physics of issue 13's item 1: graded LTP and LTD come from how many
// synapses change and by how much, and the reported strength is a simulated
// test-pulse EPSP, not a receptor count.
//
// One mechanism per file: cable.go (the shared soma and dendrite with every
// synapse's neck and head, the equations of package spine), rodas.go (the
// Rodas4 integrator with the cable's O(N) block elimination), release.go
// (presynaptic release: Dodge–Rahamimoff [Ca²⁺]o/[Mg²⁺]o dependence,
// Dittman facilitation and refilling, slow frequency facilitation, vesicle
// retrieval), distrib.go (the per-synapse distributions and the
// deterministic mode's strata), probe.go (the test-pulse readout),
// population.go (events, the two modes, the cascades on several
// goroutines), readout.go (columns and per-synapse states), params.go.
//
// The model, every value and its source, and the measured results are in
// docs/population-model.md.
//
// Conventions as package spine: ms, mV, nS, pA, pF, µM, µm, fL inside;
// random numbers only from a *rand.Rand passed in; no I/O, no globals. The
// cascades (package cascade) are used through New, Advance, Continue,
// Read, Set, SetParams, Surface and TotalsOf only.
package ca1
