package compat_test

// ML-KEM against outside truth on every leg: NIST ACVP keyGen and
// encapDecap, and differential runs against crypto/mlkem both ways. On a
// fork without ML-KEM every entry point must fail with ErrUnsupported, as
// Capabilities says.

import (
	"bytes"
	"crypto"
	"crypto/mlkem"
	"crypto/rand"
	"errors"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

type mlkemSet struct {
	name     string
	generate func() (*compat.MLKEMDecapsulationKey, error)
	fromSeed func([]byte) (*compat.MLKEMDecapsulationKey, error)
	fromEK   func([]byte) (*compat.MLKEMEncapsulationKey, error)
	stdSeed  func([]byte) (crypto.Decapsulator, []byte) // the standard library's key and its encapsulation key
	stdEK    func([]byte) (crypto.Encapsulator, error)
	ekSize   int
	ctSize   int
}

var mlkemSets = []mlkemSet{
	{"ML-KEM-768", compat.GenerateKeyMLKEM768, compat.NewDecapsulationKeyMLKEM768, compat.NewEncapsulationKeyMLKEM768,
		func(seed []byte) (crypto.Decapsulator, []byte) {
			k, err := mlkem.NewDecapsulationKey768(seed)
			if err != nil {
				panic(err)
			}
			return k, k.EncapsulationKey().Bytes()
		},
		func(b []byte) (crypto.Encapsulator, error) { return mlkem.NewEncapsulationKey768(b) },
		mlkem.EncapsulationKeySize768, mlkem.CiphertextSize768},
	{"ML-KEM-1024", compat.GenerateKeyMLKEM1024, compat.NewDecapsulationKeyMLKEM1024, compat.NewEncapsulationKeyMLKEM1024,
		func(seed []byte) (crypto.Decapsulator, []byte) {
			k, err := mlkem.NewDecapsulationKey1024(seed)
			if err != nil {
				panic(err)
			}
			return k, k.EncapsulationKey().Bytes()
		},
		func(b []byte) (crypto.Encapsulator, error) { return mlkem.NewEncapsulationKey1024(b) },
		mlkem.EncapsulationKeySize1024, mlkem.CiphertextSize1024},
}

// mlkemAvailable reports whether the fork offers the set; when it does not,
// it checks that every entry point says ErrUnsupported (or ErrFIPS where a
// FIPS module refuses it).
func mlkemAvailable(t *testing.T, s mlkemSet) bool {
	t.Helper()
	c := capabilityNamed(t, s.name)
	if c.Allowed {
		return true
	}
	want := compat.ErrFIPS
	if c.Status == compat.Unsupported {
		want = compat.ErrUnsupported
	}
	_, ek := s.stdSeed(make([]byte, 64))
	if _, err := s.generate(); !errors.Is(err, want) {
		t.Errorf("%s generate: %v, want %v", s.name, err, want)
	}
	if _, err := s.fromSeed(make([]byte, 64)); !errors.Is(err, want) {
		t.Errorf("%s from a seed: %v, want %v", s.name, err, want)
	}
	if _, err := s.fromEK(ek); !errors.Is(err, want) {
		t.Errorf("%s encapsulation key: %v, want %v", s.name, err, want)
	}
	t.Logf("%s on %s: %s; every entry point says so", s.name, compat.Backend().Fork, c.Status)
	return false
}

func TestMLKEMDifferential(t *testing.T) {
	for _, s := range mlkemSets {
		t.Run(s.name, func(t *testing.T) {
			if !mlkemAvailable(t, s) {
				return
			}
			for range 20 {
				seed := make([]byte, 64)
				rand.Read(seed)
				std, stdEK := s.stdSeed(seed)
				dk, err := s.fromSeed(seed)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(dk.EncapsulationKey().Bytes(), stdEK) {
					t.Fatal("the seed gives another encapsulation key than crypto/mlkem's")
				}
				if !bytes.Equal(dk.Bytes(), seed) {
					t.Fatal("Bytes() is not the seed")
				}
				// Fork encapsulates, crypto/mlkem decapsulates.
				ss, ct := dk.EncapsulationKey().Encapsulate()
				if got, err := std.Decapsulate(ct); err != nil || !bytes.Equal(got, ss) {
					t.Fatalf("crypto/mlkem decapsulates the fork's ciphertext to %x, %v; want %x", got, err, ss)
				}
				// crypto/mlkem encapsulates, the fork decapsulates.
				ss, ct = std.Encapsulator().Encapsulate()
				if got, err := dk.Decapsulate(ct); err != nil || !bytes.Equal(got, ss) {
					t.Fatalf("the fork decapsulates crypto/mlkem's ciphertext to %x, %v; want %x", got, err, ss)
				}
				// A wrong ciphertext: the same implicit-rejection secret.
				ct[len(ct)-1] ^= 0x80
				want, _ := std.Decapsulate(ct)
				if got, err := dk.Decapsulate(ct); err != nil || !bytes.Equal(got, want) {
					t.Fatalf("implicit rejection: %x, %v; want %x", got, err, want)
				}
				// An imported encapsulation key encapsulates to the seed's key.
				ek, err := s.fromEK(stdEK)
				if err != nil {
					t.Fatal(err)
				}
				ss, ct = ek.Encapsulate()
				if got, _ := std.Decapsulate(ct); !bytes.Equal(got, ss) {
					t.Fatal("an imported encapsulation key's ciphertext does not decapsulate")
				}
				if !ek.Equal(dk.EncapsulationKey()) || !dk.Equal(dk) {
					t.Fatal("Equal")
				}
			}
			// A generated key's seed moves to crypto/mlkem.
			dk, err := s.generate()
			if err != nil {
				t.Fatal(err)
			}
			if _, ek := s.stdSeed(dk.Bytes()); !bytes.Equal(ek, dk.EncapsulationKey().Bytes()) {
				t.Fatal("a generated key's seed gives crypto/mlkem another key")
			}
			if std, ok := dk.Encapsulator().(interface{ Bytes() []byte }); !ok || !bytes.Equal(std.Bytes(), dk.EncapsulationKey().Bytes()) {
				t.Fatalf("Encapsulator() is %T", dk.Encapsulator())
			}
		})
	}
}

// TestMLKEMBadInput: the same errors on every ML-KEM fork, never a crash.
func TestMLKEMBadInput(t *testing.T) {
	for _, s := range mlkemSets {
		t.Run(s.name, func(t *testing.T) {
			if !mlkemAvailable(t, s) {
				return
			}
			for _, n := range []int{0, 32, 63, 65} {
				if _, err := s.fromSeed(make([]byte, n)); !errors.Is(err, compat.ErrInvalidKey) {
					t.Errorf("seed of %d bytes: %v, want ErrInvalidKey", n, err)
				}
			}
			_, ek := s.stdSeed(make([]byte, 64))
			for _, n := range []int{0, s.ekSize - 1, s.ekSize + 1} {
				b := make([]byte, n)
				copy(b, ek)
				if _, err := s.fromEK(b); !errors.Is(err, compat.ErrInvalidKey) {
					t.Errorf("encapsulation key of %d bytes: %v, want ErrInvalidKey", n, err)
				}
			}
			// A coefficient of q = 3329 (0xd01) fails the modulus check, in
			// the first and in the last polynomial, as crypto/mlkem says too.
			for _, at := range []int{0, s.ekSize - 32 - 3} {
				bad := bytes.Clone(ek)
				bad[at], bad[at+1] = 0x01, bad[at+1]&0xf0|0x0d
				if _, err := s.stdEK(bad); err == nil {
					t.Fatalf("crypto/mlkem takes the test's bad key")
				}
				if _, err := s.fromEK(bad); !errors.Is(err, compat.ErrInvalidKey) {
					t.Errorf("coefficient 3329 at byte %d: %v, want ErrInvalidKey", at, err)
				}
			}
			dk, _ := s.fromSeed(make([]byte, 64))
			for _, n := range []int{0, s.ctSize - 1, s.ctSize + 1} {
				if _, err := dk.Decapsulate(make([]byte, n)); err == nil {
					t.Errorf("ciphertext of %d bytes decapsulated", n)
				}
			}
		})
	}
}

// TestMLKEMConcurrent shares one key between goroutines under -race.
func TestMLKEMConcurrent(t *testing.T) {
	s := mlkemSets[0]
	if !mlkemAvailable(t, s) {
		return
	}
	dk, err := s.generate()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				ss, ct := dk.EncapsulationKey().Encapsulate()
				if got, err := dk.Decapsulate(ct); err != nil || !bytes.Equal(got, ss) {
					t.Errorf("round trip: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// ---- NIST ACVP ----

type acvpMLKEMSet struct {
	Algorithm  string `json:"algorithm"`
	Mode       string `json:"mode"`
	VsID       int    `json:"vsId"`
	TestGroups []struct {
		TgID         int    `json:"tgId"`
		TestType     string `json:"testType"`
		Function     string `json:"function"`
		ParameterSet string `json:"parameterSet"`
		Tests        []struct {
			TcID int      `json:"tcId"`
			D    hexBytes `json:"d"`
			Z    hexBytes `json:"z"`
			EK   hexBytes `json:"ek"`
			DK   hexBytes `json:"dk"`
			M    hexBytes `json:"m"`
			C    hexBytes `json:"c"`
			K    hexBytes `json:"k"`
		} `json:"tests"`
	} `json:"testGroups"`
}

func TestACVPMLKEM(t *testing.T) {
	dir := fetchModule(t, acvpModule, acvpVersion)
	prompts := readACVPSets[acvpMLKEMSet](t, filepath.Join(dir, "vectors", "ML-KEM.bz2"))
	expected := readACVPSets[acvpMLKEMSet](t, filepath.Join(dir, "expected", "ML-KEM.bz2"))
	type answer struct{ ek, dk, c, k []byte }
	answers := make(map[[3]int]answer)
	for _, e := range expected {
		for _, g := range e.TestGroups {
			for _, tc := range g.Tests {
				answers[[3]int{e.VsID, g.TgID, tc.TcID}] = answer{tc.EK, tc.DK, tc.C, tc.K}
			}
		}
	}
	sets := map[string]mlkemSet{"ML-KEM-768": mlkemSets[0], "ML-KEM-1024": mlkemSets[1]}
	checked, deterministic := 0, 0
	for _, p := range prompts {
		for _, g := range p.TestGroups {
			s, ok := sets[g.ParameterSet]
			if !ok {
				t.Fatalf("tgId %d: parameter set %q", g.TgID, g.ParameterSet)
			}
			if !mlkemAvailable(t, s) {
				continue
			}
			for _, tc := range g.Tests {
				want := answers[[3]int{p.VsID, g.TgID, tc.TcID}]
				id := p.Mode + " " + g.ParameterSet + " tcId " + strconv.Itoa(tc.TcID)
				switch {
				case p.Mode == "keyGen":
					dk, err := s.fromSeed(append(bytes.Clone(tc.D), tc.Z...))
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					if !bytes.Equal(dk.EncapsulationKey().Bytes(), want.ek) {
						t.Errorf("%s: encapsulation key differs", id)
					}
					// The expected expanded key imports, and is the same key.
					edk, err := compat.NewDecapsulationKeyExpanded(want.dk)
					if err != nil {
						t.Fatalf("%s: expanded key: %v", id, err)
					}
					ss, ct := dk.EncapsulationKey().Encapsulate()
					if got, err := edk.Decapsulate(ct); err != nil || !bytes.Equal(got, ss) {
						t.Errorf("%s: the expanded key decapsulates to %x, %v; want %x", id, got, err, ss)
					}
					checkPKCS8Forms(t, id, dk, append(bytes.Clone(tc.D), tc.Z...), want.dk)
				case p.Mode == "encapDecap" && g.Function == "encapsulation":
					ek, err := s.fromEK(tc.EK)
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					k, c, err := ek.EncapsulateWithRandomness(tc.M)
					if errors.Is(err, compat.ErrUnsupported) {
						t.Logf("%s: skipped: %s takes no encapsulation randomness (%v)", id, compat.Backend().Fork, err)
						continue
					}
					if err != nil || !bytes.Equal(k, want.k) || !bytes.Equal(c, want.c) {
						t.Errorf("%s: deterministic encapsulation: %v", id, err)
					}
					deterministic++
				case p.Mode == "encapDecap" && g.Function == "decapsulation":
					dk, err := compat.NewDecapsulationKeyExpanded(tc.DK)
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					if got, err := dk.Decapsulate(tc.C); err != nil || !bytes.Equal(got, want.k) {
						t.Errorf("%s: decapsulates to %x, %v; want %x", id, got, err, want.k)
					}
				default:
					t.Fatalf("%s: mode %q function %q", id, p.Mode, g.Function)
				}
				checked++
			}
		}
	}
	t.Logf("%d ML-KEM vectors checked (%d deterministic encapsulations)", checked, deterministic)
}
