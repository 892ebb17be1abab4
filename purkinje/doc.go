// Package purkinje is synlab's cerebellar preparation: one parallel-fibre
// (PF) synapse on a Purkinje-cell spine, the climbing fibre (CF) that makes
// the cell fire complex spikes, and the signalling that turns the spine's
// Ca²⁺ into long-term depression (LTD) or potentiation (LTP) of the PF
// synapse, with the rule inverted relative to CA1: PF alone (modest Ca²⁺)
// gives LTP, PF + CF (large Ca²⁺) gives LTD.
//
// The model is built from mechanisms, one file each, and no weight rule:
//
//   - calcium.go: the spine's free Ca²⁺, a buffered pool with extrusion,
//     fed by a small voltage-gated influx per PF EPSP and a large one per
//     complex spike (P/Q-type channels), scaled by [Ca²⁺]o; added BAPTA
//     joins the fast buffer.
//   - mglur.go: PF glutamate → mGluR1 → PLCβ → DAG.
//   - nitric.go: PF activity → NO (from PFs and interneurons) →
//     S-nitrosylation of NSF in the spine.
//   - pkc.go, erk.go, cpla2.go: conventional PKC, activated by Ca²⁺ with DAG
//     or by arachidonic acid (AA); PKC → Raf/MEK/ERK; ERK and Ca²⁺ →
//     cPLA2 → AA → PKC: the positive-feedback loop of Kuroda et al. 2001 and
//     Antunes & De Schutter 2012 that makes LTD all-or-none per spine
//     (bistable: it stays ON after Ca²⁺ returns to rest).
//   - glua2.go: GluA2-containing AMPA receptors in the PSD (GRIP-anchored,
//     limited slots), on the extrasynaptic surface and inside, each S880-
//     phosphorylated or not. PKC phosphorylates S880; phosphorylated
//     receptors leave GRIP, bind PICK1 and are endocytosed through
//     clathrin/dynamin (the same machinery level as in CA1) and retained
//     inside. Phosphatases (basal PP2A, plus calcineurin at modest Ca²⁺)
//     dephosphorylate them; NSF, S-nitrosylated by NO, drives the
//     reinsertion of dephosphorylated receptors (Kakegawa & Yuzaki 2005),
//     which fill free PSD slots: PF-LTP needs NO and postsynaptic Ca²⁺.
//
// The strength of the synapse is the surface receptor count relative to rest.
//
// Deterministic mode: one ODE (Model, Rodas4). Stochastic mode: the fast
// drive (Ca²⁺, mGluR1, DAG, NO, NSF) is deterministic and shared; the slow
// network (PKC, ERK, cPLA2, AA, receptors) is simulated per spine as copy
// numbers with the exact stochastic simulation algorithm, the drive held
// constant over short cells (Population).
//
// Units: ms, µM, nM for NO, copies per spine for enzymes, AA and receptors.
// Every parameter has a unit and a source in its Fields doc; [A] marks an
// assumption, "fitted" names the test that fits it. The package does no
// I/O, holds no globals and takes its random source as an argument.
package purkinje
