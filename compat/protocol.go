package compat

import (
	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
	"github.com/forkcrypto/forkcrypto/shim"
)

func init() { protocol.DHKEMSealOnce = dhkemSealOnce }

// dhkemSealOnce is protocol.DHKEMSealOnce: the checks of ephemeralECDH,
// hkdfExtractExpand (for both digests) and aeadOnce, then one crossing.
func dhkemSealOnce(s *protocol.DHKEMSeal) ([]byte, error) {
	const op = "HPKE seal"
	curve, err := ecdhCurveOf(op, s.Curve)
	if err != nil {
		return nil, err
	}
	if err := checkKind(op, curve.kind); err != nil {
		return nil, err
	}
	if len(s.Peer) != curve.pubSize {
		return nil, newError(op, ErrInvalidKey, "recipient key of the wrong size")
	}
	kemMD, err := kdfHash(shim.HKDF, s.KEMHash)
	if err != nil {
		return nil, err
	}
	md, err := kdfHash(shim.HKDF, s.Hash)
	if err != nil {
		return nil, err
	}
	spec := aesGCMSpec
	if s.AEAD == protocol.ChaCha20Poly1305 {
		spec = chachaSpec
	}
	if err := spec.checkKeySize(s.KeySize); err != nil {
		return nil, err
	}
	if uint64(len(s.Plaintext)) > spec.maxInput {
		return nil, newError(spec.opSeal, ErrInvalidKey, "message too large")
	}
	if err := checkInputs(len(s.AAD)); err != nil {
		return nil, err
	}
	suite := shim.HPKESuite{Kind: curve.kind, KEMHash: kemMD.id, KEMHashSize: kemMD.size, Hash: md.id,
		HashSize: md.size, AEAD: spec.id, KeySize: s.KeySize, NonceSize: spec.nonceSize}
	out := make([]byte, len(s.Peer)+len(s.Plaintext)+aeadTagSize)
	if err := shim.HPKESeal(op, &suite, s.Peer, (*shim.HPKESealParts)(&s.Parts), s.Plaintext, s.AAD, out); err != nil {
		return nil, err
	}
	return out, nil
}
