package web

import (
	"math"
	"strings"
	"sync"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/trace"
)

// livePoints bounds the samples of one series the page receives, live or
// at the end (the time course): a longer series is thinned to every k-th
// row, so a 4 h run recorded every 100 ms streams as briskly as a short one.
const livePoints = 1500

// liveCol describes the Ca²⁺ column the page draws live.
type liveCol struct {
	Name  string `json:"name"`
	Title string `json:"title"` // label and unit, as figures write it
	Note  string `json:"note,omitempty"`
}

// liveBatch is the data of one "live" event: the rows recorded since the
// previous one. Series rows give time [min], strength [%] and Ca²⁺; test
// pulses give time [min] and strength [%]. Meta comes with the first batch.
type liveBatch struct {
	Meta     *liveMeta `json:"meta,omitempty"`
	T        []float64 `json:"t,omitempty"`
	Strength []float64 `json:"strength,omitempty"`
	Ca       []float64 `json:"ca,omitempty"`
	TestsT   []float64 `json:"tests_t,omitempty"`
	Tests    []float64 `json:"tests,omitempty"`
}

// liveMeta is what the page needs to draw a run before its first sample:
// the time axis, the induction and the Ca²⁺ column (nil if the tier
// records none).
type liveMeta struct {
	EndMin       float64    `json:"end_min"`
	InductionMin [2]float64 `json:"induction_min"`
	Ca           *liveCol   `json:"ca,omitempty"`
}

// feed gathers the rows a run records (engine.Options.Live) until the
// stream takes them; it is safe for the run's goroutine and the stream's.
type feed struct {
	mu      sync.Mutex
	meta    *liveMeta
	sent    bool    // meta has gone out
	stride  int     // keep every stride-th series row
	every   float64 // the series' sampling interval [ms]
	n       int     // series rows seen
	ca      int     // index of the Ca²⁺ column in the series, -1 if none
	pending liveBatch
}

// newFeed prepares a feed for a run of plan pl.
func newFeed(pl *engine.Plan) *feed {
	f := &feed{stride: 1, ca: -1, meta: &liveMeta{EndMin: pl.End * lab.ToMin,
		InductionMin: [2]float64{pl.Layout.InductionStart * lab.ToMin, pl.Layout.InductionEnd * lab.ToMin}}}
	if pl.RecordEvery > 0 {
		f.stride = max(1, int(math.Ceil(pl.End/pl.RecordEvery/livePoints)))
	}
	f.every = pl.RecordEvery
	return f
}

// live is the engine.Options.Live callback: it keeps the test pulses and
// every stride-th row of the series.
func (f *feed) live(tab *trace.Table, row []float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if colIndex(tab, "t_min") >= 0 { // the test-pulse table: t_ms, t_min, strength_pct
		f.pending.TestsT = append(f.pending.TestsT, row[1])
		f.pending.Tests = append(f.pending.Tests, row[2])
		return
	}
	if f.n == 0 {
		if name := caColumn(tab); name != "" {
			c := colNamed(tab, name)
			f.meta.Ca = &liveCol{Name: name, Title: lab.VarTitle(c), Note: sampledNote(lab.VarNote(c), f.every*float64(f.stride))}
			f.ca = colIndex(tab, name)
		}
	}
	f.n++
	if (f.n-1)%f.stride != 0 {
		return
	}
	f.pending.T = append(f.pending.T, row[0]*lab.ToMin)
	f.pending.Strength = append(f.pending.Strength, row[1])
	if f.ca >= 0 {
		f.pending.Ca = append(f.pending.Ca, row[f.ca])
	}
}

// take returns the rows gathered since the last call (with the meta the
// first time), or false if there are none.
func (f *feed) take() (liveBatch, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.pending
	f.pending = liveBatch{}
	if !f.sent && f.n > 0 {
		b.Meta, f.sent = f.meta, true
	}
	return b, b.Meta != nil || len(b.T) > 0 || len(b.TestsT) > 0
}

// caColumn names the column the page draws as Ca²⁺: the spine's free
// Ca²⁺ (ca_uM), else another Ca²⁺ column in µM, else the Graupner–Brunel
// calcium c; "" if there is none.
func caColumn(t *trace.Table) string {
	if colIndex(t, "ca_uM") >= 0 {
		return "ca_uM"
	}
	for _, c := range t.Cols {
		if strings.HasPrefix(c.Name, "ca_") && c.Unit == "µM" {
			return c.Name
		}
	}
	if colIndex(t, "c") >= 0 {
		return "c"
	}
	return ""
}

// colIndex is the index of the named column, or -1 (it works on a table
// with no rows yet, unlike Table.Col).
func colIndex(t *trace.Table, name string) int {
	for i, c := range t.Cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// colNamed returns the table's column description of that name.
func colNamed(t *trace.Table, name string) trace.Col {
	for _, c := range t.Cols {
		if c.Name == name {
			return c
		}
	}
	return trace.Col{Name: name}
}

// timecourse is a run's time course for the page's zoomable charts: the
// strength at the test pulses (or along the series), Ca²⁺ and the tier's
// slow variables, each panel with its heading and the sentence saying what
// it shows (the column's Doc). Series are thinned to livePoints.
type timecourse struct {
	EndMin       float64    `json:"end_min"`
	InductionMin [2]float64 `json:"induction_min"`
	TestsT       []float64  `json:"tests_t,omitempty"`
	Tests        []float64  `json:"tests,omitempty"`
	T            []float64  `json:"t"`
	Strength     []float64  `json:"strength"`
	Panels       []tcPanel  `json:"panels"`
}

// tcPanel is one variable of the time course.
type tcPanel struct {
	Name  string        `json:"name"`
	Title string        `json:"title"`
	Note  string        `json:"note,omitempty"`
	Y     []float64     `json:"y"`
	Marks []engine.Mark `json:"marks,omitempty"`
	Floor [2]float64    `json:"floor"` // the y axis covers at least this (as in figure.png)
	// Sampled marks a variable whose samples miss its fast peaks (Ca²⁺):
	// the page draws only the reference lines within reach of the data.
	Sampled bool `json:"sampled,omitempty"`
}

// timecourseOf builds a run's time course.
func timecourseOf(res *engine.Result) *timecourse {
	pl := res.Plan
	tc := &timecourse{EndMin: pl.End * lab.ToMin,
		InductionMin: [2]float64{pl.Layout.InductionStart * lab.ToMin, pl.Layout.InductionEnd * lab.ToMin},
		TestsT:       finite(res.Tests.Col("t_min")), Tests: finite(res.Tests.Col("strength_pct")), Panels: []tcPanel{}}
	s := res.Series
	stride := max(1, (s.Len()+livePoints-1)/livePoints)
	thin := func(v []float64) []float64 {
		out := make([]float64, 0, len(v)/stride+1)
		for i := 0; i < len(v); i += stride {
			out = append(out, v[i])
		}
		return finite(out)
	}
	tc.T = thin(s.Col("t_ms"))
	for i := range tc.T {
		tc.T[i] *= lab.ToMin
	}
	tc.Strength = thin(s.Col("strength_pct"))
	var names []string
	if ca := caColumn(s); ca != "" {
		names = append(names, ca)
	}
	for _, n := range res.View.Slow {
		if s.Col(n) != nil && !strings.EqualFold(n, "strength_pct") {
			names = append(names, n)
		}
	}
	for _, n := range names {
		c := colNamed(s, n)
		p := lab.MechanismPanel(res, n)
		tp := tcPanel{Name: n, Title: lab.VarTitle(c), Note: lab.VarNote(c), Y: thin(s.Col(n)),
			Marks: res.View.Marks[n], Floor: [2]float64{p.MinRange.Lo, p.MinRange.Hi}}
		if n == caColumn(s) {
			tp.Note, tp.Sampled = sampledNote(tp.Note, pl.RecordEvery*float64(stride)), true
		}
		tc.Panels = append(tc.Panels, tp)
	}
	return tc
}

// sampledNote adds to a Ca²⁺ panel's note that its samples miss the
// peaks of single pulses, which pulses.png shows.
func sampledNote(note string, every float64) string {
	s := "Sampled every " + lab.Duration(every) + ": the peak of each pulse falls between samples (pulses.png shows single pulses)."
	if note == "" {
		return s
	}
	return note + " " + s
}

// finite replaces NaN and ±Inf (which JSON cannot carry) by 0 in a copy;
// the engine stops a run at the first non-finite value, so none is
// expected.
func finite(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			out[i] = x
		}
	}
	return out
}
