package ca1

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user + system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchLFS90 runs the 90 min LFS experiment (15 min baseline with a
// test pulse every 30 s, 900 pulses at 1 Hz, 60 min with a test pulse every
// 30 s), reading every column and the strength every 10 s as the engine's
// default recording does. It reports the wall and CPU time per modelled
// synapse (slot: a stochastic synapse or a deterministic branch).
func benchLFS90(b *testing.B, p Params) {
	var cpu time.Duration
	var wall time.Duration
	slots := 0
	for b.Loop() {
		rng := rand.New(rand.NewPCG(1, 1))
		c0, w0 := cpuTime(), time.Now()
		pop, err := New(p, rng)
		if err != nil {
			b.Fatal(err)
		}
		row := make([]float64, len(cols))
		if err := lfs90().run(pop, rng, 10000, func(float64) {
			pop.Read(row)
			_ = pop.Strength()
		}); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
		wall += time.Since(w0)
		slots = len(pop.cab.slots)
	}
	n := float64(b.N)
	b.ReportMetric(float64(slots), "synapses")
	b.ReportMetric(cpu.Seconds()/n, "cpu-s/op")
	b.ReportMetric(wall.Seconds()/n/float64(slots), "wall-s/synapse")
	b.ReportMetric(cpu.Seconds()/n/float64(slots), "cpu-s/synapse")
}

// BenchmarkLFS90 is the default (deterministic) population: 6 × 2 classes,
// 24 branches (slots). Target (issue 13): under 5 s on 2 cores.
func BenchmarkLFS90(b *testing.B) { benchLFS90(b, Default()) }

// BenchmarkLFS90Stochastic is the stochastic mode with DefaultN synapses
// (100: about 5× the cost of 20).
func BenchmarkLFS90Stochastic(b *testing.B) {
	p := Default()
	p.Stochastic = true
	benchLFS90(b, p)
}

// BenchmarkLFS90OneSynapse is one stochastic synapse on the cell: the
// population's cost for one spine (compare experiment's
// BenchmarkMechTierLFS90, one spine + cascade).
func BenchmarkLFS90OneSynapse(b *testing.B) {
	p := Default()
	p.Stochastic, p.N = true, 1
	benchLFS90(b, p)
}

// BenchmarkLFS90StochasticSSA is the stochastic mode with exact stochastic
// cascades (CascadeSSA), DefaultN synapses.
func BenchmarkLFS90StochasticSSA(b *testing.B) {
	p := Default()
	p.Stochastic, p.CascadeSSA = true, true
	benchLFS90(b, p)
}
