package cascade

import "github.com/synlab/synlab/units"

// CA1Quantal returns the CA1 decoder for quantal, volume-dependent spine
// Ca²⁺ (the ca1 population's default; docs/ca1-decoder.md). It keeps the
// species, reactions and expression stage of CA1 and replaces the
// instantaneous Hill occupancies by explicit calmodulin (calmodulin.go):
//
//   - free CaM loads its C lobe with Faas et al.'s (2011) finite kinetics,
//     so a brief quantal peak is low-pass filtered and the C lobe
//     saturates (compressing the 15-fold spread of Ca²⁺ per release across
//     spine volumes), while a prolonged moderate level keeps it loaded;
//   - calcineurin binds C-lobe-loaded CaM (partially loaded CaM, high
//     affinity) and loses it slowly: it integrates modest, prolonged Ca²⁺;
//   - CaMKII binds Ca₄CaM (both lobes, Pepke et al. 2010 rates), competes
//     for the same limited CaM, and initiates T286 autophosphorylation only
//     on neighbouring Ca₄CaM-bound subunits (GB 2007 k6·γ²): it needs high
//     and sustained Ca²⁺;
//   - AC1/PKA is driven by free Ca₄CaM (steep), gating PP1 in LTP drives;
//   - resting T286 autophosphorylation only in holoenzymes bound to GluN2B
//     at the PSD (BasalPSD, PSD.BindP; Bayer et al. 2001), so blocking the
//     T286 phosphatases does not switch a DOWN synapse UP;
//   - LTD is expressed as receptor endocytosis (recycling once S845 is
//     rephosphorylated, Ehlers 2000) and as the loss of PP1-labile TARP
//     slots (tarp.go): bounded, lasting, dynamin-dependent.
//
// Every value, its source or fit: docs/ca1-decoder.md and the Fields docs.
func CA1Quantal() Params {
	p := CA1()
	p.CaM = CaM{
		Total: 100,
		CK1On: 2 * 84e-3, CK1Off: 2.6, CK2On: 25e-3, CK2Off: 2 * 0.0065,
		NKd1: 160 / (2 * 770e-3), NKd2: 2 * 22 / 32000e-3,
		CaNOn: 0.04 * perMicroS, CaNOff: 0.04 * perS,
		KOn4: 15 * perMicroS, KOn2C: 0.5 * perMicroS,
		KOff4: 1.5 * perS, KOff2C: 6.8 * perS, KOff2N: 1.7 * perS, KOff0: 5.5 * perS,
		KeqKC: 73, KeqKN: 0.96,
		ACMax: 1e-3, CAMPTau: 1000, PKAK: 0.025, PKAN: 4,
	}
	p.CaMKII.Basal = 0                         // no resting autophosphorylation of free holoenzymes (Bayer et al. 2001, camkii.go)
	p.CaMKII.BasalPSD = 0.005                  // fitted here: UP stable at rest needs > 0.0036 (TestCA1QuantalBistable); round 2's Basal kept
	p.PSD.BindP = 1                            // [A]: T286-P subunits bind GluN2B as Ca²⁺/CaM-bound ones do (psd.go)
	p.PSD.Gain = 2                             // fitted here (B7)
	p.Traffic.EndoCaN = 0.7 * perMicroS        // fitted here (B1; M2 looked at, docs/ca1-decoder.md §4)
	p.Traffic.Synthesis = 0.144 / units.Minute // fitted here: resting non-trapped surface pool ≈ the trapped one (96 and 96)
	p.AMPAR.Internal = 1                       // endosomal receptors are rephosphorylated by PKA and recycle (Ehlers 2000)
	// Labile and KPP1 fitted here (B1, B2, bounded stable LTD); KCK and KBasal assumed (tarp.go).
	p.TARP = TARP{Labile: 0.5, KPP1: 0.0555 * perMicroS, KCK: 1 / units.Minute, KBasal: 1 / (10 * units.Hour)}
	// The coincidence detector at the GluN2B tail (nano.go; docs/
	// ca1-decoder.md §17, §27, §30): K read off the drive's table at the
	// geometric midpoint of the interval left by four pairings (above a
	// +5…+20 ms one at 2 mM and a +30 ms one in Bi & Poo's saline, below a
	// +10 ms one at 2.5 mM and in the saline: 48.0–51.8 mV at WV 1.1; ca1
	// TestNanoThresholdReadOff), WV the lowest weight on a grid whose
	// read-off keeps S4 (B4 stochastic) in band (fitted here, round 11),
	// N assumed, Bind fitted here (B18), Tau assumed (as TARP.KBasal: hours).
	p.Nano = Nano{K: 49.9, N: 32, WV: 1.1, Bind: 0.2, Tau: 10 * units.Hour}
	p.PKA.KOff = 1 / (60 * units.Second)
	p.PKA.KBasal = 0
	p.PKA.KBasal = p.PKA.basalForDrive(pkaRest, p.restPKADrive())
	return p
}

// restPKADrive is the cAMP/PKA drive at resting Ca²⁺ with explicit CaM.
func (p Params) restPKADrive() float64 {
	m := p.CaM
	camp := m.ACMax * m.terms(p.CaRest).a4 * m.CAMPTau
	return Hill(camp, m.PKAK, m.PKAN)
}

// basalForDrive is basalFor with the Ca²⁺/CaM drive h at rest given.
func (p PKA) basalForDrive(rest, h float64) float64 {
	return max(0, p.KOff*rest/(p.Total-rest)-p.KCa*h)
}

// Rebasal returns p with PKA.KBasal recomputed for its CaM and PKA
// constants (explicit CaM), so that PKA* rests at 0.045 µM.
func Rebasal(p Params) Params {
	p.PKA.KBasal = 0
	p.PKA.KBasal = p.PKA.basalForDrive(pkaRest, p.restPKADrive())
	return p
}
