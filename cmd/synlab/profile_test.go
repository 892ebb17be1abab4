package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStartProfile: --cpuprofile writes a non-empty profile once stopped,
// an empty name profiles nothing, and a path that cannot be created is an
// error naming the flag.
func TestStartProfile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cpu.prof")
	stop, err := startProfile(file)
	if err != nil {
		t.Fatal(err)
	}
	stop()
	if st, err := os.Stat(file); err != nil || st.Size() == 0 {
		t.Errorf("profile %s: %v, size %v", file, err, st)
	}
	if stop, err := startProfile(""); err != nil {
		t.Errorf("no profile asked: %v", err)
	} else {
		stop()
	}
	_, err = startProfile(filepath.Join(t.TempDir(), "missing", "cpu.prof"))
	if err == nil || !strings.Contains(err.Error(), "--cpuprofile") {
		t.Errorf("unwritable path: %v, want an error naming --cpuprofile", err)
	}
}
