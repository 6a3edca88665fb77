// Package protocol lets the protocols composed in compat's subpackages
// (HPKE) reach the constructors compat keeps for them alone.
package protocol

import "crypto/cipher"

// NewAESGCMForHPKE returns AES-GCM for HPKE's key schedule, whose nonces
// are the context's base nonce XOR its sequence number, constructed by the
// protocol and not chosen by a caller (as Go's FIPS module has
// NewGCMForHPKE for): FIPS-only mode allows its Seal. Set by package
// compat.
var NewAESGCMForHPKE func(key []byte) (cipher.AEAD, error)
