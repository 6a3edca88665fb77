package compat

import (
	"encoding/binary"
	"errors"
	"hash"
	"math"

	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
	"github.com/forkcrypto/forkcrypto/shim"
)

// Key derivation in the shapes of crypto/hkdf and crypto/pbkdf2, plus the
// TLS 1.2 PRF, TLS 1.3's HKDF-Expand-Label and the SP 800-108 counter-mode
// KDF. h may be one of this package's constructors or one of the standard
// library's (crypto/sha256.New, …); either way the fork computes every
// HMAC, natively or composed from its HMAC where it lacks the KDF
// (Capabilities says which). A hash the fork lacks fails with an error
// wrapping ErrUnsupported, one its FIPS module refuses with ErrFIPS.
//
// What is composed where: BoringSSL and LibreSSL have no TLS 1.2 PRF,
// HKDF-Expand-Label or SP 800-108 KDF that takes every valid input, so
// those are built from the fork's HMAC (and HKDF-Expand). On OpenSSL 3 HKDF
// is built from the provider's HMAC, which measured twice as fast as the
// provider's own HKDF, except under a FIPS module, where the module's HKDF
// runs. Everything else is the fork's own KDF.
//
// Lengths are checked here, the same on every fork, before any reaches C.

var (
	errKeyLength   = errors.New("forkcrypto: requested key length must be larger than 0")
	errHKDFLength  = errors.New("hkdf: requested key length too large")
	errPBKDF2Long  = errors.New("pbkdf2: keyLength too long")
	errIterations  = errors.New("pbkdf2: iteration count must be at least 1")
	errIterLarge   = errors.New("pbkdf2: iteration count above 2^31-1")
	errInputLength = errors.New("forkcrypto: KDF input longer than 2^31-1 bytes")
	errTLS13Label  = errors.New("forkcrypto: TLS 1.3 label longer than 249 bytes")
	errTLS13Ctx    = errors.New("forkcrypto: TLS 1.3 context longer than 255 bytes")
	errTLS13Length = errors.New("forkcrypto: TLS 1.3 HKDF-Expand-Label length above 65535")
	errCounterLong = errors.New("forkcrypto: SP 800-108 output length above 2^32-1 bits")
)

// kdfNames name the KDFs in errors and capabilities.
var kdfNames = [...]string{
	shim.HKDF:      "HKDF",
	shim.PBKDF2:    "PBKDF2",
	shim.TLS12PRF:  "TLS1.2-PRF",
	shim.TLS13KDF:  "TLS1.3-KDF",
	shim.SP800_108: "SP800-108-KDF",
}

// kdfHash identifies h and checks that the fork can run kdf over it now.
func kdfHash[H hash.Hash](kdf int, h func() H) (info *mdInfo, err error) {
	op := kdfNames[kdf]
	defer func() {
		// One of this package's constructors, wrapped in a closure, panics
		// when the fork lacks its digest.
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok || !errors.As(e, new(*Error)) {
				panic(r)
			}
			info, err = nil, e
		}
	}()
	info = identifyHash(h)
	if info == nil || info.size == 0 {
		return nil, newError(op, ErrUnsupported, "the hash function is not one this package can identify")
	}
	if err := kdfAvailable(kdf); err != nil {
		return nil, err
	}
	if err := mdAvailable(shim.FamilyHMAC, info); err != nil {
		return nil, newError(op+"-"+info.name, errors.Unwrap(err), "")
	}
	return info, nil
}

// kdfAvailable returns nil when the fork runs kdf now, or the error that names why not.
func kdfAvailable(kdf int) error {
	if err := shim.Ready(); err != nil {
		return err
	}
	if shim.Support(shim.FamilyKDF, kdf) == shim.Absent {
		return newError(kdfNames[kdf], ErrUnsupported, "")
	}
	return fipsRefusal(kdfNames[kdf], shim.FamilyKDF, kdf)
}

// checkInputs rejects inputs some fork would take through an int.
func checkInputs(lengths ...int) error {
	for _, n := range lengths {
		if n > math.MaxInt32 {
			return errInputLength
		}
	}
	return nil
}

// HKDFExtract returns the pseudorandom key HKDF-Extract(salt, secret), as
// crypto/hkdf.Extract does.
func HKDFExtract[H hash.Hash](h func() H, secret, salt []byte) ([]byte, error) {
	info, err := kdfHash(shim.HKDF, h)
	if err != nil {
		return nil, err
	}
	if err := checkInputs(len(secret), len(salt)); err != nil {
		return nil, err
	}
	if err := fipsCheck("HKDF-Extract", len(secret) >= 14, fipsKDFKey); err != nil {
		return nil, err
	}
	out := make([]byte, info.size)
	if err := shim.KDFHKDF("HKDF-Extract", info.id, shim.HKDFExtractOnly, secret, salt, "", out); err != nil {
		return nil, err
	}
	return out, nil
}

// HKDFExpand returns keyLength bytes of HKDF-Expand(pseudorandomKey, info),
// as crypto/hkdf.Expand does; keyLength is at most 255 times the hash size.
func HKDFExpand[H hash.Hash](h func() H, pseudorandomKey []byte, info string, keyLength int) ([]byte, error) {
	md, err := kdfHash(shim.HKDF, h)
	if err != nil {
		return nil, err
	}
	if err := checkHKDFLength(md, keyLength, len(pseudorandomKey), len(info)); err != nil {
		return nil, err
	}
	if err := fipsCheck("HKDF-Expand", len(pseudorandomKey) >= 14, fipsKDFKey); err != nil {
		return nil, err
	}
	out := make([]byte, keyLength)
	if err := shim.KDFHKDF("HKDF-Expand", md.id, shim.HKDFExpandOnly, pseudorandomKey, nil, info, out); err != nil {
		return nil, err
	}
	return out, nil
}

// HKDFKey returns keyLength bytes of HKDF (extract, then expand), as
// crypto/hkdf.Key does; salt and info may be empty.
func HKDFKey[H hash.Hash](h func() H, secret, salt []byte, info string, keyLength int) ([]byte, error) {
	md, err := kdfHash(shim.HKDF, h)
	if err != nil {
		return nil, err
	}
	if err := checkHKDFLength(md, keyLength, len(secret), len(salt), len(info)); err != nil {
		return nil, err
	}
	if err := fipsCheck("HKDF", len(secret) >= 14, fipsKDFKey); err != nil {
		return nil, err
	}
	out := make([]byte, keyLength)
	if err := shim.KDFHKDF("HKDF", md.id, shim.HKDFExtractAndExpand, secret, salt, info, out); err != nil {
		return nil, err
	}
	return out, nil
}

func init() { protocol.HKDFExtractExpand = hkdfExtractExpand }

// hkdfExtractExpand is protocol.HKDFExtractExpand.
func hkdfExtractExpand(h func() hash.Hash, secret, salt []byte, expansions [3]protocol.Expansion) ([]byte, error) {
	md, err := kdfHash(shim.HKDF, h)
	if err != nil {
		return nil, err
	}
	var infos [3][]byte
	var lengths [3]int
	n, total := 0, 0
	for ; n < len(expansions) && expansions[n].Length != 0; n++ {
		e := expansions[n]
		if err := checkHKDFLength(md, e.Length, len(secret), len(salt), len(e.Info)); err != nil {
			return nil, err
		}
		infos[n], lengths[n] = e.Info, e.Length
		total += e.Length
	}
	if err := fipsCheck("HKDF", len(secret) >= 14, fipsKDFKey); err != nil {
		return nil, err
	}
	out := make([]byte, total)
	if err := shim.KDFHKDFExtractExpand("HKDF", md.id, md.size, secret, salt, infos[:n], lengths[:n], out); err != nil {
		return nil, err
	}
	return out, nil
}

func checkHKDFLength(md *mdInfo, keyLength int, inputs ...int) error {
	switch {
	case keyLength <= 0:
		return errKeyLength
	case keyLength > 255*md.size:
		return errHKDFLength
	}
	return checkInputs(inputs...)
}

// PBKDF2Key derives keyLength bytes from password and salt with iter
// iterations of the HMAC over h, as crypto/pbkdf2.Key does. iter must be
// at least 1 (and at most 2^31-1); keyLength from 1 to (2^32-1) times the
// hash size. This package adds no lower bound on salts or iterations:
// choose at least 16 random bytes of salt and as many iterations as the
// service can afford.
func PBKDF2Key[H hash.Hash](h func() H, password string, salt []byte, iter, keyLength int) ([]byte, error) {
	md, err := kdfHash(shim.PBKDF2, h)
	if err != nil {
		return nil, err
	}
	switch {
	case keyLength <= 0:
		return nil, errKeyLength
	case int64(keyLength) > int64(math.MaxUint32)*int64(md.size) || keyLength > math.MaxInt32:
		return nil, errPBKDF2Long
	case iter < 1:
		return nil, errIterations
	case iter > math.MaxInt32:
		return nil, errIterLarge
	}
	if err := checkInputs(len(password), len(salt)); err != nil {
		return nil, err
	}
	if err := fipsPBKDF2(len(salt), iter, keyLength); err != nil {
		return nil, err
	}
	out := make([]byte, keyLength)
	if err := shim.KDFPBKDF2("PBKDF2", md.id, password, salt, uint32(iter), out); err != nil {
		return nil, err
	}
	return out, nil
}

// TLS12PRF returns keyLength bytes of the TLS 1.2 PRF (RFC 5246 section 5):
// P_hash(secret, label || seed). TLS 1.2 itself uses SHA-256 or the
// cipher suite's hash.
func TLS12PRF[H hash.Hash](h func() H, secret []byte, label string, seed []byte, keyLength int) ([]byte, error) {
	md, err := kdfHash(shim.TLS12PRF, h)
	if err != nil {
		return nil, err
	}
	if keyLength <= 0 {
		return nil, errKeyLength
	}
	if err := checkInputs(keyLength, len(secret), len(label), len(seed), len(label)+len(seed)); err != nil {
		return nil, err
	}
	out := make([]byte, keyLength)
	if err := shim.KDFTLS12PRF("TLS1.2-PRF", md.id, secret, label, seed, out); err != nil {
		return nil, err
	}
	return out, nil
}

// TLS13ExpandLabel returns HKDF-Expand-Label(secret, label, context, length)
// of RFC 8446 section 7.1; the "tls13 " prefix is added here, so label is
// as the RFC writes it ("c hs traffic", "key", …).
func TLS13ExpandLabel[H hash.Hash](h func() H, secret []byte, label string, context []byte, length int) ([]byte, error) {
	md, err := kdfHash(shim.TLS13KDF, h)
	if err != nil {
		return nil, err
	}
	switch {
	case length <= 0:
		return nil, errKeyLength
	case length > 65535:
		return nil, errTLS13Length
	case length > 255*md.size:
		return nil, errHKDFLength
	case len(label) > 255-len("tls13 "):
		return nil, errTLS13Label
	case len(context) > 255:
		return nil, errTLS13Ctx
	}
	if err := checkInputs(len(secret)); err != nil {
		return nil, err
	}
	out := make([]byte, length)
	if err := shim.KDFTLS13ExpandLabel("TLS1.3-KDF", md.id, secret, label, context, out); err != nil {
		return nil, err
	}
	return out, nil
}

// CounterKDF returns length bytes of the NIST SP 800-108r1 KDF in counter
// mode with HMAC over h as the PRF: K(i) = HMAC(key, [i]32 || label || 0x00
// || context || [L]32) for i = 1, 2, …, where L is length in bits; both
// counters are big-endian.
func CounterKDF[H hash.Hash](h func() H, key, label, context []byte, length int) ([]byte, error) {
	md, err := kdfHash(shim.SP800_108, h)
	if err != nil {
		return nil, err
	}
	switch {
	case length <= 0:
		return nil, errKeyLength
	case int64(length)*8 > math.MaxUint32:
		return nil, errCounterLong
	}
	if err := checkInputs(len(key), len(label)+len(context)+5); err != nil {
		return nil, err
	}
	if err := fipsCheck("SP800-108-KDF", len(key) >= 14, fipsKDFKey); err != nil {
		return nil, err
	}
	fixed := make([]byte, 0, len(label)+1+len(context)+4)
	fixed = append(fixed, label...)
	fixed = append(fixed, 0)
	fixed = append(fixed, context...)
	fixed = binary.BigEndian.AppendUint32(fixed, uint32(length*8))
	return counterKDF(md, key, fixed, length)
}

// counterKDF runs the fork's SP 800-108 counter mode over a whole fixed
// input; known-answer tests, whose fixed inputs are opaque, call it directly.
func counterKDF(md *mdInfo, key, fixed []byte, length int) ([]byte, error) {
	out := make([]byte, length)
	if err := shim.KDFCounter("SP800-108-KDF", md.id, key, fixed, out); err != nil {
		return nil, err
	}
	return out, nil
}
