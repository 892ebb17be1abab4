package sbml

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkSuite runs every core case of the SBML Test Suite (all cores)
// per iteration and logs the slowest cases and those taking the most
// solver steps (the stiffest), with rejected steps and events.
func BenchmarkSuite(b *testing.B) {
	cases, _ := loadSuite(b)
	var outs []outcome
	for b.Loop() {
		outs = runSuite(cases, "")
	}
	b.ReportMetric(float64(len(cases)), "cases/op")
	top := func(title string, less func(a, b outcome) bool) {
		s := append([]outcome(nil), outs...)
		sort.Slice(s, func(i, j int) bool { return less(s[i], s[j]) })
		var lines []string
		for _, o := range s[:5] {
			lines = append(lines, fmt.Sprintf("  %s %-22s %8v %7d steps %5d rejected %5d events %s", o.ID, o.File, o.Dur.Round(time.Microsecond), o.Steps, o.Rej, o.Events, o.Status))
		}
		b.Logf("%s:\n%s", title, strings.Join(lines, "\n"))
	}
	top("slowest", func(a, b outcome) bool { return a.Dur > b.Dur })
	top("most solver steps", func(a, b outcome) bool { return a.Steps > b.Steps })
	top("most rejected steps", func(a, b outcome) bool { return a.Rej > b.Rej })
	var total time.Duration
	for _, o := range outs {
		total += o.Dur
	}
	b.Logf("sum of case times %v over %d cases", total.Round(time.Millisecond), len(outs))
}
