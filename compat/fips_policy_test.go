package compat_test

// FIPS-only mode against its promise: one conformance table of operations
// with valid inputs, run on every leg in a child process started with
// FORKCRYPTO_FIPS=only, must refuse exactly what testdata/fips-policy.golden
// lists, identically on every fork. Run without the policy, every case must
// work (or be unsupported by the fork); on a leg with a FIPS module in force,
// whatever the module alone refuses must be refused by the policy too.
//
// go test -run TestFIPSPolicyConformance -update-fips-golden rewrites the golden file.

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/compat/hpke"
)

var updateFIPSGolden = flag.Bool("update-fips-golden", false, "rewrite testdata/fips-policy.golden")

type fipsCase struct {
	name string
	run  func() error
}

// fipsRSAKeys are fixed-size RSA keys made by the standard library, once.
var fipsRSAKeys = sync.OnceValue(func() map[int]*rsa.PrivateKey {
	keys := map[int]*rsa.PrivateKey{}
	for _, bits := range []int{1024, 2048} {
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			panic(err)
		}
		keys[bits] = k
	}
	return keys
})

func rsaKey(bits int) (*compat.RSAPrivateKey, error) {
	return compat.NewRSAPrivateKey(fipsRSAKeys()[bits])
}

// catch runs f, turning a panic with an error (the shape of refusals where
// the standard library's signature has no error) into that error.
func catch(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				e = fmt.Errorf("panic: %v", r)
			}
			err = e
		}
	}()
	return f()
}

func hashCase(name string, h func() interface{ Sum([]byte) []byte }) fipsCase {
	return fipsCase{name, func() error { h().Sum(nil); return nil }}
}

func hmacCase(name string, keyLen int) fipsCase {
	return fipsCase{name, func() error {
		m := compat.NewHMAC(compat.NewSHA256, make([]byte, keyLen))
		m.Write([]byte("message"))
		m.Sum(nil)
		return nil
	}}
}

func pbkdf2Case(name string, saltLen, iter, keyLen int) fipsCase {
	return fipsCase{name, func() error {
		_, err := compat.PBKDF2Key(sha256.New, "password", make([]byte, saltLen), iter, keyLen)
		return err
	}}
}

func rsaSignCase(name string, bits int, opts crypto.SignerOpts) fipsCase {
	return fipsCase{name, func() error {
		k, err := rsaKey(bits)
		if err != nil {
			return err
		}
		digest := make([]byte, opts.HashFunc().Size())
		_, err = k.Sign(nil, digest, opts)
		return err
	}}
}

func hpkeCase(name string, kem hpke.KEM, aead hpke.AEAD) fipsCase {
	return fipsCase{name, func() error {
		k, err := kem.GenerateKey()
		if err != nil {
			return err
		}
		ct, err := hpke.Seal(k.PublicKey(), hpke.HKDFSHA256(), aead, []byte("info"), []byte("message"))
		if err != nil {
			return err
		}
		_, err = hpke.Open(k, hpke.HKDFSHA256(), aead, []byte("info"), ct)
		return err
	}}
}

// fipsCases is the conformance table: every algorithm the package offers,
// and each parameter rule of FIPS-only mode on both sides of its bound.
func fipsCases() []fipsCase {
	key16, nonce := make([]byte, 16), make([]byte, 12)
	stdGCM := func() cipher.AEAD { b, _ := aes.NewCipher(key16); g, _ := cipher.NewGCM(b); return g }
	return []fipsCase{
		hashCase("MD5", func() interface{ Sum([]byte) []byte } { return compat.NewMD5() }),
		hashCase("SHA-1", func() interface{ Sum([]byte) []byte } { return compat.NewSHA1() }),
		hashCase("SHA-256", func() interface{ Sum([]byte) []byte } { return compat.NewSHA256() }),
		hashCase("SHA-512", func() interface{ Sum([]byte) []byte } { return compat.NewSHA512() }),
		hashCase("SHA3-256", func() interface{ Sum([]byte) []byte } { return compat.NewSHA3_256() }),
		{"SHAKE256", func() error { compat.NewSHAKE256().Read(make([]byte, 32)); return nil }},
		{"HMAC-MD5, 16-byte key", func() error { compat.NewHMAC(compat.NewMD5, key16).Sum(nil); return nil }},
		hmacCase("HMAC-SHA-256, 13-byte key", 13),
		hmacCase("HMAC-SHA-256, 14-byte key", 14),
		hmacCase("HMAC-SHA-256, 32-byte key", 32),
		{"HMAC-SHA-1, 20-byte key", func() error { compat.NewHMAC(compat.NewSHA1, make([]byte, 20)).Sum(nil); return nil }},
		{"AES-GCM seal, caller's nonce", func() error {
			a, err := compat.NewAESGCM(key16)
			if err == nil {
				a.Seal(nil, nonce, []byte("message"), nil)
			}
			return err
		}},
		{"AES-GCM open", func() error {
			a, err := compat.NewAESGCM(key16)
			if err == nil {
				_, err = a.Open(nil, nonce, stdGCM().Seal(nil, nonce, []byte("message"), nil), nil)
			}
			return err
		}},
		{"AES-GCM with random nonce, seal and open", func() error {
			a, err := compat.NewAESGCMWithRandomNonce(key16)
			if err == nil {
				_, err = a.Open(nil, nil, a.Seal(nil, nil, []byte("message"), nil), nil)
			}
			return err
		}},
		{"AES-CTR", func() error {
			s, err := compat.NewAESCTR(key16, make([]byte, 16))
			if err == nil {
				s.XORKeyStream(make([]byte, 16), make([]byte, 16))
			}
			return err
		}},
		{"AES-CBC", func() error {
			m, err := compat.NewAESCBCEncrypter(key16, make([]byte, 16))
			if err == nil {
				m.CryptBlocks(make([]byte, 16), make([]byte, 16))
			}
			return err
		}},
		{"ChaCha20-Poly1305", func() error { _, err := compat.NewChaCha20Poly1305(make([]byte, 32)); return err }},
		{"XChaCha20-Poly1305", func() error { _, err := compat.NewXChaCha20Poly1305(make([]byte, 32)); return err }},
		{"ECDSA P-256 sign SHA-256, verify", func() error {
			k, err := compat.GenerateKeyECDSA(elliptic.P256())
			if err != nil {
				return err
			}
			d := sha256.Sum256([]byte("m"))
			sig, err := k.Sign(nil, d[:], crypto.SHA256)
			if err == nil && !compat.VerifyECDSA(k.PublicKey(), d[:], sig) {
				err = errors.New("does not verify")
			}
			return err
		}},
		{"ECDSA P-384 sign SHA-1", func() error {
			k, err := compat.GenerateKeyECDSA(elliptic.P384())
			if err == nil {
				d := sha1.Sum([]byte("m"))
				_, err = k.Sign(nil, d[:], crypto.SHA1)
			}
			return err
		}},
		{"Ed25519 sign", func() error {
			k, err := compat.GenerateKeyEd25519()
			if err == nil {
				_, err = k.Sign(nil, []byte("m"), crypto.Hash(0))
			}
			return err
		}},
		{"ECDH P-256", func() error {
			k, err := compat.GenerateKeyECDH(ecdh.P256())
			if err == nil {
				peer, _ := ecdh.P256().GenerateKey(rand.Reader)
				_, err = k.ECDH(peer.PublicKey())
			}
			return err
		}},
		{"X25519", func() error { _, err := compat.GenerateKeyECDH(ecdh.X25519()); return err }},
		{"RSA-1024 generate", func() error { _, err := compat.GenerateKeyRSA(1024); return err }},
		{"RSA-2048 generate", func() error { _, err := compat.GenerateKeyRSA(2048); return err }},
		rsaSignCase("RSA-2048 sign PKCS #1 v1.5 SHA-256", 2048, crypto.SHA256),
		rsaSignCase("RSA-2048 sign PSS SHA-256", 2048, &rsa.PSSOptions{Hash: crypto.SHA256, SaltLength: rsa.PSSSaltLengthEqualsHash}),
		rsaSignCase("RSA-2048 sign PKCS #1 v1.5 SHA-1", 2048, crypto.SHA1),
		rsaSignCase("RSA-1024 sign PKCS #1 v1.5 SHA-256", 1024, crypto.SHA256),
		{"RSA-1024 verify PKCS #1 v1.5 SHA-256", func() error {
			k := fipsRSAKeys()[1024]
			d := sha256.Sum256([]byte("m"))
			sig, _ := rsa.SignPKCS1v15(nil, k, crypto.SHA256, d[:])
			pub, err := compat.NewRSAPublicKey(&k.PublicKey)
			if err == nil {
				err = compat.VerifyPKCS1v15(pub, crypto.SHA256, d[:], sig)
			}
			return err
		}},
		{"RSA-2048 OAEP SHA-256 encrypt and decrypt", func() error {
			k, err := rsaKey(2048)
			if err != nil {
				return err
			}
			ct, err := compat.EncryptOAEP(crypto.SHA256, k.PublicKey(), []byte("m"), nil)
			if err == nil {
				_, err = k.Decrypt(nil, ct, &rsa.OAEPOptions{Hash: crypto.SHA256})
			}
			return err
		}},
		{"RSA-1024 OAEP SHA-256 decrypt", func() error {
			k, err := rsaKey(1024)
			if err != nil {
				return err
			}
			ct, _ := rsa.EncryptOAEP(sha256.New(), rand.Reader, &fipsRSAKeys()[1024].PublicKey, []byte("m"), nil)
			_, err = k.Decrypt(nil, ct, &rsa.OAEPOptions{Hash: crypto.SHA256})
			return err
		}},
		{"RSA-2048 PKCS #1 v1.5 encrypt", func() error {
			k, err := rsaKey(2048)
			if err == nil {
				_, err = compat.EncryptPKCS1v15(k.PublicKey(), []byte("m"))
			}
			return err
		}},
		{"RSA-2048 PKCS #1 v1.5 decrypt", func() error {
			k, err := rsaKey(2048)
			if err != nil {
				return err
			}
			ct, _ := rsa.EncryptPKCS1v15(rand.Reader, &fipsRSAKeys()[2048].PublicKey, []byte("m"))
			_, err = k.Decrypt(nil, ct, nil)
			return err
		}},
		pbkdf2Case("PBKDF2 salt 16, 1000 iterations, 32 bytes", 16, 1000, 32),
		pbkdf2Case("PBKDF2 salt 15", 15, 1000, 32),
		pbkdf2Case("PBKDF2 999 iterations", 16, 999, 32),
		pbkdf2Case("PBKDF2 13-byte output", 16, 1000, 13),
		pbkdf2Case("PBKDF2 14-byte output", 16, 1000, 14),
		{"HKDF 32-byte secret", func() error { _, err := compat.HKDFKey(sha256.New, make([]byte, 32), nil, "", 32); return err }},
		{"HKDF 13-byte secret", func() error { _, err := compat.HKDFKey(sha256.New, make([]byte, 13), nil, "", 32); return err }},
		{"HKDF-Extract 13-byte secret", func() error { _, err := compat.HKDFExtract(sha256.New, make([]byte, 13), nil); return err }},
		{"HKDF-Expand 32-byte key", func() error { _, err := compat.HKDFExpand(sha256.New, make([]byte, 32), "", 32); return err }},
		{"HKDF-Expand 13-byte key", func() error { _, err := compat.HKDFExpand(sha256.New, make([]byte, 13), "", 32); return err }},
		{"HKDF with MD5", func() error { _, err := compat.HKDFKey(compat.NewMD5, make([]byte, 32), nil, "", 16); return err }},
		{"SP 800-108 KDF 32-byte key", func() error { _, err := compat.CounterKDF(sha256.New, make([]byte, 32), nil, nil, 32); return err }},
		{"SP 800-108 KDF 13-byte key", func() error { _, err := compat.CounterKDF(sha256.New, make([]byte, 13), nil, nil, 32); return err }},
		{"TLS 1.2 PRF", func() error {
			_, err := compat.TLS12PRF(sha256.New, make([]byte, 48), "master secret", make([]byte, 64), 48)
			return err
		}},
		{"TLS 1.3 HKDF-Expand-Label", func() error {
			_, err := compat.TLS13ExpandLabel(sha256.New, make([]byte, 32), "key", nil, 16)
			return err
		}},
		{"ML-KEM-768 generate, encapsulate, decapsulate", func() error {
			k, err := compat.GenerateKeyMLKEM768()
			if err == nil {
				_, ct := k.EncapsulationKey().Encapsulate()
				_, err = k.Decapsulate(ct)
			}
			return err
		}},
		{"ML-DSA-65 sign and verify", func() error {
			k, err := compat.GenerateKeyMLDSA(compat.MLDSA65())
			if err != nil {
				return err
			}
			sig, err := k.Sign(nil, []byte("m"), nil)
			if err == nil {
				err = compat.VerifyMLDSA(k.PublicKey(), []byte("m"), sig, nil)
			}
			return err
		}},
		hpkeCase("HPKE DHKEM(P-256) AES-128-GCM", hpke.DHKEM(ecdh.P256()), hpke.AES128GCM()),
		hpkeCase("HPKE DHKEM(P-256) ChaCha20-Poly1305", hpke.DHKEM(ecdh.P256()), hpke.ChaCha20Poly1305()),
		hpkeCase("HPKE DHKEM(X25519) AES-128-GCM", hpke.DHKEM(ecdh.X25519()), hpke.AES128GCM()),
		hpkeCase("HPKE ML-KEM-768 AES-256-GCM", hpke.MLKEM768(), hpke.AES256GCM()),
	}
}

// fipsOutcome is one case's result: its error text, and whether it is a
// refusal (ErrFIPS) or the fork lacking the algorithm (ErrUnsupported).
type fipsOutcome struct {
	Name        string
	Err         string
	Refused     bool
	Unsupported bool
}

func runFIPSCases() []fipsOutcome {
	var out []fipsOutcome
	for _, c := range fipsCases() {
		err := catch(c.run)
		o := fipsOutcome{Name: c.name, Refused: errors.Is(err, compat.ErrFIPS), Unsupported: errors.Is(err, compat.ErrUnsupported)}
		if err != nil {
			o.Err = err.Error()
		}
		out = append(out, o)
	}
	return out
}

// TestFIPSPolicyChild is the child's side: with FORKCRYPTO_FIPS_CASES naming
// a file, it writes the outcomes there.
func TestFIPSPolicyChild(t *testing.T) {
	path := os.Getenv("FORKCRYPTO_FIPS_CASES")
	if path == "" {
		t.Skip("runs in the child process TestFIPSPolicyConformance starts")
	}
	b, err := json.Marshal(runFIPSCases())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFIPSPolicyConformance(t *testing.T) {
	if os.Getenv("FORKCRYPTO_FIPS_CASES") != "" {
		t.Skip("in the child")
	}
	if compat.FIPSOnly() {
		t.Skip("this process runs in FIPS-only mode: the table compares the policy with the fork alone")
	}
	// The policy, in a child started with FORKCRYPTO_FIPS=only.
	path := filepath.Join(t.TempDir(), "outcomes.json")
	cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSPolicyChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "FORKCRYPTO_FIPS=only", "FORKCRYPTO_FIPS_CASES="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var policy []fipsOutcome
	if err := json.Unmarshal(b, &policy); err != nil {
		t.Fatal(err)
	}
	var golden strings.Builder
	golden.WriteString("# FIPS-only mode's verdict on each case of compat/fips_policy_test.go, the same on every leg.\n")
	for _, o := range policy {
		verdict := "allowed"
		if o.Refused {
			verdict = "refused"
			if !strings.Contains(o.Err, "FIPS") {
				t.Errorf("%s: the refusal does not name its rule: %s", o.Name, o.Err)
			}
		}
		fmt.Fprintf(&golden, "%s\t%s\n", verdict, o.Name)
	}
	goldenPath := filepath.Join("testdata", "fips-policy.golden")
	if *updateFIPSGolden {
		if err := os.WriteFile(goldenPath, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if got := golden.String(); got != string(want) {
		t.Errorf("FIPS-only verdicts on %s differ from %s:\n%s", compat.Backend().Fork, goldenPath, lineDiff(string(want), got))
	}
	for _, o := range policy {
		if !o.Refused && o.Err != "" && !o.Unsupported {
			t.Errorf("%s: allowed by the policy but failed: %s", o.Name, o.Err)
		}
	}

	// The fork alone, in this process: every case works or is unsupported,
	// except what a FIPS module in force refuses, which the policy refuses too.
	refusedByPolicy := map[string]bool{}
	for _, o := range policy {
		refusedByPolicy[o.Name] = o.Refused
	}
	var moduleRefused []string
	for _, o := range runFIPSCases() {
		if o.Err == "" || o.Unsupported {
			continue
		}
		if !compat.Backend().FIPS {
			t.Errorf("%s: fails without FIPS-only mode or a FIPS module: %s", o.Name, o.Err)
			continue
		}
		moduleRefused = append(moduleRefused, o.Name)
		if !refusedByPolicy[o.Name] {
			t.Errorf("%s: the FIPS module refuses it (%s) but FIPS-only mode allows it", o.Name, o.Err)
		}
	}
	if compat.Backend().FIPS {
		t.Logf("the FIPS module (%s) alone refuses %d cases: %s", compat.Backend().FIPSModule, len(moduleRefused), strings.Join(moduleRefused, "; "))
		var stricter []string
		for _, o := range policy {
			if o.Refused && !bytes.Contains([]byte("\x00"+strings.Join(moduleRefused, "\x00")+"\x00"), []byte("\x00"+o.Name+"\x00")) {
				stricter = append(stricter, o.Name)
			}
		}
		t.Logf("the policy is stricter than the module on: %s", strings.Join(stricter, "; "))
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
