//go:build !unix

package report

// alive cannot tell on this system whether a process runs: every process
// counts as running, and temporary folders are removed by age only when
// they carry no process number.
func alive(pid int) bool { return true }
