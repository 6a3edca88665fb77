package compat_test

// The key encodings of the API against crypto/x509, end to end: each input
// goes through compat's parser (the Go encoding layer, then the import into
// the fork, which checks what needs arithmetic) and through crypto/x509's.
// Both must accept or both reject, except in the cases the API documents,
// and a key both accept must re-encode to crypto/x509's bytes.

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cloudflare/circl/kem"
	circlkem1024 "github.com/cloudflare/circl/kem/mlkem/mlkem1024"
	circlkem768 "github.com/cloudflare/circl/kem/mlkem/mlkem768"
	"github.com/cloudflare/circl/sign"
	circl44 "github.com/cloudflare/circl/sign/mldsa/mldsa44"
	circl65 "github.com/cloudflare/circl/sign/mldsa/mldsa65"
	circl87 "github.com/cloudflare/circl/sign/mldsa/mldsa87"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/internal/keys"
)

// keyEncodings are the encodings both sides parse.
var keyEncodings = []string{"pkix", "pkcs8", "pkcs1", "pkcs1 public", "sec1"}

// keyOutcome is one input parsed and re-encoded by both sides.
type keyOutcome struct {
	ours, theirs           any
	oursErr, theirsErr     error
	oursDER, theirsDER     []byte // re-encodings of the parsed keys
	oursMErr, theirsMErr   error
	oursMarshalPanicked    error
	documented             string // why a disagreement is expected, if it is
	documentedErrorMatches bool
}

func parseBoth(enc string, der []byte) (o keyOutcome) {
	switch enc {
	case "pkix":
		o.ours, o.oursErr = compat.ParsePKIXPublicKey(der)
		o.theirs, o.theirsErr = x509.ParsePKIXPublicKey(der)
		if o.oursErr == nil {
			o.oursMarshalPanicked = panicError(func() { o.oursDER, o.oursMErr = compat.MarshalPKIXPublicKey(o.ours) })
		}
		if o.theirsErr == nil {
			o.theirsDER, o.theirsMErr = x509.MarshalPKIXPublicKey(o.theirs)
		}
	case "pkcs8":
		o.ours, o.oursErr = compat.ParsePKCS8PrivateKey(der)
		o.theirs, o.theirsErr = x509.ParsePKCS8PrivateKey(der)
		if o.oursErr == nil {
			o.oursMarshalPanicked = panicError(func() { o.oursDER, o.oursMErr = compat.MarshalPKCS8PrivateKey(o.ours) })
		}
		if o.theirsErr == nil {
			o.theirsDER, o.theirsMErr = x509.MarshalPKCS8PrivateKey(o.theirs)
		}
	case "pkcs1":
		k, err := compat.ParsePKCS1PrivateKey(der)
		o.oursErr = err
		if err == nil {
			o.ours = k
			o.oursMarshalPanicked = panicError(func() { o.oursDER, o.oursMErr = compat.MarshalPKCS1PrivateKey(k) })
		}
		tk, err := x509.ParsePKCS1PrivateKey(der)
		o.theirsErr = err
		if err == nil {
			o.theirs = tk
			o.theirsDER = x509.MarshalPKCS1PrivateKey(tk)
		}
	case "pkcs1 public":
		k, err := compat.ParsePKCS1PublicKey(der)
		o.oursErr = err
		if err == nil {
			o.ours = k
			o.oursMarshalPanicked = panicError(func() { o.oursDER = compat.MarshalPKCS1PublicKey(k) })
		}
		tk, err := x509.ParsePKCS1PublicKey(der)
		o.theirsErr = err
		if err == nil {
			o.theirs = tk
			o.theirsDER = x509.MarshalPKCS1PublicKey(tk)
		}
	case "sec1":
		k, err := compat.ParseECPrivateKey(der)
		o.oursErr = err
		if err == nil {
			o.ours = k
			o.oursMarshalPanicked = panicError(func() { o.oursDER, o.oursMErr = compat.MarshalECPrivateKey(k) })
		}
		tk, err := x509.ParseECPrivateKey(der)
		o.theirsErr = err
		if err == nil {
			o.theirs = tk
			o.theirsDER, o.theirsMErr = x509.MarshalECPrivateKey(tk)
		}
	default:
		panic("unknown encoding " + enc)
	}
	if o.oursErr != nil && o.theirsErr == nil {
		o.documented, o.documentedErrorMatches = documentedRejection(o.theirs, o.oursErr)
	}
	if o.oursErr == nil && o.theirsErr != nil {
		o.documented = documentedAcceptance(enc, o.ours, der)
	}
	return o
}

// documentedAcceptance says why the API may accept a key crypto/x509
// rejects, or "": ML-KEM keys, which crypto/x509 does not parse; ML-DSA
// keys before Go 1.27; and ML-DSA private keys in the expanded and both
// forms, which crypto/x509 refuses (RFC 9881 allows them).
func documentedAcceptance(enc string, ours any, der []byte) string {
	switch ours.(type) {
	case *compat.MLKEMEncapsulationKey, *compat.MLKEMDecapsulationKey:
		return "ML-KEM (crypto/x509 has none)"
	case *compat.MLDSAPublicKey:
		if !x509HasMLDSA {
			return "ML-DSA (crypto/x509 has none before Go 1.27)"
		}
	case *compat.MLDSAPrivateKey:
		if !x509HasMLDSA {
			return "ML-DSA (crypto/x509 has none before Go 1.27)"
		}
		if inner := pkcs8PrivateKey(der); enc == "pkcs8" && (len(inner) == 0 || inner[0] != 0x80) {
			return "ML-DSA expanded or both forms (crypto/x509 reads the seed form only)"
		}
	}
	return ""
}

// pkcs8PrivateKey returns the PrivateKey octets of a PKCS #8 encoding, or nil.
func pkcs8PrivateKey(der []byte) []byte {
	s := cryptobyte.String(der)
	var info cryptobyte.String
	var inner []byte
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.SkipASN1(cbasn1.INTEGER) || !info.SkipASN1(cbasn1.SEQUENCE) ||
		!info.ReadASN1Bytes(&inner, cbasn1.OCTET_STRING) {
		return nil
	}
	return inner
}

// documentedRejection says why the API may reject a key crypto/x509
// accepted (as theirs), and whether ours is the error promised for it.
// It returns "" for a rejection the API does not document.
func documentedRejection(theirs any, ours error) (reason string, errorMatches bool) {
	if c, ok := lookupCapability(capabilityOf(theirs)); ok && !c.Allowed {
		return fmt.Sprintf("%s not available (%s)", c.Name, c.Status), errors.Is(ours, unavailableClass(c))
	}
	var pub *rsa.PublicKey
	switch k := theirs.(type) {
	case *rsa.PrivateKey:
		if len(k.Primes) > 2 {
			return "multi-prime RSA", errors.Is(ours, compat.ErrUnsupported)
		}
		pub = &k.PublicKey
	case *rsa.PublicKey:
		pub = k
	default:
		return "", false
	}
	switch bits := pub.N.BitLen(); {
	case bits < 1024 || bits > 16384:
		return "RSA modulus size", errors.Is(ours, compat.ErrInvalidKey)
	case pub.N.Bit(0) == 0:
		return "RSA modulus even", errors.Is(ours, compat.ErrInvalidKey)
	case pub.E < 3 || pub.E&1 == 0 || pub.E > 1<<31-1:
		return "RSA exponent", errors.Is(ours, compat.ErrInvalidKey)
	}
	return "", false
}

// capabilityOf names the Capabilities row a key of crypto/x509 needs.
func capabilityOf(k any) string {
	switch k := k.(type) {
	case *ecdsa.PublicKey:
		return "ECDSA/ECDH " + k.Curve.Params().Name
	case *ecdsa.PrivateKey:
		return "ECDSA/ECDH " + k.Curve.Params().Name
	case ed25519.PublicKey, ed25519.PrivateKey:
		return "Ed25519"
	case *ecdh.PublicKey, *ecdh.PrivateKey: // crypto/x509 returns these for X25519 only
		return "X25519"
	case *rsa.PublicKey, *rsa.PrivateKey:
		return "RSA"
	}
	return capabilityOfStd(k)
}

// keyTally counts the comparisons of one test.
type keyTally struct {
	mu                      sync.Mutex
	compared, both, neither int
	documented              map[string]int
}

func (c *keyTally) add(o *keyOutcome) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.compared++
	switch {
	case o.oursErr == nil && o.theirsErr == nil:
		c.both++
	case o.oursErr != nil && o.theirsErr != nil:
		c.neither++
	case o.documented != "":
		if c.documented == nil {
			c.documented = map[string]int{}
		}
		c.documented[o.documented]++
	}
}

func (c *keyTally) report(t *testing.T, what string) {
	t.Helper()
	var docs []string
	for r, n := range c.documented {
		docs = append(docs, fmt.Sprintf("%s: %d", r, n))
	}
	sort.Strings(docs)
	t.Logf("%s on %s: %d inputs compared, %d accepted by both, %d rejected by both, documented rejections [%s]",
		what, forkName(), c.compared, c.both, c.neither, strings.Join(docs, ", "))
	if c.compared == 0 {
		t.Errorf("%s: nothing compared", what)
	}
}

// checkKey compares the two sides on der parsed as enc, reporting any
// disagreement that is not documented, and returns the outcome.
func checkKey(t *testing.T, tally *keyTally, enc string, der []byte) keyOutcome {
	t.Helper()
	o := parseBoth(enc, der)
	if tally != nil {
		tally.add(&o)
	}
	switch {
	case o.oursErr == nil && o.theirsErr != nil:
		if o.documented == "" {
			t.Errorf("%s %x: accepted (%T), crypto/x509 rejects it: %v", enc, der, o.ours, o.theirsErr)
		}
	case o.oursErr != nil && o.theirsErr == nil:
		if o.documented == "" {
			t.Errorf("%s %x: rejected (%v), crypto/x509 accepts it (%T)", enc, der, o.oursErr, o.theirs)
		} else if !o.documentedErrorMatches {
			t.Errorf("%s %x: rejected for %s, but with %v", enc, der, o.documented, o.oursErr)
		}
	case o.oursErr == nil:
		if o.oursMarshalPanicked != nil {
			t.Errorf("%s %x: marshal panicked: %v", enc, der, o.oursMarshalPanicked)
		} else if (o.oursMErr == nil) != (o.theirsMErr == nil) || !bytes.Equal(o.oursDER, o.theirsDER) {
			t.Errorf("%s %x: re-encodings differ\n got %x (%v)\nwant %x (%v)", enc, der, o.oursDER, o.oursMErr, o.theirsDER, o.theirsMErr)
		}
	}
	return o
}

// ---- inputs ----

// keySample is one generated key in crypto/x509's encodings of it.
type keySample struct {
	name string
	enc  map[string][]byte
}

var (
	keySamplesOnce sync.Once
	keySamples     []keySample
	keySampleRSA   *rsa.PrivateKey
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// generatedKeys returns a key of every kind the API encodes, with crypto/x509
// as the encoder, plus hand-made variants crypto/x509 also accepts.
func generatedKeys() []keySample {
	keySamplesOnce.Do(func() {
		add := func(name string, enc map[string][]byte) {
			keySamples = append(keySamples, keySample{name, enc})
		}
		for _, c := range []elliptic.Curve{elliptic.P224(), elliptic.P256(), elliptic.P384(), elliptic.P521()} {
			k := must(ecdsa.GenerateKey(c, rand.Reader))
			add("ECDSA "+c.Params().Name, map[string][]byte{
				"pkix":  must(x509.MarshalPKIXPublicKey(&k.PublicKey)),
				"pkcs8": must(x509.MarshalPKCS8PrivateKey(k)),
				"sec1":  must(x509.MarshalECPrivateKey(k)),
			})
			// The stored public point of another key: crypto/x509 ignores
			// it and so must the API (the fork derives the point from D).
			other := must(ecdsa.GenerateKey(c, rand.Reader))
			add("ECDSA "+c.Params().Name+" with a wrong stored point", map[string][]byte{
				"sec1": withStoredPoint(must(x509.MarshalECPrivateKey(k)), must(other.PublicKey.Bytes())),
			})
		}
		ek := must(ecdh.P256().GenerateKey(rand.Reader))
		add("ECDH P-256", map[string][]byte{
			"pkix":  must(x509.MarshalPKIXPublicKey(ek.PublicKey())),
			"pkcs8": must(x509.MarshalPKCS8PrivateKey(ek)),
		})
		_, ed := must2(ed25519.GenerateKey(rand.Reader))
		add("Ed25519", map[string][]byte{
			"pkix":  must(x509.MarshalPKIXPublicKey(ed.Public())),
			"pkcs8": must(x509.MarshalPKCS8PrivateKey(ed)),
		})
		x := must(ecdh.X25519().GenerateKey(rand.Reader))
		add("X25519", map[string][]byte{
			"pkix":  must(x509.MarshalPKIXPublicKey(x.PublicKey())),
			"pkcs8": must(x509.MarshalPKCS8PrivateKey(x)),
		})
		r := must(rsa.GenerateKey(rand.Reader, 2048))
		keySampleRSA = r
		add("RSA 2048", map[string][]byte{
			"pkix":         must(x509.MarshalPKIXPublicKey(&r.PublicKey)),
			"pkcs8":        must(x509.MarshalPKCS8PrivateKey(r)),
			"pkcs1":        x509.MarshalPKCS1PrivateKey(r),
			"pkcs1 public": x509.MarshalPKCS1PublicKey(&r.PublicKey),
		})
		// PKCS #1 allows the CRT values to be left out; crypto/x509
		// computes them, and so must the fork.
		noCRT := pkcs1Encode(r, false)
		add("RSA 2048 without CRT values", map[string][]byte{
			"pkcs1": noCRT,
			"pkcs8": pkcs8OfPKCS1(noCRT),
		})
		keySamples = append(keySamples, stdPQSamples()...)
	})
	return keySamples
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// withStoredPoint replaces the public point of a SEC 1 ECPrivateKey.
func withStoredPoint(sec1, point []byte) []byte {
	s := cryptobyte.String(sec1)
	var body cryptobyte.String
	var version int64
	var d, params cryptobyte.String
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1Integer(&version) ||
		!body.ReadASN1(&d, cbasn1.OCTET_STRING) ||
		!body.ReadASN1Element(&params, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		panic("unexpected SEC 1 encoding")
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(version)
		b.AddASN1OctetString(d)
		b.AddBytes(params)
		b.AddASN1(cbasn1.Tag(1).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddASN1BitString(point)
		})
	})
	return b.BytesOrPanic()
}

// pkcs1Encode writes k as a PKCS #1 RSAPrivateKey as it stands, without
// the validation and precomputation of x509.MarshalPKCS1PrivateKey.
func pkcs1Encode(k *rsa.PrivateKey, crt bool) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1BigInt(k.N)
		b.AddASN1Int64(int64(k.E))
		b.AddASN1BigInt(k.D)
		b.AddASN1BigInt(k.Primes[0])
		b.AddASN1BigInt(k.Primes[1])
		if crt {
			b.AddASN1BigInt(k.Precomputed.Dp)
			b.AddASN1BigInt(k.Precomputed.Dq)
			b.AddASN1BigInt(k.Precomputed.Qinv)
		}
	})
	return b.BytesOrPanic()
}

var oidRSAEncryption = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}

// pkcs8OfPKCS1 wraps a PKCS #1 private key in a PKCS #8 PrivateKeyInfo.
func pkcs8OfPKCS1(pkcs1 []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(oidRSAEncryption)
			b.AddASN1NULL()
		})
		b.AddASN1OctetString(pkcs1)
	})
	return b.BytesOrPanic()
}

// headerOffsets returns the offsets of the DER headers in der, descending
// into constructed elements and into OCTET and BIT STRINGs that hold DER.
func headerOffsets(der []byte) []int {
	var out []int
	var walk func(b []byte, base, depth int)
	walk = func(b []byte, base, depth int) {
		for off := 0; off < len(b) && depth < 6; {
			s := cryptobyte.String(b[off:])
			var elem cryptobyte.String
			var tag cbasn1.Tag
			var hdr int
			if !s.ReadAnyASN1Element(&elem, &tag) {
				return
			}
			var contents cryptobyte.String
			e := cryptobyte.String(elem)
			if !e.ReadAnyASN1(&contents, &tag) {
				return
			}
			hdr = len(elem) - len(contents)
			out = append(out, base+off)
			switch {
			case tag&0x20 != 0:
				walk(contents, base+off+hdr, depth+1)
			case tag == cbasn1.OCTET_STRING:
				walk(contents, base+off+hdr, depth+1)
			case tag == cbasn1.BIT_STRING && len(contents) > 1:
				walk(contents[1:], base+off+hdr+1, depth+1)
			}
			off += len(elem)
		}
	}
	walk(der, 0, 0)
	return out
}

// keyMutations returns variations of der: truncations, appended bytes, and
// bit flips and increments at and just after every DER header.
func keyMutations(der []byte) [][]byte {
	var out [][]byte
	edit := func(f func(b []byte) []byte) { out = append(out, f(bytes.Clone(der))) }
	for _, n := range []int{1, 2, len(der) / 2, len(der) - 2} {
		if n > 0 && n < len(der) {
			edit(func(b []byte) []byte { return b[:len(b)-n] })
		}
	}
	edit(func(b []byte) []byte { return append(b, 0) })
	edit(func(b []byte) []byte { return append(b, 5, 0) })
	edit(func(b []byte) []byte { b[len(b)-1] ^= 1; return b })
	seen := map[int]bool{}
	for _, h := range headerOffsets(der) {
		for i := h; i < h+4 && i < len(der); i++ {
			if seen[i] {
				continue
			}
			seen[i] = true
			edit(func(b []byte) []byte { b[i] ^= 0x80; return b })
			edit(func(b []byte) []byte { b[i] ^= 0x01; return b })
			edit(func(b []byte) []byte { b[i]++; return b })
		}
	}
	return out
}

// ---- tests ----

// TestKeysDifferentialGenerated compares both sides on generated keys of
// every kind and on mutations of their encodings.
func TestKeysDifferentialGenerated(t *testing.T) {
	var tally, mutated keyTally
	for _, s := range generatedKeys() {
		for _, enc := range keyEncodings {
			der, ok := s.enc[enc]
			if !ok {
				continue
			}
			o := checkKey(t, &tally, enc, der)
			if o.theirsErr != nil {
				t.Fatalf("%s %s: crypto/x509 rejects its own encoding: %v", s.name, enc, o.theirsErr)
			}
			if o.oursErr == nil && strings.Contains(s.name, "wrong stored point") && bytes.Equal(o.oursDER, der) {
				t.Errorf("%s: the stored point was kept", s.name)
			}
			for _, m := range keyMutations(der) {
				// Every encoding is tried on every mutation: a mutated key
				// of one kind must not slip through another parser either.
				for _, enc := range keyEncodings {
					checkKey(t, &mutated, enc, m)
				}
			}
		}
	}
	if r, _ := documentedRejection(keySampleRSA, compat.ErrInvalidKey); r != "" && capabilityNamed(t, "RSA").Allowed {
		t.Errorf("a 2048-bit RSA key counted as a documented rejection: %s", r)
	}
	tally.report(t, "generated keys")
	mutated.report(t, "mutations")
	if tally.both != tally.compared-sum(tally.documented) {
		t.Errorf("generated keys: %d of %d accepted by both", tally.both, tally.compared)
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestKeysDifferentialInconsistentRSA checks that RSA private keys whose
// values do not fit together are rejected by both sides, the API through
// the fork's import (the Go layer only checks the structure).
func TestKeysDifferentialInconsistentRSA(t *testing.T) {
	generatedKeys()
	k := keySampleRSA
	one := big.NewInt(1)
	edits := []struct {
		name string
		edit func(c *rsa.PrivateKey)
	}{
		{"d+2", func(c *rsa.PrivateKey) { c.D = new(big.Int).Add(c.D, big.NewInt(2)) }},
		{"qinv+1", func(c *rsa.PrivateKey) { c.Precomputed.Qinv = new(big.Int).Add(c.Precomputed.Qinv, one) }},
		{"dp+1", func(c *rsa.PrivateKey) { c.Precomputed.Dp = new(big.Int).Add(c.Precomputed.Dp, one) }},
		{"dq-1", func(c *rsa.PrivateKey) { c.Precomputed.Dq = new(big.Int).Sub(c.Precomputed.Dq, one) }},
		{"n+2", func(c *rsa.PrivateKey) { c.N = new(big.Int).Add(c.N, big.NewInt(2)) }},
		{"p and q swapped", func(c *rsa.PrivateKey) { c.Primes = []*big.Int{c.Primes[1], c.Primes[0]} }},
		{"e=3", func(c *rsa.PrivateKey) { c.E = 3 }},
		{"e=1, d=1", func(c *rsa.PrivateKey) { c.E, c.D = 1, one }},
		{"d=0", func(c *rsa.PrivateKey) { c.D = new(big.Int) }},
		{"qinv+p", func(c *rsa.PrivateKey) { c.Precomputed.Qinv = new(big.Int).Add(c.Precomputed.Qinv, c.Primes[0]) }},
		{"qinv=0", func(c *rsa.PrivateKey) { c.Precomputed.Qinv = new(big.Int) }},
		{"dp+(p-1)", func(c *rsa.PrivateKey) {
			c.Precomputed.Dp = new(big.Int).Add(c.Precomputed.Dp, new(big.Int).Sub(c.Primes[0], one))
		}},
		{"p=1, q=n", func(c *rsa.PrivateKey) { c.Primes = []*big.Int{one, c.N} }},
		{"p+2 without CRT", func(c *rsa.PrivateKey) {
			c.Primes = []*big.Int{new(big.Int).Add(c.Primes[0], big.NewInt(2)), c.Primes[1]}
		}},
	}
	var tally keyTally
	for _, e := range edits {
		c := *k
		e.edit(&c)
		pkcs1 := pkcs1Encode(&c, !strings.HasSuffix(e.name, "without CRT"))
		for enc, der := range map[string][]byte{"pkcs1": pkcs1, "pkcs8": pkcs8OfPKCS1(pkcs1)} {
			o := checkKey(t, &tally, enc, der)
			if o.theirsErr == nil {
				t.Errorf("%s %s: crypto/x509 accepts it", e.name, enc)
			}
			if !errors.Is(o.oursErr, compat.ErrInvalidKey) {
				t.Errorf("%s %s: got %v, want an error wrapping ErrInvalidKey", e.name, enc, o.oursErr)
			}
		}
	}
	tally.report(t, "inconsistent RSA keys")
	if tally.neither != tally.compared {
		t.Errorf("%d of %d inconsistent keys rejected by both", tally.neither, tally.compared)
	}
}

// TestKeysDifferentialMultiPrime shows the documented rejection of
// multi-prime RSA keys, which crypto/x509 accepts.
func TestKeysDifferentialMultiPrime(t *testing.T) {
	k, err := rsa.GenerateMultiPrimeKey(rand.Reader, 3, 2048)
	if err != nil {
		t.Skipf("cannot generate a multi-prime key: %v", err)
	}
	o := checkKey(t, nil, "pkcs1", x509.MarshalPKCS1PrivateKey(k))
	if o.theirsErr != nil || o.documented != "multi-prime RSA" || !errors.Is(o.oursErr, compat.ErrUnsupported) {
		t.Errorf("ours %v, crypto/x509 %v, documented %q", o.oursErr, o.theirsErr, o.documented)
	}
}

// wycheproofKeyFile decodes the key fields of the Wycheproof files.
type wycheproofKeyFile struct {
	TestGroups []struct {
		KeyDer          hexBytes `json:"keyDer"`
		KeyAsn          hexBytes `json:"keyAsn"`
		PrivateKeyPkcs8 hexBytes `json:"privateKeyPkcs8"`
		Encoding        string   `json:"encoding"`
		Type            string   `json:"type"`
		Tests           []struct {
			Public  json.RawMessage `json:"public"`
			Private json.RawMessage `json:"private"`
		} `json:"tests"`
	} `json:"testGroups"`
}

// TestKeysDifferentialWycheproof compares both sides on the keys of the
// Wycheproof signature, encryption and key agreement files: the signature
// files' public keys (SubjectPublicKeyInfo and PKCS #1), the RSA private
// keys (PKCS #8), the ECDH files' peer keys, many malformed on purpose
// (SubjectPublicKeyInfo), and the X25519 keys of x25519_asn_test.json.
func TestKeysDifferentialWycheproof(t *testing.T) {
	dir := filepath.Join(fetchModule(t, wycheproofModule, wycheproofVersion), "testvectors")
	var files []string
	for _, pat := range []string{"ecdsa_secp*_sha*_test.json", "rsa_signature_*_test.json", "eddsa_test.json",
		"rsa_oaep_*_test.json", "rsa_pkcs1_*_test.json", "ecdh_secp*_test.json", "ecdh_test.json", "x25519_asn_test.json"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 60 {
		t.Fatalf("only %d Wycheproof files found in %s", len(files), dir)
	}
	seen := map[string]bool{}
	var tally keyTally
	check := func(enc string, der []byte) {
		if len(der) == 0 || seen[enc+string(der)] {
			return
		}
		seen[enc+string(der)] = true
		checkKey(t, &tally, enc, der)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var f wycheproofKeyFile
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		base := filepath.Base(name)
		asn := strings.HasPrefix(base, "x25519_asn") || strings.HasPrefix(base, "ecdh_")
		for _, g := range f.TestGroups {
			check("pkix", g.KeyDer)
			check("pkcs1 public", g.KeyAsn)
			check("pkcs8", g.PrivateKeyPkcs8)
			if !asn || (strings.HasPrefix(base, "ecdh_") && g.Encoding != "asn") {
				continue
			}
			for _, tc := range g.Tests {
				var pub, priv hexBytes
				if json.Unmarshal(tc.Public, &pub) == nil {
					check("pkix", pub)
				}
				if strings.HasPrefix(base, "x25519_asn") && json.Unmarshal(tc.Private, &priv) == nil {
					check("pkcs8", priv)
				}
			}
		}
	}
	tally.report(t, fmt.Sprintf("Wycheproof keys from %d files", len(files)))
	if tally.both < 100 || tally.neither < 100 {
		t.Errorf("expected hundreds of keys accepted and rejected by both, got %d and %d", tally.both, tally.neither)
	}
}

// FuzzParseKeys feeds arbitrary input to every parser of both sides.
func FuzzParseKeys(f *testing.F) {
	for _, s := range generatedKeys() {
		for _, der := range s.enc {
			f.Add(der)
			if len(der) < 400 {
				for _, m := range keyMutations(der) {
					f.Add(m)
				}
			}
		}
	}
	k := *keySampleRSA
	k.D = new(big.Int).Add(k.D, big.NewInt(2))
	f.Add(pkcs1Encode(&k, true))
	for _, der := range pqKeySamples() {
		f.Add(der)
		for _, m := range keyMutations(der[:min(len(der), 64)]) {
			f.Add(append(m, der[min(len(der), 64):]...))
		}
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		for _, enc := range keyEncodings {
			checkKey(t, nil, enc, der)
		}
	})
}

// pqKeySamples are ML-DSA and ML-KEM keys in every encoding RFC 9881 and
// RFC 9935 allow (public key; private key as seed, expanded, or both),
// written by the Go encoding layer from CIRCL's keys, as fuzzing seeds.
func pqKeySamples() [][]byte {
	var out [][]byte
	add := func(alg string, pub, seed, expanded []byte) {
		out = append(out, must(keys.MarshalPKIXPublicKey(&keys.PQPublicKey{Algorithm: alg, Key: pub})))
		der := must(keys.MarshalPKCS8PrivateKey(&keys.PQPrivateKey{Algorithm: alg, Seed: seed}))
		out = append(out, der,
			rewrapPKCS8(der, func(b *cryptobyte.Builder) { b.AddASN1OctetString(expanded) }),
			rewrapPKCS8(der, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1OctetString(seed)
					b.AddASN1OctetString(expanded)
				})
			}))
	}
	seed := bytes.Repeat([]byte{1}, 32)
	for _, s := range []sign.Scheme{circl44.Scheme(), circl65.Scheme(), circl87.Scheme()} {
		pub, priv := s.DeriveKey(seed)
		add(s.Name(), must(pub.MarshalBinary()), seed, must(priv.MarshalBinary()))
	}
	seed = bytes.Repeat([]byte{2}, 64)
	for _, s := range []kem.Scheme{circlkem768.Scheme(), circlkem1024.Scheme()} {
		pub, priv := s.DeriveKeyPair(seed)
		add(s.Name(), must(pub.MarshalBinary()), seed, must(priv.MarshalBinary()))
	}
	return out
}

// rewrapPKCS8 replaces the PrivateKey octets of a PKCS #8 encoding with
// what inner adds, or returns nil for input that is not PKCS #8.
func rewrapPKCS8(der []byte, inner func(b *cryptobyte.Builder)) []byte {
	s := cryptobyte.String(der)
	var info, algo cryptobyte.String
	var version int64
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.ReadASN1Integer(&version) || !info.ReadASN1Element(&algo, cbasn1.SEQUENCE) {
		return nil
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(version)
		b.AddBytes(algo)
		b.AddASN1(cbasn1.OCTET_STRING, inner)
	})
	return b.BytesOrPanic()
}
