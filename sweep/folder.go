package sweep

// The sweep folder on disk: creating it from a manifest (sweep.json,
// points.csv, parts/) and opening it again.

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/synlab/synlab/report"
)

// Create writes a new sweep folder: sweep.json, points.csv and an empty
// parts/. If dir already holds a sweep it is an error, unless force is
// set: then the old sweep's files (manifest, parts, results, figures,
// Slurm scripts and logs) are removed first. Other files are left alone.
func Create(dir string, m *Manifest, force bool) error {
	mf := filepath.Join(dir, ManifestFile)
	if _, err := os.Stat(mf); err == nil {
		if !force {
			return fmt.Errorf("sweep: %s already holds a sweep (%s); choose another folder or use --force to replace it", dir, ManifestFile)
		}
		for _, name := range []string{PartsDir, SlurmDir, PointsFile, ResultsCSV, ResultsParquet, ResultsJSON, FigureSVG, FigurePNG, ManifestFile} {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("sweep: replacing %s: %w", dir, err)
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("sweep: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, PartsDir), 0o755); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	if err := report.WriteFileAtomic(filepath.Join(dir, PointsFile), m.writePoints); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	// The manifest last: a folder with sweep.json is a complete plan.
	if err := report.WriteFileAtomic(mf, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return nil
}

// writePoints writes points.csv: point, replicate, axis columns, seed, chunk.
func (m *Manifest) writePoints(w io.Writer) error {
	bw := bufio.NewWriter(w)
	cols := m.Columns()[:len(m.Axes)+3]
	for i, c := range cols {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(csvField(c.Name))
	}
	bw.WriteString(",chunk\n")
	var line []byte
	for i := range m.Points {
		p := m.Point(i)
		line = strconv.AppendInt(line[:0], int64(i), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(p.Replicate), 10)
		for _, v := range p.Values {
			line = append(line, ',')
			line = strconv.AppendFloat(line, v, 'g', -1, 64)
		}
		line = append(line, ',')
		line = strconv.AppendUint(line, p.Seed, 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(m.ChunkOf(i)), 10)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// csvField quotes a header field if CSV needs it.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// Open reads the manifest of the sweep in dir.
func Open(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("sweep: %s holds no sweep (no %s); make one with synlab sweep plan SWEEP.yaml -o %s", dir, ManifestFile, dir)
		}
		return nil, fmt.Errorf("sweep: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("sweep: reading %s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if m.Format != FormatVersion {
		return nil, fmt.Errorf("sweep: %s has format %d; this synlab reads format %d", filepath.Join(dir, ManifestFile), m.Format, FormatVersion)
	}
	if m.Points < 1 || m.ChunkSize < 1 || m.Chunks != (m.Points+m.ChunkSize-1)/m.ChunkSize || m.Replicates < 1 {
		return nil, fmt.Errorf("sweep: %s is inconsistent (points %d, chunk size %d, chunks %d)", filepath.Join(dir, ManifestFile), m.Points, m.ChunkSize, m.Chunks)
	}
	return &m, nil
}
