package lab

import (
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// Version is the synlab build: module version and VCS revision when known.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			v += " modified"
		}
	}
	return v
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
	Induction  [2]string           `json:"induction"`
	End        string              `json:"end"`
	Record     string              `json:"record_every"`
}

// NewManifest describes the run res of the spec source specYAML.
func NewManifest(res *engine.Result, specYAML []byte) Manifest {
	pl := res.Plan
	m := Manifest{
		Synlab: Version(), Go: runtime.Version(), Spec: pl.Spec, SpecYAML: string(specYAML),
		Source: pl.Spec.Source, Seed: pl.Spec.Seed, Tier: res.Tier, Parameters: res.Params,
		Bath:      map[string]string{"ca": units.Format(pl.CaO, units.Concentration), "mg": units.Format(pl.MgO, units.Concentration)},
		Events:    int(pl.Layout.Events),
		Induction: [2]string{units.Format(pl.Layout.InductionStart, units.Time), units.Format(pl.Layout.InductionEnd, units.Time)},
		End:       units.Format(pl.End, units.Time),
		Record:    units.Format(pl.RecordEvery, units.Time),
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
