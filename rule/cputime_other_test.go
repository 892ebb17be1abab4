//go:build !unix

package rule

import "time"

// cpuTime is not measured here; benchmarks then report a CPU time of 0.
func cpuTime() time.Duration { return 0 }
