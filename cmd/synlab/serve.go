package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/synlab/synlab/units"
	"github.com/synlab/synlab/web"
)

// shutdownWait is how long serve waits for requests to end after an
// interrupt (runs are cancelled at once).
const shutdownWait = 5 * time.Second

func serveCmd() *cobra.Command {
	var (
		addr     string
		hosts    []string
		duration string
		memMB    int64
		l        = web.DefaultLimits()
	)
	l.Running = runtime.NumCPU()
	c := &cobra.Command{
		Use:   "serve",
		Short: "The web lab: run experiments from a page in the browser",
		Long: `Serves the web lab on http://127.0.0.1:8080 (change with --addr): choose a preparation, a
model tier, a protocol, the bath and drugs, run with live progress, overlay runs, draw the STDP and
frequency curves, and export CSV, Parquet, SVG, PNG, the spec as YAML (repeat a run with
'synlab run SPEC.yaml') and a markdown report. The page works without network access.

The server is for one machine: it binds the loopback address unless --addr says otherwise (then it
warns: there is no authentication), answers only requests addressed to it, runs --max-runs
simulations at once and queues --max-queue more, limits each run's biological duration and keeps
only the last --keep results in memory. It writes no files.`,
		Example: `  synlab serve
  synlab serve --addr 127.0.0.1:9000 --max-runs 1 --keep 8`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := units.Parse(duration, units.Time)
			if err != nil {
				return fmt.Errorf("--max-duration %q: %w", duration, err)
			}
			if d <= 0 {
				return fmt.Errorf("--max-duration %q: must be > 0", duration)
			}
			l.Duration = d
			if memMB <= 0 {
				return fmt.Errorf("--max-memory %d: must be > 0 (MB)", memMB)
			}
			l.Memory = memMB << 20
			if os.Getenv("GOMEMLIMIT") == "" {
				// The Go runtime collects harder as the heap nears this,
				// so that garbage does not double the budget.
				debug.SetMemoryLimit(2 * l.Memory)
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			at := ln.Addr().String()
			logger := log.New(os.Stderr, "synlab serve: ", log.LstdFlags)
			srv, err := web.New(web.Config{Addr: at, Hosts: hosts, Limits: l, Log: logger})
			if err != nil {
				ln.Close()
				return err
			}
			if !web.IsLoopback(at) {
				fmt.Fprintf(os.Stderr, "synlab: warning: serving on %s, which other machines may reach; the web lab has no authentication.\n", at)
			}
			ctx := cmd.Context()
			hs := &http.Server{
				Handler:           srv,
				ReadHeaderTimeout: 10 * time.Second,
				ReadTimeout:       time.Minute, // headers and body; answers (progress streams) are not bounded
				IdleTimeout:       2 * time.Minute,
				MaxHeaderBytes:    64 << 10,
				ErrorLog:          logger,
				BaseContext:       func(net.Listener) context.Context { return ctx },
			}
			fmt.Printf("synlab web lab on http://%s/ (Ctrl-C to stop)\n", at)
			errc := make(chan error, 1)
			go func() { errc <- hs.Serve(ln) }()
			select {
			case err := <-errc:
				return err
			case <-ctx.Done():
			}
			sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
			defer cancel()
			if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			fmt.Println("synlab: the web lab stopped.")
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on, host:port (a non-loopback address is reachable from other machines)")
	f.StringArrayVar(&hosts, "allow-host", nil, "another Host header to accept, host:port (repeatable), e.g. when the lab is reached by a name")
	f.IntVar(&l.Running, "max-runs", l.Running, "simulations at once")
	f.IntVar(&l.Queue, "max-queue", l.Queue, "simulations waiting beyond --max-runs; more are refused with a message")
	f.StringVar(&duration, "max-duration", strconv.FormatFloat(l.Duration/units.Hour, 'g', -1, 64)+" h", "biological duration of one run, at most")
	f.IntVar(&l.Samples, "max-samples", l.Samples, "rows one run may record, at most")
	f.IntVar(&l.Synapses, "max-synapses", l.Synapses, "model.synapses, at most")
	f.IntVar(&l.Points, "max-points", l.Points, "points of one curve, at most")
	f.DurationVar(&l.Wall, "max-run-time", l.Wall, "wall-clock time of one run or curve, at most")
	f.IntVar(&l.Keep, "keep", l.Keep, "finished results kept in memory (least recently used go first)")
	f.Int64Var(&l.Body, "max-body", l.Body, "request body size in bytes, at most")
	f.Int64Var(&memMB, "max-memory", l.Memory>>20, "memory budget in MB for specs being parsed, runs and kept results (estimated; the process stays within about twice this)")
	return c
}
