package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// ReadFile reads a spec (or sweep, or calibration) file of at most
// MaxSpecBytes. The size is checked before the file is read, and the read
// itself stops one byte past the limit, so neither a huge file nor an
// endless one (/dev/zero, a pipe) is held in memory.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a spec file", path)
	}
	if fi.Mode().IsRegular() && fi.Size() > MaxSpecBytes {
		return nil, fmt.Errorf("%s: the file has %d bytes, more than the %d (1 MiB) a spec may have", path, fi.Size(), MaxSpecBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSpecBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSpecBytes {
		return nil, fmt.Errorf("%s: the file is longer than the %d bytes (1 MiB) a spec may have", path, MaxSpecBytes)
	}
	return data, nil
}

// CheckSource applies the limits Decode applies before parsing (size,
// nesting depth) to any YAML source synlab reads, e.g. sweep and
// calibration files, and returns the source without a UTF-8 byte-order
// mark. Its error is a *FieldError.
func CheckSource(data []byte) ([]byte, error) {
	data = stripBOM(data)
	if err := checkShape(data); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return nil, fe
		}
		return nil, err
	}
	return data, nil
}

// stripBOM removes a UTF-8 byte-order mark at the start of data.
func stripBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) }
