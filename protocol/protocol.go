// Package protocol describes stimulation protocols as numeric data and
// compiles them to a sorted list of events.
//
// All values are in synlab's internal units (see package units): times in
// ms, rates in 1/ms (1 Hz = 0.001), potentials in mV. Periodic event times
// are computed as t0 + k/rate, never by summing periods, so pulse 10⁶ of a
// 1 kHz train lands exactly at 10⁶ ms.
//
// A run is laid out as
//
//	0 ──baseline── InductionStart ──induction── InductionEnd ──follow── End
//
// with test pulses every Test ms during baseline (at 0, Test, 2·Test, …
// < Baseline) and during follow-up (at InductionEnd + k·Test < End, k ≥ 0).
package protocol

// Limits on a compiled schedule.
const (
	// MaxEvents is the largest number of events a schedule may hold.
	MaxEvents = 100_000_000
	// maxEnd is the latest allowed end of a schedule: one week [ms].
	maxEnd = 7 * 24 * 60 * 60 * 1000.0
	// explicitTail is how long an explicit induction lasts after its last
	// spike [ms]; it keeps the first follow-up test pulse apart from it.
	explicitTail = 1.0
)

// Train is Repeat trains of Pulses pulses at Rate; the trains start
// Interval apart (start to start). Pulse k of train r is at
// InductionStart + r·Interval + k/Rate.
type Train struct {
	Rate     float64 // pulse rate [1/ms], > 0
	Pulses   int     // pulses per train, ≥ 1
	Repeat   int     // number of trains; 0 means 1
	Interval float64 // start-to-start interval of trains [ms]; needed if Repeat > 1, ≥ Pulses/Rate
}

// Bursts is theta-burst stimulation: bursts of Pulses pulses at Rate,
// repeated at BurstRate, Bursts bursts per train, Trains trains Interval
// apart (start to start). Pulse p of burst b of train r is at
// InductionStart + r·Interval + b/BurstRate + p/Rate.
type Bursts struct {
	Pulses    int     // pulses per burst, ≥ 1
	Rate      float64 // intra-burst rate [1/ms], > 0
	BurstRate float64 // burst repetition rate [1/ms], > 0; a burst must fit its period: Pulses/Rate ≤ 1/BurstRate
	Bursts    int     // bursts per train, ≥ 1
	Trains    int     // number of trains; 0 means 1
	Interval  float64 // start-to-start interval of trains [ms]; needed if Trains > 1, ≥ one train's span
}

// Pairing is Pairs pre/post pairings at Rate. Pair k is anchored at
// InductionStart + k/Rate + max(0, −Dt): the pre spike is at the anchor and
// post spike j at anchor + Dt + j/PostRate, so no event precedes
// InductionStart.
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

// Explicit lists spike times [ms] relative to the induction start, each ≥ 0,
// in any order. The induction ends 1 ms after the last spike (1 ms after its
// start if there is none: no stimulation, for a chemical protocol).
type Explicit struct {
	Pre, Post []float64
}

// Protocol is a complete stimulation protocol: test pulses around exactly
// one induction element.
type Protocol struct {
	Test     float64  // interval between test pulses during Baseline and Follow [ms]; 0 = none
	Baseline float64  // duration before induction starts [ms]
	Follow   float64  // duration after the induction ends [ms]
	Clamp    *float64 // holding potential during the induction [mV]; nil = unclamped
	// exactly one of:
	Train    *Train
	Bursts   *Bursts
	Pairing  *Pairing
	Poisson  *Poisson
	Explicit *Explicit
}

// Schedule is a compiled protocol: events sorted by time, then by kind (see
// Less), and the boundaries of the run [ms].
type Schedule struct {
	Events         []Event
	InductionStart float64
	InductionEnd   float64
	End            float64
}
