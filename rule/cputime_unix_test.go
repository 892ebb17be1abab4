//go:build unix

package rule

import (
	"syscall"
	"time"
)

// cpuTime is the user+system CPU time of this process so far. Benchmarks
// report it beside the wall time: on a shared machine the wall time of a
// single-goroutine run includes the time other processes held the core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
