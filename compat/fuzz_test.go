package compat_test

// Fuzz targets for the paths that take outside bytes and are not key
// encodings (FuzzParseKeys) or HPKE (compat/hpke's FuzzOpen): signature
// verification, RSA decryption, AEAD Open, ML-KEM decapsulation and ML-DSA
// verification. Each compares with a reference in Go on the same input, so a
// fork accepting what it should refuse (or the reverse) fails, and none may
// panic. make fuzz runs them for FUZZTIME; make test for 10 s each.

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/mlkem"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"math/big"
	"testing"

	circl65 "github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/forkcrypto/forkcrypto/compat"
)

// fuzzP256 is a fixed P-256 key: RFC 6979 A.2.5's.
func fuzzP256(tb testing.TB) (*ecdsa.PrivateKey, *compat.ECDSAPublicKey) {
	d, _ := new(big.Int).SetString("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", 16)
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d.FillBytes(make([]byte, 32)))
	if err != nil {
		tb.Fatal(err)
	}
	pub, err := compat.NewECDSAPublicKey(&k.PublicKey)
	if err != nil {
		tb.Skipf("P-256 on this leg: %v", err)
	}
	return k, pub
}

// FuzzVerifyECDSA: the fork's verdict on any digest and DER signature is
// crypto/ecdsa's.
func FuzzVerifyECDSA(f *testing.F) {
	k, pub := fuzzP256(f)
	d := sha256.Sum256([]byte("sample"))
	sig, _ := ecdsa.SignASN1(nil, k, d[:])
	f.Add(d[:], sig)
	f.Add(d[:], append(bytes.Clone(sig), 0))
	f.Add(d[:], sig[:len(sig)-1])
	f.Add(d[:16], sig)
	f.Add([]byte{}, []byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, digest, sig []byte) {
		if got, want := compat.VerifyECDSA(pub, digest, sig), ecdsa.VerifyASN1(&k.PublicKey, digest, sig); got != want {
			t.Fatalf("VerifyECDSA = %v, crypto/ecdsa %v (digest %x, signature %x)", got, want, digest, sig)
		}
	})
}

// fuzzRSAKey is generated per process: a differential needs no fixed key.
func fuzzRSAKey() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}

// FuzzRSA: decryption of any ciphertext fails with ErrDecryption or gives
// crypto/rsa's plaintext, and verification agrees with crypto/rsa.
func FuzzRSA(f *testing.F) {
	std := fuzzRSAKey()
	k, err := compat.NewRSAPrivateKey(std)
	if err != nil {
		f.Skipf("RSA on this leg: %v", err)
	}
	d := sha256.Sum256([]byte("m"))
	sig, _ := rsa.SignPKCS1v15(nil, std, crypto.SHA256, d[:])
	oaep, _ := rsa.EncryptOAEP(sha256.New(), rand.Reader, &std.PublicKey, []byte("m"), nil)
	f.Add(uint8(0), sig)
	f.Add(uint8(1), oaep)
	f.Add(uint8(2), sig)
	f.Add(uint8(0), make([]byte, 256))
	f.Add(uint8(1), bytes.Repeat([]byte{0xff}, 256))
	f.Fuzz(func(t *testing.T, op uint8, in []byte) {
		switch op % 3 {
		case 0: // PKCS #1 v1.5 signature of d
			got := compat.VerifyPKCS1v15(k.PublicKey(), crypto.SHA256, d[:], in)
			want := rsa.VerifyPKCS1v15(&std.PublicKey, crypto.SHA256, d[:], in)
			if (got == nil) != (want == nil) || (got != nil && !errors.Is(got, compat.ErrSignature)) {
				t.Fatalf("VerifyPKCS1v15: %v, crypto/rsa %v", got, want)
			}
		case 1: // OAEP
			got, err := k.Decrypt(nil, in, &rsa.OAEPOptions{Hash: crypto.SHA256})
			want, werr := rsa.DecryptOAEP(sha256.New(), nil, std, in, nil)
			if (err == nil) != (werr == nil) || !bytes.Equal(got, want) || (err != nil && !errors.Is(err, compat.ErrDecryption)) {
				t.Fatalf("OAEP decrypt: %x, %v; crypto/rsa %x, %v", got, err, want, werr)
			}
		case 2: // PSS with the salt recovered
			got := compat.VerifyPSS(k.PublicKey(), crypto.SHA256, d[:], in, nil)
			want := rsa.VerifyPSS(&std.PublicKey, crypto.SHA256, d[:], in, nil)
			if (got == nil) != (want == nil) {
				t.Fatalf("VerifyPSS: %v, crypto/rsa %v", got, want)
			}
		}
	})
}

// FuzzAEADOpen: AES-GCM and ChaCha20-Poly1305 open exactly what the Go
// implementations open, to the same plaintext, and fail with ErrAuthentication.
func FuzzAEADOpen(f *testing.F) {
	key := bytes.Repeat([]byte{7}, 32)
	block, _ := aes.NewCipher(key)
	stdGCM, _ := cipher.NewGCM(block)
	stdChaCha, _ := chacha20poly1305.New(key)
	nonce := make([]byte, 12)
	f.Add(false, nonce, []byte("ad"), stdGCM.Seal(nil, nonce, []byte("plaintext"), []byte("ad")))
	f.Add(true, nonce, []byte("ad"), stdChaCha.Seal(nil, nonce, []byte("plaintext"), []byte("ad")))
	f.Add(false, nonce, []byte{}, make([]byte, 15))
	f.Fuzz(func(t *testing.T, chacha bool, nonce, ad, ct []byte) {
		if len(nonce) != 12 {
			return // a wrong nonce length panics by contract, as in the standard library
		}
		newAEAD, std := compat.NewAESGCM, stdGCM
		if chacha {
			newAEAD, std = compat.NewChaCha20Poly1305, stdChaCha
		}
		a, err := newAEAD(key)
		if err != nil {
			t.Skipf("%v", err)
		}
		got, err := a.Open(nil, nonce, ct, ad)
		want, werr := std.Open(nil, nonce, ct, ad)
		if (err == nil) != (werr == nil) || !bytes.Equal(got, want) || (err != nil && !errors.Is(err, compat.ErrAuthentication)) {
			t.Fatalf("Open: %x, %v; Go %x, %v", got, err, want, werr)
		}
	})
}

// FuzzMLKEMDecapsulate: any ciphertext decapsulates to crypto/mlkem's
// secret (the implicit-rejection one included) or, at a wrong length, fails.
func FuzzMLKEMDecapsulate(f *testing.F) {
	seed := bytes.Repeat([]byte{5}, 64)
	dk, err := compat.NewDecapsulationKeyMLKEM768(seed)
	if err != nil {
		f.Skipf("ML-KEM-768 on this leg: %v", err)
	}
	std, _ := mlkem.NewDecapsulationKey768(seed)
	_, ct := std.EncapsulationKey().Encapsulate()
	f.Add(ct)
	f.Add(ct[:len(ct)-1])
	f.Add(make([]byte, len(ct)))
	f.Fuzz(func(t *testing.T, ct []byte) {
		got, err := dk.Decapsulate(ct)
		want, werr := std.Decapsulate(ct)
		if (err == nil) != (werr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("Decapsulate: %x, %v; crypto/mlkem %x, %v", got, err, want, werr)
		}
	})
}

// FuzzMLDSAVerify: the fork's verdict on any message, context and signature
// is CIRCL's.
func FuzzMLDSAVerify(f *testing.F) {
	var seed [32]byte
	sk, err := compat.NewPrivateKeyMLDSA(compat.MLDSA65(), seed[:])
	if err != nil {
		f.Skipf("ML-DSA-65 on this leg: %v", err)
	}
	ref, _ := circl65.NewKeyFromSeed(&seed)
	sig, _ := sk.SignDeterministic([]byte("m"), &compat.MLDSAOptions{Context: "c"})
	f.Add([]byte("m"), "c", sig)
	f.Add([]byte("m"), "", sig)
	f.Add([]byte("m"), "c", sig[:100])
	f.Fuzz(func(t *testing.T, msg []byte, ctx string, sig []byte) {
		if len(ctx) > 255 {
			return
		}
		err := compat.VerifyMLDSA(sk.PublicKey(), msg, sig, &compat.MLDSAOptions{Context: ctx})
		want := circl65.Verify(ref, msg, []byte(ctx), sig)
		if (err == nil) != want || (err != nil && !errors.Is(err, compat.ErrSignature)) {
			t.Fatalf("VerifyMLDSA: %v; CIRCL %v", err, want)
		}
	})
}
