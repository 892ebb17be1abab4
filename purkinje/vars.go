package purkinje

import "github.com/synlab/synlab/units"

// variables describes the state, in index order (names).
var variables = [NState]units.Var{
	{Name: "s_pf", Unit: "1", Doc: "parallel-fibre Ca2+ influx state (jumps by 1 per PF pulse)"},
	{Name: "s_cf", Unit: "1", Doc: "climbing-fibre Ca2+ influx state (jumps by 1 per complex spike)"},
	{Name: "ca_uM", Unit: "µM", Doc: "free Ca2+ in the Purkinje spine", Label: "Spine Ca²⁺"},
	{Name: "mglur_frac", Unit: "1", Doc: "fraction of mGluR1 active"},
	{Name: "dag_uM", Unit: "µM", Doc: "diacylglycerol", Label: "DAG"},
	{Name: "no_uM", Unit: "µM", Doc: "nitric oxide"},
	{Name: "nsf_sno_frac", Unit: "1", Doc: "fraction of NSF S-nitrosylated", Label: "NSF S-nitrosylated (fraction)"},
	{Name: "pkc_active", Unit: "count", Doc: "active PKC"},
	{Name: "erk_active", Unit: "count", Doc: "active ERK"},
	{Name: "cpla2_active", Unit: "count", Doc: "active cPLA2"},
	{Name: "aa", Unit: "count", Doc: "arachidonic acid"},
	{Name: "ampar_psd_u", Unit: "count", Doc: "GRIP-anchored GluA2 in the PSD, S880 dephosphorylated"},
	{Name: "ampar_psd_p", Unit: "count", Doc: "GluA2 in the PSD, S880 phosphorylated"},
	{Name: "ampar_ext_u", Unit: "count", Doc: "extrasynaptic surface GluA2, S880 dephosphorylated"},
	{Name: "ampar_ext_p", Unit: "count", Doc: "extrasynaptic surface GluA2, S880 phosphorylated"},
	{Name: "ampar_int_u", Unit: "count", Doc: "internal GluA2, S880 dephosphorylated"},
	{Name: "ampar_int_p", Unit: "count", Doc: "internal GluA2, S880 phosphorylated"},
}

// Variables describes the state, with units and one-line descriptions, in
// index order (the names of Names).
func Variables() []units.Var { return append([]units.Var(nil), variables[:]...) }
