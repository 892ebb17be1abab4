package lab

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// Version is the synlab build, so a run can be traced to the code that
// made it: the module version when synlab was installed as a module; else
// the VCS revision stamped by the Go toolchain, with "+dirty" when the tree
// had uncommitted changes; else (go run, or builds with -buildvcs=false)
// the revision read from the source tree's git repository at run time,
// marked so; "devel, no VCS information" when none is found.
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" && !strings.Contains(bi.Main.Version, "+dirty") {
		return bi.Main.Version
	}
	if ok {
		var rev string
		dirty := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			return revision(rev, dirty)
		}
	}
	if rev, dirty, ok := sourceRevision(); ok {
		return revision(rev, dirty) + " (read from the source tree at run time)"
	}
	return "devel, no VCS information"
})

func revision(rev string, dirty bool) string {
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return rev
}

// sourceRevision asks git for the revision of the source tree this file
// was compiled from (runtime.Caller gives its path unless -trimpath).
func sourceRevision() (rev string, dirty, ok bool) {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "", false, false
	}
	dir := filepath.Dir(file)
	out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return "", false, false
	}
	st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output()
	return strings.TrimSpace(string(out)), err == nil && len(strings.TrimSpace(string(st))) > 0, true
}

// Manifest is the fully resolved description of a run (manifest.json).
type Manifest struct {
	Synlab     string              `json:"synlab"`
	Go         string              `json:"go"`
	Spec       *experiment.Spec    `json:"spec"`
	SpecYAML   string              `json:"spec_yaml"`
	Source     string              `json:"source,omitempty"`
	Seed       uint64              `json:"seed"`
	Tier       string              `json:"tier"`
	Parameters []engine.Param      `json:"parameters"`
	Bath       map[string]string   `json:"bath"`
	Drugs      []map[string]string `json:"drugs,omitempty"`
	Events     int                 `json:"events"`
	// Induction, End and Record are for people ("15 min", "33.3 s");
	// the *MS fields hold the same times exactly, in ms.
	Induction   [2]string  `json:"induction"`
	End         string     `json:"end"`
	Record      string     `json:"record_every"`
	InductionMS [2]float64 `json:"induction_ms"`
	EndMS       float64    `json:"end_ms"`
	RecordMS    float64    `json:"record_every_ms"`
	// Warnings are the spec's allowed but implausible values
	// (engine.Plan.Warnings).
	Warnings []string `json:"warnings,omitempty"`
}

// NewManifest describes the run res of the spec source specYAML.
func NewManifest(res *engine.Result, specYAML []byte) Manifest {
	pl := res.Plan
	m := Manifest{
		Synlab: Version(), Go: runtime.Version(), Spec: pl.Spec, SpecYAML: string(specYAML),
		Source: pl.Spec.Source, Seed: pl.Spec.Seed, Tier: res.Tier, Parameters: res.Params,
		Bath:        map[string]string{"ca": units.Format(pl.CaO, units.Concentration), "mg": units.Format(pl.MgO, units.Concentration)},
		Events:      int(pl.Layout.Events),
		Induction:   [2]string{Duration(pl.Layout.InductionStart), Duration(pl.Layout.InductionEnd)},
		End:         Duration(pl.End),
		Record:      Duration(pl.RecordEvery),
		InductionMS: [2]float64{pl.Layout.InductionStart, pl.Layout.InductionEnd},
		EndMS:       pl.End,
		RecordMS:    pl.RecordEvery,
		Warnings:    pl.Warnings,
	}
	for _, d := range pl.Drugs {
		m.Drugs = append(m.Drugs, map[string]string{"name": d.Name, "conc": units.Format(d.Conc, units.Concentration)})
	}
	return m
}

// RunReport assembles the output folder of one run: summary, manifest, the
// sampled state, the test pulses and the main figure. synlab run adds the
// zoom on single pulses (AddZoom).
func RunReport(name string, res *engine.Result, specYAML []byte) report.Run {
	return report.Run{
		Name:     name,
		Title:    res.Summary.Protocol + " — " + res.Tier,
		Text:     ReportText(res.Summary),
		Summary:  res.Summary,
		Manifest: NewManifest(res, specYAML),
		Series:   res.Series,
		Extra:    map[string]*trace.Table{"tests": res.Tests},
		Figure:   RunFigure(res),
	}
}

// AddZoom adds the zoom of a run recorded with engine.Options.Zoom to r:
// the figure pulses.svg/png and the table pulses.csv. A run without a zoom
// adds nothing.
func AddZoom(r *report.Run, z *engine.Result) {
	if z.Zoom == nil {
		return
	}
	if r.Figures == nil {
		r.Figures = map[string]plot.Figure{}
	}
	if r.Extra == nil {
		r.Extra = map[string]*trace.Table{}
	}
	r.Figures["pulses"] = ZoomFigure(z)
	r.Extra["pulses"] = z.Zoom
}

// ReportText is the summary paragraph and, for tiers with a mechanism, what
// happened in it (the lines synlab explain prints).
func ReportText(s engine.Summary) string {
	if len(s.Explain) == 0 {
		return s.Text
	}
	var b strings.Builder
	b.WriteString(s.Text)
	b.WriteString("\n\n**What happened.**")
	for _, l := range s.Explain {
		b.WriteString(" ")
		b.WriteString(l)
	}
	return b.String()
}
