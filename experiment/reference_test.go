package experiment

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/spec.md")

// TestReference: docs/spec.md is the field table as it is now.
func TestReference(t *testing.T) {
	const path = "../docs/spec.md"
	got := Reference()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s is out of date: go test ./experiment -run Reference -update", path)
	}
}
