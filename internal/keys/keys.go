// Package keys parses and serialises public and private keys in the DER
// encodings of crypto/x509 (PKIX SubjectPublicKeyInfo, PKCS #8, PKCS #1 and
// SEC 1), in memory-safe Go, without any C parser.
//
// Keys are returned as raw components, ready to be imported into a
// cryptographic library. For a key crypto/x509 also handles, the encodings
// produced here are byte-for-byte those of crypto/x509, and an input that
// crypto/x509 rejects is rejected here, with these exceptions:
//
//   - Curve membership is not checked. ParsePKIXPublicKey checks the length
//     and form of an uncompressed point and that both coordinates are below
//     the field prime, but not that the point satisfies the curve equation;
//     the library the point is imported into must check that before use.
//     crypto/x509 rejects such points.
//   - Multi-prime RSA private keys (PKCS #1 version 1 with additional
//     primes) are rejected with ErrUnsupported; crypto/x509 accepts them.
//   - RSA private keys that crypto/x509 rejects in crypto/rsa's validation
//     (inconsistent primes, exponents or CRT values, an exponent crypto/rsa
//     refuses) are accepted; see below.
//
// The public point stored in an EC private key is returned as encoded
// (ECPrivateKey.Point) and is not compared with the scalar; crypto/x509
// ignores it too. The importer should derive the point from D.
//
// RSA private keys are parsed structurally only. crypto/x509 also rejects
// keys whose primes, exponents and CRT values are inconsistent; here such a
// key is accepted and the importer must reject it, and must compute CRT
// values the encoding lacks. Limits on key size and exponent that apply when
// a key is used, not when it is parsed, are left to the user of the key.
//
// Nothing here computes with a key: no point is derived, no RSA value is
// computed or checked arithmetically. The marshallers therefore need an EC
// private key's public point and all of an RSA private key's CRT values
// (ErrInvalidKey otherwise), which the library holding the key provides.
//
// What this package checks, and what is left to the library a key is
// imported into:
//
//   - here: DER structure with crypto/x509's exact tolerances (see der.go),
//     algorithm identifiers and their parameters (RSA's NULL in a
//     SubjectPublicKeyInfo, no parameters for Ed25519 and X25519, a known
//     named curve for EC), versions, key lengths, the form and range of EC
//     points, EC scalars in [1, n-1] and positive RSA integers;
//   - the importer: that an EC point is on its curve, the public point of an
//     EC private key (derive it from D), the consistency of an RSA private
//     key and its missing CRT values, and the RSA modulus size and exponent
//     limits it enforces when a key is used.
//
// Returned keys never alias the input.
package keys

import (
	"crypto/elliptic"
	"errors"
)

var (
	// ErrMalformed is returned for input that is not a valid encoding.
	ErrMalformed = errors.New("keys: malformed key encoding")
	// ErrInvalidKey is returned for a well-formed encoding of an unusable key.
	ErrInvalidKey = errors.New("keys: invalid key")
	// ErrUnsupported is returned for algorithms, curves and key kinds this
	// package does not handle.
	ErrUnsupported = errors.New("keys: unsupported key")
)

// ECPublicKey is a public key on a NIST P-curve.
type ECPublicKey struct {
	Curve string // "P-224", "P-256", "P-384" or "P-521"
	Point []byte // uncompressed SEC 1 encoding: 0x04 || X || Y
}

// ECPrivateKey is a private key on a NIST P-curve.
type ECPrivateKey struct {
	Curve string
	D     []byte // big-endian scalar, exactly the curve's byte size
	// Point is the uncompressed public point as stored in the encoding, or
	// nil when the encoding has none. It is not checked against D.
	Point []byte
}

// Ed25519PublicKey is an Ed25519 public key (RFC 8032).
type Ed25519PublicKey [32]byte

// Ed25519PrivateKey is the 32-byte seed of an Ed25519 private key.
type Ed25519PrivateKey [32]byte

// X25519PublicKey is an X25519 public key (RFC 7748).
type X25519PublicKey [32]byte

// X25519PrivateKey is an X25519 private scalar, as encoded (unclamped).
type X25519PrivateKey [32]byte

// RSAPublicKey is an RSA public key.
//
// Integers in the RSA types are unsigned big-endian byte strings without
// leading zeros (leading zeros are accepted on input). That is the form
// C libraries import numbers from (BN_bin2bn, OSSL_PARAM), and it keeps
// parsing of public keys free of math/big allocations.
type RSAPublicKey struct {
	N []byte // modulus
	E []byte // public exponent
}

// RSAPrivateKey is a two-prime RSA private key with its CRT values.
// See RSAPublicKey for the integer format.
type RSAPrivateKey struct {
	N, E, D, P, Q []byte
	// Dp = D mod (P-1), Dq = D mod, Qinv = Q⁻¹ mod P, unchecked.
	// The parsers leave all three nil when the encoding lacks any of them;
	// the marshallers require them.
	Dp, Dq, Qinv []byte
}

// Public returns the public half of k.
func (k *RSAPrivateKey) Public() *RSAPublicKey { return &RSAPublicKey{N: k.N, E: k.E} }

// curve describes a named curve.
type curve struct {
	name string
	ec   elliptic.Curve
	oid  []byte // DER encoding of the namedCurve OBJECT IDENTIFIER
	size int    // byte length of field elements and scalars
	p, n []byte // field prime and group order, size bytes each
}

var curves = []*curve{
	newCurve(elliptic.P224(), []byte{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x21}),
	newCurve(elliptic.P256(), []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}),
	newCurve(elliptic.P384(), []byte{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22}),
	newCurve(elliptic.P521(), []byte{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23}),
}

func newCurve(c elliptic.Curve, oid []byte) *curve {
	p := c.Params()
	size := (p.BitSize + 7) / 8
	return &curve{name: p.Name, ec: c, oid: oid, size: size,
		p: p.P.FillBytes(make([]byte, size)), n: p.N.FillBytes(make([]byte, size))}
}

func curveByOID(full []byte) *curve {
	for _, c := range curves {
		if string(c.oid) == string(full) {
			return c
		}
	}
	return nil
}

func curveByOIDContents(c []byte) *curve {
	for _, cv := range curves {
		if string(cv.oid[2:]) == string(c) {
			return cv
		}
	}
	return nil
}

func curveByName(name string) *curve {
	for _, c := range curves {
		if c.name == name {
			return c
		}
	}
	return nil
}

// less reports whether a < b for big-endian numbers of equal length.
func less(a, b []byte) bool { return string(a) < string(b) }

// checkPoint checks the form of an uncompressed point on c and that its
// coordinates are reduced. It does not check that the point is on the curve.
func (c *curve) checkPoint(pt []byte) bool {
	return len(pt) == 1+2*c.size && pt[0] == 4 &&
		less(pt[1:1+c.size], c.p) && less(pt[1+c.size:], c.p)
}

// checkScalar reports whether d, of the curve's size, is in [1, n-1].
func (c *curve) checkScalar(d []byte) bool {
	zero := true
	for _, b := range d {
		if b != 0 {
			zero = false
		}
	}
	return len(d) == c.size && !zero && less(d, c.n)
}

// Algorithm identifiers: DER encodings of the OBJECT IDENTIFIERs.
var (
	oidRSA     = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}
	oidEC      = []byte{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}
	oidEd25519 = []byte{0x06, 0x03, 0x2b, 0x65, 0x70}
	oidX25519  = []byte{0x06, 0x03, 0x2b, 0x65, 0x6e}
	derNull    = []byte{0x05, 0x00}
)

// algorithmIdentifier splits an AlgorithmIdentifier SEQUENCE, given as its
// contents, into the full encodings of its OID and its optional parameters.
func algorithmIdentifier(c []byte) (oid, params []byte, ok bool) {
	f := fields{b: c}
	start := f.off
	if _, ok := f.field(tagOID, false); !ok {
		return nil, nil, false
	}
	oid = c[start:f.off]
	if !validOID(oid) {
		return nil, nil, false
	}
	params, ok = f.any()
	return oid, params, ok
}
