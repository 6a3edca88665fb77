package hpke

// Interop with Go's crypto/hpke, both ways, on every KEM × KDF × AEAD
// combination the package offers: keys made by one package are serialised
// with Bytes() and loaded into the other with NewPrivateKey/NewPublicKey;
// each side seals to the other under random info, AAD and messages over
// several sequence numbers, and both export the same secrets. The package's
// side also must neither change the caller's slices nor write past them.

import (
	"bytes"
	"crypto/ecdh"
	stdhpke "crypto/hpke"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// fcKEMs, fcKDFs and fcAEADs are every KEM, KDF and AEAD the package offers.
func fcKEMs() []KEM {
	return []KEM{
		DHKEM(ecdh.P256()), DHKEM(ecdh.P384()), DHKEM(ecdh.P521()), DHKEM(ecdh.X25519()),
		MLKEM768(), MLKEM1024(), MLKEM768P256(), MLKEM1024P384(), MLKEM768X25519(),
	}
}

func fcKDFs() []KDF {
	return []KDF{HKDFSHA256(), HKDFSHA384(), HKDFSHA512(), SHAKE128(), SHAKE256()}
}

func fcAEADs() []AEAD {
	return []AEAD{AES128GCM(), AES256GCM(), ChaCha20Poly1305(), ExportOnly()}
}

func fcRandBytes(rng *rand.Rand, max int) []byte {
	b := make([]byte, rng.IntN(max+1))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// interopKeys holds one recipient key made by crypto/hpke and one made by
// the package, each loaded into the other package.
type interopKeys struct {
	stdPriv stdhpke.PrivateKey // made by crypto/hpke
	ourPriv PrivateKey         // stdPriv.Bytes() through our NewPrivateKey

	ourGen    PrivateKey         // made by the package
	stdFromUs stdhpke.PrivateKey // ourGen.Bytes() through crypto/hpke's NewPrivateKey
	ourPub    PublicKey          // ourGen's public key through our NewPublicKey
}

func TestStdlibInterop(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	tally := newFCTally()
	kdfs, aeads := fcKDFs(), fcAEADs()
	perKEM := len(kdfs) * len(aeads)
	for _, kem := range fcKEMs() {
		t.Run(fcKEMName(kem.ID()), func(t *testing.T) {
			keys, err := interopLoadKeys(t, kem)
			if err != nil {
				tally.refuse(t, fcKEMName(kem.ID())+": keys", perKEM, err, fcKEMNeeds(kem.ID()))
				if t.Failed() {
					tally.fail(perKEM)
				}
				return
			}
			if t.Failed() {
				tally.fail(perKEM)
				return
			}
			for _, kdf := range kdfs {
				for _, aead := range aeads {
					name := fmt.Sprintf("%s/%s", fcKDFName(kdf.ID()), fcAEADName(aead.ID()))
					t.Run(name, func(t *testing.T) {
						what := fcKEMName(kem.ID()) + "/" + name
						needs := fcSuiteNeeds(kem.ID(), kdf.ID(), aead.ID())
						err := interopSuite(t, rng, keys, kem, kdf, aead)
						switch {
						case err != nil:
							tally.refuse(t, what, 1, err, needs)
							if t.Failed() {
								tally.fail(1)
							}
						case t.Failed():
							tally.fail(1)
						default:
							tally.done(t, what, 1, needs)
						}
					})
				}
			}
		})
	}
	tally.report(t, "suites")
}

// interopLoadKeys makes the two key pairs and loads each into the other
// package; an error is the package refusing the KEM (checked by the caller),
// anything else wrong fails t.
func interopLoadKeys(t *testing.T, kem KEM) (*interopKeys, error) {
	stdKEM, err := stdhpke.NewKEM(kem.ID())
	if err != nil {
		t.Fatalf("crypto/hpke NewKEM(%#04x): %v", kem.ID(), err)
	}
	k := new(interopKeys)
	if k.stdPriv, err = stdKEM.GenerateKey(); err != nil {
		t.Fatalf("crypto/hpke GenerateKey: %v", err)
	}
	stdBytes, err := k.stdPriv.Bytes()
	if err != nil {
		t.Fatalf("crypto/hpke Bytes: %v", err)
	}
	if k.ourPriv, err = kem.NewPrivateKey(stdBytes); err != nil {
		return nil, err
	}
	if got := k.ourPriv.PublicKey().Bytes(); !bytes.Equal(got, k.stdPriv.PublicKey().Bytes()) {
		t.Errorf("a crypto/hpke private key loaded here has public key %x, want %x", got, k.stdPriv.PublicKey().Bytes())
	}
	if got, err := k.ourPriv.Bytes(); err != nil || !bytes.Equal(got, stdBytes) {
		t.Errorf("a crypto/hpke private key loaded here serialises as %x, %v; want %x", got, err, stdBytes)
	}

	if k.ourGen, err = kem.GenerateKey(); err != nil {
		return nil, err
	}
	ourBytes, err := k.ourGen.Bytes()
	if err != nil {
		t.Errorf("Bytes of a generated key: %v", err)
		return k, nil
	}
	if k.stdFromUs, err = stdKEM.NewPrivateKey(ourBytes); err != nil {
		t.Errorf("crypto/hpke rejects a generated private key: %v", err)
		return k, nil
	}
	if got := k.stdFromUs.PublicKey().Bytes(); !bytes.Equal(got, k.ourGen.PublicKey().Bytes()) {
		t.Errorf("crypto/hpke derives public key %x from a generated private key, the package %x", got, k.ourGen.PublicKey().Bytes())
	}
	if k.ourPub, err = kem.NewPublicKey(k.ourGen.PublicKey().Bytes()); err != nil {
		t.Errorf("NewPublicKey of a generated key's public key: %v", err)
	} else if !bytes.Equal(k.ourPub.Bytes(), k.ourGen.PublicKey().Bytes()) {
		t.Errorf("NewPublicKey(b).Bytes() = %x, want %x", k.ourPub.Bytes(), k.ourGen.PublicKey().Bytes())
	}
	if _, err := stdKEM.NewPublicKey(k.ourGen.PublicKey().Bytes()); err != nil {
		t.Errorf("crypto/hpke rejects a generated public key: %v", err)
	}
	return k, nil
}

// interopSuite runs one suite both ways. It returns the error with which the
// package refused the suite when it did so at setting up a context (checked
// by the caller against Capabilities()); every other discrepancy fails t.
func interopSuite(t *testing.T, rng *rand.Rand, k *interopKeys, kem KEM, kdf KDF, aead AEAD) error {
	stdKDF, err := stdhpke.NewKDF(kdf.ID())
	if err != nil {
		t.Fatalf("crypto/hpke NewKDF(%#04x): %v", kdf.ID(), err)
	}
	stdAEAD, err := stdhpke.NewAEAD(aead.ID())
	if err != nil {
		t.Fatalf("crypto/hpke NewAEAD(%#04x): %v", aead.ID(), err)
	}
	exportOnly := aead.ID() == 0xffff

	// crypto/hpke seals to its own key; the package opens with that key
	// loaded from its bytes.
	{
		info := fcRandBytes(rng, 64)
		enc, stdS, err := stdhpke.NewSender(k.stdPriv.PublicKey(), stdKDF, stdAEAD, info)
		if err != nil {
			t.Fatalf("crypto/hpke NewSender: %v", err)
		}
		encG, infoG := fcGuarded(enc), fcGuarded(info)
		r, err := NewRecipient(encG, k.ourPriv, kdf, aead, infoG)
		if err != nil {
			return err
		}
		fcCheckGuarded(t, "NewRecipient enc", encG, enc)
		fcCheckGuarded(t, "NewRecipient info", infoG, info)
		for i := 0; i < 4 && !exportOnly; i++ {
			aad, msg := fcRandBytes(rng, 48), fcRandBytes(rng, 300)
			ct, err := stdS.Seal(aad, msg)
			if err != nil {
				t.Fatalf("crypto/hpke Seal: %v", err)
			}
			aadG, ctG := fcGuarded(aad), fcGuarded(ct)
			pt, err := r.Open(aadG, ctG)
			if err != nil || !bytes.Equal(pt, msg) {
				t.Fatalf("stdlib→forkcrypto: Open(message %d) = %x, %v; want %x", i, pt, err, msg)
			}
			fcCheckGuarded(t, "Open aad", aadG, aad)
			fcCheckGuarded(t, "Open ciphertext", ctG, ct)
		}
		interopExports(t, rng, "stdlib→forkcrypto", stdS.Export, r.Export)

		if !exportOnly {
			msg := fcRandBytes(rng, 300)
			ct, err := stdhpke.Seal(k.stdPriv.PublicKey(), stdKDF, stdAEAD, info, msg)
			if err != nil {
				t.Fatalf("crypto/hpke Seal: %v", err)
			}
			ctG := fcGuarded(ct)
			if pt, err := Open(k.ourPriv, kdf, aead, info, ctG); err != nil || !bytes.Equal(pt, msg) {
				t.Errorf("stdlib→forkcrypto: single-shot Open = %x, %v; want %x", pt, err, msg)
			}
			fcCheckGuarded(t, "single-shot Open ciphertext", ctG, ct)
		}
	}

	// The package seals to its own key; crypto/hpke opens with that key
	// loaded from its bytes.
	if k.ourPub == nil || k.stdFromUs == nil {
		t.Error("no key of the package's making to seal to (see above)")
		return nil
	}
	{
		info := fcRandBytes(rng, 64)
		infoG := fcGuarded(info)
		enc, s, err := NewSender(k.ourPub, kdf, aead, infoG)
		if err != nil {
			t.Errorf("NewSender after NewRecipient succeeded: %v", err)
			return nil
		}
		fcCheckGuarded(t, "NewSender info", infoG, info)
		stdR, err := stdhpke.NewRecipient(enc, k.stdFromUs, stdKDF, stdAEAD, info)
		if err != nil {
			t.Fatalf("forkcrypto→stdlib: crypto/hpke NewRecipient: %v", err)
		}
		for i := 0; i < 4 && !exportOnly; i++ {
			aad, msg := fcRandBytes(rng, 48), fcRandBytes(rng, 300)
			aadG, msgG := fcGuarded(aad), fcGuarded(msg)
			ct, err := s.Seal(aadG, msgG)
			if err != nil {
				t.Fatalf("Seal(message %d): %v", i, err)
			}
			fcCheckGuarded(t, "Seal aad", aadG, aad)
			fcCheckGuarded(t, "Seal plaintext", msgG, msg)
			pt, err := stdR.Open(aad, ct)
			if err != nil || !bytes.Equal(pt, msg) {
				t.Fatalf("forkcrypto→stdlib: crypto/hpke Open(message %d) = %x, %v; want %x", i, pt, err, msg)
			}
		}
		interopExports(t, rng, "forkcrypto→stdlib", s.Export, stdR.Export)

		if !exportOnly {
			msg := fcRandBytes(rng, 300)
			msgG := fcGuarded(msg)
			ct, err := Seal(k.ourPub, kdf, aead, info, msgG)
			if err != nil {
				t.Fatalf("single-shot Seal: %v", err)
			}
			fcCheckGuarded(t, "single-shot Seal plaintext", msgG, msg)
			if pt, err := stdhpke.Open(k.stdFromUs, stdKDF, stdAEAD, info, ct); err != nil || !bytes.Equal(pt, msg) {
				t.Errorf("forkcrypto→stdlib: crypto/hpke single-shot Open = %x, %v; want %x", pt, err, msg)
			}
		}
	}
	return nil
}

// fcGuarded returns a copy of b with 64 bytes of spare capacity set to 0xAA,
// to check that a call neither changes its input nor writes past its length.
func fcGuarded(b []byte) []byte {
	g := make([]byte, len(b), len(b)+64)
	copy(g, b)
	for i := len(b); i < cap(g); i++ {
		g[:cap(g)][i] = 0xAA
	}
	return g
}

// fcCheckGuarded fails t if g, made by fcGuarded from want, was changed or
// written past.
func fcCheckGuarded(t testing.TB, what string, g, want []byte) {
	t.Helper()
	if !bytes.Equal(g, want) {
		t.Errorf("%s: the caller's slice was changed", what)
	}
	for _, c := range g[len(g):cap(g)] {
		if c != 0xAA {
			t.Errorf("%s: written past the caller's slice", what)
			return
		}
	}
}

// interopExports compares the secrets two contexts export for random
// contexts and lengths.
func interopExports(t *testing.T, rng *rand.Rand, dir string, a, b func(string, int) ([]byte, error)) {
	t.Helper()
	for i := 0; i < 3; i++ {
		ctx, length := string(fcRandBytes(rng, 40)), 1+rng.IntN(128)
		x, errA := a(ctx, length)
		y, errB := b(ctx, length)
		if errA != nil || errB != nil || !bytes.Equal(x, y) || len(x) != length {
			t.Errorf("%s: Export(%x, %d): sender %x, %v; recipient %x, %v", dir, ctx, length, x, errA, y, errB)
		}
	}
}
