package web

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// newTestServer starts the web lab on a loopback port with limits l.
func newTestServer(t testing.TB, l Limits) (*httptest.Server, *Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Addr: ln.Addr().String(), Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)
	// The page's own requests carry an Origin header; so do the tests'.
	ts.Client().Transport = originTransport{ts.Client().Transport, ts.URL}
	return ts, srv
}

// originTransport adds an Origin header to requests that have none.
type originTransport struct {
	base   http.RoundTripper
	origin string
}

func (o originTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("Origin") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Origin", o.origin)
	}
	return o.base.RoundTrip(r)
}

// CloseIdleConnections passes http.Client.CloseIdleConnections on.
func (o originTransport) CloseIdleConnections() {
	if c, ok := o.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// event is one Server-Sent Event.
type event struct {
	Name string
	Data string
}

// readEvents reads Server-Sent Events from r until it ends, calling each
// (if not nil) as they come.
func readEvents(r io.Reader, each func(event)) ([]event, error) {
	var out []event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var cur event
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.Name != "" || cur.Data != "" {
				out = append(out, cur)
				if each != nil {
					each(cur)
				}
			}
			cur = event{}
		case strings.HasPrefix(line, "event:"):
			cur.Name = strings.TrimSpace(line[len("event:"):])
		case strings.HasPrefix(line, "data:"):
			cur.Data += strings.TrimSpace(line[len("data:"):])
		}
	}
	return out, sc.Err()
}

// post sends a JSON body; it must be called from the test's goroutine.
func post(t testing.TB, c *http.Client, url string, body any) *http.Response {
	t.Helper()
	resp, err := postJSON(c, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// postJSON sends a JSON body.
func postJSON(c *http.Client, url string, body any) (*http.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return c.Post(url, "application/json", strings.NewReader(string(b)))
}

// runDone runs a request through /api/runs (or /api/curves) and returns
// the record of its done event; it fails the test on an error event.
func runDone(t testing.TB, c *http.Client, url string, req runRequest) recordInfo {
	t.Helper()
	resp := post(t, c, url, req)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s: %s: %s", url, resp.Status, b)
	}
	evs, err := readEvents(resp.Body, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		switch e.Name {
		case "done":
			var ri recordInfo
			if err := json.Unmarshal([]byte(e.Data), &ri); err != nil {
				t.Fatal(err)
			}
			return ri
		case "error":
			t.Fatalf("%s: error event: %s", url, e.Data)
		}
	}
	t.Fatalf("%s: no done event in %v", url, evs)
	return recordInfo{}
}
