package catalog

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPapersCasesLoad: every reproduced case loads, so the plausible ranges
// of fields and overrides refuse no published experiment.
func TestPapersCasesLoad(t *testing.T) {
	fs, err := filepath.Glob("../papers/cases/*.yaml")
	if err != nil || len(fs) == 0 {
		t.Fatalf("no cases found: %v", err)
	}
	for _, f := range fs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load(data); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
}
