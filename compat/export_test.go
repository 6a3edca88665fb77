package compat

import (
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
// key, as NIST's ML-KEM vectors give it, after the checks of FIPS 203
// section 7.3 (its encapsulation key's modulus check and the SHA3-256 hash
// of it, computed by the fork).
func NewDecapsulationKeyExpanded(dk []byte) (*MLKEMDecapsulationKey, error) {
	var p *mlkemParams
	switch len(dk) {
	case 768*3 + 96:
		p = mlkem768
	case 768*4 + 96:
		p = mlkem1024
	default:
		return nil, newError("ML-KEM import", ErrInvalidKey, "not an expanded decapsulation key")
	}
	op := p.name + " import"
	if err := p.check(op); err != nil {
		return nil, err
	}
	ek := dk[384*p.k : 768*p.k+32]
	h := dk[768*p.k+32 : 768*p.k+64]
	if !mlkemModulusCheck(ek, p.k) {
		return nil, newError(op, ErrInvalidKey, "encapsulation key fails the modulus check")
	}
	var sum [32]byte
	if oneShot(shim.SHA3_256, ek, sum[:]); string(sum[:]) != string(h) {
		return nil, newError(op, ErrInvalidKey, "hash check failed")
	}
	handle, err := shim.KEMNew(op, p.kind, dk, nil)
	if err != nil {
		return nil, err
	}
	return newDecapsulationKey(op, p, ownKEMKey(handle))
}
