package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/experiment"
	"github.com/synlab/synlab/report"
)

// completePresets completes a preset name (with its title as the
// description) or, as the shell does, a file name.
func completePresets(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, p := range experiment.Presets() {
		if strings.HasPrefix(p.Name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(p.Name, p.Title))
		}
	}
	return out, cobra.ShellCompDirectiveDefault
}

// completeOnePreset completes the first argument only.
func completeOnePreset(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return completePresets(cmd, args, toComplete)
}

// writePresets writes the presets as aligned columns: name, where it runs
// (preparation / tier / set) and what it is.
func writePresets(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "preset\tpreparation / tier / set\twhat it is")
	for _, p := range experiment.Presets() {
		where := ""
		if s, err := experiment.Decode(p.Data); err == nil {
			prep := s.Preparation
			if prep == "" {
				prep = experiment.DefaultPreparation
			}
			where = prep + " / " + s.Model.Tier
			if s.Model.Set != "" {
				where += " / " + s.Model.Set
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Name, where, p.Title)
	}
	return tw.Flush()
}

// wrote is the line a command prints after writing a folder: every file
// in it, in the order written.
func wrote(dir string, r report.Run) string {
	names, err := report.Names(r)
	if err != nil { // Write has succeeded with the same r, so this cannot fail
		return fmt.Sprintf("Wrote %s/.", dir)
	}
	return fmt.Sprintf("Wrote %s/: %s.", dir, strings.Join(names, ", "))
}
