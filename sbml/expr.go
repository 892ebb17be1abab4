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

// opFn returns the closure of an operator applied to compiled arguments.
func opFn(x *Expr, args []compiled) (evalFn, error) {
	f := make([]evalFn, len(args))
	for i, a := range args {
		f[i] = a.fn
	}
	un := func(g func(float64) float64) evalFn {
		a := f[0]
		return func(e *env) float64 { return g(a(e)) }
	}
	bin := func(g func(a, b float64) float64) evalFn {
		a, b := f[0], f[1]
		return func(e *env) float64 { return g(a(e), b(e)) }
	}
	chain := func(cmp func(a, b float64) bool) evalFn {
		if len(f) == 2 {
			a, b := f[0], f[1]
			return func(e *env) float64 { return b2f(cmp(a(e), b(e))) }
		}
		return func(e *env) float64 {
			if len(f) < 2 {
				return 1
			}
			prev := f[0](e)
			for _, g := range f[1:] {
				v := g(e)
				if !cmp(prev, v) {
					return 0
				}
				prev = v
			}
			return 1
		}
	}
	switch x.Op {
	case OpPlus:
		switch len(f) {
		case 0:
			return func(*env) float64 { return 0 }, nil
		case 1:
			return f[0], nil
		case 2:
			a, b := f[0], f[1]
			return func(e *env) float64 { return a(e) + b(e) }, nil
		case 3:
			a, b, c := f[0], f[1], f[2]
			return func(e *env) float64 { return a(e) + b(e) + c(e) }, nil
		}
		return func(e *env) float64 {
			s := 0.0
			for _, g := range f {
				s += g(e)
			}
			return s
		}, nil
	case OpTimes:
		switch len(f) {
		case 0:
			return func(*env) float64 { return 1 }, nil
		case 1:
			return f[0], nil
		case 2:
			a, b := f[0], f[1]
			return func(e *env) float64 { return a(e) * b(e) }, nil
		case 3:
			a, b, c := f[0], f[1], f[2]
			return func(e *env) float64 { return a(e) * b(e) * c(e) }, nil
		}
		return func(e *env) float64 {
			s := 1.0
			for _, g := range f {
				s *= g(e)
			}
			return s
		}, nil
	case OpMinus:
		if len(f) == 1 {
			return un(func(a float64) float64 { return -a }), nil
		}
		a, b := f[0], f[1]
		return func(e *env) float64 { return a(e) - b(e) }, nil
	case OpDivide:
		a, b := f[0], f[1]
		return func(e *env) float64 { return a(e) / b(e) }, nil
	case OpPower:
		return bin(math.Pow), nil
	case OpRoot:
		return bin(func(n, v float64) float64 {
			if n == 2 {
				return math.Sqrt(v)
			}
			if v < 0 && math.Mod(n, 2) == 1 {
				return -math.Pow(-v, 1/n)
			}
			return math.Pow(v, 1/n)
		}), nil
	case OpLog:
		return bin(func(b, v float64) float64 {
			if b == 10 {
				return math.Log10(v)
			}
			return math.Log(v) / math.Log(b)
		}), nil
	case OpLn:
		return un(math.Log), nil
	case OpExp:
		return un(math.Exp), nil
	case OpAbs:
		return un(math.Abs), nil
	case OpFloor:
		return un(math.Floor), nil
	case OpCeiling:
		return un(math.Ceil), nil
	case OpFactorial:
		return un(factorial), nil
	case OpSin:
		return un(math.Sin), nil
	case OpCos:
		return un(math.Cos), nil
	case OpTan:
		return un(math.Tan), nil
	case OpSec:
		return un(func(a float64) float64 { return 1 / math.Cos(a) }), nil
	case OpCsc:
		return un(func(a float64) float64 { return 1 / math.Sin(a) }), nil
	case OpCot:
		return un(func(a float64) float64 { return 1 / math.Tan(a) }), nil
	case OpSinh:
		return un(math.Sinh), nil
	case OpCosh:
		return un(math.Cosh), nil
	case OpTanh:
		return un(math.Tanh), nil
	case OpSech:
		return un(func(a float64) float64 { return 1 / math.Cosh(a) }), nil
	case OpCsch:
		return un(func(a float64) float64 { return 1 / math.Sinh(a) }), nil
	case OpCoth:
		return un(func(a float64) float64 { return 1 / math.Tanh(a) }), nil
	case OpArcsin:
		return un(math.Asin), nil
	case OpArccos:
		return un(math.Acos), nil
	case OpArctan:
		return un(math.Atan), nil
	case OpArcsec:
		return un(func(a float64) float64 { return math.Acos(1 / a) }), nil
	case OpArccsc:
		return un(func(a float64) float64 { return math.Asin(1 / a) }), nil
	case OpArccot:
		return un(func(a float64) float64 {
			if a == 0 {
				return math.Pi / 2
			}
			return math.Atan(1 / a)
		}), nil
	case OpArcsinh:
		return un(math.Asinh), nil
	case OpArccosh:
		return un(math.Acosh), nil
	case OpArctanh:
		return un(math.Atanh), nil
	case OpArcsech:
		return un(func(a float64) float64 { return math.Acosh(1 / a) }), nil
	case OpArccsch:
		return un(func(a float64) float64 { return math.Asinh(1 / a) }), nil
	case OpArccoth:
		return un(func(a float64) float64 { return math.Atanh(1 / a) }), nil
	case OpEq:
		return chain(func(a, b float64) bool { return a == b }), nil
	case OpNeq:
		return bin(func(a, b float64) float64 { return b2f(a != b) }), nil
	case OpGt:
		return chain(func(a, b float64) bool { return a > b }), nil
	case OpLt:
		return chain(func(a, b float64) bool { return a < b }), nil
	case OpGeq:
		return chain(func(a, b float64) bool { return a >= b }), nil
	case OpLeq:
		return chain(func(a, b float64) bool { return a <= b }), nil
	case OpAnd:
		return func(e *env) float64 {
			for _, g := range f {
				if g(e) == 0 {
					return 0
				}
			}
			return 1
		}, nil
	case OpOr:
		return func(e *env) float64 {
			for _, g := range f {
				if g(e) != 0 {
					return 1
				}
			}
			return 0
		}, nil
	case OpXor:
		return func(e *env) float64 {
			n := 0
			for _, g := range f {
				if g(e) != 0 {
					n++
				}
			}
			return float64(n % 2)
		}, nil
	case OpNot:
		return un(func(a float64) float64 { return b2f(a == 0) }), nil
	case OpImplies:
		a, b := f[0], f[1]
		return func(e *env) float64 { return b2f(a(e) == 0 || b(e) != 0) }, nil
	case OpMax:
		if len(f) == 0 {
			return nil, fmt.Errorf("line %d: max of no arguments", x.Line)
		}
		return func(e *env) float64 {
			m := f[0](e)
			for _, g := range f[1:] {
				v := g(e)
				if v > m || math.IsNaN(v) {
					m = v
				}
			}
			return m
		}, nil
	case OpMin:
		if len(f) == 0 {
			return nil, fmt.Errorf("line %d: min of no arguments", x.Line)
		}
		return func(e *env) float64 {
			m := f[0](e)
			for _, g := range f[1:] {
				v := g(e)
				if v < m || math.IsNaN(v) {
					m = v
				}
			}
			return m
		}, nil
	case OpRem:
		return bin(math.Mod), nil
	case OpQuotient:
		return bin(func(a, b float64) float64 { return math.Trunc(a / b) }), nil
	case OpPiecewise:
		n := len(f)
		other := evalFn(func(*env) float64 { return math.NaN() })
		if n%2 == 1 {
			other = f[n-1]
			n--
		}
		pieces := f[:n]
		if n == 2 {
			v, c, o := pieces[0], pieces[1], other
			return func(e *env) float64 {
				if c(e) != 0 {
					return v(e)
				}
				return o(e)
			}, nil
		}
		return func(e *env) float64 {
			for i := 0; i < len(pieces); i += 2 {
				if pieces[i+1](e) != 0 {
					return pieces[i](e)
				}
			}
			return other(e)
		}, nil
	}
	return nil, fmt.Errorf("line %d: operator %s is not supported here", x.Line, opSymbol[x.Op])
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
