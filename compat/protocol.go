package compat

import (
	"crypto/ecdh"
	"runtime"

	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
	"github.com/forkcrypto/forkcrypto/shim"
)

func init() {
	protocol.DHKEMSealOnce = dhkemSealOnce
	protocol.DHKEMOpenOnce = dhkemOpenOnce
}

// dhkemSuite applies to s the checks of ephemeralECDH, hkdfExtractExpand
// (for both digests) and aeadOnce.
func dhkemSuite(op string, s *protocol.DHKEMSuite) (shim.HPKESuite, *ecdhCurve, *aeadSpec, error) {
	curve, err := ecdhCurveOf(op, s.Curve)
	if err != nil {
		return shim.HPKESuite{}, nil, nil, err
	}
	if err := checkKind(op, curve.kind); err != nil {
		return shim.HPKESuite{}, nil, nil, err
	}
	kemMD, err := kdfHash(shim.HKDF, s.KEMHash)
	if err != nil {
		return shim.HPKESuite{}, nil, nil, err
	}
	md, err := kdfHash(shim.HKDF, s.Hash)
	if err != nil {
		return shim.HPKESuite{}, nil, nil, err
	}
	spec := aesGCMSpec
	if s.AEAD == protocol.ChaCha20Poly1305 {
		spec = chachaSpec
	}
	if err := spec.checkKeySize(s.KeySize); err != nil {
		return shim.HPKESuite{}, nil, nil, err
	}
	return shim.HPKESuite{Kind: curve.kind, KEMHash: kemMD.id, KEMHashSize: kemMD.size, Hash: md.id,
		HashSize: md.size, AEAD: spec.id, KeySize: s.KeySize, NonceSize: spec.nonceSize}, curve, spec, nil
}

// dhkemSealOnce is protocol.DHKEMSealOnce.
func dhkemSealOnce(s *protocol.DHKEMSuite, peer, plaintext, aad []byte) ([]byte, error) {
	const op = "HPKE seal"
	suite, curve, spec, err := dhkemSuite(op, s)
	if err != nil {
		return nil, err
	}
	if len(peer) != curve.pubSize {
		return nil, newError(op, ErrInvalidKey, "recipient key of the wrong size")
	}
	if uint64(len(plaintext)) > spec.maxInput {
		return nil, newError(spec.opSeal, ErrInvalidKey, "message too large")
	}
	if err := checkInputs(len(aad)); err != nil {
		return nil, err
	}
	out := make([]byte, len(peer)+len(plaintext)+aeadTagSize)
	if err := shim.HPKESeal(op, &suite, peer, (*shim.HPKESealParts)(&s.Parts), plaintext, aad, out); err != nil {
		return nil, err
	}
	return out, nil
}

// dhkemOpenOnce is protocol.DHKEMOpenOnce.
func dhkemOpenOnce(s *protocol.DHKEMSuite, key ecdh.KeyExchanger, enc, ciphertext, aad []byte) ([]byte, error) {
	const op = "HPKE open"
	suite, curve, spec, err := dhkemSuite(op, s)
	if err != nil {
		return nil, err
	}
	k, ok := key.(*ECDHPrivateKey)
	if !ok || k.curve != curve {
		return nil, newError(op, ErrInvalidKey, "not this package's key on the suite's curve")
	}
	if len(enc) != curve.pubSize {
		return nil, newError(op, ErrInvalidKey, "enc of the wrong size")
	}
	if len(ciphertext) < aeadTagSize || uint64(len(ciphertext)-aeadTagSize) > spec.maxInput {
		return nil, newError(spec.opOpen, ErrAuthentication, "")
	}
	if err := checkInputs(len(aad)); err != nil {
		return nil, err
	}
	pkR := k.pub.Bytes()
	out := make([]byte, len(ciphertext)-aeadTagSize)
	err = shim.HPKEOpen(op, &suite, k.key.h, enc, pkR, (*shim.HPKESealParts)(&s.Parts), ciphertext, aad, out)
	runtime.KeepAlive(k)
	if err != nil {
		clear(out)
		return nil, err
	}
	return out, nil
}
