package experiment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/trace"
)

// Result is what Run returns: the sampled state, the test-pulse readout and
// a summary. It holds no file paths and is written out by package report.
type Result struct {
	Plan    *Plan
	Tier    string       // the tier and set in words
	Series  *trace.Table // t_ms, strength_pct and the tier's variables every Plan.RecordEvery (and at t = 0)
	Tests   *trace.Table // t_ms, t_min, strength_pct at every test pulse
	Summary Summary
	Params  []Param // every model parameter with its value and unit
	View    View    // what figures should show for this tier
}

// Param is one resolved model parameter, for manifests.
type Param struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	Doc   string  `json:"doc,omitempty"`
}

// Progress receives the fraction of biological time simulated so far.
type Progress func(done float64)

// checkEvery is how many events pass between cancellation checks.
const checkEvery = 64

// stream numbers of the per-run random sources derived from the seed.
const (
	streamModel = 1
)

// Run simulates the plan. It is pure: no files, no printing, no clock; it
// stops with ctx.Err() when ctx is cancelled. progress may be nil.
func Run(ctx context.Context, pl *Plan, progress Progress) (*Result, error) {
	info, err := findTierFor(pl.Spec)
	if err != nil {
		return nil, err
	}
	if err := checkDrugsFor(info.name, info.drugs, pl.Drugs); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(pl.Spec.Seed, streamModel))
	syn, err := info.build(pl, rng)
	if err != nil {
		return nil, err
	}
	vars, err := selectVars(syn.cols(), pl.Spec.Record.Vars)
	if err != nil {
		return nil, err
	}
	res := &Result{Plan: pl, Tier: syn.describe(), View: syn.view()}
	for _, f := range syn.params() {
		res.Params = append(res.Params, Param{Name: f.Name, Value: *f.Value, Unit: f.Dim.Internal(), Doc: f.Doc})
	}
	cols := append([]trace.Col{
		{Name: "t_ms", Unit: "ms", Doc: "time from the start of the run"},
		{Name: "strength_pct", Unit: "%", Doc: "synaptic strength, % of its value at t = 0"},
	}, pick(syn.cols(), vars)...)
	res.Series = trace.New(cols...)
	res.Tests = trace.New(
		trace.Col{Name: "t_ms", Unit: "ms", Doc: "time of the test pulse"},
		trace.Col{Name: "t_min", Unit: "min", Doc: "time of the test pulse, minutes from the start"},
		trace.Col{Name: "strength_pct", Unit: "%", Doc: "synaptic strength at the test pulse, % of its value at t = 0"},
	)

	all := make([]float64, len(syn.cols()))
	row := make([]float64, len(cols))
	record := func(t float64) {
		syn.read(all)
		row[0], row[1] = t, 100*syn.strength()
		for i, v := range vars {
			row[2+i] = all[v]
		}
		res.Series.Append(row...)
	}
	if pl.RecordFrom <= 0 {
		record(0)
	}

	evs := effective(pl.Schedule.Events, syn, pl.Spec.Protocol.TestProbe, pl.Drugs, pl.End)
	samples := sampleTimes(pl.RecordEvery, pl.RecordFrom, pl.End)
	si := 0
	now := 0.0
	// Effects delayed past the end of the run are dropped.
	n := sort.Search(len(evs), func(i int) bool { return evs[i].t > pl.End })
	for i, e := range append(evs[:n:n], step{t: pl.End, end: true}) {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(now / pl.End)
			}
		}
		j := si
		for j < len(samples) && samples[j] <= e.t {
			j++
		}
		if err := syn.advance(e.t, samples[si:j], record); err != nil {
			return nil, fmt.Errorf("experiment: the %s tier failed at t = %s ms: %w", pl.Spec.Model.Tier, strconv.FormatFloat(e.t, 'g', 6, 64), err)
		}
		si, now = j, e.t
		switch {
		case e.end:
		case e.drug:
			ds, ok := syn.(drugSetter)
			if !ok {
				return nil, fmt.Errorf("experiment: the %s tier cannot change drugs during a run", pl.Spec.Model.Tier)
			}
			if err := ds.setDrugs(activeDrugs(pl.Drugs, e.t)); err != nil {
				return nil, fmt.Errorf("experiment: drugs at t = %s ms: %w", strconv.FormatFloat(e.t, 'g', 6, 64), err)
			}
		case e.readout:
			res.Tests.Append(e.t, e.t/60000, 100*syn.strength())
		default:
			syn.apply(e.ev)
		}
	}
	if progress != nil {
		progress(1)
	}
	res.Summary = summarize(res, syn)
	return res, nil
}

// step is one entry of the engine's timeline: an event as it reaches the
// synapse (shifted by the tier's delay), or the strength readout of a test
// pulse at its own time.
type step struct {
	t       float64
	ev      protocol.Event
	readout bool
	end     bool
	drug    bool // the active drugs change (wash-in or wash-out)
}

// effective turns protocol events into the engine's timeline: every event
// is delayed by the tier's delay for its kind; a test pulse also gives a
// readout at its own time, before the pulse has any effect (with probe, the
// readout only). The sort is
// stable, so simultaneous events keep the protocol's order, and readouts
// come before the pulses at the same time.
func effective(events []protocol.Event, syn synapse, probe bool, drugs []DrugDose, end float64) []step {
	out := make([]step, 0, len(events)+len(events)/8)
	for _, d := range drugs { // drug changes come first at their time
		if d.From > 0 {
			out = append(out, step{t: d.From, drug: true})
		}
		if d.To < end {
			out = append(out, step{t: d.To, drug: true})
		}
	}
	for _, e := range events {
		if e.Kind == protocol.Test {
			out = append(out, step{t: e.T, readout: true})
			if probe {
				continue
			}
		}
		out = append(out, step{t: e.T + syn.delay(e.Kind), ev: e})
	}
	rank := func(s step) int {
		switch {
		case s.drug:
			return 0
		case s.readout:
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].t != out[j].t {
			return out[i].t < out[j].t
		}
		return rank(out[i]) < rank(out[j])
	})
	return out
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

// selectVars maps record.vars to column indices; empty means all.
func selectVars(cols []trace.Col, want []string) ([]int, error) {
	if len(want) == 0 {
		idx := make([]int, len(cols))
		for i := range idx {
			idx[i] = i
		}
		return idx, nil
	}
	var idx []int
	for k, w := range want {
		found := false
		for i, c := range cols {
			if c.Name == w || strings.SplitN(c.Name, "_", 2)[0] == w {
				idx = append(idx, i)
				found = true
				break
			}
		}
		if !found {
			names := make([]string, len(cols))
			for i, c := range cols {
				names[i] = c.Name
			}
			return nil, &FieldError{Path: "record.vars[" + itoa(k) + "]", Value: w, Allowed: "a variable of this tier: " + strings.Join(names, ", ")}
		}
	}
	return idx, nil
}

func pick(cols []trace.Col, idx []int) []trace.Col {
	out := make([]trace.Col, len(idx))
	for i, j := range idx {
		out[i] = cols[j]
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

// unitOfName reads the unit from a column name's suffix (v_mV → mV).
func unitOfName(n string) string {
	switch {
	case strings.HasSuffix(n, "_uM_ms"):
		return "µM·ms"
	case strings.HasSuffix(n, "_nS"):
		return "nS"
	case strings.HasSuffix(n, "_pA"):
		return "pA"
	case strings.HasSuffix(n, "_mV"):
		return "mV"
	case strings.HasSuffix(n, "_uM"):
		return "µM"
	case strings.HasSuffix(n, "_ms"):
		return "ms"
	case strings.HasSuffix(n, "_per_s"):
		return "1/s"
	case strings.HasSuffix(n, "_pct"):
		return "%"
	}
	return "1"
}

// Zoom constants.
const (
	zoomTail    = 250.0  // ms after the last zoomed pulse
	zoomLead    = 20.0   // ms before the first zoomed pulse
	zoomSamples = 4000.0 // samples in the zoom window
)

// Zoom returns a copy of the plan that stops shortly after the first n
// stimuli of the induction and samples finely around them: the same
// experiment up to that point (same events, same seed), so its traces are
// the main run's, seen closely. It is for figures of single pulses.
//
// The zoom records every variable of the tier, whatever record.vars of the
// plan restricts: the figure needs the tier's fast variables (View.Fast).
func Zoom(pl *Plan, n int) *Plan {
	z := *pl
	spec := *pl.Spec
	spec.Record.Vars = nil
	z.Spec = &spec
	from := pl.Schedule.InductionStart
	last := from
	k := 0
	for _, e := range pl.Schedule.Events {
		if e.T < from || e.Kind == protocol.Test || e.Kind == protocol.ClampOff {
			continue
		}
		if e.Kind == protocol.Pre || e.Kind == protocol.Post {
			last = e.T
			if k++; k == n {
				break
			}
		}
	}
	z.End = min(pl.End, last+zoomTail)
	z.RecordFrom = max(0, from-zoomLead)
	z.RecordEvery = (z.End - z.RecordFrom) / zoomSamples
	return &z
}
