package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/engine"
	"github.com/synlab/synlab/lab"
)

func explainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain FOLDER",
		Short: "Say in words what happened in a folder written by synlab run, or what a synlab curve shows",
		Long: `Reads FOLDER/summary.json. For a run it prints the outcome and, for the mechanistic tier, what
happened in the mechanism: the spine Ca2+ peak per induction pulse, the time spent in the phosphatase
and kinase ranges, calcineurin, PP1 and CaMKII activity, and the PSD-trapped and internal receptor
counts; then every metric of the summary. For a curve (synlab curve) it says what the curve shows:
what was swept, the most depression and potentiation, and where the change changes sign.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			path := filepath.Join(args[0], "summary.json")
			data, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("explain: %w (give a folder written by synlab run or synlab curve)", err)
			}
			var curve lab.CurveResult
			if json.Unmarshal(data, &curve) == nil && curve.Kind != "" && curve.Points > 0 {
				fmt.Fprintln(out, curve.Text)
				fmt.Fprintln(out)
				for _, l := range curve.Explain() {
					fmt.Fprintln(out, l)
				}
				fmt.Fprintf(out, "\nThe table is %s (one row per point), the figure figure.png.\n", filepath.Join(args[0], "trace.csv"))
				return nil
			}
			var s engine.Summary
			if err := json.Unmarshal(data, &s); err != nil {
				return fmt.Errorf("explain: %s: %w", path, err)
			}
			fmt.Fprintln(out, s.Text)
			if len(s.Explain) == 0 {
				fmt.Fprintln(out, "\nThis tier has no mechanism to explain beyond its rule; run the mechanistic tier (model.tier: mechanistic) for one.")
			} else {
				fmt.Fprintln(out, "\nWhat happened:")
				for _, l := range s.Explain {
					fmt.Fprintln(out, "  - "+l)
				}
			}
			keys := make([]string, 0, len(s.Metrics))
			for k := range s.Metrics {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			fmt.Fprintln(out, "\nMetrics:")
			w := 0
			for _, k := range keys {
				w = max(w, len(k))
			}
			for _, k := range keys {
				fmt.Fprintf(out, "  %s%s  %s\n", k, strings.Repeat(" ", w-len(k)), lab.Number(s.Metrics[k]))
			}
			return nil
		},
	}
}
