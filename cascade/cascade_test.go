package cascade

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/synlab/synlab/units"
)

const (
	// conservTol: totals are sums of O(100) terms moved by a Jacobian whose
	// columns sum to zero up to rounding; 1e-12 relative is the house bar.
	conservTol = 1e-12
	// restTol: after 60 days at rest every rate is balanced to rounding of
	// the largest flux; |dy_i|·τ_slow/scale_i below 1e-6 means a fixed point.
	restTol = 1e-6
)

// lfs is n pulses at rate hz [1/ms] from t = 1 s with the spine's Ca²⁺
// (SpineLikeTrain).
func lfs(hz float64, n int) Transients { return SpineLikeTrain(hz, n, 1*units.Second) }

// protocol runs drive d, then 60 min at rest, returning the trapped count
// before, at the end of the drive (1 s after the last onset), and 60 min
// after.
func protocol(t *testing.T, p Params, d Transients) (w0, wEnd, w60 float64, c *Cascade) {
	t.Helper()
	o := run(t, p, d)
	return o.w0, o.wEnd, o.w60, o.c
}

// outcome is what a train experiment reports: trapped count w and CaMKII-P
// fraction x at the start, at the end of the drive (1 s after the last
// onset) and 30 and 60 min later, and the peaks of free PP1 [µM], CaN*
// [µM] and x during the drive (sampled every 100 ms).
type outcome struct {
	w0, wEnd, w30, w60   float64
	x0, xEnd, x30, x60   float64
	pp1Max, canMax, xMax float64
	c                    *Cascade
}

// d60 is the change of the trapped count 60 min after the drive.
func (o outcome) d60() float64 { return o.w60/o.w0 - 1 }

// preIncubation is how long a drug is applied at rest before the
// protocol starts [ms]: 30 min, a typical bath pre-incubation [A]. Drugs
// are not applied through New, whose 60-day resting state with a drug can
// be far from a slice's (with okadaic acid no receptor is ever degraded
// and the count grows without bound).
const preIncubation = 30 * units.Minute

// run makes a deterministic cascade at its resting state with p, applies
// drive d and follows it for 60 min at rest.
func run(t *testing.T, p Params, d Transients) outcome {
	t.Helper()
	o, err := runE(p, d)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// runE is run returning its error, for use from goroutines.
func runE(p Params, d Transients) (outcome, error) {
	c, err := New(p, nil)
	if err != nil {
		return outcome{}, err
	}
	return follow(c, p, d)
}

// runDrug starts from the untreated resting state of base, applies
// drug for preIncubation, then drive d (its times shifted by
// preIncubation) and 60 min at rest, and the same without the drive as
// the drug-only control.
func runDrug(t *testing.T, base Params, drug func(*Params), d Transients) (stim, ctrl outcome) {
	t.Helper()
	for i, amp := range []float64{d.Amp, 0} {
		c, p, err := startDrug(base, drug)
		if err != nil {
			t.Fatal(err)
		}
		e := d
		e.Amp = amp
		e.Times = make([]float64, len(d.Times))
		for k, on := range d.Times {
			e.Times[k] = on + c.T
		}
		o, err := follow(c, p, e)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			stim = o
		} else {
			ctrl = o
		}
	}
	return stim, ctrl
}

// startDrug returns a cascade at the untreated resting state of p after
// drug (applied with SetParams) has acted for preIncubation at resting
// Ca²⁺, and the drug's parameters.
func startDrug(p Params, drug func(*Params)) (*Cascade, Params, error) {
	c, err := New(p, nil)
	if err != nil {
		return nil, p, err
	}
	drug(&p)
	if err := c.SetParams(p); err != nil {
		return nil, p, err
	}
	rest := func(float64) float64 { return p.CaRest }
	return c, p, c.Advance(preIncubation, rest, nil, nil)
}

// follow applies drive d to c (from c.T) and then 60 min at rest.
func follow(c *Cascade, p Params, d Transients) (outcome, error) {
	x := func() float64 { return c.Read(nil)[CaMKIIP] / p.CaMKII.Total }
	o := outcome{w0: c.Surface(), x0: x(), c: c}
	end := c.T + 1*units.Second
	if len(d.Times) > 0 {
		end = d.Times[len(d.Times)-1] + 1*units.Second
	}
	var ts []float64
	for s := c.T + 100; s < end; s += 100 {
		ts = append(ts, s)
	}
	err := c.AdvanceTrain(d, end, ts, func(float64) {
		y := c.Read(nil)
		o.pp1Max = max(o.pp1Max, y[PP1F])
		o.canMax = max(o.canMax, y[CaNA])
		o.xMax = max(o.xMax, y[CaMKIIP]/p.CaMKII.Total)
	})
	if err != nil {
		return o, err
	}
	o.wEnd, o.xEnd = c.Surface(), x()
	for _, s := range []*[2]*float64{{&o.w30, &o.x30}, {&o.w60, &o.x60}} {
		if err := c.Advance(30*units.Minute, d.Ca, nil, nil); err != nil {
			return o, err
		}
		*s[0], *s[1] = c.Surface(), x()
	}
	return o, nil
}

// shared runs each named experiment once per test binary, so tests that
// read the same protocol (M1 and the 1 Hz point of B6) do not repeat it.
var shared sync.Map // name → *sharedRun

type sharedRun struct {
	once sync.Once
	o    outcome
	ok   bool
}

// cached returns run(t, p, d) for the experiment called name, computing it
// on first use. The cascade in the outcome is shared: read it, do not
// advance it.
func cached(t *testing.T, name string, p Params, d Transients) outcome {
	t.Helper()
	v, _ := shared.LoadOrStore(name, new(sharedRun))
	r := v.(*sharedRun)
	r.once.Do(func() { r.o = run(t, p, d); r.ok = true })
	if !r.ok {
		t.Fatalf("shared experiment %q failed in another test", name)
	}
	return r.o
}

func TestNetworkSize(t *testing.T) {
	if len(network) != nReact {
		t.Fatalf("len(network) = %d, nReact = %d", len(network), nReact)
	}
	if len(Names()) != NState {
		t.Fatalf("names %d, NState %d", len(Names()), NState)
	}
}

func TestRestIsFixedPoint(t *testing.T) {
	for _, set := range []struct {
		name string
		p    Params
	}{{"Default", Default()}, {"UrakuboOriginal", UrakuboOriginal()}} {
		c, err := New(set.p, nil)
		if err != nil {
			t.Fatal(err)
		}
		y := c.Read(nil)
		dy := make([]float64, NState)
		set.p.Deriv(0, y, dy, set.p.CaRest)
		tot := TotalsOf(y)
		for i := range Degraded { // counters grow by design
			scale := tot.Receptors
			if i < firstReceptor {
				scale = 1
			}
			// slowest time constant: degradation, 1 h
			if r := math.Abs(dy[i]) * units.Hour / scale; r > restTol {
				t.Errorf("%s: %s: |dy|·1h/scale = %g > %g", set.name, names[i], r, restTol)
			}
		}
		s := OnSurface(y)
		t.Logf("%s rest: trapped %.2f (occupancy %.2f), surface %.2f, internal %.2f, late %.1f; CaMKII-P %.3g µM, PP1 %.3g µM, CaN* %.3g µM, PKA* %.3g µM, S845-P %.3f of surface",
			set.name, Trapped(y), Trapped(y)/set.p.Traffic.Slots, s-Trapped(y), y[IntD]+y[IntP], y[Late], y[CaMKIIP], y[PP1F], y[CaNA], y[PKAA],
			(y[T10]+y[T11]+y[M10]+y[M11])/s)
	}
}

func relDiff(a, b float64) float64 { return math.Abs(a-b) / math.Max(math.Abs(b), 1e-300) }

func TestConservationClosed(t *testing.T) {
	p := Default()
	c, err := New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Close the receptor system: no synthesis, no degradation.
	p.Traffic.Synthesis, p.Traffic.Degrade = 0, 0
	if err := c.SetParams(p); err != nil {
		t.Fatal(err)
	}
	before := c.Totals()
	present := func() float64 {
		y := c.Read(nil)
		s := 0.0
		for i := T00; i <= Late; i++ {
			s += y[i]
		}
		return s
	}
	n0 := present()
	d := lfs(1*units.Hz, 120)
	if err := c.AdvanceTrain(d, d.Times[len(d.Times)-1]+10*units.Minute, nil, nil); err != nil {
		t.Fatal(err)
	}
	after := c.Totals()
	for _, q := range []struct {
		n    string
		a, b float64
	}{{"CaMKII", after.CaMKII, before.CaMKII}, {"CaN", after.CaN, before.CaN}, {"PKA", after.PKA, before.PKA},
		{"I-1", after.I1, before.I1}, {"PP1", after.PP1, before.PP1}, {"receptors", present(), n0}} {
		if r := relDiff(q.a, q.b); r > conservTol {
			t.Errorf("%s total drifted by %g relative (> %g)", q.n, r, conservTol)
		}
	}
}

// TestValidate: every field of Fields is checked, including the new PP2A
// T286 constants.
func TestValidate(t *testing.T) {
	p := Default()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, f := range p.Fields() {
		q := Default()
		for _, g := range q.Fields() {
			if g.Name == f.Name {
				*g.Value = -1
			}
		}
		if q.Validate() == nil {
			t.Errorf("%s = -1 accepted", f.Name)
		}
	}
	q := Default()
	q.CaMKII.KM2A = 0
	if q.Validate() == nil {
		t.Error("camkii_km_pp2a = 0 accepted")
	}
	// The coincidence trigger: a zero threshold or Hill coefficient is an
	// error while it is on (its Hill would divide by zero), allowed off.
	for _, set := range []func(*Params){func(p *Params) { p.Nano.K = 0 }, func(p *Params) { p.Nano.N = 0 }} {
		q := CA1Quantal()
		set(&q)
		if err := q.Validate(); err == nil || !strings.Contains(err.Error(), "nano_") {
			t.Errorf("CA1Quantal with a zero trigger constant: error %v, want one naming the field", err)
		}
		q.Nano.Bind = 0
		if err := q.Validate(); err != nil {
			t.Errorf("the same with the trigger off: %v", err)
		}
	}
}

// TestVariablesMatchNames: the described variables are Names, in order.
func TestVariablesMatchNames(t *testing.T) {
	v, names := Variables(), Names()
	for i := range v {
		if v[i].Name != names[i] || v[i].Unit == "" || v[i].Doc == "" {
			t.Errorf("variable %d: %+v, name %s", i, v[i], names[i])
		}
	}
}
