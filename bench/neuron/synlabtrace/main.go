// Command synlabtrace is the synlab side of the NEURON ⇄ synlab comparison
// (bench/neuron/run.sh): it runs a protocol of package neuron on spine's
// default model with deterministic release and writes the columns
// t_ms,v_soma_mV,v_spine_mV,i_nmda_pA,ca_uM on the 0.1 ms grid, as
// ca1_spine.py does, plus the released fraction of every pulse.
//
//	synlabtrace -proto single -out single.csv          (trace; also single_release.csv)
//	synlabtrace -proto lfs900 -repeat 3                (timing only, nothing recorded)
//	synlabtrace -proto hfs -reltol 1e-8 -abstol 1e-10 -out hfs.csv
//	synlabtrace -cmp REF.csv A.csv B.csv ...           (RelRMS of each file against REF)
//
// -cmp prints, per file, neuron.RelRMS of v_soma, v_spine, i_nmda and ca
// against REF on REF's rows (REF may hold only windows of the grid) and
// their maximum; no simulation is run.
//
// The last line printed is "WALL run_s=… total_s=…": run_s is the model
// construction plus the run, the minimum over -repeat runs; total_s the
// whole process.
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/synlab/synlab/bench/neuron"
	"github.com/synlab/synlab/spine"
)

func main() {
	start := time.Now()
	log.SetFlags(0)
	log.SetPrefix("synlabtrace: ")
	proto := flag.String("proto", "single", "protocol: single, pair, lf10, hfs, lfs900, lfs90")
	out := flag.String("out", "", "CSV output (none: timing only, nothing recorded)")
	rtol := flag.Float64("reltol", 0, "Rodas4 RelTol (0: spine.DefaultSolver)")
	atol := flag.Float64("abstol", 0, "Rodas4 AbsTol (0: spine.DefaultSolver)")
	repeat := flag.Int("repeat", 1, "runs; run_s is the minimum")
	cmp := flag.String("cmp", "", "reference CSV: compare the CSV files given as arguments with it and exit")
	flag.Parse()
	if *cmp != "" {
		if err := compare(*cmp, flag.Args()); err != nil {
			log.Fatal(err)
		}
		return
	}

	pr, err := neuron.Protocols(*proto)
	if err != nil {
		log.Fatal(err)
	}
	p := spine.Default()
	p.Release.Stochastic = false
	if *rtol > 0 {
		p.Solver.RelTol = *rtol
	}
	if *atol > 0 {
		p.Solver.AbsTol = *atol
	}
	best := math.Inf(1)
	var tr neuron.Trace
	for range max(1, *repeat) {
		t1 := time.Now()
		tr, err = neuron.Run(p, pr, *out != "")
		if err != nil {
			log.Fatal(err)
		}
		best = math.Min(best, time.Since(t1).Seconds())
	}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			log.Fatal(err)
		}
		if err := neuron.WriteCSV(f, tr); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("k,t_ms,r\n")
		for k, r := range tr.Release {
			fmt.Fprintf(&b, "%d,%.6f,%.17g\n", k, pr.Pre[k], r)
		}
		rel := strings.TrimSuffix(*out, filepath.Ext(*out)) + "_release.csv"
		if err := os.WriteFile(rel, []byte(b.String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("synlab proto=%s rodas4 reltol=%g abstol=%g pulses=%d\n", pr.Name, p.Solver.RelTol, p.Solver.AbsTol, len(pr.Pre))
	fmt.Printf("WALL run_s=%.4f total_s=%.4f\n", best, time.Since(start).Seconds())
}

// compare prints neuron.RelRMS of every file against ref.
func compare(ref string, files []string) error {
	r, err := neuron.ReadRef(ref)
	if err != nil {
		return err
	}
	fmt.Printf("%-44s %10s %10s %10s %10s %10s\n", "RelRMS vs "+filepath.Base(ref), "v_soma", "v_spine", "i_nmda", "ca", "max")
	for _, f := range files {
		x, err := neuron.ReadRef(f)
		if err != nil {
			return err
		}
		n := 0
		for _, k := range r.K {
			n = max(n, k+1)
		}
		d := x.Dense(n)
		fmt.Printf("%-44s", filepath.Base(f))
		worst := 0.0
		for c := range d.Y {
			e := neuron.RelRMS(d.Y[c], r, c)
			worst = math.Max(worst, e)
			fmt.Printf(" %10.3e", e)
		}
		fmt.Printf(" %10.3e\n", worst)
	}
	return nil
}
