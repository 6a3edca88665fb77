package compat_test

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"hash"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// Every benchmark runs the same operation four ways in one run, so that
// ratios are taken on the same machine at the same moment:
//
//	forkcrypto  this package
//	stdlib      the Go standard library
//	cfloor      a C loop calling the same library directly: one cgo call runs
//	            b.N operations, the floor a Go wrapper cannot beat
//	ccall       the same C, one cgo call per operation: the floor for any API
//	            that returns to Go after each operation
//	golangfips  github.com/golang-fips/openssl/v2 (OpenSSL legs only; it
//	            loads no other fork)

// golangFIPS holds golang-fips/openssl's implementations where it can run.
var golangFIPS *struct {
	sha256 func([]byte) [32]byte
	hmac   func(key []byte) hash.Hash
	gcm    func(key []byte) (cipher.AEAD, error)
	hkdf   func(secret, salt []byte, n int) ([]byte, error) // HKDF-SHA256, no info
	pbkdf2 func(password string, salt []byte, iter, n int) ([]byte, error)
}

func benchGolangFIPS(b *testing.B, f func(b *testing.B)) {
	b.Run("golangfips", func(b *testing.B) {
		if golangFIPS == nil {
			b.Skip("golang-fips/openssl loads only OpenSSL, not " + compat.Backend().Fork)
		}
		b.ReportAllocs()
		f(b)
	})
}

func benchFloor(b *testing.B, op int, in, key []byte) {
	b.Run("cfloor", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		if !shim.Floor(op, b.N, in, key) {
			b.Fatal("C loop failed")
		}
	})
	b.Run("ccall", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			if !shim.Floor(op, 1, in, key) {
				b.Fatal("C call failed")
			}
		}
	})
}

func BenchmarkSHA256(b *testing.B) {
	for _, size := range []int{64, 8192} {
		in := make([]byte, size)
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) {
			b.Run("forkcrypto", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(size))
				for b.Loop() {
					compat.SHA256(in)
				}
			})
			b.Run("stdlib", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(size))
				for b.Loop() {
					sha256.Sum256(in)
				}
			})
			benchFloor(b, shim.FloorSHA256, in, nil)
			benchGolangFIPS(b, func(b *testing.B) {
				b.SetBytes(int64(size))
				for b.Loop() {
					golangFIPS.sha256(in)
				}
			})
		})
	}
}

// BenchmarkSHA256Hash measures the hash.Hash path: Reset, Write, Sum.
func BenchmarkSHA256Hash(b *testing.B) {
	for _, size := range []int{64, 8192} {
		in := make([]byte, size)
		run := func(h hash.Hash) func(b *testing.B) {
			return func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(size))
				var sum [32]byte
				for b.Loop() {
					h.Reset()
					h.Write(in)
					h.Sum(sum[:0])
				}
			}
		}
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) {
			b.Run("forkcrypto", run(compat.NewSHA256()))
			b.Run("stdlib", run(sha256.New()))
			benchFloor(b, shim.FloorSHA256, in, nil)
		})
	}
}

func BenchmarkHMACSHA256(b *testing.B) {
	key := make([]byte, 32)
	msg := make([]byte, 64)
	run := func(h hash.Hash) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(msg)))
			var sum [32]byte
			for b.Loop() {
				h.Reset()
				h.Write(msg)
				h.Sum(sum[:0])
			}
		}
	}
	b.Run("64B", func(b *testing.B) {
		b.Run("forkcrypto", run(compat.NewHMAC(compat.NewSHA256, key)))
		b.Run("stdlib", run(hmac.New(sha256.New, key)))
		benchFloor(b, shim.FloorHMACSHA256, msg, key)
		benchGolangFIPS(b, func(b *testing.B) { run(golangFIPS.hmac(key))(b) })
	})
}

func BenchmarkAESGCMSeal(b *testing.B) {
	key := make([]byte, 32)
	nonce := make([]byte, 12)
	run := func(a cipher.AEAD, in []byte) func(b *testing.B) {
		return func(b *testing.B) {
			out := make([]byte, 0, len(in)+16)
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				a.Seal(out[:0], nonce, in, nil)
			}
		}
	}
	ours, err := compat.NewAESGCM(key)
	if err != nil {
		b.Fatal(err)
	}
	block, _ := aes.NewCipher(key)
	std, _ := cipher.NewGCM(block)
	for _, size := range []int{64, 8192} {
		in := make([]byte, size)
		b.Run(fmt.Sprintf("AES-256/%dB", size), func(b *testing.B) {
			b.Run("forkcrypto", run(ours, in))
			b.Run("stdlib", run(std, in))
			benchFloor(b, shim.FloorAESGCMSeal, in, key)
			benchGolangFIPS(b, func(b *testing.B) {
				a, err := golangFIPS.gcm(key)
				if err != nil {
					b.Fatal(err)
				}
				run(a, in)(b)
			})
		})
	}
}

// BenchmarkAESGCMSealParallel checks that one AEAD shared by all cores
// scales: no lock on the hot path.
func BenchmarkAESGCMSealParallel(b *testing.B) {
	key := make([]byte, 32)
	a, err := compat.NewAESGCM(key)
	if err != nil {
		b.Fatal(err)
	}
	in := make([]byte, 1024)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	b.RunParallel(func(pb *testing.PB) {
		nonce := make([]byte, 12)
		out := make([]byte, 0, len(in)+16)
		for pb.Next() {
			a.Seal(out[:0], nonce, in, nil)
		}
	})
}

// BenchmarkHMACSHA256PerMessage measures NewHMAC, Write, Sum per message:
// a token or webhook verifier that makes a new MAC per request, under one
// secret ("same key") or a different one each time ("new key").
func BenchmarkHMACSHA256PerMessage(b *testing.B) {
	msg := make([]byte, 64)
	run := func(newHMAC func([]byte) hash.Hash, rotate bool) func(b *testing.B) {
		return func(b *testing.B) {
			key := make([]byte, 32)
			b.ReportAllocs()
			b.SetBytes(int64(len(msg)))
			var sum [32]byte
			for b.Loop() {
				if rotate {
					key[0]++
				}
				h := newHMAC(key)
				h.Write(msg)
				h.Sum(sum[:0])
			}
		}
	}
	for _, c := range []struct {
		name   string
		rotate bool
	}{{"64B/same-key", false}, {"64B/new-key", true}} {
		b.Run(c.name, func(b *testing.B) {
			b.Run("forkcrypto", run(func(k []byte) hash.Hash { return compat.NewHMAC(compat.NewSHA256, k) }, c.rotate))
			b.Run("stdlib", run(func(k []byte) hash.Hash { return hmac.New(sha256.New, k) }, c.rotate))
			benchGolangFIPS(b, func(b *testing.B) { run(golangFIPS.hmac, c.rotate)(b) })
		})
	}
}
