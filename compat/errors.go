package compat

import "github.com/forkcrypto/forkcrypto/shim"

// Sentinel errors. Use errors.Is: returned errors wrap them in an *Error that
// names the fork and the operation and keeps the fork's own error text.
var (
	// ErrUnsupported: the linked fork does not provide the algorithm.
	ErrUnsupported = shim.ErrUnsupported
	// ErrAuthentication: an AEAD ciphertext or its tag was not authentic.
	ErrAuthentication = shim.ErrAuthentication
	// ErrInvalidKey: a key of the wrong size or form.
	ErrInvalidKey = shim.ErrInvalidKey
	// ErrSignature: a signature did not verify.
	ErrSignature = shim.ErrSignature
	// ErrDecryption: an RSA ciphertext did not decrypt; deliberately without detail.
	ErrDecryption = shim.ErrDecryption
	// ErrFIPS: the FIPS module in force refuses the algorithm.
	ErrFIPS = shim.ErrFIPS
	// ErrBackend: the fork could not start (a stale build, or a library at
	// run time other than the one built against). Backend().Err tells why.
	ErrBackend = shim.ErrBackend
)

// Error is the type of errors returned by this package.
type Error = shim.Error

func newError(op string, class error, detail string) error { return shim.NewError(op, class, detail) }
