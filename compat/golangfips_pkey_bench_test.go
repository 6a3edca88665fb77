//go:build !libressl && !boringssl && !awslc

package compat_test

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"math/big"

	openssl "github.com/golang-fips/openssl/v2"
)

func bigInt(x *big.Int) openssl.BigInt {
	w := x.Bits()
	out := make(openssl.BigInt, len(w))
	for i := range w {
		out[i] = uint(w[i])
	}
	return out
}

// The same operations through golang-fips/openssl, on the benchmark keys.
func init() {
	if openssl.Init("libcrypto.so.3") != nil {
		return
	}
	k := bk
	// A key golang-fips cannot build turns its benchmarks into skips that say why.
	var setupErr error
	must := func(err error) {
		if err != nil && setupErr == nil {
			setupErr = err
		}
	}
	esk, err := openssl.NewPrivateKeyECDSA("P-256", bigInt(k.ecdsa.X), bigInt(k.ecdsa.Y), bigInt(k.ecdsa.D))
	must(err)
	epk, err := openssl.NewPublicKeyECDSA("P-256", bigInt(k.ecdsa.X), bigInt(k.ecdsa.Y))
	must(err)
	edsk, err := openssl.NewPrivateKeyEd25519FromSeed(k.ed25519.Seed())
	must(err)
	edpk, err := openssl.NewPublicKeyEd25119(k.ed25519[32:])
	must(err)
	exchange := func(curve string, std *ecdh.PrivateKey) func() error {
		sk, err := openssl.NewPrivateKeyECDH(curve, std.Bytes())
		if err != nil {
			return func() error { return err }
		}
		peer, _ := std.Curve().GenerateKey(rand.Reader)
		pk, err := openssl.NewPublicKeyECDH(curve, peer.PublicKey().Bytes())
		if err != nil {
			return func() error { return err }
		}
		return func() error { _, err := openssl.ECDH(sk, pk); return err }
	}
	r := k.rsa
	rsk, err := openssl.NewPrivateKeyRSA(bigInt(r.N), bigInt(big.NewInt(int64(r.E))), bigInt(r.D), bigInt(r.Primes[0]),
		bigInt(r.Primes[1]), bigInt(r.Precomputed.Dp), bigInt(r.Precomputed.Dq), bigInt(r.Precomputed.Qinv))
	must(err)
	rpk, err := openssl.NewPublicKeyRSA(bigInt(r.N), bigInt(big.NewInt(int64(r.E))))
	must(err)
	if setupErr != nil {
		gfPKeyErr = setupErr
		return
	}
	gfPKey = &gfOps{
		ecdsaSign: func() error { _, err := openssl.SignMarshalECDSA(esk, k.digest[:]); return err },
		ecdsaVerify: func() error {
			if !openssl.VerifyECDSA(epk, k.digest[:], k.ecdsaSig) {
				return errors.New("invalid")
			}
			return nil
		},
		ed25519Sign:   func() error { _, err := openssl.SignEd25519(edsk, k.digest[:]); return err },
		ed25519Verify: func() error { return openssl.VerifyEd25519(edpk, k.digest[:], k.edSig) },
		x25519:        exchange("X25519", k.x25519),
		ecdhP256:      exchange("P-256", k.p256),
		rsaSign:       func() error { _, err := openssl.SignRSAPKCS1v15(rsk, crypto.SHA256, k.digest[:]); return err },
		rsaVerify:     func() error { return openssl.VerifyRSAPKCS1v15(rpk, crypto.SHA256, k.digest[:], k.rsaSig) },
		// golang-fips has no key parser: crypto/x509 parses, then the point is imported.
		loadP256: func(spki []byte) error {
			pub, err := x509.ParsePKIXPublicKey(spki)
			if err != nil {
				return err
			}
			p := pub.(*ecdsa.PublicKey)
			_, err = openssl.NewPublicKeyECDSA("P-256", bigInt(p.X), bigInt(p.Y))
			return err
		},
		loadRSASPKI: func(spki []byte) error {
			pub, err := x509.ParsePKIXPublicKey(spki)
			if err != nil {
				return err
			}
			p := pub.(*rsa.PublicKey)
			_, err = openssl.NewPublicKeyRSA(bigInt(p.N), bigInt(big.NewInt(int64(p.E))))
			return err
		},
		loadPKCS8: func(der []byte) error {
			key, err := x509.ParsePKCS8PrivateKey(der)
			if err != nil {
				return err
			}
			switch k := key.(type) {
			case *rsa.PrivateKey:
				_, err = openssl.NewPrivateKeyRSA(bigInt(k.N), bigInt(big.NewInt(int64(k.E))), bigInt(k.D),
					bigInt(k.Primes[0]), bigInt(k.Primes[1]), bigInt(k.Precomputed.Dp), bigInt(k.Precomputed.Dq),
					bigInt(k.Precomputed.Qinv))
			case *ecdsa.PrivateKey:
				_, err = openssl.NewPrivateKeyECDSA(k.Curve.Params().Name, bigInt(k.X), bigInt(k.Y), bigInt(k.D))
			default:
				err = errors.New("unexpected key type")
			}
			return err
		},
		generateRSA:  func(bits int) error { _, _, _, _, _, _, _, _, err := openssl.GenerateKeyRSA(bits); return err },
		generateP256: func() error { _, _, _, err := openssl.GenerateKeyECDSA("P-256"); return err },
	}
}
