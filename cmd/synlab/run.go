package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/lab"
	"github.com/synlab/synlab/report"
)

// zoomPulses is how many induction pulses the zoom figure shows.
const zoomPulses = 3

func runCmd() *cobra.Command {
	var (
		sets                 []string
		seed                 int64
		asJSON, force, quiet bool
		out                  string
	)
	c := &cobra.Command{
		Use:   "run PRESET|FILE.yaml",
		Short: "Run one experiment and write its figure, tables, summary and report",
		Long: `Run one experiment, given as a built-in preset (see 'synlab presets') or a YAML/JSON spec file.
Writes into an output folder (default runs/NAME): summary.json, manifest.json, trace.csv,
trace.parquet, tests.csv, pulses.csv, figure.svg/png (the time course), pulses.svg/png (the first
induction pulses, closely) and report.md, and prints a one-paragraph summary and the files written.`,
		Example: `  synlab run lfs
  synlab run lfs --set bath.ca=1.8mM --set protocol.train.rate=3Hz --out runs/lfs-3hz
  synlab run stdp --set protocol.pairing.dt=-20ms --json`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeOnePreset,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 { // a first try: say how, and what there is to run
				out := cmd.OutOrStdout()
				fmt.Fprint(out, cmd.UsageString())
				fmt.Fprintln(out, "\nPresets:")
				return writePresets(out)
			}
			src, err := loadSource(args[0])
			if err != nil {
				return err
			}
			pl, data, err := src.plan(sets, seed)
			if err != nil {
				return err
			}
			if err := checkOut(out, force); err != nil {
				return err
			}
			m := newMeter(src.name, quiet || asJSON)
			res, err := engine.RunWith(cmd.Context(), pl, engine.Options{Progress: m.set, Zoom: zoomPulses})
			m.done()
			if err != nil {
				return err
			}
			r := runReport(src.name, res, data)
			lab.AddZoom(&r, res)
			dir := outDir(out, src.name)
			tidyOut(dir)
			if err := report.WriteCtx(cmd.Context(), dir, r, force); err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(os.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					engine.Summary
					Out string `json:"out"`
				}{res.Summary, dir})
			}
			fmt.Println(res.Summary.Text)
			for _, l := range res.Summary.Explain {
				fmt.Println("  " + l)
			}
			fmt.Println(wrote(dir, r))
			return nil
		},
	}
	f := c.Flags()
	f.StringArrayVar(&sets, "set", nil, "override a field of the spec: path=value (repeatable), e.g. bath.ca=1.8mM")
	f.Int64Var(&seed, "seed", -1, "random seed (overrides the spec's seed)")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON on stdout")
	f.StringVar(&out, "out", "", "output folder (default runs/NAME, numbered if it exists)")
	f.BoolVar(&force, "force", false, "replace the output folder if it exists")
	f.BoolVar(&quiet, "quiet", false, "no progress output")
	return c
}

func presetsCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "presets [NAME]",
		Short:             "List the built-in experiments, or print one as YAML",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeOnePreset,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				p, ok := experiment.FindPreset(args[0])
				if !ok {
					return fmt.Errorf("no preset %q; known: %s", args[0], presetNames())
				}
				_, err := os.Stdout.Write(p.Data)
				return err
			}
			if err := writePresets(os.Stdout); err != nil {
				return err
			}
			fmt.Println("\nShow one with: synlab presets NAME    Run one with: synlab run NAME")
			return nil
		},
	}
}
