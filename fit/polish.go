package fit

// The local refinement after the search: the model linearised by finite
// differences, a Levenberg–Marquardt polish, and the uncertainty of the
// optimum from the final Jacobian.

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// local is the model linearised at x: χ², the model at the data points
// and the Jacobian of the weighted residuals (model − y)/σ.
type local struct {
	x     []float64
	chi2  float64
	model []float64
	J     *mat.Dense // n × p
}

// weights are 1/σ per data point (1 without error bars).
func (p *Problem) weights() []float64 {
	w := make([]float64, len(p.Data.X))
	for k := range w {
		w[k] = 1
		if p.Data.Err != nil {
			w[k] = 1 / p.Data.Err[k]
		}
	}
	return w
}

// linearise evaluates x and x ± step·range along each parameter (one
// side at a bound) in one batch.
func (p *Problem) linearise(ctx context.Context, ev Evaluator, batch int, x []float64, step float64, chunks int) (*local, error) {
	cands := [][]float64{x}
	for i, f := range p.Free {
		h := step * (f.Hi - f.Lo)
		up, down := slices.Clone(x), slices.Clone(x)
		up[i] = min(x[i]+h, f.Hi)
		down[i] = max(x[i]-h, f.Lo)
		cands = append(cands, up, down)
	}
	fs, models, err := p.evaluate(ctx, ev, batch, cands, chunks)
	if err != nil {
		return nil, err
	}
	w := p.weights()
	l := &local{x: x, chi2: fs[0], model: models[0], J: mat.NewDense(len(w), len(p.Free), nil)}
	for i := range p.Free {
		dx := cands[1+2*i][i] - cands[2+2*i][i]
		for k := range w {
			l.J.Set(k, i, (models[1+2*i][k]-models[2+2*i][k])*w[k]/dx)
		}
	}
	return l, nil
}

// DefaultPolish is the default of Options.Polish.
const DefaultPolish = 8

// polishTolX: a step shorter than this fraction of every range ends the polish.
const polishTolX = 1e-6

// polish refines the best candidate by Levenberg–Marquardt: from the
// Jacobian at x, the step δ solving (JᵀJ + μ·diag JᵀJ)·δ = −Jᵀr is tried
// (one batch); an improvement is kept (and linearised, one more batch)
// and μ shrinks, a failure grows μ. It returns the final linearisation.
func (p *Problem) polish(ctx context.Context, ev Evaluator, r *Result, x []float64, f float64, batch int, opt Options) (*local, error) {
	step := cmpOrF(opt.Step, 0.01)
	cur, err := p.linearise(ctx, ev, batch, x, step, opt.Chunks)
	if err != nil {
		return nil, err
	}
	batch++
	w := p.weights()
	from, accepted, mu := cur.chi2, 0, 1e-3
	for range max(0, cmpOr(opt.Polish, DefaultPolish)) {
		res := mat.NewVecDense(len(w), nil)
		for k := range w {
			res.SetVec(k, (cur.model[k]-p.Data.Y[k])*w[k])
		}
		var A mat.Dense
		A.Mul(cur.J.T(), cur.J)
		var g mat.VecDense
		g.MulVec(cur.J.T(), res)
		for i := range p.Free {
			A.Set(i, i, A.At(i, i)*(1+mu)+1e-12)
		}
		var delta mat.VecDense
		if err := delta.SolveVec(&A, &g); err != nil {
			break
		}
		trial := slices.Clone(cur.x)
		moved := 0.0
		for i, q := range p.Free {
			trial[i] = min(max(cur.x[i]-delta.AtVec(i), q.Lo), q.Hi)
			moved = max(moved, math.Abs(trial[i]-cur.x[i])/(q.Hi-q.Lo))
		}
		if moved < polishTolX {
			break
		}
		fs, _, err := p.evaluate(ctx, ev, batch, [][]float64{trial}, 1)
		batch++
		if err != nil {
			return nil, err
		}
		if fs[0] >= cur.chi2 {
			if mu *= 10; mu > 1e6 {
				break
			}
			continue
		}
		next, err := p.linearise(ctx, ev, batch, trial, step, opt.Chunks)
		batch++
		if err != nil {
			return nil, err
		}
		cur, accepted, mu = next, accepted+1, max(mu/10, 1e-9)
	}
	r.Polish = fmt.Sprintf("Levenberg–Marquardt polish from the best CMA-ES candidate: %d accepted step(s), χ² %.6g → %.6g", accepted, from, cur.chi2)
	if f < cur.chi2 { // cannot happen (the polish starts at the best); kept as a guard
		r.Polish += fmt.Sprintf(" (the search's best was %.6g)", f)
	}
	return cur, nil
}

// finish fills the result from the final linearisation: the optimum, the
// model and residuals, χ², and the Gauss–Newton covariance.
func (p *Problem) finish(r *Result, l *local, step float64) {
	d := len(p.Free)
	r.Best, r.Chi2, r.Model = l.x, l.chi2, l.model
	if r.DoF > 0 {
		r.RedChi2 = r.Chi2 / float64(r.DoF)
	} else {
		r.RedChi2 = math.NaN()
	}
	r.X, r.Y, r.Err = p.Data.X, p.Data.Y, p.Data.Err
	r.Residual = make([]float64, r.N)
	for k := range r.Residual {
		r.Residual[k] = r.Model[k] - r.Y[k]
	}
	var jtj mat.SymDense
	jtj.SymOuterK(1, l.J.T())
	scale := 1.0
	how := "Gauss–Newton at the optimum: cov = (JᵀJ)⁻¹"
	if p.Data.Err == nil {
		if r.DoF > 0 {
			scale = r.Chi2 / float64(r.DoF)
		} else {
			scale = math.NaN()
		}
		how += " × χ²/(n − p) (no error bars: the scatter of the residuals estimates the noise)"
	} else {
		how += " (from the error bars)"
	}
	how += fmt.Sprintf(", J the Jacobian of the weighted residuals by central differences with steps of %g of each range; the final CMA-ES covariance is not used", step)
	r.Sigma = make([]float64, d)
	r.Corr = make([][]float64, d)
	for i := range r.Corr {
		r.Corr[i] = make([]float64, d)
	}
	var chol mat.Cholesky
	if !chol.Factorize(&jtj) || r.DoF <= 0 {
		for i := range r.Sigma {
			r.Sigma[i] = math.NaN()
			for j := range r.Corr[i] {
				r.Corr[i][j] = math.NaN()
			}
		}
		r.Uncertainty = how + ". Not available here: the data do not determine every parameter (JᵀJ is singular) or there are no more data points than parameters."
		return
	}
	var cov mat.SymDense
	if err := chol.InverseTo(&cov); err != nil {
		for i := range r.Sigma {
			r.Sigma[i] = math.NaN()
		}
		r.Uncertainty = how + ". Not available here: " + err.Error()
		return
	}
	for i := range d {
		r.Sigma[i] = math.Sqrt(scale * cov.At(i, i))
		for j := range d {
			r.Corr[i][j] = cov.At(i, j) / math.Sqrt(cov.At(i, i)*cov.At(j, j))
		}
	}
	r.Uncertainty = how + "."
}
