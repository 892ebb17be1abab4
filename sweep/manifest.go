package sweep

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// FormatVersion is the version of the sweep folder layout and manifest.
const FormatVersion = 1

// File names inside a sweep folder.
const (
	ManifestFile = "sweep.json"
	PointsFile   = "points.csv"
	PartsDir     = "parts"
)

// SeedRule says in words how point seeds are derived (see PointSeed).
const SeedRule = "seed of point i = splitmix64(splitmix64(sweep seed) XOR i) >> 11 (53 bits, exact in the float64 seed column); with seeds: per-replicate, i is the replicate; with seeds: base, the base spec's seed"

// Manifest is an expanded sweep: everything needed to run any point,
// written as sweep.json. It is plain data; Point(i) computes point i.
//
// Points are numbered in this order: grid combinations (axes in order,
// the last axis fastest), then sample rows, then replicates (fastest):
//
//	i = ((g·S) + s)·R + r
type Manifest struct {
	Format     int    `json:"format"`
	Synlab     string `json:"synlab"` // the build that planned the sweep
	Go         string `json:"go"`
	Name       string `json:"name"`
	Spec       Spec   `json:"sweep"`     // the sweep as written
	BaseName   string `json:"base_name"` // the preset or file it started from
	Base       string `json:"base_yaml"` // the base spec with Spec.Set applied: what every point starts from
	Seed       uint64 `json:"seed"`
	Seeds      string `json:"seeds"`     // SeedsPerPoint, SeedsPerReplicate or SeedsBase
	BaseSeed   uint64 `json:"base_seed"` // the base spec's seed (used with SeedsBase)
	SeedRule   string `json:"seed_rule"`
	Replicates int    `json:"replicates"`
	Axes       []Axis `json:"axes"`
	Method     string `json:"sample_method,omitempty"` // SampleLHS or SampleRandom, when an axis is sampled
	// Samples holds one row per sample, one value per sampled axis (in the
	// order of Axes), in the axis units. New draws them; SetSamples
	// replaces them (a fit's candidates).
	Samples   [][]float64 `json:"samples,omitempty"`
	ReadAt    []float64   `json:"read_at_ms,omitempty"` // times at which the strength is read [ms]
	Points    int         `json:"points"`
	ChunkSize int         `json:"chunk_size"`
	Chunks    int         `json:"chunks"`
}

// Point is one run of a sweep.
type Point struct {
	Index     int
	Replicate int
	Seed      uint64
	Values    []float64 // one per axis, in the axis unit (a categorical axis: its level index)
	Sets      []string  // path=value for every axis, then seed=N (not with SeedsBase): applied to Manifest.Base
}

// PointSeed derives the seed of point i from the sweep seed s with
// splitmix64 (Steele, Lea & Flood 2014), keeping 53 bits so the seed is
// exact in a float64 column. It depends on (s, i) only, never on chunking.
func PointSeed(s uint64, i int) uint64 {
	return splitmix64(splitmix64(s)^uint64(i)) >> 11
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// streamSamples is the PCG stream of the sample draws: rand.NewPCG(seed, streamSamples).
const streamSamples = 0x5eed5a3b1e5

// Options are the choices New takes besides the spec.
type Options struct {
	BaseName string   // the preset or file name of the base, for the manifest
	Set      []string // more fixed settings, applied after Spec.Set (synlab sweep plan --set)
	Chunk    int      // points per chunk, overriding Spec.Chunk; 0 keeps it
	// Check is how many levels of each axis are applied to the base and
	// validated (with experiment.Load) when planning: all when there are at
	// most Check, else Check of them evenly spread, ends included. 0 means
	// DefaultCheck; every point is validated anyway when it runs.
	Check int
}

// DefaultCheck is the default of Options.Check.
const DefaultCheck = 100

// New expands a sweep over base (the base experiment's YAML). It checks
// every field of the spec, applies Spec.Set and opt.Set to the base, draws
// the samples, and validates levels of every axis (and the first and last
// point) against the experiment schema with experiment.ApplySets and
// experiment.Load, so a wrong path or value is reported before any run.
func New(s *Spec, base []byte, opt Options) (*Manifest, error) {
	m := &Manifest{Format: FormatVersion, Synlab: Build(), Go: runtime.Version(), Name: strings.TrimSpace(s.Name),
		Spec: *s, BaseName: opt.BaseName, Seed: s.Seed, SeedRule: SeedRule}
	if m.Name == "" {
		return nil, &FieldError{Path: "name", Allowed: "a sweep needs a name"}
	}
	switch s.Seeds {
	case "", SeedsPerPoint:
		m.Seeds = SeedsPerPoint
	case SeedsPerReplicate, SeedsBase:
		m.Seeds = s.Seeds
	default:
		return nil, &FieldError{Path: "seeds", Value: s.Seeds, Allowed: "per-point, per-replicate or base"}
	}
	m.Replicates = s.Replicates
	switch {
	case s.Replicates == 0:
		m.Replicates = 1
	case s.Replicates < 0 || s.Replicates > maxLevels:
		return nil, &FieldError{Path: "replicates", Value: strconv.Itoa(s.Replicates), Allowed: fmt.Sprintf("between 1 and %d", maxLevels)}
	}
	sets := append(slices.Clone(s.Set), opt.Set...)
	b, err := experiment.ApplySets(base, sets)
	if err != nil {
		return nil, fmt.Errorf("sweep: set: %w", err)
	}
	pl, err := catalog.Load(b)
	if err != nil {
		return nil, fmt.Errorf("sweep: base %s: %w", opt.BaseName, err)
	}
	m.Base, m.BaseSeed = string(b), pl.Spec.Seed

	if len(s.Axes) == 0 {
		return nil, &FieldError{Path: "axes", Allowed: "a sweep needs at least one axis"}
	}
	seen := map[string]int{}
	var sampled int
	for i, as := range s.Axes {
		a, err := resolve(i, as)
		if err != nil {
			return nil, err
		}
		if j, dup := seen[a.Path]; dup {
			return nil, &FieldError{Path: fmt.Sprintf("axes[%d].path", i), Value: a.Path, Allowed: fmt.Sprintf("already swept by axes[%d]", j)}
		}
		seen[a.Path] = i
		if a.Sampled() {
			sampled++
		}
		m.Axes = append(m.Axes, a)
	}
	switch {
	case sampled > 0 && s.Samples == nil:
		return nil, &FieldError{Path: "samples", Allowed: "uniform and loguniform axes need samples: {n: N, method: lhs|random}"}
	case sampled == 0 && s.Samples != nil:
		return nil, &FieldError{Path: "samples", Value: fmt.Sprint(s.Samples.N), Allowed: "only for uniform or loguniform axes; the others form a grid"}
	case sampled > 0:
		m.Method = s.Samples.Method
		if m.Method == "" {
			m.Method = SampleLHS
		}
		if m.Method != SampleLHS && m.Method != SampleRandom {
			return nil, &FieldError{Path: "samples.method", Value: s.Samples.Method, Allowed: "lhs (Latin hypercube) or random"}
		}
		if s.Samples.N < 1 || s.Samples.N > MaxPoints {
			return nil, &FieldError{Path: "samples.n", Value: strconv.Itoa(s.Samples.N), Allowed: fmt.Sprintf("between 1 and %d", MaxPoints)}
		}
		m.Samples = draw(m.Axes, s.Samples.N, m.Method, s.Seed)
	}
	for i, t := range s.ReadAt {
		v, err := units.Parse(t, units.Time)
		if err != nil || v < 0 {
			msg := "a time ≥ 0 from the start of the run, e.g. \"30 min\""
			if err != nil {
				msg = err.Error()
			}
			return nil, &FieldError{Path: fmt.Sprintf("read_at[%d]", i), Value: t, Allowed: msg}
		}
		if slices.Contains(m.ReadAt, v) {
			return nil, &FieldError{Path: fmt.Sprintf("read_at[%d]", i), Value: t, Allowed: "listed twice"}
		}
		m.ReadAt = append(m.ReadAt, v)
	}
	if err := m.count(); err != nil {
		return nil, err
	}
	chunk := first(opt.Chunk, s.Chunk)
	if chunk < 0 {
		return nil, &FieldError{Path: "chunk", Value: strconv.Itoa(chunk), Allowed: "points per chunk must be ≥ 1 (0: the default)"}
	}
	m.setChunk(chunk)
	if err := m.check(first(opt.Check, DefaultCheck)); err != nil {
		return nil, err
	}
	return m, nil
}

// first returns the first of a, b that is not 0.
func first(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// count sets m.Points, checking the product against MaxPoints.
func (m *Manifest) count() error {
	n := uint64(m.Replicates)
	if m.Samples != nil {
		n *= uint64(len(m.Samples))
	}
	for _, a := range m.Axes {
		if a.Sampled() {
			continue
		}
		hi, lo := bits.Mul64(n, uint64(len(a.Levels)))
		if hi != 0 || lo > MaxPoints {
			n = MaxPoints + 1
			break
		}
		n = lo
	}
	if n > MaxPoints {
		return &FieldError{Path: "axes", Value: "more than " + strconv.Itoa(MaxPoints) + " points", Allowed: "split the sweep: at most " + strconv.Itoa(MaxPoints) + " points (levels × samples × replicates)"}
	}
	m.Points = int(n)
	return nil
}

// setChunk sets the chunk size (0: ceil(points/DefaultChunks), at least
// MinDefaultChunk) and count.
func (m *Manifest) setChunk(size int) {
	if size == 0 {
		size = max(MinDefaultChunk, (m.Points+DefaultChunks-1)/DefaultChunks)
	}
	m.ChunkSize = min(size, max(m.Points, 1))
	m.Chunks = (m.Points + m.ChunkSize - 1) / m.ChunkSize
}

// draw draws n rows for the sampled axes: a Latin hypercube (each axis
// split into n equal strata, one draw in each, strata shuffled
// independently per axis) or independent uniform draws. Uniform in the
// axis range, or in its log for loguniform. Numbers come from
// rand.NewPCG(seed, streamSamples) through Uint64 only, so they do not
// change with Go's distribution code.
func draw(axes []Axis, n int, method string, seed uint64) [][]float64 {
	src := rand.NewPCG(seed, streamSamples)
	unit := func() float64 { return float64(src.Uint64()>>11) * 0x1p-53 }
	var cols []Axis
	for _, a := range axes {
		if a.Sampled() {
			cols = append(cols, a)
		}
	}
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = make([]float64, len(cols))
	}
	perm := make([]int, n)
	for j, a := range cols {
		if method == SampleLHS {
			for i := range perm {
				perm[i] = i
			}
			for i := n - 1; i > 0; i-- { // Fisher–Yates with a multiply-shift bound
				k, _ := bits.Mul64(src.Uint64(), uint64(i+1))
				perm[i], perm[k] = perm[k], perm[i]
			}
		}
		for i := range rows {
			u := unit()
			if method == SampleLHS {
				u = (float64(perm[i]) + u) / float64(n)
			}
			rows[i][j] = a.fromUnit(u)
		}
	}
	return rows
}

// fromUnit maps u in [0, 1) onto the range of a sampled axis.
func (a Axis) fromUnit(u float64) float64 {
	var v float64
	if a.Kind == KindLogUniform {
		v = math.Exp(math.Log(a.Lo) + (math.Log(a.Hi)-math.Log(a.Lo))*u)
	} else {
		v = a.Lo + (a.Hi-a.Lo)*u
	}
	if a.Integer {
		v = math.Round(v)
	}
	return min(max(v, a.Lo), a.Hi)
}

// SetSamples replaces the sample rows (one value per sampled axis, in the
// axis units) and recounts points and chunks, keeping the chunk size.
// Values outside an axis range are an error.
func (m *Manifest) SetSamples(rows [][]float64) error {
	var cols []Axis
	for _, a := range m.Axes {
		if a.Sampled() {
			cols = append(cols, a)
		}
	}
	if len(cols) == 0 || len(rows) == 0 {
		return fmt.Errorf("sweep: SetSamples: %d rows for %d sampled axes", len(rows), len(cols))
	}
	for i, r := range rows {
		if len(r) != len(cols) {
			return fmt.Errorf("sweep: SetSamples: row %d has %d values for %d sampled axes", i, len(r), len(cols))
		}
		for j, v := range r {
			if !(v >= cols[j].Lo && v <= cols[j].Hi) {
				return fmt.Errorf("sweep: SetSamples: row %d: %s = %g is outside [%g, %g]", i, cols[j].Path, v, cols[j].Lo, cols[j].Hi)
			}
		}
	}
	m.Samples = rows
	if err := m.count(); err != nil {
		return err
	}
	m.setChunk(m.ChunkSize)
	return nil
}

// grid is the number of grid combinations.
func (m *Manifest) grid() int {
	g := 1
	for _, a := range m.Axes {
		if !a.Sampled() {
			g *= len(a.Levels)
		}
	}
	return g
}

// Point returns point i (0 ≤ i < m.Points).
func (m *Manifest) Point(i int) Point {
	if i < 0 || i >= m.Points {
		panic(fmt.Sprintf("sweep: point %d of %d", i, m.Points))
	}
	R := m.Replicates
	S := max(1, len(m.Samples))
	r, j := i%R, i/R
	s, g := j%S, j/S
	p := Point{Index: i, Replicate: r, Values: make([]float64, len(m.Axes)), Sets: make([]string, 0, len(m.Axes)+1)}
	// Grid digits: the last grid axis is fastest.
	digit := make([]int, len(m.Axes))
	for k := len(m.Axes) - 1; k >= 0; k-- {
		if a := m.Axes[k]; !a.Sampled() {
			digit[k] = g % len(a.Levels)
			g /= len(a.Levels)
		}
	}
	col := 0
	for k, a := range m.Axes {
		var text string
		if a.Sampled() {
			p.Values[k] = m.Samples[s][col]
			text = a.format(p.Values[k])
			col++
		} else {
			p.Values[k], text = a.level(digit[k])
		}
		p.Sets = append(p.Sets, a.Path+"="+text)
	}
	switch m.Seeds {
	case SeedsBase:
		p.Seed = m.BaseSeed
		return p // the base spec keeps its seed
	case SeedsPerReplicate:
		p.Seed = PointSeed(m.Seed, r)
	default:
		p.Seed = PointSeed(m.Seed, i)
	}
	p.Sets = append(p.Sets, "seed="+strconv.FormatUint(p.Seed, 10))
	return p
}

// ChunkRange returns the points [lo, hi) of chunk k.
func (m *Manifest) ChunkRange(k int) (lo, hi int) {
	return k * m.ChunkSize, min((k+1)*m.ChunkSize, m.Points)
}

// ChunkOf returns the chunk of point i.
func (m *Manifest) ChunkOf(i int) int { return i / m.ChunkSize }

// Columns are the fixed columns of a results table, before the metrics:
// point, replicate, the axes, seed, change_pct and the read_at columns.
func (m *Manifest) Columns() []trace.Col {
	cols := []trace.Col{
		{Name: "point", Unit: "1", Doc: "point index in the sweep"},
		{Name: "replicate", Unit: "1", Doc: "replicate of the point's axis values, 0-based"},
	}
	for _, a := range m.Axes {
		unit := a.Unit
		if a.Categorical {
			unit = "index"
		}
		cols = append(cols, trace.Col{Name: a.Column, Unit: unit, Doc: a.Doc()})
	}
	cols = append(cols,
		trace.Col{Name: "seed", Unit: "1", Doc: "the point's seed: " + SeedRule},
		trace.Col{Name: "change_pct", Unit: "%", Doc: "change in synaptic strength at the readout, % of baseline"})
	for _, t := range m.ReadAt {
		cols = append(cols, trace.Col{Name: ReadAtColumn(t), Unit: "%",
			Doc: "synaptic strength at " + units.Format(t, units.Time) + " from the start of the run, % of baseline"})
	}
	return cols
}

// ReadAtColumn is the column name of the strength read at t [ms]:
// strength_pct_at_<minutes>min.
func ReadAtColumn(t float64) string {
	return "strength_pct_at_" + strconv.FormatFloat(t/units.Minute, 'g', -1, 64) + "min"
}

// check validates the sweep before any run: up to n levels of every grid
// axis, the ends of every sampled axis, and the first and last points are
// applied to the base and loaded.
func (m *Manifest) check(n int) error {
	base := []byte(m.Base)
	try := func(where, setting string) error {
		data, err := experiment.ApplySets(base, []string{setting})
		if err == nil {
			_, err = catalog.Load(data)
		}
		if err != nil {
			hint := ""
			if strings.Contains(err.Error(), "has no unit") {
				hint = " (give the axis a unit, e.g. unit: ms)"
			}
			return fmt.Errorf("sweep: %s: %s: %w%s", where, setting, err, hint)
		}
		return nil
	}
	for i, a := range m.Axes {
		where := fmt.Sprintf("axes[%d].%s", i, a.Kind)
		if a.Sampled() {
			for _, v := range []float64{a.Lo, a.Hi} {
				if err := try(where, a.Path+"="+a.format(v)); err != nil {
					return err
				}
			}
			continue
		}
		for _, k := range spread(len(a.Levels), n) {
			_, text := a.level(k)
			if err := try(where, a.Path+"="+text); err != nil {
				return err
			}
		}
	}
	for _, i := range []int{0, m.Points - 1} {
		p := m.Point(i)
		data, err := experiment.ApplySets(base, p.Sets)
		if err == nil {
			_, err = catalog.Load(data)
		}
		if err != nil {
			return fmt.Errorf("sweep: point %d (%s): %w", i, strings.Join(p.Sets, " "), err)
		}
	}
	return nil
}

// spread returns min(n, length) indices in [0, length), evenly spread,
// ends included (n < 2 counts as 2).
func spread(length, n int) []int {
	n = max(n, 2)
	if length <= n {
		out := make([]int, length)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, n)
	for i := range out {
		out[i] = int(math.Round(float64(i) * float64(length-1) / float64(n-1)))
	}
	return out
}

// Build is the synlab build: module version and VCS revision when known.
func Build() string { return lab.Version() }
