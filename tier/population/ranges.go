package population

import (
	"strings"

	"github.com/synlab/synlab/units"
)

// ranges are the plausible values of package ca1's own parameters
// [internal units: ms, µM, fL, µm, nS, 1/ms]: outside them an override is
// refused (issue 15 item 4). The spine mechanisms' fields carry their own
// ranges (package spine); the cascade's get those of cascadeRange.
var ranges = map[string][2]float64{
	"dr_n": {1, 6}, "dr_kca": {1, 1e5}, "dr_kmg": {1, 1e5}, "dr_ca_ref": {100, 2e4}, "dr_mg_ref": {100, 2e4},
	"pv": {0, 1}, "kf": {0, 100}, "tau_f": {0.1, 1e5}, "tau_d": {0.1, 1e5}, "tau_s": {1, 1e6},
	"k0": {0, 10}, "kmax": {0, 10}, "k_slow": {0, 10}, "k_retrieval": {0, 1e3}, "kd": {0, 1e3},
	"a_s": {0, 10}, "k_s": {0.01, 100},
	"v_median": {1e-3, 10}, "v_ref": {1e-3, 10}, "v_sigma": {0, 3}, "neck_l_sigma": {0, 3}, "neck_d_sigma": {0, 3},
	"neck_l_median": {0.05, 10}, "neck_d_median": {0.01, 2}, "docked": {1, 100}, "g_ampa": {0, 20}, "g_nmda": {0, 20},
	"recruited": {1, 1000}, "tree_factor": {0.1, 10}, "drug_ampa": {0, 1}, "drug_nmda": {0, 1},
	"bapta": {0, 1e5}, "egta": {0, 1e5}, "endo_pre": {0, 1}, "endo_post": {0, 1},
	"rtol": {1e-8, 1e-2}, "couple": {1, 1e5}, "celsius": {0, 45},
	"stochastic": {0, 1}, "field_readout": {0, 1}, "particles": {0, 64},
	"kv": {1, 20}, "kr": {1, 20},
}

// cascadeRange is the plausible range of a cascade parameter: fractions
// and drug scales in [0, 1], Hill coefficients 0.5–12, totals, half points
// and Michaelis constants up to 1 mM (CaMKII subunits, the most abundant,
// 200 µM), the PSD's gain up to 10 and protection up to 1000, first- and second-order rates up to 10 /ms and 10 /(µM·ms)
// (the diffusion limit), PSD slots and sites up to 10⁴. Zero (both ends):
// no range stated, only finiteness and the unit's bounds.
func cascadeRange(name string, d units.Dim) (lo, hi float64) {
	n := strings.TrimPrefix(name, "cascade.")
	switch {
	case strings.HasSuffix(n, "_scale"), n == "traffic_phi", n == "traffic_synth_p", n == "ampar_internal", n == "ligand", n == "endo_post":
		return 0, 1
	case n == "psd_holo":
		return 1, 14
	case n == "psd_gain":
		return 0, 10
	case n == "psd_protect":
		return 0, 1e3
	case n == "traffic_slots", n == "psd_sites", n == "traffic_scaffold":
		return 0, 1e4
	case n == "nano_n": // the coincidence trigger's steepness (cascade/nano.go)
		return 0.5, 64
	case n == "nano_k": // nanodomain drive [mV] (docs/ca1-decoder.md §17: 0-70 mV)
		return 0, 100
	case strings.HasSuffix(n, "_n") && d == units.Dimensionless:
		return 0.5, 12
	case d == units.Concentration:
		return 0, 1e3
	case d == units.Frequency, d == units.Rate:
		return 0, 10
	}
	return 0, 0
}

// withRanges states the ranges of ranges and cascadeRange on fs where the
// field states none.
func withRanges(fs []units.Field) []units.Field {
	for i := range fs {
		f := &fs[i]
		if f.Ranged() {
			continue
		}
		if r, ok := ranges[f.Name]; ok {
			f.Min, f.Max = r[0], r[1]
		} else if strings.HasPrefix(f.Name, "cascade.") {
			f.Min, f.Max = cascadeRange(f.Name, f.Dim)
		}
	}
	return fs
}
