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
		var targets, pots []string
		for _, a := range d.Actions() {
			targets = append(targets, string(a.Target))
			pot := "— (buffer: the dose is the added concentration)"
			if a.Potency > 0 {
				pot = a.Measure + " " + Conc(a.Potency)
				if a.Hill != 1 && a.Hill != 0 {
					pot += ", n = " + strconv.FormatFloat(a.Hill, 'g', -1, 64)
				}
				if len(d.Also) > 0 {
					pot += " (" + string(a.Target) + ")"
				}
			}
			pots = append(pots, pot)
		}
		src := d.Source
		for _, a := range d.Also {
			src += "; " + string(a.Target) + ": " + a.Source
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s (%s) | %s | %s |\n",
			d.Name, strings.Join(d.Aliases, ", "), strings.Join(targets, ", "), strings.Join(pots, "; "), Conc(d.Usual), d.Route,
			mdCell(src), mdCell(d.Note))
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
