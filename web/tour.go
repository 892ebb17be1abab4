package web

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/experiment"
)

// tourStep is one classic experiment of the guided tour: a preset, two
// sentences on what it shows, and its citation (the preset's source
// field). A step whose preset or preparation does not exist yet is listed
// with Available false and says so.
type tourStep struct {
	Key    string `json:"key"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	Preset string `json:"preset,omitempty"`
	// Sets are applied to the preset when the card loads it (path=value,
	// as --set takes them): the HFS card's train on the LFS card's model
	// when the two presets are on different tiers (sameModel).
	Sets      []string `json:"sets,omitempty"`
	Tier      string   `json:"tier,omitempty"` // the model tier the card runs, read from its preset (and Sets)
	Cite      string   `json:"cite"`
	Available bool     `json:"available"`
	Note      string   `json:"note,omitempty"`
}

// tour lists the classic experiments. The words are the page's; every
// number the page shows about a result comes from a run.
func tour() []tourStep {
	steps := []tourStep{
		{Key: "lfs", Title: "Low-frequency stimulation (LTD)", Preset: "lfs",
			Text: "Stimulate the Schaffer collaterals 900 times at 1 Hz (15 min) and follow the CA1 EPSP for an hour, as in Purves Fig. 8.16. " +
				"The summary says what lasting change the model gives; on the mechanistic tier the panels below show the receptor pools and enzymes behind it."},
		{Key: "hfs", Title: "High-frequency stimulation (LTP)", Preset: "hfs",
			Text: "Four 1-s trains at 100 Hz, 20 s apart, on the same pathway and the same model as the LFS card: the classic tetanus. " +
				"Run it after LFS and overlay the two to see the same synapse move in opposite directions with the frequency of its input."},
		{Key: "pairing", Title: "Pairing and spike timing", Preset: "stdp",
			Text: "Each presynaptic pulse is paired with a postsynaptic spike 10 ms later, 60 times at 1 Hz, in Bi & Poo's culture saline (3 mM Ca²⁺, 2 mM Mg²⁺). " +
				"Lower [Ca²⁺]o to a slice's 2 mM and the LTP goes: in slices single pairs at 1 Hz give little t-LTP. " +
				"The LTP needs the spike within about 25 ms of the pulse (Bi & Poo's window). " +
				"Set Δt negative to reverse the order, or press \"STDP curve\" to sweep it; the clamp preset pairs pulses with a held depolarisation instead."},
		{Key: "pharmacology", Title: "Pharmacology: APV and phosphatase inhibitors", Preset: "lfs-apv",
			Text: "The LFS experiment with 50 µM APV in the bath, which blocks the NMDA receptors that let Ca²⁺ into the spine. " +
				"Overlay it with plain LFS, then add okadaic acid (1 µM, a PP1/PP2A inhibitor) from the drug list, as Mulkey, Herron & Malenka 1993 (Science 261:1051) did."},
	}
	for i := range steps {
		p, ok := experiment.FindPreset(steps[i].Preset)
		if !ok {
			steps[i].Note = "not available yet: there is no preset " + steps[i].Preset
			continue
		}
		steps[i].Available = true
		if s, err := experiment.Decode(p.Data); err == nil {
			steps[i].Cite, steps[i].Tier = s.Source, s.Model.Tier
		}
	}
	if steps[0].Available && steps[1].Available {
		sets, tier, err := sameModel(steps[0].Preset, steps[1].Preset)
		if err != nil {
			steps[1].Available, steps[1].Note = false, err.Error()
		} else if sets != nil {
			steps[1].Preset, steps[1].Sets, steps[1].Tier = steps[0].Preset, sets, tier
		}
	}
	return append(steps, cerebellum())
}

// sameModel makes the HFS card compare the same model as the LFS card:
// when the two presets run on one tier it returns nil (the card loads the
// HFS preset); otherwise the settings that give the LFS preset the HFS
// preset's train and name, so the card runs HFS on the LFS card's tier.
// It fails if the HFS preset has no train to carry over.
func sameModel(lfs, hfs string) (sets []string, tier string, err error) {
	lp, _ := experiment.FindPreset(lfs)
	hp, _ := experiment.FindPreset(hfs)
	ls, err := experiment.Decode(lp.Data)
	if err != nil {
		return nil, "", err
	}
	hs, err := experiment.Decode(hp.Data)
	if err != nil {
		return nil, "", err
	}
	if hs.Model.Tier == ls.Model.Tier && hs.Model.Set == ls.Model.Set {
		return nil, hs.Model.Tier, nil
	}
	t := hs.Protocol.Train
	if t == nil || ls.Protocol.Train == nil {
		return nil, "", fmt.Errorf("not available: the %s preset (%s tier) cannot be run on the %s preset's %s tier, which the LFS card uses", hfs, hs.Model.Tier, lfs, ls.Model.Tier)
	}
	sets = []string{"name=" + hs.Name, "protocol.train.rate=" + t.Rate, "protocol.train.pulses=" + strconv.Itoa(t.Pulses)}
	if t.Repeat > 0 {
		sets = append(sets, "protocol.train.repeat="+strconv.Itoa(t.Repeat))
	}
	if t.Interval != "" {
		sets = append(sets, "protocol.train.interval="+t.Interval)
	}
	return sets, ls.Model.Tier, nil
}

// cerebellum is the tour's cerebellar step: available once a preset on a
// preparation other than CA1 exists.
func cerebellum() tourStep {
	st := tourStep{Key: "cerebellum", Title: "Cerebellum: parallel fibres → Purkinje cell",
		Text: "Parallel-fibre stimulation together with climbing-fibre activation depresses the parallel fibre → Purkinje cell synapse, while parallel fibres alone potentiate it. " +
			"The Ca²⁺ thresholds are inverted with respect to CA1: depression needs more Ca²⁺ than potentiation.",
		Cite: "Ito & Kano 1982 Neurosci Lett; Coesmans, Weber, De Zeeuw & Hansel 2004 Neuron 44:691"}
	for _, p := range experiment.Presets() {
		s, err := experiment.Decode(p.Data)
		if err == nil && s.Preparation != "" && s.Preparation != "ca1" {
			st.Preset, st.Available = p.Name, true
			if s.Source != "" {
				st.Cite = s.Source
			}
			st.Tier = s.Model.Tier
			return st
		}
	}
	st.Note = "not available yet: synlab has no cerebellar preparation (preparations: " + strings.Join(catalog.Registry().Preparations(), ", ") + ")"
	return st
}

// SetsJSON is Sets as a JSON list, for the card's button (the page applies
// them after loading the preset).
func (st tourStep) SetsJSON() string {
	b, _ := json.Marshal(st.Sets) // a []string always encodes
	return string(b)
}
