package compat_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"math/big"
	mrand "math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// Key loading and generation, each beside the standard library, golang-fips/openssl (which
// has no parser: crypto/x509 parses, then it imports) and C loops on the fork: pkey_new with
// the parts (cfloor), the fork's own DER decoder (d2i), and for EC keys one fixed-base scalar
// multiplication (mulbase), which an import must pay to derive the public point.

var loadKeys = sync.OnceValue(func() (k struct {
	rsa4096    *rsa.PrivateKey
	p256, p384 *ecdsa.PrivateKey
	rsaSPKIs   [][]byte // distinct RSA-2048 public keys, past any cache
}) {
	k.rsa4096, _ = rsa.GenerateKey(rand.Reader, 4096)
	k.p256, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	k.p384, _ = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	// A public key needs no factors: random odd 2048-bit moduli import like real ones.
	for range 1024 {
		n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 2047))
		n.SetBit(n, 2047, 1).SetBit(n, 0, 1)
		der, _ := x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: n, E: 65537})
		k.rsaSPKIs = append(k.rsaSPKIs, der)
	}
	return k
})

// BenchmarkLoadPKCS8 measures a PKCS #8 private key becoming a key ready to sign with.
func BenchmarkLoadPKCS8(b *testing.B) {
	lk := loadKeys()
	for _, c := range []struct {
		name  string
		key   crypto.Signer
		kind  int
		parts shim.Parts
	}{
		{"RSA2048", bk.rsa, shim.RSA, rsaParts(bk.rsa)},
		{"RSA4096", lk.rsa4096, shim.RSA, rsaParts(lk.rsa4096)},
		{"P256", lk.p256, shim.P256, shim.Parts{shim.PartPriv: ecParts(lk.p256)[shim.PartPriv]}},
		{"P384", lk.p384, shim.P384, shim.Parts{shim.PartPriv: ecParts(lk.p384)[shim.PartPriv]}},
	} {
		der, err := x509.MarshalPKCS8PrivateKey(c.key)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.Run("forkcrypto", func(b *testing.B) {
				loop(b, func() error { _, err := compat.ParsePKCS8PrivateKey(der); return err })
			})
			b.Run("stdlib", func(b *testing.B) {
				loop(b, func() error { _, err := x509.ParsePKCS8PrivateKey(der); return err })
			})
			cLoop(b, "cfloor", shim.FloorImportPrivate, c.kind, 0, shim.PKeyFloorPack(&c.parts), nil)
			keptLoop(b, c.kind, c.parts)
			cLoop(b, "d2i", shim.FloorD2IPrivate, 0, 0, der, nil)
			if c.kind != shim.RSA {
				cLoop(b, "mulbase", shim.FloorECMulBase, c.kind, 0, c.parts[shim.PartPriv], nil)
			}
			benchGF(b, func(gf *gfOps) func() error { return func() error { return gf.loadPKCS8(der) } })
		})
	}
}

// BenchmarkLoadRSA2048SPKI measures an RSA SubjectPublicKeyInfo becoming a key ready to
// verify with: "cold" cycles through 1024 distinct keys, more than the cache holds, as a
// certificate verifier meets them; "warm" loads one key again and again.
func BenchmarkLoadRSA2048SPKI(b *testing.B) {
	spkis := loadKeys().rsaSPKIs
	i := 0
	next := func() []byte { i = (i + 1) % len(spkis); return spkis[i] }
	pub, err := x509.ParsePKIXPublicKey(spkis[0])
	if err != nil {
		b.Fatal(err)
	}
	n := pub.(*rsa.PublicKey).N.Bytes()
	b.Run("cold", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			loop(b, func() error { _, err := compat.ParsePKIXPublicKey(next()); return err })
		})
		b.Run("stdlib", func(b *testing.B) {
			loop(b, func() error { _, err := x509.ParsePKIXPublicKey(next()); return err })
		})
		cLoop(b, "cfloor", shim.FloorImportPublic, shim.RSA, shim.PadNone, n, []byte{1, 0, 1})
		keptLoop(b, shim.RSA, shim.Parts{shim.PartPub: n, shim.PartE: []byte{1, 0, 1}})
		cLoop(b, "d2i", shim.FloorD2IPubkey, 0, 0, spkis[0], nil)
		b.Run("golangfips", func(b *testing.B) {
			if gfPKey == nil {
				gfSkip(b)
			}
			loop(b, func() error { return gfPKey.loadRSASPKI(next()) })
		})
	})
	b.Run("warm", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			loop(b, func() error { _, err := compat.ParsePKIXPublicKey(spkis[0]); return err })
		})
	})
}

// BenchmarkGenerateKey measures key generation; cfloor is the fork's pkey_generate in a C loop,
// ckept the same called from Go keeping the keys (keptKeys).
func BenchmarkGenerateKey(b *testing.B) {
	for _, bits := range []int{2048, 3072} {
		b.Run("RSA"+strconv.Itoa(bits), func(b *testing.B) {
			b.Run("forkcrypto", func(b *testing.B) {
				loop(b, func() error { _, err := compat.GenerateKeyRSA(bits); return err })
			})
			b.Run("stdlib", func(b *testing.B) {
				loop(b, func() error { _, err := rsa.GenerateKey(rand.Reader, bits); return err })
			})
			cLoop(b, "cfloor", shim.FloorGenerate, shim.RSA, bits, nil, nil)
			keptKeys(b, nil, func() (uintptr, error) { return shim.PKeyGenerate("bench", shim.RSA, bits) }, shim.PKeyFree)
			benchGF(b, func(gf *gfOps) func() error { return func() error { return gf.generateRSA(bits) } })
		})
	}
	b.Run("P256", func(b *testing.B) {
		b.Run("forkcrypto", func(b *testing.B) {
			loop(b, func() error { _, err := compat.GenerateKeyECDSA(elliptic.P256()); return err })
		})
		b.Run("stdlib", func(b *testing.B) {
			loop(b, func() error { _, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader); return err })
		})
		cLoop(b, "cfloor", shim.FloorGenerate, shim.P256, 0, nil, nil)
		keptKeys(b, nil, func() (uintptr, error) { return shim.PKeyGenerate("bench", shim.P256, 0) }, shim.PKeyFree)
		benchGF(b, func(gf *gfOps) func() error { return gf.generateP256 })
	})
}

// BenchmarkThroughput runs each operation on one goroutine (serial) and on every
// core (parallel, RunParallel): serial ns/op divided by parallel ns/op is the
// speed-up over one core. Beside forkcrypto, the fork's own C loop on the same
// key (cfloor) shows how far the fork and the machine scale, and the same C
// entered once per operation from Go (ccall) how far any cgo call scales, so
// that what forkcrypto loses beyond ccall is its own.
func BenchmarkThroughput(b *testing.B) {
	rsaKey, err := compat.NewRSAPrivateKey(bk.rsa)
	if err != nil {
		b.Fatal(err)
	}
	ecKey, err := compat.NewECDSAPrivateKey(bk.ecdsa)
	if err != nil {
		b.Fatal(err)
	}
	rsaPub, ecPub := rsaKey.PublicKey(), ecKey.PublicKey()
	rsaH, ecH := floorKey(b, shim.RSA, rsaParts(bk.rsa)), floorKey(b, shim.P256, ecParts(bk.ecdsa))
	spkis := loadKeys().rsaSPKIs
	ops := []struct {
		name  string
		op    func(i int) error
		floor func(iters int) bool
	}{
		{"RSA2048Sign",
			func(int) error { _, err := rsaKey.Sign(nil, bk.digest[:], crypto.SHA256); return err },
			func(n int) bool {
				return shim.PKeyFloor(shim.FloorSign, n, rsaH, shim.SHA256, shim.PadPKCS1, bk.digest[:], nil)
			}},
		{"RSA2048Verify",
			func(int) error { return compat.VerifyPKCS1v15(rsaPub, crypto.SHA256, bk.digest[:], bk.rsaSig) },
			func(n int) bool {
				return shim.PKeyFloor(shim.FloorVerify, n, rsaH, shim.SHA256, shim.PadPKCS1, bk.digest[:], bk.rsaSig)
			}},
		{"ECDSAP256Sign",
			func(int) error { _, err := ecKey.Sign(nil, bk.digest[:], nil); return err },
			func(n int) bool { return shim.PKeyFloor(shim.FloorSign, n, ecH, 0, shim.PadNone, bk.digest[:], nil) }},
		{"ECDSAP256Verify",
			func(int) error { return ok(compat.VerifyECDSA(ecPub, bk.digest[:], bk.ecdsaSig)) },
			func(n int) bool {
				return shim.PKeyFloor(shim.FloorVerify, n, ecH, 0, shim.PadNone, bk.digest[:], bk.ecdsaSig)
			}},
		{"LoadRSA2048SPKICold",
			func(i int) error { _, err := compat.ParsePKIXPublicKey(spkis[i%len(spkis)]); return err },
			func(n int) bool {
				return shim.PKeyFloor(shim.FloorImportPublic, n, 0, shim.RSA, shim.PadNone, bk.rsa.N.Bytes(), []byte{1, 0, 1})
			}},
	}
	for _, o := range ops {
		b.Run(o.name, func(b *testing.B) {
			b.Run("serial", func(b *testing.B) {
				b.Run("forkcrypto", func(b *testing.B) {
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						if err := o.op(i); err != nil {
							b.Fatal(err)
						}
						i++
					}
				})
				b.Run("cfloor", func(b *testing.B) {
					if !o.floor(b.N) {
						b.Fatal("C loop failed")
					}
				})
				b.Run("ccall", func(b *testing.B) {
					for b.Loop() {
						if !o.floor(1) {
							b.Fatal("C call failed")
						}
					}
				})
			})
			b.Run("parallel", func(b *testing.B) {
				b.Run("forkcrypto", func(b *testing.B) {
					b.ReportAllocs()
					b.RunParallel(func(pb *testing.PB) {
						// Each goroutine starts elsewhere in the key list, so cold loads stay cold.
						i := mrand.IntN(len(spkis))
						for pb.Next() {
							if err := o.op(i); err != nil {
								b.Error(err)
								return
							}
							i++
						}
					})
				})
				b.Run("ccall", func(b *testing.B) {
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if !o.floor(1) {
								b.Error("C call failed")
								return
							}
						}
					})
				})
				// One C loop per core, sharing b.N.
				b.Run("cfloor", func(b *testing.B) {
					procs := runtime.GOMAXPROCS(0)
					var wg sync.WaitGroup
					for g := range procs {
						n := b.N / procs
						if g < b.N%procs {
							n++
						}
						wg.Go(func() {
							if !o.floor(n) {
								b.Error("C loop failed")
							}
						})
					}
					wg.Wait()
				})
			})
		})
	}
}

// keptLoop imports the parts with one cgo call each and keeps the last 1,024 keys
// before freeing them together, as a program keeps the keys it loads: the fork
// then allocates memory the last free did not just warm, which cfloor's
// import-then-free loop always reuses. What forkcrypto costs beyond ckept is
// its own (parsing, the Go objects, the runtime cleanup that frees the key).
func keptLoop(b *testing.B, kind int, parts shim.Parts) {
	keptKeys(b, nil, func() (uintptr, error) { return shim.PKeyNew("bench", kind, &parts) }, shim.PKeyFree)
}

// keptKeys is keptLoop for any way of making a key: newKey called once per
// key from Go, the last 1,024 kept, then freed together. have, when not nil,
// skips a leg without the algorithm.
func keptKeys(b *testing.B, have func(*testing.B), newKey func() (uintptr, error), free func(uintptr)) {
	b.Run("ckept", func(b *testing.B) {
		if have != nil {
			have(b)
		}
		kept := make([]uintptr, 0, 1024)
		freeAll := func() {
			for _, h := range kept {
				free(h)
			}
			kept = kept[:0]
		}
		defer freeAll()
		for b.Loop() {
			h, err := newKey()
			if err != nil {
				b.Fatal(err)
			}
			if kept = append(kept, h); len(kept) == cap(kept) {
				freeAll()
			}
		}
	})
}

// cLoop runs a pkey_floor loop that needs no key handle.
func cLoop(b *testing.B, name string, op, md, pad int, in, aux []byte) {
	b.Run(name, func(b *testing.B) {
		if !shim.PKeyFloor(op, b.N, 0, md, pad, in, aux) {
			b.Fatal("C loop failed")
		}
	})
}
