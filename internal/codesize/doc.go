// Package codesize holds a test that keeps synlab's code in pieces a reader
// can hold: no non-test Go file over MaxFileLines lines, and no function
// over MaxFuncLines lines except data tables (functions whose body is a
// single return of a composite literal, such as a parameter set or a field
// table).
package codesize

// Limits of the architecture issue: a file a reader can hold, a function a
// reader can follow.
const (
	MaxFileLines = 600
	MaxFuncLines = 100
)
