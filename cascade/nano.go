package cascade

// Nano is the coincidence detector at the GluN2B tail (CA1Quantal; docs/
// ca1-decoder.md §10, §15, §17). CaMKII that binds the GluN2B tail sits at
// the NMDA receptor's pore (Bayer et al. 2001 Nature 411:801 [V-abs]) and
// sees the Ca²⁺ nanodomain of the channels near it, which follows their
// instantaneous Ca²⁺ current within microseconds rather than the spine
// pool that the 12 ms extrusion smooths (Keller, Franks, Bartol &
// Sejnowski 2008 PLoS ONE 3:e2045 [M]). The spine passes that current as
// the cascade's second drive s(t) [mV] (Cascade.SetNano; package ca1,
// nano.go): the NMDA Ca²⁺ current per receptor plus WV times the VGCC
// current per channel,
//
//	s = (ECa − V)·[ (P_f/P_f(2 mM))·o_N·B(V)·(APV factor) + WV·([Ca]o/2 mM)·m²h·u ].
//
// A release alone, a bAP alone, a post→pre pairing, a release under any
// somatic clamp and a train in which the cell does not fire stay below
// 35 mV; a bAP 5–20 ms after a release reaches 44–51 mV (§17). With
// h = Hill(s; K, N) a free GluN2B site takes up such a CaMKII at
// Bind·h (CaMKIIScale: KN-62/KN-93 block it):
//
//	CkF → CkN:  Bind·h·CaMKIIScale
//	CkN → CkF:  1/Tau
//
// CkN is CaMKII set at the PSD by the coincidence. Its T286 is shielded:
// PSD-resident PP1 dephosphorylates many sites of PSD CaMKII but not T286,
// and soluble PP2A does not reach it (Mullasseril, Dosemeci, Lisman &
// Griffith 2007 J Neurochem 103:357 [V-abs]), so CkN does not meet the
// phosphatases that erase a kick to the soluble pool (§10) and leaves only
// at 1/Tau. Like CkB it organises receptor slots and protects them from
// regulated endocytosis (psd.go: capacity and protection read CkB + CkN).
// One coincidence sets a fraction ≈ Bind·(its time above K) of the free
// sites, so LTP from pairings grows with their number, and a single
// coincidence (the one spike of a 10 Hz train) does little.
type Nano struct {
	K    float64 // drive for half trigger [mV]; CA1Quantal 49.9 (§30: the geometric midpoint of the read-off interval at WV 1.1, 48.0–51.8 mV: above a +5…+20 ms pairing at 2 mM [Ca²⁺]o and a +30 ms one in Bi & Poo's saline, below a +10 ms one at 2.5 mM and in the saline; ca1 TestNanoThresholdReadOff; 42 before round 8, 54 in round 8)
	N    float64 // Hill coefficient [1]; CA1Quantal 32 [A] (a threshold)
	WV   float64 // weight of the VGCC current per channel in the drive (package ca1) [1]; CA1Quantal 1.1 (§30: the lowest weight on a grid whose read-off keeps B4's 10 Hz train in band in the stochastic mode, fitted here on S4; 1.5 [A] before round 11)
	Bind float64 // uptake of coincidence-set CaMKII per free site at full trigger [1/ms]; 0 = off
	Tau  float64 // lifetime of the shielded complex [ms]; 0 = never leaves
}

// h is the trigger Hill(s; K, N) (0 when the mechanism is off).
func (n Nano) h(s float64) float64 {
	if n.Bind == 0 || !(s > 0) {
		return 0
	}
	return Hill(s, n.K, n.N)
}

// off is the rate at which the shielded complex leaves [1/ms].
func (n Nano) off() float64 {
	if !(n.Tau > 0) {
		return 0
	}
	return 1 / n.Tau
}
