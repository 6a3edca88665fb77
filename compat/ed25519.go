package compat

import (
	"crypto"
	"crypto/ed25519"
	"io"

	"github.com/forkcrypto/forkcrypto/shim"
)

// Ed25519PublicKey is an Ed25519 public key held by the fork.
type Ed25519PublicKey struct {
	key *pkey
	pub [ed25519.PublicKeySize]byte
}

// Ed25519PrivateKey is an Ed25519 private key held by the fork. It
// implements crypto.Signer and crypto.MessageSigner for pure Ed25519
// (RFC 8032); Ed25519ph and Ed25519ctx are not offered, since not every
// fork has them.
type Ed25519PrivateKey struct {
	key *pkey
	pub *Ed25519PublicKey
}

// GenerateKeyEd25519 generates a key with the fork's random generator.
func GenerateKeyEd25519() (*Ed25519PrivateKey, error) {
	const op = "Ed25519 generate"
	k, err := generateKey(op, shim.Ed25519, 0)
	if err != nil {
		return nil, err
	}
	return newEd25519FromKey(op, k)
}

func newEd25519FromKey(op string, k *pkey) (*Ed25519PrivateKey, error) {
	pub, err := k.part(op, shim.PartPub)
	if err != nil {
		return nil, err
	}
	p := &Ed25519PublicKey{key: k}
	copy(p.pub[:], pub)
	return &Ed25519PrivateKey{key: k, pub: p}, nil
}

// NewEd25519PrivateKey imports a standard library key (seed followed by the
// public key). The fork derives the public key from the seed and rejects a
// key whose second half differs.
func NewEd25519PrivateKey(priv ed25519.PrivateKey) (*Ed25519PrivateKey, error) {
	const op = "Ed25519 private key"
	if len(priv) != ed25519.PrivateKeySize {
		return nil, newError(op, ErrInvalidKey, "not 64 bytes")
	}
	return newEd25519Private(op, priv.Seed(), priv[32:])
}

// newEd25519Private imports a seed, with its public key when pub is not nil.
func newEd25519Private(op string, seed, pub []byte) (*Ed25519PrivateKey, error) {
	k, err := importKey(op, shim.Ed25519, &shim.Parts{shim.PartPriv: seed, shim.PartPub: pub})
	if err != nil {
		return nil, err
	}
	return newEd25519FromKey(op, k)
}

// NewEd25519PublicKey imports a standard library key.
func NewEd25519PublicKey(pub ed25519.PublicKey) (*Ed25519PublicKey, error) {
	const op = "Ed25519 public key"
	if len(pub) != ed25519.PublicKeySize {
		return nil, newError(op, ErrInvalidKey, "not 32 bytes")
	}
	k, err := importKey(op, shim.Ed25519, &shim.Parts{shim.PartPub: pub})
	if err != nil {
		return nil, err
	}
	p := &Ed25519PublicKey{key: k}
	copy(p.pub[:], pub)
	return p, nil
}

// Bytes returns the 32-byte encoding.
func (pub *Ed25519PublicKey) Bytes() []byte { return append([]byte(nil), pub.pub[:]...) }

// Ed25519 returns the key as the standard library's type.
func (pub *Ed25519PublicKey) Ed25519() ed25519.PublicKey { return pub.Bytes() }

// Equal reports whether pub and x are the same key; x may also be an
// ed25519.PublicKey.
func (pub *Ed25519PublicKey) Equal(x crypto.PublicKey) bool {
	switch x := x.(type) {
	case *Ed25519PublicKey:
		return pub.pub == x.pub
	case ed25519.PublicKey:
		return string(pub.pub[:]) == string(x)
	}
	return false
}

// PublicKey returns the public half of k.
func (k *Ed25519PrivateKey) PublicKey() *Ed25519PublicKey { return k.pub }

// Public returns the public key as ed25519.PublicKey, as crypto.Signer
// requires.
func (k *Ed25519PrivateKey) Public() crypto.PublicKey { return k.pub.Ed25519() }

// Sign signs message with pure Ed25519, like ed25519.PrivateKey.Sign:
// opts.HashFunc() must be zero. Ed25519 is deterministic, so rand is unused.
func (k *Ed25519PrivateKey) Sign(rand io.Reader, message []byte, opts crypto.SignerOpts) ([]byte, error) {
	const op = "Ed25519 sign"
	if opts.HashFunc() != 0 {
		return nil, newError(op, ErrUnsupported, "Ed25519ph: sign the message itself with crypto.Hash(0)")
	}
	if o, ok := opts.(*ed25519.Options); ok && o.Context != "" {
		return nil, newError(op, ErrUnsupported, "Ed25519ctx")
	}
	return k.key.sign(op, 0, shim.PadNone, 0, message, ed25519.SignatureSize)
}

// SignMessage is Sign; with Ed25519 the message is never pre-hashed.
func (k *Ed25519PrivateKey) SignMessage(rand io.Reader, message []byte, opts crypto.SignerOpts) ([]byte, error) {
	return k.Sign(rand, message, opts)
}

// Ed25519 exports the key as the standard library's type.
func (k *Ed25519PrivateKey) Ed25519() (ed25519.PrivateKey, error) {
	seed, err := k.key.part("Ed25519 export", shim.PartPriv)
	if err != nil {
		return nil, err
	}
	defer clear(seed)
	return append(append(make(ed25519.PrivateKey, 0, ed25519.PrivateKeySize), seed...), k.pub.pub[:]...), nil
}

// VerifyEd25519 checks a pure Ed25519 signature of message by pub; the
// error wraps ErrSignature when the signature is invalid.
func VerifyEd25519(pub *Ed25519PublicKey, message, sig []byte) error {
	const op = "Ed25519 verify"
	if pub == nil {
		return newError(op, ErrInvalidKey, "nil key")
	}
	if len(sig) != ed25519.SignatureSize {
		return newError(op, ErrSignature, "not 64 bytes")
	}
	return pub.key.verify(op, 0, shim.PadNone, 0, message, sig)
}
