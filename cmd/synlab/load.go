package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/report"
)

// source is an experiment as the user named it: a preset or a file.
type source struct {
	name string // preset name or file base name, used for the output folder
	data []byte
}

// loadSource reads a preset by name or a YAML/JSON file by path.
func loadSource(arg string) (source, error) {
	if p, ok := experiment.FindPreset(arg); ok {
		return source{name: p.Name, data: p.Data}, nil
	}
	data, err := experiment.ReadFile(arg)
	if err != nil {
		if os.IsNotExist(err) && !strings.ContainsAny(arg, "./") {
			return source{}, fmt.Errorf("%q is neither a preset (%s) nor a file", arg, presetNames())
		}
		return source{}, err
	}
	base := strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))
	if data, err = resolveFiles(data, filepath.Dir(arg)); err != nil {
		return source{}, fmt.Errorf("%s: %w", arg, err)
	}
	return source{name: base, data: data}, nil
}

// resolveFiles makes the files a spec names (model.sbml.file) relative to
// the spec file's folder dir, so that the spec runs from anywhere and its
// manifest says which file was read.
func resolveFiles(data []byte, dir string) ([]byte, error) {
	s, err := experiment.Decode(data)
	if err != nil || s.Model.SBML == nil || s.Model.SBML.File == "" || filepath.IsAbs(s.Model.SBML.File) {
		return data, nil // errors are reported when the spec is planned
	}
	abs, err := filepath.Abs(filepath.Join(dir, s.Model.SBML.File))
	if err != nil {
		return nil, err
	}
	return experiment.ApplySets(data, []string{"model.sbml.file=" + abs})
}

func presetNames() string {
	var n []string
	for _, p := range experiment.Presets() {
		n = append(n, p.Name)
	}
	return strings.Join(n, ", ")
}

// plan applies --set and --seed to the source and validates it.
func (s source) plan(sets []string, seed int64) (*engine.Plan, []byte, error) {
	user := slices.Clone(sets) // the --set flags; --seed does not rename
	if renamed(user) {
		// The spec's name describes it as written ("STDP pairing dt =
		// +10 ms"); after --set it would mislabel the run's figure, its
		// summary and the spec kept in its manifest, so the name says what
		// was changed.
		sets = append(sets, "name="+s.name+" with "+strings.Join(user, ", "))
	}
	if seed >= 0 {
		sets = append(sets, "seed="+strconv.FormatInt(seed, 10))
	}
	data := s.data
	if len(sets) > 0 {
		var err error
		if data, err = experiment.ApplySets(data, sets); err != nil {
			return nil, nil, fmt.Errorf("%s: --set: %w", s.name, err)
		}
	}
	pl, err := catalog.Load(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", s.name, err)
	}
	return pl, data, nil
}

// renamed reports whether sets change the experiment without naming it
// (a --set of name keeps the name given).
func renamed(sets []string) bool {
	for _, kv := range sets {
		if strings.HasPrefix(strings.TrimSpace(kv), "name=") {
			return false
		}
	}
	return len(sets) > 0
}

// outDir picks the output folder: the one given, or runs/NAME, runs/NAME-2, …
func outDir(given, name string) string {
	if given != "" {
		return given
	}
	base := filepath.Join("runs", name)
	dir := base
	for i := 2; ; i++ {
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			return dir
		}
		dir = base + "-" + strconv.Itoa(i)
	}
}

// checkOut fails early, before anything runs, if the output folder given
// with --out exists and cannot be written: without --force, or with
// --force when it is not a folder synlab wrote (report.Replaceable).
func checkOut(given string, force bool) error {
	if given == "" {
		return nil
	}
	fi, err := os.Stat(given)
	switch {
	case err != nil:
		return nil // absent (or unreadable: the write says why)
	case !fi.IsDir():
		return fmt.Errorf("output folder %s exists and is a file", given)
	case !force:
		return fmt.Errorf("output folder %s exists; choose another with --out, or replace it with --force", given)
	}
	return report.Replaceable(given)
}

// tidyOut removes, and reports, the temporary folders that runs killed
// while writing left beside the output folder dir (report.RemoveStale).
func tidyOut(dir string) {
	for _, p := range report.RemoveStale(filepath.Dir(filepath.Clean(dir))) {
		fmt.Fprintf(os.Stderr, "synlab: removed %s, left behind by a run killed while writing its output\n", p)
	}
}
