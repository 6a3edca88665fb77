package keys

import (
	"bytes"
	"fmt"
	"math"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// ParsePKIXPublicKey parses a DER SubjectPublicKeyInfo ("PUBLIC KEY" PEM
// block). It returns *ECPublicKey, *Ed25519PublicKey, *X25519PublicKey,
// *RSAPublicKey or *PQPublicKey. EC points are not checked to be on the
// curve.
func ParsePKIXPublicKey(der []byte) (any, error) {
	spki, rest, ok := sequence(der)
	if !ok || len(rest) != 0 {
		return nil, ErrMalformed
	}
	f := fields{b: spki}
	algo, ok := f.field(tagSequence, true)
	if !ok {
		return nil, ErrMalformed
	}
	bits, ok := f.field(tagBitString, false)
	if !ok {
		return nil, ErrMalformed
	}
	oid, params, ok := algorithmIdentifier(algo)
	if !ok {
		return nil, ErrMalformed
	}
	data, _, ok := bitString(bits)
	if !ok {
		return nil, ErrMalformed
	}
	switch string(oid) {
	case string(oidRSA):
		if string(params) != string(derNull) {
			return nil, fmt.Errorf("%w: RSA key without NULL parameters", ErrMalformed)
		}
		return parseRSAPublicKey(data)
	case string(oidEC):
		c := curveByOID(params)
		if c == nil {
			return nil, fmt.Errorf("%w: EC key with unknown or missing named curve", ErrUnsupported)
		}
		if !c.checkPoint(data) {
			return nil, fmt.Errorf("%w: bad %s point", ErrInvalidKey, c.name)
		}
		return &ECPublicKey{Curve: c.name, Point: bytes.Clone(data)}, nil
	case string(oidEd25519), string(oidX25519):
		if len(params) != 0 {
			return nil, fmt.Errorf("%w: parameters present", ErrMalformed)
		}
		if len(data) != 32 {
			return nil, fmt.Errorf("%w: public key is not 32 bytes", ErrInvalidKey)
		}
		if string(oid) == string(oidEd25519) {
			return (*Ed25519PublicKey)(bytes.Clone(data)), nil
		}
		return (*X25519PublicKey)(bytes.Clone(data)), nil
	}
	if a, err := pqByOID(oid); a != nil || err != nil {
		if err != nil {
			return nil, err
		}
		return parsePQPublicKey(a, params, data)
	}
	return nil, fmt.Errorf("%w: unknown public key algorithm", ErrUnsupported)
}

// parseRSAPublicKey reads the RSAPublicKey inside a SubjectPublicKeyInfo,
// where crypto/x509 ignores anything after the two integers and accepts any
// positive exponent that fits in 63 bits.
func parseRSAPublicKey(data []byte) (*RSAPublicKey, error) {
	s := cryptobyte.String(data)
	var n, e cryptobyte.String
	if !s.ReadASN1(&s, asn1.SEQUENCE) || !s.ReadASN1(&n, asn1.INTEGER) || !s.ReadASN1(&e, asn1.INTEGER) {
		return nil, ErrMalformed
	}
	if _, ok := int64Value(e); !ok {
		return nil, ErrMalformed
	}
	if !validInteger(n) {
		return nil, ErrMalformed
	}
	pn, ok1 := positive(n)
	pe, ok2 := positive(e)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%w: RSA modulus or exponent not positive", ErrInvalidKey)
	}
	return &RSAPublicKey{N: bytes.Clone(pn), E: bytes.Clone(pe)}, nil
}

// MarshalPKIXPublicKey encodes a public key as a DER SubjectPublicKeyInfo.
// key is *ECPublicKey, *Ed25519PublicKey, *X25519PublicKey, *RSAPublicKey or
// *PQPublicKey.
func MarshalPKIXPublicKey(key any) ([]byte, error) {
	var oid, params, data []byte
	switch k := key.(type) {
	case *PQPublicKey:
		var err error
		if oid, data, err = marshalPQPublicKey(k); err != nil {
			return nil, err
		}
	case *RSAPublicKey:
		oid, params, data = oidRSA, derNull, MarshalPKCS1PublicKey(k)
	case *ECPublicKey:
		c := curveByName(k.Curve)
		if c == nil {
			return nil, fmt.Errorf("%w: curve %q", ErrUnsupported, k.Curve)
		}
		if len(k.Point) != 1+2*c.size || k.Point[0] != 4 {
			return nil, fmt.Errorf("%w: bad %s point", ErrInvalidKey, c.name)
		}
		oid, params, data = oidEC, c.oid, k.Point
	case *Ed25519PublicKey:
		oid, data = oidEd25519, k[:]
	case *X25519PublicKey:
		oid, data = oidX25519, k[:]
	default:
		return nil, fmt.Errorf("%w: public key type %T", ErrUnsupported, key)
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(oid)
			b.AddBytes(params)
		})
		addBitString(b, data)
	})
	return b.Bytes()
}

// ParsePKCS1PublicKey parses a DER PKCS #1 RSAPublicKey ("RSA PUBLIC KEY"
// PEM block). As in crypto/x509 the exponent must fit in 31 bits.
func ParsePKCS1PublicKey(der []byte) (*RSAPublicKey, error) {
	c, rest, ok := sequence(der)
	if !ok || len(rest) != 0 {
		return nil, ErrMalformed
	}
	f := fields{b: c}
	n, ok1 := f.field(tagInteger, false)
	e, ok2 := f.field(tagInteger, false)
	if !ok1 || !ok2 || !validInteger(n) {
		return nil, ErrMalformed
	}
	ev, ok := int64Value(e)
	if !ok {
		return nil, ErrMalformed
	}
	pn, ok := positive(n)
	if !ok || ev <= 0 || ev > math.MaxInt32 {
		return nil, fmt.Errorf("%w: RSA modulus or exponent out of range", ErrInvalidKey)
	}
	pe, _ := positive(e)
	return &RSAPublicKey{N: bytes.Clone(pn), E: bytes.Clone(pe)}, nil
}

// MarshalPKCS1PublicKey encodes k as a DER PKCS #1 RSAPublicKey.
func MarshalPKCS1PublicKey(k *RSAPublicKey) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		addUnsigned(b, k.N)
		addUnsigned(b, k.E)
	})
	return b.BytesOrPanic()
}
