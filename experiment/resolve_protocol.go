package experiment

import (
	"errors"
	"fmt"

	"github.com/synlab/synlab/protocol"
)

// protocol converts spec.protocol to numbers. Range checks that need only
// one field are done here, with the units of the file; the rest (one
// induction element per phase, overlaps, event and time limits) by
// protocol.Protocol.Layout.
func (r *resolver) protocol() (protocol.Protocol, *FieldError) {
	sp := r.s.Protocol
	var p protocol.Protocol
	var fe *FieldError
	if p.Test, fe = r.qty("protocol.test", sp.Test); fe != nil {
		return p, fe
	}
	if p.Baseline, fe = r.qty("protocol.baseline", sp.Baseline); fe != nil {
		return p, fe
	}
	if p.Follow, fe = r.qty("protocol.follow", sp.Follow); fe != nil {
		return p, fe
	}
	single := sp.Clamp != "" || sp.Train != nil || sp.Bursts != nil || sp.Pairing != nil || sp.Poisson != nil || sp.Explicit != nil
	if len(sp.Phases) == 0 {
		ph, fe := r.phase("protocol.", Phase{Clamp: sp.Clamp, Train: sp.Train, Bursts: sp.Bursts, Pairing: sp.Pairing, Poisson: sp.Poisson, Explicit: sp.Explicit}, false)
		if fe != nil {
			return p, fe
		}
		p.Clamp, p.Train, p.Bursts, p.Pairing, p.Poisson, p.Explicit = ph.Clamp, ph.Train, ph.Bursts, ph.Pairing, ph.Poisson, ph.Explicit
		return p, nil
	}
	if single {
		return p, &FieldError{Path: "protocol", Allowed: "give the induction either as phases or as one element (train, bursts, pairing, poisson, explicit, clamp) at the top, not both"}
	}
	if len(sp.Phases) > MaxList {
		return p, &FieldError{Path: "protocol.phases", Allowed: fmt.Sprintf("at most %d phases", MaxList)}
	}
	for i, ph := range sp.Phases {
		x, fe := r.phase(fmt.Sprintf("protocol.phases[%d].", i), ph, true)
		if fe != nil {
			return p, fe
		}
		p.Phases = append(p.Phases, x)
	}
	return p, nil
}

// phase converts one phase below prefix ("protocol." for the
// single-element form, "protocol.phases[i]." otherwise).
func (r *resolver) phase(prefix string, sp Phase, inList bool) (protocol.Phase, *FieldError) {
	var p protocol.Phase
	var fe *FieldError
	if inList {
		if p.After, fe = r.qty(prefix+"after", sp.After); fe != nil {
			return p, fe
		}
	}
	if sp.Clamp != "" {
		v, fe := r.qty(prefix+"clamp", sp.Clamp)
		if fe != nil {
			return p, fe
		}
		p.Clamp = &v
	}
	n := 0
	for _, set := range []bool{sp.Train != nil, sp.Bursts != nil, sp.Pairing != nil, sp.Poisson != nil, sp.Explicit != nil, sp.Drug != nil} {
		if set {
			n++
		}
	}
	path := prefix[:len(prefix)-1]
	if n != 1 {
		what := "train, bursts, pairing, poisson, explicit"
		if inList {
			what += ", drug"
		}
		return p, &FieldError{Path: path, Allowed: fmt.Sprintf("has %d induction elements: need exactly one of %s", n, what)}
	}
	switch {
	case sp.Train != nil:
		p.Train, fe = r.train(prefix, sp.Train)
	case sp.Bursts != nil:
		p.Bursts, fe = r.bursts(prefix, sp.Bursts)
	case sp.Pairing != nil:
		p.Pairing, fe = r.pairing(prefix, sp.Pairing)
	case sp.Poisson != nil:
		p.Poisson, fe = r.poisson(prefix, sp.Poisson)
	case sp.Explicit != nil:
		p.Explicit, fe = r.explicit(prefix, sp.Explicit)
	case sp.Drug != nil:
		p.Mark = true // the drug itself is resolved with the other drugs
	}
	return p, fe
}

// train converts one train element below prefix.
func (r *resolver) train(prefix string, t *Train) (*protocol.Train, *FieldError) {
	var fe *FieldError
	var v protocol.Train
	if v.Rate, fe = r.need(prefix+"train.rate", t.Rate); fe != nil {
		return nil, fe
	}
	if fe = r.count(prefix+"train.pulses", t.Pulses, 1); fe != nil {
		return nil, fe
	}
	if fe = r.count(prefix+"train.repeat", t.Repeat, 0); fe != nil {
		return nil, fe
	}
	if t.Repeat > 1 {
		v.Interval, fe = r.need(prefix+"train.interval", t.Interval)
	} else {
		v.Interval, fe = r.qty(prefix+"train.interval", t.Interval)
	}
	if fe != nil {
		return nil, fe
	}
	v.Pulses, v.Repeat = t.Pulses, t.Repeat
	return &v, nil
}

// bursts converts one bursts element below prefix.
func (r *resolver) bursts(prefix string, b *Bursts) (*protocol.Bursts, *FieldError) {
	var fe *FieldError
	var v protocol.Bursts
	if fe = r.count(prefix+"bursts.pulses", b.Pulses, 1); fe != nil {
		return nil, fe
	}
	if v.Rate, fe = r.need(prefix+"bursts.rate", b.Rate); fe != nil {
		return nil, fe
	}
	if v.BurstRate, fe = r.need(prefix+"bursts.burst_rate", b.BurstRate); fe != nil {
		return nil, fe
	}
	if fe = r.count(prefix+"bursts.bursts", b.Bursts, 1); fe != nil {
		return nil, fe
	}
	if fe = r.count(prefix+"bursts.trains", b.Trains, 0); fe != nil {
		return nil, fe
	}
	if b.Trains > 1 {
		v.Interval, fe = r.need(prefix+"bursts.interval", b.Interval)
	} else {
		v.Interval, fe = r.qty(prefix+"bursts.interval", b.Interval)
	}
	if fe != nil {
		return nil, fe
	}
	v.Pulses, v.Bursts, v.Trains = b.Pulses, b.Bursts, b.Trains
	return &v, nil
}

// pairing converts one pairing element below prefix.
func (r *resolver) pairing(prefix string, q *Pairing) (*protocol.Pairing, *FieldError) {
	var fe *FieldError
	var v protocol.Pairing
	if v.Dt, fe = r.need(prefix+"pairing.dt", q.Dt); fe != nil {
		return nil, fe
	}
	if fe = r.count(prefix+"pairing.pairs", q.Pairs, 1); fe != nil {
		return nil, fe
	}
	if v.Rate, fe = r.need(prefix+"pairing.rate", q.Rate); fe != nil {
		return nil, fe
	}
	if fe = r.count(prefix+"pairing.post_spikes", q.PostSpikes, 0); fe != nil {
		return nil, fe
	}
	if q.PostRate != "" && q.PostSpikes < 1 {
		return nil, r.fail(prefix+"pairing.post_spikes", "must be ≥ 1 when post_rate is given")
	}
	if q.PostSpikes > 1 {
		v.PostRate, fe = r.need(prefix+"pairing.post_rate", q.PostRate)
	} else {
		v.PostRate, fe = r.qty(prefix+"pairing.post_rate", q.PostRate)
	}
	if fe != nil {
		return nil, fe
	}
	v.Pairs, v.PostSpikes = q.Pairs, q.PostSpikes
	return &v, nil
}

// poisson converts one poisson element below prefix.
func (r *resolver) poisson(prefix string, q *Poisson) (*protocol.Poisson, *FieldError) {
	var fe *FieldError
	var v protocol.Poisson
	if v.Pre, fe = r.qty(prefix+"poisson.pre", q.Pre); fe != nil {
		return nil, fe
	}
	if v.Post, fe = r.qty(prefix+"poisson.post", q.Post); fe != nil {
		return nil, fe
	}
	if v.Duration, fe = r.need(prefix+"poisson.duration", q.Duration); fe != nil {
		return nil, fe
	}
	return &v, nil
}

// explicit converts one explicit element below prefix.
func (r *resolver) explicit(prefix string, q *Explicit) (*protocol.Explicit, *FieldError) {
	var v protocol.Explicit
	if len(q.Pre)+len(q.Post) > MaxList {
		return nil, &FieldError{Path: prefix + "explicit", Allowed: fmt.Sprintf("at most %d spike times", MaxList)}
	}
	for _, side := range []struct {
		name string
		in   []string
		out  *[]float64
	}{{"pre", q.Pre, &v.Pre}, {"post", q.Post, &v.Post}} {
		for i, t := range side.in {
			path := fmt.Sprintf("%sexplicit.%s[%d]", prefix, side.name, i)
			x, fe := r.needTime(path, t)
			if fe != nil {
				return nil, fe
			}
			*side.out = append(*side.out, x)
		}
	}
	return &v, nil
}

// needTime is a required spike time ≥ 0 of an explicit list.
func (r *resolver) needTime(path, s string) (float64, *FieldError) {
	if s == "" {
		return 0, &FieldError{Path: path, Allowed: fmt.Sprintf("missing: need a time, e.g. %q", "15 ms")}
	}
	v, fe := r.qty(path, s)
	if fe != nil && fe.Allowed == "must be ≥ 0 ms" {
		fe.Allowed = "must be ≥ 0 ms (times are relative to the induction start)"
	}
	return v, fe
}

// protocolErr turns a *protocol.Error into a *FieldError quoting the
// string that was written in the spec.
func (r *resolver) protocolErr(err error) *FieldError {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		return &FieldError{Path: "protocol", Allowed: err.Error()}
	}
	path := "protocol"
	if pe.Field != "" {
		path += "." + pe.Field
	}
	v, ok := r.vals[path]
	if !ok {
		v = pe.Value
	}
	return &FieldError{Path: path, Value: v, Allowed: pe.Allowed}
}
