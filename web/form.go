package web

// The experiment form. Every input is named by the dotted spec path it
// sets (data-path), exactly as `synlab run --set path=value` takes it: the
// page sends the filled fields as settings, the server applies them with
// experiment.ApplySets to an empty spec and checks it with experiment.Load,
// so the form's errors are the command line's and carry the field's path.
// TestFormPaths checks that every path and example below is accepted by
// ApplySets.

// formField is one input of the form.
type formField struct {
	Path    string   // dotted spec path
	Label   string   // what the input is called on the page
	Kind    string   // "text", "int", "check" or "select"
	Example string   // placeholder, and a value ApplySets accepts
	Help    string   // one line under the input
	Options []option // for selects
}

type option struct {
	Value, Label string
	Disabled     bool
}

// formGroup is a fieldset; one with Induction set is shown only while that
// induction element is chosen.
type formGroup struct {
	ID        string
	Title     string
	Induction string
	Fields    []formField
}

func formGroups(m meta) []formGroup {
	var preps, tiers []option
	for _, p := range m.Preparations {
		preps = append(preps, option{Value: p.Name, Label: p.Label, Disabled: !p.Available})
	}
	for _, t := range m.Tiers {
		tiers = append(tiers, option{Value: t.Name, Label: t.Name})
	}
	return []formGroup{
		{ID: "g-model", Title: "Preparation and model", Fields: []formField{
			{Path: "name", Label: "Name", Kind: "text", Example: "LFS 1 Hz x 900", Help: "names the run in figures and files"},
			{Path: "source", Label: "Source", Kind: "text", Example: "Dudek & Bear 1992 PNAS 89:4363", Help: "citation: travels into every output"},
			{Path: "preparation", Label: "Preparation", Kind: "select", Example: "ca1", Options: preps},
			{Path: "model.tier", Label: "Model tier", Kind: "select", Example: "shouval", Options: tiers,
				Help: "shouval, graupner-brunel: calcium rules (fast); spine: biophysical spine; mechanistic: spine + kinase/phosphatase cascade"},
			{Path: "model.set", Label: "Parameter set", Kind: "select", Example: "rate", Help: "the named sets of the chosen tier"},
			{Path: "model.synapses", Label: "Synapses", Kind: "int", Example: "2000", Help: "population size (graupner-brunel); default 1"},
		}},
		{ID: "g-bath", Title: "Bath", Fields: []formField{
			{Path: "bath.ca", Label: "[Ca²⁺]o", Kind: "text", Example: "2 mM", Help: "default 2 mM"},
			{Path: "bath.mg", Label: "[Mg²⁺]o", Kind: "text", Example: "1 mM", Help: "default 1 mM; 0 mM is Mg²⁺-free"},
		}},
		{ID: "g-protocol", Title: "Protocol", Fields: []formField{
			{Path: "protocol.test", Label: "Test pulse every", Kind: "text", Example: "30 s"},
			{Path: "protocol.test_probe", Label: "Test pulses only read the strength", Kind: "check", Example: "true",
				Help: "non-invasive probes (needed by rules without a low-frequency floor)"},
			{Path: "protocol.baseline", Label: "Baseline", Kind: "text", Example: "15 min"},
			{Path: "protocol.follow", Label: "Follow-up", Kind: "text", Example: "60 min"},
			{Path: "protocol.clamp", Label: "Voltage clamp during induction", Kind: "text", Example: "-40 mV", Help: "empty: unclamped"},
			{Path: "duration", Label: "Duration", Kind: "text", Example: "90 min", Help: "empty: the end of the protocol"},
		}},
		{ID: "g-train", Title: "Train", Induction: "train", Fields: []formField{
			{Path: "protocol.train.rate", Label: "Rate", Kind: "text", Example: "1 Hz"},
			{Path: "protocol.train.pulses", Label: "Pulses", Kind: "int", Example: "900"},
			{Path: "protocol.train.repeat", Label: "Trains", Kind: "int", Example: "4", Help: "default 1"},
			{Path: "protocol.train.interval", Label: "Train interval", Kind: "text", Example: "20 s", Help: "start to start"},
		}},
		{ID: "g-bursts", Title: "Theta bursts", Induction: "bursts", Fields: []formField{
			{Path: "protocol.bursts.pulses", Label: "Pulses per burst", Kind: "int", Example: "4"},
			{Path: "protocol.bursts.rate", Label: "Rate in a burst", Kind: "text", Example: "100 Hz"},
			{Path: "protocol.bursts.burst_rate", Label: "Burst rate", Kind: "text", Example: "5 Hz"},
			{Path: "protocol.bursts.bursts", Label: "Bursts per train", Kind: "int", Example: "10"},
			{Path: "protocol.bursts.trains", Label: "Trains", Kind: "int", Example: "1"},
			{Path: "protocol.bursts.interval", Label: "Train interval", Kind: "text", Example: "10 s"},
		}},
		{ID: "g-pairing", Title: "Pairing", Induction: "pairing", Fields: []formField{
			{Path: "protocol.pairing.dt", Label: "Δt = t_post − t_pre", Kind: "text", Example: "+10 ms"},
			{Path: "protocol.pairing.pairs", Label: "Pairs", Kind: "int", Example: "60"},
			{Path: "protocol.pairing.rate", Label: "Pairing rate", Kind: "text", Example: "1 Hz"},
			{Path: "protocol.pairing.post_spikes", Label: "Post spikes per pair", Kind: "int", Example: "1", Help: "default 1"},
			{Path: "protocol.pairing.post_rate", Label: "Post spike rate", Kind: "text", Example: "100 Hz", Help: "when more than one post spike"},
		}},
		{ID: "g-poisson", Title: "Poisson spike trains", Induction: "poisson", Fields: []formField{
			{Path: "protocol.poisson.pre", Label: "Pre rate", Kind: "text", Example: "10 Hz"},
			{Path: "protocol.poisson.post", Label: "Post rate", Kind: "text", Example: "10 Hz"},
			{Path: "protocol.poisson.duration", Label: "For", Kind: "text", Example: "60 s"},
		}},
		{ID: "g-explicit", Title: "Explicit spike times", Induction: "explicit", Fields: []formField{
			{Path: "protocol.explicit.pre", Label: "Pre spikes", Kind: "text", Example: "0 ms, 100 ms", Help: "comma-separated, from the start of the induction"},
			{Path: "protocol.explicit.post", Label: "Post spikes", Kind: "text", Example: "10 ms, 110 ms"},
		}},
		{ID: "g-record", Title: "Recording", Fields: []formField{
			{Path: "record.every", Label: "Sample every", Kind: "text", Example: "10 s"},
			{Path: "record.vars", Label: "Variables", Kind: "text", Example: "ca,w", Help: "comma-separated; empty: all of the tier's"},
			{Path: "seed", Label: "Seed", Kind: "int", Example: "1", Help: "same seed, same numbers"},
		}},
	}
}

// drugFields are the inputs of one drug row; the page numbers the rows
// (drugs[0].name, drugs[1].name, …).
var drugFields = []formField{
	{Path: "name", Label: "Drug", Kind: "select", Example: "APV"},
	{Path: "conc", Label: "Concentration", Kind: "text", Example: "50 uM"},
	{Path: "from", Label: "From", Kind: "text", Example: "10 min", Help: "wash-in after the start; empty: from the start"},
	{Path: "for", Label: "For", Kind: "text", Example: "3 min", Help: "empty: to the end"},
}
