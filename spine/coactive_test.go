package spine

import (
	"math"
	"testing"
)

// epspPeak is the somatic EPSP peak [mV above rest] of one presynaptic
// pulse with `inputs` co-activated synapses, and the spine's Ca peak above
// rest [µM].
func epspPeak(t *testing.T, inputs float64) (epsp, ca float64) {
	p := Default()
	p.Co.Inputs = inputs
	m := settled(t, p)
	v0 := m.y[IVSoma]
	m.Pre(nil)
	tr := record(t, m, 200, 0.01)
	for _, v := range tr.Col("v_soma_mV") {
		epsp = math.Max(epsp, v-v0)
	}
	for _, c := range tr.Col("ca_uM") {
		ca = math.Max(ca, c-p.Ca.Rest)
	}
	return epsp, ca
}

// TestCoactive: with one input nothing changes; the somatic EPSP grows with
// the number of co-activated synapses, about in proportion while it is
// small (within 15% of N × the single EPSP at N = 5: the NMDA part grows
// faster than linearly as the block is relieved, the driving force slower),
// and the depolarisation raises the modelled spine's Ca (Mg²⁺ unblock).
func TestCoactive(t *testing.T) {
	e1, c1 := epspPeak(t, 1)
	e5, c5 := epspPeak(t, 5)
	e20, c20 := epspPeak(t, 20)
	t.Logf("EPSP %.3f / %.3f / %.3f mV, spine Ca %.3f / %.3f / %.3f µM at 1 / 5 / 20 inputs", e1, e5, e20, c1, c5, c20)
	if math.Abs(e5/(5*e1)-1) > 0.15 {
		t.Errorf("EPSP at 5 inputs %.3f mV, want 5 × %.3f ± 15%%", e5, e1)
	}
	if !(e20 > e5 && c20 > c5 && c5 > c1) {
		t.Errorf("EPSP and spine Ca must grow with the number of inputs")
	}
	p := Default()
	p.Co.Inputs = 0.5
	if err := p.Validate(); err == nil {
		t.Error("Inputs = 0.5 accepted")
	}
}
