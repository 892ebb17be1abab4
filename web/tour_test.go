package web

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/experiment"
)

// TestTourHFSOnTheLFSModel: the HFS card runs on the LFS card's tier and
// set (read from the presets), with the HFS train; a pairing of presets
// that cannot be brought onto one model is refused.
func TestTourHFSOnTheLFSModel(t *testing.T) {
	steps := tour()
	byKey := map[string]tourStep{}
	for _, s := range steps {
		byKey[s.Key] = s
	}
	load := func(st tourStep) *experiment.Spec {
		t.Helper()
		data := mustPreset(t, st.Preset)
		if len(st.Sets) > 0 {
			var err error
			if data, err = experiment.ApplySets(data, st.Sets); err != nil {
				t.Fatalf("card %s: %v", st.Key, err)
			}
		}
		pl, err := catalog.Load(data)
		if err != nil {
			t.Fatalf("card %s: %v", st.Key, err)
		}
		return pl.Spec
	}
	lfs, hfs := byKey["lfs"], byKey["hfs"]
	if !lfs.Available || !hfs.Available {
		t.Fatalf("LFS card available %v, HFS card %v (%s)", lfs.Available, hfs.Available, hfs.Note)
	}
	ls, hs := load(lfs), load(hfs)
	if hs.Model.Tier != ls.Model.Tier || hs.Model.Set != ls.Model.Set || hfs.Tier != ls.Model.Tier {
		t.Errorf("the HFS card runs %s/%s (shows %q), the LFS card %s/%s: they must compare the same model",
			hs.Model.Tier, hs.Model.Set, hfs.Tier, ls.Model.Tier, ls.Model.Set)
	}
	if hs.Protocol.Train == nil || !strings.HasPrefix(hs.Protocol.Train.Rate, "100") {
		t.Errorf("the HFS card's train: %+v", hs.Protocol.Train)
	}
	if _, _, err := sameModel("lfs", "stdp-gb"); err == nil || !strings.Contains(err.Error(), "cannot be run") {
		t.Errorf("a pairing preset on the LFS card's model: error %v, want a refusal", err)
	}
	for _, s := range steps {
		if strings.Contains(s.Cite, "science.md") && !strings.Contains(s.Cite, "docs/sources.md") {
			t.Errorf("card %s cites notes users do not have: %q", s.Key, s.Cite)
		}
	}
}

// TestTourSourcesExist: every "docs/sources.md §N" a card cites is a
// section of docs/sources.md, which ships with the repository.
func TestTourSourcesExist(t *testing.T) {
	b, err := os.ReadFile("../docs/sources.md")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`docs/sources\.md §([0-9.]+[0-9])`)
	n := 0
	for _, s := range tour() {
		for _, m := range re.FindAllStringSubmatch(s.Cite, -1) {
			n++
			if !regexp.MustCompile(`(?m)^#+ ` + regexp.QuoteMeta(m[1]) + `[ .]`).Match(b) {
				t.Errorf("card %s cites §%s, which docs/sources.md lacks", s.Key, m[1])
			}
		}
	}
	if n == 0 {
		t.Error("no card cites docs/sources.md")
	}
}
