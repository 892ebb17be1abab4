package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/catalog"
	"github.com/synlab/synlab/drug"
	"github.com/synlab/synlab/experiment"
)

func drugsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "drugs",
		Short: "List the drugs a spec may name, with target, potency, source and caveats (markdown), and the tiers that model each target",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Print(drug.Markdown())
			fmt.Println("\nSource tags: [V-abs] checked in an abstract or page excerpt (address named); [V-code] checked in public code (file named);")
			fmt.Println("[M] recalled from the paper and not re-checked (treat as approximate); [A] an assumption made here, with its reason.")
			fmt.Println("\nTargets and the tiers that model them:")
			reg := catalog.Registry()
			tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
			for _, t := range drug.Targets() {
				fmt.Fprintf(tw, "  %s\t%s\t%s\n", t.Key, t.Doc, reg.Modelling(t.Key))
			}
			tw.Flush()
			fmt.Println("\nIn a spec: drugs: [{name: FK506, conc: \"50 uM\"}]. Bath ions are not drugs: bath: {ca: \"2 mM\", mg: \"0 mM\"} is the Mg2+-free solution.")
			return nil
		},
	}
}

func tiersCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "tiers",
		Short: "List the model tiers of each preparation: what each is, its parameter sets and the drug targets it models",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, t := range catalog.Registry() {
				var targets []string
				for _, d := range t.Drugs {
					targets = append(targets, string(d))
				}
				if len(targets) == 0 {
					targets = []string{"none"}
				}
				fmt.Printf("%s / %s\n  %s\n  sets: %s (the first is the default)\n  drug targets: %s\n\n",
					t.Preparation, t.Name, t.Doc, strings.Join(t.SetNames(), ", "), strings.Join(targets, ", "))
			}
			fmt.Println("In a spec: preparation: ca1, model: {tier: mechanistic, set: default}; every field of a spec: synlab spec.")
			return nil
		},
	}
}

func specCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "spec",
		Short: "Print every field of the experiment spec with its unit, default and what is allowed (markdown; docs/spec.md)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Print(experiment.Reference())
			return nil
		},
	}
}
