package sbml

// Model is an SBML model as read from a file: the description, with every
// default of its level filled in, before any compilation. Optional numbers
// are pointers (nil = not given in the file).
type Model struct {
	Level, Version int
	ID, Name       string

	// Model-wide units (L3) and the L3 conversion factor (a parameter id).
	SubstanceUnits, TimeUnits, VolumeUnits, AreaUnits, LengthUnits, ExtentUnits string
	ConversionFactor                                                            string

	UnitDefinitions    []UnitDefinition
	Functions          []FunctionDefinition
	Compartments       []Compartment
	Species            []Species
	Parameters         []Parameter
	InitialAssignments []InitialAssignment
	Rules              []Rule
	Constraints        []Constraint
	Reactions          []Reaction
	Events             []Event
}

// UnitDefinition is a named product of units: Π (Multiplier·10^Scale·Kind)^Exponent.
type UnitDefinition struct {
	ID    string
	Units []Unit
	Line  int
}

// Unit is one factor of a UnitDefinition.
type Unit struct {
	Kind                        string
	Exponent, Scale, Multiplier float64
}

// FunctionDefinition is a lambda: Math.Op == OpLambda, Args = bvars…, body.
type FunctionDefinition struct {
	ID   string
	Math *Expr
	Line int
}

// Compartment is a compartment; Size may be nil (set by a rule or an
// initial assignment, or absent for a 0-dimensional one).
type Compartment struct {
	ID                string
	Name              string
	SpatialDimensions float64 // 3 if not given
	Size              *float64
	Units             string
	Constant          bool
	Line              int
}

// Species is a species. Exactly one of InitialAmount and
// InitialConcentration is normally given (or neither, with a rule or
// initial assignment setting it).
type Species struct {
	ID, Name                    string
	Compartment                 string
	InitialAmount               *float64
	InitialConcentration        *float64
	SubstanceUnits              string
	HasOnlySubstanceUnits       bool
	BoundaryCondition, Constant bool
	ConversionFactor            string // L3: a parameter id
	Line                        int
}

// Parameter is a global parameter.
type Parameter struct {
	ID, Name string
	Value    *float64
	Units    string
	Constant bool
	Line     int
}

// InitialAssignment sets Symbol's value at t0 from Math.
type InitialAssignment struct {
	Symbol string
	Math   *Expr
	Line   int
}

// RuleKind distinguishes the three kinds of rules.
type RuleKind uint8

// Rule kinds.
const (
	AssignmentRule RuleKind = iota // Variable = Math at all times
	RateRule                       // dVariable/dt = Math
	AlgebraicRule                  // 0 = Math
)

func (k RuleKind) String() string {
	return [...]string{"assignment rule", "rate rule", "algebraic rule"}[k]
}

// Rule is an assignment, rate or algebraic rule.
type Rule struct {
	Kind     RuleKind
	Variable string // empty for algebraic rules
	Math     *Expr
	Line     int
}

// Constraint is a condition that should hold; it is read but not
// enforced (see Compiled.Unsupported).
type Constraint struct {
	Math *Expr
	Line int
}

// SpeciesRef is a reactant, product or modifier of a reaction.
// Stoichiometry is nil when not given (L3: then set by a rule, initial
// assignment or event through ID, or undefined); StoichiometryMath is the
// Level 2 form of variable stoichiometry.
type SpeciesRef struct {
	ID, Species       string
	Stoichiometry     *float64
	StoichiometryMath *Expr
	Constant          bool
	Line              int
}

// Reaction is a reaction with its kinetic law (Math nil when absent) and
// local parameters.
type Reaction struct {
	ID, Name    string
	Reversible  bool
	Fast        bool
	Compartment string
	Reactants   []SpeciesRef
	Products    []SpeciesRef
	Modifiers   []SpeciesRef
	Math        *Expr
	Local       []Parameter
	Line        int
}

// Event is an event: when Trigger goes from false to true, after Delay
// (if any), Assignments are carried out.
type Event struct {
	ID                       string
	Trigger                  *Expr
	InitialValue, Persistent bool // trigger value taken before t0; L2: true, true
	Delay                    *Expr
	Priority                 *Expr
	UseValuesFromTriggerTime bool
	Assignments              []EventAssignment
	Line                     int
}

// EventAssignment sets Variable to Math when its event executes.
type EventAssignment struct {
	Variable string
	Math     *Expr
	Line     int
}
