package main

import (
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/report"
	"github.com/synlab/synlab/trace"
	"github.com/synlab/synlab/units"
)

// version is the synlab build: module version and VCS revision when known.
func version() string {
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

// manifest is the fully resolved description of a run.
type manifest struct {
	Synlab     string              `json:"synlab"`
	Go         string              `json:"go"`
	Spec       *experiment.Spec    `json:"spec"`
	SpecYAML   string              `json:"spec_yaml"`
	Source     string              `json:"source,omitempty"`
	Seed       uint64              `json:"seed"`
	Tier       string              `json:"tier"`
	Parameters []experiment.Param  `json:"parameters"`
	Bath       map[string]string   `json:"bath"`
	Drugs      []map[string]string `json:"drugs,omitempty"`
	Events     int                 `json:"events"`
	Induction  [2]string           `json:"induction"`
	End        string              `json:"end"`
	Record     string              `json:"record_every"`
}

func newManifest(res *experiment.Result, specYAML []byte) manifest {
	pl := res.Plan
	m := manifest{
		Synlab: version(), Go: runtime.Version(), Spec: pl.Spec, SpecYAML: string(specYAML),
		Source: pl.Spec.Source, Seed: pl.Spec.Seed, Tier: res.Tier, Parameters: res.Params,
		Bath:      map[string]string{"ca": units.Format(pl.CaO, units.Concentration), "mg": units.Format(pl.MgO, units.Concentration)},
		Events:    len(pl.Schedule.Events),
		Induction: [2]string{units.Format(pl.Schedule.InductionStart, units.Time), units.Format(pl.Schedule.InductionEnd, units.Time)},
		End:       units.Format(pl.End, units.Time),
		Record:    units.Format(pl.RecordEvery, units.Time),
	}
	for _, d := range pl.Drugs {
		m.Drugs = append(m.Drugs, map[string]string{"name": d.Name, "conc": units.Format(d.Conc, units.Concentration)})
	}
	return m
}

// runReport assembles the output folder of one run.
func runReport(name string, res *experiment.Result, specYAML []byte) report.Run {
	return report.Run{
		Name:     name,
		Title:    res.Summary.Protocol + " — " + res.Tier,
		Text:     reportText(res.Summary),
		Summary:  res.Summary,
		Manifest: newManifest(res, specYAML),
		Series:   res.Series,
		Extra:    map[string]*trace.Table{"tests": res.Tests},
		Figure:   runFigure(res),
	}
}

// reportText is the summary paragraph and, for tiers with a mechanism, what
// happened in it (the lines synlab explain prints).
func reportText(s experiment.Summary) string {
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
