package purkinje

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// GluA2 is the trafficking of the PF synapse's GluA2-containing AMPA
// receptors, copies per spine, in three places (PSD: anchored by GRIP in a
// limited number of slots; Ext: the extrasynaptic surface; Int: inside)
// and two S880 states (U: dephosphorylated, GRIP-binding; P:
// phosphorylated, PICK1-binding):
//
//	U → P   PKC: kPhos·Activity·PKC*/N  everywhere; outside the PSD also
//	        kBasal (basal kinases; GRIP-bound receptors are protected)
//	P → U   phosphatases: φ0 (PP2A) on the surface; inside φ0 + φCaN·CaN(Ca),
//	        CaN = Caⁿ/(Caⁿ + KCaNⁿ)·CaNOpen (calcineurin → PP1 frees internal
//	        receptors from PICK1 for reinsertion); PPOpen scales both
//	ExtU → PsdU   kAnc·(1 + gAnc·n)·(free slots/Slots): S-nitrosylated NSF
//	              frees GluA2 from PICK1 for GRIP (Kakegawa & Yuzaki 2005)
//	PsdU → ExtU   kUn (slow: anchored receptors stay)
//	PsdP → ExtP   kUnP (S880-P leaves GRIP: Chung et al. 2003 [M])
//	ExtP → IntP   kEndoP·Endo (PICK1, clathrin/dynamin)   ExtU → IntU   kEndoU·Endo
//	IntU → ExtU   kExoU·IntU + VNSF·n·IntU/(IntU + KNSF) (NSF, S-nitrosylated
//	              fraction n; NSF copies limit the reinsertion)
//	IntP → ExtP   kExoP
//
// Endo is the postsynaptic clathrin/dynamin level (1 = intact): the same
// machinery parameter as CA1's regulated endocytosis and presynaptic
// vesicle retrieval. The total is conserved. The strength of the synapse
// is the surface count (PSD + extrasynaptic) relative to rest: endocytosis
// takes receptors out of the EPSP (blocking it blocks LTD, Wang & Linden
// 2000 [M]), and anchoring protects inserted ones from it.
type GluA2 struct {
	Total   float64 // receptors per spine [1]
	Slots   float64 // PSD anchoring slots [1]
	KPhos   float64 // S880 phosphorylation at full PKC [1/ms]
	KBasal  float64 // basal S880 phosphorylation inside [1/ms]
	KBasalX float64 // basal S880 phosphorylation on the extrasynaptic surface [1/ms]
	Phi0    float64 // basal dephosphorylation (PP2A) [1/ms]
	PhiCaN  float64 // dephosphorylation at full calcineurin [1/ms]
	KCaN    float64 // Ca²⁺ at half calcineurin activation [µM]
	NCaN    float64 // Hill coefficient of calcineurin activation [1]
	CaNOpen float64 // calcineurin not inhibited [1]
	PPOpen  float64 // PP1/PP2A not inhibited [1] (scales φ0 and the calcineurin-driven part)
	KAnc    float64 // anchoring into free slots [1/ms]
	GAnc    float64 // gain of S-nitrosylated NSF on anchoring [1]
	KUn     float64 // release of U receptors from GRIP [1/ms]
	KUnP    float64 // release of P receptors from GRIP [1/ms]
	KEndoP  float64 // endocytosis of P receptors [1/ms]
	KEndoU  float64 // endocytosis of U receptors [1/ms]
	KExoU   float64 // exocytosis of U receptors without S-nitrosylated NSF [1/ms]
	VNSF    float64 // NSF-driven reinsertion at full S-nitrosylation [receptors/ms]
	KNSF    float64 // internal U receptors at half the NSF-driven rate [1]
	KExoP   float64 // exocytosis of P receptors [1/ms]
	Endo    float64 // clathrin/dynamin level [1]
}

// DefaultGluA2 returns the values documented in Fields.
func DefaultGluA2() GluA2 {
	perS := 1 / units.Second
	return GluA2{Total: 150, Slots: 100, KPhos: 1.0 / 120 * perS, KBasal: 1.0 / 10 * perS, KBasalX: 1.0 / 20 * perS,
		Phi0: 1.0 / 600 * perS, PhiCaN: 40 * perS, KCaN: 0.35, NCaN: 6, CaNOpen: 1, PPOpen: 1,
		KAnc: 2.5e-3 * perS, GAnc: 20, KUn: 1.0 / (15 * 3600) * perS, KUnP: 1.0 / 30 * perS,
		KEndoP: 1.0 / 60 * perS, KEndoU: 1.0 / 3600 * perS, KExoU: 1.0 / 3600 * perS, VNSF: 4 * perS, KNSF: 50, KExoP: 1.0 / 120 * perS, Endo: 1}
}

// Fields lists the parameters with units and sources.
func (p *GluA2) Fields() []units.Field {
	f, d, c := units.Frequency, units.Dimensionless, units.Concentration
	return []units.Field{
		{Name: "glua2_total", Dim: d, Value: &p.Total, Doc: "GluA2 receptors per spine; 150 [A]"},
		{Name: "psd_slots", Dim: d, Value: &p.Slots, Doc: "PSD anchoring (GRIP) slots; 100 [A]"},
		{Name: "k_phos", Dim: f, Value: &p.KPhos, Doc: "S880 phosphorylation at full PKC; 1/(2 min) [A, fitted here by hand to K1 and K2 (papers/cases/purkinje-k1-*, -k2-*), so those two are not predictions]"},
		{Name: "k_basal", Dim: f, Value: &p.KBasal, Doc: "basal S880 phosphorylation of internal receptors; 1/(10 s) [A: internal GluA2 mostly S880-P, PICK1-bound]"},
		{Name: "k_basal_ext", Dim: f, Value: &p.KBasalX, Doc: "basal S880 phosphorylation of extrasynaptic receptors; 1/(20 s) [A: receptors outside GRIP are PICK1-bound]"},
		{Name: "phi0", Dim: f, Value: &p.Phi0, Doc: "basal S880 dephosphorylation (PP2A); 1/(10 min) [A]"},
		{Name: "phi_can", Dim: f, Value: &p.PhiCaN, Doc: "dephosphorylation of internal receptors at full calcineurin (via PP1); 40/s [A, fitted here by hand to K1 and K2 (papers/cases/purkinje-k1-*, -k2-*), so those two are not predictions]; PF-LTP needs PP1, PP2A and PP2B, Belmeguenai & Hansel 2005 [M]"},
		{Name: "k_can", Dim: c, Value: &p.KCaN, Doc: "Ca2+ at half calcineurin activation; 0.35 uM [A: high-affinity CaM-CaN, below PKC's range]"},
		{Name: "n_can", Dim: d, Value: &p.NCaN, Doc: "Hill coefficient of the calcineurin -> PP1 path; 6 [A: CaM and CaN B together, steep; fitted here by hand to K1 and K2 (papers/cases/purkinje-k1-*, -k2-*), so those two are not predictions]", Min: 0.1, Max: 20},
		{Name: "can_open", Dim: d, Value: &p.CaNOpen, Doc: "calcineurin not inhibited; 1 (set by FK506, cyclosporin A)", Min: 0, Max: 1},
		{Name: "pp_open", Dim: d, Value: &p.PPOpen, Doc: "PP1/PP2A not inhibited; 1 (set by okadaic acid, calyculin A)", Min: 0, Max: 1},
		{Name: "k_anchor", Dim: f, Value: &p.KAnc, Doc: "anchoring into free PSD slots without S-nitrosylated NSF; 0.0025/s [A, fitted here by hand to K1 and K2 (papers/cases/purkinje-k1-*, -k2-*), so those two are not predictions]"},
		{Name: "g_anchor", Dim: d, Value: &p.GAnc, Doc: "gain of S-nitrosylated NSF on anchoring; 20 [A, fitted here by hand to K1 and K2 (papers/cases/purkinje-k1-*, -k2-*), so those two are not predictions]; NSF dissociates PICK1 from GluA2, Kakegawa & Yuzaki 2005 [M]"},
		{Name: "k_unanchor", Dim: f, Value: &p.KUn, Doc: "release of S880-U receptors from GRIP; 1/(15 h) [A: LTP lasts hours]"},
		{Name: "k_unanchor_p", Dim: f, Value: &p.KUnP, Doc: "release of S880-P receptors from GRIP; 1/(30 s) [A: S880-P disrupts GRIP binding, Chung et al. 2003 [M]]"},
		{Name: "k_endo_p", Dim: f, Value: &p.KEndoP, Doc: "PICK1/clathrin endocytosis of S880-P receptors; 1/min [A: LTD expression within minutes, Wang & Linden 2000 [M]]"},
		{Name: "k_endo_u", Dim: f, Value: &p.KEndoU, Doc: "constitutive endocytosis of S880-U receptors; 1/h [A]"},
		{Name: "k_exo_u", Dim: f, Value: &p.KExoU, Doc: "exocytosis of S880-U receptors without S-nitrosylated NSF; 1/h [A: NSF-GluA2 binding keeps AMPARs on the surface, Nishimune et al. 1998 [M]]"},
		{Name: "v_nsf", Dim: f, Value: &p.VNSF, Doc: "NSF-driven reinsertion at full S-nitrosylation [receptors/ms]; 4/s [A, fitted here by hand to K1 and K2 (papers/cases/purkinje-k1-*, -k2-*), so those two are not predictions]; Kakegawa & Yuzaki 2005 [M]"},
		{Name: "k_nsf", Dim: d, Value: &p.KNSF, Doc: "internal S880-U receptors at half the NSF rate; 50 [A]"},
		{Name: "k_exo_p", Dim: f, Value: &p.KExoP, Doc: "exocytosis of S880-P receptors; 1/(120 s) [A: with k_endo_p, about 55% of the receptors on the surface at rest and a bounded LTD]"},
		{Name: "endo_post", Dim: d, Value: &p.Endo, Doc: "postsynaptic clathrin/dynamin level (1 = intact), shared with CA1 and vesicle retrieval; set by dynamin inhibitors"},
	}
}

// Validate checks the parameters.
func (p GluA2) Validate() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"Total", p.Total}, {"Slots", p.Slots}, {"KCaN", p.KCaN}, {"NCaN", p.NCaN}, {"KNSF", p.KNSF}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: GluA2.%s = %g: must be > 0 and finite", c.name, c.v)
		}
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"KPhos", p.KPhos}, {"KBasal", p.KBasal}, {"KBasalX", p.KBasalX}, {"Phi0", p.Phi0}, {"PhiCaN", p.PhiCaN}, {"KAnc", p.KAnc}, {"GAnc", p.GAnc}, {"KUn", p.KUn},
		{"KUnP", p.KUnP}, {"KEndoP", p.KEndoP}, {"KEndoU", p.KEndoU}, {"KExoU", p.KExoU}, {"VNSF", p.VNSF}, {"KExoP", p.KExoP}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return fmt.Errorf("purkinje: GluA2.%s = %g: must be >= 0 and finite", c.name, c.v)
		}
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"CaNOpen", p.CaNOpen}, {"PPOpen", p.PPOpen}, {"Endo", p.Endo}} {
		if !(c.v >= 0 && c.v <= 1) {
			return fmt.Errorf("purkinje: GluA2.%s = %g: must be in [0, 1]", c.name, c.v)
		}
	}
	return nil
}

// CaN is calcineurin's activity at Ca²⁺ ca [1].
func (p GluA2) CaN(ca float64) float64 {
	cn := pow(max(ca, 0)/p.KCaN, p.NCaN)
	return p.CaNOpen * cn / (cn + 1)
}

// phi is the dephosphorylation rate [1/ms] at Ca²⁺ ca.
func (p GluA2) phi(ca float64) float64 { return p.PPOpen * (p.Phi0 + p.PhiCaN*p.CaN(ca)) }
