// Package papers is synlab's suite of published experiments: each case is
// an experiment spec (cases/*.yaml, embedded) with a target (the published
// or independently computed value, its tolerance and its citation).
// `synlab reproduce` runs them all and reports measured beside published;
// `go test ./papers` runs them as tests.
package papers

import (
	"context"
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

//go:embed cases/*.yaml
var caseFS embed.FS

// Case is one reproduced experiment.
type Case struct {
	Name string // file name without .yaml
	Data []byte // the spec, with its target
}

// Cases lists the suite, sorted by name.
func Cases() []Case {
	ents, _ := caseFS.ReadDir("cases") // embedded: cannot fail
	var out []Case
	for _, e := range ents {
		data, _ := caseFS.ReadFile(path.Join("cases", e.Name()))
		out = append(out, Case{Name: strings.TrimSuffix(e.Name(), ".yaml"), Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Outcome is one case's result.
type Outcome struct {
	Case   Case
	Result *engine.Result
	Check  *engine.TargetCheck
}

// Run runs the cases whose name contains `only` (all if empty) on `workers`
// goroutines, in input order.
func Run(ctx context.Context, only string, workers int, done func(n, total int)) ([]Outcome, error) {
	return RunSets(ctx, only, nil, workers, done)
}

// RunSets is Run with the overrides sets (path=value, as `synlab run
// --set`) applied to every selected case and its control: to run the CA1
// cases at finer strata, say, and check that their results have converged
// (`synlab reproduce --only ca1- --set model.override.kv=16 --set
// model.override.kr=4`). A set that a case's spec refuses is an error that
// names the case. Each outcome's Case.Data is the spec as run.
func RunSets(ctx context.Context, only string, sets []string, workers int, done func(n, total int)) ([]Outcome, error) {
	var cases []Case
	var plans []*engine.Plan
	all := Cases()
	want := map[string]bool{}
	for _, c := range all {
		if only == "" || strings.Contains(c.Name, only) {
			want[c.Name] = true
			if pl, err := catalog.Load(c.Data); err == nil && pl.Spec.Target != nil && pl.Spec.Target.Control != "" {
				want[pl.Spec.Target.Control] = true // the control runs too
			}
		}
	}
	for _, c := range all {
		if !want[c.Name] {
			continue
		}
		if len(sets) > 0 {
			data, err := experiment.ApplySets(c.Data, sets)
			if err != nil {
				return nil, fmt.Errorf("papers: case %s: %w", c.Name, err)
			}
			c.Data = data
		}
		pl, err := catalog.Load(c.Data)
		if err != nil {
			return nil, fmt.Errorf("papers: case %s: %w", c.Name, err)
		}
		if pl.Spec.Target == nil {
			return nil, fmt.Errorf("papers: case %s has no target", c.Name)
		}
		cases = append(cases, c)
		plans = append(plans, pl)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("papers: no case matches %q", only)
	}
	res, err := engine.RunMany(ctx, plans, workers, func(n int) {
		if done != nil {
			done(n, len(plans))
		}
	})
	if err != nil {
		return nil, err
	}
	out := make([]Outcome, len(cases))
	for i := range cases {
		out[i] = Outcome{Case: cases[i], Result: res[i], Check: res[i].Summary.Target}
	}
	byName := map[string]*engine.TargetCheck{}
	for _, o := range out {
		byName[o.Case.Name] = o.Check
	}
	for _, o := range out {
		if ctl := o.Check.Control; ctl != "" {
			if byName[ctl] == nil {
				return nil, fmt.Errorf("papers: case %s: target.control %q is not a case", o.Case.Name, ctl)
			}
			o.Check.Compare(byName[ctl])
		}
	}
	return out, nil
}
