package lab

import (
	"fmt"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
)

// EPSPColumns are the columns of a run's EPSP waveform table: time from
// the test stimulus [ms], the EPSP before the induction and at the readout
// after it [mV].
var EPSPColumns = [3]string{"t_ms", "before_mV", "after_mV"}

// EPSP returns the run's EPSP waveform table (EPSPColumns), for the inset
// of Fig. 8.16B, or nil when the tier records none. Only a CA1 population
// model records the waveform; no other tier has one, and none is made up.
//
// The table is the model's (engine.Tabler, Result.Extra["epsp"]).
func EPSP(res *engine.Result) *trace.Table {
	if res == nil {
		return nil
	}
	return res.Extra["epsp"]
}

// CheckEPSP reports whether t has the EPSP waveform columns.
func CheckEPSP(t *trace.Table) error {
	for _, c := range EPSPColumns {
		if t.Col(c) == nil {
			return fmt.Errorf("lab: EPSP table lacks column %q (want %v)", c, EPSPColumns)
		}
	}
	return t.Check()
}

// legend is what a legend calls a column: its label from the Doc, or def
// when it has no Doc.
func legend(c trace.Col, def string) string {
	if c.Doc == "" {
		return def
	}
	return plot.ColLabel(c)
}

// EPSPInset draws an EPSP waveform table as an inset: the EPSP before and
// after the induction against time from the test stimulus. A nil or
// malformed table draws no inset.
func EPSPInset(t *trace.Table) *plot.Inset {
	if t == nil || CheckEPSP(t) != nil {
		return nil
	}
	return &plot.Inset{Table: t, X: "t_ms", Y: []string{"before_mV", "after_mV"},
		Legend: []string{legend(col(t, "before_mV"), "before"), legend(col(t, "after_mV"), "after")},
		XLabel: "ms", YLabel: "EPSP (mV)"}
}
