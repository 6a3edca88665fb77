package shim

import (
	"bytes"
	"crypto/mlkem"
	"crypto/mlkem/mlkemtest"
	"crypto/rand"
	"errors"
	"sync"
	"testing"

	"github.com/cloudflare/circl/kem"
	"github.com/cloudflare/circl/kem/mlkem/mlkem1024"
	"github.com/cloudflare/circl/kem/mlkem/mlkem768"
)

// These tests hold each fork's ML-KEM to the contract, with crypto/mlkem as
// the reference.

type kemParams struct {
	kind                int
	name                string
	ekSize, ctSize      int
	fromSeed            func(seed []byte) (ek []byte, dk func(ct []byte) ([]byte, error))
	encapsulate         func(ek []byte) (ss, ct []byte)
	encapsulateWithRand func(ek, m []byte) (ss, ct []byte)
	circl               kem.Scheme
}

var kemParamSets = []kemParams{
	{
		MLKEM768, "ML-KEM-768", 1184, 1088,
		func(seed []byte) ([]byte, func([]byte) ([]byte, error)) {
			dk, err := mlkem.NewDecapsulationKey768(seed)
			if err != nil {
				panic(err)
			}
			return dk.EncapsulationKey().Bytes(), dk.Decapsulate
		},
		func(ek []byte) ([]byte, []byte) {
			k, err := mlkem.NewEncapsulationKey768(ek)
			if err != nil {
				panic(err)
			}
			return k.Encapsulate()
		},
		func(ek, m []byte) ([]byte, []byte) {
			k, _ := mlkem.NewEncapsulationKey768(ek)
			ss, ct, err := mlkemtest.Encapsulate768(k, m)
			if err != nil {
				panic(err)
			}
			return ss, ct
		},
		mlkem768.Scheme(),
	},
	{
		MLKEM1024, "ML-KEM-1024", 1568, 1568,
		func(seed []byte) ([]byte, func([]byte) ([]byte, error)) {
			dk, err := mlkem.NewDecapsulationKey1024(seed)
			if err != nil {
				panic(err)
			}
			return dk.EncapsulationKey().Bytes(), dk.Decapsulate
		},
		func(ek []byte) ([]byte, []byte) {
			k, err := mlkem.NewEncapsulationKey1024(ek)
			if err != nil {
				panic(err)
			}
			return k.Encapsulate()
		},
		func(ek, m []byte) ([]byte, []byte) {
			k, _ := mlkem.NewEncapsulationKey1024(ek)
			ss, ct, err := mlkemtest.Encapsulate1024(k, m)
			if err != nil {
				panic(err)
			}
			return ss, ct
		},
		mlkem1024.Scheme(),
	},
}

func TestKEMContract(t *testing.T) {
	for _, p := range kemParamSets {
		t.Run(p.name, func(t *testing.T) {
			seed := make([]byte, 64)
			rand.Read(seed)
			if Support(FamilyKEM, p.kind) == Absent {
				if _, err := KEMNew("test", p.kind, seed, nil); !errors.Is(err, ErrUnsupported) {
					t.Errorf("kem_new on a fork without %s: %v, want ErrUnsupported", p.name, err)
				}
				if _, err := KEMGenerate("test", p.kind); !errors.Is(err, ErrUnsupported) {
					t.Errorf("kem_generate on a fork without %s: %v, want ErrUnsupported", p.name, err)
				}
				return
			}
			wantEK, refDecap := p.fromSeed(seed)

			dk, err := KEMNew("test", p.kind, seed, nil)
			if err != nil {
				t.Fatalf("kem_new(seed): %v", err)
			}
			defer KEMFree(dk)
			ek := make([]byte, p.ekSize)
			gotSeed := make([]byte, 64)
			if !KEMGet(dk, PartPub, ek) || !bytes.Equal(ek, wantEK) {
				t.Fatalf("encapsulation key from the seed differs from crypto/mlkem's")
			}
			if !KEMGet(dk, PartPriv, gotSeed) || !bytes.Equal(gotSeed, seed) {
				t.Errorf("seed read back: %x, want %x", gotSeed, seed)
			}
			if KEMGet(dk, PartPub, make([]byte, p.ekSize-1)) {
				t.Errorf("kem_get into a short buffer succeeded")
			}
			// The expanded decapsulation key is FIPS 203's, as CIRCL encodes it.
			_, refDK := p.circl.DeriveKeyPair(seed)
			wantDK, _ := refDK.MarshalBinary()
			expanded := make([]byte, len(wantDK))
			if !KEMGet(dk, PartExpanded, expanded) || !bytes.Equal(expanded, wantDK) {
				t.Errorf("expanded decapsulation key differs from the reference's")
			}

			// Fork encapsulates, crypto/mlkem decapsulates, and the reverse.
			ct := make([]byte, p.ctSize)
			ss := make([]byte, 32)
			if err := KEMEncapsulate("test", dk, nil, ct, ss); err != nil {
				t.Fatalf("kem_encapsulate: %v", err)
			}
			if ref, err := refDecap(ct); err != nil || !bytes.Equal(ref, ss) {
				t.Errorf("crypto/mlkem decapsulates the fork's ciphertext to %x, want %x (%v)", ref, ss, err)
			}
			refSS, refCT := p.encapsulate(ek)
			got := make([]byte, 32)
			if err := KEMDecapsulate("test", dk, refCT, got); err != nil || !bytes.Equal(got, refSS) {
				t.Errorf("fork decapsulates crypto/mlkem's ciphertext to %x, want %x (%v)", got, refSS, err)
			}
			// Implicit rejection: a corrupted ciphertext gives crypto/mlkem's secret.
			refCT[5] ^= 1
			wantRej, _ := refDecap(refCT)
			if err := KEMDecapsulate("test", dk, refCT, got); err != nil || !bytes.Equal(got, wantRej) {
				t.Errorf("implicit rejection: %x, want %x (%v)", got, wantRej, err)
			}
			if err := KEMDecapsulate("test", dk, refCT[:len(refCT)-1], got); err == nil {
				t.Errorf("kem_decapsulate took a short ciphertext")
			}

			// An encapsulation key alone encapsulates to the seed's key.
			pub, err := KEMNew("test", p.kind, nil, ek)
			if err != nil {
				t.Fatalf("kem_new(ek): %v", err)
			}
			defer KEMFree(pub)
			if err := KEMEncapsulate("test", pub, nil, ct, ss); err != nil {
				t.Fatalf("kem_encapsulate(ek): %v", err)
			}
			if ref, _ := refDecap(ct); !bytes.Equal(ref, ss) {
				t.Errorf("encapsulation with an imported key does not decapsulate")
			}
			if KEMGet(pub, PartPriv, gotSeed) || KEMGet(pub, PartExpanded, make([]byte, len(wantDK))) {
				t.Errorf("an encapsulation key gave a seed or an expanded key")
			}
			if err := KEMDecapsulate("test", pub, ct, got); err == nil {
				t.Errorf("an encapsulation key decapsulated")
			}

			// Deterministic encapsulation, where the fork takes the randomness.
			m := bytes.Repeat([]byte{0x42}, 32)
			wantSS, wantCT := p.encapsulateWithRand(ek, m)
			switch err := KEMEncapsulate("test", pub, m, ct, ss); {
			case errors.Is(err, ErrUnsupported):
				t.Logf("%s: the fork takes no encapsulation randomness", p.name)
			case err != nil:
				t.Errorf("deterministic kem_encapsulate: %v", err)
			case !bytes.Equal(ct, wantCT) || !bytes.Equal(ss, wantSS):
				t.Errorf("deterministic encapsulation differs from crypto/mlkem's")
			}

			// Generated keys give back a seed that regenerates them.
			g, err := KEMGenerate("test", p.kind)
			if err != nil {
				t.Fatalf("kem_generate: %v", err)
			}
			defer KEMFree(g)
			if !KEMGet(g, PartPriv, gotSeed) || !KEMGet(g, PartPub, ek) {
				t.Fatalf("kem_get on a generated key failed")
			}
			if ek2, _ := p.fromSeed(gotSeed); !bytes.Equal(ek2, ek) {
				t.Errorf("a generated key's seed does not give its encapsulation key")
			}

			// Floor loops run.
			if !KEMFloor(FloorKEMGenerate, 2, p.kind, 0, nil) || !KEMFloor(FloorKEMEncapsulate, 2, p.kind, dk, nil) ||
				!KEMFloor(FloorKEMDecapsulate, 2, p.kind, dk, refCT) {
				t.Errorf("kem_floor failed")
			}
		})
	}
}

// TestKEMConcurrent shares one key between goroutines.
func TestKEMConcurrent(t *testing.T) {
	p := kemParamSets[0]
	if Support(FamilyKEM, p.kind) == Absent {
		t.Skipf("%s: the fork lacks it (checked by TestKEMContract)", p.name)
	}
	seed := make([]byte, 64)
	dk, err := KEMNew("test", p.kind, seed, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer KEMFree(dk)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				ct, ss, got := make([]byte, p.ctSize), make([]byte, 32), make([]byte, 32)
				if err := KEMEncapsulate("test", dk, nil, ct, ss); err != nil {
					t.Error(err)
					return
				}
				if err := KEMDecapsulate("test", dk, ct, got); err != nil || !bytes.Equal(got, ss) {
					t.Errorf("round trip: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}
