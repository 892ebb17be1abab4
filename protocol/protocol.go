// Package protocol describes stimulation protocols as numeric data and
// turns them into a time-ordered stream of events.
//
// All values are in synlab's internal units (see package units): times in
// ms, rates in 1/ms (1 Hz = 0.001), potentials in mV. Periodic event times
// are computed as t0 + k/rate, never by summing periods, so pulse 10⁶ of a
// 1 kHz train lands exactly at 10⁶ ms.
//
// A run is laid out as a baseline, a sequence of phases and a follow-up:
//
//	0 ──baseline── phase 0 ──after₁── phase 1 ── … ── phase n ──follow── End
//
// Each phase is one induction element (train, bursts, pairing, Poisson or
// explicit spikes), optionally under a somatic voltage clamp, or a marker of
// zero length (e.g. the moment a drug is washed in). Phase i starts After_i
// after the end of phase i−1 (phase 0: After_0 after the baseline). Test
// pulses run every Test ms during the baseline (at 0, Test, 2·Test, … <
// start of phase 0), in every gap between phases (at end_i + k·Test <
// start_{i+1}) and during the follow-up (at end_n + k·Test < End, k ≥ 0).
//
// The single-element form (Protocol.Train, …, Protocol.Clamp set directly)
// is one phase; Phases is the general form. Events are generated lazily
// (Stream), so memory does not grow with the number of events; Layout
// counts them without generating any, so limits can be checked first.
package protocol

// Limits on a protocol.
const (
	// MaxEvents is the largest number of events a protocol may hold.
	MaxEvents = 100_000_000
	// maxEnd is the latest allowed end of a schedule: one week [ms].
	maxEnd = 7 * 24 * 60 * 60 * 1000.0
	// explicitTail is how long an explicit induction lasts after its last
	// spike [ms]; it keeps the first follow-up test pulse apart from it.
	explicitTail = 1.0
	// PoissonStream is the second word of the PCG stream from which Stream
	// draws the Poisson spike times of phase 0 (phase i uses PoissonStream
	// + i): rand.NewPCG(seed, PoissonStream+i). It keeps the protocol's
	// draws apart from the per-run streams PCG(seed, index) of sweeps. (The
	// 64-bit golden ratio, 2⁶⁴/φ.)
	PoissonStream = 0x9e3779b97f4a7c15
)

// Train is Repeat trains of Pulses pulses at Rate; the trains start
// Interval apart (start to start). Pulse k of train r is at
// start + r·Interval + k/Rate.
type Train struct {
	Rate     float64 // pulse rate [1/ms], > 0
	Pulses   int     // pulses per train, ≥ 1
	Repeat   int     // number of trains; 0 means 1
	Interval float64 // start-to-start interval of trains [ms]; needed if Repeat > 1, ≥ Pulses/Rate
}

// Bursts is theta-burst stimulation: bursts of Pulses pulses at Rate,
// repeated at BurstRate, Bursts bursts per train, Trains trains Interval
// apart (start to start). Pulse p of burst b of train r is at
// start + r·Interval + b/BurstRate + p/Rate.
type Bursts struct {
	Pulses    int     // pulses per burst, ≥ 1
	Rate      float64 // intra-burst rate [1/ms], > 0
	BurstRate float64 // burst repetition rate [1/ms], > 0; a burst must fit its period: Pulses/Rate ≤ 1/BurstRate
	Bursts    int     // bursts per train, ≥ 1
	Trains    int     // number of trains; 0 means 1
	Interval  float64 // start-to-start interval of trains [ms]; needed if Trains > 1, ≥ one train's span
}

// Pairing is Pairs pre/post pairings at Rate. Pair k is anchored at
// start + k/Rate + max(0, −Dt): the pre spike is at the anchor and post
// spike j at anchor + Dt + j/PostRate, so no event precedes the start.
type Pairing struct {
	Dt         float64 // t_post − t_pre of the first post spike [ms]
	Pairs      int     // number of pairings, ≥ 1
	Rate       float64 // pairing rate [1/ms], > 0
	PostSpikes int     // post spikes per pairing; 0 means 1
	PostRate   float64 // rate of the post spikes [1/ms]; needed if PostSpikes > 1
}

// Poisson is independent Poisson pre and post spike trains lasting Duration.
type Poisson struct {
	Pre, Post float64 // rates [1/ms], ≥ 0 (0 = none)
	Duration  float64 // [ms], > 0
}

// Explicit lists spike times [ms] relative to the phase start, each ≥ 0,
// in any order. The phase ends 1 ms after the last spike (1 ms after its
// start if there is none: no stimulation, for a chemical protocol).
type Explicit struct {
	Pre, Post []float64
}

// Phase is one step of a protocol: exactly one induction element, or none
// when Mark is set (a zero-length marker, e.g. a drug wash-in).
type Phase struct {
	After float64  // gap before the phase [ms], from the end of the previous phase (phase 0: from the end of the baseline)
	Clamp *float64 // holding potential during the phase [mV]; nil = unclamped
	Mark  bool     // no stimulation and no duration: a point in time
	// exactly one of (unless Mark):
	Train    *Train
	Bursts   *Bursts
	Pairing  *Pairing
	Poisson  *Poisson
	Explicit *Explicit
}

// Protocol is a complete stimulation protocol: test pulses around a
// sequence of phases. Either Phases is given, or exactly one of the element
// fields (with Clamp), which is the same as one phase with After = 0.
type Protocol struct {
	Test     float64 // interval between test pulses outside the phases [ms]; 0 = none
	Baseline float64 // duration before the first phase starts [ms]
	Follow   float64 // duration after the last phase ends [ms]
	Phases   []Phase // the general form
	// the single-element form: exactly one of these, when Phases is empty
	Clamp    *float64 // holding potential during the induction [mV]; nil = unclamped
	Train    *Train
	Bursts   *Bursts
	Pairing  *Pairing
	Poisson  *Poisson
	Explicit *Explicit
}

// Schedule is a compiled protocol: events sorted by time, then by kind (see
// Less), and the boundaries of the run [ms]. InductionStart is the start of
// the first phase, InductionEnd the end of the last.
type Schedule struct {
	Events         []Event
	InductionStart float64
	InductionEnd   float64
	End            float64
}
