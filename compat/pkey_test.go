package compat_test

// The public-key API against the standard library: signatures made on one
// side verify on the other, ciphertexts decrypt across, agreements agree,
// keys convert both ways, bad input fails with the documented error class,
// and the key encodings and the SPKI cache behave as documented.

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	_ "crypto/sha1"
	"crypto/sha256"
	_ "crypto/sha3"
	_ "crypto/sha512"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"runtime/debug"
	"sync"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// pkCurve is one NIST curve with the capability that covers it.
type pkCurve struct {
	capability string
	curve      elliptic.Curve
	ecdh       ecdh.Curve // nil for P-224
	hash       crypto.Hash
}

var pkCurves = []pkCurve{
	{"ECDSA/ECDH P-224", elliptic.P224(), nil, crypto.SHA224},
	{"ECDSA/ECDH P-256", elliptic.P256(), ecdh.P256(), crypto.SHA256},
	{"ECDSA/ECDH P-384", elliptic.P384(), ecdh.P384(), crypto.SHA384},
	{"ECDSA/ECDH P-521", elliptic.P521(), ecdh.P521(), crypto.SHA512},
}

func pkDigest(h crypto.Hash, msg string) []byte {
	w := h.New()
	w.Write([]byte(msg))
	return w.Sum(nil)
}

// pkRequireECDSA and its kin skip the test when the capability is not
// usable, after checking that trying fails with ErrUnsupported or ErrFIPS
// as promised.
func pkRequireECDSA(t *testing.T, c pkCurve) {
	t.Helper()
	requireCapability(t, c.capability, func() error {
		_, err := compat.GenerateKeyECDSA(c.curve)
		return err
	})
}

func pkRequireEd25519(t *testing.T) {
	t.Helper()
	requireCapability(t, "Ed25519", func() error {
		_, err := compat.GenerateKeyEd25519()
		return err
	})
}

func pkRequireRSA(t *testing.T) {
	t.Helper()
	requireCapability(t, "RSA", func() error {
		_, err := compat.NewRSAPublicKey(&pkStdRSA(t).PublicKey)
		return err
	})
}

// pkECDHCases are the ECDH curves with their capabilities.
var pkECDHCases = []struct {
	capability string
	curve      ecdh.Curve
}{
	{"X25519", ecdh.X25519()},
	{"ECDSA/ECDH P-256", ecdh.P256()},
	{"ECDSA/ECDH P-384", ecdh.P384()},
	{"ECDSA/ECDH P-521", ecdh.P521()},
}

func pkRequireECDH(t *testing.T, name string, c ecdh.Curve) {
	t.Helper()
	requireCapability(t, name, func() error {
		_, err := compat.GenerateKeyECDH(c)
		return err
	})
}

// pkIs fails the test unless err wraps want.
func pkIs(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: got error %v, want one wrapping %v", what, err, want)
	}
}

// pkNoPanic runs f, failing the test if it panics.
func pkNoPanic(t *testing.T, what string, f func()) {
	t.Helper()
	if err := panicError(f); err != nil {
		t.Errorf("%s panicked: %v", what, err)
	}
}

var pkRSAKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

func pkStdRSA(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := pkRSAKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// ---- ECDSA ----

func TestPKeyECDSADifferential(t *testing.T) {
	for _, c := range pkCurves {
		t.Run(c.curve.Params().Name, func(t *testing.T) {
			pkRequireECDSA(t, c)
			digest := pkDigest(c.hash, "differential")

			// compat signs, crypto/ecdsa verifies.
			ours, err := compat.GenerateKeyECDSA(c.curve)
			if err != nil {
				t.Fatal(err)
			}
			stdPub, ok := ours.Public().(*ecdsa.PublicKey)
			if !ok {
				t.Fatalf("Public() is %T, want *ecdsa.PublicKey", ours.Public())
			}
			for i := 0; i < 4; i++ {
				sig, err := ours.Sign(rand.Reader, digest, c.hash)
				if err != nil {
					t.Fatal(err)
				}
				if !ecdsa.VerifyASN1(stdPub, digest, sig) {
					t.Fatalf("crypto/ecdsa rejects compat's signature %x", sig)
				}
				if !compat.VerifyECDSA(ours.PublicKey(), digest, sig) {
					t.Fatalf("VerifyECDSA rejects its own key's signature %x", sig)
				}
				bad := bytes.Clone(digest)
				bad[0] ^= 1
				if compat.VerifyECDSA(ours.PublicKey(), bad, sig) || ecdsa.VerifyASN1(stdPub, bad, sig) {
					t.Fatal("a signature verifies for another digest")
				}
			}

			// crypto/ecdsa signs, compat verifies.
			std, err := ecdsa.GenerateKey(c.curve, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := compat.NewECDSAPublicKey(&std.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			sig, err := ecdsa.SignASN1(rand.Reader, std, digest)
			if err != nil {
				t.Fatal(err)
			}
			if !compat.VerifyECDSA(pub, digest, sig) {
				t.Fatalf("VerifyECDSA rejects crypto/ecdsa's signature %x", sig)
			}

			// An imported private key signs for crypto/ecdsa.
			imported, err := compat.NewECDSAPrivateKey(std)
			if err != nil {
				t.Fatal(err)
			}
			sig, err = imported.Sign(nil, digest, c.hash)
			if err != nil {
				t.Fatal(err)
			}
			if !ecdsa.VerifyASN1(&std.PublicKey, digest, sig) {
				t.Fatal("crypto/ecdsa rejects the signature of an imported key")
			}

			// A digest longer than the order is truncated on both sides.
			long := pkDigest(crypto.SHA512, "long digest")
			long = append(long, long...)
			sig, err = imported.Sign(nil, long, crypto.Hash(0))
			if err != nil {
				t.Fatal(err)
			}
			if !ecdsa.VerifyASN1(&std.PublicKey, long, sig) || !compat.VerifyECDSA(pub, long, sig) {
				t.Fatal("a signature of a digest longer than the order does not verify on both sides")
			}
			short := digest[:8]
			sig, err = ecdsa.SignASN1(rand.Reader, std, short)
			if err != nil {
				t.Fatal(err)
			}
			if !compat.VerifyECDSA(pub, short, sig) {
				t.Fatal("VerifyECDSA rejects crypto/ecdsa's signature of a short digest")
			}
		})
	}
}

func TestPKeyECDSAConversions(t *testing.T) {
	for _, c := range pkCurves {
		t.Run(c.curve.Params().Name, func(t *testing.T) {
			pkRequireECDSA(t, c)
			std, err := ecdsa.GenerateKey(c.curve, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			k, err := compat.NewECDSAPrivateKey(std)
			if err != nil {
				t.Fatal(err)
			}
			back, err := k.ECDSA()
			if err != nil {
				t.Fatal(err)
			}
			if !back.Equal(std) {
				t.Error("ECDSA() differs from the imported key")
			}
			if back.Curve != c.curve {
				t.Errorf("ECDSA().Curve = %v, want %v", back.Curve.Params().Name, c.curve.Params().Name)
			}
			pub, ok := k.Public().(*ecdsa.PublicKey)
			if !ok || !pub.Equal(&std.PublicKey) {
				t.Errorf("Public() = %T, not equal to the standard key", k.Public())
			}
			if !k.PublicKey().Equal(&std.PublicKey) || !k.PublicKey().Equal(k.PublicKey()) {
				t.Error("PublicKey().Equal is false for the same key")
			}
			want, _ := std.PublicKey.Bytes()
			if !bytes.Equal(k.PublicKey().Bytes(), want) {
				t.Errorf("PublicKey().Bytes() = %x, want %x", k.PublicKey().Bytes(), want)
			}
			if k.PublicKey().Curve() != c.curve {
				t.Error("PublicKey().Curve() is not the curve")
			}
			p2, err := compat.NewECDSAPublicKey(&std.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			if !p2.Equal(k.PublicKey()) || !p2.ECDSA().Equal(&std.PublicKey) {
				t.Error("an imported public key differs from the private key's")
			}
			other, _ := ecdsa.GenerateKey(c.curve, rand.Reader)
			if p2.Equal(&other.PublicKey) {
				t.Error("Equal is true for another key")
			}

			// A generated key exports to a working standard key.
			gen, err := compat.GenerateKeyECDSA(c.curve)
			if err != nil {
				t.Fatal(err)
			}
			gstd, err := gen.ECDSA()
			if err != nil {
				t.Fatal(err)
			}
			digest := pkDigest(c.hash, "export")
			sig, err := ecdsa.SignASN1(rand.Reader, gstd, digest)
			if err != nil {
				t.Fatal(err)
			}
			if !compat.VerifyECDSA(gen.PublicKey(), digest, sig) {
				t.Error("the exported key's signature does not verify with the original")
			}
		})
	}
}

// pkDERLen encodes an ASN.1 length, with extra leading length octets when
// extra > 0 (BER, not DER).
func pkDERLen(n, extra int) []byte {
	if n < 0x80 && extra == 0 {
		return []byte{byte(n)}
	}
	var b []byte
	for v := n; v > 0; v >>= 8 {
		b = append([]byte{byte(v)}, b...)
	}
	for i := 0; i < extra; i++ {
		b = append([]byte{0}, b...)
	}
	return append([]byte{0x80 | byte(len(b))}, b...)
}

func pkTLV(tag byte, content []byte, extraLen int) []byte {
	out := append([]byte{tag}, pkDERLen(len(content), extraLen)...)
	return append(out, content...)
}

// pkIntContent is the minimal DER content of a non-negative INTEGER.
func pkIntContent(x *big.Int) []byte {
	b := x.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

func pkSig(r, s []byte, seqExtraLen int) []byte {
	return pkTLV(0x30, append(pkTLV(0x02, r, 0), pkTLV(0x02, s, 0)...), seqExtraLen)
}

func TestPKeyECDSANonStrictDER(t *testing.T) {
	for _, c := range pkCurves {
		t.Run(c.curve.Params().Name, func(t *testing.T) {
			pkRequireECDSA(t, c)
			std, err := ecdsa.GenerateKey(c.curve, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := compat.NewECDSAPublicKey(&std.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			digest := pkDigest(c.hash, "strict DER")
			sig, err := ecdsa.SignASN1(rand.Reader, std, digest)
			if err != nil {
				t.Fatal(err)
			}
			var inner cryptobyte.String
			var r, s big.Int
			in := cryptobyte.String(sig)
			if !in.ReadASN1(&inner, cbasn1.SEQUENCE) || !inner.ReadASN1Integer(&r) || !inner.ReadASN1Integer(&s) {
				t.Fatal("cannot parse crypto/ecdsa's signature")
			}
			n := c.curve.Params().N
			rc, sc := pkIntContent(&r), pkIntContent(&s)
			if re := pkSig(rc, sc, 0); !bytes.Equal(re, sig) {
				t.Fatalf("re-encoding the signature gives %x, want %x", re, sig)
			}
			highS := new(big.Int).Sub(n, &s)
			cases := []struct {
				name  string
				sig   []byte
				valid bool
			}{
				{"as signed", sig, true},
				{"s replaced by n-s", pkSig(rc, pkIntContent(highS), 0), true},
				{"leading zero on r", pkSig(append([]byte{0}, rc...), sc, 0), false},
				{"leading zero on s", pkSig(rc, append([]byte{0}, sc...), 0), false},
				{"trailing byte", append(bytes.Clone(sig), 0), false},
				{"trailing SEQUENCE", append(bytes.Clone(sig), sig...), false},
				{"long-form SEQUENCE length", pkSig(rc, sc, 1), false},
				{"r = 0", pkSig([]byte{0}, sc, 0), false},
				{"s = 0", pkSig(rc, []byte{0}, 0), false},
				{"s = n", pkSig(rc, pkIntContent(n), 0), false},
				{"r = n", pkSig(pkIntContent(n), sc, 0), false},
				{"r + n", pkSig(pkIntContent(new(big.Int).Add(&r, n)), sc, 0), false},
				{"s = -1", pkSig(rc, []byte{0xff}, 0), false},
				{"negative s", pkSig(rc, append([]byte{0x80}, sc...), 0), false},
				{"truncated", sig[:len(sig)-1], false},
				{"empty", nil, false},
				{"r only", pkTLV(0x30, pkTLV(0x02, rc, 0), 0), false},
				{"SET instead of SEQUENCE", append([]byte{0x31}, sig[1:]...), false},
			}
			for _, tc := range cases {
				stdOK := ecdsa.VerifyASN1(&std.PublicKey, digest, tc.sig)
				var ours bool
				pkNoPanic(t, "VerifyECDSA("+tc.name+")", func() { ours = compat.VerifyECDSA(pub, digest, tc.sig) })
				if ours != tc.valid {
					t.Errorf("%s: VerifyECDSA = %v, want %v (sig %x)", tc.name, ours, tc.valid, tc.sig)
				}
				if ours != stdOK {
					t.Errorf("%s: VerifyECDSA = %v but crypto/ecdsa says %v", tc.name, ours, stdOK)
				}
			}
		})
	}
}

func TestPKeyECDSABadInput(t *testing.T) {
	c := pkCurves[1] // P-256
	pkRequireECDSA(t, c)
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var k *compat.ECDSAPrivateKey
	pkNoPanic(t, "NewECDSAPrivateKey(nil)", func() { k, err = compat.NewECDSAPrivateKey(nil) })
	pkIs(t, "NewECDSAPrivateKey(nil)", err, compat.ErrInvalidKey)
	if k != nil {
		t.Error("NewECDSAPrivateKey(nil) returned a key")
	}
	pkNoPanic(t, "NewECDSAPublicKey(nil)", func() { _, err = compat.NewECDSAPublicKey(nil) })
	pkIs(t, "NewECDSAPublicKey(nil)", err, compat.ErrInvalidKey)
	pkNoPanic(t, "VerifyECDSA(nil key)", func() {
		if compat.VerifyECDSA(nil, make([]byte, 32), make([]byte, 72)) {
			t.Error("VerifyECDSA with a nil key is true")
		}
	})
	pkNoPanic(t, "GenerateKeyECDSA(nil)", func() { _, err = compat.GenerateKeyECDSA(nil) })
	pkIs(t, "GenerateKeyECDSA(nil)", err, compat.ErrUnsupported)

	// A curve that is not one of the four.
	params := *elliptic.P256().Params()
	params.Name = "not-P-256"
	pkNoPanic(t, "GenerateKeyECDSA(custom curve)", func() { _, err = compat.GenerateKeyECDSA(&params) })
	pkIs(t, "GenerateKeyECDSA(custom curve)", err, compat.ErrUnsupported)

	// A P-256 point presented as a P-384 key.
	wrong := &ecdsa.PublicKey{Curve: elliptic.P384(), X: p256.X, Y: p256.Y}
	pkNoPanic(t, "NewECDSAPublicKey(P-256 point on P-384)", func() { _, err = compat.NewECDSAPublicKey(wrong) })
	pkIs(t, "NewECDSAPublicKey(P-256 point on P-384)", err, compat.ErrInvalidKey)
	wrongPriv := &ecdsa.PrivateKey{PublicKey: *wrong, D: p256.D}
	pkNoPanic(t, "NewECDSAPrivateKey(P-256 key on P-384)", func() { _, err = compat.NewECDSAPrivateKey(wrongPriv) })
	pkIs(t, "NewECDSAPrivateKey(P-256 key on P-384)", err, compat.ErrInvalidKey)

	// A private key whose public point belongs to another key.
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	mixed := &ecdsa.PrivateKey{PublicKey: other.PublicKey, D: p256.D}
	pkNoPanic(t, "NewECDSAPrivateKey(mismatched point)", func() { _, err = compat.NewECDSAPrivateKey(mixed) })
	pkIs(t, "NewECDSAPrivateKey(mismatched point)", err, compat.ErrInvalidKey)

	// Scalars outside [1, n-1].
	for _, d := range []*big.Int{big.NewInt(0), elliptic.P256().Params().N} {
		bad := &ecdsa.PrivateKey{PublicKey: p256.PublicKey, D: d}
		pkNoPanic(t, "NewECDSAPrivateKey(bad scalar)", func() { _, err = compat.NewECDSAPrivateKey(bad) })
		pkIs(t, fmt.Sprintf("NewECDSAPrivateKey(d = %x)", d), err, compat.ErrInvalidKey)
	}

	// A point off the curve.
	off := &ecdsa.PublicKey{Curve: elliptic.P256(), X: p256.X, Y: new(big.Int).Add(p256.Y, big.NewInt(1))}
	pkNoPanic(t, "NewECDSAPublicKey(off curve)", func() { _, err = compat.NewECDSAPublicKey(off) })
	pkIs(t, "NewECDSAPublicKey(off curve)", err, compat.ErrInvalidKey)

	// A P-256 signature checked with a P-384 key.
	if c384 := pkCurves[2]; capabilityNamed(t, c384.capability).Allowed {
		p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		pub384, err := compat.NewECDSAPublicKey(&p384.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		digest := pkDigest(crypto.SHA256, "cross curve")
		sig, _ := ecdsa.SignASN1(rand.Reader, p256, digest)
		pkNoPanic(t, "VerifyECDSA(P-384 key, P-256 signature)", func() {
			if compat.VerifyECDSA(pub384, digest, sig) {
				t.Error("a P-256 signature verifies with a P-384 key")
			}
		})
	}
}

// ---- Ed25519 ----

func TestPKeyEd25519Differential(t *testing.T) {
	pkRequireEd25519(t)
	ours, err := compat.GenerateKeyEd25519()
	if err != nil {
		t.Fatal(err)
	}
	stdPub, ok := ours.Public().(ed25519.PublicKey)
	if !ok {
		t.Fatalf("Public() is %T, want ed25519.PublicKey", ours.Public())
	}
	for _, msg := range [][]byte{nil, []byte("abc"), bytes.Repeat([]byte{0xa5}, 5000)} {
		sig, err := ours.Sign(nil, msg, crypto.Hash(0))
		if err != nil {
			t.Fatal(err)
		}
		if !ed25519.Verify(stdPub, msg, sig) {
			t.Fatalf("crypto/ed25519 rejects compat's signature of %d bytes", len(msg))
		}
		sig2, err := ours.SignMessage(nil, msg, &ed25519.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(sig, sig2) {
			t.Error("SignMessage differs from Sign for pure Ed25519")
		}
		if err := compat.VerifyEd25519(ours.PublicKey(), msg, sig); err != nil {
			t.Errorf("VerifyEd25519 rejects its own key's signature: %v", err)
		}
	}

	// Imported keys: signatures are identical to crypto/ed25519's, and
	// crypto/ed25519's verify here.
	_, std, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := compat.NewEd25519PrivateKey(std)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := compat.NewEd25519PublicKey(std.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("differential")
	want := ed25519.Sign(std, msg)
	got, err := k.Sign(rand.Reader, msg, crypto.Hash(0))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Sign = %x, crypto/ed25519 gives %x", got, want)
	}
	if err := compat.VerifyEd25519(pub, msg, want); err != nil {
		t.Errorf("VerifyEd25519 rejects crypto/ed25519's signature: %v", err)
	}
	bad := bytes.Clone(want)
	bad[10] ^= 1
	pkIs(t, "VerifyEd25519(tampered signature)", compat.VerifyEd25519(pub, msg, bad), compat.ErrSignature)
	pkIs(t, "VerifyEd25519(other message)", compat.VerifyEd25519(pub, []byte("other"), want), compat.ErrSignature)
	pkIs(t, "VerifyEd25519(63-byte signature)", compat.VerifyEd25519(pub, msg, want[:63]), compat.ErrSignature)
	pkIs(t, "VerifyEd25519(65-byte signature)", compat.VerifyEd25519(pub, msg, append(bytes.Clone(want), 0)), compat.ErrSignature)
	// S >= L (the malleable form) is rejected by crypto/ed25519 and must be here.
	l, _ := new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)
	sLE := want[32:]
	sBE := make([]byte, 32)
	for i := range sLE {
		sBE[31-i] = sLE[i]
	}
	sPlusL := new(big.Int).Add(new(big.Int).SetBytes(sBE), l).FillBytes(make([]byte, 32))
	mall := bytes.Clone(want[:32])
	for i := 31; i >= 0; i-- {
		mall = append(mall, sPlusL[i])
	}
	if ed25519.Verify(std.Public().(ed25519.PublicKey), msg, mall) {
		t.Fatal("crypto/ed25519 accepts S+L; the test is wrong")
	}
	pkIs(t, "VerifyEd25519(S+L)", compat.VerifyEd25519(pub, msg, mall), compat.ErrSignature)
}

func TestPKeyEd25519Conversions(t *testing.T) {
	pkRequireEd25519(t)
	stdPub, std, _ := ed25519.GenerateKey(rand.Reader)
	k, err := compat.NewEd25519PrivateKey(std)
	if err != nil {
		t.Fatal(err)
	}
	back, err := k.Ed25519()
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(std) {
		t.Errorf("Ed25519() = %x, want %x", back, std)
	}
	if p, ok := k.Public().(ed25519.PublicKey); !ok || !p.Equal(stdPub) {
		t.Errorf("Public() = %T %x, want ed25519.PublicKey %x", k.Public(), k.Public(), stdPub)
	}
	if !k.PublicKey().Equal(stdPub) || !bytes.Equal(k.PublicKey().Bytes(), stdPub) || !stdPub.Equal(k.PublicKey().Ed25519()) {
		t.Error("PublicKey() differs from the standard key")
	}
	pub, err := compat.NewEd25519PublicKey(stdPub)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(k.PublicKey()) {
		t.Error("an imported public key differs from the private key's")
	}
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	if pub.Equal(otherPub) {
		t.Error("Equal is true for another key")
	}

	gen, err := compat.GenerateKeyEd25519()
	if err != nil {
		t.Fatal(err)
	}
	gstd, err := gen.Ed25519()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gstd.Public().(ed25519.PublicKey), gen.PublicKey().Bytes()) {
		t.Error("the exported key's public half differs")
	}
	sig, _ := gen.Sign(nil, []byte("x"), crypto.Hash(0))
	if !bytes.Equal(sig, ed25519.Sign(gstd, []byte("x"))) {
		t.Error("the exported key signs differently")
	}
}

func TestPKeyEd25519BadInput(t *testing.T) {
	pkRequireEd25519(t)
	_, std, _ := ed25519.GenerateKey(rand.Reader)
	k, err := compat.NewEd25519PrivateKey(std)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("message")
	for _, tc := range []struct {
		name string
		opts crypto.SignerOpts
	}{
		{"Ed25519ph (crypto.SHA512)", crypto.SHA512},
		{"Ed25519ph (Options.Hash)", &ed25519.Options{Hash: crypto.SHA512}},
		{"Ed25519ctx", &ed25519.Options{Context: "context"}},
		{"Ed25519ph with context", &ed25519.Options{Hash: crypto.SHA512, Context: "context"}},
	} {
		var sig []byte
		pkNoPanic(t, "Sign("+tc.name+")", func() { sig, err = k.Sign(nil, msg, tc.opts) })
		pkIs(t, "Sign("+tc.name+")", err, compat.ErrUnsupported)
		if sig != nil {
			t.Errorf("Sign(%s) returned a signature", tc.name)
		}
		pkNoPanic(t, "SignMessage("+tc.name+")", func() { _, err = k.SignMessage(nil, msg, tc.opts) })
		pkIs(t, "SignMessage("+tc.name+")", err, compat.ErrUnsupported)
	}
	for _, n := range []int{0, 32, 63, 65} {
		pkNoPanic(t, "NewEd25519PrivateKey(short)", func() { _, err = compat.NewEd25519PrivateKey(make(ed25519.PrivateKey, n)) })
		pkIs(t, fmt.Sprintf("NewEd25519PrivateKey(%d bytes)", n), err, compat.ErrInvalidKey)
	}
	for _, n := range []int{0, 31, 33, 64} {
		pkNoPanic(t, "NewEd25519PublicKey(bad size)", func() { _, err = compat.NewEd25519PublicKey(make(ed25519.PublicKey, n)) })
		pkIs(t, fmt.Sprintf("NewEd25519PublicKey(%d bytes)", n), err, compat.ErrInvalidKey)
	}
	// The second half must be the seed's public key.
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	mixed := append(bytes.Clone(std.Seed()), otherPub...)
	pkNoPanic(t, "NewEd25519PrivateKey(mismatched)", func() { _, err = compat.NewEd25519PrivateKey(mixed) })
	pkIs(t, "NewEd25519PrivateKey(mismatched public half)", err, compat.ErrInvalidKey)
	pkNoPanic(t, "VerifyEd25519(nil)", func() { err = compat.VerifyEd25519(nil, msg, make([]byte, 64)) })
	pkIs(t, "VerifyEd25519(nil key)", err, compat.ErrInvalidKey)
}

// ---- RSA ----

// pkSmallRSA builds a two-prime key of bits with exponent e by hand, for
// sizes crypto/rsa refuses to generate.
func pkSmallRSA(t *testing.T, bits int) *rsa.PrivateKey {
	t.Helper()
	e := big.NewInt(65537)
	one := big.NewInt(1)
	for {
		p, err := rand.Prime(rand.Reader, bits/2)
		if err != nil {
			t.Fatal(err)
		}
		q, err := rand.Prime(rand.Reader, bits-bits/2)
		if err != nil {
			t.Fatal(err)
		}
		n := new(big.Int).Mul(p, q)
		if p.Cmp(q) == 0 || n.BitLen() != bits {
			continue
		}
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		d := new(big.Int).ModInverse(e, phi)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: d, Primes: []*big.Int{p, q}}
		k.Precompute()
		return k
	}
}

func TestPKeyRSAPKCS1v15Sign(t *testing.T) {
	pkRequireRSA(t)
	std := pkStdRSA(t)
	k, err := compat.NewRSAPrivateKey(std)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := compat.NewRSAPublicKey(&std.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []crypto.Hash{crypto.SHA224, crypto.SHA256, crypto.SHA384, crypto.SHA512, crypto.Hash(0)} {
		digest := pkDigest(crypto.SHA256, "PKCS #1 v1.5")
		if h != 0 {
			digest = pkDigest(h, "PKCS #1 v1.5")
		}
		want, err := rsa.SignPKCS1v15(nil, std, h, digest)
		if err != nil {
			t.Fatal(err)
		}
		got, err := k.Sign(rand.Reader, digest, h)
		if err != nil {
			t.Fatalf("%v: %v", h, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%v: Sign = %x, crypto/rsa gives %x", h, got, want)
		}
		if err := rsa.VerifyPKCS1v15(&std.PublicKey, h, digest, got); err != nil {
			t.Errorf("%v: crypto/rsa rejects compat's signature: %v", h, err)
		}
		if err := compat.VerifyPKCS1v15(pub, h, digest, want); err != nil {
			t.Errorf("%v: VerifyPKCS1v15 rejects crypto/rsa's signature: %v", h, err)
		}
		bad := bytes.Clone(want)
		bad[len(bad)-1] ^= 1
		pkIs(t, fmt.Sprintf("%v: VerifyPKCS1v15(tampered)", h), compat.VerifyPKCS1v15(pub, h, digest, bad), compat.ErrSignature)
		pkIs(t, fmt.Sprintf("%v: VerifyPKCS1v15(short signature)", h), compat.VerifyPKCS1v15(pub, h, digest, want[1:]), compat.ErrSignature)
		otherDigest := bytes.Clone(digest)
		otherDigest[0] ^= 1
		pkIs(t, fmt.Sprintf("%v: VerifyPKCS1v15(other digest)", h), compat.VerifyPKCS1v15(pub, h, otherDigest, want), compat.ErrSignature)
	}
	// A signature made with one hash does not verify as another.
	d := pkDigest(crypto.SHA256, "hash confusion")
	sig, _ := k.Sign(nil, d, crypto.SHA256)
	pkIs(t, "VerifyPKCS1v15(SHA-256 signature as unprefixed)", compat.VerifyPKCS1v15(pub, 0, d, sig), compat.ErrSignature)
	raw, err := k.Sign(nil, d, crypto.Hash(0))
	if err != nil {
		t.Fatal(err)
	}
	pkIs(t, "VerifyPKCS1v15(unprefixed signature as SHA-256)", compat.VerifyPKCS1v15(pub, crypto.SHA256, d, raw), compat.ErrSignature)
	// SHA3-256 has SHA-256's length; a fork without SHA-3 for RSA may say
	// ErrUnsupported, but none may accept.
	if err := compat.VerifyPKCS1v15(pub, crypto.SHA3_256, d, sig); !errors.Is(err, compat.ErrSignature) && !errors.Is(err, compat.ErrUnsupported) {
		t.Errorf("VerifyPKCS1v15(SHA-256 signature as SHA3-256): got %v, want ErrSignature (or ErrUnsupported)", err)
	} else if errors.Is(err, compat.ErrUnsupported) {
		t.Logf("%s: RSA with SHA3-256: %v", forkName(), err)
	}

	// Wrong digest lengths are errors, not signatures.
	for _, h := range []crypto.Hash{crypto.SHA256, crypto.SHA512} {
		for _, n := range []int{0, h.Size() - 1, h.Size() + 1} {
			var got []byte
			pkNoPanic(t, "Sign(bad digest length)", func() { got, err = k.Sign(nil, make([]byte, n), h) })
			if err == nil || got != nil {
				t.Errorf("Sign with a %d-byte digest for %v succeeded", n, h)
			}
			pkNoPanic(t, "Sign PSS(bad digest length)", func() { got, err = k.Sign(nil, make([]byte, n), &rsa.PSSOptions{Hash: h}) })
			if err == nil || got != nil {
				t.Errorf("PSS Sign with a %d-byte digest for %v succeeded", n, h)
			}
			pkNoPanic(t, "VerifyPKCS1v15(bad digest length)", func() { err = compat.VerifyPKCS1v15(pub, h, make([]byte, n), sig) })
			if err == nil {
				t.Errorf("VerifyPKCS1v15 with a %d-byte digest for %v succeeded", n, h)
			}
			pkNoPanic(t, "VerifyPSS(bad digest length)", func() { err = compat.VerifyPSS(pub, h, make([]byte, n), sig, nil) })
			if err == nil {
				t.Errorf("VerifyPSS with a %d-byte digest for %v succeeded", n, h)
			}
		}
	}
	pkNoPanic(t, "VerifyPKCS1v15(nil)", func() { err = compat.VerifyPKCS1v15(nil, crypto.SHA256, d, sig) })
	pkIs(t, "VerifyPKCS1v15(nil key)", err, compat.ErrInvalidKey)
	pkNoPanic(t, "VerifyPSS(nil)", func() { err = compat.VerifyPSS(nil, crypto.SHA256, d, sig, nil) })
	pkIs(t, "VerifyPSS(nil key)", err, compat.ErrInvalidKey)
}

func TestPKeyRSAPSS(t *testing.T) {
	pkRequireRSA(t)
	std := pkStdRSA(t)
	k, err := compat.NewRSAPrivateKey(std)
	if err != nil {
		t.Fatal(err)
	}
	pub := k.PublicKey()
	// emLen - 2 - hLen for a 2048-bit modulus.
	maxSalt := func(h crypto.Hash) int { return (std.N.BitLen()-1+7)/8 - 2 - h.Size() }
	for _, h := range []crypto.Hash{crypto.SHA256, crypto.SHA384, crypto.SHA512} {
		digest := pkDigest(h, "PSS")
		// PSSSaltLengthAuto is 0: crypto/rsa has no way to ask for no salt.
		for _, salt := range []int{rsa.PSSSaltLengthAuto, rsa.PSSSaltLengthEqualsHash, 1, 20, 32, maxSalt(h)} {
			name := fmt.Sprintf("%v salt %d", h, salt)
			effective := salt
			switch salt {
			case rsa.PSSSaltLengthAuto:
				effective = maxSalt(h)
			case rsa.PSSSaltLengthEqualsHash:
				effective = h.Size()
			}
			opts := &rsa.PSSOptions{Hash: h, SaltLength: salt}
			exact := &rsa.PSSOptions{Hash: h, SaltLength: effective}

			// compat signs, crypto/rsa verifies.
			sig, err := k.Sign(rand.Reader, digest, opts)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if err := rsa.VerifyPSS(&std.PublicKey, h, digest, sig, opts); err != nil {
				t.Errorf("%s: crypto/rsa rejects compat's signature with the same options: %v", name, err)
			}
			if err := rsa.VerifyPSS(&std.PublicKey, h, digest, sig, nil); err != nil {
				t.Errorf("%s: crypto/rsa (auto salt) rejects compat's signature: %v", name, err)
			}
			if err := rsa.VerifyPSS(&std.PublicKey, h, digest, sig, exact); err != nil {
				t.Errorf("%s: the salt is not %d bytes: %v", name, effective, err)
			}
			if err := compat.VerifyPSS(pub, h, digest, sig, &rsa.PSSOptions{SaltLength: effective}); err != nil {
				t.Errorf("%s: VerifyPSS with explicit salt %d rejects its own signature: %v", name, effective, err)
			}
			wrongSalt := effective + 1
			if wrongSalt > maxSalt(h) {
				wrongSalt = effective - 1
			}
			pkIs(t, name+": VerifyPSS(wrong explicit salt)",
				compat.VerifyPSS(pub, h, digest, sig, &rsa.PSSOptions{SaltLength: wrongSalt}), compat.ErrSignature)

			// crypto/rsa signs, compat verifies.
			ssig, err := rsa.SignPSS(rand.Reader, std, h, digest, opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := compat.VerifyPSS(pub, h, digest, ssig, opts); err != nil {
				t.Errorf("%s: VerifyPSS rejects crypto/rsa's signature with the same options: %v", name, err)
			}
			if err := compat.VerifyPSS(pub, h, digest, ssig, nil); err != nil {
				t.Errorf("%s: VerifyPSS (nil options) rejects crypto/rsa's signature: %v", name, err)
			}
			bad := bytes.Clone(ssig)
			bad[0] ^= 0x40
			pkIs(t, name+": VerifyPSS(tampered)", compat.VerifyPSS(pub, h, digest, bad, nil), compat.ErrSignature)
			pkIs(t, name+": VerifyPSS(short)", compat.VerifyPSS(pub, h, digest, ssig[:len(ssig)-1], nil), compat.ErrSignature)
		}
		// A salt that does not fit is an error.
		var sig []byte
		pkNoPanic(t, "Sign(oversized salt)", func() {
			sig, err = k.Sign(nil, digest, &rsa.PSSOptions{Hash: h, SaltLength: maxSalt(h) + 1})
		})
		if err == nil || sig != nil {
			t.Errorf("%v: PSS salt of %d bytes accepted", h, maxSalt(h)+1)
		}
		pkNoPanic(t, "VerifyPSS(negative salt)", func() {
			err = compat.VerifyPSS(pub, h, digest, make([]byte, pub.Size()), &rsa.PSSOptions{SaltLength: -5})
		})
		if err == nil {
			t.Errorf("%v: VerifyPSS with salt length -5 succeeded", h)
		}
	}
}

func TestPKeyRSAEncryption(t *testing.T) {
	pkRequireRSA(t)
	std := pkStdRSA(t)
	k, err := compat.NewRSAPrivateKey(std)
	if err != nil {
		t.Fatal(err)
	}
	pub := k.PublicKey()
	msg := []byte("attack at dawn")

	t.Run("OAEP", func(t *testing.T) {
		for _, tc := range []struct {
			hash, mgf crypto.Hash
			label     []byte
		}{
			{crypto.SHA1, 0, nil},
			{crypto.SHA256, 0, nil},
			{crypto.SHA256, 0, []byte("label")},
			{crypto.SHA512, 0, []byte("another label")},
			{crypto.SHA256, crypto.SHA1, nil},
			{crypto.SHA256, crypto.SHA1, []byte("label")},
			{crypto.SHA384, crypto.SHA256, []byte("label")},
			{crypto.SHA1, crypto.SHA512, nil},
		} {
			name := fmt.Sprintf("%v/MGF1-%v/label %q", tc.hash, tc.mgf, tc.label)
			opts := &rsa.OAEPOptions{Hash: tc.hash, MGFHash: tc.mgf, Label: tc.label}
			// crypto/rsa encrypts, compat decrypts.
			ct, err := rsa.EncryptOAEPWithOptions(rand.Reader, &std.PublicKey, msg, opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := k.Decrypt(nil, ct, opts)
			if err != nil || !bytes.Equal(got, msg) {
				t.Errorf("%s: Decrypt = %q, %v", name, got, err)
			}
			// A wrong label, hash or MGF hash, or a changed ciphertext.
			wrongs := []*rsa.OAEPOptions{
				{Hash: tc.hash, MGFHash: tc.mgf, Label: append(bytes.Clone(tc.label), 'x')},
				{Hash: crypto.SHA224, MGFHash: tc.mgf, Label: tc.label},
				{Hash: tc.hash, MGFHash: crypto.SHA224, Label: tc.label},
			}
			for i, w := range wrongs {
				var out []byte
				pkNoPanic(t, "Decrypt(wrong OAEP options)", func() { out, err = k.Decrypt(nil, ct, w) })
				pkIs(t, fmt.Sprintf("%s: Decrypt with wrong options #%d", name, i), err, compat.ErrDecryption)
				if out != nil {
					t.Errorf("%s: Decrypt with wrong options #%d returned %x", name, i, out)
				}
			}
			bad := bytes.Clone(ct)
			bad[len(bad)/2] ^= 1
			_, err = k.Decrypt(nil, bad, opts)
			pkIs(t, name+": Decrypt(tampered)", err, compat.ErrDecryption)
			_, err = k.Decrypt(nil, ct[1:], opts)
			pkIs(t, name+": Decrypt(short)", err, compat.ErrDecryption)

			if tc.mgf != 0 && tc.mgf != tc.hash {
				continue // EncryptOAEP uses one hash for both
			}
			// compat encrypts, crypto/rsa decrypts.
			ct, err = compat.EncryptOAEP(tc.hash, pub, msg, tc.label)
			if err != nil {
				t.Fatal(err)
			}
			got, err = std.Decrypt(nil, ct, opts)
			if err != nil || !bytes.Equal(got, msg) {
				t.Errorf("%s: crypto/rsa decrypts compat's ciphertext to %q, %v", name, got, err)
			}
			ct2, _ := compat.EncryptOAEP(tc.hash, pub, msg, tc.label)
			if bytes.Equal(ct, ct2) {
				t.Errorf("%s: EncryptOAEP is deterministic", name)
			}
		}
		// Size limits and nil keys.
		maxLen := pub.Size() - 2*sha256.Size - 2
		if _, err := compat.EncryptOAEP(crypto.SHA256, pub, make([]byte, maxLen), nil); err != nil {
			t.Errorf("EncryptOAEP of %d bytes: %v", maxLen, err)
		}
		_, err = compat.EncryptOAEP(crypto.SHA256, pub, make([]byte, maxLen+1), nil)
		pkIs(t, "EncryptOAEP(too long)", err, compat.ErrInvalidKey)
		pkNoPanic(t, "EncryptOAEP(nil)", func() { _, err = compat.EncryptOAEP(crypto.SHA256, nil, msg, nil) })
		pkIs(t, "EncryptOAEP(nil key)", err, compat.ErrInvalidKey)
	})

	t.Run("PKCS1v15", func(t *testing.T) {
		ct, err := rsa.EncryptPKCS1v15(rand.Reader, &std.PublicKey, msg)
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []crypto.DecrypterOpts{nil, &rsa.PKCS1v15DecryptOptions{}} {
			got, err := k.Decrypt(nil, ct, opts)
			if err != nil || !bytes.Equal(got, msg) {
				t.Errorf("Decrypt(%T) = %q, %v", opts, got, err)
			}
		}
		ct, err = compat.EncryptPKCS1v15(pub, msg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := rsa.DecryptPKCS1v15(nil, std, ct)
		if err != nil || !bytes.Equal(got, msg) {
			t.Errorf("crypto/rsa decrypts compat's ciphertext to %q, %v", got, err)
		}
		_, err = compat.EncryptPKCS1v15(pub, make([]byte, pub.Size()-10))
		pkIs(t, "EncryptPKCS1v15(too long)", err, compat.ErrInvalidKey)
		pkNoPanic(t, "EncryptPKCS1v15(nil)", func() { _, err = compat.EncryptPKCS1v15(nil, msg) })
		pkIs(t, "EncryptPKCS1v15(nil key)", err, compat.ErrInvalidKey)

		// A ciphertext that is not PKCS #1 v1.5: raw RSA of random bytes.
		garbage := pkRawEncrypt(&std.PublicKey, []byte("not padded at all"))
		if _, err := rsa.DecryptPKCS1v15(nil, std, garbage); err == nil {
			t.Fatal("crypto/rsa decrypts the unpadded ciphertext; the test is wrong")
		}
		var out []byte
		pkNoPanic(t, "Decrypt(unpadded)", func() { out, err = k.Decrypt(nil, garbage, nil) })
		pkIs(t, "Decrypt(unpadded)", err, compat.ErrDecryption)
		if out != nil {
			t.Errorf("Decrypt(unpadded) returned %x", out)
		}
		_, err = k.Decrypt(nil, garbage[1:], nil)
		pkIs(t, "Decrypt(short)", err, compat.ErrDecryption)
		// Decrypting OAEP as PKCS #1 v1.5 fails too. About one OAEP
		// encoding in 256 happens to start 00 02 and may then pass as
		// PKCS #1 v1.5, so pick one that does not.
		var oaep []byte
		for {
			oaep, _ = rsa.EncryptOAEP(sha256.New(), rand.Reader, &std.PublicKey, msg, nil)
			em := new(big.Int).Exp(new(big.Int).SetBytes(oaep), std.D, std.N).FillBytes(make([]byte, std.Size()))
			if em[1] != 2 {
				break
			}
		}
		_, err = k.Decrypt(nil, oaep, nil)
		pkIs(t, "Decrypt(OAEP ciphertext as PKCS #1 v1.5)", err, compat.ErrDecryption)

		// SessionKeyLen: a failure returns random bytes of that length.
		const keyLen = 16
		opts := &rsa.PKCS1v15DecryptOptions{SessionKeyLen: keyLen}
		k1, err := k.Decrypt(nil, garbage, opts)
		if err != nil || len(k1) != keyLen {
			t.Errorf("Decrypt(bad ciphertext, SessionKeyLen %d) = %x, %v; want %d random bytes and no error", keyLen, k1, err, keyLen)
		}
		k2, err := k.Decrypt(nil, garbage, opts)
		if err != nil || len(k2) != keyLen || bytes.Equal(k1, k2) {
			t.Errorf("a second Decrypt(bad ciphertext) = %x, %v; want other random bytes (first %x)", k2, err, k1)
		}
		// A good ciphertext of the wrong length also gives random bytes,
		// as with rsa.DecryptPKCS1v15SessionKey.
		shortMsg, _ := rsa.EncryptPKCS1v15(rand.Reader, &std.PublicKey, []byte("ten bytes!"))
		k3, err := k.Decrypt(nil, shortMsg, opts)
		if err != nil || len(k3) != keyLen {
			t.Errorf("Decrypt(10-byte message, SessionKeyLen %d) = %x, %v", keyLen, k3, err)
		}
		// And a good one of the right length gives the message.
		session := []byte("0123456789abcdef")
		good, _ := rsa.EncryptPKCS1v15(rand.Reader, &std.PublicKey, session)
		k4, err := k.Decrypt(nil, good, opts)
		if err != nil || !bytes.Equal(k4, session) {
			t.Errorf("Decrypt(good, SessionKeyLen %d) = %x, %v; want %x", keyLen, k4, err, session)
		}
		want := bytes.Clone(session)
		if err := rsa.DecryptPKCS1v15SessionKey(nil, std, good, want); err != nil || !bytes.Equal(want, session) {
			t.Errorf("crypto/rsa disagrees on the good session key: %x, %v", want, err)
		}
	})
}

// pkRawEncrypt is textbook RSA of m, with no padding.
func pkRawEncrypt(pub *rsa.PublicKey, m []byte) []byte {
	c := new(big.Int).Exp(new(big.Int).SetBytes(m), big.NewInt(int64(pub.E)), pub.N)
	return c.FillBytes(make([]byte, (pub.N.BitLen()+7)/8))
}

func TestPKeyRSAConversions(t *testing.T) {
	pkRequireRSA(t)
	std := pkStdRSA(t)
	k, err := compat.NewRSAPrivateKey(std)
	if err != nil {
		t.Fatal(err)
	}
	back, err := k.RSA()
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(std) {
		t.Error("RSA() differs from the imported key")
	}
	if err := back.Validate(); err != nil {
		t.Errorf("RSA() does not validate: %v", err)
	}
	pc, spc := back.Precomputed, std.Precomputed
	if pc.Dp.Cmp(spc.Dp) != 0 || pc.Dq.Cmp(spc.Dq) != 0 || pc.Qinv.Cmp(spc.Qinv) != 0 {
		t.Error("RSA() has other CRT values")
	}
	if p, ok := k.Public().(*rsa.PublicKey); !ok || !p.Equal(&std.PublicKey) {
		t.Errorf("Public() = %T, not the standard key", k.Public())
	}
	if !k.PublicKey().Equal(&std.PublicKey) || !k.PublicKey().RSA().Equal(&std.PublicKey) || k.PublicKey().Size() != std.Size() {
		t.Error("PublicKey() differs from the standard key")
	}
	pub, err := compat.NewRSAPublicKey(&std.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(k.PublicKey()) {
		t.Error("an imported public key differs from the private key's")
	}
	if pub.Equal(&rsa.PublicKey{N: std.N, E: 3}) {
		t.Error("Equal ignores the exponent")
	}

	// Import without precomputed values: the fork computes them.
	bare := &rsa.PrivateKey{PublicKey: std.PublicKey, D: std.D, Primes: std.Primes}
	kb, err := compat.NewRSAPrivateKey(bare)
	if err != nil {
		t.Fatal(err)
	}
	digest := pkDigest(crypto.SHA256, "bare")
	sig, err := kb.Sign(nil, digest, crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if err := rsa.VerifyPKCS1v15(&std.PublicKey, crypto.SHA256, digest, sig); err != nil {
		t.Errorf("a key imported without CRT values signs wrongly: %v", err)
	}

	// A generated key exports to a working standard key.
	gen, err := compat.GenerateKeyRSA(2048)
	if err != nil {
		t.Fatal(err)
	}
	gstd, err := gen.RSA()
	if err != nil {
		t.Fatal(err)
	}
	if err := gstd.Validate(); err != nil {
		t.Fatalf("exported key does not validate: %v", err)
	}
	if gstd.E != 65537 || gstd.N.BitLen() != 2048 || !gen.PublicKey().Equal(&gstd.PublicKey) {
		t.Errorf("generated key: e = %d, %d bits", gstd.E, gstd.N.BitLen())
	}
	want, _ := rsa.SignPKCS1v15(nil, gstd, crypto.SHA256, digest)
	got, _ := gen.Sign(nil, digest, crypto.SHA256)
	if !bytes.Equal(got, want) {
		t.Error("the generated key and its export sign differently")
	}
}

func TestPKeyRSAInvalidKeys(t *testing.T) {
	pkRequireRSA(t)
	std := pkStdRSA(t)
	small := pkSmallRSA(t, 512)

	// A 16400-bit odd modulus; the private values need not be right, since
	// the size alone must reject it.
	hugeN := new(big.Int).Lsh(big.NewInt(1), 16399)
	hugeN.Add(hugeN, big.NewInt(0x1235))
	hugeP := new(big.Int).Lsh(big.NewInt(1), 8199)
	hugeP.Add(hugeP, big.NewInt(1))
	huge := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: hugeN, E: 65537}, D: big.NewInt(12345), Primes: []*big.Int{hugeP, hugeP}}

	withE := func(e int) *rsa.PrivateKey {
		k := *std
		k.PublicKey.E = e
		return &k
	}
	even := func() *rsa.PrivateKey {
		k := *std
		k.PublicKey.N = new(big.Int).Add(std.N, big.NewInt(1))
		return &k
	}()
	for _, tc := range []struct {
		name string
		key  *rsa.PrivateKey
	}{
		{"512 bits", small},
		{"16400 bits", huge},
		{"e = 2", withE(2)},
		{"e = 65536", withE(65536)},
		{"e = 1", withE(1)},
		{"e = 2^31+1", withE(1<<31 + 1)},
		{"even modulus", even},
	} {
		var err error
		pkNoPanic(t, "NewRSAPrivateKey("+tc.name+")", func() { _, err = compat.NewRSAPrivateKey(tc.key) })
		pkIs(t, "NewRSAPrivateKey("+tc.name+")", err, compat.ErrInvalidKey)
		pkNoPanic(t, "NewRSAPublicKey("+tc.name+")", func() { _, err = compat.NewRSAPublicKey(&tc.key.PublicKey) })
		pkIs(t, "NewRSAPublicKey("+tc.name+")", err, compat.ErrInvalidKey)
	}
	// The 512-bit key is consistent, so only its size can reject it.
	if m := big.NewInt(42); new(big.Int).Exp(new(big.Int).Exp(m, big.NewInt(65537), small.N), small.D, small.N).Cmp(m) != 0 {
		t.Fatal("the hand-built 512-bit key is inconsistent")
	}

	var err error
	for _, bits := range []int{0, 512, 1023, 16385} {
		pkNoPanic(t, "GenerateKeyRSA", func() { _, err = compat.GenerateKeyRSA(bits) })
		pkIs(t, fmt.Sprintf("GenerateKeyRSA(%d)", bits), err, compat.ErrInvalidKey)
	}
	pkNoPanic(t, "NewRSAPrivateKey(nil)", func() { _, err = compat.NewRSAPrivateKey(nil) })
	pkIs(t, "NewRSAPrivateKey(nil)", err, compat.ErrInvalidKey)
	pkNoPanic(t, "NewRSAPublicKey(nil)", func() { _, err = compat.NewRSAPublicKey(nil) })
	pkIs(t, "NewRSAPublicKey(nil)", err, compat.ErrInvalidKey)
	pkNoPanic(t, "NewRSAPublicKey(nil N)", func() { _, err = compat.NewRSAPublicKey(&rsa.PublicKey{E: 65537}) })
	pkIs(t, "NewRSAPublicKey(nil N)", err, compat.ErrInvalidKey)
	noD := &rsa.PrivateKey{PublicKey: std.PublicKey, Primes: std.Primes}
	pkNoPanic(t, "NewRSAPrivateKey(no D)", func() { _, err = compat.NewRSAPrivateKey(noD) })
	pkIs(t, "NewRSAPrivateKey(no D)", err, compat.ErrInvalidKey)
	// An inconsistent key: D off by two.
	badD := &rsa.PrivateKey{PublicKey: std.PublicKey, D: new(big.Int).Add(std.D, big.NewInt(2)), Primes: std.Primes}
	pkNoPanic(t, "NewRSAPrivateKey(wrong D)", func() { _, err = compat.NewRSAPrivateKey(badD) })
	pkIs(t, "NewRSAPrivateKey(inconsistent D)", err, compat.ErrInvalidKey)
	// Three primes are not offered.
	three := &rsa.PrivateKey{PublicKey: std.PublicKey, D: std.D, Primes: []*big.Int{std.Primes[0], std.Primes[1], big.NewInt(3)}}
	pkNoPanic(t, "NewRSAPrivateKey(three primes)", func() { _, err = compat.NewRSAPrivateKey(three) })
	pkIs(t, "NewRSAPrivateKey(three primes)", err, compat.ErrUnsupported)
}

// ---- ECDH ----

func TestPKeyECDHDifferential(t *testing.T) {
	for _, c := range pkECDHCases {
		t.Run(c.capability, func(t *testing.T) {
			pkRequireECDH(t, c.capability, c.curve)
			ours, err := compat.GenerateKeyECDH(c.curve)
			if err != nil {
				t.Fatal(err)
			}
			std, err := c.curve.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			a, err := ours.ECDH(std.PublicKey())
			if err != nil {
				t.Fatal(err)
			}
			b, err := std.ECDH(ours.PublicKey())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("compat agrees %x, crypto/ecdh %x", a, b)
			}

			// An imported private key: same public key, same secrets.
			imp, err := compat.NewPrivateKeyECDH(c.curve, std.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if !imp.PublicKey().Equal(std.PublicKey()) {
				t.Errorf("imported key's public key %x, want %x", imp.PublicKey().Bytes(), std.PublicKey().Bytes())
			}
			peer, _ := c.curve.GenerateKey(rand.Reader)
			x, err := imp.ECDH(peer.PublicKey())
			if err != nil {
				t.Fatal(err)
			}
			y, _ := std.ECDH(peer.PublicKey())
			if !bytes.Equal(x, y) {
				t.Errorf("imported key agrees %x, crypto/ecdh %x", x, y)
			}

			// Conversions.
			back, err := ours.ECDHKey()
			if err != nil {
				t.Fatal(err)
			}
			if !back.PublicKey().Equal(ours.PublicKey()) {
				t.Error("ECDHKey() has another public key")
			}
			if z, _ := back.ECDH(std.PublicKey()); !bytes.Equal(z, a) {
				t.Error("ECDHKey() agrees differently")
			}
			if p, ok := ours.Public().(*ecdh.PublicKey); !ok || !p.Equal(ours.PublicKey()) {
				t.Errorf("Public() = %T, want *ecdh.PublicKey", ours.Public())
			}
			if ours.Curve() != c.curve || ours.PublicKey().Curve() != c.curve {
				t.Error("Curve() is not the curve")
			}
			pub, err := compat.NewPublicKeyECDH(c.curve, std.PublicKey().Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pub.Bytes(), std.PublicKey().Bytes()) || pub.Curve() != c.curve {
				t.Error("NewPublicKeyECDH changed the key")
			}
			sp, err := pub.ECDH()
			if err != nil || !sp.Equal(std.PublicKey()) {
				t.Errorf("ECDHPublicKey.ECDH() = %v, %v", sp, err)
			}
		})
	}
}

func TestPKeyECDHBadInput(t *testing.T) {
	for _, c := range pkECDHCases {
		t.Run(c.capability, func(t *testing.T) {
			pkRequireECDH(t, c.capability, c.curve)
			k, err := compat.GenerateKeyECDH(c.curve)
			if err != nil {
				t.Fatal(err)
			}
			var out []byte
			pkNoPanic(t, "ECDH(nil)", func() { out, err = k.ECDH(nil) })
			pkIs(t, "ECDH(nil)", err, compat.ErrInvalidKey)
			// A key on another curve.
			otherCurve := ecdh.X25519()
			if c.curve == ecdh.X25519() {
				otherCurve = ecdh.P256()
			}
			other, _ := otherCurve.GenerateKey(rand.Reader)
			pkNoPanic(t, "ECDH(other curve)", func() { out, err = k.ECDH(other.PublicKey()) })
			pkIs(t, "ECDH(key on another curve)", err, compat.ErrInvalidKey)
			if out != nil {
				t.Error("ECDH with a key on another curve returned a secret")
			}

			size := len(k.PublicKey().Bytes())
			secret, _ := c.curve.GenerateKey(rand.Reader)
			for _, n := range []int{0, len(secret.Bytes()) - 1, len(secret.Bytes()) + 1} {
				pkNoPanic(t, "NewPrivateKeyECDH(bad size)", func() { _, err = compat.NewPrivateKeyECDH(c.curve, make([]byte, n)) })
				pkIs(t, fmt.Sprintf("NewPrivateKeyECDH(%d bytes)", n), err, compat.ErrInvalidKey)
			}
			for _, n := range []int{0, 1, size - 1, size + 1} {
				pkNoPanic(t, "NewPublicKeyECDH(bad size)", func() { _, err = compat.NewPublicKeyECDH(c.curve, make([]byte, n)) })
				pkIs(t, fmt.Sprintf("NewPublicKeyECDH(%d bytes)", n), err, compat.ErrInvalidKey)
			}

			if c.curve == ecdh.X25519() {
				// Low-order points give an all-zero secret, which is an error.
				for _, h := range []string{
					"0000000000000000000000000000000000000000000000000000000000000000",
					"0100000000000000000000000000000000000000000000000000000000000000",
					"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
					"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
				} {
					b, _ := hex.DecodeString(h)
					low, err := ecdh.X25519().NewPublicKey(b)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := secret.ECDH(low); err == nil {
						t.Fatalf("crypto/ecdh accepts low-order point %s; the test is wrong", h)
					}
					pkNoPanic(t, "ECDH(low order)", func() { out, err = k.ECDH(low) })
					pkIs(t, "ECDH(low-order point "+h+")", err, compat.ErrInvalidKey)
					if out != nil {
						t.Errorf("ECDH(low-order point) returned %x", out)
					}
				}
				return
			}
			// NIST: scalars 0 and n, off-curve and compressed points.
			n := pkOrder(c.curve)
			for _, d := range [][]byte{make([]byte, len(n)), n} {
				pkNoPanic(t, "NewPrivateKeyECDH(bad scalar)", func() { _, err = compat.NewPrivateKeyECDH(c.curve, d) })
				pkIs(t, fmt.Sprintf("NewPrivateKeyECDH(%x)", d), err, compat.ErrInvalidKey)
			}
			pt := secret.PublicKey().Bytes()
			off := bytes.Clone(pt)
			off[len(off)-1] ^= 1
			pkNoPanic(t, "NewPublicKeyECDH(off curve)", func() { _, err = compat.NewPublicKeyECDH(c.curve, off) })
			pkIs(t, "NewPublicKeyECDH(off curve)", err, compat.ErrInvalidKey)
			comp := bytes.Clone(pt)
			comp[0] = 2
			pkNoPanic(t, "NewPublicKeyECDH(tag 2)", func() { _, err = compat.NewPublicKeyECDH(c.curve, comp) })
			pkIs(t, "NewPublicKeyECDH(uncompressed point tagged 2)", err, compat.ErrInvalidKey)
		})
	}
	var err error
	pkNoPanic(t, "GenerateKeyECDH(nil)", func() { _, err = compat.GenerateKeyECDH(nil) })
	pkIs(t, "GenerateKeyECDH(nil)", err, compat.ErrUnsupported)
}

func pkOrder(c ecdh.Curve) []byte {
	for _, pc := range pkCurves {
		if pc.ecdh == c {
			p := pc.curve.Params()
			return p.N.FillBytes(make([]byte, (p.BitSize+7)/8))
		}
	}
	panic("no such curve")
}

// TestPKeyUnavailable checks, for every public-key capability that is not
// allowed on this fork, that each entry point fails with the promised error
// class rather than doing the operation.
func TestPKeyUnavailable(t *testing.T) {
	checked := 0
	for _, c := range compat.Capabilities() {
		var uses []func() error
		switch c.Name {
		case "Ed25519":
			uses = []func() error{
				func() error { _, err := compat.GenerateKeyEd25519(); return err },
				func() error {
					_, err := compat.NewEd25519PrivateKey(ed25519.NewKeyFromSeed(make([]byte, 32)))
					return err
				},
				func() error {
					_, err := compat.NewEd25519PublicKey(ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey))
					return err
				},
			}
		case "X25519":
			uses = []func() error{
				func() error { _, err := compat.GenerateKeyECDH(ecdh.X25519()); return err },
				func() error { _, err := compat.NewPrivateKeyECDH(ecdh.X25519(), make([]byte, 32)); return err },
				func() error {
					k, _ := ecdh.X25519().GenerateKey(rand.Reader)
					_, err := compat.NewPublicKeyECDH(ecdh.X25519(), k.PublicKey().Bytes())
					return err
				},
			}
		case "RSA":
			uses = []func() error{
				func() error { _, err := compat.GenerateKeyRSA(2048); return err },
				func() error { _, err := compat.NewRSAPublicKey(&pkStdRSA(t).PublicKey); return err },
				func() error { _, err := compat.NewRSAPrivateKey(pkStdRSA(t)); return err },
			}
		default:
			for _, pc := range pkCurves {
				if pc.capability == c.Name {
					uses = []func() error{
						func() error { _, err := compat.GenerateKeyECDSA(pc.curve); return err },
						func() error {
							k, _ := ecdsa.GenerateKey(pc.curve, rand.Reader)
							_, err := compat.NewECDSAPrivateKey(k)
							return err
						},
					}
					if pc.ecdh != nil {
						uses = append(uses, func() error { _, err := compat.GenerateKeyECDH(pc.ecdh); return err })
					}
				}
			}
		}
		if uses == nil || c.Allowed {
			continue
		}
		checked++
		want := unavailableClass(c)
		for i, use := range uses {
			var err error
			pkNoPanic(t, c.Name, func() { err = use() })
			if !errors.Is(err, want) {
				t.Errorf("%s is %s and not allowed on %s, but use #%d gave %v, want %v", c.Name, c.Status, forkName(), i, err, want)
			}
		}
	}
	if checked == 0 {
		t.Skipf("every public-key capability is allowed on %s", forkName())
	}
}

// ---- concurrency ----

// pkAgreementJob returns a repeatable key agreement on curve, checked
// against crypto/ecdh.
func pkAgreementJob(t *testing.T, curve ecdh.Curve) func() error {
	k, err := compat.GenerateKeyECDH(curve)
	if err != nil {
		t.Fatal(err)
	}
	peer, _ := curve.GenerateKey(rand.Reader)
	want, _ := peer.ECDH(k.PublicKey())
	return func() error {
		got, err := k.ECDH(peer.PublicKey())
		if err == nil && !bytes.Equal(got, want) {
			err = fmt.Errorf("secret %x, want %x", got, want)
		}
		return err
	}
}

func TestPKeyConcurrent(t *testing.T) {
	type job struct {
		name string
		run  func() error
	}
	var jobs []job
	digest := pkDigest(crypto.SHA256, "concurrent")
	if capabilityNamed(t, "ECDSA/ECDH P-256").Allowed {
		k, err := compat.GenerateKeyECDSA(elliptic.P256())
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, job{"ECDSA", func() error {
			sig, err := k.Sign(nil, digest, crypto.SHA256)
			if err != nil {
				return err
			}
			if !compat.VerifyECDSA(k.PublicKey(), digest, sig) || !ecdsa.VerifyASN1(k.Public().(*ecdsa.PublicKey), digest, sig) {
				return errors.New("signature does not verify")
			}
			return nil
		}})
		jobs = append(jobs, job{"ECDH P-256", pkAgreementJob(t, ecdh.P256())})
	}
	if capabilityNamed(t, "Ed25519").Allowed {
		k, err := compat.GenerateKeyEd25519()
		if err != nil {
			t.Fatal(err)
		}
		msg := []byte("concurrent")
		want, _ := k.Sign(nil, msg, crypto.Hash(0))
		jobs = append(jobs, job{"Ed25519", func() error {
			sig, err := k.Sign(nil, msg, crypto.Hash(0))
			if err != nil {
				return err
			}
			if !bytes.Equal(sig, want) {
				return fmt.Errorf("signature %x, want %x", sig, want)
			}
			return compat.VerifyEd25519(k.PublicKey(), msg, sig)
		}})
	}
	if capabilityNamed(t, "X25519").Allowed {
		jobs = append(jobs, job{"X25519", pkAgreementJob(t, ecdh.X25519())})
	}
	if capabilityNamed(t, "RSA").Allowed {
		std := pkStdRSA(t)
		k, err := compat.NewRSAPrivateKey(std)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := rsa.SignPKCS1v15(nil, std, crypto.SHA256, digest)
		jobs = append(jobs, job{"RSA", func() error {
			sig, err := k.Sign(nil, digest, crypto.SHA256)
			if err != nil {
				return err
			}
			if !bytes.Equal(sig, want) {
				return errors.New("PKCS #1 v1.5 signature differs")
			}
			pss, err := k.Sign(nil, digest, &rsa.PSSOptions{Hash: crypto.SHA256})
			if err != nil {
				return err
			}
			if err := compat.VerifyPSS(k.PublicKey(), crypto.SHA256, digest, pss, nil); err != nil {
				return err
			}
			ct, err := compat.EncryptOAEP(crypto.SHA256, k.PublicKey(), digest, nil)
			if err != nil {
				return err
			}
			pt, err := k.Decrypt(nil, ct, &rsa.OAEPOptions{Hash: crypto.SHA256})
			if err == nil && !bytes.Equal(pt, digest) {
				err = errors.New("OAEP round trip differs")
			}
			return err
		}})
	}
	if len(jobs) == 0 {
		t.Skipf("no public-key algorithm is allowed on %s", forkName())
	}
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			const goroutines, rounds = 8, 20
			var wg sync.WaitGroup
			for g := 0; g < goroutines; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < rounds; i++ {
						if err := j.run(); err != nil {
							t.Errorf("goroutine %d round %d: %v", g, i, err)
							return
						}
					}
				}()
			}
			wg.Wait()
		})
	}
}

// ---- key encodings ----

func TestPKeyEncodingsMatchX509(t *testing.T) {
	type sample struct {
		name       string
		capability string
		priv       any // a standard library private key
	}
	var samples []sample
	for _, c := range pkCurves {
		k, _ := ecdsa.GenerateKey(c.curve, rand.Reader)
		samples = append(samples, sample{"ECDSA " + c.curve.Params().Name, c.capability, k})
	}
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	samples = append(samples, sample{"Ed25519", "Ed25519", ed})
	x, _ := ecdh.X25519().GenerateKey(rand.Reader)
	samples = append(samples, sample{"X25519", "X25519", x})
	samples = append(samples, sample{"RSA-2048", "RSA", pkStdRSA(t)})

	for _, s := range samples {
		t.Run(s.name, func(t *testing.T) {
			capab := capabilityNamed(t, s.capability)
			der, err := x509.MarshalPKCS8PrivateKey(s.priv)
			if err != nil {
				t.Fatal(err)
			}
			k, err := compat.ParsePKCS8PrivateKey(der)
			if !capab.Allowed {
				skipUnavailable(t, capab, err)
			}
			if err != nil {
				t.Fatal(err)
			}
			var pub any
			switch k := k.(type) {
			case *compat.ECDSAPrivateKey:
				pub = k.PublicKey()
			case *compat.Ed25519PrivateKey:
				pub = k.PublicKey()
			case *compat.ECDHPrivateKey:
				pub, err = compat.NewPublicKeyECDH(k.Curve(), k.PublicKey().Bytes())
				if err != nil {
					t.Fatal(err)
				}
			case *compat.RSAPrivateKey:
				pub = k.PublicKey()
			default:
				t.Fatalf("ParsePKCS8PrivateKey returned %T", k)
			}
			if want := map[string]string{"Ed25519": "*compat.Ed25519PrivateKey", "X25519": "*compat.ECDHPrivateKey",
				"RSA-2048": "*compat.RSAPrivateKey"}[s.name]; want != "" && fmt.Sprintf("%T", k) != want {
				t.Errorf("ParsePKCS8PrivateKey returned %T, want %s", k, want)
			}
			got, err := compat.MarshalPKCS8PrivateKey(k)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, der) {
				t.Errorf("MarshalPKCS8PrivateKey differs from crypto/x509:\n got %x\nwant %x", got, der)
			}
			stdPub := s.priv.(interface{ Public() crypto.PublicKey }).Public()
			wantPub, err := x509.MarshalPKIXPublicKey(stdPub)
			if err != nil {
				t.Fatal(err)
			}
			gotPub, err := compat.MarshalPKIXPublicKey(pub)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gotPub, wantPub) {
				t.Errorf("MarshalPKIXPublicKey differs from crypto/x509:\n got %x\nwant %x", gotPub, wantPub)
			}
			parsed, err := compat.ParsePKIXPublicKey(wantPub)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := compat.MarshalPKIXPublicKey(parsed); !bytes.Equal(again, wantPub) {
				t.Error("ParsePKIXPublicKey then MarshalPKIXPublicKey changes the bytes")
			}
			// And back: crypto/x509 parses compat's output to the same key.
			theirs, err := x509.ParsePKCS8PrivateKey(got)
			if err != nil {
				t.Fatal(err)
			}
			if !theirs.(interface{ Equal(crypto.PrivateKey) bool }).Equal(s.priv) {
				t.Error("crypto/x509 parses compat's PKCS #8 to another key")
			}
		})
	}

	// Keys generated by the fork encode as crypto/x509 encodes their export.
	t.Run("generated", func(t *testing.T) {
		type gen struct {
			capability string
			make       func() (priv any, std any, err error)
		}
		gens := []gen{
			{"ECDSA/ECDH P-384", func() (any, any, error) {
				k, err := compat.GenerateKeyECDSA(elliptic.P384())
				if err != nil {
					return nil, nil, err
				}
				s, err := k.ECDSA()
				return k, s, err
			}},
			{"Ed25519", func() (any, any, error) {
				k, err := compat.GenerateKeyEd25519()
				if err != nil {
					return nil, nil, err
				}
				s, err := k.Ed25519()
				return k, s, err
			}},
			{"X25519", func() (any, any, error) {
				k, err := compat.GenerateKeyECDH(ecdh.X25519())
				if err != nil {
					return nil, nil, err
				}
				s, err := k.ECDHKey()
				return k, s, err
			}},
			{"RSA", func() (any, any, error) {
				k, err := compat.GenerateKeyRSA(2048)
				if err != nil {
					return nil, nil, err
				}
				s, err := k.RSA()
				return k, s, err
			}},
		}
		for _, g := range gens {
			if !capabilityNamed(t, g.capability).Allowed {
				continue
			}
			k, std, err := g.make()
			if err != nil {
				t.Fatalf("%s: %v", g.capability, err)
			}
			want, err := x509.MarshalPKCS8PrivateKey(std)
			if err != nil {
				t.Fatal(err)
			}
			got, err := compat.MarshalPKCS8PrivateKey(k)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: MarshalPKCS8PrivateKey of a generated key differs from crypto/x509's of its export", g.capability)
			}
		}
	})
}

func TestPKeyMarshalBadInput(t *testing.T) {
	var err error
	for _, v := range []any{nil, 42, &ecdsa.PublicKey{}, ed25519.PublicKey(make([]byte, 32))} {
		pkNoPanic(t, "MarshalPKIXPublicKey", func() { _, err = compat.MarshalPKIXPublicKey(v) })
		pkIs(t, fmt.Sprintf("MarshalPKIXPublicKey(%T)", v), err, compat.ErrUnsupported)
		pkNoPanic(t, "MarshalPKCS8PrivateKey", func() { _, err = compat.MarshalPKCS8PrivateKey(v) })
		pkIs(t, fmt.Sprintf("MarshalPKCS8PrivateKey(%T)", v), err, compat.ErrUnsupported)
	}
	for _, der := range [][]byte{nil, {0x30, 0x00}, {0x30, 0x03, 0x02, 0x01}} {
		pkNoPanic(t, "ParsePKIXPublicKey", func() { _, err = compat.ParsePKIXPublicKey(der) })
		if err == nil {
			t.Errorf("ParsePKIXPublicKey(%x) succeeded", der)
		}
		pkNoPanic(t, "ParsePKCS8PrivateKey", func() { _, err = compat.ParsePKCS8PrivateKey(der) })
		if err == nil {
			t.Errorf("ParsePKCS8PrivateKey(%x) succeeded", der)
		}
	}
	// A NIST ECDH key has no PKCS #8 form of its own here.
	if capabilityNamed(t, "ECDSA/ECDH P-256").Allowed {
		k, err := compat.GenerateKeyECDH(ecdh.P256())
		if err != nil {
			t.Fatal(err)
		}
		_, err = compat.MarshalPKCS8PrivateKey(k)
		pkIs(t, "MarshalPKCS8PrivateKey(P-256 ECDH key)", err, compat.ErrUnsupported)
	}
}

// ---- the SPKI cache ----

func pkP256SPKI(t testing.TB) ([]byte, *ecdsa.PrivateKey) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return der, k
}

func TestPKeySPKICache(t *testing.T) {
	requireCapability(t, "ECDSA/ECDH P-256", func() error {
		_, err := compat.GenerateKeyECDSA(elliptic.P256())
		return err
	})
	der, std := pkP256SPKI(t)
	a, err := compat.ParsePKIXPublicKey(der)
	if err != nil {
		t.Fatal(err)
	}
	// A failed parse is not cached as a success, nor does it disturb the entry.
	bad := bytes.Clone(der)
	bad[len(bad)-1] ^= 1 // the point leaves the curve
	for i := 0; i < 2; i++ {
		if k, err := compat.ParsePKIXPublicKey(bad); err == nil {
			t.Fatalf("an off-curve point parsed to %T", k)
		}
	}
	b, err := compat.ParsePKIXPublicKey(bytes.Clone(der))
	if err != nil {
		t.Fatal(err)
	}
	pa, ok := a.(*compat.ECDSAPublicKey)
	if !ok {
		t.Fatalf("ParsePKIXPublicKey returned %T, want *compat.ECDSAPublicKey", a)
	}
	if pb, _ := b.(*compat.ECDSAPublicKey); pa != pb {
		t.Error("parsing identical bytes twice returned different keys")
	}
	if !pa.Equal(&std.PublicKey) {
		t.Error("the cached key is not the encoded key")
	}
	der2, std2 := pkP256SPKI(t)
	c, err := compat.ParsePKIXPublicKey(der2)
	if err != nil {
		t.Fatal(err)
	}
	if pc := c.(*compat.ECDSAPublicKey); pc == pa || !pc.Equal(&std2.PublicKey) || pc.Equal(&std.PublicKey) {
		t.Error("different bytes returned the first key")
	}

	// A flood of distinct keys: every result is right, and the cache stays
	// bounded. Re-parsing newest first finds every key the cache still
	// holds before any re-parse can evict it, so same counts the entries.
	const flood = 2048
	ders := make([][]byte, flood)
	stds := make([]*ecdsa.PrivateKey, flood)
	first := make([]any, flood)
	for i := range ders {
		ders[i], stds[i] = pkP256SPKI(t)
		k, err := compat.ParsePKIXPublicKey(ders[i])
		if err != nil {
			t.Fatal(err)
		}
		if !k.(*compat.ECDSAPublicKey).Equal(&stds[i].PublicKey) {
			t.Fatalf("key %d parsed to another key", i)
		}
		first[i] = k
	}
	same := 0
	for i := flood - 1; i >= 0; i-- {
		k, err := compat.ParsePKIXPublicKey(ders[i])
		if err != nil {
			t.Fatal(err)
		}
		if !k.(*compat.ECDSAPublicKey).Equal(&stds[i].PublicKey) {
			t.Fatalf("key %d re-parsed to another key", i)
		}
		if k == first[i] {
			same++
		}
	}
	t.Logf("%d of %d keys were still cached", same, flood)
	if same > flood/2 {
		t.Errorf("%d of %d distinct keys were still cached after the flood; the cache is not small and bounded", same, flood)
	}
	if first[flood-1] != nil && same == 0 {
		t.Error("not even the most recent key was still cached")
	}
}

func TestPKeySPKICacheAllocs(t *testing.T) {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if (s.Key == "-asan" || s.Key == "-msan") && s.Value == "true" {
				t.Skipf("allocation counts are not reliable with %s", s.Key)
			}
		}
	}
	requireCapability(t, "ECDSA/ECDH P-256", func() error {
		_, err := compat.GenerateKeyECDSA(elliptic.P256())
		return err
	})
	der, _ := pkP256SPKI(t)
	want, err := compat.ParsePKIXPublicKey(der)
	if err != nil {
		t.Fatal(err)
	}
	n := testing.AllocsPerRun(100, func() {
		k, err := compat.ParsePKIXPublicKey(der)
		if err != nil || k != want {
			panic("the cached key was not returned")
		}
	})
	if n > 0 {
		t.Errorf("a cached ParsePKIXPublicKey allocates %v times, want 0", n)
	}
}
