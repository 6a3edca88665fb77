//go:build !race && !asan

package compat_test

// TestSoak runs a few hundred thousand operations of every kind — keys
// imported and generated, AEADs and HMACs keyed, hashes, key agreements,
// signatures, and failures (bad keys, forged ciphertexts, refused inputs) —
// and checks that resident memory stays flat once warm: no C object leaks
// and no error queue grows. The race detector's and the address
// sanitizer's shadow memory grow on their own, so make test runs it in its
// own go test without them (-run '^TestSoak$'); -short skips it.

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/sha256"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// rss returns the process's resident memory in bytes, after collections
// that let the cleanups free the C objects of unreachable keys. runtime.GC
// returns before the cleanups it queued have run; a sentinel's own cleanup,
// queued last, tells that the queue has drained (on a loaded machine it can
// lag by thousands of keys).
func rss(t *testing.T) int64 {
	for range 3 {
		done := make(chan struct{})
		runtime.AddCleanup(new([64]byte), func(c chan struct{}) { close(c) }, done)
		runtime.GC()
		<-done
	}
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skipf("no /proc/self/statm: %v", err)
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if os.Getenv("FORKCRYPTO_SOAK") == "emulated" {
		t.Skip("an emulated arch runs the operations 7-10x slower: the soak runs on the native and amd64 legs")
	}
	key := bytes.Repeat([]byte{1}, 32)
	msg := bytes.Repeat([]byte{'m'}, 256)
	peer, _ := ecdh.P256().GenerateKey(nil)
	offCurve := append([]byte{4}, bytes.Repeat([]byte{1}, 64)...)
	ops := []func() error{
		func() error { compat.SHA256(msg); return nil },
		func() error {
			h := compat.NewSHA512()
			h.Write(msg)
			h.Sum(nil)
			return nil
		},
		func() error { // a fresh HMAC key each time
			m := compat.NewHMAC(sha256.New, append(key, byte(len(msg))))
			m.Write(msg)
			m.Sum(nil)
			return nil
		},
		func() error { // a fresh AEAD key, a seal, an open and a forged open
			a, err := compat.NewAESGCM(key)
			if err != nil {
				return err
			}
			nonce := make([]byte, 12)
			ct := a.Seal(nil, nonce, msg, nil)
			if _, err := a.Open(nil, nonce, ct, nil); err != nil {
				return err
			}
			ct[0] ^= 1
			a.Open(nil, nonce, ct, nil)
			return nil
		},
		func() error {
			k, err := compat.GenerateKeyECDH(ecdh.P256())
			if err != nil {
				return err
			}
			_, err = k.ECDH(peer.PublicKey())
			return err
		},
		func() error {
			k, err := compat.GenerateKeyECDSA(elliptic.P256())
			if err != nil {
				return err
			}
			d := sha256.Sum256(msg)
			sig, err := k.Sign(nil, d[:], crypto.SHA256)
			if err == nil {
				compat.VerifyECDSA(k.PublicKey(), d[:], sig)
			}
			return err
		},
		func() error {
			k, err := compat.GenerateKeyEd25519()
			if err == nil {
				_, err = k.Sign(nil, msg, crypto.Hash(0))
			}
			return err
		},
		func() error { // failures: the fork's error queue must be left empty each time
			compat.NewPublicKeyECDH(ecdh.P256(), offCurve)
			compat.HKDFKey(sha256.New, key, nil, "", 1<<20)
			compat.NewAESGCM(key[:7])
			return nil
		},
		func() error {
			_, err := compat.HKDFKey(sha256.New, key, key, "info", 32)
			return err
		},
	}
	if c := capabilityNamed(t, "ML-KEM-768"); c.Allowed {
		ops = append(ops, func() error {
			dk, err := compat.GenerateKeyMLKEM768()
			if err == nil {
				_, ct := dk.EncapsulationKey().Encapsulate()
				_, err = dk.Decapsulate(ct)
			}
			return err
		})
	}
	run := func(n int) {
		for i := range n {
			if err := ops[i%len(ops)](); err != nil {
				t.Fatalf("operation %d: %v", i%len(ops), err)
			}
		}
	}
	const round = 20_000
	run(2 * round) // warm-up: pools, caches, the allocator's arenas
	base := rss(t)
	samples := []int64{}
	for range 12 {
		run(round)
		samples = append(samples, rss(t))
	}
	// A leak grows resident memory round after round. Allocators move it up
	// and down by megabytes, and can climb for several rounds to a plateau
	// (LibreSSL: 40 to 58 MB over the first eight) or step it up once on a
	// loaded machine. So each group of four samples is compared with the one
	// before: the lowest of a group above the highest of the previous one,
	// and a leak is growth through both comparisons.
	rise := func(prev, next []int64) int64 { return slices.Min(next) - slices.Max(prev) }
	growth := min(rise(samples[:4], samples[4:8]), rise(samples[4:8], samples[8:]))
	t.Logf("%d operations on %s; resident memory after warm-up %d KiB, then %v KiB", 14*round, compat.Backend().Fork,
		base>>10, func() []int64 {
			var k []int64
			for _, s := range samples {
				k = append(k, s>>10)
			}
			return k
		}())
	// One leaked C object per operation adds megabytes per round: a leaked
	// EC key per key generation, 2.2 to 4.3 MB per round with AWS-LC.
	t.Logf("growth through both groups of four samples: %d KiB", growth>>10)
	if growth > 1<<20 {
		t.Errorf("resident memory kept growing: each group of four samples at least %d KiB above the one before", growth>>10)
	}
}
