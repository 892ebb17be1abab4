package spine

import "github.com/synlab/synlab/units"

// variables describes every column Read fills, in order: the state vector
// (index order, names as in names) and the derived conductances and
// currents (derivedNames).
var variables = [NState + len(derivedNames)]units.Var{
	{Name: "v_soma_mV", Unit: "mV", Doc: "somatic membrane potential", Label: "Soma V"},
	{Name: "v_dend_mV", Unit: "mV", Doc: "dendritic membrane potential", Label: "Dendrite V"},
	{Name: "v_neck_mV", Unit: "mV", Doc: "spine-neck membrane potential", Label: "Spine neck V"},
	{Name: "v_spine_mV", Unit: "mV", Doc: "spine-head membrane potential", Label: "Spine head V"},
	{Name: "hh_m", Unit: "1", Doc: "somatic Na+ activation gate m (Hodgkin & Huxley)"},
	{Name: "hh_h", Unit: "1", Doc: "somatic Na+ inactivation gate h"},
	{Name: "hh_n", Unit: "1", Doc: "somatic K+ activation gate n"},
	{Name: "ampa_A", Unit: "1", Doc: "AMPA conductance rise state A (dual exponential)"},
	{Name: "ampa_B", Unit: "1", Doc: "AMPA conductance decay state B; open fraction B − A"},
	{Name: "nmda_A", Unit: "1", Doc: "NMDA conductance rise state A"},
	{Name: "nmda_B", Unit: "1", Doc: "NMDA conductance decay state B; open fraction B − A (before the Mg2+ block)"},
	{Name: "vgcc_m", Unit: "1", Doc: "spine VGCC activation gate"},
	{Name: "vgcc_h", Unit: "1", Doc: "spine VGCC inactivation gate"},
	{Name: "ca_uM", Unit: "µM", Doc: "free Ca2+ in the spine head", Label: "Spine Ca²⁺"},
	{Name: "cab_bapta_uM", Unit: "µM", Doc: "Ca2+ bound to added BAPTA"},
	{Name: "cab_egta_uM", Unit: "µM", Doc: "Ca2+ bound to added EGTA"},
	{Name: "ca_in_uM", Unit: "µM", Doc: "cumulative Ca2+ influx into the head since t = 0, as total (free + bound) concentration: a running integral, not a concentration in the spine"},
	{Name: "ca_out_uM", Unit: "µM", Doc: "cumulative Ca2+ extrusion from the head since t = 0 (pumps and buffer exchange through the neck), as total concentration: a running integral"},
	{Name: "ca_int_uM_ms", Unit: "µM·ms", Doc: "running integral of free Ca2+ above rest, ∫(c − c_rest) dt"},
	{Name: "pre_caxf", Unit: "1", Doc: "presynaptic facilitation state (Dittman CaXF, or Tsodyks–Markram u)"},
	{Name: "pre_caxd", Unit: "1", Doc: "presynaptic Ca-dependent recovery state (Dittman CaXD)"},
	{Name: "pre_D", Unit: "1", Doc: "fraction of release sites ready (vesicle pool)"},
	{Name: "pre_C", Unit: "1", Doc: "fraction of release sites occupied by a vesicle being retrieved"},
	{Name: "g_ampa_nS", Unit: "nS", Doc: "AMPA conductance of the modelled synapse", Label: "AMPA conductance"},
	{Name: "g_nmda_nS", Unit: "nS", Doc: "NMDA conductance of the modelled synapse, Mg2+ block included", Label: "NMDA conductance"},
	{Name: "i_ampa_pA", Unit: "pA", Doc: "AMPA current, positive outward"},
	{Name: "i_nmda_pA", Unit: "pA", Doc: "NMDA current, positive outward"},
	{Name: "i_ca_nmda_pA", Unit: "pA", Doc: "Ca2+ component of the NMDA current, positive outward"},
	{Name: "i_vgcc_pA", Unit: "pA", Doc: "spine VGCC (R- and L-type) Ca2+ current, positive outward"},
	{Name: "i_clamp_pA", Unit: "pA", Doc: "current injected by the somatic voltage clamp (positive when it injects)"},
	{Name: "i_field_pA", Unit: "pA", Doc: "field-EPSP proxy: the summed synaptic current of all co-activated synapses"},
}

// Variables describes the columns Read fills, with units and one-line
// descriptions, in Read order (the names of Vars).
func Variables() []units.Var { return append([]units.Var(nil), variables[:]...) }
