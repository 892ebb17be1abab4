package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/synlab/synlab/internal/hostile"
)

// serverRSS is the budget of this test process's peak resident memory
// after the server has taken the whole corpus [bytes].
const serverRSS = 1 << 30

// TestHostileCorpus posts the hostile corpus (cmd/synlab/testdata/hostile)
// to the server at its default limits, as the page would: every synlab
// run case as a preset or YAML spec with its settings. No request may
// panic, hang or fail with a server error; a case that must fail is
// refused (413 for a body over the limit, 422 or an error event naming
// what is wrong), one that must run runs (or is refused by a limit of the
// server); and the process's peak resident memory stays under serverRSS.
// Cases of files the server never reads (/dev/zero, folders, output
// folders) are the command's only.
func TestHostileCorpus(t *testing.T) {
	cases, err := hostile.Read("../cmd/synlab/testdata/hostile")
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := newTestServer(t, Limits{})
	c := ts.Client()
	posted := 0
	for _, hc := range cases {
		t.Run(hc.File+"/"+hc.Name, func(t *testing.T) {
			if testing.Short() && hc.Limit > hostile.Limit {
				t.Skip("a long case")
			}
			req, ok := requestOf(t, hc)
			if !ok {
				t.Skip("not a request the server takes")
			}
			posted++
			start := time.Now()
			code, msg := postCase(t, c, ts.URL+"/api/runs", req)
			if d := time.Since(start); d > hc.Limit {
				t.Errorf("took %s, more than %s", d, hc.Limit)
			}
			switch {
			case code >= 500:
				t.Fatalf("server error %d: %s", code, msg)
			case strings.Contains(msg, "internal error"):
				t.Fatalf("the run panicked: %s", msg)
			case hc.Want == "ok":
				if code != http.StatusOK && code != http.StatusRequestEntityTooLarge && !strings.Contains(msg, "on this server") {
					t.Errorf("%d %s, want a run (or a server limit)", code, msg)
				}
			case code == http.StatusRequestEntityTooLarge:
			case code == http.StatusOK && msg == "done":
				t.Errorf("ran, want an error saying %q", hc.Want)
			case !strings.Contains(msg, hc.Want) && !strings.Contains(msg, "on this server"):
				t.Errorf("%d %q, want it to say %q", code, msg, hc.Want)
			}
		})
	}
	if posted < 100 {
		t.Errorf("posted %d cases, want most of the corpus", posted)
	}
	if rss := peakRSS(); rss > serverRSS {
		t.Errorf("peak RSS %d MB after the corpus, more than %d MB", rss>>20, serverRSS>>20)
	} else {
		t.Logf("%d cases posted; peak RSS of the test process %d MB", posted, rss>>20)
	}
}

// requestOf turns a "synlab run" case into the request the page would
// send; ok is false for cases the server cannot take (other commands,
// output folders, files that are not specs).
func requestOf(t *testing.T, hc hostile.Case) (runRequest, bool) {
	args, err := hc.Expand(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(args) < 2 || args[0] != "run" {
		return runRequest{}, false
	}
	var req runRequest
	if strings.ContainsAny(args[1], "/.") {
		fi, err := os.Stat(args[1])
		if err != nil || !fi.Mode().IsRegular() {
			return req, false
		}
		data, err := os.ReadFile(args[1])
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(data) {
			return req, false // JSON cannot carry it: the page sends UTF-8
		}
		req.YAML = string(data)
	} else {
		req.Preset = args[1]
	}
	for i := 2; i < len(args); i++ {
		switch args[i] {
		case "--set":
			i++
			req.Sets = append(req.Sets, args[i])
		case "--quiet":
		default: // --out, --force: the command's
			return req, false
		}
	}
	if req.YAML == "" && req.Preset == "" {
		req.YAML = " " // an empty spec: the server is given one
	}
	return req, true
}

// postCase posts a run and returns the status and the error message (or
// "done" for a finished run).
func postCase(t *testing.T, c *http.Client, url string, req runRequest) (int, string) {
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Post(url, "application/json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error apiError `json:"error"`
		}
		body, _ := io.ReadAll(resp.Body)
		if json.Unmarshal(body, &e) != nil {
			return resp.StatusCode, string(body)
		}
		return resp.StatusCode, e.Error.Message
	}
	evs, err := readEvents(resp.Body, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		switch e.Name {
		case "done":
			return resp.StatusCode, "done"
		case "error":
			var ae apiError
			json.Unmarshal([]byte(e.Data), &ae)
			return resp.StatusCode, ae.Message
		}
	}
	return resp.StatusCode, fmt.Sprintf("the stream ended without done or error (%d events)", len(evs))
}

// peakRSS is this process's peak resident memory (VmHWM) [bytes], 0
// without /proc.
func peakRSS() int64 { return procStatus("VmHWM:") }

// procStatus reads a memory line of /proc/self/status [bytes].
func procStatus(key string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == key {
			var kb int64
			fmt.Sscan(f[1], &kb)
			return kb << 10
		}
	}
	return 0
}
