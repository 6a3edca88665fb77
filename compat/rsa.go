package compat

import (
	"crypto"
	"crypto/rsa"
	"encoding/binary"
	"errors"
	"io"
	"math/big"
	"math/bits"
	"runtime"

	"github.com/forkcrypto/forkcrypto/shim"
)

// RSA key sizes accepted on every fork, in bits.
const (
	minRSABits = 1024
	maxRSABits = 16384
)

// RSAPublicKey is an RSA public key held by the fork.
type RSAPublicKey struct {
	key *pkey
	n   []byte // big-endian, no leading zeros
	e   int
}

// RSAPrivateKey is an RSA private key held by the fork. It implements
// crypto.Signer (PKCS #1 v1.5 and PSS) and crypto.Decrypter (PKCS #1 v1.5
// and OAEP).
type RSAPrivateKey struct {
	key *pkey
	pub *RSAPublicKey
}

// checkRSAPublic applies the standard library's rules to a public key, with
// the size limits of this package: an odd modulus of 1024 to 16384 bits and
// an odd exponent from 3 to 2³¹-1. n is big-endian without leading zeros.
func checkRSAPublic(op string, n []byte, e int) error {
	switch bitLen := bitLen(n); {
	case bitLen == 0 || n[len(n)-1]&1 == 0:
		return newError(op, ErrInvalidKey, "modulus missing or even")
	case bitLen < minRSABits || bitLen > maxRSABits:
		return newError(op, ErrInvalidKey, "modulus size outside 1024 to 16384 bits")
	case e < 3 || e&1 == 0 || e > 1<<31-1:
		return newError(op, ErrInvalidKey, "public exponent not odd or outside 3 to 2^31-1")
	}
	return nil
}

// bitLen is the length in bits of a big-endian number without leading zeros.
func bitLen(n []byte) int {
	if len(n) == 0 {
		return 0
	}
	return 8*len(n) - bits.LeadingZeros8(n[0])
}

// modulusBytes is n's magnitude, or nil when n is missing or not positive.
func modulusBytes(n *big.Int) []byte {
	if n == nil || n.Sign() <= 0 {
		return nil
	}
	return n.Bytes()
}

// exponentBytes is e big-endian without leading zeros.
func exponentBytes(e int) []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(e))
	for len(b) > 1 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// GenerateKeyRSA generates a key of bits (1024 to 16384) with e = 65537.
func GenerateKeyRSA(bits int) (*RSAPrivateKey, error) {
	const op = "RSA generate"
	if bits < minRSABits || bits > maxRSABits {
		return nil, newError(op, ErrInvalidKey, "size outside 1024 to 16384 bits")
	}
	if err := fipsCheck(op, bits >= 2048, fipsRSASize); err != nil {
		return nil, err
	}
	k, err := generateKey(op, shim.RSA, bits)
	if err != nil {
		return nil, err
	}
	n, err := k.part(op, shim.PartPub)
	if err != nil {
		return nil, err
	}
	return &RSAPrivateKey{key: k, pub: &RSAPublicKey{key: k, n: n, e: 65537}}, nil
}

// NewRSAPrivateKey imports a standard library key with two primes. CRT
// values missing from Precomputed are computed by the fork, which also
// checks that the key is consistent.
func NewRSAPrivateKey(priv *rsa.PrivateKey) (*RSAPrivateKey, error) {
	const op = "RSA private key"
	if priv == nil {
		return nil, newError(op, ErrInvalidKey, "nil key")
	}
	if len(priv.Primes) != 2 {
		return nil, newError(op, ErrUnsupported, "only two-prime keys")
	}
	if priv.D == nil || priv.Primes[0] == nil || priv.Primes[1] == nil {
		return nil, newError(op, ErrInvalidKey, "missing private values")
	}
	parts := shim.Parts{shim.PartPriv: priv.D.Bytes(), shim.PartP: priv.Primes[0].Bytes(), shim.PartQ: priv.Primes[1].Bytes()}
	if pc := priv.Precomputed; pc.Dp != nil && pc.Dq != nil && pc.Qinv != nil {
		parts[shim.PartDp], parts[shim.PartDq], parts[shim.PartQinv] = pc.Dp.Bytes(), pc.Dq.Bytes(), pc.Qinv.Bytes()
	}
	defer func() {
		for _, p := range parts[shim.PartPriv:] {
			clear(p)
		}
	}()
	return newRSAPrivate(op, modulusBytes(priv.N), priv.E, &parts)
}

// newRSAPrivate imports a private key whose parts other than n and e are
// set; n is as newRSAPublic takes it.
func newRSAPrivate(op string, n []byte, e int, parts *shim.Parts) (*RSAPrivateKey, error) {
	if err := checkRSAPublic(op, n, e); err != nil {
		return nil, err
	}
	parts[shim.PartPub], parts[shim.PartE] = n, exponentBytes(e)
	k, err := importKey(op, shim.RSA, parts)
	if err != nil {
		return nil, err
	}
	return &RSAPrivateKey{key: k, pub: &RSAPublicKey{key: k, n: parts[shim.PartPub], e: e}}, nil
}

// NewRSAPublicKey imports a standard library key.
func NewRSAPublicKey(pub *rsa.PublicKey) (*RSAPublicKey, error) {
	const op = "RSA public key"
	if pub == nil {
		return nil, newError(op, ErrInvalidKey, "nil key")
	}
	return newRSAPublic(op, modulusBytes(pub.N), pub.E)
}

// newRSAPublic imports the key (n, e); n, big-endian without leading zeros,
// becomes the key's.
func newRSAPublic(op string, n []byte, e int) (*RSAPublicKey, error) {
	if err := checkRSAPublic(op, n, e); err != nil {
		return nil, err
	}
	k, err := importKey(op, shim.RSA, &shim.Parts{shim.PartPub: n, shim.PartE: exponentBytes(e)})
	if err != nil {
		return nil, err
	}
	return &RSAPublicKey{key: k, n: n, e: e}, nil
}

// bits is the modulus size in bits.
func (pub *RSAPublicKey) bits() int { return bitLen(pub.n) }

// Size returns the modulus size in bytes, which is the size of signatures
// and ciphertexts.
func (pub *RSAPublicKey) Size() int { return len(pub.n) }

// RSA returns the key as the standard library's type.
func (pub *RSAPublicKey) RSA() *rsa.PublicKey {
	return &rsa.PublicKey{N: new(big.Int).SetBytes(pub.n), E: pub.e}
}

// Equal reports whether pub and x are the same key; x may also be an
// *rsa.PublicKey.
func (pub *RSAPublicKey) Equal(x crypto.PublicKey) bool {
	switch x := x.(type) {
	case *RSAPublicKey:
		return pub.e == x.e && string(pub.n) == string(x.n)
	case *rsa.PublicKey:
		return pub.RSA().Equal(x)
	}
	return false
}

// PublicKey returns the public half of k.
func (k *RSAPrivateKey) PublicKey() *RSAPublicKey { return k.pub }

// Public returns the public key as *rsa.PublicKey, as crypto.Signer requires.
func (k *RSAPrivateKey) Public() crypto.PublicKey { return k.pub.RSA() }

// RSA exports the key as the standard library's type, precomputed.
func (k *RSAPrivateKey) RSA() (*rsa.PrivateKey, error) {
	const op = "RSA export"
	var v [shim.PartCount]*big.Int
	for _, part := range []int{shim.PartPriv, shim.PartP, shim.PartQ, shim.PartDp, shim.PartDq, shim.PartQinv} {
		b, err := k.key.part(op, part)
		if err != nil {
			return nil, err
		}
		v[part] = new(big.Int).SetBytes(b)
		clear(b)
	}
	priv := &rsa.PrivateKey{PublicKey: *k.pub.RSA(), D: v[shim.PartPriv], Primes: []*big.Int{v[shim.PartP], v[shim.PartQ]}}
	priv.Precomputed.Dp, priv.Precomputed.Dq, priv.Precomputed.Qinv = v[shim.PartDp], v[shim.PartDq], v[shim.PartQinv]
	priv.Precompute()
	return priv, nil
}

// hashFor maps h to the contract's digest and checks the length of a
// digest computed with it.
func hashFor(op string, h crypto.Hash, digest []byte) (int, error) {
	md, err := contractHash(op, h)
	if err != nil {
		return 0, err
	}
	if len(digest) != h.Size() {
		return 0, newError(op, ErrInvalidKey, "digest length does not match the hash")
	}
	return md, nil
}

// Sign signs digest with PSS when opts is *rsa.PSSOptions and with
// PKCS #1 v1.5 otherwise, like rsa.PrivateKey.Sign. PKCS #1 v1.5 with
// crypto.Hash(0) signs digest as given, without a DigestInfo prefix, and
// crypto.MD5SHA1 (TLS 1.0's concatenation) likewise. The fork's random
// generator supplies PSS salts, so rand is ignored.
func (k *RSAPrivateKey) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if err := k.fipsSign(opts); err != nil {
		return nil, err
	}
	if pss, ok := opts.(*rsa.PSSOptions); ok {
		const op = "RSA-PSS sign"
		md, err := hashFor(op, pss.Hash, digest)
		if err != nil {
			return nil, err
		}
		salt, err := k.pub.signSaltLength(op, pss)
		if err != nil {
			return nil, err
		}
		return k.key.sign(op, md, shim.PadPSS, salt, digest, k.pub.Size())
	}
	const op = "RSA PKCS #1 v1.5 sign"
	h := opts.HashFunc()
	md := 0
	switch h {
	case 0:
	case crypto.MD5SHA1:
		if len(digest) != h.Size() {
			return nil, newError(op, ErrInvalidKey, "digest length does not match the hash")
		}
	default:
		var err error
		if md, err = hashFor(op, h, digest); err != nil {
			return nil, err
		}
	}
	if len(digest)+11 > k.pub.Size() {
		return nil, newError(op, ErrInvalidKey, "key too small for the digest")
	}
	return k.key.sign(op, md, shim.PadPKCS1, 0, digest, k.pub.Size())
}

// fipsSign applies FIPS-only mode's rules on RSA signing: the key size and
// the hash.
func (k *RSAPrivateKey) fipsSign(opts crypto.SignerOpts) error {
	if err := fipsCheck("RSA sign", k.pub.bits() >= 2048, fipsRSASize); err != nil {
		return err
	}
	return fipsCheck("RSA sign", opts == nil || opts.HashFunc() != crypto.SHA1 && opts.HashFunc() != crypto.MD5SHA1, fipsSHA1Signature)
}

// maxSaltLength is the largest PSS salt for pub with hash h (RFC 8017, 9.1.1).
func (pub *RSAPublicKey) maxSaltLength(h crypto.Hash) int {
	modBits := (len(pub.n)-1)*8 + bits.Len8(pub.n[0]) // n has no leading zero byte
	emLen := (modBits - 1 + 7) / 8
	return emLen - 2 - h.Size()
}

func (pub *RSAPublicKey) signSaltLength(op string, opts *rsa.PSSOptions) (int, error) {
	max := pub.maxSaltLength(opts.Hash)
	salt := opts.SaltLength
	switch salt {
	case rsa.PSSSaltLengthAuto:
		salt = max
	case rsa.PSSSaltLengthEqualsHash:
		salt = opts.Hash.Size()
	}
	if salt < 0 || salt > max {
		return 0, newError(op, ErrInvalidKey, "PSS salt length does not fit the key")
	}
	return salt, nil
}

// VerifyPKCS1v15 checks a PKCS #1 v1.5 signature of hashed, a digest made
// with hash (or, with crypto.Hash(0), the signed bytes themselves), like
// rsa.VerifyPKCS1v15. The error wraps ErrSignature when the signature is
// invalid.
func VerifyPKCS1v15(pub *RSAPublicKey, hash crypto.Hash, hashed, sig []byte) error {
	const op = "RSA PKCS #1 v1.5 verify"
	if pub == nil {
		return newError(op, ErrInvalidKey, "nil key")
	}
	md := 0
	if hash != 0 && hash != crypto.MD5SHA1 {
		var err error
		if md, err = hashFor(op, hash, hashed); err != nil {
			return err
		}
	}
	if len(sig) != pub.Size() {
		return newError(op, ErrSignature, "signature length differs from the modulus")
	}
	return pub.key.verify(op, md, shim.PadPKCS1, 0, hashed, sig)
}

// VerifyPSS checks a PSS signature of digest, like rsa.VerifyPSS. With
// opts nil or SaltLength rsa.PSSSaltLengthAuto, any salt length is accepted.
// The error wraps ErrSignature when the signature is invalid.
func VerifyPSS(pub *RSAPublicKey, hash crypto.Hash, digest, sig []byte, opts *rsa.PSSOptions) error {
	const op = "RSA-PSS verify"
	if pub == nil {
		return newError(op, ErrInvalidKey, "nil key")
	}
	md, err := hashFor(op, hash, digest)
	if err != nil {
		return err
	}
	salt := shim.SaltAuto
	if opts != nil {
		switch opts.SaltLength {
		case rsa.PSSSaltLengthAuto:
		case rsa.PSSSaltLengthEqualsHash:
			salt = hash.Size()
		default:
			if salt = opts.SaltLength; salt < 0 {
				return newError(op, ErrInvalidKey, "negative PSS salt length")
			}
		}
	}
	if len(sig) != pub.Size() {
		return newError(op, ErrSignature, "signature length differs from the modulus")
	}
	return pub.key.verify(op, md, shim.PadPSS, salt, digest, sig)
}

// EncryptOAEP encrypts msg with RSA-OAEP using hash for both the label
// digest and MGF1, like rsa.EncryptOAEP.
func EncryptOAEP(hash crypto.Hash, pub *RSAPublicKey, msg, label []byte) ([]byte, error) {
	const op = "RSA-OAEP encrypt"
	if pub == nil {
		return nil, newError(op, ErrInvalidKey, "nil key")
	}
	md, err := contractHash(op, hash)
	if err != nil {
		return nil, err
	}
	if len(msg) > pub.Size()-2*hash.Size()-2 {
		return nil, newError(op, ErrInvalidKey, "message too long for the key")
	}
	return pub.crypt(op, false, shim.PadOAEP, md, md, label, msg)
}

// EncryptPKCS1v15 encrypts msg with PKCS #1 v1.5 padding, like
// rsa.EncryptPKCS1v15. New protocols should use EncryptOAEP.
func EncryptPKCS1v15(pub *RSAPublicKey, msg []byte) ([]byte, error) {
	const op = "RSA PKCS #1 v1.5 encrypt"
	if pub == nil {
		return nil, newError(op, ErrInvalidKey, "nil key")
	}
	if err := fipsCheck(op, false, fipsPKCS1v15Encryption); err != nil {
		return nil, err
	}
	if len(msg) > pub.Size()-11 {
		return nil, newError(op, ErrInvalidKey, "message too long for the key")
	}
	return pub.crypt(op, false, shim.PadPKCS1, 0, 0, nil, msg)
}

func (pub *RSAPublicKey) crypt(op string, decrypt bool, pad, md, mgf1 int, label, in []byte) ([]byte, error) {
	k := pub.key
	defer runtime.KeepAlive(k)
	out := make([]byte, pub.Size())
	n, err := shim.PKeyCrypt(op, k.h, decrypt, pad, md, mgf1, label, in, out)
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}

// Decrypt decrypts ciphertext with OAEP when opts is *rsa.OAEPOptions and
// with PKCS #1 v1.5 otherwise, like rsa.PrivateKey.Decrypt. A failed
// decryption wraps ErrDecryption and says nothing more. With
// *rsa.PKCS1v15DecryptOptions and SessionKeyLen set, a failure instead
// returns SessionKeyLen random bytes, as the standard library does against
// Bleichenbacher's attack.
func (k *RSAPrivateKey) Decrypt(rand io.Reader, ciphertext []byte, opts crypto.DecrypterOpts) ([]byte, error) {
	if err := fipsCheck("RSA decrypt", k.pub.bits() >= 2048, fipsRSASize); err != nil {
		return nil, err
	}
	if _, oaep := opts.(*rsa.OAEPOptions); !oaep {
		if err := fipsCheck("RSA PKCS #1 v1.5 decrypt", false, fipsPKCS1v15Encryption); err != nil {
			return nil, err
		}
	}
	if len(ciphertext) != k.pub.Size() {
		return nil, newError("RSA decrypt", ErrDecryption, "")
	}
	switch o := opts.(type) {
	case *rsa.OAEPOptions:
		const op = "RSA-OAEP decrypt"
		md, err := contractHash(op, o.Hash)
		if err != nil {
			return nil, err
		}
		mgf1 := md
		if o.MGFHash != 0 {
			if mgf1, err = contractHash(op, o.MGFHash); err != nil {
				return nil, err
			}
		}
		return k.pub.decrypt(op, shim.PadOAEP, md, mgf1, o.Label, ciphertext)
	case *rsa.PKCS1v15DecryptOptions:
		if o != nil && o.SessionKeyLen > 0 {
			return k.decryptSessionKey(ciphertext, o.SessionKeyLen)
		}
	}
	return k.pub.decrypt("RSA PKCS #1 v1.5 decrypt", shim.PadPKCS1, 0, 0, nil, ciphertext)
}

// decrypt runs a private-key operation through pub's key, which is the
// private key's own.
func (pub *RSAPublicKey) decrypt(op string, pad, md, mgf1 int, label, ciphertext []byte) ([]byte, error) {
	out, err := pub.crypt(op, true, pad, md, mgf1, label, ciphertext)
	if err != nil && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrFIPS) && !errors.Is(err, ErrBackend) {
		// Whatever the fork says about a failed decryption stays out of the error.
		return nil, newError(op, ErrDecryption, "")
	}
	return out, err
}

func (k *RSAPrivateKey) decryptSessionKey(ciphertext []byte, size int) ([]byte, error) {
	const op = "RSA PKCS #1 v1.5 decrypt"
	key := make([]byte, size)
	if err := shim.RandBytes(key); err != nil {
		return nil, err
	}
	msg, err := k.pub.crypt(op, true, shim.PadPKCS1, 0, 0, nil, ciphertext)
	if err != nil && !errors.Is(err, ErrAuthentication) {
		return nil, err
	}
	// The random key stands unless the message decrypted with the expected
	// length. The fork's padding check already answers through its return
	// value, so this adds no difference an attacker could not time anyway.
	if err == nil && len(msg) == size {
		copy(key, msg)
	}
	return key, nil
}
