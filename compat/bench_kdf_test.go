package compat_test

import (
	"crypto/hkdf"
	"crypto/mlkem"
	"crypto/pbkdf2"
	"crypto/sha256"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// Key derivation and ML-KEM beside the standard library, golang-fips/openssl
// (OpenSSL legs) and the C floor, as the other benchmarks.

// golangFIPSKDF holds golang-fips/openssl's KDFs where it can run.
var golangFIPSKDF *struct {
	hkdf   func(secret, salt []byte, n int) ([]byte, error)
	pbkdf2 func(password string, salt []byte, iter, n int) ([]byte, error)
}

func BenchmarkHKDFSHA256(b *testing.B) {
	secret, salt := make([]byte, 32), make([]byte, 32)
	b.Run("forkcrypto", func(b *testing.B) {
		requireKDF(b, "HKDF")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := compat.HKDFKey(sha256.New, secret, salt, "", 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stdlib", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hkdf.Key(sha256.New, secret, salt, "", 32)
		}
	})
	b.Run("golangfips", func(b *testing.B) {
		if golangFIPSKDF == nil {
			b.Skip("golang-fips/openssl loads only OpenSSL, not " + compat.Backend().Fork)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := golangFIPSKDF.hkdf(secret, salt, 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	kdfFloor(b, "HKDF", shim.FloorHKDFSHA256, secret, salt)
}

func BenchmarkPBKDF2SHA256(b *testing.B) {
	const iter = 10000
	salt := make([]byte, 16)
	b.Run("forkcrypto", func(b *testing.B) {
		requireKDF(b, "PBKDF2")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := compat.PBKDF2Key(sha256.New, "password", salt, iter, 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stdlib", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pbkdf2.Key(sha256.New, "password", salt, iter, 32)
		}
	})
	b.Run("golangfips", func(b *testing.B) {
		if golangFIPSKDF == nil {
			b.Skip("golang-fips/openssl loads only OpenSSL, not " + compat.Backend().Fork)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := golangFIPSKDF.pbkdf2("password", salt, iter, 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	kdfFloor(b, "PBKDF2", shim.FloorPBKDF2SHA256, []byte("password"), salt)
}

func requireKDF(b *testing.B, name string) {
	if c := capabilityNamed(b, name); !c.Allowed {
		b.Skipf("%s is %s on %s", name, c.Status, compat.Backend().Fork)
	}
}

func kdfFloor(b *testing.B, name string, op int, in, key []byte) {
	b.Run("cfloor", func(b *testing.B) {
		requireKDF(b, name)
		if !shim.Floor(op, b.N, in, key) {
			b.Fatal("C loop failed")
		}
	})
	b.Run("ccall", func(b *testing.B) {
		requireKDF(b, name)
		for b.Loop() {
			if !shim.Floor(op, 1, in, key) {
				b.Fatal("C call failed")
			}
		}
	})
}

func BenchmarkMLKEM768(b *testing.B) {
	seed := make([]byte, 64)
	std, _ := mlkem.NewDecapsulationKey768(seed)
	_, stdCT := std.EncapsulationKey().Encapsulate()
	have := func(b *testing.B) {
		if c := capabilityNamed(b, "ML-KEM-768"); !c.Allowed {
			b.Skipf("ML-KEM-768 is %s on %s", c.Status, compat.Backend().Fork)
		}
	}
	b.Run("GenerateKey", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			have(b)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := compat.GenerateKeyMLKEM768(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("stdlib", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				mlkem.GenerateKey768()
			}
		})
		kemFloor(b, have, shim.FloorKEMGenerate, nil, nil)
	})
	b.Run("Encapsulate", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			have(b)
			dk, _ := compat.NewDecapsulationKeyMLKEM768(seed)
			ek := dk.EncapsulationKey()
			b.ReportAllocs()
			for b.Loop() {
				ek.Encapsulate()
			}
		})
		b.Run("stdlib", func(b *testing.B) {
			ek := std.EncapsulationKey()
			b.ReportAllocs()
			for b.Loop() {
				ek.Encapsulate()
			}
		})
		kemFloor(b, have, shim.FloorKEMEncapsulate, seed, nil)
	})
	b.Run("Decapsulate", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			have(b)
			dk, _ := compat.NewDecapsulationKeyMLKEM768(seed)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := dk.Decapsulate(stdCT); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("stdlib", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				std.Decapsulate(stdCT)
			}
		})
		kemFloor(b, have, shim.FloorKEMDecapsulate, seed, stdCT)
	})
}

// kemFloor runs the fork's ML-KEM-768 loop on the key of seed (none for
// key generation).
func kemFloor(b *testing.B, have func(*testing.B), op int, seed, in []byte) {
	run := func(b *testing.B, perCall bool) {
		have(b)
		var k uintptr
		if seed != nil {
			var err error
			if k, err = shim.KEMNew("bench", shim.MLKEM768, seed, nil); err != nil {
				b.Fatal(err)
			}
			defer shim.KEMFree(k)
		}
		if !perCall {
			if !shim.KEMFloor(op, b.N, shim.MLKEM768, k, in) {
				b.Fatal("C loop failed")
			}
			return
		}
		for b.Loop() {
			if !shim.KEMFloor(op, 1, shim.MLKEM768, k, in) {
				b.Fatal("C call failed")
			}
		}
	}
	b.Run("cfloor", func(b *testing.B) { run(b, false) })
	b.Run("ccall", func(b *testing.B) { run(b, true) })
}
