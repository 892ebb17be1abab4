package calibrate

import (
	"context"
	"fmt"
	"math"

	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/fit"
	"github.com/synlab/synlab/sweep"
	"gonum.org/v1/gonum/mat"
)

// Case is a published row: its name and its spec with its target.
type Case struct {
	Name string
	Data []byte
}

// Options tune a calibration run.
type Options struct {
	Eval     fit.Evaluator // nil: fit.Local{}
	Progress func(gen int, best float64, x map[string]float64)
	Version  string // written into the set
}

// problem is a calibration with its cases decoded.
type problem struct {
	s     *Spec
	cases map[string]target
}

// target is a case's spec and band.
type target struct {
	data   []byte
	metric string
	lo, hi float64
}

func newTarget(c Case) (target, error) {
	s, err := experiment.Decode(c.Data)
	if err != nil {
		return target{}, fmt.Errorf("calibrate: case %s: %w", c.Name, err)
	}
	t := s.Target
	if t == nil {
		return target{}, fmt.Errorf("calibrate: case %s has no target", c.Name)
	}
	tg := target{data: c.Data, metric: t.Metric, lo: t.Value - t.Tol, hi: t.Value + t.Tol}
	if t.Lo != nil || t.Hi != nil {
		tg.lo, tg.hi = math.Inf(-1), math.Inf(1)
		if t.Lo != nil {
			tg.lo = *t.Lo
		}
		if t.Hi != nil {
			tg.hi = *t.Hi
		}
	}
	if math.IsInf(tg.lo, 0) || math.IsInf(tg.hi, 0) {
		return target{}, fmt.Errorf("calibrate: case %s: a one-sided target cannot be trained on (give lo and hi)", c.Name)
	}
	return tg, nil
}

// z is the standardised residual of a measurement: 0 at the band's centre,
// ±1 at its edges.
func (t target) z(m float64) float64 { return (m - 0.5*(t.lo+t.hi)) / (0.5 * (t.hi - t.lo)) }

// column is the sweep table column of the case's metric.
func (t target) column() string {
	if t.metric == "strength_change_pct" {
		return "change_pct"
	}
	return t.metric
}

// measure runs the candidates cands (coordinates in [0, 1]) on case name
// and returns each candidate's metric.
func (p *problem) measure(ctx context.Context, ev fit.Evaluator, batch int, name string, cands [][]float64) ([]float64, error) {
	tg := p.cases[name]
	sp := &sweep.Spec{Name: fmt.Sprintf("%s: %s, batch %d", p.s.Name, name, batch), Seeds: sweep.SeedsBase,
		Samples: &sweep.Samples{N: len(cands), Method: sweep.SampleRandom}}
	vals := make([][]float64, len(cands))
	for i, u := range cands {
		vals[i] = make([]float64, len(u))
		for j, f := range p.s.Free {
			vals[i][j] = f.value(u[j])
		}
	}
	for _, f := range p.s.Free {
		ax := sweep.AxisSpec{Path: f.Path, Unit: f.Unit, Uniform: []float64{f.Lo, f.Hi}}
		if f.Log {
			ax.Uniform, ax.LogUniform = nil, []float64{f.Lo, f.Hi}
		}
		sp.Axes = append(sp.Axes, ax)
	}
	sp.Chunk = 1
	m, err := sweep.New(sp, tg.data, sweep.Options{BaseName: name, Check: 2})
	if err != nil {
		return nil, fmt.Errorf("calibrate: %s: %w", name, err)
	}
	if err := m.SetSamples(vals); err != nil {
		return nil, fmt.Errorf("calibrate: %s: %w", name, err)
	}
	tab, err := ev.Evaluate(ctx, batch, m)
	if err != nil {
		return nil, err
	}
	col, pts := tab.Col(tg.column()), tab.Col("point")
	if col == nil || len(pts) != len(cands) {
		return nil, fmt.Errorf("calibrate: %s: the batch has no %s for every candidate", name, tg.metric)
	}
	out := make([]float64, len(cands))
	for r, pf := range pts {
		out[int(pf)] = col[r]
	}
	return out, nil
}

// residuals runs every candidate on every case of names: res[c][k].
func (p *problem) residuals(ctx context.Context, ev fit.Evaluator, batch int, names []string, cands [][]float64) ([][]float64, [][]float64, error) {
	res := make([][]float64, len(cands))
	meas := make([][]float64, len(cands))
	for c := range cands {
		res[c], meas[c] = make([]float64, len(names)), make([]float64, len(names))
	}
	for k, name := range names {
		ms, err := p.measure(ctx, ev, batch, name, cands)
		if err != nil {
			return nil, nil, err
		}
		for c, m := range ms {
			meas[c][k] = m
			res[c][k] = p.cases[name].z(m)
			if math.IsNaN(m) || math.IsInf(m, 0) {
				res[c][k] = 1e3 // a failed or non-finite run scores badly, not fatally
			}
		}
	}
	return res, meas, nil
}

func chi2(z []float64) float64 {
	var s float64
	for _, v := range z {
		s += v * v
	}
	return s
}

// Run calibrates: CMA-ES on the training cases, the uncertainty at the
// optimum, then every training and held-out case at the fitted constants.
func Run(ctx context.Context, s *Spec, all []Case, opt Options) (*Set, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	byName := map[string]Case{}
	for _, c := range all {
		byName[c.Name] = c
	}
	p := &problem{s: s, cases: map[string]target{}}
	for _, n := range append(append([]string{}, s.Training...), s.Holdout...) {
		c, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("calibrate: no case %s", n)
		}
		tg, err := newTarget(c)
		if err != nil {
			return nil, err
		}
		p.cases[n] = tg
	}
	ev := opt.Eval
	if ev == nil {
		ev = fit.Local{Workers: 1}
	}
	d := len(s.Free)
	lambda := s.Population
	if lambda == 0 {
		lambda = max(8, 4+int(3*math.Log(float64(d))))
	}
	maxGen := s.Generations
	if maxGen == 0 {
		maxGen = 30
	}
	start := make([]float64, d)
	for i := range start {
		start[i] = 0.5
	}
	best, bestF := append([]float64(nil), start...), math.Inf(1)
	gen := 0
	batch := 0
	_, err := fit.CMAES(d, lambda, start, 0.3, s.Seed, func(us [][]float64) ([]float64, bool, error) {
		gen++
		batch++
		cands := make([][]float64, len(us))
		pen := make([]float64, len(us))
		for i, u := range us {
			cands[i] = make([]float64, d)
			for j, v := range u {
				cands[i][j] = min(max(v, 0), 1)
				pen[i] += 100 * (v - cands[i][j]) * (v - cands[i][j])
			}
		}
		res, _, err := p.residuals(ctx, ev, batch, s.Training, cands)
		if err != nil {
			return nil, false, err
		}
		fs := make([]float64, len(us))
		for i := range us {
			fs[i] = chi2(res[i]) + pen[i]
			if fs[i] < bestF {
				bestF, best = fs[i], cands[i]
			}
		}
		if opt.Progress != nil {
			opt.Progress(gen, bestF, s.values(best))
		}
		return fs, gen >= maxGen, ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	set := &Set{Name: s.Name, Version: opt.Version, Values: s.values(best), Units: map[string]string{}, Sigma: map[string]float64{},
		Training: s.Training, Holdout: s.Holdout}
	for _, f := range s.Free {
		set.Units[name(f)] = f.Unit
	}
	sig, err := p.sigma(ctx, ev, batch+1, best)
	if err != nil {
		return nil, err
	}
	for i, f := range s.Free {
		set.Sigma[name(f)] = sig[i]
	}
	if err := p.report(ctx, ev, batch+3, best, set); err != nil {
		return nil, err
	}
	return set, nil
}

// name is the override name of a free constant.
func name(f Free) string { return f.Path[len("model.override."):] }

// values maps coordinates to override name → value.
func (s *Spec) values(u []float64) map[string]float64 {
	out := map[string]float64{}
	for i, f := range s.Free {
		out[name(f)] = f.value(u[i])
	}
	return out
}

// sigma is the Gauss–Newton standard error of each constant at u, in the
// constant's units: central differences of the training residuals in the
// scaled box (step 0.02), cov = s²(JᵀJ)⁻¹ with s² = χ²/(n − p).
func (p *problem) sigma(ctx context.Context, ev fit.Evaluator, batch int, u []float64) ([]float64, error) {
	d, n := len(u), len(p.s.Training)
	const h = 0.02
	var cands [][]float64
	for j := range d {
		for _, sgn := range []float64{1, -1} {
			c := append([]float64(nil), u...)
			c[j] = min(max(c[j]+sgn*h, 0), 1)
			cands = append(cands, c)
		}
	}
	cands = append(cands, u)
	res, _, err := p.residuals(ctx, ev, batch, p.s.Training, cands)
	if err != nil {
		return nil, err
	}
	J := mat.NewDense(n, d, nil)
	for j := range d {
		du := cands[2*j][j] - cands[2*j+1][j]
		for k := range n {
			J.Set(k, j, (res[2*j][k]-res[2*j+1][k])/du)
		}
	}
	out := make([]float64, d)
	for i := range out {
		out[i] = math.NaN()
	}
	if n <= d {
		return out, nil
	}
	var jtj mat.Dense
	jtj.Mul(J.T(), J)
	var cov mat.Dense
	if err := cov.Inverse(&jtj); err != nil {
		return out, nil
	}
	s2 := chi2(res[len(cands)-1]) / float64(n-d)
	for i, f := range p.s.Free {
		su := math.Sqrt(s2 * cov.At(i, i)) // in the scaled box
		v := f.value(u[i])
		if f.Log {
			out[i] = v * su * (math.Log(f.Hi) - math.Log(f.Lo))
		} else {
			out[i] = su * (f.Hi - f.Lo)
		}
	}
	return out, nil
}

// report runs every training and held-out case at u and records the rows.
func (p *problem) report(ctx context.Context, ev fit.Evaluator, batch int, u []float64, set *Set) error {
	for _, grp := range []struct {
		names []string
		role  string
	}{{p.s.Training, "fitted"}, {p.s.Holdout, "predicted"}} {
		if len(grp.names) == 0 {
			continue
		}
		res, meas, err := p.residuals(ctx, ev, batch, grp.names, [][]float64{u})
		if err != nil {
			return err
		}
		for k, n := range grp.names {
			tg := p.cases[n]
			set.Rows = append(set.Rows, Row{Case: n, Role: grp.role, Metric: tg.metric, Measured: meas[0][k], Lo: tg.lo, Hi: tg.hi,
				Pass: meas[0][k] >= tg.lo && meas[0][k] <= tg.hi})
		}
		if grp.role == "fitted" {
			set.Chi2 = chi2(res[0])
		}
	}
	return nil
}
