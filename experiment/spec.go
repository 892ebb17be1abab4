// Package experiment is synlab's experiment file: a Spec (YAML or JSON,
// quantities as strings with units) is decoded strictly (Decode), checked
// (Validate), converted once to internal units and compiled to a sorted
// event schedule (Plan, Load). Errors are *FieldError naming the field's
// dotted path, the value as written, what is allowed, and the line and
// column in the source. Command-line overrides are ApplySets.
package experiment

// Spec is one experiment as written in a file (YAML, or JSON, which is a
// subset of YAML). Quantities are strings with their unit ("20 ms", "1.8 mM");
// they are converted once, by Plan, into synlab's internal units.
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
	Tier     string            `yaml:"tier" json:"tier"`                             // one of Tiers()
	Set      string            `yaml:"set,omitempty" json:"set,omitempty"`           // named parameter set (checked by the tier code)
	Override map[string]string `yaml:"override,omitempty" json:"override,omitempty"` // parameter name → quantity string (checked by the tier code)
	Synapses int               `yaml:"synapses,omitempty" json:"synapses,omitempty"` // population size (default 1; max 1e7)
}

// Bath is the extracellular solution. Defaults: Ca "2 mM", Mg "1 mM";
// allowed 0–20 mM (Mg 0 = Mg-free).
type Bath struct {
	Ca string `yaml:"ca,omitempty" json:"ca,omitempty"`
	Mg string `yaml:"mg,omitempty" json:"mg,omitempty"`
}

// Drug is a bath-applied drug; Name is checked by the drug table, Conc is a
// concentration > 0. From (default 0) and For (default: to the end of the
// run) time its application: washed in at From after the start of the run,
// washed out For later (instantaneous exchange; spine and mechanistic tiers).
type Drug struct {
	Name string `yaml:"name" json:"name"`
	Conc string `yaml:"conc" json:"conc"`
	From string `yaml:"from,omitempty" json:"from,omitempty"`
	For  string `yaml:"for,omitempty" json:"for,omitempty"`
}

// Protocol is the stimulation protocol: test pulses around exactly one
// induction element.
type Protocol struct {
	Test string `yaml:"test,omitempty" json:"test,omitempty"` // test-pulse interval, e.g. "30 s"
	// TestProbe makes test pulses non-invasive probes: the strength is read
	// at their times but they do not stimulate the synapse. Off by default
	// (a real test pulse is a stimulus); see the lfs preset for why a rule
	// without a low-frequency floor (Shouval 2002) needs it.
	TestProbe bool      `yaml:"test_probe,omitempty" json:"test_probe,omitempty"`
	Baseline  string    `yaml:"baseline,omitempty" json:"baseline,omitempty"` // e.g. "20 min"
	Follow    string    `yaml:"follow,omitempty" json:"follow,omitempty"`     // e.g. "60 min"
	Clamp     string    `yaml:"clamp,omitempty" json:"clamp,omitempty"`       // e.g. "-40 mV"
	Train     *Train    `yaml:"train,omitempty" json:"train,omitempty"`
	Bursts    *Bursts   `yaml:"bursts,omitempty" json:"bursts,omitempty"`
	Pairing   *Pairing  `yaml:"pairing,omitempty" json:"pairing,omitempty"`
	Poisson   *Poisson  `yaml:"poisson,omitempty" json:"poisson,omitempty"`
	Explicit  *Explicit `yaml:"explicit,omitempty" json:"explicit,omitempty"`
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

// Explicit lists spike times relative to the induction start.
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
}

// Tiers lists the model tiers a spec may name in model.tier.
func Tiers() []string { return []string{"shouval", "graupner-brunel", "spine", "mechanistic"} }
