package hpke

import (
	"bytes"
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/subtle"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
)

// dhKEM is RFC 9180's DHKEM (section 4.1) over one curve, with the HKDF
// that RFC 9180 pairs with it. Every ECDH, key generation and HKDF runs in
// the fork.
type dhKEM struct {
	id      uint16
	name    string
	curve   ecdh.Curve
	kdf     *hkdfKDF
	nSecret uint16 // Nsecret
	nSK     int    // Nsk
	nPK     int    // Npk = Nenc
	order   []byte // the group order, big-endian in nSK bytes; nil for X25519
	mask    byte   // DeriveKeyPair's bitmask on the first candidate byte
}

func orderOf(c elliptic.Curve, size int) []byte {
	return c.Params().N.FillBytes(make([]byte, size))
}

var (
	dhkemP256   = &dhKEM{0x0010, "DHKEM(P-256, HKDF-SHA256)", ecdh.P256(), hkdfSHA256, 32, 32, 65, orderOf(elliptic.P256(), 32), 0xff}
	dhkemP384   = &dhKEM{0x0011, "DHKEM(P-384, HKDF-SHA384)", ecdh.P384(), hkdfSHA384, 48, 48, 97, orderOf(elliptic.P384(), 48), 0xff}
	dhkemP521   = &dhKEM{0x0012, "DHKEM(P-521, HKDF-SHA512)", ecdh.P521(), hkdfSHA512, 64, 66, 133, orderOf(elliptic.P521(), 66), 0x01}
	dhkemX25519 = &dhKEM{0x0020, "DHKEM(X25519, HKDF-SHA256)", ecdh.X25519(), hkdfSHA256, 32, 32, 32, nil, 0xff}
)

// testingEphemeral, when set (by the tests), is the ikmE from which a DHKEM
// sender derives its ephemeral key instead of generating one.
var testingEphemeral atomic.Pointer[[]byte]

// DHKEM returns RFC 9180's DHKEM over curve: DHKEM(P-256, HKDF-SHA256),
// DHKEM(P-384, HKDF-SHA384), DHKEM(P-521, HKDF-SHA512) or DHKEM(X25519,
// HKDF-SHA256) for ecdh.P256, P384, P521 and X25519. Its key generation,
// ECDH and HKDF run in the fork. Another curve gives a KEM whose every
// method fails.
func DHKEM(curve ecdh.Curve) KEM {
	if k := dhkemFor(curve); k != nil {
		return k
	}
	return unsupportedCurve{}
}

func dhkemFor(curve ecdh.Curve) *dhKEM {
	switch curve {
	case ecdh.P256():
		return dhkemP256
	case ecdh.P384():
		return dhkemP384
	case ecdh.P521():
		return dhkemP521
	case ecdh.X25519():
		return dhkemX25519
	}
	return nil
}

var errCurve = errors.New("hpke: unsupported curve")

type unsupportedCurve struct{}

func (unsupportedCurve) ID() uint16                               { return 0 }
func (unsupportedCurve) GenerateKey() (PrivateKey, error)         { return nil, errCurve }
func (unsupportedCurve) NewPublicKey([]byte) (PublicKey, error)   { return nil, errCurve }
func (unsupportedCurve) NewPrivateKey([]byte) (PrivateKey, error) { return nil, errCurve }
func (unsupportedCurve) DeriveKeyPair([]byte) (PrivateKey, error) { return nil, errCurve }
func (unsupportedCurve) encSize() int                             { return 0 }

func (k *dhKEM) ID() uint16   { return k.id }
func (k *dhKEM) encSize() int { return k.nPK }

// GenerateKey generates a key pair with the fork's key generation.
func (k *dhKEM) GenerateKey() (PrivateKey, error) {
	sk, err := compat.GenerateKeyECDH(k.curve)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	return k.newPrivate(sk), nil
}

// NewPublicKey imports an encoded public key (an uncompressed point, or 32
// bytes for X25519); the fork checks that a point is on its curve.
func (k *dhKEM) NewPublicKey(b []byte) (PublicKey, error) {
	fk, err := compat.NewPublicKeyECDH(k.curve, b)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s public key: %w", k.name, err)
	}
	pub, err := fk.ECDH()
	if err != nil {
		return nil, fmt.Errorf("hpke: %s public key: %w", k.name, err)
	}
	return &dhkemPublicKey{kem: k, pub: pub}, nil
}

// NewPrivateKey imports a private key (a scalar of Nsk bytes) into the fork.
func (k *dhKEM) NewPrivateKey(b []byte) (PrivateKey, error) {
	sk, err := compat.NewPrivateKeyECDH(k.curve, b)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s private key: %w", k.name, err)
	}
	return k.newPrivate(sk), nil
}

// DeriveKeyPair is RFC 9180's DeriveKeyPair (section 7.1.3): for X25519 the
// key is LabeledExpand(dkp_prk, "sk", "", 32); for the NIST curves the first
// candidate LabeledExpand(dkp_prk, "candidate", counter, Nsk), masked, that
// lies in [1, n-1].
func (k *dhKEM) DeriveKeyPair(ikm []byte) (PrivateKey, error) {
	sid := kemSuiteID(k.id)
	prk, err := k.kdf.labeledExtract(sid, nil, "dkp_prk", ikm)
	if err != nil {
		return nil, err
	}
	defer clear(prk)
	if k.order == nil {
		sk, err := k.kdf.labeledExpand(sid, prk, "sk", nil, uint16(k.nSK))
		if err != nil {
			return nil, err
		}
		defer clear(sk)
		return k.NewPrivateKey(sk)
	}
	for counter := 0; counter < 256; counter++ {
		sk, err := k.kdf.labeledExpand(sid, prk, "candidate", []byte{byte(counter)}, uint16(k.nSK))
		if err != nil {
			return nil, err
		}
		sk[0] &= k.mask
		if inRange(sk, k.order) {
			defer clear(sk)
			return k.NewPrivateKey(sk)
		}
		clear(sk)
	}
	return nil, fmt.Errorf("hpke: %s: DeriveKeyPair found no valid candidate", k.name)
}

// inRange reports whether the big-endian scalar s is in [1, order-1].
func inRange(s, order []byte) bool {
	return !allZero(s) && bytes.Compare(s, order) < 0
}

func allZero(b []byte) bool {
	return subtle.ConstantTimeCompare(b, make([]byte, len(b))) == 1
}

// newPrivate wraps a key the fork holds.
func (k *dhKEM) newPrivate(sk *compat.ECDHPrivateKey) *dhkemPrivateKey {
	return &dhkemPrivateKey{kem: k, priv: sk, pub: &dhkemPublicKey{kem: k, pub: sk.PublicKey()}}
}

// extractAndExpand is DHKEM's ExtractAndExpand (RFC 9180 section 4.1).
func (k *dhKEM) extractAndExpand(dh, kemContext []byte) ([]byte, error) {
	shared, err := k.kdf.labeledExtractAndExpand(kemSuiteID(k.id), nil, "eae_prk", dh, kemContext, [3]expansion{{"shared_secret", k.nSecret}})
	clear(dh)
	return shared, err
}

// ephemeralExchange is the sender's half of Encap: an ephemeral key's
// encoding and its ECDH with pkR. The fork generates the key, agrees and
// frees it in one call; the tests' ikmE instead derives it (DeriveKeyPair).
func (k *dhKEM) ephemeralExchange(pkR *ecdh.PublicKey) (enc, dh []byte, err error) {
	if ikm := testingEphemeral.Load(); ikm != nil {
		sk, err := k.DeriveKeyPair(*ikm)
		if err != nil {
			return nil, nil, err
		}
		skE := sk.(*dhkemPrivateKey)
		if dh, err = k.exchange(skE.priv, pkR); err != nil {
			return nil, nil, err
		}
		return skE.pub.pub.Bytes(), dh, nil
	}
	enc, dh, err = protocol.EphemeralECDH(k.curve, pkR.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("hpke: %s ephemeral key: %w", k.name, err)
	}
	if allZero(dh) {
		return nil, nil, fmt.Errorf("hpke: %s: the shared secret is all zeros: %w", k.name, compat.ErrInvalidKey)
	}
	return enc, dh, nil
}

// parseEnc decodes an encapsulated key: a public key of the KEM's curve.
func (k *dhKEM) parseEnc(enc []byte) (*ecdh.PublicKey, error) {
	if len(enc) != k.nPK {
		return nil, fmt.Errorf("hpke: %s enc is %d bytes, want %d: %w", k.name, len(enc), k.nPK, compat.ErrInvalidKey)
	}
	pub, err := k.curve.NewPublicKey(enc)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s enc is not a point of the curve (%v): %w", k.name, err, compat.ErrInvalidKey)
	}
	return pub, nil
}

// exchange runs priv's ECDH with pub; an all-zero result (X25519 with a
// low-order point) is an error whichever KeyExchanger computed it.
func (k *dhKEM) exchange(priv ecdh.KeyExchanger, pub *ecdh.PublicKey) ([]byte, error) {
	dh, err := priv.ECDH(pub)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	if allZero(dh) {
		return nil, fmt.Errorf("hpke: %s: the shared secret is all zeros: %w", k.name, compat.ErrInvalidKey)
	}
	return dh, nil
}

type dhkemPublicKey struct {
	kem *dhKEM
	pub *ecdh.PublicKey
}

// NewDHKEMPublicKey returns pub as a DHKEM public key, of the DHKEM of pub's
// curve (ecdh.P256, P384, P521 or X25519). Encapsulating to it runs in the
// fork.
func NewDHKEMPublicKey(pub *ecdh.PublicKey) (PublicKey, error) {
	if pub == nil {
		return nil, errors.New("hpke: nil public key")
	}
	k := dhkemFor(pub.Curve())
	if k == nil {
		return nil, errCurve
	}
	return &dhkemPublicKey{kem: k, pub: pub}, nil
}

func (pk *dhkemPublicKey) KEM() KEM      { return pk.kem }
func (pk *dhkemPublicKey) Bytes() []byte { return pk.pub.Bytes() }

// encap is DHKEM's Encap: an ephemeral key from the fork, its ECDH with the
// recipient's key, and ExtractAndExpand over enc || pkRm.
func (pk *dhkemPublicKey) encap() (shared, enc []byte, err error) {
	enc, dh, err := pk.kem.ephemeralExchange(pk.pub)
	if err != nil {
		return nil, nil, err
	}
	kemContext := append(enc[:len(enc):len(enc)], pk.pub.Bytes()...)
	shared, err = pk.kem.extractAndExpand(dh, kemContext)
	if err != nil {
		return nil, nil, err
	}
	return shared, enc, nil
}

// authEncap is DHKEM's AuthEncap: the ECDH of the ephemeral key and of the
// sender's key skS with the recipient's, over enc || pkRm || pkSm.
func (pk *dhkemPublicKey) authEncap(skS *dhkemPrivateKey) (shared, enc []byte, err error) {
	enc, dh1, err := pk.kem.ephemeralExchange(pk.pub)
	if err != nil {
		return nil, nil, err
	}
	dh2, err := pk.kem.exchange(skS.priv, pk.pub)
	if err != nil {
		clear(dh1)
		return nil, nil, err
	}
	dh := append(dh1, dh2...)
	clear(dh2)
	kemContext := append(enc[:len(enc):len(enc)], pk.pub.Bytes()...)
	kemContext = append(kemContext, skS.pub.pub.Bytes()...)
	shared, err = pk.kem.extractAndExpand(dh, kemContext)
	if err != nil {
		return nil, nil, err
	}
	return shared, enc, nil
}

type dhkemPrivateKey struct {
	kem  *dhKEM
	priv ecdh.KeyExchanger
	pub  *dhkemPublicKey
}

// NewDHKEMPrivateKey returns priv as a DHKEM private key, of the DHKEM of
// priv's curve (ecdh.P256, P384, P521 or X25519). priv may be any
// ecdh.KeyExchanger: a *compat.ECDHPrivateKey, a *ecdh.PrivateKey (which is
// imported into the fork, so that its ECDH runs there too) or another
// implementation such as a hardware key, whose ECDH runs where it runs.
// Whatever the key, the KEM's HKDF and the AEAD run in the fork.
func NewDHKEMPrivateKey(priv ecdh.KeyExchanger) (PrivateKey, error) {
	if priv == nil {
		return nil, errors.New("hpke: nil private key")
	}
	k := dhkemFor(priv.Curve())
	if k == nil {
		return nil, errCurve
	}
	if std, ok := priv.(*ecdh.PrivateKey); ok {
		b := std.Bytes()
		sk, err := compat.NewPrivateKeyECDH(std.Curve(), b)
		clear(b)
		if err != nil {
			return nil, fmt.Errorf("hpke: %s private key: %w", k.name, err)
		}
		return k.newPrivate(sk), nil
	}
	return &dhkemPrivateKey{kem: k, priv: priv, pub: &dhkemPublicKey{kem: k, pub: priv.PublicKey()}}, nil
}

func (sk *dhkemPrivateKey) KEM() KEM             { return sk.kem }
func (sk *dhkemPrivateKey) PublicKey() PublicKey { return sk.pub }

// Bytes returns the scalar, clamped for X25519 as RFC 9180 section 7.1.2
// requires. A KeyExchanger other than this package's or crypto/ecdh's
// cannot give it.
func (sk *dhkemPrivateKey) Bytes() ([]byte, error) {
	var b []byte
	switch p := sk.priv.(type) {
	case *compat.ECDHPrivateKey:
		std, err := p.ECDHKey()
		if err != nil {
			return nil, fmt.Errorf("hpke: %s private key: %w", sk.kem.name, err)
		}
		b = std.Bytes()
	case *ecdh.PrivateKey:
		b = p.Bytes()
	default:
		return nil, fmt.Errorf("hpke: %s private key: a %T cannot be serialized", sk.kem.name, sk.priv)
	}
	if sk.kem == dhkemX25519 {
		b[0] &= 248
		b[31] &= 127
		b[31] |= 64
	}
	return b, nil
}

// decap is DHKEM's Decap.
func (sk *dhkemPrivateKey) decap(enc []byte) ([]byte, error) {
	pkE, err := sk.kem.parseEnc(enc)
	if err != nil {
		return nil, err
	}
	dh, err := sk.kem.exchange(sk.priv, pkE)
	if err != nil {
		return nil, err
	}
	kemContext := append(bytes.Clone(enc), sk.pub.pub.Bytes()...)
	return sk.kem.extractAndExpand(dh, kemContext)
}

// authDecap is DHKEM's AuthDecap, for a sender whose public key is pkS.
func (sk *dhkemPrivateKey) authDecap(enc []byte, pkS *dhkemPublicKey) ([]byte, error) {
	pkE, err := sk.kem.parseEnc(enc)
	if err != nil {
		return nil, err
	}
	dh1, err := sk.kem.exchange(sk.priv, pkE)
	if err != nil {
		return nil, err
	}
	dh2, err := sk.kem.exchange(sk.priv, pkS.pub)
	if err != nil {
		clear(dh1)
		return nil, err
	}
	dh := append(dh1, dh2...)
	clear(dh2)
	kemContext := append(bytes.Clone(enc), sk.pub.pub.Bytes()...)
	kemContext = append(kemContext, pkS.pub.Bytes()...)
	return sk.kem.extractAndExpand(dh, kemContext)
}
