// Package experiment is synlab's experiment language: a Spec (YAML or JSON,
// quantities as strings with units) is decoded strictly (Decode), checked
// field by field (Resolve) and converted once to internal units (Resolved:
// numbers, the protocol as phases, drug doses). Every field is described
// once, in the table of Fields: its kind, unit, default, bounds, label,
// example and help drive decoding, defaults, validation, command-line
// settings (ApplySets), the web form and the reference docs. Built-in
// experiments are Presets.
//
// The language knows no model: the tier, parameter set, overrides, drug
// targets and recorded variables are names that package engine checks
// against the registry of tiers (a Catalog, passed in). Errors are
// *FieldError naming the field's dotted path, the value as written, what is
// allowed, and the line and column in the source.
package experiment

// Spec is one experiment as written in a file (YAML, or JSON, which is a
// subset of YAML). Quantities are strings with their unit ("20 ms", "1.8 mM");
// they are converted once, by Resolve, into synlab's internal units.
type Spec struct {
	Name        string   `yaml:"name" json:"name"`
	Source      string   `yaml:"source,omitempty" json:"source,omitempty"`           // citation: travels into every output
	Preparation string   `yaml:"preparation,omitempty" json:"preparation,omitempty"` // "ca1" (default)
	Model       Model    `yaml:"model" json:"model"`
	Bath        Bath     `yaml:"bath,omitempty" json:"bath,omitempty"`
	Drugs       []Drug   `yaml:"drugs,omitempty" json:"drugs,omitempty"`
	Protocol    Protocol `yaml:"protocol" json:"protocol"`
	Duration    string   `yaml:"duration,omitempty" json:"duration,omitempty"` // optional; default = protocol end; if given must be ≥ protocol end
	Record      Record   `yaml:"record,omitempty" json:"record,omitempty"`
	Seed        uint64   `yaml:"seed,omitempty" json:"seed,omitempty"`
	Target      *Target  `yaml:"target,omitempty" json:"target,omitempty"` // for reproduce cases
}

// Model selects the model tier and its parameters.
type Model struct {
	Tier     string            `yaml:"tier" json:"tier"`                             // a tier of the preparation (the registry's)
	Set      string            `yaml:"set,omitempty" json:"set,omitempty"`           // named parameter set (checked by the tier)
	Override map[string]string `yaml:"override,omitempty" json:"override,omitempty"` // parameter name → quantity string (checked by the tier)
	Synapses int               `yaml:"synapses,omitempty" json:"synapses,omitempty"` // population size (default 1; max 1e7)
	// SBML names an imported network as the cascade of the sbml tier (bring
	// your own cascade): the spine's Ca²⁺ drives it, an expression over its
	// ids is the strength.
	SBML *SBML `yaml:"sbml,omitempty" json:"sbml,omitempty"`
}

// SBML couples an SBML model file to the biophysical spine (tier sbml).
type SBML struct {
	File     string            `yaml:"file" json:"file"`                             // the model (Level 2 or 3 core); relative to the spec file
	Ca       string            `yaml:"ca" json:"ca"`                                 // the species (or parameter) that receives the spine's free Ca²⁺
	Mode     string            `yaml:"mode,omitempty" json:"mode,omitempty"`         // clamp (default: the species follows the spine's Ca²⁺) or influx (the spine's Ca²⁺ flux is added)
	Readout  string            `yaml:"readout" json:"readout"`                       // an expression over the model's ids; strength = its value / its value at t = 0
	Feedback bool              `yaml:"feedback,omitempty" json:"feedback,omitempty"` // the strength scales the spine's AMPA conductance (as trapped receptors do)
	Drugs    map[string]string `yaml:"drugs,omitempty" json:"drugs,omitempty"`       // drug target (synlab drugs) → comma-separated parameter ids the drug's open fraction multiplies
	RelTol   string            `yaml:"rtol,omitempty" json:"rtol,omitempty"`         // the network's relative tolerance; default 1e-6
}

// Bath is the extracellular solution. Defaults: Ca "2 mM" (or the
// reference [Ca]o of a published parameter set), Mg "1 mM"; allowed 0–20 mM
// (Mg 0 = Mg-free).
type Bath struct {
	Ca string `yaml:"ca,omitempty" json:"ca,omitempty"`
	Mg string `yaml:"mg,omitempty" json:"mg,omitempty"`
}

// Drug is a bath-applied drug; Name is checked by the drug table, Conc is a
// concentration > 0. From (default 0) and For (default: to the end of the
// run) time its application: washed in at From after the start of the run,
// washed out For later (instantaneous exchange; tiers that model timed
// application). In a protocol phase, From is the phase's start and may not
// be given.
type Drug struct {
	Name string `yaml:"name" json:"name"`
	Conc string `yaml:"conc" json:"conc"`
	From string `yaml:"from,omitempty" json:"from,omitempty"`
	For  string `yaml:"for,omitempty" json:"for,omitempty"`
}

// Protocol is the stimulation protocol: test pulses around a sequence of
// phases. The single-element form (one of train, bursts, pairing, poisson,
// explicit, with clamp) is one phase; phases is the general form.
type Protocol struct {
	Test string `yaml:"test,omitempty" json:"test,omitempty"` // test-pulse interval, e.g. "30 s"
	// TestProbe makes test pulses non-invasive probes: the strength is read
	// at their times but they do not stimulate the synapse. Off by default
	// (a real test pulse is a stimulus); see the lfs-shouval preset for why
	// a rule without a low-frequency floor (Shouval 2002) needs it.
	TestProbe bool      `yaml:"test_probe,omitempty" json:"test_probe,omitempty"`
	Baseline  string    `yaml:"baseline,omitempty" json:"baseline,omitempty"` // e.g. "20 min"
	Follow    string    `yaml:"follow,omitempty" json:"follow,omitempty"`     // e.g. "60 min"
	Clamp     string    `yaml:"clamp,omitempty" json:"clamp,omitempty"`       // e.g. "-40 mV"
	Train     *Train    `yaml:"train,omitempty" json:"train,omitempty"`
	Bursts    *Bursts   `yaml:"bursts,omitempty" json:"bursts,omitempty"`
	Pairing   *Pairing  `yaml:"pairing,omitempty" json:"pairing,omitempty"`
	Poisson   *Poisson  `yaml:"poisson,omitempty" json:"poisson,omitempty"`
	Explicit  *Explicit `yaml:"explicit,omitempty" json:"explicit,omitempty"`
	Phases    []Phase   `yaml:"phases,omitempty" json:"phases,omitempty"`
}

// Phase is one step of a protocol: an induction element (optionally under
// a clamp), or a drug washed in, After the end of the previous phase (the
// first: after the baseline). Test pulses continue in the gaps.
type Phase struct {
	After    string    `yaml:"after,omitempty" json:"after,omitempty"` // e.g. "30 min"; default 0
	Clamp    string    `yaml:"clamp,omitempty" json:"clamp,omitempty"` // e.g. "-40 mV" during this phase
	Train    *Train    `yaml:"train,omitempty" json:"train,omitempty"`
	Bursts   *Bursts   `yaml:"bursts,omitempty" json:"bursts,omitempty"`
	Pairing  *Pairing  `yaml:"pairing,omitempty" json:"pairing,omitempty"`
	Poisson  *Poisson  `yaml:"poisson,omitempty" json:"poisson,omitempty"`
	Explicit *Explicit `yaml:"explicit,omitempty" json:"explicit,omitempty"`
	Drug     *Drug     `yaml:"drug,omitempty" json:"drug,omitempty"` // washed in at the phase's start (from must be empty)
}

// Train is Repeat trains of Pulses at Rate, Interval start-to-start.
type Train struct {
	Rate     string `yaml:"rate" json:"rate"`
	Pulses   int    `yaml:"pulses" json:"pulses"`
	Repeat   int    `yaml:"repeat,omitempty" json:"repeat,omitempty"`
	Interval string `yaml:"interval,omitempty" json:"interval,omitempty"`
}

// Bursts is theta-burst stimulation: bursts of Pulses at Rate, repeated at
// BurstRate, Bursts per train, Trains at Interval (start-to-start).
type Bursts struct {
	Pulses    int    `yaml:"pulses" json:"pulses"`
	Rate      string `yaml:"rate" json:"rate"`
	BurstRate string `yaml:"burst_rate" json:"burst_rate"`
	Bursts    int    `yaml:"bursts" json:"bursts"`
	Trains    int    `yaml:"trains,omitempty" json:"trains,omitempty"`
	Interval  string `yaml:"interval,omitempty" json:"interval,omitempty"`
}

// Pairing is Pairs pre/post pairings at Rate; Dt = t_post − t_pre of the
// first post spike; PostSpikes (default 1) at PostRate.
type Pairing struct {
	Dt         string `yaml:"dt" json:"dt"`
	Pairs      int    `yaml:"pairs" json:"pairs"`
	Rate       string `yaml:"rate" json:"rate"`
	PostSpikes int    `yaml:"post_spikes,omitempty" json:"post_spikes,omitempty"`
	PostRate   string `yaml:"post_rate,omitempty" json:"post_rate,omitempty"`
}

// Poisson is independent Poisson pre and post spike trains for Duration.
type Poisson struct {
	Pre      string `yaml:"pre,omitempty" json:"pre,omitempty"`
	Post     string `yaml:"post,omitempty" json:"post,omitempty"`
	Duration string `yaml:"duration" json:"duration"`
}

// Explicit lists spike times relative to the phase start.
type Explicit struct {
	Pre  []string `yaml:"pre,omitempty" json:"pre,omitempty"`
	Post []string `yaml:"post,omitempty" json:"post,omitempty"`
}

// Record says what to sample: every Every (default: only at test pulses and
// events) the variables Vars (names checked by the tier).
type Record struct {
	Every string   `yaml:"every,omitempty" json:"every,omitempty"`
	Vars  []string `yaml:"vars,omitempty" json:"vars,omitempty"`
}

// Target is the expected outcome of a reproduce case: Metric (e.g.
// "strength_change_pct", "S") within Value±Tol or within [Lo, Hi].
type Target struct {
	Metric string   `yaml:"metric" json:"metric"`
	Value  float64  `yaml:"value" json:"value"`
	Tol    float64  `yaml:"tol" json:"tol"`
	Lo     *float64 `yaml:"lo,omitempty" json:"lo,omitempty"`
	Hi     *float64 `yaml:"hi,omitempty" json:"hi,omitempty"`
	Cite   string   `yaml:"cite" json:"cite"`
	Note   string   `yaml:"note,omitempty" json:"note,omitempty"`
	// KnownMiss, when set, says why this model is known to miss the target;
	// the case is still run and reported as a miss (never hidden), and the
	// test suite checks that it still misses, so a change that fixes it is seen.
	KnownMiss string `yaml:"known_miss,omitempty" json:"known_miss,omitempty"`
	// Fitted says whether the model's free constants were fitted to this
	// row ("fitted") or not ("predicted"); reproduce reports it.
	Fitted string `yaml:"fitted,omitempty" json:"fitted,omitempty"`
	// Control names another reproduce case whose result this one is
	// compared with (a drug-alone run, or the drug-free induction);
	// Relative says how: "diff" (this change minus the control's, in
	// percentage points) or "ratio" (100 × this change / the control's).
	// Only synlab reproduce, which runs both, evaluates it.
	Control  string `yaml:"control,omitempty" json:"control,omitempty"`
	Relative string `yaml:"relative,omitempty" json:"relative,omitempty"`
}

// Catalog is what the language needs to know of the models: the
// preparations and, per preparation, the tiers (package engine's registry
// implements it). Resolve checks preparation and model.tier against it.
type Catalog interface {
	Preparations() []string
	TierNames(preparation string) []string
}

// DefaultPreparation is the preparation of a spec that names none.
const DefaultPreparation = "ca1"
