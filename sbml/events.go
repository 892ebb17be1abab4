package sbml

// The events of a compiled model: triggers, delays, priorities and
// assignments, and the roots of the triggers' relations.

import "fmt"

// rootsOf compiles lhs − rhs of each relation in a trigger: a window in
// which a trigger is briefly true inside one solver step shows up as sign
// changes of these at the step's ends even when the trigger is false at
// both (e.g. 0.18 < S < 0.19).
func (b *builder) rootsOf(x *Expr) error {
	switch x.Op {
	case OpGt, OpLt, OpGeq, OpLeq, OpEq, OpNeq:
		for i := 0; i+1 < len(x.Args); i++ {
			l, err := b.ec.compile(x.Args[i], nil)
			if err != nil {
				return err
			}
			r, err := b.ec.compile(x.Args[i+1], nil)
			if err != nil {
				return err
			}
			if l.isC && r.isC {
				continue
			}
			lf, rf := l.fn, r.fn
			b.c.roots = append(b.c.roots, func(e *env) float64 { return lf(e) - rf(e) })
		}
	case OpLambda:
		return nil
	}
	for _, a := range x.Args {
		if err := b.rootsOf(a); err != nil {
			return err
		}
	}
	return nil
}

// compileEvents compiles every event of the model into c.events: its
// trigger (and the roots of its relations), delay, priority and
// assignments, each assignment to a symbol that exists and is not
// constant.
func (b *builder) compileEvents() error {
	c, m := b.c, b.m
	for _, ev := range m.Events {
		name := ev.ID
		if name == "" {
			name = fmt.Sprintf("(line %d)", ev.Line)
		}
		ce := cevent{id: name, line: ev.Line, persistent: ev.Persistent, initialValue: ev.InitialValue, useTriggerValues: ev.UseValuesFromTriggerTime}
		comp := func(x *Expr, what string) (evalFn, error) {
			if x == nil {
				return nil, nil
			}
			cp, err := b.ec.compile(x, nil)
			if err != nil {
				return nil, fmt.Errorf("sbml: line %d: event %s: %s: %w", ev.Line, name, what, err)
			}
			return cp.fn, nil
		}
		var err error
		if ce.trigger, err = comp(ev.Trigger, "trigger"); err != nil {
			return err
		}
		if err := b.rootsOf(ev.Trigger); err != nil {
			return fmt.Errorf("sbml: line %d: event %s: trigger: %w", ev.Line, name, err)
		}
		if ce.delay, err = comp(ev.Delay, "delay"); err != nil {
			return err
		}
		if ce.priority, err = comp(ev.Priority, "priority"); err != nil {
			return err
		}
		for _, a := range ev.Assignments {
			si, ok := c.byID[a.Variable]
			if !ok || c.syms[si].kind == kReaction {
				return fmt.Errorf("sbml: line %d: event %s: assignment to %q: no such compartment, species, parameter or species reference", a.Line, name, a.Variable)
			}
			if c.syms[si].constant {
				return fmt.Errorf("sbml: line %d: event %s: assignment to %q, which is constant", a.Line, name, a.Variable)
			}
			fn, err := comp(a.Math, "assignment to "+a.Variable)
			if err != nil {
				return err
			}
			ce.assigns = append(ce.assigns, cassign{sym: si, fn: fn})
		}
		c.events = append(c.events, ce)
	}
	return nil
}
