// Package openssl fills forkcrypto's C contract (shim/forkcrypto.h) with
// OpenSSL 3, found through pkg-config's libcrypto. It is compiled only when
// the build selects it (no fork tag (or -tags openssl)); use the compat package rather than this one.
package openssl
