package experiment

import (
	"fmt"
	"strings"

	"github.com/synlab/synlab/units"
)

// limit is the plausible range of a spec field beyond its Bound: a value
// outside [lo, hi] is an error, one above warn a warning that travels into
// the summary and the manifest. Values are in internal units; the texts
// say them in the field's unit.
type limit struct {
	lo, hi   float64
	warn     float64 // 0: no warning
	range_   string  // "0 to 1 kHz"
	warnText string  // why a value above warn is implausible
}

// Rates of stimulation: Schaffer collaterals follow trains up to a few
// hundred Hz (refractory period ~1-2 ms); 1 kHz is beyond any axon.
var rateLimit = limit{hi: 1 * units.KHz, warn: 300 * units.Hz, range_: "at most 1 kHz (no axon fires faster)",
	warnText: "above 300 Hz, faster than Schaffer-collateral axons follow a train"}

// limits holds the fields with a plausible range, by path within the
// protocol (or of the spec, for drugs).
var limits = map[string]limit{
	"train.rate":        rateLimit,
	"bursts.rate":       rateLimit,
	"bursts.burst_rate": rateLimit,
	"pairing.rate":      rateLimit,
	"pairing.post_rate": rateLimit,
	"poisson.pre": {hi: 1 * units.KHz, warn: 100 * units.Hz, range_: "at most 1 kHz (no axon fires faster)",
		warnText: "above 100 Hz, a mean rate no neuron keeps up for long"},
	"poisson.post": {hi: 1 * units.KHz, warn: 100 * units.Hz, range_: "at most 1 kHz (no neuron fires faster)",
		warnText: "above 100 Hz, a mean rate no neuron keeps up for long"},
	"clamp": {lo: -150 * units.Millivolt, hi: 100 * units.Millivolt, range_: "between -150 and +100 mV (beyond, the membrane breaks down)"},
	"drug.conc": {hi: units.Molar, warn: 10 * units.Millimolar, range_: "at most 1 M",
		warnText: "above 10 mM, a bath concentration that changes the solution's osmolarity and acts beyond its target"},
}

// limitOf returns the plausible range of the field at path, if it has one.
func limitOf(path string) (limit, bool) {
	p := path
	if i := strings.LastIndex(p, "]."); i >= 0 && strings.HasPrefix(p, "protocol.phases[") {
		p = p[i+2:]
	}
	p = strings.TrimPrefix(p, "protocol.")
	if strings.HasPrefix(path, "drugs[") || strings.HasSuffix(p, "drug.conc") {
		if strings.HasSuffix(p, ".conc") {
			p = "drug.conc"
		}
	}
	l, ok := limits[p]
	return l, ok
}

// plausible checks v against the field's plausible range: an error outside
// it, a warning (remembered for the summary and manifest) above its warn
// level.
func (r *resolver) plausible(path string, v float64) *FieldError {
	l, ok := limitOf(path)
	if !ok {
		return nil
	}
	if v < l.lo || v > l.hi {
		return r.fail(path, "must be "+l.range_)
	}
	if l.warn > 0 && v > l.warn {
		r.warnings = append(r.warnings, fmt.Sprintf("%s = %q is %s", path, r.vals[path], l.warnText))
	}
	return nil
}
