// Package rule holds phenomenological calcium-based plasticity rules: models
// in which a single calcium variable, driven by pre- and postsynaptic spikes,
// sets the sign and size of the change of a synaptic efficacy through
// thresholds, without the kinase/phosphatase cascade of package spine.
//
// The Graupner–Brunel (2012) rule (GB, files graupner*.go) has a bistable
// efficacy ρ with an event-driven, exact-where-possible integrator
// (GB.Evolve, GB.Simulate), the nine published parameter sets (DP … cortical
// slices, GBSet), the closed-form outcome of periodic pairing protocols
// (GB.Pairing) and fast population runs (GB.PoissonPopulation,
// GB.PairingCurve). The Shouval, Bear & Cooper (2002) rule lives in
// shouval*.go.
//
// Conventions. Internal units are synlab's (package units): time in ms,
// frequency in 1/ms, concentration in µM; the GB calcium and efficacy are
// dimensionless. Parameter structs are plain values with a Validate method
// and a Fields method listing every parameter with its unit and source;
// published sets are functions, so no shared value can be mutated. Random
// numbers come only from a *rand.Rand (math/rand/v2) passed in by the
// caller; a nil generator or zero noise amplitude gives the deterministic
// model. The package does no I/O and keeps no global state.
package rule
