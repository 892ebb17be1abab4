package sbml

import (
	"fmt"
	"math"
)

// The operators of compiled math: tables of the unary and binary
// functions and of the relations, and opFn, which builds the closure of
// any operator from the closures of its arguments.

// unaryOps are the operators that apply a function to their one argument.
var unaryOps = map[Op]func(float64) float64{
	OpLn:        math.Log,
	OpExp:       math.Exp,
	OpAbs:       math.Abs,
	OpFloor:     math.Floor,
	OpCeiling:   math.Ceil,
	OpFactorial: factorial,
	OpSin:       math.Sin,
	OpCos:       math.Cos,
	OpTan:       math.Tan,
	OpSec:       func(a float64) float64 { return 1 / math.Cos(a) },
	OpCsc:       func(a float64) float64 { return 1 / math.Sin(a) },
	OpCot:       func(a float64) float64 { return 1 / math.Tan(a) },
	OpSinh:      math.Sinh,
	OpCosh:      math.Cosh,
	OpTanh:      math.Tanh,
	OpSech:      func(a float64) float64 { return 1 / math.Cosh(a) },
	OpCsch:      func(a float64) float64 { return 1 / math.Sinh(a) },
	OpCoth:      func(a float64) float64 { return 1 / math.Tanh(a) },
	OpArcsin:    math.Asin,
	OpArccos:    math.Acos,
	OpArctan:    math.Atan,
	OpArcsec:    func(a float64) float64 { return math.Acos(1 / a) },
	OpArccsc:    func(a float64) float64 { return math.Asin(1 / a) },
	OpArccot: func(a float64) float64 {
		if a == 0 {
			return math.Pi / 2
		}
		return math.Atan(1 / a)
	},
	OpArcsinh: math.Asinh,
	OpArccosh: math.Acosh,
	OpArctanh: math.Atanh,
	OpArcsech: func(a float64) float64 { return math.Acosh(1 / a) },
	OpArccsch: func(a float64) float64 { return math.Asinh(1 / a) },
	OpArccoth: func(a float64) float64 { return math.Atanh(1 / a) },
	OpNot:     func(a float64) float64 { return b2f(a == 0) },
}

// binaryOps are the operators that apply a function to their first two
// arguments.
var binaryOps = map[Op]func(a, b float64) float64{
	OpPower: math.Pow,
	OpRoot: func(n, v float64) float64 {
		if n == 2 {
			return math.Sqrt(v)
		}
		if v < 0 && math.Mod(n, 2) == 1 {
			return -math.Pow(-v, 1/n)
		}
		return math.Pow(v, 1/n)
	},
	OpLog: func(b, v float64) float64 {
		if b == 10 {
			return math.Log10(v)
		}
		return math.Log(v) / math.Log(b)
	},
	OpNeq:      func(a, b float64) float64 { return b2f(a != b) },
	OpRem:      math.Mod,
	OpQuotient: func(a, b float64) float64 { return math.Trunc(a / b) },
}

// chainOps are the relations that hold (1) when they hold between every
// argument and the next, else 0.
var chainOps = map[Op]func(a, b float64) bool{
	OpEq:  func(a, b float64) bool { return a == b },
	OpGt:  func(a, b float64) bool { return a > b },
	OpLt:  func(a, b float64) bool { return a < b },
	OpGeq: func(a, b float64) bool { return a >= b },
	OpLeq: func(a, b float64) bool { return a <= b },
}

// opFn returns the closure of an operator applied to compiled arguments.
func opFn(x *Expr, args []compiled) (evalFn, error) {
	f := make([]evalFn, len(args))
	for i, a := range args {
		f[i] = a.fn
	}
	if g, ok := unaryOps[x.Op]; ok {
		a := f[0]
		return func(e *env) float64 { return g(a(e)) }, nil
	}
	if g, ok := binaryOps[x.Op]; ok {
		a, b := f[0], f[1]
		return func(e *env) float64 { return g(a(e), b(e)) }, nil
	}
	if cmp, ok := chainOps[x.Op]; ok {
		return chain(f, cmp), nil
	}
	switch x.Op {
	case OpPlus:
		return sumFn(f), nil
	case OpTimes:
		return productFn(f), nil
	case OpMinus:
		if len(f) == 1 {
			a := f[0]
			return func(e *env) float64 { return -a(e) }, nil
		}
		a, b := f[0], f[1]
		return func(e *env) float64 { return a(e) - b(e) }, nil
	case OpDivide:
		a, b := f[0], f[1]
		return func(e *env) float64 { return a(e) / b(e) }, nil
	case OpAnd, OpOr, OpXor:
		return logicFn(x.Op, f), nil
	case OpImplies:
		a, b := f[0], f[1]
		return func(e *env) float64 { return b2f(a(e) == 0 || b(e) != 0) }, nil
	case OpMax, OpMin:
		return extremumFn(x, f)
	case OpPiecewise:
		return piecewiseFn(f), nil
	}
	return nil, fmt.Errorf("line %d: operator %s is not supported here", x.Line, opSymbol[x.Op])
}

// chain returns the closure of a relation over the arguments f: 1 if cmp
// holds between each argument and the next (or there are fewer than two),
// else 0, evaluating no further than the first pair that fails.
func chain(f []evalFn, cmp func(a, b float64) bool) evalFn {
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

// sumFn returns the closure of the sum of the arguments f, added left to
// right (0 for none).
func sumFn(f []evalFn) evalFn {
	switch len(f) {
	case 0:
		return func(*env) float64 { return 0 }
	case 1:
		return f[0]
	case 2:
		a, b := f[0], f[1]
		return func(e *env) float64 { return a(e) + b(e) }
	case 3:
		a, b, c := f[0], f[1], f[2]
		return func(e *env) float64 { return a(e) + b(e) + c(e) }
	}
	return func(e *env) float64 {
		s := 0.0
		for _, g := range f {
			s += g(e)
		}
		return s
	}
}

// productFn returns the closure of the product of the arguments f,
// multiplied left to right (1 for none).
func productFn(f []evalFn) evalFn {
	switch len(f) {
	case 0:
		return func(*env) float64 { return 1 }
	case 1:
		return f[0]
	case 2:
		a, b := f[0], f[1]
		return func(e *env) float64 { return a(e) * b(e) }
	case 3:
		a, b, c := f[0], f[1], f[2]
		return func(e *env) float64 { return a(e) * b(e) * c(e) }
	}
	return func(e *env) float64 {
		s := 1.0
		for _, g := range f {
			s *= g(e)
		}
		return s
	}
}

// logicFn returns the closure of and, or or xor (op) over the arguments
// f, each nonzero value true; and and or stop at the first argument that
// decides.
func logicFn(op Op, f []evalFn) evalFn {
	switch op {
	case OpAnd:
		return func(e *env) float64 {
			for _, g := range f {
				if g(e) == 0 {
					return 0
				}
			}
			return 1
		}
	case OpOr:
		return func(e *env) float64 {
			for _, g := range f {
				if g(e) != 0 {
					return 1
				}
			}
			return 0
		}
	}
	return func(e *env) float64 {
		n := 0
		for _, g := range f {
			if g(e) != 0 {
				n++
			}
		}
		return float64(n % 2)
	}
}

// extremumFn returns the closure of max or min (x.Op) over the arguments
// f; a NaN argument makes the result NaN unless a later one replaces it.
// No arguments is an error.
func extremumFn(x *Expr, f []evalFn) (evalFn, error) {
	if x.Op == OpMax {
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
	}
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
}

// piecewiseFn returns the closure of piecewise over the arguments f
// (value, condition pairs, then an optional otherwise): the value of the
// first true condition, else the otherwise, else NaN.
func piecewiseFn(f []evalFn) evalFn {
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
		}
	}
	return func(e *env) float64 {
		for i := 0; i < len(pieces); i += 2 {
			if pieces[i+1](e) != 0 {
				return pieces[i](e)
			}
		}
		return other(e)
	}
}
