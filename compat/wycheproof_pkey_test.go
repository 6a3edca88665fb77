package compat_test

// Project Wycheproof vectors (github.com/google/wycheproof) for the keys held
// by the fork: ECDSA on the NIST curves (DER and IEEE P1363 signatures),
// Ed25519, X25519, ECDH on the NIST curves, RSA PKCS #1 v1.5 and PSS
// signatures, and RSA OAEP and PKCS #1 v1.5 decryption.

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// ---- decoding ----

type wpPKeyFile struct {
	Algorithm     string        `json:"algorithm"`
	NumberOfTests int           `json:"numberOfTests"`
	TestGroups    []wpPKeyGroup `json:"testGroups"`
}

type wpPKeyGroup struct {
	Type     string `json:"type"`
	Curve    string `json:"curve"`    // ECDH and XDH groups
	Encoding string `json:"encoding"` // ECDH: "asn" or "ecpoint"
	Key      struct {
		Curve string   `json:"curve"`
		Pk    hexBytes `json:"pk"` // EdDSA
	} `json:"key"`
	KeyDER          hexBytes `json:"keyDer"`
	PrivateKeyPKCS8 hexBytes `json:"privateKeyPkcs8"`
	KeyBits         int      `json:"keysize"` // RSA
	SHA             string   `json:"sha"`
	MGF             string   `json:"mgf"`
	MGFSHA          string   `json:"mgfSha"`
	SLen            int      `json:"sLen"`
	Tests           []wpPKeyTest
}

type wpPKeyTest struct {
	TcID    int      `json:"tcId"`
	Comment string   `json:"comment"`
	Msg     hexBytes `json:"msg"`
	Sig     hexBytes `json:"sig"`
	Public  hexBytes `json:"public"`
	Private hexBytes `json:"private"`
	Shared  hexBytes `json:"shared"`
	CT      hexBytes `json:"ct"`
	Label   hexBytes `json:"label"`
	Result  string   `json:"result"`
	Flags   []string `json:"flags"`
}

func readWycheproofPKey(t *testing.T, name string) *wpPKeyFile {
	t.Helper()
	dir := fetchModule(t, wycheproofModule, wycheproofVersion)
	data, err := os.ReadFile(filepath.Join(dir, "testvectors", name))
	if err != nil {
		t.Fatal(err)
	}
	var f wpPKeyFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	n := 0
	for _, g := range f.TestGroups {
		n += len(g.Tests)
	}
	if n == 0 || n != f.NumberOfTests {
		t.Fatalf("%s: %d tests decoded, the file announces %d", name, n, f.NumberOfTests)
	}
	return &f
}

// wycheproofFiles lists the vector files matching pattern, failing the test
// when there are fewer than min.
func wycheproofFiles(t *testing.T, pattern string, min int, exclude ...string) []string {
	t.Helper()
	dir := fetchModule(t, wycheproofModule, wycheproofVersion)
	paths, err := filepath.Glob(filepath.Join(dir, "testvectors", pattern))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		name := filepath.Base(p)
		if !slices.ContainsFunc(exclude, func(s string) bool { return strings.Contains(name, s) }) {
			names = append(names, name)
		}
	}
	if len(names) < min {
		t.Fatalf("%d files match %s, want at least %d: %v", len(names), pattern, min, names)
	}
	return names
}

// eachWycheproofFile runs test on every named file, a parallel subtest each.
func eachWycheproofFile(t *testing.T, names []string, test func(t *testing.T, name string)) {
	for _, name := range names {
		t.Run(strings.TrimSuffix(name, "_test.json"), func(t *testing.T) {
			t.Parallel()
			test(t, name)
		})
	}
}

// ---- curves and hashes ----

type pkeyCurve struct {
	name    string
	ec      elliptic.Curve
	ecdh    ecdh.Curve // nil for P-224
	capName string
	oid     []byte // DER contents of the named-curve OID
	size    int
}

var pkeyCurves = []pkeyCurve{
	{"P-224", elliptic.P224(), nil, "ECDSA/ECDH P-224", []byte{0x2b, 0x81, 0x04, 0x00, 0x21}, 28},
	{"P-256", elliptic.P256(), ecdh.P256(), "ECDSA/ECDH P-256", []byte{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}, 32},
	{"P-384", elliptic.P384(), ecdh.P384(), "ECDSA/ECDH P-384", []byte{0x2b, 0x81, 0x04, 0x00, 0x22}, 48},
	{"P-521", elliptic.P521(), ecdh.P521(), "ECDSA/ECDH P-521", []byte{0x2b, 0x81, 0x04, 0x00, 0x23}, 66},
}

// curveNamed finds a curve by its NIST, SEC 2 or ACVP name.
func curveNamed(t testing.TB, name string) pkeyCurve {
	t.Helper()
	sec := map[string]string{"secp224r1": "P-224", "secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
	if n, ok := sec[name]; ok {
		name = n
	}
	for _, c := range pkeyCurves {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("unknown curve %q", name)
	return pkeyCurve{}
}

// requireCurve skips the test when the fork cannot use c.
func requireCurve(t *testing.T, c pkeyCurve) {
	t.Helper()
	requireCapability(t, c.capName, func() error {
		_, err := compat.GenerateKeyECDSA(c.ec)
		return err
	})
}

// hashNamed finds a digest by its Wycheproof ("SHA-256", "SHA3-256") or
// ACVP ("SHA2-256") name.
func hashNamed(t testing.TB, name string) hashAlg {
	t.Helper()
	for _, a := range hashAlgs {
		if a.name == name || (a.acvp != "" && a.acvp == name) {
			return a
		}
	}
	t.Fatalf("unknown hash %q", name)
	return hashAlg{}
}

// digest hashes msg with the standard library's implementation of a, so
// that the digest never depends on the fork.
func digest(a hashAlg, msg []byte) []byte {
	h := a.std()
	h.Write(msg)
	return h.Sum(nil)
}

// hashAllowed reports whether the fork can use a inside a key operation.
func hashAllowed(t testing.TB, a hashAlg) (compat.Capability, bool) {
	c := capabilityNamed(t, a.name)
	return c, c.Allowed
}

// fixedSize returns the big-endian integer b as exactly n bytes, ok false
// when it does not fit.
func fixedSize(b []byte, n int) ([]byte, bool) {
	b = bytes.TrimLeft(b, "\x00")
	if len(b) > n {
		return nil, false
	}
	return append(make([]byte, n-len(b), n), b...), true
}

// ecSPKI encodes point on c as a SubjectPublicKeyInfo without checking it,
// so that only the parser and the fork judge it.
func ecSPKI(c pkeyCurve, point []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) {
				b.AddBytes([]byte{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}) // id-ecPublicKey
			})
			b.AddASN1(asn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(c.oid) })
		})
		b.AddASN1(asn1.BIT_STRING, func(b *cryptobyte.Builder) {
			b.AddUint8(0)
			b.AddBytes(point)
		})
	})
	return b.BytesOrPanic()
}

// derSignature encodes r and s as an ASN.1 DER ECDSA signature.
func derSignature(r, s []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(new(big.Int).SetBytes(r))
		b.AddASN1BigInt(new(big.Int).SetBytes(s))
	})
	return b.BytesOrPanic()
}

// checkRSAPolicyRefusal checks that a key the API refused, with err, breaks
// its stated limits (1024 to 16384 bits, an odd exponent from 3 to 2³¹-1),
// and that err wraps ErrInvalidKey. It returns the reason for the record.
func checkRSAPolicyRefusal(t *testing.T, pub *rsa.PublicKey, err error) string {
	t.Helper()
	if !errors.Is(err, compat.ErrInvalidKey) {
		t.Errorf("RSA key refused with %v, want an error wrapping ErrInvalidKey", err)
	}
	bits := pub.N.BitLen()
	if bits >= 1024 && bits <= 16384 && pub.E >= 3 && pub.E&1 == 1 {
		t.Errorf("a %d-bit RSA key with e = %d, within the API's limits, was refused: %v", bits, pub.E, err)
	}
	return "RSA key outside the API's limits, refused with ErrInvalidKey"
}

// ---- ECDSA ----

func TestWycheproofECDSA(t *testing.T) {
	t.Parallel()
	der := wycheproofFiles(t, "ecdsa_secp*r1_sha*_test.json", 16, "p1363")
	p1363 := wycheproofFiles(t, "ecdsa_secp*r1_sha*_p1363_test.json", 7)
	eachWycheproofFile(t, slices.Concat(der, p1363), func(t *testing.T, name string) {
		testWycheproofECDSA(t, name, strings.Contains(name, "p1363"))
	})
}

func testWycheproofECDSA(t *testing.T, name string, p1363 bool) {
	f := readWycheproofPKey(t, name)
	var n tally
	for gi, g := range f.TestGroups {
		c := curveNamed(t, g.Key.Curve)
		if gi == 0 {
			requireCurve(t, c)
		}
		a := hashNamed(t, g.SHA)
		k, err := compat.ParsePKIXPublicKey(g.KeyDER)
		if err != nil {
			t.Fatalf("group %d: ParsePKIXPublicKey: %v", gi, err)
		}
		pub, ok := k.(*compat.ECDSAPublicKey)
		if !ok {
			t.Fatalf("group %d: ParsePKIXPublicKey returned %T", gi, k)
		}
		if pub.Curve() != c.ec {
			t.Fatalf("group %d: key on %s, want %s", gi, pub.Curve().Params().Name, c.name)
		}
		for _, v := range g.Tests {
			sig := v.Sig
			if p1363 {
				if len(sig) != 2*c.size {
					// r‖s of another length has no DER form for the API to
					// take; nothing can be checked.
					if v.Result == "valid" {
						t.Errorf("tcId %d: a valid P1363 signature of %d bytes", v.TcID, len(sig))
					}
					n.skip(v.TcID, "%s P1363 signature of the wrong length, no DER form", v.Result)
					continue
				}
				sig = derSignature(sig[:c.size], sig[c.size:])
			}
			got := compat.VerifyECDSA(pub, digest(a, v.Msg), sig)
			switch v.Result {
			case "valid":
				if !got {
					t.Errorf("tcId %d (%s): a valid signature did not verify", v.TcID, v.Comment)
				}
			case "invalid":
				if got {
					t.Errorf("tcId %d (%s, %v): an invalid signature verified", v.TcID, v.Comment, v.Flags)
				}
			case "acceptable":
				n.note(v.TcID, "acceptable (%v), verified = %v", v.Flags, got)
			default:
				t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
			}
			n.ok()
		}
	}
	n.report(t, name)
}

// ---- Ed25519 ----

func TestWycheproofEd25519(t *testing.T) {
	t.Parallel()
	f := readWycheproofPKey(t, "eddsa_test.json")
	requireCapability(t, "Ed25519", func() error {
		_, err := compat.GenerateKeyEd25519()
		return err
	})
	var n tally
	for gi, g := range f.TestGroups {
		pub, err := compat.NewEd25519PublicKey(ed25519.PublicKey(g.Key.Pk))
		if err != nil {
			t.Fatalf("group %d: NewEd25519PublicKey(%x): %v", gi, g.Key.Pk, err)
		}
		k, err := compat.ParsePKIXPublicKey(g.KeyDER)
		if err != nil {
			t.Fatalf("group %d: ParsePKIXPublicKey: %v", gi, err)
		}
		if !pub.Equal(k) {
			t.Errorf("group %d: the SPKI key %T differs from pk %x", gi, k, g.Key.Pk)
		}
		for _, v := range g.Tests {
			err := compat.VerifyEd25519(pub, v.Msg, v.Sig)
			switch v.Result {
			case "valid":
				if err != nil {
					t.Errorf("tcId %d (%s): %v", v.TcID, v.Comment, err)
				}
			case "invalid":
				if !errors.Is(err, compat.ErrSignature) {
					t.Errorf("tcId %d (%s, %v): err = %v, want an error wrapping ErrSignature", v.TcID, v.Comment, v.Flags, err)
				}
			case "acceptable":
				if err != nil && !errors.Is(err, compat.ErrSignature) {
					t.Errorf("tcId %d: err = %v, want nil or an error wrapping ErrSignature", v.TcID, err)
				}
				n.note(v.TcID, "acceptable (%v), verified = %v", v.Flags, err == nil)
			default:
				t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
			}
			n.ok()
		}
	}
	n.report(t, "eddsa_test.json")
}

// ---- X25519 ----

func TestWycheproofX25519(t *testing.T) {
	t.Parallel()
	f := readWycheproofPKey(t, "x25519_test.json")
	requireCapability(t, "X25519", func() error {
		_, err := compat.GenerateKeyECDH(ecdh.X25519())
		return err
	})
	var n tally
	zero := make([]byte, 32)
	for _, g := range f.TestGroups {
		if g.Curve != "curve25519" {
			t.Fatalf("group on %q", g.Curve)
		}
		for _, v := range g.Tests {
			priv, err := compat.NewPrivateKeyECDH(ecdh.X25519(), v.Private)
			if err != nil {
				t.Errorf("tcId %d: NewPrivateKeyECDH: %v", v.TcID, err)
				continue
			}
			cpub, err := compat.NewPublicKeyECDH(ecdh.X25519(), v.Public)
			if err != nil {
				t.Errorf("tcId %d (%v): NewPublicKeyECDH(%x): %v", v.TcID, v.Flags, v.Public, err)
				continue
			}
			remote, err := cpub.ECDH()
			if err != nil {
				t.Errorf("tcId %d: ECDH(): %v", v.TcID, err)
				continue
			}
			shared, err := priv.ECDH(remote)
			switch {
			case v.Result != "valid" && v.Result != "acceptable" && v.Result != "invalid":
				t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
			case bytes.Equal(v.Shared, zero):
				// A low-order point: the API refuses the all-zero secret.
				if !errors.Is(err, compat.ErrInvalidKey) || shared != nil {
					t.Errorf("tcId %d (%s, %v): ECDH = %x, %v; want nil, an error wrapping ErrInvalidKey",
						v.TcID, v.Comment, v.Flags, shared, err)
				}
				n.note(v.TcID, "%s with an all-zero secret, refused with ErrInvalidKey", v.Result)
			case v.Result == "invalid":
				if err == nil {
					t.Errorf("tcId %d (%s, %v): ECDH succeeded on an invalid vector", v.TcID, v.Comment, v.Flags)
				}
			default:
				if err != nil || !bytes.Equal(shared, v.Shared) {
					t.Errorf("tcId %d (%s, %s %v): ECDH = %x, %v; want %x", v.TcID, v.Comment, v.Result, v.Flags, shared, err, v.Shared)
				}
			}
			n.ok()
		}
	}
	n.report(t, "x25519_test.json")
}

// ---- ECDH on the NIST curves ----

func TestWycheproofECDH(t *testing.T) {
	t.Parallel()
	for _, bits := range []string{"256", "384", "521"} {
		for _, kind := range []string{"", "_ecpoint"} {
			name := "ecdh_secp" + bits + "r1" + kind + "_test.json"
			t.Run(strings.TrimSuffix(name, "_test.json"), func(t *testing.T) {
				t.Parallel()
				testWycheproofECDH(t, name)
			})
		}
	}
}

// ecdhRemote imports the peer's key of v as the API would receive it: an
// SPKI (checked against crypto/x509, which the API must match) or a bare
// point (checked against crypto/ecdh).
func ecdhRemote(t *testing.T, c pkeyCurve, asn bool, v wpPKeyTest) (*ecdh.PublicKey, error) {
	t.Helper()
	if !asn {
		cpub, err := compat.NewPublicKeyECDH(c.ecdh, v.Public)
		_, stdErr := c.ecdh.NewPublicKey(v.Public)
		if (err == nil) != (stdErr == nil) {
			t.Errorf("tcId %d (%s, %v): NewPublicKeyECDH err = %v, crypto/ecdh err = %v", v.TcID, v.Comment, v.Flags, err, stdErr)
		}
		if err != nil {
			return nil, err
		}
		return cpub.ECDH()
	}
	k, err := compat.ParsePKIXPublicKey(v.Public)
	stdKey, stdErr := x509.ParsePKIXPublicKey(v.Public)
	if stdErr == nil {
		if _, ok := stdKey.(*ecdsa.PublicKey); !ok {
			stdErr = errors.New("not an EC key")
		}
	}
	if (err == nil) != (stdErr == nil) {
		t.Errorf("tcId %d (%s, %v): ParsePKIXPublicKey err = %v, crypto/x509 err = %v", v.TcID, v.Comment, v.Flags, err, stdErr)
	}
	if err != nil {
		return nil, err
	}
	pub, ok := k.(*compat.ECDSAPublicKey)
	if !ok {
		t.Errorf("tcId %d: ParsePKIXPublicKey returned %T", v.TcID, k)
		return nil, errors.New("not an EC key")
	}
	return c.ecdh.NewPublicKey(pub.Bytes())
}

func testWycheproofECDH(t *testing.T, name string) {
	f := readWycheproofPKey(t, name)
	var n tally
	for gi, g := range f.TestGroups {
		c := curveNamed(t, g.Curve)
		if gi == 0 {
			requireCurve(t, c)
		}
		asn := g.Encoding == "asn"
		if !asn && g.Encoding != "ecpoint" {
			t.Fatalf("group %d: encoding %q", gi, g.Encoding)
		}
		for _, v := range g.Tests {
			d, ok := fixedSize(v.Private, c.size)
			if !ok {
				t.Fatalf("tcId %d: private key of %d bytes", v.TcID, len(v.Private))
			}
			priv, err := compat.NewPrivateKeyECDH(c.ecdh, d)
			if err != nil {
				t.Errorf("tcId %d: NewPrivateKeyECDH: %v", v.TcID, err)
				continue
			}
			remote, err := ecdhRemote(t, c, asn, v)
			var shared []byte
			if err == nil {
				shared, err = priv.ECDH(remote)
			}
			switch v.Result {
			case "valid":
				if err != nil || !bytes.Equal(shared, v.Shared) {
					t.Errorf("tcId %d (%s, %v): shared = %x, %v; want %x", v.TcID, v.Comment, v.Flags, shared, err, v.Shared)
				}
			case "invalid":
				if err == nil {
					t.Errorf("tcId %d (%s, %v): an invalid public key gave shared secret %x", v.TcID, v.Comment, v.Flags, shared)
				} else if !isStdError(err) && !errors.Is(err, compat.ErrInvalidKey) && !errors.Is(err, compat.ErrUnsupported) {
					t.Errorf("tcId %d: refused with %v, want an error wrapping ErrInvalidKey or ErrUnsupported", v.TcID, err)
				}
			case "acceptable":
				if err == nil {
					if !bytes.Equal(shared, v.Shared) {
						t.Errorf("tcId %d (%s, %v): shared = %x, want %x", v.TcID, v.Comment, v.Flags, shared, v.Shared)
					}
					n.note(v.TcID, "acceptable %v, accepted", v.Flags)
					break
				}
				if !errors.Is(err, compat.ErrInvalidKey) && !errors.Is(err, compat.ErrUnsupported) {
					t.Errorf("tcId %d: refused with %v, want an error wrapping ErrInvalidKey or ErrUnsupported", v.TcID, err)
				}
				n.skip(v.TcID, "acceptable %v, an encoding refused as by the standard library", v.Flags)
				continue
			default:
				t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
			}
			n.ok()
		}
	}
	n.report(t, name)
}

// isStdError reports whether err comes from the standard library rather
// than the API (it is not a *compat.Error).
func isStdError(err error) bool {
	var e *compat.Error
	return !errors.As(err, &e)
}

// ---- RSA ----

// rsaPublicFromDER parses an RSA SPKI with the API, returning nil and the
// reason when the API refuses the key by policy.
func rsaPublicFromDER(t *testing.T, der []byte) (*compat.RSAPublicKey, string) {
	t.Helper()
	k, err := compat.ParsePKIXPublicKey(der)
	if err != nil {
		std, stdErr := x509.ParsePKIXPublicKey(der)
		if stdErr != nil {
			t.Fatalf("ParsePKIXPublicKey: %v, and crypto/x509 refuses the key too: %v", err, stdErr)
		}
		return nil, checkRSAPolicyRefusal(t, std.(*rsa.PublicKey), err)
	}
	pub, ok := k.(*compat.RSAPublicKey)
	if !ok {
		t.Fatalf("ParsePKIXPublicKey returned %T", k)
	}
	return pub, ""
}

// rsaFileHashes checks the digests a file uses: when the fork has none of
// them, the test is skipped after checking that use fails as promised.
func rsaFileHashes(t *testing.T, f *wpPKeyFile, use func(a hashAlg) error) {
	t.Helper()
	var missing compat.Capability
	var missingHash hashAlg
	for _, g := range f.TestGroups {
		for _, name := range []string{g.SHA, g.MGFSHA} {
			if name == "" {
				continue
			}
			a := hashNamed(t, name)
			c, ok := hashAllowed(t, a)
			if ok {
				return
			}
			missing, missingHash = c, a
		}
	}
	skipUnavailable(t, missing, use(missingHash))
}

// groupHashesAllowed returns the first digest of names the fork cannot use.
func groupHashesAllowed(t *testing.T, names ...string) (hashAlg, compat.Capability, bool) {
	for _, name := range names {
		if name == "" {
			continue
		}
		a := hashNamed(t, name)
		if c, ok := hashAllowed(t, a); !ok {
			return a, c, false
		}
	}
	return hashAlg{}, compat.Capability{}, true
}

func TestWycheproofRSAPKCS1v15(t *testing.T) {
	t.Parallel()
	eachWycheproofFile(t, wycheproofFiles(t, "rsa_signature_*test.json", 21), func(t *testing.T, name string) {
		testWycheproofRSASig(t, name, false)
	})
}

func TestWycheproofRSAPSS(t *testing.T) {
	t.Parallel()
	eachWycheproofFile(t, wycheproofFiles(t, "rsa_pss_*_test.json", 9), func(t *testing.T, name string) {
		testWycheproofRSASig(t, name, true)
	})
}

func testWycheproofRSASig(t *testing.T, name string, pss bool) {
	f := readWycheproofPKey(t, name)
	requireCapability(t, "RSA", func() error {
		_, err := compat.GenerateKeyRSA(2048)
		return err
	})
	verify := func(pub *compat.RSAPublicKey, a hashAlg, g *wpPKeyGroup, msg, sig []byte) error {
		if !pss {
			return compat.VerifyPKCS1v15(pub, a.hash, digest(a, msg), sig)
		}
		// SaltLength 0 is rsa.PSSSaltLengthAuto: a zero-length salt
		// cannot be pinned, so any salt length is accepted then.
		return compat.VerifyPSS(pub, a.hash, digest(a, msg), sig, &rsa.PSSOptions{SaltLength: g.SLen, Hash: a.hash})
	}
	rsaFileHashes(t, f, func(a hashAlg) error {
		g := &f.TestGroups[0]
		pub, _ := rsaPublicFromDER(t, g.KeyDER)
		if pub == nil {
			t.Fatal("no key to try the hash with")
		}
		return verify(pub, a, g, g.Tests[0].Msg, g.Tests[0].Sig)
	})
	var n tally
	for gi := range f.TestGroups {
		g := &f.TestGroups[gi]
		a := hashNamed(t, g.SHA)
		pub, refused := rsaPublicFromDER(t, g.KeyDER)
		if pss && g.MGF != "MGF1" {
			t.Fatalf("group %d: mask function %q", gi, g.MGF)
		}
		for _, v := range g.Tests {
			if pub == nil {
				n.skip(v.TcID, "%s", refused)
				continue
			}
			if pss && g.MGFSHA != g.SHA {
				n.skip(v.TcID, "MGF1 with %s and the hash %s: VerifyPSS takes one hash for both", g.MGFSHA, g.SHA)
				continue
			}
			if ua, c, ok := groupHashesAllowed(t, g.SHA); !ok {
				if err := verify(pub, ua, g, v.Msg, v.Sig); !errors.Is(err, unavailableClass(c)) {
					t.Errorf("tcId %d: %s is not allowed on %s but verifying with it gave %v", v.TcID, ua.name, forkName(), err)
				}
				n.skip(v.TcID, "%s not allowed on the fork", ua.name)
				continue
			}
			err := verify(pub, a, g, v.Msg, v.Sig)
			if pss && g.SLen == 0 && v.Result == "invalid" && err == nil &&
				rsa.VerifyPSS(pub.RSA(), a.hash, digest(a, v.Msg), v.Sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto, Hash: a.hash}) == nil {
				// Wrong only in its salt length, which cannot be pinned to
				// zero; crypto/rsa accepts it too with any salt length.
				n.skip(v.TcID, "invalid only for a salt length other than 0, which SaltLength cannot pin")
				continue
			}
			switch v.Result {
			case "valid":
				if err != nil {
					t.Errorf("tcId %d (%s, %v): %v", v.TcID, v.Comment, v.Flags, err)
				}
			case "invalid":
				if !errors.Is(err, compat.ErrSignature) {
					t.Errorf("tcId %d (%s, %v): err = %v, want an error wrapping ErrSignature", v.TcID, v.Comment, v.Flags, err)
				}
			case "acceptable":
				if err != nil && !errors.Is(err, compat.ErrSignature) {
					t.Errorf("tcId %d (%v): err = %v, want nil or an error wrapping ErrSignature", v.TcID, v.Flags, err)
				}
				n.note(v.TcID, "acceptable %v, verified = %v", v.Flags, err == nil)
			default:
				t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
			}
			if pss && g.SLen == 0 {
				n.note(v.TcID, "with any salt length (a zero salt length cannot be pinned)")
			}
			n.ok()
		}
	}
	n.report(t, name)
}

// rsaPrivateFromPKCS8 parses an RSA PKCS #8 key with the API, returning nil
// and the reason when the API refuses the key by policy.
func rsaPrivateFromPKCS8(t *testing.T, der []byte) (*compat.RSAPrivateKey, string) {
	t.Helper()
	k, err := compat.ParsePKCS8PrivateKey(der)
	if err != nil {
		std, stdErr := x509.ParsePKCS8PrivateKey(der)
		if stdErr != nil {
			t.Fatalf("ParsePKCS8PrivateKey: %v, and crypto/x509 refuses the key too: %v", err, stdErr)
		}
		return nil, checkRSAPolicyRefusal(t, &std.(*rsa.PrivateKey).PublicKey, err)
	}
	priv, ok := k.(*compat.RSAPrivateKey)
	if !ok {
		t.Fatalf("ParsePKCS8PrivateKey returned %T", k)
	}
	return priv, ""
}

func TestWycheproofRSAOAEP(t *testing.T) {
	t.Parallel()
	eachWycheproofFile(t, wycheproofFiles(t, "rsa_oaep_*_test.json", 18), func(t *testing.T, name string) {
		testWycheproofRSADecrypt(t, name, true)
	})
}

func TestWycheproofRSADecryptPKCS1v15(t *testing.T) {
	t.Parallel()
	eachWycheproofFile(t, wycheproofFiles(t, "rsa_pkcs1_*_test.json", 3), func(t *testing.T, name string) {
		testWycheproofRSADecrypt(t, name, false)
	})
}

func testWycheproofRSADecrypt(t *testing.T, name string, oaep bool) {
	f := readWycheproofPKey(t, name)
	requireCapability(t, "RSA", func() error {
		_, err := compat.GenerateKeyRSA(2048)
		return err
	})
	opts := func(g *wpPKeyGroup, v wpPKeyTest) crypto.DecrypterOpts {
		if !oaep {
			return nil
		}
		return &rsa.OAEPOptions{Hash: hashNamed(t, g.SHA).hash, MGFHash: hashNamed(t, g.MGFSHA).hash, Label: v.Label}
	}
	if oaep {
		rsaFileHashes(t, f, func(hashAlg) error {
			g := &f.TestGroups[0]
			priv, _ := rsaPrivateFromPKCS8(t, g.PrivateKeyPKCS8)
			if priv == nil {
				t.Fatal("no key to try the hash with")
			}
			_, err := priv.Decrypt(nil, g.Tests[0].CT, opts(g, g.Tests[0]))
			return err
		})
	}
	var n tally
	for gi := range f.TestGroups {
		g := &f.TestGroups[gi]
		if oaep && g.MGF != "MGF1" {
			t.Fatalf("group %d: mask function %q", gi, g.MGF)
		}
		priv, refused := rsaPrivateFromPKCS8(t, g.PrivateKeyPKCS8)
		for _, v := range g.Tests {
			if priv == nil {
				n.skip(v.TcID, "%s", refused)
				continue
			}
			if oaep {
				if ua, c, ok := groupHashesAllowed(t, g.SHA, g.MGFSHA); !ok {
					if _, err := priv.Decrypt(nil, v.CT, opts(g, v)); !errors.Is(err, unavailableClass(c)) {
						t.Errorf("tcId %d: %s is not allowed on %s but decrypting with it gave %v", v.TcID, ua.name, forkName(), err)
					}
					n.skip(v.TcID, "%s not allowed on the fork", ua.name)
					continue
				}
			}
			pt, err := priv.Decrypt(nil, v.CT, opts(g, v))
			switch v.Result {
			case "valid":
				if oaepSmallEM(name, v.TcID) && err != nil {
					if !errors.Is(err, compat.ErrDecryption) {
						t.Errorf("tcId %d: %v, want the plaintext or an error wrapping ErrDecryption", v.TcID, err)
					}
					n.note(v.TcID, "valid ciphertext refused by %s (see oaepSmallEM)", forkName())
					continue
				}
				if err != nil || !bytes.Equal(pt, v.Msg) {
					t.Errorf("tcId %d (%s, %v): Decrypt = %x, %v; want %x", v.TcID, v.Comment, v.Flags, pt, err, v.Msg)
				}
			case "invalid":
				if !errors.Is(err, compat.ErrDecryption) || pt != nil {
					t.Errorf("tcId %d (%s, %v): Decrypt = %x, %v; want nil, an error wrapping ErrDecryption", v.TcID, v.Comment, v.Flags, pt, err)
				}
			case "acceptable":
				if err == nil && !bytes.Equal(pt, v.Msg) {
					t.Errorf("tcId %d (%s, %v): Decrypt = %x, want %x", v.TcID, v.Comment, v.Flags, pt, v.Msg)
				}
				if err != nil && !errors.Is(err, compat.ErrDecryption) {
					t.Errorf("tcId %d (%v): err = %v, want nil or an error wrapping ErrDecryption", v.TcID, v.Flags, err)
				}
				n.note(v.TcID, "acceptable %v, decrypted = %v", v.Flags, err == nil)
			default:
				t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
			}
			n.ok()
		}
	}
	n.report(t, name)
}

// oaepSmallEM reports three valid "em represents a small integer" vectors
// of rsa_oaep_misc that AWS-LC 5 and OpenSSL 3.6's FIPS provider refuse
// (DATA_TOO_LARGE_FOR_MODULUS on AWS-LC) while OpenSSL 3.0, BoringSSL and
// LibreSSL decrypt them. A fork difference the API cannot hide without
// computing RSA in Go: there, either outcome is accepted and logged.
func oaepSmallEM(file string, tcID int) bool {
	return strings.Contains(file, "rsa_oaep_misc") && (tcID == 756 || tcID == 765 || tcID == 772)
}
