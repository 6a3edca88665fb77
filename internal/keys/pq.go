package keys

import (
	"bytes"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Post-quantum keys: ML-DSA (RFC 9881) and ML-KEM (the LAMPS ML-KEM
// certificate profile, RFC 9935). Both put the raw public key in the
// SubjectPublicKeyInfo's BIT STRING, with no algorithm parameters, and carry
// the private key in PKCS #8 as a CHOICE of
//
//	seed         [0] IMPLICIT OCTET STRING (the seed alone),
//	expandedKey  OCTET STRING (FIPS 203's dk or FIPS 204's sk),
//	both         SEQUENCE { seed OCTET STRING, expandedKey OCTET STRING }.
//
// This package reads all three and writes the seed alone, as crypto/x509
// does for ML-DSA from Go 1.27 on. That the seed and the expanded key of
// "both" agree takes key generation, which is the importer's business.

// PQPublicKey is an ML-DSA or ML-KEM public key.
type PQPublicKey struct {
	Algorithm string // "ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "ML-KEM-768" or "ML-KEM-1024"
	// Key is the encoded public key. ParsePKIXPublicKey returns it as a
	// sub-slice of its input rather than a copy of up to 2.6 KB, because
	// every importer copies it anyway.
	Key []byte
}

// PQPrivateKey is an ML-DSA or ML-KEM private key: its seed, its expanded
// form, or both.
type PQPrivateKey struct {
	Algorithm string
	Seed      []byte
	Expanded  []byte
}

type pqAlgorithm struct {
	name                        string
	oid                         []byte
	pubSize, seedSize, expanded int
}

func pqOID(arc byte, last byte) []byte {
	return []byte{0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, arc, last}
}

// 2.16.840.1.101.3.4.3.{17,18,19} (ML-DSA) and 2.16.840.1.101.3.4.4.{1,2,3} (ML-KEM).
var pqAlgorithms = []*pqAlgorithm{
	{"ML-DSA-44", pqOID(3, 17), 1312, 32, 2560},
	{"ML-DSA-65", pqOID(3, 18), 1952, 32, 4032},
	{"ML-DSA-87", pqOID(3, 19), 2592, 32, 4896},
	{"ML-KEM-768", pqOID(4, 2), 1184, 64, 2400},
	{"ML-KEM-1024", pqOID(4, 3), 1568, 64, 3168},
}

// oidMLKEM512 is recognised only to say that it is not offered.
var oidMLKEM512 = pqOID(4, 1)

func pqByOID(oid []byte) (*pqAlgorithm, error) {
	for _, a := range pqAlgorithms {
		if string(a.oid) == string(oid) {
			return a, nil
		}
	}
	if string(oid) == string(oidMLKEM512) {
		return nil, fmt.Errorf("%w: ML-KEM-512", ErrUnsupported)
	}
	return nil, nil
}

func pqByName(name string) *pqAlgorithm {
	for _, a := range pqAlgorithms {
		if a.name == name {
			return a
		}
	}
	return nil
}

func parsePQPublicKey(a *pqAlgorithm, params, data []byte) (*PQPublicKey, error) {
	if len(params) != 0 {
		return nil, fmt.Errorf("%w: %s key with parameters", ErrMalformed, a.name)
	}
	if len(data) != a.pubSize {
		return nil, fmt.Errorf("%w: %s public key is %d bytes, want %d", ErrInvalidKey, a.name, len(data), a.pubSize)
	}
	return &PQPublicKey{Algorithm: a.name, Key: data[:len(data):len(data)]}, nil
}

// parsePQPrivateKey reads the CHOICE above, in strict DER.
func parsePQPrivateKey(a *pqAlgorithm, params, inner []byte) (*PQPrivateKey, error) {
	if len(params) != 0 {
		return nil, fmt.Errorf("%w: %s key with parameters", ErrMalformed, a.name)
	}
	k := &PQPrivateKey{Algorithm: a.name}
	s := cryptobyte.String(inner)
	var seed, expanded, both cryptobyte.String
	switch {
	case s.PeekASN1Tag(casn1.Tag(0).ContextSpecific()):
		if !s.ReadASN1(&seed, casn1.Tag(0).ContextSpecific()) {
			return nil, ErrMalformed
		}
	case s.PeekASN1Tag(casn1.OCTET_STRING):
		if !s.ReadASN1(&expanded, casn1.OCTET_STRING) {
			return nil, ErrMalformed
		}
	case s.PeekASN1Tag(casn1.SEQUENCE):
		if !s.ReadASN1(&both, casn1.SEQUENCE) || !both.ReadASN1(&seed, casn1.OCTET_STRING) ||
			!both.ReadASN1(&expanded, casn1.OCTET_STRING) || !both.Empty() {
			return nil, ErrMalformed
		}
	default:
		return nil, fmt.Errorf("%w: %s private key is neither a seed, an expanded key nor both", ErrMalformed, a.name)
	}
	if !s.Empty() {
		return nil, fmt.Errorf("%w: data after the %s private key", ErrMalformed, a.name)
	}
	if seed != nil {
		if len(seed) != a.seedSize {
			return nil, fmt.Errorf("%w: %s seed is %d bytes, want %d", ErrInvalidKey, a.name, len(seed), a.seedSize)
		}
		k.Seed = bytes.Clone(seed)
	}
	if expanded != nil {
		if len(expanded) != a.expanded {
			clear(k.Seed)
			return nil, fmt.Errorf("%w: %s expanded key is %d bytes, want %d", ErrInvalidKey, a.name, len(expanded), a.expanded)
		}
		k.Expanded = bytes.Clone(expanded)
	}
	return k, nil
}

// marshalPQPrivateKey writes the seed-only form; a key without its seed
// cannot be written.
func marshalPQPrivateKey(k *PQPrivateKey) (oid, inner []byte, err error) {
	a := pqByName(k.Algorithm)
	if a == nil {
		return nil, nil, fmt.Errorf("%w: algorithm %q", ErrUnsupported, k.Algorithm)
	}
	if len(k.Seed) != a.seedSize {
		return nil, nil, fmt.Errorf("%w: %s private key without its %d-byte seed (only the seed form is written)", ErrInvalidKey, a.name, a.seedSize)
	}
	var b cryptobyte.Builder
	b.AddASN1(casn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(k.Seed) })
	inner, err = b.Bytes()
	return a.oid, inner, err
}

func marshalPQPublicKey(k *PQPublicKey) (oid, data []byte, err error) {
	a := pqByName(k.Algorithm)
	if a == nil {
		return nil, nil, fmt.Errorf("%w: algorithm %q", ErrUnsupported, k.Algorithm)
	}
	if len(k.Key) != a.pubSize {
		return nil, nil, fmt.Errorf("%w: %s public key is %d bytes, want %d", ErrInvalidKey, a.name, len(k.Key), a.pubSize)
	}
	return a.oid, k.Key, nil
}
