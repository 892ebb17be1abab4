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

// TestFieldProxy: the field-EPSP proxy is the synaptic current sink: inward
// (negative) after a pulse, equal to the head's AMPA + NMDA current with
// one input, and about N times larger with N inputs (the dendrite is
// depolarised less than the head, so slightly more than N).
func TestFieldProxy(t *testing.T) {
	peak := func(inputs float64) (field, head float64) {
		p := Default()
		p.Co.Inputs = inputs
		m := settled(t, p)
		m.Pre(nil)
		tr := record(t, m, 20, 0.01)
		f, a, n := tr.Col("i_field_pA"), tr.Col("i_ampa_pA"), tr.Col("i_nmda_pA")
		for i := range f {
			field, head = math.Min(field, f[i]), math.Min(head, a[i]+n[i])
		}
		return field, head
	}
	f1, h1 := peak(1)
	f5, _ := peak(5)
	t.Logf("field proxy peak %.3f pA (1 input; head current %.3f pA), %.3f pA (5 inputs)", f1, h1, f5)
	if !(f1 < 0) || math.Abs(f1-h1) > 1e-12 {
		t.Errorf("1 input: field %g pA, want the head's synaptic current %g pA (< 0)", f1, h1)
	}
	if r := f5 / f1; r < 5 || r > 6 {
		t.Errorf("5 inputs: field ratio %.3f, want 5–6", r)
	}
}
