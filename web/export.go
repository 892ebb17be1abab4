package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/plot"
	"github.com/synlab/synlab/report"
)

// file is one export of a record: its name, what it holds and its type.
type file struct {
	Name  string `json:"name"`
	About string `json:"about"`
	URL   string `json:"url"`
	ctype string
	write func(io.Writer) error
}

// files lists the exports of a record: the files synlab run writes (from
// the same report.Run), the spec as YAML, and the report with its figures
// as a zip of that folder.
func (rec *record) files() []file {
	r := rec.Report
	base := "/api/runs/" + rec.ID + "/files/"
	var out []file
	add := func(name, about, ctype string, write func(io.Writer) error) {
		out = append(out, file{Name: name, About: about, URL: base + name, ctype: ctype, write: write})
	}
	if len(r.Figure.Panels) > 0 {
		add("figure.svg", "the figure, vector", "image/svg+xml", r.Figure.WriteSVG)
		add("figure.png", "the figure, image", "image/png", r.Figure.WritePNG)
	}
	for _, name := range slices.Sorted(maps.Keys(r.Figures)) {
		f := r.Figures[name]
		add(name+".svg", f.Title+", vector", "image/svg+xml", f.WriteSVG)
		add(name+".png", f.Title+", image", "image/png", f.WritePNG)
	}
	if r.Series != nil {
		add("trace.csv", "the sampled state", "text/csv; charset=utf-8", r.Series.WriteCSV)
		add("trace.parquet", "the same table as Parquet", "application/vnd.apache.parquet", r.Series.WriteParquet)
	}
	for _, name := range slices.Sorted(maps.Keys(r.Extra)) {
		add(name+".csv", "table "+name, "text/csv; charset=utf-8", r.Extra[name].WriteCSV)
	}
	if r.Summary != nil {
		add("summary.json", "the results as numbers", "application/json", report.JSONWriter(r.Summary))
	}
	add("manifest.json", "the fully resolved spec, parameters with units, seed, version", "application/json", report.JSONWriter(r.Manifest))
	if rec.Spec != nil {
		add("spec.yaml", "the spec: synlab run spec.yaml repeats this run", "application/yaml; charset=utf-8", func(w io.Writer) error {
			_, err := w.Write(specFile(rec))
			return err
		})
	}
	add("report.zip", "report.md with its figures and tables, as synlab run writes them", "application/zip", rec.writeZip)
	return out
}

// specFile is the spec as run, with a first line saying how to repeat it.
func specFile(rec *record) []byte {
	head := fmt.Sprintf("# Exported from the synlab web lab (%s, %s). Repeat it with: synlab run %s-spec.yaml\n", rec.Kind, rec.Label, rec.Name)
	if rec.Kind == "curve" {
		head = fmt.Sprintf("# Exported from the synlab web lab: the base spec of %s. Repeat it with: synlab %s %s-spec.yaml\n",
			rec.Label, strings.Replace(rec.Name, "-", " ", 1), rec.Name)
	}
	return append([]byte(strings.ReplaceAll(head, "\n", " ")+"\n"), rec.Spec...)
}

// writeZip writes the record's report folder, as package report writes it
// for synlab run, as a zip. report writes folders only, so the folder is
// made in a temporary directory and removed at once.
func (rec *record) writeZip(w io.Writer) error {
	tmp, err := os.MkdirTemp("", "synlab-serve-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, rec.Name)
	if err := report.Write(dir, rec.Report); err != nil {
		return err
	}
	if rec.Spec != nil {
		if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), specFile(rec), 0o644); err != nil {
			return err
		}
	}
	zw := zip.NewWriter(w)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(tmp, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate, Modified: rec.Made})
		if err != nil {
			return err
		}
		_, err = fw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

// figureSVG returns a figure of the record as SVG ("figure.svg",
// "pulses.svg"), drawn once and kept with the record.
func (rec *record) figureSVG(name string) ([]byte, error) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if b, ok := rec.svg[name]; ok {
		return b, nil
	}
	var fig plot.Figure
	if name == "figure.svg" {
		fig = rec.Report.Figure
	} else if f, ok := rec.Report.Figures[strings.TrimSuffix(name, ".svg")]; ok {
		fig = f
	} else {
		return nil, fmt.Errorf("no figure %s", name)
	}
	var buf bytes.Buffer
	if err := fig.WriteSVG(&buf); err != nil {
		return nil, err
	}
	if rec.svg == nil {
		rec.svg = map[string][]byte{}
	}
	rec.svg[name] = buf.Bytes()
	return buf.Bytes(), nil
}

// recordInfo is a kept result as the page sees it.
type recordInfo struct {
	ID      string   `json:"id"`
	Seq     int      `json:"seq"`
	Kind    string   `json:"kind"`
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	Title   string   `json:"title"`
	Text    string   `json:"text"` // the summary in words, with the mechanism's explanation
	Summary any      `json:"summary"`
	Figures []string `json:"figures"` // URLs of the SVG figures, main first
	Files   []file   `json:"files"`
	Spec    string   `json:"spec,omitempty"`
	// Runs only.
	Outcome    string      `json:"outcome,omitempty"`
	ChangePct  *float64    `json:"change_pct,omitempty"`
	Schematic  *schematic  `json:"schematic,omitempty"`
	Timecourse *timecourse `json:"timecourse,omitempty"` // for the zoomable charts
}

func (s *Server) info(rec *record) recordInfo {
	ri := recordInfo{ID: rec.ID, Seq: rec.Seq, Kind: rec.Kind, Name: rec.Name, Label: rec.Label, Title: rec.Report.Title,
		Text: rec.Report.Text, Summary: rec.Report.Summary, Files: rec.files(), Spec: string(rec.Spec)}
	for _, f := range ri.Files {
		if strings.HasSuffix(f.Name, ".svg") {
			ri.Figures = append(ri.Figures, f.URL)
		}
	}
	if rec.Result != nil {
		sum := rec.Result.Summary
		ri.Outcome, ri.ChangePct = sum.Outcome, &sum.ChangePct
		sc := schematicOf(rec.Result.Plan)
		ri.Schematic = &sc
	}
	return ri
}

// full is info with the run's time course, for the page's charts (the
// list of results leaves it out).
func (s *Server) full(rec *record) recordInfo {
	ri := s.info(rec)
	if rec.Result != nil {
		rec.mu.Lock()
		if rec.tc == nil {
			rec.tc = timecourseOf(rec.Result)
		}
		ri.Timecourse = rec.tc
		rec.mu.Unlock()
	}
	return ri
}

func (s *Server) handleRecord(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.lookup(w, r.PathValue("id"))
	if ok {
		writeJSON(w, http.StatusOK, s.full(rec))
	}
}

func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	out := []recordInfo{}
	for _, rec := range s.store.list() {
		out = append(out, s.info(rec))
	}
	writeJSON(w, http.StatusOK, out)
}

// lookup finds a kept record or answers 404.
func (s *Server) lookup(w http.ResponseWriter, id string) (*record, bool) {
	rec, ok := s.store.get(id)
	if !ok {
		writeError(w, http.StatusNotFound, &apiError{Message: fmt.Sprintf(
			"no result %q here: the server keeps the %d most recently used results (synlab serve --keep); run it again", id, s.limits.Keep)})
	}
	return rec, ok
}

// handleFile serves one export of a record. The file is made in memory
// first, so an error is a clean 500, never half a file.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.lookup(w, r.PathValue("id"))
	if !ok {
		return
	}
	name := r.PathValue("file")
	files := rec.files()
	i := slices.IndexFunc(files, func(f file) bool { return f.Name == name })
	if i < 0 {
		var names []string
		for _, f := range files {
			names = append(names, f.Name)
		}
		writeError(w, http.StatusNotFound, &apiError{Message: fmt.Sprintf("no file %q for this result; it has %s", name, strings.Join(names, ", "))})
		return
	}
	f := files[i]
	var body []byte
	if strings.HasSuffix(name, ".svg") {
		b, err := rec.figureSVG(name)
		if err != nil {
			writeError(w, http.StatusInternalServerError, errorOf(err))
			return
		}
		body = b
	} else {
		var buf bytes.Buffer
		if err := f.write(&buf); err != nil {
			s.logf("export %s of %s: %v", name, rec.ID, err)
			writeError(w, http.StatusInternalServerError, errorOf(err))
			return
		}
		body = buf.Bytes()
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Content-Disposition", fmt.Sprintf("%s; filename=%q", disposition(name), rec.Name+"-"+name))
	h.Set("Cache-Control", "private, max-age=3600")
	if strings.HasSuffix(name, ".svg") { // opened on its own, an SVG runs nothing
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	}
	http.ServeContent(w, r, "", rec.Made, bytes.NewReader(body))
}

func disposition(name string) string {
	switch filepath.Ext(name) {
	case ".svg", ".png", ".json", ".csv", ".yaml":
		return "inline"
	}
	return "attachment"
}

// compareRequest is the body of /api/compares.
type compareRequest struct {
	IDs []string `json:"ids"`
}

// handleCompare overlays kept runs (lab.Overlay, as synlab compare does;
// runs with different timings are aligned at the end of their inductions)
// and keeps the overlay as a result of its own.
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	var req compareRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if len(req.IDs) < 2 || len(req.IDs) > s.limits.Compare {
		writeError(w, http.StatusUnprocessableEntity, &apiError{Message: fmt.Sprintf("ids: %d given; an overlay takes 2 to %d runs", len(req.IDs), s.limits.Compare)})
		return
	}
	var (
		res   []*engine.Result
		names []string
		mans  []lab.Manifest
		seen  = map[string]bool{}
	)
	var recs []*record
	for _, id := range req.IDs {
		if seen[id] {
			writeError(w, http.StatusUnprocessableEntity, &apiError{Message: fmt.Sprintf("ids: %q is listed twice", id)})
			return
		}
		seen[id] = true
		rec, ok := s.lookup(w, id)
		if !ok {
			return
		}
		if rec.Result == nil {
			writeError(w, http.StatusUnprocessableEntity, &apiError{Message: fmt.Sprintf("ids: %q is a %s, not a run; only runs can be overlaid", id, rec.Kind)})
			return
		}
		recs = append(recs, rec)
	}
	oneTier := true
	for _, rec := range recs {
		m0, m := recs[0].Result.Plan.Spec.Model, rec.Result.Plan.Spec.Model
		oneTier = oneTier && m.Tier == m0.Tier && m.Set == m0.Set
	}
	var seqs []string
	for _, rec := range recs {
		l := rec.Label
		if oneTier {
			l = rec.Short
		}
		res = append(res, rec.Result)
		names = append(names, fmt.Sprintf("#%d %s", rec.Seq, l))
		seqs = append(seqs, fmt.Sprintf("#%d", rec.Seq))
		mans = append(mans, lab.NewManifest(rec.Result, rec.Spec))
	}
	tab, err := lab.Overlay(res, names)
	fig := plot.Figure{}
	if err == nil {
		fig = lab.OverlayFigure(res, names, tab)
	} else if tab, err = lab.OverlayAligned(res, names); err == nil {
		fig = lab.OverlayAlignedFigure(res, names, tab)
	}
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, errorOf(err))
		return
	}
	fig.Title = "Compared: runs " + strings.Join(seqs, ", ") // the legend names them
	if oneTier {
		fig.Caption = "Model: " + recs[0].Result.Tier + ". " + fig.Caption
	}
	rows, md := lab.Compare(res, names)
	rec := &record{Kind: "compare", Name: "compare", Label: "overlay of runs " + strings.Join(seqs, ", "), Made: time.Now(),
		Report: report.Run{Name: "compare", Title: fig.Title, Text: md, Summary: rows, Manifest: mans, Series: tab, Figure: fig}}
	if _, err := rec.figureSVG("figure.svg"); err != nil {
		writeError(w, http.StatusInternalServerError, errorOf(err))
		return
	}
	s.store.add(rec)
	writeJSON(w, http.StatusCreated, s.info(rec))
}
