package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/drug"
)

func drugsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "drugs",
		Short: "List the drugs a spec may name, with target, potency, source and caveats (markdown)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Print(drug.Markdown())
			fmt.Println("\nIn a spec: drugs: [{name: FK506, conc: \"50 uM\"}]. Bath ions are not drugs: bath: {ca: \"2 mM\", mg: \"0 mM\"} is the Mg2+-free solution.")
			return nil
		},
	}
}
