package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// cheap is a preset that runs in well under a second (Shouval tier).
const cheap = "tbs-shouval"

func TestPageAndStatic(t *testing.T) {
	ts, _ := newTestServer(t, Limits{})
	tests := []struct {
		path, ctype string
		want        []string
	}{
		{"/", "text/html", []string{`data-path="protocol.train.rate"`, `data-path="bath.ca"`, `id="tour-lfs"`, "pf-cf-ltd", `src="/static/lab.js"`}},
		{"/static/lab.js", "text/javascript", []string{"/api/runs", "AbortController"}},
		{"/static/schematic.js", "text/javascript", []string{"Schaffer collaterals", "Purkinje"}},
		{"/static/lab.css", "text/css", []string{".drug-row"}},
	}
	// The page must work offline: nothing may load from another host.
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import|fonts\.googleapis`)
	for _, tt := range tests {
		resp, err := ts.Client().Get(ts.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.ctype) {
			t.Errorf("GET %s: %s %s", tt.path, resp.Status, resp.Header.Get("Content-Type"))
		}
		for _, w := range tt.want {
			if !bytes.Contains(body, []byte(w)) {
				t.Errorf("GET %s: no %q", tt.path, w)
			}
		}
		if m := external.Find(body); m != nil {
			t.Errorf("GET %s loads from another host: %q", tt.path, m)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q", tt.path, csp)
		}
	}
}

// TestBadRequests is the table of requests the server must refuse, with
// the status and what the error must say (its field path for spec errors).
func TestBadRequests(t *testing.T) {
	ts, _ := newTestServer(t, Limits{Duration: 3 * 3600e3, Synapses: 100, Samples: 1000, Points: 5, Body: 4096})
	big := `{"yaml": "` + strings.Repeat("x", 5000) + `"}`
	tests := []struct {
		name, method, path, body string
		code                     int
		path_, msg               string // wanted error path and message fragment
	}{
		{"unknown preset", "GET", "/api/presets/nope", "", 404, "preset", "known: "},
		{"unknown record", "GET", "/api/runs/0123/files/trace.csv", "", 404, "", "keeps the"},
		{"unknown record info", "GET", "/api/runs/0123", "", 404, "", "run it again"},
		{"no such page", "GET", "/nope", "", 404, "", ""},
		{"wrong method", "PUT", "/api/runs", "{}", 405, "", ""},
		{"not JSON", "POST", "/api/check", "lfs", 400, "", "request body"},
		{"unknown JSON field", "POST", "/api/check", `{"preset": "lfs", "file": "/etc/passwd"}`, 400, "", `unknown field "file"`},
		{"two values", "POST", "/api/check", `{"preset": "lfs"} {}`, 400, "", "more than one"},
		{"body too large", "POST", "/api/check", big, 413, "", "--max-body"},
		{"preset and yaml", "POST", "/api/check", `{"preset": "lfs", "yaml": "name: x"}`, 422, "", "not both"},
		{"unknown preset in run", "POST", "/api/runs", `{"preset": "nope"}`, 422, "preset", "no such preset"},
		{"empty spec", "POST", "/api/check", `{}`, 422, "", "empty document"},
		{"bad set syntax", "POST", "/api/check", `{"preset": "lfs", "sets": ["bath.ca"]}`, 422, "", "path=value"},
		{"unknown set path", "POST", "/api/check", `{"preset": "lfs", "sets": ["bath.k=3 mM"]}`, 422, "bath.k", `unknown field "k"`},
		{"bad set value", "POST", "/api/check", `{"preset": "lfs", "sets": ["protocol.train.pulses=many"]}`, 422, "protocol.train.pulses", "integer"},
		{"invalid value", "POST", "/api/check", `{"preset": "lfs", "sets": ["protocol.train.rate=-1 Hz"]}`, 422, "protocol.train.rate", "must be > 0"},
		{"wrong unit", "POST", "/api/check", `{"preset": "lfs", "sets": ["bath.ca=2 ms"]}`, 422, "bath.ca", ""},
		{"unknown drug", "POST", "/api/runs", `{"preset": "lfs", "sets": ["drugs[0].name=aspirin", "drugs[0].conc=1 uM"]}`, 422, "drugs[0].name", ""},
		{"bad tier", "POST", "/api/check", `{"sets": ["name=x", "model.tier=magic", "protocol.train.rate=1 Hz", "protocol.train.pulses=3"]}`, 422, "model.tier", "one of"},
		{"yaml syntax", "POST", "/api/check", `{"yaml": "name: [x"}`, 422, "", "YAML"},
		{"yaml unknown field", "POST", "/api/runs", `{"yaml": "name: x\nmodel: {tier: shouval}\nprotocol: {train: {rate: 1 Hz, pulses: 3}}\nfile: /etc/passwd\n"}`, 422, "file", "unknown field"},
		{"too long", "POST", "/api/runs", `{"preset": "lfs", "sets": ["protocol.follow=300 min"]}`, 422, "duration", "--max-duration"},
		{"too many synapses", "POST", "/api/runs", `{"preset": "stdp-gb"}`, 422, "model.synapses", "at most 100"},
		{"sbml file", "POST", "/api/check", `{"preset": "spine-lfs", "sets": ["model.tier=sbml", "model.sbml.file=/etc/passwd", "model.sbml.ca=Ca", "model.sbml.readout=W"]}`, 422, "model.sbml", "reads no files"},
		{"too many samples", "POST", "/api/runs", `{"preset": "lfs", "sets": ["record.every=1 s"]}`, 422, "record.every", "samples"},
		{"curve in check", "POST", "/api/check", `{"preset": "lfs", "curve": "stdp"}`, 400, "", "/api/curves"},
		{"curve in run", "POST", "/api/runs", `{"preset": "lfs", "points": [1, 2]}`, 400, "", "/api/curves"},
		{"unknown curve", "POST", "/api/curves", `{"preset": "lfs", "curve": "iv"}`, 400, "", "stdp"},
		{"empty points", "POST", "/api/curves", `{"preset": "stdp", "curve": "stdp", "points": []}`, 422, "", "2 to 5"},
		{"curve without pairing", "POST", "/api/curves", `{"preset": "tbs-shouval", "curve": "stdp"}`, 422, "protocol.pairing", "needs a spec with a protocol.pairing"},
		{"too many points", "POST", "/api/curves", `{"preset": "frequency-shouval", "curve": "frequency", "points": [1, 2, 3, 4, 5, 6]}`, 422, "", "2 to 5"},
		{"negative rate", "POST", "/api/curves", `{"preset": "frequency-shouval", "curve": "frequency", "points": [-1, 2]}`, 422, "", "positive"},
		{"curve point too long", "POST", "/api/curves", `{"preset": "frequency-shouval", "curve": "frequency", "points": [0.01, 1]}`, 422, "duration", "curve point 0"},
		{"compare one", "POST", "/api/compares", `{"ids": ["a"]}`, 422, "", "2 to"},
		{"compare unknown", "POST", "/api/compares", `{"ids": ["a", "b"]}`, 404, "", "keeps the"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, ts.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.code {
				t.Fatalf("%s %s: %s, want %d: %s", tt.method, tt.path, resp.Status, tt.code, body)
			}
			if tt.msg == "" && tt.path_ == "" {
				return
			}
			var e struct{ Error apiError }
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("error body is not JSON: %s", body)
			}
			if e.Error.Path != tt.path_ {
				t.Errorf("error path %q, want %q (%s)", e.Error.Path, tt.path_, e.Error.Message)
			}
			if !strings.Contains(e.Error.Message, tt.msg) {
				t.Errorf("error %q does not say %q", e.Error.Message, tt.msg)
			}
			if e.Error.Path != "" && !strings.HasPrefix(e.Error.Message, e.Error.Path+": ") {
				t.Errorf("error %q does not start with its field, as on the command line", e.Error.Message)
			}
		})
	}
}

// TestCheckPointsAtFieldInYAML checks that a spec error carries the line
// and column of the field in the spec the page shows.
func TestCheckPointsAtFieldInYAML(t *testing.T) {
	ts, _ := newTestServer(t, Limits{})
	resp := post(t, ts.Client(), ts.URL+"/api/check", runRequest{Sets: []string{"name=x", "model.tier=shouval", "protocol.train.rate=fast", "protocol.train.pulses=3"}})
	defer resp.Body.Close()
	var e struct{ Error apiError }
	json.NewDecoder(resp.Body).Decode(&e)
	if resp.StatusCode != 422 || e.Error.Path != "protocol.train.rate" || e.Error.Line == 0 {
		t.Fatalf("%s: %+v", resp.Status, e.Error)
	}
	line := strings.Split(e.Error.YAML, "\n")[e.Error.Line-1]
	if !strings.Contains(line[e.Error.Col-1:], "fast") {
		t.Errorf("line %d column %d of the spec is %q, not the value", e.Error.Line, e.Error.Col, line)
	}
}

func TestCheck(t *testing.T) {
	ts, _ := newTestServer(t, Limits{})
	resp := post(t, ts.Client(), ts.URL+"/api/check", runRequest{Preset: "lfs", Sets: []string{"drugs[0].name=APV", "drugs[0].conc=50 uM", "protocol.clamp=-40 mV"}})
	defer resp.Body.Close()
	var a checkAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %v", resp.Status, err)
	}
	sc := a.Schematic
	if !a.OK || a.Name != "lfs" || !strings.Contains(a.YAML, "APV") || sc.Preparation != "ca1" || sc.Induction != "train" ||
		sc.NPre != 900 || len(sc.Pre) != schematicPulses || sc.Clamp == nil || *sc.Clamp != -40 || len(sc.Drugs) != 1 {
		t.Errorf("check answer: %+v", a)
	}
}

func TestMetaAndPresets(t *testing.T) {
	ts, _ := newTestServer(t, Limits{})
	var m meta
	getJSON(t, ts, "/api/meta", &m)
	if len(m.Tiers) == 0 || len(m.Presets) == 0 || len(m.Drugs) == 0 || len(m.Tour) < 5 || m.Default != "lfs" {
		t.Fatalf("meta: %+v", m)
	}
	for _, tier := range m.Tiers {
		if len(tier.Sets) == 0 {
			t.Errorf("tier %s: no parameter sets", tier.Name)
		}
	}
	var p presetAnswer
	getJSON(t, ts, "/api/presets/lfs-apv", &p)
	want := map[string]string{"model.tier": "mechanistic", "drugs[0].name": "APV", "protocol.train.pulses": "900"}
	for _, f := range p.Fields {
		if v, ok := want[f.Path]; ok && v == f.Value {
			delete(want, f.Path)
		}
	}
	if len(want) > 0 || !strings.Contains(p.YAML, "APV") {
		t.Errorf("preset lfs-apv: missing %v in %+v", want, p.Fields)
	}
	var st status
	getJSON(t, ts, "/api/status", &st)
	if st.MaxRunning != DefaultLimits().Running || st.Running != 0 {
		t.Errorf("status %+v", st)
	}
}

func getJSON(t *testing.T, ts *httptest.Server, path string, v any) {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s %s", path, resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// TestRunAndExports runs a preset and fetches every export.
func TestRunAndExports(t *testing.T) {
	ts, _ := newTestServer(t, Limits{})
	resp := post(t, ts.Client(), ts.URL+"/api/runs", runRequest{Preset: cheap})
	evs, err := readEvents(resp.Body, nil)
	resp.Body.Close()
	if err != nil || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("%v %s", err, resp.Header.Get("Content-Type"))
	}
	var names []string
	for _, e := range evs {
		names = append(names, e.Name)
	}
	if len(evs) < 2 || evs[0].Name != "started" || evs[len(evs)-1].Name != "done" {
		t.Fatalf("events %v", names)
	}
	var ri recordInfo
	if err := json.Unmarshal([]byte(evs[len(evs)-1].Data), &ri); err != nil {
		t.Fatal(err)
	}
	if ri.Kind != "run" || ri.Outcome == "" || ri.ChangePct == nil || len(ri.Figures) != 2 || ri.Schematic == nil {
		t.Fatalf("record %+v", ri)
	}
	wantFiles := map[string]string{
		"figure.svg": "image/svg+xml", "figure.png": "image/png", "pulses.svg": "image/svg+xml", "pulses.png": "image/png",
		"trace.csv": "text/csv", "trace.parquet": "application/vnd.apache.parquet", "tests.csv": "text/csv", "pulses.csv": "text/csv",
		"summary.json": "application/json", "manifest.json": "application/json", "spec.yaml": "application/yaml", "report.zip": "application/zip",
	}
	for _, f := range ri.Files {
		ct, ok := wantFiles[f.Name]
		if !ok {
			t.Errorf("unexpected export %s", f.Name)
			continue
		}
		delete(wantFiles, f.Name)
		resp, err := ts.Client().Get(ts.URL + f.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ct) || len(body) == 0 {
			t.Errorf("%s: %s %s, %d bytes", f.Name, resp.Status, resp.Header.Get("Content-Type"), len(body))
		}
		if !strings.Contains(resp.Header.Get("Content-Disposition"), ri.Name+"-"+f.Name) {
			t.Errorf("%s: Content-Disposition %q", f.Name, resp.Header.Get("Content-Disposition"))
		}
		switch f.Name {
		case "report.zip":
			zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
			if err != nil {
				t.Fatal(err)
			}
			have := map[string]bool{}
			for _, zf := range zr.File {
				have[zf.Name] = true
			}
			for _, n := range []string{"report.md", "figure.png", "pulses.png", "trace.csv", "spec.yaml", "manifest.json"} {
				if !have[ri.Name+"/"+n] {
					t.Errorf("report.zip has no %s/%s (has %v)", ri.Name, n, have)
				}
			}
		case "figure.svg":
			if !bytes.Contains(body, []byte("<svg")) || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("figure.svg: not a locked-down SVG")
			}
		}
	}
	if len(wantFiles) > 0 {
		t.Errorf("exports missing: %v", wantFiles)
	}
	for _, path := range []string{"/api/runs/" + ri.ID + "/files/secret.txt", "/api/runs/" + ri.ID + "/files/..%2f..%2fetc%2fpasswd"} {
		resp, _ := ts.Client().Get(ts.URL + path)
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("GET %s: %s, want 404", path, resp.Status)
		}
	}
	var list []recordInfo
	getJSON(t, ts, "/api/runs", &list)
	if len(list) != 1 || list[0].ID != ri.ID {
		t.Errorf("list: %+v", list)
	}
}

func TestCurveAndCompare(t *testing.T) {
	ts, _ := newTestServer(t, Limits{})
	c := ts.Client()
	curve := runDone(t, c, ts.URL+"/api/curves", runRequest{Preset: "frequency-shouval", Curve: "frequency", Points: []float64{1, 10, 50}})
	if curve.Kind != "curve" || len(curve.Figures) != 1 {
		t.Fatalf("curve: %+v", curve)
	}
	a := runDone(t, c, ts.URL+"/api/runs", runRequest{Preset: "lfs-shouval"})
	b := runDone(t, c, ts.URL+"/api/runs", runRequest{Preset: "lfs-shouval", Sets: []string{"drugs[0].name=APV", "drugs[0].conc=50 uM"}})
	h := runDone(t, c, ts.URL+"/api/runs", runRequest{Preset: "hfs-shouval"}) // another timing: aligned at the end of the induction
	tests := []struct {
		name string
		ids  []string
		code int
		col0 string
	}{
		{"same timing", []string{a.ID, b.ID}, 201, "t_min"},
		{"other timing", []string{a.ID, h.ID}, 201, "min_after"},
		{"a curve", []string{a.ID, curve.ID}, 422, ""},
		{"twice", []string{a.ID, a.ID}, 422, ""},
	}
	for _, tt := range tests {
		resp := post(t, c, ts.URL+"/api/compares", compareRequest{IDs: tt.ids})
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("%s: %s %s", tt.name, resp.Status, body)
			continue
		}
		if tt.code != 201 {
			continue
		}
		var ri recordInfo
		json.Unmarshal(body, &ri)
		r, _ := c.Get(ts.URL + "/api/runs/" + ri.ID + "/files/trace.csv")
		csv, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if ri.Kind != "compare" || !strings.HasPrefix(string(csv), tt.col0+",") {
			t.Errorf("%s: %+v, csv %.80q", tt.name, ri, csv)
		}
	}
}

func TestHostAndOrigin(t *testing.T) {
	ts, _ := newTestServer(t, Limits{})
	tests := []struct {
		name, method, host, origin string
		code                       int
	}{
		{"served address", "GET", "", "", 200},
		{"localhost", "GET", "localhost:" + port(ts.URL), "", 200},
		{"rebinding", "GET", "attacker.example:" + port(ts.URL), "", http.StatusMisdirectedRequest},
		{"other port", "GET", "127.0.0.1:1", "", http.StatusMisdirectedRequest},
		{"no port", "GET", "127.0.0.1", "", http.StatusMisdirectedRequest},
		{"cross-origin write", "POST", "", "http://attacker.example", http.StatusForbidden},
		{"same-origin write", "POST", "", ts.URL, 200},
		{"write without origin", "POST", "", "none", http.StatusForbidden},
	}
	for _, tt := range tests {
		path, body := "/api/meta", ""
		if tt.method == "POST" {
			path, body = "/api/check", `{"preset": "lfs"}`
		}
		req, _ := http.NewRequest(tt.method, ts.URL+path, strings.NewReader(body))
		if tt.host != "" {
			req.Host = tt.host
		}
		if tt.origin != "" && tt.origin != "none" {
			req.Header.Set("Origin", tt.origin)
		}
		c := ts.Client()
		if tt.origin == "none" {
			c = &http.Client{} // without the tests' Origin header
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("%s: %s, want %d", tt.name, resp.Status, tt.code)
		}
	}
}

func port(url string) string { return url[strings.LastIndex(url, ":")+1:] }

// slowRun is a run that takes several seconds (the mechanistic LFS with
// 10000 pulses at 5 Hz), to be cancelled long before it ends.
var slowRun = runRequest{Preset: "lfs", Sets: []string{"protocol.train.pulses=10000", "protocol.train.rate=5 Hz"}}

// TestQueueAndCancel fills the one slot and the one queue place, sees the
// next request refused, then cancels the running job by closing its
// request (as a closed tab does) and sees the queued one start.
func TestQueueAndCancel(t *testing.T) {
	ts, srv := newTestServer(t, Limits{Running: 1, Queue: 1})
	c := ts.Client()
	first := startStream(t, c, ts.URL, slowRun)
	first.waitFor(t, "progress")
	second := startStream(t, c, ts.URL, slowRun)
	q := second.waitFor(t, "queued")
	if !strings.Contains(q.Data, `"position":1`) || !strings.Contains(q.Data, "queued") {
		t.Errorf("queued event %s", q.Data)
	}
	resp := post(t, c, ts.URL+"/api/runs", runRequest{Preset: cheap})
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "busy") {
		t.Errorf("third request: %s %s", resp.Status, body)
	}
	first.close()
	second.waitFor(t, "started")
	second.close()
	waitIdle(t, srv)
	if n := srv.store.len(); n != 0 {
		t.Errorf("cancelled runs kept: %d", n)
	}
}

// TestClosedTabCancelsRun checks that a run stops within a moment of its
// client going away, long before it would have ended.
func TestClosedTabCancelsRun(t *testing.T) {
	ts, srv := newTestServer(t, Limits{Running: 1})
	s := startStream(t, ts.Client(), ts.URL, slowRun)
	s.waitFor(t, "progress")
	start := time.Now()
	s.close()
	waitIdle(t, srv)
	t.Logf("the run stopped %v after its client left", time.Since(start))
}

// waitIdle waits until no job holds or waits for a slot.
func waitIdle(t *testing.T, srv *Server) {
	t.Helper()
	deadline := time.Now().Add(cancelWithin)
	for time.Now().Before(deadline) {
		if run, wait := srv.gate.load(); run == 0 && wait == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	run, wait := srv.gate.load()
	t.Fatalf("still %d running, %d waiting %v after the clients left", run, wait, cancelWithin)
}

// cancelWithin is how soon a run must stop after its client leaves: the
// engine checks for cancellation every 64 events, a few ms of work.
const cancelWithin = 2 * time.Second

// stream is a run request whose events are read as they come.
type stream struct {
	resp *http.Response
	evs  chan event
}

func startStream(t *testing.T, c *http.Client, url string, req runRequest) *stream {
	t.Helper()
	resp := post(t, c, url+"/api/runs", req)
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s: %s", resp.Status, b)
	}
	s := &stream{resp: resp, evs: make(chan event, 1024)}
	go func() {
		readEvents(resp.Body, func(e event) { s.evs <- e })
		close(s.evs)
	}()
	return s
}

func (s *stream) waitFor(t *testing.T, name string) event {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case e, ok := <-s.evs:
			if !ok {
				t.Fatalf("stream ended before %q", name)
			}
			if e.Name == name {
				return e
			}
			if e.Name == "error" || e.Name == "done" {
				t.Fatalf("waiting for %q: %s %s", name, e.Name, e.Data)
			}
		case <-timeout:
			t.Fatalf("no %q event within 30 s", name)
		}
	}
}

func (s *stream) close() { s.resp.Body.Close() }
