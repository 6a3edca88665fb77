package compat

import (
	"bytes"
	"crypto/hmac"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"
	"sync"
	"testing"
)

// hashUse builds the digest (recovering the constructor's panic) and checks
// the FIPS 180-4 / FIPS 202 / RFC 1321 answer for "abc".
func hashUse(name string) func() error {
	hc := hashByName(name)
	return func() error {
		var h hash.Hash
		if err := panicError(func() { h = hc.ours() }); err != nil {
			return err
		}
		h.Write([]byte("abc"))
		if got := h.Sum(nil); !bytes.Equal(got, mustHex(hc.abc)) {
			return fmt.Errorf("%s(abc) = %x, want %s", name, got, hc.abc)
		}
		return nil
	}
}

func shakeUse(name string) func() error {
	return func() error {
		for _, sc := range shakeCases {
			if sc.name != name {
				continue
			}
			var x hash.XOF
			if err := panicError(func() { x = sc.ours() }); err != nil {
				return err
			}
			x.Write([]byte("abc"))
			want := mustHex(sc.abc)
			got := make([]byte, len(want))
			x.Read(got)
			if !bytes.Equal(got, want) {
				return fmt.Errorf("%s(abc) = %x, want %x", name, got, want)
			}
			return nil
		}
		return fmt.Errorf("no SHAKE case %s", name)
	}
}

// hmacUse builds the MAC from the standard library's constructor (so that
// the MAC family, not the digest constructor, decides) and compares it with
// crypto/hmac.
func hmacUse(name string) func() error {
	hc := hashByName(name)
	return func() error {
		key := []byte("capability key")
		var m hash.Hash
		if err := panicError(func() { m = NewHMAC(hc.std, key) }); err != nil {
			return err
		}
		m.Write([]byte("abc"))
		ref := hmac.New(hc.std, key)
		ref.Write([]byte("abc"))
		if got, want := m.Sum(nil), ref.Sum(nil); !bytes.Equal(got, want) {
			return fmt.Errorf("HMAC-%s = %x, want %x", name, got, want)
		}
		return nil
	}
}

func aeadUse(name string) func() error {
	return func() error {
		var ac aeadCase
		for _, c := range aeadCases {
			if c.name == name {
				ac = c
			}
		}
		v := aeadVectors[name][0]
		a, err := ac.ours(mustHex(v.key))
		if err != nil {
			return err
		}
		if got := a.Seal(nil, mustHex(v.nonce), mustHex(v.pt), mustHex(v.ad)); !bytes.Equal(got, mustHex(v.out)) {
			return fmt.Errorf("%s %s: Seal = %x, want %s", name, v.name, got, v.out)
		}
		pt, err := a.Open(nil, mustHex(v.nonce), mustHex(v.out), mustHex(v.ad))
		if err != nil || !bytes.Equal(pt, mustHex(v.pt)) {
			return fmt.Errorf("%s %s: Open = %x, %v", name, v.name, pt, err)
		}
		return nil
	}
}

// NIST SP 800-38A F.2.1 (CBC-AES128.Encrypt) and F.5.1 (CTR-AES128.Encrypt),
// first block.
const (
	sp80038aKey   = "2b7e151628aed2a6abf7158809cf4f3c"
	sp80038aBlock = "6bc1bee22e409f96e93d7e117393172a"
)

var capabilityUses = map[string]func() error{
	"MD5":              hashUse("MD5"),
	"SHA-1":            hashUse("SHA-1"),
	"SHA-224":          hashUse("SHA-224"),
	"SHA-256":          hashUse("SHA-256"),
	"SHA-384":          hashUse("SHA-384"),
	"SHA-512":          hashUse("SHA-512"),
	"SHA-512/224":      hashUse("SHA-512/224"),
	"SHA-512/256":      hashUse("SHA-512/256"),
	"SHA3-224":         hashUse("SHA3-224"),
	"SHA3-256":         hashUse("SHA3-256"),
	"SHA3-384":         hashUse("SHA3-384"),
	"SHA3-512":         hashUse("SHA3-512"),
	"SHAKE128":         shakeUse("SHAKE128"),
	"SHAKE256":         shakeUse("SHAKE256"),
	"HMAC-MD5":         hmacUse("MD5"),
	"HMAC-SHA-1":       hmacUse("SHA-1"),
	"HMAC-SHA-224":     hmacUse("SHA-224"),
	"HMAC-SHA-256":     hmacUse("SHA-256"),
	"HMAC-SHA-384":     hmacUse("SHA-384"),
	"HMAC-SHA-512":     hmacUse("SHA-512"),
	"HMAC-SHA-512/224": hmacUse("SHA-512/224"),
	"HMAC-SHA-512/256": hmacUse("SHA-512/256"),
	"HMAC-SHA3-224":    hmacUse("SHA3-224"),
	"HMAC-SHA3-256":    hmacUse("SHA3-256"),
	"HMAC-SHA3-384":    hmacUse("SHA3-384"),
	"HMAC-SHA3-512":    hmacUse("SHA3-512"),
	"AES (block)": func() error {
		v := fips197[0]
		b, err := NewAESCipher(mustHex(v.key))
		if err != nil {
			return err
		}
		got := make([]byte, 16)
		b.Encrypt(got, mustHex(v.pt))
		if !bytes.Equal(got, mustHex(v.ct)) {
			return fmt.Errorf("AES-128 FIPS 197 C.1 = %x, want %s", got, v.ct)
		}
		b.Decrypt(got, got)
		if !bytes.Equal(got, mustHex(v.pt)) {
			return fmt.Errorf("AES-128 Decrypt did not invert Encrypt")
		}
		return nil
	},
	"AES-CBC": func() error {
		key, iv := mustHex(sp80038aKey), mustHex("000102030405060708090a0b0c0d0e0f")
		enc, err := NewAESCBCEncrypter(key, iv)
		if err != nil {
			return err
		}
		got := make([]byte, 16)
		enc.CryptBlocks(got, mustHex(sp80038aBlock))
		if want := mustHex("7649abac8119b246cee98e9b12e9197d"); !bytes.Equal(got, want) {
			return fmt.Errorf("CBC-AES128 SP 800-38A F.2.1 = %x, want %x", got, want)
		}
		dec, err := NewAESCBCDecrypter(key, iv)
		if err != nil {
			return err
		}
		dec.CryptBlocks(got, got)
		if !bytes.Equal(got, mustHex(sp80038aBlock)) {
			return fmt.Errorf("CBC decrypter did not invert the encrypter")
		}
		return nil
	},
	"AES-CTR": func() error {
		s, err := NewAESCTR(mustHex(sp80038aKey), mustHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"))
		if err != nil {
			return err
		}
		got := make([]byte, 16)
		s.XORKeyStream(got, mustHex(sp80038aBlock))
		if want := mustHex("874d6191b620e3261bef6864990db6ce"); !bytes.Equal(got, want) {
			return fmt.Errorf("CTR-AES128 SP 800-38A F.5.1 = %x, want %x", got, want)
		}
		return nil
	},
	"AES-GCM":            aeadUse("AES-GCM"),
	"ChaCha20-Poly1305":  aeadUse("ChaCha20-Poly1305"),
	"XChaCha20-Poly1305": aeadUse("XChaCha20-Poly1305"),
}

// TestCapabilities checks every claim Capabilities makes against what the
// algorithm does.
func TestCapabilities(t *testing.T) {
	caps := Capabilities()
	if len(caps) == 0 {
		t.Fatal("Capabilities() is empty")
	}
	seen := make(map[string]bool)
	for _, c := range caps {
		if seen[c.Name] {
			t.Errorf("Capabilities lists %q twice", c.Name)
		}
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			if strings.HasPrefix(c.Name, "HPKE ") {
				t.Skip("an HPKE row: compat/hpke's TestCapabilities exercises it")
			}
			use, ok := capabilityUses[c.Name]
			if !ok {
				t.Fatalf("Capabilities lists %q, which this test has no way to exercise: add it to capabilityUses", c.Name)
			}
			switch c.Status {
			case Native, Composed, Unsupported:
			default:
				t.Fatalf("status %q is none of native, composed, unsupported", c.Status)
			}
			if c.Status == Unsupported && c.Allowed {
				t.Errorf("unsupported but Allowed")
			}
			if c.FIPSApproved && !c.Allowed {
				t.Errorf("FIPSApproved but not Allowed")
			}
			err := use()
			switch {
			case c.Status != Unsupported && c.Allowed:
				if err != nil {
					t.Errorf("reported %s and allowed on %s, but: %v", c.Status, fork(), err)
				}
			case c.Status == Unsupported:
				if !errors.Is(err, ErrUnsupported) {
					t.Errorf("reported unsupported on %s, but using it gave %v, want an error wrapping ErrUnsupported", fork(), err)
				}
			default:
				if !errors.Is(err, ErrFIPS) {
					t.Errorf("reported %s but not allowed on %s, but using it gave %v, want an error wrapping ErrFIPS", c.Status, fork(), err)
				}
			}
		})
	}
	for name := range capabilityUses {
		if !seen[name] {
			t.Errorf("capabilityUses exercises %q, which Capabilities does not list", name)
		}
	}
}

// TestCapabilitiesFIPSApproved: algorithms FIPS 140-3 does not approve are
// never reported approved, and core approved ones are whenever usable.
func TestCapabilitiesFIPSApproved(t *testing.T) {
	for _, name := range []string{"MD5", "HMAC-MD5", "ChaCha20-Poly1305", "XChaCha20-Poly1305"} {
		if c := capabilityOf(t, name); c.FIPSApproved {
			t.Errorf("%s is reported FIPS-approved", name)
		}
	}
	for _, name := range []string{"SHA-256", "SHA-384", "SHA-512", "HMAC-SHA-256", "AES (block)", "AES-GCM"} {
		if c := capabilityOf(t, name); c.Allowed && !c.FIPSApproved {
			t.Errorf("%s is usable but not reported FIPS-approved", name)
		}
	}
}

// TestCapabilitiesAgreeWithSupportsHash: a digest is usable exactly when
// SupportsHash says so.
func TestCapabilitiesAgreeWithSupportsHash(t *testing.T) {
	for _, hc := range hashCases {
		c := capabilityOf(t, hc.name)
		if got := SupportsHash(hc.id); got != c.Allowed {
			t.Errorf("SupportsHash(%v) = %v, but Capabilities says %s with Allowed %v", hc.id, got, c.Status, c.Allowed)
		}
	}
}

// TestCapabilitiesDocumented checks the per-fork facts the package
// documentation states.
func TestCapabilitiesDocumented(t *testing.T) {
	var want map[string]Status
	switch f := fork(); f {
	case "openssl":
		// "OpenSSL has no XChaCha20; there it is composed ... (Capabilities reports "composed")".
		// kdf.go: HKDF is composed from the fork's HMAC on OpenSSL 3 unless a FIPS module is in
		// force; mlkem.go and mldsa.go: ML-KEM and ML-DSA are native on OpenSSL 3.5 and later,
		// absent before.
		hkdf, mlkem := Composed, Unsupported
		if Backend().FIPS {
			hkdf = Native
		}
		var major, minor int
		if _, err := fmt.Sscanf(Backend().Version, "OpenSSL %d.%d", &major, &minor); err != nil {
			t.Fatalf("version %q: %v", Backend().Version, err)
		}
		if major > 3 || major == 3 && minor >= 5 {
			mlkem = Native
		}
		want = map[string]Status{"XChaCha20-Poly1305": Composed, "HKDF": hkdf, "PBKDF2": Native,
			"TLS1.2-PRF": Native, "TLS1.3-KDF": Native, "SP800-108-KDF": Native,
			"ML-KEM-768": mlkem, "ML-KEM-1024": mlkem, "ML-DSA-44": mlkem, "ML-DSA-65": mlkem, "ML-DSA-87": mlkem}
	case "boringssl":
		want = map[string]Status{
			"SHA-512/224": Unsupported, "SHA3-224": Unsupported, "SHA3-256": Unsupported,
			"SHA3-384": Unsupported, "SHA3-512": Unsupported, "SHAKE128": Unsupported, "SHAKE256": Unsupported,
			"HKDF": Native, "PBKDF2": Native, "TLS1.2-PRF": Composed, "TLS1.3-KDF": Composed,
			"SP800-108-KDF": Composed, "ML-KEM-768": Unsupported, "ML-KEM-1024": Unsupported,
			"ML-DSA-44": Unsupported, "ML-DSA-65": Unsupported, "ML-DSA-87": Unsupported,
		}
	case "awslc":
		want = map[string]Status{"HKDF": Native, "PBKDF2": Native, "TLS1.2-PRF": Native, "TLS1.3-KDF": Native,
			"SP800-108-KDF": Native, "ML-KEM-768": Native, "ML-KEM-1024": Native,
			"ML-DSA-44": Native, "ML-DSA-65": Native, "ML-DSA-87": Native}
	case "libressl":
		want = map[string]Status{"SHAKE128": Unsupported, "SHAKE256": Unsupported,
			"HKDF": Native, "PBKDF2": Native, "TLS1.2-PRF": Composed, "TLS1.3-KDF": Composed,
			"SP800-108-KDF": Composed, "ML-KEM-768": Native, "ML-KEM-1024": Native,
			"ML-DSA-44": Unsupported, "ML-DSA-65": Unsupported, "ML-DSA-87": Unsupported}
	default:
		t.Fatalf("unknown fork %s", f)
	}
	for name, status := range want {
		if got := capabilityOf(t, name).Status; got != status {
			t.Errorf("%s on %s: Capabilities reports %q; the documentation says %q", name, fork(), got, status)
		}
	}
}

func TestBackend(t *testing.T) {
	b := Backend()
	prefixes := map[string]string{
		"openssl":   "OpenSSL",
		"libressl":  "LibreSSL",
		"boringssl": "BoringSSL",
		"awslc":     "AWS-LC",
	}
	prefix, ok := prefixes[b.Fork]
	if !ok {
		t.Fatalf("Backend().Fork = %q, want one of openssl, libressl, boringssl, awslc", b.Fork)
	}
	if b.Version == "" {
		t.Errorf("Backend().Version is empty")
	} else if !strings.HasPrefix(b.Version, prefix) {
		t.Errorf("Backend().Version = %q on %s, want it to start with %q", b.Version, b.Fork, prefix)
	}
	if b.Err != nil {
		t.Errorf("Backend().Err = %v", b.Err)
	}
	if b.FIPS && !b.FIPSCapable {
		t.Errorf("Backend() reports a FIPS module in force on a library that cannot run one")
	}
	t.Logf("%+v", b)
}

func TestReader(t *testing.T) {
	for _, n := range []int{0, 1, 1 << 20} {
		buf := make([]byte, n)
		got, err := Reader.Read(buf)
		if got != n || err != nil {
			t.Errorf("Read of %d bytes = %d, %v", n, got, err)
		}
	}
	got, err := Reader.Read(nil)
	if got != 0 || err != nil {
		t.Errorf("Read(nil) = %d, %v", got, err)
	}

	a, b := make([]byte, 32), make([]byte, 32)
	if _, err := io.ReadFull(Reader, a); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(Reader, b); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Errorf("two 32-byte reads gave the same bytes %x", a)
	}
	if bytes.Equal(a, make([]byte, 32)) {
		t.Errorf("a 32-byte read gave zeros")
	}

	// A megabyte has every byte value about 4096 times (a standard deviation
	// is 64); a buffer left unfilled or filled with a pattern does not.
	big := make([]byte, 1<<20)
	if _, err := Reader.Read(big); err != nil {
		t.Fatal(err)
	}
	var counts [256]int
	for _, c := range big {
		counts[c]++
	}
	for v, c := range counts {
		if c < 3000 || c > 5200 {
			t.Errorf("byte %#02x occurs %d times in 1 MiB of random output, want about 4096", v, c)
		}
	}

	// Concurrent readers all get distinct output.
	var wg sync.WaitGroup
	outs := make([][]byte, 8)
	for i := range outs {
		wg.Go(func() {
			outs[i] = make([]byte, 64)
			if _, err := io.ReadFull(Reader, outs[i]); err != nil {
				t.Errorf("concurrent Read: %v", err)
			}
		})
	}
	wg.Wait()
	for i := range outs {
		for j := i + 1; j < len(outs); j++ {
			if bytes.Equal(outs[i], outs[j]) {
				t.Errorf("concurrent reads %d and %d gave the same bytes", i, j)
			}
		}
	}
}

func TestErrorText(t *testing.T) {
	f := fork()
	check := func(what string, err error, class error, op string) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", what)
			return
		}
		if !errors.Is(err, class) {
			t.Errorf("%s: %v does not wrap %v", what, err, class)
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %T is not an *Error", what, err)
			return
		}
		if e.Fork != f || !strings.Contains(e.Op, op) || e.Err != class {
			t.Errorf("%s: Fork, Op, Err = %q, %q, %v; want %q, containing %q, %v", what, e.Fork, e.Op, e.Err, f, op, class)
		}
		msg := err.Error()
		if !strings.Contains(msg, f) || !strings.Contains(msg, op) {
			t.Errorf("%s: %q does not name the fork %q and the operation %q", what, msg, f, op)
		}
	}

	_, err := NewAESGCM(make([]byte, 5))
	check("NewAESGCM with a 5-byte key", err, ErrInvalidKey, "AES-GCM")
	_, err = NewChaCha20Poly1305(make([]byte, 16))
	check("NewChaCha20Poly1305 with a 16-byte key", err, ErrInvalidKey, "ChaCha20-Poly1305")
	_, err = NewAESCipher(nil)
	check("NewAESCipher with no key", err, ErrInvalidKey, "AES")
	_, err = NewAESCTR(make([]byte, 16), make([]byte, 3))
	check("NewAESCTR with a 3-byte IV", err, ErrInvalidKey, "AES-CTR")
	_, err = NewAESCBCDecrypter(make([]byte, 16), make([]byte, 3))
	check("NewAESCBCDecrypter with a 3-byte IV", err, ErrInvalidKey, "AES-CBC")
	check("NewHMAC with an unknown hash", panicError(func() { NewHMAC(newCustomHash, nil) }), ErrUnsupported, "HMAC")

	if capabilityOf(t, "AES-GCM").Allowed {
		a, err := NewAESGCM(make([]byte, 16))
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.Open(nil, make([]byte, 12), make([]byte, 20), nil)
		check("a failed AES-GCM Open", err, ErrAuthentication, "AES-GCM")
	}

	// Every unsupported algorithm names itself (compat/hpke checks its own rows).
	for _, c := range Capabilities() {
		if c.Status != Unsupported || strings.HasPrefix(c.Name, "HPKE ") {
			continue
		}
		err := capabilityUses[c.Name]()
		if err == nil || !strings.Contains(err.Error(), f) {
			t.Errorf("%s: error %v does not name the fork %q", c.Name, err, f)
		}
	}

	e := &Error{Fork: "somefork", Op: "some-op", Err: ErrFIPS, Detail: "the details"}
	msg := e.Error()
	for _, part := range []string{"somefork", "some-op", "the details"} {
		if !strings.Contains(msg, part) {
			t.Errorf("(&Error{...}).Error() = %q, missing %q", msg, part)
		}
	}
	if !errors.Is(e, ErrFIPS) {
		t.Errorf("an *Error with Err ErrFIPS does not wrap ErrFIPS")
	}
}
