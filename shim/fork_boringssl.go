//go:build cgo && boringssl && !openssl && !libressl && !awslc

package shim

import (
	"unsafe"

	"github.com/forkcrypto/forkcrypto/boringssl"
)

// forkTable returns the fc_ops table of the fork chosen by build tag.
func forkTable() unsafe.Pointer { return boringssl.Table() }
