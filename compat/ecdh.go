package compat

import (
	"crypto"
	"crypto/ecdh"

	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
	"github.com/forkcrypto/forkcrypto/shim"
)

// ecdhCurve describes a crypto/ecdh curve for the contract.
type ecdhCurve struct {
	curve      ecdh.Curve
	name       string
	kind       int
	secretSize int
	pubSize    int
}

// ecdhCurves are the curves ECDH runs on, made once so that looking one up
// allocates nothing.
var ecdhCurves = func() []*ecdhCurve {
	cs := []*ecdhCurve{{curve: ecdh.X25519(), name: "X25519", kind: shim.X25519, secretSize: 32, pubSize: 32}}
	for _, nc := range nistCurves {
		if nc.ecdh != nil {
			cs = append(cs, &ecdhCurve{curve: nc.ecdh, name: nc.name(), kind: nc.kind, secretSize: nc.size, pubSize: 1 + 2*nc.size})
		}
	}
	return cs
}()

func ecdhCurveOf(op string, c ecdh.Curve) (*ecdhCurve, error) {
	for _, ec := range ecdhCurves {
		if ec.curve == c {
			return ec, nil
		}
	}
	return nil, newError(op, ErrUnsupported, "only X25519, P-256, P-384 and P-521")
}

// ECDHPublicKey is a public key for ECDH on a NIST curve or X25519. NIST
// points were checked to be on the curve by the fork.
type ECDHPublicKey struct {
	curve *ecdhCurve
	pub   []byte
}

// ECDHPrivateKey is a private key for ECDH on a NIST curve or X25519, held
// by the fork. It implements ecdh.KeyExchanger, so it serves where the
// standard library takes one, such as a DHKEM key in crypto/hpke.
type ECDHPrivateKey struct {
	key   *pkey
	curve *ecdhCurve
	pub   *ecdh.PublicKey
}

// GenerateKeyECDH generates a key on c (ecdh.X25519, P256, P384 or P521)
// with the fork's random generator.
func GenerateKeyECDH(c ecdh.Curve) (*ECDHPrivateKey, error) {
	const op = "ECDH generate"
	curve, err := ecdhCurveOf(op, c)
	if err != nil {
		return nil, err
	}
	k, err := generateKey(op, curve.kind, 0)
	if err != nil {
		return nil, err
	}
	return newECDHFromKey(op, curve, k)
}

func newECDHFromKey(op string, curve *ecdhCurve, k *pkey) (*ECDHPrivateKey, error) {
	b, err := k.part(op, shim.PartPub)
	if err != nil {
		return nil, err
	}
	pub, err := curve.curve.NewPublicKey(b)
	if err != nil {
		return nil, newError(op, ErrInvalidKey, err.Error())
	}
	return &ECDHPrivateKey{key: k, curve: curve, pub: pub}, nil
}

// NewPrivateKeyECDH imports a private key in the encoding of
// ecdh.Curve.NewPrivateKey: a 32-byte X25519 scalar, or a NIST scalar of the
// curve's size in [1, n-1].
func NewPrivateKeyECDH(c ecdh.Curve, key []byte) (*ECDHPrivateKey, error) {
	const op = "ECDH private key"
	curve, err := ecdhCurveOf(op, c)
	if err != nil {
		return nil, err
	}
	if len(key) != curve.secretSize {
		return nil, newError(op, ErrInvalidKey, "private key of the wrong size")
	}
	k, err := importKey(op, curve.kind, &shim.Parts{shim.PartPriv: key})
	if err != nil {
		return nil, err
	}
	return newECDHFromKey(op, curve, k)
}

// NewPublicKeyECDH imports a public key in the encoding of
// ecdh.Curve.NewPublicKey: 32 bytes for X25519, an uncompressed point for
// the NIST curves, which the fork checks is on the curve.
func NewPublicKeyECDH(c ecdh.Curve, key []byte) (*ECDHPublicKey, error) {
	const op = "ECDH public key"
	curve, err := ecdhCurveOf(op, c)
	if err != nil {
		return nil, err
	}
	if len(key) != curve.pubSize || (curve.kind != shim.X25519 && key[0] != 4) {
		return nil, newError(op, ErrInvalidKey, "public key of the wrong size or form")
	}
	if curve.kind != shim.X25519 {
		// Imported only for the fork's on-curve check; derive takes bytes.
		if _, err := importKey(op, curve.kind, &shim.Parts{shim.PartPub: key}); err != nil {
			return nil, err
		}
	} else if err := checkKind(op, curve.kind); err != nil {
		return nil, err
	}
	return &ECDHPublicKey{curve: curve, pub: append([]byte(nil), key...)}, nil
}

// Curve returns the key's curve.
func (pub *ECDHPublicKey) Curve() ecdh.Curve { return pub.curve.curve }

// Bytes returns the key's encoding.
func (pub *ECDHPublicKey) Bytes() []byte { return append([]byte(nil), pub.pub...) }

// ECDH returns the key as the standard library's type.
func (pub *ECDHPublicKey) ECDH() (*ecdh.PublicKey, error) {
	return pub.curve.curve.NewPublicKey(pub.pub)
}

// Curve returns the key's curve.
func (k *ECDHPrivateKey) Curve() ecdh.Curve { return k.curve.curve }

// PublicKey returns the public half of k as the standard library's type.
func (k *ECDHPrivateKey) PublicKey() *ecdh.PublicKey { return k.pub }

// Public returns the public half of k, like ecdh.PrivateKey.Public.
func (k *ECDHPrivateKey) Public() crypto.PublicKey { return k.pub }

// ECDH performs the key agreement with remote, like ecdh.PrivateKey.ECDH.
// An X25519 result of all zeros (a low-order remote point) is an error
// wrapping ErrInvalidKey.
func (k *ECDHPrivateKey) ECDH(remote *ecdh.PublicKey) ([]byte, error) {
	const op = "ECDH"
	if remote == nil || remote.Curve() != k.curve.curve {
		return nil, newError(op, ErrInvalidKey, "remote key on another curve")
	}
	return k.key.derive(op, remote.Bytes(), k.curve.secretSize)
}

// ephemeralECDH is protocol.EphemeralECDH: GenerateKeyECDH and ECDH with one
// crossing into the fork and no key left for a cleanup to free.
func ephemeralECDH(c ecdh.Curve, peer []byte) (pub, secret []byte, err error) {
	const op = "ECDH ephemeral"
	curve, err := ecdhCurveOf(op, c)
	if err != nil {
		return nil, nil, err
	}
	if err := checkKind(op, curve.kind); err != nil {
		return nil, nil, err
	}
	pub, secret = make([]byte, curve.pubSize), make([]byte, curve.secretSize)
	n, err := shim.PKeyEphemeralDerive(op, curve.kind, peer, pub, secret)
	if err != nil {
		return nil, nil, err
	}
	return pub, secret[:n], nil
}

func init() { protocol.EphemeralECDH = ephemeralECDH }

// ECDHKey exports the key as the standard library's type. (ECDH is the
// key-agreement method ecdh.KeyExchanger requires.)
func (k *ECDHPrivateKey) ECDHKey() (*ecdh.PrivateKey, error) {
	b, err := k.key.part("ECDH export", shim.PartPriv)
	if err != nil {
		return nil, err
	}
	defer clear(b)
	return k.curve.curve.NewPrivateKey(b)
}
