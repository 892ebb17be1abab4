//go:build unix

package report

import (
	"errors"
	"syscall"
)

// alive reports whether process pid runs (or may: if it cannot be told,
// it counts as running, and its folder is kept).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
