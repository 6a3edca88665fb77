package keys

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"math/big"
	"sync"
	"testing"
)

// sample holds generated keys and their crypto/x509 encodings.
type sample struct {
	name  string
	pkix  []byte
	pkcs8 []byte
	pkcs1 []byte // RSA private
	pub1  []byte // RSA public
	sec1  []byte // EC private
}

var (
	samplesOnce sync.Once
	samples     []sample
)

func mustDo[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// testSamples generates one key of each kind and encodes it with crypto/x509.
func testSamples(tb testing.TB) []sample {
	tb.Helper()
	samplesOnce.Do(func() {
		for _, c := range []elliptic.Curve{elliptic.P224(), elliptic.P256(), elliptic.P384(), elliptic.P521()} {
			k := mustDo(ecdsa.GenerateKey(c, rand.Reader))
			samples = append(samples, sample{
				name:  "ecdsa " + c.Params().Name,
				pkix:  mustDo(x509.MarshalPKIXPublicKey(&k.PublicKey)),
				pkcs8: mustDo(x509.MarshalPKCS8PrivateKey(k)),
				sec1:  mustDo(x509.MarshalECPrivateKey(k)),
			})
		}
		for _, c := range []ecdh.Curve{ecdh.P256(), ecdh.P384(), ecdh.P521()} {
			k := mustDo(c.GenerateKey(rand.Reader))
			samples = append(samples, sample{
				name:  "ecdh " + c.(interface{ String() string }).String(),
				pkix:  mustDo(x509.MarshalPKIXPublicKey(k.PublicKey())),
				pkcs8: mustDo(x509.MarshalPKCS8PrivateKey(k)),
			})
		}
		_, ed := mustDo2(ed25519.GenerateKey(rand.Reader))
		samples = append(samples, sample{
			name:  "ed25519",
			pkix:  mustDo(x509.MarshalPKIXPublicKey(ed.Public())),
			pkcs8: mustDo(x509.MarshalPKCS8PrivateKey(ed)),
		})
		x := mustDo(ecdh.X25519().GenerateKey(rand.Reader))
		samples = append(samples, sample{
			name:  "x25519",
			pkix:  mustDo(x509.MarshalPKIXPublicKey(x.PublicKey())),
			pkcs8: mustDo(x509.MarshalPKCS8PrivateKey(x)),
		})
		for _, bits := range []int{1024, 2048} {
			k := mustDo(rsa.GenerateKey(rand.Reader, bits))
			samples = append(samples, sample{
				name:  "rsa " + big.NewInt(int64(bits)).String(),
				pkix:  mustDo(x509.MarshalPKIXPublicKey(&k.PublicKey)),
				pkcs8: mustDo(x509.MarshalPKCS8PrivateKey(k)),
				pkcs1: x509.MarshalPKCS1PrivateKey(k),
				pub1:  x509.MarshalPKCS1PublicKey(&k.PublicKey),
			})
		}
	})
	return samples
}

func mustDo2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// TestRoundTrip parses crypto/x509's encodings of generated keys, checks the
// components against the keys and re-encodes them to the same bytes.
func TestRoundTrip(t *testing.T) {
	for _, s := range testSamples(t) {
		t.Run(s.name, func(t *testing.T) {
			for _, enc := range []struct {
				kind string
				der  []byte
			}{{"pkix", s.pkix}, {"pkcs8", s.pkcs8}, {"pkcs1", s.pkcs1}, {"pkcs1 public", s.pub1}, {"sec1", s.sec1}} {
				if enc.der == nil {
					continue
				}
				res := differential(enc.kind, enc.der)
				if !res.oursOK || !res.theirsOK {
					t.Fatalf("%s: ours err %v, x509 err %v", enc.kind, res.oursErr, res.theirsErr)
				}
				if !bytes.Equal(res.ours, enc.der) {
					t.Errorf("%s: re-encoding differs\n got %x\nwant %x", enc.kind, res.ours, enc.der)
				}
				checkComponents(t, res.ourKey, res.theirKey)
			}
		})
	}
}

// checkComponents compares a key parsed here with the one crypto/x509 parsed.
func checkComponents(t *testing.T, ours, theirs any) {
	t.Helper()
	eq := func(what string, a []byte, b *big.Int) {
		if !bytes.Equal(a, b.Bytes()) {
			t.Errorf("%s: got %x, want %x", what, a, b.Bytes())
		}
	}
	switch k := ours.(type) {
	case *ECPublicKey:
		p := theirs.(*ecdsa.PublicKey)
		if want, _ := p.Bytes(); k.Curve != p.Curve.Params().Name || !bytes.Equal(k.Point, want) {
			t.Errorf("EC public key mismatch")
		}
	case *ECPrivateKey:
		p := theirs.(*ecdsa.PrivateKey)
		d, _ := p.Bytes()
		pt, _ := p.PublicKey.Bytes()
		if k.Curve != p.Curve.Params().Name || !bytes.Equal(k.D, d) || !bytes.Equal(k.Point, pt) {
			t.Errorf("EC private key mismatch")
		}
	case *Ed25519PublicKey:
		if !bytes.Equal(k[:], theirs.(ed25519.PublicKey)) {
			t.Errorf("Ed25519 public key mismatch")
		}
	case *Ed25519PrivateKey:
		if !bytes.Equal(k[:], theirs.(ed25519.PrivateKey).Seed()) {
			t.Errorf("Ed25519 private key mismatch")
		}
	case *X25519PublicKey:
		if !bytes.Equal(k[:], theirs.(*ecdh.PublicKey).Bytes()) {
			t.Errorf("X25519 public key mismatch")
		}
	case *X25519PrivateKey:
		if !bytes.Equal(k[:], theirs.(*ecdh.PrivateKey).Bytes()) {
			t.Errorf("X25519 private key mismatch")
		}
	case *RSAPublicKey:
		p := theirs.(*rsa.PublicKey)
		eq("N", k.N, p.N)
		eq("E", k.E, big.NewInt(int64(p.E)))
	case *RSAPrivateKey:
		p := theirs.(*rsa.PrivateKey)
		eq("N", k.N, p.N)
		eq("E", k.E, big.NewInt(int64(p.E)))
		eq("D", k.D, p.D)
		eq("P", k.P, p.Primes[0])
		eq("Q", k.Q, p.Primes[1])
		eq("Dp", k.Dp, p.Precomputed.Dp)
		eq("Dq", k.Dq, p.Precomputed.Dq)
		eq("Qinv", k.Qinv, p.Precomputed.Qinv)
	default:
		t.Errorf("unexpected key type %T", ours)
	}
}

// TestMarshalFromComponents builds keys from raw components and checks the
// encodings against crypto/x509's, including computed public points and CRT
// values.
func TestMarshalFromComponents(t *testing.T) {
	for _, s := range testSamples(t) {
		key, err := ParsePKCS8PrivateKey(s.pkcs8)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		switch k := key.(type) {
		case *ECPrivateKey:
			k.Point = nil
			if got := mustDo(MarshalPKCS8PrivateKey(k)); !bytes.Equal(got, s.pkcs8) {
				t.Errorf("%s: PKCS #8 from D alone differs", s.name)
			}
			if s.sec1 != nil {
				if got := mustDo(MarshalECPrivateKey(k)); !bytes.Equal(got, s.sec1) {
					t.Errorf("%s: SEC 1 from D alone differs", s.name)
				}
			}
		case *RSAPrivateKey:
			k.Dp, k.Dq, k.Qinv = nil, nil, nil
			if got := mustDo(MarshalPKCS1PrivateKey(k)); !bytes.Equal(got, s.pkcs1) {
				t.Errorf("%s: PKCS #1 without CRT values differs", s.name)
			}
			if got := mustDo(MarshalPKCS8PrivateKey(k)); !bytes.Equal(got, s.pkcs8) {
				t.Errorf("%s: PKCS #8 without CRT values differs", s.name)
			}
			if got := MarshalPKCS1PublicKey(k.Public()); !bytes.Equal(got, s.pub1) {
				t.Errorf("%s: PKCS #1 public key differs", s.name)
			}
			k.D[len(k.D)-1] ^= 2
			if _, err := MarshalPKCS8PrivateKey(k); err == nil {
				t.Errorf("%s: inconsistent key marshalled", s.name)
			}
		}
	}
}

func TestRejects(t *testing.T) {
	if _, err := MarshalPKIXPublicKey(&ECPublicKey{Curve: "P-192", Point: []byte{4}}); err == nil {
		t.Error("unknown curve accepted")
	}
	if _, err := MarshalPKIXPublicKey(&ECPublicKey{Curve: "P-256", Point: []byte{4, 1}}); err == nil {
		t.Error("short point accepted")
	}
	if _, err := MarshalECPrivateKey(&ECPrivateKey{Curve: "P-256", D: make([]byte, 32)}); err == nil {
		t.Error("zero scalar accepted")
	}
	if _, err := MarshalPKIXPublicKey(struct{}{}); err == nil {
		t.Error("unknown type accepted")
	}
}

func BenchmarkParsePKIXPublicKeyP256(b *testing.B) {
	k := mustDo(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
	der := mustDo(x509.MarshalPKIXPublicKey(&k.PublicKey))
	b.Run("keys", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParsePKIXPublicKey(der); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("x509", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := x509.ParsePKIXPublicKey(der); err != nil {
				b.Fatal(err)
			}
		}
	})
}
