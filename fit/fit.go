package fit

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/sweep"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// Problem is what to fit: the free parameters of a base experiment to
// data.
type Problem struct {
	Base     []byte // the experiment (YAML) whose parameters are fitted; every run keeps its seed
	BaseName string // its preset or file name, for manifests
	Free     []Param
	Data     *Data
}

// Options tune the search. The zero value is usable.
type Options struct {
	Population int       // candidates per generation; 0 means max(8, 4 + ⌊3 ln p⌋) for p free parameters
	MaxGen     int       // most generations; 0 means DefaultMaxGen
	Sigma0     float64   // initial spread, as a fraction of each range; 0 means 0.3
	TolX       float64   // stop when no parameter of a generation spans more than TolX of its range; 0 means 1e-3
	TolFun     float64   // stop when the best χ² improved by less than TolFun (relative) in Patience generations; 0 means 1e-6
	Patience   int       // 0 means 10
	Start      []float64 // first mean, in parameter units; nil means the centres of the ranges
	Step       float64   // finite-difference step of the Jacobian, as a fraction of each range; 0 means 0.01
	Seed       uint64    // seed of the CMA-ES sampling
	Chunks     int       // chunks (Slurm array tasks) per batch; 0 means one per candidate
	Polish     int       // Levenberg–Marquardt trial steps after the search; 0 means DefaultPolish, < 0 none
	Eval       Evaluator // nil means Local{}
	// Progress, if not nil, is called after every generation.
	Progress func(g Generation)
}

// DefaultMaxGen is the default of Options.MaxGen.
const DefaultMaxGen = 60

// Evaluator runs a batch: a sweep whose points are candidate parameters
// (sampled axes) crossed with the data's x (grid axis), and returns its
// results table (sweep.Collect's layout). batch numbers the calls from 1.
type Evaluator interface {
	Evaluate(ctx context.Context, batch int, m *sweep.Manifest) (*trace.Table, error)
}

// Local evaluates batches on this machine's cores.
type Local struct {
	Workers int // < 1 means 1
}

// Evaluate runs every point of m in memory.
func (l Local) Evaluate(ctx context.Context, _ int, m *sweep.Manifest) (*trace.Table, error) {
	return sweep.Local{Workers: l.Workers}.Evaluate(ctx, m)
}

// Generation is the state of the search after one generation.
type Generation struct {
	N           int       `json:"generation"`
	Evaluations int       `json:"evaluations"` // candidates evaluated so far
	Best        float64   `json:"best_chi2"`   // best χ² so far
	BestX       []float64 `json:"best"`        // its parameters
	Median      float64   `json:"median_chi2"` // median χ² of this generation
	Spread      float64   `json:"spread"`      // largest span of a parameter in this generation, as a fraction of its range
}

// Result is a finished fit. Sigma, Corr and RedChi2 may hold NaN (not
// identifiable, no degrees of freedom), which encoding/json refuses:
// synlab fit writes them as null.
type Result struct {
	Params []Param     `json:"params"`
	Best   []float64   `json:"best"`  // fitted values, in each parameter's unit
	Sigma  []float64   `json:"sigma"` // 1σ uncertainties (NaN if not identifiable)
	Corr   [][]float64 `json:"correlation"`
	// Uncertainty says how Sigma was obtained.
	Uncertainty string  `json:"uncertainty"`
	Chi2        float64 `json:"chi2"`
	N           int     `json:"n"`   // data points
	DoF         int     `json:"dof"` // N − free parameters
	RedChi2     float64 `json:"reduced_chi2"`
	Generations int     `json:"generations"`
	Evaluations int     `json:"evaluations"` // candidates, each one run per data x
	Stop        string  `json:"stop"`        // why the search stopped
	Polish      string  `json:"polish"`      // what the local refinement did
	// The data and the fitted model at the data points (% of baseline).
	Kind                       Kind         `json:"-"`
	XPath, XUnit               string       `json:"-"` // a curve's x
	X, Y, Err, Model, Residual []float64    `json:"-"`
	Sets                       []string     `json:"sets"` // path=value of the fitted parameters
	Spec                       []byte       `json:"-"`    // the base spec with Sets applied: synlab run accepts it
	History                    []Generation `json:"history"`
}

// check validates the problem once, before any search: the data against
// the base, each parameter's bounds.
func (p *Problem) check() error {
	if len(p.Free) == 0 {
		return fmt.Errorf("fit: no free parameters")
	}
	if p.Data == nil || len(p.Data.X) == 0 {
		return fmt.Errorf("fit: no data")
	}
	pl, err := catalog.Load(p.Base)
	if err != nil {
		return fmt.Errorf("fit: base %s: %w", p.BaseName, err)
	}
	if p.Data.Kind == TimeCourse {
		end := pl.End / units.Minute
		for _, t := range p.Data.X {
			if t > end {
				return fmt.Errorf("fit: data at t = %g min is after the end of the run (%g min): lengthen protocol.follow or the duration", t, end)
			}
		}
	}
	for _, f := range p.Free {
		if p.Data.Kind == Curve && f.Path == p.Data.XPath {
			return fmt.Errorf("fit: %s is the data's x; it cannot also be free", f.Path)
		}
		for _, v := range []float64{f.Lo, f.Hi} {
			set := f.Path + "=" + f.format(v)
			data, err := experiment.ApplySets(p.Base, []string{set})
			if err == nil {
				_, err = catalog.Load(data)
			}
			if err != nil {
				hint := ""
				if f.Unit == "" && strings.Contains(err.Error(), "has no unit") {
					hint = " (give the bounds a unit, e.g. 0.3:0.4uM)"
				}
				return fmt.Errorf("fit: --free %s: bound %s: %w%s", f.Path, f.format(v), err, hint)
			}
		}
	}
	return nil
}

// manifest builds the batch of candidates cands (parameter units): a sweep
// over the data's x (a curve) and the candidates, every run with the base
// seed.
func (p *Problem) manifest(batch int, cands [][]float64, chunks int) (*sweep.Manifest, error) {
	s := &sweep.Spec{Name: fmt.Sprintf("fit of %s, batch %d", p.BaseName, batch), Seeds: sweep.SeedsBase,
		Samples: &sweep.Samples{N: len(cands), Method: sweep.SampleRandom}}
	npts := len(cands)
	if p.Data.Kind == Curve {
		lv, _ := levels(p.Data.X)
		vals := make([]any, len(lv))
		for i, v := range lv {
			vals[i] = v
		}
		s.Axes = append(s.Axes, sweep.AxisSpec{Path: p.Data.XPath, Unit: p.Data.XUnit, Values: vals})
		npts *= len(lv)
	} else {
		lv, _ := levels(p.Data.X)
		for _, t := range lv {
			s.ReadAt = append(s.ReadAt, strconv.FormatFloat(t, 'g', -1, 64)+" min")
		}
	}
	for _, f := range p.Free {
		s.Axes = append(s.Axes, sweep.AxisSpec{Path: f.Path, Unit: f.Unit, Uniform: []float64{f.Lo, f.Hi}})
	}
	if chunks < 1 {
		chunks = len(cands)
	}
	s.Chunk = max(1, (npts+chunks-1)/chunks)
	m, err := sweep.New(s, p.Base, sweep.Options{BaseName: p.BaseName, Check: 2})
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	if err := m.SetSamples(cands); err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	return m, nil
}

// models reads the model at every data point for every candidate from a
// batch's table: out[c][k] is candidate c at data row k.
func (p *Problem) models(m *sweep.Manifest, t *trace.Table, ncand int) ([][]float64, error) {
	if t.Len() != m.Points {
		return nil, fmt.Errorf("fit: batch has %d of %d results", t.Len(), m.Points)
	}
	lv, at := levels(p.Data.X)
	out := make([][]float64, ncand)
	for c := range out {
		out[c] = make([]float64, len(p.Data.X))
	}
	pts := t.Col("point")
	var cols [][]float64
	if p.Data.Kind == Curve {
		cols = [][]float64{t.Col("change_pct")}
	} else {
		for _, ms := range m.ReadAt {
			cols = append(cols, t.Col(sweep.ReadAtColumn(ms)))
		}
	}
	for r, pf := range pts {
		i := int(pf)
		c, g := i%ncand, i/ncand // grid (the data's x) outside, candidates inside
		for k := range p.Data.X {
			var v float64
			switch p.Data.Kind {
			case Curve:
				if at[k] != g {
					continue
				}
				v = cols[0][r]
			default:
				v = cols[at[k]][r]
			}
			if math.IsNaN(v) && p.Data.Kind == TimeCourse {
				return nil, fmt.Errorf("fit: the model has no strength sample around t = %g min (data row %d): the run samples at its test pulses and every record.every; set record.every (e.g. --set record.every=10s) or check the data times", lv[at[k]], k+1)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				pt := m.Point(i)
				return nil, fmt.Errorf("fit: the model gives %g at data row %d (x = %g) for %s", v, k+1, lv[at[k]], strings.Join(pt.Sets, " "))
			}
			out[c][k] = v
		}
	}
	return out, nil
}

// chi2 is Σ ((model − y)/σ)².
func (p *Problem) chi2(model []float64) float64 {
	var s float64
	for k, y := range p.Data.Y {
		r := model[k] - y
		if p.Data.Err != nil {
			r /= p.Data.Err[k]
		}
		s += r * r
	}
	return s
}

// evaluate runs a batch of candidates and returns their χ² and models.
func (p *Problem) evaluate(ctx context.Context, ev Evaluator, batch int, cands [][]float64, chunks int) ([]float64, [][]float64, error) {
	m, err := p.manifest(batch, cands, chunks)
	if err != nil {
		return nil, nil, err
	}
	t, err := ev.Evaluate(ctx, batch, m)
	if err != nil {
		return nil, nil, err
	}
	models, err := p.models(m, t, len(cands))
	if err != nil {
		return nil, nil, err
	}
	fs := make([]float64, len(cands))
	for c := range cands {
		fs[c] = p.chi2(models[c])
	}
	return fs, models, nil
}

// clampBox maps CMA-ES coordinates (the box scaled to [0, 1]) into the
// box and returns the squared distance moved, for the penalty.
func clampBox(u []float64) (c []float64, d2 float64) {
	c = make([]float64, len(u))
	for i, v := range u {
		c[i] = min(max(v, 0), 1)
		d2 += (v - c[i]) * (v - c[i])
	}
	return c, d2
}

// toParams maps coordinates in [0, 1] to parameter values.
func (p *Problem) toParams(c []float64) []float64 {
	x := make([]float64, len(c))
	for i, f := range p.Free {
		x[i] = min(max(f.Lo+(f.Hi-f.Lo)*c[i], f.Lo), f.Hi)
	}
	return x
}

// penaltyScale sets the boundary penalty: a candidate outside the box is
// run at the nearest point of the box and scores χ² + P·d², d its distance
// from the box in units of the ranges, with P = penaltyScale·(1 + the
// median χ² of the first generation). Unlike folding the coordinates back
// into the box, this keeps a single optimum for CMA-ES.
const penaltyScale = 100

// Run fits the problem: CMA-ES generations evaluated as batches by
// opt.Eval until MaxGen, TolX, TolFun or CMA-ES's own convergence; then a
// Levenberg–Marquardt polish from the best candidate (gonum's CmaEsChol
// closes in slowly), whose last Jacobian gives the uncertainty.
func Run(ctx context.Context, p *Problem, opt Options) (*Result, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	d := len(p.Free)
	ev := opt.Eval
	if ev == nil {
		ev = Local{}
	}
	lambda := opt.Population
	if lambda == 0 {
		lambda = max(8, 4+int(3*math.Log(float64(d))))
	}
	if lambda < 2 {
		return nil, fmt.Errorf("fit: population %d: need at least 2", lambda)
	}
	sigma0 := cmpOrF(opt.Sigma0, 0.3)
	start, err := p.start(opt.Start)
	if err != nil {
		return nil, err
	}
	r := &Result{Params: p.Free, Kind: p.Data.Kind, XPath: p.Data.XPath, XUnit: p.Data.XUnit, N: len(p.Data.X)}
	s := &search{ctx: ctx, p: p, ev: ev, opt: opt, r: r,
		maxGen:   cmpOr(opt.MaxGen, DefaultMaxGen),
		tolX:     cmpOrF(opt.TolX, 1e-3),
		tolFun:   cmpOrF(opt.TolFun, 1e-6),
		patience: cmpOr(opt.Patience, 10),
		bestF:    math.Inf(1), penalty: math.NaN()}
	converged, err := cmaes(d, lambda, start, sigma0, opt.Seed, s.generation)
	if err != nil {
		return nil, err
	}
	if converged && r.Stop == "" {
		r.Stop = "CMA-ES converged (its sampling distribution collapsed)"
	}
	gen := s.gen
	r.Generations = gen
	r.Evaluations = gen * lambda
	r.DoF = r.N - d
	cur, err := p.polish(ctx, ev, r, s.bestX, s.bestF, gen+1, opt)
	if err != nil {
		return nil, err
	}
	p.finish(r, cur, cmpOrF(opt.Step, 0.01))
	for i, f := range p.Free {
		r.Sets = append(r.Sets, f.Path+"="+f.format(r.Best[i]))
	}
	spec, err := experiment.ApplySets(p.Base, r.Sets)
	if err != nil {
		return nil, fmt.Errorf("fit: applying the fitted values: %w", err)
	}
	r.Spec = spec
	return r, nil
}

// start returns the first CMA-ES mean in search coordinates (the box scaled
// to [0, 1]): the centre of the box, or x (Options.Start, in parameter
// units) if it is not nil.
func (p *Problem) start(x []float64) ([]float64, error) {
	d := len(p.Free)
	start := make([]float64, d)
	for i, f := range p.Free {
		start[i] = 0.5
		if x != nil {
			if len(x) != d || x[i] < f.Lo || x[i] > f.Hi {
				return nil, fmt.Errorf("fit: start %v: need one value per free parameter inside its bounds", x)
			}
			start[i] = (x[i] - f.Lo) / (f.Hi - f.Lo)
		}
	}
	return start, nil
}

// search is the state of Run's CMA-ES stage: the problem and its
// settings, the result whose History and Stop it fills, the best
// candidate so far, the generations done and the boundary penalty (NaN
// until the first generation sets it; see penaltyScale).
type search struct {
	ctx              context.Context
	p                *Problem
	ev               Evaluator
	opt              Options
	r                *Result
	maxGen, patience int
	tolX, tolFun     float64

	bestF   float64   // best χ² so far
	bestX   []float64 // its parameters
	gen     int       // generations done
	penalty float64
}

// generation runs one generation for cmaes: candidates in search
// coordinates → scores (χ² plus the boundary penalty) and whether to stop.
func (s *search) generation(us [][]float64) ([]float64, bool, error) {
	p, r := s.p, s.r
	d := len(p.Free)
	s.gen++
	gen := s.gen
	cands := make([][]float64, len(us))
	d2 := make([]float64, len(us))
	lo, hi := make([]float64, d), make([]float64, d)
	for i := range lo {
		lo[i], hi[i] = math.Inf(1), math.Inf(-1)
	}
	for i, u := range us {
		var c []float64
		c, d2[i] = clampBox(u)
		cands[i] = p.toParams(c)
		for j := range c {
			lo[j], hi[j] = min(lo[j], c[j]), max(hi[j], c[j])
		}
	}
	fs, _, err := p.evaluate(s.ctx, s.ev, gen, cands, s.opt.Chunks)
	if err != nil {
		return nil, true, err
	}
	if math.IsNaN(s.penalty) {
		s.penalty = penaltyScale * (1 + median(fs))
	}
	scores := make([]float64, len(fs))
	for i := range cands {
		if fs[i] < s.bestF {
			s.bestF, s.bestX = fs[i], cands[i]
		}
		scores[i] = fs[i] + s.penalty*d2[i]
	}
	g := Generation{N: gen, Evaluations: gen * len(us), Best: s.bestF, BestX: s.bestX, Median: median(fs)}
	for j := range lo {
		g.Spread = max(g.Spread, hi[j]-lo[j])
	}
	r.History = append(r.History, g)
	if s.opt.Progress != nil {
		s.opt.Progress(g)
	}
	switch {
	case gen >= s.maxGen:
		r.Stop = fmt.Sprintf("reached the maximum of %d generations", s.maxGen)
	case g.Spread < s.tolX:
		r.Stop = fmt.Sprintf("converged: every parameter spans less than %g of its range in a generation", s.tolX)
	case gen > s.patience && improvement(r.History, s.patience) < s.tolFun:
		r.Stop = fmt.Sprintf("converged: the best χ² improved by less than %g (relative) in %d generations", s.tolFun, s.patience)
	}
	return scores, r.Stop != "", nil
}

// improvement is the relative decrease of the best χ² over the last k
// generations.
func improvement(h []Generation, k int) float64 {
	now, then := h[len(h)-1].Best, h[len(h)-1-k].Best
	if then == 0 {
		return 0
	}
	return (then - now) / math.Abs(then)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

func cmpOrF(a, b float64) float64 {
	if a != 0 {
		return a
	}
	return b
}
