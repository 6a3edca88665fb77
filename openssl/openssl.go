// Package openssl fills forkcrypto's C contract (shim/forkcrypto.h) with
// OpenSSL 3, found through pkg-config's libcrypto.
//
// It is selected by building without a fork tag or with -tags openssl; use
// the compat package rather than this one.
package openssl

/*
#cgo pkg-config: libcrypto
#cgo CFLAGS: -I${SRCDIR}/../shim -O2 -Wall -DOPENSSL_API_COMPAT=30000 -DOPENSSL_NO_DEPRECATED
#include "forkcrypto.h"

extern const fc_ops fc_openssl_ops;
*/
import "C"

import "unsafe"

// Table returns the package's fc_ops table.
func Table() unsafe.Pointer { return unsafe.Pointer(&C.fc_openssl_ops) }
