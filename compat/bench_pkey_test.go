package compat_test

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
	"math/big"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// Public-key benchmarks, each beside the standard library, golang-fips/openssl
// (OpenSSL legs) and the C floor: the fork's own loop over the same C that
// the wrapper calls (cfloor), and that C entered once per operation (ccall).

// gfPKey holds golang-fips/openssl's public-key operations, prepared for
// the benchmark keys; nil where it cannot run.
var (
	gfPKey    *gfOps
	gfPKeyErr error // why gfPKey is nil on an OpenSSL leg
)

type gfOps struct {
	ecdsaSign, ecdsaVerify, ed25519Sign, ed25519Verify, x25519, ecdhP256 func() error
	rsaSign, rsaVerify                                                   func() error
	loadP256, loadRSASPKI, loadPKCS8                                     func(der []byte) error
	generateRSA                                                          func(bits int) error
	generateP256                                                         func() error
}

// benchKeys are generated once with the standard library and imported
// everywhere, so every contender works on the same keys.
type benchKeys struct {
	ecdsa    *ecdsa.PrivateKey
	ed25519  ed25519.PrivateKey
	x25519   *ecdh.PrivateKey
	p256     *ecdh.PrivateKey
	rsa      *rsa.PrivateKey
	digest   [32]byte
	ecdsaSig []byte
	edSig    []byte
	rsaSig   []byte
	spki     []byte   // the ECDSA key's SubjectPublicKeyInfo
	spkis    [][]byte // many distinct P-256 keys, to defeat the SPKI cache
}

var bk = func() *benchKeys {
	k := &benchKeys{}
	k.ecdsa, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, k.ed25519, _ = ed25519.GenerateKey(rand.Reader)
	k.x25519, _ = ecdh.X25519().GenerateKey(rand.Reader)
	k.p256, _ = ecdh.P256().GenerateKey(rand.Reader)
	k.rsa, _ = rsa.GenerateKey(rand.Reader, 2048)
	k.digest = sha256.Sum256([]byte("benchmark"))
	k.ecdsaSig, _ = ecdsa.SignASN1(rand.Reader, k.ecdsa, k.digest[:])
	k.edSig = ed25519.Sign(k.ed25519, k.digest[:])
	k.rsaSig, _ = rsa.SignPKCS1v15(nil, k.rsa, crypto.SHA256, k.digest[:])
	k.spki, _ = x509.MarshalPKIXPublicKey(&k.ecdsa.PublicKey)
	for range 1024 {
		p, _ := ecdh.P256().GenerateKey(rand.Reader)
		der, _ := x509.MarshalPKIXPublicKey(p.PublicKey())
		k.spkis = append(k.spkis, der)
	}
	return k
}()

// floorKey imports parts into the fork for the C loops.
func floorKey(b *testing.B, kind int, parts shim.Parts) uintptr {
	h, err := shim.PKeyNew("bench", kind, &parts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { shim.PKeyFree(h) })
	return h
}

func benchPKeyFloor(b *testing.B, op int, h uintptr, md, pad int, in, aux []byte) {
	b.Run("cfloor", func(b *testing.B) {
		if !shim.PKeyFloor(op, b.N, h, md, pad, in, aux) {
			b.Fatal("C loop failed")
		}
	})
	b.Run("ccall", func(b *testing.B) {
		for b.Loop() {
			if !shim.PKeyFloor(op, 1, h, md, pad, in, aux) {
				b.Fatal("C call failed")
			}
		}
	})
}

func benchGF(b *testing.B, f func(gf *gfOps) func() error) {
	b.Run("golangfips", func(b *testing.B) {
		if gfPKey == nil {
			gfSkip(b)
		}
		op := f(gfPKey)
		if err := op(); err != nil {
			b.Skip("golang-fips/openssl cannot: ", err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := op(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func gfSkip(b *testing.B) {
	if gfPKeyErr != nil {
		b.Skip("golang-fips/openssl cannot load the benchmark keys: ", gfPKeyErr)
	}
	b.Skip("golang-fips/openssl loads only OpenSSL, not " + compat.Backend().Fork)
}

func loop(b *testing.B, f func() error) {
	b.ReportAllocs()
	for b.Loop() {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
}

func ok(v bool) error {
	if !v {
		return compat.ErrSignature
	}
	return nil
}

func ecParts(k *ecdsa.PrivateKey) shim.Parts {
	d, _ := k.Bytes()
	pub, _ := k.PublicKey.Bytes()
	return shim.Parts{shim.PartPriv: d, shim.PartPub: pub}
}

func BenchmarkECDSAP256(b *testing.B) {
	priv, err := compat.NewECDSAPrivateKey(bk.ecdsa)
	if err != nil {
		b.Fatal(err)
	}
	pub := priv.PublicKey()
	h := floorKey(b, shim.P256, ecParts(bk.ecdsa))
	b.Run("sign", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			loop(b, func() error { _, err := priv.Sign(nil, bk.digest[:], nil); return err })
		})
		b.Run("stdlib", func(b *testing.B) {
			loop(b, func() error { _, err := ecdsa.SignASN1(rand.Reader, bk.ecdsa, bk.digest[:]); return err })
		})
		benchPKeyFloor(b, shim.FloorSign, h, 0, shim.PadNone, bk.digest[:], nil)
		benchGF(b, func(gf *gfOps) func() error { return gf.ecdsaSign })
	})
	b.Run("verify", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			loop(b, func() error { return ok(compat.VerifyECDSA(pub, bk.digest[:], bk.ecdsaSig)) })
		})
		b.Run("stdlib", func(b *testing.B) {
			loop(b, func() error { return ok(ecdsa.VerifyASN1(&bk.ecdsa.PublicKey, bk.digest[:], bk.ecdsaSig)) })
		})
		benchPKeyFloor(b, shim.FloorVerify, h, 0, shim.PadNone, bk.digest[:], bk.ecdsaSig)
		benchGF(b, func(gf *gfOps) func() error { return gf.ecdsaVerify })
	})
}

func BenchmarkEd25519(b *testing.B) {
	priv, err := compat.NewEd25519PrivateKey(bk.ed25519)
	if err != nil {
		b.Fatal(err)
	}
	pub := priv.PublicKey()
	stdPub := bk.ed25519.Public().(ed25519.PublicKey)
	h := floorKey(b, shim.Ed25519, shim.Parts{shim.PartPriv: bk.ed25519.Seed()})
	msg := bk.digest[:]
	b.Run("sign", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			loop(b, func() error { _, err := priv.Sign(nil, msg, crypto.Hash(0)); return err })
		})
		b.Run("stdlib", func(b *testing.B) { loop(b, func() error { ed25519.Sign(bk.ed25519, msg); return nil }) })
		benchPKeyFloor(b, shim.FloorSign, h, 0, shim.PadNone, msg, nil)
		benchGF(b, func(gf *gfOps) func() error { return gf.ed25519Sign })
	})
	b.Run("verify", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) { loop(b, func() error { return compat.VerifyEd25519(pub, msg, bk.edSig) }) })
		b.Run("stdlib", func(b *testing.B) { loop(b, func() error { return ok(ed25519.Verify(stdPub, msg, bk.edSig)) }) })
		benchPKeyFloor(b, shim.FloorVerify, h, 0, shim.PadNone, msg, bk.edSig)
		benchGF(b, func(gf *gfOps) func() error { return gf.ed25519Verify })
	})
}

func benchECDH(b *testing.B, kind int, std *ecdh.PrivateKey, gf func(*gfOps) func() error) {
	priv, err := compat.NewPrivateKeyECDH(std.Curve(), std.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	peer, _ := std.Curve().GenerateKey(rand.Reader)
	h := floorKey(b, kind, shim.Parts{shim.PartPriv: std.Bytes()})
	b.Run("forkcrypto", func(b *testing.B) { loop(b, func() error { _, err := priv.ECDH(peer.PublicKey()); return err }) })
	b.Run("stdlib", func(b *testing.B) { loop(b, func() error { _, err := std.ECDH(peer.PublicKey()); return err }) })
	benchPKeyFloor(b, shim.FloorDerive, h, 0, shim.PadNone, nil, peer.PublicKey().Bytes())
	benchGF(b, gf)
}

func BenchmarkX25519(b *testing.B) {
	benchECDH(b, shim.X25519, bk.x25519, func(gf *gfOps) func() error { return gf.x25519 })
}

func BenchmarkECDHP256(b *testing.B) {
	benchECDH(b, shim.P256, bk.p256, func(gf *gfOps) func() error { return gf.ecdhP256 })
}

func rsaParts(k *rsa.PrivateKey) shim.Parts {
	return shim.Parts{shim.PartPub: k.N.Bytes(), shim.PartE: big.NewInt(int64(k.E)).Bytes(), shim.PartPriv: k.D.Bytes(),
		shim.PartP: k.Primes[0].Bytes(), shim.PartQ: k.Primes[1].Bytes(), shim.PartDp: k.Precomputed.Dp.Bytes(),
		shim.PartDq: k.Precomputed.Dq.Bytes(), shim.PartQinv: k.Precomputed.Qinv.Bytes()}
}

func BenchmarkRSA2048(b *testing.B) {
	priv, err := compat.NewRSAPrivateKey(bk.rsa)
	if err != nil {
		b.Fatal(err)
	}
	pub := priv.PublicKey()
	h := floorKey(b, shim.RSA, rsaParts(bk.rsa))
	b.Run("sign", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			loop(b, func() error { _, err := priv.Sign(nil, bk.digest[:], crypto.SHA256); return err })
		})
		b.Run("stdlib", func(b *testing.B) {
			loop(b, func() error { _, err := rsa.SignPKCS1v15(nil, bk.rsa, crypto.SHA256, bk.digest[:]); return err })
		})
		benchPKeyFloor(b, shim.FloorSign, h, shim.SHA256, shim.PadPKCS1, bk.digest[:], nil)
		benchGF(b, func(gf *gfOps) func() error { return gf.rsaSign })
	})
	b.Run("verify", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			loop(b, func() error { return compat.VerifyPKCS1v15(pub, crypto.SHA256, bk.digest[:], bk.rsaSig) })
		})
		b.Run("stdlib", func(b *testing.B) {
			loop(b, func() error { return rsa.VerifyPKCS1v15(&bk.rsa.PublicKey, crypto.SHA256, bk.digest[:], bk.rsaSig) })
		})
		benchPKeyFloor(b, shim.FloorVerify, h, shim.SHA256, shim.PadPKCS1, bk.digest[:], bk.rsaSig)
		benchGF(b, func(gf *gfOps) func() error { return gf.rsaVerify })
	})
}

// BenchmarkSPKIP256 measures a P-256 SubjectPublicKeyInfo becoming a key
// ready to verify with. "cold" cycles through 1024 distinct keys, more than
// the cache holds; "warm" loads one key again and again, as a verifier does
// with a CA's key. The fork's own DER decoder (d2i) and its raw import of
// the point alone (import) are the C references.
func BenchmarkSPKIP256(b *testing.B) {
	pub, _ := bk.ecdsa.PublicKey.Bytes()
	i := 0
	next := func() []byte { i = (i + 1) % len(bk.spkis); return bk.spkis[i] }
	b.Run("forkcrypto-cold", func(b *testing.B) {
		loop(b, func() error { _, err := compat.ParsePKIXPublicKey(next()); return err })
	})
	b.Run("forkcrypto-warm", func(b *testing.B) {
		loop(b, func() error { _, err := compat.ParsePKIXPublicKey(bk.spki); return err })
	})
	b.Run("stdlib", func(b *testing.B) {
		loop(b, func() error { _, err := x509.ParsePKIXPublicKey(next()); return err })
	})
	cLoop(b, "d2i", shim.FloorD2IPubkey, shim.P256, shim.PadNone, bk.spki, nil)
	cLoop(b, "import", shim.FloorImportPublic, shim.P256, shim.PadNone, pub, nil)
	b.Run("golangfips", func(b *testing.B) {
		if gfPKey == nil {
			gfSkip(b)
		}
		loop(b, func() error { return gfPKey.loadP256(next()) })
	})
}
