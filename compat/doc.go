// Package compat is forkcrypto's public API: one set of Go types and
// functions for cryptography computed by whichever libcrypto the program was
// built with — OpenSSL 3 (the default, or -tags openssl), LibreSSL
// (-tags libressl), BoringSSL (-tags boringssl) or AWS-LC (-tags awslc).
//
// Signatures mirror the Go standard library where it has the same thing,
// and the types implement its interfaces (hash.Hash, cipher.AEAD,
// cipher.Block, …), so values plug into code written for crypto/*. Every
// primitive executes inside the fork; Go only validates input, buffers,
// composes and encodes.
//
// Behaviour is the same on every fork: the same inputs give the same bytes
// and the same class of error. Errors wrap one of the sentinels
// ErrUnsupported, ErrAuthentication, ErrInvalidKey or ErrFIPS and name the
// fork and the operation. An algorithm the linked fork lacks is reported by
// Capabilities and fails with ErrUnsupported; nothing falls back to Go.
package compat
