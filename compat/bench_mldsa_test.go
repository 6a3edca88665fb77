package compat_test

import (
	"bytes"
	"testing"

	circl65 "github.com/cloudflare/circl/sign/mldsa/mldsa65"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// ML-DSA-65 beside the fork's C loop and, built with Go 1.27, crypto/mldsa
// (bench_mldsa_go127_test.go fills stdMLDSA65Bench).

// stdMLDSA65Bench holds crypto/mldsa's side of each benchmark, by name.
var stdMLDSA65Bench map[string]func(b *testing.B, seed, msg []byte, spkis [][]byte)

func BenchmarkMLDSA65(b *testing.B) {
	seed := bytes.Repeat([]byte{7}, compat.MLDSAPrivateKeySize)
	msg := bytes.Repeat([]byte{'m'}, 1024)
	// Distinct public keys, more than compat's SPKI cache holds, so that
	// every parse is cold; and their raw encodings.
	var spkis, raws [][]byte
	for i := range 512 {
		var s [32]byte
		s[0], s[1] = byte(i), byte(i>>8)
		pub, _ := circl65.NewKeyFromSeed(&s)
		raw, _ := pub.MarshalBinary()
		raws = append(raws, raw)
	}
	have := func(b *testing.B) { benchRequire(b, "ML-DSA-65") }
	std := func(b *testing.B, name string) {
		b.Run("stdlib", func(b *testing.B) {
			if stdMLDSA65Bench == nil {
				b.Skip("crypto/mldsa needs Go 1.27")
			}
			b.ReportAllocs()
			stdMLDSA65Bench[name](b, seed, msg, spkis)
		})
	}
	b.Run("GenerateKey", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			have(b)
			loop(b, func() error { _, err := compat.GenerateKeyMLDSA(compat.MLDSA65()); return err })
		})
		std(b, "GenerateKey")
		sigFloor(b, have, shim.FloorSigGenerate, nil, nil, nil)
		keptKeys(b, have, func() (uintptr, error) { return shim.SigGenerate("bench", shim.MLDSA65) }, shim.SigFree)
	})
	b.Run("Sign", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			have(b)
			sk, _ := compat.NewPrivateKeyMLDSA(compat.MLDSA65(), seed)
			loop(b, func() error { _, err := sk.Sign(nil, msg, nil); return err })
		})
		std(b, "Sign")
		sigFloor(b, have, shim.FloorSigSign, seed, msg, nil)
	})
	b.Run("Verify", func(b *testing.B) {
		var sig []byte
		b.Run("forkcrypto", func(b *testing.B) {
			have(b)
			sk, _ := compat.NewPrivateKeyMLDSA(compat.MLDSA65(), seed)
			sig, _ = sk.Sign(nil, msg, nil)
			pub := sk.PublicKey()
			loop(b, func() error { return compat.VerifyMLDSA(pub, msg, sig, nil) })
		})
		std(b, "Verify")
		sigFloor(b, have, shim.FloorSigVerify, seed, msg, sig)
	})
	// A public key made ready to verify: from its SubjectPublicKeyInfo (Go
	// parsing, then the fork's import), from its raw encoding, and the
	// fork's raw import alone in C.
	b.Run("LoadSPKI", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			have(b)
			if spkis == nil {
				for _, raw := range raws {
					pub, err := compat.NewPublicKeyMLDSA(compat.MLDSA65(), raw)
					if err != nil {
						b.Fatal(err)
					}
					der, _ := compat.MarshalPKIXPublicKey(pub)
					spkis = append(spkis, der)
				}
			}
			i := 0
			loop(b, func() error {
				i++
				_, err := compat.ParsePKIXPublicKey(spkis[i%len(spkis)])
				return err
			})
		})
		std(b, "LoadSPKI")
		b.Run("forkcrypto-raw", func(b *testing.B) {
			have(b)
			i := 0
			loop(b, func() error {
				i++
				_, err := compat.NewPublicKeyMLDSA(compat.MLDSA65(), raws[i%len(raws)])
				return err
			})
		})
		sigFloor(b, have, shim.FloorSigImportPublic, nil, raws[0], nil)
		i := 0
		keptKeys(b, have, func() (uintptr, error) {
			i++
			return shim.SigNew("bench", shim.MLDSA65, nil, raws[i%len(raws)])
		}, shim.SigFree)
	})
}

// sigFloor runs the fork's ML-DSA-65 loop on the key of seed (none for key
// generation and public import), once as one C loop and once entered per
// operation.
func sigFloor(b *testing.B, have func(*testing.B), op int, seed, in, aux []byte) {
	run := func(b *testing.B, perCall bool) {
		have(b)
		var k uintptr
		if seed != nil {
			var err error
			if k, err = shim.SigNew("bench", shim.MLDSA65, seed, nil); err != nil {
				b.Fatal(err)
			}
			defer shim.SigFree(k)
		}
		if op == shim.FloorSigVerify && aux == nil {
			b.Fatal("no signature to verify: run the forkcrypto sub-benchmark first")
		}
		if !perCall {
			if !shim.SigFloor(op, b.N, shim.MLDSA65, k, in, aux) {
				b.Fatal("C loop failed")
			}
			return
		}
		for b.Loop() {
			if !shim.SigFloor(op, 1, shim.MLDSA65, k, in, aux) {
				b.Fatal("C call failed")
			}
		}
	}
	b.Run("cfloor", func(b *testing.B) { run(b, false) })
	b.Run("ccall", func(b *testing.B) { run(b, true) })
}
