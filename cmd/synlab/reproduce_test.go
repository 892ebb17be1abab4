package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReproduceSet: `synlab reproduce --set` runs the selected cases with
// the override, says so in the report and records it in the manifest,
// and a set that a case's tier does not have is refused with the case
// named and no folder written.
func TestReproduceSet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := execute(t, reproduceCmd(), "--only", "gb-dp-p10-analytic", "--set", "protocol.pairing.pairs=30", "--out", dir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "Every case ran with the overrides protocol.pairing.pairs=30.") {
		t.Errorf("report.md does not name the override:\n%.400s", md)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var man struct {
		Sets []string `json:"sets"`
	}
	if err := json.Unmarshal(raw, &man); err != nil || len(man.Sets) != 1 || man.Sets[0] != "protocol.pairing.pairs=30" {
		t.Errorf("manifest sets %v (%v), want [protocol.pairing.pairs=30]", man.Sets, err)
	}
	bad := filepath.Join(t.TempDir(), "bad")
	err = execute(t, reproduceCmd(), "--only", "gb-dp-p10-analytic", "--set", "model.override.kv=16", "--out", bad, "--quiet")
	if err == nil || !strings.Contains(err.Error(), "gb-dp-p10-analytic") {
		t.Errorf("kv on a graupner-brunel case: error %v, want one naming the case", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a refused run left %s behind (%v)", bad, err)
	}
}
