//go:build cgo && !libressl && !boringssl && !awslc

package shim

import (
	"unsafe"

	"github.com/forkcrypto/forkcrypto/openssl"
)

// forkTable returns the fc_ops table of the fork chosen by build tag.
func forkTable() unsafe.Pointer { return openssl.Table() }
