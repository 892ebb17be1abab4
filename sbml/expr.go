package sbml

import (
	"fmt"
	"math"
	"strings"
)

// Budgets of the expression compiler against hostile function
// definitions: calls are inlined (each call site compiles the body with
// its arguments bound), so nesting f₁(x) = f₂(x) + f₂(x), f₂ = f₃ + f₃, …
// grows the work geometrically. Both budgets are far above any published
// model's rate laws.
const (
	// maxCompiledNodes bounds the closures made for one model.
	maxCompiledNodes = 2_000_000
	// maxEvalCost bounds the operations one evaluation of an expression
	// may take once every call is expanded.
	maxEvalCost = 10_000_000
)

// env is what a compiled expression reads: the value of every slot, the
// time, and the simulation (for delay).
type env struct {
	v   []float64
	t   float64
	sim *Sim
}

// evalFn is a compiled expression.
type evalFn func(e *env) float64

// compiled is the result of compiling one expression: the closure, its
// cost (operations per evaluation), and its value if constant.
type compiled struct {
	fn     evalFn
	cost   float64
	isC    bool
	c      float64
	deps   []int // slots read at the current time
	rateOf []int // symbols whose rateOf is read
}

// binding is a bound variable of an inlined function: the compiled
// argument expression.
type binding struct {
	c compiled
}

// exprCompiler compiles expressions against a symbol table.
type exprCompiler struct {
	lookup func(name string) (slot int, err error) // resolves <ci> names to slots
	rateOf func(name string) (slot int, sym int, err error)
	funcs  map[string]*FunctionDefinition
	nodes  int
	stack  []string // function calls being expanded, for cycle detection
	delays []*delaySpec
}

// compile compiles x with the given bound variables (nil outside
// function bodies).
func (ec *exprCompiler) compile(x *Expr, scope map[string]binding) (compiled, error) {
	ec.nodes++
	if ec.nodes > maxCompiledNodes {
		return compiled{}, fmt.Errorf("line %d: expressions expand to more than %d operations (nested function definitions?)", x.Line, maxCompiledNodes)
	}
	c, err := ec.compile1(x, scope)
	if err != nil {
		return c, err
	}
	if c.cost > maxEvalCost {
		return c, fmt.Errorf("line %d: expression costs more than %d operations per evaluation once function calls are expanded", x.Line, maxEvalCost)
	}
	return c, nil
}

func constant(v float64) compiled {
	return compiled{fn: func(*env) float64 { return v }, cost: 1, isC: true, c: v}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (ec *exprCompiler) compile1(x *Expr, scope map[string]binding) (compiled, error) {
	switch x.Op {
	case OpNum:
		return constant(x.Val), nil
	case OpIdent:
		if b, ok := scope[x.Name]; ok {
			return b.c, nil
		}
		if scope != nil {
			return compiled{}, fmt.Errorf("line %d: %q in a function body is not one of its arguments", x.Line, x.Name)
		}
		s, err := ec.lookup(x.Name)
		if err != nil {
			return compiled{}, fmt.Errorf("line %d: %w", x.Line, err)
		}
		return compiled{fn: func(e *env) float64 { return e.v[s] }, cost: 1, deps: []int{s}}, nil
	case OpTime:
		return compiled{fn: func(e *env) float64 { return e.t }, cost: 1}, nil
	case OpAvogadro:
		return constant(Avogadro), nil
	case OpLambda:
		return compiled{}, fmt.Errorf("line %d: lambda outside a function definition", x.Line)
	case OpCall:
		return ec.call(x, scope)
	case OpRateOf:
		if scope != nil {
			return compiled{}, fmt.Errorf("line %d: rateOf inside a function definition is not supported", x.Line)
		}
		s, sym, err := ec.rateOf(x.Args[0].Name)
		if err != nil {
			return compiled{}, fmt.Errorf("line %d: rateOf: %w", x.Line, err)
		}
		if s < 0 {
			return constant(0), nil // a constant, e.g. a local parameter
		}
		return compiled{fn: func(e *env) float64 { return e.v[s] }, cost: 1, deps: []int{s}, rateOf: []int{sym}}, nil
	case OpDelay:
		if scope != nil {
			return compiled{}, fmt.Errorf("line %d: delay inside a function definition is not supported", x.Line)
		}
		xc, err := ec.compile(x.Args[0], scope)
		if err != nil {
			return compiled{}, err
		}
		dc, err := ec.compile(x.Args[1], scope)
		if err != nil {
			return compiled{}, err
		}
		ds := &delaySpec{x: xc.fn, d: dc.fn, deps: xc.deps}
		ec.delays = append(ec.delays, ds)
		df := dc.fn
		// The delayed expression is read at past times, so only the
		// delay's own dependencies count for ordering at the current time.
		return compiled{fn: func(e *env) float64 { return e.sim.delayed(e, ds, df(e)) },
			cost: xc.cost*8 + dc.cost + 50, deps: dc.deps, rateOf: append(xc.rateOf, dc.rateOf...)}, nil
	}

	args := make([]compiled, len(x.Args))
	allC := true
	var cost float64 = 1
	var deps, rates []int
	for i, a := range x.Args {
		c, err := ec.compile(a, scope)
		if err != nil {
			return compiled{}, err
		}
		args[i] = c
		allC = allC && c.isC
		cost += c.cost
		deps = append(deps, c.deps...)
		rates = append(rates, c.rateOf...)
	}
	fn, err := opFn(x, args)
	if err != nil {
		return compiled{}, err
	}
	if allC {
		return constant(fn(nil)), nil
	}
	return compiled{fn: fn, cost: cost, deps: deps, rateOf: rates}, nil
}

// call inlines a function definition: its body compiled with the bvars
// bound to the compiled arguments.
func (ec *exprCompiler) call(x *Expr, scope map[string]binding) (compiled, error) {
	fd, ok := ec.funcs[x.Name]
	if !ok {
		// L2 files from some tools write MathML operators as calls.
		return compiled{}, fmt.Errorf("line %d: call of %q, which is not a function definition", x.Line, x.Name)
	}
	for _, s := range ec.stack {
		if s == x.Name {
			return compiled{}, fmt.Errorf("line %d: cyclic function definitions: %s → %s", x.Line, strings.Join(ec.stack, " → "), x.Name)
		}
	}
	lam := fd.Math
	nb := len(lam.Args) - 1
	if len(x.Args) != nb {
		return compiled{}, fmt.Errorf("line %d: %s takes %d arguments, is given %d", x.Line, x.Name, nb, len(x.Args))
	}
	inner := make(map[string]binding, nb)
	var cost float64
	for i := 0; i < nb; i++ {
		c, err := ec.compile(x.Args[i], scope)
		if err != nil {
			return compiled{}, err
		}
		inner[lam.Args[i].Name] = binding{c}
		cost += c.cost
	}
	ec.stack = append(ec.stack, x.Name)
	body, err := ec.compile(lam.Args[nb], inner)
	ec.stack = ec.stack[:len(ec.stack)-1]
	if err != nil {
		return compiled{}, fmt.Errorf("in function %s (line %d): %w", x.Name, fd.Line, err)
	}
	return body, nil
}

// factorial is n! for integers n ≥ 0 and Γ(n+1) otherwise (NaN below 0).
func factorial(n float64) float64 {
	if n < 0 {
		return math.NaN()
	}
	if n == math.Trunc(n) && n <= 170 {
		r := 1.0
		for i := 2.0; i <= n; i++ {
			r *= i
		}
		return r
	}
	return math.Gamma(n + 1)
}
