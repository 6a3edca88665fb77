//go:build cgo && libressl && !openssl && !boringssl && !awslc

package shim

import (
	"unsafe"

	"github.com/forkcrypto/forkcrypto/libressl"
)

// forkTable returns the fc_ops table of the fork chosen by build tag.
func forkTable() unsafe.Pointer { return libressl.Table() }
