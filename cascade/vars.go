package cascade

import "github.com/synlab/synlab/units"

// variables describes the state vector, in index order (names).
var variables = [NState]units.Var{
	{Name: "camkii_uM", Unit: "µM", Doc: "CaMKII subunits not T286-phosphorylated"},
	{Name: "camkii_p_uM", Unit: "µM", Doc: "CaMKII subunits T286-phosphorylated (autonomous)", Label: "CaMKII T286-P"},
	{Name: "can_uM", Unit: "µM", Doc: "inactive calcineurin"},
	{Name: "can_active_uM", Unit: "µM", Doc: "active (Ca2+/CaM-bound) calcineurin", Label: "Active calcineurin"},
	{Name: "pka_uM", Unit: "µM", Doc: "inactive PKA"},
	{Name: "pka_active_uM", Unit: "µM", Doc: "active PKA", Label: "Active PKA"},
	{Name: "i1_uM", Unit: "µM", Doc: "dephosphorylated inhibitor-1"},
	{Name: "i1_p_uM", Unit: "µM", Doc: "free phospho-inhibitor-1"},
	{Name: "pp1_active_uM", Unit: "µM", Doc: "free (active) PP1", Label: "Free PP1"},
	{Name: "pp1_i1p_uM", Unit: "µM", Doc: "PP1 bound to phospho-inhibitor-1 (inactive)"},
	{Name: "cam_free_uM", Unit: "µM", Doc: "free calmodulin, C lobe without Ca2+ (explicit CaM only)"},
	{Name: "cam_c_uM", Unit: "µM", Doc: "free calmodulin with its C lobe Ca2+-loaded (explicit CaM only)", Label: "Ca2+-loaded CaM"},
	{Name: "camkii_cam_uM", Unit: "µM", Doc: "CaMKII subunits with calmodulin bound (explicit CaM only)", Label: "CaM-bound CaMKII"},
	{Name: "can_cam_uM", Unit: "µM", Doc: "calmodulin bound to calcineurin (explicit CaM only; equals active calcineurin)"},
	{Name: "camkii_nocam_uM", Unit: "µM", Doc: "CaMKII subunits without calmodulin (explicit CaM only)"},
	{Name: "camp_uM", Unit: "µM", Doc: "cAMP made by Ca2+/CaM-stimulated adenylyl cyclase 1 (explicit CaM only)", Label: "cAMP"},
	{Name: "camp_hydrolysed_uM", Unit: "µM", Doc: "cumulative cAMP hydrolysed by phosphodiesterase since t = 0 (a counter)"},
	{Name: "ampar_psd_00", Unit: "count", Doc: "PSD-trapped AMPARs, GluA1 S845 and PDZ site dephosphorylated"},
	{Name: "ampar_psd_10", Unit: "count", Doc: "PSD-trapped AMPARs, S845 phosphorylated, PDZ site not"},
	{Name: "ampar_psd_01", Unit: "count", Doc: "PSD-trapped AMPARs, S845 dephosphorylated, PDZ site phosphorylated"},
	{Name: "ampar_psd_11", Unit: "count", Doc: "PSD-trapped AMPARs, S845 and PDZ site phosphorylated"},
	{Name: "ampar_surface_00", Unit: "count", Doc: "non-trapped surface AMPARs, S845 and PDZ dephosphorylated"},
	{Name: "ampar_surface_10", Unit: "count", Doc: "non-trapped surface AMPARs, S845 phosphorylated"},
	{Name: "ampar_surface_01", Unit: "count", Doc: "non-trapped surface AMPARs, PDZ site phosphorylated"},
	{Name: "ampar_surface_11", Unit: "count", Doc: "non-trapped surface AMPARs, S845 and PDZ phosphorylated"},
	{Name: "ampar_internal_d", Unit: "count", Doc: "AMPARs in recycling endosomes, S845 dephosphorylated"},
	{Name: "ampar_internal_p", Unit: "count", Doc: "AMPARs in recycling endosomes, S845 phosphorylated"},
	{Name: "ampar_late", Unit: "count", Doc: "AMPARs in late endosomes and lysosomes"},
	{Name: "ampar_degraded", Unit: "count", Doc: "cumulative count of degraded AMPARs since t = 0"},
	{Name: "ampar_synthesised", Unit: "count", Doc: "cumulative count of synthesised AMPARs since t = 0"},
	{Name: "ampar_endocytosed", Unit: "count", Doc: "cumulative count of endocytosed AMPARs since t = 0, every route"},
	{Name: "ampar_exocytosed", Unit: "count", Doc: "cumulative count of exocytosed (reinserted) AMPARs since t = 0"},
	{Name: "camkii_psd_bound", Unit: "count", Doc: "GluN2B sites with CaMKII bound (CaMKII translocated to the PSD)", Label: "PSD-bound CaMKII"},
	{Name: "camkii_psd_free_sites", Unit: "count", Doc: "free GluN2B binding sites for CaMKII in the PSD"},
	{Name: "tarp_slots_p", Unit: "count", Doc: "PP1-labile TARP slots, phosphorylated (working trapping slots; CA1Quantal only)", Label: "TARP slots"},
	{Name: "tarp_slots_d", Unit: "count", Doc: "PP1-labile TARP slots, dephosphorylated (lost to LTD; CA1Quantal only)"},
	{Name: "camkii_psd_coincident", Unit: "count", Doc: "GluN2B sites holding CaMKII set by a pre-post coincidence (nanodomain trigger), T286 shielded from the phosphatases (nano.go)"},
}

// Variables describes the state, with units and one-line descriptions, in
// index order (the names of Names).
func Variables() []units.Var { return append([]units.Var(nil), variables[:]...) }
