package rule

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

var updateGBRegress = flag.Bool("update-gb", false, "rewrite testdata/gb_population_regress.csv from the current code (review the diff: it is the reference for TestGBPopulationRegress)")

// gbRegressFile holds the final ρ of every synapse of gbRegressCases, as
// computed by the event-driven step before its speed-up (commit 20376b0,
// issue 17: integrating-factor RK4 for every half flow), so that the
// optimised step is checked synapse by synapse.
const gbRegressFile = "testdata/gb_population_regress.csv"

// gbRegressTol bounds |ρ_now − ρ_reference| per synapse for a run of
// duration T [ms] with time constant τ [ms]. The random stream (the
// sequence of ExpFloat64 and NormFloat64 draws) must be the same; what
// differs is the drift between noise increments, now second order
// (lawson2), off by at most lawson2Drift per unit of scaled time above a
// threshold (≤ T/τ), plus roundings (≈ 1e-16 per operation, ≲ 1e-12 per
// synapse). The flow carries a difference forward growing it by at most
// e^(T/(2τ)) ≤ 1.1 (|g'| ≤ ½ on [0, 1]; the threshold terms contract). A
// change of the random stream moves ρ by ≳ 1e-3 (one noise increment) and
// fails.
func gbRegressTol(T, tau float64) float64 { return 1.1*lawson2Drift*T/tau + 1e-10 }

type gbRegressCase struct {
	name              string
	p                 GB
	n                 int
	ratePre, ratePost float64 // [1/ms]
	T                 float64 // [ms]
	seed              uint64
}

// gbRegressCases exercise every branch of the step: both threshold orders
// (the P and D sets have θp < θd … see graupner_sets.go), ρ* ≠ ½ (RK4 below
// threshold), and long stretches above threshold (τCa = 2 s: several noise
// chunks and Lawson sub-steps per interval).
func gbRegressCases() []gbRegressCase {
	cs := []gbRegressCase{{name: "DP-5Hz-10s", p: DP(), n: 1000, ratePre: 0.005, ratePost: 0.005, T: 10000, seed: 17}}
	for _, name := range GBSets() {
		p, err := GBSet(name)
		if err != nil {
			panic(err)
		}
		cs = append(cs, gbRegressCase{name: name + "-20Hz-2s", p: p, n: 100, ratePre: 0.02, ratePost: 0.02, T: 2000, seed: 18})
	}
	rs := DP()
	rs.RhoStar = 0.4
	cs = append(cs, gbRegressCase{name: "DP-rho*0.4-5Hz-10s", p: rs, n: 100, ratePre: 0.005, ratePost: 0.005, T: 10000, seed: 19})
	slow := DP()
	slow.TauCa = 2000
	cs = append(cs, gbRegressCase{name: "DP-tauCa2s-1Hz-10s", p: slow, n: 100, ratePre: 0.001, ratePost: 0.001, T: 10000, seed: 20})
	det := DP()
	det.Sigma = 0
	cs = append(cs, gbRegressCase{name: "DP-sigma0-20Hz-2s", p: det, n: 50, ratePre: 0.02, ratePost: 0.02, T: 2000, seed: 21})
	return cs
}

func gbRegressCase0(name string) gbRegressCase {
	for _, c := range gbRegressCases() {
		if c.name == name {
			return c
		}
	}
	panic("no case " + name)
}

// TestGBPopulationRegress: every synapse of gbRegressCases ends within
// gbRegressTol of the reference file. Synapses that end on the other side
// of ρ* than in the reference are counted and listed (they can only be
// within that tolerance of ρ*).
func TestGBPopulationRegress(t *testing.T) {
	var lines []string
	got := map[string][]float64{}
	for _, c := range gbRegressCases() {
		dst := make([]float64, c.n)
		c.p.PoissonPopulation(dst, c.ratePre, c.ratePost, c.T, c.seed, 2)
		got[c.name] = dst
		for i, r := range dst {
			lines = append(lines, fmt.Sprintf("%s,%d,%s", c.name, i, strconv.FormatFloat(r, 'g', -1, 64)))
		}
	}
	if *updateGBRegress {
		data := "case,i,rho\n" + strings.Join(lines, "\n") + "\n"
		if err := os.WriteFile(gbRegressFile, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(gbRegressFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	var worst float64
	var worstAt string
	n, flips := 0, 0
	for sc.Scan() {
		fs := strings.Split(sc.Text(), ",")
		i, _ := strconv.Atoi(fs[1])
		want, _ := strconv.ParseFloat(fs[2], 64)
		g, ok := got[fs[0]]
		if !ok || i >= len(g) {
			t.Fatalf("reference row %q has no synapse here", sc.Text())
		}
		n++
		d := math.Abs(g[i] - want)
		if d > worst || math.IsNaN(d) {
			worst, worstAt = d, fs[0]+"#"+fs[1]
		}
		c := gbRegressCase0(fs[0])
		if tol := gbRegressTol(c.T, c.p.Tau); !(d <= tol) {
			t.Errorf("%s synapse %d: ρ %v, reference %v (|diff| %.3g > %.3g)", fs[0], i, g[i], want, d, tol)
		}
		if rs := c.p.RhoStar; (g[i] < rs) != (want < rs) {
			flips++
			t.Logf("%s synapse %d: ρ %v and reference %v on different sides of ρ* = %v", fs[0], i, g[i], want, rs)
		}
	}
	if len(lines) != n {
		t.Errorf("%d synapses simulated, %d in the reference", len(lines), n)
	}
	t.Logf("%d synapses: max |ρ − reference| = %.3g (%s); %d on the other side of ρ*", n, worst, worstAt, flips)
}
