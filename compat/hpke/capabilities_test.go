package hpke

import (
	"bytes"
	"crypto/ecdh"
	stdhpke "crypto/hpke"
	"errors"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// TestCapabilities checks every HPKE row of compat.Capabilities against
// behaviour: a usable row seals a message that crypto/hpke opens; an
// unsupported one fails with ErrUnsupported, one a FIPS module refuses
// with ErrFIPS.
func TestCapabilities(t *testing.T) {
	p256 := DHKEM(ecdh.P256())
	uses := map[string]func() error{}
	for _, k := range []KEM{DHKEM(ecdh.P256()), DHKEM(ecdh.P384()), DHKEM(ecdh.P521()), DHKEM(ecdh.X25519()),
		MLKEM768(), MLKEM1024(), MLKEM768X25519(), MLKEM768P256(), MLKEM1024P384()} {
		uses["HPKE "+kemRowName(t, k)] = func() error { return sealToStdlib(k, HKDFSHA256(), AES128GCM()) }
	}
	for name, kdf := range map[string]KDF{"HKDF-SHA256": HKDFSHA256(), "HKDF-SHA384": HKDFSHA384(),
		"HKDF-SHA512": HKDFSHA512(), "SHAKE128": SHAKE128(), "SHAKE256": SHAKE256()} {
		uses["HPKE "+name] = func() error { return sealToStdlib(p256, kdf, AES128GCM()) }
	}
	for name, aead := range map[string]AEAD{"AES-128-GCM": AES128GCM(), "AES-256-GCM": AES256GCM(),
		"ChaCha20Poly1305": ChaCha20Poly1305(), "Export-only": ExportOnly()} {
		uses["HPKE "+name] = func() error { return sealToStdlib(p256, HKDFSHA256(), aead) }
	}
	seen := 0
	for _, c := range compat.Capabilities() {
		if !strings.HasPrefix(c.Name, "HPKE ") {
			continue
		}
		seen++
		t.Run(c.Name, func(t *testing.T) {
			use, ok := uses[c.Name]
			if !ok {
				t.Fatalf("no use for the row %q", c.Name)
			}
			if c.FIPSApproved {
				t.Errorf("an HPKE row reported FIPS-approved")
			}
			err := use()
			switch {
			case c.Status == compat.Unsupported:
				if !errors.Is(err, compat.ErrUnsupported) {
					t.Errorf("reported unsupported on %s, but: %v", compat.Backend().Fork, err)
				}
			case !c.Allowed:
				if !errors.Is(err, compat.ErrFIPS) {
					t.Errorf("reported refused by FIPS, but: %v", err)
				}
			case c.Status != compat.Composed:
				t.Errorf("status %q, want composed", c.Status)
			case err != nil:
				t.Errorf("reported usable on %s, but: %v", compat.Backend().Fork, err)
			}
		})
	}
	if seen != len(uses) {
		t.Errorf("Capabilities has %d HPKE rows, the test exercises %d", seen, len(uses))
	}
}

// kemRowName is the Capabilities row name of a KEM.
func kemRowName(t *testing.T, k KEM) string {
	names := map[uint16]string{0x0010: "DHKEM(P-256, HKDF-SHA256)", 0x0011: "DHKEM(P-384, HKDF-SHA384)",
		0x0012: "DHKEM(P-521, HKDF-SHA512)", 0x0020: "DHKEM(X25519, HKDF-SHA256)", 0x0041: "ML-KEM-768",
		0x0042: "ML-KEM-1024", 0x647a: "MLKEM768-X25519", 0x0050: "MLKEM768-P256", 0x0051: "MLKEM1024-P384"}
	n, ok := names[k.ID()]
	if !ok {
		t.Fatalf("KEM 0x%04x has no row name", k.ID())
	}
	return n
}

// sealToStdlib generates a key with the package, seals to it, and has
// crypto/hpke open the message with the same key (for export-only, compare
// an exported secret).
func sealToStdlib(k KEM, kdf KDF, aead AEAD) error {
	sk, err := k.GenerateKey()
	if err != nil {
		return err
	}
	skBytes, err := sk.Bytes()
	if err != nil {
		return err
	}
	info, msg := []byte("capability"), []byte("a message")
	enc, s, err := NewSender(sk.PublicKey(), kdf, aead, info)
	if err != nil {
		return err
	}
	stdKEM, _ := stdhpke.NewKEM(k.ID())
	stdKDF, _ := stdhpke.NewKDF(kdf.ID())
	stdAEAD, _ := stdhpke.NewAEAD(aead.ID())
	stdSK, err := stdKEM.NewPrivateKey(skBytes)
	if err != nil {
		return err
	}
	r, err := stdhpke.NewRecipient(enc, stdSK, stdKDF, stdAEAD, info)
	if err != nil {
		return err
	}
	if aead.ID() == 0xffff {
		ours, err := s.Export("ctx", 32)
		if err != nil {
			return err
		}
		theirs, err := r.Export("ctx", 32)
		if err != nil || !bytes.Equal(ours, theirs) {
			return errors.New("exported secrets differ from crypto/hpke's")
		}
		return nil
	}
	ct, err := s.Seal(nil, msg)
	if err != nil {
		return err
	}
	pt, err := r.Open(nil, ct)
	if err != nil || !bytes.Equal(pt, msg) {
		return errors.New("crypto/hpke does not open the message")
	}
	return nil
}
