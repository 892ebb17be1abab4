package ca1

import (
	"math"

	"github.com/synlab/synlab/spine"
)

// The cable: one soma (NEURON hh) and one lumped dendrite shared by every
// modelled synapse, each synapse a spine neck and head of its own with
// AMPA, NMDA, VGCC and a buffered Ca²⁺ pool — the equations of package
// spine (docs/spine-model.md §1–5), with the dendrite loaded by every
// synapse's neck current times its weight w_j (the number of real synapses
// the modelled one stands for):
//
//	C_d dV_d/dt = −g_pd(V_d − E) − g_ds(V_d − V_s) − Σ_j w_j·g_nd,j(V_d − V_n,j)
//
// Own release. The shared dendrite carries the population's mean synaptic
// current, in which a modelled synapse's own current enters with its
// weight w_j (stochastic: Recruited/N; deterministic: its branch's share).
// A real synapse that has released sees the dendrite depolarised by its own
// current too, with weight 1 (its own EPSP, which adds to the NMDA unblock
// of its head). Each slot therefore has a private linear excess (δ_d, δ_s)
// of dendrite and soma, driven by e_j·I_neck,j, the part of its own current
// the shared dendrite does not carry, with the soma's present hh chord
// conductance G_hh (gates held: the excess of one synapse is small):
//
//	C_d dδ_d/dt = −(g_pd + g_ds)δ_d + g_ds·δ_s + e_j·g_nd,j(V_n,j − V_d − δ_d)
//	C_s dδ_s/dt = −(G_hh + g_ds)δ_s + g_ds·δ_d     (δ_s ≡ 0 under a somatic clamp)
//
// and its neck sees V_d + δ_d. e_j = 1 − w_j in the stochastic mode (one
// real synapse, not w_j of them, released with it). A deterministic release
// branch stands for one of the N real synapses (weight w1 = Recruited/N)
// conditional on its release; the shared dendrite carries w1·q of that
// synapse's release (its mean), so e_j = 1 − w1·q (until 2026-12-07 it was
// 1 − q, the value for w1 = 1: the release branches' own EPSP was 0.8 of a
// stochastic synapse's; TestOwnExcess). The failure branch's conditional
// excess, −w1·q of the release current, is neglected (e_j = 0). Without
// the excess the deterministic mode's release branches see only the mean
// field and their Ca²⁺ is low against stochastic release.
//
// State layout: the shared block (V_s, hh m, h, n, V_d, the ADP gate, the
// slow Na⁺ inactivation, the sAHP gate, the two inhibition states), then
// per synapse the slot block below. gAH, gIA and gIB stay last in the
// shared block: rodas.go's step control leaves them out, as a range, when
// their mechanism is off.
const (
	gVS = iota // soma potential [mV]
	gHM        // hh m
	gHH        // hh h
	gHN        // hh n
	gVD        // dendrite potential [mV]
	gAD        // gate of the spike after-current (ADP) [1] (adp.go)
	gNS        // slow inactivation of the soma Na⁺ conductance [1] (naslow.go)
	gAH        // gate of the slow after-hyperpolarisation current [1] (sahp.go)
	gIA        // feedforward inhibition, rise state [nS] (ffinh.go)
	gIB        // feedforward inhibition, decay state [nS]
	nShared
)

// Slot block indices.
const (
	sVN = iota // neck potential [mV]
	sVH        // head potential [mV]
	sAA        // AMPA rise state A
	sAB        // AMPA decay state B
	sNA        // NMDA rise state A
	sNB        // NMDA decay state B
	sGM        // VGCC m
	sGH        // VGCC h
	sCA        // free head Ca²⁺ [µM]
	sBB        // Ca bound to BAPTA [µM]
	sBE        // Ca bound to EGTA [µM]
	sXD        // own-release excess of the dendrite δ_d [mV]
	sXS        // own-release excess of the soma δ_s [mV]
	nSlot
)

// slotK are the constants of one modelled synapse on the cable.
type slotK struct {
	cH, cN, gpH, gpN float64 // capacitances [pF], passive conductances [nS]
	gHN, gND         float64 // axial conductances [nS]
	aH, vol          float64 // head area [µm²], Ca pool volume [fL]
	gA               float64 // AMPA conductance per unit open fraction [nS] (receptor count × γ)
	gN               float64 // NMDA conductance per unit open fraction [nS]
	w                float64 // weight on the dendrite [synapses]
	e                float64 // weight of the own-release excess [1] (see above)
	dead             bool    // weight 0 (a retired particle's branch, branch.go): its state is held fixed
}

// slotJ are the nonzero Jacobian entries of one slot (∂f_i/∂y_j), and its
// block elimination for W = c·I − J (see factor).
type slotJ struct {
	nn, nh, nd                                float64 // neck row: VN, VH, VD
	hh, hn, haa, hab, hna, hnb, hgm, hgh, hca float64 // head row
	aa, ab, na, nb                            float64 // receptor diagonals
	mm, mh, gg, gh                            float64 // VGCC m row (m, VH), h row (h, VH)
	cc, ch, cna, cnb, cgm, cgh, ccb, cce      float64 // Ca row
	bb, bc, ee, ec                            float64 // BAPTA row (BB, CA), EGTA row (BE, CA)
	dAA, dAB, dNA, dNB, dM, dH, dB, dE        float64 // pivots of the trivially eliminated rows
	bM, bH, bB, bE                            float64 // x_m = (r_m − W_mh·x_h)/dM etc.: coefficient of x_VH or x_CA
	pC, g1, pH, d1, pN, e1                    float64 // Ca, head and neck pivots and coupling coefficients
	xdd, xds, xdn, xdD, xss, xsd              float64 // excess rows: δ_d (δ_d, δ_s, VN, VD), δ_s (δ_s, δ_d)
	dS, bS, pX, det, h1                       float64 // excess elimination: x_δs = (r + xsd·x_δd)/dS; 2×2 (neck, δ_d)
}

// cable is the electrical and Ca²⁺ system of the population.
type cable struct {
	p      *Params
	slots  []slotK
	jac    []slotJ
	n      int // state length
	eca0   float64
	pf     float64 // NMDA fractional Ca²⁺ current at the bath [Ca]o
	kappa1 float64
	q10    float64
	dvs    float64 // surface-charge shift of the soma's gates [mV] (screen.go)
	// shared constants
	aS, cS, cD, gpD, gDS float64
	// events
	clamped bool
	vHold   float64
	injOn   bool
	// shared Jacobian entries and elimination
	jSS, jSm, jSh, jSn, jSD      float64
	jmm, jmS, jhh, jhS, jnn, jnS float64
	jDD, jDS                     float64
	jSa, jaa, jaS                float64 // ADP: soma row ∂/∂s, gate row ∂/∂s and ∂/∂V_s
	jSq, jqq, jqS                float64 // sAHP: soma row ∂/∂q, gate row ∂/∂q and ∂/∂V_s
	jSIA, jSIB                   float64 // feedforward inhibition: soma row ∂/∂A, ∂/∂B
	jSsl, jss, jsS               float64 // Na⁺ slow inactivation: soma row ∂/∂s, gate row ∂/∂s and ∂/∂V_s
	gHH                          float64 // soma hh (and ADP) chord conductance at the last Jacobian [nS]
}

// newCable builds the cable for the synapses' constants.
func newCable(p *Params, slots []slotK) *cable {
	c := &cable{p: p, slots: slots, jac: make([]slotJ, len(slots)), n: nShared + nSlot*len(slots)}
	g := p.Cell
	_, _, aD, aS := g.Areas()
	aD *= p.TreeFactor
	c.aS, c.cS, c.cD = aS, g.Capacitance(aS), g.Capacitance(aD)
	c.gpD = g.GPas(aD)
	_, _, c.gDS = g.Axial()
	c.refresh()
	return c
}

// refresh recomputes the constants that depend on parameters a drug may change.
func (c *cable) refresh() {
	c.pf = spine.PF(c.p.Ca.CaO)
	c.dvs = c.p.Screen.shift(c.p.Ca.CaO)
	c.kappa1 = 1 + c.p.Ca.KappaE
	c.q10 = spine.Q10(c.p.Celsius)
}

// slotConst returns the cable constants of a synapse with head volume v
// [fL], neck length l and diameter d [µm] on cell geometry g.
func slotConst(g spine.Geometry, v, l, d float64) slotK {
	g.HeadVolume, g.NeckLength, g.NeckDiam = v, l, d
	aH, aN, _, _ := g.Areas()
	gHN, gND, _ := g.Axial()
	return slotK{cH: g.Capacitance(aH), cN: g.Capacitance(aN), gpH: g.GPas(aH), gpN: g.GPas(aN),
		gHN: gHN, gND: gND, aH: aH, vol: v}
}

// rest writes the resting state (NEURON finitialize at EPas) into y.
func (c *cable) rest(y []float64) {
	p := c.p
	v0 := p.Cell.EPas
	y[gVS], y[gVD] = v0, v0
	y[gHM], y[gHH], y[gHN] = p.HH.Steady(v0 - c.dvs)
	y[gAD] = p.ADP.steady(v0)
	y[gNS] = p.NaSlow.inf(v0 - c.dvs)
	y[gAH] = p.SAHP.steady(v0)
	for j := range c.slots {
		s := y[nShared+nSlot*j:]
		for i := range nSlot {
			s[i] = 0
		}
		s[sVN], s[sVH] = v0, v0
		s[sGM], s[sGH] = p.VGCC.MInf(v0), p.VGCC.HInf(v0)
		s[sCA] = p.Ca.Rest
		s[sBB], s[sBE] = p.BAPTA.Bound(p.Ca.Rest), p.EGTA.Bound(p.Ca.Rest)
	}
}

// vgccFactor is the unblocked VGCC conductance per µm² [nS/µm²].
func vgccFactor(v spine.VGCC) float64 { return (v.SR*(1-v.LFrac) + v.SL*v.LFrac) * v.GBar }

// f is the right-hand side.
func (c *cable) f(y, dy []float64) {
	p := c.p
	ePas := p.Cell.EPas
	vs, vd := y[gVS], y[gVD]
	gv := vgccFactor(p.VGCC)
	am, an := p.AMPA, p.NMDA
	ca0 := p.Ca
	iND := 0.0
	hm0, hh0, hn0 := y[gHM], y[gHH], y[gHN]
	gS := 10*c.aS*(p.HH.GNa*hm0*hm0*hm0*hh0*y[gNS]+p.HH.GK*hn0*hn0*hn0*hn0+p.HH.GL) + p.ADP.G*y[gAD] + p.SAHP.G*y[gAH] + y[gIB] - y[gIA]
	for j := range c.slots {
		k := &c.slots[j]
		s := y[nShared+nSlot*j : nShared+nSlot*(j+1)]
		ds := dy[nShared+nSlot*j : nShared+nSlot*(j+1)]
		if k.dead {
			clear(ds)
			continue
		}
		vn, vh := s[sVN], s[sVH]
		ca := s[sCA]
		oA := s[sAB] - s[sAA] + am.Tonic
		oN := s[sNB] - s[sNA] + an.Tonic
		b := an.Block(vh)
		iA := k.gA * oA * (vh - am.E)
		gnb := k.gN * oN * b
		iN := gnb * (vh - an.E)
		iCaN := c.pf * gnb * (vh - an.ECa)
		m, h := s[sGM], s[sGH]
		eCa := spine.Nernst(math.Max(ca, minCa), ca0.CaO, p.Celsius)
		iV := gv * k.aH * m * m * h * (vh - eCa)
		ds[sVH] = (-k.gpH*(vh-ePas) - iA - iN - iV - k.gHN*(vh-vn)) / k.cH
		iNeck := k.gND * (vn - vd - s[sXD])
		ds[sVN] = (-k.gpN*(vn-ePas) - k.gHN*(vn-vh) - iNeck) / k.cN
		iND += k.w * iNeck
		ds[sXD] = (-(c.gpD+c.gDS)*s[sXD] + c.gDS*s[sXS] + k.e*iNeck) / c.cD
		if c.clamped {
			ds[sXS] = 0
		} else {
			ds[sXS] = (-(gS+c.gDS)*s[sXS] + c.gDS*s[sXD]) / c.cS
		}
		ds[sAA] = -s[sAA] / am.TauRise
		ds[sAB] = -s[sAB] / am.TauDecay
		ds[sNA] = -s[sNA] / an.TauRise
		ds[sNB] = -s[sNB] / an.TauDecay
		ds[sGM] = (p.VGCC.MInf(vh) - m) / p.VGCC.TauM
		ds[sGH] = (p.VGCC.HInf(vh) - h) / p.VGCC.TauH
		jIn := spine.Flux(iCaN+iV, k.vol)
		jOut := ca0.Extrusion(ca)
		rB := p.BAPTA.Rate(ca, s[sBB])
		rE := p.EGTA.Rate(ca, s[sBE])
		ds[sCA] = (jIn - jOut - rB - rE) / c.kappa1
		ds[sBB] = rB - p.BAPTA.Exchange(s[sBB], ca0.Rest, ca0.TauX)
		ds[sBE] = rE - p.EGTA.Exchange(s[sBE], ca0.Rest, ca0.TauX)
	}
	dy[gVD] = (-c.gpD*(vd-ePas) - c.gDS*(vd-vs) + iND) / c.cD
	hm, hh, hn := y[gHM], y[gHH], y[gHN]
	if c.clamped {
		dy[gVS] = 0
	} else {
		iInj := p.Stim.ICC
		if c.injOn {
			iInj += p.Stim.Amp
		}
		iNaSlow := -10 * c.aS * p.HH.GNa * hm * hm * hm * hh * (1 - y[gNS]) * (vs - p.HH.ENa) // the inactivated share of the Na⁺ current
		dy[gVS] = (-p.HH.Current(vs, hm, hh, hn, c.aS) - iNaSlow - p.ADP.current(y[gAD], vs) - p.SAHP.current(y[gAH], vs, p.HH.EK) - (y[gIB]-y[gIA])*(vs-p.FFInh.E) - c.gDS*(vs-vd) + iInj) / c.cS
	}
	dy[gAD] = p.ADP.rate(y[gAD], vs)
	dy[gAH] = p.SAHP.rate(y[gAH], vs)
	dy[gIA] = -y[gIA] / p.FFInh.TauRise
	dy[gIB] = -y[gIB] / p.FFInh.TauDecay
	dy[gNS] = p.NaSlow.rate(y[gNS], vs-c.dvs, p.Celsius)
	am1, bm, ah, bh, an1, bn := p.HH.Rates(vs - c.dvs)
	dy[gHM] = c.q10 * (am1*(1-hm) - bm*hm)
	dy[gHH] = c.q10 * (ah*(1-hh) - bh*hh)
	dy[gHN] = c.q10 * (an1*(1-hn) - bn*hn)
}

// minCa [µM] floors [Ca]i in the Nernst logarithm (as spine).
const minCa = 1e-6

// jacobian evaluates the nonzero entries of J at y (analytic, as spine's).
func (c *cable) jacobian(y []float64) {
	p := c.p
	vs := y[gVS]
	hm, hh, hn := y[gHM], y[gHH], y[gHN]
	nm := p.NMDA
	am := p.AMPA
	gv := vgccFactor(p.VGCC)
	vg := p.VGCC
	rtf := 1000 * spine.RGas * (p.Celsius + 273.15) / (2 * spine.Faraday)
	kOut := c.kappa1 / p.Ca.TauExt
	var sumND float64
	gS := 10*c.aS*(p.HH.GNa*hm*hm*hm*hh*y[gNS]+p.HH.GK*hn*hn*hn*hn+p.HH.GL) + p.ADP.G*y[gAD] + p.SAHP.G*y[gAH] + y[gIB] - y[gIA]
	c.gHH = gS
	for j := range c.slots {
		k := &c.slots[j]
		J := &c.jac[j]
		if k.dead { // ds ≡ 0: a zero block, so W's block is c·I and its increments vanish
			*J = slotJ{}
			continue
		}
		s := y[nShared+nSlot*j : nShared+nSlot*(j+1)]
		vh, ca := s[sVH], s[sCA]
		m, h := s[sGM], s[sGH]
		b := nm.Block(vh)
		db := nm.Slope * b * (1 - b)
		oN := s[sNB] - s[sNA] + nm.Tonic
		oA := s[sAB] - s[sAA] + am.Tonic
		caN := math.Max(ca, minCa)
		eCa := rtf * math.Log(p.Ca.CaO/caN)
		gV := gv * k.aH
		diVdv := gV * m * m * h
		diVdm := 2 * gV * m * h * (vh - eCa)
		diVdh := gV * m * m * (vh - eCa)
		diVdca := 0.0
		if ca > minCa {
			diVdca = diVdv * rtf / ca
		}
		diNdv := k.gN * oN * (db*(vh-nm.E) + b)
		diCaNdv := c.pf * k.gN * oN * (db*(vh-nm.ECa) + b)
		// head
		J.hh = (-k.gpH - k.gA*oA - diNdv - diVdv - k.gHN) / k.cH
		J.hn = k.gHN / k.cH
		J.haa = k.gA * (vh - am.E) / k.cH
		J.hab = -J.haa
		J.hna = k.gN * b * (vh - nm.E) / k.cH
		J.hnb = -J.hna
		J.hgm = -diVdm / k.cH
		J.hgh = -diVdh / k.cH
		J.hca = -diVdca / k.cH
		// neck
		J.nn = (-k.gpN - k.gHN - k.gND) / k.cN
		J.nh = k.gHN / k.cN
		J.nd = k.gND / k.cN
		sumND += k.w * k.gND
		J.xdd = (-(c.gpD + c.gDS) - k.e*k.gND) / c.cD
		J.xds = c.gDS / c.cD
		J.xdn = k.e * k.gND / c.cD
		J.xdD = -J.xdn
		J.xss, J.xsd = -(gS+c.gDS)/c.cS, c.gDS/c.cS
		if c.clamped {
			J.xss, J.xsd = 0, 0
		}
		// receptors
		J.aa, J.ab = -1/am.TauRise, -1/am.TauDecay
		J.na, J.nb = -1/nm.TauRise, -1/nm.TauDecay
		// VGCC gates
		mi, hi := vg.MInf(vh), vg.HInf(vh)
		J.mm, J.mh = -1/vg.TauM, mi*(1-mi)/vg.KM/vg.TauM
		J.gg, J.gh = -1/vg.TauH, hi*(1-hi)/vg.KH/vg.TauH
		// Ca pool
		cf := 1e6 / (2 * spine.Faraday * k.vol) / c.kappa1
		rBc, rBb := p.BAPTA.Kon*(p.BAPTA.Total-s[sBB]), -p.BAPTA.Kon*ca-p.BAPTA.Koff()
		rEc, rEb := p.EGTA.Kon*(p.EGTA.Total-s[sBE]), -p.EGTA.Kon*ca-p.EGTA.Koff()
		J.ch = -cf * (diCaNdv + diVdv)
		jnA := cf * c.pf * k.gN * b * (vh - nm.ECa)
		J.cna, J.cnb = jnA, -jnA
		J.cgm, J.cgh = -cf*diVdm, -cf*diVdh
		J.cc = (-cf*c.kappa1*diVdca - kOut - rBc - rEc) / c.kappa1
		J.ccb, J.cce = -rBb/c.kappa1, -rEb/c.kappa1
		J.bb, J.bc = rBb-1/p.Ca.TauX, rBc
		J.ee, J.ec = rEb-1/p.Ca.TauX, rEc
	}
	// dendrite
	c.jDD = (-c.gpD - c.gDS - sumND) / c.cD
	c.jDS = c.gDS / c.cD
	c.somaJacobian(vs, hm, hh, hn, y[gNS])
	c.adpJacobian(vs, y[gAD])
	c.sahpJacobian(vs, y[gAH])
	c.ffJacobian(vs, y[gIA], y[gIB])
	c.naSlowJacobian(vs, hm, hh, y[gNS])
}

// somaJacobian sets the soma rows of J (potential and hh gates) at V_s =
// vs and gates hm, hh, hn; the rate derivatives by central differences.
func (c *cable) somaJacobian(vs, hm, hh, hn, sl float64) {
	p := c.p
	hp := p.HH
	c.jSS, c.jSm, c.jSh, c.jSn, c.jSD = 0, 0, 0, 0, 0
	if !c.clamped {
		a10 := 10 * c.aS
		c.jSS = -(a10*(hp.GNa*hm*hm*hm*hh*sl+hp.GK*hn*hn*hn*hn+hp.GL) + c.gDS) / c.cS
		c.jSD = c.gDS / c.cS
		c.jSm = -a10 * 3 * hp.GNa * hm * hm * hh * sl * (vs - hp.ENa) / c.cS
		c.jSh = -a10 * hp.GNa * hm * hm * hm * sl * (vs - hp.ENa) / c.cS
		c.jSn = -a10 * 4 * hp.GK * hn * hn * hn * (vs - hp.EK) / c.cS
	}
	vg := vs - c.dvs // the gates see the screened potential (screen.go)
	am0, bm, ah, bh, an, bn := hp.Rates(vg)
	const dv = 1e-4
	am1, bm1, ah1, bh1, an1, bn1 := hp.Rates(vg + dv)
	amm, bmm, ahm, bhm, anm, bnm := hp.Rates(vg - dv)
	d := func(x1, x0 float64) float64 { return (x1 - x0) / (2 * dv) }
	c.jmm = -c.q10 * (am0 + bm)
	c.jmS = c.q10 * (d(am1, amm)*(1-hm) - d(bm1, bmm)*hm)
	c.jhh = -c.q10 * (ah + bh)
	c.jhS = c.q10 * (d(ah1, ahm)*(1-hh) - d(bh1, bhm)*hh)
	c.jnn = -c.q10 * (an + bn)
	c.jnS = c.q10 * (d(an1, anm)*(1-hn) - d(bn1, bnm)*hn)
}

// Factorisation of W = cI − J by block elimination: in each slot the
// receptor, gate and buffer rows are eliminated into the Ca row, Ca into the
// head row, the head into the neck row, which leaves x_VN = ε0 + ε1·x_VD;
// the dendrite row then couples only to the soma, whose hh gates are
// eliminated into it: a 2×2 system. No fill-in, O(N) per solve.
type factors struct {
	c                      float64
	dM, dH, dN, bM, bH, bN float64 // soma gates
	dA, bA                 float64 // ADP gate
	dQ, bQ                 float64 // sAHP gate
	dIA, dIB               float64 // feedforward inhibition states
	dSl, bSl               float64 // Na⁺ slow-inactivation gate
	wSS, wSD, wDS, wDD     float64 // reduced 2×2 (soma, dendrite), before rhs
}

func (c *cable) factor(cc float64, fa *factors) bool {
	fa.c = cc
	for j := range c.jac {
		J := &c.jac[j]
		J.dAA, J.dAB, J.dNA, J.dNB = cc-J.aa, cc-J.ab, cc-J.na, cc-J.nb
		J.dM, J.dH = cc-J.mm, cc-J.gg
		J.dB, J.dE = cc-J.bb, cc-J.ee
		// x_m = (r_m + J.mh·x_VH)/dM → bM = J.mh/dM; likewise h; x_B = (r_B + J.bc·x_CA)/dB.
		J.bM, J.bH = J.mh/J.dM, J.gh/J.dH
		J.bB, J.bE = J.bc/J.dB, J.ec/J.dE
		// Ca row: (c − cc)x_CA − ch x_VH − cgm x_m − cgh x_h − ccb x_B − cce x_E − cna x_NA − cnb x_NB = r
		J.pC = cc - J.cc - J.ccb*J.bB - J.cce*J.bE
		if J.pC == 0 {
			return false
		}
		J.g1 = (J.ch + J.cgm*J.bM + J.cgh*J.bH) / J.pC // x_CA = γ0 + g1·x_VH
		// head row: (c − hh)x_H − hn x_N − haa x_AA … − hgm x_m − hgh x_h − hca x_CA = r
		J.pH = cc - J.hh - J.hgm*J.bM - J.hgh*J.bH - J.hca*J.g1
		if J.pH == 0 {
			return false
		}
		J.d1 = J.hn / J.pH // x_VH = δ0 + d1·x_VN
		J.pN = cc - J.nn - J.nh*J.d1
		// δ_s: x_δs = (r + xsd·x_δd)/dS
		J.dS = cc - J.xss
		J.bS = J.xsd / J.dS
		J.pX = cc - J.xdd - J.xds*J.bS
		// neck and δ_d rows: [pN, −nd; −xdn, pX]·[x_N; x_δd] = [r_N + nd·x_D; r_δ + xdD·x_D]
		J.det = J.pN*J.pX - J.nd*J.xdn
		if J.det == 0 || J.dS == 0 {
			return false
		}
		J.e1 = (J.nd*J.pX + J.nd*J.xdD) / J.det  // x_VN = ε0 + e1·x_VD
		J.h1 = (J.pN*J.xdD + J.xdn*J.nd) / J.det // x_δd = η0 + h1·x_VD
	}
	fa.dM, fa.dH, fa.dN = cc-c.jmm, cc-c.jhh, cc-c.jnn
	fa.bM, fa.bH, fa.bN = c.jmS/fa.dM, c.jhS/fa.dH, c.jnS/fa.dN
	fa.dA = cc - c.jaa
	fa.bA = c.jaS / fa.dA
	fa.dQ = cc - c.jqq
	fa.bQ = c.jqS / fa.dQ
	fa.dIA, fa.dIB = cc+1/c.p.FFInh.TauRise, cc+1/c.p.FFInh.TauDecay
	fa.dSl = cc - c.jss
	fa.bSl = c.jsS / fa.dSl
	// soma row: (c − jSS)x_S − jSm x_m − jSh x_h − jSn x_n − jSa x_s − jSD x_D = r
	fa.wSS = cc - c.jSS - c.jSm*fa.bM - c.jSh*fa.bH - c.jSn*fa.bN - c.jSa*fa.bA - c.jSq*fa.bQ - c.jSsl*fa.bSl
	fa.wSD = -c.jSD
	// dendrite row: (c − jDD)x_D − jDS x_S − Σ (w gND/cD) x_VN = r
	dd := cc - c.jDD
	for j := range c.jac {
		k := &c.slots[j]
		dd -= k.w * k.gND / c.cD * (c.jac[j].e1 - c.jac[j].h1)
	}
	fa.wDD = dd
	fa.wDS = -c.jDS
	det := fa.wSS*fa.wDD - fa.wSD*fa.wDS
	return det != 0 && !math.IsNaN(det)
}

// solve overwrites x (the right-hand side) with W⁻¹x.
func (c *cable) solve(fa *factors, x []float64) {
	// forward: per slot, ε0 (x_VN = ε0 + e1 x_VD) and the partial values.
	rD := x[gVD]
	for j := range c.jac {
		J := &c.jac[j]
		k := &c.slots[j]
		s := x[nShared+nSlot*j : nShared+nSlot*(j+1)]
		s[sAA] /= J.dAA
		s[sAB] /= J.dAB
		s[sNA] /= J.dNA
		s[sNB] /= J.dNB
		s[sGM] /= J.dM // α_m
		s[sGH] /= J.dH
		s[sBB] /= J.dB
		s[sBE] /= J.dE
		// Ca: γ0
		s[sCA] = (s[sCA] + J.cna*s[sNA] + J.cnb*s[sNB] + J.cgm*s[sGM] + J.cgh*s[sGH] + J.ccb*s[sBB] + J.cce*s[sBE]) / J.pC
		// head: δ0
		s[sVH] = (s[sVH] + J.haa*s[sAA] + J.hab*s[sAB] + J.hna*s[sNA] + J.hnb*s[sNB] + J.hgm*s[sGM] + J.hgh*s[sGH] + J.hca*s[sCA]) / J.pH
		// δ_s: α_s; then the neck/δ_d 2×2 at x_VD = 0: ε0, η0
		s[sXS] /= J.dS
		rN := s[sVN] + J.nh*s[sVH]
		rX := s[sXD] + J.xds*s[sXS]
		s[sVN] = (rN*J.pX + J.nd*rX) / J.det
		s[sXD] = (J.pN*rX + J.xdn*rN) / J.det
		rD += k.w * k.gND / c.cD * (s[sVN] - s[sXD])
	}
	fa2 := fa
	am, ah, an := x[gHM]/fa2.dM, x[gHH]/fa2.dH, x[gHN]/fa2.dN
	aa := x[gAD] / fa2.dA
	aq := x[gAH] / fa2.dQ
	x[gIA] /= fa2.dIA // no coupling back: final
	x[gIB] /= fa2.dIB
	asl := x[gNS] / fa2.dSl
	rS := x[gVS] + c.jSm*am + c.jSh*ah + c.jSn*an + c.jSa*aa + c.jSq*aq + c.jSIA*x[gIA] + c.jSIB*x[gIB] + c.jSsl*asl
	det := fa2.wSS*fa2.wDD - fa2.wSD*fa2.wDS
	xs := (rS*fa2.wDD - fa2.wSD*rD) / det
	xd := (fa2.wSS*rD - fa2.wDS*rS) / det
	x[gVS], x[gVD] = xs, xd
	x[gHM], x[gHH], x[gHN] = am+fa2.bM*xs, ah+fa2.bH*xs, an+fa2.bN*xs
	x[gAD] = aa + fa2.bA*xs
	x[gAH] = aq + fa2.bQ*xs
	x[gNS] = asl + fa2.bSl*xs
	// back substitution per slot
	for j := range c.jac {
		J := &c.jac[j]
		s := x[nShared+nSlot*j : nShared+nSlot*(j+1)]
		s[sVN] += J.e1 * xd
		s[sXD] += J.h1 * xd
		s[sXS] += J.bS * s[sXD]
		s[sVH] += J.d1 * s[sVN]
		s[sCA] += J.g1 * s[sVH]
		s[sGM] += J.bM * s[sVH]
		s[sGH] += J.bH * s[sVH]
		s[sBB] += J.bB * s[sCA]
		s[sBE] += J.bE * s[sCA]
	}
}
