package fit

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/synlab/synlab/sweep"
	"github.com/synlab/synlab/trace"
)

// Slurm evaluates each batch as one Slurm job array: the batch is written
// as a sweep folder DIR/batch-NNNN, its chunks submitted with S (without a
// collect job), and the fit waits for the array, then collects the folder
// itself. DIR must be on a file system the compute nodes share.
type Slurm struct {
	Dir  string        // work folder, one sweep folder per batch
	S    sweep.Slurm   // the submitter (program paths, throttle, sbatch options)
	Poll time.Duration // squeue interval; 0 means 2 s
}

// Evaluate submits the batch, waits for it and returns its table. A batch
// with missing chunks after the array has ended is an error naming the
// logs.
func (s Slurm) Evaluate(ctx context.Context, batch int, m *sweep.Manifest) (*trace.Table, error) {
	dir := filepath.Join(s.Dir, fmt.Sprintf("batch-%04d", batch))
	if err := sweep.Create(dir, m, true); err != nil {
		return nil, err
	}
	sub := s.S
	sub.NoCollect = true
	res, err := sub.Submit(ctx, dir, m)
	if err != nil {
		return nil, err
	}
	poll := s.Poll
	if poll == 0 {
		poll = 2 * time.Second
	}
	if err := sub.Wait(ctx, []string{res.ArrayJob}, poll); err != nil {
		return nil, err
	}
	c, err := sweep.Collect(dir, m)
	if err != nil {
		return nil, err
	}
	if !c.Complete() {
		return nil, fmt.Errorf("fit: batch %d: Slurm job %s ended with chunks %s missing; see %s", batch, res.ArrayJob,
			sweep.ArraySpec(c.Missing, 0), filepath.Join(dir, sweep.SlurmDir, "logs"))
	}
	return c.Table, nil
}
