package hpke

// RFC 9180 Appendix A's test vectors (testdata/rfc9180-test-vectors.json, the
// CFRG repository's test-vectors.json) in all four modes, on both sides:
// the recipient opens every encryption and exports every secret from the
// vector's keys; the sender, given the vector's ephemeral input keying
// material, produces the vector's enc and every ciphertext.
//
// A suite the package does not offer (DHKEM(X448)) or the linked fork cannot
// compute (its primitive reported unsupported, or refused by a FIPS module,
// in compat.Capabilities()) is counted and logged by reason; the test fails
// if it computed none. The helpers for that bookkeeping are shared with
// interop_test.go, fuzz_test.go and bench_test.go.
//
// This is an internal test (package hpke) because the ephemeral-key hook,
// SetTestingEphemeral, lives in export_test.go.

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

const cfrgVectorsFile = "testdata/rfc9180-test-vectors.json"

// cfrgHex is a hex string in the vectors file.
type cfrgHex []byte

func (h *cfrgHex) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := hex.DecodeString(s)
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// The RFC 9180 modes.
const (
	cfrgModeBase    = 0
	cfrgModePSK     = 1
	cfrgModeAuth    = 2
	cfrgModeAuthPSK = 3
)

var cfrgModeNames = [...]string{"base", "psk", "auth", "authpsk"}

type cfrgVector struct {
	Mode  int     `json:"mode"`
	KEM   uint16  `json:"kem_id"`
	KDF   uint16  `json:"kdf_id"`
	AEAD  uint16  `json:"aead_id"`
	Info  cfrgHex `json:"info"`
	IkmR  cfrgHex `json:"ikmR"`
	IkmS  cfrgHex `json:"ikmS"`
	IkmE  cfrgHex `json:"ikmE"`
	SkRm  cfrgHex `json:"skRm"`
	SkSm  cfrgHex `json:"skSm"`
	SkEm  cfrgHex `json:"skEm"`
	PSK   cfrgHex `json:"psk"`
	PSKID cfrgHex `json:"psk_id"`
	PkRm  cfrgHex `json:"pkRm"`
	PkSm  cfrgHex `json:"pkSm"`
	PkEm  cfrgHex `json:"pkEm"`
	Enc   cfrgHex `json:"enc"`

	Encryptions []struct {
		AAD   cfrgHex `json:"aad"`
		CT    cfrgHex `json:"ct"`
		Nonce cfrgHex `json:"nonce"`
		PT    cfrgHex `json:"pt"`
	} `json:"encryptions"`
	Exports []struct {
		Context cfrgHex `json:"exporter_context"`
		L       int     `json:"L"`
		Value   cfrgHex `json:"exported_value"`
	} `json:"exports"`
}

func (v *cfrgVector) name() string {
	return fmt.Sprintf("%s/%s/%s/%s", cfrgModeNames[v.Mode], fcKEMName(v.KEM), fcKDFName(v.KDF), fcAEADName(v.AEAD))
}

var cfrgVectorsOnce struct {
	sync.Once
	v   []cfrgVector
	err error
}

// cfrgVectors reads the vectors file once per test binary.
func cfrgVectors(t testing.TB) []cfrgVector {
	t.Helper()
	cfrgVectorsOnce.Do(func() {
		b, err := os.ReadFile(cfrgVectorsFile)
		if err != nil {
			cfrgVectorsOnce.err = err
			return
		}
		cfrgVectorsOnce.err = json.Unmarshal(b, &cfrgVectorsOnce.v)
	})
	if cfrgVectorsOnce.err != nil {
		t.Fatalf("%s: %v", cfrgVectorsFile, cfrgVectorsOnce.err)
	}
	// RFC 9180 Appendix A: 4 KEMs × 2 KDFs × 4 AEADs × 4 modes.
	if n := len(cfrgVectorsOnce.v); n != 128 {
		t.Fatalf("%s: %d vectors, want 128", cfrgVectorsFile, n)
	}
	return cfrgVectorsOnce.v
}

// cfrgFind returns the first vector of the given mode and suite.
func cfrgFind(t testing.TB, mode int, kem, kdf, aead uint16) *cfrgVector {
	t.Helper()
	vs := cfrgVectors(t)
	for i := range vs {
		if v := &vs[i]; v.Mode == mode && v.KEM == kem && v.KDF == kdf && v.AEAD == aead {
			return v
		}
	}
	t.Fatalf("no vector for mode %d, KEM %#04x, KDF %#04x, AEAD %#04x", mode, kem, kdf, aead)
	return nil
}

// ---- suites: names, and the Capabilities() rows their primitives are reported in ----

func fcKEMName(id uint16) string {
	switch id {
	case 0x0010:
		return "DHKEM(P-256,HKDF-SHA256)"
	case 0x0011:
		return "DHKEM(P-384,HKDF-SHA384)"
	case 0x0012:
		return "DHKEM(P-521,HKDF-SHA512)"
	case 0x0020:
		return "DHKEM(X25519,HKDF-SHA256)"
	case 0x0021:
		return "DHKEM(X448,HKDF-SHA512)"
	case 0x0041:
		return "ML-KEM-768"
	case 0x0042:
		return "ML-KEM-1024"
	case 0x0050:
		return "MLKEM768-P256"
	case 0x0051:
		return "MLKEM1024-P384"
	case 0x647a:
		return "MLKEM768-X25519"
	}
	return fmt.Sprintf("KEM%#04x", id)
}

func fcKDFName(id uint16) string {
	switch id {
	case 0x0001:
		return "HKDF-SHA256"
	case 0x0002:
		return "HKDF-SHA384"
	case 0x0003:
		return "HKDF-SHA512"
	case 0x0010:
		return "SHAKE128"
	case 0x0011:
		return "SHAKE256"
	}
	return fmt.Sprintf("KDF%#04x", id)
}

func fcAEADName(id uint16) string {
	switch id {
	case 0x0001:
		return "AES-128-GCM"
	case 0x0002:
		return "AES-256-GCM"
	case 0x0003:
		return "ChaCha20-Poly1305"
	case 0xffff:
		return "ExportOnly"
	}
	return fmt.Sprintf("AEAD%#04x", id)
}

// fcKEMOffered: the KEMs the package offers (crypto/hpke's set); RFC 9180's
// DHKEM(X448) is not among them.
func fcKEMOffered(id uint16) bool {
	switch id {
	case 0x0010, 0x0011, 0x0012, 0x0020, 0x0041, 0x0042, 0x0050, 0x0051, 0x647a:
		return true
	}
	return false
}

// fcKEMNeeds lists the Capabilities() rows of the primitives a KEM runs in
// the fork: the DHKEMs their curve and the HKDF of their KEM; ML-KEM its
// parameter set; the hybrids ML-KEM, their curve, SHAKE256 (the seed's
// expansion) and SHA3-256 (the combiner).
func fcKEMNeeds(id uint16) []string {
	switch id {
	case 0x0010:
		return []string{"ECDSA/ECDH P-256", "HKDF", "HMAC-SHA-256"}
	case 0x0011:
		return []string{"ECDSA/ECDH P-384", "HKDF", "HMAC-SHA-384"}
	case 0x0012:
		return []string{"ECDSA/ECDH P-521", "HKDF", "HMAC-SHA-512"}
	case 0x0020:
		return []string{"X25519", "HKDF", "HMAC-SHA-256"}
	case 0x0041:
		return []string{"ML-KEM-768"}
	case 0x0042:
		return []string{"ML-KEM-1024"}
	case 0x0050:
		return []string{"ML-KEM-768", "ECDSA/ECDH P-256", "SHAKE256", "SHA3-256"}
	case 0x0051:
		return []string{"ML-KEM-1024", "ECDSA/ECDH P-384", "SHAKE256", "SHA3-256"}
	case 0x647a:
		return []string{"ML-KEM-768", "X25519", "SHAKE256", "SHA3-256"}
	}
	return nil
}

func fcKDFNeeds(id uint16) []string {
	switch id {
	case 0x0001:
		return []string{"HKDF", "HMAC-SHA-256"}
	case 0x0002:
		return []string{"HKDF", "HMAC-SHA-384"}
	case 0x0003:
		return []string{"HKDF", "HMAC-SHA-512"}
	case 0x0010:
		return []string{"SHAKE128"}
	case 0x0011:
		return []string{"SHAKE256"}
	}
	return nil
}

func fcAEADNeeds(id uint16) []string {
	switch id {
	case 0x0001, 0x0002:
		return []string{"AES-GCM"}
	case 0x0003:
		return []string{"ChaCha20-Poly1305"}
	}
	return nil // export-only runs no cipher
}

func fcSuiteNeeds(kem, kdf, aead uint16) []string {
	var needs []string
	for _, n := range [][]string{fcKEMNeeds(kem), fcKDFNeeds(kdf), fcAEADNeeds(aead)} {
		for _, s := range n {
			if !fcContains(needs, s) {
				needs = append(needs, s)
			}
		}
	}
	return needs
}

func fcContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fcMissing splits needs into the rows the fork reports unsupported and
// those a FIPS module in force refuses.
func fcMissing(t testing.TB, needs []string) (unsupported, refused []string) {
	t.Helper()
	for _, n := range needs {
		switch c := capability(t, n); {
		case c.Status == compat.Unsupported:
			unsupported = append(unsupported, n)
		case !c.Allowed:
			refused = append(refused, n)
		}
	}
	return unsupported, refused
}

// fcTally counts the suites (or vectors) a test computed and those the leg
// did not compute, by reason, holding every refusal to Capabilities().
type fcTally struct {
	mu       sync.Mutex
	computed int
	failed   int
	refused  map[string]int
}

func newFCTally() *fcTally { return &fcTally{refused: map[string]int{}} }

func (c *fcTally) add(reason string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refused[reason] += n
}

// notOffered records n cases of a suite the package does not offer.
func (c *fcTally) notOffered(what string, n int) { c.add("not offered by the package: "+what, n) }

// refuse records n cases the leg did not compute because of err, which must
// be the refusal Capabilities() announces for needs: ErrUnsupported where a
// primitive is reported unsupported, ErrFIPS where a FIPS module refuses one.
// Any other error is a test failure, which the caller counts with fail.
func (c *fcTally) refuse(t testing.TB, what string, n int, err error, needs []string) {
	t.Helper()
	unsupported, refused := fcMissing(t, needs)
	switch {
	case err == nil:
		panic("fcTally.refuse without an error")
	case errors.Is(err, compat.ErrUnsupported) && len(unsupported) > 0:
		c.add("unsupported by the fork: "+strings.Join(unsupported, ", "), n)
		return
	case errors.Is(err, compat.ErrFIPS) && len(refused) > 0:
		c.add("refused by the FIPS module: "+strings.Join(refused, ", "), n)
		return
	case errors.Is(err, compat.ErrUnsupported):
		t.Errorf("%s: %v: ErrUnsupported, but Capabilities() reports every primitive it needs (%s) supported", what, err, strings.Join(needs, ", "))
	case errors.Is(err, compat.ErrFIPS):
		t.Errorf("%s: %v: ErrFIPS, but Capabilities() reports every primitive it needs (%s) allowed", what, err, strings.Join(needs, ", "))
	case len(unsupported) > 0:
		t.Errorf("%s: %v: want an error wrapping ErrUnsupported (Capabilities() reports %s unsupported)", what, err, strings.Join(unsupported, ", "))
	case len(refused) > 0:
		t.Errorf("%s: %v: want an error wrapping ErrFIPS (Capabilities() reports %s refused)", what, err, strings.Join(refused, ", "))
	default:
		t.Errorf("%s: %v", what, err)
	}
}

// fail records n cases that failed (the test has reported how).
func (c *fcTally) fail(n int) {
	c.mu.Lock()
	c.failed += n
	c.mu.Unlock()
}

// done records n cases computed without a refusal; Capabilities() must not
// have announced one.
func (c *fcTally) done(t testing.TB, what string, n int, needs []string) {
	t.Helper()
	if unsupported, refused := fcMissing(t, needs); len(unsupported) > 0 || len(refused) > 0 {
		t.Errorf("%s: computed, but Capabilities() reports %s unsupported and %s refused", what, unsupported, refused)
	}
	c.mu.Lock()
	c.computed += n
	c.mu.Unlock()
}

// report logs the counts and fails a test that computed nothing.
func (c *fcTally) report(t testing.TB, unit string) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	reasons := make([]string, 0, len(c.refused))
	total := c.computed + c.failed
	for r, n := range c.refused {
		reasons = append(reasons, fmt.Sprintf("%d %s", n, r))
		total += n
	}
	sort.Strings(reasons)
	t.Logf("%d of %d %s computed, %d failed; not computed: %d", c.computed, total, unit, c.failed, total-c.computed-c.failed)
	for _, r := range reasons {
		t.Logf("  not computed: %s", r)
	}
	if c.computed == 0 {
		t.Errorf("no %s computed", unit)
	}
}

// fcSerializedPrivate is SerializePrivateKey of a vector's private key: the
// scalar itself, clamped for X25519 (RFC 9180, Section 7.1.2).
func fcSerializedPrivate(kem uint16, sk []byte) []byte {
	b := bytes.Clone(sk)
	if kem == 0x0020 && len(b) == 32 {
		b[0] &= 248
		b[31] &= 127
		b[31] |= 64
	}
	return b
}

// ---- the test ----

func TestRFC9180Vectors(t *testing.T) {
	vs := cfrgVectors(t)
	tally := newFCTally()
	encryptions, exports := 0, 0
	for i := range vs {
		v := &vs[i]
		t.Run(v.name(), func(t *testing.T) {
			switch ok := cfrgCheckVector(t, tally, v); {
			case ok:
				encryptions += len(v.Encryptions)
				exports += len(v.Exports)
			case t.Failed():
				tally.fail(1)
			}
		})
	}
	tally.report(t, "vectors")
	t.Logf("%d encryptions and %d exports checked on each side", encryptions, exports)
}

// cfrgCheckVector checks one vector on both sides; it reports whether the
// vector was computed (false when refused as Capabilities() announces).
func cfrgCheckVector(t *testing.T, tally *fcTally, v *cfrgVector) bool {
	what := v.name()
	needs := fcSuiteNeeds(v.KEM, v.KDF, v.AEAD)

	kem, err := NewKEM(v.KEM)
	if err != nil {
		if !fcKEMOffered(v.KEM) {
			tally.notOffered(fcKEMName(v.KEM), 1)
			return false
		}
		tally.refuse(t, what+": NewKEM", 1, err, needs)
		return false
	}
	if !fcKEMOffered(v.KEM) {
		t.Logf("NewKEM(%#04x) unexpectedly offered; checking it", v.KEM)
	}
	kdf, err := NewKDF(v.KDF)
	if err != nil {
		tally.refuse(t, what+": NewKDF", 1, err, needs)
		return false
	}
	aead, err := NewAEAD(v.AEAD)
	if err != nil {
		tally.refuse(t, what+": NewAEAD", 1, err, needs)
		return false
	}
	if kem.ID() != v.KEM || kdf.ID() != v.KDF || aead.ID() != v.AEAD {
		t.Errorf("IDs %#04x/%#04x/%#04x, want %#04x/%#04x/%#04x", kem.ID(), kdf.ID(), aead.ID(), v.KEM, v.KDF, v.AEAD)
	}

	// Keys: the recipient's (and in the Auth modes the sender's) from the
	// serialized private key and from DeriveKeyPair, which must agree; the
	// ephemeral one from DeriveKeyPair(ikmE).
	skR, err := kem.NewPrivateKey(v.SkRm)
	if err != nil {
		tally.refuse(t, what+": NewPrivateKey(skRm)", 1, err, needs)
		return false
	}
	cfrgCheckKey(t, "skRm", skR, v.KEM, v.SkRm, v.PkRm)
	if dR, err := kem.DeriveKeyPair(v.IkmR); err != nil {
		t.Errorf("DeriveKeyPair(ikmR): %v", err)
	} else {
		cfrgCheckKey(t, "DeriveKeyPair(ikmR)", dR, v.KEM, v.SkRm, v.PkRm)
	}
	if dE, err := kem.DeriveKeyPair(v.IkmE); err != nil {
		t.Errorf("DeriveKeyPair(ikmE): %v", err)
	} else {
		cfrgCheckKey(t, "DeriveKeyPair(ikmE)", dE, v.KEM, v.SkEm, v.PkEm)
	}
	pkR, err := kem.NewPublicKey(v.PkRm)
	if err != nil {
		t.Errorf("NewPublicKey(pkRm): %v", err)
		return false
	}
	if !bytes.Equal(pkR.Bytes(), v.PkRm) {
		t.Errorf("NewPublicKey(pkRm).Bytes() = %x, want %x", pkR.Bytes(), v.PkRm)
	}
	auth := v.Mode == cfrgModeAuth || v.Mode == cfrgModeAuthPSK
	var skS PrivateKey
	var pkS PublicKey
	if auth {
		if skS, err = kem.NewPrivateKey(v.SkSm); err != nil {
			t.Errorf("NewPrivateKey(skSm): %v", err)
			return false
		}
		cfrgCheckKey(t, "skSm", skS, v.KEM, v.SkSm, v.PkSm)
		if dS, err := kem.DeriveKeyPair(v.IkmS); err != nil {
			t.Errorf("DeriveKeyPair(ikmS): %v", err)
		} else {
			cfrgCheckKey(t, "DeriveKeyPair(ikmS)", dS, v.KEM, v.SkSm, v.PkSm)
		}
		if pkS, err = kem.NewPublicKey(v.PkSm); err != nil {
			t.Errorf("NewPublicKey(pkSm): %v", err)
			return false
		}
	}

	// Recipient side.
	var r *Recipient
	switch v.Mode {
	case cfrgModeBase:
		r, err = NewRecipient(v.Enc, skR, kdf, aead, v.Info)
	case cfrgModePSK:
		r, err = NewRecipientWithPSK(v.Enc, skR, kdf, aead, v.Info, v.PSK, v.PSKID)
	case cfrgModeAuth:
		r, err = NewAuthRecipient(v.Enc, skR, pkS, kdf, aead, v.Info)
	case cfrgModeAuthPSK:
		r, err = NewAuthRecipientWithPSK(v.Enc, skR, pkS, kdf, aead, v.Info, v.PSK, v.PSKID)
	}
	if err != nil {
		tally.refuse(t, what+": recipient", 1, err, needs)
		return false
	}
	for i, e := range v.Encryptions {
		if i == 0 {
			// A tampered ciphertext first: refused as inauthentic, and
			// without moving the recipient's sequence number on.
			bad := bytes.Clone(e.CT)
			bad[len(bad)-1] ^= 0x80
			if pt, err := r.Open(e.AAD, bad); !errors.Is(err, compat.ErrAuthentication) {
				t.Errorf("Open(tampered encryption 0) = %x, %v; want an error wrapping ErrAuthentication", pt, err)
			}
		}
		pt, err := r.Open(e.AAD, e.CT)
		if err != nil {
			t.Errorf("Open(encryption %d): %v", i, err)
			return false // the sequence numbers are out of step from here
		}
		if !bytes.Equal(pt, e.PT) {
			t.Errorf("Open(encryption %d) = %x, want %x", i, pt, e.PT)
		}
	}
	for i, x := range v.Exports {
		got, err := r.Export(string(x.Context), x.L)
		if err != nil {
			t.Errorf("recipient Export %d: %v", i, err)
		} else if !bytes.Equal(got, x.Value) {
			t.Errorf("recipient Export %d (%x, %d) = %x, want %x", i, x.Context, x.L, got, x.Value)
		}
	}

	// Sender side, with the vector's ephemeral key.
	restore := SetTestingEphemeral(v.IkmE)
	var enc []byte
	var s *Sender
	switch v.Mode {
	case cfrgModeBase:
		enc, s, err = NewSender(pkR, kdf, aead, v.Info)
	case cfrgModePSK:
		enc, s, err = NewSenderWithPSK(pkR, kdf, aead, v.Info, v.PSK, v.PSKID)
	case cfrgModeAuth:
		enc, s, err = NewAuthSender(pkR, skS, kdf, aead, v.Info)
	case cfrgModeAuthPSK:
		enc, s, err = NewAuthSenderWithPSK(pkR, skS, kdf, aead, v.Info, v.PSK, v.PSKID)
	}
	restore()
	if err != nil {
		t.Errorf("sender: %v", err)
		return false
	}
	if !bytes.Equal(enc, v.Enc) {
		t.Errorf("sender enc = %x, want %x", enc, v.Enc)
		return false
	}
	for i, e := range v.Encryptions {
		ct, err := s.Seal(e.AAD, e.PT)
		if err != nil {
			t.Errorf("Seal(encryption %d): %v", i, err)
			return false
		}
		if !bytes.Equal(ct, e.CT) {
			t.Errorf("Seal(encryption %d) = %x, want %x", i, ct, e.CT)
		}
	}
	for i, x := range v.Exports {
		got, err := s.Export(string(x.Context), x.L)
		if err != nil {
			t.Errorf("sender Export %d: %v", i, err)
		} else if !bytes.Equal(got, x.Value) {
			t.Errorf("sender Export %d (%x, %d) = %x, want %x", i, x.Context, x.L, got, x.Value)
		}
	}
	if !t.Failed() {
		tally.done(t, what, 1, needs)
		return true
	}
	return false
}

// cfrgCheckKey checks a private key against the vector's serialized private
// and public keys.
func cfrgCheckKey(t *testing.T, what string, k PrivateKey, kem uint16, sk, pk []byte) {
	t.Helper()
	if k.KEM().ID() != kem {
		t.Errorf("%s: KEM %#04x, want %#04x", what, k.KEM().ID(), kem)
	}
	if got := k.PublicKey().Bytes(); !bytes.Equal(got, pk) {
		t.Errorf("%s: public key %x, want %x", what, got, pk)
	}
	if got, err := k.Bytes(); err != nil {
		t.Errorf("%s: Bytes: %v", what, err)
	} else if want := fcSerializedPrivate(kem, sk); !bytes.Equal(got, want) {
		t.Errorf("%s: Bytes() = %x, want %x", what, got, want)
	}
}
