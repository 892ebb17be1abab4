package experiment

import (
	"fmt"
	"strconv"
)

// FieldError is a spec field with a value that is not allowed. Path is the
// field's dotted path as in the file ("protocol.train.rate",
// "drugs[1].conc"; "" for the document as a whole), Value the offending
// value as written, Allowed what is allowed (or what is wrong). Line and Col
// locate the value in the source file (1-based; 0 when unknown, e.g. for
// specs built in code).
type FieldError struct {
	Path, Value, Allowed string
	Line, Col            int
	// Warning marks a value that is allowed but implausible: it does not
	// stop a run; it travels into the summary and the manifest.
	Warning bool
}

// maxEcho is the most characters of a path or value an error repeats: a
// 1 MB key is not echoed in full.
const maxEcho = 120

func clip(s string) string {
	r := []rune(s)
	if len(r) <= maxEcho {
		return s
	}
	return string(r[:maxEcho]) + fmt.Sprintf("… (%d characters)", len(r))
}

// maxAllowed bounds what an error says is allowed: lists of names (a
// tier's parameters) are long, but no message needs more.
const maxAllowed = 4000

func clipLong(s string) string {
	r := []rune(s)
	if len(r) <= maxAllowed {
		return s
	}
	return string(r[:maxAllowed]) + "…"
}

// Error reads
//
//	protocol.train.rate: "-1 Hz": must be > 0 Hz (line 7, column 11)
func (e *FieldError) Error() string {
	s := clip(e.Path)
	if s == "" {
		s = "spec"
	}
	if e.Value != "" {
		s += ": " + strconv.Quote(clip(e.Value))
	}
	s += ": " + clipLong(e.Allowed)
	if e.Line > 0 {
		s += fmt.Sprintf(" (line %d, column %d)", e.Line, e.Col)
	}
	return s
}
