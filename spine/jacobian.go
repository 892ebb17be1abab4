package spine

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// jacobian is ∂f/∂y of deriv, row-major: entry (i, j) at i·NState + j. The
// Model's jacobian method writes the same entries at every call, zero or
// not (those blockLU reads); the others are never written and stay zero.
type jacobian [NState * NState]float64

func (a *jacobian) set(i, j int, v float64) { a[i*NState+j] = v }

// nonlinear holds the transcendental terms of deriv at one state: deriv
// evaluates them at every call and keeps them here, and ode evaluates the
// Jacobian at the state of the deriv call just before it (the accepted
// state of a step), so jacobian takes them from here instead of
// re-evaluating a dozen exponentials. They are keyed by the values they
// depend on and re-evaluated on a mismatch (NaN fields at first).
type nonlinear struct {
	vs, vh, ca             float64 // soma and head potentials [mV] and free Ca [µM] they are for
	am, bm, ah, bh, an, bn float64 // hh rates at vs [1/ms] (q10 = 1)
	block                  float64 // NMDA Mg²⁺ block at vh
	mInf, hInf             float64 // VGCC steady states at vh
	eCa                    float64 // Ca²⁺ reversal [mV] at ca
}

// eval computes the terms at (vs, vh, ca) for the parameters p and their
// constants k.
func (n *nonlinear) eval(p *Params, k *consts, vs, vh, ca float64) {
	n.vs, n.vh, n.ca = vs, vh, ca
	n.am, n.bm, n.ah, n.bh, n.an, n.bn = p.HH.rates(vs)
	n.block = p.NMDA.Block(vh)
	n.mInf, n.hInf = p.VGCC.MInf(vh), p.VGCC.HInf(vh)
	// Nernst(max(ca, minCaNernst), CaO, Celsius), its factor kept in k.
	n.eCa = k.nernst * math.Log(p.Ca.CaO/max(ca, minCaNernst))
}

// at returns the terms at state y, evaluating them unless kept for it.
func (n *nonlinear) at(p *Params, k *consts, y []float64) *nonlinear {
	if vs, vh, ca := y[IVSoma], y[IVSpine], y[ICa]; vs != n.vs || vh != n.vh || ca != n.ca {
		n.eval(p, k, vs, vh, ca)
	}
	return n
}

// forget drops the kept terms (the parameters they were computed with
// changed).
func (n *nonlinear) forget() { n.vs = math.NaN() }

// jac writes the analytic Jacobian ∂f/∂y of deriv into J (every entry set),
// as ode's JacFunc for its own LU (SetLinear(nil): the dense reference of
// the tests). It is checked against central differences in
// TestJacobianMatchesFD.
func (m *Model) jac(_ float64, y []float64, J *mat.Dense) {
	var a jacobian
	m.jacobian(y, &a)
	raw := J.RawMatrix()
	for i := 0; i < NState; i++ {
		copy(raw.Data[i*raw.Stride:i*raw.Stride+NState], a[i*NState:(i+1)*NState])
	}
}

// jacobian writes ∂f/∂y of deriv at y into a, block by block: potentials,
// gates and receptors, the Ca pool, the presynaptic terminal. Every
// derivative is analytic.
func (m *Model) jacobian(y []float64, a *jacobian) {
	nl := m.nl.at(&m.p, &m.k, y)
	c := m.jacCurrents(y, nl)
	m.jacPotentials(y, a, &c)
	m.jacGates(y, a, nl)
	m.jacCa(y, a, &c)
	m.jacRelease(y, a)
}

// jacCurrents holds the partial derivatives of the spine-head currents that
// enter several rows of the Jacobian, at one state.
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

// jacCurrents computes the shared current partials at y, with the block and
// E_Ca of nl.
func (m *Model) jacCurrents(y []float64, nl *nonlinear) jacCurrents {
	p, k := &m.p, &m.k
	vh := y[IVSpine]
	nA, nB := y[INmdaA], y[INmdaB]
	gm, gh := y[IVgccM], y[IVgccH]
	ca := y[ICa]

	// NMDA block and its slope B' = Slope·B·(1 − B).
	nm := &p.NMDA
	b := nl.block
	db := nm.Slope * b * (1 - b)
	sN := nm.Open(nA, nB)
	gA := p.AMPA.N * p.AMPA.Gamma // per unit s

	// VGCC current partials.
	vg := &p.VGCC
	gv := (vg.SR*(1-vg.LFrac) + vg.SL*vg.LFrac) * vg.GBar * k.aH
	eCa := nl.eCa
	diVdv := gv * gm * gm * gh
	diVdm := 2 * gv * gm * gh * (vh - eCa)
	diVdh := gv * gm * gm * (vh - eCa)
	var diVdca float64
	if ca > minCaNernst {
		// ∂E_Ca/∂c = −RT/(2F)/c (mV/µM), so ∂I/∂c = −g·∂E/∂c.
		diVdca = diVdv * 1000 * RGas * (p.Celsius + kelvin0) / (2 * Faraday) / ca
	}
	diNdv := nm.G * sN * (db*(vh-nm.E) + b)
	diCaNdv := k.pf * nm.G * sN * (db*(vh-nm.ECa) + b)
	return jacCurrents{b: b, db: db, sN: sN, pf: k.pf, gA: gA,
		diVdv: diVdv, diVdm: diVdm, diVdh: diVdh, diVdca: diVdca,
		diNdv: diNdv, diCaNdv: diCaNdv}
}

// jacPotentials writes the rows of the membrane potentials: spine head,
// neck, dendrite (with its co-activated synapses) and soma (zero when
// clamped).
func (m *Model) jacPotentials(y []float64, a *jacobian, c *jacCurrents) {
	p, k := &m.p, &m.k
	vs, vh := y[IVSoma], y[IVSpine]
	hm, hh, hn := y[IHHM], y[IHHH], y[IHHN]
	aA, aB := y[IAmpaA], y[IAmpaB]
	nm := &p.NMDA
	b, sN, gA := c.b, c.sN, c.gA

	// Head.
	a.set(IVSpine, IVSpine, (-k.gpH-gA*(aB-aA+p.AMPA.Tonic)-c.diNdv-c.diVdv-k.gHN)/k.cH)
	a.set(IVSpine, IVNeck, k.gHN/k.cH)
	a.set(IVSpine, IAmpaA, gA*(vh-p.AMPA.E)/k.cH)
	a.set(IVSpine, IAmpaB, -gA*(vh-p.AMPA.E)/k.cH)
	a.set(IVSpine, INmdaA, nm.G*b*(vh-nm.E)/k.cH)
	a.set(IVSpine, INmdaB, -nm.G*b*(vh-nm.E)/k.cH)
	a.set(IVSpine, IVgccM, -c.diVdm/k.cH)
	a.set(IVSpine, IVgccH, -c.diVdh/k.cH)
	a.set(IVSpine, ICa, -c.diVdca/k.cH)
	// Neck and dendrite; the co-activated synapses on the dendrite.
	a.set(IVNeck, IVNeck, (-k.gpN-k.gHN-k.gND)/k.cN)
	a.set(IVNeck, IVSpine, k.gHN/k.cN)
	a.set(IVNeck, IVDend, k.gND/k.cN)
	var dd, ddA, ddN float64 // ∂ of their current: by v_dend, by the AMPA and the NMDA open state
	if co := p.Co.Others(); co > 0 {
		vd := y[IVDend]
		bd := nm.Block(vd)
		dbd := nm.Slope * bd * (1 - bd)
		dd = co * (gA*(aB-aA+p.AMPA.Tonic) + nm.G*sN*(dbd*(vd-nm.E)+bd))
		ddA, ddN = co*gA*(vd-p.AMPA.E), co*nm.G*bd*(vd-nm.E)
	}
	a.set(IVDend, IVDend, (-k.gpD-k.gND-k.gDS-dd)/k.cD)
	a.set(IVDend, IAmpaA, ddA/k.cD)
	a.set(IVDend, IAmpaB, -ddA/k.cD)
	a.set(IVDend, INmdaA, ddN/k.cD)
	a.set(IVDend, INmdaB, -ddN/k.cD)
	a.set(IVDend, IVNeck, k.gND/k.cD)
	a.set(IVDend, IVSoma, k.gDS/k.cD)
	// Soma.
	var ss, sd, sm, sh, sn float64
	if hp := &p.HH; !m.clamped {
		a10 := 10 * k.aS
		ss = -(a10*(hp.GNa*hm*hm*hm*hh+hp.GK*hn*hn*hn*hn+hp.GL) + k.gDS) / k.cS
		sd = k.gDS / k.cS
		sm = -a10 * 3 * hp.GNa * hm * hm * hh * (vs - hp.ENa) / k.cS
		sh = -a10 * hp.GNa * hm * hm * hm * (vs - hp.ENa) / k.cS
		sn = -a10 * 4 * hp.GK * hn * hn * hn * (vs - hp.EK) / k.cS
	}
	a.set(IVSoma, IVSoma, ss)
	a.set(IVSoma, IVDend, sd)
	a.set(IVSoma, IHHM, sm)
	a.set(IVSoma, IHHH, sh)
	a.set(IVSoma, IHHN, sn)
}

// jacGates writes the rows of the hh gates, the receptor states and the
// VGCC gates, with the rates and steady states of nl.
func (m *Model) jacGates(y []float64, a *jacobian, nl *nonlinear) {
	p, k := &m.p, &m.k
	vs := y[IVSoma]
	hm, hh, hn := y[IHHM], y[IHHH], y[IHHN]
	vg := &p.VGCC

	// hh gates: dx/dt = q10·(α(1 − x) − β·x).
	am, bm, ah, bh, an, bn := nl.am, nl.bm, nl.ah, nl.bh, nl.an, nl.bn
	dam, dbm, dah, dbh, dan, dbn := p.HH.rateSlopes(vs, am, bm, ah, bh, an, bn)
	a.set(IHHM, IHHM, -k.q10*(am+bm))
	a.set(IHHM, IVSoma, k.q10*(dam*(1-hm)-dbm*hm))
	a.set(IHHH, IHHH, -k.q10*(ah+bh))
	a.set(IHHH, IVSoma, k.q10*(dah*(1-hh)-dbh*hh))
	a.set(IHHN, IHHN, -k.q10*(an+bn))
	a.set(IHHN, IVSoma, k.q10*(dan*(1-hn)-dbn*hn))
	// Receptors.
	a.set(IAmpaA, IAmpaA, -1/p.AMPA.TauRise)
	a.set(IAmpaB, IAmpaB, -1/p.AMPA.TauDecay)
	a.set(INmdaA, INmdaA, -1/p.NMDA.TauRise)
	a.set(INmdaB, INmdaB, -1/p.NMDA.TauDecay)
	// VGCC gates.
	mi, hi := nl.mInf, nl.hInf
	a.set(IVgccM, IVgccM, -1/vg.TauM)
	a.set(IVgccM, IVSpine, mi*(1-mi)/vg.KM/vg.TauM)
	a.set(IVgccH, IVgccH, -1/vg.TauH)
	a.set(IVgccH, IVSpine, hi*(1-hi)/vg.KH/vg.TauH)
}

// jacCa writes the rows of the Ca pool: free Ca, Ca bound to BAPTA and
// EGTA, the cumulative influx and extrusion, and ∫(c − c_rest) dt.
func (m *Model) jacCa(y []float64, a *jacobian, c *jacCurrents) {
	p, k := &m.p, &m.k
	vh := y[IVSpine]
	ca, cbB, cbE := y[ICa], y[ICaBBapta], y[ICaBEgta]
	nm := &p.NMDA

	// Ca pool: J_in = −cf·(I_Ca,NMDA + I_VGCC).
	cf := 1e6 / (2 * Faraday * k.vol)
	jv := -cf * (c.diCaNdv + c.diVdv)
	jnA := cf * c.pf * nm.G * c.b * (vh - nm.ECa)
	jm, jh, jca := -cf*c.diVdm, -cf*c.diVdh, -cf*c.diVdca
	jOut := k.kappa1 / p.Ca.TauExt
	rBc, rBb := p.BAPTA.Kon*(p.BAPTA.Total-cbB), -p.BAPTA.Kon*ca-p.BAPTA.Koff()
	rEc, rEb := p.EGTA.Kon*(p.EGTA.Total-cbE), -p.EGTA.Kon*ca-p.EGTA.Koff()
	for _, r := range [...]struct {
		i int
		s float64
	}{{ICa, 1 / k.kappa1}, {ICaIn, 1}} {
		a.set(r.i, IVSpine, r.s*jv)
		a.set(r.i, INmdaA, r.s*jnA)
		a.set(r.i, INmdaB, -r.s*jnA)
		a.set(r.i, IVgccM, r.s*jm)
		a.set(r.i, IVgccH, r.s*jh)
	}
	a.set(ICa, ICa, (jca-jOut-rBc-rEc)/k.kappa1)
	a.set(ICa, ICaBBapta, -rBb/k.kappa1)
	a.set(ICa, ICaBEgta, -rEb/k.kappa1)
	a.set(ICaIn, ICa, jca)
	a.set(ICaBBapta, ICa, rBc)
	a.set(ICaBBapta, ICaBBapta, rBb-1/p.Ca.TauX)
	a.set(ICaBEgta, ICa, rEc)
	a.set(ICaBEgta, ICaBEgta, rEb-1/p.Ca.TauX)
	a.set(ICaOut, ICa, jOut)
	a.set(ICaOut, ICaBBapta, 1/p.Ca.TauX)
	a.set(ICaOut, ICaBEgta, 1/p.Ca.TauX)
	a.set(ICaInt, ICa, 1)
}

// jacRelease writes the rows of the presynaptic terminal: the residual Ca
// terms XF and (Dittman scheme) XD, and the ready and occupied release-site
// fractions D and C.
func (m *Model) jacRelease(y []float64, a *jacobian) {
	rl := &m.p.Release
	x, xd, dd, cc := IPreXF, IPreXD, IPreD, IPreC
	a.set(x, x, -1/rl.TauF)
	krec := rl.KRec(y[xd])
	var dxd, ddxd float64 // ∂ of dXD/dt and dD/dt by XD (Dittman scheme only)
	if rl.Scheme == Dittman {
		dxd = -1 / rl.TauD
		ddxd = (rl.KMax - rl.K0) * rl.KD / ((y[xd] + rl.KD) * (y[xd] + rl.KD)) * (1 - y[dd] - y[cc])
	}
	a.set(xd, xd, dxd)
	a.set(dd, xd, ddxd)
	a.set(cc, cc, -rl.KClear(m.endo.Pre))
	a.set(dd, dd, -krec)
	a.set(dd, cc, -krec)
}
