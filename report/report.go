// Package report writes a run's output folder: the summary and manifest as
// JSON, the sampled state as CSV and Parquet, the figures as SVG and PNG,
// and a report.md that ties them together and reads well in any markdown
// notes app.
//
// A folder is written whole or not at all: everything goes into a hidden
// sibling temporary folder that is renamed into place at the end, and is
// removed on any error.
package report

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/trace"
)

// Run is everything one run leaves behind. Only Name and Manifest are
// required: a nil Summary or Series and a Figure without panels are simply
// not written.
type Run struct {
	Name     string                  // short name, e.g. "lfs"
	Title    string                  // e.g. "LFS 1 Hz × 900 pulses, Shouval 2002 tier"
	Text     string                  // the one-paragraph summary in words
	Summary  any                     // marshalled to summary.json (indented)
	Manifest any                     // marshalled to manifest.json: fully resolved spec, parameters with units, seed, version
	Series   *trace.Table            // the sampled state: trace.csv and trace.parquet
	Extra    map[string]*trace.Table // more tables, base name → table: "tests" → tests.csv
	Figure   plot.Figure             // figure.svg and figure.png
	Figures  map[string]plot.Figure  // more figures, base name → figure: "stdp" → stdp.svg, stdp.png
}

// Write writes r into the new folder dir; it is an error if dir exists.
// See WriteOpts.
func Write(dir string, r Run) error { return WriteOpts(dir, r, false) }

// WriteOpts writes r into the folder dir; see WriteCtx.
func WriteOpts(dir string, r Run, overwrite bool) error {
	return WriteCtx(context.Background(), dir, r, overwrite)
}

// WriteCtx writes r into the folder dir, creating dir's parent if needed.
// Everything is written into a temporary sibling folder (.synlab-PID-*),
// which is renamed to dir at the end; on any error, and when ctx is done
// (an interrupt), it is removed, so dir is either complete or untouched.
// If dir exists, WriteCtx fails unless overwrite is set and dir is a
// folder synlab wrote (Replaceable); then the old folder is moved aside,
// replaced, and removed. Temporary folders that killed runs left beside
// dir are removed first (RemoveStale).
func WriteCtx(ctx context.Context, dir string, r Run, overwrite bool) (err error) {
	dir = filepath.Clean(dir)
	if r.Name == "" {
		return fmt.Errorf("report: run for %s has no name", dir)
	}
	if r.Manifest == nil {
		return fmt.Errorf("report: run %q has no manifest", r.Name)
	}
	exists, err := folderExists(dir)
	if err != nil {
		return err
	}
	if exists && !overwrite {
		return fmt.Errorf("report: output folder %s exists; choose another with --out or remove it", dir)
	}
	if exists {
		if err := Replaceable(dir); err != nil {
			return err
		}
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("report: creating %s: %w", parent, err)
	}
	RemoveStale(parent)
	tmp, err := os.MkdirTemp(parent, tempPrefix())
	if err != nil {
		return fmt.Errorf("report: creating a temporary folder beside %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeFiles(ctx, tmp, r); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if !exists {
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("report: moving the new output into %s: %w", dir, err)
		}
		return nil
	}
	return replace(dir, tmp)
}

// folderExists reports whether dir exists; it is an error if it is a file.
func folderExists(dir string) (bool, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("report: %w", err)
	case !fi.IsDir():
		return false, fmt.Errorf("report: output folder %s exists and is a file", dir)
	}
	return true, nil
}

// replace puts the folder tmp in place of the existing folder dir: dir is
// moved aside, tmp renamed to dir, and the old folder removed. If the second
// rename fails, the old folder is put back.
func replace(dir, tmp string) error {
	old, err := os.MkdirTemp(filepath.Dir(dir), tempPrefix()+"old-")
	if err != nil {
		return fmt.Errorf("report: replacing %s: %w", dir, err)
	}
	if err := os.Remove(old); err != nil { // only its unique name is wanted
		return fmt.Errorf("report: replacing %s: %w", dir, err)
	}
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("report: moving the old %s aside: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("report: moving the new output into %s: %w (the old output is in %s)", dir, err, old)
		}
		return fmt.Errorf("report: moving the new output into %s: %w", dir, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("report: %s is written, but removing the old output %s failed: %w", dir, old, err)
	}
	return nil
}

// file is one output file: its name, what it holds (one line for
// report.md), and how to write it.
type file struct {
	name, about string
	write       func(io.Writer) error
}

// files lists the output files of r in the order they are written and
// listed, report.md excepted.
func files(r Run) ([]file, error) {
	var out []file
	if r.Summary != nil {
		out = append(out, file{"summary.json", "the run's results as numbers", JSONWriter(r.Summary)})
	}
	out = append(out, file{"manifest.json", "the fully resolved spec: model, parameters with units, protocol, seed, version", JSONWriter(r.Manifest)})
	if r.Series != nil {
		out = append(out,
			file{"trace.csv", "the sampled state, " + describe(r.Series), r.Series.WriteCSV},
			file{"trace.parquet", "the same table as Parquet, with units in its metadata", r.Series.WriteParquet})
	}
	reserved := map[string]bool{"summary": true, "manifest": true, "trace": true, "figure": true, "report": true}
	for _, name := range slices.Sorted(maps.Keys(r.Extra)) {
		if err := checkName(name, reserved); err != nil {
			return nil, fmt.Errorf("report: extra table %w", err)
		}
		t := r.Extra[name]
		if t == nil {
			return nil, fmt.Errorf("report: extra table %q is nil", name)
		}
		out = append(out, file{name + ".csv", describe(t), t.WriteCSV})
	}
	if len(r.Figure.Panels) > 0 {
		out = append(out,
			file{"figure.svg", "the figure, vector", r.Figure.WriteSVG},
			file{"figure.png", "the figure, image", r.Figure.WritePNG})
	}
	for _, name := range slices.Sorted(maps.Keys(r.Figures)) {
		if err := checkName(name, reserved); err != nil {
			return nil, fmt.Errorf("report: figure %w", err)
		}
		f := r.Figures[name]
		title := f.Title
		if title == "" {
			title = name
		}
		out = append(out,
			file{name + ".svg", title + ", vector", f.WriteSVG},
			file{name + ".png", title + ", image", f.WritePNG})
	}
	return out, nil
}

// Names lists the files Write makes for r, in the order they are written,
// report.md last: what a command says it wrote.
func Names(r Run) ([]string, error) {
	out, err := files(r)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(out)+1)
	for _, f := range out {
		names = append(names, f.name)
	}
	return append(names, "report.md"), nil
}

// checkName accepts a plain base name that is no reserved output name.
func checkName(name string, reserved map[string]bool) error {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("name %q is not a plain file name", name)
	}
	if reserved[name] {
		return fmt.Errorf("name %q is taken by a standard output file", name)
	}
	return nil
}

// describe says what a table holds, for the file list.
func describe(t *trace.Table) string {
	names := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		names[i] = c.Name
	}
	rows := "rows"
	if t.Len() == 1 {
		rows = "row"
	}
	return fmt.Sprintf("%d %s of %s", t.Len(), rows, strings.Join(names, ", "))
}

// JSONWriter writes v as indented JSON with a final newline (for
// WriteAtomic and the web lab's exports).
func JSONWriter(v any) func(io.Writer) error {
	return func(w io.Writer) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
}

// writeFiles writes every file of r, and report.md, into dir. It stops
// between files, with ctx's error, when ctx is done.
func writeFiles(ctx context.Context, dir string, r Run) error {
	out, err := files(r)
	if err != nil {
		return err
	}
	// The files are independent (tables, figures): they are written on all
	// cores, the figures' rendering being most of the time.
	errs := make([]error, len(out))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(out)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(out) || ctx.Err() != nil {
					return
				}
				if err := writeFile(filepath.Join(dir, out[i].name), out[i].write); err != nil {
					errs[i] = fmt.Errorf("report: writing %s of run %q: %w", out[i].name, r.Name, err)
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	md, err := markdown(r, out)
	if err != nil {
		return fmt.Errorf("report: writing report.md of run %q: %w", r.Name, err)
	}
	if err := writeFile(filepath.Join(dir, "report.md"), func(w io.Writer) error {
		_, err := io.WriteString(w, md)
		return err
	}); err != nil {
		return fmt.Errorf("report: writing report.md of run %q: %w", r.Name, err)
	}
	return nil
}

// writeFile creates path, which must not exist, and fills it.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	return fill(f, write)
}

// fill writes f through a buffer, flushes it to disk and closes it.
func fill(f *os.File, write func(io.Writer) error) error {
	bw := bufio.NewWriter(f)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteFileAtomic writes one file: write fills a temporary file in the same
// folder, which is then renamed to path, so path holds either the complete
// new content or whatever it held before. On error the temporary file is
// removed. The file's mode is 0644.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("report: writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("report: writing %s: %w", path, err)
	}
	if err := fill(tmp, write); err != nil {
		return fmt.Errorf("report: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report: writing %s: %w", path, err)
	}
	return nil
}
