package main

import (
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/report"
)

// The manifest and report are built in package lab, shared with the web lab
// (synlab serve); these names keep the command's code as it was.

// version is the synlab build: module version and VCS revision when known.
func version() string { return lab.Version() }

// manifest is the fully resolved description of a run.
type manifest = lab.Manifest

func newManifest(res *engine.Result, specYAML []byte) manifest {
	return lab.NewManifest(res, specYAML)
}

// runReport assembles the output folder of one run.
func runReport(name string, res *engine.Result, specYAML []byte) report.Run {
	return lab.RunReport(name, res, specYAML)
}

// reportText is the summary paragraph and, for tiers with a mechanism, what
// happened in it (the lines synlab explain prints).
func reportText(s engine.Summary) string { return lab.ReportText(s) }
