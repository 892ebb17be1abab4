package rule

import (
	"fmt"
	"math"
	"strings"

	"github.com/synlab/synlab/units"
)

// The nine published parameter sets of Graupner & Brunel (2012), Table S1,
// with the values as checked in the reference implementation
// mgraupe/CalciumBasedPlasticityModel, synapticChange.py (choseParameterSet;
// τCa, D in s and τ in s there, converted to ms here). Each function returns a
// fresh value, so no shared set can be mutated.
//
// CaRef, the extracellular [Ca2+]o at which Cpre and Cpost hold, is not part
// of the published model; it is our assumption, used only by AtBath:
//   - DP, DPD, DPD′, P, D, D′ are generic sets with no preparation; we take
//     2 mM, the usual slice ACSF value (docs/sources.md §3.3; Blue Brain GluSynapse
//     default 2.0 mM).
//   - hippocampal slices (fit to Wittenberg & Wang 2006): 2 mM, recalled from
//     that paper's methods, not re-checked.
//   - hippocampal cultures (fit to Wang, Gerkin, Nauen & Bi 2005; Bi & Poo
//     culture recordings): 3 mM, recalled from the Bi-lab bath solution, not
//     re-checked.
//   - cortical slices (fit to Sjöström, Turrigiano & Nelson 2001): 2.5 mM,
//     recalled from that paper's methods, not re-checked.

// gbGeneric fills the fields shared by the six Fig. 2 sets (DP … D′):
// τCa = 20 ms, θd = 1, σ = 2.8284 (= 0.4·√50), τ = 150 s, ρ* = 0.5, β = 0.5, b = 5.
func gbGeneric(name string) GB {
	return GB{
		Name:    name,
		TauCa:   20 * units.Millisecond,
		ThetaD:  1,
		Sigma:   2.8284,
		Tau:     150 * units.Second,
		RhoStar: 0.5,
		Beta:    0.5,
		B:       5,
		CaRef:   2 * units.Millimolar,
	}
}

// DP is the "depression–potentiation" set (classic asymmetric STDP window),
// GB2012 Fig. 2 and Table S1; also the set of the Brian2 example.
func DP() GB {
	p := gbGeneric("DP")
	p.CPre, p.CPost = 1, 2
	p.ThetaP = 1.3
	p.GammaD, p.GammaP = 200, 321.808
	p.D = 13.7 * units.Millisecond
	return p
}

// DPD is the depression–potentiation–depression set, GB2012 Fig. 2, Table S1.
func DPD() GB {
	p := gbGeneric("DPD")
	p.CPre, p.CPost = 0.9, 0.9
	p.ThetaP = 1.3
	p.GammaD, p.GammaP = 250, 550
	p.D = 4.6 * units.Millisecond
	return p
}

// DPDPrime is the DPD′ set, GB2012 Fig. 2, Table S1.
func DPDPrime() GB {
	p := gbGeneric("DPD'")
	p.CPre, p.CPost = 1, 2
	p.ThetaP = 2.5
	p.GammaD, p.GammaP = 50, 600
	p.D = 2.2 * units.Millisecond
	return p
}

// P is the potentiation-only set, GB2012 Fig. 2, Table S1.
func P() GB {
	p := gbGeneric("P")
	p.CPre, p.CPost = 2, 2
	p.ThetaP = 1.3
	p.GammaD, p.GammaP = 160, 257.447
	p.D = 0
	return p
}

// D is the depression-only set, GB2012 Fig. 2, Table S1 (σ = 5.6568 = 0.8·√50).
func D() GB {
	p := gbGeneric("D")
	p.CPre, p.CPost = 0.6, 0.6
	p.ThetaP = 1.3
	p.GammaD, p.GammaP = 500, 550
	p.Sigma = 5.6568
	p.D = 0
	return p
}

// DPrime is the D′ set, GB2012 Fig. 2, Table S1.
func DPrime() GB {
	p := gbGeneric("D'")
	p.CPre, p.CPost = 1, 2
	p.ThetaP = 3.5
	p.GammaD, p.GammaP = 60, 600
	p.D = 0
	return p
}

// HippocampalSlices is the set fitted to CA3–CA1 slice data (Wittenberg &
// Wang 2006), GB2012 Fig. 3, Table S1.
func HippocampalSlices() GB {
	return GB{
		Name: "hippocampal-slices", TauCa: 48.8373, CPre: 1, CPost: 0.275865,
		ThetaD: 1, ThetaP: 1.3, GammaD: 313.0965, GammaP: 1645.59, Sigma: 9.1844,
		Tau: 688.355 * units.Second, RhoStar: 0.5, D: 18.8008, Beta: 0.7, B: 5.28145,
		CaRef: 2 * units.Millimolar,
	}
}

// HippocampalCultures is the set fitted to hippocampal culture data (Wang,
// Gerkin, Nauen & Bi 2005), GB2012 Table S1.
func HippocampalCultures() GB {
	return GB{
		Name: "hippocampal-cultures", TauCa: 11.9536, CPre: 0.58156, CPost: 1.76444,
		ThetaD: 1, ThetaP: 1.3, GammaD: 61.141, GammaP: 113.6545, Sigma: 2.5654,
		Tau: 33.7596 * units.Second, RhoStar: 0.5, D: 10, Beta: 0.5, B: 36.0263,
		CaRef: 3 * units.Millimolar,
	}
}

// CorticalSlices is the set fitted to visual-cortex L5 data (Sjöström,
// Turrigiano & Nelson 2001), GB2012 Fig. 4, Table S1.
func CorticalSlices() GB {
	return GB{
		Name: "cortical-slices", TauCa: 22.6936, CPre: 0.5617539, CPost: 1.23964,
		ThetaD: 1, ThetaP: 1.3, GammaD: 331.909, GammaP: 725.085, Sigma: 3.3501,
		Tau: 346.3615 * units.Second, RhoStar: 0.5, D: 4.6098, Beta: 0.5, B: 5.40988,
		CaRef: 2.5 * units.Millimolar,
	}
}

var gbSets = []struct {
	name string
	f    func() GB
}{
	{"DP", DP}, {"DPD", DPD}, {"DPD'", DPDPrime}, {"P", P}, {"D", D}, {"D'", DPrime},
	{"hippocampal-slices", HippocampalSlices},
	{"hippocampal-cultures", HippocampalCultures},
	{"cortical-slices", CorticalSlices},
}

// GBSets returns the names of the published sets, in Table S1 order.
func GBSets() []string {
	names := make([]string, len(gbSets))
	for i, s := range gbSets {
		names[i] = s.name
	}
	return names
}

// GBSet returns the published set with the given name (see GBSets).
func GBSet(name string) (GB, error) {
	for _, s := range gbSets {
		if s.name == name {
			return s.f(), nil
		}
	}
	return GB{}, fmt.Errorf("rule: unknown GB parameter set %q: known sets are %s",
		name, strings.Join(GBSets(), ", "))
}

// AtBath returns p with CPre and CPost rescaled to extracellular calcium
// caO [µM] and CaRef set to caO:
//
//	Cpre(caO) = Cpre · caO/CaRef,   Cpost(caO) = Cpost · caO/CaRef.
//
// Model and source. Inglebert, Aljadeff, Brunel & Debanne (2020, PNAS,
// doi:10.1073/pnas.2013663117) explain the loss of STDP at physiological
// [Ca2+]o with a GB-type model in which Cpre and Cpost depend on [Ca2+]o
// (docs/sources.md §4.6). We could not retrieve their exact functional form, so
// this is a documented assumption: the calcium influx per spike is taken
// proportional to [Ca2+]o, which is what the Goldman–Hodgkin–Katz flux gives
// for an inward Ca2+ current at negative potentials (intracellular Ca2+
// negligible). For a saturating dependence see AtBathHill. The reference
// concentration of each set is an assumption too (see the set functions).
func (p GB) AtBath(caO float64) GB {
	f := caO / p.CaRef
	p.CPre *= f
	p.CPost *= f
	p.CaRef = caO
	return p
}

// AtBathHill is AtBath with a saturating Hill dependence of the amplitudes
// on [Ca2+]o:
//
//	C(caO) = C · h(caO)/h(CaRef),   h(x) = x^n / (x^n + K^n),
//
// with Hill coefficient n [1] and half-saturation K [µM]. A Hill form is the
// usual description of the [Ca2+]o dependence of synaptic calcium entry and
// release; n and K must come from the caller's source (no default is
// claimed). For n = 1 and K ≫ caO, CaRef it tends to AtBath.
func (p GB) AtBathHill(caO, n, k float64) GB {
	h := func(x float64) float64 {
		if x <= 0 {
			return 0
		}
		return 1 / (1 + math.Pow(k/x, n))
	}
	f := h(caO) / h(p.CaRef)
	p.CPre *= f
	p.CPost *= f
	p.CaRef = caO
	return p
}
