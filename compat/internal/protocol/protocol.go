// Package protocol lets the protocols composed in compat's subpackages
// (HPKE) reach the constructors compat keeps for them alone.
package protocol

import (
	"crypto/cipher"
	"crypto/ecdh"
	"hash"
)

// NewAESGCMForHPKE returns AES-GCM for HPKE's key schedule, whose nonces
// are the context's base nonce XOR its sequence number, constructed by the
// protocol and not chosen by a caller (as Go's FIPS module has
// NewGCMForHPKE for): FIPS-only mode allows its Seal. Set by package
// compat.
var NewAESGCMForHPKE func(key []byte) (cipher.AEAD, error)

// EphemeralECDH generates a key on curve, agrees a secret with the peer's
// encoded public key and returns the key's public encoding and the secret,
// in one call into the fork, which frees the private key before returning:
// DHKEM's ephemeral key is used once and never leaves the fork. Errors are
// those of compat.GenerateKeyECDH and ECDH. Set by package compat.
var EphemeralECDH func(curve ecdh.Curve, peer []byte) (pub, secret []byte, err error)

// Expansion is one HKDF-Expand of HKDFExtractExpand: Length bytes under Info.
type Expansion struct {
	Info   []byte
	Length int
}

// HKDFExtractExpand runs HKDF-Extract(salt, secret) and HKDF-Expand of its
// pseudorandom key with each expansion up to the first of Length 0,
// returning the outputs one after another, in one call into the fork: the
// pseudorandom key never reaches Go. The expansions are passed by value so
// that a caller's stay on its stack. Checks and errors are compat.HKDFKey's.
// Set by package compat.
var HKDFExtractExpand func(h func() hash.Hash, secret, salt []byte, expansions [3]Expansion) ([]byte, error)

// DHKEMSuite is what DHKEMSealOnce and DHKEMOpenOnce compute with: a DHKEM
// on Curve over HKDF with KEMHash, a key schedule over HKDF with Hash, and
// AEAD with a KeySize-byte key. Parts are the labeled inputs that do not
// change per message: DHKEM's eae_prk input before dh, its shared_secret
// info before enc || pkRm, the key schedule's secret input and its key and
// base_nonce infos.
type DHKEMSuite struct {
	Curve         ecdh.Curve
	KEMHash, Hash func() hash.Hash
	AEAD          AEAD
	KeySize       int
	Parts         [5][]byte
}

// DHKEMSealOnce is a single-shot HPKE Seal in base mode to the encoded
// public key peer, in one call into the fork, returning enc || ciphertext:
// the ephemeral key and exchange, DHKEM's ExtractAndExpand, the key schedule
// and the AEAD, with no secret reaching Go. The checks, FIPS policy and
// errors are those of EphemeralECDH, HKDFExtractExpand and AEADOnce. Set by
// package compat.
var DHKEMSealOnce func(s *DHKEMSuite, peer, plaintext, aad []byte) ([]byte, error)

// DHKEMOpenOnce is the matching Open with key, which must be a
// *compat.ECDHPrivateKey on s.Curve, and the encapsulated key enc, in one
// call into the fork. Set by package compat.
var DHKEMOpenOnce func(s *DHKEMSuite, key ecdh.KeyExchanger, enc, ciphertext, aad []byte) ([]byte, error)

// AEAD names the ciphers AEADOnce runs.
type AEAD int

const (
	AESGCM AEAD = iota
	ChaCha20Poly1305
)

// AEADOnce seals (open false) or opens in under key, nonce and aad, appending
// the result to dst, with a cipher the fork keys for this one message and
// frees before returning: a single-shot HPKE Seal or Open needs no cipher
// object. The checks, the FIPS policy (AES-GCM as NewAESGCMForHPKE) and the
// errors are those of the cipher.AEAD compat would return. Set by package
// compat.
var AEADOnce func(alg AEAD, open bool, dst, key, nonce, in, aad []byte) ([]byte, error)
