package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
)

// TestExportedSpecRepeatsRun checks the promise of the spec.yaml export: a
// run from the page and `synlab run` of its exported YAML (experiment.Load
// and experiment.Run, as the command does) give identical numbers: the
// same summary and byte-identical tables (CSV writes floats so that they
// round-trip exactly).
func TestExportedSpecRepeatsRun(t *testing.T) {
	ts, _ := newTestServer(t, Limits{})
	lfsShouval, _ := experiment.FindPreset("lfs-shouval")
	spec, err := experiment.Decode(lfsShouval.Data)
	if err != nil {
		t.Fatal(err)
	}
	formFields, err := Fields(spec)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  runRequest
	}{
		{"preset", runRequest{Preset: "lfs-shouval"}},
		{"preset with settings", runRequest{Preset: "lfs-shouval", Sets: []string{"bath.ca=1.8 mM", "protocol.train.rate=3 Hz", "drugs[0].name=APV", "drugs[0].conc=5 uM"}}},
		{"the form", runRequest{Sets: append(Sets(formFields), "protocol.train.pulses=600", "seed=7")}},
		{"stochastic population", runRequest{Preset: "stdp-gb", Sets: []string{"model.synapses=200", "seed=3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ri := runDone(t, ts.Client(), ts.URL+"/api/runs", tt.req)
			exported := fetch(t, ts.Client(), ts.URL+"/api/runs/"+ri.ID+"/files/spec.yaml")

			pl, err := catalog.Load(exported)
			if err != nil {
				t.Fatalf("the exported spec does not load: %v\n%s", err, exported)
			}
			res, err := engine.Run(context.Background(), pl, nil)
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(res.Summary)
			if err != nil {
				t.Fatal(err)
			}
			got := fetch(t, ts.Client(), ts.URL+"/api/runs/"+ri.ID+"/files/summary.json")
			var gotSum engine.Summary
			if err := json.Unmarshal(got, &gotSum); err != nil {
				t.Fatal(err)
			}
			gotJSON, _ := json.Marshal(gotSum)
			if !bytes.Equal(gotJSON, want) {
				t.Errorf("summary differs:\nserver %s\nlocal  %s", gotJSON, want)
			}
			for file, tab := range map[string]interface{ WriteCSV(io.Writer) error }{"trace.csv": res.Series, "tests.csv": res.Tests} {
				var local bytes.Buffer
				if err := tab.WriteCSV(&local); err != nil {
					t.Fatal(err)
				}
				if served := fetch(t, ts.Client(), ts.URL+"/api/runs/"+ri.ID+"/files/"+file); !bytes.Equal(served, local.Bytes()) {
					t.Errorf("%s differs between the server and a local run of the exported spec", file)
				}
			}
		})
	}
}

func fetch(t *testing.T, c *http.Client, url string) []byte {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s %s", url, resp.Status, b)
	}
	return b
}
