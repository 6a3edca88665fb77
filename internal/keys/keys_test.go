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
	"errors"
	"math/big"
	"sync"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
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
// encodings against crypto/x509's, and that a missing public point or CRT
// value is an error rather than something computed here.
func TestMarshalFromComponents(t *testing.T) {
	for _, s := range testSamples(t) {
		key, err := ParsePKCS8PrivateKey(s.pkcs8)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		switch k := key.(type) {
		case *ECPrivateKey:
			if got := mustDo(MarshalPKCS8PrivateKey(k)); !bytes.Equal(got, s.pkcs8) {
				t.Errorf("%s: PKCS #8 differs", s.name)
			}
			if s.sec1 != nil {
				if got := mustDo(MarshalECPrivateKey(k)); !bytes.Equal(got, s.sec1) {
					t.Errorf("%s: SEC 1 differs", s.name)
				}
			}
			point := k.Point
			k.Point = nil
			if _, err := MarshalPKCS8PrivateKey(k); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("%s: PKCS #8 without point: %v", s.name, err)
			}
			if _, err := MarshalECPrivateKey(k); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("%s: SEC 1 without point: %v", s.name, err)
			}
			k.Point = point[:len(point)-1]
			if _, err := MarshalECPrivateKey(k); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("%s: SEC 1 with a short point: %v", s.name, err)
			}
		case *RSAPrivateKey:
			if got := mustDo(MarshalPKCS1PrivateKey(k)); !bytes.Equal(got, s.pkcs1) {
				t.Errorf("%s: PKCS #1 differs", s.name)
			}
			if got := MarshalPKCS1PublicKey(k.Public()); !bytes.Equal(got, s.pub1) {
				t.Errorf("%s: PKCS #1 public key differs", s.name)
			}
			for _, p := range []*[]byte{&k.N, &k.E, &k.D, &k.P, &k.Q, &k.Dp, &k.Dq, &k.Qinv} {
				v := *p
				*p = nil
				if _, err := MarshalPKCS1PrivateKey(k); !errors.Is(err, ErrInvalidKey) {
					t.Errorf("%s: PKCS #1 with a missing component: %v", s.name, err)
				}
				if _, err := MarshalPKCS8PrivateKey(k); !errors.Is(err, ErrInvalidKey) {
					t.Errorf("%s: PKCS #8 with a missing component: %v", s.name, err)
				}
				*p = v
			}
			// Consistency is the importer's job: an inconsistent key is
			// encoded as given, as crypto/x509 encodes it.
			k.D[len(k.D)-1] ^= 2
			want := x509.MarshalPKCS1PrivateKey(&rsa.PrivateKey{
				PublicKey: rsa.PublicKey{N: new(big.Int).SetBytes(k.N), E: int(new(big.Int).SetBytes(k.E).Int64())},
				D:         new(big.Int).SetBytes(k.D),
				Primes:    []*big.Int{new(big.Int).SetBytes(k.P), new(big.Int).SetBytes(k.Q)},
				Precomputed: rsa.PrecomputedValues{Dp: new(big.Int).SetBytes(k.Dp),
					Dq: new(big.Int).SetBytes(k.Dq), Qinv: new(big.Int).SetBytes(k.Qinv)},
			})
			if got := mustDo(MarshalPKCS1PrivateKey(k)); !bytes.Equal(got, want) {
				t.Errorf("%s: inconsistent key encoded differently\n got %x\nwant %x", s.name, got, want)
			}
		}
	}
}

// TestRSAStructuralOnly checks that ParsePKCS1PrivateKey leaves consistency
// to the importer: keys crypto/x509 rejects in validation are accepted, with
// their values as encoded, and the disagreement is the documented one.
func TestRSAStructuralOnly(t *testing.T) {
	k := mustDo(rsa.GenerateKey(rand.Reader, 2048))
	one := big.NewInt(1)
	edits := map[string]func(k *rsa.PrivateKey){
		"d+2":    func(k *rsa.PrivateKey) { k.D.Add(k.D, big.NewInt(2)) },
		"qinv+1": func(k *rsa.PrivateKey) { k.Precomputed.Qinv.Add(k.Precomputed.Qinv, one) },
		"dp+1":   func(k *rsa.PrivateKey) { k.Precomputed.Dp.Add(k.Precomputed.Dp, one) },
		"n+2":    func(k *rsa.PrivateKey) { k.N.Add(k.N, big.NewInt(2)) },
		"e=4":    func(k *rsa.PrivateKey) { k.E = 4 },
		"e=2^31": func(k *rsa.PrivateKey) { k.E = 1 << 31 },
	}
	for name, edit := range edits {
		c := *k
		c.N, c.D = new(big.Int).Set(k.N), new(big.Int).Set(k.D)
		c.Precomputed.Dp = new(big.Int).Set(k.Precomputed.Dp)
		c.Precomputed.Qinv = new(big.Int).Set(k.Precomputed.Qinv)
		edit(&c)
		der := pkcs1Raw(&c, true)
		r := differential("pkcs1", der)
		if !r.oursOK || r.theirsOK || !r.known() {
			t.Errorf("%s: ours %v, import %v, x509 %v", name, r.oursErr, r.importErr, r.theirsErr)
			continue
		}
		got := r.ourKey.(*RSAPrivateKey)
		if !bytes.Equal(got.D, c.D.Bytes()) || !bytes.Equal(got.Qinv, c.Precomputed.Qinv.Bytes()) {
			t.Errorf("%s: values not returned as encoded", name)
		}
		r8 := differential("pkcs8", pkcs8RSA(der))
		if !r8.oursOK || r8.theirsOK || !r8.known() {
			t.Errorf("%s in PKCS #8: ours %v, import %v, x509 %v", name, r8.oursErr, r8.importErr, r8.theirsErr)
		}
	}
	// Without CRT values: accepted by both, returned without them, and
	// re-encoded identically once the importer computes them.
	der := pkcs1Raw(k, false)
	r := differential("pkcs1", der)
	if !r.oursOK || !r.theirsOK || r.importErr != nil || !bytes.Equal(r.ours, r.theirs) {
		t.Fatalf("without CRT: ours %v, import %v, x509 %v", r.oursErr, r.importErr, r.theirsErr)
	}
	if got := r.ourKey.(*RSAPrivateKey); got.Dp != nil || got.Dq != nil || got.Qinv != nil {
		t.Errorf("without CRT: got CRT values")
	}
	// The documented difference covers validation failures only.
	structural := result{oursOK: true, ourKey: &RSAPrivateKey{}, theirsErr: errors.New("asn1: structure error"),
		importErr: errors.New("crypto/rsa: invalid CRT coefficient")}
	if structural.known() {
		t.Errorf("a structural rejection by crypto/x509 counted as documented")
	}
	// A structural error stays an error here.
	if _, err := ParsePKCS1PrivateKey(pkcs1Raw(&rsa.PrivateKey{PublicKey: rsa.PublicKey{N: k.N, E: 65537},
		D: new(big.Int).Neg(k.D), Primes: k.Primes}, false)); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("negative D: %v", err)
	}
}

// pkcs1Raw encodes k as PKCS #1 without any computation or validation,
// with or without its CRT values.
func pkcs1Raw(k *rsa.PrivateKey, crt bool) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
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

// pkcs8RSA wraps a PKCS #1 private key in a PKCS #8 PrivateKeyInfo.
func pkcs8RSA(pkcs1 []byte) []byte {
	return seq([]byte{2, 1, 0}, seq(oidRSA, derNull), octets(pkcs1))
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

func BenchmarkParsePKIXPublicKeyRSA2048(b *testing.B) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePKIXPublicKey(der); err != nil {
			b.Fatal(err)
		}
	}
}
