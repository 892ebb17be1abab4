package purkinje

// The slow network: PKC, ERK, cPLA2, AA and the receptors, as reactions on
// copy numbers, shared by the deterministic ODE (rates = propensities) and
// the stochastic simulation (stochastic.go).

// Network species, indices into the network part of the state.
const (
	NPKC   = iota // active PKC [copies]
	NERK          // active ERK [copies]
	NCPLA2        // active cPLA2 [copies]
	NAA           // arachidonic acid [copies]
	NPsdU         // PSD receptors, S880 dephosphorylated
	NPsdP         // PSD receptors, S880 phosphorylated
	NExtU         // extrasynaptic surface, U
	NExtP         // extrasynaptic surface, P
	NIntU         // internal, U
	NIntP         // internal, P
	nNet
)

// drive is what the fast part hands the network over an interval: the
// drive-dependent factors of the propensities.
type drive struct {
	pkcCaDag float64 // h(Ca)·dag(D) of PKC activation [1]
	cplaCa   float64 // Ca/(Ca + KCa) of cPLA2 [1]
	phi      float64 // dephosphorylation rate of surface receptors (PP2A) [1/ms]
	phiInt   float64 // dephosphorylation rate of internal receptors (PP2A, calcineurin → PP1) [1/ms]
	nsf      float64 // S-nitrosylated NSF fraction [1]
}

// driveAt computes the factors at Ca²⁺ ca, DAG d and NSF fraction n.
func (p *Params) driveAt(ca, d, n float64) drive {
	h := ca * ca / (ca*ca + p.PKC.KCa*p.PKC.KCa)
	g := &p.GluA2
	return drive{pkcCaDag: h * p.MGluR.dag(d), cplaCa: ca / (ca + p.CPLA2.KCa), phi: g.PPOpen * g.Phi0, phiInt: g.phi(ca), nsf: n}
}

// mean is the average of two drives (the trapezoid rule over a cell).
func (a drive) mean(b drive) drive {
	return drive{(a.pkcCaDag + b.pkcCaDag) / 2, (a.cplaCa + b.cplaCa) / 2, (a.phi + b.phi) / 2, (a.phiInt + b.phiInt) / 2, (a.nsf + b.nsf) / 2}
}

// reaction is one transition: from → to (−1 for a source or sink).
type reaction struct{ from, to int }

// reactions lists the network's transitions, in the order of props.
var reactions = [...]reaction{
	{-1, NPKC}, {NPKC, -1}, // PKC activation (from the inactive pool), deactivation
	{-1, NERK}, {NERK, -1},
	{-1, NCPLA2}, {NCPLA2, -1},
	{-1, NAA}, {NAA, -1}, // AA made, removed
	{NPsdU, NPsdP}, {NExtU, NExtP}, {NIntU, NIntP}, // S880 phosphorylation
	{NPsdP, NPsdU}, {NExtP, NExtU}, {NIntP, NIntU}, // dephosphorylation
	{NExtU, NPsdU}, {NPsdU, NExtU}, {NPsdP, NExtP}, // anchoring, release
	{NExtP, NIntP}, {NExtU, NIntU}, // endocytosis
	{NIntU, NExtU}, {NIntP, NExtP}, // exocytosis
}

const nReact = len(reactions)

// props writes the propensities [1/ms] of every reaction at network state y
// (copies) under drive d.
func (p *Params) props(y []float64, d drive, a *[nReact]float64) {
	k, e, c, g := &p.PKC, &p.ERK, &p.CPLA2, &p.GluA2
	pkcAct := k.KAct * (d.pkcCaDag + y[NAA]/(y[NAA]+k.KAA))
	yPKC := k.Activity * y[NPKC] / k.N
	a[0] = pkcAct * (k.N - y[NPKC])
	a[1] = y[NPKC] / k.Tau
	a[2] = e.act(yPKC) * (e.N - y[NERK])
	a[3] = e.KOff * y[NERK]
	a[4] = c.KAct * (y[NERK] / e.N) * d.cplaCa * (c.N - y[NCPLA2])
	a[5] = y[NCPLA2] / c.Tau
	a[6] = c.KAA * y[NCPLA2]
	a[7] = y[NAA] / c.TauAA
	ph := g.KPhos * yPKC
	a[8] = ph * y[NPsdU]
	a[9] = (ph + g.KBasalX) * y[NExtU]
	a[10] = (ph + g.KBasal) * y[NIntU]
	a[11] = d.phi * y[NPsdP]
	a[12] = d.phi * y[NExtP]
	a[13] = d.phiInt * y[NIntP]
	free := max(g.Slots-y[NPsdU]-y[NPsdP], 0) / g.Slots
	a[14] = g.KAnc * (1 + g.GAnc*d.nsf) * free * y[NExtU]
	a[15] = g.KUn * y[NPsdU]
	a[16] = g.KUnP * y[NPsdP]
	a[17] = g.KEndoP * g.Endo * y[NExtP]
	a[18] = g.KEndoU * g.Endo * y[NExtU]
	a[19] = g.KExoU*y[NIntU] + g.VNSF*d.nsf*y[NIntU]/(y[NIntU]+g.KNSF)
	a[20] = g.KExoP * y[NIntP]
}

// netDeriv writes dy/dt = Σ ν·a of the network.
func (p *Params) netDeriv(y []float64, d drive, dy []float64) {
	var a [nReact]float64
	p.props(y, d, &a)
	clear(dy[:nNet])
	for r, x := range reactions {
		if x.from >= 0 {
			dy[x.from] -= a[r]
		}
		if x.to >= 0 {
			dy[x.to] += a[r]
		}
	}
}
