package compat

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/elliptic"
	"errors"
	"slices"
	"testing"
)

// fipsRefused is what an OpenSSL 3 FIPS provider in force (fips + base providers,
// default_properties = fips=yes) refuses among the API's algorithms: the provider implements
// none of them. Everything else in the capability table (SHA-1, SHA-2, SHA-3, SHAKE, HMAC over
// those, AES block/CBC/CTR/GCM) is provided by the module. The HPKE suites that need
// X25519 or ChaCha20-Poly1305 follow.
var fipsRefused = []string{"MD5", "HMAC-MD5", "ChaCha20-Poly1305", "XChaCha20-Poly1305", "X25519",
	"HPKE ChaCha20Poly1305", "HPKE DHKEM(X25519, HKDF-SHA256)", "HPKE MLKEM768-X25519"}

// TestFIPS proves the FIPS claim of the backend line: with a FIPS module in force approved
// algorithms work, the others fail with ErrFIPS, and Capabilities reports exactly those as not
// allowed. Without one, FIPS refuses nothing. The docker matrix's openssl-3.6-fips leg runs
// the FIPS branch.
func TestFIPS(t *testing.T) {
	b := Backend()
	if b.Err != nil {
		t.Fatalf("backend unavailable: %v", b.Err)
	}
	t.Logf("%+v", b)
	if b.FIPS && !b.FIPSCapable {
		t.Errorf("FIPS in force but FIPSCapable is false")
	}

	var refused []string
	for _, c := range Capabilities() {
		if c.Status != Unsupported && !c.Allowed {
			refused = append(refused, c.Name)
		}
		if c.FIPSApproved && !c.Allowed {
			t.Errorf("%s: FIPSApproved but not Allowed", c.Name)
		}
	}
	if !b.FIPS {
		if len(refused) > 0 {
			t.Errorf("no FIPS module in force, yet Capabilities refuses %v", refused)
		}
		return
	}

	slices.Sort(refused)
	want := slices.Clone(fipsRefused)
	slices.Sort(want)
	if !slices.Equal(refused, want) {
		t.Errorf("under FIPS, Capabilities refuses %v, want exactly %v", refused, want)
	}

	// Approved: SHA-256 ("abc", FIPS 180-4) and an AES-GCM round trip.
	sum := SHA256([]byte("abc"))
	if got, want := sum[:2], []byte{0xba, 0x78}; !bytes.Equal(got, want) {
		t.Errorf("SHA-256(abc) = %x..., want ba78...", sum)
	}
	if !SupportsHash(crypto.SHA256) {
		t.Errorf("SupportsHash(SHA256) = false under FIPS")
	}
	gcm, err := NewAESGCM(make([]byte, 32))
	if err != nil {
		t.Fatalf("AES-GCM under FIPS: %v", err)
	}
	nonce := make([]byte, gcm.NonceSize())
	ct := gcm.Seal(nil, nonce, []byte("approved"), nil)
	if pt, err := gcm.Open(nil, nonce, ct, nil); err != nil || string(pt) != "approved" {
		t.Errorf("AES-GCM round trip under FIPS: %q, %v", pt, err)
	}

	// Approved: ECDSA P-256, checked by crypto/ecdsa.
	if err := ecdsaUse(elliptic.P256())(); err != nil {
		t.Errorf("ECDSA P-256 under FIPS: %v", err)
	}

	// Refused: MD5 (whose constructors panic, having no error result) and ChaCha20-Poly1305.
	if SupportsHash(crypto.MD5) {
		t.Errorf("SupportsHash(MD5) = true under FIPS")
	}
	if err := fipsPanicErr(func() { NewMD5() }); !errors.Is(err, ErrFIPS) {
		t.Errorf("NewMD5 under FIPS: %v, want an error wrapping ErrFIPS", err)
	}
	if _, err := NewChaCha20Poly1305(make([]byte, 32)); !errors.Is(err, ErrFIPS) {
		t.Errorf("NewChaCha20Poly1305 under FIPS: %v, want an error wrapping ErrFIPS", err)
	}
	if _, err := NewXChaCha20Poly1305(make([]byte, 32)); !errors.Is(err, ErrFIPS) {
		t.Errorf("NewXChaCha20Poly1305 under FIPS: %v, want an error wrapping ErrFIPS", err)
	}
	if _, err := GenerateKeyECDH(ecdh.X25519()); !errors.Is(err, ErrFIPS) {
		t.Errorf("X25519 under FIPS: %v, want an error wrapping ErrFIPS", err)
	}
}

// fipsPanicErr runs f and returns the error it panicked with (nil if it did not panic, or panicked
// with something else).
func fipsPanicErr(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err, _ = r.(error)
			if err == nil {
				err = errors.New("panic with a non-error value")
			}
		}
	}()
	f()
	return nil
}
