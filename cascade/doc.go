// Package cascade is synlab's mechanistic tier below the spine: the
// Ca²⁺-driven kinase/phosphatase network (Ca²⁺/CaM → CaMKII, calcineurin,
// PKA, inhibitor-1, PP1, PP2A) and GluA1 AMPA-receptor phosphorylation and
// trafficking that turn a spine Ca²⁺ time course into a synaptic weight (the
// PSD-trapped receptor count). It stops at the Ca²⁺ input: the spine model
// supplies Ca(t).
//
// One mechanism per file: calmodulin.go, camkii.go, calcineurin.go, pka.go,
// inhibitor1.go, pp1.go, pp2a.go (induction), ampar.go (GluA1 S845 and PDZ
// phosphorylation), trafficking.go (locations, endocytosis, recycling,
// degradation) and psd.go (CaMKII bound at the PSD: trapping capacity and
// retention of receptors). model.go wires them into one reaction list with named state
// indices and a names table; cascade.go integrates it (Rodas4, New);
// stochastic.go fires the same reactions one event at a time on integer
// copy numbers of every species (exact SSA with Ca²⁺ held at the midpoint
// of error-controlled time cells, NewStochastic; enzymes convert at
// Ω = N_A·V, 52 copies per µM in the 0.087 fL spine head); drive.go builds
// Ca²⁺ drives: Transients, SpineLikeTrain (the Ca²⁺ of a presynaptic train
// as measured on spine.Default()), Plateau and BathNMDA (chem-LTD). Both
// modes share Advance, AdvanceTrain, AdvancePlateau, Read, Surface and
// Totals. The model, with every value and source, is
// docs/cascade-model.md. Parameter sets: CA1 (the CA1 decoder, whose Ca²⁺
// thresholds belong to the mechanism), Default and UrakuboOriginal.
//
// Conventions. Internal units are synlab's: ms, µM, 1/ms, 1/(µM·ms).
// Enzymes are concentrations [µM] in the spine; receptors are copy numbers
// per spine. Every change of state is a reaction that moves one unit from a
// source species to a product species, so totals are conserved by
// construction (to rounding) in the ODE and exactly, as integers, in the
// SSA. Parameter sets are functions (CA1, Default, UrakuboOriginal); random
// numbers come only from a *rand.Rand passed in. No I/O, no globals beyond
// immutable tables.
package cascade
