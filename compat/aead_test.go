package compat

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

type aeadCase struct {
	name      string // as in Capabilities
	ours      func(key []byte) (cipher.AEAD, error)
	ref       func(key []byte) (cipher.AEAD, error)
	keySizes  []int
	nonceSize int
}

func stdGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

var aeadCases = []aeadCase{
	{"AES-GCM", NewAESGCM, stdGCM, []int{16, 24, 32}, 12},
	{"ChaCha20-Poly1305", NewChaCha20Poly1305, chacha20poly1305.New, []int{32}, 12},
	{"XChaCha20-Poly1305", NewXChaCha20Poly1305, chacha20poly1305.NewX, []int{32}, 24},
}

func forEachAEAD(t *testing.T, f func(t *testing.T, ac aeadCase)) {
	for _, ac := range aeadCases {
		t.Run(ac.name, func(t *testing.T) {
			requireAvailable(t, ac.name, func() error {
				_, err := ac.ours(make([]byte, ac.keySizes[0]))
				return err
			})
			f(t, ac)
		})
	}
}

// pair returns our AEAD and the reference one for a random key of size n.
func (ac aeadCase) pair(t *testing.T, r *testRand, n int) (ours, ref cipher.AEAD) {
	t.Helper()
	key := randBytes(r, n)
	ours, err := ac.ours(key)
	if err != nil {
		t.Fatalf("%s with a %d-byte key: %v", ac.name, n, err)
	}
	ref, err = ac.ref(key)
	if err != nil {
		t.Fatal(err)
	}
	return ours, ref
}

type aeadVector struct {
	name                    string
	key, nonce, pt, ad, out string // out is the ciphertext followed by the tag
}

// The GCM specification's test cases with 96-bit IVs (McGrew and Viega, "The
// Galois/Counter Mode of Operation", appendix B: cases 1-4, 7-10, 13-16).
const gcmP = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"

var aeadVectors = map[string][]aeadVector{
	"AES-GCM": {
		{"case 1", "00000000000000000000000000000000", "000000000000000000000000", "", "",
			"58e2fccefa7e3061367f1d57a4e7455a"},
		{"case 2", "00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "",
			"0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"},
		{"case 3", "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", gcmP, "",
			"42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985" +
				"4d5c2af327cd64a62cf35abd2ba6fab4"},
		{"case 4", "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", gcmP[:120], "feedfacedeadbeeffeedfacedeadbeefabaddad2",
			"42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091" +
				"5bc94fbc3221a5db94fae95ae7121a47"},
		{"case 7", "000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "",
			"cd33b28ac773f74ba00ed1f312572435"},
		{"case 8", "000000000000000000000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "",
			"98e7247c07f0fe411c267e4384b0f6002ff58d80033927ab8ef4d4587514f0fb"},
		{"case 9", "feffe9928665731c6d6a8f9467308308feffe9928665731c", "cafebabefacedbaddecaf888", gcmP, "",
			"3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256" +
				"9924a7c8587336bfb118024db8674a14"},
		{"case 10", "feffe9928665731c6d6a8f9467308308feffe9928665731c", "cafebabefacedbaddecaf888", gcmP[:120], "feedfacedeadbeeffeedfacedeadbeefabaddad2",
			"3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710" +
				"2519498e80f1478f37ba55bd6d27618c"},
		{"case 13", "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "",
			"530f8afbc74536b9a963b4f1c4cb738b"},
		{"case 14", "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "",
			"cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"},
		{"case 15", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", gcmP, "",
			"522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad" +
				"b094dac5d93471bdec1a502270e3cc6c"},
		{"case 16", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", gcmP[:120], "feedfacedeadbeeffeedfacedeadbeefabaddad2",
			"522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" +
				"76fc6ece0f4e1768cddf8853bb2d551b"},
	},
	// RFC 8439 section 2.8.2.
	"ChaCha20-Poly1305": {
		{"RFC 8439 2.8.2", "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "070000004041424344454647",
			sunscreenHex, "50515253c0c1c2c3c4c5c6c7",
			"d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116" +
				"1ae10b594f09e26a7e902ecbd0600691"},
	},
	// draft-irtf-cfrg-xchacha-03 appendix A.3.1.
	"XChaCha20-Poly1305": {
		{"draft-irtf-cfrg-xchacha A.3.1", "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "404142434445464748494a4b4c4d4e4f5051525354555657",
			sunscreenHex, "50515253c0c1c2c3c4c5c6c7",
			"bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e" +
				"c0875924c1c7987947deafd8780acf49"},
	},
}

// "Ladies and Gentlemen of the class of '99: If I could offer you only one
// tip for the future, sunscreen would be it."
var sunscreenHex = fmt.Sprintf("%x", "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.")

func TestAEADKnownAnswers(t *testing.T) {
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		vectors := aeadVectors[ac.name]
		if len(vectors) == 0 {
			t.Fatalf("no known answers for %s", ac.name)
		}
		for _, v := range vectors {
			a, err := ac.ours(mustHex(v.key))
			if err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
			if a.NonceSize() != ac.nonceSize || a.Overhead() != 16 {
				t.Errorf("NonceSize, Overhead = %d, %d; want %d, 16", a.NonceSize(), a.Overhead(), ac.nonceSize)
			}
			nonce, pt, ad, want := mustHex(v.nonce), mustHex(v.pt), mustHex(v.ad), mustHex(v.out)
			if diff := bytesDiff(want, a.Seal(nil, nonce, pt, ad)); diff != "" {
				t.Errorf("%s: Seal (-want +got):\n%s", v.name, diff)
			}
			got, err := a.Open(nil, nonce, want, ad)
			if err != nil {
				t.Errorf("%s: Open: %v", v.name, err)
			} else if diff := bytesDiff(pt, got); diff != "" {
				t.Errorf("%s: Open (-want +got):\n%s", v.name, diff)
			}
		}
	})
}

// TestAEADDifferential compares Seal and Open with the standard library's
// GCM and x/crypto's ChaCha20-Poly1305 on random keys, nonces, plaintexts
// and additional data, empty ones included, in both directions.
func TestAEADDifferential(t *testing.T) {
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		r := newRand(t)
		for _, ks := range ac.keySizes {
			ours, ref := ac.pair(t, r, ks)
			if ours.NonceSize() != ref.NonceSize() || ours.Overhead() != ref.Overhead() {
				t.Errorf("NonceSize, Overhead = %d, %d; reference %d, %d", ours.NonceSize(), ours.Overhead(), ref.NonceSize(), ref.Overhead())
			}
			lengths := []int{1000, 4096, 65536 + 3, 1<<20 + 5}
			for n := 0; n <= 300; n++ {
				lengths = append(lengths, n)
			}
			for i, n := range lengths {
				if i%50 == 0 {
					ours, ref = ac.pair(t, r, ks)
				}
				nonce := randBytes(r, ac.nonceSize)
				pt := randBytes(r, n)
				var ad []byte
				switch r.IntN(4) {
				case 0: // nil
				case 1:
					ad = []byte{}
				case 2:
					ad = randBytes(r, r.IntN(40))
				case 3:
					ad = randBytes(r, r.IntN(1000))
				}
				want := ref.Seal(nil, nonce, pt, ad)
				got := ours.Seal(nil, nonce, pt, ad)
				if diff := bytesDiff(want, got); diff != "" {
					t.Fatalf("key %d, plaintext %d, AD %d: Seal (-reference +ours):\n%s", ks, n, len(ad), diff)
				}
				// Ours opens the reference's ciphertext and vice versa.
				opened, err := ours.Open(nil, nonce, want, ad)
				if err != nil || !bytes.Equal(opened, pt) {
					t.Fatalf("key %d, plaintext %d, AD %d: Open of the reference ciphertext = %x, %v", ks, n, len(ad), opened, err)
				}
				if back, err := ref.Open(nil, nonce, got, ad); err != nil || !bytes.Equal(back, pt) {
					t.Fatalf("key %d, plaintext %d, AD %d: the reference cannot open our ciphertext: %v", ks, n, len(ad), err)
				}
			}
		}
	})
}

// TestAEADAppend checks that Seal and Open append to dst, reusing its spare
// capacity and keeping what it holds.
func TestAEADAppend(t *testing.T) {
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		r := newRand(t)
		ours, ref := ac.pair(t, r, ac.keySizes[len(ac.keySizes)-1])
		for _, n := range []int{0, 1, 15, 16, 17, 64, 300} {
			nonce, pt, ad := randBytes(r, ac.nonceSize), randBytes(r, n), randBytes(r, 13)
			ct := ref.Seal(nil, nonce, pt, ad)
			prefix := []byte("some bytes already in dst")

			// No room: a new slice holding prefix and output.
			dst := bytes.Clone(prefix)
			got := ours.Seal(dst[:len(dst):len(dst)], nonce, pt, ad)
			if diff := bytesDiff(append(bytes.Clone(prefix), ct...), got); diff != "" {
				t.Errorf("plaintext %d: Seal onto a full dst (-want +got):\n%s", n, diff)
			}
			if diff := bytesDiff(prefix, dst); diff != "" {
				t.Errorf("plaintext %d: Seal changed the caller's dst (-want +got):\n%s", n, diff)
			}
			opened, err := ours.Open(dst[:len(dst):len(dst)], nonce, ct, ad)
			if err != nil {
				t.Fatalf("plaintext %d: Open onto a full dst: %v", n, err)
			}
			if diff := bytesDiff(append(bytes.Clone(prefix), pt...), opened); diff != "" {
				t.Errorf("plaintext %d: Open onto a full dst (-want +got):\n%s", n, diff)
			}

			// Room enough: the same array is used.
			dst = make([]byte, len(prefix), len(prefix)+n+16+5)
			copy(dst, prefix)
			got = ours.Seal(dst, nonce, pt, ad)
			if diff := bytesDiff(append(bytes.Clone(prefix), ct...), got); diff != "" {
				t.Errorf("plaintext %d: Seal into dst with room (-want +got):\n%s", n, diff)
			}
			if &got[0] != &dst[0] {
				t.Errorf("plaintext %d: Seal reallocated although dst had room", n)
			}
			opened, err = ours.Open(dst, nonce, ct, ad)
			if err != nil {
				t.Fatalf("plaintext %d: Open into dst with room: %v", n, err)
			}
			if diff := bytesDiff(append(bytes.Clone(prefix), pt...), opened); diff != "" {
				t.Errorf("plaintext %d: Open into dst with room (-want +got):\n%s", n, diff)
			}
			if &opened[0] != &dst[0] {
				t.Errorf("plaintext %d: Open reallocated although dst had room", n)
			}
		}
	})
}

// TestAEADInPlace seals and opens with the output exactly over the input.
func TestAEADInPlace(t *testing.T) {
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		r := newRand(t)
		ours, ref := ac.pair(t, r, ac.keySizes[0])
		for _, n := range []int{0, 1, 16, 31, 64, 255, 256, 257, 4096} {
			nonce, pt, ad := randBytes(r, ac.nonceSize), randBytes(r, n), randBytes(r, r.IntN(30))
			want := ref.Seal(nil, nonce, pt, ad)

			buf := make([]byte, n, n+16)
			copy(buf, pt)
			ct := ours.Seal(buf[:0], nonce, buf, ad)
			if diff := bytesDiff(want, ct); diff != "" {
				t.Fatalf("plaintext %d: in-place Seal (-want +got):\n%s", n, diff)
			}
			if len(ct) > 0 && &ct[0] != &buf[:1][0] {
				t.Errorf("plaintext %d: in-place Seal did not write in place", n)
			}
			got, err := ours.Open(ct[:0], nonce, ct, ad)
			if err != nil {
				t.Fatalf("plaintext %d: in-place Open: %v", n, err)
			}
			if diff := bytesDiff(pt, got); diff != "" {
				t.Fatalf("plaintext %d: in-place Open (-want +got):\n%s", n, diff)
			}
			// A failed in-place Open leaves no plaintext behind.
			if n >= 16 {
				ct = ours.Seal(buf[:0], nonce, buf[:n], ad)
				ct[n] ^= 1 // the tag
				if got, err := ours.Open(ct[:0], nonce, ct, ad); got != nil || !errors.Is(err, ErrAuthentication) {
					t.Fatalf("plaintext %d: tampered in-place Open = %x, %v", n, got, err)
				}
				if bytes.Equal(ct[:n], pt) {
					t.Errorf("plaintext %d: a failed in-place Open left the plaintext in the buffer", n)
				}
			}
		}
	})
}

func TestAEADNonceLength(t *testing.T) {
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		r := newRand(t)
		ours, _ := ac.pair(t, r, ac.keySizes[0])
		ct := ours.Seal(nil, make([]byte, ac.nonceSize), []byte("hello"), nil)
		for _, n := range []int{0, 1, 8, ac.nonceSize - 1, ac.nonceSize + 1, 12, 16, 24, 32} {
			if n == ac.nonceSize {
				continue
			}
			nonce := make([]byte, n)
			expectPanic(t, fmt.Sprintf("Seal with a %d-byte nonce", n), func() { ours.Seal(nil, nonce, []byte("hello"), nil) })
			expectPanic(t, fmt.Sprintf("Open with a %d-byte nonce", n), func() { ours.Open(nil, nonce, ct, nil) })
			// Even when the ciphertext is too short to authenticate.
			expectPanic(t, fmt.Sprintf("Open of a short ciphertext with a %d-byte nonce", n), func() { ours.Open(nil, nonce, ct[:3], nil) })
		}
	})
}

// TestAEADOverlap: the output may sit exactly over the input, but no other
// overlap with the input or the additional data is allowed.
func TestAEADOverlap(t *testing.T) {
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		r := newRand(t)
		ours, ref := ac.pair(t, r, ac.keySizes[0])
		nonce := randBytes(r, ac.nonceSize)
		pt := randBytes(r, 64)
		ct := ref.Seal(nil, nonce, pt, nil)

		for _, shift := range []int{1, 15, 16, 63} {
			buf := make([]byte, 300)
			copy(buf, pt)
			expectPanic(t, fmt.Sprintf("Seal with the output %d bytes past the input", shift), func() {
				ours.Seal(buf[shift:shift], nonce, buf[:64], nil)
			})
			copy(buf[shift:], pt)
			expectPanic(t, fmt.Sprintf("Seal with the output %d bytes before the input", shift), func() {
				ours.Seal(buf[:0], nonce, buf[shift:shift+64], nil)
			})
			copy(buf, ct)
			expectPanic(t, fmt.Sprintf("Open with the output %d bytes past the input", shift), func() {
				ours.Open(buf[shift:shift], nonce, buf[:len(ct)], nil)
			})
			copy(buf[shift:], ct)
			expectPanic(t, fmt.Sprintf("Open with the output %d bytes before the input", shift), func() {
				ours.Open(buf[:0], nonce, buf[shift:shift+len(ct)], nil)
			})
		}

		// The output overlapping the additional data.
		buf := make([]byte, 300)
		expectPanic(t, "Seal with the output over the additional data", func() {
			ours.Seal(buf[:0], nonce, pt, buf[40:60])
		})
		sealedAD := ref.Seal(nil, nonce, pt, buf[40:60])
		expectPanic(t, "Open with the output over the additional data", func() {
			ours.Open(buf[:0], nonce, sealedAD, buf[40:60])
		})

		// Adjacent but disjoint buffers are fine.
		buf = make([]byte, 300)
		copy(buf, pt)
		if v, ok := panicValue(func() {
			got := ours.Seal(buf[64:64], nonce, buf[:64], nil)
			if !bytes.Equal(got, ct) {
				t.Errorf("Seal into the bytes right after the input = %x, want %x", got, ct)
			}
		}); ok {
			t.Errorf("Seal into the bytes right after the input panicked: %v", v)
		}
	})
}

// TestAEADAuthFailure: any change to the ciphertext, tag, nonce or
// additional data, and any ciphertext shorter than a tag, makes Open fail
// with ErrAuthentication and return nil.
func TestAEADAuthFailure(t *testing.T) {
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		r := newRand(t)
		ours, ref := ac.pair(t, r, ac.keySizes[0])
		nonce, pt, ad := randBytes(r, ac.nonceSize), randBytes(r, 40), randBytes(r, 20)
		ct := ours.Seal(nil, nonce, pt, ad)

		checkFail := func(what string, nonce, ct, ad []byte) {
			t.Helper()
			if _, err := ref.Open(nil, nonce, ct, ad); err == nil {
				t.Fatalf("%s: the reference accepts it, so the test is wrong", what)
			}
			prefix := []byte("dst")
			dst := make([]byte, len(prefix), len(prefix)+len(ct)+16)
			copy(dst, prefix)
			got, err := ours.Open(dst, nonce, ct, ad)
			if got != nil {
				t.Errorf("%s: Open returned %x, want nil", what, got)
			}
			if !errors.Is(err, ErrAuthentication) {
				t.Errorf("%s: Open error %v, want one wrapping ErrAuthentication", what, err)
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Fork != fork() || !strings.Contains(err.Error(), ac.name) {
				t.Errorf("%s: error %q does not name the fork %q and %s", what, err, fork(), ac.name)
			}
			if len(ct) >= 16+len(pt) && len(pt) > 0 && bytes.Contains(dst[:cap(dst)], pt) {
				t.Errorf("%s: the failed Open left the plaintext in dst's spare capacity", what)
			}
		}

		for i := range ct {
			for _, bit := range []byte{0x01, 0x80} {
				bad := bytes.Clone(ct)
				bad[i] ^= bit
				where := "ciphertext"
				if i >= len(pt) {
					where = "tag"
				}
				checkFail(fmt.Sprintf("%s byte %d ^ %#x", where, i, bit), nonce, bad, ad)
			}
		}
		for i := range ad {
			bad := bytes.Clone(ad)
			bad[i] ^= 0x04
			checkFail(fmt.Sprintf("AD byte %d changed", i), nonce, ct, bad)
		}
		checkFail("AD missing", nonce, ct, nil)
		checkFail("AD extended", nonce, ct, append(bytes.Clone(ad), 0))
		checkFail("AD truncated", nonce, ct, ad[:len(ad)-1])
		badNonce := bytes.Clone(nonce)
		badNonce[len(badNonce)-1] ^= 1
		checkFail("nonce changed", badNonce, ct, ad)
		badNonce = bytes.Clone(nonce)
		badNonce[0] ^= 1
		checkFail("first nonce byte changed", badNonce, ct, ad)
		checkFail("ciphertext truncated by one", nonce, ct[:len(ct)-1], ad)
		checkFail("ciphertext extended by one", nonce, append(bytes.Clone(ct), 0), ad)
		checkFail("tag only", nonce, ct[len(pt):], ad)
		for n := 0; n < 16; n++ {
			checkFail(fmt.Sprintf("%d-byte ciphertext", n), nonce, ct[:n], ad)
		}
		checkFail("nil ciphertext", nonce, nil, ad)
		// A tag of an empty message under another key.
		other, _ := ac.pair(t, r, ac.keySizes[0])
		checkFail("empty message sealed under another key", nonce, other.Seal(nil, nonce, nil, ad), ad)

		// The AEAD still works after all those failures.
		if got, err := ours.Open(nil, nonce, ct, ad); err != nil || !bytes.Equal(got, pt) {
			t.Errorf("Open of the genuine ciphertext after failures = %x, %v", got, err)
		}
	})
}

func TestAEADInvalidKey(t *testing.T) {
	for _, ac := range aeadCases {
		t.Run(ac.name, func(t *testing.T) {
			checked := 0
			for n := 0; n <= 65; n++ {
				if n == ac.keySizes[0] || n == ac.keySizes[len(ac.keySizes)-1] || (len(ac.keySizes) == 3 && n == ac.keySizes[1]) {
					continue
				}
				a, err := ac.ours(make([]byte, n))
				if a != nil || !errors.Is(err, ErrInvalidKey) {
					t.Errorf("%d-byte key: %v, %v; want nil and an error wrapping ErrInvalidKey", n, a, err)
				}
				checked++
			}
			if a, err := ac.ours(nil); a != nil || !errors.Is(err, ErrInvalidKey) {
				t.Errorf("nil key: %v, %v; want nil and an error wrapping ErrInvalidKey", a, err)
			}
			// A valid size either works or fails as Capabilities says.
			for _, n := range ac.keySizes {
				_, err := ac.ours(make([]byte, n))
				c := capabilityOf(t, ac.name)
				switch {
				case c.Status == Unsupported:
					if !errors.Is(err, ErrUnsupported) {
						t.Errorf("%d-byte key on a fork without %s: %v, want ErrUnsupported", n, ac.name, err)
					}
				case !c.Allowed:
					if !errors.Is(err, ErrFIPS) {
						t.Errorf("%d-byte key with %s refused by FIPS: %v, want ErrFIPS", n, ac.name, err)
					}
				case err != nil:
					t.Errorf("%d-byte key: %v", n, err)
				}
			}
			t.Logf("checked %d invalid key sizes", checked)
		})
	}
}

// TestAEADConcurrent uses one AEAD from many goroutines at once (run with
// -race), checking every result.
func TestAEADConcurrent(t *testing.T) {
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		r := newRand(t)
		ours, ref := ac.pair(t, r, ac.keySizes[len(ac.keySizes)-1])
		const goroutines, iterations = 16, 150
		seeds := make([][]byte, goroutines)
		for g := range seeds {
			seeds[g] = randBytes(r, 2000)
		}
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				for i := range iterations {
					nonce := make([]byte, ac.nonceSize)
					nonce[0], nonce[1], nonce[2] = byte(g), byte(i), byte(i>>8)
					pt := seeds[g][:(i*37+g)%len(seeds[g])]
					ad := seeds[g][i%50 : i%50+i%17]
					want := ref.Seal(nil, nonce, pt, ad)
					got := ours.Seal(make([]byte, 0, len(pt)+16), nonce, pt, ad)
					if !bytes.Equal(got, want) {
						t.Errorf("goroutine %d, iteration %d: Seal differs from the reference", g, i)
						return
					}
					opened, err := ours.Open(got[:0], nonce, got, ad)
					if err != nil || !bytes.Equal(opened, pt) {
						t.Errorf("goroutine %d, iteration %d: Open = %v", g, i, err)
						return
					}
					if i%10 == 0 {
						bad := ours.Seal(nil, nonce, pt, ad)
						bad[len(bad)-1] ^= 1
						if got, err := ours.Open(nil, nonce, bad, ad); got != nil || !errors.Is(err, ErrAuthentication) {
							t.Errorf("goroutine %d, iteration %d: tampered Open = %x, %v", g, i, got, err)
							return
						}
					}
				}
			})
		}
		wg.Wait()
	})
}

// TestAEADAllocs holds under -race too: a lone caller always gets the
// context in the pool's atomic slot, which the race detector cannot drop.
func TestAEADAllocs(t *testing.T) {
	if allocsUnreliable != "" {
		t.Skip(allocsUnreliable)
	}
	forEachAEAD(t, func(t *testing.T, ac aeadCase) {
		r := newRand(t)
		ours, _ := ac.pair(t, r, ac.keySizes[0])
		nonce, pt, ad := randBytes(r, ac.nonceSize), randBytes(r, 64), randBytes(r, 16)
		dst := make([]byte, 0, 64+16)
		// Warm up the per-processor contexts.
		ct := ours.Seal(dst, nonce, pt, ad)
		if n := testing.AllocsPerRun(100, func() { ours.Seal(dst, nonce, pt, ad) }); n != 0 {
			t.Errorf("Seal of 64 bytes into a dst with room allocates %v times, want 0", n)
		}
		ct = bytes.Clone(ct)
		out := make([]byte, 0, 64)
		if n := testing.AllocsPerRun(100, func() { ours.Open(out, nonce, ct, ad) }); n != 0 {
			t.Errorf("Open of 64 bytes into a dst with room allocates %v times, want 0", n)
		}
		bad := bytes.Clone(ct)
		bad[0] ^= 1
		if n := testing.AllocsPerRun(100, func() {
			if _, err := ours.Open(out, nonce, bad, ad); err == nil {
				panic("tampered ciphertext accepted")
			}
		}); n != 0 {
			t.Errorf("a failed Open allocates %v times, want 0", n)
		}
		if n := testing.AllocsPerRun(100, func() { ours.Open(out, nonce, bad[:10], ad) }); n != 0 {
			t.Errorf("Open of a too-short ciphertext allocates %v times, want 0", n)
		}
	})
}

// TestAESGCMWithRandomNonce holds NewAESGCMWithRandomNonce to
// cipher.NewGCMWithRandomNonce: either side opens what the other sealed.
func TestAESGCMWithRandomNonce(t *testing.T) {
	for _, size := range []int{16, 24, 32} {
		key := bytes.Repeat([]byte{byte(size)}, size)
		ours, err := NewAESGCMWithRandomNonce(key)
		if err != nil {
			t.Fatal(err)
		}
		block, _ := aes.NewCipher(key)
		std, err := cipher.NewGCMWithRandomNonce(block)
		if err != nil {
			t.Fatal(err)
		}
		if ours.NonceSize() != std.NonceSize() || ours.Overhead() != std.Overhead() {
			t.Fatalf("NonceSize/Overhead %d/%d, standard library %d/%d", ours.NonceSize(), ours.Overhead(), std.NonceSize(), std.Overhead())
		}
		msg, ad := []byte("random-nonce message"), []byte("ad")
		a := ours.Seal([]byte("prefix"), nil, msg, ad)
		if !bytes.HasPrefix(a, []byte("prefix")) {
			t.Fatal("Seal did not append to dst")
		}
		a = a[len("prefix"):]
		if got, err := std.Open(nil, nil, a, ad); err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("the standard library cannot open the fork's ciphertext: %v", err)
		}
		if got, err := ours.Open(nil, nil, std.Seal(nil, nil, msg, ad), ad); err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("the fork cannot open the standard library's ciphertext: %v", err)
		}
		if b := ours.Seal(nil, nil, msg, ad); bytes.Equal(a[:12], b[:12]) {
			t.Fatal("two seals drew the same nonce")
		}
		a[len(a)-1] ^= 1
		if _, err := ours.Open(nil, nil, a, ad); !errors.Is(err, ErrAuthentication) {
			t.Fatalf("tampered ciphertext: %v", err)
		}
		if _, err := ours.Open(nil, nil, a[:27], ad); !errors.Is(err, ErrAuthentication) {
			t.Fatalf("short ciphertext: %v", err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Error("Seal with a nonce did not panic")
				}
			}()
			ours.Seal(nil, make([]byte, 12), msg, nil)
		}()
	}
}
