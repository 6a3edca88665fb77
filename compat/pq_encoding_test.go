package compat_test

// ML-DSA and ML-KEM key encodings (RFC 9881, RFC 9935), parsed and written
// in Go: round trips in the three private-key forms, the fork's agreement
// check on "both", and, on OpenSSL 3.5 and later, byte-identity with the
// encoder of the fork itself (the openssl command, run on the same seed).
// mldsa_go127_test.go compares with crypto/x509 on Go 1.27.

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/forkcrypto/forkcrypto/compat"
)

type pqKeyCase struct {
	name     string
	seedSize int
	fromSeed func(seed []byte) (priv, pub any, err error)
}

var pqKeyCases = []pqKeyCase{
	{"ML-DSA-44", 32, mldsaFromSeed(compat.MLDSA44())},
	{"ML-DSA-65", 32, mldsaFromSeed(compat.MLDSA65())},
	{"ML-DSA-87", 32, mldsaFromSeed(compat.MLDSA87())},
	{"ML-KEM-768", 64, func(seed []byte) (any, any, error) {
		k, err := compat.NewDecapsulationKeyMLKEM768(seed)
		if err != nil {
			return nil, nil, err
		}
		return k, k.EncapsulationKey(), nil
	}},
	{"ML-KEM-1024", 64, func(seed []byte) (any, any, error) {
		k, err := compat.NewDecapsulationKeyMLKEM1024(seed)
		if err != nil {
			return nil, nil, err
		}
		return k, k.EncapsulationKey(), nil
	}},
}

func mldsaFromSeed(p compat.MLDSAParameters) func([]byte) (any, any, error) {
	return func(seed []byte) (any, any, error) {
		k, err := compat.NewPrivateKeyMLDSA(p, seed)
		if err != nil {
			return nil, nil, err
		}
		return k, k.PublicKey(), nil
	}
}

// pkcs8 rewrites the PrivateKey octets of a PKCS #8 encoding.
func pkcs8(t *testing.T, der []byte, inner func(b *cryptobyte.Builder)) []byte {
	t.Helper()
	out := rewrapPKCS8(der, inner)
	if out == nil {
		t.Fatal("not PKCS #8")
	}
	return out
}

// sameKey reports whether a and b are equal keys, public or private.
func sameKey(a, b any) bool {
	switch k := a.(type) {
	case interface{ Equal(crypto.PublicKey) bool }:
		return k.Equal(b)
	case interface{ Equal(crypto.PrivateKey) bool }:
		return k.Equal(b)
	}
	return false
}

func TestPQKeyEncodings(t *testing.T) {
	for _, c := range pqKeyCases {
		t.Run(c.name, func(t *testing.T) {
			seed := bytes.Repeat([]byte{0x5a}, c.seedSize)
			priv, pub, err := c.fromSeed(seed)
			if !capabilityNamed(t, c.name).Allowed {
				if err == nil {
					t.Fatalf("%s imported where Capabilities says it is not allowed", c.name)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			spki, err := compat.MarshalPKIXPublicKey(pub)
			if err != nil {
				t.Fatal(err)
			}
			back, err := compat.ParsePKIXPublicKey(spki)
			if err != nil || !sameKey(back, pub) {
				t.Fatalf("SPKI round trip: %v", err)
			}
			der, err := compat.MarshalPKCS8PrivateKey(priv)
			if err != nil {
				t.Fatal(err)
			}
			// The seed-only form: [0] IMPLICIT OCTET STRING holding the seed.
			want := pkcs8(t, der, func(b *cryptobyte.Builder) {
				b.AddASN1(asn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(seed) })
			})
			if !bytes.Equal(der, want) {
				t.Fatalf("PKCS #8 is not the seed-only form:\n%x\nwant\n%x", der, want)
			}
			k, err := compat.ParsePKCS8PrivateKey(der)
			if err != nil || !sameKey(k, priv) {
				t.Fatalf("PKCS #8 round trip: %v", err)
			}
			// The expanded form is checked through OpenSSL's encoder below and
			// the ACVP vectors (keyGen's sk); here the malformed variants.
			for name, in := range map[string]func(b *cryptobyte.Builder){
				"short seed": func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(seed[1:]) })
				},
				"seed as OCTET STRING": func(b *cryptobyte.Builder) { b.AddASN1OctetString(seed) },
				"explicit [0]": func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(seed) })
				},
				"trailing data": func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(seed) })
					b.AddUint8(0)
				},
				"both, expanded wrong length": func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1OctetString(seed)
						b.AddASN1OctetString(make([]byte, 100))
					})
				},
				"both, seed alone": func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1OctetString(seed) })
				},
				"empty": func(b *cryptobyte.Builder) {},
			} {
				if k, err := compat.ParsePKCS8PrivateKey(pkcs8(t, der, in)); err == nil {
					t.Errorf("%s: parsed as %T", name, k)
				} else if !errors.Is(err, compat.ErrInvalidKey) {
					t.Errorf("%s: %v, want ErrInvalidKey", name, err)
				}
			}
			// SPKI with parameters, or of the wrong length, is refused.
			if _, err := compat.ParsePKIXPublicKey(spki[:len(spki)-1]); err == nil {
				t.Error("a truncated SPKI parsed")
			}
		})
	}
}

// TestPQKeyEncodingsOpenSSL compares with the fork's own encoder where the
// fork has one: the openssl command of the same OpenSSL 3.5+ installation,
// asked for the seed-only form, and its default "both" form parsed back.
func TestPQKeyEncodingsOpenSSL(t *testing.T) {
	b := compat.Backend()
	var major, minor int
	if b.Fork != "openssl" {
		t.Skipf("%s: the fork's encoder is compared on the OpenSSL 3.5+ legs", b.Fork)
	}
	if _, err := fmt.Sscanf(b.Version, "OpenSSL %d.%d", &major, &minor); err != nil || major == 3 && minor < 5 {
		t.Skipf("%s has no ML-DSA or ML-KEM encoder", b.Version)
	}
	cli, err := exec.LookPath("openssl")
	if err != nil {
		t.Fatalf("%s: the openssl command is needed to compare with the fork's encoder (install it with the library)", b.Version)
	}
	out, _ := exec.Command(cli, "version").Output()
	if v := strings.Fields(string(out)); len(v) < 2 || !strings.HasPrefix(b.Version, "OpenSSL "+v[1]) {
		t.Fatalf("the openssl command is %q, the linked library %s", out, b.Version)
	}
	run := func(stdin []byte, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(cli, args...)
		cmd.Stdin = bytes.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
		return out
	}
	for _, c := range pqKeyCases {
		t.Run(c.name, func(t *testing.T) {
			if !capabilityNamed(t, c.name).Allowed {
				t.Skipf("%s: not allowed here (Capabilities)", c.name)
			}
			seed := make([]byte, c.seedSize)
			for i := range seed {
				seed[i] = byte(i * 7)
			}
			priv, pub, err := c.fromSeed(seed)
			if err != nil {
				t.Fatal(err)
			}
			family := strings.ToLower(c.name[:6]) // "ml-dsa" or "ml-kem"
			gen := []string{"genpkey", "-algorithm", c.name, "-pkeyopt", "hexseed:" + hex.EncodeToString(seed), "-outform", "DER"}
			seedOnly := run(nil, append(gen, "-provparam", family+".output_formats=seed-only")...)
			ours, err := compat.MarshalPKCS8PrivateKey(priv)
			if err != nil || !bytes.Equal(ours, seedOnly) {
				t.Errorf("PKCS #8 differs from OpenSSL's seed-only encoding (%v):\n%x\n%x", err, ours, seedOnly)
			}
			spki := run(seedOnly, "pkey", "-inform", "DER", "-pubout", "-outform", "DER")
			if ours, err := compat.MarshalPKIXPublicKey(pub); err != nil || !bytes.Equal(ours, spki) {
				t.Errorf("SPKI differs from OpenSSL's (%v)", err)
			}
			// OpenSSL's other forms: both (its default) and expanded-only.
			for _, format := range []string{"seed-priv", "priv-only"} {
				der := run(nil, append(gen, "-provparam", family+".output_formats="+format)...)
				k, err := compat.ParsePKCS8PrivateKey(der)
				if err != nil {
					t.Errorf("OpenSSL's %s form: %v", format, err)
					continue
				}
				if !sameKey(k, priv) {
					t.Errorf("OpenSSL's %s form is another key", format)
				}
				if format == "priv-only" {
					if _, err := compat.MarshalPKCS8PrivateKey(k); err == nil {
						t.Errorf("a key without its seed was written")
					}
				} else {
					// Both forms, with the expanded key corrupted: the seed's expansion differs.
					bad := bytes.Clone(der)
					bad[len(bad)-40] ^= 1
					if _, err := compat.ParsePKCS8PrivateKey(bad); !errors.Is(err, compat.ErrInvalidKey) {
						t.Errorf("both forms that disagree: %v, want ErrInvalidKey", err)
					}
				}
			}
		})
	}
}

// checkPKCS8Forms parses the expanded-only and both forms of priv, built
// from NIST's expanded key for its seed, and checks that they are priv and
// that a seed which disagrees with the expanded key is refused.
func checkPKCS8Forms(t *testing.T, id string, priv any, seed, expanded []byte) {
	t.Helper()
	der, err := compat.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	both := func(seed []byte) []byte {
		return pkcs8(t, der, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1OctetString(seed)
				b.AddASN1OctetString(expanded)
			})
		})
	}
	if k, err := compat.ParsePKCS8PrivateKey(both(seed)); err != nil || !sameKey(k, priv) {
		t.Errorf("%s: PKCS #8 with seed and expanded key: %v", id, err)
	}
	other := bytes.Clone(seed)
	other[0] ^= 1
	if _, err := compat.ParsePKCS8PrivateKey(both(other)); !errors.Is(err, compat.ErrInvalidKey) {
		t.Errorf("%s: PKCS #8 with a seed of another key: %v, want ErrInvalidKey", id, err)
	}
	k, err := compat.ParsePKCS8PrivateKey(pkcs8(t, der, func(b *cryptobyte.Builder) { b.AddASN1OctetString(expanded) }))
	if err != nil || !sameKey(k, priv) {
		t.Errorf("%s: PKCS #8 with the expanded key alone: %v", id, err)
		return
	}
	if s := k.(interface{ Bytes() []byte }).Bytes(); s != nil {
		t.Errorf("%s: a key imported without its seed gave a seed", id)
	}
	if _, err := compat.MarshalPKCS8PrivateKey(k); !errors.Is(err, compat.ErrInvalidKey) {
		t.Errorf("%s: writing a key without its seed: %v, want ErrInvalidKey", id, err)
	}
}
