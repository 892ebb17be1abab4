package sbml

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Settings is an SBML Test Suite settings file (NNNNN-settings.txt): the
// output grid, the variables to report (species as amounts or
// concentrations) and the tolerances a result is judged by.
type Settings struct {
	Start, Duration float64
	Steps           int
	Variables       []string
	Absolute        float64 // tolerance: |result − expected| ≤ Absolute + Relative·|expected|
	Relative        float64
	Amount          []string // species reported as amounts
	Concentration   []string // species reported as concentrations
}

// ParseSettings reads a settings file ("key: value" lines; lists are
// comma-separated).
func ParseSettings(data []byte) (Settings, error) {
	var s Settings
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		num := func() (float64, error) {
			if v == "" {
				return 0, nil
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0, fmt.Errorf("sbml: settings line %d: %s = %q is not a number", line, k, v)
			}
			return f, nil
		}
		list := func() []string {
			var out []string
			for _, f := range strings.Split(v, ",") {
				if f = strings.TrimSpace(f); f != "" {
					out = append(out, f)
				}
			}
			return out
		}
		var err error
		switch strings.ToLower(k) {
		case "start":
			s.Start, err = num()
		case "duration":
			s.Duration, err = num()
		case "steps":
			var f float64
			f, err = num()
			s.Steps = int(f)
		case "variables":
			s.Variables = list()
		case "absolute":
			s.Absolute, err = num()
		case "relative":
			s.Relative, err = num()
		case "amount":
			s.Amount = list()
		case "concentration":
			s.Concentration = list()
		}
		if err != nil {
			return s, err
		}
	}
	if s.Steps < 1 || s.Steps > 10_000_000 {
		return s, fmt.Errorf("sbml: settings: steps = %d: must be in 1…1e7", s.Steps)
	}
	if !(s.Duration > 0) || math.IsInf(s.Duration, 0) {
		return s, fmt.Errorf("sbml: settings: duration = %g: must be > 0", s.Duration)
	}
	return s, nil
}

// Times returns the output grid Start + i·Duration/Steps, i = 0…Steps.
func (s Settings) Times() []float64 {
	ts := make([]float64, s.Steps+1)
	for i := range ts {
		ts[i] = s.Start + s.Duration*float64(i)/float64(s.Steps)
	}
	return ts
}

// Result is a time course: Header[0] is "time", Rows[i][0] the time.
type Result struct {
	Header []string
	Rows   [][]float64
}

// Column is one reported variable of Simulate.
type Column struct {
	ID   string
	Mode Mode
}

// Columns returns the variables of s with the mode the settings ask for.
func (s Settings) Columns() []Column {
	cols := make([]Column, len(s.Variables))
	for i, v := range s.Variables {
		cols[i] = Column{ID: v}
		switch {
		case slices.Contains(s.Amount, v):
			cols[i].Mode = AsAmount
		case slices.Contains(s.Concentration, v):
			cols[i].Mode = AsConcentration
		}
	}
	return cols
}

// Simulate runs a new Sim of c over the grid ts (ts[0] is the start, at
// which the state after t = 0 events is reported) and returns the columns.
func (c *Compiled) Simulate(ts []float64, cols []Column, tune func(*Sim)) (*Result, error) {
	sis := make([]int, len(cols))
	hdr := []string{"time"}
	for i, col := range cols {
		si, err := c.symbolOf(col.ID)
		if err != nil {
			return nil, err
		}
		sis[i] = si
		hdr = append(hdr, col.ID)
	}
	s, err := c.New()
	if err != nil {
		return nil, err
	}
	if tune != nil {
		tune(s)
	}
	res := &Result{Header: hdr}
	row := func(t float64) {
		r := make([]float64, len(cols)+1)
		r[0] = t
		for i, si := range sis {
			r[i+1] = s.read(si, cols[i].Mode)
		}
		res.Rows = append(res.Rows, r)
	}
	if len(ts) == 0 {
		return res, nil
	}
	if ts[0] > 0 {
		if err := s.AdvanceTo(ts[0], nil, nil); err != nil {
			return res, err
		}
	}
	s.refresh()
	row(ts[0])
	if err := s.AdvanceTo(ts[len(ts)-1], ts[1:], row); err != nil {
		return res, err
	}
	return res, nil
}

// AppendCSV appends the result in the Test Suite's CSV layout: a header
// line, then one line per time, numbers in the shortest form that reads
// back exactly.
func (r *Result) AppendCSV(dst []byte) []byte {
	dst = append(dst, strings.Join(r.Header, ",")...)
	dst = append(dst, '\n')
	for _, row := range r.Rows {
		for i, v := range row {
			if i > 0 {
				dst = append(dst, ',')
			}
			switch {
			case math.IsNaN(v):
				dst = append(dst, "NaN"...)
			case math.IsInf(v, 1):
				dst = append(dst, "INF"...)
			case math.IsInf(v, -1):
				dst = append(dst, "-INF"...)
			default:
				dst = strconv.AppendFloat(dst, v, 'g', -1, 64)
			}
		}
		dst = append(dst, '\n')
	}
	return dst
}
