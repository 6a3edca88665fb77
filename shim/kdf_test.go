package shim

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"hash"
	"testing"
)

// These tests hold each fork's C to the key-derivation part of the contract,
// with the standard library (or HMAC from it) as the reference.

var kdfHashes = []struct {
	md  int
	new func() hash.Hash
}{
	{SHA1, sha1.New},
	{SHA224, sha256.New224},
	{SHA256, sha256.New},
	{SHA384, sha512.New384},
	{SHA512, sha512.New},
	{SHA512_224, sha512.New512_224},
	{SHA512_256, sha512.New512_256},
	{SHA3_224, func() hash.Hash { return sha3.New224() }},
	{SHA3_256, func() hash.Hash { return sha3.New256() }},
	{SHA3_384, func() hash.Hash { return sha3.New384() }},
	{SHA3_512, func() hash.Hash { return sha3.New512() }},
}

// refTLS12PRF is P_hash of RFC 5246 section 5.
func refTLS12PRF(h func() hash.Hash, secret, label, seed []byte, n int) []byte {
	ls := append(append([]byte{}, label...), seed...)
	mac := hmac.New(h, secret)
	mac.Write(ls)
	a := mac.Sum(nil)
	var out []byte
	for len(out) < n {
		mac.Reset()
		mac.Write(a)
		mac.Write(ls)
		out = mac.Sum(out)
		mac.Reset()
		mac.Write(a)
		a = mac.Sum(nil)
	}
	return out[:n]
}

// refTLS13ExpandLabel is HKDF-Expand-Label of RFC 8446 section 7.1.
func refTLS13ExpandLabel(h func() hash.Hash, secret []byte, label string, context []byte, n int) []byte {
	info := binary.BigEndian.AppendUint16(nil, uint16(n))
	info = append(info, byte(len("tls13 ")+len(label)))
	info = append(append(info, "tls13 "...), label...)
	info = append(append(info, byte(len(context))), context...)
	out, err := hkdf.Expand(h, secret, string(info), n)
	if err != nil {
		panic(err)
	}
	return out
}

// refCounterKDF is SP 800-108 counter mode with a 32-bit counter before the fixed input.
func refCounterKDF(h func() hash.Hash, key, fixed []byte, n int) []byte {
	mac := hmac.New(h, key)
	var out []byte
	for i := uint32(1); len(out) < n; i++ {
		mac.Reset()
		mac.Write(binary.BigEndian.AppendUint32(nil, i))
		mac.Write(fixed)
		out = mac.Sum(out)
	}
	return out[:n]
}

func TestKDFContract(t *testing.T) {
	secret := []byte("input keying material, 32 bytes")
	salt := []byte("a salt of sixteen+ bytes")
	pw := "correct horse battery staple"
	for _, h := range kdfHashes {
		size := h.new().Size()
		for _, kdf := range []int{HKDF, PBKDF2, TLS12PRF, TLS13KDF, SP800_108} {
			for _, n := range []int{1, 16, size, size + 1, 3*size + 5} {
				var want []byte
				got := make([]byte, n)
				var err error
				switch kdf {
				case HKDF:
					want, _ = hkdf.Key(h.new, secret, salt, "info", n)
					err = KDFHKDF("test", h.md, HKDFExtractAndExpand, secret, salt, "info", got)
					if err == nil {
						prk, _ := hkdf.Extract(h.new, secret, salt)
						gotPRK := make([]byte, size)
						if err := KDFHKDF("test", h.md, HKDFExtractOnly, secret, salt, "", gotPRK); err != nil || !bytes.Equal(gotPRK, prk) {
							t.Errorf("HKDF-Extract md %d: %x, %v; want %x", h.md, gotPRK, err, prk)
						}
						exp := make([]byte, n)
						if err := KDFHKDF("test", h.md, HKDFExpandOnly, prk, []byte("ignored"), "info", exp); err != nil || !bytes.Equal(exp, want) {
							t.Errorf("HKDF-Expand md %d len %d: %x, %v; want %x", h.md, n, exp, err, want)
						}
					}
				case PBKDF2:
					want, _ = pbkdf2.Key(h.new, pw, salt, 1000, n)
					err = KDFPBKDF2("test", h.md, pw, salt, 1000, got)
				case TLS12PRF:
					want = refTLS12PRF(h.new, secret, []byte("master secret"), salt, n)
					err = KDFTLS12PRF("test", h.md, secret, "master secret", salt, got)
				case TLS13KDF:
					want = refTLS13ExpandLabel(h.new, secret, "c hs traffic", salt, n)
					err = KDFTLS13ExpandLabel("test", h.md, secret, "c hs traffic", salt, got)
				case SP800_108:
					want = refCounterKDF(h.new, secret, salt, n)
					err = KDFCounter("test", h.md, secret, salt, got)
				}
				checkKDF(t, kdf, h.md, n, got, want, err)
			}
		}
	}
}

// checkKDF accepts the reference's bytes, or ErrUnsupported when the fork
// lacks the KDF or the digest's HMAC, or ErrFIPS when its FIPS module refuses it.
func checkKDF(t *testing.T, kdf, md, n int, got, want []byte, err error) {
	t.Helper()
	lacks := Support(FamilyKDF, kdf) == Absent || Support(FamilyHMAC, md) == Absent
	refused := !lacks && (!FIPSAllowed(FamilyKDF, kdf) || !FIPSAllowed(FamilyHMAC, md))
	switch {
	case lacks:
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("KDF %d md %d: %v, want ErrUnsupported (support %d, HMAC support %d)", kdf, md, err,
				Support(FamilyKDF, kdf), Support(FamilyHMAC, md))
		}
	case refused:
		if err != nil && !errors.Is(err, ErrFIPS) {
			t.Errorf("KDF %d md %d: %v, want success or ErrFIPS", kdf, md, err)
		}
	case err != nil:
		t.Errorf("KDF %d md %d len %d: %v", kdf, md, n, err)
	case !bytes.Equal(got, want):
		t.Errorf("KDF %d md %d len %d:\n got %x\nwant %x", kdf, md, n, got, want)
	}
}

// TestKDFEmptyInputs: empty secrets, salts, labels and seeds are valid input
// to every KDF and must not reach the fork as a null pointer it rejects.
func TestKDFEmptyInputs(t *testing.T) {
	h := sha256.New
	for _, kdf := range []int{HKDF, PBKDF2, TLS12PRF, TLS13KDF, SP800_108} {
		got := make([]byte, 42)
		var want []byte
		var err error
		switch kdf {
		case HKDF:
			want, _ = hkdf.Key(h, nil, nil, "", 42)
			err = KDFHKDF("test", SHA256, HKDFExtractAndExpand, nil, nil, "", got)
		case PBKDF2:
			want, _ = pbkdf2.Key(h, "", nil, 1, 42)
			err = KDFPBKDF2("test", SHA256, "", nil, 1, got)
		case TLS12PRF:
			want = refTLS12PRF(h, nil, nil, nil, 42)
			err = KDFTLS12PRF("test", SHA256, nil, "", nil, got)
		case TLS13KDF:
			want = refTLS13ExpandLabel(h, make([]byte, 32), "", nil, 42)
			err = KDFTLS13ExpandLabel("test", SHA256, make([]byte, 32), "", nil, got)
		case SP800_108:
			want = refCounterKDF(h, nil, nil, 42)
			err = KDFCounter("test", SHA256, nil, nil, got)
		}
		if _, fips := FIPS(); fips && err != nil {
			// A FIPS module may refuse empty keys or salts; it must say so, not crash.
			t.Logf("KDF %d with empty inputs under FIPS: %v", kdf, err)
			continue
		}
		checkKDF(t, kdf, SHA256, 42, got, want, err)
	}
}
