package sweep

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/synlab/synlab/experiment"
)

// Spec is a sweep as written in a file (YAML, or JSON, which is YAML).
//
//	name: frequency x [Ca2+]o
//	base: frequency                  # a preset or a spec file (relative to the sweep file)
//	set: [protocol.train.pulses=300] # fixed changes to the base, as synlab run --set
//	seed: 1
//	replicates: 1
//	chunk: 8                         # points per chunk
//	axes:
//	  - {path: protocol.train.rate, unit: Hz, log: [0.5, 50, 9]}
//	  - {path: bath.ca, unit: mM, lin: [1, 3, 5]}
//
// Every point is the base spec with one value of each axis applied by
// experiment.ApplySets ("path=value"), plus its seed.
type Spec struct {
	Name string `yaml:"name" json:"name"`
	// Base is the experiment every point starts from: a preset name or a
	// spec file; a relative path is relative to the sweep file. The
	// command line resolves it; package sweep receives its bytes.
	Base string   `yaml:"base" json:"base"`
	Set  []string `yaml:"set,omitempty" json:"set,omitempty"` // path=value settings applied to the base first
	// Seed is the sweep seed from which every point's seed is derived (PointSeed).
	Seed uint64 `yaml:"seed,omitempty" json:"seed,omitempty"`
	// Seeds is "per-point" (default: point i runs with PointSeed(Seed, i)),
	// "per-replicate" (every point of replicate r runs with
	// PointSeed(Seed, r): common random numbers along the axes) or "base"
	// (every point keeps the base spec's own seed; for fits).
	Seeds      string     `yaml:"seeds,omitempty" json:"seeds,omitempty"`
	Replicates int        `yaml:"replicates,omitempty" json:"replicates,omitempty"` // runs per point (default 1)
	Chunk      int        `yaml:"chunk,omitempty" json:"chunk,omitempty"`           // points per chunk (default: ceil(points/DefaultChunks), at least MinDefaultChunk)
	Axes       []AxisSpec `yaml:"axes" json:"axes"`
	// Samples is required when an axis is uniform or loguniform: it draws
	// N rows of values for those axes (a Latin hypercube or independent
	// uniform draws); the grid axes are crossed with every row.
	Samples *Samples `yaml:"samples,omitempty" json:"samples,omitempty"`
	// ReadAt lists times (from the start of the run, e.g. "30 min") at
	// which the strength, in % of baseline, is read into columns
	// strength_pct_at_<T>min: a time course per point.
	ReadAt []string `yaml:"read_at,omitempty" json:"read_at,omitempty"`
}

// AxisSpec is one axis: a spec path and exactly one of Values, Lin, Log,
// Uniform or LogUniform.
type AxisSpec struct {
	Path string `yaml:"path" json:"path"` // as for --set: bath.ca, protocol.train.rate, model.override.sigma, drugs[0].conc
	// Unit is the unit of the numbers in Lin, Log, Uniform, LogUniform and
	// numeric Values, and of the axis column. It is required for a
	// quantity field (a bare number is only allowed for counts and
	// dimensionless parameters). Values written with a unit ("3 Hz")
	// need none: their common unit is used.
	Unit       string    `yaml:"unit,omitempty" json:"unit,omitempty"`
	Values     []any     `yaml:"values,omitempty" json:"values,omitempty"`         // explicit levels: numbers, quantities ("1 Hz") or names (DP, DPD)
	Lin        []float64 `yaml:"lin,omitempty" json:"lin,omitempty"`               // [from, to, n]: n levels equally spaced
	Log        []float64 `yaml:"log,omitempty" json:"log,omitempty"`               // [from, to, n]: n levels equally spaced in log; from, to > 0
	Uniform    []float64 `yaml:"uniform,omitempty" json:"uniform,omitempty"`       // [lo, hi]: sampled (see Spec.Samples)
	LogUniform []float64 `yaml:"loguniform,omitempty" json:"loguniform,omitempty"` // [lo, hi]: sampled uniformly in log; lo > 0
	Integer    bool      `yaml:"integer,omitempty" json:"integer,omitempty"`       // round levels to integers (counts: pulses, post_spikes)
}

// Samples says how the sampled axes are drawn.
type Samples struct {
	N      int    `yaml:"n" json:"n"`                               // rows
	Method string `yaml:"method,omitempty" json:"method,omitempty"` // "lhs" (Latin hypercube, default) or "random"
}

// Seed modes (Spec.Seeds).
const (
	SeedsPerPoint     = "per-point"
	SeedsPerReplicate = "per-replicate"
	SeedsBase         = "base"
)

// Sampling methods (Samples.Method).
const (
	SampleLHS    = "lhs"
	SampleRandom = "random"
)

// Limits of a sweep.
const (
	// MaxPoints bounds the points of one sweep (points.csv and the seeds
	// column stay manageable; 10⁷ runs are weeks of work anyway).
	MaxPoints = 10_000_000
	// DefaultChunks is the number of chunks a sweep is split into when
	// Spec.Chunk is 0: small enough for a Slurm array (at most 1001 tasks
	// by default), large enough to balance and to lose little on a kill.
	DefaultChunks = 100
	// MinDefaultChunk is the smallest default chunk: every chunk costs a
	// synced file (and on Slurm a task), so small sweeps get fewer chunks.
	MinDefaultChunk = 10
)

// FieldError is a sweep spec error: the field's path in the sweep file, the
// value as written and what is allowed. It reads
//
//	sweep: axes[1].lin: "[1, 50]": need [from, to, n] with n >= 2
type FieldError struct {
	Path, Value, Allowed string
}

func (e *FieldError) Error() string {
	s := "sweep: "
	if e.Path != "" {
		s += e.Path + ": "
	}
	if e.Value != "" {
		s += strconv.Quote(e.Value) + ": "
	}
	return s + e.Allowed
}

// Decode reads a sweep spec. Decoding is strict: unknown fields and values
// of the wrong type are errors with their line and column. Decode does not
// check values; New does.
func Decode(data []byte) (*Spec, error) {
	if strings.TrimSpace(string(data)) == "" {
		return nil, &FieldError{Allowed: "empty sweep file: need at least name, base and axes"}
	}
	data, err := experiment.CheckSource(data)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	var s Spec
	if err := yaml.UnmarshalWithOptions(data, &s, yaml.DisallowUnknownField()); err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) {
			tk := ye.GetToken()
			where := ""
			if tk != nil && tk.Position != nil {
				where = fmt.Sprintf(" (line %d, column %d)", tk.Position.Line, tk.Position.Column)
			}
			return nil, fmt.Errorf("sweep: %s%s", ye.GetMessage(), where)
		}
		return nil, fmt.Errorf("sweep: %w", err)
	}
	return &s, nil
}

// floats writes a list of numbers as in the file: [1, 50].
func floats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
