package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/trace"
)

// TestLiveEvents runs the LFS preset through /api/runs and reads the live
// events: they come before done, the first carries the time axis and the
// Ca²⁺ column, together they hold every test pulse in time order and a
// thinned series, and the done record carries the time course with a
// sentence under each mechanism panel.
func TestLiveEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the mechanistic LFS preset (about 1 s)")
	}
	ts, _ := newTestServer(t, Limits{})
	resp := post(t, ts.Client(), ts.URL+"/api/runs", runRequest{Preset: "lfs"})
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %s", resp.Status)
	}
	evs, err := readEvents(resp.Body, nil)
	if err != nil {
		t.Fatal(err)
	}
	var (
		lives    []liveBatch
		done     *recordInfo
		afterEnd bool
	)
	for _, e := range evs {
		switch e.Name {
		case "live":
			if done != nil {
				afterEnd = true
			}
			var b liveBatch
			if err := json.Unmarshal([]byte(e.Data), &b); err != nil {
				t.Fatal(err)
			}
			lives = append(lives, b)
		case "done":
			done = &recordInfo{}
			if err := json.Unmarshal([]byte(e.Data), done); err != nil {
				t.Fatal(err)
			}
		case "error":
			t.Fatalf("error event: %s", e.Data)
		}
	}
	if len(lives) == 0 || done == nil || afterEnd {
		t.Fatalf("%d live events, done %v, live after done %v", len(lives), done != nil, afterEnd)
	}
	m := lives[0].Meta
	if m == nil || m.Ca == nil || !strings.HasPrefix(m.Ca.Name, "ca") || strings.Contains(m.Ca.Title, "_") || m.EndMin != 90 || m.InductionMin != [2]float64{15, 30} {
		t.Fatalf("first live event's meta: %+v", m)
	}
	var tt, ts2, st []float64
	for _, b := range lives {
		tt, ts2, st = append(tt, b.TestsT...), append(ts2, b.Tests...), append(st, b.T...)
		if len(b.Ca) != len(b.T) || len(b.Strength) != len(b.T) {
			t.Errorf("a batch has %d times, %d strengths, %d Ca²⁺", len(b.T), len(b.Strength), len(b.Ca))
		}
	}
	if done.Timecourse == nil {
		t.Fatal("the done record has no time course")
	}
	pl, _ := catalog.Load(mustPreset(t, "lfs"))
	if len(tt) != len(ts2) || len(tt) != len(done.Timecourse.TestsT) || !slices.IsSorted(tt) || !slices.IsSorted(st) {
		t.Errorf("%d test pulses (the result has %d), sorted %v; %d series rows sorted %v", len(tt), len(done.Timecourse.TestsT), slices.IsSorted(tt), len(st), slices.IsSorted(st))
	}
	if want := int(pl.End/pl.RecordEvery) + 1; want <= livePoints && len(st) != want {
		t.Errorf("%d series rows streamed of %d recorded (all of them are wanted below %d)", len(st), want, livePoints)
	}
	tc := done.Timecourse
	if len(tc.Tests) != len(tt) || len(tc.Panels) < 2 {
		t.Fatalf("done record's time course: %+v", tc)
	}
	notes := 0
	for _, p := range tc.Panels {
		if len(p.Y) != len(tc.T) || p.Title == "" || strings.Contains(p.Title, "_") {
			t.Errorf("panel %s: %d values for %d times, title %q", p.Name, len(p.Y), len(tc.T), p.Title)
		}
		if p.Note != "" {
			notes++
		}
	}
	if notes == 0 {
		t.Error("no mechanism panel says what it shows")
	}
}

func mustPreset(t *testing.T, name string) []byte {
	t.Helper()
	p, ok := experiment.FindPreset(name)
	if !ok {
		t.Fatalf("no preset %s", name)
	}
	return p.Data
}

// TestFeedThinsLongRuns: a run recording more than livePoints rows
// streams every k-th of them, and all its test pulses, once each.
func TestFeedThinsLongRuns(t *testing.T) {
	data, err := experiment.ApplySets(mustPreset(t, "lfs"), []string{"record.every=0.5 s"})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := catalog.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	f := newFeed(pl)
	series := trace.New(trace.Col{Name: "t_ms"}, trace.Col{Name: "strength_pct"}, trace.Col{Name: "ca_uM", Unit: "µM", Doc: "free Ca2+ in the spine head"})
	tests := trace.New(trace.Col{Name: "t_ms"}, trace.Col{Name: "t_min"}, trace.Col{Name: "strength_pct"})
	n := int(pl.End/pl.RecordEvery) + 1
	for i := range n {
		f.live(series, []float64{float64(i) * pl.RecordEvery, 100, 0.05})
		if i%60 == 0 {
			f.live(tests, []float64{float64(i) * pl.RecordEvery, float64(i) * pl.RecordEvery / 60000, 100})
		}
	}
	b, ok := f.take()
	if !ok || b.Meta == nil || b.Meta.Ca == nil || b.Meta.Ca.Title != "Free Ca2+ in the spine head (µM)" {
		t.Fatalf("first batch: ok %v, meta %+v", ok, b.Meta)
	}
	if len(b.T) > livePoints || len(b.T) < livePoints/2 || len(b.TestsT) != (n+59)/60 {
		t.Errorf("%d of %d rows and %d test pulses streamed; want at most %d rows and every test pulse", len(b.T), n, len(b.TestsT), livePoints)
	}
	if _, ok := f.take(); ok {
		t.Error("a second take returned the same rows again")
	}
}
