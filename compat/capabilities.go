package compat

import "github.com/forkcrypto/forkcrypto/shim"

// Status says how the linked fork provides an algorithm.
type Status string

const (
	// Native: the fork implements the algorithm itself.
	Native Status = "native"
	// Composed: built from the fork's primitives (the primitives still run
	// in the fork; only the construction is assembled around them).
	Composed Status = "composed"
	// Unsupported: the fork lacks it; using it fails with ErrUnsupported.
	Unsupported Status = "unsupported"
)

// Capability is one algorithm as the linked fork provides it.
type Capability struct {
	Name   string
	Status Status
	// FIPSApproved: the algorithm is approved for FIPS 140-3 use and usable
	// now. Whether a validated module is what runs it is Backend().FIPS.
	FIPSApproved bool
	// Allowed: usable now; false when the fork lacks it, or a FIPS module in
	// force or FIPS-only mode refuses it (then it fails with ErrFIPS).
	Allowed bool
	// Reason says why an algorithm the fork has is not allowed: the FIPS
	// module's refusal or FIPS-only mode's rule.
	Reason string
}

// capability is one row of the table Capabilities reports.
type capability struct {
	name     string
	family   int
	id       int
	approved bool // approved for FIPS 140-3 use
}

var capabilityTable = []capability{
	{"MD5", shim.FamilyMD, shim.MD5, false},
	{"SHA-1", shim.FamilyMD, shim.SHA1, true},
	{"SHA-224", shim.FamilyMD, shim.SHA224, true},
	{"SHA-256", shim.FamilyMD, shim.SHA256, true},
	{"SHA-384", shim.FamilyMD, shim.SHA384, true},
	{"SHA-512", shim.FamilyMD, shim.SHA512, true},
	{"SHA-512/224", shim.FamilyMD, shim.SHA512_224, true},
	{"SHA-512/256", shim.FamilyMD, shim.SHA512_256, true},
	{"SHA3-224", shim.FamilyMD, shim.SHA3_224, true},
	{"SHA3-256", shim.FamilyMD, shim.SHA3_256, true},
	{"SHA3-384", shim.FamilyMD, shim.SHA3_384, true},
	{"SHA3-512", shim.FamilyMD, shim.SHA3_512, true},
	{"SHAKE128", shim.FamilyMD, shim.SHAKE128, true},
	{"SHAKE256", shim.FamilyMD, shim.SHAKE256, true},
	{"HMAC-SHA-1", shim.FamilyHMAC, shim.SHA1, true},
	{"HMAC-SHA-224", shim.FamilyHMAC, shim.SHA224, true},
	{"HMAC-SHA-256", shim.FamilyHMAC, shim.SHA256, true},
	{"HMAC-SHA-384", shim.FamilyHMAC, shim.SHA384, true},
	{"HMAC-SHA-512", shim.FamilyHMAC, shim.SHA512, true},
	{"HMAC-SHA-512/224", shim.FamilyHMAC, shim.SHA512_224, true},
	{"HMAC-SHA-512/256", shim.FamilyHMAC, shim.SHA512_256, true},
	{"HMAC-SHA3-224", shim.FamilyHMAC, shim.SHA3_224, true},
	{"HMAC-SHA3-256", shim.FamilyHMAC, shim.SHA3_256, true},
	{"HMAC-SHA3-384", shim.FamilyHMAC, shim.SHA3_384, true},
	{"HMAC-SHA3-512", shim.FamilyHMAC, shim.SHA3_512, true},
	{"HMAC-MD5", shim.FamilyHMAC, shim.MD5, false},
	{"AES (block)", shim.FamilyCipher, shim.AESECBEncrypt, true},
	{"AES-CBC", shim.FamilyCipher, shim.AESCBCEncrypt, true},
	{"AES-CTR", shim.FamilyCipher, shim.AESCTR, true},
	{"AES-GCM", shim.FamilyAEAD, shim.AESGCM, true},
	{"ChaCha20-Poly1305", shim.FamilyAEAD, shim.ChaCha20Poly1305, false},
	{"XChaCha20-Poly1305", shim.FamilyAEAD, shim.XChaCha20Poly1305, false},
	{"ECDSA/ECDH P-224", shim.FamilyPKey, shim.P224, true},
	{"ECDSA/ECDH P-256", shim.FamilyPKey, shim.P256, true},
	{"ECDSA/ECDH P-384", shim.FamilyPKey, shim.P384, true},
	{"ECDSA/ECDH P-521", shim.FamilyPKey, shim.P521, true},
	{"Ed25519", shim.FamilyPKey, shim.Ed25519, true},
	{"X25519", shim.FamilyPKey, shim.X25519, false},
	{"RSA", shim.FamilyPKey, shim.RSA, true},
	{"HKDF", shim.FamilyKDF, shim.HKDF, true},
	{"PBKDF2", shim.FamilyKDF, shim.PBKDF2, true},
	{"TLS1.2-PRF", shim.FamilyKDF, shim.TLS12PRF, true},
	{"TLS1.3-KDF", shim.FamilyKDF, shim.TLS13KDF, true},
	{"SP800-108-KDF", shim.FamilyKDF, shim.SP800_108, true},
	{"ML-KEM-768", shim.FamilyKEM, shim.MLKEM768, true},
	{"ML-KEM-1024", shim.FamilyKEM, shim.MLKEM1024, true},
	{"ML-DSA-44", shim.FamilySig, shim.MLDSA44, true},
	{"ML-DSA-65", shim.FamilySig, shim.MLDSA65, true},
	{"ML-DSA-87", shim.FamilySig, shim.MLDSA87, true},
}

// hpkeTable lists the HPKE algorithms (RFC 9180 and draft-ietf-hpke-pq
// identifiers) that package compat/hpke composes, each with the rows of the
// primitives it runs in the fork. Such a row is composed when every one of
// those is usable, unsupported when one is missing, and not allowed when a
// FIPS module refuses one. HPKE is not itself an approved scheme, so no
// row is FIPSApproved. ML-KEM's DeriveKeyPair also needs SHAKE256.
var hpkeTable = []struct {
	name  string
	needs []string
}{
	{"HPKE DHKEM(P-256, HKDF-SHA256)", []string{"ECDSA/ECDH P-256", "HKDF", "HMAC-SHA-256"}},
	{"HPKE DHKEM(P-384, HKDF-SHA384)", []string{"ECDSA/ECDH P-384", "HKDF", "HMAC-SHA-384"}},
	{"HPKE DHKEM(P-521, HKDF-SHA512)", []string{"ECDSA/ECDH P-521", "HKDF", "HMAC-SHA-512"}},
	{"HPKE DHKEM(X25519, HKDF-SHA256)", []string{"X25519", "HKDF", "HMAC-SHA-256"}},
	{"HPKE ML-KEM-768", []string{"ML-KEM-768"}},
	{"HPKE ML-KEM-1024", []string{"ML-KEM-1024"}},
	{"HPKE MLKEM768-X25519", []string{"ML-KEM-768", "X25519", "SHA3-256", "SHAKE256"}},
	{"HPKE MLKEM768-P256", []string{"ML-KEM-768", "ECDSA/ECDH P-256", "SHA3-256", "SHAKE256"}},
	{"HPKE MLKEM1024-P384", []string{"ML-KEM-1024", "ECDSA/ECDH P-384", "SHA3-256", "SHAKE256"}},
	{"HPKE HKDF-SHA256", []string{"HKDF", "HMAC-SHA-256"}},
	{"HPKE HKDF-SHA384", []string{"HKDF", "HMAC-SHA-384"}},
	{"HPKE HKDF-SHA512", []string{"HKDF", "HMAC-SHA-512"}},
	{"HPKE SHAKE128", []string{"SHAKE128"}},
	{"HPKE SHAKE256", []string{"SHAKE256"}},
	{"HPKE AES-128-GCM", []string{"AES-GCM"}},
	{"HPKE AES-256-GCM", []string{"AES-GCM"}},
	{"HPKE ChaCha20Poly1305", []string{"ChaCha20-Poly1305"}},
	{"HPKE Export-only", nil},
}

// Capabilities lists every algorithm of the API as the linked fork provides
// it, the HPKE algorithms of package compat/hpke last. The command-line tool
// prints it, and the tests check each claim against behaviour on every fork.
func Capabilities() []Capability {
	caps := make([]Capability, 0, len(capabilityTable)+len(hpkeTable))
	for _, c := range capabilityTable {
		status := Unsupported
		switch shim.Support(c.family, c.id) {
		case shim.Native:
			status = Native
		case shim.Composed:
			status = Composed
		}
		allowed, reason := status != Unsupported, ""
		if allowed {
			switch r, policy := fipsAlgorithmRefused(c.family, c.id); {
			case !shim.FIPSAllowed(c.family, c.id):
				allowed, reason = false, "refused by the FIPS module in force"
			case fipsOnly && policy:
				allowed, reason = false, "FIPS-only mode: "+r.text
			}
		}
		caps = append(caps, Capability{
			Name:         c.name,
			Status:       status,
			FIPSApproved: c.approved && allowed,
			Allowed:      allowed,
			Reason:       reason,
		})
	}
	byName := make(map[string]Capability, len(caps))
	for _, c := range caps {
		byName[c.Name] = c
	}
	for _, h := range hpkeTable {
		c := Capability{Name: h.name, Status: Composed, Allowed: shim.Ready() == nil}
		for _, need := range h.needs {
			switch p := byName[need]; {
			case p.Status == Unsupported:
				c.Status, c.Allowed = Unsupported, false
			case !p.Allowed:
				c.Allowed = false
				if c.Reason == "" {
					c.Reason = need + ": " + p.Reason
				}
			}
		}
		caps = append(caps, c)
	}
	return caps
}
