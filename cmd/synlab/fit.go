package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/fit"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/sweep"
	"github.com/synlab/synlab/trace"
)

// fitFlags are the flags of synlab fit.
type fitFlags struct {
	dataFile, free, out, executor, synlab, work   string
	sets                                          []string
	seed                                          int64
	population, maxGen, workers, throttle, polish int
	cmaSeed                                       uint64
	force, quiet                                  bool
}

// fitCmd is `synlab fit`: fit free parameters of an experiment to data.
func fitCmd() *cobra.Command {
	var f fitFlags
	c := &cobra.Command{
		Use:   "fit PRESET|SPEC.yaml --data FILE.csv --free path=lo:hi[,path=lo:hi…] [-- SBATCH OPTIONS]",
		Short: "Fit chosen parameters of an experiment to your data (CMA-ES), with uncertainties and the fitted spec",
		Long: `Fit the free parameters of an experiment to data with CMA-ES (gonum CmaEsChol). The data file is
CSV with a header:
  t_min,strength_pct[,err_pct]       a time course: strength in % of baseline against minutes from
                                     the start of the run (as synlab's tests.csv)
  PATH_UNIT,change_pct[,err_pct]     points of a curve, one run per x: e.g. protocol.train.rate_Hz
                                     (a frequency-response) or protocol.pairing.dt_ms (an STDP curve)
err_pct are error bars (one standard error); without them every point weighs the same.
Each generation is one batch: on the local cores, or (--executor slurm) one Slurm job array, with the
sbatch options after --. Every run keeps the spec's seed, so the objective is deterministic.

Writes into the output folder (default runs/fit-NAME): fitted.yaml (the spec with the fitted values:
synlab run accepts it), fit.json (values, 1σ uncertainties, correlations, χ², history), fit.csv
(data, model, residuals), history.csv, fit.svg and fit.png (data against the fitted model).
The uncertainty is the Gauss-Newton approximation at the optimum, (JᵀJ)⁻¹ with J by central
differences (scaled by χ²/(n−p) without error bars).`,
		Example: `  synlab fit frequency --data dudek-bear.csv --free model.override.alpha1=0.3:0.4uM,model.override.alpha2=0.5:0.6uM
  synlab fit my-lfs.yaml --data slice3.csv --free model.override.p1=50:200 --set record.every=10s
  synlab fit frequency --data frf.csv --free bath.ca=1:3mM --executor slurm -- --partition=short --time=00:30:00`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFit(cmd, args, &f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.dataFile, "data", "", "the data: CSV, t_min,strength_pct[,err_pct] or PATH_UNIT,change_pct[,err_pct]")
	fl.StringVar(&f.free, "free", "", "free parameters: path=lo:hi with optional units, comma-separated, e.g. model.override.alpha1=0.3:0.4uM")
	fl.StringArrayVar(&f.sets, "set", nil, "a fixed change to the spec before fitting: path=value (repeatable)")
	fl.Int64Var(&f.seed, "seed", -1, "the spec's random seed (every run uses it)")
	fl.IntVar(&f.population, "population", 0, "candidates per generation (default max(8, 4+3 ln p))")
	fl.IntVar(&f.maxGen, "max-gen", 0, fmt.Sprintf("most generations (default %d)", fit.DefaultMaxGen))
	fl.Uint64Var(&f.cmaSeed, "cma-seed", 1, "seed of the CMA-ES sampling")
	fl.IntVar(&f.polish, "polish", 0, fmt.Sprintf("Levenberg–Marquardt steps after the search (default %d; -1: none)", fit.DefaultPolish))
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "local: runs at once")
	fl.StringVar(&f.out, "out", "", "output folder (default runs/fit-NAME, numbered if it exists)")
	fl.BoolVar(&f.force, "force", false, "replace the output folder if it exists")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress output")
	fl.StringVar(&f.executor, "executor", "local", "local (this machine's cores) or slurm (one job array per generation)")
	fl.IntVar(&f.throttle, "throttle", 0, "Slurm: at most this many array tasks at once")
	fl.StringVar(&f.synlab, "synlab", "", "Slurm: the synlab binary the tasks run (default: this one)")
	fl.StringVar(&f.work, "work", "", "Slurm: folder for the batches, on a shared file system (default OUT.batches)")
	return c
}

// runFit runs synlab fit on args (the experiment, then the sbatch options
// after --): it loads the experiment and the data, fits, writes the output
// folder and prints the fitted values.
func runFit(cmd *cobra.Command, args []string, f *fitFlags) error {
	dash := cmd.ArgsLenAtDash()
	if (dash < 0 && len(args) != 1) || dash > 1 {
		return fmt.Errorf("fit takes one experiment; sbatch options go after --")
	}
	opts := args[1:]
	if f.dataFile == "" || f.free == "" {
		return fmt.Errorf("fit needs --data FILE.csv and --free path=lo:hi[,…]")
	}
	src, err := loadSource(args[0])
	if err != nil {
		return err
	}
	_, base, err := src.plan(f.sets, f.seed)
	if err != nil {
		return err
	}
	params, err := fit.ParseFree(f.free)
	if err != nil {
		return err
	}
	file, err := os.Open(f.dataFile)
	if err != nil {
		return err
	}
	data, err := fit.ReadData(file)
	file.Close()
	if err != nil {
		return fmt.Errorf("--data %s: %w", f.dataFile, err)
	}
	dir := outDir(f.out, "fit-"+src.name)
	if err := checkOut(f.out, f.force); err != nil {
		return err
	}
	o := fit.Options{Population: f.population, MaxGen: f.maxGen, Seed: f.cmaSeed, Polish: f.polish}
	if o.Eval, err = f.evaluator(dir, opts); err != nil {
		return err
	}
	start := time.Now()
	if !f.quiet {
		o.Progress = func(g fit.Generation) {
			fmt.Fprintf(os.Stderr, "synlab: fit %s: generation %d, %d candidates, best χ² %.4g, median %.4g, spread %.2g (%s)\n",
				src.name, g.N, g.Evaluations, g.Best, g.Median, g.Spread, time.Since(start).Round(time.Second))
		}
	}
	p := &fit.Problem{Base: base, BaseName: src.name, Free: params, Data: data}
	r, err := fit.Run(cmd.Context(), p, o)
	if err != nil {
		return err
	}
	tidyOut(dir)
	if err := writeFit(dir, f.force, src.name, f.dataFile, r); err != nil {
		return err
	}
	printFit(dir, src.name, f.dataFile, data.Kind, r)
	return nil
}

// evaluator returns the batch evaluator of --executor: this machine's
// cores, or one Slurm job array per batch (in --work, default DIR.batches)
// with the sbatch options opts.
func (f *fitFlags) evaluator(dir string, opts []string) (fit.Evaluator, error) {
	var err error
	switch f.executor {
	case "local":
		if len(opts) > 0 {
			return nil, fmt.Errorf("--executor local takes no sbatch options (got %q)", opts)
		}
		return fit.Local{Workers: f.workers}, nil
	case "slurm":
		if f.synlab == "" {
			if f.synlab, err = selfPath(); err != nil {
				return nil, err
			}
		}
		if f.synlab, err = filepath.Abs(f.synlab); err != nil {
			return nil, err
		}
		if f.work == "" {
			f.work = dir + ".batches"
		}
		if f.work, err = filepath.Abs(f.work); err != nil {
			return nil, err
		}
		return fit.Slurm{Dir: f.work, S: sweep.Slurm{Synlab: f.synlab, Throttle: f.throttle, Options: opts}}, nil
	default:
		return nil, fmt.Errorf("--executor %q: local or slurm", f.executor)
	}
}

// printFit prints the fitted values of the fit r of name to the data in
// dataFile (of the given kind), and where the output folder dir is.
func printFit(dir, name, dataFile string, kind fit.Kind, r *fit.Result) {
	fmt.Printf("Fitted %d parameter(s) of %s to %d point(s) of %s (%s); %s after %d generation(s), %d candidates.\n",
		len(r.Params), name, r.N, dataFile, kind, r.Stop, r.Generations, r.Evaluations)
	for i, q := range r.Params {
		fmt.Printf("  %-32s = %-24s  in [%g, %g]\n", q.Path, fit.FormatPM(r.Best[i], r.Sigma[i], q.Unit), q.Lo, q.Hi)
	}
	fmt.Printf("  χ² = %.4g, %d degrees of freedom, reduced χ² = %.3g; %s\n", r.Chi2, r.DoF, r.RedChi2, r.Polish)
	fmt.Printf("Wrote %s/ (fitted.yaml, fit.json, fit.csv, history.csv, fit.svg, fit.png). Run the fitted spec: synlab run %s\n",
		dir, filepath.Join(dir, "fitted.yaml"))
}

// num is a float for JSON: NaN and ±Inf become null.
func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func nums(v []float64) []*float64 {
	out := make([]*float64, len(v))
	for i, x := range v {
		out[i] = num(x)
	}
	return out
}

// fitManifest is fit.json.
type fitManifest struct {
	Synlab      string        `json:"synlab"`
	Go          string        `json:"go"`
	Base        string        `json:"base"`
	Data        string        `json:"data"`
	Kind        string        `json:"kind"`
	Params      []fit.Param   `json:"params"`
	Best        []*float64    `json:"best"`
	Sigma       []*float64    `json:"sigma"`
	Correlation [][]*float64  `json:"correlation"`
	Uncertainty string        `json:"uncertainty"`
	Chi2        *float64      `json:"chi2"`
	N           int           `json:"n"`
	DoF         int           `json:"dof"`
	RedChi2     *float64      `json:"reduced_chi2"`
	Generations int           `json:"generations"`
	Evaluations int           `json:"evaluations"`
	Stop        string        `json:"stop"`
	Polish      string        `json:"polish"`
	Sets        []string      `json:"sets"`
	Search      string        `json:"search"`
	History     []historyJSON `json:"history"`
}

type historyJSON struct {
	N           int        `json:"generation"`
	Evaluations int        `json:"evaluations"`
	Best        *float64   `json:"best_chi2"`
	BestX       []*float64 `json:"best"`
	Median      *float64   `json:"median_chi2"`
	Spread      *float64   `json:"spread"`
}

// writeFit writes the fit's folder whole: into a temporary sibling folder,
// renamed at the end (replacing an old one with force).
func writeFit(dir string, force bool, name, dataFile string, r *fit.Result) (err error) {
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	report.RemoveStale(parent)
	tmp, err := report.TempDir(parent)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	os.Chmod(tmp, 0o755)
	m := fitManifest{Synlab: version(), Go: runtime.Version(), Base: name, Data: dataFile, Kind: r.Kind.String(),
		Params: r.Params, Best: nums(r.Best), Sigma: nums(r.Sigma), Uncertainty: r.Uncertainty, Chi2: num(r.Chi2),
		N: r.N, DoF: r.DoF, RedChi2: num(r.RedChi2), Generations: r.Generations, Evaluations: r.Evaluations,
		Stop: r.Stop, Polish: r.Polish, Sets: r.Sets,
		Search: "CMA-ES (gonum optimize.CmaEsChol) in the box of the free parameters scaled to [0, 1] and folded at the edges; each generation one batch"}
	for _, row := range r.Corr {
		m.Correlation = append(m.Correlation, nums(row))
	}
	for _, g := range r.History {
		m.History = append(m.History, historyJSON{N: g.N, Evaluations: g.Evaluations, Best: num(g.Best), BestX: nums(g.BestX), Median: num(g.Median), Spread: num(g.Spread)})
	}
	write := func(file string, fn func(io.Writer) error) error {
		return report.WriteFileAtomic(filepath.Join(tmp, file), fn)
	}
	if err := write("fit.json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}); err != nil {
		return err
	}
	head := fmt.Sprintf("# Fitted by synlab fit (%s) to %s: %s.\n# χ² = %.4g for %d points; %s\n",
		version(), dataFile, strings.Join(r.Sets, ", "), r.Chi2, r.N, r.Stop)
	if err := write("fitted.yaml", func(w io.Writer) error {
		if _, err := io.WriteString(w, head); err != nil {
			return err
		}
		_, err := w.Write(r.Spec)
		return err
	}); err != nil {
		return err
	}
	xcol := trace.Col{Name: "t_min", Unit: "min", Doc: "minutes from the start of the run"}
	if r.Kind == fit.Curve {
		xcol = trace.Col{Name: "x", Doc: "the data's x"}
	}
	tab := trace.New(xcol, trace.Col{Name: "data_pct", Unit: "%"}, trace.Col{Name: "err_pct", Unit: "%"},
		trace.Col{Name: "model_pct", Unit: "%"}, trace.Col{Name: "residual_pct", Unit: "%"})
	for k := range r.X {
		e := math.NaN()
		if r.Err != nil {
			e = r.Err[k]
		}
		tab.Append(r.X[k], r.Y[k], e, r.Model[k], r.Residual[k])
	}
	if err := write("fit.csv", tab.WriteCSV); err != nil {
		return err
	}
	hcols := []trace.Col{{Name: "generation"}, {Name: "evaluations"}, {Name: "best_chi2"}, {Name: "median_chi2"}, {Name: "spread"}}
	for _, q := range r.Params {
		hcols = append(hcols, trace.Col{Name: q.Path, Unit: q.Unit})
	}
	hist := trace.New(hcols...)
	for _, g := range r.History {
		hist.Append(append([]float64{float64(g.N), float64(g.Evaluations), g.Best, g.Median, g.Spread}, g.BestX...)...)
	}
	if err := write("history.csv", hist.WriteCSV); err != nil {
		return err
	}
	title := r.Title(name)
	for _, ext := range []string{"svg", "png"} {
		if err := r.SaveFigure(filepath.Join(tmp, "fit."+ext), title); err != nil {
			return err
		}
	}
	return intoPlace(tmp, dir, force)
}

// intoPlace renames the finished folder tmp to dir, replacing an old dir
// (a folder synlab wrote) with force.
func intoPlace(tmp, dir string, force bool) error {
	if _, serr := os.Stat(dir); serr == nil {
		if !force {
			return fmt.Errorf("output folder %s exists", dir)
		}
		if err := report.Replaceable(dir); err != nil {
			return err
		}
		old := tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(old, dir)
			return err
		}
		return os.RemoveAll(old)
	} else if !errors.Is(serr, os.ErrNotExist) {
		return serr
	}
	return os.Rename(tmp, dir)
}
