//go:build !cgo

package shim

// forkcrypto calls a C library: the compiler's "undefined" message names the
// fix.
var _ = forkcrypto_needs_cgo_build_with_CGO_ENABLED_1_and_a_C_compiler
