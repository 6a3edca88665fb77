package compat

import (
	"crypto"
	"crypto/mlkem"
	"crypto/subtle"
	"fmt"
	"runtime"
	"sync"

	"github.com/forkcrypto/forkcrypto/shim"
)

// ML-KEM (FIPS 203) keys held by the fork, in the shapes of crypto/mlkem.
// Keys move to and from crypto/mlkem through their encodings: the 64-byte
// seed of a decapsulation key and the encapsulation key's bytes are the
// same on both sides.
//
// ML-KEM is native on OpenSSL 3.5 and later, AWS-LC and LibreSSL; OpenSSL
// 3.0 and BoringSSL lack it, and every function here fails there with an
// error wrapping ErrUnsupported.

const (
	// MLKEMSeedSize is the size of a decapsulation key's seed (d || z).
	MLKEMSeedSize = 64
	// MLKEMSharedKeySize is the size of a shared key.
	MLKEMSharedKeySize = 32
	// MLKEMEncapsulationKeySize768 and the others are the sizes of ML-KEM-768's
	// and ML-KEM-1024's encodings, as in crypto/mlkem.
	MLKEMEncapsulationKeySize768  = 1184
	MLKEMCiphertextSize768        = 1088
	MLKEMEncapsulationKeySize1024 = 1568
	MLKEMCiphertextSize1024       = 1568
)

type mlkemParams struct {
	kind           int
	name           string
	k              int // module rank
	ekSize, ctSize int
	stdEK          func([]byte) (crypto.Encapsulator, error)
	// Operation names for errors, built once: a name built per call is an
	// allocation on every encapsulation.
	opGenerate, opImport, opEncapsulate, opDecapsulate string
}

func newMLKEMParams(kind int, name string, k, ekSize, ctSize int, stdEK func([]byte) (crypto.Encapsulator, error)) *mlkemParams {
	return &mlkemParams{kind, name, k, ekSize, ctSize, stdEK,
		name + " generate", name + " import", name + " encapsulate", name + " decapsulate"}
}

var (
	mlkem768 = newMLKEMParams(shim.MLKEM768, "ML-KEM-768", 3, MLKEMEncapsulationKeySize768, MLKEMCiphertextSize768,
		func(b []byte) (crypto.Encapsulator, error) { return mlkem.NewEncapsulationKey768(b) })
	mlkem1024 = newMLKEMParams(shim.MLKEM1024, "ML-KEM-1024", 4, MLKEMEncapsulationKeySize1024, MLKEMCiphertextSize1024,
		func(b []byte) (crypto.Encapsulator, error) { return mlkem.NewEncapsulationKey1024(b) })
)

// kemKey owns an ML-KEM key inside the fork, immutable there and shared by
// every goroutine; methods that pass h to C keep the kemKey alive until the
// call returns.
type kemKey struct {
	h uintptr
	_ [56]byte // one key per 64 bytes keeps the span's cleanup list short (see pkey)
}

func ownKEMKey(h uintptr) *kemKey {
	k := &kemKey{h: h}
	runtime.AddCleanup(k, shim.KEMFree, h)
	return k
}

func (p *mlkemParams) check(op string) error {
	if err := shim.Ready(); err != nil {
		return err
	}
	if shim.Support(shim.FamilyKEM, p.kind) == shim.Absent {
		return newError(op, ErrUnsupported, "")
	}
	return fipsRefusal(op, shim.FamilyKEM, p.kind)
}

// MLKEMDecapsulationKey is an ML-KEM-768 or ML-KEM-1024 decapsulation
// (private) key held by the fork. It implements crypto.Decapsulator, so it
// serves as the private key of an ML-KEM recipient in crypto/hpke
// (hpke.NewMLKEMPrivateKey): decapsulation runs in the fork.
type MLKEMDecapsulationKey struct {
	params   *mlkemParams
	key      *kemKey
	ek       *MLKEMEncapsulationKey
	seedless bool // imported from FIPS 203's expanded form alone
}

// MLKEMEncapsulationKey is an ML-KEM-768 or ML-KEM-1024 encapsulation
// (public) key held by the fork. It implements crypto.Encapsulator.
type MLKEMEncapsulationKey struct {
	params *mlkemParams
	key    *kemKey
	bytes  []byte

	stdOnce sync.Once
	std     crypto.Encapsulator
	stdErr  error
}

// GenerateKeyMLKEM768 generates an ML-KEM-768 key with the fork's key generation.
func GenerateKeyMLKEM768() (*MLKEMDecapsulationKey, error) { return generateMLKEM(mlkem768) }

// GenerateKeyMLKEM1024 generates an ML-KEM-1024 key with the fork's key generation.
func GenerateKeyMLKEM1024() (*MLKEMDecapsulationKey, error) { return generateMLKEM(mlkem1024) }

// NewDecapsulationKeyMLKEM768 imports an ML-KEM-768 key from its 64-byte
// seed, the form crypto/mlkem.DecapsulationKey768.Bytes returns.
func NewDecapsulationKeyMLKEM768(seed []byte) (*MLKEMDecapsulationKey, error) {
	return newMLKEMFromSeed(mlkem768, seed)
}

// NewDecapsulationKeyMLKEM1024 imports an ML-KEM-1024 key from its 64-byte seed.
func NewDecapsulationKeyMLKEM1024(seed []byte) (*MLKEMDecapsulationKey, error) {
	return newMLKEMFromSeed(mlkem1024, seed)
}

// NewEncapsulationKeyMLKEM768 imports an ML-KEM-768 encapsulation key
// (1184 bytes), after the modulus check of FIPS 203 section 7.2.
func NewEncapsulationKeyMLKEM768(b []byte) (*MLKEMEncapsulationKey, error) {
	return newMLKEMEncapsulationKey(mlkem768, b)
}

// NewEncapsulationKeyMLKEM1024 imports an ML-KEM-1024 encapsulation key
// (1568 bytes), after the modulus check of FIPS 203 section 7.2.
func NewEncapsulationKeyMLKEM1024(b []byte) (*MLKEMEncapsulationKey, error) {
	return newMLKEMEncapsulationKey(mlkem1024, b)
}

func generateMLKEM(p *mlkemParams) (*MLKEMDecapsulationKey, error) {
	op := p.opGenerate
	if err := p.check(op); err != nil {
		return nil, err
	}
	return newDecapsulationKeyWithPub(op, p, nil)
}

func newMLKEMFromSeed(p *mlkemParams, seed []byte) (*MLKEMDecapsulationKey, error) {
	op := p.opImport
	if err := p.check(op); err != nil {
		return nil, err
	}
	if len(seed) != MLKEMSeedSize {
		return nil, newError(op, ErrInvalidKey, fmt.Sprintf("seed is %d bytes, want %d", len(seed), MLKEMSeedSize))
	}
	return newDecapsulationKeyWithPub(op, p, seed)
}

// newDecapsulationKeyWithPub imports seed, or generates a key when seed is
// nil, reading its encapsulation key in the same call into the fork.
func newDecapsulationKeyWithPub(op string, p *mlkemParams, seed []byte) (*MLKEMDecapsulationKey, error) {
	ek := make([]byte, p.ekSize)
	h, err := shim.KEMNewWithPub(op, p.kind, seed, ek)
	if err != nil {
		return nil, err
	}
	return decapsulationKey(p, ownKEMKey(h), ek), nil
}

// newMLKEMExpanded imports FIPS 203's expanded decapsulation key, as PKCS #8
// may carry it and NIST's vectors give it, after the checks of FIPS 203
// section 7.3 (its encapsulation key's modulus check and the SHA3-256 hash
// of it, computed by the fork). The key has no seed.
func newMLKEMExpanded(p *mlkemParams, dk []byte) (*MLKEMDecapsulationKey, error) {
	op := p.opImport
	if err := p.check(op); err != nil {
		return nil, err
	}
	if len(dk) != 768*p.k+96 {
		return nil, newError(op, ErrInvalidKey, fmt.Sprintf("expanded decapsulation key is %d bytes, want %d", len(dk), 768*p.k+96))
	}
	ek := dk[384*p.k : 768*p.k+32]
	h := dk[768*p.k+32 : 768*p.k+64]
	if !mlkemModulusCheck(ek, p.k) {
		return nil, newError(op, ErrInvalidKey, "encapsulation key fails the modulus check")
	}
	var sum [32]byte
	if oneShot(shim.SHA3_256, ek, sum[:]); string(sum[:]) != string(h) {
		return nil, newError(op, ErrInvalidKey, "hash check failed")
	}
	handle, err := shim.KEMNew(op, p.kind, dk, nil)
	if err != nil {
		return nil, err
	}
	k, err := newDecapsulationKey(op, p, ownKEMKey(handle))
	if err != nil {
		return nil, err
	}
	k.seedless = true
	return k, nil
}

func newDecapsulationKey(op string, p *mlkemParams, k *kemKey) (*MLKEMDecapsulationKey, error) {
	ek := make([]byte, p.ekSize)
	ok := shim.KEMGet(k.h, shim.PartPub, ek)
	runtime.KeepAlive(k)
	if !ok {
		return nil, newError(op, shim.ErrFailed, "reading the encapsulation key")
	}
	return decapsulationKey(p, k, ek), nil
}

// decapsulationKey is the decapsulation key k of p with its encapsulation key ek.
func decapsulationKey(p *mlkemParams, k *kemKey, ek []byte) *MLKEMDecapsulationKey {
	return &MLKEMDecapsulationKey{params: p, key: k, ek: &MLKEMEncapsulationKey{params: p, key: k, bytes: ek}}
}

func newMLKEMEncapsulationKey(p *mlkemParams, b []byte) (*MLKEMEncapsulationKey, error) {
	op := p.opImport
	if err := p.check(op); err != nil {
		return nil, err
	}
	if len(b) != p.ekSize {
		return nil, newError(op, ErrInvalidKey, fmt.Sprintf("encapsulation key is %d bytes, want %d", len(b), p.ekSize))
	}
	if !mlkemModulusCheck(b, p.k) {
		return nil, newError(op, ErrInvalidKey, "encapsulation key fails the modulus check")
	}
	h, err := shim.KEMNew(op, p.kind, nil, b)
	if err != nil {
		return nil, err
	}
	return &MLKEMEncapsulationKey{params: p, key: ownKEMKey(h), bytes: append([]byte(nil), b...)}, nil
}

// mlkemModulusCheck is FIPS 203's check on an encapsulation key: every
// 12-bit coefficient of its k encoded polynomials is below q = 3329, i.e.
// ByteEncode12(ByteDecode12(ek)) = ek. It is a check of the encoding, done
// here so that every fork rejects the same keys.
func mlkemModulusCheck(ek []byte, k int) bool {
	for i := 0; i < 384*k; i += 3 {
		c0 := uint16(ek[i]) | uint16(ek[i+1]&0x0f)<<8
		c1 := uint16(ek[i+1]>>4) | uint16(ek[i+2])<<4
		if c0 >= 3329 || c1 >= 3329 {
			return false
		}
	}
	return true
}

// Bytes returns the key's 64-byte seed, which NewDecapsulationKeyMLKEM768
// (or 1024) and crypto/mlkem.NewDecapsulationKey768 (or 1024) accept. A key
// imported from FIPS 203's expanded form alone (a PKCS #8 "expandedKey")
// has no seed: Bytes returns nil for it.
func (dk *MLKEMDecapsulationKey) Bytes() []byte {
	if dk.seedless {
		return nil
	}
	seed := make([]byte, MLKEMSeedSize)
	ok := shim.KEMGet(dk.key.h, shim.PartPriv, seed)
	runtime.KeepAlive(dk.key)
	if !ok {
		panic(newError(dk.params.name+" seed", shim.ErrFailed, ""))
	}
	return seed
}

// expanded returns FIPS 203's expanded decapsulation key, from the fork.
func (dk *MLKEMDecapsulationKey) expanded() ([]byte, error) {
	out := make([]byte, 384*2*dk.params.k+96)
	ok := shim.KEMGet(dk.key.h, shim.PartExpanded, out)
	runtime.KeepAlive(dk.key)
	if !ok {
		return nil, newError(dk.params.name+" export", shim.ErrFailed, "reading the expanded decapsulation key")
	}
	return out, nil
}

// Decapsulate returns the shared key of a ciphertext, computed by the fork.
// A ciphertext of the wrong length is an error; a well-formed but wrong one
// gives a pseudorandom key (FIPS 203's implicit rejection), as in
// crypto/mlkem.
func (dk *MLKEMDecapsulationKey) Decapsulate(ciphertext []byte) ([]byte, error) {
	op := dk.params.opDecapsulate
	if len(ciphertext) != dk.params.ctSize {
		return nil, newError(op, ErrDecryption, fmt.Sprintf("ciphertext is %d bytes, want %d", len(ciphertext), dk.params.ctSize))
	}
	ss := make([]byte, MLKEMSharedKeySize)
	err := shim.KEMDecapsulate(op, dk.key.h, ciphertext, ss)
	runtime.KeepAlive(dk.key)
	if err != nil {
		return nil, err
	}
	return ss, nil
}

// EncapsulationKey returns the public half of dk, held by the fork.
func (dk *MLKEMDecapsulationKey) EncapsulationKey() *MLKEMEncapsulationKey { return dk.ek }

// Encapsulator returns the public half as the standard library's
// *mlkem.EncapsulationKey768 or *mlkem.EncapsulationKey1024, for the code
// (such as crypto/hpke.NewMLKEMPrivateKey) that identifies the parameter set
// by that type. Encapsulating with it runs in Go; EncapsulationKey is the
// fork's.
func (dk *MLKEMDecapsulationKey) Encapsulator() crypto.Encapsulator {
	std, err := dk.ek.stdlib()
	if err != nil {
		panic(err)
	}
	return std
}

// Equal reports whether dk and x are the same key of the same parameter
// set: the same seed, or, for keys without one, the same expanded form.
func (dk *MLKEMDecapsulationKey) Equal(x crypto.PrivateKey) bool {
	o, ok := x.(*MLKEMDecapsulationKey)
	if !ok || o.params != dk.params {
		return false
	}
	if !dk.seedless && !o.seedless {
		return subtle.ConstantTimeCompare(o.Bytes(), dk.Bytes()) == 1
	}
	a, errA := dk.expanded()
	b, errB := o.expanded()
	return errA == nil && errB == nil && subtle.ConstantTimeCompare(a, b) == 1
}

func (ek *MLKEMEncapsulationKey) stdlib() (crypto.Encapsulator, error) {
	ek.stdOnce.Do(func() { ek.std, ek.stdErr = ek.params.stdEK(ek.bytes) })
	return ek.std, ek.stdErr
}

// Bytes returns the encapsulation key's encoding.
func (ek *MLKEMEncapsulationKey) Bytes() []byte { return append([]byte(nil), ek.bytes...) }

// Encapsulate returns a fresh shared key and its ciphertext, drawn and
// computed by the fork. It panics only if the fork fails, which it does not
// for a key it imported.
func (ek *MLKEMEncapsulationKey) Encapsulate() (sharedKey, ciphertext []byte) {
	ss, ct, err := ek.encapsulate(nil)
	if err != nil {
		panic(err)
	}
	return ss, ct
}

func (ek *MLKEMEncapsulationKey) encapsulate(m []byte) (sharedKey, ciphertext []byte, err error) {
	ct := make([]byte, ek.params.ctSize)
	ss := make([]byte, MLKEMSharedKeySize)
	err = shim.KEMEncapsulate(ek.params.opEncapsulate, ek.key.h, m, ct, ss)
	runtime.KeepAlive(ek.key)
	if err != nil {
		return nil, nil, err
	}
	return ss, ct, nil
}

// Equal reports whether ek and x are the same key of the same parameter set.
func (ek *MLKEMEncapsulationKey) Equal(x crypto.PublicKey) bool {
	o, ok := x.(*MLKEMEncapsulationKey)
	return ok && o.params == ek.params && string(o.bytes) == string(ek.bytes)
}
