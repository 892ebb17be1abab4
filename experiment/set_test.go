package experiment

import (
	"errors"
	"strings"
	"testing"
)

const setBase = `# a comment
name: base
model:
  tier: graupner-brunel
protocol:
  train:
    rate: 1 Hz
    pulses: 900
`

func TestApplySets(t *testing.T) {
	out, err := ApplySets([]byte(setBase), []string{
		"bath.ca=1.8mM",
		"model.override.sigma=0",
		"model.synapses=1000",
		"seed=3",
		"protocol.train.pulses=300",
		"protocol.test = 30 s",
		"drugs[0].name=APV",
		"drugs[0].conc=50uM",
		"record.vars=c, rho",
		"record.every=1 s",
		"target.metric=S",
		"target.value=1.5",
		"target.tol=0.1",
		"target.cite=GB2012",
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode(out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if s.Bath.Ca != "1.8mM" || s.Model.Override["sigma"] != "0" || s.Model.Synapses != 1000 || s.Seed != 3 ||
		s.Protocol.Train.Pulses != 300 || s.Protocol.Train.Rate != "1 Hz" || s.Protocol.Test != "30 s" ||
		len(s.Drugs) != 1 || s.Drugs[0] != (Drug{Name: "APV", Conc: "50uM"}) ||
		strings.Join(s.Record.Vars, "|") != "c|rho" || s.Target.Value != 1.5 {
		t.Errorf("spec after sets: %+v\n%s", s, out)
	}
	if _, err := resolve(s); err != nil {
		t.Error(err)
	}
	// Keys keep their order: name stays first.
	if !strings.HasPrefix(string(out), "name: base") {
		t.Errorf("order changed:\n%s", out)
	}
}

func TestApplySetsSwitchInduction(t *testing.T) {
	out, err := ApplySets([]byte(setBase), []string{"protocol.train=null", "protocol.pairing.dt=+10ms",
		"protocol.pairing.pairs=60", "protocol.pairing.rate=1Hz"})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := Decode(out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	pl, err := resolve(sp)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if pl.Protocol.Pairing == nil || pl.Protocol.Pairing.Dt != 10 || pl.Protocol.Train != nil {
		t.Errorf("protocol %+v", pl.Protocol)
	}
}

func TestApplySetsEmptySource(t *testing.T) {
	out, err := ApplySets(nil, []string{"name=x", "model.tier=shouval", "protocol.explicit.pre=0ms,5ms"})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := Decode(out)
	if err == nil {
		_, err = resolve(sp)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

func TestApplySetsErrors(t *testing.T) {
	for _, tt := range []struct{ set, want string }{
		{"protocol.train.ratee=1Hz", `protocol.train.ratee: "1Hz": unknown field "ratee"; allowed in protocol.train: rate, pulses, repeat, interval`},
		{"colour=red", `colour: "red": unknown field "colour"; allowed in the top level`},
		{"protocol.train.pulses=many", `protocol.train.pulses: "many": must be an integer`},
		{"protocol.train.pulses=9.5", `must be an integer`},
		{"seed=-1", `seed: "-1": must be a non-negative integer`},
		{"target.value=abc", `target.value: "abc": must be a number`},
		{"protocol.train=fast", `protocol.train: "fast": is a mapping`},
		{"drugs[3].name=APV", `drugs[3].name: "APV": index out of range: the list has 0 elements`},
		{"drugs.name=APV", `drugs.name: "APV": a list: index it, e.g. drugs[0]`},
		{"protocol.phases[0].train.rate=1Hz", ``},
		{"protocol.phases[0].trian.rate=1Hz", `unknown field "trian"; allowed in protocol.phases[0]: after, clamp, train, bursts, pairing, poisson, explicit, drug`},
		{"name.first=x", `name.first: "x": name has no fields`},
		{"novalue", `a setting must read path=value`},
	} {
		_, err := ApplySets([]byte(setBase), []string{tt.set})
		if tt.want == "" {
			if err != nil {
				t.Errorf("ApplySets(%q): %v", tt.set, err)
			}
			continue
		}
		var fe *FieldError
		if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ApplySets(%q): %v, want %q", tt.set, err, tt.want)
		}
	}
}
