package compat

import (
	"crypto/ecdh"
	"errors"

	"github.com/forkcrypto/forkcrypto/internal/bytecache"
	"github.com/forkcrypto/forkcrypto/internal/keys"
	"github.com/forkcrypto/forkcrypto/shim"
)

// Key encodings of crypto/x509, parsed and written in Go (no fork parser or
// encoder is involved); the raw components go into the fork, which checks
// what needs its arithmetic: points on the curve, an EC private key's point,
// an RSA private key's consistency. Output is byte-for-byte crypto/x509's;
// input crypto/x509 rejects is rejected. This package rejects more in three
// cases: RSA keys outside 1024 to 16384 bits or with an exponent the
// standard library would refuse to use, multi-prime RSA keys
// (ErrUnsupported), and keys of a kind the linked fork or FIPS module
// refuses.

// keyError converts an error of the encoding layer.
func keyError(op string, err error) error {
	if errors.Is(err, keys.ErrUnsupported) {
		return newError(op, ErrUnsupported, err.Error())
	}
	return newError(op, ErrInvalidKey, err.Error())
}

func curveByName(name string) *nistCurve {
	for _, c := range nistCurves {
		if c.name() == name {
			return c
		}
	}
	return nil
}

// ParsePKIXPublicKey parses a DER SubjectPublicKeyInfo ("PUBLIC KEY" PEM
// block). It returns *ECDSAPublicKey, *Ed25519PublicKey, *ECDHPublicKey
// (X25519), *RSAPublicKey, *MLDSAPublicKey or *MLKEMEncapsulationKey.
//
// A verifier loads the same few keys again and again (a CA's key for every
// certificate it issued), so recent results are kept in a small fixed-size
// cache: parsing bytes seen lately returns the same immutable key without
// entering the fork.
func ParsePKIXPublicKey(der []byte) (any, error) {
	slot := spkiCache.Slot(der)
	if k, ok := slot.Get(der); ok {
		return k, nil
	}
	k, err := parsePKIXPublicKey(der)
	if err == nil {
		slot.Put(der, k)
	}
	return k, err
}

func parsePKIXPublicKey(der []byte) (any, error) {
	const op = "parse PKIX public key"
	raw, err := keys.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, keyError(op, err)
	}
	switch k := raw.(type) {
	case *keys.ECPublicKey:
		return newECDSAPublic(op, curveByName(k.Curve), k.Point)
	case *keys.Ed25519PublicKey:
		return NewEd25519PublicKey(k[:])
	case *keys.X25519PublicKey:
		return NewPublicKeyECDH(ecdh.X25519(), k[:])
	case *keys.RSAPublicKey:
		return rsaPublicFromRaw(op, k)
	case *keys.PQPublicKey:
		return pqPublicFromRaw(k)
	}
	return nil, newError(op, ErrUnsupported, "")
}

// exponent reads a big-endian public exponent; checkRSAPublic applies the limits.
func exponent(op string, b []byte) (int, error) {
	if len(b) > 4 {
		return 0, newError(op, ErrInvalidKey, "public exponent too large")
	}
	e := 0
	for _, x := range b {
		e = e<<8 | int(x)
	}
	return e, nil
}

func rsaPublicFromRaw(op string, k *keys.RSAPublicKey) (*RSAPublicKey, error) {
	e, err := exponent(op, k.E)
	if err != nil {
		return nil, err
	}
	return newRSAPublic(op, k.N, e)
}

// MarshalPKIXPublicKey encodes a public key of this package as a DER
// SubjectPublicKeyInfo, as x509.MarshalPKIXPublicKey does.
func MarshalPKIXPublicKey(pub any) ([]byte, error) {
	const op = "marshal PKIX public key"
	var raw any
	switch k := pub.(type) {
	case *ECDSAPublicKey:
		raw = &keys.ECPublicKey{Curve: k.curve.name(), Point: k.point}
	case *Ed25519PublicKey:
		raw = (*keys.Ed25519PublicKey)(&k.pub)
	case *ECDHPublicKey:
		if k.curve.kind == shim.X25519 {
			raw = (*keys.X25519PublicKey)(k.pub)
		} else {
			raw = &keys.ECPublicKey{Curve: k.curve.name, Point: k.pub}
		}
	case *RSAPublicKey:
		raw = &keys.RSAPublicKey{N: k.n, E: exponentBytes(k.e)}
	case *MLDSAPublicKey:
		raw = &keys.PQPublicKey{Algorithm: k.params.name, Key: k.bytes}
	case *MLKEMEncapsulationKey:
		raw = &keys.PQPublicKey{Algorithm: k.params.name, Key: k.bytes}
	default:
		return nil, newError(op, ErrUnsupported, "not a public key of this package")
	}
	der, err := keys.MarshalPKIXPublicKey(raw)
	if err != nil {
		return nil, keyError(op, err)
	}
	return der, nil
}

// ParsePKCS8PrivateKey parses a DER PKCS #8 PrivateKeyInfo ("PRIVATE KEY"
// PEM block). It returns *ECDSAPrivateKey, *Ed25519PrivateKey,
// *ECDHPrivateKey (X25519), *RSAPrivateKey, *MLDSAPrivateKey or
// *MLKEMDecapsulationKey. An ML-DSA or ML-KEM private key may be its seed,
// its expanded form or both (RFC 9881 and RFC 9935); with both, the fork
// expands the seed and the result must equal the expanded form given.
func ParsePKCS8PrivateKey(der []byte) (any, error) {
	const op = "parse PKCS #8 private key"
	raw, err := keys.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, keyError(op, err)
	}
	switch k := raw.(type) {
	case *keys.ECPrivateKey:
		return ecdsaFromRaw(op, k)
	case *keys.Ed25519PrivateKey:
		return newEd25519Private(op, k[:], nil)
	case *keys.X25519PrivateKey:
		return NewPrivateKeyECDH(ecdh.X25519(), k[:])
	case *keys.RSAPrivateKey:
		return rsaPrivateFromRaw(op, k)
	case *keys.PQPrivateKey:
		return pqPrivateFromRaw(op, k)
	}
	return nil, newError(op, ErrUnsupported, "")
}

// ecdsaFromRaw imports a parsed EC private key. The point stored in the
// encoding is ignored, as crypto/x509 ignores it: the fork derives it.
func ecdsaFromRaw(op string, k *keys.ECPrivateKey) (*ECDSAPrivateKey, error) {
	defer clear(k.D)
	return newECDSAPrivate(op, curveByName(k.Curve), k.D, nil)
}

func rsaPrivateFromRaw(op string, k *keys.RSAPrivateKey) (*RSAPrivateKey, error) {
	e, err := exponent(op, k.E)
	if err != nil {
		return nil, err
	}
	parts := shim.Parts{shim.PartPriv: k.D, shim.PartP: k.P, shim.PartQ: k.Q,
		shim.PartDp: k.Dp, shim.PartDq: k.Dq, shim.PartQinv: k.Qinv}
	defer func() {
		for _, p := range parts[shim.PartPriv:] {
			clear(p)
		}
	}()
	return newRSAPrivate(op, k.N, e, &parts)
}

// MarshalPKCS8PrivateKey encodes a private key of this package as a DER
// PKCS #8 PrivateKeyInfo, as x509.MarshalPKCS8PrivateKey does.
func MarshalPKCS8PrivateKey(key any) ([]byte, error) {
	const op = "marshal PKCS #8 private key"
	var raw any
	var err error
	switch k := key.(type) {
	case *ECDSAPrivateKey:
		raw, err = k.raw(op)
	case *Ed25519PrivateKey:
		var seed []byte
		if seed, err = k.key.part(op, shim.PartPriv); err == nil {
			raw = (*keys.Ed25519PrivateKey)(seed)
		}
	case *ECDHPrivateKey:
		if k.curve.kind != shim.X25519 {
			return nil, newError(op, ErrUnsupported, "NIST ECDH keys: use an ECDSAPrivateKey")
		}
		var s []byte
		if s, err = k.key.part(op, shim.PartPriv); err == nil {
			raw = (*keys.X25519PrivateKey)(s)
		}
	case *RSAPrivateKey:
		raw, err = k.raw(op)
	case *MLDSAPrivateKey:
		raw = &keys.PQPrivateKey{Algorithm: k.params.name, Seed: k.Bytes()}
	case *MLKEMDecapsulationKey:
		raw = &keys.PQPrivateKey{Algorithm: k.params.name, Seed: k.Bytes()}
	default:
		return nil, newError(op, ErrUnsupported, "not a private key of this package")
	}
	if err != nil {
		return nil, err
	}
	defer clearRaw(raw)
	der, err := keys.MarshalPKCS8PrivateKey(raw)
	if err != nil {
		return nil, keyError(op, err)
	}
	return der, nil
}

func (k *ECDSAPrivateKey) raw(op string) (*keys.ECPrivateKey, error) {
	d, err := k.key.part(op, shim.PartPriv)
	if err != nil {
		return nil, err
	}
	return &keys.ECPrivateKey{Curve: k.curve.name(), D: d, Point: k.publicKey().point}, nil
}

func (k *RSAPrivateKey) raw(op string) (*keys.RSAPrivateKey, error) {
	r := &keys.RSAPrivateKey{N: k.pub.n, E: exponentBytes(k.pub.e)}
	for part, dst := range map[int]*[]byte{shim.PartPriv: &r.D, shim.PartP: &r.P, shim.PartQ: &r.Q,
		shim.PartDp: &r.Dp, shim.PartDq: &r.Dq, shim.PartQinv: &r.Qinv} {
		b, err := k.key.part(op, part)
		if err != nil {
			clearRaw(r)
			return nil, err
		}
		*dst = b
	}
	return r, nil
}

// clearRaw zeroes the private parts of a parsed or exported key.
func clearRaw(raw any) {
	switch k := raw.(type) {
	case *keys.ECPrivateKey:
		clear(k.D)
	case *keys.Ed25519PrivateKey:
		clear(k[:])
	case *keys.X25519PrivateKey:
		clear(k[:])
	case *keys.RSAPrivateKey:
		for _, b := range [][]byte{k.D, k.P, k.Q, k.Dp, k.Dq, k.Qinv} {
			clear(b)
		}
	}
}

// ParsePKCS1PrivateKey parses a DER PKCS #1 RSAPrivateKey ("RSA PRIVATE
// KEY" PEM block).
func ParsePKCS1PrivateKey(der []byte) (*RSAPrivateKey, error) {
	const op = "parse PKCS #1 private key"
	k, err := keys.ParsePKCS1PrivateKey(der)
	if err != nil {
		return nil, keyError(op, err)
	}
	return rsaPrivateFromRaw(op, k)
}

// MarshalPKCS1PrivateKey encodes k as a DER PKCS #1 RSAPrivateKey, as
// x509.MarshalPKCS1PrivateKey does.
func MarshalPKCS1PrivateKey(k *RSAPrivateKey) ([]byte, error) {
	const op = "marshal PKCS #1 private key"
	raw, err := k.raw(op)
	if err != nil {
		return nil, err
	}
	defer clearRaw(raw)
	der, err := keys.MarshalPKCS1PrivateKey(raw)
	if err != nil {
		return nil, keyError(op, err)
	}
	return der, nil
}

// ParsePKCS1PublicKey parses a DER PKCS #1 RSAPublicKey ("RSA PUBLIC KEY"
// PEM block).
func ParsePKCS1PublicKey(der []byte) (*RSAPublicKey, error) {
	const op = "parse PKCS #1 public key"
	k, err := keys.ParsePKCS1PublicKey(der)
	if err != nil {
		return nil, keyError(op, err)
	}
	return rsaPublicFromRaw(op, k)
}

// MarshalPKCS1PublicKey encodes pub as a DER PKCS #1 RSAPublicKey, as
// x509.MarshalPKCS1PublicKey does.
func MarshalPKCS1PublicKey(pub *RSAPublicKey) []byte {
	return keys.MarshalPKCS1PublicKey(&keys.RSAPublicKey{N: pub.n, E: exponentBytes(pub.e)})
}

// ParseECPrivateKey parses a DER SEC 1 ECPrivateKey ("EC PRIVATE KEY" PEM
// block).
func ParseECPrivateKey(der []byte) (*ECDSAPrivateKey, error) {
	const op = "parse EC private key"
	k, err := keys.ParseECPrivateKey(der)
	if err != nil {
		return nil, keyError(op, err)
	}
	return ecdsaFromRaw(op, k)
}

// MarshalECPrivateKey encodes k as a DER SEC 1 ECPrivateKey, as
// x509.MarshalECPrivateKey does.
func MarshalECPrivateKey(k *ECDSAPrivateKey) ([]byte, error) {
	const op = "marshal EC private key"
	raw, err := k.raw(op)
	if err != nil {
		return nil, err
	}
	defer clearRaw(raw)
	der, err := keys.MarshalECPrivateKey(raw)
	if err != nil {
		return nil, keyError(op, err)
	}
	return der, nil
}

// spkiCache maps DER SubjectPublicKeyInfos to their immutable keys; DER above
// 1,100 bytes (RSA above 8192 bits) is left out.
var spkiCache = bytecache.New[any](256, 1100)
