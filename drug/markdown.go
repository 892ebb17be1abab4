package drug

import (
	"fmt"
	"strconv"
	"strings"
)

// Markdown renders the drug table (name, aliases, target, potency, usual
// concentration, source and caveats), for docs and the command line.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| drug | aliases | target | potency | usual | source | not modelled |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, d := range Drugs() {
		pot := "— (buffer: the dose is the added concentration)"
		if d.Potency > 0 {
			pot = d.Measure + " " + Conc(d.Potency)
			if d.Hill != 1 && d.Hill != 0 {
				pot += ", n = " + strconv.FormatFloat(d.Hill, 'g', -1, 64)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s (%s) | %s | %s |\n",
			d.Name, strings.Join(d.Aliases, ", "), d.Target, pot, Conc(d.Usual), d.Route,
			mdCell(d.Source), mdCell(d.Note))
	}
	return b.String()
}

// Conc writes a concentration [µM] in the unit that reads best.
func Conc(c float64) string {
	f := func(v float64, unit string) string { return strconv.FormatFloat(v, 'g', 3, 64) + " " + unit }
	switch {
	case c >= 1000:
		return f(c/1000, "mM")
	case c >= 0.1:
		return f(c, "µM")
	case c >= 1e-4:
		return f(c*1000, "nM")
	default:
		return f(c*1e6, "pM")
	}
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
