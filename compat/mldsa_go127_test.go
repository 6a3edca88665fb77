//go:build go1.27

package compat_test

// ML-DSA beside Go 1.27's crypto/mldsa and crypto/x509: signatures verify
// both ways, seeds give the same keys, keys convert, the encodings are
// crypto/x509's bytes, and a certificate signed by a fork-held key is
// verified by crypto/x509.

import (
	"bytes"
	"crypto"
	"crypto/mldsa"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/forkcrypto/forkcrypto/compat"
)

var stdMLDSA = map[string]mldsa.Parameters{
	"ML-DSA-44": mldsa.MLDSA44(), "ML-DSA-65": mldsa.MLDSA65(), "ML-DSA-87": mldsa.MLDSA87(),
}

func TestMLDSAStdlib(t *testing.T) {
	if compat.MLDSAMu != crypto.MLDSAMu {
		t.Fatalf("compat.MLDSAMu is %d, crypto.MLDSAMu %d", compat.MLDSAMu, crypto.MLDSAMu)
	}
	for _, s := range mldsaSets {
		t.Run(s.params.String(), func(t *testing.T) {
			if !mldsaAvailable(t, s.params) {
				return
			}
			std, err := mldsa.GenerateKey(stdMLDSA[s.params.String()])
			if err != nil {
				t.Fatal(err)
			}
			sk, err := compat.NewMLDSAPrivateKey(std)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sk.PublicKey().Bytes(), std.PublicKey().Bytes()) {
				t.Fatal("the seed gives another public key than crypto/mldsa's")
			}
			msg := []byte("crypto/mldsa interop")
			opts := &compat.MLDSAOptions{Context: "interop"}
			stdOpts := &mldsa.Options{Context: "interop"}
			// Deterministic: the same bytes.
			want, _ := std.SignDeterministic(msg, stdOpts)
			if got, err := sk.SignDeterministic(msg, opts); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("deterministic signature differs from crypto/mldsa's (%v)", err)
			}
			// Hedged, both ways.
			sig, err := sk.Sign(rand.Reader, msg, opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := mldsa.Verify(std.PublicKey(), msg, sig, stdOpts); err != nil {
				t.Fatalf("crypto/mldsa rejects the fork's signature: %v", err)
			}
			stdSig, _ := std.Sign(nil, msg, stdOpts)
			if err := compat.VerifyMLDSA(sk.PublicKey(), msg, stdSig, opts); err != nil {
				t.Fatalf("the fork rejects crypto/mldsa's signature: %v", err)
			}
			// External mu, with crypto.MLDSAMu itself.
			m := mu(std.PublicKey().Bytes(), []byte("interop"), msg)
			want, _ = std.SignDeterministic(m, crypto.MLDSAMu)
			if got, err := sk.SignDeterministic(m, crypto.MLDSAMu); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("deterministic mu signature differs from crypto/mldsa's (%v)", err)
			}
			// Conversions.
			back, err := sk.MLDSA()
			if err != nil || !back.Equal(std) {
				t.Fatalf("MLDSA(): %v", err)
			}
			pub, err := compat.NewMLDSAPublicKey(std.PublicKey())
			if err != nil || !pub.Equal(sk.PublicKey()) {
				t.Fatalf("NewMLDSAPublicKey: %v", err)
			}
			if p, _ := sk.Public().(*mldsa.PublicKey); p == nil || !p.Equal(std.PublicKey()) {
				t.Fatalf("Public() is %T, want crypto/mldsa's key", sk.Public())
			}
			// Encodings: crypto/x509's bytes, and each parses the other's.
			wantSPKI, _ := x509.MarshalPKIXPublicKey(std.PublicKey())
			if got, err := compat.MarshalPKIXPublicKey(sk.PublicKey()); err != nil || !bytes.Equal(got, wantSPKI) {
				t.Errorf("SPKI differs from crypto/x509's (%v)", err)
			}
			wantPKCS8, _ := x509.MarshalPKCS8PrivateKey(std)
			got, err := compat.MarshalPKCS8PrivateKey(sk)
			if err != nil || !bytes.Equal(got, wantPKCS8) {
				t.Errorf("PKCS #8 differs from crypto/x509's (%v)", err)
			}
			if k, err := compat.ParsePKCS8PrivateKey(wantPKCS8); err != nil || !k.(*compat.MLDSAPrivateKey).Equal(sk) {
				t.Errorf("crypto/x509's PKCS #8: %v", err)
			}
			if k, err := compat.ParsePKIXPublicKey(wantSPKI); err != nil || !k.(*compat.MLDSAPublicKey).Equal(sk.PublicKey()) {
				t.Errorf("crypto/x509's SPKI: %v", err)
			}
		})
	}
}

// TestMLDSACertificate has crypto/x509 build a certificate signed by a
// fork-held ML-DSA key (the key is a crypto.Signer whose Public is
// crypto/mldsa's), then parse it and check its signature.
func TestMLDSACertificate(t *testing.T) {
	s := mldsaSets[1]
	if !mldsaAvailable(t, s.params) {
		return
	}
	sk, err := compat.GenerateKeyMLDSA(s.params)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "forkcrypto ML-DSA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, sk.Public(), sk)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if err := cert.CheckSignatureFrom(cert); err != nil {
		t.Fatalf("crypto/x509 rejects the fork's signature on the certificate: %v", err)
	}
	// And the fork verifies it, from the certificate's public key.
	pub, err := compat.ParsePKIXPublicKey(cert.RawSubjectPublicKeyInfo)
	if err != nil {
		t.Fatal(err)
	}
	if err := compat.VerifyMLDSA(pub.(*compat.MLDSAPublicKey), cert.RawTBSCertificate, cert.Signature, nil); err != nil {
		t.Fatalf("the fork rejects the certificate's signature: %v", err)
	}
	cert.Signature[0] ^= 1
	if err := compat.VerifyMLDSA(pub.(*compat.MLDSAPublicKey), cert.RawTBSCertificate, cert.Signature, nil); !errors.Is(err, compat.ErrSignature) {
		t.Fatalf("a corrupted certificate signature: %v", err)
	}
}
