//go:build go1.27

package compat

import (
	"crypto"
	"crypto/mldsa"
	"sync"
)

// Conversions between this package's ML-DSA keys and Go 1.27's
// crypto/mldsa, through the seed and the public key's encoding.

// The parameter sets of crypto/mldsa, by ours.
func (params MLDSAParameters) std() (mldsa.Parameters, bool) {
	switch params.p {
	case mldsa44:
		return mldsa.MLDSA44(), true
	case mldsa65:
		return mldsa.MLDSA65(), true
	case mldsa87:
		return mldsa.MLDSA87(), true
	}
	return mldsa.Parameters{}, false
}

func mldsaParamsFromStd(params mldsa.Parameters) MLDSAParameters {
	switch params {
	case mldsa.MLDSA44():
		return MLDSA44()
	case mldsa.MLDSA65():
		return MLDSA65()
	case mldsa.MLDSA87():
		return MLDSA87()
	}
	return MLDSAParameters{}
}

// NewMLDSAPrivateKey imports a crypto/mldsa private key into the fork.
func NewMLDSAPrivateKey(sk *mldsa.PrivateKey) (*MLDSAPrivateKey, error) {
	if sk == nil {
		return nil, newError("ML-DSA import", ErrInvalidKey, "nil key")
	}
	return NewPrivateKeyMLDSA(mldsaParamsFromStd(sk.PublicKey().Parameters()), sk.Bytes())
}

// NewMLDSAPublicKey imports a crypto/mldsa public key into the fork.
func NewMLDSAPublicKey(pub *mldsa.PublicKey) (*MLDSAPublicKey, error) {
	if pub == nil {
		return nil, newError("ML-DSA import", ErrInvalidKey, "nil key")
	}
	return NewPublicKeyMLDSA(mldsaParamsFromStd(pub.Parameters()), pub.Bytes())
}

// MLDSA returns the key as a crypto/mldsa private key (computing in Go). A
// key imported from its expanded form alone has no seed and cannot be
// converted.
func (sk *MLDSAPrivateKey) MLDSA() (*mldsa.PrivateKey, error) {
	params, _ := MLDSAParameters{sk.params}.std()
	if sk.seed == nil {
		return nil, newError(sk.params.name+" export", ErrInvalidKey, "the key was imported without its seed")
	}
	return mldsa.NewPrivateKey(params, sk.seed)
}

// MLDSA returns the key as a crypto/mldsa public key.
func (pub *MLDSAPublicKey) MLDSA() (*mldsa.PublicKey, error) {
	params, _ := MLDSAParameters{pub.params}.std()
	return mldsa.NewPublicKey(params, pub.bytes)
}

// Public returns the public key as crypto/mldsa's *PublicKey, the type
// crypto/x509 recognises from Go 1.27 on, so that the private key signs
// certificates there (PublicKey returns the fork's). Should crypto/mldsa
// refuse the key (as its FIPS 140-3 module v1.0.0 refuses ML-DSA), Public
// returns the *MLDSAPublicKey instead, and crypto/x509 reports the type as
// unsupported.
func (sk *MLDSAPrivateKey) Public() crypto.PublicKey {
	sk.pub.stdOnce.Do(func() { sk.pub.std, _ = sk.pub.MLDSA() })
	if sk.pub.std == nil {
		return sk.pub
	}
	return sk.pub.std
}

// stdPublicKey caches a public key's crypto/mldsa form.
type stdPublicKey struct {
	stdOnce sync.Once
	std     *mldsa.PublicKey
}
