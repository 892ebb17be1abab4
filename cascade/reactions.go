package cascade

// The cascade is a list of reactions, each moving one unit from a source
// (and, for PP1 + I-1P binding, a second source) to one or two products at
// a flux v = coef(kind)·y[src] (synthesis: v = coef). The ODE is dy = S·v
// and the SSA fires the same reactions, so both conserve every total.

// Rate kinds: one coefficient per kind per evaluation.
const (
	kCKPhos = iota
	kCKDephos
	kCaNOn
	kCaNOff
	kPKAOn
	kPKAOff
	kI1Phos
	kI1Dephos
	kPP1Bind
	kPP1Unbind
	kCaNComplex
	k845On
	k845Off
	kPDZOn
	kPDZOff
	kTrapD
	kTrapP
	kRelease
	kEndoD
	kEndoP
	kExo
	kLyso
	kLigand
	kDegrade
	kSynth
	k845OnInt  // S845 phosphorylation of endosomal receptors
	k845OffInt // S845 dephosphorylation of endosomal receptors
	kLysoP     // lysosomal sorting of S845-P endosomal receptors
	kSynthP    // synthesis delivered S845-phosphorylated
	kCkBind    // CaMKII binding to GluN2B at the PSD
	kCkUnbind  // CaMKII leaving the PSD
	kCaMCOn    // C-lobe Ca²⁺ loading of free CaM (explicit CaM, calmodulin.go)
	kCaMCOff   // C-lobe unloading
	kCaNCaMOn  // CaN + C-loaded CaM → CaN·CaM (active)
	kCaNCaMOff // CaN·CaM → CaN + CaM
	kCkCaMOn   // CaMKII subunit + C-loaded CaM → CaMKII·CaM
	kCkCaMOff  // CaMKII·CaM → CaMKII + CaM
	kCAMPSyn   // AC1 makes cAMP
	kCAMPDeg   // phosphodiesterase hydrolyses cAMP
	kTarpOff   // PP1 dephosphorylates a labile TARP slot (tarp.go)
	kTarpOn    // a kinase rephosphorylates it
	kCkNano    // a pre→post coincidence sets CaMKII at a free GluN2B site (nano.go)
	kCkNanoOff // the shielded complex leaves
	nKind
)

// reaction: src → dst1 (+ dst2); src2 ≥ 0 is a second reactant.
type reaction struct {
	kind       int
	src, src2  int
	dst1, dst2 int
}

const none = -1

func rx(kind, src, dst int) reaction { return reaction{kind, src, none, dst, none} }

// network is the immutable reaction table.
var network = buildNetwork()

// stoich is network's stoichiometry as flat lists of (species, reaction)
// pairs, consumed (minus) and produced (plus), for apply's branch-free
// loops.
var stoich = buildStoich(network)

type stoichLists struct{ minusS, minusR, plusS, plusR []int }

func buildStoich(net []reaction) stoichLists {
	var l stoichLists
	for m, r := range net {
		for _, s := range []int{r.src, r.src2} {
			if s >= 0 {
				l.minusS, l.minusR = append(l.minusS, s), append(l.minusR, m)
			}
		}
		for _, s := range []int{r.dst1, r.dst2} {
			if s >= 0 {
				l.plusS, l.plusR = append(l.plusS, s), append(l.plusR, m)
			}
		}
	}
	return l
}

// nReact is the number of reactions (checked against the table in tests).
const nReact = 65

func buildNetwork() []reaction {
	r := []reaction{
		rx(kCKPhos, CaMKIIU, CaMKIIP),
		rx(kCKDephos, CaMKIIP, CaMKIIU),
		rx(kCaNOn, CaNI, CaNA),
		rx(kCaNOff, CaNA, CaNI),
		rx(kPKAOn, PKAI, PKAA),
		rx(kPKAOff, PKAA, PKAI),
		rx(kI1Phos, I1D, I1P),
		rx(kI1Dephos, I1P, I1D),
		{kPP1Bind, PP1F, I1P, PP1I, none},
		{kPP1Unbind, PP1I, none, PP1F, I1P},
		{kCaNComplex, PP1I, none, PP1F, I1D},
	}
	for _, b := range []int{T00, M00} { // 00, 10, 01, 11
		r = append(r,
			rx(k845On, b, b+1), rx(k845On, b+2, b+3),
			rx(k845Off, b+1, b), rx(k845Off, b+3, b+2),
			rx(kPDZOn, b, b+2), rx(kPDZOn, b+1, b+3),
			rx(kPDZOff, b+2, b), rx(kPDZOff, b+3, b+1))
	}
	r = append(r, rx(k845OnInt, IntD, IntP), rx(k845OffInt, IntP, IntD))
	for s := range 4 {
		trap := kTrapD
		if s >= 2 {
			trap = kTrapP
		}
		r = append(r, rx(trap, M00+s, T00+s), rx(kRelease, T00+s, M00+s), reaction{kLigand, M00 + s, none, Late, Endocytosed})
	}
	r = append(r,
		reaction{kEndoD, M00, none, IntD, Endocytosed}, reaction{kEndoD, M01, none, IntD, Endocytosed},
		reaction{kEndoP, M10, none, IntP, Endocytosed}, reaction{kEndoP, M11, none, IntP, Endocytosed},
		reaction{kExo, IntP, none, M10, Exocytosed},
		rx(kLyso, IntD, Late),
		rx(kDegrade, Late, Degraded),
		reaction{kSynth, none, none, IntD, Synthesised},
		rx(kLysoP, IntP, Late),
		reaction{kSynthP, none, none, IntP, Synthesised},
		rx(kCkBind, CkF, CkB),
		rx(kCkUnbind, CkB, CkF),
		rx(kCaMCOn, CaMFree, CaMC),
		rx(kCaMCOff, CaMC, CaMFree),
		reaction{kCaNCaMOn, CaNI, CaMC, CaNA, CaNCaM},
		reaction{kCaNCaMOff, CaNA, CaNCaM, CaNI, CaMFree},
		reaction{kCkCaMOn, CkNoCaM, CaMC, CkCaM, none},
		reaction{kCkCaMOff, CkCaM, none, CkNoCaM, CaMFree},
		reaction{kCAMPSyn, none, none, CAMP, none},
		rx(kCAMPDeg, CAMP, CAMPDone),
		rx(kTarpOff, TarpP, TarpD),
		rx(kTarpOn, TarpD, TarpP),
		rx(kCkNano, CkF, CkN),
		rx(kCkNanoOff, CkN, CkF),
	)
	return r
}

// caTerms are the Ca²⁺/CaM occupancies of the targets at one Ca²⁺ value:
// the same for every state, so the Jacobian's flux evaluations share them.
type caTerms struct {
	ck, can, pka float64  // h(Ca) of CaMKII, calcineurin, PKA (AC1); without explicit CaM
	cam          camTerms // explicit CaM (calmodulin.go)
	nanoH        float64  // nanodomain trigger Hill(s; K, N) (nano.go)
}

func (p *Params) caTerms(ca float64) caTerms { return p.caTermsAt(ca, 0) }

// caTermsAt is caTerms with the nanodomain signal s [mV] (nano.go).
func (p *Params) caTermsAt(ca, s float64) caTerms {
	if p.CaM.explicit() {
		return caTerms{cam: p.CaM.terms(ca), nanoH: p.Nano.h(s)}
	}
	return caTerms{ck: Hill(ca, p.CaMKII.K, p.CaMKII.N), can: Hill(ca, p.CaN.K, p.CaN.N), pka: Hill(ca, p.PKA.K, p.PKA.N),
		nanoH: p.Nano.h(s)}
}

// camCoefs sets the coefficients of the explicit CaM reactions and returns
// the Ca²⁺/CaM occupancies that the instantaneous form takes from Hill:
// CaMKII's γ (Ca₄CaM-bound subunits) and the AC1/PKA drive.
func (p *Params) camCoefs(y []float64, h caTerms, c *[nKind]float64) caTerms {
	m := p.CaM
	if !m.explicit() {
		return h
	}
	t := h.cam
	c[kCaMCOn], c[kCaMCOff] = t.cOn, m.CK2Off
	c[kCaNCaMOn], c[kCaNCaMOff] = m.CaNOn*max(y[CaMC], 0), m.CaNOff
	c[kCkCaMOn], c[kCkCaMOff] = t.kOn*max(y[CaMC], 0), t.kOffCK
	h.ck = t.fK4 * max(y[CkCaM], 0) / p.CaMKII.Total
	c[kCAMPSyn], c[kCAMPDeg] = m.ACMax*t.a4, 1/m.CAMPTau
	h.pka = Hill(max(y[CAMP], 0), m.PKAK, m.PKAN)
	return h
}

// coefs fills c with the rate coefficient of each kind at state y and Ca²⁺ ca.
func (p *Params) coefs(y []float64, ca float64, c *[nKind]float64) {
	p.coefsWith(y, p.caTerms(ca), c)
}

// coefsWith is coefs with the Ca²⁺ terms h already evaluated. It returns
// the terms after camCoefs (with explicit CaM, CaMKII's γ and the PKA
// drive come from the state).
func (p *Params) coefsWith(y []float64, h caTerms, c *[nKind]float64) caTerms {
	h = p.camCoefs(y, h, c)
	e := p.enzymes(y)
	ck := p.CaMKII
	c[kCKPhos] = p.CaMKIIScale * ck.phosH(1, y[CaMKIIP], h.ck, y[CkB]/p.PSD.Sites)
	c[kCKDephos] = ck.dephosRate(y[CaMKIIP], e.pp1, e.pp2a)
	if !p.CaM.explicit() {
		c[kCaNOn] = p.CaN.KOn * h.can
		c[kCaNOff] = p.CaN.KOff
	}
	c[kPKAOn] = p.PKA.KBasal + p.PKA.KCa*h.pka
	c[kPKAOff] = p.PKA.KOff
	c[kI1Phos] = p.I1.KPKA * e.pka
	c[kI1Dephos] = p.I1.KCaN*e.can + p.I1.KPP2A*e.pp2a
	c[kPP1Bind] = p.PP1.KBind * y[I1P]
	c[kPP1Unbind] = p.PP1.KUnbind
	c[kCaNComplex] = p.I1.KCaNComplex * e.can
	c[k845On] = p.AMPAR.s845On(e)
	c[k845Off] = p.AMPAR.s845Off(e)
	c[k845OnInt] = p.AMPAR.Internal * c[k845On]
	c[k845OffInt] = p.AMPAR.Internal * c[k845Off]
	c[kPDZOn] = p.AMPAR.pdzOn(e)
	c[kPDZOff] = p.AMPAR.pdzOff(e)
	t := p.Traffic
	free := 1 - (y[T00]+y[T10]+y[T01]+y[T11])/p.PSD.capacity(p.slotBase(y), y)
	if !(free > 0) {
		free = 0
	}
	c[kTrapD] = t.TrapD * t.Scaffold * free * t.Phi
	c[kTrapP] = t.TrapP * t.Scaffold * free * t.Phi
	c[kRelease] = t.Release
	c[kEndoD] = p.EndoPost * (t.EndoD + t.EndoCaN*e.can/p.PSD.protection(y)) * (1 - t.Phi)
	c[kEndoP] = t.EndoP * (1 - t.Phi)
	c[kExo] = t.Exo
	c[kLyso] = t.Lyso
	c[kLysoP] = t.LysoP
	c[kLigand] = p.EndoPost * p.Ligand * t.LigandEndo
	c[kDegrade] = t.Degrade
	c[kSynth] = t.Synthesis * (1 - t.SynthP)
	c[kSynthP] = t.Synthesis * t.SynthP
	c[kTarpOff] = p.EndoPost * p.TARP.KPP1 * e.pp1
	c[kTarpOn] = p.TARP.KBasal + p.TARP.KCK*max(e.camkii, 0)/ck.Total
	d := p.PSD
	c[kCkBind] = d.Bind * (h.ck + d.BindP*max(y[CaMKIIP], 0)/ck.Total) * p.CaMKIIScale
	c[kCkNano] = p.Nano.Bind * h.nanoH * p.CaMKIIScale
	c[kCkNanoOff] = p.Nano.off()
	c[kCkUnbind] = 0
	if d.Unbind > 0 {
		c[kCkUnbind] = d.Unbind * d.unbound(y[CaMKIIP]/ck.Total) * (1 - h.ck)
	}
	return h
}

// enzymes returns the catalytic activities after the pharmacology scales.
func (p *Params) enzymes(y []float64) enzymes {
	return enzymes{
		camkii: p.CaMKIIScale * y[CaMKIIP],
		can:    p.CaNScale * y[CaNA],
		pka:    p.PKAScale * y[PKAA],
		pp1:    p.PP1Scale * y[PP1F],
		pp2a:   p.PP2AScale * p.PP2A.Level,
	}
}

// fluxes fills v with every reaction flux [µM/ms or count/ms].
func (p *Params) fluxes(y []float64, ca float64, v []float64) {
	p.fluxesWith(y, p.caTerms(ca), v)
}

// fluxesAt is fluxes with the nanodomain signal s [mV] (nano.go).
func (p *Params) fluxesAt(y []float64, ca, s float64, v []float64) {
	p.fluxesWith(y, p.caTermsAt(ca, s), v)
}

// fluxesWith is fluxes with the Ca²⁺ terms h already evaluated.
func (p *Params) fluxesWith(y []float64, h caTerms, v []float64) {
	var c [nKind]float64
	p.coefsWith(y, h, &c)
	// ys is y with a last element 1, the "source" of the synthesis
	// reactions (netSrc = NState), so one branch-free loop serves all.
	var ys [NState + 1]float64
	copy(ys[:NState], y)
	ys[NState] = 1
	_ = v[nReact-1]
	for m := range nReact {
		// max: rounding can leave tiny negatives; no flux out of nothing.
		v[m] = c[netKind[m]] * max(ys[netSrc[m]], 0)
	}
}

// netKind and netSrc are network's rate kinds and sources (NState for a
// synthesis reaction, which has none), as flat arrays for fluxesWith.
var netKind, netSrc = netArrays(network)

func netArrays(net []reaction) (kind, src [nReact]int) {
	for m, r := range net {
		kind[m], src[m] = r.kind, r.src
		if r.src < 0 {
			src[m] = NState
		}
	}
	return kind, src
}

// Deriv writes dy/dt at time t [ms] for state y and spine Ca²⁺ ca [µM]. It
// allocates nothing.
func (p *Params) Deriv(t float64, y, dy []float64, ca float64) {
	var v [nReact]float64
	p.fluxes(y, ca, v[:])
	apply(v[:], dy)
}

// DerivAt is Deriv with the nanodomain signal s [mV] (nano.go): the Ca²⁺
// current per channel (NMDA receptors and VGCCs) that CaMKII at GluN2B sees.
func (p *Params) DerivAt(t float64, y, dy []float64, ca, s float64) {
	var v [nReact]float64
	p.fluxesAt(y, ca, s, v[:])
	apply(v[:], dy)
}

// apply writes dy = S·v (stoich's lists; the order of the additions is
// not network's, so dy can differ from a per-reaction sum by rounding).
func apply(v, dy []float64) {
	clear(dy)
	l := &stoich
	for k, s := range l.minusS {
		dy[s] -= v[l.minusR[k]]
	}
	for k, s := range l.plusS {
		dy[s] += v[l.plusR[k]]
	}
}

// coefsAt is coefs with the nanodomain signal s (nano.go).
func (p *Params) coefsAt(y []float64, ca, s float64, c *[nKind]float64) {
	p.coefsWith(y, p.caTermsAt(ca, s), c)
}
