package cascade

// Nano is the nanodomain trigger of CaMKII held at GluN2B (CA1Quantal,
// round 4; docs/ca1-decoder.md §10). CaMKII bound to the GluN2B tail sits
// at the NMDA receptor's pore (Bayer et al. 2001 Nature 411:801 [V-abs])
// and sees the Ca²⁺ nanodomain of the open channel, which follows the
// channel's instantaneous Ca²⁺ current within microseconds, not the spine
// pool that the 12 ms extrusion smooths (Keller, Franks, Bartol &
// Sejnowski 2008 PLoS ONE 3:e2045: PSD calmodulin is activated by the
// brief, local Ca²⁺ of open NMDA receptors; Lisman, Yasuda & Raghavachari
// 2012 Nat Rev Neurosci 13:169). The spine passes that current as the
// second drive s(t) of the cascade (Cascade.SetNano): the NMDA Ca²⁺
// current per receptor of a full release, in mV,
//
//	s = (PF([Ca]o)/PF(2 mM))·o_N·B(V_head)·(ECa − V_head)·(APV factor)
//
// with o_N the open fraction (1 at the peak of one release), B the Mg²⁺
// unblock and ECa = 40 mV (package ca1). At −40 mV a release peaks at
// s = 18.4 mV; near −9 mV, where B(V)(ECa − V) is largest, at 32.9 mV
// (TestPairingNMDABound). With h = Hill(s; K, N), T286 initiation and
// GluN2B binding gain
//
//	U → Kp:   KInit·h·(S − Kp)          CkF → CkB:  Bind·h·CkF
//
// added to the pool's (camkii.go, psd.go). [A] The trigger stands for the
// nanodomain loading of CaM at the pore and the initiation and binding it
// allows in the CaMKII within its reach (that fraction is absorbed in
// KInit and Bind); K between the −40 mV clamp's peak and a pairing's and
// a large N make it a threshold, so that only a depolarisation that
// coincides with open receptors (a bAP at the NMDA conductance peak, a
// clamp near 0 mV) crosses it.
//
// Round 4 found no setting that helps (docs/ca1-decoder.md §10): under a
// −40 mV somatic clamp a release depolarises the heads behind the
// high-resistance necks to s = 20–30 mV, as high as a pairing's 28.9, and
// in the classes where a threshold separates the two, the PP1 that the
// pairing's pool Ca²⁺ releases through calcineurin (0.3–0.45 µM)
// dephosphorylates every kick. KInit = Bind = 0 (off) in every set;
// CA1Quantal keeps the best run's K and N for the override.
type Nano struct {
	K     float64 // nanodomain signal for half trigger [mV]; CA1Quantal 28, best round-4 run (training rows B15, B18)
	N     float64 // Hill coefficient [1]; CA1Quantal 32, best round-4 run (8, 16 and 32 scanned)
	KInit float64 // T286 initiation at full trigger per unphosphorylated subunit [1/ms]; 0 (off)
	Bind  float64 // GluN2B binding of CaMKII at full trigger per free site [1/ms]; 0 (off)
	WV    float64 // weight of the VGCC current in the drive (package ca1) [1]; 0
}

// trigger is the initiation rate per unphosphorylated subunit at
// nanodomain signal s [1/ms].
func (n Nano) trigger(s float64) float64 {
	if n.KInit == 0 || !(s > 0) {
		return 0
	}
	return n.KInit * Hill(s, n.K, n.N)
}

// h is the trigger Hill(s; K, N) (0 when the mechanism is off).
func (n Nano) h(s float64) float64 {
	if (n.KInit == 0 && n.Bind == 0) || !(s > 0) {
		return 0
	}
	return Hill(s, n.K, n.N)
}
