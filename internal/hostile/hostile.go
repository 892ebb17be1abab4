// Package hostile reads the hostile corpus (cmd/synlab/testdata/hostile,
// issue 15): bad inputs a careless or hostile user gives synlab, each with
// the error it must give, and makes the inputs too large or too strange to
// keep in the repository. The command's tests run each case as a synlab
// process, the web lab's tests post them to the server.
//
// A case file holds cases in this form:
//
//	=== name
//	# what the case is
//	args: run {spec} --set model.override.sigma=1e4
//	want: non-finite rho          (a part of the error; "ok" for a run that must succeed)
//	limit: 30s                    (optional; default Limit)
//	file: {dir}/x/thesis.tex text (optional, repeatable: a file made first)
//	---
//	the spec, if {spec} is used (YAML, to the next === line)
//
// In args, {spec} is the case's spec written to a file, {gen:NAME} a file
// made by Generate, and {dir} the case's own temporary folder. Text before
// the first case is the file's description.
package hostile

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Limit is the wall time of one case, unless it says otherwise.
const Limit = 20 * time.Second

// Case is one case of the corpus.
type Case struct {
	File, Name string
	Args       []string
	Want       string // a part of the error, or "ok"
	Limit      time.Duration
	Spec       string
	Files      []string // "PATH TEXT": files made before the run (PATH may use {dir})
}

// Read reads every case file (*.txt) of dir.
func Read(dir string) ([]Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("hostile: no case files in %s (%v)", dir, err)
	}
	var out []Case
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		cs, err := parse(filepath.Base(f), string(data))
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

func parse(file, text string) ([]Case, error) {
	var out []Case
	var c *Case
	inSpec := false
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=== "):
			out = append(out, Case{File: file, Name: strings.TrimSpace(line[4:]), Limit: Limit})
			c, inSpec = &out[len(out)-1], false
		case c == nil:
			continue // the file's description
		case inSpec:
			c.Spec += line + "\n"
		case line == "---":
			inSpec = true
		case strings.HasPrefix(line, "#"), strings.TrimSpace(line) == "":
		case strings.HasPrefix(line, "args: "):
			c.Args = splitArgs(line[len("args: "):])
		case strings.HasPrefix(line, "want: "):
			c.Want = strings.TrimSpace(line[len("want: "):])
		case strings.HasPrefix(line, "file: "):
			c.Files = append(c.Files, strings.TrimSpace(line[len("file: "):]))
		case strings.HasPrefix(line, "limit: "):
			d, err := time.ParseDuration(strings.TrimSpace(line[len("limit: "):]))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, n, err)
			}
			c.Limit = d
		default:
			return nil, fmt.Errorf("%s:%d: %q: want args:, want:, limit:, file:, --- or a comment", file, n, line)
		}
	}
	for _, c := range out {
		if len(c.Args) == 0 || c.Want == "" {
			return nil, fmt.Errorf("%s: case %q has no args or no want", file, c.Name)
		}
	}
	return out, sc.Err()
}

// splitArgs splits on spaces; 'single quotes' keep spaces in an argument.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, any := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, any = !quoted, true
		case r == ' ' && !quoted:
			if any {
				out = append(out, cur.String())
			}
			cur.Reset()
			any = false
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}

// Expand returns the case's arguments with {dir}, {spec} and {gen:NAME}
// replaced, after making the case's files and spec in dir.
func (c Case) Expand(dir string) ([]string, error) {
	for _, f := range c.Files {
		path, text, _ := strings.Cut(strings.ReplaceAll(f, "{dir}", dir), " ")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	var args []string
	for _, a := range c.Args {
		a = strings.ReplaceAll(a, "{dir}", dir)
		if strings.Contains(a, "{spec}") {
			p := filepath.Join(dir, "spec.yaml")
			if err := os.WriteFile(p, []byte(c.Spec), 0o644); err != nil {
				return nil, err
			}
			a = strings.ReplaceAll(a, "{spec}", p)
		}
		if i := strings.Index(a, "{gen:"); i >= 0 {
			j := strings.Index(a[i:], "}")
			p, err := Generate(dir, a[i+5:i+j])
			if err != nil {
				return nil, err
			}
			a = a[:i] + p + a[i+j+1:]
		}
		args = append(args, a)
	}
	return args, nil
}
