// Package libressl fills forkcrypto's C contract (shim/forkcrypto.h) with
// LibreSSL, found through pkg-config's libcrypto. It is compiled only when
// the build selects it (-tags libressl); use the compat package rather than this one.
package libressl
