package compat

import (
	"io"

	"github.com/forkcrypto/forkcrypto/shim"
)

// Reader reads from the fork's cryptographically secure random generator.
var Reader io.Reader = reader{}

type reader struct{}

func (reader) Read(p []byte) (int, error) {
	if err := shim.Ready(); err != nil {
		return 0, err
	}
	if err := shim.RandBytes(p); err != nil {
		return 0, err
	}
	return len(p), nil
}
