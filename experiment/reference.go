package experiment

import (
	"fmt"
	"strings"
)

// Reference renders the field table as the spec language's reference
// (docs/spec.md; synlab spec): one row per field with its path, shape,
// unit, default, bound and meaning.
func Reference() string {
	var b strings.Builder
	b.WriteString("# The experiment spec: every field\n\n")
	b.WriteString("Generated from the field table of package experiment (`experiment.Fields`), which also drives decoding,\n")
	b.WriteString("validation, `--set`, the web form and this page; `go test ./experiment -run Reference -update` rewrites it.\n")
	b.WriteString("Quantities are strings with their unit (\"20 ms\", \"1.8 mM\"); `[]` marks the elements of a list.\n")
	b.WriteString("Names that depend on the model (tier, set, overrides, drugs, recorded variables) are listed by\n")
	b.WriteString("`synlab tiers`, `synlab drugs` and the tier docs.\n\n")
	b.WriteString("| field | shape | unit | default | allowed | what it is |\n|---|---|---|---|---|---|\n")
	for _, f := range table() {
		shape := map[Kind]string{KStruct: "mapping", KString: "string", KInt: "integer", KUint: "integer ≥ 0",
			KFloat: "number", KDict: "mapping name → quantity", KList: "list", KBool: "true/false"}[f.Kind]
		unit := ""
		if f.Quantity {
			unit = f.Dim.String()
			if f.Unit != "" {
				unit += " (" + f.Unit + ")"
			}
		}
		allowed := map[Bound]string{Positive: "> 0", NonNeg: "≥ 0", BathRange: "0–20 mM"}[f.Bound]
		if f.Required {
			allowed = strings.TrimSpace("required " + allowed)
		}
		help := f.Help
		if f.Example != "" && f.Kind != KStruct {
			help = strings.TrimSpace(help + fmt.Sprintf(" (e.g. `%s`)", f.Example))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", f.Path, shape, unit, f.Default, allowed, strings.ReplaceAll(help, "|", "\\|"))
	}
	return b.String()
}
