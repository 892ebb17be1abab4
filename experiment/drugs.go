package experiment

import (
	"sort"
	"strings"
)

// DrugInfo is a named drug: what it acts on and the source of its potency.
type DrugInfo struct {
	Name    string   // canonical name
	Aliases []string // other accepted spellings (case-insensitive)
	Target  string   // what it blocks, in words
	Kd      float64  // half-blocking concentration [µM]
	Source  string
}

// Drugs lists the drugs a spec may name. Each blocks its target by the
// fraction [D]/([D] + Kd) (a single-site competitive block at fixed agonist,
// a simplification stated here). The mechanistic tiers add their drugs here.
func Drugs() []DrugInfo {
	return []DrugInfo{
		{
			Name: "APV", Aliases: []string{"AP5", "D-AP5", "D-APV"},
			Target: "NMDA receptors (competitive glutamate-site antagonist)",
			// [M] Olverman, Jones & Watkins 1988 (Br J Pharmacol), [3H]D-AP5
			// binding, Kd ≈ 1.4 µM: recalled, not re-checked. At the usual
			// 50 µM in slice work this blocks 97% of NMDAR current.
			Kd:     1.4,
			Source: "Olverman et al. 1988 [M]; use in LTD: Dudek & Bear 1992, Mulkey & Malenka 1992",
		},
	}
}

// findDrug resolves a drug name (case-insensitive, aliases allowed).
func findDrug(name string) (DrugInfo, bool) {
	for _, d := range Drugs() {
		if strings.EqualFold(d.Name, name) {
			return d, true
		}
		for _, a := range d.Aliases {
			if strings.EqualFold(a, name) {
				return d, true
			}
		}
	}
	return DrugInfo{}, false
}

// drugNames lists the accepted drug names for error messages.
func drugNames() string {
	var n []string
	for _, d := range Drugs() {
		n = append(n, d.Name)
		n = append(n, d.Aliases...)
	}
	sort.Strings(n)
	return strings.Join(n, ", ")
}

// nmdaBlock is the fraction of NMDA-receptor current blocked by the drugs.
func nmdaBlock(doses []DrugDose) float64 {
	open := 1.0
	for _, d := range doses {
		info, ok := findDrug(d.Name)
		if ok && info.Name == "APV" {
			open *= info.Kd / (d.Conc + info.Kd)
		}
	}
	return 1 - open
}

// checkDrugs reports the first unknown drug.
func checkDrugs(doses []DrugDose) error {
	for i, d := range doses {
		if _, ok := findDrug(d.Name); !ok {
			return &FieldError{Path: "drugs[" + itoa(i) + "].name", Value: d.Name, Allowed: "a known drug: " + drugNames()}
		}
	}
	return nil
}
