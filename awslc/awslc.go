// Package awslc fills forkcrypto's C contract (shim/forkcrypto.h) with
// AWS-LC, found through pkg-config's libcrypto.
//
// It is selected by building with -tags awslc; use the compat package
// rather than this one.
package awslc

/*
#cgo pkg-config: libcrypto
#cgo CFLAGS: -I${SRCDIR}/../shim -O2 -Wall
#include "forkcrypto.h"

extern const fc_ops fc_awslc_ops;
*/
import "C"

import "unsafe"

// Table returns the package's fc_ops table.
func Table() unsafe.Pointer { return unsafe.Pointer(&C.fc_awslc_ops) }
