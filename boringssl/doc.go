// Package boringssl fills forkcrypto's C contract (shim/forkcrypto.h) with
// BoringSSL, found through pkg-config's libcrypto. It is compiled only when
// the build selects it (-tags boringssl); use the compat package rather than this one.
package boringssl
