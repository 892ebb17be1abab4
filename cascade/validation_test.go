package cascade

// Validation against the biological targets of docs/sources.md section 9 (rows
// M1–M6, B1–B7, B12, B13), driven by the spine's own Ca²⁺
// (SpineLikeTrain, BathNMDA). Every test prints measured against target
// and says whether the row was used to fit a parameter ("fitted") or not
// ("prediction"); docs/cascade-model.md has the table. A row the model
// still misses is asserted as a known miss: the test passes only while it
// misses, and the reason is in the code, so a fix shows up as a failure
// that asks for the table to be updated.
//
// Drugs are applied to the untreated resting state and act for 30 min at
// rest before the protocol (preIncubation); the change is measured against
// a drug-only control followed over the same time, as a control pathway in
// the same slice would be (okadaic acid alone, for example, lets CaMKII
// creep UP, since it blocks every T286 phosphatase).

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/synlab/synlab/units"
)

// Target bands [fraction of baseline], docs/sources.md section 9.
const (
	noChange = 0.05 // B9–B13, M3: |Δ| < 5%
)

// row reports a measured change against its target band [lo, hi] and
// asserts it; known, if not empty, marks a known miss (asserted to still
// miss) and gives the reason.
func row(t *testing.T, name string, got, lo, hi float64, kind, known string) {
	t.Helper()
	in := got >= lo && got <= hi
	status := "pass"
	switch {
	case known != "" && in:
		status = "KNOWN MISS NOW PASSES"
		t.Errorf("%s: marked as a known miss but %+.1f%% is inside [%+.0f%%, %+.0f%%]: update the test and docs/cascade-model.md",
			name, 100*got, 100*lo, 100*hi)
	case known != "":
		status = "known miss: " + known
	case !in:
		status = "FAIL"
		t.Errorf("%s: %+.1f%% outside [%+.0f%%, %+.0f%%]", name, 100*got, 100*lo, 100*hi)
	}
	t.Logf("%-34s measured %+7.1f%%  target [%+.0f%%, %+.0f%%]  (%s)  %s", name, 100*got, 100*lo, 100*hi, kind, status)
}

// TestM1LFS: 900 pulses at 1 Hz (B1/M1) depress the trapped count by
// −10…−35% at 60 min, and the CaN → PP1 branch peaks above CaMKII.
// Fitted: I1.KCaNComplex was fitted to M1 (on the earlier 1 µM × 12 ms
// drive, kept unchanged for the spine drive), and PKA.K, chosen for B13
// and B6, also sets the LFS magnitude (K = 2.5, 3, 4 µM: −13.5, −17.5,
// −20.6%).
func TestM1LFS(t *testing.T) {
	t.Parallel()
	p := Default()
	o := cached(t, "LFS 1 Hz", p, lfs(1*units.Hz, 900))
	t.Logf("trapped %.1f → %.1f at the end of LFS (%+.1f%%) → %.1f at 30 min → %.1f at 60 min",
		o.w0, o.wEnd, 100*(o.wEnd/o.w0-1), o.w30, o.w60)
	row(t, "M1/B1 LFS 1 Hz × 900, 60 min", o.d60(), -0.35, -0.10, "fitted (KCaNComplex, PKA.K)", "")
	pp1 := o.pp1Max / p.PP1.Total
	t.Logf("peak activity during LFS: free PP1 %.0f%% of total, CaN* %.0f%% of total, CaMKII-P %.2f%% of subunits",
		100*pp1, 100*o.canMax/p.CaN.Total, 100*o.xMax)
	if !(pp1 > o.xMax && o.canMax/p.CaN.Total > o.xMax) {
		t.Errorf("M1: CaN/PP1 activity (%.3f, %.3f) does not peak above CaMKII (%.3f)", pp1, o.canMax/p.CaN.Total, o.xMax)
	}
}

// TestM6HFS: 100 Hz × 1 s, one train and four trains 20 s apart (B7/M6):
// CaMKII switches UP and is still UP 30 and 60 min after Ca²⁺ returned to
// rest, and the trapped count rises by +20…+100%. Fitted: the switch and
// its persistence constrain the CaMKII window (K, N, KCat, KCat2A); the
// magnitude is a prediction (Scaffold and Slots were not refitted).
func TestM6HFS(t *testing.T) {
	t.Parallel()
	one := lfs(100*units.Hz, 100)
	four := lfs(100*units.Hz, 100)
	for k := 1; k < 4; k++ {
		four.Times = append(four.Times, Train(1*units.Second+float64(k)*20*units.Second, 100*units.Hz, 100)...)
	}
	for _, c := range []struct {
		name string
		d    Transients
	}{{"HFS 100 Hz × 1 s", one}, {"HFS 4 × (100 Hz × 1 s), 20 s apart", four}} {
		o := cached(t, c.name, Default(), c.d)
		t.Logf("%s: CaMKII-P fraction %.3f at the end, %.3f at 30 min, %.3f at 60 min; trapped %.1f → %.1f",
			c.name, o.xEnd, o.x30, o.x60, o.w0, o.w60)
		if o.x30 < upFraction || o.x60 < upFraction {
			t.Errorf("M6 %s: CaMKII not UP ≥ 30 min after (x30 %.3f, x60 %.3f)", c.name, o.x30, o.x60)
		}
		row(t, "B7 "+c.name+", 60 min", o.d60(), 0.20, 1.00, "prediction (switch fitted)", "")
	}
}

// dbRates are the Dudek & Bear (1992) rates [Hz], 900 pulses each, with
// 20 Hz added to locate the crossover.
var dbRates = []float64{0.5, 1, 3, 5, 10, 20, 50}

// TestB6FrequencyCurve: the Dudek & Bear frequency–response curve, 900
// pulses at each rate, trapped count 60 min later. Shape test (B6): exactly
// one sign change, from − to +, with the crossover between 5 and 20 Hz.
// The crossover is fitted (the CaMKII window and PKA.K were chosen with
// 5 Hz giving LTD and 10 Hz leaving CaMKII UP); the per-rate magnitudes
// (B2–B5) are predictions and are reported against their bands.
func TestB6FrequencyCurve(t *testing.T) {
	t.Parallel()
	p := Default()
	res := make([]outcome, len(dbRates))
	ensemble(len(dbRates), func(i int) {
		var err error
		if dbRates[i] == 1 {
			return // shared with M1
		}
		res[i], err = runE(p, lfs(dbRates[i]*units.Hz, 900))
		if err != nil {
			t.Error(err)
		}
	})
	if t.Failed() {
		return
	}
	var curve []string
	changes, lastNeg, firstPos := 0, math.NaN(), math.NaN()
	prev := 0.0
	for i, hz := range dbRates {
		if hz == 1 {
			res[i] = cached(t, "LFS 1 Hz", p, lfs(1*units.Hz, 900))
		}
		d := res[i].d60()
		curve = append(curve, fmt.Sprintf("%g Hz %+.1f%% (CaMKII %.2f)", hz, 100*d, res[i].x60))
		if i > 0 && math.Signbit(d) != math.Signbit(prev) {
			changes++
		}
		if d < 0 {
			lastNeg = hz
		} else if math.IsNaN(firstPos) {
			firstPos = hz
		}
		prev = d
	}
	t.Logf("B6 curve (900 pulses, Δ trapped at 60 min): %s", strings.Join(curve, ", "))
	first := res[0].d60()
	t.Logf("B6 shape: %d sign change(s), first value %+.1f%%, last LTD at %g Hz, first LTP at %g Hz (target: one change − → +, crossover in 5–20 Hz)",
		changes, 100*first, lastNeg, firstPos)
	if changes != 1 || first >= 0 || !(lastNeg >= 5 && firstPos <= 20) {
		t.Errorf("B6: not one − → + sign change with the crossover in 5–20 Hz")
	}
	at := func(hz float64) float64 {
		for i, r := range dbRates {
			if r == hz {
				return res[i].d60()
			}
		}
		panic("rate not run")
	}
	// Known misses: in this model the LTD grows with the duration of the
	// PP1 release (PP1 release saturates already at 0.5 Hz, where CaN*
	// is 0.6 µM, far above the ~0.13 µM at which I-1P falls below PP1),
	// so the longest train (0.5 Hz, 30 min) depresses most; and every train
	// that leaves CaMKII UP fills the trapping slots to the same level.
	row(t, "B2 0.5 Hz × 900", at(0.5), -0.15, 0.05, "prediction",
		"PP1 release saturates at 0.5 Hz; LTD scales with train duration")
	row(t, "B1 1 Hz × 900", at(1), -0.35, -0.10, "fitted (M1)", "")
	row(t, "B3 3 Hz × 900", at(3), -0.30, -0.05, "prediction",
		"the 300 s train releases PP1 for a third of the 1 Hz time")
	row(t, "B4 10 Hz × 900", at(10), -0.10, 0.10, "prediction",
		"CaMKII switches UP at 10 Hz: all-or-none slot filling (+68%)")
	row(t, "B5 50 Hz × 900", at(50), 0.05, 0.40, "prediction",
		"LTP saturates at the slot level (+68%), above the +40% band")
}

// TestB12OkadaicAcid: LFS with PP1 and PP2A blocked (okadaic acid,
// calyculin A; Mulkey, Herron & Malenka 1993): LTD abolished, |Δ| < 5%.
// Not a prediction: the removal of CaN's direct action on GluA1
// (AMPAR.CaN845 = CaNPDZ = 0) was motivated by this row.
func TestB12OkadaicAcid(t *testing.T) {
	t.Parallel()
	o, c := runDrug(t, Default(), func(p *Params) { p.PP1Scale, p.PP2AScale = 0, 0 }, lfs(1*units.Hz, 900))
	t.Logf("okadaic acid: CaMKII-P %.2f after the pre-incubation (no T286 phosphatase left); LFS: trapped %.1f → %.1f (end) → %.1f (60 min); drug-only control %.1f → %.1f",
		o.x0, o.w0, o.wEnd, o.w60, c.w0, c.w60)
	row(t, "B12 LFS + okadaic acid vs control", o.w60/c.w60-1, -noChange, noChange, "constrained the CaN→GluA1 change", "")
	// Known miss: okadaic acid alone is reported not to change baseline
	// transmission [M: Mulkey, Herron & Malenka 1993]. Here it blocks
	// every S845 and T286 phosphatase: regulated endocytosis stops, the
	// internal pool (20× the trapped one) moves to the surface, CaMKII
	// creeps UP and the trapping slots fill; the LTD block above is
	// measured at that ceiling.
	u := cached(t, "LFS 1 Hz", Default(), lfs(1*units.Hz, 900))
	row(t, "okadaic acid alone, 30 min", c.w0/u.w0-1, -noChange, noChange, "prediction",
		"no phosphatase left for S845/T286: surface fills from the internal pool")
}

// TestB13FK506: LFS with calcineurin blocked (FK506, cyclosporin A;
// Mulkey et al. 1994): LTD abolished, |Δ| < 5% (fitted: the lower edge of
// the KCat2A window); HFS with calcineurin blocked: LTP at least half of
// control (prediction).
func TestB13FK506(t *testing.T) {
	t.Parallel()
	fk := func(p *Params) { p.CaNScale = 0 }
	o, c := runDrug(t, Default(), fk, lfs(1*units.Hz, 900))
	t.Logf("FK506 + LFS: trapped %.1f → %.1f at the end of LFS (%+.1f%%, PKA-driven S845 phosphorylation) → %.1f at 60 min; CaMKII-P peak %.3f; drug-only control %.1f → %.1f",
		o.w0, o.wEnd, 100*(o.wEnd/o.w0-1), o.w60, o.xMax, c.w0, c.w60)
	row(t, "B13 LFS + FK506 vs control", o.w60/c.w60-1, -noChange, noChange, "fitted (KCat2A window)", "")
	h, hc := runDrug(t, Default(), fk, lfs(100*units.Hz, 100))
	ctl := cached(t, "HFS 100 Hz × 1 s", Default(), lfs(100*units.Hz, 100))
	dh := h.w60/hc.w60 - 1
	t.Logf("FK506 + HFS: %+.1f%% vs drug-only control at 60 min; untreated HFS %+.1f%%", 100*dh, 100*ctl.d60())
	row(t, "B13 HFS + FK506 / untreated HFS − 1", dh/ctl.d60()-1, -0.5, math.Inf(1), "prediction", "")
}

// TestKNBlocksLTP: HFS with CaMKII blocked (KN-62/KN-93): no LTP.
// Prediction.
func TestKNBlocksLTP(t *testing.T) {
	t.Parallel()
	o, c := runDrug(t, Default(), func(p *Params) { p.CaMKIIScale = 0 }, lfs(100*units.Hz, 100))
	row(t, "KN-62 + HFS vs control", o.w60/c.w60-1, -noChange, noChange, "prediction", "")
}

// TestBAPTANoChange: LFS and HFS with Ca²⁺ clamped at rest (strong
// postsynaptic BAPTA, B10): no change. Prediction (trivial: rest is a
// fixed point).
func TestBAPTANoChange(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		d    Transients
	}{{"B10 LFS + BAPTA", lfs(1*units.Hz, 900)}, {"B10 HFS + BAPTA", lfs(100*units.Hz, 100)}} {
		c.d.Amp = 0
		o := run(t, Default(), c.d)
		row(t, c.name+", 60 min", o.d60(), -noChange, noChange, "prediction", "")
	}
}

// bath is what a bath-application experiment reports, relative to a
// drug-only control followed over the same time (with no drug: to the
// resting state): all surface receptors (OnSurface) before, their largest
// loss and its time after onset, the changes 10, 15 and 60 min after
// onset and of the trapped count at 60 min; the S845-P fraction of surface
// receptors before, at the end of the plateau and at 60 min; the CaMKII-P
// peak; the constitutive (S845-P) endocytosis flux [receptors/min] at its
// lowest.
type bath struct {
	s0, loss, tMin, d10, d15, d60, dw60 float64
	s845Rest, s845End, s845Late         float64
	xMax, cycleMin                      float64
}

// bathRun applies drug (nil: none) to the untreated resting state for
// preIncubation, then plateau d (onset d.Start after the pre-incubation),
// and follows it for 60 min after onset, sampling every 15 s; the control
// run is the same with the plateau at rest.
func bathRun(t *testing.T, drug func(*Params), d Plateau) bath {
	t.Helper()
	if drug == nil {
		drug = func(*Params) {}
	}
	type sample struct{ s, w, s845, x, cycle float64 }
	var runs [2][]sample
	var p Params
	for i, amp := range []float64{d.Amp, 0} {
		c, q, err := startDrug(Default(), drug)
		if err != nil {
			t.Fatal(err)
		}
		p = q
		e := d
		e.Amp, e.Start, e.Stop = amp, d.Start+c.T, d.Stop+c.T
		get := func() sample {
			y := c.Read(nil)
			s := OnSurface(y)
			return sample{s: s, w: Trapped(y), s845: (y[T10] + y[T11] + y[M10] + y[M11]) / s, x: y[CaMKIIP] / p.CaMKII.Total,
				cycle: p.Traffic.EndoP * (1 - p.Traffic.Phi) * (y[M10] + y[M11]) * units.Minute}
		}
		runs[i] = append(runs[i], get())
		var ts []float64
		for s := 15 * units.Second; s <= 60*units.Minute; s += 15 * units.Second {
			ts = append(ts, e.Start+s)
		}
		if err := c.AdvancePlateau(e, e.Start+60*units.Minute, ts, func(float64) { runs[i] = append(runs[i], get()) }); err != nil {
			t.Fatal(err)
		}
	}
	st, ct := runs[0], runs[1]
	b := bath{s0: st[0].s, s845Rest: st[0].s845, cycleMin: math.Inf(1)}
	for k := range st {
		m := float64(k) * 15 * units.Second / units.Minute // minutes after onset
		r := st[k].s/ct[k].s - 1
		if r < b.loss {
			b.loss, b.tMin = r, m
		}
		b.xMax = max(b.xMax, st[k].x)
		b.cycleMin = min(b.cycleMin, st[k].cycle)
		switch m {
		case (d.Stop - d.Start) / units.Minute:
			b.s845End = st[k].s845
		case 10:
			b.d10 = r
		case 15:
			b.d15 = r
		case 60:
			b.d60, b.dw60, b.s845Late = r, st[k].w/ct[k].w-1, st[k].s845
		}
	}
	return b
}

func (b bath) String() string {
	return fmt.Sprintf("surface %.0f: largest loss %+.1f%% at %.2g min, %+.1f%% at 10 min, %+.1f%% at 15 min, %+.1f%% at 60 min (trapped %+.1f%%); S845-P %.3f → %.3f → %.3f; CaMKII-P peak %.3f",
		b.s0, 100*b.loss, b.tMin, 100*b.d10, 100*b.d15, 100*b.d60, 100*b.dw60, b.s845Rest, b.s845End, b.s845Late, b.xMax)
}

// TestM2BathNMDA: bath NMDA (about 20 µM, 3 min; drive BathNMDA, 0.75 µM
// above rest [A]): surface GluA1 falls by 15–40% within 10–15 min, then
// partly re-inserts; S845 is dephosphorylated, then rephosphorylated
// (Ehlers 2000 [V-abs]; Beattie et al. 2000 [M] for the magnitude). All
// predictions. Sensitivity to the assumed plateau (0.5 and 1.0 µM) is
// logged.
func TestM2BathNMDA(t *testing.T) {
	t.Parallel()
	for _, amp := range []float64{0.5, 1.0} {
		d := BathNMDA(1 * units.Second)
		d.Amp = amp
		t.Logf("sensitivity, plateau %.2f µM above rest: %v", amp, bathRun(t, nil, d))
	}
	b := bathRun(t, nil, BathNMDA(1*units.Second))
	t.Logf("plateau 0.75 µM above rest (BathNMDA): %v", b)
	loss := b.loss
	// Known miss: S845-dephosphorylated surface receptors are endocytosed
	// at 1 /s (Urakubo), so once PP1 is released the non-trapped surface
	// pool empties within seconds and trapped receptors follow as they are
	// released (0.033 /s); the 20× larger internal pool then refills the
	// surface within minutes. The loss is too deep and too early.
	row(t, "M2 bath NMDA, largest surface loss", loss, -0.40, -0.15, "prediction",
		"Urakubo's 1 /s S845-D endocytosis empties the surface within the plateau")
	if b.tMin > 15 {
		t.Errorf("M2: largest surface loss at %.1f min, want onset < 15 min", b.tMin)
	}
	if rec := (b.d60 - b.loss) / -b.loss; !(rec > 0.5 && b.d60 < 0) {
		t.Errorf("M2: no partial re-insertion (recovered %.2f of the loss by 60 min, surface %+.1f%%)", rec, 100*b.d60)
	}
	if !(b.s845End < b.s845Rest-0.05 && b.s845Late > b.s845End) {
		t.Errorf("M2: S845 not dephosphorylated then rephosphorylated (%.3f → %.3f → %.3f)", b.s845Rest, b.s845End, b.s845Late)
	}
	if b.xMax > 0.01 {
		t.Errorf("M2: the bath-NMDA plateau switched CaMKII (x = %.3f)", b.xMax)
	}
}

// TestM3BlockedInternalisation: bath NMDA with Ca²⁺ chelated (plateau at
// rest), with PP1/PP2A blocked (okadaic acid) or with calcineurin blocked
// (FK506): no NMDA-induced internalisation, |Δ surface| < 5% (Ehlers 2000
// [V-abs]). Predictions.
func TestM3BlockedInternalisation(t *testing.T) {
	t.Parallel()
	chelated := BathNMDA(1 * units.Second)
	chelated.Amp = 0
	for _, c := range []struct {
		name  string
		drug  func(*Params)
		d     Plateau
		known string
	}{
		{"M3 bath NMDA, Ca²⁺ chelated", nil, chelated, ""},
		{"M3 bath NMDA + okadaic acid", func(p *Params) { p.PP1Scale, p.PP2AScale = 0, 0 }, BathNMDA(1 * units.Second), ""},
		// Known miss: with calcineurin blocked PP1 stays inhibited, and a
		// sustained 0.82 µM for 3 min drives CaMKII initiation (0.06 µM/s)
		// past PP2A's saturated capacity (0.04 µM/s), which cannot be
		// raised without losing the UP state at rest (camkii.go): CaMKII
		// switches UP and the surface count rises.
		{"M3 bath NMDA + FK506", func(p *Params) { p.CaNScale = 0 }, BathNMDA(1 * units.Second),
			"CaMKII switches UP under a sustained plateau when PP1 stays inhibited"},
	} {
		b := bathRun(t, c.drug, c.d)
		t.Logf("%s: %v", c.name, b)
		if b.loss < -noChange {
			t.Errorf("%s: internalisation %+.1f%% (want none, > −5%%)", c.name, 100*b.loss)
		}
		row(t, c.name+", 60 min", b.d60, -noChange, noChange, "prediction", c.known)
	}
}

// TestM4Dynamin: with dynamin/clathrin endocytosis blocked (EndoPost = 0)
// neither LFS nor bath NMDA removes receptors, and the dynamin-independent
// constitutive cycling of S845-P receptors continues (Glebov et al. 2015
// [V-abs]). Predictions.
func TestM4Dynamin(t *testing.T) {
	t.Parallel()
	dyn := func(p *Params) { p.EndoPost = 0 }
	o, c := runDrug(t, Default(), dyn, lfs(1*units.Hz, 900))
	row(t, "M4 LFS + dynamin block vs control", o.w60/c.w60-1, -noChange, noChange, "prediction", "")
	b := bathRun(t, dyn, BathNMDA(1*units.Second))
	u := cached(t, "LFS 1 Hz", Default(), lfs(1*units.Hz, 900))
	t.Logf("dynamin block alone for 30 min: trapped %+.1f%%, all surface %.0f → %.0f (run-up: the internal pool comes to the surface; cf. EPSC run-up with dynamin-inhibitory peptide, Lüscher et al. 1999 [M])",
		100*(c.w0/u.w0-1), restSurface(t), b.s0)
	t.Logf("bath NMDA + dynamin block: %v; constitutive endocytosis ≥ %.1f receptors/min throughout", b, b.cycleMin)
	row(t, "M4 bath NMDA + dynamin block, min", b.loss, -noChange, noChange, "prediction", "")
	if !(b.cycleMin > 1) {
		t.Errorf("M4: constitutive endocytosis fell to %.3g receptors/min under dynamin block", b.cycleMin)
	}
}

// restSurface is OnSurface at the untreated resting state.
func restSurface(t *testing.T) float64 {
	c, err := New(Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return OnSurface(c.Read(nil))
}

// TestM5LigandEndocytosis: AMPA-only stimulation (Ligand = 1 for 10 min,
// no NMDAR Ca²⁺) internalises surface receptors into late endosomes and
// lysosomes, not into the recycling pool, and independently of PP1/PP2A
// and calcineurin (Ehlers 2000 [V-abs]). Measured against a run without
// AMPA from the same state (the drug-only control): the loss of the
// non-trapped surface pool, which is what ligand endocytosis acts on, and
// where the internalised receptors go. Prediction (qualitative).
func TestM5LigandEndocytosis(t *testing.T) {
	t.Parallel()
	var losses []float64
	for _, c := range []struct {
		name string
		mod  func(*Params)
	}{{"untreated", func(*Params) {}}, {"okadaic acid", func(p *Params) { p.PP1Scale, p.PP2AScale = 0, 0 }},
		{"FK506", func(p *Params) { p.CaNScale = 0 }}} {
		var y [2][2][]float64 // [ligand, control][before, after]
		for i, lig := range []float64{1, 0} {
			cs, p, err := startDrug(Default(), c.mod)
			if err != nil {
				t.Fatal(err)
			}
			y[i][0] = cs.Read(nil)
			p.Ligand = lig
			if err := cs.SetParams(p); err != nil {
				t.Fatal(err)
			}
			rest := func(float64) float64 { return p.CaRest }
			if err := cs.Advance(10*units.Minute, rest, nil, nil); err != nil {
				t.Fatal(err)
			}
			y[i][1] = cs.Read(nil)
		}
		gain := func(f func([]float64) float64) float64 { return (f(y[0][1]) - f(y[0][0])) - (f(y[1][1]) - f(y[1][0])) }
		degr := gain(func(v []float64) float64 { return v[Late] + v[Degraded] })
		recyc := gain(func(v []float64) float64 { return v[IntD] + v[IntP] })
		free := func(v []float64) float64 { return OnSurface(v) - Trapped(v) }
		loss := free(y[0][1])/free(y[1][1]) - 1
		surf := OnSurface(y[0][1])/OnSurface(y[1][1]) - 1
		losses = append(losses, loss)
		t.Logf("M5 %-12s 10 min of AMPA vs control: non-trapped surface %+.1f%%, all surface %+.1f%%; %+.0f receptors to late endosome/lysosome, %+.0f to the endosomal (recycling) pool",
			c.name, 100*loss, 100*surf, degr, recyc)
		if !(loss < -noChange && degr > 0 && recyc < 0.1*degr) {
			t.Errorf("M5 %s: ligand internalisation not routed to degradation (surface %+.1f%%, late %+.0f, recycling %+.0f)",
				c.name, 100*loss, degr, recyc)
		}
	}
	// The ligand route's rate per surface receptor does not depend on
	// phosphatases (it ignores S845); the fraction lost differs (−15% vs
	// −46% with okadaic acid) because okadaic acid also stops regulated
	// endocytosis, which otherwise shrinks with the surface pool and
	// buffers it. Science.md rates M5 qualitative: internalisation with
	// and without phosphatases, routed to degradation.
	t.Logf("M5 non-trapped surface loss: untreated %+.1f%%, okadaic acid %+.1f%%, FK506 %+.1f%%", 100*losses[0], 100*losses[1], 100*losses[2])
}

// TestUrakuboOriginalNoLTD: the port's rates (no CaN on PP1-bound I-1) do
// not give LTD for 900 × 1 Hz, also with the spine's Ca²⁺ (the known
// failure, docs/sources.md §5.8). The drive rests at the model's own 0.05 µM.
func TestUrakuboOriginalNoLTD(t *testing.T) {
	t.Parallel()
	p := UrakuboOriginal()
	d := lfs(1*units.Hz, 900)
	d.Rest = p.CaRest
	o := run(t, p, d)
	t.Logf("UrakuboOriginal: trapped %.1f → %.1f (%+.1f%%) → %.1f (60 min after, %+.1f%%); CaMKII-P %.2f",
		o.w0, o.wEnd, 100*(o.wEnd/o.w0-1), o.w60, 100*o.d60(), o.x60)
	if o.d60() <= -0.10 {
		t.Errorf("UrakuboOriginal gives LTD %+.1f%%; the known failure is no LTD", 100*o.d60())
	}
}
