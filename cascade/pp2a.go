package cascade

// PP2A is protein phosphatase 2A, a constant background activity [µM]
// (Urakubo et al. 2008 also keep PP2A constant). Inhibitor-1 does not
// regulate it. It dephosphorylates I-1P (inhibitor1.go), GluA1 S845 and
// PDZ sites (ampar.go) and CaMKII T286 (camkii.go, KCat2A). Its level is
// fitted here with the resting S845 phosphorylation (docs/cascade-model.md).
// PP2AScale scales its catalytic actions (okadaic acid blocks PP2A at far
// calyculin A block both (Mulkey et al. 1993).
type PP2A struct {
	Level float64 // active PP2A [µM]; 0.005, fitted here (resting S845-P fraction); Urakubo 0.02–0.03
}
