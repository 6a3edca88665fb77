//go:build !go1.27

package compat

import "crypto"

// Public returns the public key, to implement crypto.Signer. From Go 1.27
// on it is crypto/mldsa's type instead, which crypto/x509 recognises.
func (sk *MLDSAPrivateKey) Public() crypto.PublicKey { return sk.pub }

// stdPublicKey is empty before Go 1.27, which has no crypto/mldsa.
type stdPublicKey struct{}
