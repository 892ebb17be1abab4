package experiment

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Pharmacology: the named drugs a spec may list (drugs: [{name, conc}]),
// what each acts on, and what a set of doses does to the model.
//
// The model of a blocker is single-site occupancy at the concentration
// written in the spec: the fraction of its target left active is
//
//	open(c) = 1 / (1 + (c/K)^n)
//
// with K the drug's potency (IC50, Kd or Ki [µM]) and n its Hill
// coefficient (1 everywhere: no source gave another). This is a deliberate
// simplification. It does not model membrane permeation from bath to
// cytosol, the time a drug takes to reach the synapse, binding to
// immunophilins (FK506 needs FKBP12, cyclosporin A needs cyclophilin),
// competition with ATP (KT5720) or with calmodulin (KN-62), enzyme
// titration when the enzyme is more concentrated than K (PP1 and okadaic
// acid), use- or voltage-dependence (nimodipine), or off-target actions
// (FK506 and cyclosporin A partly inhibit NMDAR potentials, Lu et al. 1996).
// DrugInfo.Note says which of these matter for each drug.
//
// Concentration is where the drug is applied: the bath for most, the
// recording pipette (hence the cytosol after dialysis) for the peptides and
// the buffers (DrugInfo.Route). BAPTA and EGTA are not blockers: their
// concentration is the added intracellular buffer, passed to the model as it
// is (Effects.BAPTA, Effects.EGTA).
//
// Bath ions are not drugs: [Ca²⁺]o and [Mg²⁺]o are bath.ca and bath.mg, and
// bath.mg "0 mM" is a Mg²⁺-free solution.

// DrugTarget is what a drug acts on: one of the fixed keys below. A tier
// states which keys it models (checkDrugsFor); Effects has one field per key.
type DrugTarget string

// The drug targets.
const (
	TargetNMDA        DrugTarget = "nmda"         // NMDA receptors
	TargetCaMKII      DrugTarget = "camkii"       // CaMKII catalytic activity
	TargetCaN         DrugTarget = "calcineurin"  // calcineurin (PP2B)
	TargetPP1         DrugTarget = "pp1"          // PP1 and PP2A together
	TargetPKA         DrugTarget = "pka"          // PKA catalytic activity
	TargetLType       DrugTarget = "ltype"        // L-type Ca²⁺ channels
	TargetEndocytosis DrugTarget = "endocytosis"  // clathrin/dynamin endocytosis, pre- and postsynaptic
	TargetBAPTA       DrugTarget = "bapta"        // added fast Ca²⁺ buffer
	TargetEGTA        DrugTarget = "egta"         // added slow Ca²⁺ buffer
	TargetNMDAAgonist DrugTarget = "nmda-agonist" // bath agonist holding NMDA receptors open
	TargetAMPAAgonist DrugTarget = "ampa-agonist" // bath agonist binding AMPA receptors
	TargetPKC         DrugTarget = "pkc"          // protein kinase C catalytic activity
	TargetMGluR1      DrugTarget = "mglur1"       // metabotropic glutamate receptor 1
	TargetNOS         DrugTarget = "nos"          // nitric oxide synthase
)

// ampaSteadyOpen is the open fraction of AMPA receptors held by a saturating
// bath agonist, relative to the peak of a full synaptic release: AMPA
// receptors desensitise, and the steady current in AMPA is a few percent of
// the peak [A: 5%; steady/peak ratios of 1–10% for GluA1/GluA2 without
// cyclothiazide, Trussell & Fischbach 1989; Patneau & Mayer 1991 [M]].
const ampaSteadyOpen = 0.05

// TargetInfo describes a target key.
type TargetInfo struct {
	Key DrugTarget
	Doc string // what it is
	// ModelledBy names the tiers whose model contains the target, for error
	// messages only: a tier's own list, passed to checkDrugsFor, decides.
	// Keep it in step with tier.go when a tier learns a target.
	ModelledBy string
}

// Targets lists every target key in a fixed order.
func Targets() []TargetInfo {
	return []TargetInfo{
		{TargetNMDA, "NMDA receptors", "the shouval, graupner-brunel, spine and mechanistic tiers of the ca1 preparation"},
		{TargetCaMKII, "CaMKII catalytic activity", "the mechanistic tier"},
		{TargetCaN, "calcineurin (PP2B) catalytic activity", "the mechanistic tier and the pf-purkinje preparation"},
		{TargetPP1, "PP1 and PP2A catalytic activity (one key: the inhibitors in use block both)", "the mechanistic tier and the pf-purkinje preparation"},
		{TargetPKA, "PKA catalytic activity", "the mechanistic tier"},
		{TargetLType, "L-type voltage-gated Ca2+ channels", "the spine and mechanistic tiers"},
		{TargetEndocytosis, "clathrin/dynamin endocytosis, shared by presynaptic vesicle retrieval and postsynaptic AMPAR endocytosis", "the spine tier (vesicle retrieval), the mechanistic tier (retrieval and AMPAR endocytosis) and the pf-purkinje preparation (GluA2 endocytosis)"},
		{TargetBAPTA, "added intracellular BAPTA (fast Ca2+ buffer)", "the spine and mechanistic tiers and the pf-purkinje preparation"},
		{TargetEGTA, "added intracellular EGTA (slow Ca2+ buffer)", "the spine and mechanistic tiers"},
		{TargetNMDAAgonist, "a bath agonist that holds NMDA receptors open (occupancy c/(c + EC50))", "the spine and mechanistic tiers"},
		{TargetAMPAAgonist, "a bath agonist bound to AMPA receptors (occupancy c/(c + EC50)): a small desensitised current, and on the mechanistic tier ligand-driven endocytosis to late endosomes", "the spine and mechanistic tiers"},
		{TargetPKC, "protein kinase C catalytic activity (GluA2 S880, the MAPK loop)", "the pf-purkinje preparation"},
		{TargetMGluR1, "metabotropic glutamate receptor 1 (PF → PLCβ → DAG)", "the pf-purkinje preparation"},
		{TargetNOS, "nitric oxide synthase (PF-driven NO)", "the pf-purkinje preparation"},
	}
}

func targetInfo(t DrugTarget) (TargetInfo, bool) {
	for _, x := range Targets() {
		if x.Key == t {
			return x, true
		}
	}
	return TargetInfo{}, false
}

// DrugInfo is a named drug: its target, its potency and where the numbers
// come from. Provenance tags as in science.md: [V-abs] checked in an
// abstract or page excerpt (address named), [M] recalled from the paper and
// not re-checked, [A] an assumption made here with its reason.
type DrugInfo struct {
	Name    string   // canonical name
	Aliases []string // other accepted names (matching ignores case, spaces, hyphens, brackets)
	Target  DrugTarget
	// Potency is the concentration [µM] at which the target is half
	// blocked in the single-site model; Measure says what was measured.
	// 0 for the buffers.
	Potency float64
	Measure string  // "Kd", "Ki", "IC50" ("" for buffers)
	Hill    float64 // Hill coefficient of the block [1]; 1 unless sourced
	Usual   float64 // a usual concentration in slice work [µM]
	Route   string  // where Usual is applied: "bath" or "pipette"
	Source  string  // potency, usual concentration and use, with tags
	Note    string  // what the single-site model leaves out for this drug
}

// Open is the fraction of the target left active at concentration c [µM]:
// 1/(1 + (c/Potency)^Hill). It is 1 for buffers and for c ≤ 0.
func (d DrugInfo) Open(c float64) float64 {
	if d.Potency <= 0 || c <= 0 {
		return 1
	}
	n := d.Hill
	if n == 0 {
		n = 1
	}
	if n == 1 {
		return d.Potency / (c + d.Potency)
	}
	x := c / d.Potency
	return 1 / (1 + math.Pow(x, n))
}

// Drugs lists the drugs a spec may name, in a fixed order (by target).
func Drugs() []DrugInfo {
	return []DrugInfo{
		{
			Name: "APV", Aliases: []string{"AP5", "D-AP5", "D-APV", "2-amino-5-phosphonovalerate"},
			Target: TargetNMDA, Potency: 1.4, Measure: "Kd", Hill: 1, Usual: 50, Route: "bath",
			Source: "Kd of D-AP5 at the NMDAR glutamate site about 1.4 µM, Olverman, Jones & Watkins 1988 Br J Pharmacol [M]; " +
				"LFS-LTD is NMDAR-dependent (50 µM APV): Dudek & Bear 1992 PNAS 89:4363 [M], Mulkey & Malenka 1992 Neuron 9:967 [V-abs: ncbi.nlm.nih.gov/pubmed/1419003]",
			Note: "competitive with glutamate: equilibrium occupancy before release is modelled, not the race with the synaptic transient; " +
				"give the D-isomer concentration (DL-APV is half as potent)",
		},
		{
			Name: "okadaic acid", Aliases: []string{"OA", "okadaic"},
			Target: TargetPP1, Potency: 0.019, Measure: "IC50", Hill: 1, Usual: 1, Route: "bath",
			Source: "IC50 PP1 19 nM, PP2A 0.2 nM (reference values in Holmes et al. 1990, acanthifolicin) [V-abs: scilit.net/publications/9c933f842acf0acbaae8a631223e901c]; " +
				"LTD blocked by PP1/PP2A inhibitors: Mulkey, Herron & Malenka 1993 Science 261:1051 [M]; slice use 0.1–1 µM [M]",
			Note: "the pp1 key is PP1 and PP2A together and takes the weaker (PP1) potency, so PP2A is blocked more than the key says; " +
				"in intact cells 1 µM okadaic acid inhibited PP2A but not PP1 within 2 h (Favre et al. 1997 JBC 272:13856 [V-abs: ncbi.nlm.nih.gov/pubmed/9153244]): " +
				"PP1 is concentrated enough in cells to titrate the toxin, which this model does not do",
		},
		{
			Name: "calyculin A", Aliases: []string{"calyculin", "CalA", "Caly A"},
			Target: TargetPP1, Potency: 0.002, Measure: "IC50", Hill: 1, Usual: 1, Route: "bath",
			Source: "IC50 PP1 about 2 nM, PP2A about 0.5–1 nM, Ishihara et al. 1989 BBRC 159:871 [M]; " +
				"cell-permeant: 10 nM inhibited both PP1 and PP2A by > 50% within 2 h in MCF7 cells, Favre et al. 1997 [V-abs: ncbi.nlm.nih.gov/pubmed/9153244]; " +
				"LTD block: Mulkey, Herron & Malenka 1993 [M]; slice use about 1 µM [M]",
			Note: "the weaker (PP1) potency is used for the joint pp1 key; subnanomolar calyculin A also blocks Ca2+ influx in some cells (Holy & Brautigan 2012 Toxins 4:940 [V-abs]), not modelled",
		},
		{
			Name: "FK506", Aliases: []string{"FK-506", "FK 506", "tacrolimus"},
			Target: TargetCaN, Potency: 0.0005, Measure: "IC50", Hill: 1, Usual: 50, Route: "bath",
			Source: "cell-based IC50 0.1–1 nM (IL-2 suppression in T cells, as the FKBP12–FK506 complex) [V-abs: vendor summary, vsv-g-peptide.com/index.php?g=Wap&m=Article&a=detail&id=180]; " +
				"FKBP–FK506 inhibits calcineurin: Liu et al. 1991 Cell 66:807 [V-abs]; " +
				"LTD block: Mulkey et al. 1994 Nature 369:486 [V-abs, title]; 50 µM in CA1 slices: Lu et al. 1996 Brain Res 729:142 [V-abs]",
			Note: "needs FKBP12 in the cell (not modelled); slice doses are about 1e5 × the cellular IC50, so the block is complete at any of them; " +
				"50 µM FK506 also cut NMDAR potentials by 45% in CA1 (Lu et al. 1996 [V-abs]), an off-target effect not applied",
		},
		{
			Name: "cyclosporin A", Aliases: []string{"CsA", "cyclosporin", "cyclosporine", "ciclosporin"},
			Target: TargetCaN, Potency: 0.01, Measure: "IC50", Hill: 1, Usual: 100, Route: "bath",
			Source: "cell-based IC50 about 10 nM [M], consistent with IL-2 release blocked selectively at 10–100 ng/ml (8–83 nM) [V-abs: scilit.net/publications/fcdd4aa0c204e576ba29383ad4b74810] " +
				"and abolished at 100 ng/ml in every T-cell clone, Ferrini et al. 1986 Clin Immunol Immunopathol [V-abs: moh-it.pure.elsevier.com]; " +
				"cyclophilin–CsA inhibits calcineurin: Liu et al. 1991 [V-abs]; 100 µM in CA1 slices: Lu et al. 1996 [V-abs]",
			Note: "needs cyclophilin (not modelled); like FK506 it also depressed NMDAR potentials at slice doses (Lu et al. 1996 [V-abs]), not applied",
		},
		{
			Name: "KN-62", Aliases: []string{"KN62"},
			Target: TargetCaMKII, Potency: 0.9, Measure: "Ki", Hill: 1, Usual: 10, Route: "bath",
			Source: "Ki 0.9 µM, competitive with calmodulin, Tokumitsu et al. 1990 JBC 265:4315 [M; the citation confirmed in Sumi et al. 1991, V-abs]; slice use 3–10 µM [M]",
			Note:   "competes with Ca2+/CaM for activation and does not inhibit autonomous (T286-phosphorylated) CaMKII; the model scales all CaMKII activity",
		},
		{
			Name: "KN-93", Aliases: []string{"KN93"},
			Target: TargetCaMKII, Potency: 0.37, Measure: "Ki", Hill: 1, Usual: 10, Route: "bath",
			Source: "Ki 0.37 µM, Sumi et al. 1991 BBRC 181:968 [V-abs: jneurosci.org external-ref access_num=1662507]; slice use 1–10 µM [M]",
			Note: "binds Ca2+/CaM rather than CaMKII (Wong et al. 2019 J Mol Biol 431:1440 [V-abs]) and spares autonomous CaMKII; " +
				"blocks several ion channels off target (KN-92 is the inactive control, not listed); the model scales all CaMKII activity",
		},
		{
			Name:   "dynasore",
			Target: TargetEndocytosis, Potency: 15, Measure: "IC50", Hill: 1, Usual: 80, Route: "bath",
			Source: "IC50 about 15 µM for dynamin GTPase in vitro (Macia et al. 2006 Dev Cell 10:839), as restated by McCluskey et al. 2013 Traffic 14:1272 [V-abs: PMC4138991]; " +
				"75 µM blocks transferrin uptake but not constitutive AMPAR endocytosis in neurons, Glebov et al. 2015 J Neurosci Fig. 2 [V-abs: jneurosci.org/content/35/12/4830]; slice use 80 µM [M]",
			Note: "at the usual 80 µM this single-site model leaves 16% of endocytosis, less block than the near-complete block seen in cells; " +
				"binds detergents and serum (IC50 479 µM with Tween-80, McCluskey 2013 [V-abs]) and acts on membrane cholesterol independently of dynamin (Preta et al. 2015 [V-abs]); " +
				"from the bath it reaches both sides of the synapse, as the endocytosis key assumes",
		},
		{
			Name: "dynamin inhibitory peptide", Aliases: []string{"DIP", "dynamin peptide", "QVPSRPNRAP"},
			Target: TargetEndocytosis, Potency: 5, Measure: "IC50", Hill: 1, Usual: 50, Route: "pipette",
			Source: "no half-blocking concentration found: 5 µM is an assumption [A], set one tenth of the usual pipette 50 µM so that dose blocks 91%; " +
				"the peptide (dynamin PRD, QVPSRPNRAP) blocks dynamin–amphiphysin binding, postsynaptic use in LTD: Lüscher et al. 1999 Neuron 24:649 [M]",
			Note: "loaded through the pipette it acts only in the postsynaptic cell, but the endocytosis key is shared by both sides, so the model also slows presynaptic retrieval",
		},
		{
			Name: "NMDA", Aliases: []string{"N-methyl-D-aspartate", "bath NMDA"},
			Target: TargetNMDAAgonist, Potency: 35, Measure: "EC50", Hill: 1, Usual: 20, Route: "bath",
			Source: "EC50 of NMDA at native NMDA receptors about 30–40 µM [M]; chemical LTD with 20 µM NMDA for 3 min: Lee et al. 1998 Neuron 21:1151 [M], Beattie et al. 2000 Nat Neurosci 3:1291 [M], Ehlers 2000 Neuron 28:511 [V-abs, science.md]",
			Note:   "an agonist, not a blocker: the NMDA conductance of the modelled spine (and of the co-activated synapses) gains a tonic open fraction c/(c + EC50) relative to the peak of a full release [A: full occupancy opens as much as a synaptic peak]; NMDA receptors elsewhere on the dendrite and soma, which depolarise the whole cell, are not modelled; give it with from/for (e.g. 3 min)",
		},
		{
			Name: "AMPA", Aliases: []string{"bath AMPA", "alpha-amino-3-hydroxy-5-methyl-4-isoxazolepropionic acid"},
			Target: TargetAMPAAgonist, Potency: 15, Measure: "EC50", Hill: 1, Usual: 100, Route: "bath",
			Source: "EC50 of AMPA at native AMPA receptors about 10–20 µM [M]; 100 µM AMPA for 15 min internalises AMPA receptors, which are sorted to late endosomes and lysosomes, independently of NMDA receptors and of Ca²⁺: Ehlers 2000 Neuron 28:511 [V-abs, science.md M5]",
			Note:   "an agonist, not a blocker: occupancy c/(c + EC50) sets the cascade's ligand-driven endocytosis (cascade ligand, traffic_ligand_endo; mechanistic tier) and a tonic AMPA conductance of 5% of a synaptic peak times the occupancy (desensitised, assumed); give APV and TTX-like conditions by listing APV too, and use from/for for a timed application",
		},
		{
			Name: "chelerythrine", Aliases: []string{"chelerythrine chloride"},
			Target: TargetPKC, Potency: 0.66, Measure: "IC50", Hill: 1, Usual: 10, Route: "bath",
			Source: "IC50 0.66 uM for rat brain PKC, Herbert et al. 1990 BBRC 172:993 [M]; PF-LTD needs PKC: Linden & Connor 1991 Science 254:1656 [M]",
			Note:   "acts at the catalytic domain; off-target effects at 10 uM (not modelled)",
		},
		{
			Name: "GF109203X", Aliases: []string{"bisindolylmaleimide I", "GF 109203X", "BIM I", "Go 6850"},
			Target: TargetPKC, Potency: 0.02, Measure: "IC50", Hill: 1, Usual: 1, Route: "bath",
			Source: "IC50 10-20 nM for PKC alpha/beta, Toullec et al. 1991 JBC 266:15771 [M]; slice use 0.5-2 uM [M]",
			Note:   "ATP-competitive: cellular potency lower than in vitro (not modelled)",
		},
		{
			Name: "PKC(19-36)", Aliases: []string{"PKC 19-36", "PKCI", "PKC pseudosubstrate peptide", "PKC inhibitory peptide"},
			Target: TargetPKC, Potency: 0.15, Measure: "Ki", Hill: 1, Usual: 20, Route: "pipette",
			Source: "Ki 0.15 uM, pseudosubstrate of PKC, House & Kemp 1987 Science 238:1726 [M]; pipette PKC inhibitors block PF-LTD (Linden & Connor 1991 [M]; K7 of science.md)",
		},
		{
			Name: "CPCCOEt", Aliases: []string{"CPCCOEt"},
			Target: TargetMGluR1, Potency: 6.5, Measure: "IC50", Hill: 1, Usual: 100, Route: "bath",
			Source: "IC50 6.5 uM at mGluR1, non-competitive, Litschig et al. 1999 Mol Pharmacol 55:453 [M]; mGluR1 is needed for PF-LTD (Aiba et al. 1994 Cell 79:377 [M])",
		},
		{
			Name: "LY367385", Aliases: []string{"LY 367385"},
			Target: TargetMGluR1, Potency: 8.8, Measure: "IC50", Hill: 1, Usual: 100, Route: "bath",
			Source: "IC50 8.8 uM at mGluR1a, Clark et al. 1997 Bioorg Med Chem Lett 7:2777 [M]",
		},
		{
			Name: "L-NNA", Aliases: []string{"NNA", "L-NOARG", "nitro-L-arginine", "Nw-nitro-L-arginine"},
			Target: TargetNOS, Potency: 1, Measure: "IC50", Hill: 1, Usual: 100, Route: "bath",
			Source: "potency at nNOS in tissue about 1 uM [A: Ki about 15 nM for purified nNOS, competitive with arginine, Furfine et al. 1993 [M]]; 100 uM blocks PF-LTP: Lev-Ram et al. 2002 Neuron 33:765 [M]",
		},
		{
			Name: "L-NAME", Aliases: []string{"NAME", "N-nitro-L-arginine methyl ester"},
			Target: TargetNOS, Potency: 10, Measure: "IC50", Hill: 1, Usual: 100, Route: "bath",
			Source: "about 10 uM in tissue [A: a prodrug of L-NNA, about 30x weaker in vitro, Pfeiffer et al. 1996 [M]]; 100 uM-1 mM in slices [M]",
		},
		{
			Name:   "nimodipine",
			Target: TargetLType, Potency: 0.1, Measure: "IC50", Hill: 1, Usual: 10, Route: "bath",
			Source: "IC50 about 0.1 µM [M]; acts at 100 nM on aged rabbit CA1 Ca2+ spikes and at 10 µM in young ones, Moyer & Disterhoft 1994 Hippocampus 4:11 [V-abs]; " +
				"L-type block abolishes STDP-LTD: Bi & Poo 1998 [V-abs, science.md]",
			Note: "dihydropyridine potency depends on holding potential (stronger when depolarised), not modelled; " +
				"> 10 µM also blocks R-type channels (Oh 2001 Korean J Physiol Pharmacol 5:511 [V-abs]), which the ltype key does not include",
		},
		{
			Name: "KT5720", Aliases: []string{"KT 5720"},
			Target: TargetPKA, Potency: 0.056, Measure: "Ki", Hill: 1, Usual: 1, Route: "bath",
			Source: "Ki 56 nM, Kase et al. 1987 BBRC 142:436 [M]; ATP-competitive, IC50 3.3 µM at 0.1 mM ATP (Davies et al. 2000 Biochem J 351:95) [V-abs: en.wikipedia.org/wiki/KT5720]; slice use 1 µM [M]",
			Note: "ATP competition is not modelled: at mM cytosolic ATP the effective IC50 is well above the Ki, so 1 µM may block PKA far less than the 95% this model gives; " +
				"also inhibits phosphorylase kinase (IC50 11 nM) and PDK1 (300 nM) [V-abs, same page]",
		},
		{
			Name: "PKI(6-22)", Aliases: []string{"PKI 6-22", "PKI(6-22) amide", "PKI 6-22 amide", "PKI"},
			Target: TargetPKA, Potency: 0.002, Measure: "Ki", Hill: 1, Usual: 20, Route: "pipette",
			Source: "Ki about 2 nM, pseudosubstrate peptide of the heat-stable PKA inhibitor [M]; PKI as the specific PKA inhibitor: Liu et al. 2020 Front Physiol 11:574030 [V-abs]; pipette use 10–20 µM [M]",
			Note:   "not membrane-permeant: pipette only (the myristoylated PKI(14-22) is the bath form, not listed)",
		},
		{
			Name: "BAPTA", Aliases: []string{"BAPTA-K4"},
			Target: TargetBAPTA, Usual: 10_000, Route: "pipette",
			Source: "postsynaptic BAPTA prevents LFS-LTD, Mulkey & Malenka 1992 Neuron 9:967 [V-abs: ncbi.nlm.nih.gov/pubmed/1419003]; pipette 10–20 mM [M]; kinetics in spine.BAPTA (Naraghi & Neher 1997) [M]",
			Note:   "the concentration is the added intracellular buffer, taken as the pipette concentration after full dialysis",
		},
		{
			Name:   "EGTA",
			Target: TargetEGTA, Usual: 10_000, Route: "pipette",
			Source: "intracellular EGTA blocks LTP: Lynch et al. 1983 Nature 305:719 [M], CA3–CA3 HFS-LTP, Mishra et al. 2016 Nat Commun 7:11552 [V-abs, science.md]; pipette about 10 mM [M]; kinetics in spine.EGTA (Naraghi & Neher 1997) [M]",
			Note:   "the concentration is the added intracellular buffer, taken as the pipette concentration after full dialysis",
		},
	}
}

// drugKey is the form names are matched in: lower-case letters and digits
// only, so "FK-506", "fk 506" and "FK506" are one name.
func drugKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// findDrug resolves a drug name or alias, ignoring case, spaces, hyphens
// and brackets.
func findDrug(name string) (DrugInfo, bool) {
	k := drugKey(name)
	if k == "" {
		return DrugInfo{}, false
	}
	for _, d := range Drugs() {
		if drugKey(d.Name) == k {
			return d, true
		}
		for _, a := range d.Aliases {
			if drugKey(a) == k {
				return d, true
			}
		}
	}
	return DrugInfo{}, false
}

// drugNames lists the canonical drug names, sorted ignoring case, for error
// messages.
func drugNames() string {
	var n []string
	for _, d := range Drugs() {
		n = append(n, d.Name)
	}
	slices.SortFunc(n, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return strings.Join(n, ", ")
}

// Effects is what a set of doses does to the model. The first seven fields
// are the fractions of each target left active, in [0, 1] (1 = untreated);
// BAPTA and EGTA are the added intracellular buffer concentrations [µM]
// (0 = none). Use drugEffects, not the zero value, which would mean every
// target fully blocked.
type Effects struct {
	NMDA        float64 // NMDA receptor conductance [1]
	CaMKII      float64 // CaMKII catalytic activity [1] (cascade CaMKIIScale)
	CaN         float64 // calcineurin catalytic activity [1] (cascade CaNScale)
	PP1         float64 // PP1 and PP2A catalytic activity [1] (cascade PP1Scale)
	PKA         float64 // PKA catalytic activity [1] (cascade PKAScale)
	LType       float64 // L-type Ca²⁺ channel current [1] (spine s_L)
	Endocytosis float64 // clathrin/dynamin endocytosis, both sides [1] (spine.IntactEndocytosis().Block(1 − Endocytosis))
	BAPTA, EGTA float64 // added buffer [µM] (spine.BAPTA, spine.EGTA)
	NMDAAgonist float64 // NMDA receptor occupancy by a bath agonist [1] (spine NMDA.Tonic)
	AMPAAgonist float64 // AMPA receptor occupancy by a bath agonist [1] (spine AMPA.Tonic/ampaSteadyOpen, cascade Ligand)
	PKC         float64 // PKC catalytic activity [1] (purkinje PKC.Activity)
	MGluR1      float64 // mGluR1 not blocked [1] (purkinje MGluR.Open)
	NOS         float64 // NO synthase activity [1] (purkinje Nitric.NOS)
}

// Open is the active fraction of a blocker target (1 for a buffer key or an
// unknown one).
func (e Effects) Open(t DrugTarget) float64 {
	switch t {
	case TargetNMDA:
		return e.NMDA
	case TargetCaMKII:
		return e.CaMKII
	case TargetCaN:
		return e.CaN
	case TargetPP1:
		return e.PP1
	case TargetPKA:
		return e.PKA
	case TargetLType:
		return e.LType
	case TargetEndocytosis:
		return e.Endocytosis
	case TargetPKC:
		return e.PKC
	case TargetMGluR1:
		return e.MGluR1
	case TargetNOS:
		return e.NOS
	}
	return 1
}

// drugEffects computes the Effects of doses. Doses of one drug (by any of
// its names) add their concentrations; different drugs on one target act at
// independent sites, so their open fractions multiply. Unknown names are
// skipped: checkDrugs reports them.
func drugEffects(doses []DrugDose) Effects {
	e := Effects{NMDA: 1, CaMKII: 1, CaN: 1, PP1: 1, PKA: 1, LType: 1, Endocytosis: 1, PKC: 1, MGluR1: 1, NOS: 1}
	conc := map[string]float64{}
	var order []DrugInfo
	for _, d := range doses {
		info, ok := findDrug(d.Name)
		if !ok || !(d.Conc > 0) {
			continue
		}
		if _, seen := conc[info.Name]; !seen {
			order = append(order, info)
		}
		conc[info.Name] += d.Conc
	}
	for _, info := range order {
		c := conc[info.Name]
		f := info.Open(c)
		switch info.Target {
		case TargetNMDA:
			e.NMDA *= f
		case TargetCaMKII:
			e.CaMKII *= f
		case TargetCaN:
			e.CaN *= f
		case TargetPP1:
			e.PP1 *= f
		case TargetPKA:
			e.PKA *= f
		case TargetLType:
			e.LType *= f
		case TargetEndocytosis:
			e.Endocytosis *= f
		case TargetBAPTA:
			e.BAPTA += c
		case TargetEGTA:
			e.EGTA += c
		case TargetNMDAAgonist:
			e.NMDAAgonist = 1 - (1-e.NMDAAgonist)*f // occupancy c/(c + EC50) = 1 − Open
		case TargetAMPAAgonist:
			e.AMPAAgonist = 1 - (1-e.AMPAAgonist)*f
		case TargetPKC:
			e.PKC *= f
		case TargetMGluR1:
			e.MGluR1 *= f
		case TargetNOS:
			e.NOS *= f
		}
	}
	return e
}

// nmdaBlock is the fraction of NMDA-receptor current blocked by the drugs.
func nmdaBlock(doses []DrugDose) float64 { return 1 - drugEffects(doses).NMDA }

// checkDrugs reports the first unknown drug, listing the known names.
func checkDrugs(doses []DrugDose) error {
	for i, d := range doses {
		if _, ok := findDrug(d.Name); !ok {
			allowed := "a known drug: " + drugNames() + " (or an alias, e.g. AP5 for APV)"
			if bathIon(d.Name) {
				allowed += `; bath ions are not drugs: set bath: {ca: "2 mM", mg: "1 mM"}, and mg: "0 mM" for a Mg2+-free solution`
			}
			return &FieldError{Path: "drugs[" + itoa(i) + "].name", Value: d.Name, Allowed: allowed}
		}
	}
	return nil
}

// bathIon reports whether an unknown drug name looks like a bath ion
// (Mg-free, calcium, …), to point at the bath field.
func bathIon(name string) bool {
	k := drugKey(name)
	return strings.Contains(k, "mg") || strings.Contains(k, "magnes") || strings.Contains(k, "calcium") ||
		k == "ca" || strings.HasPrefix(k, "ca2") || strings.HasPrefix(k, "cao")
}

// checkDrugsFor checks doses for a tier whose model contains the targets
// in supported (DrugTarget keys as strings, e.g. []string{"nmda"}). An
// unknown drug is reported as by checkDrugs; a known drug whose target the
// tier does not model is a *FieldError at drugs[i].name, e.g.
//
//	drugs[0].name: "FK506": a drug whose target the shouval tier models (nmda);
//	FK506 acts on calcineurin, modelled by the mechanistic tier
//
// A tier calls it from its build function with its own list. It panics on
// a supported key that is not a DrugTarget (a bug in the tier, not the spec).
func checkDrugsFor(tier string, supported []string, doses []DrugDose) error {
	for _, s := range supported {
		if _, ok := targetInfo(DrugTarget(s)); !ok {
			panic(fmt.Sprintf("experiment: checkDrugsFor(%q): unknown drug target %q", tier, s))
		}
	}
	if err := checkDrugs(doses); err != nil {
		return err
	}
	for i, d := range doses {
		info, _ := findDrug(d.Name)
		if slices.Contains(supported, string(info.Target)) {
			continue
		}
		want := "no drug: the " + tier + " tier models no drug target"
		if len(supported) > 0 {
			want = "a drug whose target the " + tier + " tier models (" + strings.Join(supported, ", ") + ")"
		}
		ti, _ := targetInfo(info.Target)
		return &FieldError{Path: "drugs[" + itoa(i) + "].name", Value: d.Name,
			Allowed: fmt.Sprintf("%s; %s acts on %s, modelled by %s", want, info.Name, info.Target, ti.ModelledBy)}
	}
	return nil
}

// DrugTable renders the drug table as Markdown (name, aliases, target,
// potency, usual concentration, source and caveats), for docs and the CLI.
func DrugTable() string {
	var b strings.Builder
	b.WriteString("| drug | aliases | target | potency | usual | source | not modelled |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, d := range Drugs() {
		pot := "— (buffer: the dose is the added concentration)"
		if d.Potency > 0 {
			pot = d.Measure + " " + concText(d.Potency)
			if d.Hill != 1 && d.Hill != 0 {
				pot += ", n = " + strconv.FormatFloat(d.Hill, 'g', -1, 64)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s (%s) | %s | %s |\n",
			d.Name, strings.Join(d.Aliases, ", "), d.Target, pot, concText(d.Usual), d.Route,
			mdCell(d.Source), mdCell(d.Note))
	}
	return b.String()
}

// concText writes a concentration [µM] in the unit that reads best.
func concText(c float64) string {
	f := func(v float64, unit string) string { return strconv.FormatFloat(v, 'g', 3, 64) + " " + unit }
	switch {
	case c >= 1000:
		return f(c/1000, "mM")
	case c >= 0.1:
		return f(c, "µM")
	case c >= 1e-4:
		return f(c*1000, "nM")
	default:
		return f(c*1e6, "pM")
	}
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
