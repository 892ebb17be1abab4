package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The hostile corpus (issue 15): bad inputs a careless or hostile user
// gives synlab, in testdata/hostile/*.txt, each run as its own synlab
// process with a budget of time and peak resident memory. None may panic,
// hang, exceed its budget or write a NaN; each must fail with an error
// that says what is wrong (or, where marked ok, run and write finite
// results). The server runs the same corpus (web TestHostileCorpus).
//
// A case file holds cases in this form:
//
//	=== name
//	# what the case is
//	args: run {spec} --set model.override.sigma=1e4
//	want: non-finite rho          (a part of the error; "ok" for a run that must succeed)
//	limit: 30s                    (optional; default caseLimit)
//	file: {dir}/x/thesis.tex text (optional, repeatable: a file made first)
//	---
//	the spec, if {spec} is used (YAML, to the next === line)
//
// In args, {spec} is the case's spec written to a file, {gen:NAME} a file
// made by generate (inputs too large or too strange to keep in the
// repository), and {dir} the case's own temporary folder.

const (
	caseLimit = 20 * time.Second // wall time of one case, by default
	caseRSS   = 1 << 30          // peak resident memory of one case [bytes]
	mainEnv   = "SYNLAB_TEST_MAIN"
)

// TestMain makes the test binary synlab itself when mainEnv is set, so that
// the corpus runs real synlab processes without building the command.
func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// hostileCase is one case of the corpus.
type hostileCase struct {
	File, Name string
	Args       []string
	Want       string
	Limit      time.Duration
	Spec       string
	Files      []string // "PATH TEXT": files made before the run (PATH may use {dir})
}

// readCorpus reads every case file of dir.
func readCorpus(t testing.TB, dir string) []hostileCase {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files in %s: %v", dir, err)
	}
	var out []hostileCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := parseCases(filepath.Base(f), string(data))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cs...)
	}
	return out
}

func parseCases(file, text string) ([]hostileCase, error) {
	var out []hostileCase
	var c *hostileCase
	inSpec := false
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=== "):
			out = append(out, hostileCase{File: file, Name: strings.TrimSpace(line[4:]), Limit: caseLimit})
			c, inSpec = &out[len(out)-1], false
		case c == nil:
			continue // the file's preamble
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
			return nil, fmt.Errorf("%s:%d: %q: want args:, want:, limit:, --- or a comment", file, n, line)
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

// TestHostileCorpus runs every case of testdata/hostile as a synlab
// process. With -short, cases with a limit above caseLimit are skipped.
func TestHostileCorpus(t *testing.T) {
	cases := readCorpus(t, "testdata/hostile")
	inv, _ := filepath.Glob("../../experiment/testdata/invalid/*.yaml")
	if n := len(cases) + len(inv); n < 150 {
		t.Errorf("the corpus has %d bad inputs (%d here, %d in experiment/testdata/invalid), want at least 150", n, len(cases), len(inv))
	}
	for _, c := range cases {
		t.Run(c.File+"/"+c.Name, func(t *testing.T) {
			if testing.Short() && c.Limit > caseLimit {
				t.Skip("a long case")
			}
			runCase(t, c)
		})
	}
	// The invalid specs of package experiment, through the command.
	for _, f := range inv {
		want, err := os.ReadFile(strings.TrimSuffix(f, ".yaml") + ".err")
		if err != nil {
			t.Fatal(err)
		}
		abs, _ := filepath.Abs(f)
		c := hostileCase{File: "experiment/invalid", Name: filepath.Base(f), Args: []string{"run", abs}, Want: strings.TrimSpace(string(want)), Limit: caseLimit}
		t.Run(c.File+"/"+c.Name, func(t *testing.T) { runCase(t, c) })
	}
}

// runCase runs one case and checks its outcome and budget.
func runCase(t *testing.T, c hostileCase) {
	dir := t.TempDir()
	for _, f := range c.Files {
		path, text, _ := strings.Cut(strings.ReplaceAll(f, "{dir}", dir), " ")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var args []string
	for _, a := range c.Args {
		a = strings.ReplaceAll(a, "{dir}", dir)
		if strings.Contains(a, "{spec}") {
			p := filepath.Join(dir, "spec.yaml")
			if err := os.WriteFile(p, []byte(c.Spec), 0o644); err != nil {
				t.Fatal(err)
			}
			a = strings.ReplaceAll(a, "{spec}", p)
		}
		if i := strings.Index(a, "{gen:"); i >= 0 {
			j := strings.Index(a[i:], "}")
			a = a[:i] + generate(t, dir, a[i+5:i+j]) + a[i+j+1:]
		}
		args = append(args, a)
	}
	out := filepath.Join(dir, "out")
	if args[0] == "run" && !contains(args, "--out") {
		args = append(args, "--out", out, "--quiet")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	cmd.Dir = dir
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(c.Limit, func() { cmd.Process.Kill() })
	hwm := watchRSS(cmd.Process.Pid)
	err := cmd.Wait()
	timer.Stop()
	wall := time.Since(start)
	text := buf.String()
	rss := <-hwm
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && rss == 0 {
		// No /proc: the rusage maximum, which also counts the memory
		// of this test process the child was forked from.
		rss = ru.Maxrss * 1024 // kB on Linux
	}
	t.Logf("%s: %.2f s, peak RSS %d MB", strings.Join(c.Args, " "), wall.Seconds(), rss>>20)
	if wall >= c.Limit {
		t.Fatalf("did not end within %s (hang?); output:\n%s", c.Limit, clipText(text))
	}
	if rss > caseRSS {
		t.Errorf("peak RSS %d MB, more than %d MB", rss>>20, caseRSS>>20)
	}
	if strings.Contains(text, "panic:") || strings.Contains(text, "goroutine ") {
		t.Fatalf("panicked:\n%s", clipText(text))
	}
	code := cmd.ProcessState.ExitCode()
	if c.Want == "ok" {
		if err != nil {
			t.Fatalf("failed (%v), want a run:\n%s", err, clipText(text))
		}
		for _, f := range []string{"trace.csv", "summary.json", "tests.csv"} {
			b, err := os.ReadFile(filepath.Join(out, f))
			if err == nil && (bytes.Contains(b, []byte("NaN")) || bytes.Contains(b, []byte("Inf"))) {
				t.Errorf("%s holds a non-finite value", f)
			}
		}
		return
	}
	if code != 1 {
		t.Errorf("exit code %d (%v), want 1 (an error)", code, err)
	}
	if !strings.Contains(text, c.Want) {
		t.Errorf("output does not say %q:\n%s", c.Want, clipText(text))
	}
	if len(text) > 4000 {
		t.Errorf("the error is %d bytes long: it should say what is wrong, not echo the input", len(text))
	}
}

// watchRSS polls the peak resident memory (VmHWM, a high-water mark kept
// by the kernel) of process pid every 10 ms until it exits, and sends the
// last value read [bytes] (0 without /proc).
func watchRSS(pid int) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var last int64
		path := fmt.Sprintf("/proc/%d/status", pid)
		for {
			b, err := os.ReadFile(path)
			if err != nil {
				out <- last
				return
			}
			for _, l := range strings.Split(string(b), "\n") {
				if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
					var kb int64
					fmt.Sscan(f[1], &kb)
					last = max(last, kb*1024)
				}
				if strings.HasPrefix(l, "State:") && strings.Contains(l, "zombie") {
					out <- last
					return
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	return out
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func clipText(s string) string {
	if len(s) > 3000 {
		return s[:1500] + "\n…\n" + s[len(s)-1500:]
	}
	return s
}

// valid is a small valid spec the generators build on.
const valid = `name: hostile
model: {tier: shouval, set: rate}
protocol: {train: {rate: "1 Hz", pulses: 10}}
`

// generate makes the input NAME in dir and returns its path.
func generate(t *testing.T, dir, name string) string {
	p := filepath.Join(dir, name+".yaml")
	var data []byte
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	switch name {
	case "zero":
		return "/dev/zero"
	case "dir":
		return dir
	case "missing":
		return filepath.Join(dir, "no-such-spec.yaml")
	case "comment50m": // a valid spec with a 50 MB comment
		data = []byte("# " + rep("x", 50<<20) + "\n" + valid)
	case "big2m":
		data = []byte(valid + "source: \"" + rep("a", 2<<20) + "\"\n")
	case "deepflow":
		data = []byte("name: [" + rep("[", 100000) + "\n")
	case "deepflow31": // just within the depth limit, 450 000 nested lists
		data = []byte("name: [" + rep(rep("[", 30)+rep("]", 30)+",", 15000) + "]\n")
	case "deepblock":
		var b strings.Builder
		for i := range 300 {
			b.WriteString(rep("  ", i) + fmt.Sprintf("k%d:\n", i))
		}
		data = []byte(b.String())
	case "keys": // 90 000 keys: the parser is quadratic in them
		var b strings.Builder
		for i := range 90000 {
			fmt.Fprintf(&b, "k%d: 1\n", i)
		}
		data = []byte(b.String())
	case "hugekey": // a 500 KB key
		data = []byte(valid + rep("k", 500<<10) + ": 1\n")
	case "docs":
		data = []byte(rep("---\n", 250000))
	case "laughs": // anchors and aliases, the billion laughs
		var b strings.Builder
		b.WriteString("name: x\nmodel:\n  tier: shouval\n  override: {a0: &a0 [x, x, x, x, x, x, x, x, x, x]")
		for i := 1; i < 10; i++ {
			fmt.Fprintf(&b, ", a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
		}
		b.WriteString("}\nprotocol: {train: {rate: \"1 Hz\", pulses: 1}}\n")
		data = []byte(b.String())
	case "nul":
		data = append([]byte(valid), bytes.Repeat([]byte{0, 1, 2, 0xff}, 1000)...)
	case "badutf8":
		data = []byte("name: \"\xff\xfe\xfd\"\nmodel: {tier: shouval}\nprotocol: {train: {rate: \"1 Hz\", pulses: 1}}\n")
	case "bom":
		data = []byte("\xef\xbb\xbf" + valid)
	case "explicit60k": // a valid spec near the size limit: 60 000 explicit spikes
		var b strings.Builder
		b.WriteString("name: explicit\nmodel: {tier: shouval, set: rate}\nprotocol:\n  explicit:\n    pre: [")
		for i := range 60000 {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "\"%d ms\"", 100*i)
		}
		b.WriteString("]\nrecord: {every: \"10 s\"}\n")
		data = []byte(b.String())
	case "longline":
		data = []byte("name: hostile\nmodel: {tier: shouval}\nprotocol: {train: {rate: \"" + rep("9", 900<<10) + " Hz\", pulses: 1}}\n")
	default:
		t.Fatalf("no generator %q", name)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
