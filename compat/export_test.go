package compat

import (
	"crypto"
	"hash"

	"github.com/forkcrypto/forkcrypto/shim"
)

// Test-only entries to the fork paths whose inputs known-answer tests give
// in a form the public API builds itself.

// CounterKDFWithFixedInput runs CounterKDF's fork path over a whole fixed
// input, as NIST's counter-mode vectors give it.
func CounterKDFWithFixedInput[H hash.Hash](h func() H, key, fixed []byte, length int) ([]byte, error) {
	md, err := kdfHash(shim.SP800_108, h)
	if err != nil {
		return nil, err
	}
	return counterKDF(md, key, fixed, length)
}

// EncapsulateWithRandomness encapsulates with the given 32 bytes of
// randomness (ML-KEM.Encaps_internal), where the fork can take them.
func (ek *MLKEMEncapsulationKey) EncapsulateWithRandomness(m []byte) (sharedKey, ciphertext []byte, err error) {
	return ek.encapsulate(m)
}

// NewDecapsulationKeyExpanded imports FIPS 203's expanded decapsulation
// key, as NIST's ML-KEM vectors give it.
func NewDecapsulationKeyExpanded(dk []byte) (*MLKEMDecapsulationKey, error) {
	switch len(dk) {
	case 768*3 + 96:
		return newMLKEMExpanded(mlkem768, dk)
	case 768*4 + 96:
		return newMLKEMExpanded(mlkem1024, dk)
	}
	return nil, newError("ML-KEM import", ErrInvalidKey, "not an expanded decapsulation key")
}

// NewPrivateKeyMLDSAExpanded imports FIPS 204's expanded private key, as
// NIST's ML-DSA vectors give it.
func NewPrivateKeyMLDSAExpanded(params MLDSAParameters, sk []byte) (*MLDSAPrivateKey, error) {
	return newMLDSAPrivateKeyExpanded(params, sk)
}

// SignWithRandomness signs with the given 32 bytes of randomness
// (ML-DSA.Sign_internal's rnd), where the fork can take them.
func (sk *MLDSAPrivateKey) SignWithRandomness(message []byte, opts crypto.SignerOpts, rnd []byte) ([]byte, error) {
	return sk.sign(0, message, opts, rnd)
}
