package shim

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	_ "crypto/sha1" // for MGF1-SHA-1
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/big"
	"sync"
	"testing"
)

// These tests hold each fork's C to the public-key part of the contract,
// with the standard library as the reference.

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func newKey(t *testing.T, kind int, parts Parts) uintptr {
	t.Helper()
	k, err := PKeyNew("test", kind, &parts)
	if err != nil {
		t.Fatalf("PKeyNew(%d): %v", kind, err)
	}
	t.Cleanup(func() { PKeyFree(k) })
	return k
}

func wantInvalidKey(t *testing.T, what string, kind int, parts Parts) {
	t.Helper()
	k, err := PKeyNew("test", kind, &parts)
	if err == nil {
		PKeyFree(k)
		t.Errorf("%s: imported", what)
	} else if !errors.Is(err, ErrInvalidKey) {
		t.Errorf("%s: %v, want ErrInvalidKey", what, err)
	}
}

func get(t *testing.T, k uintptr, part int) []byte {
	t.Helper()
	b, err := PKeyGet("test", k, part)
	if err != nil {
		t.Fatalf("PKeyGet(%d): %v", part, err)
	}
	return b
}

func TestPKeySupport(t *testing.T) {
	for kind := P224; kind <= RSA; kind++ {
		if Support(FamilyPKey, kind) != Native {
			t.Errorf("kind %d: support %d, want native", kind, Support(FamilyPKey, kind))
		}
	}
}

// RFC 8032, section 7.1, test 2.
func TestPKeyEd25519(t *testing.T) {
	seed := unhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
	pub := unhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
	msg := []byte{0x72}
	want := unhex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da" +
		"085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")

	priv := newKey(t, Ed25519, Parts{PartPriv: seed})
	if got := get(t, priv, PartPub); !bytes.Equal(got, pub) {
		t.Errorf("derived public key %x, want %x", got, pub)
	}
	if got := get(t, priv, PartPriv); !bytes.Equal(got, seed) {
		t.Errorf("seed %x, want %x", got, seed)
	}
	sig := make([]byte, 64)
	n, err := PKeySign("test", priv, 0, PadNone, 0, msg, sig)
	if err != nil || !bytes.Equal(sig[:n], want) {
		t.Fatalf("sign: %x, %v; want %x", sig[:n], err, want)
	}
	pk := newKey(t, Ed25519, Parts{PartPub: pub})
	if ok, err := PKeyVerify("test", pk, 0, PadNone, 0, msg, want); !ok || err != nil {
		t.Errorf("verify: %v, %v", ok, err)
	}
	bad := bytes.Clone(want)
	bad[10] ^= 1
	if ok, err := PKeyVerify("test", pk, 0, PadNone, 0, msg, bad); ok || err != nil {
		t.Errorf("verify of a bad signature: %v, %v", ok, err)
	}
	if ok, err := PKeyVerify("test", pk, 0, PadNone, 0, msg, want[:63]); ok || err != nil {
		t.Errorf("verify of a short signature: %v, %v", ok, err)
	}
	if _, err := PKeyGet("test", pk, PartPriv); err == nil {
		t.Error("a public key exported a private part")
	}

	other := bytes.Clone(pub)
	other[0] ^= 1
	wantInvalidKey(t, "seed with another public key", Ed25519, Parts{PartPriv: seed, PartPub: other})
	wantInvalidKey(t, "31-byte public key", Ed25519, Parts{PartPub: pub[:31]})

	g, err := PKeyGenerate("test", Ed25519, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer PKeyFree(g)
	gs := ed25519.NewKeyFromSeed(get(t, g, PartPriv))
	if !bytes.Equal(gs.Public().(ed25519.PublicKey), get(t, g, PartPub)) {
		t.Error("generated key: public part does not match the seed")
	}
	n, err = PKeySign("test", g, 0, PadNone, 0, msg, sig)
	if err != nil || !ed25519.Verify(gs.Public().(ed25519.PublicKey), msg, sig[:n]) {
		t.Errorf("generated key's signature does not verify: %v", err)
	}
}

// RFC 7748, section 6.1.
func TestPKeyX25519(t *testing.T) {
	alice := unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
	alicePub := unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
	bobPub := unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
	shared := unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")

	if !FIPSAllowed(FamilyPKey, X25519) {
		// A FIPS module in force refuses X25519: import must say so.
		if _, err := PKeyNew("test", X25519, &Parts{PartPriv: alice}); !errors.Is(err, ErrFIPS) {
			t.Fatalf("X25519 import under FIPS: %v, want ErrFIPS", err)
		}
		return
	}
	k := newKey(t, X25519, Parts{PartPriv: alice})
	if got := get(t, k, PartPub); !bytes.Equal(got, alicePub) {
		t.Errorf("derived public key %x, want %x", got, alicePub)
	}
	if got := get(t, k, PartPriv); !bytes.Equal(got, alice) {
		t.Errorf("private part %x, want %x", got, alice)
	}
	out := make([]byte, 32)
	n, err := PKeyDerive("test", k, bobPub, out)
	if err != nil || !bytes.Equal(out[:n], shared) {
		t.Fatalf("derive: %x, %v; want %x", out[:n], err, shared)
	}
	if _, err := PKeyDerive("test", k, make([]byte, 32), out); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("derive with a low-order point: %v, want ErrInvalidKey", err)
	}
	if _, err := PKeyDerive("test", k, bobPub[:31], out); err == nil {
		t.Error("derive with a 31-byte peer succeeded")
	}

	g, err := PKeyGenerate("test", X25519, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer PKeyFree(g)
	sk, err := ecdh.X25519().NewPrivateKey(get(t, g, PartPriv))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sk.PublicKey().Bytes(), get(t, g, PartPub)) {
		t.Error("generated key: public part does not match the scalar")
	}
}

var ecKinds = []struct {
	kind  int
	curve elliptic.Curve
	ecdh  ecdh.Curve
}{
	{P224, elliptic.P224(), nil},
	{P256, elliptic.P256(), ecdh.P256()},
	{P384, elliptic.P384(), ecdh.P384()},
	{P521, elliptic.P521(), ecdh.P521()},
}

func ecParts(k *ecdsa.PrivateKey) (pub, priv []byte) {
	size := (k.Curve.Params().BitSize + 7) / 8
	pub = elliptic.Marshal(k.Curve, k.X, k.Y) //nolint:staticcheck // the reference encoding
	return pub, k.D.FillBytes(make([]byte, size))
}

func TestPKeyECDSA(t *testing.T) {
	for _, c := range ecKinds {
		t.Run(c.curve.Params().Name, func(t *testing.T) {
			ref, _ := ecdsa.GenerateKey(c.curve, rand.Reader)
			pub, priv := ecParts(ref)
			digest := sha256.Sum256([]byte("forkcrypto"))

			sk := newKey(t, c.kind, Parts{PartPriv: priv})
			if got := get(t, sk, PartPub); !bytes.Equal(got, pub) {
				t.Errorf("derived public point %x, want %x", got, pub)
			}
			if got := get(t, sk, PartPriv); !bytes.Equal(got, priv) {
				t.Errorf("private part %x, want %x", got, priv)
			}
			newKey(t, c.kind, Parts{PartPriv: priv, PartPub: pub})
			sig := make([]byte, 160)
			n, err := PKeySign("test", sk, 0, PadNone, 0, digest[:], sig)
			if err != nil || !ecdsa.VerifyASN1(&ref.PublicKey, digest[:], sig[:n]) {
				t.Fatalf("fork signature does not verify with the standard library: %v", err)
			}
			// A 64-byte digest is longer than P-224's and P-256's order: truncated, as the standard says.
			long := bytes.Repeat([]byte{0xa5}, 64)
			n, err = PKeySign("test", sk, 0, PadNone, 0, long, sig)
			if err != nil || !ecdsa.VerifyASN1(&ref.PublicKey, long, sig[:n]) {
				t.Errorf("long digest: fork signature does not verify: %v", err)
			}

			pk := newKey(t, c.kind, Parts{PartPub: pub})
			refSig, _ := ecdsa.SignASN1(rand.Reader, ref, digest[:])
			if ok, err := PKeyVerify("test", pk, 0, PadNone, 0, digest[:], refSig); !ok || err != nil {
				t.Errorf("standard library signature rejected: %v, %v", ok, err)
			}
			d2 := digest
			d2[0] ^= 1
			if ok, err := PKeyVerify("test", pk, 0, PadNone, 0, d2[:], refSig); ok || err != nil {
				t.Errorf("signature of another digest: %v, %v", ok, err)
			}
			if ok, err := PKeyVerify("test", pk, 0, PadNone, 0, digest[:], []byte{0x30, 0}); ok || err != nil {
				t.Errorf("empty SEQUENCE as signature: %v, %v", ok, err)
			}

			off := bytes.Clone(pub)
			off[len(off)-1] ^= 1
			wantInvalidKey(t, "point off the curve", c.kind, Parts{PartPub: off})
			wantInvalidKey(t, "private key with another public point", c.kind, Parts{PartPriv: priv, PartPub: off})
			wantInvalidKey(t, "zero scalar", c.kind, Parts{PartPriv: make([]byte, len(priv))})

			g, err := PKeyGenerate("test", c.kind, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer PKeyFree(g)
			gd := get(t, g, PartPriv)
			gk, err := ecdsa.ParseRawPrivateKey(c.curve, gd)
			if err != nil {
				t.Fatal(err)
			}
			gpub, _ := gk.PublicKey.Bytes()
			if !bytes.Equal(gpub, get(t, g, PartPub)) {
				t.Error("generated key: public point does not match the scalar")
			}
		})
	}
}

func TestPKeyECDH(t *testing.T) {
	for _, c := range ecKinds {
		if c.ecdh == nil {
			continue
		}
		t.Run(c.curve.Params().Name, func(t *testing.T) {
			a, _ := c.ecdh.GenerateKey(rand.Reader)
			b, _ := c.ecdh.GenerateKey(rand.Reader)
			want, _ := a.ECDH(b.PublicKey())
			k := newKey(t, c.kind, Parts{PartPriv: a.Bytes()})
			out := make([]byte, 66)
			n, err := PKeyDerive("test", k, b.PublicKey().Bytes(), out)
			if err != nil || !bytes.Equal(out[:n], want) {
				t.Fatalf("derive: %x, %v; want %x", out[:n], err, want)
			}
			off := bytes.Clone(b.PublicKey().Bytes())
			off[len(off)-1] ^= 1
			if _, err := PKeyDerive("test", k, off, out); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("peer off the curve: %v, want ErrInvalidKey", err)
			}
		})
	}
}

func rsaParts(k *rsa.PrivateKey, crt bool) Parts {
	p := Parts{PartPub: k.N.Bytes(), PartE: big.NewInt(int64(k.E)).Bytes(), PartPriv: k.D.Bytes(),
		PartP: k.Primes[0].Bytes(), PartQ: k.Primes[1].Bytes()}
	if crt {
		p[PartDp], p[PartDq], p[PartQinv] = k.Precomputed.Dp.Bytes(), k.Precomputed.Dq.Bytes(), k.Precomputed.Qinv.Bytes()
	}
	return p
}

var rsaRef = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func TestPKeyRSA(t *testing.T) {
	ref := rsaRef()
	digest := sha256.Sum256([]byte("forkcrypto"))
	sk := newKey(t, RSA, rsaParts(ref, true))
	noCRT := newKey(t, RSA, rsaParts(ref, false))
	pk := newKey(t, RSA, Parts{PartPub: ref.N.Bytes(), PartE: big.NewInt(int64(ref.E)).Bytes()})
	for part, want := range map[int]*big.Int{PartPub: ref.N, PartPriv: ref.D, PartP: ref.Primes[0],
		PartQ: ref.Primes[1], PartDp: ref.Precomputed.Dp, PartDq: ref.Precomputed.Dq, PartQinv: ref.Precomputed.Qinv} {
		if got := get(t, noCRT, part); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("part %d of the key imported without CRT values: %x, want %x", part, got, want.Bytes())
		}
	}
	if got := get(t, pk, PartE); !bytes.Equal(got, []byte{1, 0, 1}) {
		t.Errorf("E = %x", got)
	}

	sig := make([]byte, 256)
	want, _ := rsa.SignPKCS1v15(nil, ref, crypto.SHA256, digest[:])
	for _, k := range []uintptr{sk, noCRT} {
		n, err := PKeySign("test", k, SHA256, PadPKCS1, 0, digest[:], sig)
		if err != nil || !bytes.Equal(sig[:n], want) {
			t.Errorf("PKCS #1 v1.5 signature differs from the standard library's: %v", err)
		}
	}
	if ok, err := PKeyVerify("test", pk, SHA256, PadPKCS1, 0, digest[:], want); !ok || err != nil {
		t.Errorf("PKCS #1 v1.5 verify: %v, %v", ok, err)
	}
	if ok, err := PKeyVerify("test", pk, SHA384, PadPKCS1, 0, digest[:], want); ok {
		t.Errorf("PKCS #1 v1.5 verify under another hash: %v, %v", ok, err)
	}
	raw, _ := rsa.SignPKCS1v15(nil, ref, 0, []byte("no DigestInfo"))
	if n, err := PKeySign("test", sk, 0, PadPKCS1, 0, []byte("no DigestInfo"), sig); err != nil || !bytes.Equal(sig[:n], raw) {
		t.Errorf("PKCS #1 v1.5 without a hash: %v", err)
	}

	for _, salt := range []int{32, 0, 222} {
		n, err := PKeySign("test", sk, SHA256, PadPSS, salt, digest[:], sig)
		if err != nil {
			t.Fatalf("PSS salt %d: %v", salt, err)
		}
		if err := rsa.VerifyPSS(&ref.PublicKey, crypto.SHA256, digest[:], sig[:n], &rsa.PSSOptions{SaltLength: salt}); err != nil {
			t.Errorf("PSS salt %d: the standard library rejects the fork's signature: %v", salt, err)
		}
		refSig, _ := rsa.SignPSS(rand.Reader, ref, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: salt})
		refSalt := salt
		if salt == 0 { // the standard library's 0 means "as long as possible"
			refSalt = 222
		}
		for _, v := range []int{refSalt, SaltAuto} {
			if ok, err := PKeyVerify("test", pk, SHA256, PadPSS, v, digest[:], refSig); !ok || err != nil {
				t.Errorf("PSS salt %d verified with %d: %v, %v", salt, v, ok, err)
			}
		}
		if ok, _ := PKeyVerify("test", pk, SHA256, PadPSS, refSalt-1, digest[:], refSig); ok {
			t.Errorf("PSS salt %d verified with salt %d", refSalt, refSalt-1)
		}
	}

	msg := []byte("attack at dawn")
	label := []byte("label")
	out := make([]byte, 256)
	n, err := PKeyCrypt("test", pk, false, PadOAEP, SHA256, SHA1, label, msg, out)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rsa.DecryptOAEP(sha256.New(), nil, ref, out[:n], label); err == nil {
		t.Errorf("OAEP with MGF1-SHA-1 decrypted under MGF1-SHA-256: %q", got)
	}
	if got, err := ref.Decrypt(nil, out[:n], &rsa.OAEPOptions{Hash: crypto.SHA256, MGFHash: crypto.SHA1, Label: label}); err != nil || !bytes.Equal(got, msg) {
		t.Errorf("standard library decrypt of the fork's OAEP: %q, %v", got, err)
	}
	ct, _ := rsa.EncryptOAEP(sha256.New(), rand.Reader, &ref.PublicKey, msg, label)
	if n, err := PKeyCrypt("test", sk, true, PadOAEP, SHA256, SHA256, label, ct, out); err != nil || !bytes.Equal(out[:n], msg) {
		t.Errorf("fork decrypt of the standard library's OAEP: %q, %v", out[:n], err)
	}
	if _, err := PKeyCrypt("test", sk, true, PadOAEP, SHA256, SHA256, []byte("other"), ct, out); !errors.Is(err, ErrAuthentication) {
		t.Errorf("OAEP under another label: %v, want ErrAuthentication", err)
	}
	ct, _ = rsa.EncryptPKCS1v15(rand.Reader, &ref.PublicKey, msg)
	if n, err := PKeyCrypt("test", sk, true, PadPKCS1, 0, 0, nil, ct, out); err != nil || !bytes.Equal(out[:n], msg) {
		t.Errorf("fork decrypt of PKCS #1 v1.5: %q, %v", out[:n], err)
	}
	n, err = PKeyCrypt("test", pk, false, PadPKCS1, 0, 0, nil, msg, out)
	if got, err2 := rsa.DecryptPKCS1v15(nil, ref, out[:n]); err != nil || err2 != nil || !bytes.Equal(got, msg) {
		t.Errorf("PKCS #1 v1.5 encrypt: %v, %v", err, err2)
	}
	ct[5] ^= 1
	if _, err := PKeyCrypt("test", sk, true, PadPKCS1, 0, 0, nil, ct, out); !errors.Is(err, ErrAuthentication) {
		t.Errorf("corrupted PKCS #1 v1.5 ciphertext: %v, want ErrAuthentication", err)
	}

	bad := rsaParts(ref, true)
	bad[PartPriv] = new(big.Int).Add(ref.D, big.NewInt(2)).Bytes()
	wantInvalidKey(t, "wrong private exponent", RSA, bad)
	bad = rsaParts(ref, true)
	bad[PartQinv] = new(big.Int).Add(ref.Precomputed.Qinv, big.NewInt(1)).Bytes()
	wantInvalidKey(t, "wrong CRT coefficient", RSA, bad)

	g, err := PKeyGenerate("test", RSA, 2048)
	if err != nil {
		t.Fatal(err)
	}
	defer PKeyFree(g)
	if len(get(t, g, PartPub)) != 256 || !bytes.Equal(get(t, g, PartE), []byte{1, 0, 1}) {
		t.Error("generated key is not RSA-2048 with e = 65537")
	}
}

// One key, many goroutines: keys are immutable and shared.
func TestPKeyConcurrent(t *testing.T) {
	ref, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, priv := ecParts(ref)
	k := newKey(t, P256, Parts{PartPriv: priv})
	ed := newKey(t, Ed25519, Parts{PartPriv: make([]byte, 32)})
	digest := sha256.Sum256(nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			sig := make([]byte, 80)
			for range 50 {
				n, err := PKeySign("test", k, 0, PadNone, 0, digest[:], sig)
				if ok, err2 := PKeyVerify("test", k, 0, PadNone, 0, digest[:], sig[:n]); err != nil || !ok || err2 != nil {
					t.Errorf("ECDSA: %v, %v, %v", err, ok, err2)
					return
				}
				n, err = PKeySign("test", ed, 0, PadNone, 0, digest[:], sig)
				if ok, err2 := PKeyVerify("test", ed, 0, PadNone, 0, digest[:], sig[:n]); err != nil || !ok || err2 != nil {
					t.Errorf("Ed25519: %v, %v, %v", err, ok, err2)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestPKeyFloor(t *testing.T) {
	ref, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pub, priv := ecParts(ref)
	k := newKey(t, P256, Parts{PartPriv: priv})
	digest := sha256.Sum256(nil)
	sig, _ := ecdsa.SignASN1(rand.Reader, ref, digest[:])
	spki := unhex("3059301306072a8648ce3d020106082a8648ce3d030107034200") // followed by the point
	spki = append(spki, pub...)
	for name, ok := range map[string]bool{
		"sign":    PKeyFloor(FloorSign, 3, k, 0, PadNone, digest[:], nil),
		"verify":  PKeyFloor(FloorVerify, 3, k, 0, PadNone, digest[:], sig),
		"derive":  PKeyFloor(FloorDerive, 3, k, 0, PadNone, nil, pub),
		"import":  PKeyFloor(FloorImportPublic, 3, 0, P256, PadNone, pub, nil),
		"d2i":     PKeyFloor(FloorD2IPubkey, 3, 0, P256, PadNone, spki, nil),
		"bad sig": !PKeyFloor(FloorVerify, 3, k, 0, PadNone, digest[:], sig[:len(sig)-1]),
	} {
		if !ok {
			t.Errorf("%s: floor loop failed", name)
		}
	}
	rk := newKey(t, RSA, rsaParts(rsaRef(), true))
	rsig, _ := rsa.SignPKCS1v15(nil, rsaRef(), crypto.SHA256, digest[:])
	if !PKeyFloor(FloorSign, 2, rk, SHA256, PadPKCS1, digest[:], nil) ||
		!PKeyFloor(FloorVerify, 2, rk, SHA256, PadPKCS1, digest[:], rsig) ||
		!PKeyFloor(FloorImportPublic, 2, 0, RSA, PadNone, rsaRef().N.Bytes(), []byte{1, 0, 1}) {
		t.Error("RSA floor loops failed")
	}
}
