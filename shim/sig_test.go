package shim

import (
	"bytes"
	"crypto/rand"
	"crypto/sha3"
	"errors"
	"sync"
	"testing"

	"github.com/cloudflare/circl/sign"
	"github.com/cloudflare/circl/sign/mldsa/mldsa44"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/cloudflare/circl/sign/mldsa/mldsa87"
)

// These tests hold each fork's ML-DSA to the contract, with CIRCL's FIPS 204
// implementation as the reference (the standard library has none before Go
// 1.27; compat's tests compare with crypto/mldsa there).

var sigParamSets = []struct {
	kind   int
	name   string
	scheme sign.Scheme
}{
	{MLDSA44, "ML-DSA-44", mldsa44.Scheme()},
	{MLDSA65, "ML-DSA-65", mldsa65.Scheme()},
	{MLDSA87, "ML-DSA-87", mldsa87.Scheme()},
}

// externalMu is FIPS 204's mu for pure signing: SHAKE256(tr || 0 || |ctx| ||
// ctx || M) with tr = SHAKE256(pk), 64 bytes each.
func externalMu(pk, ctx, msg []byte) []byte {
	tr := sha3.SumSHAKE256(pk, 64)
	h := sha3.NewSHAKE256()
	h.Write(tr[:])
	h.Write([]byte{0, byte(len(ctx))})
	h.Write(ctx)
	h.Write(msg)
	mu := make([]byte, 64)
	h.Read(mu)
	return mu
}

func TestSigContract(t *testing.T) {
	for _, p := range sigParamSets {
		t.Run(p.name, func(t *testing.T) {
			s := p.scheme
			seed := make([]byte, 32)
			rand.Read(seed)
			sigSize := s.SignatureSize()
			if Support(FamilySig, p.kind) == Absent {
				if _, err := SigNew("test", p.kind, seed, nil); !errors.Is(err, ErrUnsupported) {
					t.Errorf("sig_new on a fork without %s: %v, want ErrUnsupported", p.name, err)
				}
				if _, err := SigGenerate("test", p.kind); !errors.Is(err, ErrUnsupported) {
					t.Errorf("sig_generate on a fork without %s: %v, want ErrUnsupported", p.name, err)
				}
				return
			}
			if !FIPSAllowed(FamilySig, p.kind) {
				if _, err := SigNew("test", p.kind, seed, nil); !errors.Is(err, ErrFIPS) {
					t.Errorf("sig_new of %s refused by FIPS: %v, want ErrFIPS", p.name, err)
				}
				return
			}
			refPub, refPriv := s.DeriveKey(seed)
			wantPub, _ := refPub.MarshalBinary()
			wantExpanded, _ := refPriv.MarshalBinary()

			k, err := SigNew("test", p.kind, seed, nil)
			if err != nil {
				t.Fatalf("sig_new(seed): %v", err)
			}
			defer SigFree(k)
			pub := make([]byte, s.PublicKeySize())
			if !SigGet(k, PartPub, pub) || !bytes.Equal(pub, wantPub) {
				t.Fatalf("public key from the seed differs from the reference's")
			}
			got := make([]byte, 32)
			if !SigGet(k, PartPriv, got) || !bytes.Equal(got, seed) {
				t.Errorf("seed read back: %x, want %x", got, seed)
			}
			expanded := make([]byte, len(wantExpanded))
			if !SigGet(k, PartExpanded, expanded) || !bytes.Equal(expanded, wantExpanded) {
				t.Errorf("expanded private key differs from the reference's")
			}
			if SigGet(k, PartPub, pub[:len(pub)-1]) || SigGet(k, PartPriv, got[:31]) {
				t.Errorf("sig_get into a short buffer succeeded")
			}

			// Deterministic signatures are the reference's bytes, with and without a context.
			msg := []byte("forkcrypto ML-DSA contract")
			for _, ctx := range []string{"", "context", string(bytes.Repeat([]byte{'c'}, 255))} {
				want := s.Sign(refPriv, msg, &sign.SignatureOpts{Context: ctx})
				sig := make([]byte, sigSize)
				if err := SigSign("test", k, SigDeterministic, msg, []byte(ctx), nil, sig); err != nil {
					t.Fatalf("deterministic sig_sign (context %d bytes): %v", len(ctx), err)
				}
				if !bytes.Equal(sig, want) {
					t.Errorf("deterministic signature (context %d bytes) differs from the reference's", len(ctx))
				}
				// 32 zero bytes of randomness are the deterministic variant.
				switch err := SigSign("test", k, 0, msg, []byte(ctx), make([]byte, 32), sig); {
				case errors.Is(err, ErrUnsupported):
					t.Logf("%s: the fork takes no signing randomness", p.name)
				case err != nil:
					t.Errorf("sig_sign with rnd: %v", err)
				case !bytes.Equal(sig, want):
					t.Errorf("signature with zero rnd differs from the deterministic one")
				}
			}

			// Hedged signatures differ from each other and verify with the reference.
			a, b := make([]byte, sigSize), make([]byte, sigSize)
			if err := SigSign("test", k, 0, msg, []byte("ctx"), nil, a); err != nil {
				t.Fatalf("hedged sig_sign: %v", err)
			}
			if err := SigSign("test", k, 0, msg, []byte("ctx"), nil, b); err != nil {
				t.Fatalf("hedged sig_sign: %v", err)
			}
			if bytes.Equal(a, b) {
				t.Errorf("two hedged signatures are equal")
			}
			if !s.Verify(refPub, msg, a, &sign.SignatureOpts{Context: "ctx"}) {
				t.Errorf("the reference rejects a hedged signature")
			}

			// External mu: a signature over mu is a signature over the message.
			mu := externalMu(pub, []byte("ctx"), msg)
			switch err := SigSign("test", k, SigMu|SigDeterministic, mu, nil, nil, b); {
			case errors.Is(err, ErrUnsupported):
				t.Logf("%s: the fork signs no external mu", p.name)
			case err != nil:
				t.Errorf("sig_sign(mu): %v", err)
			default:
				if want := s.Sign(refPriv, msg, &sign.SignatureOpts{Context: "ctx"}); !bytes.Equal(b, want) {
					t.Errorf("deterministic signature over mu differs from the message's")
				}
				if ok, err := SigVerify("test", k, SigMu, mu, nil, a); !ok {
					t.Errorf("sig_verify(mu) of a message signature: %v", err)
				}
			}

			// Verification, from the private key and from the public key alone.
			pk, err := SigNew("test", p.kind, nil, pub)
			if err != nil {
				t.Fatalf("sig_new(pub): %v", err)
			}
			defer SigFree(pk)
			if SigGet(pk, PartPriv, got) || SigGet(pk, PartExpanded, expanded) {
				t.Errorf("a public key gave a private part")
			}
			if err := SigSign("test", pk, 0, msg, nil, nil, b); err == nil {
				t.Errorf("a public key signed")
			}
			ref := s.Sign(refPriv, msg, nil)
			for _, key := range []uintptr{k, pk} {
				if ok, err := SigVerify("test", key, 0, msg, []byte("ctx"), a); !ok {
					t.Errorf("sig_verify of a valid signature: %v", err)
				}
				if ok, err := SigVerify("test", key, 0, msg, nil, ref); !ok {
					t.Errorf("sig_verify of the reference's signature: %v", err)
				}
				bad := bytes.Clone(a)
				bad[10] ^= 1
				for name, c := range map[string]struct {
					msg, ctx, sig []byte
				}{
					"tampered":      {msg, []byte("ctx"), bad},
					"other context": {msg, []byte("ctX"), a},
					"no context":    {msg, nil, a},
					"other message": {msg[1:], []byte("ctx"), a},
					"short":         {msg, []byte("ctx"), a[:len(a)-1]},
					"long":          {msg, []byte("ctx"), append(bytes.Clone(a), 0)},
					"empty":         {msg, []byte("ctx"), nil},
				} {
					if ok, err := SigVerify("test", key, 0, c.msg, c.ctx, c.sig); ok || err != nil {
						t.Errorf("sig_verify, %s signature: %v, %v; want false and no error", name, ok, err)
					}
				}
			}

			// The expanded form alone signs like the seed and gives no seed back.
			ek, err := SigNew("test", p.kind, wantExpanded, nil)
			if err != nil {
				t.Fatalf("sig_new(expanded): %v", err)
			}
			defer SigFree(ek)
			if !SigGet(ek, PartPub, pub) || !bytes.Equal(pub, wantPub) {
				t.Errorf("public key of the expanded import differs")
			}
			if SigGet(ek, PartPriv, got) {
				t.Errorf("an expanded import gave a seed")
			}
			if err := SigSign("test", ek, SigDeterministic, msg, nil, nil, b); err != nil || !bytes.Equal(b, ref) {
				t.Errorf("deterministic signature of the expanded import differs (%v)", err)
			}

			// Wrong sizes are errors, never a crash.
			for _, in := range []struct{ priv, pub []byte }{
				{seed[:31], nil}, {wantExpanded[1:], nil}, {nil, wantPub[1:]}, {seed, wantPub}, {nil, nil},
			} {
				if k2, err := SigNew("test", p.kind, in.priv, in.pub); err == nil {
					SigFree(k2)
					t.Errorf("sig_new took a %d-byte private and %d-byte public key", len(in.priv), len(in.pub))
				}
			}
			if err := SigSign("test", k, 0, msg, nil, nil, b[:len(b)-1]); err == nil {
				t.Errorf("sig_sign into a short buffer succeeded")
			}

			// A generated key gives its seed back, and the seed regenerates it.
			g, err := SigGenerate("test", p.kind)
			if err != nil {
				t.Fatalf("sig_generate: %v", err)
			}
			defer SigFree(g)
			if !SigGet(g, PartPriv, got) || !SigGet(g, PartPub, pub) {
				t.Fatalf("sig_get of a generated key failed")
			}
			rp, _ := s.DeriveKey(got)
			if want, _ := rp.MarshalBinary(); !bytes.Equal(pub, want) {
				t.Errorf("a generated key's seed does not regenerate its public key")
			}
		})
	}
}

// TestSigConcurrent signs and verifies with one key from several goroutines.
func TestSigConcurrent(t *testing.T) {
	if Support(FamilySig, MLDSA65) == Absent || !FIPSAllowed(FamilySig, MLDSA65) {
		t.Skipf("%s: no ML-DSA-65 to share (TestSigContract checks the refusal)", Fork())
	}
	k, err := SigGenerate("test", MLDSA65)
	if err != nil {
		t.Fatal(err)
	}
	defer SigFree(k)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sig := make([]byte, mldsa65.SignatureSize)
			msg := []byte{byte(i)}
			for range 20 {
				if err := SigSign("test", k, 0, msg, nil, nil, sig); err != nil {
					t.Error(err)
					return
				}
				if ok, err := SigVerify("test", k, 0, msg, nil, sig); !ok {
					t.Error("a valid signature failed:", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
