package web

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Huge-but-valid load (issue 15): 40 clients each check a spec near the
// body limit (18 000 explicit spike times, 259 KB) twice and run one that
// records the most the server allows (4 h at 50 000 samples, on the
// mechanistic-spine tier for every fourth client, 66 columns), against a
// server at its default memory budget (512 MB estimated live data). The
// process's resident memory, sampled every 50 ms, must stay under
// hugeRSS: the parse budget lets only a few huge specs be parsed at once,
// the run budget only as many runs hold their tables as fit, and the
// store evicts results by size.
const (
	hugeClients = 40
	hugeRSS     = 1 << 30 // bytes
)

// hugeSpec is a valid spec of about 259 KB.
func hugeSpec() string {
	var b strings.Builder
	b.WriteString("name: huge explicit\nmodel: {tier: graupner-brunel, set: DP, synapses: 100}\nprotocol:\n  explicit:\n    pre: [")
	for i := range 18000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "\"%d ms\"", 10*i)
	}
	b.WriteString("]\nrecord: {every: \"1 s\"}\n")
	return b.String()
}

// bigRun records 4 h at the server's 50 000 samples.
func bigRun(tier string) string {
	return fmt.Sprintf(`name: big run
model: {tier: %s}
protocol:
  test: "30 s"
  baseline: "10 min"
  train: {rate: "1 Hz", pulses: 900}
  follow: "60 min"
duration: "4 h"
record: {every: "0.29 s"}
`, tier)
}

func TestLoadHuge(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the huge load test in -short mode")
	}
	ts, srv := newTestServer(t, Limits{Queue: hugeClients})
	c := ts.Client()
	var peak atomic.Int64
	stop := make(chan struct{})
	go func() { // sample the resident memory
		for {
			peak.Store(max(peak.Load(), currentRSS()))
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	spec := hugeSpec()
	var failures atomic.Int64
	fail := func(format string, args ...any) {
		failures.Add(1)
		t.Errorf(format, args...)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i := range hugeClients {
		wg.Go(func() {
			for range 2 {
				resp, err := postJSON(c, ts.URL+"/api/check", runRequest{YAML: spec})
				if err != nil {
					fail("check: %v", err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					fail("check: %s", resp.Status)
				}
			}
			tier := "shouval"
			if i%4 == 0 {
				tier = "mechanistic-spine"
			}
			resp, err := postJSON(c, ts.URL+"/api/runs", runRequest{YAML: bigRun(tier)})
			if err != nil {
				fail("run: %v", err)
				return
			}
			evs, err := readEvents(resp.Body, nil)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || err != nil || len(evs) == 0 || evs[len(evs)-1].Name != "done" {
				fail("run %s: %s %v %v", tier, resp.Status, err, lastEvent(evs))
			}
		})
	}
	wg.Wait()
	close(stop)
	waitIdle(t, srv)
	t.Logf("%d clients: %d huge checks and %d big runs in %v; peak RSS %d MB (budget %d MB); %d results kept",
		hugeClients, 2*hugeClients, hugeClients, time.Since(start).Round(time.Millisecond), peak.Load()>>20, hugeRSS>>20, srv.store.len())
	if failures.Load() > 0 {
		t.Errorf("%d requests failed", failures.Load())
	}
	if p := peak.Load(); p > hugeRSS {
		t.Errorf("peak RSS %d MB, more than %d MB", p>>20, hugeRSS>>20)
	}
}

func lastEvent(evs []event) event {
	if len(evs) == 0 {
		return event{}
	}
	return evs[len(evs)-1]
}

// currentRSS is this process's resident memory (VmRSS) [bytes], 0 without
// /proc.
func currentRSS() int64 {
	return procStatus("VmRSS:")
}
