package compat

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"sync"
	"testing"
)

var aesKeySizes = []int{16, 24, 32}

// FIPS 197 appendix C.1-C.3.
var fips197 = []struct {
	key, pt, ct string
}{
	{"000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a"},
	{"000102030405060708090a0b0c0d0e0f1011121314151617", "00112233445566778899aabbccddeeff", "dda97ca4864cdfe06eaf70a0ec0d7191"},
	{"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "00112233445566778899aabbccddeeff", "8ea2b7ca516745bfeafc49904b496089"},
}

func TestAESBlockKnownAnswers(t *testing.T) {
	requireAvailable(t, "AES (block)", func() error { _, err := NewAESCipher(make([]byte, 16)); return err })
	for _, v := range fips197 {
		key, pt, ct := mustHex(v.key), mustHex(v.pt), mustHex(v.ct)
		b, err := NewAESCipher(key)
		if err != nil {
			t.Fatalf("AES-%d: %v", len(key)*8, err)
		}
		if b.BlockSize() != 16 {
			t.Errorf("BlockSize = %d, want 16", b.BlockSize())
		}
		got := make([]byte, 16)
		b.Encrypt(got, pt)
		if diff := bytesDiff(ct, got); diff != "" {
			t.Errorf("AES-%d Encrypt (-want +got):\n%s", len(key)*8, diff)
		}
		b.Decrypt(got, ct)
		if diff := bytesDiff(pt, got); diff != "" {
			t.Errorf("AES-%d Decrypt (-want +got):\n%s", len(key)*8, diff)
		}
		// In place.
		buf := bytes.Clone(pt)
		b.Encrypt(buf, buf)
		if diff := bytesDiff(ct, buf); diff != "" {
			t.Errorf("AES-%d in-place Encrypt (-want +got):\n%s", len(key)*8, diff)
		}
		b.Decrypt(buf, buf)
		if diff := bytesDiff(pt, buf); diff != "" {
			t.Errorf("AES-%d in-place Decrypt (-want +got):\n%s", len(key)*8, diff)
		}
		// Only the first block of longer buffers is touched.
		long := append(bytes.Clone(pt), bytes.Repeat([]byte{7}, 20)...)
		out := bytes.Repeat([]byte{9}, 36)
		b.Encrypt(out, long)
		if diff := bytesDiff(append(bytes.Clone(ct), bytes.Repeat([]byte{9}, 20)...), out); diff != "" {
			t.Errorf("AES-%d Encrypt of a 36-byte buffer (-want +got):\n%s", len(key)*8, diff)
		}
	}
}

func TestAESBlockDifferential(t *testing.T) {
	requireAvailable(t, "AES (block)", func() error { _, err := NewAESCipher(make([]byte, 16)); return err })
	r := newRand(t)
	for _, ks := range aesKeySizes {
		for range 20 {
			key := randBytes(r, ks)
			ours, err := NewAESCipher(key)
			if err != nil {
				t.Fatal(err)
			}
			ref, _ := aes.NewCipher(key)
			for range 20 {
				src := randBytes(r, 16)
				want, got := make([]byte, 16), make([]byte, 16)
				ref.Encrypt(want, src)
				ours.Encrypt(got, src)
				if diff := bytesDiff(want, got); diff != "" {
					t.Fatalf("AES-%d Encrypt (-std +ours):\n%s", ks*8, diff)
				}
				ref.Decrypt(want, src)
				ours.Decrypt(got, src)
				if diff := bytesDiff(want, got); diff != "" {
					t.Fatalf("AES-%d Decrypt (-std +ours):\n%s", ks*8, diff)
				}
			}
		}
	}
}

func TestAESBlockPanics(t *testing.T) {
	requireAvailable(t, "AES (block)", func() error { _, err := NewAESCipher(make([]byte, 16)); return err })
	b, err := NewAESCipher(make([]byte, 16))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		fn   func(dst, src []byte)
	}{{"Encrypt", b.Encrypt}, {"Decrypt", b.Decrypt}} {
		expectPanic(t, f.name+" of a 15-byte src", func() { f.fn(make([]byte, 16), make([]byte, 15)) })
		expectPanic(t, f.name+" of an empty src", func() { f.fn(make([]byte, 16), nil) })
		expectPanic(t, f.name+" into a 15-byte dst", func() { f.fn(make([]byte, 15), make([]byte, 16)) })
		expectPanic(t, f.name+" into a nil dst", func() { f.fn(nil, make([]byte, 16)) })
		buf := make([]byte, 40)
		expectPanic(t, f.name+" with dst one byte past src", func() { f.fn(buf[1:17], buf[:16]) })
		expectPanic(t, f.name+" with dst 15 bytes before src", func() { f.fn(buf[:16], buf[15:31]) })
		// Disjoint neighbours are fine.
		if v, ok := panicValue(func() { f.fn(buf[16:32], buf[:16]) }); ok {
			t.Errorf("%s with adjacent buffers panicked: %v", f.name, v)
		}
	}
}

// TestAESBlockConcurrent uses one cipher.Block from many goroutines.
func TestAESBlockConcurrent(t *testing.T) {
	requireAvailable(t, "AES (block)", func() error { _, err := NewAESCipher(make([]byte, 16)); return err })
	r := newRand(t)
	key := randBytes(r, 32)
	ours, err := NewAESCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := aes.NewCipher(key)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			src := make([]byte, 16)
			want, got := make([]byte, 16), make([]byte, 16)
			for i := range 500 {
				src[0], src[1], src[2] = byte(g), byte(i), byte(i>>8)
				ref.Encrypt(want, src)
				ours.Encrypt(got, src)
				if !bytes.Equal(want, got) {
					t.Errorf("goroutine %d, block %d: Encrypt = %x, want %x", g, i, got, want)
					return
				}
				ours.Decrypt(got, got)
				if !bytes.Equal(src, got) {
					t.Errorf("goroutine %d, block %d: Decrypt did not invert Encrypt", g, i)
					return
				}
			}
		})
	}
	wg.Wait()
}

// ctrIVs includes counters about to carry across 32-, 64- and 128-bit
// boundaries.
func ctrIVs(r *testRand) [][]byte {
	return [][]byte{
		randBytes(r, 16),
		make([]byte, 16),
		mustHex("000102030405060708090a0bfffffffe"),
		mustHex("0001020304050607fffffffffffffffd"),
		mustHex("fffffffffffffffffffffffffffffffc"),
		mustHex("ffffffffffffffffffffffffffffffff"),
	}
}

func TestAESCTRDifferential(t *testing.T) {
	requireAvailable(t, "AES-CTR", func() error { _, err := NewAESCTR(make([]byte, 16), make([]byte, 16)); return err })
	r := newRand(t)
	for _, ks := range aesKeySizes {
		for _, iv := range ctrIVs(r) {
			for _, n := range []int{0, 1, 15, 16, 17, 100, 1000, 5000, 65536 + 7} {
				key, src := randBytes(r, ks), randBytes(r, n)
				block, _ := aes.NewCipher(key)
				want := make([]byte, n)
				cipher.NewCTR(block, iv).XORKeyStream(want, src)

				ours, err := NewAESCTR(key, iv)
				if err != nil {
					t.Fatal(err)
				}
				// Random chunks, mostly not block multiples.
				got := make([]byte, n)
				var chunks []int
				for off := 0; off < n; {
					c := min(n-off, r.IntN(50)+r.IntN(2)*r.IntN(3000))
					ours.XORKeyStream(got[off:off+c], src[off:off+c])
					chunks = append(chunks, c)
					off += c
				}
				if diff := bytesDiff(want, got); diff != "" {
					t.Fatalf("AES-%d-CTR, IV %x, %d bytes in chunks %v (-std +ours):\n%s", ks*8, iv, n, chunks, diff)
				}
				// In place, in one call, with a dst longer than src.
				ours, _ = NewAESCTR(key, iv)
				buf := append(bytes.Clone(src), 1, 2, 3)
				ours.XORKeyStream(buf, buf[:n])
				if diff := bytesDiff(append(bytes.Clone(want), 1, 2, 3), buf); diff != "" {
					t.Fatalf("AES-%d-CTR, IV %x, %d bytes in place (-want +got):\n%s", ks*8, iv, n, diff)
				}
			}
		}
	}
}

func TestAESCTRPanics(t *testing.T) {
	requireAvailable(t, "AES-CTR", func() error { _, err := NewAESCTR(make([]byte, 16), make([]byte, 16)); return err })
	s, err := NewAESCTR(make([]byte, 16), make([]byte, 16))
	if err != nil {
		t.Fatal(err)
	}
	expectPanic(t, "XORKeyStream into a shorter dst", func() { s.XORKeyStream(make([]byte, 9), make([]byte, 10)) })
	buf := make([]byte, 64)
	expectPanic(t, "XORKeyStream with dst one byte past src", func() { s.XORKeyStream(buf[1:33], buf[:32]) })
	if v, ok := panicValue(func() { s.XORKeyStream(nil, nil) }); ok {
		t.Errorf("XORKeyStream of nothing panicked: %v", v)
	}
}

func TestAESCBCDifferential(t *testing.T) {
	requireAvailable(t, "AES-CBC", func() error { _, err := NewAESCBCEncrypter(make([]byte, 16), make([]byte, 16)); return err })
	r := newRand(t)
	for _, ks := range aesKeySizes {
		for _, blocks := range []int{0, 1, 2, 3, 16, 17, 100, 4097} {
			key, iv, src := randBytes(r, ks), randBytes(r, 16), randBytes(r, blocks*16)
			block, _ := aes.NewCipher(key)
			want := make([]byte, len(src))
			cipher.NewCBCEncrypter(block, iv).CryptBlocks(want, src)

			enc, err := NewAESCBCEncrypter(key, iv)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := NewAESCBCDecrypter(key, iv)
			if err != nil {
				t.Fatal(err)
			}
			if enc.BlockSize() != 16 || dec.BlockSize() != 16 {
				t.Errorf("BlockSize = %d, %d; want 16", enc.BlockSize(), dec.BlockSize())
			}
			// Random block-multiple chunks: the chaining value carries over.
			got, back := make([]byte, len(src)), make([]byte, len(src))
			for off := 0; off < len(src); {
				c := min(len(src)-off, 16*r.IntN(20))
				enc.CryptBlocks(got[off:off+c], src[off:off+c])
				off += c
			}
			if diff := bytesDiff(want, got); diff != "" {
				t.Fatalf("AES-%d-CBC encrypt, %d blocks (-std +ours):\n%s", ks*8, blocks, diff)
			}
			for off := 0; off < len(src); {
				c := min(len(src)-off, 16*r.IntN(20))
				dec.CryptBlocks(back[off:off+c], got[off:off+c])
				off += c
			}
			if diff := bytesDiff(src, back); diff != "" {
				t.Fatalf("AES-%d-CBC decrypt, %d blocks (-want +got):\n%s", ks*8, blocks, diff)
			}
			// In place, both ways.
			enc, _ = NewAESCBCEncrypter(key, iv)
			dec, _ = NewAESCBCDecrypter(key, iv)
			buf := bytes.Clone(src)
			enc.CryptBlocks(buf, buf)
			if diff := bytesDiff(want, buf); diff != "" {
				t.Fatalf("AES-%d-CBC in-place encrypt, %d blocks (-want +got):\n%s", ks*8, blocks, diff)
			}
			dec.CryptBlocks(buf, buf)
			if diff := bytesDiff(src, buf); diff != "" {
				t.Fatalf("AES-%d-CBC in-place decrypt, %d blocks (-want +got):\n%s", ks*8, blocks, diff)
			}
		}
	}
}

func TestAESCBCPanics(t *testing.T) {
	requireAvailable(t, "AES-CBC", func() error { _, err := NewAESCBCEncrypter(make([]byte, 16), make([]byte, 16)); return err })
	for _, mk := range []struct {
		name string
		new  func(key, iv []byte) (cipher.BlockMode, error)
	}{{"encrypter", NewAESCBCEncrypter}, {"decrypter", NewAESCBCDecrypter}} {
		m, err := mk.new(make([]byte, 16), make([]byte, 16))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 15, 17, 31, 33} {
			expectPanic(t, fmt.Sprintf("CBC %s of %d bytes", mk.name, n), func() { m.CryptBlocks(make([]byte, 64), make([]byte, n)) })
		}
		expectPanic(t, "CBC "+mk.name+" into a shorter dst", func() { m.CryptBlocks(make([]byte, 16), make([]byte, 32)) })
		buf := make([]byte, 80)
		expectPanic(t, "CBC "+mk.name+" with dst 16 bytes past src", func() { m.CryptBlocks(buf[16:48], buf[:32]) })
		if v, ok := panicValue(func() { m.CryptBlocks(nil, nil) }); ok {
			t.Errorf("CBC %s of nothing panicked: %v", mk.name, v)
		}
	}
}

func TestAESInvalidKeyAndIV(t *testing.T) {
	goodIV := make([]byte, 16)
	check := func(what string, err error, valid bool) {
		t.Helper()
		if valid {
			return
		}
		if !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: %v, want an error wrapping ErrInvalidKey", what, err)
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.Fork != fork() {
			t.Errorf("%s: %#v is not an *Error naming the fork", what, err)
		}
	}
	validKey := func(n int) bool { return n == 16 || n == 24 || n == 32 }
	for n := 0; n <= 64; n++ {
		key := make([]byte, n)
		b, err := NewAESCipher(key)
		if !validKey(n) && b != nil {
			t.Errorf("NewAESCipher with a %d-byte key returned a cipher", n)
		}
		check(fmt.Sprintf("NewAESCipher, %d-byte key", n), err, validKey(n))
		s, err := NewAESCTR(key, goodIV)
		if !validKey(n) && s != nil {
			t.Errorf("NewAESCTR with a %d-byte key returned a stream", n)
		}
		check(fmt.Sprintf("NewAESCTR, %d-byte key", n), err, validKey(n))
		m, err := NewAESCBCEncrypter(key, goodIV)
		if !validKey(n) && m != nil {
			t.Errorf("NewAESCBCEncrypter with a %d-byte key returned a mode", n)
		}
		check(fmt.Sprintf("NewAESCBCEncrypter, %d-byte key", n), err, validKey(n))
		m, err = NewAESCBCDecrypter(key, goodIV)
		if !validKey(n) && m != nil {
			t.Errorf("NewAESCBCDecrypter with a %d-byte key returned a mode", n)
		}
		check(fmt.Sprintf("NewAESCBCDecrypter, %d-byte key", n), err, validKey(n))
	}
	for _, n := range []int{0, 1, 8, 12, 15, 17, 24, 32} {
		iv := make([]byte, n)
		for _, ks := range aesKeySizes {
			key := make([]byte, ks)
			_, err := NewAESCTR(key, iv)
			check(fmt.Sprintf("NewAESCTR, %d-byte IV", n), err, false)
			_, err = NewAESCBCEncrypter(key, iv)
			check(fmt.Sprintf("NewAESCBCEncrypter, %d-byte IV", n), err, false)
			_, err = NewAESCBCDecrypter(key, iv)
			check(fmt.Sprintf("NewAESCBCDecrypter, %d-byte IV", n), err, false)
		}
	}
	_, err := NewAESCTR(make([]byte, 16), nil)
	check("NewAESCTR, nil IV", err, false)
	_, err = NewAESCBCEncrypter(make([]byte, 16), nil)
	check("NewAESCBCEncrypter, nil IV", err, false)
	// Both wrong.
	_, err = NewAESCTR(make([]byte, 5), make([]byte, 5))
	check("NewAESCTR, bad key and IV", err, false)
}
