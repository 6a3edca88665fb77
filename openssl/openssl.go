//go:build !libressl && !boringssl && !awslc

package openssl

/*
#cgo pkg-config: libcrypto
#cgo CFLAGS: -I${SRCDIR}/../shim -DFC_ABI_BUILT=6 -O2 -Wall -DOPENSSL_API_COMPAT=30000 -DOPENSSL_NO_DEPRECATED
#include "forkcrypto.h"

extern const fc_ops fc_openssl_ops;
*/
import "C"

import "unsafe"

// Table returns the package's fc_ops table.
func Table() unsafe.Pointer { return unsafe.Pointer(&C.fc_openssl_ops) }
