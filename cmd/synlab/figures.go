package main

import (
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
)

// The figures are built in package lab, shared with the web lab (synlab
// serve); these names keep the command's code as it was.

// toMin converts the engine's ms to the figure's minutes.
const toMin = lab.ToMin

// marks turns a tier's reference lines into plot lines.
func marks(v engine.View, col string) []plot.HLine { return lab.Marks(v, col) }

// has reports whether the table has the column.
func has(t *trace.Table, col string) bool { return lab.Has(t, col) }

// runFigure is the Fig. 8.16B-style figure (lab.RunFigure).
func runFigure(res *engine.Result) plot.Figure { return lab.RunFigure(res) }

// zoomFigure shows the first pulses of the induction closely (lab.ZoomFigure).
func zoomFigure(z *engine.Result) plot.Figure { return lab.ZoomFigure(z) }
