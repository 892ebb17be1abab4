package cascade

import "gonum.org/v1/gonum/mat"

// The analytic Jacobian. Every flux is v_m = c_k(y)·y_src (reactions.go), so
//
//	∂v_m/∂y_j = c_k·[j = src] + y_src·∂c_k/∂y_j,
//
// and J = S·∂v/∂y. Only a few species enter the coefficients (the active
// enzymes, I-1P, the PSD-bound CaMKII, the trapped receptors and the
// labile TARP slots; with explicit CaM also CaMC, CkCaM and cAMP), so the
// second term is a short list of ∂c_k/∂y_j written out below, one per
// coefficient formula of coefsWith. TestAnalyticJacobian holds it against
// central differences. It replaces forward differences, which cost nine
// flux evaluations per Jacobian (fdGroups) and a quarter of a cascade's
// CPU time.

// dcoef is one nonzero ∂c_kind/∂y_j.
type dcoef struct {
	kind, j int
	d       float64
}

// kindReacts lists, per rate kind, the reactions that use it.
var kindReacts = buildKindReacts(network)

func buildKindReacts(net []reaction) [nKind][]int {
	var k [nKind][]int
	for m, r := range net {
		k[r.kind] = append(k[r.kind], m)
	}
	return k
}

// jacobian writes J = ∂f/∂y at (t, y): the rate-constant part c_k for each
// reaction's source and the coefficient part from coefDerivs. Every
// reaction leaves each conserved total unchanged (the event counters it
// also feeds are outside them), so J does too along every column, and
// Rodas4 keeps the totals (TestAnalyticJacobian).
func (c *Cascade) jacobian(t float64, y []float64, J *mat.Dense) {
	J.Zero()
	raw := J.RawMatrix()
	col := func(m, j int, g float64) {
		r := network[m]
		d := raw.Data[j:]
		s := raw.Stride
		if r.src >= 0 {
			d[r.src*s] -= g
		}
		if r.src2 >= 0 {
			d[r.src2*s] -= g
		}
		d[r.dst1*s] += g
		if r.dst2 >= 0 {
			d[r.dst2*s] += g
		}
	}
	h := c.p.caTermsAt(c.ca(t), c.nanoAt(t))
	var k [nKind]float64
	hc := c.p.coefsWith(y, h, &k)
	for m := range nReact {
		if s := netSrc[m]; s < NState && y[s] >= 0 && k[netKind[m]] != 0 {
			col(m, s, k[netKind[m]])
		}
	}
	var buf [48]dcoef
	for _, dc := range c.p.coefDerivs(y, h, hc, buf[:0]) {
		for _, m := range kindReacts[dc.kind] {
			src := 1.0 // synthesis: no source
			if s := netSrc[m]; s < NState {
				src = max(y[s], 0)
			}
			if g := src * dc.d; g != 0 {
				col(m, dc.j, g)
			}
		}
	}
}

// coefDerivs appends to out the nonzero ∂c_k/∂y_j of coefsWith at y, with
// h the Ca²⁺ terms and hc those after camCoefs (explicit CaM: h.ck and
// h.pka from the state).
func (p *Params) coefDerivs(y []float64, h, hc caTerms, out []dcoef) []dcoef {
	add := func(k, j int, d float64) {
		if d != 0 {
			out = append(out, dcoef{k, j, d})
		}
	}
	ck, e := p.CaMKII, p.enzymes(y)
	sCK, sCaN, sPKA, sPP1 := p.CaMKIIScale, p.CaNScale, p.PKAScale, p.PP1Scale
	kp := max(y[CaMKIIP], 0)
	pos := func(x float64) float64 { // the derivative of max(x, 0)
		if x > 0 {
			return 1
		}
		return 0
	}
	dP := pos(y[CaMKIIP])

	// ∂h.ck/∂CkCaM and ∂h.pka/∂cAMP (explicit CaM; constants otherwise)
	dGck, dHpka := 0.0, 0.0
	if m := p.CaM; m.explicit() {
		t := h.cam
		add(kCaNCaMOn, CaMC, m.CaNOn*pos(y[CaMC]))
		add(kCkCaMOn, CaMC, t.kOn*pos(y[CaMC]))
		dGck = t.fK4 * pos(y[CkCaM]) / ck.Total
		dHpka = hillSlope(max(y[CAMP], 0), m.PKAK, m.PKAN)
	}

	// CaMKII T286: phosH(1, Kp, γ, CkB/Sites) and dephosRate(Kp, PP1, PP2A)
	b := max(y[CkB], 0) / p.PSD.Sites
	g := hc.ck
	add(kCKPhos, CaMKIIP, sCK*ck.KAuto*(g+ck.Basal+ck.BasalPSD*b)/ck.Total*dP)
	add(kCKPhos, CkB, sCK*ck.KAuto*ck.BasalPSD*pos(y[CkB])/p.PSD.Sites*kp/ck.Total)
	add(kCKPhos, CkCaM, sCK*(2*ck.KInit*g+ck.KAuto*kp/ck.Total)*dGck)
	add(kCKDephos, CaMKIIP, -(ck.KCat*e.pp1/((ck.KM+kp)*(ck.KM+kp))+ck.KCat2A*e.pp2a/((ck.KM2A+kp)*(ck.KM2A+kp)))*dP)
	add(kCKDephos, PP1F, sPP1*ck.KCat/(ck.KM+kp))

	// PKA, I-1, PP1
	add(kPKAOn, CAMP, p.PKA.KCa*dHpka)
	add(kI1Phos, PKAA, p.I1.KPKA*sPKA)
	add(kI1Dephos, CaNA, p.I1.KCaN*sCaN)
	add(kPP1Bind, I1P, p.PP1.KBind)
	add(kCaNComplex, CaNA, p.I1.KCaNComplex*sCaN)

	// GluA1 S845 and the PDZ (S831/stargazin) switch (ampar.go)
	a := p.AMPAR
	add(k845On, PKAA, a.PKA845*sPKA)
	add(k845OnInt, PKAA, a.Internal*a.PKA845*sPKA)
	add(k845Off, PP1F, a.PP1845*sPP1)
	add(k845Off, CaNA, a.CaN845*sCaN)
	add(k845OffInt, PP1F, a.Internal*a.PP1845*sPP1)
	add(k845OffInt, CaNA, a.Internal*a.CaN845*sCaN)
	add(kPDZOn, CaMKIIP, a.CKPDZ*sCK)
	add(kPDZOff, PP1F, a.PP1PDZ*sPP1)
	add(kPDZOff, CaNA, a.CaNPDZ*sCaN)

	out = p.trapDerivs(y, out)

	// regulated endocytosis, divided by the PSD's protection
	t := p.Traffic
	prot := p.PSD.protection(y)
	endo := p.EndoPost * (1 - t.Phi)
	add(kEndoD, CaNA, endo*t.EndoCaN*sCaN/prot)
	add(kEndoD, CkB, -endo*t.EndoCaN*e.can/(prot*prot)*p.PSD.Protect/p.PSD.Sites)
	add(kEndoD, CkN, -endo*t.EndoCaN*e.can/(prot*prot)*p.PSD.Protect/p.PSD.Sites)

	// labile TARP slots (tarp.go)
	add(kTarpOff, PP1F, p.EndoPost*p.TARP.KPP1*sPP1)
	add(kTarpOn, CaMKIIP, p.TARP.KCK*sCK*pos(e.camkii)/ck.Total)

	// CaMKII binding to GluN2B (psd.go)
	d := p.PSD
	add(kCkBind, CaMKIIP, d.Bind*d.BindP*dP/ck.Total*sCK)
	add(kCkBind, CkCaM, d.Bind*sCK*dGck)
	if d.Unbind > 0 {
		x := y[CaMKIIP] / ck.Total
		u := d.unbound(x)
		if 1-x > 0 { // du/dx = −Holo·(1 − x)^(Holo−1)
			add(kCkUnbind, CaMKIIP, -d.Unbind*(1-hc.ck)*d.Holo*u/(1-x)/ck.Total)
		}
		add(kCkUnbind, CkCaM, -d.Unbind*u*dGck)
	}
	return out
}

// trapDerivs appends the derivatives of the trapping coefficients
// TrapD/TrapP·Scaffold·Phi·free, free = 1 − ΣT/capacity, capacity =
// slotBase·(1 + Gain·CkB/Sites), slotBase = Slots·(1 − Labile) + TarpP.
func (p *Params) trapDerivs(y []float64, out []dcoef) []dcoef {
	t := p.Traffic
	base := p.slotBase(y)
	capa := p.PSD.capacity(base, y)
	sum := y[T00] + y[T10] + y[T01] + y[T11]
	if !(1-sum/capa > 0) { // saturated: the coefficient is held at 0
		return out
	}
	q := sum / (capa * capa) // ∂free/∂capacity
	dCkB := q * base * p.PSD.Gain / p.PSD.Sites
	dTarp := 0.0
	if p.TARP.Labile != 0 && y[TarpP] > 0 {
		dTarp = q * capa / base
	}
	for _, k := range [2]struct {
		kind int
		rate float64
	}{{kTrapD, t.TrapD}, {kTrapP, t.TrapP}} {
		s := k.rate * t.Scaffold * t.Phi
		for _, j := range [4]int{T00, T10, T01, T11} {
			out = append(out, dcoef{k.kind, j, -s / capa})
		}
		if dCkB != 0 {
			out = append(out, dcoef{k.kind, CkB, s * dCkB}, dcoef{k.kind, CkN, s * dCkB})
		}
		if dTarp != 0 {
			out = append(out, dcoef{k.kind, TarpP, s * dTarp})
		}
	}
	return out
}

// hillSlope is d/dx of Hill(x, k, n) = r/(1+r), r = (x/k)^n: n·r/(x·(1+r)²).
func hillSlope(x, k, n float64) float64 {
	if x <= 0 {
		return 0
	}
	r := ipow(x/k, n)
	return n * r / (x * (1 + r) * (1 + r))
}
