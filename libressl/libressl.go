//go:build libressl

package libressl

/*
#cgo pkg-config: libcrypto
#cgo CFLAGS: -I${SRCDIR}/../shim -DFC_ABI_BUILT=6 -O2 -Wall
#include "forkcrypto.h"

extern const fc_ops fc_libressl_ops;
*/
import "C"

import "unsafe"

// Table returns the package's fc_ops table.
func Table() unsafe.Pointer { return unsafe.Pointer(&C.fc_libressl_ops) }
