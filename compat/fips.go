package compat

import (
	"crypto/fips140"
	"os"

	"github.com/forkcrypto/forkcrypto/shim"
)

// FIPS-only mode: one approved-only policy, applied in Go before any call
// into the fork, so that every fork refuses the same operations with the
// same errors as the strictest FIPS module would. It is on when the program
// starts with FORKCRYPTO_FIPS=only in its environment, or with Go's own
// GODEBUG=fips140=only (crypto/fips140.Enforced at start-up).
//
// Every rule is in this file, with its source. Algorithms are refused by
// their row of the capability table (capabilities.go), whose approved flag
// follows NIST SP 800-140C r2 (approved security functions); parameters by
// the checks below. A refusal is an error wrapping ErrFIPS whose text states
// the rule; where the standard-library shape has no error (NewHMAC, the hash
// constructors, AEAD Seal) the call panics with that error, as Go's
// fips140=only mode does.

var fipsOnly = os.Getenv("FORKCRYPTO_FIPS") == "only" || fips140.Enforced()

// FIPSOnly reports whether FIPS-only mode is on: every operation outside the
// approved-only policy fails with an error wrapping ErrFIPS. It is fixed at
// start-up.
func FIPSOnly() bool { return fipsOnly }

// fipsRule is one rule of the policy: the text of its refusal and where the
// rule comes from.
type fipsRule struct {
	text, source string
}

// fipsAlgorithmRules says why each non-approved row of the capability table
// is refused; every row whose approved flag is false must have one (checked
// by TestFIPSPolicyTable).
var fipsAlgorithmRules = map[string]fipsRule{
	"MD5": {"MD5 is not an approved hash function",
		"SP 800-140C r2 and FIPS 180-4/202: approved hashes are SHA-1, SHA-2, SHA-3 and SHAKE"},
	"HMAC-MD5": {"HMAC-MD5 is not an approved MAC",
		"SP 800-140C r2, FIPS 198-1 with an approved hash only"},
	"ChaCha20-Poly1305": {"ChaCha20-Poly1305 is not an approved AEAD",
		"SP 800-140C r2: approved encryption is AES (SP 800-38 modes) only"},
	"XChaCha20-Poly1305": {"XChaCha20-Poly1305 is not an approved AEAD",
		"SP 800-140C r2: approved encryption is AES (SP 800-38 modes) only"},
	"X25519": {"X25519 is not an approved key agreement",
		"SP 800-56A r3 and SP 800-140C r2: approved ECDH uses the NIST curves (SP 800-186)"},
}

// The parameter rules.
var (
	fipsRSASize = fipsRule{"RSA signing, decryption and key generation need a key of at least 2048 bits in FIPS-only mode",
		"SP 800-131A r2 section 2 and FIPS 186-5 section 5.1 (112-bit security); verification with 1024 bits and more stays allowed (legacy use)"}
	fipsSHA1Signature = fipsRule{"SHA-1 is not approved for signature generation in FIPS-only mode",
		"SP 800-131A r2 section 9 (disallowed for digital signature generation)"}
	fipsPKCS1v15Encryption = fipsRule{"RSA PKCS #1 v1.5 encryption and decryption are not approved in FIPS-only mode",
		"SP 800-131A r2 section 6 (PKCS #1 v1.5 key transport disallowed after 2023); SP 800-56B r2 approves OAEP"}
	fipsPBKDF2Salt = fipsRule{"PBKDF2 needs a salt of at least 16 bytes in FIPS-only mode",
		"SP 800-132 section 5.1 (a salt of at least 128 bits); OpenSSL FIPS provider security policy (PBKDF2 lower bound checks)"}
	fipsPBKDF2Iterations = fipsRule{"PBKDF2 needs at least 1000 iterations in FIPS-only mode",
		"SP 800-132 section 5.2 (a minimum of 1000 iterations); OpenSSL FIPS provider security policy"}
	fipsPBKDF2Output = fipsRule{"PBKDF2 output must be at least 14 bytes in FIPS-only mode",
		"SP 800-132 section 5.3 and SP 800-131A r2 (112-bit keys); OpenSSL FIPS provider security policy"}
	fipsHMACKey = fipsRule{"HMAC needs a key of at least 14 bytes in FIPS-only mode",
		"SP 800-131A r2 section 10 and SP 800-107 r1 (a key of at least 112 bits); OpenSSL FIPS provider security policy (HMAC key check)"}
	fipsKDFKey = fipsRule{"HKDF and the SP 800-108 KDF need a key of at least 14 bytes in FIPS-only mode",
		"SP 800-56C r2 and SP 800-108 r1 with SP 800-131A r2 (112-bit security); OpenSSL FIPS provider security policy (KDF key check)"}
	fipsGCMNonce = fipsRule{"AES-GCM with a caller-chosen nonce is not approved in FIPS-only mode: use NewAESGCMWithRandomNonce",
		"SP 800-38D section 8.2 and FIPS 140-3 IG C.H (the IV is generated inside the module)"}
)

// fipsError is the refusal of rule for op.
func fipsError(op string, r fipsRule) error { return newError(op, ErrFIPS, r.text) }

// fipsRefusal returns the error for an algorithm (a family and contract id)
// that the FIPS module in force or FIPS-only mode refuses, or nil.
func fipsRefusal(op string, family, id int) error {
	if !shim.FIPSAllowed(family, id) {
		return newError(op, ErrFIPS, "")
	}
	if fipsOnly {
		if r, refused := fipsAlgorithmRefused(family, id); refused {
			return fipsError(op, r)
		}
	}
	return nil
}

// fipsAlgorithmRefused reports the rule that refuses a non-approved row of
// the capability table in FIPS-only mode.
func fipsAlgorithmRefused(family, id int) (fipsRule, bool) {
	for _, c := range capabilityTable {
		if c.family == family && c.id == id && !c.approved {
			return fipsAlgorithmRules[c.name], true
		}
	}
	return fipsRule{}, false
}

// fipsCheck returns the refusal of r for op when FIPS-only mode is on and
// the parameter check failed (ok false), or nil.
func fipsCheck(op string, ok bool, r fipsRule) error {
	if fipsOnly && !ok {
		return fipsError(op, r)
	}
	return nil
}

// fipsPBKDF2 applies FIPS-only mode's PBKDF2 bounds.
func fipsPBKDF2(saltLen, iter, keyLength int) error {
	if err := fipsCheck("PBKDF2", saltLen >= 16, fipsPBKDF2Salt); err != nil {
		return err
	}
	if err := fipsCheck("PBKDF2", iter >= 1000, fipsPBKDF2Iterations); err != nil {
		return err
	}
	return fipsCheck("PBKDF2", keyLength >= 14, fipsPBKDF2Output)
}
