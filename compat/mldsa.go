package compat

import (
	"crypto"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/forkcrypto/forkcrypto/shim"
)

// ML-DSA (FIPS 204) keys held by the fork, in the shapes of Go 1.27's
// crypto/mldsa. Keys move to and from crypto/mldsa through their encodings:
// the 32-byte seed of a private key and the public key's bytes are the same
// on both sides (and, on Go 1.27, through the conversions in
// mldsa_go127.go).
//
// ML-DSA is native on OpenSSL 3.5 and later and on AWS-LC; OpenSSL 3.0,
// BoringSSL and LibreSSL lack it, and every function here fails there with
// an error wrapping ErrUnsupported.

const (
	// MLDSAPrivateKeySize is the size of a private key's seed (xi).
	MLDSAPrivateKeySize = 32
	// MLDSAMuSize is the size of an external mu (RFC 9881).
	MLDSAMuSize = 64

	MLDSA44PublicKeySize = 1312
	MLDSA65PublicKeySize = 1952
	MLDSA87PublicKeySize = 2592

	MLDSA44SignatureSize = 2420
	MLDSA65SignatureSize = 3309
	MLDSA87SignatureSize = 4627
)

// MLDSAMu, returned by a SignerOpts' HashFunc, makes Sign and
// SignDeterministic take the message argument as a pre-hashed 64-byte mu
// message representative (RFC 9881's external mu) instead of a message. It
// has the value of Go 1.27's crypto.MLDSAMu, so either may be used.
const MLDSAMu = crypto.Hash(20)

type mldsaParams struct {
	kind             int
	name             string
	pubSize, sigSize int
	expandedSize     int // FIPS 204's encoded private key sk
	// Operation names for errors, built once rather than per call.
	opSign, opVerify, opGenerate, opImport string
}

func newMLDSAParams(kind int, name string, pubSize, sigSize, expandedSize int) *mldsaParams {
	return &mldsaParams{kind, name, pubSize, sigSize, expandedSize, name + " sign", name + " verify", name + " generate",
		name + " import"}
}

var (
	mldsa44 = newMLDSAParams(shim.MLDSA44, "ML-DSA-44", MLDSA44PublicKeySize, MLDSA44SignatureSize, 2560)
	mldsa65 = newMLDSAParams(shim.MLDSA65, "ML-DSA-65", MLDSA65PublicKeySize, MLDSA65SignatureSize, 4032)
	mldsa87 = newMLDSAParams(shim.MLDSA87, "ML-DSA-87", MLDSA87PublicKeySize, MLDSA87SignatureSize, 4896)
)

// MLDSAParameters is one of the parameter sets of FIPS 204. Values returned
// by MLDSA44, MLDSA65 and MLDSA87 compare equal to themselves, as in
// crypto/mldsa; the zero value is none of them.
type MLDSAParameters struct{ p *mldsaParams }

// MLDSA44 returns the ML-DSA-44 parameter set.
func MLDSA44() MLDSAParameters { return MLDSAParameters{mldsa44} }

// MLDSA65 returns the ML-DSA-65 parameter set.
func MLDSA65() MLDSAParameters { return MLDSAParameters{mldsa65} }

// MLDSA87 returns the ML-DSA-87 parameter set.
func MLDSA87() MLDSAParameters { return MLDSAParameters{mldsa87} }

// String returns the parameter set's name, such as "ML-DSA-65".
func (params MLDSAParameters) String() string {
	if params.p == nil {
		return "ML-DSA (no parameter set)"
	}
	return params.p.name
}

// PublicKeySize returns the size of the parameter set's public keys.
func (params MLDSAParameters) PublicKeySize() int {
	if params.p == nil {
		return 0
	}
	return params.p.pubSize
}

// SignatureSize returns the size of the parameter set's signatures.
func (params MLDSAParameters) SignatureSize() int {
	if params.p == nil {
		return 0
	}
	return params.p.sigSize
}

// MLDSAOptions carries the context of a signature. It implements
// crypto.SignerOpts with HashFunc returning zero: the message is signed as
// it is (FIPS 204's pure ML-DSA).
type MLDSAOptions struct {
	// Context separates signatures made for different purposes: at most
	// 255 bytes, empty by default, the same for signing and verifying.
	Context string
}

// HashFunc returns zero, to implement crypto.SignerOpts.
func (opts *MLDSAOptions) HashFunc() crypto.Hash { return 0 }

// sigKey owns an ML-DSA key inside the fork, immutable there and shared by
// every goroutine; methods that pass h to C keep the sigKey alive until the
// call returns.
type sigKey struct {
	h uintptr
	_ [56]byte // one key per 64 bytes keeps the span's cleanup list short (see pkey)
}

func ownSigKey(h uintptr) *sigKey {
	k := &sigKey{h: h}
	runtime.AddCleanup(k, shim.SigFree, h)
	return k
}

// opName is the parameter set's name followed by suffix (" generate" or
// " import"), built once per known parameter set.
func (params MLDSAParameters) opName(suffix string) string {
	if p := params.p; p != nil {
		switch suffix {
		case " generate":
			return p.opGenerate
		case " import":
			return p.opImport
		}
	}
	return params.String() + suffix
}

func (params MLDSAParameters) check(op string) (*mldsaParams, error) {
	p := params.p
	if p == nil {
		return nil, newError(op, ErrInvalidKey, "no ML-DSA parameter set (the zero MLDSAParameters)")
	}
	if err := shim.Ready(); err != nil {
		return nil, err
	}
	if shim.Support(shim.FamilySig, p.kind) == shim.Absent {
		return nil, newError(op, ErrUnsupported, "")
	}
	if err := fipsRefusal(op, shim.FamilySig, p.kind); err != nil {
		return nil, err
	}
	return p, nil
}

// MLDSAPrivateKey is an ML-DSA private key held by the fork. It implements
// crypto.Signer; signing runs in the fork.
type MLDSAPrivateKey struct {
	params *mldsaParams
	key    *sigKey
	seed   []byte // nil for a key imported from its expanded form alone
	pub    *MLDSAPublicKey
}

// MLDSAPublicKey is an ML-DSA public key held by the fork.
type MLDSAPublicKey struct {
	params *mldsaParams
	key    *sigKey
	bytes  []byte
	stdPublicKey
}

// GenerateKeyMLDSA generates a private key with the fork's key generation
// and random bits.
func GenerateKeyMLDSA(params MLDSAParameters) (*MLDSAPrivateKey, error) {
	op := params.opName(" generate")
	p, err := params.check(op)
	if err != nil {
		return nil, err
	}
	h, err := shim.SigGenerate(op, p.kind)
	if err != nil {
		return nil, err
	}
	k := ownSigKey(h)
	seed := make([]byte, MLDSAPrivateKeySize)
	ok := shim.SigGet(h, shim.PartPriv, seed)
	runtime.KeepAlive(k)
	if !ok {
		return nil, newError(op, shim.ErrFailed, "reading the generated key's seed")
	}
	return newMLDSAPrivateKey(op, p, k, seed)
}

// NewPrivateKeyMLDSA imports a private key from its 32-byte seed, the form
// crypto/mldsa.PrivateKey.Bytes returns.
func NewPrivateKeyMLDSA(params MLDSAParameters, seed []byte) (*MLDSAPrivateKey, error) {
	op := params.opName(" import")
	p, err := params.check(op)
	if err != nil {
		return nil, err
	}
	if len(seed) != MLDSAPrivateKeySize {
		return nil, newError(op, ErrInvalidKey, fmt.Sprintf("seed is %d bytes, want %d", len(seed), MLDSAPrivateKeySize))
	}
	h, err := shim.SigNew(op, p.kind, seed, nil)
	if err != nil {
		return nil, err
	}
	return newMLDSAPrivateKey(op, p, ownSigKey(h), append([]byte(nil), seed...))
}

// newMLDSAPrivateKeyExpanded imports FIPS 204's expanded private key sk, as
// PKCS #8 may carry it and NIST's vectors give it. The key has no seed.
func newMLDSAPrivateKeyExpanded(params MLDSAParameters, sk []byte) (*MLDSAPrivateKey, error) {
	op := params.opName(" import")
	p, err := params.check(op)
	if err != nil {
		return nil, err
	}
	if len(sk) != p.expandedSize {
		return nil, newError(op, ErrInvalidKey, fmt.Sprintf("expanded private key is %d bytes, want %d", len(sk), p.expandedSize))
	}
	h, err := shim.SigNew(op, p.kind, sk, nil)
	if err != nil {
		return nil, err
	}
	return newMLDSAPrivateKey(op, p, ownSigKey(h), nil)
}

func newMLDSAPrivateKey(op string, p *mldsaParams, k *sigKey, seed []byte) (*MLDSAPrivateKey, error) {
	pub := make([]byte, p.pubSize)
	ok := shim.SigGet(k.h, shim.PartPub, pub)
	runtime.KeepAlive(k)
	if !ok {
		return nil, newError(op, shim.ErrFailed, "reading the public key")
	}
	return &MLDSAPrivateKey{params: p, key: k, seed: seed, pub: &MLDSAPublicKey{params: p, key: k, bytes: pub}}, nil
}

// NewPublicKeyMLDSA imports a public key from its encoding.
func NewPublicKeyMLDSA(params MLDSAParameters, encoding []byte) (*MLDSAPublicKey, error) {
	op := params.opName(" import")
	p, err := params.check(op)
	if err != nil {
		return nil, err
	}
	if len(encoding) != p.pubSize {
		return nil, newError(op, ErrInvalidKey, fmt.Sprintf("public key is %d bytes, want %d", len(encoding), p.pubSize))
	}
	h, err := shim.SigNew(op, p.kind, nil, encoding)
	if err != nil {
		return nil, err
	}
	return &MLDSAPublicKey{params: p, key: ownSigKey(h), bytes: append([]byte(nil), encoding...)}, nil
}

// Bytes returns the private key's 32-byte seed, which NewPrivateKeyMLDSA and
// crypto/mldsa.NewPrivateKey accept. A key imported from FIPS 204's
// expanded form alone (a PKCS #8 "expandedKey") has no seed: Bytes returns
// nil for it.
func (sk *MLDSAPrivateKey) Bytes() []byte { return append([]byte(nil), sk.seed...) }

// expanded returns FIPS 204's expanded private key sk, computed by the fork.
func (sk *MLDSAPrivateKey) expanded() ([]byte, error) {
	out := make([]byte, sk.params.expandedSize)
	ok := shim.SigGet(sk.key.h, shim.PartExpanded, out)
	runtime.KeepAlive(sk.key)
	if !ok {
		return nil, newError(sk.params.name+" export", shim.ErrFailed, "reading the expanded private key")
	}
	return out, nil
}

// PublicKey returns the public key.
func (sk *MLDSAPrivateKey) PublicKey() *MLDSAPublicKey { return sk.pub }

// Equal reports whether sk and x are the same key: the same seed, or, for
// keys without one, the same expanded form.
func (sk *MLDSAPrivateKey) Equal(x crypto.PrivateKey) bool {
	o, ok := x.(*MLDSAPrivateKey)
	if !ok || o.params != sk.params {
		return false
	}
	if sk.seed != nil && o.seed != nil {
		return subtle.ConstantTimeCompare(sk.seed, o.seed) == 1
	}
	a, errA := sk.expanded()
	b, errB := o.expanded()
	return errA == nil && errB == nil && subtle.ConstantTimeCompare(a, b) == 1
}

// Sign signs message with the fork's hedged signing, its randomness drawn
// from the fork's DRBG; rand is ignored, as in crypto/mldsa. With opts nil
// or opts.HashFunc() zero the message is signed as it is, under the
// context of an *MLDSAOptions; with opts.HashFunc() MLDSAMu, message is a
// 64-byte external mu (signed natively on OpenSSL 3.5+ and AWS-LC). Other
// hashes (HashML-DSA) are refused.
func (sk *MLDSAPrivateKey) Sign(rand io.Reader, message []byte, opts crypto.SignerOpts) ([]byte, error) {
	return sk.sign(0, message, opts, nil)
}

// SignDeterministic works like Sign, but the signature is FIPS 204's
// deterministic variant: the same key and message give the same bytes.
func (sk *MLDSAPrivateKey) SignDeterministic(message []byte, opts crypto.SignerOpts) ([]byte, error) {
	return sk.sign(shim.SigDeterministic, message, opts, nil)
}

// sign signs with the fork; rnd, when not nil, is the signing randomness
// (known-answer tests).
func (sk *MLDSAPrivateKey) sign(flags int, message []byte, opts crypto.SignerOpts, rnd []byte) ([]byte, error) {
	op := sk.params.opSign
	ctx, mu, err := mldsaOpts(op, opts)
	if err != nil {
		return nil, err
	}
	if mu {
		if len(message) != MLDSAMuSize {
			return nil, newError(op, errMuSize, fmt.Sprintf("%d bytes", len(message)))
		}
		flags |= shim.SigMu
	}
	sig := make([]byte, sk.params.sigSize)
	err = shim.SigSign(op, sk.key.h, flags, message, ctx, rnd, sig)
	runtime.KeepAlive(sk.key)
	if err != nil {
		return nil, err
	}
	return sig, nil
}

// mldsaOpts reads the context and the external-mu choice from opts.
func mldsaOpts(op string, opts crypto.SignerOpts) (ctx []byte, mu bool, err error) {
	if opts == nil {
		return nil, false, nil
	}
	switch h := opts.HashFunc(); h {
	case 0:
	case MLDSAMu:
		return nil, true, nil
	default:
		return nil, false, newError(op, ErrUnsupported, fmt.Sprintf("pre-hashed ML-DSA (HashML-DSA with %v) is not offered; sign the message, or pass MLDSAMu with an external mu", h))
	}
	if o, ok := opts.(*MLDSAOptions); ok && o != nil {
		if len(o.Context) > 255 {
			return nil, false, newError(op, errMLDSAContext, fmt.Sprintf("%d bytes", len(o.Context)))
		}
		return []byte(o.Context), false, nil
	}
	return nil, false, nil
}

var (
	errMLDSAContext = errors.New("forkcrypto: ML-DSA context longer than 255 bytes")
	errMuSize       = errors.New("forkcrypto: ML-DSA external mu is not 64 bytes")
)

// VerifyMLDSA checks a signature of message by pub, under the context of
// opts (nil: empty). The error wraps ErrSignature when the signature is
// invalid, a wrong length included.
func VerifyMLDSA(pub *MLDSAPublicKey, message, sig []byte, opts *MLDSAOptions) error {
	if pub == nil {
		return newError("ML-DSA verify", ErrInvalidKey, "nil key")
	}
	op := pub.params.opVerify
	ctx, _, err := mldsaOpts(op, opts)
	if err != nil {
		return err
	}
	return pub.verify(op, 0, message, ctx, sig)
}

// VerifyMLDSAMu checks a signature over an external mu (RFC 9881), natively
// on OpenSSL 3.5+ and AWS-LC. A signature of a message verifies against that
// message's mu.
func VerifyMLDSAMu(pub *MLDSAPublicKey, mu, sig []byte) error {
	if pub == nil {
		return newError("ML-DSA verify", ErrInvalidKey, "nil key")
	}
	op := pub.params.opVerify
	if len(mu) != MLDSAMuSize {
		return newError(op, errMuSize, fmt.Sprintf("%d bytes", len(mu)))
	}
	return pub.verify(op, shim.SigMu, mu, nil, sig)
}

func (pub *MLDSAPublicKey) verify(op string, flags int, in, ctx, sig []byte) error {
	if len(sig) != pub.params.sigSize {
		return newError(op, ErrSignature, fmt.Sprintf("signature is %d bytes, want %d", len(sig), pub.params.sigSize))
	}
	ok, err := shim.SigVerify(op, pub.key.h, flags, in, ctx, sig)
	runtime.KeepAlive(pub.key)
	if err != nil {
		return err
	}
	if !ok {
		return newError(op, ErrSignature, "")
	}
	return nil
}

// Bytes returns the public key's encoding.
func (pub *MLDSAPublicKey) Bytes() []byte { return append([]byte(nil), pub.bytes...) }

// Parameters returns the public key's parameter set.
func (pub *MLDSAPublicKey) Parameters() MLDSAParameters { return MLDSAParameters{pub.params} }

// Equal reports whether pub and x are the same key: the same parameter set
// and encoding.
func (pub *MLDSAPublicKey) Equal(x crypto.PublicKey) bool {
	o, ok := x.(*MLDSAPublicKey)
	return ok && o.params == pub.params && string(o.bytes) == string(pub.bytes)
}
