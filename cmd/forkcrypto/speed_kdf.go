package main

import (
	"crypto/hkdf"
	"crypto/mlkem"
	"crypto/pbkdf2"
	"crypto/sha256"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// speedKDF adds the key-derivation and ML-KEM rows; an algorithm the fork
// lacks (or its FIPS module refuses) gets a row that says why.
func speedKDF(t *table) error {
	secret, salt := make([]byte, 32), make([]byte, 32)
	if _, err := compat.HKDFKey(sha256.New, secret, salt, "", 32); err != nil {
		t.unavailable("HKDF-SHA256", err)
	} else {
		t.row("HKDF-SHA256 32 B",
			each(func() error { _, err := compat.HKDFKey(sha256.New, secret, salt, "", 32); return err }),
			floor(shim.FloorHKDFSHA256, secret, salt),
			each(func() error { _, err := hkdf.Key(sha256.New, secret, salt, "", 32); return err }))
	}
	if _, err := compat.PBKDF2Key(sha256.New, "password", salt[:16], 1, 32); err != nil {
		t.unavailable("PBKDF2-HMAC-SHA256", err)
	} else {
		t.row("PBKDF2-HMAC-SHA256 10000 iterations",
			each(func() error { _, err := compat.PBKDF2Key(sha256.New, "password", salt[:16], 10000, 32); return err }),
			floor(shim.FloorPBKDF2SHA256, []byte("password"), salt[:16]),
			each(func() error { _, err := pbkdf2.Key(sha256.New, "password", salt[:16], 10000, 32); return err }))
	}

	seed := make([]byte, 64)
	dk, err := compat.NewDecapsulationKeyMLKEM768(seed)
	if err != nil {
		t.unavailable("ML-KEM-768", err)
		return nil
	}
	h, err := shim.KEMNew("speed", shim.MLKEM768, seed, nil)
	if err != nil {
		return err
	}
	defer shim.KEMFree(h)
	std, _ := mlkem.NewDecapsulationKey768(seed)
	_, ct := std.EncapsulationKey().Encapsulate()
	kemFloor := func(op int, k uintptr, in []byte) func(*testing.B) {
		return func(b *testing.B) {
			if !shim.KEMFloor(op, b.N, shim.MLKEM768, k, in) {
				b.Fatal("C loop failed")
			}
		}
	}
	t.row("ML-KEM-768 generate",
		each(func() error { _, err := compat.GenerateKeyMLKEM768(); return err }),
		kemFloor(shim.FloorKEMGenerate, 0, nil),
		each(func() error { _, err := mlkem.GenerateKey768(); return err }))
	t.row("ML-KEM-768 encapsulate",
		each(func() error { dk.EncapsulationKey().Encapsulate(); return nil }),
		kemFloor(shim.FloorKEMEncapsulate, h, nil),
		each(func() error { std.EncapsulationKey().Encapsulate(); return nil }))
	t.row("ML-KEM-768 decapsulate",
		each(func() error { _, err := dk.Decapsulate(ct); return err }),
		kemFloor(shim.FloorKEMDecapsulate, h, ct),
		each(func() error { _, err := std.Decapsulate(ct); return err }))
	return nil
}
