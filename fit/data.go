package fit

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/synlab/synlab/units"
)

// Kind is the kind of data a fit compares with.
type Kind int

const (
	// TimeCourse data: strength in % of baseline against minutes from the
	// start of the run (as synlab's tests.csv): header t_min,strength_pct.
	TimeCourse Kind = iota
	// Curve data: change in strength in % of baseline at the end of the
	// run against one spec field: header PATH_UNIT,change_pct, e.g.
	// protocol.train.rate_Hz,change_pct (one run per row's x).
	Curve
)

func (k Kind) String() string {
	if k == TimeCourse {
		return "time course"
	}
	return "curve"
}

// Data is what a fit compares the model with.
type Data struct {
	Kind  Kind
	X     []float64 // TimeCourse: minutes from the start of the run; Curve: the x value in XUnit
	Y     []float64 // strength (TimeCourse) or change (Curve), % of baseline
	Err   []float64 // one standard error (or deviation) per point, > 0; nil without error bars
	XPath string    // Curve: the spec path of x (as for --set)
	XUnit string    // Curve: the unit of x ("" for a count or a bare number)
	Cols  [3]string // the header as read (the third "" without error bars)
}

// ReadData reads a data file: CSV with a header row and two or three
// columns, lines starting with # ignored.
//
//	t_min,strength_pct[,err_pct]          a time course
//	PATH_UNIT,change_pct[,err_pct]        a curve, e.g. protocol.train.rate_Hz or protocol.pairing.dt_ms
//
// The third column (err_pct, sem_pct or sd_pct) holds error bars. In a
// curve, the x column's name is a spec path and its unit after the last
// underscore; a name without a known unit is a path with bare numbers
// (protocol.pairing.post_spikes).
func ReadData(r io.Reader) (*Data, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("no header row")
	}
	if err != nil {
		return nil, err
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	const want = "the header is t_min,strength_pct (a time course) or PATH_UNIT,change_pct (a curve, e.g. protocol.train.rate_Hz,change_pct), with an optional third column err_pct"
	if len(header) < 2 || len(header) > 3 {
		return nil, fmt.Errorf("header %q has %d columns: %s", strings.Join(header, ","), len(header), want)
	}
	d := &Data{}
	copy(d.Cols[:], header)
	switch {
	case header[0] == "t_min":
		d.Kind = TimeCourse
		if header[1] != "strength_pct" {
			return nil, fmt.Errorf("header %q: a time course (t_min) needs strength_pct (%% of baseline) in column 2; %s", strings.Join(header, ","), want)
		}
	default:
		d.Kind = Curve
		if header[1] != "change_pct" {
			return nil, fmt.Errorf("header %q: column 2 must be change_pct (a curve) after a spec path, or the first column t_min (a time course); %s", strings.Join(header, ","), want)
		}
		d.XPath, d.XUnit = SplitColumn(header[0])
	}
	if len(header) == 3 {
		switch header[2] {
		case "err_pct", "sem_pct", "sd_pct":
		default:
			return nil, fmt.Errorf("header %q: column 3 must be err_pct (or sem_pct, sd_pct): error bars in %%", strings.Join(header, ","))
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fmt.Errorf("line %d has %d fields, the header %d", line, len(rec), len(header))
		}
		var v [3]float64
		for i, s := range rec {
			x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("line %d, column %s: %q is not a finite number", line, header[i], s)
			}
			v[i] = x
		}
		if d.Kind == TimeCourse && v[0] < 0 {
			return nil, fmt.Errorf("line %d, column t_min: %g: times are ≥ 0 (minutes from the start of the run)", line, v[0])
		}
		if len(header) == 3 {
			if !(v[2] > 0) {
				return nil, fmt.Errorf("line %d, column %s: %g: error bars must be > 0", line, header[2], v[2])
			}
			d.Err = append(d.Err, v[2])
		}
		d.X = append(d.X, v[0])
		d.Y = append(d.Y, v[1])
	}
	if len(d.X) == 0 {
		return nil, fmt.Errorf("no data rows after the header")
	}
	return d, nil
}

// SplitColumn splits a column name PATH_UNIT into the spec path and the
// unit, when the part after the last underscore is a unit synlab knows
// with a dimension (protocol.train.rate_Hz → protocol.train.rate, Hz);
// otherwise the whole name is the path (protocol.pairing.post_spikes).
func SplitColumn(name string) (path, unit string) {
	i := strings.LastIndexByte(name, '_')
	if i <= 0 {
		return name, ""
	}
	if _, dim, err := units.ParseAny("1 " + name[i+1:]); err == nil && dim != units.Dimensionless {
		return name[:i], name[i+1:]
	}
	return name, ""
}

// levels returns the distinct values of xs in first-seen order and the
// index of each x among them.
func levels(xs []float64) (lv []float64, at []int) {
	pos := map[float64]int{}
	at = make([]int, len(xs))
	for i, x := range xs {
		k, ok := pos[x]
		if !ok {
			k = len(lv)
			pos[x] = k
			lv = append(lv, x)
		}
		at[i] = k
	}
	return lv, at
}
