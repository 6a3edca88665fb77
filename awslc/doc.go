// Package awslc fills forkcrypto's C contract (shim/forkcrypto.h) with
// AWS-LC, found through pkg-config's libcrypto. It is compiled only when
// the build selects it (-tags awslc); use the compat package rather than this one.
package awslc
