package hpke

// Hostile input: the bad-input table (wrong-length and off-curve enc, X25519
// low-order points, the same in the hybrids' enc, truncated and tampered
// ciphertexts, out-of-range export lengths, Seal and Open under ExportOnly,
// RFC 9180's PSK rules, keys of different KEMs mixed), the same errors on
// every fork and never a panic; and FuzzOpen, a fuzz target on Open with
// fixed keys from the RFC 9180 vectors.

import (
	"bytes"
	"crypto/ecdh"
	stdhpke "crypto/hpke"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// fcCall runs f, turning a panic into a test failure (and an error).
func fcCall(t testing.TB, what string, f func() error) (err error) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s: panic: %v", what, p)
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}

// fcWantError fails t unless f returns an error (and does not panic).
func fcWantError(t testing.TB, what string, f func() error) {
	t.Helper()
	if err := fcCall(t, what, f); err == nil {
		t.Errorf("%s: no error", what)
	}
}

// fcWantAuthError fails t unless f returns an error wrapping
// compat.ErrAuthentication.
func fcWantAuthError(t testing.TB, what string, f func() error) {
	t.Helper()
	if err := fcCall(t, what, f); !errors.Is(err, compat.ErrAuthentication) {
		t.Errorf("%s: %v, want an error wrapping compat.ErrAuthentication", what, err)
	}
}

// fcKeyOrSkip generates a key of kem, skipping t (with the reason) where the
// leg refuses the KEM as Capabilities() announces.
func fcKeyOrSkip(t *testing.T, kem KEM) PrivateKey {
	t.Helper()
	k, err := kem.GenerateKey()
	if err != nil {
		unsupported, refused := fcMissing(t, fcKEMNeeds(kem.ID()))
		if (errors.Is(err, compat.ErrUnsupported) && len(unsupported) > 0) || (errors.Is(err, compat.ErrFIPS) && len(refused) > 0) {
			t.Skipf("%s not computed on this leg: %v", fcKEMName(kem.ID()), err)
		}
		t.Fatalf("%s GenerateKey: %v", fcKEMName(kem.ID()), err)
	}
	return k
}

// fcSuiteOrSkip skips t unless the leg computes every primitive of the suite.
func fcSuiteOrSkip(t *testing.T, kem, kdf, aead uint16) {
	t.Helper()
	if unsupported, refused := fcMissing(t, fcSuiteNeeds(kem, kdf, aead)); len(unsupported)+len(refused) > 0 {
		t.Skipf("%s/%s/%s not computed on this leg: unsupported %v, refused %v",
			fcKEMName(kem), fcKDFName(kdf), fcAEADName(aead), unsupported, refused)
	}
}

func fcUnhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestBadEncLength(t *testing.T) {
	for _, kem := range fcKEMs() {
		t.Run(fcKEMName(kem.ID()), func(t *testing.T) {
			fcSuiteOrSkip(t, kem.ID(), 0x0001, 0x0001)
			sk := fcKeyOrSkip(t, kem)
			kdf, aead := HKDFSHA256(), AES128GCM()
			enc, _, err := NewSender(sk.PublicKey(), kdf, aead, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := NewRecipient(enc, sk, kdf, aead, nil); err != nil {
				t.Fatalf("the genuine enc: %v", err)
			}
			n := len(enc)
			for _, bad := range [][]byte{nil, enc[:1], enc[:n-1], append(bytes.Clone(enc), 0), append(bytes.Clone(enc), enc...)} {
				fcWantError(t, fmt.Sprintf("NewRecipient(%d-byte enc, want %d)", len(bad), n), func() error {
					_, err := NewRecipient(bad, sk, kdf, aead, nil)
					return err
				})
				fcWantError(t, fmt.Sprintf("NewPublicKey(%d bytes, want %d)", len(bad), len(sk.PublicKey().Bytes())), func() error {
					if len(bad) == len(sk.PublicKey().Bytes()) {
						return errors.New("same length") // ML-KEM: enc and public key differ in size
					}
					_, err := kem.NewPublicKey(bad)
					return err
				})
			}
			// A single-shot ciphertext shorter than enc.
			fcWantError(t, "Open(ciphertext shorter than enc)", func() error {
				_, err := Open(sk, kdf, aead, nil, enc[:n-1])
				return err
			})
			if kem.ID() < 0x0040 { // the DHKEMs: the Auth modes too
				fcWantError(t, "NewAuthRecipient(short enc)", func() error {
					_, err := NewAuthRecipient(enc[:n-1], sk, sk.PublicKey(), kdf, aead, nil)
					return err
				})
			}
		})
	}
}

func TestBadEncOffCurve(t *testing.T) {
	for _, c := range []struct {
		kem   KEM
		curve ecdh.Curve
	}{{DHKEM(ecdh.P256()), ecdh.P256()}, {DHKEM(ecdh.P384()), ecdh.P384()}, {DHKEM(ecdh.P521()), ecdh.P521()}} {
		t.Run(fcKEMName(c.kem.ID()), func(t *testing.T) {
			fcSuiteOrSkip(t, c.kem.ID(), 0x0001, 0x0001)
			sk := fcKeyOrSkip(t, c.kem)
			kdf, aead := HKDFSHA256(), AES128GCM()
			enc, _, err := NewSender(sk.PublicKey(), kdf, aead, nil)
			if err != nil {
				t.Fatal(err)
			}
			size := (len(enc) - 1) / 2
			offCurve := bytes.Clone(enc)
			offCurve[len(offCurve)-1] ^= 1 // y+1 or y-1: not on the curve
			compressed := append([]byte{2 | enc[len(enc)-1]&1}, enc[1:1+size]...)
			identity := make([]byte, len(enc))
			identity[0] = 4
			wrongPrefix := bytes.Clone(enc)
			wrongPrefix[0] = 5
			xTooBig := bytes.Clone(enc) // x = 2^k - 1 ≥ p
			for i := 1; i <= size; i++ {
				xTooBig[i] = 0xff
			}
			for _, bad := range []struct {
				name string
				enc  []byte
			}{
				{"off-curve point", offCurve},
				{"compressed point", compressed},
				{"all-zero coordinates", identity},
				{"point at infinity", []byte{0}},
				{"prefix 0x05", wrongPrefix},
				{"x out of range", xTooBig},
			} {
				if _, err := c.curve.NewPublicKey(bad.enc); err == nil {
					t.Fatalf("%s: crypto/ecdh accepts it; the test is wrong", bad.name)
				}
				fcWantError(t, "NewRecipient("+bad.name+")", func() error {
					_, err := NewRecipient(bad.enc, sk, kdf, aead, nil)
					return err
				})
				fcWantError(t, "NewAuthRecipient("+bad.name+")", func() error {
					_, err := NewAuthRecipient(bad.enc, sk, sk.PublicKey(), kdf, aead, nil)
					return err
				})
				fcWantError(t, "NewPublicKey("+bad.name+")", func() error {
					_, err := c.kem.NewPublicKey(bad.enc)
					return err
				})
				fcWantError(t, "Open("+bad.name+" ‖ ciphertext)", func() error {
					_, err := Open(sk, kdf, aead, nil, append(bytes.Clone(bad.enc), make([]byte, 32)...))
					return err
				})
			}
		})
	}
}

// x25519LowOrder are the X25519 u-coordinates (and their non-canonical
// encodings) with which every scalar gives the all-zero shared secret.
var x25519LowOrder = []string{
	"0000000000000000000000000000000000000000000000000000000000000000",
	"0100000000000000000000000000000000000000000000000000000000000000",
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	// The same with bit 255 set, which X25519 ignores (RFC 7748, Section 5).
	"0000000000000000000000000000000000000000000000000000000000000080",
	"0100000000000000000000000000000000000000000000000000000000000080",
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
}

func TestBadEncX25519LowOrder(t *testing.T) {
	kem := DHKEM(ecdh.X25519())
	fcSuiteOrSkip(t, kem.ID(), 0x0001, 0x0001)
	sk := fcKeyOrSkip(t, kem)
	kdf, aead := HKDFSHA256(), AES128GCM()
	stdSK, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range x25519LowOrder {
		p := fcUnhex(h)
		if pub, err := ecdh.X25519().NewPublicKey(p); err != nil {
			t.Fatal(err)
		} else if _, err := stdSK.ECDH(pub); err == nil {
			t.Fatalf("%s: crypto/ecdh computes a shared secret with it; the test is wrong", h)
		}
		fcWantError(t, "NewRecipient(low-order "+h+")", func() error {
			_, err := NewRecipient(p, sk, kdf, aead, nil)
			return err
		})
		fcWantError(t, "NewAuthRecipient(low-order "+h+")", func() error {
			_, err := NewAuthRecipient(p, sk, sk.PublicKey(), kdf, aead, nil)
			return err
		})
		// As a recipient's public key: refused on import or at NewSender.
		fcWantError(t, "NewSender(to low-order "+h+")", func() error {
			pk, err := kem.NewPublicKey(p)
			if err != nil {
				return err
			}
			_, _, err = NewSender(pk, kdf, aead, nil)
			return err
		})
		// As the sender's key in the Auth modes.
		fcWantError(t, "NewAuthRecipient(pkS low-order "+h+")", func() error {
			pkS, err := kem.NewPublicKey(p)
			if err != nil {
				return err
			}
			enc, _, err := NewSender(sk.PublicKey(), kdf, aead, nil)
			if err != nil {
				return fmt.Errorf("unexpected: %v", err)
			}
			_, err = NewAuthRecipient(enc, sk, pkS, kdf, aead, nil)
			return err
		})
	}
}

// The hybrids' enc is the ML-KEM ciphertext followed by the ephemeral
// X25519 or NIST point: a low-order or off-curve point there is refused as
// crypto/hpke refuses it, while a tampered ML-KEM ciphertext is implicitly
// rejected (a context with other keys, whose Open fails as inauthentic).
func TestBadEncHybrid(t *testing.T) {
	for _, c := range []struct {
		kem       KEM
		pointSize int
	}{{MLKEM768X25519(), 32}, {MLKEM768P256(), 65}, {MLKEM1024P384(), 97}} {
		t.Run(fcKEMName(c.kem.ID()), func(t *testing.T) {
			fcSuiteOrSkip(t, c.kem.ID(), 0x0001, 0x0001)
			sk := fcKeyOrSkip(t, c.kem)
			kdf, aead := HKDFSHA256(), AES128GCM()
			b, err := sk.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			stdKEM, err := stdhpke.NewKEM(c.kem.ID())
			if err != nil {
				t.Fatal(err)
			}
			stdSK, err := stdKEM.NewPrivateKey(b)
			if err != nil {
				t.Fatal(err)
			}
			enc, s, err := NewSender(sk.PublicKey(), kdf, aead, nil)
			if err != nil {
				t.Fatal(err)
			}
			ct, err := s.Seal(nil, []byte("m"))
			if err != nil {
				t.Fatal(err)
			}
			pq := enc[:len(enc)-c.pointSize]
			var bads [][]byte
			if c.pointSize == 32 {
				for _, h := range x25519LowOrder {
					bads = append(bads, append(bytes.Clone(pq), fcUnhex(h)...))
				}
			} else {
				off := bytes.Clone(enc)
				off[len(off)-1] ^= 1
				zero := append(bytes.Clone(pq), 4)
				zero = append(zero, make([]byte, c.pointSize-1)...)
				compressed := append(bytes.Clone(pq), make([]byte, c.pointSize)...)
				compressed[len(pq)] = 2
				bads = append(bads, off, zero, compressed)
			}
			for i, bad := range bads {
				_, stdErr := stdhpke.NewRecipient(bad, stdSK, stdhpke.HKDFSHA256(), stdhpke.AES128GCM(), nil)
				if stdErr == nil {
					t.Fatalf("bad point %d: crypto/hpke accepts it; the test is wrong", i)
				}
				fcWantError(t, fmt.Sprintf("NewRecipient(bad point %d)", i), func() error {
					_, err := NewRecipient(bad, sk, kdf, aead, nil)
					return err
				})
			}
			bad := bytes.Clone(enc)
			bad[0] ^= 1
			var r *Recipient
			err = fcCall(t, "NewRecipient(tampered ML-KEM ciphertext)", func() (err error) {
				r, err = NewRecipient(bad, sk, kdf, aead, nil)
				return err
			})
			if _, stdErr := stdhpke.NewRecipient(bad, stdSK, stdhpke.HKDFSHA256(), stdhpke.AES128GCM(), nil); (err == nil) != (stdErr == nil) {
				t.Fatalf("NewRecipient(tampered ML-KEM ciphertext): %v; crypto/hpke: %v", err, stdErr)
			}
			if err == nil {
				fcWantAuthError(t, "Open after a tampered ML-KEM ciphertext", func() error {
					_, err := r.Open(nil, ct)
					return err
				})
			}
		})
	}
}

func TestBadCiphertext(t *testing.T) {
	msg, aad, info := []byte("a message of some forty bytes, or so..."), []byte("aad"), []byte("info")
	for _, aead := range []AEAD{AES128GCM(), AES256GCM(), ChaCha20Poly1305()} {
		for _, kem := range []KEM{DHKEM(ecdh.X25519()), DHKEM(ecdh.P256())} {
			t.Run(fcKEMName(kem.ID())+"/"+fcAEADName(aead.ID()), func(t *testing.T) {
				fcSuiteOrSkip(t, kem.ID(), 0x0001, aead.ID())
				kdf := HKDFSHA256()
				sk := fcKeyOrSkip(t, kem)
				enc, s, err := NewSender(sk.PublicKey(), kdf, aead, info)
				if err != nil {
					t.Fatal(err)
				}
				ct, err := s.Seal(aad, msg)
				if err != nil {
					t.Fatal(err)
				}
				ct2, err := s.Seal(aad, msg)
				if err != nil {
					t.Fatal(err)
				}
				r, err := NewRecipient(enc, sk, kdf, aead, info)
				if err != nil {
					t.Fatal(err)
				}
				type bad struct {
					name    string
					aad, ct []byte
				}
				bads := []bad{
					{"empty ciphertext", aad, nil},
					{"15 bytes", aad, ct[:15]},
					{"16 bytes", aad, ct[:16]},
					{"truncated by one byte", aad, ct[:len(ct)-1]},
					{"one byte appended", aad, append(bytes.Clone(ct), 0)},
					{"wrong AAD", []byte("aaD"), ct},
					{"no AAD", nil, ct},
					{"the next sequence number's ciphertext", aad, ct2},
				}
				for _, i := range []int{0, len(msg) / 2, len(msg) - 1, len(msg), len(ct) - 1} {
					for _, bit := range []byte{0x01, 0x80} {
						c := bytes.Clone(ct)
						c[i] ^= bit
						bads = append(bads, bad{fmt.Sprintf("byte %d ^ %#02x", i, bit), aad, c})
					}
				}
				for _, b := range bads {
					fcWantAuthError(t, "Open("+b.name+")", func() error {
						_, err := r.Open(b.aad, b.ct)
						return err
					})
				}
				// None of it moved the sequence number on.
				if pt, err := r.Open(aad, ct); err != nil || !bytes.Equal(pt, msg) {
					t.Errorf("the genuine ciphertext after the bad ones: %q, %v", pt, err)
				}
				if pt, err := r.Open(aad, ct2); err != nil || !bytes.Equal(pt, msg) {
					t.Errorf("the second genuine ciphertext: %q, %v", pt, err)
				}
				// Under another info, the keys differ.
				r2, err := NewRecipient(enc, sk, kdf, aead, []byte("other info"))
				if err != nil {
					t.Fatal(err)
				}
				fcWantAuthError(t, "Open(under another info)", func() error {
					_, err := r2.Open(aad, ct)
					return err
				})
				// Single-shot.
				one, err := Seal(sk.PublicKey(), kdf, aead, info, msg)
				if err != nil {
					t.Fatal(err)
				}
				for _, i := range []int{len(enc), len(one) - 1} {
					c := bytes.Clone(one)
					c[i] ^= 1
					fcWantAuthError(t, fmt.Sprintf("single-shot Open(byte %d flipped)", i), func() error {
						_, err := Open(sk, kdf, aead, info, c)
						return err
					})
				}
				fcWantAuthError(t, "single-shot Open(truncated)", func() error {
					_, err := Open(sk, kdf, aead, info, one[:len(one)-1])
					return err
				})
			})
		}
	}
}

func TestBadExportLength(t *testing.T) {
	kem := DHKEM(ecdh.X25519())
	if _, err := kem.GenerateKey(); err != nil {
		kem = DHKEM(ecdh.P256())
	}
	for _, kdf := range fcKDFs() {
		t.Run(fcKDFName(kdf.ID()), func(t *testing.T) {
			fcSuiteOrSkip(t, kem.ID(), kdf.ID(), 0xffff)
			sk := fcKeyOrSkip(t, kem)
			stdKEM, err := stdhpke.NewKEM(kem.ID())
			if err != nil {
				t.Fatal(err)
			}
			b, err := sk.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			stdSK, err := stdKEM.NewPrivateKey(b)
			if err != nil {
				t.Fatal(err)
			}
			stdKDF, err := stdhpke.NewKDF(kdf.ID())
			if err != nil {
				t.Fatal(err)
			}
			enc, s, err := NewSender(sk.PublicKey(), kdf, ExportOnly(), nil)
			if err != nil {
				t.Fatal(err)
			}
			r, err := NewRecipient(enc, sk, kdf, ExportOnly(), nil)
			if err != nil {
				t.Fatal(err)
			}
			stdR, err := stdhpke.NewRecipient(enc, stdSK, stdKDF, stdhpke.ExportOnly(), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range []int{-1, -65536, 65536, 1 << 20, math.MaxInt} {
				fcWantError(t, fmt.Sprintf("Sender.Export(%d)", l), func() error { _, err := s.Export("c", l); return err })
				fcWantError(t, fmt.Sprintf("Recipient.Export(%d)", l), func() error { _, err := r.Export("c", l); return err })
			}
			// Where HKDF-Expand's 255·Nh limit falls below 65,535 and at the
			// edges: the same answer as crypto/hpke, and the same bytes.
			for _, l := range []int{0, 1, 255 * 32, 255*32 + 1, 255 * 48, 255*48 + 1, 255 * 64, 255*64 + 1, 65535} {
				want, stdErr := stdR.Export("ctx", l)
				for _, side := range []struct {
					name   string
					export func(string, int) ([]byte, error)
				}{{"Sender", s.Export}, {"Recipient", r.Export}} {
					var got []byte
					err := fcCall(t, fmt.Sprintf("%s.Export(%d)", side.name, l), func() (err error) {
						got, err = side.export("ctx", l)
						return err
					})
					switch {
					case (err == nil) != (stdErr == nil):
						t.Errorf("%s.Export(%d): %v; crypto/hpke: %v", side.name, l, err, stdErr)
					case err == nil && !bytes.Equal(got, want):
						t.Errorf("%s.Export(%d): not crypto/hpke's bytes", side.name, l)
					}
				}
			}
			if fcIsHKDF(kdf.ID()) {
				nh := map[uint16]int{1: 32, 2: 48, 3: 64}[kdf.ID()]
				fcWantError(t, fmt.Sprintf("Export(255·%d+1) under HKDF", nh), func() error { _, err := r.Export("c", 255*nh+1); return err })
			}
		})
	}
}

func fcIsHKDF(id uint16) bool { return id >= 1 && id <= 3 }

func TestBadExportOnly(t *testing.T) {
	kem := DHKEM(ecdh.P256())
	fcSuiteOrSkip(t, kem.ID(), 0x0001, 0xffff)
	sk := fcKeyOrSkip(t, kem)
	kdf := HKDFSHA256()
	enc, s, err := NewSender(sk.PublicKey(), kdf, ExportOnly(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRecipient(enc, sk, kdf, ExportOnly(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fcWantError(t, "Sender.Seal under ExportOnly", func() error { _, err := s.Seal(nil, []byte("m")); return err })
	fcWantError(t, "Sender.Seal(nil, nil) under ExportOnly", func() error { _, err := s.Seal(nil, nil); return err })
	fcWantError(t, "Recipient.Open under ExportOnly", func() error { _, err := r.Open(nil, make([]byte, 32)); return err })
	fcWantError(t, "single-shot Seal under ExportOnly", func() error {
		_, err := Seal(sk.PublicKey(), kdf, ExportOnly(), nil, []byte("m"))
		return err
	})
	fcWantError(t, "single-shot Open under ExportOnly", func() error {
		_, err := Open(sk, kdf, ExportOnly(), nil, append(bytes.Clone(enc), make([]byte, 32)...))
		return err
	})
	// Exports still agree after the refused Seal and Open.
	x, err1 := s.Export("ctx", 32)
	y, err2 := r.Export("ctx", 32)
	if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
		t.Errorf("exports after the refusals: %x, %v; %x, %v", x, err1, y, err2)
	}
}

func TestBadPSK(t *testing.T) {
	for _, kem := range []KEM{DHKEM(ecdh.X25519()), DHKEM(ecdh.P256())} {
		t.Run(fcKEMName(kem.ID()), func(t *testing.T) {
			fcSuiteOrSkip(t, kem.ID(), 0x0001, 0x0001)
			kdf, aead := HKDFSHA256(), AES128GCM()
			skR := fcKeyOrSkip(t, kem)
			skS := fcKeyOrSkip(t, kem)
			pkR, pkS := skR.PublicKey(), skS.PublicKey()
			enc, _, err := NewSender(pkR, kdf, aead, nil)
			if err != nil {
				t.Fatal(err)
			}
			psk32, id := bytes.Repeat([]byte{0x5a}, 32), []byte("psk id")
			// The valid case first, so that the refusals below are the rules'.
			encP, sP, err := NewSenderWithPSK(pkR, kdf, aead, nil, psk32, id)
			if err != nil {
				t.Fatalf("a 32-byte PSK: %v", err)
			}
			rP, err := NewRecipientWithPSK(encP, skR, kdf, aead, nil, psk32, id)
			if err != nil {
				t.Fatalf("a 32-byte PSK: %v", err)
			}
			ct, _ := sP.Seal(nil, []byte("m"))
			if pt, err := rP.Open(nil, ct); err != nil || string(pt) != "m" {
				t.Fatalf("PSK round trip: %q, %v", pt, err)
			}
			// The wrong PSK or ID: a context with other keys.
			for _, w := range []struct{ psk, id []byte }{{bytes.Repeat([]byte{0x5b}, 32), id}, {psk32, []byte("psk iD")}} {
				r, err := NewRecipientWithPSK(encP, skR, kdf, aead, nil, w.psk, w.id)
				if err != nil {
					t.Fatalf("NewRecipientWithPSK: %v", err)
				}
				fcWantAuthError(t, "Open under the wrong PSK or ID", func() error { _, err := r.Open(nil, ct); return err })
			}

			for _, c := range []struct {
				name    string
				psk, id []byte
			}{
				{"31-byte PSK", psk32[:31], id},
				{"1-byte PSK", psk32[:1], id},
				{"PSK without ID", psk32, nil},
				{"PSK with an empty ID", psk32, []byte{}},
				{"ID without PSK", nil, id},
				{"neither PSK nor ID", nil, nil},
			} {
				fcWantError(t, "NewSenderWithPSK("+c.name+")", func() error {
					_, _, err := NewSenderWithPSK(pkR, kdf, aead, nil, c.psk, c.id)
					return err
				})
				fcWantError(t, "NewRecipientWithPSK("+c.name+")", func() error {
					_, err := NewRecipientWithPSK(enc, skR, kdf, aead, nil, c.psk, c.id)
					return err
				})
				fcWantError(t, "NewAuthSenderWithPSK("+c.name+")", func() error {
					_, _, err := NewAuthSenderWithPSK(pkR, skS, kdf, aead, nil, c.psk, c.id)
					return err
				})
				fcWantError(t, "NewAuthRecipientWithPSK("+c.name+")", func() error {
					_, err := NewAuthRecipientWithPSK(enc, skR, pkS, kdf, aead, nil, c.psk, c.id)
					return err
				})
			}
		})
	}
}

// Keys of different KEMs mixed in one call: an error, never a panic.
func TestBadMixedKEMs(t *testing.T) {
	x, p := DHKEM(ecdh.X25519()), DHKEM(ecdh.P256())
	fcSuiteOrSkip(t, x.ID(), 0x0001, 0x0001)
	fcSuiteOrSkip(t, p.ID(), 0x0001, 0x0001)
	skX, skP := fcKeyOrSkip(t, x), fcKeyOrSkip(t, p)
	kdf, aead := HKDFSHA256(), AES128GCM()
	encX, _, err := NewSender(skX.PublicKey(), kdf, aead, nil)
	if err != nil {
		t.Fatal(err)
	}
	fcWantError(t, "NewAuthSender(X25519 recipient, P-256 sender)", func() error {
		_, _, err := NewAuthSender(skX.PublicKey(), skP, kdf, aead, nil)
		return err
	})
	fcWantError(t, "NewAuthRecipient(X25519 recipient, P-256 sender)", func() error {
		_, err := NewAuthRecipient(encX, skX, skP.PublicKey(), kdf, aead, nil)
		return err
	})
	fcWantError(t, "NewAuthSenderWithPSK(X25519 recipient, P-256 sender)", func() error {
		_, _, err := NewAuthSenderWithPSK(skX.PublicKey(), skP, kdf, aead, nil, bytes.Repeat([]byte{1}, 32), []byte("id"))
		return err
	})
	fcWantError(t, "NewRecipient(X25519 enc, P-256 key)", func() error {
		_, err := NewRecipient(encX, skP, kdf, aead, nil)
		return err
	})
}

// ---- FuzzOpen ----

// fuzzKey is one fixed recipient key of the fuzz target, with the vector it
// came from.
type fuzzKey struct {
	sk     PrivateKey
	kdf    KDF
	aead   AEAD
	info   []byte
	encLen int
	vec    *cfrgVector
}

// FuzzOpen opens arbitrary enc, AAD and ciphertext with fixed keys: the base
// mode vectors' recipient keys for DHKEM(X25519, HKDF-SHA256) and
// DHKEM(P-256, HKDF-SHA256), each with HKDF-SHA256 and AES-128-GCM. which
// picks the key. Nothing may panic; an Open that succeeds must be a genuine
// ciphertext (the vectors' first); an Open that fails must say
// ErrAuthentication.
func FuzzOpen(f *testing.F) {
	var keys []*fuzzKey
	for _, id := range []uint16{0x0020, 0x0010} {
		v := cfrgFind(f, cfrgModeBase, id, 0x0001, 0x0001)
		kem, err := NewKEM(id)
		if err != nil {
			f.Fatal(err)
		}
		sk, err := kem.NewPrivateKey(v.SkRm)
		if err != nil {
			if errors.Is(err, compat.ErrUnsupported) || errors.Is(err, compat.ErrFIPS) {
				f.Logf("%s not computed on this leg: %v", fcKEMName(id), err)
				continue
			}
			f.Fatal(err)
		}
		keys = append(keys, &fuzzKey{sk: sk, kdf: HKDFSHA256(), aead: AES128GCM(), info: v.Info, encLen: len(v.Enc), vec: v})
	}
	if len(keys) == 0 {
		f.Skip("neither DHKEM(X25519) nor DHKEM(P-256) is computed on this leg")
	}
	for w, k := range keys {
		v := k.vec
		e0, e1 := v.Encryptions[0], v.Encryptions[1]
		flip := func(b []byte, i int) []byte { c := bytes.Clone(b); c[i] ^= 1; return c }
		which := uint8(w)
		f.Add(which, []byte(v.Enc), []byte(e0.AAD), []byte(e0.CT))                          // genuine
		f.Add(which, []byte(v.Enc), []byte(e1.AAD), []byte(e1.CT))                          // out of order
		f.Add(which, []byte(v.Enc), []byte(e0.AAD), flip(e0.CT, 0))                         // tampered body
		f.Add(which, []byte(v.Enc), []byte(e0.AAD), flip(e0.CT, len(e0.CT)-1))              // tampered tag
		f.Add(which, []byte(v.Enc), []byte(e0.AAD), []byte(e0.CT[:len(e0.CT)-1]))           // truncated
		f.Add(which, []byte(v.Enc), []byte(e0.AAD), []byte(e0.CT[:15]))                     // shorter than a tag
		f.Add(which, flip(v.Enc, 1), []byte(e0.AAD), []byte(e0.CT))                         // another enc
		f.Add(which, flip(v.Enc, len(v.Enc)-1), []byte(e0.AAD), []byte(e0.CT))              // off-curve (P-256)
		f.Add(which, []byte(v.Enc[:len(v.Enc)-1]), []byte(e0.AAD), []byte(e0.CT))           // short enc
		f.Add(which, append(bytes.Clone(v.Enc), 0), []byte(e0.AAD), []byte(e0.CT))          // long enc
		f.Add(which, make([]byte, len(v.Enc)), []byte(e0.AAD), []byte(e0.CT))               // all-zero enc
		f.Add(which, []byte(v.Enc), []byte("Count-1"), []byte(e0.CT))                       // wrong AAD
		f.Add(which, []byte(nil), []byte(nil), []byte(nil))                                 // empty
		f.Add(which, []byte(v.Enc), []byte(e0.AAD), append(bytes.Clone(e0.CT), e1.CT...))   // two in one
		f.Add(which, fcUnhex(x25519LowOrder[2]), []byte(e0.AAD), []byte(e0.CT))             // low order (X25519)
		f.Add(which, append([]byte{4}, make([]byte, 64)...), []byte(e0.AAD), []byte(e0.CT)) // (0, 0) (P-256)
	}

	f.Fuzz(func(t *testing.T, which uint8, enc, aad, ct []byte) {
		k := keys[int(which)%len(keys)]
		r, err := NewRecipient(enc, k.sk, k.kdf, k.aead, k.info)
		if err != nil {
			if len(enc) == k.encLen && bytes.Equal(enc, k.vec.Enc) {
				t.Fatalf("NewRecipient(the vector's enc): %v", err)
			}
			return
		}
		if len(enc) != k.encLen {
			t.Fatalf("NewRecipient accepted a %d-byte enc, want %d", len(enc), k.encLen)
		}
		pt, err := r.Open(aad, ct)
		e0 := k.vec.Encryptions[0]
		genuine := bytes.Equal(enc, k.vec.Enc) && bytes.Equal(aad, e0.AAD) && bytes.Equal(ct, e0.CT)
		switch {
		case err == nil && !genuine:
			t.Fatalf("Open accepted a forged ciphertext: enc %x aad %x ct %x → %x", enc, aad, ct, pt)
		case err == nil && !bytes.Equal(pt, e0.PT):
			t.Fatalf("Open(the vector's first encryption) = %x, want %x", pt, e0.PT)
		case err != nil && genuine:
			t.Fatalf("Open(the vector's first encryption): %v", err)
		case err != nil && !errors.Is(err, compat.ErrAuthentication):
			t.Fatalf("Open: %v, want an error wrapping ErrAuthentication", err)
		}
		if _, err := r.Export(string(aad), 1+len(ct)%300); err != nil {
			t.Fatalf("Export(%d): %v", 1+len(ct)%300, err)
		}
		// The same bytes single-shot, with no AAD: no panic, and nothing
		// opens (every genuine ciphertext of the vectors has an AAD).
		one := append(bytes.Clone(enc), ct...)
		if pt, err := Open(k.sk, k.kdf, k.aead, k.info, one); err == nil {
			t.Fatalf("single-shot Open accepted enc %x ct %x → %x", enc, ct, pt)
		}
	})
}
