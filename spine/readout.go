package spine

import (
	"fmt"
	"math"
)

// Trace is a record of Vars() sampled on a time grid.
type Trace struct {
	T    []float64   // sample times [ms]
	Vars []string    // column names (Vars())
	Y    [][]float64 // Y[j][i] is column j at T[i]
}

// Col returns the column called name, or nil.
func (tr Trace) Col(name string) []float64 {
	for j, v := range tr.Vars {
		if v == name {
			return tr.Y[j]
		}
	}
	return nil
}

// Record advances m by dur [ms] and samples every column of Vars() at the
// current time and every `every` ms after it (times t0 + k·every, never
// summed). Events must be applied by the caller before calling Record.
func (m *Model) Record(dur, every float64) (Trace, error) {
	if !(every > 0) || !(dur >= 0) {
		return Trace{}, fmt.Errorf("spine: Model.Record dur = %g ms, every = %g ms: need dur >= 0 and every > 0", dur, every)
	}
	vars := Vars()
	n := int(math.Floor(dur/every+1e-9)) + 1
	tr := Trace{T: make([]float64, 0, n), Vars: vars, Y: make([][]float64, len(vars))}
	for j := range tr.Y {
		tr.Y[j] = make([]float64, 0, n)
	}
	row := make([]float64, len(vars))
	add := func(t float64) {
		m.Read(row)
		tr.T = append(tr.T, t)
		for j, v := range row {
			tr.Y[j] = append(tr.Y[j], v)
		}
	}
	t0 := m.t
	add(t0)
	ts := make([]float64, 0, n)
	for k := 1; k < n; k++ {
		ts = append(ts, t0+float64(k)*every)
	}
	if err := m.Advance(dur, ts, add); err != nil {
		return tr, err
	}
	return tr, nil
}

// Peak returns the signed extreme deviation of y from base over samples
// with t0 ≤ t ≤ t1 (the value of largest |y − base|) and its time.
func Peak(t, y []float64, t0, t1, base float64) (dev, at float64) {
	for i, ti := range t {
		if ti < t0 || ti > t1 {
			continue
		}
		if d := y[i] - base; math.Abs(d) > math.Abs(dev) {
			dev, at = d, ti
		}
	}
	return dev, at
}

// Slope is the initial slope [unit/ms] of a response: the least-squares
// slope of y over the samples between the first crossings of lo·peak and
// hi·peak after t0 (peak from Peak over [t0, t1]); lo = 0.2, hi = 0.8 is the
// usual 20–80% fEPSP/EPSP slope. It returns NaN if fewer than two samples lie
// in that rise.
func Slope(t, y []float64, t0, t1, base, lo, hi float64) float64 {
	pk, tp := Peak(t, y, t0, t1, base)
	var sx, sy, sxx, sxy, n float64
	for i, ti := range t {
		if ti < t0 || ti > tp {
			continue
		}
		f := (y[i] - base) / pk
		if f < lo || f > hi {
			continue
		}
		sx += ti
		sy += y[i]
		sxx += ti * ti
		sxy += ti * y[i]
		n++
	}
	if n < 2 {
		return math.NaN()
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}

// Integral is the trapezoidal ∫(y − base) dt over samples with t0 ≤ t ≤ t1.
func Integral(t, y []float64, t0, t1, base float64) float64 {
	var s float64
	for i := 1; i < len(t); i++ {
		if t[i-1] < t0 || t[i] > t1 {
			continue
		}
		s += 0.5 * (y[i] + y[i-1] - 2*base) * (t[i] - t[i-1])
	}
	return s
}

// PPR is the paired-pulse ratio a2/a1.
func PPR(a1, a2 float64) float64 { return a2 / a1 }
