package spine

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// jac writes the analytic Jacobian ∂f/∂y of deriv into J (every entry set).
// It is checked against central differences in TestJacobianMatchesFD. The
// hh rate derivatives, which enter three entries, are central differences of
// the rate functions (relative error ~1e-8), enough for a Rosenbrock
// iteration matrix. The rows are written block by block: potentials,
// gates and receptors, the Ca pool, the presynaptic terminal.
func (m *Model) jac(_ float64, y []float64, J *mat.Dense) {
	J.Zero()
	c := m.jacCurrents(y)
	m.jacPotentials(y, J, &c)
	m.jacGates(y, J)
	m.jacCa(y, J, &c)
	m.jacRelease(y, J)
}

// jacCurrents holds the partial derivatives of the spine-head currents that
// enter several rows of jac, at one state.
type jacCurrents struct {
	b, db   float64 // NMDA block B(v_head) and its slope B' = Slope·B·(1 − B)
	sN      float64 // NMDA open fraction
	pf      float64 // NMDA Ca fraction PF(Ca_o)
	gA      float64 // AMPA conductance per unit open state
	diVdv   float64 // ∂I_VGCC/∂v_head
	diVdm   float64 // ∂I_VGCC/∂m
	diVdh   float64 // ∂I_VGCC/∂h
	diVdca  float64 // ∂I_VGCC/∂Ca (through E_Ca)
	diNdv   float64 // ∂I_NMDA/∂v_head
	diCaNdv float64 // ∂I_Ca,NMDA/∂v_head
}

// jacCurrents computes the shared current partials of jac at y.
func (m *Model) jacCurrents(y []float64) jacCurrents {
	p, k := &m.p, &m.k
	vh := y[IVSpine]
	nA, nB := y[INmdaA], y[INmdaB]
	gm, gh := y[IVgccM], y[IVgccH]
	ca := y[ICa]

	// NMDA block and its slope B' = Slope·B·(1 − B).
	nm := p.NMDA
	b := nm.Block(vh)
	db := nm.Slope * b * (1 - b)
	sN := nm.Open(nA, nB)
	pf := PF(p.Ca.CaO)
	gA := p.AMPA.N * p.AMPA.Gamma // per unit s

	// VGCC current partials.
	vg := p.VGCC
	gv := (vg.SR*(1-vg.LFrac) + vg.SL*vg.LFrac) * vg.GBar * k.aH
	caN := math.Max(ca, minCaNernst)
	eCa := Nernst(caN, p.Ca.CaO, p.Celsius)
	diVdv := gv * gm * gm * gh
	diVdm := 2 * gv * gm * gh * (vh - eCa)
	diVdh := gv * gm * gm * (vh - eCa)
	var diVdca float64
	if ca > minCaNernst {
		// ∂E_Ca/∂c = −RT/(2F)/c (mV/µM), so ∂I/∂c = −g·∂E/∂c.
		diVdca = diVdv * 1000 * RGas * (p.Celsius + kelvin0) / (2 * Faraday) / ca
	}
	diNdv := nm.G * sN * (db*(vh-nm.E) + b)
	diCaNdv := pf * nm.G * sN * (db*(vh-nm.ECa) + b)
	return jacCurrents{b: b, db: db, sN: sN, pf: pf, gA: gA,
		diVdv: diVdv, diVdm: diVdm, diVdh: diVdh, diVdca: diVdca,
		diNdv: diNdv, diCaNdv: diCaNdv}
}

// jacPotentials writes the rows of the membrane potentials: spine head,
// neck, dendrite (with its co-activated synapses) and soma (unless
// clamped).
func (m *Model) jacPotentials(y []float64, J *mat.Dense, c *jacCurrents) {
	p, k := &m.p, &m.k
	set := func(i, j int, v float64) { J.Set(i, j, v) }
	vs, vh := y[IVSoma], y[IVSpine]
	hm, hh, hn := y[IHHM], y[IHHH], y[IHHN]
	aA, aB := y[IAmpaA], y[IAmpaB]
	nm := p.NMDA
	b, sN, gA := c.b, c.sN, c.gA

	// Head.
	set(IVSpine, IVSpine, (-k.gpH-gA*(aB-aA+p.AMPA.Tonic)-c.diNdv-c.diVdv-k.gHN)/k.cH)
	set(IVSpine, IVNeck, k.gHN/k.cH)
	set(IVSpine, IAmpaA, gA*(vh-p.AMPA.E)/k.cH)
	set(IVSpine, IAmpaB, -gA*(vh-p.AMPA.E)/k.cH)
	set(IVSpine, INmdaA, nm.G*b*(vh-nm.E)/k.cH)
	set(IVSpine, INmdaB, -nm.G*b*(vh-nm.E)/k.cH)
	set(IVSpine, IVgccM, -c.diVdm/k.cH)
	set(IVSpine, IVgccH, -c.diVdh/k.cH)
	set(IVSpine, ICa, -c.diVdca/k.cH)
	// Neck and dendrite.
	set(IVNeck, IVNeck, (-k.gpN-k.gHN-k.gND)/k.cN)
	set(IVNeck, IVSpine, k.gHN/k.cN)
	set(IVNeck, IVDend, k.gND/k.cN)
	set(IVDend, IVDend, (-k.gpD-k.gND-k.gDS)/k.cD)
	if co := p.Co.Others(); co > 0 { // co-activated synapses on the dendrite
		vd := y[IVDend]
		bd := nm.Block(vd)
		dbd := nm.Slope * bd * (1 - bd)
		set(IVDend, IVDend, (-k.gpD-k.gND-k.gDS-co*(gA*(aB-aA+p.AMPA.Tonic)+nm.G*sN*(dbd*(vd-nm.E)+bd)))/k.cD)
		set(IVDend, IAmpaA, co*gA*(vd-p.AMPA.E)/k.cD)
		set(IVDend, IAmpaB, -co*gA*(vd-p.AMPA.E)/k.cD)
		set(IVDend, INmdaA, co*nm.G*bd*(vd-nm.E)/k.cD)
		set(IVDend, INmdaB, -co*nm.G*bd*(vd-nm.E)/k.cD)
	}
	set(IVDend, IVNeck, k.gND/k.cD)
	set(IVDend, IVSoma, k.gDS/k.cD)
	// Soma.
	hp := p.HH
	if !m.clamped {
		a10 := 10 * k.aS
		set(IVSoma, IVSoma, -(a10*(hp.GNa*hm*hm*hm*hh+hp.GK*hn*hn*hn*hn+hp.GL)+k.gDS)/k.cS)
		set(IVSoma, IVDend, k.gDS/k.cS)
		set(IVSoma, IHHM, -a10*3*hp.GNa*hm*hm*hh*(vs-hp.ENa)/k.cS)
		set(IVSoma, IHHH, -a10*hp.GNa*hm*hm*hm*(vs-hp.ENa)/k.cS)
		set(IVSoma, IHHN, -a10*4*hp.GK*hn*hn*hn*(vs-hp.EK)/k.cS)
	}
}

// jacGates writes the rows of the hh gates, the receptor states and the
// VGCC gates.
func (m *Model) jacGates(y []float64, J *mat.Dense) {
	p, k := &m.p, &m.k
	set := func(i, j int, v float64) { J.Set(i, j, v) }
	vs, vh := y[IVSoma], y[IVSpine]
	hm, hh, hn := y[IHHM], y[IHHH], y[IHHN]
	nm, hp, vg := p.NMDA, p.HH, p.VGCC

	// hh gates.
	am, bm, ah, bh, an, bn := hp.Rates(vs)
	const dv = 1e-4 // mV, central difference of the rates
	am1, bm1, ah1, bh1, an1, bn1 := hp.Rates(vs + dv)
	am0, bm0, ah0, bh0, an0, bn0 := hp.Rates(vs - dv)
	d := func(x1, x0 float64) float64 { return (x1 - x0) / (2 * dv) }
	set(IHHM, IHHM, -k.q10*(am+bm))
	set(IHHM, IVSoma, k.q10*(d(am1, am0)*(1-hm)-d(bm1, bm0)*hm))
	set(IHHH, IHHH, -k.q10*(ah+bh))
	set(IHHH, IVSoma, k.q10*(d(ah1, ah0)*(1-hh)-d(bh1, bh0)*hh))
	set(IHHN, IHHN, -k.q10*(an+bn))
	set(IHHN, IVSoma, k.q10*(d(an1, an0)*(1-hn)-d(bn1, bn0)*hn))
	// Receptors.
	set(IAmpaA, IAmpaA, -1/p.AMPA.TauRise)
	set(IAmpaB, IAmpaB, -1/p.AMPA.TauDecay)
	set(INmdaA, INmdaA, -1/nm.TauRise)
	set(INmdaB, INmdaB, -1/nm.TauDecay)
	// VGCC gates.
	mi, hi := vg.MInf(vh), vg.HInf(vh)
	set(IVgccM, IVgccM, -1/vg.TauM)
	set(IVgccM, IVSpine, mi*(1-mi)/vg.KM/vg.TauM)
	set(IVgccH, IVgccH, -1/vg.TauH)
	set(IVgccH, IVSpine, hi*(1-hi)/vg.KH/vg.TauH)
}

// jacCa writes the rows of the Ca pool: free Ca, Ca bound to BAPTA and
// EGTA, the cumulative influx and extrusion, and ∫(c − c_rest) dt.
func (m *Model) jacCa(y []float64, J *mat.Dense, c *jacCurrents) {
	p, k := &m.p, &m.k
	set := func(i, j int, v float64) { J.Set(i, j, v) }
	vh := y[IVSpine]
	ca, cbB, cbE := y[ICa], y[ICaBBapta], y[ICaBEgta]
	nm := p.NMDA

	// Ca pool: J_in = −cf·(I_Ca,NMDA + I_VGCC).
	cf := 1e6 / (2 * Faraday * k.vol)
	jv := -cf * (c.diCaNdv + c.diVdv)
	jnA := cf * c.pf * nm.G * c.b * (vh - nm.ECa)
	jm, jh, jca := -cf*c.diVdm, -cf*c.diVdh, -cf*c.diVdca
	jOut := k.kappa1 / p.Ca.TauExt
	rBc, rBb := p.BAPTA.Kon*(p.BAPTA.Total-cbB), -p.BAPTA.Kon*ca-p.BAPTA.Koff()
	rEc, rEb := p.EGTA.Kon*(p.EGTA.Total-cbE), -p.EGTA.Kon*ca-p.EGTA.Koff()
	for _, r := range []struct {
		i int
		s float64
	}{{ICa, 1 / k.kappa1}, {ICaIn, 1}} {
		set(r.i, IVSpine, r.s*jv)
		set(r.i, INmdaA, r.s*jnA)
		set(r.i, INmdaB, -r.s*jnA)
		set(r.i, IVgccM, r.s*jm)
		set(r.i, IVgccH, r.s*jh)
	}
	set(ICa, ICa, (jca-jOut-rBc-rEc)/k.kappa1)
	set(ICa, ICaBBapta, -rBb/k.kappa1)
	set(ICa, ICaBEgta, -rEb/k.kappa1)
	set(ICaIn, ICa, jca)
	set(ICaBBapta, ICa, rBc)
	set(ICaBBapta, ICaBBapta, rBb-1/p.Ca.TauX)
	set(ICaBEgta, ICa, rEc)
	set(ICaBEgta, ICaBEgta, rEb-1/p.Ca.TauX)
	set(ICaOut, ICa, jOut)
	set(ICaOut, ICaBBapta, 1/p.Ca.TauX)
	set(ICaOut, ICaBEgta, 1/p.Ca.TauX)
	set(ICaInt, ICa, 1)
}

// jacRelease writes the rows of the presynaptic terminal: the residual Ca
// terms XF and (Dittman scheme) XD, and the ready and occupied release-site
// fractions D and C.
func (m *Model) jacRelease(y []float64, J *mat.Dense) {
	set := func(i, j int, v float64) { J.Set(i, j, v) }
	// Presynaptic terminal.
	rl := m.p.Release
	x, xd, dd, cc := IPreXF, IPreXD, IPreD, IPreC
	set(x, x, -1/rl.TauF)
	krec := rl.KRec(y[xd])
	if rl.Scheme == Dittman {
		set(xd, xd, -1/rl.TauD)
		set(dd, xd, (rl.KMax-rl.K0)*rl.KD/((y[xd]+rl.KD)*(y[xd]+rl.KD))*(1-y[dd]-y[cc]))
	}
	set(cc, cc, -rl.KClear(m.endo.Pre))
	set(dd, dd, -krec)
	set(dd, cc, -krec)
}

// patternStates is the number of random states jacPattern samples (an
// entry of jac vanishes at a generic state only if it does at all states;
// TestJacobianPattern checks the result at 200 more).
const patternStates = 8

// jacPattern returns the structural nonzeros of jac for m's parameters, for
// Rodas4.SetPattern: the union of the nonzero entries of jac at the current
// state and at patternStates random states with a fixed seed, each variable
// drawn over its physiological range (potentials in −80…+40 mV, gates,
// receptor and release states in (0, 1), Ca in 0.05…10 µM, bound buffer in
// 0…10 µM). An entry is missed only if it vanishes at all of them, i.e. it
// is zero for every state because of the parameters (a zero conductance or
// an unused release scheme), and the parameters of a Model do not change.
// It is called unclamped with the endocytosis of New (intact): a clamp only
// zeroes the soma row and a block only lowers the clearance rate, so every
// later Jacobian stays inside the pattern; were one not to, Rodas4 would
// notice and fall back to its dense LU for that step (TestJacobianPattern
// checks the pattern at random states, TestSparseLUNoFallbacks over
// trains).
func (m *Model) jacPattern() func(i, j int) bool {
	J := mat.NewDense(NState, NState, nil)
	nz := make([]bool, NState*NState)
	rng := rand.New(rand.NewPCG(0x5eed, 23))
	y := append([]float64(nil), m.y...)
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	for s := 0; s <= patternStates; s++ {
		if s > 0 {
			for i := range y {
				y[i] = rng.Float64() // gates, receptor and release states
			}
			for _, i := range []int{IVSoma, IVDend, IVNeck, IVSpine} {
				y[i] = u(-80, 40)
			}
			y[ICa] = u(0.05, 10)
			y[ICaBBapta], y[ICaBEgta] = u(0, 10), u(0, 10)
		}
		m.jac(0, y, J)
		raw := J.RawMatrix()
		for i := 0; i < NState; i++ {
			row := nz[i*NState : (i+1)*NState]
			for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+NState] {
				row[j] = row[j] || v != 0
			}
		}
	}
	return func(i, j int) bool { return nz[i*NState+j] }
}
