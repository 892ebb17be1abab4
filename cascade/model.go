package cascade

import (
	"fmt"
	"math"

	"github.com/synlab/synlab/units"
)

// State vector indices. Enzymes are concentrations [µM]; receptors (from
// T00 on) are copy numbers per spine. Receptor suffixes give the phosphorylation
// of S845 then of the PDZ site (1 = phosphorylated).
const (
	CaMKIIU     = iota // unphosphorylated CaMKII subunits [µM]
	CaMKIIP            // T286-phosphorylated subunits [µM]
	CaNI               // inactive calcineurin [µM]
	CaNA               // active calcineurin (Ca²⁺/CaM-bound) [µM]
	PKAI               // inactive PKA [µM]
	PKAA               // active PKA [µM]
	I1D                // dephosphorylated inhibitor-1 [µM]
	I1P                // free phospho-inhibitor-1 [µM]
	PP1F               // free (active) PP1 [µM]
	PP1I               // PP1·I-1P complex (inactive) [µM]
	CaMFree            // free CaM, C lobe not Ca²⁺-loaded [µM] (calmodulin.go; explicit CaM only)
	CaMC               // free CaM with its C lobe Ca²⁺-loaded (Ca₂-C, N lobe in rapid equilibrium) [µM]
	CkCaM              // CaMKII subunits with CaM bound [µM] (= CaM bound to CaMKII)
	CaNCaM             // CaM bound to calcineurin [µM] (= CaN*, explicit CaM only)
	CkNoCaM            // CaMKII subunits without CaM [µM]
	CAMP               // cAMP made by Ca²⁺/CaM-stimulated AC1 [µM] (explicit CaM only)
	CAMPDone           // cumulative cAMP hydrolysed by phosphodiesterase [µM] (a counter)
	T00                // PSD-trapped receptors, S845 D, PDZ D [count]
	T10                // trapped, S845 P, PDZ D
	T01                // trapped, S845 D, PDZ P
	T11                // trapped, S845 P, PDZ P
	M00                // surface non-trapped receptors, S845 D, PDZ D [count]
	M10                // surface, S845 P, PDZ D
	M01                // surface, S845 D, PDZ P
	M11                // surface, S845 P, PDZ P
	IntD               // recycling-endosome receptors, S845 D [count]
	IntP               // recycling-endosome receptors, S845 P [count]
	Late               // late endosome / lysosome [count]
	Degraded           // cumulative degraded receptors [count]
	Synthesised        // cumulative synthesised receptors [count]
	Endocytosed        // cumulative endocytosed receptors, every route [count]
	Exocytosed         // cumulative exocytosed (reinserted) receptors [count]
	CkB                // GluN2B sites with CaMKII bound (translocated CaMKII) [count] (psd.go)
	CkF                // free GluN2B sites [count]
	TarpP              // PP1-labile TARP slots, phosphorylated (working) [count] (tarp.go)
	TarpD              // PP1-labile TARP slots, dephosphorylated (no slot) [count]
	CkN                // GluN2B sites holding CaMKII set by a pre→post coincidence, T286 shielded [count] (nano.go)
	NState
)

// firstReceptor is the first receptor index; enzymes come before it.
const firstReceptor = T00

// names are the CSV-ready state names with units, in index order.
var names = [NState]string{
	"camkii_uM", "camkii_p_uM", "can_uM", "can_active_uM", "pka_uM", "pka_active_uM",
	"i1_uM", "i1_p_uM", "pp1_active_uM", "pp1_i1p_uM",
	"cam_free_uM", "cam_c_uM", "camkii_cam_uM", "can_cam_uM", "camkii_nocam_uM", "camp_uM", "camp_hydrolysed_uM",
	"ampar_psd_00", "ampar_psd_10", "ampar_psd_01", "ampar_psd_11",
	"ampar_surface_00", "ampar_surface_10", "ampar_surface_01", "ampar_surface_11",
	"ampar_internal_d", "ampar_internal_p", "ampar_late", "ampar_degraded", "ampar_synthesised",
	"ampar_endocytosed", "ampar_exocytosed",
	"camkii_psd_bound", "camkii_psd_free_sites", "tarp_slots_p", "tarp_slots_d", "camkii_psd_coincident",
}

// Names returns the state names (with units) in index order.
func Names() []string { return names[:] }

// Unit conversions for literals quoted per second.
const (
	perS      = 1 / units.Second // 1/s in 1/ms
	perMicroS = 1 / units.Second // 1/(µM s) in 1/(µM·ms)
)

// Params is the whole cascade: mechanisms, resting Ca²⁺ and the
// pharmacology knobs (plain fractions, 1 = untreated).
type Params struct {
	CaRest float64 // resting spine Ca²⁺ [µM]; 0.07, spine.Default() rest (GluSynapse 70 nM, docs/sources.md §5.9); Urakubo 0.05
	Volume float64 // V, reaction volume for copy numbers (stochastic mode only) [fL]; 0.087, spine head, GluSynapse volume_CR (docs/sources.md §3.3)

	CaM     CaM // explicit calmodulin (CA1Quantal); Total = 0: instantaneous Hill occupancies
	CaMKII  CaMKII
	CaN     CaN
	PKA     PKA
	I1      I1
	PP1     PP1
	PP2A    PP2A
	AMPAR   AMPAR
	Traffic Traffic
	PSD     PSD
	TARP    TARP
	Nano    Nano // nanodomain trigger of GluN2B-bound CaMKII (nano.go); Bind = 0: off

	CaMKIIScale float64 // CaMKII catalytic activity [1]; 0 = KN-62/KN-93
	CaNScale    float64 // calcineurin catalytic activity [1]; 0 = FK506/cyclosporin A
	PP1Scale    float64 // PP1 catalytic activity [1]; 0 = PP1 fully blocked (okadaic acid at µM, calyculin A, tautomycetin)
	PP2AScale   float64 // PP2A catalytic activity [1]; 0 = PP2A fully blocked (okadaic acid from about 1 nM, calyculin A)
	PKAScale    float64 // PKA catalytic activity [1]; 0 = PKA inhibitor
	EndoPost    float64 // postsynaptic clathrin/dynamin level [1] (spine.Endocytosis.Post); 0 = dynamin block
	Ligand      float64 // AMPA-only agonist occupancy driving ligand endocytosis [1]; 0 = none
}

// Default returns the trimmed Urakubo-type model fitted to the spine's own
// Ca²⁺ (SpineLikeTrain; docs/cascade-model.md, "The Urakubo variant"). It
// differs from UrakuboOriginal in three mechanisms and in its fitted
// values:
//
//   - CaN dephosphorylates I-1 bound to PP1 (I1.KCaNComplex > 0), which
//     makes 1 Hz LFS release PP1 (M1);
//   - PP2A, which inhibitor-1 does not regulate, also dephosphorylates
//     CaMKII T286 (CaMKII.KCat2A), so the DOWN state survives LFS when
//     calcineurin is blocked (B13);
//   - CaN acts on GluA1 S845 and the PDZ site only through I-1/PP1
//     (AMPAR.CaN845 = AMPAR.CaNPDZ = 0), so okadaic acid blocks LTD (B12);
//
// and it rests at the spine's 0.07 µM.
func Default() Params {
	p := UrakuboOriginal()
	p.CaRest = 0.07                              // spine.Default() rest
	p.I1.KCaNComplex = 0.5 * perMicroS           // fitted here (M1, on the earlier 1 µM × 12 ms drive; kept)
	p.CaMKII.K, p.CaMKII.N = 35, 1               // fitted here (CaMKII window, spine drive)
	p.CaMKII.KCat = 3.5 * perS                   // fitted here (CaMKII window: 5 Hz stays DOWN, UP survives the PP1 release after 10 Hz)
	p.CaMKII.KCat2A, p.CaMKII.KM2A = 9*perS, 0.4 // KCat2A fitted here (CaMKII window); KM2A assumed = KM
	p.PKA.K = 3                                  // fitted here (B13: PKA not driven by LFS; B6 crossover)
	p.AMPAR.CaN845, p.AMPAR.CaNPDZ = 0, 0        // CaN acts on GluA1 through PP1 only (B12, Mulkey 1993/1994)
	return p
}

// CA1 returns the CA1 decoder: the cascade whose Ca²⁺ thresholds belong
// to the mechanism (docs/cascade-model.md, "The CA1 decoder"). It keeps
// the species and reactions of Default and changes how they are used:
//
//   - CaMKII is the Graupner & Brunel (2007) switch (200 µM subunits in the
//     PSD, PP1 kcat 6000 /s, KM 0.4 µM, k6 = k7 = 6 /s) initiated through
//     Zhabotinsky's (2000) low-affinity CaM branch, h(Ca; 4 µM, 4): the
//     kinase threshold lies at spine Ca²⁺ of 3–5 µM;
//   - calcineurin (h(Ca; 0.7 µM, 3), Zhabotinsky 2000) dephosphorylates
//     inhibitor-1 free or bound to PP1, so PP1 is released by titration
//     once calcineurin outruns basal PKA on I-1: a threshold on the
//     running mean of calcineurin activity that 1 Hz trains cross and
//     0.5 Hz trains barely reach;
//   - PKA rises steeply near 4.3 µM (Hill 8, as GB 2007's CaM-dependent
//     PKA) and outlasts calcineurin (60 s), gating PP1 during and after
//     LTP-inducing drives;
//   - expression: S845-D surface receptors are endocytosed at a rate set
//     by active calcineurin (dynamin-dependent), endosomal receptors keep
//     their S845 state so this route ends in lysosomes (LTD kept until
//     synthesis replaces the receptors, about a day), CaMKII bound at the
//     PSD adds trapping capacity while it stays switched UP (LTP graded by
//     dose, kept) and holds back the regulated endocytosis (psd.go).
//
// Every value and its source or fit: docs/cascade-model.md; the fitted
// ones are listed there and in the Fields docs.
func CA1() Params {
	p := Default()
	p.CaRest = 0.07
	p.CaMKII = CaMKII{Total: 200, K: 4, N: 4, KInit: 6 * perS, KAuto: 6 * perS, Basal: 0.003,
		KCat: 6000 * perS, KM: 0.4, KCat2A: 0, KM2A: 0.4}
	p.CaN = CaN{Total: 3, K: 0.7, N: 3, KOn: 0.04 * perS, KOff: 0.04 * perS}
	p.PKA = PKA{Total: 2, KCa: 1 * perS, K: 4.3, N: 8, KOff: 1 / (60 * units.Second)}
	p.PKA.KBasal = p.PKA.basalFor(pkaRest, p.CaRest)
	p.I1.KCaNComplex = p.I1.KCaN
	p.AMPAR.CaN845, p.AMPAR.CaNPDZ, p.AMPAR.CKPDZ, p.AMPAR.Internal = 0, 0, 0, 0
	t := &p.Traffic
	t.Scaffold, t.Slots = 200, 150
	t.TrapP = t.TrapD
	t.EndoD, t.EndoCaN = 0, 0.06*perMicroS
	t.EndoP, t.Exo = 1/(30*units.Minute), 1/(9*units.Minute)
	t.LysoP, t.SynthP = 1/(10*units.Hour), 1
	t.Synthesis = 0.09 / units.Minute
	p.PSD = PSD{Sites: 100, Bind: 0.8 * perS, Unbind: 1 / units.Minute, Holo: 12, Gain: 0.8, Protect: 50}
	return p
}

// UrakuboOriginal returns the model with the rates of the Urakubo et al.
// (2008) Go port for every part it shares with it, and no CaN action on
// PP1-bound I-1. Its CaMKII switch keeps the values fitted on the earlier
// 1 µM × 12 ms drive (K = 2 µM, N = 2, KCat = 50 /s); PP2A on T286 has the
// port's kcat 0.335 /s and Km 11 µM. Known not to give LTD for
// 900 pulses at 1 Hz.
func UrakuboOriginal() Params {
	return Params{
		CaRest: 0.05,
		Volume: 0.087 * units.Femtoliter,
		CaMKII: CaMKII{Total: 20, K: 2, N: 2, KInit: 6 * perS, KAuto: 6 * perS, KCat: 50 * perS, KM: 0.4,
			KCat2A: 0.335 * perS, KM2A: 11},
		CaN:  CaN{Total: 3, K: 0.7, N: 3, KOn: 0.3 * perS, KOff: 0.04 * perS},
		PKA:  PKA{Total: 2, KBasal: 0.1 * 0.045 / (2 - 0.045) * perS, KCa: 1 * perS, K: 2, N: 4, KOff: 0.1 * perS},
		I1:   I1{Total: 1, KPKA: 5.3 / 8.1 * perMicroS, KCaN: 2.8 / 3 * perMicroS, KPP2A: 2.8 / 3 * perMicroS},
		PP1:  PP1{Total: 0.2, KBind: 500 * perMicroS, KUnbind: 0.1 * perS},
		PP2A: PP2A{Level: 0.005},
		AMPAR: AMPAR{PKA845: 20 * perMicroS, PP1845: 4 * perMicroS, CaN845: 1.5 * perMicroS, PP2A845: 4 * perMicroS,
			CKPDZ: 1 * perMicroS, PP1PDZ: 100 * perMicroS, CaNPDZ: 1 * perMicroS, PP2APDZ: 100 * perMicroS, Internal: 1},
		Traffic: Traffic{Phi: 0.2, Scaffold: 150, Slots: 200,
			TrapP: 0.0417 * perMicroS, TrapD: 0.0025 * perMicroS, Release: 0.0333 * perS,
			EndoD: 1 * perS, EndoP: 1 / (9 * units.Minute), Exo: 1 / (30 * units.Minute),
			Lyso: 1 / (10 * units.Minute), Degrade: 1 / units.Hour, Synthesis: 5 / units.Minute,
			LigandEndo: 1 / (10 * units.Minute)},
		PSD:         PSD{Sites: 1, Holo: 12},
		CaMKIIScale: 1, CaNScale: 1, PP1Scale: 1, PP2AScale: 1, PKAScale: 1, EndoPost: 1,
	}
}

// Fields lists every parameter with its unit and source, for overrides by
// name. Each doc gives the Default value and source, then the CA1 value
// where it differs ("CA1: ..."); "fitted here" names what it was fitted
// to (docs/cascade-model.md lists the fitted constants of each set).
func (p *Params) Fields() []units.Field {
	c, n, k, i, q, a, t, d := &p.CaMKII, &p.CaN, &p.PKA, &p.I1, &p.PP1, &p.AMPAR, &p.Traffic, &p.PSD
	F := units.Frequency
	R := units.Rate
	C := units.Concentration
	D := units.Dimensionless
	return []units.Field{
		{Name: "ca_rest", Dim: C, Value: &p.CaRest, Doc: "resting spine Ca2+; 0.07 uM, spine.Default() rest (GluSynapse 70 nM); Urakubo 2008 0.05"},
		{Name: "volume", Dim: units.Volume, Value: &p.Volume, Doc: "reaction volume for copy numbers (stochastic mode); 0.087 fL spine head, GluSynapse volume_CR"},
		{Name: "cam_total", Dim: C, Value: &p.CaM.Total, Doc: "total calmodulin; 0 = instantaneous Hill occupancies (Default, CA1); CA1Quantal: 100 uM, fitted within the brain range 30-120 uM (Biber 1984 as quoted by Faas 2011; Chang 2019 use 30 uM), docs/ca1-decoder.md"},
		{Name: "cam_c_k1_on", Dim: R, Value: &p.CaM.CK1On, Doc: "CaM C lobe, first Ca2+ association; 2x84 /(mM ms), Faas 2011"},
		{Name: "cam_c_k1_off", Dim: F, Value: &p.CaM.CK1Off, Doc: "CaM C lobe, first Ca2+ dissociation; 2.6 /ms, Faas 2011"},
		{Name: "cam_c_k2_on", Dim: R, Value: &p.CaM.CK2On, Doc: "CaM C lobe, second Ca2+ association; 25 /(mM ms), Faas 2011"},
		{Name: "cam_c_k2_off", Dim: F, Value: &p.CaM.CK2Off, Doc: "CaM C lobe unloading; 2x0.0065 /ms, Faas 2011"},
		{Name: "cam_n_kd1", Dim: C, Value: &p.CaM.NKd1, Doc: "CaM N lobe, first-site Kd; 104 uM, Faas 2011"},
		{Name: "cam_n_kd2", Dim: C, Value: &p.CaM.NKd2, Doc: "CaM N lobe, second-site Kd; 1.37 uM, Faas 2011"},
		{Name: "cam_can_on", Dim: R, Value: &p.CaM.CaNOn, Doc: "C-loaded CaM binding calcineurin (effective activation); fitted here (B1, B2)"},
		{Name: "cam_can_off", Dim: F, Value: &p.CaM.CaNOff, Doc: "Ca2+/CaM loss from calcineurin; 0.04 /s, Urakubo 2008 CaN-CaM kb"},
		{Name: "cam_ck_on4", Dim: R, Value: &p.CaM.KOn4, Doc: "Ca4CaM binding CaMKII; 15 /(uM s), Pepke 2010"},
		{Name: "cam_ck_on2c", Dim: R, Value: &p.CaM.KOn2C, Doc: "Ca2-C-CaM binding CaMKII; 0.5 /(uM s), Pepke 2010"},
		{Name: "cam_ck_off4", Dim: F, Value: &p.CaM.KOff4, Doc: "Ca4CaM leaving CaMKII; 1.5 /s, Pepke 2010"},
		{Name: "cam_ck_off2c", Dim: F, Value: &p.CaM.KOff2C, Doc: "Ca2-C-CaM leaving CaMKII; 6.8 /s, Pepke 2010"},
		{Name: "cam_ck_off2n", Dim: F, Value: &p.CaM.KOff2N, Doc: "Ca2-N-CaM leaving CaMKII; 1.7 /s, Pepke 2010"},
		{Name: "cam_ck_off0", Dim: F, Value: &p.CaM.KOff0, Doc: "apo-CaM leaving CaMKII; 5.5 /s, Pepke 2010"},
		{Name: "cam_ck_keq_c", Dim: units.Dimensionless, Value: &p.CaM.KeqKC, Doc: "Ca2+ affinity K1*K2 of the C lobe of CaMKII-bound CaM [1/uM^2]; 73, Pepke 2010"},
		{Name: "cam_ck_keq_n", Dim: units.Dimensionless, Value: &p.CaM.KeqKN, Doc: "Ca2+ affinity K1*K2 of the N lobe of CaMKII-bound CaM [1/uM^2]; 0.96, Pepke 2010"},
		{Name: "cam_ac_max", Dim: units.Rate, Value: &p.CaM.ACMax, Doc: "cAMP synthesis by fully Ca4CaM-bound AC1 [uM/ms]; a scale (PKA follows cAMP/cam_pka_k)"},
		{Name: "cam_camp_tau", Dim: units.Time, Value: &p.CaM.CAMPTau, Doc: "cAMP hydrolysis time constant; assumed"},
		{Name: "cam_pka_k", Dim: C, Value: &p.CaM.PKAK, Doc: "cAMP for half PKA activation drive; CA1Quantal: 0.025 uM, fitted here (round-3 training rows B4, B1; docs/ca1-decoder.md)"},
		{Name: "cam_pka_n", Dim: D, Value: &p.CaM.PKAN, Doc: "Hill coefficient of PKA activation by cAMP; assumed"},
		{Name: "camkii_total", Dim: C, Value: &c.Total, Doc: "CaMKII subunits; 20 uM, Zhabotinsky 2000 P0; CA1: 200 uM, Graupner & Brunel 2007 (33.3 uM hexamer rings x 6)"},
		{Name: "camkii_k", Dim: C, Value: &c.K, Doc: "Ca2+ for half CaM occupancy of CaMKII; 35 uM, fitted here (CaMKII window, spine drive); CA1: 4 uM, Zhabotinsky 2000 K_H1"},
		{Name: "camkii_n", Dim: D, Value: &c.N, Doc: "Hill coefficient of CaMKII CaM occupancy; 1, fitted here (CaMKII window, spine drive); CA1: 4, Zhabotinsky 2000"},
		{Name: "camkii_k_init", Dim: F, Value: &c.KInit, Doc: "CaMKII initiation; 6 /s, GB 2007 k6"},
		{Name: "camkii_k_auto", Dim: F, Value: &c.KAuto, Doc: "CaMKII intersubunit autophosphorylation; 6 /s, GB 2007 k7"},
		{Name: "camkii_basal", Dim: D, Value: &c.Basal, Doc: "resting CaM access of a subunit next to a T286-P one (autophosphorylation at KAuto*(h + basal)*x); 0; CA1: 0.003, fitted here (bistability window, TestCA1Bistable); CA1Quantal: 0 (resting autophosphorylation only at the PSD, camkii_basal_psd)"},
		{Name: "camkii_basal_psd", Dim: D, Value: &c.BasalPSD, Doc: "resting CaM access of a subunit of a GluN2B-bound holoenzyme next to a T286-P one (autophosphorylation at KAuto*(h + basal + basal_psd*b)*x, b the PSD-bound fraction; Bayer et al. 2001: GluN2B binding keeps CaMKII active and traps CaM); 0; CA1Quantal: fitted here (bistability window, TestCA1QuantalBistable)"},
		{Name: "camkii_kcat_pp1", Dim: F, Value: &c.KCat, Doc: "PP1 kcat on T286; 3.5 /s, fitted here (CaMKII window); CA1: 6000 /s, GB 2007 k12"},
		{Name: "camkii_km_pp1", Dim: C, Value: &c.KM, Doc: "PP1 Km on T286; 0.4 uM, Zhabotinsky 2000 / GB 2007"},
		{Name: "camkii_kcat_pp2a", Dim: F, Value: &c.KCat2A, Doc: "PP2A kcat on T286; 9 /s, fitted here (CaMKII window); Urakubo port 0.335 /s; CA1: 0 (GB 2007 has PP1 only)"},
		{Name: "camkii_km_pp2a", Dim: C, Value: &c.KM2A, Doc: "PP2A Km on T286; 0.4 uM, assumed equal to PP1's (Urakubo: equal Km); Urakubo port 11 uM"},
		{Name: "can_total", Dim: C, Value: &n.Total, Doc: "calcineurin; 3 uM, Urakubo 2008"},
		{Name: "can_k", Dim: C, Value: &n.K, Doc: "CaN Ca2+ drive half point; 0.7 uM, Zhabotinsky 2000 KH2"},
		{Name: "can_n", Dim: D, Value: &n.N, Doc: "CaN Hill coefficient; 3, Zhabotinsky 2000"},
		{Name: "can_k_on", Dim: F, Value: &n.KOn, Doc: "CaN activation; 0.3 /s, fitted here (half-activation 0.3-0.6 uM); CA1: 0.04 /s, fitted here (B1, B2: the PP1 release threshold between 0.5 and 1 Hz)"},
		{Name: "can_k_off", Dim: F, Value: &n.KOff, Doc: "CaN inactivation; 0.04 /s, Urakubo 2008 CaN-CaM kb"},
		{Name: "pka_total", Dim: C, Value: &k.Total, Doc: "PKA; 2 uM, Urakubo 2008 R2C2"},
		{Name: "pka_k_basal", Dim: F, Value: &k.KBasal, Doc: "PKA basal activation; from PKA* rest 0.045 uM (Urakubo baseline)"},
		{Name: "pka_k_ca", Dim: F, Value: &k.KCa, Doc: "PKA Ca2+/CaM (AC1) activation; 1 /s, assumed"},
		{Name: "pka_k", Dim: C, Value: &k.K, Doc: "AC1 Ca2+ half point; 3 uM, fitted here (B13, B6); Urakubo-type default 2 uM; CA1: 4.5 uM, fitted here (B4: 10 Hz)"},
		{Name: "pka_n", Dim: D, Value: &k.N, Doc: "Hill coefficient; 4, assumed; CA1: 8, GB 2007 n_PKA (on Ca4CaM)"},
		{Name: "pka_k_off", Dim: F, Value: &k.KOff, Doc: "PKA inactivation; 0.1 /s, assumed; CA1: 1/(60 s), assumed (PKA outlasts calcineurin after a tetanus)"},
		{Name: "i1_total", Dim: C, Value: &i.Total, Doc: "inhibitor-1; 1 uM, GB 2007 I10"},
		{Name: "i1_k_pka", Dim: R, Value: &i.KPKA, Doc: "PKA on I-1; 5.3/8.1 /(uM s), Urakubo 2008"},
		{Name: "i1_k_can", Dim: R, Value: &i.KCaN, Doc: "CaN on free I-1P; 2.8/3 /(uM s), Urakubo 2008"},
		{Name: "i1_k_pp2a", Dim: R, Value: &i.KPP2A, Doc: "PP2A on free I-1P; 2.8/3 /(uM s), Urakubo 2008"},
		{Name: "i1_k_can_complex", Dim: R, Value: &i.KCaNComplex, Doc: "CaN on PP1-bound I-1P; 0 Urakubo, 0.5 /(uM s) fitted here (M1, 1 uM x 12 ms drive; kept); CA1: equal to i1_k_can (assumed: T35 is dephosphorylated alike free or bound)"},
		{Name: "pp1_total", Dim: C, Value: &q.Total, Doc: "PP1; 0.2 uM, GB 2007 PP10"},
		{Name: "pp1_k_bind", Dim: R, Value: &q.KBind, Doc: "PP1 + I-1P binding; 500 /(uM s), GB 2007 k11"},
		{Name: "pp1_k_unbind", Dim: F, Value: &q.KUnbind, Doc: "PP1.I-1P dissociation; 0.1 /s, GB 2007 k-11"},
		{Name: "pp2a_level", Dim: C, Value: &p.PP2A.Level, Doc: "active PP2A; 0.005 uM, fitted here (resting S845-P); Urakubo 0.02-0.03"},
		{Name: "ampar_pka_s845", Dim: R, Value: &a.PKA845, Doc: "PKA on S845; 20 /(uM s), Urakubo port"},
		{Name: "ampar_pp1_s845", Dim: R, Value: &a.PP1845, Doc: "PP1 on S845; 4 /(uM s), Urakubo port"},
		{Name: "ampar_can_s845", Dim: R, Value: &a.CaN845, Doc: "CaN on S845; Urakubo port 1.5 /(uM s); 0 in Default and CA1 (CaN acts via I-1/PP1: B12)"},
		{Name: "ampar_pp2a_s845", Dim: R, Value: &a.PP2A845, Doc: "PP2A on S845; 4 /(uM s), Urakubo port"},
		{Name: "ampar_camkii_pdz", Dim: R, Value: &a.CKPDZ, Doc: "CaMKII on PDZ site; 1 /(uM s), Urakubo port; CA1: 0 (CaMKII acts through the PSD slots, psd_*)"},
		{Name: "ampar_pp1_pdz", Dim: R, Value: &a.PP1PDZ, Doc: "PP1 on PDZ site; 100 /(uM s), Urakubo port"},
		{Name: "ampar_can_pdz", Dim: R, Value: &a.CaNPDZ, Doc: "CaN on PDZ site; Urakubo port 1 /(uM s); 0 in Default and CA1 (CaN acts via I-1/PP1: B12)"},
		{Name: "ampar_pp2a_pdz", Dim: R, Value: &a.PP2APDZ, Doc: "PP2A on PDZ site; 100 /(uM s), Urakubo port"},
		{Name: "ampar_internal", Dim: D, Value: &a.Internal, Doc: "S845 enzymes on endosomal receptors, relative to the surface; 1 (Urakubo port); CA1: 0, assumed (the regulated route ends in lysosomes); CA1Quantal: 1 (Ehlers 2000: NMDA-internalised receptors are rephosphorylated and reinserted)"},
		{Name: "traffic_phi", Dim: D, Value: &t.Phi, Doc: "PSD share of non-trapped surface pool; 0.2, Urakubo volumes 12:48"},
		{Name: "traffic_scaffold", Dim: C, Value: &t.Scaffold, Doc: "trapping scaffold; 150 uM, fitted here (resting trapped fraction); CA1: 200 uM, fitted here (resting slot occupancy 0.75)"},
		{Name: "traffic_slots", Dim: D, Value: &t.Slots, Doc: "trapping slots [count] (CA1: at zero CaMKII bound at the PSD); 200, fitted here (resting occupancy); CA1: 150, a scale (the resting trapped count, 113)"},
		{Name: "traffic_trap_p", Dim: R, Value: &t.TrapP, Doc: "trapping PDZ-P; 0.0417 /(uM s), Urakubo port; CA1: equal to traffic_trap_d (no PDZ state)"},
		{Name: "traffic_trap_d", Dim: R, Value: &t.TrapD, Doc: "trapping PDZ-D; 0.0025 /(uM s), Urakubo port"},
		{Name: "traffic_release", Dim: F, Value: &t.Release, Doc: "release from trap; 0.0333 /s, Urakubo port"},
		{Name: "traffic_endo_d", Dim: F, Value: &t.EndoD, Doc: "regulated endocytosis S845-D; 1 /s, Urakubo port; CA1: 0 (set by calcineurin, traffic_endo_can)"},
		{Name: "traffic_endo_can", Dim: R, Value: &t.EndoCaN, Doc: "regulated endocytosis S845-D per active calcineurin; 0; CA1: 0.06 /(uM s), fitted here (B1); CA1Quantal: 0.7 /(uM s), fitted here (B1)"},
		{Name: "traffic_endo_p", Dim: F, Value: &t.EndoP, Doc: "constitutive endocytosis S845-P; 1/(9 min), Urakubo port code; CA1: 1/(30 min), the port comment's reading (its code and comment disagree on the direction), chosen for a recycling pool smaller than the surface one"},
		{Name: "traffic_exo", Dim: F, Value: &t.Exo, Doc: "exocytosis S845-P; 1/(30 min), Urakubo port code; CA1: 1/(9 min), the port comment's reading"},
		{Name: "traffic_lyso", Dim: F, Value: &t.Lyso, Doc: "lysosomal sorting S845-D internal; 1/(10 min), assumed"},
		{Name: "traffic_lyso_p", Dim: F, Value: &t.LysoP, Doc: "lysosomal sorting S845-P internal; 0; CA1: 1/(10 h), assumed (receptor lifetime about a day)"},
		{Name: "traffic_degrade", Dim: F, Value: &t.Degrade, Doc: "lysosomal degradation; 1/h, assumed"},
		{Name: "traffic_synthesis", Dim: F, Value: &t.Synthesis, Doc: "synthesis [count/ms]; sets the resting receptor number; 5 /min; CA1: 0.09 /min, fitted here (resting surface pool comparable to the trapped one); CA1Quantal: 0.144 /min, fitted here (the same criterion)"},
		{Name: "traffic_synth_p", Dim: D, Value: &t.SynthP, Doc: "fraction of synthesised receptors delivered S845-P; 0; CA1: 1, assumed"},
		{Name: "traffic_ligand_endo", Dim: F, Value: &t.LigandEndo, Doc: "AMPA-only endocytosis; 1/(10 min), assumed"},
		{Name: "psd_sites", Dim: D, Value: &d.Sites, Doc: "GluN2B sites for CaMKII [count] (a scale); 1 (unused); CA1: 100"},
		{Name: "psd_bind", Dim: F, Value: &d.Bind, Doc: "binding of Ca2+/CaM-bound CaMKII at the PSD; 0; CA1: 0.8 /s, fitted here (B7, B8)"},
		{Name: "psd_unbind", Dim: F, Value: &d.Unbind, Doc: "dissociation of dephosphorylated CaM-free CaMKII; 0; CA1: 1 /min, Shen & Meyer 1999 (translocation reverses in about a minute) [M]"},
		{Name: "psd_bind_p", Dim: D, Value: &d.BindP, Doc: "GluN2B binding of T286-P subunits relative to Ca2+/CaM-bound ones (CkF -> CkB at bind*(h + bind_p*x)); 0; CA1Quantal: 1, assumed (Strack & Colbran 1998 [M]: T286-P CaMKII binds GluN2B without Ca2+/CaM)"},
		{Name: "nano_k", Dim: units.Voltage, Value: &p.Nano.K, Doc: "nanodomain drive (NMDA Ca2+ current per receptor + nano_wv x VGCC current per channel) for half trigger of the coincidence uptake; 0; CA1Quantal: 49.9 mV (docs/ca1-decoder.md §30: read off between a +5..+20 ms pairing at 2 mM [Ca]o or a +30 ms one in Bi & Poo's saline, at most 48.0 mV, and a +10 ms one at 2.5 mM or in the saline, at least 51.8)"},
		{Name: "nano_n", Dim: D, Value: &p.Nano.N, Doc: "Hill coefficient of the coincidence trigger; 0; CA1Quantal: 32, assumed (a threshold)"},
		{Name: "nano_wv", Dim: D, Value: &p.Nano.WV, Doc: "weight of the VGCC open probability x driving force in the nanodomain drive (package ca1); 0; CA1Quantal: 1.1, fitted here (docs/ca1-decoder.md §30: the lowest weight on a grid that keeps B4's 10 Hz train, S4, in band in the stochastic mode; 1.5 assumed before round 11)"},
		{Name: "nano_bind", Dim: F, Value: &p.Nano.Bind, Doc: "uptake of coincidence-set, T286-shielded CaMKII per free GluN2B site at full trigger (CkF -> CkN); 0 = off; CA1Quantal: 0.2 /ms, fitted here (B18, docs/ca1-decoder.md §17.5)"},
		{Name: "nano_tau", Dim: units.Time, Value: &p.Nano.Tau, Doc: "lifetime of the coincidence-set CaMKII at the PSD (CkN -> CkF); 0 = never leaves; CA1Quantal: 10 h, assumed (as tarp_k_basal: LTP lasts hours)"},
		{Name: "tarp_labile", Dim: D, Value: &p.TARP.Labile, Doc: "fraction of trapping slots that are PP1-labile TARP slots (bounded LTD, Tomita et al. 2005 [M]); 0; CA1Quantal: fitted here (B1)"},
		{Name: "tarp_k_pp1", Dim: R, Value: &p.TARP.KPP1, Doc: "TARP dephosphorylation by free PP1 (slot loss); 0; CA1Quantal: fitted here (B1, B2)"},
		{Name: "tarp_k_ck", Dim: F, Value: &p.TARP.KCK, Doc: "TARP phosphorylation per CaMKII T286-P fraction (slot restored); 0; CA1Quantal: 1/min, assumed (CaMKII restores a lost slot within minutes of switching UP, Tomita et al. 2005 [M] for the direction; the rate is not measured)"},
		{Name: "tarp_k_basal", Dim: F, Value: &p.TARP.KBasal, Doc: "basal TARP phosphorylation (slot restored at rest); 0; CA1Quantal: 1/(10 h), assumed (LFS-LTD lasts hours: 74% for 3 h after LFS-900 in vivo, PMC4354159 [V-abs]; and the resting TARP-P fraction 0.79, TestTARPRest)"},
		{Name: "psd_holo", Dim: D, Value: &d.Holo, Doc: "subunits per holoenzyme; unbinding needs all dephosphorylated, (1 - x)^holo; 12, dodecamer [M]"},
		{Name: "psd_gain", Dim: D, Value: &d.Gain, Doc: "extra trapping capacity at full CaMKII occupancy of the sites; 0; CA1: 0.8, fitted here (B7); CA1Quantal: 2, fitted here (B7)"},
		{Name: "psd_protect", Dim: D, Value: &d.Protect, Doc: "protection from regulated endocytosis at full CaMKII occupancy of the sites (endocytosis divided by 1 + protect*bound fraction); 0; CA1: 50, fitted here (B4, B6: 5-10 Hz)"},
		{Name: "camkii_scale", Dim: D, Value: &p.CaMKIIScale, Doc: "CaMKII activity; 0 = KN-62/93"},
		{Name: "can_scale", Dim: D, Value: &p.CaNScale, Doc: "CaN activity; 0 = FK506/CsA"},
		{Name: "pp1_scale", Dim: D, Value: &p.PP1Scale, Doc: "PP1 activity; 0 = PP1 fully blocked (okadaic acid at uM, calyculin A, tautomycetin)"},
		{Name: "pp2a_scale", Dim: D, Value: &p.PP2AScale, Doc: "PP2A activity; 0 = PP2A fully blocked (okadaic acid from about 1 nM, calyculin A)"},
		{Name: "pka_scale", Dim: D, Value: &p.PKAScale, Doc: "PKA activity; 0 = PKA inhibitor"},
		{Name: "endo_post", Dim: D, Value: &p.EndoPost, Doc: "postsynaptic clathrin/dynamin level; 0 = dynamin block"},
		{Name: "ligand", Dim: D, Value: &p.Ligand, Doc: "AMPA-only agonist occupancy"},
	}
}

// knobs are the fields that must lie in [0, 1].
var knobs = map[string]bool{"camkii_scale": true, "can_scale": true, "pp1_scale": true, "pp2a_scale": true,
	"pka_scale": true, "endo_post": true, "tarp_labile": true, "ligand": true, "traffic_phi": true, "ampar_internal": true, "traffic_synth_p": true}

// Validate checks every field: finite and ≥ 0, knobs and Phi in [0, 1],
// positive totals, Hill constants, Michaelis constant and volume, and the
// coincidence trigger's threshold and Hill coefficient while it is on.
func (p Params) Validate() error {
	for _, f := range p.Fields() {
		v := *f.Value
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("cascade: %s = %g %s: must be finite and >= 0", f.Name, v, f.Dim.Internal())
		}
		if knobs[f.Name] && v > 1 {
			return fmt.Errorf("cascade: %s = %g: must be in [0, 1]", f.Name, v)
		}
	}
	if p.CaM.explicit() {
		m := p.CaM
		for _, c := range []struct {
			n string
			v float64
		}{{"cam_c_k1_on", m.CK1On}, {"cam_c_k1_off", m.CK1Off}, {"cam_c_k2_on", m.CK2On}, {"cam_n_kd1", m.NKd1},
			{"cam_n_kd2", m.NKd2}, {"cam_pka_k", m.PKAK}, {"cam_camp_tau", m.CAMPTau}} {
			if !(c.v > 0) {
				return fmt.Errorf("cascade: %s = %g: must be > 0 with explicit calmodulin", c.n, c.v)
			}
		}
	}
	for _, c := range []struct {
		n string
		v float64
	}{{"camkii_total", p.CaMKII.Total}, {"camkii_k", p.CaMKII.K}, {"camkii_km_pp1", p.CaMKII.KM},
		{"camkii_km_pp2a", p.CaMKII.KM2A}, {"can_k", p.CaN.K}, {"pka_k", p.PKA.K}, {"traffic_slots", p.Traffic.Slots}, {"volume", p.Volume},
		{"pp1_total", p.PP1.Total}, {"psd_sites", p.PSD.Sites}} {
		if !(c.v > 0) {
			return fmt.Errorf("cascade: %s = %g: must be > 0", c.n, c.v)
		}
	}
	if p.Nano.Bind > 0 {
		// The coincidence trigger's Hill (nano.go) divides by K and raises
		// to N: with the trigger on, both must be > 0.
		for _, c := range []struct {
			n, unit string
			v       float64
		}{{"nano_k", " mV", p.Nano.K}, {"nano_n", "", p.Nano.N}} {
			if !(c.v > 0) {
				return fmt.Errorf("cascade: %s = %g%s: must be > 0 while the coincidence trigger is on (nano_bind = %g /ms > 0)", c.n, c.v, c.unit, p.Nano.Bind)
			}
		}
	}
	return nil
}
