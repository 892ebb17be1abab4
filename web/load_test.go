package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Load test: loopback only, bounded in clients, rounds and time.
const (
	loadClients = 20 // concurrent clients, each a student running presets
	loadRounds  = 3  // runs per client
	loadKeep    = 8  // results the server keeps
	// loadHeapSlack is how much the live heap may grow from a server that
	// already holds loadKeep results to one that has served every client
	// and holds loadKeep results again: the results kept differ in size
	// (each preset records other variables), so not zero, but far below
	// what keeping 60 results would take.
	loadHeapSlack = 8 << 20 // bytes
)

// loadPresets are cheap presets (Shouval tier, well under a second each).
var loadPresets = []string{"tbs-shouval", "hfs-shouval", "clamp-shouval", "frequency-shouval"}

// TestLoad has 20 clients load the page, check a spec, run a preset, and
// fetch its record, figure and table, three times each, against a server
// that runs 2 at once. No request may fail, and when they are done the
// server must hold no more memory than before (finished results are
// evicted) and no more goroutines.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the load test in -short mode")
	}
	ts, srv := newTestServer(t, Limits{Running: 2, Queue: loadClients * 2, Keep: loadKeep})
	c := ts.Client()

	// Fill the store first, so that "before" already holds loadKeep results.
	for i := range loadKeep {
		ri := runDone(t, c, ts.URL+"/api/runs", runRequest{Preset: loadPresets[i%len(loadPresets)]})
		fetch(t, c, ts.URL+ri.Figures[0])
	}
	c.CloseIdleConnections()
	heap0, gor0 := settle()

	var requests, failures atomic.Int64
	fail := func(format string, args ...any) {
		failures.Add(1)
		t.Errorf(format, args...)
	}
	get := func(url string, want int) []byte {
		requests.Add(1)
		resp, err := c.Get(url)
		if err != nil {
			fail("GET %s: %v", url, err)
			return nil
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != want {
			fail("GET %s: %s %v", url, resp.Status, err)
		}
		return b
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			get(ts.URL+"/", http.StatusOK)
			get(ts.URL+"/static/lab.js", http.StatusOK)
			get(ts.URL+"/api/meta", http.StatusOK)
			for r := range loadRounds {
				preset := loadPresets[(i+r)%len(loadPresets)]
				requests.Add(1)
				resp, err := postJSON(c, ts.URL+"/api/check", runRequest{Preset: preset})
				if err != nil {
					fail("check %s: %v", preset, err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					fail("check %s: %s", preset, resp.Status)
				}
				requests.Add(1)
				resp, err = postJSON(c, ts.URL+"/api/runs", runRequest{Preset: preset, Sets: []string{fmt.Sprintf("seed=%d", i*loadRounds+r)}})
				if err != nil {
					fail("run %s: %v", preset, err)
					continue
				}
				evs, err := readEvents(resp.Body, nil)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || err != nil || len(evs) == 0 || evs[len(evs)-1].Name != "done" {
					fail("run %s: %s %v %v", preset, resp.Status, err, evs)
					continue
				}
				var ri recordInfo
				if err := json.Unmarshal([]byte(evs[len(evs)-1].Data), &ri); err != nil {
					fail("run %s: %v", preset, err)
					continue
				}
				// The result may already be evicted by the other clients'
				// runs (the server keeps 8): then 404 is the right answer.
				for _, u := range []string{"/api/runs/" + ri.ID, ri.Figures[0], "/api/runs/" + ri.ID + "/files/trace.csv"} {
					requests.Add(1)
					resp, err := c.Get(ts.URL + u)
					if err != nil {
						fail("GET %s: %v", u, err)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
						fail("GET %s: %s", u, resp.Status)
					}
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	waitIdle(t, srv)
	c.CloseIdleConnections()
	heap1, gor1 := settle()

	t.Logf("load: %d clients, %d requests (%d runs) in %v, %d failed", loadClients, requests.Load(), loadClients*loadRounds, elapsed.Round(time.Millisecond), failures.Load())
	t.Logf("live heap: %.1f MB before, %.1f MB after (%d results kept of %d); goroutines %d before, %d after",
		float64(heap0)/(1<<20), float64(heap1)/(1<<20), srv.store.len(), loadKeep+loadClients*loadRounds, gor0, gor1)
	if failures.Load() > 0 {
		t.Errorf("%d requests failed", failures.Load())
	}
	if srv.store.len() != loadKeep {
		t.Errorf("the server keeps %d results, want %d", srv.store.len(), loadKeep)
	}
	if heap1 > heap0+loadHeapSlack {
		t.Errorf("the live heap grew from %d to %d bytes", heap0, heap1)
	}
	if gor1 > gor0+2 {
		t.Errorf("goroutines grew from %d to %d", gor0, gor1)
	}
}

// settle collects garbage and returns the live heap and the goroutines.
func settle() (heap uint64, goroutines int) {
	var m runtime.MemStats
	for range 3 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
	}
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, runtime.NumGoroutine()
}
