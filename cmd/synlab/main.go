// Command synlab is a virtual slice-electrophysiology lab: it runs
// plasticity experiments described as data (YAML specs or built-in presets)
// on synlab's model tiers and writes figures, tables and a summary.
//
//	synlab run lfs                 # the Fig. 8.16 LFS experiment
//	synlab run my.yaml --set bath.ca=1.8mM --out runs/low-ca
//	synlab presets
//	synlab curve stdp              # the STDP window, on all cores
//	synlab curve frequency         # the frequency-response function
//	synlab reproduce               # the published cases, with pass/fail
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := &cobra.Command{
		Use:           "synlab",
		Short:         "A virtual slice-electrophysiology lab for synaptic plasticity (LTP/LTD)",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	var prof string
	stopProfile := func() {}
	root.PersistentFlags().StringVar(&prof, "cpuprofile", "", "write a CPU profile of the command to this file (for go tool pprof)")
	root.PersistentPreRunE = func(*cobra.Command, []string) (err error) {
		stopProfile, err = startProfile(prof)
		return err
	}
	root.AddCommand(runCmd(), presetsCmd(), curveCmd(), reproduceCmd(), explainCmd(), drugsCmd(), compareCmd(), serveCmd(), sweepCmd(), fitCmd(), sbmlCmd(), tiersCmd(), specCmd(), calibrateCmd())
	err := root.ExecuteContext(ctx)
	stopProfile()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(os.Stderr, "synlab: cancelled; nothing was written")
			os.Exit(130)
		}
		fmt.Fprintln(os.Stderr, "synlab:", err)
		os.Exit(1)
	}
}

// startProfile starts the CPU profile of --cpuprofile (none if file is
// empty) and returns the function that stops it and closes the file.
func startProfile(file string) (stop func(), err error) {
	stop = func() {}
	if file == "" {
		return stop, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return stop, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return stop, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
