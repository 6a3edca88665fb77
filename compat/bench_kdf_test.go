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

func BenchmarkHKDFSHA256(b *testing.B) {
	secret, salt := make([]byte, 32), make([]byte, 32)
	b.Run("forkcrypto", func(b *testing.B) {
		benchRequire(b, "HKDF")
		loop(b, func() error { _, err := compat.HKDFKey(sha256.New, secret, salt, "", 32); return err })
	})
	b.Run("stdlib", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hkdf.Key(sha256.New, secret, salt, "", 32)
		}
	})
	benchGolangFIPS(b, func(b *testing.B) {
		for b.Loop() {
			if _, err := golangFIPS.hkdf(secret, salt, 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	benchFloor(b, shim.FloorHKDFSHA256, secret, salt)
}

func BenchmarkPBKDF2SHA256(b *testing.B) {
	const iter = 10000
	salt := make([]byte, 16)
	b.Run("forkcrypto", func(b *testing.B) {
		benchRequire(b, "PBKDF2")
		loop(b, func() error { _, err := compat.PBKDF2Key(sha256.New, "password", salt, iter, 32); return err })
	})
	b.Run("stdlib", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pbkdf2.Key(sha256.New, "password", salt, iter, 32)
		}
	})
	benchGolangFIPS(b, func(b *testing.B) {
		for b.Loop() {
			if _, err := golangFIPS.pbkdf2("password", salt, iter, 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	benchFloor(b, shim.FloorPBKDF2SHA256, []byte("password"), salt)
}

// benchRequire skips a benchmark of an algorithm the fork cannot run now.
func benchRequire(b *testing.B, name string) {
	if c := capabilityNamed(b, name); !c.Allowed {
		b.Skipf("%s is %s on %s", name, c.Status, compat.Backend().Fork)
	}
}

func BenchmarkMLKEM768(b *testing.B) {
	seed := make([]byte, 64)
	std, _ := mlkem.NewDecapsulationKey768(seed)
	_, stdCT := std.EncapsulationKey().Encapsulate()
	have := func(b *testing.B) { benchRequire(b, "ML-KEM-768") }
	b.Run("GenerateKey", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			have(b)
			loop(b, func() error { _, err := compat.GenerateKeyMLKEM768(); return err })
		})
		b.Run("stdlib", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				mlkem.GenerateKey768()
			}
		})
		kemFloor(b, have, shim.FloorKEMGenerate, nil, nil)
		keptKeys(b, have, func() (uintptr, error) { return shim.KEMGenerate("bench", shim.MLKEM768) }, shim.KEMFree)
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
			loop(b, func() error { _, err := dk.Decapsulate(stdCT); return err })
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
