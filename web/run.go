package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/protocol"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/units"
)

// runRequest is the body of /api/check, /api/runs and /api/curves: a spec
// as a preset name or as YAML (or neither: an empty spec), and settings
// applied to it, as `synlab run PRESET|FILE --set path=value` takes them.
type runRequest struct {
	Preset string    `json:"preset,omitempty"`
	YAML   string    `json:"yaml,omitempty"`
	Sets   []string  `json:"sets,omitempty"`
	Curve  string    `json:"curve,omitempty"`  // /api/curves: "stdp" or "frequency"
	Points []float64 `json:"points,omitempty"` // /api/curves: x values (default: synlab curve's)
}

// source is a spec ready to run: a short name, the source as run and its
// plan.
type source struct {
	name string
	data []byte
	plan *engine.Plan
}

// decodeBody reads a JSON body strictly into v. Its errors are answered
// with 400 (413 for a body over the limit).
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		return true
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		writeError(w, http.StatusRequestEntityTooLarge, &apiError{Message: fmt.Sprintf("request body over %d bytes, the most this server reads (synlab serve --max-body)", mb.Limit)})
		return false
	}
	writeError(w, http.StatusBadRequest, &apiError{Message: "request body: " + err.Error() + `; want JSON such as {"preset": "lfs", "sets": ["bath.ca=1.8 mM"]}`})
	return false
}

// prepare builds and checks the spec of a request exactly as the command
// line does (loadSource, ApplySets, Load), then checks it against the
// server's limits. Errors name the field.
func (s *Server) prepare(ctx context.Context, req runRequest) (source, *apiError) {
	var src source
	n, err := s.parses.acquire(ctx, parseCost(req)) // the parser's memory grows with the spec
	if err != nil {
		return src, &apiError{Message: "the request was cancelled while waiting to be parsed"}
	}
	defer s.parses.release(n)
	switch {
	case req.Preset != "" && req.YAML != "":
		return src, &apiError{Message: "give a preset or a YAML spec, not both"}
	case req.Preset != "":
		p, ok := experiment.FindPreset(req.Preset)
		if !ok {
			return src, presetError(req.Preset)
		}
		src.name, src.data = p.Name, p.Data
	case req.YAML != "":
		src.data = []byte(req.YAML)
	}
	if len(req.Sets) > 0 {
		data, err := experiment.ApplySets(src.data, req.Sets)
		if err != nil {
			e := errorOf(err)
			e.YAML = string(src.data)
			return src, e
		}
		src.data = data
	}
	if s, err := experiment.Decode(src.data); err == nil && s.Model.SBML != nil {
		// The server reads no file a request names.
		fe := &experiment.FieldError{Path: "model.sbml", Value: s.Model.SBML.File, Allowed: "not in the web lab, which reads no files: run an SBML network with synlab run SPEC.yaml"}
		fe.Line, fe.Col, _ = experiment.Locate(src.data, fe.Path)
		e := errorOf(fe)
		e.YAML = string(src.data)
		return src, e
	}
	pl, err := catalog.Load(src.data)
	if err != nil {
		e := errorOf(err)
		e.YAML = string(src.data)
		return src, e
	}
	if fe := s.admit(pl); fe != nil {
		fe.Line, fe.Col, _ = experiment.Locate(src.data, fe.Path)
		e := errorOf(fe)
		e.YAML = string(src.data)
		return src, e
	}
	if src.name == "" {
		src.name = slug(pl.Spec.Name)
	}
	src.plan = pl
	return src, nil
}

// admit checks a plan against the server's limits.
func (s *Server) admit(pl *engine.Plan) *experiment.FieldError {
	l := s.limits
	if pl.End > l.Duration {
		return &experiment.FieldError{Path: "duration", Value: human(pl.End),
			Allowed: fmt.Sprintf("at most %s of biological time per run on this server (synlab serve --max-duration): shorten the baseline, the follow-up or the induction", human(l.Duration))}
	}
	if n := pl.Spec.Model.Synapses; n > l.Synapses {
		return &experiment.FieldError{Path: "model.synapses", Value: strconv.Itoa(n),
			Allowed: fmt.Sprintf("at most %d on this server (synlab serve --max-synapses)", l.Synapses)}
	}
	if pl.RecordEvery > 0 && pl.End/pl.RecordEvery > float64(l.Samples) {
		return &experiment.FieldError{Path: "record.every", Value: pl.Spec.Record.Every,
			Allowed: fmt.Sprintf("at most %d samples per run on this server: sample at least every %s for this duration", l.Samples, human(pl.End/float64(l.Samples)))}
	}
	if c := runCost(pl); c > s.runs.cap {
		return &experiment.FieldError{Path: "record.every", Value: pl.Spec.Record.Every,
			Allowed: fmt.Sprintf("this run would hold about %d MB of recorded values, more than the %d MB this server gives the runs (synlab serve --max-memory): sample less often or record fewer variables (record.vars)", c>>20, s.runs.cap>>20)}
	}
	return nil
}

// slug makes a short file-name-safe name from a spec name.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		ok := (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "run"
	}
	return out
}

// checkAnswer is what /api/check returns for a valid spec: the spec as it
// would run and what the schematic draws.
type checkAnswer struct {
	OK        bool      `json:"ok"`
	Name      string    `json:"name"`
	YAML      string    `json:"yaml"`
	Schematic schematic `json:"schematic"`
}

// schematic is the preparation and protocol as the page's drawing of the
// slice shows them (Fig. 8.16A): where the electrodes are and what they
// do, from the compiled event schedule.
type schematic struct {
	Preparation string    `json:"preparation"`
	Induction   string    `json:"induction"` // train, bursts, pairing, poisson or explicit
	Pre         []float64 `json:"pre"`       // the first presynaptic stimuli of the induction [ms from its start]
	Post        []float64 `json:"post"`      // the first postsynaptic spikes of the induction [ms from its start]
	NPre        int       `json:"n_pre"`     // presynaptic stimuli in the induction
	NPost       int       `json:"n_post"`    // postsynaptic spikes in the induction
	Induct      float64   `json:"induction_ms"`
	Baseline    float64   `json:"baseline_ms"`
	End         float64   `json:"end_ms"`
	Test        float64   `json:"test_ms"` // test-pulse interval, 0 = none
	Probe       bool      `json:"probe"`
	Clamp       *float64  `json:"clamp_mv,omitempty"`
	Bath        string    `json:"bath"`
	Drugs       []string  `json:"drugs,omitempty"`
}

// schematicPulses is how many induction events the schematic draws.
const schematicPulses = 40

func schematicOf(pl *engine.Plan) schematic {
	sc := schematic{Preparation: cmp.Or(pl.Spec.Preparation, "ca1"), Baseline: pl.Layout.InductionStart,
		Induct: pl.Layout.InductionEnd - pl.Layout.InductionStart, End: pl.End, Test: pl.Protocol.Test,
		Probe: pl.Spec.Protocol.TestProbe, Clamp: pl.Protocol.Clamp, Pre: []float64{}, Post: []float64{},
		Bath: conc(pl.CaO) + " Ca²⁺, " + conc(pl.MgO) + " Mg²⁺"}
	sc.Induction = pl.Layout.Phases[0].Element
	t0, t1 := pl.Layout.InductionStart, pl.Layout.InductionEnd
	ev := pl.Events()
	for e, ok := ev.Next(); ok && e.T <= t1; e, ok = ev.Next() {
		if e.T < t0 {
			continue
		}
		switch e.Kind {
		case protocol.Pre:
			if sc.NPre++; len(sc.Pre) < schematicPulses {
				sc.Pre = append(sc.Pre, e.T-t0)
			}
		case protocol.Post:
			if sc.NPost++; len(sc.Post) < schematicPulses {
				sc.Post = append(sc.Post, e.T-t0)
			}
		}
	}
	for _, d := range pl.Drugs {
		sc.Drugs = append(sc.Drugs, d.Name+" "+conc(d.Conc))
	}
	return sc
}

// conc writes a concentration [µM] in mM from 1 mM up, in µM below.
func conc(uM float64) string {
	if uM == 0 || uM >= units.Millimolar {
		return strconv.FormatFloat(uM/units.Millimolar, 'g', 4, 64) + " mM"
	}
	return strconv.FormatFloat(uM, 'g', 4, 64) + " µM"
}

// runSource decodes a run request (no curve) and prepares its spec; on
// failure it has written the error and returns false.
func (s *Server) runSource(w http.ResponseWriter, r *http.Request) (source, bool) {
	var req runRequest
	if !decodeBody(w, r, &req) {
		return source{}, false
	}
	if req.Curve != "" || req.Points != nil {
		writeError(w, http.StatusBadRequest, &apiError{Message: "curve and points belong to /api/curves"})
		return source{}, false
	}
	src, e := s.prepare(r.Context(), req)
	if e != nil {
		writeError(w, http.StatusUnprocessableEntity, e)
		return source{}, false
	}
	return src, true
}

func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	src, ok := s.runSource(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, checkAnswer{OK: true, Name: src.name, YAML: string(src.data), Schematic: schematicOf(src.plan)})
}

// work is a job: it computes a record, reporting progress in [0, 1], and
// stops with ctx.Err() when ctx is done.
type work func(ctx context.Context, progress func(frac float64)) (*record, error)

func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	src, ok := s.runSource(w, r)
	if !ok {
		return
	}
	fd := newFeed(src.plan)
	s.stream(w, r, "run "+src.name, runCost(src.plan), fd, func(ctx context.Context, progress func(float64)) (*record, error) {
		res, err := engine.RunWith(ctx, src.plan, engine.Options{Progress: progress, Zoom: lab.ZoomPulses, Live: fd.live})
		if err != nil {
			return nil, err
		}
		rep := lab.RunReport(src.name, res, src.data)
		lab.AddZoom(&rep, res)
		rec := &record{Kind: "run", Name: src.name, Label: runLabel(res, true), Short: runLabel(res, false), Spec: src.data, Result: res, Report: rep, Made: time.Now()}
		// Draw the figures the page shows first while holding the slot.
		for _, f := range []string{"figure.svg", "pulses.svg"} {
			if _, err := rec.figureSVG(f); err != nil {
				return nil, err
			}
		}
		return rec, nil
	})
}

// runLabel names a run in lists and overlays: protocol, tier and set
// (withTier), drugs.
func runLabel(res *engine.Result, withTier bool) string {
	m := res.Plan.Spec.Model
	l := res.Summary.Protocol
	if withTier {
		l += " (" + m.Tier
		if m.Set != "" {
			l += " " + m.Set
		}
		l += ")"
	}
	for _, d := range res.Plan.Drugs {
		l += " + " + d.Name + " " + conc(d.Conc)
	}
	return l
}

func (s *Server) handleCurve(w http.ResponseWriter, r *http.Request) {
	var req runRequest
	if !decodeBody(w, r, &req) {
		return
	}
	var c lab.Curve
	switch req.Curve {
	case "stdp":
		c = lab.STDP()
	case "frequency":
		c = lab.Frequency()
	default:
		writeError(w, http.StatusBadRequest, &apiError{Message: fmt.Sprintf("curve %q: want \"stdp\" or \"frequency\"", req.Curve)})
		return
	}
	src, e := s.prepare(r.Context(), req)
	if e != nil {
		writeError(w, http.StatusUnprocessableEntity, e)
		return
	}
	xs := req.Points
	if xs == nil {
		xs = curvePoints(c.Kind)
	}
	if probe := *src.plan.Spec; len(xs) > 0 && c.Vary(&probe, xs[0]) != nil { // the spec lacks the induction the curve varies
		induction := map[string]string{"stdp": "pairing", "frequency": "train"}[c.Kind]
		writeError(w, http.StatusUnprocessableEntity, errorOf(&experiment.FieldError{Path: "protocol." + induction,
			Allowed: fmt.Sprintf("curve %s needs a spec with a protocol.%s", c.Kind, induction)}))
		return
	}
	if len(xs) < 2 || len(xs) > s.limits.Points {
		writeError(w, http.StatusUnprocessableEntity, &apiError{Message: fmt.Sprintf("points: %d given; a curve needs 2 to %d points on this server", len(xs), s.limits.Points)})
		return
	}
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) || (c.Kind == "frequency" && x <= 0) {
			writeError(w, http.StatusUnprocessableEntity, &apiError{Message: fmt.Sprintf("points[%d] = %g: want a finite number of ms (stdp) or a positive number of Hz (frequency)", i, x)})
			return
		}
	}
	plans, err := c.Plans(src.plan, xs)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, errorOf(err))
		return
	}
	for i, pl := range plans {
		if fe := s.admit(pl); fe != nil {
			e := errorOf(fe)
			e.Message += fmt.Sprintf(" (curve point %d, %s = %g)", i, c.X.Name, xs[i])
			writeError(w, http.StatusUnprocessableEntity, e)
			return
		}
	}
	var cost int64
	for _, pl := range plans {
		cost += runCost(pl)
	}
	if cost > s.runs.cap {
		writeError(w, http.StatusUnprocessableEntity, &apiError{Message: fmt.Sprintf("this curve would hold about %d MB of recorded values, more than the %d MB this server gives the runs (synlab serve --max-memory): use fewer points or a spec that records less (record.every, record.vars)", cost>>20, s.runs.cap>>20)})
		return
	}
	s.stream(w, r, "curve "+c.Kind+" "+src.name, cost, nil, func(ctx context.Context, progress func(float64)) (*record, error) {
		results, err := engine.RunMany(ctx, plans, 1, func(n int) { progress(float64(n) / float64(len(plans))) })
		if err != nil {
			return nil, err
		}
		tab, ys := c.Table(results, xs)
		title := c.Title(results)
		fig := c.Figure(results, tab, ys, c.Caption(src.plan, results, xs))
		text := fmt.Sprintf("%s curve over %d points, base spec %q (%s).", c.Kind, len(xs), src.plan.Spec.Name, results[0].Tier)
		rec := &record{Kind: "curve", Name: "curve-" + c.Kind, Label: c.Kind + " curve: " + src.plan.Spec.Name, Spec: src.data, Made: time.Now(),
			Report: report.Run{Name: "curve-" + c.Kind, Title: title, Text: text, Summary: c.Result(tab, fig.Caption),
				Manifest: lab.NewManifest(results[0], src.data), Series: tab, Figure: fig}}
		if _, err := rec.figureSVG("figure.svg"); err != nil {
			return nil, err
		}
		return rec, nil
	})
}

// sse writes Server-Sent Events.
type sse struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func (e sse) send(event string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(apiError{Message: "encoding the answer: " + err.Error()})
		event = "error"
	}
	fmt.Fprintf(e.w, "event: %s\ndata: %s\n\n", event, b)
	e.rc.Flush()
}

func (e sse) comment(s string) {
	fmt.Fprintf(e.w, ": %s\n\n", s)
	e.rc.Flush()
}

// Stream timing.
const (
	progressEvery  = 100 * time.Millisecond // least time between progress events
	keepAliveEvery = 15 * time.Second       // comment lines that keep idle connections open
)

// queued is the queued event: the job's place in the queue.
type queued struct {
	Position int    `json:"position"`
	Running  int    `json:"running"`
	Message  string `json:"message"`
}

// stream runs a job behind the gate and reports it as Server-Sent Events
// on the request that asked for it:
//
//	queued   {"position", "running", "message"}  while waiting for a slot
//	started  {}
//	live     liveBatch                            the rows recorded since the last one (runs; at most every 100 ms)
//	progress {"frac"}                             at most every 100 ms
//	done     the record (recordInfo)              the result is kept
//	error    {"message", "path", …}               the run failed
//
// The job's context is the request's: when the client goes away (a closed
// tab, the cancel button) the run stops, and nothing is kept. A job holds
// cost bytes of the runs' memory budget while it runs (it waits for them
// after its slot). A full queue
// is answered 503 before the stream starts. fd, if not nil, is the feed of
// the run's recorded rows, sent as live events.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, what string, cost int64, fd *feed, job work) {
	t, err := s.gate.enter()
	if err != nil {
		run, wait := s.gate.load()
		w.Header().Set("Retry-After", "30")
		s.logf("refused %s: %d running, %d waiting", what, run, wait)
		writeError(w, http.StatusServiceUnavailable, &apiError{Message: fmt.Sprintf(
			"the lab is busy: %d runs are running and %d are waiting, the most this server queues (synlab serve --max-runs, --max-queue); try again in a minute", run, wait)})
		return
	}
	defer s.gate.exit(t)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	ev := sse{w, http.NewResponseController(w)}
	alive := time.NewTicker(keepAliveEvery)
	defer alive.Stop()
	ctx := r.Context()

	if !s.waitTurn(ctx, ev, t, alive) {
		return
	}
	n, err := s.runs.acquire(ctx, cost) // the memory of running runs stays within its budget
	if err != nil {
		return
	}
	defer s.runs.release(n)
	ev.send("started", struct{}{})

	jctx, cancel := context.WithTimeout(ctx, s.limits.Wall)
	defer cancel()
	prog := make(chan float64, 1)
	type outcome struct {
		rec *record
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() { // a bug in a run must not take the server down
			if p := recover(); p != nil {
				done <- outcome{nil, fmt.Errorf("internal error in %s: %v", what, p)}
			}
		}()
		rec, err := job(jctx, func(f float64) {
			select {
			case <-prog:
			default:
			}
			prog <- f
		})
		done <- outcome{rec, err}
	}()
	flush := func() {
		if fd == nil {
			return
		}
		if b, ok := fd.take(); ok {
			ev.send("live", b)
		}
	}
	var last time.Time
	for {
		select {
		case f := <-prog:
			if time.Since(last) >= progressEvery {
				flush()
				ev.send("progress", map[string]float64{"frac": f})
				last = time.Now()
			}
		case <-alive.C:
			ev.comment("running")
		case o := <-done: // the job has stopped: only now does it leave the gate
			flush()
			switch {
			case o.err == nil:
				s.store.add(o.rec)
				ev.send("done", s.full(o.rec))
			case ctx.Err() != nil:
				s.logf("%s: cancelled by the client", what)
			case errors.Is(o.err, context.DeadlineExceeded):
				s.logf("%s: stopped after %s", what, s.limits.Wall)
				ev.send("error", &apiError{Message: fmt.Sprintf("stopped after %s: longer than this server allows for one run (synlab serve --max-run-time)", s.limits.Wall)})
			default:
				s.logf("%s: %v", what, o.err)
				ev.send("error", errorOf(o.err))
			}
			return
		}
	}
}

// waitTurn waits for the job's slot, reporting its place in the queue; it
// returns false if the client left first.
func (s *Server) waitTurn(ctx context.Context, ev sse, t *ticket, alive *time.Ticker) bool {
	for {
		select {
		case <-t.ready:
			return true
		case p := <-t.pos:
			ev.send("queued", queued{Position: p, Running: s.limits.Running,
				Message: fmt.Sprintf("queued as number %d: the lab runs %d at once, and this run starts when a slot frees", p, s.limits.Running)})
		case <-alive.C:
			ev.comment("waiting")
		case <-ctx.Done():
			return false
		}
	}
}
