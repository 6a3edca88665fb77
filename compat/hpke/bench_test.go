package hpke

// Single-shot Seal and Open of 1 KiB beside Go's crypto/hpke in the same run:
// sub-benchmarks forkcrypto and stdlib under each suite, and for the DHKEM
// Seals cfloor and ccall, the C function that Seal calls once, run from a C
// loop and once per call from Go. A suite the leg cannot compute is skipped
// with the reason.

import (
	"bytes"
	"crypto/ecdh"
	stdhpke "crypto/hpke"
	"errors"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

type benchSuite struct {
	name                 string
	kem                  func() KEM
	kdf                  func() KDF
	aead                 func() AEAD
	stdKEM               func() stdhpke.KEM
	stdKDF               func() stdhpke.KDF
	stdAEAD              func() stdhpke.AEAD
	kemID, kdfID, aeadID uint16
	floorKind            int // the DHKEM's key kind for shim.HPKESealFloor; 0: no C reference
}

var benchSuites = []benchSuite{
	{
		name: "X25519_HKDFSHA256_AES128GCM",
		kem:  func() KEM { return DHKEM(ecdh.X25519()) }, kdf: HKDFSHA256, aead: AES128GCM,
		stdKEM: func() stdhpke.KEM { return stdhpke.DHKEM(ecdh.X25519()) }, stdKDF: stdhpke.HKDFSHA256, stdAEAD: stdhpke.AES128GCM,
		kemID: 0x0020, kdfID: 0x0001, aeadID: 0x0001, floorKind: shim.X25519,
	},
	{
		name: "P256_HKDFSHA256_AES128GCM",
		kem:  func() KEM { return DHKEM(ecdh.P256()) }, kdf: HKDFSHA256, aead: AES128GCM,
		stdKEM: func() stdhpke.KEM { return stdhpke.DHKEM(ecdh.P256()) }, stdKDF: stdhpke.HKDFSHA256, stdAEAD: stdhpke.AES128GCM,
		kemID: 0x0010, kdfID: 0x0001, aeadID: 0x0001, floorKind: shim.P256,
	},
	{
		name: "MLKEM768X25519_HKDFSHA256_ChaCha20Poly1305",
		kem:  MLKEM768X25519, kdf: HKDFSHA256, aead: ChaCha20Poly1305,
		stdKEM: stdhpke.MLKEM768X25519, stdKDF: stdhpke.HKDFSHA256, stdAEAD: stdhpke.ChaCha20Poly1305,
		kemID: 0x647a, kdfID: 0x0001, aeadID: 0x0003,
	},
}

const benchSize = 1024

// benchKeys makes a key of the suite in each package, skipping b where the
// leg cannot compute the suite.
func benchKeys(b *testing.B, s benchSuite) (PrivateKey, stdhpke.PrivateKey) {
	b.Helper()
	if unsupported, refused := fcMissing(b, fcSuiteNeeds(s.kemID, s.kdfID, s.aeadID)); len(unsupported)+len(refused) > 0 {
		b.Skipf("%s: not computed on this leg (unsupported %v, refused by FIPS %v)", s.name, unsupported, refused)
	}
	k, err := s.kem().GenerateKey()
	if errors.Is(err, compat.ErrUnsupported) || errors.Is(err, compat.ErrFIPS) {
		b.Skipf("%s: %v", s.name, err)
	}
	if err != nil {
		b.Fatal(err)
	}
	sk, err := s.stdKEM().GenerateKey()
	if err != nil {
		b.Fatal(err)
	}
	return k, sk
}

func BenchmarkSeal1KiB(b *testing.B) {
	info, msg := []byte("benchmark"), make([]byte, benchSize)
	for _, s := range benchSuites {
		b.Run(s.name, func(b *testing.B) {
			k, sk := benchKeys(b, s)
			b.Run("forkcrypto", func(b *testing.B) {
				pk, kdf, aead := k.PublicKey(), s.kdf(), s.aead()
				b.SetBytes(benchSize)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Seal(pk, kdf, aead, info, msg); err != nil {
						b.Fatal(err)
					}
				}
			})
			if s.floorKind != 0 {
				benchSealFloor(b, s, k, info, msg)
			}
			b.Run("stdlib", func(b *testing.B) {
				pk, kdf, aead := sk.PublicKey(), s.stdKDF(), s.stdAEAD()
				b.SetBytes(benchSize)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := stdhpke.Seal(pk, kdf, aead, info, msg); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkOpen1KiB(b *testing.B) {
	info, msg := []byte("benchmark"), make([]byte, benchSize)
	for _, s := range benchSuites {
		b.Run(s.name, func(b *testing.B) {
			k, sk := benchKeys(b, s)
			b.Run("forkcrypto", func(b *testing.B) {
				kdf, aead := s.kdf(), s.aead()
				ct, err := Seal(k.PublicKey(), kdf, aead, info, msg)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(benchSize)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Open(k, kdf, aead, info, ct); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("stdlib", func(b *testing.B) {
				kdf, aead := s.stdKDF(), s.stdAEAD()
				ct, err := stdhpke.Seal(sk.PublicKey(), kdf, aead, info, msg)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(benchSize)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := stdhpke.Open(sk, kdf, aead, info, ct); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// benchSealFloor runs shim.HPKESealFloor for a DHKEM suite with HKDF-SHA256
// and AES-128-GCM, after checking that its output opens here: cfloor as one
// C loop, ccall one Seal per call from Go. A C loop keeps the fork's code and
// data warm in a way no caller that does anything else between Seals can,
// so ccall, not cfloor, is what forkcrypto's Go side is measured against.
func benchSealFloor(b *testing.B, s benchSuite, k PrivateKey, info, msg []byte) {
	const nh, nk, nn = 32, 16, 12
	sid := suiteIDOf(s.kemID, s.kdfID, s.aeadID)
	ctx, err := keyScheduleContext(s.kdf(), sid, modeBase, nil, info)
	if err != nil {
		b.Fatal(err)
	}
	kemSID := kemSuiteID(s.kemID)
	parts := shim.HPKESealParts{
		labeledIKM(kemSID, "eae_prk", nil),
		appendLabeledInfo(nil, kemSID, "shared_secret", nil, nh),
		labeledIKM(sid, "secret", nil),
		appendLabeledInfo(nil, sid, "key", ctx, nk),
		appendLabeledInfo(nil, sid, "base_nonce", ctx, nn),
	}
	suite := shim.HPKESuite{Kind: s.floorKind, KEMHash: shim.SHA256, KEMHashSize: nh, Hash: shim.SHA256, HashSize: nh,
		AEAD: shim.AESGCM, KeySize: nk, NonceSize: nn}
	peer := k.PublicKey().Bytes()
	seal := func(iters int) []byte { return shim.HPKESealFloor(iters, &suite, peer, &parts, msg) }
	ct := seal(1)
	if ct == nil {
		b.Fatal("C loop failed")
	}
	if got, err := Open(k, s.kdf(), s.aead(), info, ct); err != nil || !bytes.Equal(got, msg) {
		b.Fatalf("the C loop's Seal does not open: %v", err)
	}
	b.Run("cfloor", func(b *testing.B) {
		b.SetBytes(benchSize)
		if seal(b.N) == nil {
			b.Fatal("C loop failed")
		}
	})
	b.Run("ccall", func(b *testing.B) {
		b.SetBytes(benchSize)
		for b.Loop() {
			if seal(1) == nil {
				b.Fatal("C call failed")
			}
		}
	})
}
