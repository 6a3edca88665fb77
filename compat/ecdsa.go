package compat

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"io"
	"math/big"
	"sync"

	"github.com/forkcrypto/forkcrypto/shim"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// nistCurve is one of the NIST P-curves as the standard library and the
// contract name it.
type nistCurve struct {
	kind  int
	ec    elliptic.Curve
	ecdh  ecdh.Curve // nil for P-224, which crypto/ecdh lacks
	size  int        // bytes in a coordinate or scalar
	order []byte     // the group order n, size bytes
}

var nistCurves = []*nistCurve{
	newNISTCurve(shim.P224, elliptic.P224(), nil),
	newNISTCurve(shim.P256, elliptic.P256(), ecdh.P256()),
	newNISTCurve(shim.P384, elliptic.P384(), ecdh.P384()),
	newNISTCurve(shim.P521, elliptic.P521(), ecdh.P521()),
}

func newNISTCurve(kind int, c elliptic.Curve, e ecdh.Curve) *nistCurve {
	size := (c.Params().BitSize + 7) / 8
	return &nistCurve{kind: kind, ec: c, ecdh: e, size: size, order: c.Params().N.FillBytes(make([]byte, size))}
}

func (c *nistCurve) name() string { return c.ec.Params().Name }

func curveOf(op string, c elliptic.Curve) (*nistCurve, error) {
	if c != nil {
		for _, nc := range nistCurves {
			if nc.ec == c || nc.ec.Params().Name == c.Params().Name {
				return nc, nil
			}
		}
	}
	return nil, newError(op, ErrUnsupported, "only the NIST curves P-224, P-256, P-384 and P-521")
}

// maxSignatureSize is the largest DER ECDSA signature on c: a SEQUENCE of
// two INTEGERs of up to size+1 bytes, each with a 2- or 3-byte header.
func (c *nistCurve) maxSignatureSize() int { return 3 + 2*(3+c.size+1) }

// ECDSAPublicKey is an ECDSA public key held by the fork.
type ECDSAPublicKey struct {
	key   *pkey
	curve *nistCurve
	point []byte // uncompressed SEC 1 encoding
}

// ECDSAPrivateKey is an ECDSA private key held by the fork. It implements
// crypto.Signer.
type ECDSAPrivateKey struct {
	key   *pkey
	curve *nistCurve
	// The public half is read from the fork on first use: turning the derived point into
	// bytes costs a field inversion (17 of 69 µs of a P-256 PKCS #8 load on BoringSSL), which a key
	// that only signs never needs.
	pubOnce sync.Once
	pub     *ECDSAPublicKey
}

// GenerateKeyECDSA generates a key on c (P-224, P-256, P-384 or P-521) with
// the fork's random generator.
func GenerateKeyECDSA(c elliptic.Curve) (*ECDSAPrivateKey, error) {
	const op = "ECDSA generate"
	curve, err := curveOf(op, c)
	if err != nil {
		return nil, err
	}
	k, err := generateKey(op, curve.kind, 0)
	if err != nil {
		return nil, err
	}
	return &ECDSAPrivateKey{key: k, curve: curve}, nil
}

// publicKey returns the public half, read from the fork once. The fork derived or checked
// the point at import, so reading it back cannot fail for a reason of the key's.
func (k *ECDSAPrivateKey) publicKey() *ECDSAPublicKey {
	k.pubOnce.Do(func() {
		point, err := k.key.part("ECDSA public key", shim.PartPub)
		if err != nil {
			panic("forkcrypto: the fork lost an imported key's public point: " + err.Error())
		}
		k.pub = &ECDSAPublicKey{key: k.key, curve: k.curve, point: point}
	})
	return k.pub
}

// NewECDSAPrivateKey imports a standard library key. The fork derives the
// public point from the scalar and rejects a key whose point differs.
func NewECDSAPrivateKey(priv *ecdsa.PrivateKey) (*ECDSAPrivateKey, error) {
	const op = "ECDSA private key"
	if priv == nil {
		return nil, newError(op, ErrInvalidKey, "nil key")
	}
	curve, err := curveOf(op, priv.Curve)
	if err != nil {
		return nil, err
	}
	d, err := priv.Bytes()
	if err != nil {
		return nil, newError(op, ErrInvalidKey, err.Error())
	}
	point, err := priv.PublicKey.Bytes()
	if err != nil {
		return nil, newError(op, ErrInvalidKey, err.Error())
	}
	return newECDSAPrivate(op, curve, d, point)
}

// newECDSAPrivate imports scalar d with its public point, or with the point
// derived by the fork when point is nil.
func newECDSAPrivate(op string, curve *nistCurve, d, point []byte) (*ECDSAPrivateKey, error) {
	if len(d) != curve.size {
		return nil, newError(op, ErrInvalidKey, "scalar of the wrong size")
	}
	k, err := importKey(op, curve.kind, &shim.Parts{shim.PartPriv: d, shim.PartPub: point})
	if err != nil {
		return nil, err
	}
	priv := &ECDSAPrivateKey{key: k, curve: curve}
	if point != nil { // the fork checked it against the scalar: no need to read it back
		priv.pubOnce.Do(func() { priv.pub = &ECDSAPublicKey{key: k, curve: curve, point: point} })
	}
	return priv, nil
}

// NewECDSAPublicKey imports a standard library key. The fork checks that
// the point is on the curve.
func NewECDSAPublicKey(pub *ecdsa.PublicKey) (*ECDSAPublicKey, error) {
	const op = "ECDSA public key"
	if pub == nil {
		return nil, newError(op, ErrInvalidKey, "nil key")
	}
	curve, err := curveOf(op, pub.Curve)
	if err != nil {
		return nil, err
	}
	point, err := pub.Bytes()
	if err != nil {
		return nil, newError(op, ErrInvalidKey, err.Error())
	}
	return newECDSAPublic(op, curve, point)
}

func newECDSAPublic(op string, curve *nistCurve, point []byte) (*ECDSAPublicKey, error) {
	if len(point) != 1+2*curve.size || point[0] != 4 {
		return nil, newError(op, ErrInvalidKey, "not an uncompressed point on "+curve.name())
	}
	k, err := importKey(op, curve.kind, &shim.Parts{shim.PartPub: point})
	if err != nil {
		return nil, err
	}
	return &ECDSAPublicKey{key: k, curve: curve, point: point}, nil
}

// Curve returns the key's curve.
func (pub *ECDSAPublicKey) Curve() elliptic.Curve { return pub.curve.ec }

// Bytes returns the uncompressed point, as ecdsa.PublicKey.Bytes does.
func (pub *ECDSAPublicKey) Bytes() []byte { return append([]byte(nil), pub.point...) }

// ECDSA returns the key as the standard library's type.
func (pub *ECDSAPublicKey) ECDSA() *ecdsa.PublicKey {
	size := pub.curve.size
	return &ecdsa.PublicKey{Curve: pub.curve.ec,
		X: new(big.Int).SetBytes(pub.point[1 : 1+size]), Y: new(big.Int).SetBytes(pub.point[1+size:])}
}

// Equal reports whether pub and x are the same key; x may also be an
// *ecdsa.PublicKey.
func (pub *ECDSAPublicKey) Equal(x crypto.PublicKey) bool {
	switch x := x.(type) {
	case *ECDSAPublicKey:
		return pub.curve == x.curve && string(pub.point) == string(x.point)
	case *ecdsa.PublicKey:
		return pub.ECDSA().Equal(x)
	}
	return false
}

// PublicKey returns the public half of k.
func (k *ECDSAPrivateKey) PublicKey() *ECDSAPublicKey { return k.publicKey() }

// Public returns the public key as *ecdsa.PublicKey, as crypto.Signer
// requires (and crypto/x509 and crypto/tls expect).
func (k *ECDSAPrivateKey) Public() crypto.PublicKey { return k.publicKey().ECDSA() }

// Sign signs digest, a hash computed by the caller, and returns an ASN.1 DER
// signature, like ecdsa.PrivateKey.Sign. A digest longer than the curve's
// order is truncated, as the standard says. The fork's own random
// generator supplies the nonce, so rand is ignored: that is where a FIPS
// module requires randomness to come from.
func (k *ECDSAPrivateKey) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if err := fipsCheck("ECDSA sign", opts == nil || opts.HashFunc() != crypto.SHA1, fipsSHA1Signature); err != nil {
		return nil, err
	}
	return k.key.sign("ECDSA sign", 0, shim.PadNone, 0, digest, k.curve.maxSignatureSize())
}

// ECDSA exports the key as the standard library's type.
func (k *ECDSAPrivateKey) ECDSA() (*ecdsa.PrivateKey, error) {
	d, err := k.key.part("ECDSA export", shim.PartPriv)
	if err != nil {
		return nil, err
	}
	defer clear(d)
	return &ecdsa.PrivateKey{PublicKey: *k.publicKey().ECDSA(), D: new(big.Int).SetBytes(d)}, nil
}

// VerifyECDSA reports whether sig, an ASN.1 DER signature, is a valid
// signature of digest by pub. Only strict DER with r and s in [1, n-1] is
// considered, on every fork: the encoding is checked here before the fork
// sees it.
func VerifyECDSA(pub *ECDSAPublicKey, digest, sig []byte) bool {
	if pub == nil || !pub.curve.strictSignature(sig) {
		return false
	}
	return pub.key.verify("ECDSA verify", 0, shim.PadNone, 0, digest, sig) == nil
}

// strictSignature reports whether sig is SEQUENCE { INTEGER r, INTEGER s }
// in minimal DER, with nothing after it and r, s in [1, n-1].
func (c *nistCurve) strictSignature(sig []byte) bool {
	var inner cryptobyte.String
	var r, s []byte
	in := cryptobyte.String(sig)
	if !in.ReadASN1(&inner, asn1.SEQUENCE) || !in.Empty() ||
		!inner.ReadASN1Integer(&r) || !inner.ReadASN1Integer(&s) || !inner.Empty() {
		return false
	}
	return c.inScalarRange(r) && c.inScalarRange(s)
}

// inScalarRange reports whether x, big-endian without leading zeros, is in [1, n-1].
func (c *nistCurve) inScalarRange(x []byte) bool {
	if len(x) == 0 || (len(x) == 1 && x[0] == 0) || len(x) > c.size {
		return false
	}
	if len(x) < c.size {
		return true
	}
	return string(x) < string(c.order)
}
