package spine

import "testing"

// train applies n presynaptic spikes at the given period [ms] and runs one
// more period after the last.
func train(b *testing.B, m *Model, n int, period float64) {
	for k := 0; k < n; k++ {
		m.Pre(nil)
		if err := m.Advance(period, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchTrain(b *testing.B, n int, period float64) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		m, err := New(Default())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		train(b, m, n, period)
	}
}

// One presynaptic pulse and 200 ms of response.
func BenchmarkOnePulse(b *testing.B) { benchTrain(b, 1, 200) }

// LFS: 900 pulses at 1 Hz (15 min of model time).
func BenchmarkLFS900at1Hz(b *testing.B) { benchTrain(b, 900, 1000) }

// HFS: 100 pulses at 100 Hz.
func BenchmarkHFS100at100Hz(b *testing.B) { benchTrain(b, 100, 10) }
