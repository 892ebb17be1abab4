package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/synlab/synlab/internal/hostile"
)

// The hostile corpus (issue 15, package internal/hostile): bad inputs a
// careless or hostile user gives synlab, in testdata/hostile/*.txt, each
// run as its own synlab process with a budget of time and peak resident
// memory. None may panic, hang, exceed its budget or write a NaN; each
// must fail with an error that says what is wrong (or, where marked ok,
// run and write finite results). The web lab's tests post the same corpus
// to the server.

const (
	caseRSS = 1 << 30 // peak resident memory of one case [bytes]
	mainEnv = "SYNLAB_TEST_MAIN"
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

// TestHostileCorpus runs every case of testdata/hostile as a synlab
// process. With -short, cases with a limit above caseLimit are skipped.
func TestHostileCorpus(t *testing.T) {
	cases, err := hostile.Read("testdata/hostile")
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := filepath.Glob("../../experiment/testdata/invalid/*.yaml")
	if n := len(cases) + len(inv); n < 150 {
		t.Errorf("the corpus has %d bad inputs (%d here, %d in experiment/testdata/invalid), want at least 150", n, len(cases), len(inv))
	}
	for _, c := range cases {
		t.Run(c.File+"/"+c.Name, func(t *testing.T) {
			if testing.Short() && c.Limit > hostile.Limit {
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
		c := hostile.Case{File: "experiment/invalid", Name: filepath.Base(f), Args: []string{"run", abs}, Want: strings.TrimSpace(string(want)), Limit: hostile.Limit}
		t.Run(c.File+"/"+c.Name, func(t *testing.T) { runCase(t, c) })
	}
}

// runCase runs one case and checks its outcome and budget.
func runCase(t *testing.T, c hostile.Case) {
	dir := t.TempDir()
	args, err := c.Expand(dir)
	if err != nil {
		t.Fatal(err)
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
	err = cmd.Wait()
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
