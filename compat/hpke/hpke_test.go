package hpke

import (
	"bytes"
	"crypto/ecdh"
	stdhpke "crypto/hpke"
	"crypto/mlkem"
	"crypto/sha3"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// The standard library's own vectors (crypto/hpke/testdata, read from
// GOROOT at test time) on the fork: the recipient side of every vector whose
// suite the leg computes, the sender side too for DHKEM (through
// SetTestingEphemeral), and for every other suite of crypto/hpke's API an
// error wrapping the class compat.Capabilities predicts.

type stdVector struct {
	Mode        uint16 `json:"mode"`
	KEM         uint16 `json:"kem_id"`
	KDF         uint16 `json:"kdf_id"`
	AEAD        uint16 `json:"aead_id"`
	Info        string `json:"info"`
	IkmE        string `json:"ikmE"`
	IkmR        string `json:"ikmR"`
	SkRm        string `json:"skRm"`
	PkRm        string `json:"pkRm"`
	Enc         string `json:"enc"`
	Encryptions []struct {
		Aad string `json:"aad"`
		Ct  string `json:"ct"`
		Pt  string `json:"pt"`
	} `json:"encryptions"`
	Exports []struct {
		Context string `json:"exporter_context"`
		L       int    `json:"L"`
		Value   string `json:"exported_value"`
	} `json:"exports"`
	AccEncryptions string `json:"encryptions_accumulated"`
	AccExports     string `json:"exports_accumulated"`
}

func goroot(t testing.TB) string {
	if r := runtime.GOROOT(); r != "" {
		return r
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("finding GOROOT: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func loadStdVectors(t testing.TB, name string) []stdVector {
	path := filepath.Join(goroot(t), "src", "crypto", "hpke", "testdata", name+".json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the standard library's vectors: %v", err)
	}
	var vs []stdVector
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatalf("%s: no vectors", path)
	}
	return vs
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// capability returns compat's row for name.
func capability(t testing.TB, name string) compat.Capability {
	t.Helper()
	for _, c := range compat.Capabilities() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("compat.Capabilities has no row %q", name)
	return compat.Capability{}
}

// refusal returns nil when the leg computes every primitive in names, or
// the class of error (compat.ErrUnsupported or compat.ErrFIPS) the first one
// it cannot must give, with that primitive's name.
func refusal(t testing.TB, names ...string) (error, string) {
	for _, n := range names {
		c := capability(t, n)
		switch {
		case c.Status == compat.Unsupported:
			return compat.ErrUnsupported, n
		case !c.Allowed:
			return compat.ErrFIPS, n
		}
	}
	return nil, ""
}

var curvePrimitive = map[ecdh.Curve]string{
	ecdh.P256():   "ECDSA/ECDH P-256",
	ecdh.P384():   "ECDSA/ECDH P-384",
	ecdh.P521():   "ECDSA/ECDH P-521",
	ecdh.X25519(): "X25519",
}

// keyNeeds lists the primitives that NewPrivateKey and the encapsulation of
// kem need; deriveNeeds those DeriveKeyPair adds.
func keyNeeds(kem KEM) (key, derive []string) {
	switch k := kem.(type) {
	case *dhKEM:
		return []string{curvePrimitive[k.curve], "HKDF"}, nil
	case *mlkemKEM:
		return []string{k.name}, []string{"SHAKE256"}
	case *hybridKEM:
		return []string{k.pq.name, curvePrimitive[k.curve], "SHA3-256", "SHAKE256"}, nil
	}
	panic(fmt.Sprintf("unknown KEM %T", kem))
}

func suiteNeeds(kdf KDF, aead AEAD) []string {
	var n []string
	switch k := kdf.(type) {
	case *hkdfKDF:
		n = append(n, "HKDF")
	case *shakeKDF:
		n = append(n, k.name)
	}
	switch aead.ID() {
	case 0x0001, 0x0002:
		n = append(n, "AES-GCM")
	case 0x0003:
		n = append(n, "ChaCha20-Poly1305")
	}
	return n
}

// drawInput reads a length byte, then that many bytes, as the standard
// library's accumulated vectors do.
func drawInput(t testing.TB, r io.Reader) []byte {
	var l [1]byte
	if _, err := r.Read(l[:]); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, l[0])
	if _, err := r.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

type vectorTally struct {
	full, recipientOnly, refused, outside int
}

func TestStdlibVectors(t *testing.T) {
	for _, file := range []string{"rfc9180", "hpke-pq"} {
		t.Run(file, func(t *testing.T) {
			var tally vectorTally
			for _, v := range loadStdVectors(t, file) {
				name := fmt.Sprintf("mode=%d/kem=%#04x/kdf=%#04x/aead=%#04x", v.Mode, v.KEM, v.KDF, v.AEAD)
				t.Run(name, func(t *testing.T) { runStdVector(t, v, &tally) })
			}
			t.Logf("%s.json on %s: %d checked on both sides, %d on the recipient side, %d refused as compat.Capabilities says, %d outside crypto/hpke's API",
				file, compat.Backend().Fork, tally.full, tally.recipientOnly, tally.refused, tally.outside)
		})
	}
}

func runStdVector(t *testing.T, v stdVector, tally *vectorTally) {
	kem, errK := NewKEM(v.KEM)
	kdf, errD := NewKDF(v.KDF)
	aead, errA := NewAEAD(v.AEAD)
	if err := errors.Join(errK, errD, errA); err != nil || v.Mode != 0 {
		// X448, ML-KEM-512 and the TurboSHAKE KDFs: crypto/hpke has none of them.
		if _, e1 := stdhpke.NewKEM(v.KEM); e1 == nil && errK != nil {
			t.Fatalf("crypto/hpke has KEM %#04x, this package does not: %v", v.KEM, err)
		}
		if _, e2 := stdhpke.NewKDF(v.KDF); e2 == nil && errD != nil {
			t.Fatalf("crypto/hpke has KDF %#04x, this package does not: %v", v.KDF, err)
		}
		if _, e3 := stdhpke.NewAEAD(v.AEAD); e3 == nil && errA != nil {
			t.Fatalf("crypto/hpke has AEAD %#04x, this package does not: %v", v.AEAD, err)
		}
		tally.outside++
		t.Logf("outside crypto/hpke's API: %v", err)
		return
	}
	if kem.ID() != v.KEM || kdf.ID() != v.KDF || aead.ID() != v.AEAD {
		t.Fatalf("identifiers %#04x %#04x %#04x", kem.ID(), kdf.ID(), aead.ID())
	}
	info, skRm, pkRm, enc := unhex(t, v.Info), unhex(t, v.SkRm), unhex(t, v.PkRm), unhex(t, v.Enc)
	keyN, deriveN := keyNeeds(kem)

	// Refusals: the key functions, or NewRecipient, must name the class.
	if class, prim := refusal(t, keyN...); class != nil {
		_, err := kem.NewPrivateKey(skRm)
		if !errors.Is(err, class) {
			t.Fatalf("the leg lacks %s: NewPrivateKey: %v, want an error wrapping %v", prim, err, class)
		}
		tally.refused++
		t.Logf("refused (%s): %v", prim, err)
		return
	}
	sk, err := kem.NewPrivateKey(skRm)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := sk.Bytes(); err != nil {
		t.Fatal(err)
	} else if kem != DHKEM(ecdh.X25519()) && !bytes.Equal(got, skRm) {
		t.Errorf("Bytes: %x, want %x", got, skRm)
	}
	if got := sk.PublicKey().Bytes(); !bytes.Equal(got, pkRm) {
		t.Fatalf("public key %x, want %x", got, pkRm)
	}
	if class, prim := refusal(t, deriveN...); class != nil {
		if _, err := kem.DeriveKeyPair(unhex(t, v.IkmR)); !errors.Is(err, class) {
			t.Errorf("the leg lacks %s: DeriveKeyPair: %v, want an error wrapping %v", prim, err, class)
		}
	} else {
		dk, err := kem.DeriveKeyPair(unhex(t, v.IkmR))
		if err != nil {
			t.Fatal(err)
		}
		if got := dk.PublicKey().Bytes(); !bytes.Equal(got, pkRm) {
			t.Errorf("DeriveKeyPair: public key %x, want %x", got, pkRm)
		}
	}
	if class, prim := refusal(t, suiteNeeds(kdf, aead)...); class != nil {
		_, err := NewRecipient(enc, sk, kdf, aead, info)
		if !errors.Is(err, class) {
			t.Fatalf("the leg lacks %s: NewRecipient: %v, want an error wrapping %v", prim, err, class)
		}
		tally.refused++
		t.Logf("refused (%s): %v", prim, err)
		return
	}

	r, err := NewRecipient(enc, sk, kdf, aead, info)
	if err != nil {
		t.Fatal(err)
	}
	// The sender, derandomized, for DHKEM.
	var s *Sender
	if _, ok := kem.(*dhKEM); ok {
		pk, err := kem.NewPublicKey(pkRm)
		if err != nil {
			t.Fatal(err)
		}
		restore := SetTestingEphemeral(unhex(t, v.IkmE))
		gotEnc, sender, err := NewSender(pk, kdf, aead, info)
		restore()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gotEnc, enc) {
			t.Fatalf("enc %x, want %x", gotEnc, enc)
		}
		s = sender
	}
	if v.AccEncryptions != "" && s == nil {
		t.Fatal("accumulated encryptions need the sender")
	}

	switch {
	case aead == ExportOnly():
		if s != nil {
			if _, err := s.Seal(nil, nil); err == nil {
				t.Error("Seal with ExportOnly: no error")
			}
		}
		if _, err := r.Open(nil, nil); err == nil {
			t.Error("Open with ExportOnly: no error")
		}
	case v.AccEncryptions != "":
		source, sink := sha3.NewSHAKE128(), sha3.NewSHAKE128()
		for range 1000 {
			aad, pt := drawInput(t, source), drawInput(t, source)
			ct, err := s.Seal(aad, pt)
			if err != nil {
				t.Fatal(err)
			}
			sink.Write(ct)
			got, err := r.Open(aad, ct)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, pt) {
				t.Fatalf("Open: %x, want %x", got, pt)
			}
		}
		acc := make([]byte, 16)
		sink.Read(acc)
		if want := unhex(t, v.AccEncryptions); !bytes.Equal(acc, want) {
			t.Errorf("accumulated encryptions %x, want %x", acc, want)
		}
	default:
		for i, e := range v.Encryptions {
			aad, pt, want := unhex(t, e.Aad), unhex(t, e.Pt), unhex(t, e.Ct)
			if s != nil {
				ct, err := s.Seal(aad, pt)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(ct, want) {
					t.Errorf("encryption %d: %x, want %x", i, ct, want)
				}
			}
			got, err := r.Open(aad, want)
			if err != nil {
				t.Fatalf("encryption %d: %v", i, err)
			}
			if !bytes.Equal(got, pt) {
				t.Errorf("encryption %d: %x, want %x", i, got, pt)
			}
		}
	}

	if v.AccExports != "" {
		source, sink := sha3.NewSHAKE128(), sha3.NewSHAKE128()
		for l := range 1000 {
			ctx := string(drawInput(t, source))
			got, err := r.Export(ctx, l)
			if err != nil {
				t.Fatal(err)
			}
			sink.Write(got)
			if s != nil {
				sent, err := s.Export(ctx, l)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(sent, got) {
					t.Fatalf("export of %d bytes: sender %x, recipient %x", l, sent, got)
				}
			}
		}
		acc := make([]byte, 16)
		sink.Read(acc)
		if want := unhex(t, v.AccExports); !bytes.Equal(acc, want) {
			t.Errorf("accumulated exports %x, want %x", acc, want)
		}
	}
	for i, e := range v.Exports {
		ctx, want := string(unhex(t, e.Context)), unhex(t, e.Value)
		got, err := r.Export(ctx, e.L)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("export %d: %x, want %x", i, got, want)
		}
		if s != nil {
			if got, err := s.Export(ctx, e.L); err != nil || !bytes.Equal(got, want) {
				t.Errorf("sender export %d: %x, %v", i, got, err)
			}
		}
	}
	if s != nil {
		tally.full++
	} else {
		tally.recipientOnly++
	}
}

// suite is one ciphersuite in both packages.
type suite struct {
	kem  KEM
	kdf  KDF
	aead AEAD
}

func (s suite) String() string {
	return fmt.Sprintf("kem=%#04x/kdf=%#04x/aead=%#04x", s.kem.ID(), s.kdf.ID(), s.aead.ID())
}

func (s suite) std(t testing.TB) (stdhpke.KEM, stdhpke.KDF, stdhpke.AEAD) {
	k, err := stdhpke.NewKEM(s.kem.ID())
	if err != nil {
		t.Fatal(err)
	}
	d, err := stdhpke.NewKDF(s.kdf.ID())
	if err != nil {
		t.Fatal(err)
	}
	a, err := stdhpke.NewAEAD(s.aead.ID())
	if err != nil {
		t.Fatal(err)
	}
	return k, d, a
}

// suiteRefusal is refusal for everything s needs to make keys and messages.
func suiteRefusal(t testing.TB, s suite) (error, string) {
	key, _ := keyNeeds(s.kem)
	return refusal(t, append(key, suiteNeeds(s.kdf, s.aead)...)...)
}

var interopSuites = []suite{
	{DHKEM(ecdh.X25519()), HKDFSHA256(), ChaCha20Poly1305()},
	{DHKEM(ecdh.P256()), HKDFSHA256(), AES128GCM()},
	{DHKEM(ecdh.P384()), HKDFSHA384(), AES256GCM()},
	{DHKEM(ecdh.P521()), HKDFSHA512(), AES256GCM()},
	{DHKEM(ecdh.P256()), SHAKE128(), AES128GCM()},
	{DHKEM(ecdh.X25519()), HKDFSHA256(), ExportOnly()},
	{MLKEM768(), HKDFSHA256(), AES128GCM()},
	{MLKEM1024(), SHAKE256(), ChaCha20Poly1305()},
	{MLKEM768X25519(), HKDFSHA256(), AES256GCM()},
	{MLKEM768P256(), SHAKE128(), AES128GCM()},
	{MLKEM1024P384(), HKDFSHA384(), AES256GCM()},
}

// TestInteropStdlib: a message and an export each way between this package
// and crypto/hpke, with keys serialized across.
func TestInteropStdlib(t *testing.T) {
	refused := 0
	for _, s := range interopSuites {
		t.Run(s.String(), func(t *testing.T) {
			if class, prim := suiteRefusal(t, s); class != nil {
				sk, err := s.kem.GenerateKey()
				if err == nil {
					_, _, err = NewSender(sk.PublicKey(), s.kdf, s.aead, nil)
				}
				if !errors.Is(err, class) {
					t.Fatalf("the leg lacks %s: %v, want an error wrapping %v", prim, err, class)
				}
				refused++
				t.Logf("refused (%s): %v", prim, err)
				return
			}
			stdKEM, stdKDF, stdAEAD := s.std(t)
			info, msg := []byte("interop info"), []byte("interop message")

			// This package seals to a crypto/hpke key.
			stdSK, err := stdKEM.GenerateKey()
			if err != nil {
				t.Fatal(err)
			}
			pk, err := s.kem.NewPublicKey(stdSK.PublicKey().Bytes())
			if err != nil {
				t.Fatal(err)
			}
			enc, sender, err := NewSender(pk, s.kdf, s.aead, info)
			if err != nil {
				t.Fatal(err)
			}
			stdR, err := stdhpke.NewRecipient(enc, stdSK, stdKDF, stdAEAD, info)
			if err != nil {
				t.Fatal(err)
			}
			checkPair(t, sender, stdR, msg)

			// crypto/hpke seals to a key of this package.
			sk, err := s.kem.GenerateKey()
			if err != nil {
				t.Fatal(err)
			}
			stdPK, err := stdKEM.NewPublicKey(sk.PublicKey().Bytes())
			if err != nil {
				t.Fatal(err)
			}
			enc, stdS, err := stdhpke.NewSender(stdPK, stdKDF, stdAEAD, info)
			if err != nil {
				t.Fatal(err)
			}
			r, err := NewRecipient(enc, sk, s.kdf, s.aead, info)
			if err != nil {
				t.Fatal(err)
			}
			checkPair(t, stdS, r, msg)

			// Private keys serialize the same way.
			b, err := sk.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			stdSK2, err := stdKEM.NewPrivateKey(b)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(stdSK2.PublicKey().Bytes(), sk.PublicKey().Bytes()) {
				t.Error("crypto/hpke derives another public key from Bytes")
			}
			if s.aead != ExportOnly() {
				ct, err := Seal(pk, s.kdf, s.aead, info, msg)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := stdhpke.Open(stdSK, stdKDF, stdAEAD, info, ct); err != nil || !bytes.Equal(got, msg) {
					t.Errorf("crypto/hpke.Open of Seal: %q, %v", got, err)
				}
				ct, err = stdhpke.Seal(stdPK, stdKDF, stdAEAD, info, msg)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := Open(sk, s.kdf, s.aead, info, ct); err != nil || !bytes.Equal(got, msg) {
					t.Errorf("Open of crypto/hpke.Seal: %q, %v", got, err)
				}
			}
		})
	}
	t.Logf("%d of %d suites refused on %s as compat.Capabilities says", refused, len(interopSuites), compat.Backend().Fork)
}

type sealer interface {
	Seal(aad, plaintext []byte) ([]byte, error)
	Export(string, int) ([]byte, error)
}

type opener interface {
	Open(aad, ciphertext []byte) ([]byte, error)
	Export(string, int) ([]byte, error)
}

// checkPair sends three messages from s to r and compares an export.
func checkPair(t *testing.T, s sealer, r opener, msg []byte) {
	t.Helper()
	e1, err1 := s.Export("ctx", 42)
	e2, err2 := r.Export("ctx", 42)
	if err1 != nil || err2 != nil || !bytes.Equal(e1, e2) {
		t.Fatalf("exports differ: %x (%v), %x (%v)", e1, err1, e2, err2)
	}
	ct, err := s.Seal([]byte("aad"), msg)
	if err != nil {
		if errors.Is(err, errExportOnly) || strings.Contains(err.Error(), "export-only") {
			if _, err := r.Open(nil, nil); err == nil {
				t.Error("Open under ExportOnly: no error")
			}
			return
		}
		t.Fatal(err)
	}
	for i := range 3 {
		if i > 0 {
			if ct, err = s.Seal([]byte("aad"), msg); err != nil {
				t.Fatal(err)
			}
		}
		got, err := r.Open([]byte("aad"), ct)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("message %d: %q, %v", i, got, err)
		}
	}
}

// TestStdlibKeys: crypto/ecdh and crypto/mlkem keys given to the key
// constructors work, imported into the fork.
func TestStdlibKeys(t *testing.T) {
	for _, curve := range []ecdh.Curve{ecdh.P256(), ecdh.P384(), ecdh.P521(), ecdh.X25519()} {
		k, err := curve.GenerateKey(compat.Reader)
		if err != nil {
			t.Fatal(err)
		}
		sk, err := NewDHKEMPrivateKey(k)
		if class, prim := refusal(t, curvePrimitive[curve]); class != nil {
			if !errors.Is(err, class) {
				t.Errorf("the leg lacks %s: NewDHKEMPrivateKey: %v", prim, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := sk.(*dhkemPrivateKey).priv.(*compat.ECDHPrivateKey); !ok {
			t.Errorf("%v: the crypto/ecdh key was not imported into the fork", curve)
		}
		pk, err := NewDHKEMPublicKey(k.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, pk, sk, HKDFSHA256(), AES128GCM())
	}
	if class, prim := refusal(t, "ML-KEM-768"); class != nil {
		dk, err := mlkem.GenerateKey768()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NewMLKEMPrivateKey(dk); !errors.Is(err, class) {
			t.Errorf("the leg lacks %s: NewMLKEMPrivateKey: %v", prim, err)
		}
		if _, err := NewMLKEMPublicKey(dk.EncapsulationKey()); !errors.Is(err, class) {
			t.Errorf("the leg lacks %s: NewMLKEMPublicKey: %v", prim, err)
		}
		return
	}
	dk, err := mlkem.GenerateKey768()
	if err != nil {
		t.Fatal(err)
	}
	sk, err := NewMLKEMPrivateKey(dk)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sk.(*mlkemPrivateKey).dk.(*compat.MLKEMDecapsulationKey); !ok {
		t.Error("the crypto/mlkem key was not imported into the fork")
	}
	pk, err := NewMLKEMPublicKey(dk.EncapsulationKey())
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, pk, sk, HKDFSHA256(), AES128GCM())

	if class, prim := refusal(t, "X25519", "SHA3-256"); class != nil {
		t.Logf("hybrid keys not checked: the leg lacks %s", prim)
		return
	}
	x, err := ecdh.X25519().GenerateKey(compat.Reader)
	if err != nil {
		t.Fatal(err)
	}
	hsk, err := NewHybridPrivateKey(dk, x)
	if err != nil {
		t.Fatal(err)
	}
	hpk, err := NewHybridPublicKey(dk.EncapsulationKey(), x.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	if hpk.KEM() != MLKEM768X25519() {
		t.Errorf("hybrid KEM %#04x", hpk.KEM().ID())
	}
	roundTrip(t, hpk, hsk, HKDFSHA256(), ChaCha20PolyOrAES(t))
	if _, err := hsk.Bytes(); err == nil {
		t.Error("Bytes of a hybrid key made from keys: no error")
	}
	if _, err := NewHybridPublicKey(dk.EncapsulationKey(), mustP384(t).PublicKey()); err == nil {
		t.Error("ML-KEM-768 with P-384: no error")
	}
}

// ChaCha20PolyOrAES is ChaCha20-Poly1305 where the leg allows it.
func ChaCha20PolyOrAES(t testing.TB) AEAD {
	if class, _ := refusal(t, "ChaCha20-Poly1305"); class != nil {
		return AES128GCM()
	}
	return ChaCha20Poly1305()
}

func mustP384(t testing.TB) *ecdh.PrivateKey {
	k, err := ecdh.P384().GenerateKey(compat.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func roundTrip(t *testing.T, pk PublicKey, sk PrivateKey, kdf KDF, aead AEAD) {
	t.Helper()
	ct, err := Seal(pk, kdf, aead, []byte("info"), []byte("message"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Open(sk, kdf, aead, []byte("info"), ct)
	if err != nil || string(got) != "message" {
		t.Fatalf("Open: %q, %v", got, err)
	}
}

// TestModes: PSK, Auth and AuthPSK round trips for every DHKEM, and the
// failures RFC 9180 asks for.
func TestModes(t *testing.T) {
	psk, pskID := bytes.Repeat([]byte{0x42}, 32), []byte("psk id")
	info := []byte("modes")
	for _, curve := range []ecdh.Curve{ecdh.P256(), ecdh.P384(), ecdh.P521(), ecdh.X25519()} {
		kem := DHKEM(curve)
		kdfs := []KDF{HKDFSHA256(), HKDFSHA512()}
		if class, _ := refusal(t, "SHAKE256"); class == nil {
			kdfs = append(kdfs, SHAKE256())
		}
		for _, kdf := range kdfs {
			t.Run(fmt.Sprintf("kem=%#04x/kdf=%#04x", kem.ID(), kdf.ID()), func(t *testing.T) {
				if class, prim := refusal(t, curvePrimitive[curve]); class != nil {
					if _, err := kem.GenerateKey(); !errors.Is(err, class) {
						t.Fatalf("the leg lacks %s: %v", prim, err)
					}
					t.Skipf("the leg lacks %s (refused as compat.Capabilities says)", prim)
				}
				skR, _ := kem.GenerateKey()
				skS, _ := kem.GenerateKey()
				other, _ := kem.GenerateKey()
				pkR, pkS := skR.PublicKey(), skS.PublicKey()
				aead := AES256GCM()

				enc, s, err := NewSenderWithPSK(pkR, kdf, aead, info, psk, pskID)
				if err != nil {
					t.Fatal(err)
				}
				r, err := NewRecipientWithPSK(enc, skR, kdf, aead, info, psk, pskID)
				if err != nil {
					t.Fatal(err)
				}
				checkPair(t, s, r, []byte("psk"))
				wrongPSK := bytes.Repeat([]byte{0x43}, 32)
				r, _ = NewRecipientWithPSK(enc, skR, kdf, aead, info, wrongPSK, pskID)
				ct, _ := s.Seal(nil, []byte("x"))
				if _, err := r.Open(nil, ct); !errors.Is(err, compat.ErrAuthentication) {
					t.Errorf("a wrong PSK: %v", err)
				}
				if r, err := NewRecipient(enc, skR, kdf, aead, info); err == nil {
					if _, err := r.Open(nil, ct); err == nil {
						t.Error("a PSK-mode message opened in base mode")
					}
				}

				enc, s, err = NewAuthSender(pkR, skS, kdf, aead, info)
				if err != nil {
					t.Fatal(err)
				}
				r, err = NewAuthRecipient(enc, skR, pkS, kdf, aead, info)
				if err != nil {
					t.Fatal(err)
				}
				checkPair(t, s, r, []byte("auth"))
				r, _ = NewAuthRecipient(enc, skR, other.PublicKey(), kdf, aead, info)
				ct, _ = s.Seal(nil, []byte("x"))
				if _, err := r.Open(nil, ct); !errors.Is(err, compat.ErrAuthentication) {
					t.Errorf("another sender's key: %v", err)
				}

				enc, s, err = NewAuthSenderWithPSK(pkR, skS, kdf, aead, info, psk, pskID)
				if err != nil {
					t.Fatal(err)
				}
				r, err = NewAuthRecipientWithPSK(enc, skR, pkS, kdf, aead, info, psk, pskID)
				if err != nil {
					t.Fatal(err)
				}
				checkPair(t, s, r, []byte("authpsk"))

				// RFC 9180's PSK rules.
				for _, c := range []struct {
					name       string
					psk, pskID []byte
				}{
					{"no PSK", nil, nil},
					{"PSK without ID", psk, nil},
					{"ID without PSK", nil, pskID},
					{"short PSK", psk[:31], pskID},
				} {
					if _, _, err := NewSenderWithPSK(pkR, kdf, aead, info, c.psk, c.pskID); err == nil {
						t.Errorf("NewSenderWithPSK, %s: no error", c.name)
					}
					if _, err := NewRecipientWithPSK(enc, skR, kdf, aead, info, c.psk, c.pskID); err == nil {
						t.Errorf("NewRecipientWithPSK, %s: no error", c.name)
					}
					if _, _, err := NewAuthSenderWithPSK(pkR, skS, kdf, aead, info, c.psk, c.pskID); err == nil {
						t.Errorf("NewAuthSenderWithPSK, %s: no error", c.name)
					}
				}
				// Auth needs keys of one DHKEM.
				if _, _, err := NewAuthSender(pkR, nil, kdf, aead, info); err == nil {
					t.Error("NewAuthSender without a sender key: no error")
				}
				otherKEM := DHKEM(ecdh.P256())
				if kem == otherKEM {
					otherKEM = DHKEM(ecdh.P384())
				}
				if wrong, err := otherKEM.GenerateKey(); err == nil {
					if _, _, err := NewAuthSender(pkR, wrong, kdf, aead, info); err == nil {
						t.Error("NewAuthSender with another KEM's key: no error")
					}
					if _, err := NewAuthRecipient(enc, skR, wrong.PublicKey(), kdf, aead, info); err == nil {
						t.Error("NewAuthRecipient with another KEM's key: no error")
					}
				}
			})
		}
	}
	// The Auth modes are DHKEM's alone.
	if class, _ := refusal(t, "ML-KEM-768"); class == nil {
		sk, err := MLKEM768().GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := NewAuthSender(sk.PublicKey(), sk, HKDFSHA256(), AES128GCM(), nil); err == nil {
			t.Error("NewAuthSender with ML-KEM: no error")
		}
		if _, err := NewAuthRecipient(make([]byte, 1088), sk, sk.PublicKey(), HKDFSHA256(), AES128GCM(), nil); err == nil {
			t.Error("NewAuthRecipient with ML-KEM: no error")
		}
	}
}

// TestErrors: bad input gives the documented errors, never a panic.
func TestErrors(t *testing.T) {
	kdf, aead := HKDFSHA256(), AES128GCM()
	for _, curve := range []ecdh.Curve{ecdh.P256(), ecdh.X25519()} {
		kem := DHKEM(curve)
		if class, _ := refusal(t, curvePrimitive[curve]); class != nil {
			continue
		}
		sk, err := kem.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		enc, s, err := NewSender(sk.PublicKey(), kdf, aead, nil)
		if err != nil {
			t.Fatal(err)
		}
		// enc of the wrong length.
		for _, bad := range [][]byte{nil, enc[:len(enc)-1], append(bytes.Clone(enc), 0)} {
			if _, err := NewRecipient(bad, sk, kdf, aead, nil); !errors.Is(err, compat.ErrInvalidKey) {
				t.Errorf("%#04x: enc of %d bytes: %v", kem.ID(), len(bad), err)
			}
		}
		if curve == ecdh.P256() {
			offCurve := bytes.Clone(enc)
			offCurve[len(offCurve)-1] ^= 1
			if _, err := NewRecipient(offCurve, sk, kdf, aead, nil); !errors.Is(err, compat.ErrInvalidKey) {
				t.Errorf("off-curve enc: %v", err)
			}
		} else {
			// A low-order point: the shared secret is all zeros.
			if _, err := NewRecipient(make([]byte, 32), sk, kdf, aead, nil); !errors.Is(err, compat.ErrInvalidKey) {
				t.Errorf("X25519 zero point: %v", err)
			}
			if _, err := kem.NewPublicKey(make([]byte, 31)); err == nil {
				t.Error("a 31-byte X25519 public key: no error")
			}
			// Sending to a low-order recipient key, call by call and in one call.
			lowOrder, err := kem.NewPublicKey(make([]byte, 32))
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := NewSender(lowOrder, kdf, aead, nil); !errors.Is(err, compat.ErrInvalidKey) {
				t.Errorf("NewSender to the X25519 zero point: %v", err)
			}
			if _, err := Seal(lowOrder, kdf, aead, nil, []byte("message")); !errors.Is(err, compat.ErrInvalidKey) {
				t.Errorf("Seal to the X25519 zero point: %v", err)
			}
		}
		r, err := NewRecipient(enc, sk, kdf, aead, nil)
		if err != nil {
			t.Fatal(err)
		}
		ct, _ := s.Seal(nil, []byte("message"))
		for _, bad := range [][]byte{nil, ct[:len(ct)-1], append(bytes.Clone(ct[:len(ct)-1]), ct[len(ct)-1]^1)} {
			if _, err := r.Open(nil, bad); !errors.Is(err, compat.ErrAuthentication) {
				t.Errorf("tampered ciphertext of %d bytes: %v", len(bad), err)
			}
		}
		if got, err := r.Open(nil, ct); err != nil || string(got) != "message" {
			t.Errorf("Open after failures: %q, %v", got, err)
		}
		// Export lengths.
		for _, l := range []int{-1, 65536, 255*32 + 1} {
			if _, err := s.Export("", l); err == nil {
				t.Errorf("Export of %d bytes: no error", l)
			}
		}
		if b, err := s.Export("", 255*32); err != nil || len(b) != 255*32 {
			t.Errorf("Export of 8160 bytes: %d, %v", len(b), err)
		}
		// Sequence number limit.
		SetTestingSequence(s, math.MaxUint64-1)
		if _, err := s.Seal(nil, nil); err != nil {
			t.Errorf("the last sequence number: %v", err)
		}
		if _, err := s.Seal(nil, nil); !errors.Is(err, errSeqOverflow) {
			t.Errorf("sequence overflow: %v", err)
		}
		SetTestingSequence(r, math.MaxUint64)
		if _, err := r.Open(nil, ct); !errors.Is(err, errSeqOverflow) {
			t.Errorf("recipient sequence overflow: %v", err)
		}
		// ExportOnly.
		enc, s, err = NewSender(sk.PublicKey(), kdf, ExportOnly(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Seal(nil, nil); !errors.Is(err, errExportOnly) {
			t.Errorf("Seal under ExportOnly: %v", err)
		}
		r, err = NewRecipient(enc, sk, kdf, ExportOnly(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Open(nil, nil); !errors.Is(err, errExportOnly) {
			t.Errorf("Open under ExportOnly: %v", err)
		}
		if _, err := Open(sk, kdf, aead, nil, enc[:3]); err == nil {
			t.Error("Open of a ciphertext shorter than enc: no error")
		}
	}
	// Unknown identifiers, nil components, other curves.
	if _, err := NewKEM(0x0021); err == nil {
		t.Error("NewKEM(X448): no error")
	}
	if _, err := NewKDF(0x0012); err == nil {
		t.Error("NewKDF(TurboSHAKE128): no error")
	}
	if _, err := NewAEAD(0x0004); err == nil {
		t.Error("NewAEAD(4): no error")
	}
	if _, _, err := NewSender(nil, kdf, aead, nil); err == nil {
		t.Error("NewSender(nil): no error")
	}
	if _, err := DHKEM(nil).GenerateKey(); err == nil {
		t.Error("DHKEM(nil): no error")
	}
}

// TestUnsupportedNamed: a suite the leg cannot compute names the missing
// primitive in its error.
func TestUnsupportedNamed(t *testing.T) {
	checked := 0
	for _, c := range []struct {
		prim string
		try  func() error
	}{
		{"SHAKE128", func() error {
			sk, err := DHKEM(ecdh.P256()).GenerateKey()
			if err != nil {
				return err
			}
			_, _, err = NewSender(sk.PublicKey(), SHAKE128(), AES128GCM(), nil)
			return err
		}},
		{"ML-KEM-768", func() error { _, err := MLKEM768().GenerateKey(); return err }},
		{"ML-KEM-1024", func() error { _, err := MLKEM1024().GenerateKey(); return err }},
		{"SHAKE256", func() error {
			if class, _ := refusal(t, "ML-KEM-768"); class != nil {
				return compat.ErrUnsupported // named by the ML-KEM row
			}
			_, err := MLKEM768().DeriveKeyPair([]byte("ikm"))
			return err
		}},
	} {
		class, _ := refusal(t, c.prim)
		if class == nil {
			continue
		}
		err := c.try()
		if !errors.Is(err, class) {
			t.Errorf("%s: %v, want an error wrapping %v", c.prim, err, class)
			continue
		}
		if err != compat.ErrUnsupported && !strings.Contains(err.Error(), c.prim) {
			t.Errorf("%s: the error does not name it: %v", c.prim, err)
		}
		checked++
		t.Logf("%s: %v", c.prim, err)
	}
	t.Logf("%d missing primitives checked on %s", checked, compat.Backend().Fork)
}

func TestSingletons(t *testing.T) {
	if HKDFSHA256() != HKDFSHA256() || SHAKE256() != SHAKE256() || AES128GCM() != AES128GCM() ||
		ExportOnly() != ExportOnly() || DHKEM(ecdh.P256()) != DHKEM(ecdh.P256()) ||
		MLKEM768X25519() != MLKEM768X25519() || MLKEM1024() != MLKEM1024() {
		t.Error("constructors return different values")
	}
	for _, id := range []uint16{0x0010, 0x0011, 0x0012, 0x0020, 0x0041, 0x0042, 0x647a, 0x0050, 0x0051} {
		k, err := NewKEM(id)
		if err != nil || k.ID() != id {
			t.Errorf("NewKEM(%#04x): %v", id, err)
		}
	}
}

// TestKeyScheduleContextCache checks that a cached key_schedule_context is
// the one the fork computes, that an entry differing in any field is not
// taken for the query's, and that inputs above the bound are not kept.
func TestKeyScheduleContextCache(t *testing.T) {
	kdf := HKDFSHA256()
	sid := suiteIDOf(0x0020, kdf.ID(), 0x0001)
	uncached := func(mode byte, pskID, info []byte) []byte {
		pskIDHash, err := kdf.labeledExtract(sid, nil, "psk_id_hash", pskID)
		if err != nil {
			t.Fatal(err)
		}
		infoHash, err := kdf.labeledExtract(sid, nil, "info_hash", info)
		if err != nil {
			t.Fatal(err)
		}
		return append(append([]byte{mode}, pskIDHash...), infoHash...)
	}
	pskID, info := []byte("id"), []byte("context cache test")
	want := uncached(modePSK, pskID, info)
	first, err := keyScheduleContext(kdf, sid, modePSK, pskID, info)
	if err != nil {
		t.Fatal(err)
	}
	again, err := keyScheduleContext(kdf, sid, modePSK, bytes.Clone(pskID), bytes.Clone(info))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, want) || &again[0] != &first[0] {
		t.Error("a repeated key schedule context was not the cached, correct one")
	}
	// An entry for a key that differs from the query's in one field, planted
	// in the query's slot, must be recomputed over, not returned.
	stale := []byte("stale")
	query := contextKey(nil, sid, modePSK, pskID, info)
	for _, k := range []struct {
		name        string
		sid         []byte
		mode        byte
		pskID, info []byte
	}{
		{"suite", suiteIDOf(0x0010, kdf.ID(), 0x0001), modePSK, pskID, info},
		{"KDF", suiteIDOf(0x0020, HKDFSHA384().ID(), 0x0001), modePSK, pskID, info},
		{"mode", sid, modeAuthPSK, pskID, info},
		{"PSK ID", sid, modePSK, []byte("iD"), info},
		{"info", sid, modePSK, pskID, []byte("context cache tesT")},
		{"PSK ID / info boundary", sid, modePSK, []byte("idc"), []byte("ontext cache test")},
	} {
		contextCache.Slot(query).Put(contextKey(nil, k.sid, k.mode, k.pskID, k.info), stale)
		got, err := keyScheduleContext(kdf, sid, modePSK, pskID, info)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("an entry differing in %s answered the query: %x", k.name, got)
		}
	}
	long := make([]byte, contextKeyMax)
	a, _ := keyScheduleContext(kdf, sid, modeBase, nil, long)
	b, _ := keyScheduleContext(kdf, sid, modeBase, nil, long)
	if !bytes.Equal(a, uncached(modeBase, nil, long)) || !bytes.Equal(a, b) || &a[0] == &b[0] {
		t.Error("an info above the bound was cached, or computed wrongly")
	}
}
