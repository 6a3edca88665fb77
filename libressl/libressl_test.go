//go:build libressl

package libressl_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding"
	"encoding/binary"
	"hash"
	"sync"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// LibreSSL keeps the length in bits as two halves (Nl, Nh); the standard
// library keeps bytes. States past 2^29 and 2^32 bytes, where Nh matters,
// must survive the translation both ways.
func TestStateLengthHalves(t *testing.T) {
	for _, c := range []struct {
		name      string
		ours, std func() hash.Hash
		block     uint64
	}{
		{"MD5", compat.NewMD5, md5.New, 64},
		{"SHA-1", compat.NewSHA1, sha1.New, 64},
		{"SHA-224", compat.NewSHA224, sha256.New224, 64},
		{"SHA-256", compat.NewSHA256, sha256.New, 64},
		{"SHA-384", compat.NewSHA384, sha512.New384, 128},
		{"SHA-512", compat.NewSHA512, sha512.New, 128},
		{"SHA-512/224", compat.NewSHA512_224, sha512.New512_224, 128},
		{"SHA-512/256", compat.NewSHA512_256, sha512.New512_256, 128},
	} {
		for _, size := range []uint64{1 << 29, 1<<32 + 7, 0x123456789abc} {
			std := c.std()
			std.Write([]byte("0123456789"))
			state, err := std.(encoding.BinaryMarshaler).MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			// Pretend size bytes went in before the buffered ten.
			binary.BigEndian.PutUint64(state[len(state)-8:], size-size%c.block+10)
			if err := std.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
				t.Fatal(err)
			}
			ours := c.ours()
			if err := ours.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
				t.Fatalf("%s: UnmarshalBinary: %v", c.name, err)
			}
			if got, _ := ours.(encoding.BinaryMarshaler).MarshalBinary(); !bytes.Equal(got, state) {
				t.Errorf("%s, %#x bytes: state changed in the round trip", c.name, size)
			}
			more := bytes.Repeat([]byte{7}, 300)
			std.Write(more)
			ours.Write(more)
			if !bytes.Equal(ours.Sum(nil), std.Sum(nil)) {
				t.Errorf("%s, %#x bytes: Sum differs from the standard library", c.name, size)
			}
			want, _ := std.(encoding.BinaryMarshaler).MarshalBinary()
			if got, _ := ours.(encoding.BinaryMarshaler).MarshalBinary(); !bytes.Equal(got, want) {
				t.Errorf("%s, %#x bytes: MarshalBinary differs from the standard library", c.name, size)
			}
		}
	}
}

// LibreSSL has no AES-192-GCM EVP_AEAD, so that key size alone runs on an
// EVP_CIPHER with a context per goroutine. Exercise it from many at once.
func TestAESGCM192Concurrent(t *testing.T) {
	key := bytes.Repeat([]byte{0x5a}, 24)
	ours, err := compat.NewAESGCM(key)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(key)
	std, _ := cipher.NewGCM(block)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			nonce := make([]byte, 12)
			nonce[0] = byte(g)
			for _, n := range []int{0, 1, 16, 100, 4097} {
				pt, ad := bytes.Repeat([]byte{byte(n)}, n), []byte("ad")
				ct := ours.Seal(nil, nonce, pt, ad)
				if want := std.Seal(nil, nonce, pt, ad); !bytes.Equal(ct, want) {
					t.Errorf("Seal of %d bytes differs from the standard library", n)
					return
				}
				if got, err := ours.Open(ct[:0], nonce, ct, ad); err != nil || !bytes.Equal(got, pt) {
					t.Errorf("in-place Open of %d bytes: %v", n, err)
					return
				}
				ct = ours.Seal(nil, nonce, pt, ad)
				ct[len(ct)-1] ^= 1
				if _, err := ours.Open(nil, nonce, ct, ad); err == nil {
					t.Errorf("Open accepted a forged tag")
					return
				}
			}
		})
	}
	wg.Wait()
}
