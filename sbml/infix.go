package sbml

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// maxInfixLen bounds the text ParseExpr accepts (it recurses per
// parenthesis and operator).
const maxInfixLen = 4096

// ParseExpr parses an infix expression over a model's ids, such as a
// readout "CaMKIIp / (CaMKII + CaMKIIp)": numbers, ids (an id of a local
// parameter is written reaction.local), + − * / ^, comparisons
// (< <= > >= == !=), && || !, parentheses, the functions of MathML by
// their MathML names (exp, ln, log (base 10), sqrt, abs, min, max, pow,
// piecewise, …) and the model's function definitions, and time.
func ParseExpr(s string) (*Expr, error) {
	if len(s) > maxInfixLen {
		return nil, fmt.Errorf("sbml: expression longer than %d bytes", maxInfixLen)
	}
	p := &infix{s: s}
	p.next()
	x, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.tok != "" {
		return nil, fmt.Errorf("sbml: expression %q: unexpected %q at byte %d", s, p.tok, p.pos)
	}
	return x, nil
}

type infix struct {
	s     string
	i     int
	tok   string
	pos   int
	depth int
}

func (p *infix) next() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
	p.pos = p.i
	if p.i >= len(p.s) {
		p.tok = ""
		return
	}
	c := rune(p.s[p.i])
	j := p.i + 1
	switch {
	case unicode.IsDigit(c) || c == '.':
		for j < len(p.s) && (unicode.IsDigit(rune(p.s[j])) || p.s[j] == '.' ||
			((p.s[j] == 'e' || p.s[j] == 'E') && j+1 < len(p.s)) ||
			((p.s[j] == '+' || p.s[j] == '-') && (p.s[j-1] == 'e' || p.s[j-1] == 'E'))) {
			j++
		}
	case unicode.IsLetter(c) || c == '_':
		for j < len(p.s) && (unicode.IsLetter(rune(p.s[j])) || unicode.IsDigit(rune(p.s[j])) || p.s[j] == '_' || p.s[j] == '.') {
			j++
		}
	default:
		if j < len(p.s) {
			switch two := p.s[p.i : j+1]; two {
			case "<=", ">=", "==", "!=", "&&", "||":
				j++
			}
		}
	}
	p.tok = p.s[p.i:j]
	p.i = j
}

// binary operators by precedence (higher binds tighter).
var infixOps = map[string]struct {
	prec int
	op   Op
}{
	"||": {1, OpOr}, "&&": {2, OpAnd},
	"==": {3, OpEq}, "!=": {3, OpNeq}, "<": {3, OpLt}, "<=": {3, OpLeq}, ">": {3, OpGt}, ">=": {3, OpGeq},
	"+": {4, OpPlus}, "-": {4, OpMinus}, "*": {5, OpTimes}, "/": {5, OpDivide}, "^": {7, OpPower},
}

func (p *infix) expr(min int) (*Expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 200 {
		return nil, fmt.Errorf("sbml: expression %q nests too deeply", p.s)
	}
	lhs, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		o, ok := infixOps[p.tok]
		if !ok || o.prec < min {
			return lhs, nil
		}
		p.next()
		next := o.prec + 1
		if o.op == OpPower {
			next = o.prec // right-associative
		}
		rhs, err := p.expr(next)
		if err != nil {
			return nil, err
		}
		lhs = &Expr{Op: o.op, Args: []*Expr{lhs, rhs}}
	}
}

func (p *infix) unary() (*Expr, error) {
	switch p.tok {
	case "-":
		p.next()
		x, err := p.expr(6)
		if err != nil {
			return nil, err
		}
		return &Expr{Op: OpMinus, Args: []*Expr{x}}, nil
	case "+":
		p.next()
		return p.expr(6)
	case "!":
		p.next()
		x, err := p.expr(6)
		if err != nil {
			return nil, err
		}
		return &Expr{Op: OpNot, Args: []*Expr{x}}, nil
	}
	return p.primary()
}

func (p *infix) primary() (*Expr, error) {
	t := p.tok
	switch {
	case t == "":
		return nil, fmt.Errorf("sbml: expression %q ends early", p.s)
	case t == "(":
		p.next()
		x, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		if p.tok != ")" {
			return nil, fmt.Errorf("sbml: expression %q: missing )", p.s)
		}
		p.next()
		return x, nil
	case unicode.IsDigit(rune(t[0])) || t[0] == '.':
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, fmt.Errorf("sbml: expression %q: %q is not a number", p.s, t)
		}
		p.next()
		return &Expr{Op: OpNum, Val: v}, nil
	case unicode.IsLetter(rune(t[0])) || t[0] == '_':
		p.next()
		if p.tok != "(" {
			switch t {
			case "time":
				return &Expr{Op: OpTime}, nil
			case "pi":
				return &Expr{Op: OpNum, Val: 3.141592653589793}, nil
			case "avogadro":
				return &Expr{Op: OpAvogadro}, nil
			}
			return &Expr{Op: OpIdent, Name: t}, nil
		}
		p.next()
		var args []*Expr
		for p.tok != ")" {
			a, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.tok == "," {
				p.next()
			} else if p.tok != ")" {
				return nil, fmt.Errorf("sbml: expression %q: expected , or ) after an argument of %s", p.s, t)
			}
		}
		p.next()
		return callOf(t, args)
	}
	return nil, fmt.Errorf("sbml: expression %q: unexpected %q", p.s, t)
}

// callOf maps a function name to an operator (or a call of a function
// definition).
func callOf(name string, args []*Expr) (*Expr, error) {
	x := &Expr{Args: args}
	switch strings.ToLower(name) {
	case "sqrt":
		x.Op, x.Args = OpRoot, append([]*Expr{{Op: OpNum, Val: 2}}, args...)
	case "pow":
		x.Op = OpPower
	case "log":
		if len(args) == 1 {
			x.Op, x.Args = OpLog, append([]*Expr{{Op: OpNum, Val: 10}}, args...)
		} else {
			x.Op = OpLog
		}
	case "log10":
		x.Op, x.Args = OpLog, append([]*Expr{{Op: OpNum, Val: 10}}, args...)
	case "piecewise":
		x.Op = OpPiecewise
		return x, nil
	default:
		op, ok := opNames[name]
		if !ok {
			return &Expr{Op: OpCall, Name: name, Args: args}, nil
		}
		x.Op = op
	}
	if err := checkArity(x); err != nil {
		return nil, fmt.Errorf("sbml: %s: %v", name, err)
	}
	return x, nil
}

// CompileExpr compiles an expression (e.g. from ParseExpr) against the
// model's ids, for Sim.Eval.
func (c *Compiled) CompileExpr(x *Expr) (*Readout, error) {
	ec := &exprCompiler{funcs: map[string]*FunctionDefinition{}, lookup: func(name string) (int, error) {
		si, err := c.symbolOf(name)
		if err != nil {
			return 0, err
		}
		return c.syms[si].slot, nil
	}, rateOf: func(name string) (int, int, error) {
		si, err := c.symbolOf(name)
		if err != nil {
			return 0, 0, err
		}
		if c.syms[si].dval < 0 {
			return 0, 0, fmt.Errorf("rateOf(%s) is only available where the model itself uses it", name)
		}
		return c.syms[si].dval, si, nil
	}}
	for i := range c.Model.Functions {
		f := &c.Model.Functions[i]
		ec.funcs[f.ID] = f
	}
	cp, err := ec.compile(x, nil)
	if err != nil {
		return nil, fmt.Errorf("sbml: %s: %w", x, err)
	}
	if len(ec.delays) > 0 {
		return nil, fmt.Errorf("sbml: %s: delay is not available in a readout", x)
	}
	return &Readout{fn: cp.fn, src: x.String()}, nil
}

// Readout is a compiled expression evaluated on a Sim's current state.
type Readout struct {
	fn  evalFn
	src string
}

// String returns the expression in infix form.
func (r *Readout) String() string { return r.src }

// Eval evaluates a readout at the Sim's current time and state.
func (s *Sim) Eval(r *Readout) float64 { return r.fn(&s.e) }
