package hpke

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/mlkem"
	"errors"
	"fmt"
	"io"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
)

// The post-quantum KEMs of draft-ietf-hpke-pq: ML-KEM-768 and ML-KEM-1024
// alone, and the hybrids MLKEM768-X25519 (X-Wing), MLKEM768-P256 and
// MLKEM1024-P384. ML-KEM, the curves, SHA3-256 (the hybrids' combiner) and
// SHAKE256 (key derivation) all run in the fork; a fork without one of them
// fails with an error wrapping compat.ErrUnsupported that names it.

// mlkemKEM is ML-KEM-768 or ML-KEM-1024 as an HPKE KEM.
type mlkemKEM struct {
	id     uint16
	name   string // as compat.Capabilities names it
	ekSize int
	ctSize int
	newDK  func(seed []byte) (*compat.MLKEMDecapsulationKey, error)
	newEK  func(b []byte) (*compat.MLKEMEncapsulationKey, error)
	gen    func() (*compat.MLKEMDecapsulationKey, error)
}

var (
	mlkem768 = &mlkemKEM{0x0041, "ML-KEM-768", compat.MLKEMEncapsulationKeySize768, compat.MLKEMCiphertextSize768,
		compat.NewDecapsulationKeyMLKEM768, compat.NewEncapsulationKeyMLKEM768, compat.GenerateKeyMLKEM768}
	mlkem1024 = &mlkemKEM{0x0042, "ML-KEM-1024", compat.MLKEMEncapsulationKeySize1024, compat.MLKEMCiphertextSize1024,
		compat.NewDecapsulationKeyMLKEM1024, compat.NewEncapsulationKeyMLKEM1024, compat.GenerateKeyMLKEM1024}
)

// MLKEM768 returns ML-KEM-768 (KEM 0x0041) of draft-ietf-hpke-pq, computed
// by the fork. OpenSSL 3.0-3.4 and BoringSSL lack ML-KEM.
func MLKEM768() KEM { return mlkem768 }

// MLKEM1024 returns ML-KEM-1024 (KEM 0x0042) of draft-ietf-hpke-pq, computed
// by the fork. OpenSSL 3.0-3.4 and BoringSSL lack ML-KEM.
func MLKEM1024() KEM { return mlkem1024 }

func (k *mlkemKEM) ID() uint16   { return k.id }
func (k *mlkemKEM) encSize() int { return k.ctSize }

// mlkemBySize identifies the parameter set of an encapsulation key by its size.
func mlkemBySize(n int) *mlkemKEM {
	switch n {
	case mlkem768.ekSize:
		return mlkem768
	case mlkem1024.ekSize:
		return mlkem1024
	}
	return nil
}

// forkEK returns the fork's copy of an encapsulation key: the key itself when
// compat holds it, otherwise its encoding imported into the fork.
func forkEK(ek crypto.Encapsulator) (*mlkemKEM, *compat.MLKEMEncapsulationKey, error) {
	if ek == nil {
		return nil, nil, errors.New("hpke: nil ML-KEM key")
	}
	b := ek.Bytes()
	k := mlkemBySize(len(b))
	if k == nil {
		return nil, nil, fmt.Errorf("hpke: unsupported public key type %T", ek)
	}
	if fk, ok := ek.(*compat.MLKEMEncapsulationKey); ok {
		return k, fk, nil
	}
	fk, err := k.newEK(b)
	if err != nil {
		return nil, nil, fmt.Errorf("hpke: %s public key: %w", k.name, err)
	}
	return k, fk, nil
}

// forkDK returns a decapsulation key for the fork: a crypto/mlkem key is
// imported from its seed; compat's keys and other implementations (a
// hardware key) are kept. It also returns the fork's copy of the public half.
func forkDK(dk crypto.Decapsulator) (*mlkemKEM, crypto.Decapsulator, *compat.MLKEMEncapsulationKey, error) {
	if dk == nil {
		return nil, nil, nil, errors.New("hpke: nil ML-KEM key")
	}
	var seed []byte
	switch std := dk.(type) {
	case *mlkem.DecapsulationKey768:
		seed = std.Bytes()
	case *mlkem.DecapsulationKey1024:
		seed = std.Bytes()
	case *compat.MLKEMDecapsulationKey:
		k := mlkemBySize(len(std.EncapsulationKey().Bytes()))
		if k == nil {
			return nil, nil, nil, errors.New("hpke: unsupported ML-KEM key")
		}
		return k, std, std.EncapsulationKey(), nil
	}
	if seed != nil {
		defer clear(seed)
		k := mlkemBySize(len(dk.Encapsulator().Bytes()))
		fk, err := k.newDK(seed)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("hpke: %s private key: %w", k.name, err)
		}
		return k, fk, fk.EncapsulationKey(), nil
	}
	k, ek, err := forkEK(dk.Encapsulator())
	if err != nil {
		return nil, nil, nil, err
	}
	return k, dk, ek, nil
}

// encapsulate runs the fork's encapsulation, whose compat method panics on a
// failure of the fork.
func encapsulate(ek *compat.MLKEMEncapsulationKey) (shared, ct []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("hpke: ML-KEM encapsulation: %w", e)
		}
	}()
	shared, ct = ek.Encapsulate()
	return shared, ct, nil
}

// GenerateKey generates an ML-KEM key with the fork's key generation.
func (k *mlkemKEM) GenerateKey() (PrivateKey, error) {
	dk, err := k.gen()
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	return &mlkemPrivateKey{kem: k, dk: dk, pub: &mlkemPublicKey{kem: k, ek: dk.EncapsulationKey()}}, nil
}

// NewPublicKey imports an encapsulation key into the fork, after FIPS 203's
// modulus check.
func (k *mlkemKEM) NewPublicKey(b []byte) (PublicKey, error) {
	ek, err := k.newEK(b)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s public key: %w", k.name, err)
	}
	return &mlkemPublicKey{kem: k, ek: ek}, nil
}

// NewPrivateKey imports a decapsulation key from its 64-byte seed (d || z)
// into the fork.
func (k *mlkemKEM) NewPrivateKey(seed []byte) (PrivateKey, error) {
	dk, err := k.newDK(seed)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s private key: %w", k.name, err)
	}
	return &mlkemPrivateKey{kem: k, dk: dk, pub: &mlkemPublicKey{kem: k, ek: dk.EncapsulationKey()}}, nil
}

// DeriveKeyPair derives the seed as SHAKE256's LabeledDerive(ikm,
// "DeriveKeyPair", "", 64) under the KEM's suite ID, computed by the fork.
func (k *mlkemKEM) DeriveKeyPair(ikm []byte) (PrivateKey, error) {
	seed, err := shake256KDF.labeledDerive(kemSuiteID(k.id), ikm, "DeriveKeyPair", nil, compat.MLKEMSeedSize)
	if err != nil {
		return nil, err
	}
	defer clear(seed)
	return k.NewPrivateKey(seed)
}

type mlkemPublicKey struct {
	kem *mlkemKEM
	ek  *compat.MLKEMEncapsulationKey
}

// NewMLKEMPublicKey returns pub as an ML-KEM-768 or ML-KEM-1024 public key,
// by its size. pub may be a *compat.MLKEMEncapsulationKey, a crypto/mlkem
// key or any crypto.Encapsulator: its encoding is imported into the fork,
// which encapsulates. A fork without ML-KEM fails here.
func NewMLKEMPublicKey(pub crypto.Encapsulator) (PublicKey, error) {
	k, ek, err := forkEK(pub)
	if err != nil {
		return nil, err
	}
	return &mlkemPublicKey{kem: k, ek: ek}, nil
}

func (pk *mlkemPublicKey) KEM() KEM      { return pk.kem }
func (pk *mlkemPublicKey) Bytes() []byte { return pk.ek.Bytes() }

func (pk *mlkemPublicKey) encap() (shared, enc []byte, err error) {
	return encapsulate(pk.ek)
}

type mlkemPrivateKey struct {
	kem *mlkemKEM
	dk  crypto.Decapsulator
	pub *mlkemPublicKey
}

// NewMLKEMPrivateKey returns priv as an ML-KEM-768 or ML-KEM-1024 private
// key. priv may be a *compat.MLKEMDecapsulationKey, a crypto/mlkem key
// (imported into the fork from its seed) or another crypto.Decapsulator
// such as a hardware key, which decapsulates where it runs; the KDF and
// AEAD run in the fork whatever the key. A fork without ML-KEM fails here.
func NewMLKEMPrivateKey(priv crypto.Decapsulator) (PrivateKey, error) {
	k, dk, ek, err := forkDK(priv)
	if err != nil {
		return nil, err
	}
	return &mlkemPrivateKey{kem: k, dk: dk, pub: &mlkemPublicKey{kem: k, ek: ek}}, nil
}

func (sk *mlkemPrivateKey) KEM() KEM             { return sk.kem }
func (sk *mlkemPrivateKey) PublicKey() PublicKey { return sk.pub }

// Bytes returns the 64-byte seed, when the key can give it.
func (sk *mlkemPrivateKey) Bytes() ([]byte, error) {
	return seedOf(sk.dk)
}

func seedOf(dk crypto.Decapsulator) (seed []byte, err error) {
	b, ok := dk.(interface{ Bytes() []byte })
	if !ok {
		return nil, fmt.Errorf("hpke: the seed of a %T is not available", dk)
	}
	defer func() {
		if r := recover(); r != nil {
			seed, err = nil, fmt.Errorf("hpke: the seed of the ML-KEM key is not available: %v", r)
		}
	}()
	return b.Bytes(), nil
}

func (sk *mlkemPrivateKey) decap(enc []byte) ([]byte, error) {
	if len(enc) != sk.kem.ctSize {
		return nil, fmt.Errorf("hpke: %s enc is %d bytes, want %d: %w", sk.kem.name, len(enc), sk.kem.ctSize, compat.ErrInvalidKey)
	}
	ss, err := sk.dk.Decapsulate(enc)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", sk.kem.name, err)
	}
	return ss, nil
}

// hybridKEM is one of draft-ietf-hpke-pq's hybrids of ML-KEM and an ECDH
// group, with the SHA3-256 combiner.
type hybridKEM struct {
	id        uint16
	name      string
	label     string // the combiner's domain label
	pq        *mlkemKEM
	curve     ecdh.Curve
	seedSize  int    // bytes of SHAKE256 output per candidate curve scalar
	pointSize int    // the curve's encoded point
	order     []byte // nil for X25519, whose every seed is a key
}

var (
	mlkem768X25519 = &hybridKEM{0x647a, "MLKEM768-X25519", "\\.//^\\", mlkem768, ecdh.X25519(), 32, 32, nil}
	mlkem768P256   = &hybridKEM{0x0050, "MLKEM768-P256", "MLKEM768-P256", mlkem768, ecdh.P256(), 32, 65, orderOf(elliptic.P256(), 32)}
	mlkem1024P384  = &hybridKEM{0x0051, "MLKEM1024-P384", "MLKEM1024-P384", mlkem1024, ecdh.P384(), 48, 97, orderOf(elliptic.P384(), 48)}
)

// MLKEM768X25519 returns MLKEM768-X25519 (KEM 0x647a, X-Wing) of
// draft-ietf-hpke-pq, computed by the fork: it needs ML-KEM, X25519,
// SHA3-256 and, to make keys from seeds, SHAKE256.
func MLKEM768X25519() KEM { return mlkem768X25519 }

// MLKEM768P256 returns MLKEM768-P256 (KEM 0x0050) of draft-ietf-hpke-pq,
// computed by the fork: it needs ML-KEM, P-256, SHA3-256 and, to make keys
// from seeds, SHAKE256.
func MLKEM768P256() KEM { return mlkem768P256 }

// MLKEM1024P384 returns MLKEM1024-P384 (KEM 0x0051) of draft-ietf-hpke-pq,
// computed by the fork: it needs ML-KEM, P-384, SHA3-256 and, to make keys
// from seeds, SHAKE256.
func MLKEM1024P384() KEM { return mlkem1024P384 }

func (k *hybridKEM) ID() uint16   { return k.id }
func (k *hybridKEM) encSize() int { return k.pq.ctSize + k.pointSize }

func hybridFor(curve ecdh.Curve, pq *mlkemKEM) (*hybridKEM, error) {
	for _, k := range []*hybridKEM{mlkem768X25519, mlkem768P256, mlkem1024P384} {
		if k.curve == curve {
			if k.pq != pq {
				return nil, fmt.Errorf("hpke: %s is not the ML-KEM of the %s hybrid", pq.name, k.name)
			}
			return k, nil
		}
	}
	return nil, errCurve
}

// combine is the hybrids' SHA3-256(ss_PQ || ss_T || ct_T || ek_T || label),
// computed by the fork.
func (k *hybridKEM) combine(ssPQ, ssT, ctT, ekT []byte) ([]byte, error) {
	if err := needPrimitive("SHA3-256", k.name+" combiner"); err != nil {
		return nil, err
	}
	h := compat.NewSHA3_256()
	h.Write(ssPQ)
	h.Write(ssT)
	h.Write(ctT)
	h.Write(ekT)
	h.Write([]byte(k.label))
	clear(ssPQ)
	clear(ssT)
	return h.Sum(nil), nil
}

// GenerateKey makes a key from a 32-byte seed drawn from the fork's random
// generator.
func (k *hybridKEM) GenerateKey() (PrivateKey, error) {
	seed := make([]byte, 32)
	defer clear(seed)
	if _, err := io.ReadFull(compat.Reader, seed); err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	return k.NewPrivateKey(seed)
}

// NewPublicKey imports ek_PQ || ek_T into the fork.
func (k *hybridKEM) NewPublicKey(b []byte) (PublicKey, error) {
	if len(b) != k.pq.ekSize+k.pointSize {
		return nil, fmt.Errorf("hpke: %s public key is %d bytes, want %d", k.name, len(b), k.pq.ekSize+k.pointSize)
	}
	ek, err := k.pq.newEK(b[:k.pq.ekSize])
	if err != nil {
		return nil, fmt.Errorf("hpke: %s public key: %w", k.name, err)
	}
	ft, err := compat.NewPublicKeyECDH(k.curve, b[k.pq.ekSize:])
	if err != nil {
		return nil, fmt.Errorf("hpke: %s public key: %w", k.name, err)
	}
	t, err := ft.ECDH()
	if err != nil {
		return nil, fmt.Errorf("hpke: %s public key: %w", k.name, err)
	}
	return &hybridPublicKey{kem: k, ek: ek, t: t}, nil
}

// NewPrivateKey expands a 32-byte seed with the fork's SHAKE256 into the
// 64-byte ML-KEM seed, then into curve scalars until one is valid, and
// imports both keys into the fork.
func (k *hybridKEM) NewPrivateKey(seed []byte) (PrivateKey, error) {
	if len(seed) != 32 {
		return nil, fmt.Errorf("hpke: %s private key is %d bytes, want 32", k.name, len(seed))
	}
	x, err := newXOF("SHAKE256", compat.NewSHAKE256)
	if err != nil {
		return nil, err
	}
	x.Write(seed)
	seedPQ := make([]byte, compat.MLKEMSeedSize)
	defer clear(seedPQ)
	x.Read(seedPQ)
	dk, err := k.pq.newDK(seedPQ)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s private key: %w", k.name, err)
	}
	seedT := make([]byte, k.seedSize)
	defer clear(seedT)
	for range 1000 {
		x.Read(seedT)
		if k.order != nil && !inRange(seedT, k.order) {
			continue
		}
		t, err := compat.NewPrivateKeyECDH(k.curve, seedT)
		if err != nil {
			return nil, fmt.Errorf("hpke: %s private key: %w", k.name, err)
		}
		return k.newPrivate(dk, dk.EncapsulationKey(), t, seed), nil
	}
	return nil, fmt.Errorf("hpke: %s: no valid curve scalar from the seed", k.name)
}

// DeriveKeyPair derives the 32-byte seed as SHAKE256's LabeledDerive(ikm,
// "DeriveKeyPair", "", 32) under the KEM's suite ID, computed by the fork.
func (k *hybridKEM) DeriveKeyPair(ikm []byte) (PrivateKey, error) {
	seed, err := shake256KDF.labeledDerive(kemSuiteID(k.id), ikm, "DeriveKeyPair", nil, 32)
	if err != nil {
		return nil, err
	}
	defer clear(seed)
	return k.NewPrivateKey(seed)
}

func (k *hybridKEM) newPrivate(dk crypto.Decapsulator, ek *compat.MLKEMEncapsulationKey, t ecdh.KeyExchanger, seed []byte) *hybridPrivateKey {
	return &hybridPrivateKey{kem: k, seed: bytes.Clone(seed), dk: dk, t: t,
		pub: &hybridPublicKey{kem: k, ek: ek, t: t.PublicKey()}}
}

type hybridPublicKey struct {
	kem *hybridKEM
	ek  *compat.MLKEMEncapsulationKey
	t   *ecdh.PublicKey
}

// NewHybridPublicKey returns the hybrid public key of pq and t:
// MLKEM768-X25519, MLKEM768-P256 or MLKEM1024-P384 by t's curve (ecdh.X25519,
// P256 or P384), with pq of the matching ML-KEM size. pq may be any
// crypto.Encapsulator (compat's, crypto/mlkem's, another): its encoding is
// imported into the fork, which encapsulates. A fork without ML-KEM fails
// here.
func NewHybridPublicKey(pq crypto.Encapsulator, t *ecdh.PublicKey) (PublicKey, error) {
	if t == nil {
		return nil, errors.New("hpke: nil curve key")
	}
	pk, ek, err := forkEK(pq)
	if err != nil {
		return nil, err
	}
	k, err := hybridFor(t.Curve(), pk)
	if err != nil {
		return nil, err
	}
	return &hybridPublicKey{kem: k, ek: ek, t: t}, nil
}

func (pk *hybridPublicKey) KEM() KEM { return pk.kem }

func (pk *hybridPublicKey) Bytes() []byte {
	return append(pk.ek.Bytes(), pk.t.Bytes()...)
}

// encap: an ephemeral curve key from the fork and its ECDH with ek_T, the
// fork's ML-KEM encapsulation to ek_PQ, and the combiner.
func (pk *hybridPublicKey) encap() (shared, enc []byte, err error) {
	k := pk.kem
	if err := needPrimitive("SHA3-256", k.name+" combiner"); err != nil {
		return nil, nil, err
	}
	ctT, ssT, err := protocol.EphemeralECDH(k.curve, pk.t.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("hpke: %s ephemeral key: %w", k.name, err)
	}
	if allZero(ssT) {
		return nil, nil, fmt.Errorf("hpke: %s: the curve's shared secret is all zeros: %w", k.name, compat.ErrInvalidKey)
	}
	ssPQ, ctPQ, err := encapsulate(pk.ek)
	if err != nil {
		return nil, nil, err
	}
	shared, err = k.combine(ssPQ, ssT, ctT, pk.t.Bytes())
	if err != nil {
		return nil, nil, err
	}
	return shared, append(ctPQ, ctT...), nil
}

type hybridPrivateKey struct {
	kem  *hybridKEM
	seed []byte // nil when made from keys rather than a seed
	dk   crypto.Decapsulator
	t    ecdh.KeyExchanger
	pub  *hybridPublicKey
}

// NewHybridPrivateKey returns the hybrid private key of pq and t:
// MLKEM768-X25519, MLKEM768-P256 or MLKEM1024-P384 by t's curve, with pq of
// the matching ML-KEM size. crypto/mlkem and crypto/ecdh keys are imported
// into the fork; compat's keys and other implementations (hardware keys) are
// used as they are. The combiner, KDF and AEAD run in the fork whatever the
// keys. Bytes fails for such a key: it has no seed.
func NewHybridPrivateKey(pq crypto.Decapsulator, t ecdh.KeyExchanger) (PrivateKey, error) {
	if t == nil {
		return nil, errors.New("hpke: nil curve key")
	}
	pk, dk, ek, err := forkDK(pq)
	if err != nil {
		return nil, err
	}
	k, err := hybridFor(t.Curve(), pk)
	if err != nil {
		return nil, err
	}
	if std, ok := t.(*ecdh.PrivateKey); ok {
		b := std.Bytes()
		ft, err := compat.NewPrivateKeyECDH(std.Curve(), b)
		clear(b)
		if err != nil {
			return nil, fmt.Errorf("hpke: %s private key: %w", k.name, err)
		}
		t = ft
	}
	return k.newPrivate(dk, ek, t, nil), nil
}

func (sk *hybridPrivateKey) KEM() KEM             { return sk.kem }
func (sk *hybridPrivateKey) PublicKey() PublicKey { return sk.pub }

// Bytes returns the 32-byte seed the key was made from.
func (sk *hybridPrivateKey) Bytes() ([]byte, error) {
	if sk.seed == nil {
		return nil, fmt.Errorf("hpke: the %s key was not made from a seed", sk.kem.name)
	}
	return bytes.Clone(sk.seed), nil
}

func (sk *hybridPrivateKey) decap(enc []byte) ([]byte, error) {
	k := sk.kem
	if len(enc) != k.encSize() {
		return nil, fmt.Errorf("hpke: %s enc is %d bytes, want %d: %w", k.name, len(enc), k.encSize(), compat.ErrInvalidKey)
	}
	if err := needPrimitive("SHA3-256", k.name+" combiner"); err != nil {
		return nil, err
	}
	ctPQ, ctT := enc[:k.pq.ctSize], enc[k.pq.ctSize:]
	pkE, err := k.curve.NewPublicKey(ctT)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s enc's curve point is invalid (%v): %w", k.name, err, compat.ErrInvalidKey)
	}
	ssPQ, err := sk.dk.Decapsulate(ctPQ)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	ssT, err := sk.t.ECDH(pkE)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	if allZero(ssT) {
		return nil, fmt.Errorf("hpke: %s: the curve's shared secret is all zeros: %w", k.name, compat.ErrInvalidKey)
	}
	return k.combine(ssPQ, ssT, bytes.Clone(ctT), sk.pub.t.Bytes())
}
