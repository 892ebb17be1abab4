package ca1

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/synlab/synlab/cascade"
	"github.com/synlab/synlab/units"
)

// small returns a cheap population: stochastic with n synapses, or
// deterministic with kv × kr classes (standing for DefaultN synapses; n
// unused).
func small(stoc bool, n, kv, kr int) Params {
	p := Default()
	p.Stochastic, p.KV, p.KR = stoc, kv, kr
	if stoc {
		p.N = n
	}
	return p
}

// runRows runs tr and returns every Read row at the record times, the
// strength at each and the final Synapses.
func runRows(t testing.TB, p Params, seed uint64, tr train, every float64) ([][]float64, []float64, []SynapseState) {
	rng := rand.New(rand.NewPCG(seed, 7))
	pop, err := New(p, rng)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]float64
	var st []float64
	if err := tr.run(pop, rng, every, func(float64) {
		r := make([]float64, len(cols))
		pop.Read(r)
		rows = append(rows, r)
		st = append(st, pop.Strength())
	}); err != nil {
		t.Fatal(err)
	}
	return rows, st, pop.Synapses()
}

// TestDeterminismAcrossWorkers: the same seed gives byte-identical rows,
// strengths and synapse states on 1, 2 and 3 goroutines, in both modes,
// and in the deterministic mode with two particles per class in a 100 Hz
// train (several particles, as the tier carries in fast trains,
// AutoParticles).
func TestDeterminismAcrossWorkers(t *testing.T) {
	slow := train{baseline: 60 * units.Second, n: 20, hz: 5, after: 30 * units.Second}
	fast := train{baseline: 30 * units.Second, n: 20, hz: 100, after: 30 * units.Second}
	for _, c := range []struct {
		stoc bool
		k    int
		tr   train
	}{{true, 1, slow}, {false, 1, slow}, {false, 2, fast}} {
		stoc, tr := c.stoc, c.tr
		var ref [][]float64
		var refS []float64
		var refSyn []SynapseState
		for _, w := range []int{1, 2, 3} {
			p := small(stoc, 6, 3, 1)
			p.Particles = c.k
			p.Workers = w
			rows, st, syn := runRows(t, p, 3, tr, 5000)
			if ref == nil {
				ref, refS, refSyn = rows, st, syn
				continue
			}
			for i := range rows {
				if !slices.Equal(rows[i], ref[i]) {
					t.Fatalf("stochastic %v, %d particles, %d workers: row %d differs", stoc, c.k, w, i)
				}
			}
			if !slices.Equal(st, refS) || !slices.Equal(syn, refSyn) {
				t.Fatalf("stochastic %v, %d particles, %d workers: strengths or synapses differ", stoc, c.k, w)
			}
		}
	}
}

// TestReceptorConservation: every synapse's cascade keeps its receptor
// total (present + degraded − synthesised) through a train, in both modes
// (the deterministic mode's branch merges are weighted means, which keep
// totals).
func TestReceptorConservation(t *testing.T) {
	tr := train{baseline: 30 * units.Second, n: 50, hz: 10, after: 30 * units.Second}
	for _, stoc := range []bool{true, false} {
		rng := rand.New(rand.NewPCG(5, 7))
		pop, err := New(small(stoc, 6, 3, 1), rng)
		if err != nil {
			t.Fatal(err)
		}
		tot0 := cascade.TotalsOf(pop.cs[0].Read(nil))
		if err := tr.run(pop, rng, 0, nil); err != nil {
			t.Fatal(err)
		}
		for j, c := range pop.cs {
			tot := c.Totals()
			for _, q := range [][2]float64{{tot.Receptors, tot0.Receptors}, {tot.CaMKII, tot0.CaMKII}, {tot.PP1, tot0.PP1}, {tot.CaN, tot0.CaN}} {
				if math.Abs(q[0]-q[1]) > 1e-6*math.Abs(q[1]) {
					t.Errorf("stochastic %v, slot %d: total %g, at rest %g", stoc, j, q[0], q[1])
				}
			}
		}
	}
}

// TestRecordTimesDoNotPerturb: recording (record times handed to Advance)
// does not change the trajectory: the final state with and without
// records is identical.
func TestRecordTimesDoNotPerturb(t *testing.T) {
	tr := train{baseline: 30 * units.Second, n: 20, hz: 2, after: 20 * units.Second}
	fin := func(every float64) []float64 {
		rng := rand.New(rand.NewPCG(9, 7))
		pop, err := New(small(true, 4, 1, 1), rng)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.run(pop, rng, every, func(float64) {}); err != nil {
			t.Fatal(err)
		}
		r := make([]float64, len(cols))
		pop.Read(r)
		return append(r, pop.Strength())
	}
	a, b := fin(0), fin(777)
	if !slices.Equal(a, b) {
		t.Errorf("records perturb the run:\n%v\n%v", a, b)
	}
}

// TestTestEPSP: the baseline test pulse evokes a somatic EPSP of a few mV
// (2–6 mV), below firing, and Strength starts at 1.
func TestTestEPSP(t *testing.T) {
	pop, err := New(Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts, v := pop.EPSP()
	pk, at := 0.0, 0.0
	for i := range v {
		if v[i] > pk {
			pk, at = v[i], ts[i]
		}
	}
	t.Logf("test EPSP %.3f mV at %.1f ms (probe peak %.3f mV), %d recruited", pk, at, pop.EPSP0(), int(pop.p.Recruited))
	if pk < 2 || pk > 6 || math.Abs(pk-pop.EPSP0()) > 0.01 {
		t.Errorf("test EPSP %.3f mV (probe %.3f)", pk, pop.EPSP0())
	}
	if s := pop.Strength(); s != 1 {
		t.Errorf("Strength at t = 0 is %g", s)
	}
}

// TestProbeAccuracy: the probe's peak at its tolerance against 1e-7 and a
// 0.005 ms grid, after a receptor change.
func TestProbeAccuracy(t *testing.T) {
	pop, err := New(Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	surf := slices.Clone(pop.surf)
	for j := range surf {
		surf[j] *= 1 + 0.3*math.Sin(float64(j))
	}
	a, err := pop.probe.amplitude(surf)
	if err != nil {
		t.Fatal(err)
	}
	pop.probe.sol.rtol, pop.probe.sol.atol = 1e-7, 1e-9
	peak := 0.0
	if err := pop.probe.run(surf, 0.005, func(_, v float64) bool { peak = math.Max(peak, v); return false }); err != nil {
		t.Fatal(err)
	}
	t.Logf("peak %.8f mV, reference %.8f mV", a, peak)
	if math.Abs(a/peak-1) > 1e-5 {
		t.Errorf("probe peak %.8g, reference %.8g", a, peak)
	}
}

// TestFieldsUnique: every parameter name of Params.Fields is unique and
// points into the parameters.
func TestFieldsUnique(t *testing.T) {
	p := Default()
	seen := map[string]bool{}
	for _, f := range p.Fields() {
		if seen[f.Name] {
			t.Errorf("duplicate field %q", f.Name)
		}
		seen[f.Name] = true
		if f.Doc == "" || f.Value == nil {
			t.Errorf("field %q without doc or value", f.Name)
		}
	}
	for _, f := range p.Fields() {
		if f.Name == "dr_kca" {
			*f.Value = 1234
		}
	}
	if p.Release.KCa != 1234 {
		t.Errorf("Fields do not point into the parameters")
	}
}

// TestCascadeSSA: with stochastic cascades the run is still byte-identical
// across worker counts, and every synapse keeps its receptor total exactly.
func TestCascadeSSA(t *testing.T) {
	tr := train{baseline: 10 * units.Second, n: 10, hz: 5, after: 10 * units.Second}
	var ref []float64
	for _, w := range []int{1, 2} {
		p := small(true, 4, 1, 1)
		p.CascadeSSA, p.Workers = true, w
		rows, st, _ := runRows(t, p, 8, tr, 5000)
		flat := append(slices.Concat(rows...), st...)
		if ref == nil {
			ref = flat
			continue
		}
		if !slices.Equal(flat, ref) {
			t.Fatalf("%d workers: results differ", w)
		}
	}
	rng := rand.New(rand.NewPCG(8, 7))
	p := small(true, 4, 1, 1)
	p.CascadeSSA = true
	pop, err := New(p, rng)
	if err != nil {
		t.Fatal(err)
	}
	tot0 := make([]float64, len(pop.cs))
	for j, c := range pop.cs {
		tot0[j] = c.Totals().Receptors
	}
	if err := tr.run(pop, rng, 0, nil); err != nil {
		t.Fatal(err)
	}
	for j, c := range pop.cs {
		if r := c.Totals().Receptors; r != tot0[j] {
			t.Errorf("synapse %d: receptors %g, at the start %g", j, r, tot0[j])
		}
	}
}

// TestFieldStrength: the fEPSP-slope proxy starts at 1, follows a uniform
// receptor change in proportion (the sink current is linear in the AMPA
// conductance up to the head's driving force) and tracks Strength after an
// LFS-like train within a few percent.
func TestFieldStrength(t *testing.T) {
	pop, err := New(Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if f := pop.FieldStrength(); math.Abs(f-1) > 1e-12 {
		t.Errorf("FieldStrength at t = 0: %g", f)
	}
	surf := slices.Clone(pop.surf)
	for j := range surf {
		surf[j] *= 0.8
	}
	f0, _ := pop.probe.field(pop.surf)
	f1, _ := pop.probe.field(surf)
	t.Logf("field slope %.3f pA/ms; receptors × 0.8: ratio %.4f", f0, f1/f0)
	if r := f1 / f0; r < 0.78 || r > 0.82 {
		t.Errorf("receptors × 0.8 gives a field slope ratio %.4f", r)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	if err := shortLFS().run(pop, rng, 0, nil); err != nil {
		t.Fatal(err)
	}
	s, f := pop.Strength(), pop.FieldStrength()
	t.Logf("after 60 pulses at 1 Hz: strength %.4f, field strength %.4f", s, f)
	if math.Abs(s-f) > 0.05 {
		t.Errorf("strength %.4f and field strength %.4f part", s, f)
	}
}

// TestAutoParticlesRule: sixteen particles per stratum at BurstInterval
// and below, three up to FastInterval, one above and with a single
// stimulus.
func TestAutoParticlesRule(t *testing.T) {
	for _, c := range []struct {
		d    float64
		want int
	}{{5, 16}, {BurstInterval, 16}, {BurstInterval + 1e-9, 3}, {FastInterval, 3}, {FastInterval + 1e-9, 1}, {100, 1}, {math.Inf(1), 1}} {
		if got := AutoParticles(c.d); got != c.want {
			t.Errorf("AutoParticles(%g) = %d, want %d", c.d, got, c.want)
		}
	}
}
