package keys

import (
	"bytes"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// ParsePKCS8PrivateKey parses a DER PKCS #8 PrivateKeyInfo ("PRIVATE KEY"
// PEM block). It returns *ECPrivateKey, *Ed25519PrivateKey,
// *X25519PrivateKey, *RSAPrivateKey or *PQPrivateKey.
//
// Like crypto/x509 it ignores the version, anything after the private key
// and data after the structure, and the parameters of an RSA key.
func ParsePKCS8PrivateKey(der []byte) (any, error) {
	c, _, ok := sequence(der)
	if !ok {
		return nil, ErrMalformed
	}
	f := fields{b: c}
	version, ok := f.field(tagInteger, false)
	if !ok {
		return nil, ErrMalformed
	}
	if _, ok := int64Value(version); !ok {
		return nil, ErrMalformed
	}
	algo, ok1 := f.field(tagSequence, true)
	inner, ok2 := f.field(tagOctet, false)
	if !ok1 || !ok2 {
		return nil, ErrMalformed
	}
	oid, params, ok := algorithmIdentifier(algo)
	if !ok {
		return nil, ErrMalformed
	}
	switch string(oid) {
	case string(oidRSA):
		return ParsePKCS1PrivateKey(inner)
	case string(oidEC):
		var c *curve
		if validOID(params) {
			if c = curveByOID(params); c == nil {
				return nil, fmt.Errorf("%w: unknown named curve", ErrUnsupported)
			}
		}
		return parseECPrivateKey(c, inner)
	case string(oidEd25519), string(oidX25519):
		if len(params) != 0 {
			return nil, fmt.Errorf("%w: parameters present", ErrMalformed)
		}
		f := fields{b: inner}
		k, ok := f.field(tagOctet, false)
		if !ok {
			return nil, ErrMalformed
		}
		if len(k) != 32 {
			return nil, fmt.Errorf("%w: private key is not 32 bytes", ErrInvalidKey)
		}
		if string(oid) == string(oidEd25519) {
			return (*Ed25519PrivateKey)(bytes.Clone(k)), nil
		}
		return (*X25519PrivateKey)(bytes.Clone(k)), nil
	}
	if a, err := pqByOID(oid); a != nil || err != nil {
		if err != nil {
			return nil, err
		}
		return parsePQPrivateKey(a, params, inner)
	}
	return nil, fmt.Errorf("%w: unknown private key algorithm", ErrUnsupported)
}

// MarshalPKCS8PrivateKey encodes a private key as a DER PKCS #8
// PrivateKeyInfo. key is *ECPrivateKey, *Ed25519PrivateKey,
// *X25519PrivateKey, *RSAPrivateKey or *PQPrivateKey. An EC key needs its
// public point, an RSA key all its CRT values and a post-quantum key its
// seed; none is checked against the private key.
func MarshalPKCS8PrivateKey(key any) ([]byte, error) {
	var oid, params, inner []byte
	switch k := key.(type) {
	case *RSAPrivateKey:
		pkcs1, err := MarshalPKCS1PrivateKey(k)
		if err != nil {
			return nil, err
		}
		oid, params, inner = oidRSA, derNull, pkcs1
	case *ECPrivateKey:
		c := curveByName(k.Curve)
		if c == nil {
			return nil, fmt.Errorf("%w: curve %q", ErrUnsupported, k.Curve)
		}
		var err error
		if inner, err = marshalECPrivateKey(c, k, false); err != nil {
			return nil, err
		}
		oid, params = oidEC, c.oid
	case *Ed25519PrivateKey:
		oid, inner = oidEd25519, octets(k[:])
	case *X25519PrivateKey:
		oid, inner = oidX25519, octets(k[:])
	case *PQPrivateKey:
		var err error
		if oid, inner, err = marshalPQPrivateKey(k); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: private key type %T", ErrUnsupported, key)
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(oid)
			b.AddBytes(params)
		})
		addOctets(b, inner)
	})
	return b.Bytes()
}

func octets(data []byte) []byte {
	var b cryptobyte.Builder
	addOctets(&b, data)
	return b.BytesOrPanic()
}

// ParseECPrivateKey parses a DER SEC 1 ECPrivateKey ("EC PRIVATE KEY" PEM
// block), which must name its curve. The scalar must be in [1, n-1].
func ParseECPrivateKey(der []byte) (*ECPrivateKey, error) {
	return parseECPrivateKey(nil, der)
}

// parseECPrivateKey parses an ECPrivateKey; c, when not nil, is the curve
// named outside it and overrides the one inside.
func parseECPrivateKey(c *curve, der []byte) (*ECPrivateKey, error) {
	body, _, ok := sequence(der)
	if !ok {
		return nil, ErrMalformed
	}
	f := fields{b: body}
	version, ok1 := f.field(tagInteger, false)
	d, ok2 := f.field(tagOctet, false)
	if !ok1 || !ok2 {
		return nil, ErrMalformed
	}
	v, ok := int64Value(version)
	if !ok {
		return nil, ErrMalformed
	}
	named, hasCurve, ok := f.explicit(0, tagOID, false)
	if !ok || hasCurve && !validOIDContents(named) {
		return nil, ErrMalformed
	}
	pub, hasPub, ok := f.explicit(1, tagBitString, false)
	if !ok {
		return nil, ErrMalformed
	}
	var point []byte
	if hasPub {
		if _, point, ok = bitString(pub); !ok {
			return nil, ErrMalformed
		}
	}
	if v != 1 {
		return nil, fmt.Errorf("%w: EC private key version %d", ErrUnsupported, v)
	}
	if c == nil {
		if c = curveByOIDContents(named); !hasCurve || c == nil {
			return nil, fmt.Errorf("%w: unknown or missing named curve", ErrUnsupported)
		}
	}
	for len(d) > c.size {
		if d[0] != 0 {
			return nil, fmt.Errorf("%w: private scalar too long", ErrInvalidKey)
		}
		d = d[1:]
	}
	scalar := make([]byte, c.size)
	copy(scalar[c.size-len(d):], d)
	if !c.checkScalar(scalar) {
		return nil, fmt.Errorf("%w: private scalar out of range", ErrInvalidKey)
	}
	k := &ECPrivateKey{Curve: c.name, D: scalar}
	if hasPub {
		k.Point = bytes.Clone(point)
	}
	return k, nil
}

func validOIDContents(c []byte) bool {
	if len(c) == 0 {
		return false
	}
	s := cryptobyte.String(c)
	for !s.Empty() {
		if _, ok := base128(&s); !ok {
			return false
		}
	}
	return true
}

// MarshalECPrivateKey encodes k as a DER SEC 1 ECPrivateKey naming its
// curve. k.Point is required: crypto/x509 always writes the public point,
// and deriving it from D is arithmetic for the library that holds the key.
// Its form is checked, not its relation to D.
func MarshalECPrivateKey(k *ECPrivateKey) ([]byte, error) {
	c := curveByName(k.Curve)
	if c == nil {
		return nil, fmt.Errorf("%w: curve %q", ErrUnsupported, k.Curve)
	}
	return marshalECPrivateKey(c, k, true)
}

func marshalECPrivateKey(c *curve, k *ECPrivateKey, withCurve bool) ([]byte, error) {
	if !c.checkScalar(k.D) {
		return nil, fmt.Errorf("%w: private scalar out of range", ErrInvalidKey)
	}
	point := k.Point
	if point == nil {
		return nil, fmt.Errorf("%w: EC private key without public point", ErrInvalidKey)
	}
	if !c.checkPoint(point) {
		return nil, fmt.Errorf("%w: invalid EC public point", ErrInvalidKey)
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		addOctets(b, k.D)
		if withCurve {
			b.AddASN1(asn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddBytes(c.oid)
			})
		}
		b.AddASN1(asn1.Tag(1).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			addBitString(b, point)
		})
	})
	return b.Bytes()
}

// ParsePKCS1PrivateKey parses a DER PKCS #1 RSAPrivateKey ("RSA PRIVATE
// KEY" PEM block). Only the structure is checked, as crypto/x509 parses it:
// every integer positive, a public exponent that fits in 63 bits, version 0
// or 1, no additional primes. Whether the primes, exponents and CRT values
// are consistent is not checked; crypto/x509 rejects inconsistent keys, so
// the importer must. Dp, Dq and Qinv are returned as encoded when all three
// are present and are all nil otherwise: crypto/x509 ignores a partial set
// and computes the three values.
func ParsePKCS1PrivateKey(der []byte) (*RSAPrivateKey, error) {
	body, rest, ok := sequence(der)
	if !ok || len(rest) != 0 {
		return nil, ErrMalformed
	}
	f := fields{b: body}
	var ints [9][]byte
	const required = 6 // version, n, e, d, p and q; dp, dq and qinv may be absent
	for i := range ints {
		var present bool
		if i < required {
			ints[i], present = f.field(tagInteger, false)
			ok = present
		} else {
			ints[i], present, ok = f.optional(tagInteger, false)
		}
		if !ok {
			return nil, ErrMalformed
		}
		if present && !validInteger(ints[i]) {
			return nil, ErrMalformed
		}
	}
	others, hasOthers, ok := f.optional(tagSequence, true)
	if !ok {
		return nil, ErrMalformed
	}
	version, ok1 := int64Value(ints[0])
	_, ok2 := int64Value(ints[2])
	if !ok1 || !ok2 {
		return nil, ErrMalformed
	}
	if hasOthers && len(others) > 0 {
		return nil, fmt.Errorf("%w: multi-prime RSA key", ErrUnsupported)
	}
	if version > 1 {
		return nil, fmt.Errorf("%w: RSA private key version %d", ErrUnsupported, version)
	}
	k := &RSAPrivateKey{}
	out := []*[]byte{nil, &k.N, &k.E, &k.D, &k.P, &k.Q, &k.Dp, &k.Dq, &k.Qinv}
	for i, p := range out {
		if p == nil || ints[i] == nil {
			continue
		}
		v, ok := positive(ints[i])
		if !ok {
			return nil, fmt.Errorf("%w: RSA private key has a zero or negative value", ErrInvalidKey)
		}
		*p = bytes.Clone(v)
	}
	if k.Dp == nil || k.Dq == nil || k.Qinv == nil {
		k.Dp, k.Dq, k.Qinv = nil, nil, nil
	}
	return k, nil
}

// MarshalPKCS1PrivateKey encodes k as a DER PKCS #1 RSAPrivateKey. Like
// crypto/x509 it does not check that k is consistent. Every component,
// including the CRT values, is required: computing missing ones is
// arithmetic for the library that holds the key.
func MarshalPKCS1PrivateKey(k *RSAPrivateKey) ([]byte, error) {
	ints := [][]byte{k.N, k.E, k.D, k.P, k.Q, k.Dp, k.Dq, k.Qinv}
	for _, x := range ints {
		if !nonZero(x) {
			return nil, fmt.Errorf("%w: missing or zero RSA component", ErrInvalidKey)
		}
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		for _, x := range ints {
			addUnsigned(b, x)
		}
	})
	return b.Bytes()
}

// nonZero reports whether the big-endian number x is not zero.
func nonZero(x []byte) bool {
	for _, b := range x {
		if b != 0 {
			return true
		}
	}
	return false
}
