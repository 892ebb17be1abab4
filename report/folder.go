package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Manifests are the files that mark a folder as written by synlab: a JSON
// object with a "synlab" key (the version that wrote it).
var manifests = []string{"manifest.json", "fit.json"}

// maxManifest bounds the manifest read to tell a synlab folder [bytes].
const maxManifest = 64 << 20

// Replaceable returns nil if the folder dir may be replaced by --force: it
// is empty, or it holds a manifest written by synlab (manifest.json or
// fit.json with a "synlab" field). Otherwise the error names a file found
// in it, so that --force never deletes a folder of someone's own files.
func Replaceable(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if len(ents) == 0 {
		return nil
	}
	for _, name := range manifests {
		if isManifest(filepath.Join(dir, name)) {
			return nil
		}
	}
	found := ents[0].Name()
	for _, e := range ents {
		if e.Name() == "manifest.json" || e.Name() == "fit.json" {
			found = e.Name() + " (not one synlab wrote)"
			break
		}
	}
	return fmt.Errorf("report: %s exists and is not a folder synlab wrote: it holds %s and no synlab manifest.json; --force replaces only synlab's own output folders: choose another --out, or move the folder away yourself", dir, found)
}

// isManifest reports whether path is a JSON object with a "synlab" key.
func isManifest(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var m map[string]json.RawMessage
	if err := json.NewDecoder(io.LimitReader(f, maxManifest)).Decode(&m); err != nil {
		return false
	}
	_, ok := m["synlab"]
	return ok
}

// Temporary folders. A write's temporary folder is named
// .synlab-PID-RANDOM (and .synlab-PID-old-RANDOM for an old output being
// replaced), so that a later run can tell the folders of killed processes
// from those of runs still writing.
const tempBase = ".synlab-"

// staleAge is the age after which a temporary folder without a process
// number (written by an older synlab) counts as left behind.
const staleAge = time.Hour

func tempPrefix() string { return tempBase + strconv.Itoa(os.Getpid()) + "-" }

// TempDir creates a new temporary folder in parent for an output being
// written, named so that RemoveStale can tell when it is left behind.
func TempDir(parent string) (string, error) { return os.MkdirTemp(parent, tempPrefix()) }

// RemoveStale removes the temporary folders (.synlab-*) in parent that
// runs killed while writing left behind: those of processes that no longer
// run, and those without a process number older than an hour. It returns
// the folders removed.
func RemoveStale(parent string) []string {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		name, ok := strings.CutPrefix(e.Name(), tempBase)
		if !ok || !e.IsDir() || !stale(name, e) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if os.RemoveAll(p) == nil {
			out = append(out, p)
		}
	}
	return out
}

// stale reports whether the temporary folder .synlab-NAME is left behind.
func stale(name string, e os.DirEntry) bool {
	pid, _, ok := strings.Cut(name, "-")
	if n, err := strconv.Atoi(pid); ok && err == nil && n > 0 {
		return n != os.Getpid() && !alive(n)
	}
	fi, err := e.Info()
	return err == nil && time.Since(fi.ModTime()) > staleAge
}
