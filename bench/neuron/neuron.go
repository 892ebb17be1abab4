// Package neuron cross-validates synlab's biophysical CA1 synapse (package
// spine, docs/spine-model.md) against the same model built in NEURON 8.2.2
// (ca1_spine.py with the mechanisms in mod/), and benchmarks the two.
//
// Both sides run the protocols below with deterministic release and write
// the same CSV columns, Columns, on the grid t = k·Grid ms. The NEURON
// outputs used as references are stored in ref/ (NEURON is not needed to run
// the tests); compare_test.go recomputes synlab's traces and checks them
// against the references with the RelRMS measure. The command synlabtrace is
// the synlab side of run.sh.
//
// Protocols (times in ms; the same table is in ca1_spine.py):
//
//	single   one presynaptic pulse at 10; run to 300
//	pair     pre at 10, somatic spike (2 nA × 2 ms IClamp onset) at 20; run to 300
//	lf10     10 pre pulses at 1 Hz from 10; run to 10010
//	hfs      100 pre pulses at 100 Hz from 10; run to 1300
//	lfs900   900 pre pulses at 1 Hz from 10; run to 900010 (timing)
//	lfs90    90 min: test pulses every 30 s for 20 min, 900 pulses at 1 Hz,
//	         test pulses every 30 s to 90 min (timing)
//
// It stops at comparison: the model itself lives in package spine.
package neuron

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/synlab/synlab/spine"
)

// Grid is the recording interval of every trace [ms].
const Grid = 0.1

// Columns is the CSV header shared by ca1_spine.py and synlabtrace.
var Columns = []string{"t_ms", "v_soma_mV", "v_spine_mV", "i_nmda_pA", "ca_uM"}

// spineVars are the spine.Vars() names of Columns[1:].
var spineVars = []string{"v_soma_mV", "v_spine_mV", "i_nmda_pA", "ca_uM"}

// Protocol is a list of presynaptic pulses and somatic spikes.
type Protocol struct {
	Name  string
	Pre   []float64 // presynaptic pulse times [ms], sorted
	Post  []float64 // somatic current-pulse onsets [ms], sorted
	TStop float64   // end of the run [ms]
}

// Protocols returns the named protocol (see the package comment).
func Protocols(name string) (Protocol, error) {
	p := Protocol{Name: name}
	train := func(t0, period float64, n int) []float64 {
		ts := make([]float64, n)
		for k := range ts {
			ts[k] = t0 + float64(k)*period
		}
		return ts
	}
	switch name {
	case "single":
		p.Pre, p.TStop = []float64{10}, 300
	case "pair":
		p.Pre, p.Post, p.TStop = []float64{10}, []float64{20}, 300
	case "lf10":
		p.Pre, p.TStop = train(10, 1000, 10), 10010
	case "hfs":
		p.Pre, p.TStop = train(10, 10, 100), 1300
	case "lfs900":
		p.Pre, p.TStop = train(10, 1000, 900), 10+900*1000
	case "lfs90":
		p.Pre = append(append(train(10, 30000, 40), train(1200010, 1000, 900)...), train(2100010, 30000, 110)...)
		p.TStop = 5400000
	default:
		return p, fmt.Errorf("neuron: unknown protocol %q", name)
	}
	return p, nil
}

// Trace is a recording on the grid t = k·Grid: Y[j][k] is Columns[j+1] at k·Grid.
type Trace struct {
	Y       [4][]float64
	Release []float64 // released fraction of each pulse
}

// Run runs protocol pr on spine model p (which should use deterministic
// release) and, if record is true, samples Columns on the grid. Without
// recording it integrates from event to event only (the timing path).
func Run(p spine.Params, pr Protocol, record bool) (Trace, error) {
	var tr Trace
	m, err := spine.New(p)
	if err != nil {
		return tr, err
	}
	type event struct {
		t   float64
		pre bool
	}
	ev := make([]event, 0, len(pr.Pre)+len(pr.Post))
	i, j := 0, 0
	for i < len(pr.Pre) || j < len(pr.Post) {
		// post first at equal times: the pulse starts, then the release arrives
		if j < len(pr.Post) && (i == len(pr.Pre) || pr.Post[j] <= pr.Pre[i]) {
			ev = append(ev, event{pr.Post[j], false})
			j++
		} else {
			ev = append(ev, event{pr.Pre[i], true})
			i++
		}
	}
	var ts []float64
	var obs func(float64)
	var row []float64
	idx := make([]int, len(spineVars))
	if record {
		n := int(math.Floor(pr.TStop/Grid+1e-9)) + 1
		ts = make([]float64, n)
		for k := range ts {
			ts[k] = float64(k) * Grid
		}
		for c := range tr.Y {
			tr.Y[c] = make([]float64, 0, n)
		}
		vars := spine.Vars()
		row = make([]float64, len(vars))
		for c, name := range spineVars {
			idx[c] = -1
			for k, v := range vars {
				if v == name {
					idx[c] = k
				}
			}
			if idx[c] < 0 {
				return tr, fmt.Errorf("neuron: spine.Vars() has no %s", name)
			}
		}
		obs = func(float64) {
			m.Read(row)
			for c, k := range idx {
				tr.Y[c] = append(tr.Y[c], row[k])
			}
		}
		obs(0)
		ts = ts[1:]
	}
	advance := func(t1 float64) error {
		if t1 <= m.Time() {
			return nil
		}
		k := 0
		for k < len(ts) && ts[k] <= t1 {
			k++
		}
		err := m.Advance(t1-m.Time(), ts[:k], obs)
		ts = ts[k:]
		return err
	}
	for _, e := range ev {
		if err := advance(e.t); err != nil {
			return tr, err
		}
		if e.pre {
			tr.Release = append(tr.Release, m.Pre(nil))
		} else {
			m.SomaticSpike()
		}
	}
	if err := advance(pr.TStop); err != nil {
		return tr, err
	}
	return tr, nil
}

// WriteCSV writes tr with the header Columns, one row per grid point.
func WriteCSV(w io.Writer, tr Trace) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, strings.Join(Columns, ","))
	for k := range tr.Y[0] {
		bw.WriteString(strconv.FormatFloat(float64(k)*Grid, 'f', 4, 64))
		for c := range tr.Y {
			bw.WriteByte(',')
			bw.WriteString(strconv.FormatFloat(tr.Y[c][k], 'g', 10, 64))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Ref is a NEURON reference: rows at grid indices K (a subset of the grid
// when only windows around the pulses were kept).
type Ref struct {
	K []int
	Y [4][]float64
}

// ReadRef reads a CSV with the header Columns (as ca1_spine.py writes it).
func ReadRef(path string) (Ref, error) {
	var r Ref
	f, err := os.Open(path)
	if err != nil {
		return r, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			if s != strings.Join(Columns, ",") {
				return r, fmt.Errorf("neuron: %s: header %q, want %q", path, s, strings.Join(Columns, ","))
			}
			continue
		}
		fs := strings.Split(s, ",")
		if len(fs) != len(Columns) {
			return r, fmt.Errorf("neuron: %s:%d: %d fields, want %d", path, line, len(fs), len(Columns))
		}
		var v [5]float64
		for c, x := range fs {
			if v[c], err = strconv.ParseFloat(x, 64); err != nil {
				return r, fmt.Errorf("neuron: %s:%d: %v", path, line, err)
			}
		}
		k := int(math.Round(v[0] / Grid))
		if math.Abs(v[0]-float64(k)*Grid) > 1e-6 {
			return r, fmt.Errorf("neuron: %s:%d: t = %g ms is off the %g ms grid", path, line, v[0], Grid)
		}
		r.K = append(r.K, k)
		for c := range r.Y {
			r.Y[c] = append(r.Y[c], v[c+1])
		}
	}
	return r, sc.Err()
}

// ReadRelease reads the released fractions of a *_release.csv file (k,t_ms,r).
func ReadRelease(path string) ([]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []float64
	for i, s := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 {
			continue
		}
		fs := strings.Split(s, ",")
		if len(fs) != 3 {
			return nil, fmt.Errorf("neuron: %s:%d: want k,t_ms,r", path, i+1)
		}
		x, err := strconv.ParseFloat(fs[2], 64)
		if err != nil {
			return nil, fmt.Errorf("neuron: %s:%d: %v", path, i+1, err)
		}
		out = append(out, x)
	}
	return out, nil
}

// RelRMS is the agreement measure of the issue, "RMS relative to peak":
//
//	e = sqrt( mean_k (x_k − r_k)² ) / max_k |r_k − r_0|
//
// over the reference rows k (the whole run, or the windows stored), where r
// is the reference and r_0 its first row: the resting state at t = 0, or at
// 5 ms before the first pulse when only windows are stored (lf10). The denominator is the peak excursion from rest,
// not the peak absolute value: for a membrane potential at −65 mV the
// latter would make a 2% criterion 1.3 mV, looser than the EPSP itself. For
// i_nmda (0 at rest) it is the peak |i|. x is taken at the same grid index.
func RelRMS(x []float64, ref Ref, c int) float64 {
	var ss, peak float64
	r := ref.Y[c]
	for i, k := range ref.K {
		d := x[k] - r[i]
		ss += d * d
		peak = math.Max(peak, math.Abs(r[i]-r[0]))
	}
	return math.Sqrt(ss/float64(len(ref.K))) / peak
}

// Dense spreads the rows of b over a grid of n points (NaN where b has no
// row), so that one NEURON output can be compared with another by RelRMS.
func (b Ref) Dense(n int) Trace {
	var tr Trace
	for c := range tr.Y {
		tr.Y[c] = make([]float64, n)
		for i := range tr.Y[c] {
			tr.Y[c][i] = math.NaN()
		}
		for i, k := range b.K {
			if k < n {
				tr.Y[c][k] = b.Y[c][i]
			}
		}
	}
	return tr
}
