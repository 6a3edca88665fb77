package compat

import (
	"crypto/cipher"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
	"github.com/forkcrypto/forkcrypto/shim"
)

const aeadTagSize = 16

// aead is a cipher.AEAD computed by the fork. It is safe for concurrent use:
// forks whose AEAD contexts are immutable once keyed share the template;
// the others hand each call a context of its own from a pool of copies.
type aead struct {
	name      string
	tmpl      uintptr
	nonceSize int
	maxInput  uint64
	workers   *workerPool // nil when the template is shared
	errOpen   error       // allocated once so that a failed Open allocates nothing
	errSeal   error       // non-nil: Seal panics with it (AES-GCM with a caller's nonce in FIPS-only mode)
}

// aeadSpec is one AEAD of the contract: its name, key sizes, nonce size and
// message bound, and its operation names, built once so that no seal or open
// builds one.
type aeadSpec struct {
	id                   int
	name, opSeal, opOpen string
	keySizes             []int
	nonceSize            int
	maxInput             uint64
}

func newAEADSpec(id int, name string, keySizes []int, nonceSize int, maxInput uint64) *aeadSpec {
	return &aeadSpec{id, name, name + " seal", name + " open", keySizes, nonceSize, maxInput}
}

var (
	aesGCMSpec  = newAEADSpec(shim.AESGCM, "AES-GCM", []int{16, 24, 32}, gcmNonceSize, (1<<32-2)*16)
	chachaSpec  = newAEADSpec(shim.ChaCha20Poly1305, "ChaCha20-Poly1305", []int{32}, 12, (1<<32-1)*64)
	xchachaSpec = newAEADSpec(shim.XChaCha20Poly1305, "XChaCha20-Poly1305", []int{32}, 24, (1<<32-1)*64)
)

// check returns nil when the fork can key this AEAD with key now.
func (s *aeadSpec) check(key []byte) error { return s.checkKeySize(len(key)) }

// checkKeySize returns nil when the fork can key this AEAD with a key of n
// bytes now.
func (s *aeadSpec) checkKeySize(n int) error {
	if err := shim.Ready(); err != nil {
		return err
	}
	if !slices.Contains(s.keySizes, n) {
		return keySizeError(s.name, n)
	}
	if shim.Support(shim.FamilyAEAD, s.id) == shim.Absent {
		return newError(s.name, ErrUnsupported, "")
	}
	return fipsRefusal(s.name, shim.FamilyAEAD, s.id)
}

func newAEAD(spec *aeadSpec, key []byte) (cipher.AEAD, error) {
	if err := spec.check(key); err != nil {
		return nil, err
	}
	id, name, nonceSize, maxInput := spec.id, spec.name, spec.nonceSize, spec.maxInput
	t, err := shim.AEADNew(name, id, key)
	if err != nil {
		return nil, err
	}
	a := &aead{name: name, tmpl: t, nonceSize: nonceSize, maxInput: maxInput,
		errOpen: newError(spec.opOpen, ErrAuthentication, "")}
	if id == shim.AESGCM {
		a.errSeal = fipsCheck(spec.opSeal, false, fipsGCMNonce)
	}
	runtime.AddCleanup(a, shim.AEADFree, t)
	w, err := shim.AEADWorker(name, t)
	if err != nil {
		return nil, err
	}
	if w != 0 {
		// Workers never reference the template after creation, so one
		// outliving its aead is harmless.
		a.workers = newWorkerPool(w, func() (uintptr, error) { return shim.AEADWorker(name, t) },
			shim.AEADWorkerFree)
	}
	return a, nil
}

// NewAESGCM returns AES-GCM with a 16-, 24- or 32-byte key, a 12-byte nonce
// and a 16-byte tag, like cipher.NewGCM(aes.NewCipher(key)).
func NewAESGCM(key []byte) (cipher.AEAD, error) {
	return newAEAD(aesGCMSpec, key)
}

// NewAESGCMWithRandomNonce returns AES-GCM whose 12-byte nonce the fork
// draws from its DRBG at each Seal, like cipher.NewGCMWithRandomNonce:
// NonceSize is 0, Seal prefixes the nonce to the ciphertext and Open reads it
// from there, so the output of either opens with the other. It is the way to
// encrypt with AES-GCM in FIPS-only mode, where the nonce must come from
// inside the module. A key should seal at most 2^32 messages (SP 800-38D
// section 8.3 bounds random nonces so).
func NewAESGCMWithRandomNonce(key []byte) (cipher.AEAD, error) {
	a, err := newAEAD(aesGCMSpec, key)
	if err != nil {
		return nil, err
	}
	return &gcmRandomNonce{a.(*aead)}, nil
}

type gcmRandomNonce struct{ a *aead }

const gcmNonceSize = 12

func (g *gcmRandomNonce) NonceSize() int { return 0 }
func (g *gcmRandomNonce) Overhead() int  { return gcmNonceSize + aeadTagSize }

func (g *gcmRandomNonce) Seal(dst, nonce, plaintext, additionalData []byte) []byte {
	if len(nonce) != 0 {
		panic("forkcrypto: AES-GCM with a random nonce takes no nonce")
	}
	if uint64(len(plaintext)) > g.a.maxInput {
		panic("forkcrypto: message too large for AES-GCM")
	}
	ret, out := sliceForAppend(dst, gcmNonceSize+len(plaintext)+aeadTagSize)
	if anyOverlap(out[:gcmNonceSize], plaintext) {
		panic("forkcrypto: invalid buffer overlap of output and input")
	}
	if !g.a.run(shim.AEADSealRandom, out[:gcmNonceSize], plaintext, additionalData, out[gcmNonceSize:]) {
		panic(newError("AES-GCM seal", shim.ErrFailed, ""))
	}
	return ret
}

func (g *gcmRandomNonce) Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error) {
	if len(nonce) != 0 {
		panic("forkcrypto: AES-GCM with a random nonce takes no nonce")
	}
	if len(ciphertext) < gcmNonceSize+aeadTagSize {
		return nil, g.a.errOpen
	}
	return g.a.Open(dst, ciphertext[:gcmNonceSize], ciphertext[gcmNonceSize:], additionalData)
}

func init() {
	protocol.NewAESGCMForHPKE = func(key []byte) (cipher.AEAD, error) {
		a, err := NewAESGCM(key)
		if err != nil {
			return nil, err
		}
		a.(*aead).errSeal = nil
		return a, nil
	}
	protocol.AEADOnce = aeadOnce
}

// aeadOnce is protocol.AEADOnce: the checks and the result of
// NewAESGCMForHPKE or NewChaCha20Poly1305 followed by one Seal or Open, with
// one crossing into the fork and no cipher left for a cleanup to free.
func aeadOnce(alg protocol.AEAD, open bool, dst, key, nonce, in, aad []byte) ([]byte, error) {
	spec := aesGCMSpec
	if alg == protocol.ChaCha20Poly1305 {
		spec = chachaSpec
	}
	if err := spec.check(key); err != nil {
		return nil, err
	}
	if len(nonce) != spec.nonceSize {
		return nil, newError(spec.name, ErrInvalidKey, "nonce of "+strconv.Itoa(len(nonce))+" bytes, want "+strconv.Itoa(spec.nonceSize))
	}
	op, size := spec.opSeal, len(in)+aeadTagSize
	if open {
		if len(in) < aeadTagSize || uint64(len(in)-aeadTagSize) > spec.maxInput {
			return nil, newError(spec.opOpen, ErrAuthentication, "")
		}
		op, size = spec.opOpen, len(in)-aeadTagSize
	} else if uint64(len(in)) > spec.maxInput {
		return nil, newError(op, ErrInvalidKey, "message too large")
	}
	ret, out := sliceForAppend(dst, size)
	if anyOverlap(out, in) || anyOverlap(out, aad) {
		return nil, newError(op, ErrInvalidKey, "output overlaps the input")
	}
	if err := shim.AEADOnce(op, spec.id, open, key, nonce, in, aad, out); err != nil {
		clear(out) // like Open, leave no unauthenticated plaintext behind
		return nil, err
	}
	return ret, nil
}

// NewChaCha20Poly1305 returns ChaCha20-Poly1305 (RFC 8439) with a 32-byte
// key and a 12-byte nonce, like golang.org/x/crypto/chacha20poly1305.New.
func NewChaCha20Poly1305(key []byte) (cipher.AEAD, error) {
	return newAEAD(chachaSpec, key)
}

// NewXChaCha20Poly1305 returns XChaCha20-Poly1305 with a 32-byte key and a
// 24-byte nonce, like golang.org/x/crypto/chacha20poly1305.NewX. OpenSSL has
// no XChaCha20; there it is composed from the fork's ChaCha20 block function
// and ChaCha20-Poly1305 (Capabilities reports "composed").
func NewXChaCha20Poly1305(key []byte) (cipher.AEAD, error) {
	return newAEAD(xchachaSpec, key)
}

func (a *aead) NonceSize() int { return a.nonceSize }
func (a *aead) Overhead() int  { return aeadTagSize }

// Seal panics in FIPS-only mode for AES-GCM, whose nonce must then come
// from inside the module (NewAESGCMWithRandomNonce); Open is allowed.
func (a *aead) Seal(dst, nonce, plaintext, additionalData []byte) []byte {
	if a.errSeal != nil {
		panic(a.errSeal)
	}
	a.checkNonce(nonce)
	if uint64(len(plaintext)) > a.maxInput {
		panic("forkcrypto: message too large for " + a.name)
	}
	ret, out := sliceForAppend(dst, len(plaintext)+aeadTagSize)
	if !a.run(shim.AEADSeal, nonce, plaintext, additionalData, out) {
		panic(newError(a.name+" seal", shim.ErrFailed, ""))
	}
	return ret
}

func (a *aead) Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error) {
	a.checkNonce(nonce)
	if len(ciphertext) < aeadTagSize || uint64(len(ciphertext)-aeadTagSize) > a.maxInput {
		return nil, a.errOpen
	}
	ret, out := sliceForAppend(dst, len(ciphertext)-aeadTagSize)
	if !a.run(shim.AEADOpen, nonce, ciphertext, additionalData, out) {
		// Like the standard library, leave no unauthenticated plaintext behind.
		clear(out)
		return nil, a.errOpen
	}
	return ret, nil
}

func (a *aead) checkNonce(nonce []byte) {
	if len(nonce) != a.nonceSize {
		panic("forkcrypto: incorrect nonce length given to " + a.name)
	}
}

// run checks the buffers the way crypto/cipher does, then calls op (seal or
// open) with a context this goroutine may use.
func (a *aead) run(op func(t, w uintptr, nonce, in, ad, out []byte) bool, nonce, in, ad, out []byte) bool {
	if inexactOverlap(out, in) {
		panic("forkcrypto: invalid buffer overlap of output and input")
	}
	if anyOverlap(out, ad) {
		panic("forkcrypto: invalid buffer overlap of output and additional data")
	}
	var ok bool
	if a.workers == nil {
		ok = op(a.tmpl, 0, nonce, in, ad, out)
	} else {
		w := a.workers.get()
		ok = op(a.tmpl, w.p, nonce, in, ad, out)
		a.workers.put(w)
	}
	runtime.KeepAlive(a)
	return ok
}

// workerPool hands out C contexts for one goroutine at a time. One context
// sits in an atomic slot, which serves a lone caller for the price of a swap
// and is never dropped; concurrent callers fall through to a sync.Pool, which
// keeps contexts per processor and takes no lock. A context dropped by the
// pool is freed by its cleanup.
type workerPool struct {
	hot  atomic.Pointer[worker]
	pool sync.Pool
}

type worker struct{ p uintptr }

func newWorkerPool(first uintptr, create func() (uintptr, error), free func(uintptr)) *workerPool {
	wrap := func(p uintptr) *worker {
		w := &worker{p}
		runtime.AddCleanup(w, free, p)
		return w
	}
	wp := &workerPool{}
	wp.pool.New = func() any {
		p, err := create()
		if err != nil {
			panic(err)
		}
		return wrap(p)
	}
	if first != 0 {
		wp.hot.Store(wrap(first))
	}
	return wp
}

func (wp *workerPool) get() *worker {
	if w := wp.hot.Swap(nil); w != nil {
		return w
	}
	return wp.pool.Get().(*worker)
}

func (wp *workerPool) put(w *worker) {
	if !wp.hot.CompareAndSwap(nil, w) {
		wp.pool.Put(w)
	}
}

// sliceForAppend extends in by n bytes, reallocating only when it lacks room,
// and returns the whole slice and the n-byte tail.
func sliceForAppend(in []byte, n int) (head, tail []byte) {
	if total := len(in) + n; cap(in) >= total {
		head = in[:total]
	} else {
		head = make([]byte, total)
		copy(head, in)
	}
	return head, head[len(in):]
}

// anyOverlap reports whether x and y share memory at any index.
func anyOverlap(x, y []byte) bool {
	return len(x) > 0 && len(y) > 0 &&
		uintptr(unsafe.Pointer(&x[0])) <= uintptr(unsafe.Pointer(&y[len(y)-1])) &&
		uintptr(unsafe.Pointer(&y[0])) <= uintptr(unsafe.Pointer(&x[len(x)-1]))
}

// inexactOverlap reports whether x and y share memory at a non-matching
// index: in-place use (the same start) is allowed, any other overlap is not.
func inexactOverlap(x, y []byte) bool {
	if len(x) == 0 || len(y) == 0 || &x[0] == &y[0] {
		return false
	}
	return anyOverlap(x, y)
}

func keySizeError(name string, n int) error {
	return newError(name, ErrInvalidKey, "invalid key size "+strconv.Itoa(n))
}
