package main

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// speedPKey adds the public-key rows. The keys come from the standard
// library, so all three columns work on the same keys; the C floor is the
// fork's own loop over the same C the wrapper calls. A key type the linked
// fork or its FIPS module refuses gets a row that says why.
func speedPKey(t *table) error {
	digest := sha256.Sum256([]byte("speed"))
	stdECDSA, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	stdEd := ed25519.NewKeyFromSeed(digest[:])
	stdRSA, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}

	if priv, err := compat.NewECDSAPrivateKey(stdECDSA); err != nil {
		t.unavailable("ECDSA P-256", err)
	} else {
		d, _ := stdECDSA.Bytes()
		pub, _ := stdECDSA.PublicKey.Bytes()
		h, err := floorKey(shim.P256, shim.Parts{shim.PartPriv: d, shim.PartPub: pub})
		if err != nil {
			return err
		}
		defer shim.PKeyFree(h)
		sig, _ := ecdsa.SignASN1(rand.Reader, stdECDSA, digest[:])
		t.row("ECDSA P-256 sign",
			each(func() error { _, err := priv.Sign(nil, digest[:], nil); return err }),
			pkeyFloor(shim.FloorSign, h, 0, shim.PadNone, digest[:], nil),
			each(func() error { _, err := ecdsa.SignASN1(rand.Reader, stdECDSA, digest[:]); return err }))
		t.row("ECDSA P-256 verify",
			each(func() error { return verified(compat.VerifyECDSA(priv.PublicKey(), digest[:], sig)) }),
			pkeyFloor(shim.FloorVerify, h, 0, shim.PadNone, digest[:], sig),
			each(func() error { return verified(ecdsa.VerifyASN1(&stdECDSA.PublicKey, digest[:], sig)) }))
	}

	if priv, err := compat.NewEd25519PrivateKey(stdEd); err != nil {
		t.unavailable("Ed25519", err)
	} else {
		h, err := floorKey(shim.Ed25519, shim.Parts{shim.PartPriv: stdEd.Seed()})
		if err != nil {
			return err
		}
		defer shim.PKeyFree(h)
		sig := ed25519.Sign(stdEd, digest[:])
		stdPub := stdEd.Public().(ed25519.PublicKey)
		t.row("Ed25519 sign",
			each(func() error { _, err := priv.Sign(nil, digest[:], crypto.Hash(0)); return err }),
			pkeyFloor(shim.FloorSign, h, 0, shim.PadNone, digest[:], nil),
			each(func() error { ed25519.Sign(stdEd, digest[:]); return nil }))
		t.row("Ed25519 verify",
			each(func() error { return compat.VerifyEd25519(priv.PublicKey(), digest[:], sig) }),
			pkeyFloor(shim.FloorVerify, h, 0, shim.PadNone, digest[:], sig),
			each(func() error { return verified(ed25519.Verify(stdPub, digest[:], sig)) }))
	}

	for _, c := range []struct {
		name  string
		curve ecdh.Curve
		kind  int
	}{{"X25519", ecdh.X25519(), shim.X25519}, {"ECDH P-256", ecdh.P256(), shim.P256}} {
		std, err := c.curve.GenerateKey(rand.Reader)
		if err != nil {
			return err
		}
		peer, err := c.curve.GenerateKey(rand.Reader)
		if err != nil {
			return err
		}
		priv, err := compat.NewPrivateKeyECDH(c.curve, std.Bytes())
		if err != nil {
			t.unavailable(c.name, err)
			continue
		}
		h, err := floorKey(c.kind, shim.Parts{shim.PartPriv: std.Bytes()})
		if err != nil {
			return err
		}
		defer shim.PKeyFree(h)
		t.row(c.name,
			each(func() error { _, err := priv.ECDH(peer.PublicKey()); return err }),
			pkeyFloor(shim.FloorDerive, h, 0, shim.PadNone, nil, peer.PublicKey().Bytes()),
			each(func() error { _, err := std.ECDH(peer.PublicKey()); return err }))
	}

	if priv, err := compat.NewRSAPrivateKey(stdRSA); err != nil {
		t.unavailable("RSA-2048", err)
	} else {
		h, err := floorKey(shim.RSA, rsaParts(stdRSA))
		if err != nil {
			return err
		}
		defer shim.PKeyFree(h)
		sig, _ := rsa.SignPKCS1v15(nil, stdRSA, crypto.SHA256, digest[:])
		t.row("RSA-2048 sign PKCS#1",
			each(func() error { _, err := priv.Sign(nil, digest[:], crypto.SHA256); return err }),
			pkeyFloor(shim.FloorSign, h, shim.SHA256, shim.PadPKCS1, digest[:], nil),
			each(func() error { _, err := rsa.SignPKCS1v15(nil, stdRSA, crypto.SHA256, digest[:]); return err }))
		t.row("RSA-2048 verify PKCS#1",
			each(func() error { return compat.VerifyPKCS1v15(priv.PublicKey(), crypto.SHA256, digest[:], sig) }),
			pkeyFloor(shim.FloorVerify, h, shim.SHA256, shim.PadPKCS1, digest[:], sig),
			each(func() error { return rsa.VerifyPKCS1v15(&stdRSA.PublicKey, crypto.SHA256, digest[:], sig) }))
	}
	if err := speedLoad(t, stdRSA, stdECDSA); err != nil {
		return err
	}
	return speedSPKI(t)
}

// speedLoad times PKCS #8 private keys becoming keys ready to sign with, against the fork's
// pkey_new on the same parts in a C loop, and P-256 key generation against the fork's own.
func speedLoad(t *table, stdRSA *rsa.PrivateKey, stdECDSA *ecdsa.PrivateKey) error {
	d, _ := stdECDSA.Bytes()
	for _, k := range []struct {
		name  string
		key   any
		kind  int
		parts shim.Parts
	}{
		{"RSA-2048 PKCS #8 load", stdRSA, shim.RSA, rsaParts(stdRSA)},
		{"P-256 PKCS #8 load", stdECDSA, shim.P256, shim.Parts{shim.PartPriv: d}},
	} {
		der, err := x509.MarshalPKCS8PrivateKey(k.key)
		if err != nil {
			return err
		}
		if _, err := compat.ParsePKCS8PrivateKey(der); err != nil {
			t.unavailable(k.name, err)
			continue
		}
		t.row(k.name,
			each(func() error { _, err := compat.ParsePKCS8PrivateKey(der); return err }),
			pkeyFloor(shim.FloorImportPrivate, 0, k.kind, 0, shim.PKeyFloorPack(&k.parts), nil),
			each(func() error { _, err := x509.ParsePKCS8PrivateKey(der); return err }))
	}
	if _, err := compat.GenerateKeyECDSA(elliptic.P256()); err != nil {
		t.unavailable("P-256 generate", err)
		return nil
	}
	t.row("P-256 generate",
		each(func() error { _, err := compat.GenerateKeyECDSA(elliptic.P256()); return err }),
		pkeyFloor(shim.FloorGenerate, 0, shim.P256, 0, nil, nil),
		each(func() error { _, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader); return err }))
	return nil
}

// speedSPKI times a P-256 SubjectPublicKeyInfo becoming a key ready to
// verify with: cold (more distinct keys than the cache holds) against the
// fork's raw import of the point, and again for a key seen before. The
// fork's own DER decoder, which this package does not use, is shown below
// the table for comparison.
func speedSPKI(t *table) error {
	spkis := make([][]byte, 1024)
	var point []byte
	for i := range spkis {
		k, err := ecdh.P256().GenerateKey(rand.Reader)
		if err != nil {
			return err
		}
		point = k.PublicKey().Bytes()
		if spkis[i], err = x509.MarshalPKIXPublicKey(k.PublicKey()); err != nil {
			return err
		}
	}
	if _, err := compat.ParsePKIXPublicKey(spkis[0]); err != nil {
		t.unavailable("P-256 SPKI load", err)
		return nil
	}
	cycle := func(parse func([]byte) (any, error)) func(*testing.B) {
		return func(b *testing.B) {
			i := 0
			for b.Loop() {
				i = (i + 1) % len(spkis)
				if _, err := parse(spkis[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	importFloor := pkeyFloor(shim.FloorImportPublic, 0, shim.P256, shim.PadNone, point, nil)
	t.row("P-256 SPKI load, cold", cycle(compat.ParsePKIXPublicKey), importFloor, cycle(x509.ParsePKIXPublicKey))
	t.row("P-256 SPKI load, cached",
		each(func() error { _, err := compat.ParsePKIXPublicKey(spkis[0]); return err }),
		importFloor,
		each(func() error { _, err := x509.ParsePKIXPublicKey(spkis[0]); return err }))
	d2i := testing.Benchmark(pkeyFloor(shim.FloorD2IPubkey, 0, shim.P256, shim.PadNone, spkis[0], nil))
	fmt.Fprintf(t.w, "P-256 SPKI load, the fork's d2i_PUBKEY\t\t\t%s\t\t\t\n", cell(d2i))
	return nil
}

// rsaParts is k's integers as the fork's import takes them.
func rsaParts(k *rsa.PrivateKey) shim.Parts {
	p := k.Precomputed
	return shim.Parts{shim.PartPub: k.N.Bytes(), shim.PartE: big.NewInt(int64(k.E)).Bytes(),
		shim.PartPriv: k.D.Bytes(), shim.PartP: k.Primes[0].Bytes(), shim.PartQ: k.Primes[1].Bytes(),
		shim.PartDp: p.Dp.Bytes(), shim.PartDq: p.Dq.Bytes(), shim.PartQinv: p.Qinv.Bytes()}
}

func floorKey(kind int, parts shim.Parts) (uintptr, error) {
	return shim.PKeyNew("speed", kind, &parts)
}

// pkeyFloor benchmarks a C loop over a public-key slot: one cgo call runs
// b.N operations.
func pkeyFloor(op int, h uintptr, md, pad int, in, aux []byte) func(*testing.B) {
	return func(b *testing.B) {
		if !shim.PKeyFloor(op, b.N, h, md, pad, in, aux) {
			b.Fatal("C loop failed")
		}
	}
}

// each benchmarks op, which must succeed every time.
func each(op func() error) func(*testing.B) {
	return func(b *testing.B) {
		for b.Loop() {
			if err := op(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

var errBadSignature = errors.New("a valid signature did not verify")

func verified(ok bool) error {
	if !ok {
		return errBadSignature
	}
	return nil
}
