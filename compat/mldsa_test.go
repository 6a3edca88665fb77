package compat_test

// ML-DSA against outside truth on every leg: NIST ACVP keyGen, sigGen
// (deterministic, and hedged where the fork takes the randomness; external
// mu included) and sigVer, and differential runs against CIRCL's FIPS 204
// implementation both ways (mldsa_go127_test.go adds crypto/mldsa on Go
// 1.27). On a fork without ML-DSA every entry point must fail with
// ErrUnsupported, as Capabilities says.

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/sha3"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cloudflare/circl/sign"
	circl44 "github.com/cloudflare/circl/sign/mldsa/mldsa44"
	circl65 "github.com/cloudflare/circl/sign/mldsa/mldsa65"
	circl87 "github.com/cloudflare/circl/sign/mldsa/mldsa87"

	"github.com/forkcrypto/forkcrypto/compat"
)

var mldsaSets = []struct {
	params compat.MLDSAParameters
	ref    sign.Scheme
}{
	{compat.MLDSA44(), circl44.Scheme()},
	{compat.MLDSA65(), circl65.Scheme()},
	{compat.MLDSA87(), circl87.Scheme()},
}

// mldsaAvailable reports whether the fork offers params; when it does not,
// it checks that every entry point says ErrUnsupported (or ErrFIPS where a
// FIPS module refuses it) and that the error names the fork.
func mldsaAvailable(t *testing.T, params compat.MLDSAParameters) bool {
	t.Helper()
	c := capabilityNamed(t, params.String())
	if c.Allowed {
		return true
	}
	want := compat.ErrFIPS
	if c.Status == compat.Unsupported {
		want = compat.ErrUnsupported
	}
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, want) || !strings.Contains(err.Error(), compat.Backend().Fork) {
			t.Errorf("%s %s: %v, want %v naming the fork", params, what, err, want)
		}
	}
	_, err := compat.GenerateKeyMLDSA(params)
	check("generate", err)
	_, err = compat.NewPrivateKeyMLDSA(params, make([]byte, 32))
	check("from a seed", err)
	_, err = compat.NewPublicKeyMLDSA(params, make([]byte, params.PublicKeySize()))
	check("public key", err)
	t.Logf("%s on %s: %s; every entry point says so", params, compat.Backend().Fork, c.Status)
	return false
}

// mu is FIPS 204's external mu of msg under ctx for the public key pk.
func mu(pk, ctx, msg []byte) []byte {
	tr := sha3.SumSHAKE256(pk, 64)
	h := sha3.NewSHAKE256()
	h.Write(tr[:])
	h.Write([]byte{0, byte(len(ctx))})
	h.Write(ctx)
	h.Write(msg)
	out := make([]byte, 64)
	h.Read(out)
	return out
}

func TestMLDSAParameters(t *testing.T) {
	for _, s := range mldsaSets {
		if s.params.PublicKeySize() != s.ref.PublicKeySize() || s.params.SignatureSize() != s.ref.SignatureSize() ||
			s.params.String() != s.ref.Name() {
			t.Errorf("%s: sizes %d/%d, reference %s %d/%d", s.params, s.params.PublicKeySize(), s.params.SignatureSize(),
				s.ref.Name(), s.ref.PublicKeySize(), s.ref.SignatureSize())
		}
	}
	if compat.MLDSA65() != compat.MLDSA65() || compat.MLDSA44() == compat.MLDSA65() {
		t.Error("parameter sets do not compare by identity")
	}
}

func TestMLDSADifferential(t *testing.T) {
	for _, s := range mldsaSets {
		t.Run(s.params.String(), func(t *testing.T) {
			if !mldsaAvailable(t, s.params) {
				return
			}
			for i := range 10 {
				seed := make([]byte, compat.MLDSAPrivateKeySize)
				rand.Read(seed)
				refPub, refPriv := s.ref.DeriveKey(seed)
				wantPub, _ := refPub.MarshalBinary()
				sk, err := compat.NewPrivateKeyMLDSA(s.params, seed)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(sk.PublicKey().Bytes(), wantPub) || !bytes.Equal(sk.Bytes(), seed) {
					t.Fatal("the seed gives another key than the reference's")
				}
				msg := make([]byte, i*37)
				rand.Read(msg)
				ctx := strings.Repeat("c", i*25)
				opts := &compat.MLDSAOptions{Context: ctx}
				refOpts := &sign.SignatureOpts{Context: ctx}
				// Deterministic signatures are the reference's bytes.
				sig, err := sk.SignDeterministic(msg, opts)
				if err != nil || !bytes.Equal(sig, s.ref.Sign(refPriv, msg, refOpts)) {
					t.Fatalf("deterministic signature differs from the reference's (%v)", err)
				}
				// Hedged signatures verify with the reference, and the reference's with the fork.
				sig, err = sk.Sign(nil, msg, opts)
				if err != nil || !s.ref.Verify(refPub, msg, sig, refOpts) {
					t.Fatalf("the reference rejects a hedged signature (%v)", err)
				}
				pub, err := compat.NewPublicKeyMLDSA(s.params, wantPub)
				if err != nil {
					t.Fatal(err)
				}
				if err := compat.VerifyMLDSA(pub, msg, s.ref.Sign(refPriv, msg, refOpts), opts); err != nil {
					t.Fatalf("the fork rejects the reference's signature: %v", err)
				}
				if !pub.Equal(sk.PublicKey()) || !sk.Equal(sk) {
					t.Fatal("Equal")
				}
				// External mu: signing mu signs the message.
				m := mu(wantPub, []byte(ctx), msg)
				sig, err = sk.SignDeterministic(m, compat.MLDSAMu)
				if err != nil || !bytes.Equal(sig, s.ref.Sign(refPriv, msg, refOpts)) {
					t.Fatalf("deterministic signature of mu differs from the message's (%v)", err)
				}
				if err := compat.VerifyMLDSAMu(pub, m, sig); err != nil {
					t.Fatalf("VerifyMLDSAMu: %v", err)
				}
			}
		})
	}
}

func TestMLDSAGenerate(t *testing.T) {
	for _, s := range mldsaSets {
		t.Run(s.params.String(), func(t *testing.T) {
			if !mldsaAvailable(t, s.params) {
				return
			}
			sk, err := compat.GenerateKeyMLDSA(s.params)
			if err != nil {
				t.Fatal(err)
			}
			refPub, _ := s.ref.DeriveKey(sk.Bytes())
			if want, _ := refPub.MarshalBinary(); !bytes.Equal(sk.PublicKey().Bytes(), want) {
				t.Fatal("a generated key's seed does not give its public key")
			}
			other, _ := compat.GenerateKeyMLDSA(s.params)
			if sk.Equal(other) || bytes.Equal(sk.Bytes(), other.Bytes()) {
				t.Fatal("two generated keys are equal")
			}
			var _ crypto.Signer = sk
		})
	}
}

// TestMLDSABadInput: every malformed input is an error naming the problem,
// never a panic, the same on every fork that has ML-DSA.
func TestMLDSABadInput(t *testing.T) {
	s := mldsaSets[1]
	if _, err := compat.NewPrivateKeyMLDSA(compat.MLDSAParameters{}, make([]byte, 32)); !errors.Is(err, compat.ErrInvalidKey) {
		t.Errorf("zero parameters: %v", err)
	}
	if err := compat.VerifyMLDSA(nil, nil, nil, nil); !errors.Is(err, compat.ErrInvalidKey) {
		t.Errorf("nil key: %v", err)
	}
	if !mldsaAvailable(t, s.params) {
		return
	}
	for _, n := range []int{0, 31, 33, 64} {
		if _, err := compat.NewPrivateKeyMLDSA(s.params, make([]byte, n)); !errors.Is(err, compat.ErrInvalidKey) {
			t.Errorf("%d-byte seed: %v", n, err)
		}
	}
	for _, n := range []int{0, s.params.PublicKeySize() - 1, s.params.PublicKeySize() + 1} {
		if _, err := compat.NewPublicKeyMLDSA(s.params, make([]byte, n)); !errors.Is(err, compat.ErrInvalidKey) {
			t.Errorf("%d-byte public key: %v", n, err)
		}
	}
	sk, err := compat.NewPrivateKeyMLDSA(s.params, bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("message")
	if _, err := sk.Sign(nil, msg, &compat.MLDSAOptions{Context: strings.Repeat("x", 256)}); err == nil {
		t.Error("a 256-byte context signed")
	}
	if err := compat.VerifyMLDSA(sk.PublicKey(), msg, make([]byte, s.params.SignatureSize()), &compat.MLDSAOptions{Context: strings.Repeat("x", 256)}); err == nil || errors.Is(err, compat.ErrSignature) {
		t.Errorf("a 256-byte context on verify: %v, want an error that is not ErrSignature", err)
	}
	if _, err := sk.Sign(nil, msg, crypto.SHA256); !errors.Is(err, compat.ErrUnsupported) {
		t.Errorf("HashML-DSA with SHA-256: %v, want ErrUnsupported", err)
	}
	if _, err := sk.Sign(nil, msg, compat.MLDSAMu); err == nil {
		t.Error("a 7-byte mu signed")
	}
	if err := compat.VerifyMLDSAMu(sk.PublicKey(), msg, nil); err == nil || errors.Is(err, compat.ErrSignature) {
		t.Errorf("a 7-byte mu on verify: %v", err)
	}
	sig, err := sk.Sign(nil, msg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"empty": nil, "short": sig[:len(sig)-1], "long": append(bytes.Clone(sig), 0),
		"flipped": append([]byte{sig[0] ^ 1}, sig[1:]...), "zero": make([]byte, len(sig)),
		"all ones": bytes.Repeat([]byte{0xff}, len(sig)),
	} {
		if err := compat.VerifyMLDSA(sk.PublicKey(), msg, bad, nil); !errors.Is(err, compat.ErrSignature) {
			t.Errorf("%s signature: %v, want ErrSignature", name, err)
		}
	}
	if err := compat.VerifyMLDSA(sk.PublicKey(), msg, sig, &compat.MLDSAOptions{Context: "other"}); !errors.Is(err, compat.ErrSignature) {
		t.Errorf("other context: %v, want ErrSignature", err)
	}
	// A signature of another parameter set's length is just invalid.
	other, _ := compat.NewPrivateKeyMLDSA(compat.MLDSA44(), bytes.Repeat([]byte{9}, 32))
	if other != nil {
		sig44, _ := other.Sign(nil, msg, nil)
		if err := compat.VerifyMLDSA(sk.PublicKey(), msg, sig44, nil); !errors.Is(err, compat.ErrSignature) {
			t.Errorf("an ML-DSA-44 signature under ML-DSA-65: %v", err)
		}
		if sk.PublicKey().Equal(other.PublicKey()) || sk.Equal(other) {
			t.Error("keys of two parameter sets are equal")
		}
	}
}

func TestMLDSAConcurrent(t *testing.T) {
	s := mldsaSets[0]
	if !mldsaAvailable(t, s.params) {
		return
	}
	sk, err := compat.GenerateKeyMLDSA(s.params)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			msg := []byte{byte(i)}
			for range 25 {
				sig, err := sk.Sign(nil, msg, nil)
				if err == nil {
					err = compat.VerifyMLDSA(sk.PublicKey(), msg, sig, nil)
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// ---- NIST ACVP ----

type acvpMLDSASet struct {
	Mode       string `json:"mode"`
	VsID       int    `json:"vsId"`
	TestGroups []struct {
		TgID          int    `json:"tgId"`
		ParameterSet  string `json:"parameterSet"`
		Deterministic bool   `json:"deterministic"`
		ExternalMu    bool   `json:"externalMu"`
		PreHash       string `json:"preHash"`
		Interface     string `json:"signatureInterface"`
		Tests         []struct {
			TcID       int      `json:"tcId"`
			Seed       hexBytes `json:"seed"`
			PK         hexBytes `json:"pk"`
			SK         hexBytes `json:"sk"`
			Message    hexBytes `json:"message"`
			Context    hexBytes `json:"context"`
			Mu         hexBytes `json:"mu"`
			Rnd        hexBytes `json:"rnd"`
			Signature  hexBytes `json:"signature"`
			TestPassed *bool    `json:"testPassed"`
		} `json:"tests"`
	} `json:"testGroups"`
}

func TestACVPMLDSA(t *testing.T) {
	dir := fetchModule(t, acvpModule, acvpVersion)
	prompts := readACVPSets[acvpMLDSASet](t, filepath.Join(dir, "vectors", "ML-DSA.bz2"))
	expected := readACVPSets[acvpMLDSASet](t, filepath.Join(dir, "expected", "ML-DSA.bz2"))
	type answer struct {
		pk, sk, sig []byte
		passed      *bool
	}
	answers := make(map[[3]int]answer)
	for _, e := range expected {
		for _, g := range e.TestGroups {
			for _, tc := range g.Tests {
				answers[[3]int{e.VsID, g.TgID, tc.TcID}] = answer{tc.PK, tc.SK, tc.Signature, tc.TestPassed}
			}
		}
	}
	params := map[string]compat.MLDSAParameters{"ML-DSA-44": compat.MLDSA44(), "ML-DSA-65": compat.MLDSA65(), "ML-DSA-87": compat.MLDSA87()}
	checked, hedged := 0, 0
	for _, p := range prompts {
		for _, g := range p.TestGroups {
			ps, ok := params[g.ParameterSet]
			if !ok {
				t.Fatalf("tgId %d: parameter set %q", g.TgID, g.ParameterSet)
			}
			if !mldsaAvailable(t, ps) {
				continue
			}
			if g.PreHash != "" && g.PreHash != "pure" {
				t.Fatalf("tgId %d: preHash %q (HashML-DSA is not offered; the vectors have none)", g.TgID, g.PreHash)
			}
			for _, tc := range g.Tests {
				want, ok := answers[[3]int{p.VsID, g.TgID, tc.TcID}]
				if !ok {
					t.Fatalf("tcId %d: no expected answer", tc.TcID)
				}
				id := p.Mode + " " + g.ParameterSet + " tcId " + strconv.Itoa(tc.TcID)
				in, opts := []byte(tc.Message), crypto.SignerOpts(&compat.MLDSAOptions{Context: string(tc.Context)})
				if g.ExternalMu {
					in, opts = tc.Mu, compat.MLDSAMu
				}
				switch p.Mode {
				case "keyGen":
					sk, err := compat.NewPrivateKeyMLDSA(ps, tc.Seed)
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					if !bytes.Equal(sk.PublicKey().Bytes(), want.pk) {
						t.Errorf("%s: public key differs", id)
					}
					// The expected expanded key imports as the same key.
					esk, err := compat.NewPrivateKeyMLDSAExpanded(ps, want.sk)
					if err != nil || !esk.PublicKey().Equal(sk.PublicKey()) || !esk.Equal(sk) {
						t.Errorf("%s: the expanded key is not the seed's (%v)", id, err)
					}
					checkPKCS8Forms(t, id, sk, tc.Seed, want.sk)
				case "sigGen":
					sk, err := compat.NewPrivateKeyMLDSAExpanded(ps, tc.SK)
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					var sig []byte
					if g.Deterministic {
						sig, err = sk.SignDeterministic(in, opts)
					} else {
						sig, err = sk.SignWithRandomness(in, opts, tc.Rnd)
						if errors.Is(err, compat.ErrUnsupported) {
							t.Logf("%s: skipped: %s takes no signing randomness (%v)", id, compat.Backend().Fork, err)
							continue
						}
						hedged++
					}
					if err != nil || !bytes.Equal(sig, want.sig) {
						t.Errorf("%s: signature differs (%v)", id, err)
					}
				case "sigVer":
					pub, err := compat.NewPublicKeyMLDSA(ps, tc.PK)
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					if g.ExternalMu {
						err = compat.VerifyMLDSAMu(pub, in, tc.Signature)
					} else {
						err = compat.VerifyMLDSA(pub, in, tc.Signature, opts.(*compat.MLDSAOptions))
					}
					if want.passed == nil || (err == nil) != *want.passed || (err != nil && !errors.Is(err, compat.ErrSignature)) {
						t.Errorf("%s: verify: %v, expected testPassed %v", id, err, want.passed)
					}
				default:
					t.Fatalf("%s: mode %q", id, p.Mode)
				}
				checked++
			}
		}
	}
	if checked > 0 {
		t.Logf("%d ML-DSA vectors checked (%d hedged sigGen with given randomness)", checked, hedged)
	}
}
