package cascade

// PP2A is protein phosphatase 2A, a constant background activity [µM]
// (Urakubo et al. 2008 also keep PP2A constant). It dephosphorylates I-1P
// (inhibitor1.go) and GluA1 S845 and PDZ sites (ampar.go). Its level is
// fitted here with the resting S845 phosphorylation (docs/cascade-model.md).
// PP1Scale also scales PP2A's catalytic actions, since okadaic acid and
// calyculin A block both (Mulkey et al. 1993).
type PP2A struct {
	Level float64 // active PP2A [µM]; fitted here (resting S845-P fraction)
}
