package compat_test

// NIST ACVP vectors with their validated answers
// (github.com/geomys/acvp-testdata) for the keys held by the fork: ECDSA
// keyVer, deterministic ECDSA sigGen (its signatures verified, and our own
// signatures checked with the standard library), EdDSA keyVer, RSA sigVer
// and KAS-ECC-SSC shared secrets.

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"math/big"
	"path/filepath"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

type acvpPKeySet struct {
	Algorithm  string          `json:"algorithm"`
	Mode       string          `json:"mode"`
	Revision   string          `json:"revision"`
	VsID       int             `json:"vsId"`
	TestGroups []acvpPKeyGroup `json:"testGroups"`
}

type acvpPKeyGroup struct {
	TgID     int    `json:"tgId"`
	TestType string `json:"testType"`
	Curve    string `json:"curve"`
	HashAlg  string `json:"hashAlg"`
	// RSA
	SigType      string   `json:"sigType"`
	MaskFunction string   `json:"maskFunction"`
	SaltLen      int      `json:"saltLen"`
	Modulo       int      `json:"modulo"`
	N            hexBytes `json:"n"`
	E            hexBytes `json:"e"`
	// KAS-ECC-SSC
	DomainParameterGenerationMode string `json:"domainParameterGenerationMode"`
	KasRole                       string `json:"kasRole"`
	Scheme                        string `json:"scheme"`
	// DetECDSA answers
	QX    hexBytes       `json:"qx"`
	QY    hexBytes       `json:"qy"`
	Tests []acvpPKeyCase `json:"tests"`
}

type acvpPKeyCase struct {
	TcID       int      `json:"tcId"`
	QX         hexBytes `json:"qx"`
	QY         hexBytes `json:"qy"`
	Q          hexBytes `json:"q"`
	Message    hexBytes `json:"message"`
	Signature  hexBytes `json:"signature"`
	R          hexBytes `json:"r"`
	S          hexBytes `json:"s"`
	TestPassed *bool    `json:"testPassed"`

	EphemeralPrivateIut    hexBytes `json:"ephemeralPrivateIut"`
	EphemeralPublicIutX    hexBytes `json:"ephemeralPublicIutX"`
	EphemeralPublicIutY    hexBytes `json:"ephemeralPublicIutY"`
	EphemeralPublicServerX hexBytes `json:"ephemeralPublicServerX"`
	EphemeralPublicServerY hexBytes `json:"ephemeralPublicServerY"`
	StaticPrivateIut       hexBytes `json:"staticPrivateIut"`
	StaticPublicIutX       hexBytes `json:"staticPublicIutX"`
	StaticPublicIutY       hexBytes `json:"staticPublicIutY"`
	StaticPublicServerX    hexBytes `json:"staticPublicServerX"`
	StaticPublicServerY    hexBytes `json:"staticPublicServerY"`
	Z                      hexBytes `json:"z"`
}

// acvpPKeyVectors is a vector set with its answers, by tgId and tcId.
type acvpPKeyVectors struct {
	prompts *acvpPKeySet
	groups  map[int]*acvpPKeyGroup
	answers map[[2]int]*acvpPKeyCase
}

func (v *acvpPKeyVectors) answer(g *acvpPKeyGroup, c *acvpPKeyCase) *acvpPKeyCase {
	return v.answers[[2]int{g.TgID, c.TcID}]
}

func loadACVPPKey(t *testing.T, name, algorithm string) *acvpPKeyVectors {
	t.Helper()
	dir := fetchModule(t, acvpModule, acvpVersion)
	prompts := readACVPFile[acvpPKeySet](t, filepath.Join(dir, "vectors", name+".bz2"))
	answers := readACVPFile[acvpPKeySet](t, filepath.Join(dir, "expected", name+".bz2"))
	if prompts.Algorithm != algorithm || prompts.VsID != answers.VsID || prompts.Algorithm != answers.Algorithm {
		t.Fatalf("%s: prompts are vsId %d %q, answers vsId %d %q; want algorithm %q", name,
			prompts.VsID, prompts.Algorithm, answers.VsID, answers.Algorithm, algorithm)
	}
	v := &acvpPKeyVectors{prompts: prompts, groups: make(map[int]*acvpPKeyGroup), answers: make(map[[2]int]*acvpPKeyCase)}
	for gi := range answers.TestGroups {
		g := &answers.TestGroups[gi]
		v.groups[g.TgID] = g
		for ci := range g.Tests {
			v.answers[[2]int{g.TgID, g.Tests[ci].TcID}] = &g.Tests[ci]
		}
	}
	n := 0
	for gi := range prompts.TestGroups {
		g := &prompts.TestGroups[gi]
		for ci := range g.Tests {
			if v.answer(g, &g.Tests[ci]) == nil {
				t.Fatalf("%s: no answer for tgId %d tcId %d", name, g.TgID, g.Tests[ci].TcID)
			}
			n++
		}
	}
	if n == 0 || n != len(v.answers) {
		t.Fatalf("%s: %d prompts for %d answers", name, n, len(v.answers))
	}
	return v
}

// passed returns an answer's testPassed, failing the test when it is absent.
func passed(t *testing.T, a *acvpPKeyCase) bool {
	t.Helper()
	if a.TestPassed == nil {
		t.Fatalf("tcId %d: no testPassed in the answer", a.TcID)
	}
	return *a.TestPassed
}

// uncompressedPoint returns 04‖x‖y on c, ok false when a coordinate does
// not fit in the curve's size.
func uncompressedPoint(c pkeyCurve, x, y []byte) ([]byte, bool) {
	fx, okx := fixedSize(x, c.size)
	fy, oky := fixedSize(y, c.size)
	if !okx || !oky {
		return nil, false
	}
	return append(append([]byte{4}, fx...), fy...), true
}

// ---- ECDSA ----

func TestACVPECDSA(t *testing.T) {
	t.Parallel()
	t.Run("keyVer", func(t *testing.T) {
		t.Parallel()
		v := loadACVPPKey(t, "ECDSA", "ECDSA")
		if v.prompts.Mode != "keyVer" {
			t.Fatalf("ECDSA vectors of mode %q, want keyVer", v.prompts.Mode)
		}
		var n tally
		for gi := range v.prompts.TestGroups {
			g := &v.prompts.TestGroups[gi]
			c := curveNamed(t, g.Curve)
			if !capabilityNamed(t, c.capName).Allowed {
				for _, tc := range g.Tests {
					n.skip(tc.TcID, "%s not allowed on the fork", c.name)
				}
				continue
			}
			for ci := range g.Tests {
				tc := &g.Tests[ci]
				want := passed(t, v.answer(g, tc))
				point, fits := uncompressedPoint(c, tc.QX, tc.QY)
				if !fits {
					if want {
						t.Errorf("tcId %d: a valid key with a coordinate wider than %s", tc.TcID, c.name)
					}
					n.note(tc.TcID, "invalid by a coordinate's width alone")
					n.ok()
					continue
				}
				// Through the SPKI parser, which leaves the point to the fork.
				_, err := compat.ParsePKIXPublicKey(ecSPKI(c, point))
				checkKeyVer(t, tc.TcID, "ParsePKIXPublicKey", want, err)
				// Through the standard library's type.
				_, err = compat.NewECDSAPublicKey(&ecdsa.PublicKey{Curve: c.ec,
					X: new(big.Int).SetBytes(tc.QX), Y: new(big.Int).SetBytes(tc.QY)})
				checkKeyVer(t, tc.TcID, "NewECDSAPublicKey", want, err)
				if c.ecdh != nil {
					_, err = compat.NewPublicKeyECDH(c.ecdh, point)
					checkKeyVer(t, tc.TcID, "NewPublicKeyECDH", want, err)
				}
				n.ok()
			}
		}
		n.report(t, "ECDSA keyVer")
	})
	t.Run("DetECDSA", func(t *testing.T) {
		t.Parallel()
		testACVPDetECDSA(t)
	})
}

// checkKeyVer checks the outcome of importing a keyVer key.
func checkKeyVer(t *testing.T, tcID int, what string, want bool, err error) {
	t.Helper()
	switch {
	case want && err != nil:
		t.Errorf("tcId %d: %s refused a valid key: %v", tcID, what, err)
	case !want && !errors.Is(err, compat.ErrInvalidKey):
		t.Errorf("tcId %d: %s of an invalid key: err = %v, want an error wrapping ErrInvalidKey", tcID, what, err)
	}
}

// testACVPDetECDSA verifies the deterministic signatures of the answers
// with the API, and checks signatures the API makes of the same messages
// with the standard library (the API's nonces are random, so its signatures
// cannot equal the answers).
func testACVPDetECDSA(t *testing.T) {
	v := loadACVPPKey(t, "DetECDSA", "DetECDSA")
	if v.prompts.Mode != "sigGen" {
		t.Fatalf("DetECDSA vectors of mode %q, want sigGen", v.prompts.Mode)
	}
	var n tally
	keys := make(map[string]*compat.ECDSAPrivateKey)
	for gi := range v.prompts.TestGroups {
		g := &v.prompts.TestGroups[gi]
		ag := v.groups[g.TgID]
		c := curveNamed(t, g.Curve)
		a := hashNamed(t, g.HashAlg)
		if !capabilityNamed(t, c.capName).Allowed {
			for _, tc := range g.Tests {
				n.skip(tc.TcID, "%s not allowed on the fork", c.name)
			}
			continue
		}
		if g.TestType != "AFT" {
			t.Fatalf("tgId %d: test type %q", g.TgID, g.TestType)
		}
		point, ok := uncompressedPoint(c, ag.QX, ag.QY)
		if !ok {
			t.Fatalf("tgId %d: public key coordinates wider than %s", g.TgID, c.name)
		}
		k, err := compat.ParsePKIXPublicKey(ecSPKI(c, point))
		if err != nil {
			t.Fatalf("tgId %d: ParsePKIXPublicKey: %v", g.TgID, err)
		}
		pub := k.(*compat.ECDSAPublicKey)
		priv := keys[c.name]
		if priv == nil {
			if priv, err = compat.GenerateKeyECDSA(c.ec); err != nil {
				t.Fatalf("GenerateKeyECDSA(%s): %v", c.name, err)
			}
			keys[c.name] = priv
		}
		for ci := range g.Tests {
			tc := &g.Tests[ci]
			ans := v.answer(g, tc)
			d := digest(a, tc.Message)
			sig := derSignature(ans.R, ans.S)
			if !compat.VerifyECDSA(pub, d, sig) {
				t.Errorf("tcId %d (%s, %s): the expected signature did not verify", tc.TcID, c.name, a.name)
			}
			// The same signature with s changed must not verify.
			bad := derSignature(ans.R, new(big.Int).Add(new(big.Int).SetBytes(ans.S), big.NewInt(1)).Bytes())
			if compat.VerifyECDSA(pub, d, bad) {
				t.Errorf("tcId %d: a signature with s+1 verified", tc.TcID)
			}
			own, err := priv.Sign(nil, d, a.hash)
			if err != nil {
				t.Errorf("tcId %d: Sign: %v", tc.TcID, err)
			} else if !ecdsa.VerifyASN1(priv.PublicKey().ECDSA(), d, own) {
				t.Errorf("tcId %d (%s, %s): crypto/ecdsa rejects the API's signature %x", tc.TcID, c.name, a.name, own)
			}
			n.ok()
		}
	}
	n.report(t, "DetECDSA sigGen")
}

// ---- EdDSA ----

// ed25519SPKI encodes a 32-byte Ed25519 key as a SubjectPublicKeyInfo.
func ed25519SPKI(q []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes([]byte{0x2b, 0x65, 0x70}) })
		})
		b.AddASN1(asn1.BIT_STRING, func(b *cryptobyte.Builder) {
			b.AddUint8(0)
			b.AddBytes(q)
		})
	})
	return b.BytesOrPanic()
}

func TestACVPEDDSA(t *testing.T) {
	t.Parallel()
	v := loadACVPPKey(t, "EDDSA", "EDDSA")
	if v.prompts.Mode != "keyVer" {
		t.Fatalf("EDDSA vectors of mode %q, want keyVer", v.prompts.Mode)
	}
	requireCapability(t, "Ed25519", func() error {
		_, err := compat.GenerateKeyEd25519()
		return err
	})
	var n tally
	for gi := range v.prompts.TestGroups {
		g := &v.prompts.TestGroups[gi]
		if g.Curve != "ED-25519" {
			for _, tc := range g.Tests {
				n.skip(tc.TcID, "curve %s", g.Curve)
			}
			continue
		}
		for ci := range g.Tests {
			tc := &g.Tests[ci]
			want := passed(t, v.answer(g, tc))
			if len(tc.Q) != ed25519.PublicKeySize {
				t.Fatalf("tcId %d: a %d-byte key", tc.TcID, len(tc.Q))
			}
			// Ed25519 public keys are 32 opaque bytes at import on every fork,
			// as in crypto/ed25519: none of the forks exposes a point check, and a
			// key that is not a point fails every verification instead. So an
			// invalid key must be accepted exactly as crypto/ed25519 accepts it,
			// and a valid one must be accepted.
			_, err := compat.NewEd25519PublicKey(ed25519.PublicKey(tc.Q))
			checkKeyVer(t, tc.TcID, "NewEd25519PublicKey", true, err)
			_, err = compat.ParsePKIXPublicKey(ed25519SPKI(tc.Q))
			checkKeyVer(t, tc.TcID, "ParsePKIXPublicKey", true, err)
			if !want {
				n.note(tc.TcID, "invalid point accepted at import, as crypto/ed25519 accepts it")
			}
			n.ok()
		}
	}
	n.report(t, "EDDSA keyVer")
}

// ---- RSA ----

func TestACVPRSA(t *testing.T) {
	t.Parallel()
	v := loadACVPPKey(t, "RSA", "RSA")
	if v.prompts.Mode != "sigVer" {
		t.Fatalf("RSA vectors of mode %q, want sigVer", v.prompts.Mode)
	}
	requireCapability(t, "RSA", func() error {
		_, err := compat.GenerateKeyRSA(2048)
		return err
	})
	var n tally
	for gi := range v.prompts.TestGroups {
		g := &v.prompts.TestGroups[gi]
		a := hashNamed(t, g.HashAlg)
		e := new(big.Int).SetBytes(g.E)
		if !e.IsInt64() {
			t.Fatalf("tgId %d: exponent %x", g.TgID, g.E)
		}
		std := &rsa.PublicKey{N: new(big.Int).SetBytes(g.N), E: int(e.Int64())}
		pub, err := compat.NewRSAPublicKey(std)
		var refused string
		if err != nil {
			refused = checkRSAPolicyRefusal(t, std, err)
		}
		for ci := range g.Tests {
			tc := &g.Tests[ci]
			want := passed(t, v.answer(g, tc))
			if pub == nil {
				n.skip(tc.TcID, "%s", refused)
				continue
			}
			d := digest(a, tc.Message)
			if c, ok := hashAllowed(t, a); !ok {
				if err := compat.VerifyPKCS1v15(pub, a.hash, d, tc.Signature); !errors.Is(err, unavailableClass(c)) {
					t.Errorf("tcId %d: %s is not allowed but verifying with it gave %v", tc.TcID, a.name, err)
				}
				n.skip(tc.TcID, "%s not allowed on the fork", a.name)
				continue
			}
			switch g.SigType {
			case "pkcs1v1.5":
				err = compat.VerifyPKCS1v15(pub, a.hash, d, tc.Signature)
			case "pss":
				if g.MaskFunction != "mgf1" {
					n.skip(tc.TcID, "PSS with mask function %q", g.MaskFunction)
					continue
				}
				if g.SaltLen == 0 {
					n.skip(tc.TcID, "PSS with a zero salt length, which SaltLength cannot pin")
					continue
				}
				err = compat.VerifyPSS(pub, a.hash, d, tc.Signature, &rsa.PSSOptions{SaltLength: g.SaltLen, Hash: a.hash})
			default:
				n.skip(tc.TcID, "signature type %q", g.SigType)
				continue
			}
			switch {
			case want && err != nil:
				t.Errorf("tcId %d (%s, %s, %d bits): a valid signature: %v", tc.TcID, g.SigType, a.name, g.Modulo, err)
			case !want && !errors.Is(err, compat.ErrSignature):
				t.Errorf("tcId %d (%s, %s, %d bits): an invalid signature: err = %v, want an error wrapping ErrSignature",
					tc.TcID, g.SigType, a.name, g.Modulo, err)
			}
			n.ok()
		}
	}
	n.report(t, "RSA sigVer")
}

// ---- KAS-ECC-SSC ----

func TestACVPKASECCSSC(t *testing.T) {
	t.Parallel()
	v := loadACVPPKey(t, "KAS-ECC-SSC", "KAS-ECC-SSC")
	var n tally
	for gi := range v.prompts.TestGroups {
		g := &v.prompts.TestGroups[gi]
		c := curveNamed(t, g.DomainParameterGenerationMode)
		if c.ecdh == nil {
			for _, tc := range g.Tests {
				n.skip(tc.TcID, "%s: the ECDH API (crypto/ecdh curves) has no P-224", c.name)
			}
			continue
		}
		if !capabilityNamed(t, c.capName).Allowed {
			for _, tc := range g.Tests {
				n.skip(tc.TcID, "%s not allowed on the fork", c.name)
			}
			continue
		}
		for ci := range g.Tests {
			tc := &g.Tests[ci]
			ans := v.answer(g, tc)
			// One key pair per party: the ephemeral one, or in the static
			// schemes the static one.
			privIut, pubIutX, pubIutY := tc.EphemeralPrivateIut, tc.EphemeralPublicIutX, tc.EphemeralPublicIutY
			serverX, serverY := tc.EphemeralPublicServerX, tc.EphemeralPublicServerY
			if len(serverX) == 0 {
				privIut, pubIutX, pubIutY = tc.StaticPrivateIut, tc.StaticPublicIutX, tc.StaticPublicIutY
				serverX, serverY = tc.StaticPublicServerX, tc.StaticPublicServerY
			}
			serverPoint, ok := uncompressedPoint(c, serverX, serverY)
			if !ok {
				t.Fatalf("tcId %d: server key wider than %s", tc.TcID, c.name)
			}
			switch g.TestType {
			case "VAL":
				want := passed(t, ans)
				d, ok := fixedSize(privIut, c.size)
				if !ok {
					t.Fatalf("tcId %d: private key wider than %s", tc.TcID, c.name)
				}
				got := kasValidate(t, c, tc.TcID, d, pubIutX, pubIutY, serverPoint, tc.Z)
				if got != want {
					t.Errorf("tcId %d (%s, %s, %s): the API's result says testPassed = %v, the answer %v",
						tc.TcID, c.name, g.Scheme, g.KasRole, got, want)
				}
			case "AFT":
				// The IUT's key is its own: generate one, and check the
				// shared secret against crypto/ecdh.
				remote, err := compat.NewPublicKeyECDH(c.ecdh, serverPoint)
				if err != nil {
					t.Fatalf("tcId %d: NewPublicKeyECDH of the server's key: %v", tc.TcID, err)
				}
				rp, err := remote.ECDH()
				if err != nil {
					t.Fatal(err)
				}
				priv, err := compat.GenerateKeyECDH(c.ecdh)
				if err != nil {
					t.Fatalf("GenerateKeyECDH: %v", err)
				}
				z, err := priv.ECDH(rp)
				if err != nil {
					t.Fatalf("tcId %d: ECDH: %v", tc.TcID, err)
				}
				stdPriv, err := priv.ECDHKey()
				if err != nil {
					t.Fatalf("ECDHKey: %v", err)
				}
				stdZ, err := stdPriv.ECDH(rp)
				if err != nil || !bytes.Equal(z, stdZ) {
					t.Errorf("tcId %d (%s): Z = %x, crypto/ecdh computes %x, %v", tc.TcID, c.name, z, stdZ, err)
				}
				if len(ans.Z) == 0 {
					t.Fatalf("tcId %d: no z in the answer", tc.TcID)
				}
				n.note(tc.TcID, "with a generated key against crypto/ecdh (the answer's key is private)")
			default:
				t.Fatalf("tgId %d: test type %q", g.TgID, g.TestType)
			}
			n.ok()
		}
	}
	n.report(t, "KAS-ECC-SSC")
}

// kasValidate answers a VAL test as an IUT would: the test passes when the
// IUT's key pair is consistent and the shared secret it computes is z.
func kasValidate(t *testing.T, c pkeyCurve, tcID int, d, pubX, pubY, serverPoint, z []byte) bool {
	t.Helper()
	priv, err := compat.NewPrivateKeyECDH(c.ecdh, d)
	if err != nil {
		if !errors.Is(err, compat.ErrInvalidKey) {
			t.Errorf("tcId %d: NewPrivateKeyECDH: %v", tcID, err)
		}
		return false
	}
	if point, ok := uncompressedPoint(c, pubX, pubY); !ok || !bytes.Equal(point, priv.PublicKey().Bytes()) {
		return false
	}
	remote, err := compat.NewPublicKeyECDH(c.ecdh, serverPoint)
	if err != nil {
		if !errors.Is(err, compat.ErrInvalidKey) {
			t.Errorf("tcId %d: NewPublicKeyECDH: %v", tcID, err)
		}
		return false
	}
	rp, err := remote.ECDH()
	if err != nil {
		t.Errorf("tcId %d: a key NewPublicKeyECDH accepted, crypto/ecdh refuses: %v", tcID, err)
		return false
	}
	shared, err := priv.ECDH(rp)
	if err != nil {
		t.Errorf("tcId %d: ECDH: %v", tcID, err)
		return false
	}
	var std *ecdh.PrivateKey
	if std, err = c.ecdh.NewPrivateKey(d); err == nil {
		if stdShared, err := std.ECDH(rp); err != nil || !bytes.Equal(shared, stdShared) {
			t.Errorf("tcId %d: Z = %x, crypto/ecdh computes %x, %v", tcID, shared, stdShared, err)
		}
	}
	return bytes.Equal(shared, z)
}
