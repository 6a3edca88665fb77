package keys

import (
	"bytes"
	"errors"
	"testing"
)

// The post-quantum encodings: round trips in every private-key form, and
// the refusals that are this package's (the agreement of seed and expanded
// key is the importer's, tested in compat).
func TestPQEncodings(t *testing.T) {
	for _, a := range pqAlgorithms {
		pub := &PQPublicKey{Algorithm: a.name, Key: bytes.Repeat([]byte{1}, a.pubSize)}
		der, err := MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		k, err := ParsePKIXPublicKey(der)
		if got, ok := k.(*PQPublicKey); err != nil || !ok || got.Algorithm != a.name || !bytes.Equal(got.Key, pub.Key) {
			t.Errorf("%s SPKI round trip: %v", a.name, err)
		}
		seed, expanded := bytes.Repeat([]byte{2}, a.seedSize), bytes.Repeat([]byte{3}, a.expanded)
		der, err = MarshalPKCS8PrivateKey(&PQPrivateKey{Algorithm: a.name, Seed: seed, Expanded: expanded})
		if err != nil {
			t.Fatal(err)
		}
		if want := append([]byte{0x80, byte(a.seedSize)}, seed...); !bytes.HasSuffix(der, want) || der[len(der)-len(want)-2] != 0x04 {
			t.Errorf("%s: PKCS #8 is not the seed-only form: %x", a.name, der)
		}
		p, err := ParsePKCS8PrivateKey(der)
		if got, ok := p.(*PQPrivateKey); err != nil || !ok || !bytes.Equal(got.Seed, seed) || got.Expanded != nil {
			t.Errorf("%s PKCS #8 round trip: %v", a.name, err)
		}
		if _, err := MarshalPKCS8PrivateKey(&PQPrivateKey{Algorithm: a.name, Expanded: expanded}); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: a key without its seed was written (%v)", a.name, err)
		}
		if _, err := MarshalPKIXPublicKey(&PQPublicKey{Algorithm: a.name, Key: pub.Key[1:]}); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: a short public key was written (%v)", a.name, err)
		}
		// Parameters are absent in both encodings (RFC 9881, RFC 9935).
		spki := []byte{0x30, 0x14, 0x30, 0x0d}
		spki = append(append(spki, a.oid...), 0x05, 0x00, 0x03, 0x03, 0x00, 0x01, 0x02)
		if _, err := ParsePKIXPublicKey(spki); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: SPKI with NULL parameters: %v", a.name, err)
		}
	}
	// ML-KEM-512 is recognised and refused.
	der := []byte{0x30, 0x12, 0x30, 0x0b}
	der = append(append(der, pqOID(4, 1)...), 0x03, 0x03, 0x00, 0x01, 0x02)
	if _, err := ParsePKIXPublicKey(der); !errors.Is(err, ErrUnsupported) {
		t.Errorf("ML-KEM-512: %v, want ErrUnsupported", err)
	}
}
