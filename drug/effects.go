package drug

import "math"

// AMPASteadyOpen is the open fraction of AMPA receptors held by a saturating
// bath agonist, relative to the peak of a full synaptic release: AMPA
// receptors desensitise, and the steady current in AMPA is a few percent of
// the peak [A: 5%; steady/peak ratios of 1–10% for GluA1/GluA2 without
// cyclothiazide, Trussell & Fischbach 1989; Patneau & Mayer 1991 [M]].
const AMPASteadyOpen = 0.05

// Dose is a drug in the bath at concentration Conc [µM] from time From to
// To [ms] (0 and +Inf: the whole run).
type Dose struct {
	Name     string
	Conc     float64
	From, To float64
}

// Timed reports whether the dose does not last the whole run.
func (d Dose) Timed() bool { return d.From > 0 || !math.IsInf(d.To, 1) }

// Active returns the doses applied at time t [ms].
func Active(doses []Dose, t float64) []Dose {
	var out []Dose
	for _, d := range doses {
		if d.From <= t && t < d.To {
			out = append(out, d)
		}
	}
	return out
}

// Effects is what a set of doses does to the model. The blocker fields are
// the fractions of each target left active, in [0, 1] (1 = untreated);
// BAPTA and EGTA are the added intracellular buffer concentrations [µM]
// (0 = none); the agonist fields are occupancies in [0, 1]. Use Of, not the
// zero value, which would mean every target fully blocked.
type Effects struct {
	NMDA        float64 // NMDA receptor conductance [1]
	CaMKII      float64 // CaMKII catalytic activity [1] (cascade CaMKIIScale)
	CaN         float64 // calcineurin catalytic activity [1] (cascade CaNScale)
	PP1         float64 // PP1 catalytic activity [1] (cascade PP1Scale)
	PP2A        float64 // PP2A catalytic activity [1] (cascade PP2AScale)
	AMPA        float64 // AMPA receptor conductance not blocked [1] (ca1 Drugs.AMPA)
	PKA         float64 // PKA catalytic activity [1] (cascade PKAScale)
	LType       float64 // L-type Ca²⁺ channel current [1] (spine s_L)
	Endocytosis float64 // clathrin/dynamin endocytosis, both sides [1]
	BAPTA, EGTA float64 // added buffer [µM] (spine.BAPTA, spine.EGTA)
	NMDAAgonist float64 // NMDA receptor occupancy by a bath agonist [1] (spine NMDA.Tonic)
	AMPAAgonist float64 // AMPA receptor occupancy by a bath agonist [1] (spine AMPA.Tonic/AMPASteadyOpen, cascade Ligand)
	PKC         float64 // PKC catalytic activity [1] (purkinje PKC.Activity)
	MGluR1      float64 // mGluR1 not blocked [1] (purkinje MGluR.Open)
	NOS         float64 // NO synthase activity [1] (purkinje Nitric.NOS)
}

// Open is the active fraction of a blocker target (1 for a buffer key or an
// unknown one).
func (e Effects) Open(t Target) float64 {
	switch t {
	case NMDA:
		return e.NMDA
	case CaMKII:
		return e.CaMKII
	case CaN:
		return e.CaN
	case PP1:
		return e.PP1
	case PP2A:
		return e.PP2A
	case AMPA:
		return e.AMPA
	case PKA:
		return e.PKA
	case LType:
		return e.LType
	case Endocytosis:
		return e.Endocytosis
	case PKC:
		return e.PKC
	case MGluR1:
		return e.MGluR1
	case NOS:
		return e.NOS
	}
	return 1
}

// None is the Effects of no drug.
func None() Effects {
	return Effects{NMDA: 1, CaMKII: 1, CaN: 1, PP1: 1, PP2A: 1, AMPA: 1, PKA: 1, LType: 1, Endocytosis: 1, PKC: 1, MGluR1: 1, NOS: 1}
}

// Of computes the Effects of doses. Doses of one drug (by any of its names)
// add their concentrations; different drugs on one target act at
// independent sites, so their open fractions multiply. Unknown names are
// skipped: the spec's validation reports them.
func Of(doses []Dose) Effects {
	e := None()
	conc := map[string]float64{}
	var order []Info
	for _, d := range doses {
		info, ok := Find(d.Name)
		if !ok || !(d.Conc > 0) {
			continue
		}
		if _, seen := conc[info.Name]; !seen {
			order = append(order, info)
		}
		conc[info.Name] += d.Conc
	}
	for _, info := range order {
		c := conc[info.Name]
		for _, a := range info.Actions() {
			e.apply(a.Target, c, a.Open(c))
		}
	}
	return e
}

// apply adds one action of a drug at concentration c [µM] with open
// fraction f of its target: blockers at independent sites multiply,
// buffers add, agonist occupancies combine as independent binding.
func (e *Effects) apply(t Target, c, f float64) {
	switch t {
	case NMDA:
		e.NMDA *= f
	case CaMKII:
		e.CaMKII *= f
	case CaN:
		e.CaN *= f
	case PP1:
		e.PP1 *= f
	case PP2A:
		e.PP2A *= f
	case AMPA:
		e.AMPA *= f
	case PKA:
		e.PKA *= f
	case LType:
		e.LType *= f
	case Endocytosis:
		e.Endocytosis *= f
	case BAPTA:
		e.BAPTA += c
	case EGTA:
		e.EGTA += c
	case NMDAAgonist:
		e.NMDAAgonist = 1 - (1-e.NMDAAgonist)*f // occupancy c/(c + EC50) = 1 − Open
	case AMPAAgonist:
		e.AMPAAgonist = 1 - (1-e.AMPAAgonist)*f
	case PKC:
		e.PKC *= f
	case MGluR1:
		e.MGluR1 *= f
	case NOS:
		e.NOS *= f
	}
}
