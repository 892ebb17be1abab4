package sbml

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite docs/sbml-conformance.md and testdata/conformance.golden from this run")

// suiteArchive holds the SBML Test Suite's semantic cases without SBML
// packages (1,664 cases: the L3V2 and L2V4 model of each where the suite
// has one, results, settings), its tags.tsv and its LICENSE.txt (LGPL
// 2.1). Made from ../shared/sbml-test-suite.tar.xz by
//
//	tar -cf - -T files.txt --sort=name --owner=0 --group=0 --numeric-owner \
//	    --mtime=2020-01-01 | gzip -9 -n > testdata/suite.tar.gz
//
// (files.txt: LICENSE.txt, tags.tsv, then each core case's files).
const suiteArchive = "testdata/suite.tar.gz"

// suiteCase is one case of the Test Suite.
type suiteCase struct {
	ID         string
	Components []string
	Tests      []string
	Packages   string
	Files      map[string][]byte // base name → content
}

// loadSuite reads the archive.
func loadSuite(tb testing.TB) (cases []*suiteCase, license []byte) {
	tb.Helper()
	f, err := os.Open(suiteArchive)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	tr := tar.NewReader(zr)
	byID := map[string]*suiteCase{}
	var tags []byte
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			tb.Fatal(err)
		}
		switch {
		case h.Name == "LICENSE.txt":
			license = data
		case h.Name == "tags.tsv":
			tags = data
		case strings.HasPrefix(h.Name, "cases/"):
			id := strings.Split(h.Name, "/")[1]
			sc := byID[id]
			if sc == nil {
				sc = &suiteCase{ID: id, Files: map[string][]byte{}}
				byID[id] = sc
			}
			sc.Files[path.Base(h.Name)] = data
		}
	}
	if license == nil || tags == nil {
		tb.Fatal("suite archive lacks LICENSE.txt or tags.tsv")
	}
	split := func(s string) []string {
		var out []string
		for _, f := range strings.Split(s, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		return out
	}
	sc := bufio.NewScanner(bytes.NewReader(tags))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 6 || f[0] == "case" || f[1] != "TimeCourse" || strings.TrimSpace(f[5]) != "" {
			continue
		}
		c := byID[f[0]]
		if c == nil {
			c = &suiteCase{ID: f[0], Files: map[string][]byte{}}
		}
		c.Components, c.Tests = split(f[2]), split(f[3])
		cases = append(cases, c)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].ID < cases[j].ID })
	return cases, license
}

// Outcome statuses.
const (
	stPass        = "pass"
	stFail        = "fail"
	stUnsupported = "unsupported"
)

type outcome struct {
	ID     string
	Status string
	Reason string
	File   string
	Dur    time.Duration
	Steps  int
	Rej    int
	Events int
}

// modelFile picks the case's model: L3V2 if the suite has one, else L2V4.
func (sc *suiteCase) modelFile(level string) (string, []byte) {
	order := []string{"l3v2", "l2v4"}
	if level == "l2v4" {
		order = []string{"l2v4", "l3v2"}
	}
	for _, l := range order {
		name := sc.ID + "-sbml-" + l + ".xml"
		if d, ok := sc.Files[name]; ok {
			return name, d
		}
	}
	return "", nil
}

// solver tolerances of the conformance runs, relative to the case's own.
const (
	suiteRelTol = 1e-9  // far below the suite's relative 1e-4
	suiteAbsPer = 1e-6  // solver AbsTol per unit of the case's absolute tolerance
	suiteMaxAbs = 1e-10 // and at most this
)

// runCase simulates one case and compares with the expected results.
func runCase(sc *suiteCase, level string) (o outcome) {
	o.ID = sc.ID
	start := time.Now()
	defer func() { o.Dur = time.Since(start) }()
	name, model := sc.modelFile(level)
	o.File = name
	if model == nil {
		o.Status, o.Reason = stUnsupported, "no L3V2 or L2V4 model in the suite (Level 3 Version 1 only)"
		return
	}
	st, err := ParseSettings(sc.Files[sc.ID+"-settings.txt"])
	if err != nil {
		o.Status, o.Reason = stFail, err.Error()
		return
	}
	exp, err := readResults(sc.Files[sc.ID+"-results.csv"])
	if err != nil {
		o.Status, o.Reason = stFail, "expected results: "+err.Error()
		return
	}
	m, err := Parse(model)
	if err != nil {
		o.Status, o.Reason = classify(err)
		return
	}
	c, err := Compile(m, Options{})
	if err != nil {
		o.Status, o.Reason = classify(err)
		return
	}
	var sim *Sim
	res, err := c.Simulate(st.Times(), st.Columns(), func(s *Sim) {
		sim = s
		s.RelTol = suiteRelTol
		s.AbsTol = math.Min(suiteMaxAbs, st.Absolute*suiteAbsPer)
		s.MaxSteps = 2_000_000
	})
	if sim != nil {
		o.Steps, o.Rej = sim.Steps()
		o.Events = sim.Events()
	}
	if err != nil {
		o.Status, o.Reason = classify(err)
		return
	}
	if msg := compareResults(res, exp, st); msg != "" {
		o.Status, o.Reason = stFail, msg
		return
	}
	o.Status = stPass
	return
}

func classify(err error) (string, string) {
	if errors.Is(err, ErrUnsupported) {
		return stUnsupported, err.Error()
	}
	return stFail, err.Error()
}

// readResults reads an expected-results CSV.
func readResults(data []byte) (*Result, error) {
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	r := &Result{}
	for i, l := range lines {
		f := strings.Split(strings.TrimSpace(l), ",")
		if i == 0 {
			for _, h := range f {
				r.Header = append(r.Header, strings.TrimSpace(h))
			}
			continue
		}
		row := make([]float64, len(f))
		for j, s := range f {
			v, err := parseDouble(s)
			if err != nil {
				if strings.EqualFold(strings.TrimSpace(s), "inf") {
					v = math.Inf(1)
				} else if strings.EqualFold(strings.TrimSpace(s), "-inf") {
					v = math.Inf(-1)
				} else {
					return nil, fmt.Errorf("line %d: %q: %v", i+1, s, err)
				}
			}
			row[j] = v
		}
		r.Rows = append(r.Rows, row)
	}
	return r, nil
}

// compareResults applies the suite's criterion |r − e| ≤ A + R·|e| to
// every point; NaN must meet NaN and infinities their equal.
func compareResults(got, exp *Result, st Settings) string {
	if len(got.Rows) != len(exp.Rows) {
		return fmt.Sprintf("%d rows, expected %d", len(got.Rows), len(exp.Rows))
	}
	col := map[string]int{}
	for i, h := range got.Header {
		col[h] = i
	}
	for _, t := range []string{"Time", "TIME"} {
		if _, ok := col[t]; !ok {
			col[t] = 0
		}
	}
	worst, where := 0.0, ""
	for j, h := range exp.Header {
		i, ok := col[h]
		if j == 0 {
			i, ok = 0, true // time, whatever its header
		}
		if !ok {
			return fmt.Sprintf("column %q missing", h)
		}
		for k := range exp.Rows {
			e, g := exp.Rows[k][j], got.Rows[k][i]
			if math.IsNaN(e) || math.IsInf(e, 0) {
				if !(math.IsNaN(e) && math.IsNaN(g)) && e != g {
					return fmt.Sprintf("%s at t = %g: %g, expected %g", h, exp.Rows[k][0], g, e)
				}
				continue
			}
			tol := st.Absolute + st.Relative*math.Abs(e)
			d := math.Abs(g - e)
			if math.IsNaN(g) {
				d = math.Inf(1)
			}
			if d > tol && d/tol > worst {
				worst = d / tol
				where = fmt.Sprintf("%s at t = %g: %.10g, expected %.10g (%.3g× the tolerance)", h, exp.Rows[k][0], g, e, d/tol)
			}
		}
	}
	return where
}

// runSuite runs the cases on all cores and returns the outcomes in case
// order.
func runSuite(cases []*suiteCase, level string) []outcome {
	out := make([]outcome, len(cases))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				out[i] = runCase(cases[i], level)
			}
		}()
	}
	for i := range cases {
		work <- i
	}
	close(work)
	wg.Wait()
	return out
}

// coreComponents are the component tags of the 100% target: compartments,
// species, parameters, reactions, function definitions, rules and initial
// assignments.
var coreComponents = []string{"Compartment", "Species", "Parameter", "Reaction", "FunctionDefinition",
	"AssignmentRule", "RateRule", "AlgebraicRule", "InitialAssignment"}

func inCoreSubset(sc *suiteCase) bool {
	for _, t := range sc.Components {
		if !slices.Contains(coreComponents, t) {
			return false
		}
	}
	return true
}

const (
	conformanceDoc    = "../docs/sbml-conformance.md"
	conformanceGolden = "testdata/conformance.golden"
)

// TestConformance runs every core semantic case of the SBML Test Suite
// (set SBML_SUITE=l2v4 to read the Level 2 files where they exist), and
// fails if a case recorded as passing in testdata/conformance.golden no
// longer passes. -update rewrites the golden file and
// docs/sbml-conformance.md.
func TestConformance(t *testing.T) {
	cases, _ := loadSuite(t)
	level := os.Getenv("SBML_SUITE")
	if only := os.Getenv("SBML_CASES"); only != "" {
		var sel []*suiteCase
		for _, c := range cases {
			if strings.Contains(","+only+",", ","+c.ID+",") {
				sel = append(sel, c)
			}
		}
		cases = sel
	}
	start := time.Now()
	outs := runSuite(cases, level)
	wall := time.Since(start)
	n := map[string]int{}
	for _, o := range outs {
		n[o.Status]++
		if testing.Verbose() && o.Status != stPass {
			t.Logf("%s %s %s: %s", o.ID, o.File, o.Status, o.Reason)
		}
	}
	t.Logf("%d cases in %v: %d pass, %d fail, %d unsupported", len(outs), wall.Round(time.Millisecond), n[stPass], n[stFail], n[stUnsupported])
	if level != "" || os.Getenv("SBML_CASES") != "" {
		return // golden and doc are for the default full run
	}
	if *update {
		if err := os.WriteFile(conformanceGolden, goldenOf(outs), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(conformanceDoc, conformanceReport(cases, outs), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	golden, err := os.ReadFile(conformanceGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./sbml -run Conformance -update)", err)
	}
	was := map[string]string{}
	for _, l := range strings.Split(string(golden), "\n") {
		if f := strings.Fields(l); len(f) >= 2 {
			was[f[0]] = f[1]
		}
	}
	for _, o := range outs {
		if was[o.ID] == stPass && o.Status != stPass {
			t.Errorf("case %s passed before, now %s: %s", o.ID, o.Status, o.Reason)
		}
	}
	for _, o := range outs {
		if was[o.ID] != stPass && o.Status == stPass {
			t.Logf("case %s now passes (was %s): run with -update to record it", o.ID, was[o.ID])
		}
	}
}

func goldenOf(outs []outcome) []byte {
	var b bytes.Buffer
	b.WriteString("# SBML Test Suite outcome per case; regenerate with go test ./sbml -run Conformance -update\n")
	for _, o := range outs {
		fmt.Fprintf(&b, "%s %s\n", o.ID, o.Status)
	}
	return b.Bytes()
}

// conformanceReport renders docs/sbml-conformance.md.
func conformanceReport(cases []*suiteCase, outs []outcome) []byte {
	var b bytes.Buffer
	byID := map[string]outcome{}
	for _, o := range outs {
		byID[o.ID] = o
	}
	count := func(sel func(*suiteCase) bool) (n, p, f, u int) {
		for _, c := range cases {
			if !sel(c) {
				continue
			}
			n++
			switch byID[c.ID].Status {
			case stPass:
				p++
			case stFail:
				f++
			default:
				u++
			}
		}
		return
	}
	pct := func(a, n int) string {
		if n == 0 {
			return "–"
		}
		return strconv.FormatFloat(100*float64(a)/float64(n), 'f', 1, 64) + "%"
	}
	n, p, f, u := count(func(*suiteCase) bool { return true })
	fmt.Fprintf(&b, "# SBML Test Suite conformance\n\n")
	fmt.Fprintf(&b, "Generated by `go test ./sbml -run Conformance -update` (package `sbml`, file `conformance_test.go`); do not edit.\n")
	fmt.Fprintf(&b, "The cases are the suite's semantic (TimeCourse) cases without SBML packages, shipped in\n")
	fmt.Fprintf(&b, "`sbml/testdata/suite.tar.gz` with the suite's LICENSE.txt (LGPL 2.1). Each runs its L3V2 model (L2V4 where\n")
	fmt.Fprintf(&b, "the suite has no L3V2 file) and passes when every point meets |result − expected| ≤ A + R·|expected| with the\n")
	fmt.Fprintf(&b, "case's own A (absolute) and R (relative) tolerances.\n\n")
	fmt.Fprintf(&b, "| set | cases | pass | fail | unsupported | pass rate |\n|---|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| all core cases | %d | %d | %d | %d | %s |\n", n, p, f, u, pct(p, n))
	sn, sp, sf, su := count(inCoreSubset)
	fmt.Fprintf(&b, "| components within compartments, species, parameters, reactions, function definitions, rules, initial assignments | %d | %d | %d | %d | %s |\n", sn, sp, sf, su, pct(sp, sn))
	hn, hp, hf, hu := count(func(c *suiteCase) bool { _, m := c.modelFile(""); return m != nil })
	fmt.Fprintf(&b, "| cases with an L3V2 or L2V4 model | %d | %d | %d | %d | %s |\n", hn, hp, hf, hu, pct(hp, hn))
	sub := func(title string, tags func(*suiteCase) []string) {
		all := map[string]bool{}
		for _, c := range cases {
			for _, t := range tags(c) {
				all[t] = true
			}
		}
		keys := make([]string, 0, len(all))
		for k := range all {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(&b, "\n## By %s\n\n| tag | cases | pass | fail | unsupported | pass rate |\n|---|---:|---:|---:|---:|---:|\n", title)
		for _, k := range keys {
			n, p, f, u := count(func(c *suiteCase) bool { return slices.Contains(tags(c), k) })
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %s |\n", k, n, p, f, u, pct(p, n))
		}
	}
	sub("component tag", func(c *suiteCase) []string { return c.Components })
	sub("test tag", func(c *suiteCase) []string { return c.Tests })
	list := func(status, title string) {
		fmt.Fprintf(&b, "\n## %s\n\n", title)
		any := false
		for _, c := range cases {
			o := byID[c.ID]
			if o.Status != status {
				continue
			}
			if !any {
				fmt.Fprintf(&b, "| case | model | tags | reason |\n|---|---|---|---|\n")
				any = true
			}
			reason := strings.ReplaceAll(o.Reason, "|", "\\|")
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.ID, o.File, strings.Join(append(slices.Clone(c.Components), c.Tests...), ", "), reason)
		}
		if !any {
			b.WriteString("None.\n")
		}
	}
	list(stFail, "Failures")
	list(stUnsupported, "Unsupported")
	return b.Bytes()
}
