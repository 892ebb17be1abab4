package mech

import (
	"context"
	"testing"

	"github.com/synlab/synlab/engine"
)

// BenchmarkSpineTierLFS90 is the performance case for the biophysical
// tier: a 90 min LFS experiment of biological time (15 min baseline with a
// test pulse every 30 s, 900 pulses at 1 Hz, 60 min after), spine model and
// Shouval readout, recording every 10 s, no output written. Target: under 2 s.
func BenchmarkSpineTierLFS90(b *testing.B) {
	pl := loadSpine(b, "spine-lfs", "protocol.baseline=15min")
	if pl.End < 90*60*1000-1 {
		b.Fatalf("protocol ends at %g ms, want 90 min", pl.End)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Run(context.Background(), pl, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMechTierLFS90 is the mechanistic tier's performance case: the
// same 90 min LFS experiment with the cascade coupled (target: under 1 s).
func BenchmarkMechTierLFS90(b *testing.B) {
	pl := loadSpine(b, "spine-lfs", "protocol.baseline=15min", "model.tier=mechanistic-spine", "model.set=default", "protocol.test_probe=false")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Run(context.Background(), pl, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMechFrequencyCurve is the curve case: the six rates of Dudek &
// Bear 1992 (0.5, 1, 3, 5, 10, 50 Hz, 900 pulses each) on the mechanistic
// tier (preset lfs), run on two workers as `synlab curve frequency lfs
// --rates 0.5,1,3,5,10,50 --workers 2` does (target: under 5 s on two cores).
func BenchmarkMechFrequencyCurve(b *testing.B) {
	var plans []*engine.Plan
	for _, r := range []string{"0.5Hz", "1Hz", "3Hz", "5Hz", "10Hz", "50Hz"} {
		plans = append(plans, loadSpine(b, "lfs", "protocol.train.rate="+r))
	}
	for b.Loop() {
		if _, err := engine.RunMany(context.Background(), plans, 2, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMechTierLFS90Stochastic is BenchmarkMechTierLFS90 with binomial
// release and the exact stochastic (SSA) cascade (target: under 10× the
// deterministic run).
func BenchmarkMechTierLFS90Stochastic(b *testing.B) {
	pl := loadSpine(b, "spine-lfs", "protocol.baseline=15min", "model.tier=mechanistic-spine", "model.set=default", "protocol.test_probe=false", "model.override.stochastic=1")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Run(context.Background(), pl, nil); err != nil {
			b.Fatal(err)
		}
	}
}
