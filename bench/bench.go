// Package bench compares synlab's Graupner–Brunel rule (package rule) with
// Brian2, side by side: the same protocols run in both, their outputs are
// written in one CSV format, and brian2_test.go checks synlab against the
// Brian2 reference files in ref/ (made by the scripts in brian2/; Brian2 is
// not needed to run the tests). The command gbbench is the synlab side of
// run.sh, the benchmark.
//
// Two protocols, both with the GB2012 "DP" parameter set (rule.DP):
//
//   - the STDP curve: 101 values of Δt = t_post − t_pre from −100 to +100 ms,
//     60 pre/post pairs at 1 Hz, pre spike k at 100 ms + k·1 s, run ends at
//     60.1 s; per Δt two noise-free synapses (ρ0 = 0 and 1) and stochastic
//     synapses from both states (CurveRow);
//   - a Poisson population: N independent synapses, each with its own 5 Hz
//     Poisson pre and post trains, 10 s, ρ0 = 0 for i < N/2 and 1 otherwise
//     (PopRow).
//
// It stops at comparison: the model itself lives in package rule.
package bench

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Histogram of final ρ: HistBins equal bins on [HistLo, HistHi); values
// outside are counted in the end bins (the same rule as the Brian2 script).
const (
	HistLo   = -0.5
	HistHi   = 1.5
	HistBins = 20
)

// CurveRow is one Δt of the STDP curve, as in the CSV header
// dt_ms,rho_det0,rho_det1,up0,up1,n0,n1.
type CurveRow struct {
	Dt      float64 // t_post − t_pre [ms] (not the integration step)
	RhoDet0 float64 // final ρ, noise-free synapse started at 0
	RhoDet1 float64 // final ρ, noise-free synapse started at 1
	Up0     float64 // fraction of stochastic synapses started at 0 ending above ρ* (NaN if N0 = 0)
	Up1     float64 // fraction of stochastic synapses started at 1 ending above ρ* (NaN if N1 = 0)
	N0, N1  int     // number of stochastic synapses started at 0 and at 1
}

// PopRow is the one-row summary of a population run, as in the CSV header
// n,mean,sd,frac_up,wall_s,h00..h19,wall_total_s.
type PopRow struct {
	N          int
	Mean, SD   float64 // SD is the sample standard deviation (n − 1)
	FracUp     float64 // fraction with ρ > ρ* = 0.5
	WallS      float64 // simulation time [s], compilation excluded
	Hist       [HistBins]int
	WallTotalS float64 // whole program [s], compilation and start-up included
}

// PopStats summarises final efficacies rho into a PopRow (wall times left 0).
func PopStats(rho []float64, rhoStar float64) PopRow {
	r := PopRow{N: len(rho)}
	var sum float64
	up := 0
	for _, x := range rho {
		sum += x
		if x > rhoStar {
			up++
		}
		k := int(math.Floor((x - HistLo) / (HistHi - HistLo) * HistBins))
		r.Hist[min(max(k, 0), HistBins-1)]++
	}
	n := float64(len(rho))
	r.Mean = sum / n
	var ss float64
	for _, x := range rho {
		ss += (x - r.Mean) * (x - r.Mean)
	}
	r.SD = math.Sqrt(ss / (n - 1))
	r.FracUp = float64(up) / n
	return r
}

const curveHeader = "dt_ms,rho_det0,rho_det1,up0,up1,n0,n1"

// WriteCurve writes rows in the curve CSV format.
func WriteCurve(w io.Writer, rows []CurveRow) error {
	var b strings.Builder
	b.WriteString(curveHeader + "\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%g,%.10g,%.10g,%.6g,%.6g,%d,%d\n", r.Dt, r.RhoDet0, r.RhoDet1, r.Up0, r.Up1, r.N0, r.N1)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WritePop writes r in the population CSV format.
func WritePop(w io.Writer, r PopRow) error {
	head := []string{"n", "mean", "sd", "frac_up", "wall_s"}
	vals := []string{strconv.Itoa(r.N), fmt.Sprintf("%.8g", r.Mean), fmt.Sprintf("%.8g", r.SD),
		fmt.Sprintf("%.8g", r.FracUp), fmt.Sprintf("%.3f", r.WallS)}
	for k, h := range r.Hist {
		head = append(head, fmt.Sprintf("h%02d", k))
		vals = append(vals, strconv.Itoa(h))
	}
	head = append(head, "wall_total_s")
	vals = append(vals, fmt.Sprintf("%.3f", r.WallTotalS))
	_, err := fmt.Fprintf(w, "%s\n%s\n", strings.Join(head, ","), strings.Join(vals, ","))
	return err
}

// readTable reads a CSV file with a header into one map per row.
func readTable(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("bench: %s: %w", path, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("bench: %s: no data rows", path)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows, nil
}

type fieldParser struct {
	path string
	err  error
}

func (p *fieldParser) f(m map[string]string, key string) float64 {
	s, ok := m[key]
	if !ok && p.err == nil {
		p.err = fmt.Errorf("bench: %s: no column %q", p.path, key)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("bench: %s: column %q: %w", p.path, key, err)
	}
	return v
}

func (p *fieldParser) i(m map[string]string, key string) int {
	return int(p.f(m, key))
}

// ReadCurve reads a curve CSV written by WriteCurve or brian2/gb_stdp_curve.py.
func ReadCurve(path string) ([]CurveRow, error) {
	t, err := readTable(path)
	if err != nil {
		return nil, err
	}
	p := &fieldParser{path: path}
	rows := make([]CurveRow, len(t))
	for k, m := range t {
		rows[k] = CurveRow{Dt: p.f(m, "dt_ms"), RhoDet0: p.f(m, "rho_det0"), RhoDet1: p.f(m, "rho_det1"),
			Up0: p.f(m, "up0"), Up1: p.f(m, "up1"), N0: p.i(m, "n0"), N1: p.i(m, "n1")}
	}
	return rows, p.err
}

// ReadPop reads a population CSV written by WritePop or brian2/gb_population.py.
func ReadPop(path string) (PopRow, error) {
	t, err := readTable(path)
	if err != nil {
		return PopRow{}, err
	}
	p := &fieldParser{path: path}
	m := t[0]
	r := PopRow{N: p.i(m, "n"), Mean: p.f(m, "mean"), SD: p.f(m, "sd"), FracUp: p.f(m, "frac_up"),
		WallS: p.f(m, "wall_s"), WallTotalS: p.f(m, "wall_total_s")}
	for k := range r.Hist {
		r.Hist[k] = p.i(m, fmt.Sprintf("h%02d", k))
	}
	return r, p.err
}

// CurveDts returns the protocol's 101 values of Δt: −100, −98, …, +100 ms.
func CurveDts() []float64 {
	dts := make([]float64, 101)
	for k := range dts {
		dts[k] = -100 + 2*float64(k)
	}
	return dts
}

// Protocol constants shared with brian2/gb_stdp_curve.py and brian2/gb_population.py.
const (
	CurvePairs  = 60    // pre/post pairs
	CurveRate   = 0.001 // pairing rate [1/ms] (1 Hz)
	CurveT0     = 100.0 // first presynaptic spike [ms]
	PopRate     = 0.005 // Poisson rate of pre and post [1/ms] (5 Hz)
	PopT        = 1e4   // population run length [ms] (10 s)
	RhoStar     = 0.5   // ρ*, threshold for "UP"
	DefaultSeed = 2012
)
