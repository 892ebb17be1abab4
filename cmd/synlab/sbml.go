package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/sbml"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// sbmlCmd is `synlab sbml`: read, describe and simulate SBML models.
func sbmlCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "sbml",
		Short: "Read, describe and simulate SBML models (Level 2 v1–5, Level 3 v1–2 core)",
	}
	c.AddCommand(sbmlInfoCmd(), sbmlSimulateCmd())
	return c
}

// readSBML reads and compiles a model file; a model that reads but does
// not compile is returned with the error.
func readSBML(path string) (*sbml.Model, *sbml.Compiled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	m, err := sbml.Read(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	c, err := sbml.Compile(m, sbml.Options{})
	if err != nil {
		return m, nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, c, nil
}

func sbmlInfoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "info MODEL.xml",
		Short: "List a model's compartments, species, parameters, reactions, rules, events, units and what is not simulated exactly",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, c, err := readSBML(args[0])
			if m == nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), sbml.Info(m, c, err))
			return nil
		},
	}
}

type sbmlSimFlags struct {
	settings string
	out      string
	figure   string
	duration string
	steps    int
	vars     string
	sets     []string
	amounts  bool
	relTol   float64
	absTol   float64
}

func sbmlSimulateCmd() *cobra.Command {
	var f sbmlSimFlags
	c := &cobra.Command{
		Use:   "simulate MODEL.xml",
		Short: "Simulate a model: the SBML Test Suite's layout with --settings, or a time course with --duration",
		Long: `Simulate an SBML model.

With --settings NNNNN-settings.txt (an SBML Test Suite settings file) the result is written
in the suite's CSV layout: a time column, then the listed variables, species as amounts or
concentrations as the settings ask.

Otherwise --duration (with a unit: "100 s", "5 min") and --steps set the output grid;
--vars chooses the columns (default: every species), species are reported as they read in
the model's math (concentrations unless hasOnlySubstanceUnits) or, with --amounts, as
amounts. --set id=value changes a parameter, compartment or species before the run (model
units). --out writes CSV or Parquet (by extension; default: CSV on standard output);
--figure draws the variables against time (SVG or PNG).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runSBMLSimulate(cmd, args[0], f) },
	}
	fl := c.Flags()
	fl.StringVar(&f.settings, "settings", "", "SBML Test Suite settings file (NNNNN-settings.txt)")
	fl.StringVar(&f.out, "out", "", "output file: .csv or .parquet (default: CSV on standard output)")
	fl.StringVar(&f.figure, "figure", "", "figure file: .svg or .png")
	fl.StringVar(&f.duration, "duration", "", "simulated time with its unit, e.g. \"100 s\"")
	fl.IntVar(&f.steps, "steps", 1000, "output intervals (steps+1 rows)")
	fl.StringVar(&f.vars, "vars", "", "comma-separated ids to report (default: every species)")
	fl.StringArrayVar(&f.sets, "set", nil, "id=value before the run, model units (repeatable)")
	fl.BoolVar(&f.amounts, "amounts", false, "report species as amounts")
	fl.Float64Var(&f.relTol, "rtol", 0, "solver relative tolerance (0: the package default)")
	fl.Float64Var(&f.absTol, "atol", 0, "solver absolute tolerance (0: the package default)")
	return c
}

// runSBMLSimulate runs synlab sbml simulate on the model file path: the
// output grid and columns from --settings or --duration, the --set changes,
// the simulation, then the output and figure files.
func runSBMLSimulate(cmd *cobra.Command, path string, f sbmlSimFlags) error {
	m, c, err := readSBML(path)
	if err != nil {
		return err
	}
	sets, err := sbmlSets(c, f.sets)
	if err != nil {
		return err
	}
	var setErr error
	tune := func(s *sbml.Sim) {
		s.RelTol, s.AbsTol = f.relTol, f.absTol
		for id, v := range sets {
			if err := s.SetValue(id, v); err != nil && setErr == nil {
				setErr = err
			}
		}
	}

	var ts []float64
	var cols []sbml.Column
	if f.settings != "" {
		ts, cols, err = settingsGrid(&f)
	} else {
		ts, cols, err = durationGrid(m, c, &f)
	}
	if err != nil {
		return err
	}
	res, err := c.Simulate(ts, cols, tune)
	if setErr != nil {
		return setErr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return writeSBMLResult(cmd, m, res, path, f)
}

// sbmlSets parses the --set values id=value, checking each id against the
// compiled model c.
func sbmlSets(c *sbml.Compiled, given []string) (map[string]float64, error) {
	sets := map[string]float64{}
	for _, s := range given {
		id, v, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("--set %q: want id=value", s)
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, fmt.Errorf("--set %q: %q is not a number", s, v)
		}
		if !c.Has(strings.TrimSpace(id)) {
			return nil, fmt.Errorf("--set %q: %q is not an id of the model", s, id)
		}
		sets[strings.TrimSpace(id)] = x
	}
	return sets, nil
}

// settingsGrid reads the output times and columns from the SBML Test Suite
// settings file --settings, and sets the tolerances not given to the
// suite's (relative 1e-9, absolute min(1e-10, 1e-6 of the settings'
// absolute tolerance)).
func settingsGrid(f *sbmlSimFlags) ([]float64, []sbml.Column, error) {
	data, err := os.ReadFile(f.settings)
	if err != nil {
		return nil, nil, err
	}
	st, err := sbml.ParseSettings(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", f.settings, err)
	}
	ts, cols := st.Times(), st.Columns()
	if f.relTol == 0 {
		f.relTol = 1e-9
	}
	if f.absTol == 0 {
		f.absTol = min(1e-10, st.Absolute*1e-6)
	}
	return ts, cols, nil
}

// durationGrid makes the output times from --duration and --steps (in the
// model's time unit) and the columns from --vars (default every species),
// species as values or, with --amounts, amounts.
func durationGrid(m *sbml.Model, c *sbml.Compiled, f *sbmlSimFlags) ([]float64, []sbml.Column, error) {
	if f.duration == "" {
		return nil, nil, errors.New("give --settings or --duration")
	}
	ms, err := units.Parse(f.duration, units.Time)
	if err != nil {
		return nil, nil, fmt.Errorf("--duration: %w", err)
	}
	sec, err := m.TimeUnit()
	if err != nil {
		return nil, nil, err
	}
	if f.steps < 1 {
		return nil, nil, fmt.Errorf("--steps %d: must be >= 1", f.steps)
	}
	var ts []float64
	var cols []sbml.Column
	end := ms / 1000 / sec
	for i := 0; i <= f.steps; i++ {
		ts = append(ts, end*float64(i)/float64(f.steps))
	}
	var ids []string
	if f.vars != "" {
		for _, v := range strings.Split(f.vars, ",") {
			if v = strings.TrimSpace(v); v != "" {
				ids = append(ids, v)
			}
		}
	} else {
		for _, s := range m.Species {
			ids = append(ids, s.ID)
		}
	}
	mode := sbml.AsValue
	if f.amounts {
		mode = sbml.AsAmount
	}
	for _, id := range ids {
		md := mode
		if !c.IsSpecies(id) {
			md = sbml.AsValue
		}
		cols = append(cols, sbml.Column{ID: id, Mode: md})
	}
	return ts, cols, nil
}

// writeSBMLResult writes the result of the model file path: the figure
// (--figure), and the suite's CSV layout (with --settings, unless --out
// asks for Parquet) or a trace table as CSV or Parquet, to --out or
// standard output.
func writeSBMLResult(cmd *cobra.Command, m *sbml.Model, res *sbml.Result, path string, f sbmlSimFlags) error {
	if f.settings != "" && (f.out == "" || strings.EqualFold(filepath.Ext(f.out), ".csv")) {
		if f.figure != "" {
			if err := sbmlFigure(m, res, f.figure); err != nil {
				return err
			}
		}
		return writeOut(cmd, f.out, res.AppendCSV(nil))
	}
	tbl := sbmlTable(m, res, path)
	if f.figure != "" {
		if err := sbmlFigure(m, res, f.figure); err != nil {
			return err
		}
	}
	switch ext := strings.ToLower(filepath.Ext(f.out)); ext {
	case "", ".csv":
		var b bytes.Buffer
		if err := tbl.WriteCSV(&b); err != nil {
			return err
		}
		return writeOut(cmd, f.out, b.Bytes())
	case ".parquet":
		var b bytes.Buffer
		if err := tbl.WriteParquet(&b); err != nil {
			return err
		}
		return writeOut(cmd, f.out, b.Bytes())
	default:
		return fmt.Errorf("--out %s: want .csv or .parquet", f.out)
	}
}

func writeOut(cmd *cobra.Command, path string, data []byte) error {
	if path == "" {
		_, err := cmd.OutOrStdout().Write(data)
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// sbmlTable turns a result into a trace table: time in the model's unit,
// variables in model units.
func sbmlTable(m *sbml.Model, res *sbml.Result, path string) *trace.Table {
	tu := "model time unit"
	if s, err := m.TimeUnit(); err == nil {
		tu = "s"
		if s != 1 {
			tu = strconv.FormatFloat(s, 'g', -1, 64) + " s"
		}
	}
	cols := []trace.Col{{Name: "time", Unit: tu, Doc: "model time"}}
	for _, h := range res.Header[1:] {
		cols = append(cols, trace.Col{Name: h, Unit: "model units", Doc: "SBML id " + h})
	}
	t := trace.New(cols...)
	for _, r := range res.Rows {
		t.Append(r...)
	}
	t.Meta["sbml"] = filepath.Base(path)
	t.Meta["model"] = m.ID
	t.Meta["level"] = fmt.Sprintf("L%dV%d", m.Level, m.Version)
	return t
}

func sbmlFigure(m *sbml.Model, res *sbml.Result, path string) error {
	tbl := sbmlTable(m, res, "")
	fig := plot.Figure{
		Title:  "SBML model " + m.ID,
		Height: 4 * vg.Inch,
		Panels: []plot.Panel{{
			Table: tbl, X: "time", XLabel: "Time (" + tbl.Cols[0].Unit + ")",
			Y: res.Header[1:], YLabel: "value (model units)",
		}},
	}
	return fig.Save(path)
}
