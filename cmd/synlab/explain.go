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
)

func explainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RUN",
		Short: "Say in words what happened in a run folder written by synlab run",
		Long: `Reads RUN/summary.json and prints the outcome and, for the mechanistic tier, what happened in the
mechanism: the spine Ca2+ peak per induction pulse, the time spent in the phosphatase and kinase
ranges, calcineurin, PP1 and CaMKII activity, and the PSD-trapped and internal receptor counts.
Then every metric of the summary.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := filepath.Join(args[0], "summary.json")
			data, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("explain: %w (give a folder written by synlab run)", err)
			}
			var s engine.Summary
			if err := json.Unmarshal(data, &s); err != nil {
				return fmt.Errorf("explain: %s: %w", path, err)
			}
			fmt.Println(s.Text)
			if len(s.Explain) == 0 {
				fmt.Println("\nThis tier has no mechanism to explain beyond its rule; run the mechanistic tier (model.tier: mechanistic) for one.")
			} else {
				fmt.Println("\nWhat happened:")
				for _, l := range s.Explain {
					fmt.Println("  - " + l)
				}
			}
			keys := make([]string, 0, len(s.Metrics))
			for k := range s.Metrics {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			fmt.Println("\nMetrics:")
			w := 0
			for _, k := range keys {
				w = max(w, len(k))
			}
			for _, k := range keys {
				fmt.Printf("  %s%s  %.4g\n", k, strings.Repeat(" ", w-len(k)), s.Metrics[k])
			}
			return nil
		},
	}
}
