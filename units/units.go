// Package units is synlab's unit system. Inside synlab every quantity is a
// plain float64 in one fixed system of units; these constants only make
// literals readable (Tau: 150 * units.Second). Files and the command line
// carry quantities as strings with their unit ("20 ms", "1.8 mM"), which
// Parse converts once, at the boundary, checking the dimension.
//
// The internal system:
//
//	time           ms
//	voltage        mV
//	conductance    nS
//	current        pA
//	concentration  µM
//	length         µm
//	volume         fL (= µm³)
//	frequency      1/ms (so 1 Hz = 0.001)
package units

// Time.
const (
	Microsecond = 1e-3
	Millisecond = 1.0
	Second      = 1000.0
	Minute      = 60 * Second
	Hour        = 60 * Minute
	Day         = 24 * Hour
	Week        = 7 * Day
)

// Frequency.
const (
	Hz  = 1 / Second
	KHz = 1000 * Hz
)

// Voltage.
const (
	Millivolt = 1.0
	Volt      = 1000.0
)

// Concentration.
const (
	Nanomolar  = 1e-3
	Micromolar = 1.0
	Millimolar = 1000.0
	Molar      = 1e6
)

// Conductance, current, length, volume.
const (
	Picosiemens = 1e-3
	Nanosiemens = 1.0
	Picoampere  = 1.0
	Nanoampere  = 1000.0
	Micrometer  = 1.0
	Femtoliter  = 1.0
)
