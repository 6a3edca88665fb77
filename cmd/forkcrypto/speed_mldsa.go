package main

import (
	"bytes"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// mldsaStdlib holds crypto/mldsa's ML-DSA-65 rows, by operation, where the
// toolchain has it (Go 1.27, speed_mldsa_go127.go).
var mldsaStdlib map[string]func(seed, msg []byte) func(*testing.B)

// speedMLDSA adds the ML-DSA-65 rows; a fork without ML-DSA (or whose FIPS
// module refuses it) gets a row that says why.
func speedMLDSA(t *table) error {
	seed := bytes.Repeat([]byte{7}, compat.MLDSAPrivateKeySize)
	msg := bytes.Repeat([]byte{'m'}, 1024)
	sk, err := compat.NewPrivateKeyMLDSA(compat.MLDSA65(), seed)
	if err != nil {
		t.unavailable("ML-DSA-65", err)
		return nil
	}
	sig, err := sk.Sign(nil, msg, nil)
	if err != nil {
		return err
	}
	h, err := shim.SigNew("speed", shim.MLDSA65, seed, nil)
	if err != nil {
		return err
	}
	defer shim.SigFree(h)
	sigFloor := func(op int, k uintptr, in, aux []byte) func(*testing.B) {
		return func(b *testing.B) {
			if !shim.SigFloor(op, b.N, shim.MLDSA65, k, in, aux) {
				b.Fatal("C loop failed")
			}
		}
	}
	std := func(op string) func(*testing.B) {
		if mldsaStdlib == nil {
			return nil
		}
		return mldsaStdlib[op](seed, msg)
	}
	pub := sk.PublicKey().Bytes()
	t.row("ML-DSA-65 generate",
		each(func() error { _, err := compat.GenerateKeyMLDSA(compat.MLDSA65()); return err }),
		sigFloor(shim.FloorSigGenerate, 0, nil, nil), std("generate"))
	t.row("ML-DSA-65 sign 1 KiB",
		each(func() error { _, err := sk.Sign(nil, msg, nil); return err }),
		sigFloor(shim.FloorSigSign, h, msg, nil), std("sign"))
	t.row("ML-DSA-65 verify 1 KiB",
		each(func() error { return compat.VerifyMLDSA(sk.PublicKey(), msg, sig, nil) }),
		sigFloor(shim.FloorSigVerify, h, msg, sig), std("verify"))
	t.row("ML-DSA-65 public key import",
		each(func() error { _, err := compat.NewPublicKeyMLDSA(compat.MLDSA65(), pub); return err }),
		sigFloor(shim.FloorSigImportPublic, 0, pub, nil), std("import"))
	return nil
}
