// Package spine is the biophysical tier of synlab: one CA1 Schaffer-collateral
// synapse on a reduced pyramidal neuron. Presynaptic release (Dittman,
// Kreitzer & Regehr 2000, or Tsodyks–Markram, deterministic or stochastic,
// with vesicle retrieval gated by the shared clathrin/dynamin machinery),
// AMPA and NMDA receptors with Exp2Syn-style conductances, the Mg²⁺ block,
// voltage-gated Ca²⁺ channels and a buffered spine Ca²⁺ pool, on four passive
// compartments (spine head, neck, dendrite) and a Hodgkin–Huxley soma.
//
// One mechanism per file: release.go, glutamate.go (the dual-exponential
// kernel), ampa.go, nmda.go, membrane.go (geometry, passive cable, the NEURON
// hh channels, somatic stimulation), vgcc.go, calcium.go. model.go wires them
// into one state vector with named indices and a names table shared with the
// CSV header; readout.go measures EPSPs, EPSCs, paired-pulse ratios and Ca
// transients; carule.go maps spine Ca²⁺ to the Graupner–Brunel c.
//
// The model is specified equation by equation, with every value and source,
// in docs/spine-model.md, precisely enough to rebuild it in NEURON.
//
// Conventions. Internal units are synlab's (package units): ms, mV, nS, pA,
// pF, µM, µm, fL. Membrane parameters that NEURON writes per unit area keep
// NEURON's units (S/cm², µF/cm², Ω·cm², Ω·cm) and say so. Currents are
// positive outward. Parameter structs are plain values with Validate and
// Fields; named sets are functions. Random numbers come only from a
// *rand.Rand passed in. The package does no I/O and keeps no globals.
package spine
