//go:build cgo && awslc && !openssl && !libressl && !boringssl

package shim

import (
	"unsafe"

	"github.com/forkcrypto/forkcrypto/awslc"
)

// forkTable returns the fc_ops table of the fork chosen by build tag.
func forkTable() unsafe.Pointer { return awslc.Table() }
