package compat_test

// Project Wycheproof vectors (github.com/google/wycheproof) for the AEADs,
// HMAC and AES-CBC with PKCS#7 padding.

import (
	"bytes"
	"crypto/cipher"
	"errors"
	"slices"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// invalidKeySizes are key lengths tried against every keyed constructor;
// those the constructor does not accept must fail with ErrInvalidKey.
var invalidKeySizes = []int{0, 1, 8, 12, 15, 16, 17, 20, 23, 24, 25, 31, 32, 33, 48, 64}

type aeadCase struct {
	file      string
	capName   string
	new       func(key []byte) (cipher.AEAD, error)
	keySizes  []int
	nonceSize int
}

var wycheproofAEADs = []aeadCase{
	{"aes_gcm_test.json", "AES-GCM", compat.NewAESGCM, []int{16, 24, 32}, 12},
	{"chacha20_poly1305_test.json", "ChaCha20-Poly1305", compat.NewChaCha20Poly1305, []int{32}, 12},
	{"xchacha20_poly1305_test.json", "XChaCha20-Poly1305", compat.NewXChaCha20Poly1305, []int{32}, 24},
}

func TestWycheproofAEAD(t *testing.T) {
	t.Parallel()
	for _, tc := range wycheproofAEADs {
		t.Run(tc.capName, func(t *testing.T) {
			t.Parallel()
			testWycheproofAEAD(t, tc)
		})
	}
}

// checkKeySizes asserts that every size of invalidKeySizes outside accepted
// is refused with an error wrapping ErrInvalidKey, by newFn.
func checkKeySizes(t *testing.T, what string, accepted []int, newFn func(key []byte) (any, error)) {
	t.Helper()
	for _, n := range invalidKeySizes {
		if slices.Contains(accepted, n) {
			continue
		}
		v, err := newFn(make([]byte, n))
		if !errors.Is(err, compat.ErrInvalidKey) {
			t.Errorf("%s with a %d-byte key: err = %v, want an error wrapping ErrInvalidKey", what, n, err)
		}
		if err != nil && v != nil {
			t.Errorf("%s with a %d-byte key returned a value along with its error", what, n)
		}
	}
}

func testWycheproofAEAD(t *testing.T, tc aeadCase) {
	f := readWycheproof(t, tc.file)
	requireCapability(t, tc.capName, func() error {
		_, err := tc.new(make([]byte, tc.keySizes[0]))
		return err
	})
	checkKeySizes(t, tc.capName, tc.keySizes, func(key []byte) (any, error) { return tc.new(key) })

	var n tally
	for _, g := range f.TestGroups {
		for _, v := range g.Tests {
			if !slices.Contains(tc.keySizes, len(v.Key)) {
				if _, err := tc.new(v.Key); !errors.Is(err, compat.ErrInvalidKey) {
					t.Errorf("tcId %d: a %d-byte key gave err = %v, want ErrInvalidKey", v.TcID, len(v.Key), err)
				}
				n.skip(v.TcID, "%d-byte key, refused with ErrInvalidKey", len(v.Key))
				continue
			}
			aead, err := tc.new(v.Key)
			if err != nil {
				t.Errorf("tcId %d: %v", v.TcID, err)
				continue
			}
			if aead.NonceSize() != tc.nonceSize || aead.Overhead() != 16 {
				t.Fatalf("NonceSize() = %d, Overhead() = %d; want %d, 16", aead.NonceSize(), aead.Overhead(), tc.nonceSize)
			}
			ctTag := slices.Concat(v.CT, v.Tag)
			if len(v.IV) != tc.nonceSize {
				// The API takes only its own nonce size, as crypto/cipher does:
				// both directions must refuse the vector by panicking.
				if panicError(func() { aead.Seal(nil, v.IV, v.Msg, v.AAD) }) == nil {
					t.Errorf("tcId %d: Seal accepted a %d-byte nonce", v.TcID, len(v.IV))
				}
				if panicError(func() { aead.Open(nil, v.IV, ctTag, v.AAD) }) == nil {
					t.Errorf("tcId %d: Open accepted a %d-byte nonce", v.TcID, len(v.IV))
				}
				n.skip(v.TcID, "%d-byte nonce (%s), refused by a panic", len(v.IV), v.Result)
				continue
			}
			if g.TagSize != 128 {
				n.skip(v.TcID, "%d-bit tag", g.TagSize)
				continue
			}
			switch v.Result {
			case "valid", "acceptable":
				checkAEADValid(t, aead, v, ctTag)
			case "invalid":
				if got := aead.Seal(nil, v.IV, v.Msg, v.AAD); bytes.Equal(got, ctTag) {
					t.Errorf("tcId %d (%s): Seal produced the invalid ciphertext", v.TcID, v.Comment)
				}
				pt, err := aead.Open(nil, v.IV, ctTag, v.AAD)
				if !errors.Is(err, compat.ErrAuthentication) || pt != nil {
					t.Errorf("tcId %d (%s): Open = %x, %v; want nil, an error wrapping ErrAuthentication", v.TcID, v.Comment, pt, err)
				}
			default:
				t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
			}
			n.ok()
		}
	}
	n.report(t, tc.file)
}

// checkAEADValid checks Seal and Open of a valid vector: into a fresh
// buffer, appended to a prefix, and in place.
func checkAEADValid(t *testing.T, aead cipher.AEAD, v wycheproofTest, ctTag []byte) {
	t.Helper()
	if got := aead.Seal(nil, v.IV, v.Msg, v.AAD); !bytes.Equal(got, ctTag) {
		t.Errorf("tcId %d (%s): Seal = %x, want %x", v.TcID, v.Comment, got, ctTag)
	}
	pt, err := aead.Open(nil, v.IV, ctTag, v.AAD)
	if err != nil || !bytes.Equal(pt, v.Msg) {
		t.Errorf("tcId %d (%s): Open = %x, %v; want %x", v.TcID, v.Comment, pt, err, v.Msg)
	}

	prefix := []byte("prefix")
	if got := aead.Seal(slices.Clone(prefix), v.IV, v.Msg, v.AAD); !bytes.Equal(got, slices.Concat(prefix, ctTag)) {
		t.Errorf("tcId %d: Seal appended to a prefix = %x", v.TcID, got)
	}
	if got, err := aead.Open(slices.Clone(prefix), v.IV, ctTag, v.AAD); err != nil || !bytes.Equal(got, slices.Concat(prefix, v.Msg)) {
		t.Errorf("tcId %d: Open appended to a prefix = %x, %v", v.TcID, got, err)
	}

	buf := make([]byte, len(v.Msg), len(ctTag))
	copy(buf, v.Msg)
	if got := aead.Seal(buf[:0], v.IV, buf, v.AAD); !bytes.Equal(got, ctTag) {
		t.Errorf("tcId %d: Seal in place = %x", v.TcID, got)
	}
	buf = slices.Clone(ctTag)
	if got, err := aead.Open(buf[:0], v.IV, buf, v.AAD); err != nil || !bytes.Equal(got, v.Msg) {
		t.Errorf("tcId %d: Open in place = %x, %v", v.TcID, got, err)
	}
}

func TestWycheproofHMAC(t *testing.T) {
	t.Parallel()
	for _, a := range hashAlgs {
		if a.wp == "" {
			continue
		}
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			f := readWycheproof(t, a.wp)
			requireHMAC(t, a)
			for _, ctor := range hmacCtors(a) {
				var n tally
				for _, g := range f.TestGroups {
					tagLen, ok := bitsToBytes(g.TagSize)
					if !ok || tagLen > a.size || tagLen == 0 {
						t.Fatalf("%s: group with a %d-bit tag", a.wp, g.TagSize)
					}
					for _, v := range g.Tests {
						m := compat.NewHMAC(ctor.new, v.Key)
						if m.Size() != a.size {
							t.Fatalf("Size() = %d, want %d", m.Size(), a.size)
						}
						m.Write(v.Msg)
						full := m.Sum(nil)
						if len(full) != a.size {
							t.Fatalf("tcId %d: Sum returned %d bytes, want %d", v.TcID, len(full), a.size)
						}
						match := bytes.Equal(full[:tagLen], v.Tag)
						switch v.Result {
						case "valid", "acceptable":
							if !match {
								t.Errorf("%s tcId %d (%s): MAC = %x, want %x", ctor.kind, v.TcID, v.Comment, full[:tagLen], v.Tag)
							}
						case "invalid":
							if match {
								t.Errorf("%s tcId %d (%s): the MAC matches the invalid tag %x", ctor.kind, v.TcID, v.Comment, v.Tag)
							}
						default:
							t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
						}
						// The same MAC again after Reset, written in two pieces.
						m.Reset()
						m.Write(v.Msg[:len(v.Msg)/2])
						m.Write(v.Msg[len(v.Msg)/2:])
						if again := m.Sum(nil); !bytes.Equal(again, full) {
							t.Errorf("%s tcId %d: after Reset the MAC is %x, before %x", ctor.kind, v.TcID, again, full)
						}
						n.ok()
					}
				}
				n.report(t, a.wp+" with the "+ctor.kind+" constructor")
			}
		})
	}
}

// pkcs7Pad pads p to a whole number of AES blocks (RFC 5652, 6.3).
func pkcs7Pad(p []byte) []byte {
	k := 16 - len(p)%16
	return append(slices.Clone(p), bytes.Repeat([]byte{byte(k)}, k)...)
}

// pkcs7Unpad strips PKCS#7 padding, reporting whether it was well formed.
func pkcs7Unpad(p []byte) ([]byte, bool) {
	if len(p) == 0 || len(p)%16 != 0 {
		return nil, false
	}
	k := int(p[len(p)-1])
	if k == 0 || k > 16 {
		return nil, false
	}
	for _, b := range p[len(p)-k:] {
		if int(b) != k {
			return nil, false
		}
	}
	return p[:len(p)-k], true
}

func TestWycheproofAESCBCPKCS5(t *testing.T) {
	t.Parallel()
	const file = "aes_cbc_pkcs5_test.json"
	keySizes := []int{16, 24, 32}
	iv16 := make([]byte, 16)

	// The modes: NewAESCBCEncrypter/Decrypter, and crypto/cipher's CBC over
	// NewAESCipher, which checks the block cipher against the same vectors.
	modes := []struct {
		capName  string
		enc, dec func(key, iv []byte) (cipher.BlockMode, error)
	}{
		{"AES-CBC", compat.NewAESCBCEncrypter, compat.NewAESCBCDecrypter},
		{"AES (block)",
			func(key, iv []byte) (cipher.BlockMode, error) {
				b, err := compat.NewAESCipher(key)
				if err != nil {
					return nil, err
				}
				return cipher.NewCBCEncrypter(b, iv), nil
			},
			func(key, iv []byte) (cipher.BlockMode, error) {
				b, err := compat.NewAESCipher(key)
				if err != nil {
					return nil, err
				}
				return cipher.NewCBCDecrypter(b, iv), nil
			}},
	}
	for _, mode := range modes {
		t.Run(mode.capName, func(t *testing.T) {
			t.Parallel()
			f := readWycheproof(t, file)
			requireCapability(t, mode.capName, func() error {
				_, err := mode.enc(make([]byte, 16), iv16)
				return err
			})
			checkKeySizes(t, mode.capName+" encrypter", keySizes, func(key []byte) (any, error) { return mode.enc(key, iv16) })
			checkKeySizes(t, mode.capName+" decrypter", keySizes, func(key []byte) (any, error) { return mode.dec(key, iv16) })
			if mode.capName == "AES-CBC" {
				for _, n := range []int{0, 8, 12, 15, 17, 32} {
					if _, err := compat.NewAESCBCEncrypter(make([]byte, 16), make([]byte, n)); !errors.Is(err, compat.ErrInvalidKey) {
						t.Errorf("NewAESCBCEncrypter with a %d-byte IV: err = %v, want an error wrapping ErrInvalidKey", n, err)
					}
					if _, err := compat.NewAESCBCDecrypter(make([]byte, 16), make([]byte, n)); !errors.Is(err, compat.ErrInvalidKey) {
						t.Errorf("NewAESCBCDecrypter with a %d-byte IV: err = %v, want an error wrapping ErrInvalidKey", n, err)
					}
				}
			}

			var n tally
			for _, g := range f.TestGroups {
				for _, v := range g.Tests {
					if !slices.Contains(keySizes, len(v.Key)) || len(v.IV) != 16 {
						if mode.capName == "AES-CBC" {
							if _, err := mode.enc(v.Key, v.IV); !errors.Is(err, compat.ErrInvalidKey) {
								t.Errorf("tcId %d: %d-byte key, %d-byte IV: err = %v, want ErrInvalidKey", v.TcID, len(v.Key), len(v.IV), err)
							}
						}
						n.skip(v.TcID, "%d-byte key, %d-byte IV", len(v.Key), len(v.IV))
						continue
					}
					dec, err := mode.dec(v.Key, v.IV)
					if err != nil {
						t.Fatalf("tcId %d: %v", v.TcID, err)
					}
					switch v.Result {
					case "valid", "acceptable":
						enc, err := mode.enc(v.Key, v.IV)
						if err != nil {
							t.Fatalf("tcId %d: %v", v.TcID, err)
						}
						padded := pkcs7Pad(v.Msg)
						ct := make([]byte, len(padded))
						enc.CryptBlocks(ct, padded)
						if !bytes.Equal(ct, v.CT) {
							t.Errorf("tcId %d (%s): ciphertext %x, want %x", v.TcID, v.Comment, ct, v.CT)
						}
						pt := make([]byte, len(v.CT))
						dec.CryptBlocks(pt, v.CT)
						msg, ok := pkcs7Unpad(pt)
						if !ok || !bytes.Equal(msg, v.Msg) {
							t.Errorf("tcId %d (%s): decrypted %x (padding ok: %v), want %x", v.TcID, v.Comment, pt, ok, v.Msg)
						}
					case "invalid":
						// Bad padding: decryption must not yield a well-padded message.
						if len(v.CT)%16 != 0 {
							if panicError(func() { dec.CryptBlocks(make([]byte, len(v.CT)), v.CT) }) == nil {
								t.Errorf("tcId %d: CryptBlocks accepted %d bytes", v.TcID, len(v.CT))
							}
							n.ok()
							continue
						}
						pt := make([]byte, len(v.CT))
						dec.CryptBlocks(pt, v.CT)
						if msg, ok := pkcs7Unpad(pt); ok {
							t.Errorf("tcId %d (%s): %x decrypts to a well-padded %x (message %x)", v.TcID, v.Comment, v.CT, pt, msg)
						}
					default:
						t.Fatalf("tcId %d: unknown result %q", v.TcID, v.Result)
					}
					n.ok()
				}
			}
			n.report(t, file+" through "+mode.capName)
		})
	}
}
