package hpke

import (
	"crypto/ecdh"
	"errors"
	"fmt"
)

// A KEM is a Key Encapsulation Mechanism, one of the three components of an
// HPKE ciphersuite. Its values come from DHKEM, MLKEM768, MLKEM1024,
// MLKEM768X25519, MLKEM768P256, MLKEM1024P384 or NewKEM. Keys it makes are
// held by the linked fork.
type KEM interface {
	// ID returns the HPKE KEM identifier.
	ID() uint16

	// GenerateKey generates a new key pair with the fork's key generation
	// (for the hybrids, from a seed drawn from the fork's generator).
	GenerateKey() (PrivateKey, error)

	// NewPublicKey deserializes a public key from bytes, RFC 9180's
	// DeserializePublicKey.
	NewPublicKey([]byte) (PublicKey, error)

	// NewPrivateKey deserializes a private key from bytes, RFC 9180's
	// DeserializePrivateKey.
	NewPrivateKey([]byte) (PrivateKey, error)

	// DeriveKeyPair derives a key pair from input keying material, RFC
	// 9180's DeriveKeyPair.
	DeriveKeyPair(ikm []byte) (PrivateKey, error)

	// encSize is Nenc, the size of an encapsulated key.
	encSize() int
}

// A PublicKey is a KEM's encapsulation (public) key, as made by
// KEM.NewPublicKey, PrivateKey.PublicKey, NewDHKEMPublicKey,
// NewMLKEMPublicKey or NewHybridPublicKey.
type PublicKey interface {
	// KEM returns the key's KEM.
	KEM() KEM

	// Bytes returns the key's encoding, RFC 9180's SerializePublicKey.
	Bytes() []byte

	// encap returns a fresh shared secret and its encapsulation to the key.
	encap() (shared, enc []byte, err error)
}

// A PrivateKey is a KEM's decapsulation (private) key, as made by the KEM's
// GenerateKey, NewPrivateKey or DeriveKeyPair, or by NewDHKEMPrivateKey,
// NewMLKEMPrivateKey or NewHybridPrivateKey.
type PrivateKey interface {
	// KEM returns the key's KEM.
	KEM() KEM

	// Bytes returns the key's encoding, RFC 9180's SerializePrivateKey. An
	// X25519 key is returned clamped (RFC 9180 section 7.1.2), so it may
	// differ from what NewPrivateKey was given. Keys from outside (another
	// ecdh.KeyExchanger or crypto.Decapsulator) may be unable to give it.
	Bytes() ([]byte, error)

	// PublicKey returns the public half of the key.
	PublicKey() PublicKey

	// decap returns the shared secret encapsulated in enc.
	decap(enc []byte) (shared []byte, err error)
}

// NewKEM returns the KEM with the given HPKE identifier: 0x0010, 0x0011,
// 0x0012 and 0x0020 for DHKEM over P-256, P-384, P-521 and X25519, 0x0041
// and 0x0042 for ML-KEM-768 and ML-KEM-1024, 0x647a for MLKEM768-X25519,
// 0x0050 for MLKEM768-P256, 0x0051 for MLKEM1024-P384.
func NewKEM(id uint16) (KEM, error) {
	switch id {
	case 0x0010:
		return DHKEM(ecdh.P256()), nil
	case 0x0011:
		return DHKEM(ecdh.P384()), nil
	case 0x0012:
		return DHKEM(ecdh.P521()), nil
	case 0x0020:
		return DHKEM(ecdh.X25519()), nil
	case 0x0041:
		return MLKEM768(), nil
	case 0x0042:
		return MLKEM1024(), nil
	case 0x647a:
		return MLKEM768X25519(), nil
	case 0x0050:
		return MLKEM768P256(), nil
	case 0x0051:
		return MLKEM1024P384(), nil
	}
	return nil, fmt.Errorf("hpke: unsupported KEM %#04x", id)
}

// kemSuiteID is the KEM's own suite_id, "KEM" || I2OSP(kem_id, 2).
func kemSuiteID(id uint16) []byte {
	return []byte{'K', 'E', 'M', byte(id >> 8), byte(id)}
}

// authEncap is RFC 9180's AuthEncap, which only DHKEM has.
func authEncap(pk PublicKey, sk PrivateKey) (shared, enc []byte, err error) {
	pkR, ok := pk.(*dhkemPublicKey)
	if !ok {
		return nil, nil, errors.New("hpke: the Auth modes need a DHKEM recipient key")
	}
	if sk == nil {
		return nil, nil, errors.New("hpke: the Auth modes need the sender's private key")
	}
	skS, ok := sk.(*dhkemPrivateKey)
	if !ok || skS.kem != pkR.kem {
		return nil, nil, fmt.Errorf("hpke: the sender's key is not a %s key", pkR.kem.name)
	}
	return pkR.authEncap(skS)
}

// authDecap is RFC 9180's AuthDecap, which only DHKEM has.
func authDecap(enc []byte, k PrivateKey, pkS PublicKey) ([]byte, error) {
	skR, ok := k.(*dhkemPrivateKey)
	if !ok {
		return nil, errors.New("hpke: the Auth modes need a DHKEM recipient key")
	}
	if pkS == nil {
		return nil, errors.New("hpke: the Auth modes need the sender's public key")
	}
	s, ok := pkS.(*dhkemPublicKey)
	if !ok || s.kem != skR.kem {
		return nil, fmt.Errorf("hpke: the sender's key is not a %s key", skR.kem.name)
	}
	return skR.authDecap(enc, s)
}
