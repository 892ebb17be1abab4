package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// Result is what Run returns: the sampled state, the test-pulse readout, the
// zoom on the first induction pulses (if asked for) and a summary. It holds
// no file paths and is written out by package report.
type Result struct {
	Plan    *Plan
	Tier    string       // the tier and set in words
	Series  *trace.Table // t_ms, strength_pct and the model's variables every Plan.RecordEvery (and at t = 0)
	Tests   *trace.Table // t_ms, t_min, strength_pct at every test pulse
	Zoom    *trace.Table // t_ms, strength_pct and every variable, finely sampled around the first induction pulses (Options.Zoom); nil if not asked for
	Summary Summary
	Params  []Param // every model parameter with its value and unit
	View    View    // what figures should show for this tier
	// Extra holds the tables a model records beside the series (Tabler),
	// by name: "epsp" is the test EPSP waveform before and after the
	// induction (t_ms, before_mV, after_mV). nil if the model has none.
	Extra map[string]*trace.Table
}

// Param is one resolved model parameter, for manifests.
type Param struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	Doc   string  `json:"doc,omitempty"`
}

// MarshalJSON writes a non-finite value (a rule's "no bound", such as the
// triplet rule's w_min = -Inf) as the string "-Inf", "+Inf" or "NaN", which
// JSON has no number for.
func (p Param) MarshalJSON() ([]byte, error) {
	type plain Param
	if !math.IsInf(p.Value, 0) && !math.IsNaN(p.Value) {
		return json.Marshal(plain(p))
	}
	return json.Marshal(struct {
		plain
		Value string `json:"value"`
	}{plain(p), strconv.FormatFloat(p.Value, 'g', -1, 64)})
}

// Progress receives the fraction of biological time simulated so far.
type Progress func(done float64)

// Options are the optional parts of a run.
type Options struct {
	Progress Progress // may be nil
	// Zoom, if > 0, also records the view's fast variables finely around
	// the first Zoom stimuli of the induction (Result.Zoom), in the same
	// run.
	Zoom int
	// Live, if not nil, receives every row as it is appended to the series
	// or the test-pulse table (the web lab streams them); the row is only
	// valid during the call. It runs on the run's goroutine.
	Live func(tab *trace.Table, row []float64)
}

// checkEvery is how many timeline steps pass between progress reports and
// checks of the strength (cancellation is checked at every step, and inside
// the models' own long loops: Canceller).
const checkEvery = 64

// streamModel is the stream number of the run's random source: the model's
// randomness comes from rand.NewPCG(spec.Seed, streamModel).
const streamModel = 1

// Zoom window constants.
const (
	zoomTail    = 250.0  // ms after the last zoomed pulse
	zoomLead    = 20.0   // ms before the first zoomed pulse
	zoomSamples = 4000.0 // samples in the zoom window
)

// Run simulates the plan with default options. It is pure: no files, no
// printing, no clock; it stops with ctx.Err() when ctx is cancelled.
// progress may be nil.
func Run(ctx context.Context, pl *Plan, progress Progress) (*Result, error) {
	return RunWith(ctx, pl, Options{Progress: progress})
}

// RunWith simulates the plan: it builds the tier's model once, steps it
// from event to event, records the series, the test-pulse readouts and (if
// asked) the zoom, and summarises.
func RunWith(ctx context.Context, pl *Plan, o Options) (*Result, error) {
	rng := rand.New(rand.NewPCG(pl.Spec.Seed, streamModel))
	syn, err := pl.Tier.Build(pl, rng)
	if err != nil {
		return nil, err
	}
	vars := syn.Vars()
	sel, err := selectVars(VarNames(vars), pl.Spec.Record.Vars)
	if err != nil {
		return nil, err
	}
	res := &Result{Plan: pl, Tier: syn.Describe(), View: syn.View()}
	for _, f := range syn.Params() {
		res.Params = append(res.Params, Param{Name: f.Name, Value: *f.Value, Unit: f.Dim.Internal(), Doc: f.Doc})
	}
	samples, zoomTimes, fast := res.tables(vars, sel, o.Zoom)
	rec := newRecorder(res, syn, sel, len(vars), samples, zoomTimes)
	rec.fast, rec.live, rec.lean = fast, o.Live, pl.Lean
	rec.record(0, true, false)

	if c, ok := syn.(Canceller); ok {
		c.SetContext(ctx)
	}
	tl := newTimeline(pl.Events(), syn, pl.Spec.Protocol.TestProbe, pl.Drugs, pl.End)
	peeker, _ := syn.(Peeker)
	now := 0.0
	for i := 0; ; i++ {
		e, ok := tl.pop()
		if !ok {
			break
		}
		if err := ctx.Err(); err != nil { // an atomic load
			return nil, err
		}
		if i%checkEvery == 0 {
			if o.Progress != nil {
				o.Progress(now / pl.End)
			}
		}
		var err error
		if zs := rec.zoomUpTo(e.t); len(zs) > 0 && peeker != nil {
			err = peeker.AdvancePeek(e.t, rec.seriesUpTo(e.t), rec.observe, zs, rec.peek)
		} else {
			err = syn.Advance(e.t, rec.upTo(e.t), rec.observe)
		}
		if err != nil {
			if cerr := ctx.Err(); cerr != nil { // the model stopped because the run was cancelled
				return nil, cerr
			}
			return nil, fmt.Errorf("engine: the %s tier failed at t = %s ms: %w", pl.Spec.Model.Tier, strconv.FormatFloat(e.t, 'g', 6, 64), err)
		}
		if rec.err != nil {
			return nil, rec.err
		}
		now = e.t
		// The strength is checked at every record time and test pulse
		// (record, below) and here every checkEvery events: a model's
		// strength may be a computation of its own (the population's
		// simulated test pulse), not worth repeating at every event.
		if i%checkEvery == 0 {
			if s := syn.Strength(); math.IsNaN(s) || math.IsInf(s, 0) {
				return nil, nonFinite(pl, "strength", e.t)
			}
		}
		if err := res.apply(syn, e, o.Live); err != nil {
			return nil, err
		}
		// Without record.every the series has a row at every test pulse.
		if pl.RecordEvery == 0 && e.rank == 1 && !e.end && e.t > 0 {
			rec.record(e.t, true, false)
			if rec.err != nil {
				return nil, rec.err
			}
		}
	}
	// The series ends with the run, also when the end is not a multiple of
	// record.every (or there is none).
	if last := res.Series.Len(); pl.End > 0 && (last == 0 || res.Series.Data[0][last-1] < pl.End) {
		rec.record(pl.End, true, false)
		if rec.err != nil {
			return nil, rec.err
		}
	}
	if o.Progress != nil {
		o.Progress(1)
	}
	if tb, ok := syn.(Tabler); ok {
		res.Extra = tb.Tables()
	}
	res.Summary = summarize(res, syn)
	return res, nil
}

// apply applies a timeline step at its time: a change of drugs, a test
// pulse's readout, or a protocol event.
func (res *Result) apply(syn Model, e step, live func(*trace.Table, []float64)) error {
	pl := res.Plan
	switch {
	case e.end:
	case e.rank == 0:
		ds, ok := syn.(DrugSetter)
		if !ok {
			return fmt.Errorf("engine: the %s tier cannot change drugs during a run", pl.Spec.Model.Tier)
		}
		if err := ds.SetDrugs(drug.Active(pl.Drugs, e.t)); err != nil {
			return fmt.Errorf("engine: drugs at t = %s ms: %w", strconv.FormatFloat(e.t, 'g', 6, 64), err)
		}
	case e.rank == 1:
		row := [3]float64{e.t, e.t / 60000, 100 * syn.Strength()}
		if math.IsNaN(row[2]) || math.IsInf(row[2], 0) {
			return nonFinite(pl, "strength", e.t)
		}
		res.Tests.Append(row[:]...)
		if live != nil {
			live(res.Tests, row[:])
		}
	default:
		syn.Apply(e.ev)
	}
	return nil
}

// tables makes the run's series, test-pulse and (if zoom > 0) zoom tables,
// and returns the series' and the zoom's sample times and the variables
// the zoom records (the view's fast ones).
func (res *Result) tables(vars []units.Var, sel []int, zoom int) (samples, zoomTimes []float64, fast []int) {
	pl := res.Plan
	head := []trace.Col{
		{Name: "t_ms", Unit: "ms", Doc: "time from the start of the run"},
		{Name: "strength_pct", Unit: "%", Doc: "synaptic strength, % of its value at t = 0"},
	}
	res.Series = trace.New(append(head, columns(vars, sel)...)...)
	res.Tests = trace.New(
		trace.Col{Name: "t_ms", Unit: "ms", Doc: "time of the test pulse"},
		trace.Col{Name: "t_min", Unit: "min", Doc: "time of the test pulse, minutes from the start"},
		trace.Col{Name: "strength_pct", Unit: "%", Doc: "synaptic strength at the test pulse, % of its value at t = 0"},
	)

	samples = sampleTimes(pl.RecordEvery, 0, pl.End)
	if zoom > 0 {
		from, to := zoomWindow(pl, zoom)
		every := (to - from) / zoomSamples
		zoomTimes = sampleTimes(every, from, to)
		for _, f := range res.View.Fast {
			for i, v := range vars {
				if v.Name == f {
					fast = append(fast, i)
				}
			}
		}
		res.Zoom = trace.New(append(head, columns(vars, fast)...)...)
		res.Zoom.Meta["every_ms"] = every
	}
	return samples, zoomTimes, fast
}

// columns turns the model's variables idx into trace columns.
func columns(vars []units.Var, idx []int) []trace.Col {
	out := make([]trace.Col, len(idx))
	for i, j := range idx {
		v := vars[j]
		out[i] = trace.Col{Name: v.Name, Unit: v.Unit, Doc: v.Doc, Label: v.Label}
	}
	return out
}

// recorder holds the sample times of the series and of the zoom, and
// appends rows when the model reaches them.
type recorder struct {
	res       *Result
	syn       Model
	sel       []int
	all       []float64
	row, zrow []float64
	series    []float64 // sample times of the series, sorted
	zoom      []float64 // sample times of the zoom, sorted
	si, zi    int
	merged    []float64
	fast      []int // the variables of the zoom (the view's fast ones)
	live      func(*trace.Table, []float64)
	lean      bool // Plan.Lean: nothing is read at the sample times
	err       error
}

func newRecorder(res *Result, syn Model, sel []int, nv int, series, zoom []float64) *recorder {
	return &recorder{res: res, syn: syn, sel: sel, all: make([]float64, nv), row: make([]float64, 2+len(sel)),
		series: series, zoom: zoom}
}

// seriesUpTo returns the series sample times in (last, t].
func (r *recorder) seriesUpTo(t float64) []float64 {
	j := r.si
	for j < len(r.series) && r.series[j] <= t {
		j++
	}
	return r.series[r.si:j]
}

// zoomUpTo returns the zoom sample times in (last, t].
func (r *recorder) zoomUpTo(t float64) []float64 {
	k := r.zi
	for k < len(r.zoom) && r.zoom[k] <= t {
		k++
	}
	return r.zoom[r.zi:k]
}

// peek records a zoom sample at t (the model's state as it peeks).
func (r *recorder) peek(t float64) {
	if r.zi < len(r.zoom) && r.zoom[r.zi] == t {
		r.zi++
		r.record(t, false, true)
	}
}

// upTo returns the sample times in (last, t], series and zoom merged.
func (r *recorder) upTo(t float64) []float64 {
	j := r.si
	for j < len(r.series) && r.series[j] <= t {
		j++
	}
	k := r.zi
	for k < len(r.zoom) && r.zoom[k] <= t {
		k++
	}
	if k == r.zi {
		return r.series[r.si:j]
	}
	r.merged = append(r.merged[:0], r.series[r.si:j]...)
	r.merged = append(r.merged, r.zoom[r.zi:k]...)
	sort.Float64s(r.merged)
	return compact(r.merged)
}

func compact(ts []float64) []float64 {
	out := ts[:0]
	for i, t := range ts {
		if i == 0 || t != ts[i-1] {
			out = append(out, t)
		}
	}
	return out
}

// observe is called by the model at each sample time with its state set to it.
func (r *recorder) observe(t float64) {
	inSeries := r.si < len(r.series) && r.series[r.si] == t
	inZoom := r.zi < len(r.zoom) && r.zoom[r.zi] == t
	if inSeries {
		r.si++
	}
	if inZoom {
		r.zi++
	}
	r.record(t, inSeries, inZoom)
}

// record appends the current state at time t to the series and/or zoom.
func (r *recorder) record(t float64, series, zoom bool) {
	if r.err != nil || !(series || zoom) || r.lean {
		return
	}
	r.syn.Read(r.all)
	s := 100 * r.syn.Strength()
	if series {
		r.row[0], r.row[1] = t, s
		for i, v := range r.sel {
			r.row[2+i] = r.all[v]
		}
		for i, x := range r.row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				r.err = nonFinite(r.res.Plan, r.res.Series.Cols[i].Name, t)
				return
			}
		}
		// Variables not recorded are checked too: a NaN there reaches
		// the recorded ones later, or never, and is no result either.
		for i, x := range r.all {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				r.err = nonFinite(r.res.Plan, r.syn.Vars()[i].Name, t)
				return
			}
		}
		r.res.Series.Append(r.row...)
		if r.live != nil {
			r.live(r.res.Series, r.row)
		}
	}
	if zoom {
		if r.zrow == nil {
			r.zrow = make([]float64, 2+len(r.fast))
		}
		r.zrow[0], r.zrow[1] = t, s
		for i, v := range r.fast {
			r.zrow[2+i] = r.all[v]
		}
		r.res.Zoom.Append(r.zrow...)
	}
}

// nonFinite is the error for a NaN or infinite value of variable v at t,
// naming the override most likely responsible (MostLikelyOverride) and
// the others.
func nonFinite(pl *Plan, v string, t float64) error {
	msg := fmt.Sprintf("engine: the %s tier produced a non-finite %s at t = %s ms", pl.Spec.Model.Tier, v, strconv.FormatFloat(t, 'g', 6, 64))
	ov := pl.Spec.Model.Override
	if len(ov) == 0 {
		return fmt.Errorf("%s", msg)
	}
	k, why := MostLikelyOverride(pl)
	msg += fmt.Sprintf("; most likely model.override.%s = %q%s, which takes the model outside what it was built for", k, ov[k], why)
	var others []string
	for o, x := range ov {
		if o != k {
			others = append(others, "model.override."+o+" = "+strconv.Quote(x))
		}
	}
	if len(others) > 0 {
		sort.Strings(others)
		msg += "; the other overrides: " + strings.Join(others, ", ")
	}
	return fmt.Errorf("%s", msg)
}

// MergeTimes appends to grid (sorted, all < end) the record times ≤ end and
// returns the sorted union without exact duplicates: the sample times a
// model integrates over when record times fall between its own.
func MergeTimes(grid, rec []float64, end float64) []float64 {
	n := len(grid)
	j := 0
	for j < len(rec) && rec[j] <= end {
		j++
	}
	if j == 0 {
		return grid
	}
	grid = append(grid, rec[:j]...)
	if n > 0 {
		slices.Sort(grid)
		grid = slices.Compact(grid)
	}
	return grid
}

// sampleTimes is k·every for k ≥ 1 while from ≤ k·every ≤ end (t = 0 is
// recorded apart).
func sampleTimes(every, from, end float64) []float64 {
	if every <= 0 {
		return nil
	}
	k0 := max(1, int(math.Ceil(from/every-1e-9)))
	n := int(math.Floor(end/every + 1e-9))
	ts := make([]float64, 0, max(0, n-k0+1))
	for k := k0; k <= n; k++ {
		ts = append(ts, float64(k)*every)
	}
	return ts
}

// zoomWindow is the stretch of the run around the first n stimuli (pre or
// post spikes) of the induction: from zoomLead before the induction's start
// to zoomTail after the n-th stimulus (or the last, if fewer), within the
// run.
func zoomWindow(pl *Plan, n int) (from, to float64) {
	start := pl.Layout.InductionStart
	last := start
	k := 0
	s := pl.Events()
	for e, ok := s.Next(); ok; e, ok = s.Next() {
		if e.T < start || e.Kind == protocol.Test || e.Kind == protocol.ClampOff {
			continue
		}
		if e.Kind == protocol.Pre || e.Kind == protocol.Post {
			last = e.T
			if k++; k == n {
				break
			}
		}
	}
	return max(0, start-zoomLead), min(pl.End, last+zoomTail)
}
