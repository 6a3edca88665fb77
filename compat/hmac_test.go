package compat

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/fnv"
	"sync"
	"testing"
)

// requireHMAC checks HMAC over hc's digest as requireAvailable does.
func requireHMAC(t *testing.T, hc hashCase) {
	t.Helper()
	requireAvailable(t, "HMAC-"+hc.name, func() error {
		// Both kinds of constructor must fail the same way.
		errStd := panicError(func() { NewHMAC(hc.std, []byte("key")) })
		errOurs := panicError(func() { NewHMAC(hc.ours, []byte("key")) })
		if (errStd == nil) != (errOurs == nil) || errors.Is(errStd, ErrUnsupported) != errors.Is(errOurs, ErrUnsupported) {
			return fmt.Errorf("NewHMAC with the standard library's constructor: %v; with compat's: %v", errStd, errOurs)
		}
		return errStd
	})
}

func forEachHMAC(t *testing.T, f func(t *testing.T, hc hashCase)) {
	for _, hc := range hashCases {
		t.Run(hc.name, func(t *testing.T) {
			requireHMAC(t, hc)
			f(t, hc)
		})
	}
}

func hashByName(name string) hashCase {
	for _, hc := range hashCases {
		if hc.name == name {
			return hc
		}
	}
	panic("no hash case " + name)
}

type macVector struct {
	key, data []byte
	// want maps a digest name to the MAC; a MAC shorter than the digest is a
	// truncated output, compared with the MAC's prefix.
	want map[string]string
}

var rfc4231Key131 = bytes.Repeat([]byte{0xaa}, 131)

// RFC 4231 section 4: HMAC-SHA-224, -256, -384 and -512.
var rfc4231 = []macVector{
	{bytes.Repeat([]byte{0x0b}, 20), []byte("Hi There"), map[string]string{
		"SHA-224": "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
		"SHA-256": "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
		"SHA-384": "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
		"SHA-512": "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
	}},
	{[]byte("Jefe"), []byte("what do ya want for nothing?"), map[string]string{
		"SHA-224": "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
		"SHA-256": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		"SHA-384": "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
		"SHA-512": "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	}},
	{bytes.Repeat([]byte{0xaa}, 20), bytes.Repeat([]byte{0xdd}, 50), map[string]string{
		"SHA-224": "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
		"SHA-256": "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
		"SHA-384": "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
		"SHA-512": "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
	}},
	{mustHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), bytes.Repeat([]byte{0xcd}, 50), map[string]string{
		"SHA-224": "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
		"SHA-256": "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
		"SHA-384": "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
		"SHA-512": "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
	}},
	// Test case 5 gives the output truncated to 128 bits.
	{bytes.Repeat([]byte{0x0c}, 20), []byte("Test With Truncation"), map[string]string{
		"SHA-224": "0e2aea68a90c8d37c988bcdb9fca6fa8",
		"SHA-256": "a3b6167473100ee06e0c796c2955552b",
		"SHA-384": "3abf34c3503b2a23a46efc619baef897",
		"SHA-512": "415fad6271580a531d4179bc891d87a6",
	}},
	{rfc4231Key131, []byte("Test Using Larger Than Block-Size Key - Hash Key First"), map[string]string{
		"SHA-224": "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
		"SHA-256": "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
		"SHA-384": "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
		"SHA-512": "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
	}},
	{rfc4231Key131, []byte("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."), map[string]string{
		"SHA-224": "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
		"SHA-256": "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
		"SHA-384": "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
		"SHA-512": "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
	}},
}

var rfc2202Key80 = bytes.Repeat([]byte{0xaa}, 80)

// RFC 2202 sections 2 and 3: HMAC-MD5 and HMAC-SHA-1. The keys of cases
// 1, 3 and 5 differ in length between the two.
var rfc2202 = []macVector{
	{bytes.Repeat([]byte{0x0b}, 16), []byte("Hi There"), map[string]string{"MD5": "9294727a3638bb1c13f48ef8158bfc9d"}},
	{bytes.Repeat([]byte{0x0b}, 20), []byte("Hi There"), map[string]string{"SHA-1": "b617318655057264e28bc0b6fb378c8ef146be00"}},
	{[]byte("Jefe"), []byte("what do ya want for nothing?"), map[string]string{
		"MD5":   "750c783e6ab0b503eaa86e310a5db738",
		"SHA-1": "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	}},
	{bytes.Repeat([]byte{0xaa}, 16), bytes.Repeat([]byte{0xdd}, 50), map[string]string{"MD5": "56be34521d144c88dbb8c733f0e8b3f6"}},
	{bytes.Repeat([]byte{0xaa}, 20), bytes.Repeat([]byte{0xdd}, 50), map[string]string{"SHA-1": "125d7342b9ac11cd91a39af48aa17b4f63f175d3"}},
	{mustHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), bytes.Repeat([]byte{0xcd}, 50), map[string]string{
		"MD5":   "697eaf0aca3a3aea3a75164746ffaa79",
		"SHA-1": "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
	}},
	// Case 5 lists the full MAC and its 96-bit truncation; check both.
	{bytes.Repeat([]byte{0x0c}, 16), []byte("Test With Truncation"), map[string]string{"MD5": "56461ef2342edc00f9bab995690efd4c"}},
	{bytes.Repeat([]byte{0x0c}, 16), []byte("Test With Truncation"), map[string]string{"MD5": "56461ef2342edc00f9bab995"}},
	{bytes.Repeat([]byte{0x0c}, 20), []byte("Test With Truncation"), map[string]string{"SHA-1": "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"}},
	{bytes.Repeat([]byte{0x0c}, 20), []byte("Test With Truncation"), map[string]string{"SHA-1": "4c1a03424b55e07fe7f27be1"}},
	{rfc2202Key80, []byte("Test Using Larger Than Block-Size Key - Hash Key First"), map[string]string{
		"MD5":   "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
		"SHA-1": "aa4ae5e15272d00e95705637ce8a3b55ed402112",
	}},
	{rfc2202Key80, []byte("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"), map[string]string{
		"MD5":   "6f630fad67cda0ee1fb1f562db3aa53e",
		"SHA-1": "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
	}},
}

func testMACVectors(t *testing.T, vectors []macVector, names ...string) {
	for _, name := range names {
		hc := hashByName(name)
		t.Run(name, func(t *testing.T) {
			requireHMAC(t, hc)
			checked := 0
			for i, v := range vectors {
				wantHex, ok := v.want[name]
				if !ok {
					continue
				}
				want := mustHex(wantHex)
				for _, ctor := range []struct {
					kind string
					new  func() hash.Hash
				}{{"standard library constructor", hc.std}, {"compat constructor", hc.ours}} {
					m := NewHMAC(ctor.new, v.key)
					if m.Size() != hc.std().Size() || m.BlockSize() != hc.std().BlockSize() {
						t.Errorf("Size, BlockSize = %d, %d; want %d, %d", m.Size(), m.BlockSize(), hc.std().Size(), hc.std().BlockSize())
					}
					m.Write(v.data)
					got := m.Sum(nil)
					if len(got) != m.Size() {
						t.Fatalf("vector %d, %s: Sum returned %d bytes, Size is %d", i, ctor.kind, len(got), m.Size())
					}
					if diff := bytesDiff(want, got[:len(want)]); diff != "" {
						t.Errorf("vector %d, %s (-want +got):\n%s", i, ctor.kind, diff)
					}
					// The same after Reset, one byte at a time.
					m.Reset()
					for j := range v.data {
						m.Write(v.data[j : j+1])
					}
					if diff := bytesDiff(want, m.Sum(nil)[:len(want)]); diff != "" {
						t.Errorf("vector %d, %s, bytewise after Reset (-want +got):\n%s", i, ctor.kind, diff)
					}
				}
				checked++
			}
			if checked == 0 {
				t.Fatalf("no vector for %s", name)
			}
		})
	}
}

func TestHMACRFC4231(t *testing.T) {
	testMACVectors(t, rfc4231, "SHA-224", "SHA-256", "SHA-384", "SHA-512")
}

func TestHMACRFC2202(t *testing.T) {
	testMACVectors(t, rfc2202, "MD5", "SHA-1")
}

// TestHMACDifferential compares NewHMAC, with both kinds of constructor, to
// crypto/hmac on random keys of every length from 0 to 200 bytes (empty,
// shorter than, equal to and longer than the block) and random messages.
func TestHMACDifferential(t *testing.T) {
	forEachHMAC(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		keyLens := []int{hc.std().BlockSize() - 1, hc.std().BlockSize(), hc.std().BlockSize() + 1, 1000}
		for n := 0; n <= 200; n++ {
			keyLens = append(keyLens, n)
		}
		for _, kl := range keyLens {
			key := randBytes(r, kl)
			msg := randBytes(r, r.IntN(700))
			if kl%50 == 0 {
				msg = randBytes(r, 70000)
			}
			ref := hmac.New(hc.std, key)
			ref.Write(msg)
			want := ref.Sum(nil)

			withStd, withOurs := NewHMAC(hc.std, key), NewHMAC(hc.ours, key)
			for off := 0; off < len(msg); {
				c := chunkSize(r, len(msg)-off)
				withStd.Write(msg[off : off+c])
				withOurs.Write(msg[off : off+c])
				off += c
			}
			a, b := withStd.Sum(nil), withOurs.Sum(nil)
			if diff := bytesDiff(want, a); diff != "" {
				t.Fatalf("key %d bytes, message %d bytes, standard library constructor (-crypto/hmac +ours):\n%s", kl, len(msg), diff)
			}
			if diff := bytesDiff(a, b); diff != "" {
				t.Fatalf("key %d bytes, message %d bytes: the two constructors disagree (-std ctor +compat ctor):\n%s", kl, len(msg), diff)
			}
			// The key is copied: changing the caller's slice changes nothing.
			for i := range key {
				key[i] ^= 0xff
			}
			withStd.Reset()
			withStd.Write(msg)
			if diff := bytesDiff(want, withStd.Sum(nil)); diff != "" {
				t.Fatalf("key %d bytes: MAC changed after the caller modified the key slice (-want +got):\n%s", kl, diff)
			}
			// Sum appends to a non-empty b.
			prefix := []byte("prefix")
			if diff := bytesDiff(append(prefix, want...), withOurs.Sum([]byte("prefix"))); diff != "" {
				t.Fatalf("Sum(prefix) (-want +got):\n%s", diff)
			}
		}
	})
}

// TestHMACSequences drives NewHMAC and crypto/hmac through the same random
// sequences of Write, Sum, Reset and Clone.
func TestHMACSequences(t *testing.T) {
	forEachHMAC(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		for i := range 30 {
			key := randBytes(r, r.IntN(200))
			ctor := hc.std
			if i%2 == 1 {
				ctor = hc.ours
			}
			runHashOps(t, r, 25, NewHMAC(ctor, key), hmac.New(hc.std, key))
		}
	})
}

func TestHMACResetWriteSum(t *testing.T) {
	forEachHMAC(t, func(t *testing.T, hc hashCase) {
		key := []byte("a key of some length")
		mac := func(parts ...string) []byte {
			m := hmac.New(hc.std, key)
			for _, p := range parts {
				m.Write([]byte(p))
			}
			return m.Sum(nil)
		}
		long := string(bytes.Repeat([]byte("0123456789"), 100))
		m := NewHMAC(hc.std, key)
		// Sum with no input is the MAC of the empty message.
		if diff := bytesDiff(mac(), m.Sum(nil)); diff != "" {
			t.Errorf("fresh Sum (-want +got):\n%s", diff)
		}
		m.Write([]byte("hello"))
		if diff := bytesDiff(mac("hello"), m.Sum(nil)); diff != "" {
			t.Errorf("Sum after hello (-want +got):\n%s", diff)
		}
		// Sum does not change the state.
		m.Write([]byte(long))
		if diff := bytesDiff(mac("hello", long), m.Sum(nil)); diff != "" {
			t.Errorf("Sum after hello+long (-want +got):\n%s", diff)
		}
		// Reset with bytes handed to the fork, then a short message.
		m.Reset()
		if diff := bytesDiff(mac(), m.Sum(nil)); diff != "" {
			t.Errorf("Sum right after Reset (-want +got):\n%s", diff)
		}
		m.Write([]byte("x"))
		if diff := bytesDiff(mac("x"), m.Sum(nil)); diff != "" {
			t.Errorf("Sum after Reset+x (-want +got):\n%s", diff)
		}
		// Reset twice in a row, with only buffered bytes in between.
		m.Reset()
		m.Write([]byte("buffered"))
		m.Reset()
		m.Write([]byte(long))
		m.Write([]byte("tail"))
		if diff := bytesDiff(mac(long, "tail"), m.Sum(nil)); diff != "" {
			t.Errorf("after two Resets (-want +got):\n%s", diff)
		}
		// NewHMAC keeps its own copy of the key: changing the caller's slice
		// before the first Sum, or between Sums, changes nothing.
		for _, kl := range []int{0, 5, 64, 65, 200} {
			for _, msg := range []string{"short", long} {
				k := bytes.Repeat([]byte{0x5c}, kl)
				ref := hmac.New(hc.std, k)
				ref.Write([]byte(msg))
				want := ref.Sum(nil)
				m := NewHMAC(hc.std, k)
				clear(k)
				m.Write([]byte(msg))
				if diff := bytesDiff(want, m.Sum(nil)); diff != "" {
					t.Errorf("%d-byte key zeroed by the caller before the first Sum (-want +got):\n%s", kl, diff)
				}
				m.Reset()
				m.Write([]byte(msg))
				if diff := bytesDiff(want, m.Sum(nil)); diff != "" {
					t.Errorf("%d-byte key zeroed by the caller, second Sum (-want +got):\n%s", kl, diff)
				}
			}
		}
		// Many Reset/Write/Sum rounds, as a server reusing one MAC does.
		for i := range 50 {
			m.Reset()
			msg := fmt.Sprintf("message %d %s", i, long[:i*13])
			m.Write([]byte(msg))
			if diff := bytesDiff(mac(msg), m.Sum(nil)); diff != "" {
				t.Fatalf("round %d (-want +got):\n%s", i, diff)
			}
		}
	})
}

func TestHMACClone(t *testing.T) {
	forEachHMAC(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		key := randBytes(r, 37)
		mac := func(parts ...[]byte) []byte {
			m := hmac.New(hc.std, key)
			for _, p := range parts {
				m.Write(p)
			}
			return m.Sum(nil)
		}
		for _, n := range []int{0, 1, 100, 255, 256, 257, 1000, 9000} {
			a, b, c := randBytes(r, n), randBytes(r, r.IntN(600)), randBytes(r, r.IntN(600))
			orig := NewHMAC(hc.ours, key)
			orig.Write(a)
			cl, err := orig.(hash.Cloner).Clone()
			if err != nil {
				t.Fatalf("Clone after %d bytes: %v", n, err)
			}
			orig.Write(b)
			cl.Write(c)
			if diff := bytesDiff(mac(a, b), orig.Sum(nil)); diff != "" {
				t.Errorf("original after %d+%d bytes (-want +got):\n%s", n, len(b), diff)
			}
			if diff := bytesDiff(mac(a, c), cl.Sum(nil)); diff != "" {
				t.Errorf("clone after %d+%d bytes (-want +got):\n%s", n, len(c), diff)
			}
			// Resetting the clone leaves it keyed, and leaves the original alone.
			cl.Reset()
			cl.Write(b)
			if diff := bytesDiff(mac(b), cl.Sum(nil)); diff != "" {
				t.Errorf("clone after Reset (-want +got):\n%s", diff)
			}
			if diff := bytesDiff(mac(a, b), orig.Sum(nil)); diff != "" {
				t.Errorf("original after the clone's Reset (-want +got):\n%s", diff)
			}
			// A clone taken right after Reset.
			orig.Reset()
			cl2, err := orig.(hash.Cloner).Clone()
			if err != nil {
				t.Fatalf("Clone after Reset: %v", err)
			}
			orig.Write(a)
			cl2.Write(c)
			if diff := bytesDiff(mac(c), cl2.Sum(nil)); diff != "" {
				t.Errorf("clone taken after Reset (-want +got):\n%s", diff)
			}
			if diff := bytesDiff(mac(a), orig.Sum(nil)); diff != "" {
				t.Errorf("original after Reset and clone (-want +got):\n%s", diff)
			}
		}
	})
}

// customHash is a hash.Hash of a type no fork computes.
type customHash struct{ hash.Hash }

func newCustomHash() hash.Hash { return customHash{sha256.New()} }

func TestHMACUnknownHash(t *testing.T) {
	for _, c := range []struct {
		name string
		new  func() hash.Hash
	}{
		{"custom type wrapping sha256", newCustomHash},
		{"hash/fnv 64", func() hash.Hash { return fnv.New64() }},
		{"hash/crc32", func() hash.Hash { return crc32.NewIEEE() }},
	} {
		err := panicError(func() { NewHMAC(c.new, []byte("key")) })
		if err == nil {
			t.Errorf("NewHMAC(%s) did not panic", c.name)
			continue
		}
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("NewHMAC(%s) panicked with %v, want an error wrapping ErrUnsupported", c.name, err)
		}
		var e *Error
		if !errors.As(err, &e) || e.Fork != fork() {
			t.Errorf("NewHMAC(%s) panicked with %#v, want an *Error naming fork %q", c.name, err, fork())
		}
	}
}

// TestHMACCryptoHashNew: the method value crypto.SHA256.New is a common way
// to name the hash, and must be recognised like sha256.New.
func TestHMACCryptoHashNew(t *testing.T) {
	forEachHMAC(t, func(t *testing.T, hc hashCase) {
		if !hc.id.Available() {
			t.Fatalf("%v is not linked into the test binary", hc.id)
		}
		key, msg := []byte("key"), []byte("message")
		ref := hmac.New(hc.std, key)
		ref.Write(msg)
		m := NewHMAC(hc.id.New, key)
		m.Write(msg)
		if diff := bytesDiff(ref.Sum(nil), m.Sum(nil)); diff != "" {
			t.Errorf("NewHMAC(%v.New) (-crypto/hmac +ours):\n%s", hc.id, diff)
		}
	})
}

// TestHMACParallel runs separate MACs on many goroutines at once: the fork's
// per-thread and shared state must keep them apart.
func TestHMACParallel(t *testing.T) {
	forEachHMAC(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		msgs := make([][]byte, 16)
		for i := range msgs {
			msgs[i] = randBytes(r, 50+i*40) // both sides of the buffering threshold
		}
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Go(func() {
				key := []byte{byte(g)}
				ref := hmac.New(hc.std, key)
				ref.Write(msgs[g])
				want := ref.Sum(nil)
				for i := range 100 {
					m := NewHMAC(hc.std, key)
					m.Write(msgs[g])
					if got := m.Sum(nil); !bytes.Equal(got, want) {
						t.Errorf("goroutine %d, round %d: MAC %x, want %x", g, i, got, want)
						return
					}
				}
			})
		}
		wg.Wait()
	})
}

// TestHMACPerMessageKeys makes a new MAC per message while the key changes
// between messages in ways a remembered-key shortcut could miss: same
// length with one byte different, longer than any remembered key, empty.
func TestHMACPerMessageKeys(t *testing.T) {
	long := bytes.Repeat([]byte{7}, 300)
	keys := [][]byte{[]byte("secret-key-0001"), []byte("secret-key-0002"), []byte("secret-key-0001"), nil,
		long, append(bytes.Clone(long[:299]), 8), []byte("secret-key-0002"), {}}
	for round := range 3 {
		for i, key := range keys {
			msg := []byte{byte(round), byte(i)}
			ours := NewHMAC(sha256.New, key)
			ours.Write(msg)
			ref := hmac.New(sha256.New, key)
			ref.Write(msg)
			if got, want := ours.Sum(nil), ref.Sum(nil); !bytes.Equal(got, want) {
				t.Fatalf("round %d key %d: got %x, want %x", round, i, got, want)
			}
		}
	}
}
