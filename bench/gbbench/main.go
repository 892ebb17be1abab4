// Command gbbench is the synlab side of the Brian2 ⇄ synlab benchmark
// (bench/run.sh): it runs the Graupner–Brunel DP protocols of package bench
// with package rule and writes the same CSV formats as the Brian2 scripts in
// bench/brian2, so that the outputs can be diffed.
//
//	gbbench -curve [-nstoch 50] [-workers N] [-out curve.csv]
//	gbbench -pop 10000 [-workers N] [-out pop.csv]
//
// -workers defaults to every core (GOMAXPROCS); the results do not depend
// on it.
//
// Every run prints a last line "WALL total_s=… sim_s=…" (seconds): sim_s is
// the simulation call alone, total_s the whole process so far.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"time"

	"github.com/synlab/synlab/bench"
	"github.com/synlab/synlab/rule"
)

func main() {
	start := time.Now()
	log.SetFlags(0)
	log.SetPrefix("gbbench: ")
	curve := flag.Bool("curve", false, "run the DP STDP curve (101 Δt, 60 pairs at 1 Hz)")
	pop := flag.Int("pop", 0, "run a Poisson population of this many synapses (5 Hz pre and post, 10 s)")
	nstoch := flag.Int("nstoch", 50, "curve: stochastic synapses per Δt per initial state (Brian2 reference: 50)")
	workers := flag.Int("workers", 0, "goroutines (0 = every core, GOMAXPROCS)")
	seed := flag.Uint64("seed", bench.DefaultSeed, "random seed")
	out := flag.String("out", "", "output CSV (default: standard output)")
	flag.Parse()
	if *curve == (*pop > 0) {
		log.Fatal("give exactly one of -curve and -pop N")
	}
	if *workers <= 0 {
		*workers = runtime.GOMAXPROCS(0)
	}
	w := io.Writer(os.Stdout)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		w = f
	}
	p := rule.DP()
	if *curve {
		t := time.Now()
		pts := p.PairingCurve(bench.CurveDts(), bench.CurvePairs, bench.CurveRate, bench.CurveT0,
			*nstoch, *seed, *workers)
		sim := time.Since(t).Seconds()
		rows := make([]bench.CurveRow, len(pts))
		for k, c := range pts {
			rows[k] = bench.CurveRow{Dt: c.Dt, RhoDet0: c.RhoDet0, RhoDet1: c.RhoDet1,
				Up0: c.Up0, Up1: c.Up1, N0: *nstoch, N1: *nstoch}
		}
		if err := bench.WriteCurve(w, rows); err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "synlab gbbench curve: %d Δt × %d synapses, workers=%d\n",
			len(rows), 2+2**nstoch, *workers)
		fmt.Fprintf(os.Stderr, "WALL total_s=%.3f sim_s=%.3f\n", time.Since(start).Seconds(), sim)
		return
	}
	rho := make([]float64, *pop)
	t := time.Now()
	p.PoissonPopulation(rho, bench.PopRate, bench.PopRate, bench.PopT, *seed, *workers)
	sim := time.Since(t).Seconds()
	r := bench.PopStats(rho, bench.RhoStar)
	r.WallS = sim
	r.WallTotalS = time.Since(start).Seconds()
	if err := bench.WritePop(w, r); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "synlab gbbench pop: n=%d workers=%d mean=%.5f sd=%.5f frac_up=%.5f\n",
		r.N, *workers, r.Mean, r.SD, r.FracUp)
	// Calcium events: the expected count, (ratePre + ratePost)·T per synapse.
	events := float64(r.N) * 2 * bench.PopRate * bench.PopT
	fmt.Fprintf(os.Stderr, "EVENTS n=%.6g wall_ns_per_event=%.1f\n", events, sim*1e9/events)
	fmt.Fprintf(os.Stderr, "WALL total_s=%.3f sim_s=%.3f\n", r.WallTotalS, sim)
}
