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

// checkAEAD returns nil when the fork can key AEAD id with key now.
func checkAEAD(id int, name string, key []byte, keySizes []int) error {
	if err := shim.Ready(); err != nil {
		return err
	}
	if !slices.Contains(keySizes, len(key)) {
		return keySizeError(name, len(key))
	}
	if shim.Support(shim.FamilyAEAD, id) == shim.Absent {
		return newError(name, ErrUnsupported, "")
	}
	return fipsRefusal(name, shim.FamilyAEAD, id)
}

func newAEAD(id int, name string, key []byte, keySizes []int, nonceSize int, maxInput uint64) (cipher.AEAD, error) {
	if err := checkAEAD(id, name, key, keySizes); err != nil {
		return nil, err
	}
	t, err := shim.AEADNew(name, id, key)
	if err != nil {
		return nil, err
	}
	a := &aead{name: name, tmpl: t, nonceSize: nonceSize, maxInput: maxInput,
		errOpen: newError(name+" open", ErrAuthentication, "")}
	if id == shim.AESGCM {
		a.errSeal = fipsCheck(name+" seal", false, fipsGCMNonce)
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
	return newAEAD(shim.AESGCM, "AES-GCM", key, []int{16, 24, 32}, 12, (1<<32-2)*16)
}

// NewAESGCMWithRandomNonce returns AES-GCM whose 12-byte nonce the fork
// draws from its DRBG at each Seal, like cipher.NewGCMWithRandomNonce:
// NonceSize is 0, Seal prefixes the nonce to the ciphertext and Open reads it
// from there, so the output of either opens with the other. It is the way to
// encrypt with AES-GCM in FIPS-only mode, where the nonce must come from
// inside the module. A key should seal at most 2^32 messages (SP 800-38D
// section 8.3 bounds random nonces so).
func NewAESGCMWithRandomNonce(key []byte) (cipher.AEAD, error) {
	a, err := newAEAD(shim.AESGCM, "AES-GCM", key, []int{16, 24, 32}, 12, (1<<32-2)*16)
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
	id, name, keySizes, maxInput := shim.AESGCM, "AES-GCM", []int{16, 24, 32}, uint64(1<<32-2)*16
	if alg == protocol.ChaCha20Poly1305 {
		id, name, keySizes, maxInput = shim.ChaCha20Poly1305, "ChaCha20-Poly1305", []int{32}, (1<<32-1)*64
	}
	if err := checkAEAD(id, name, key, keySizes); err != nil {
		return nil, err
	}
	if len(nonce) != gcmNonceSize {
		return nil, newError(name, ErrInvalidKey, "nonce of "+strconv.Itoa(len(nonce))+" bytes, want 12")
	}
	if !open {
		if uint64(len(in)) > maxInput {
			return nil, newError(name+" seal", ErrInvalidKey, "message too large")
		}
		ret, out := sliceForAppend(dst, len(in)+aeadTagSize)
		if anyOverlap(out, in) || anyOverlap(out, aad) {
			return nil, newError(name+" seal", ErrInvalidKey, "output overlaps the input")
		}
		if err := shim.AEADOnce(name+" seal", id, false, key, nonce, in, aad, out); err != nil {
			return nil, err
		}
		return ret, nil
	}
	if len(in) < aeadTagSize || uint64(len(in)-aeadTagSize) > maxInput {
		return nil, newError(name+" open", ErrAuthentication, "")
	}
	ret, out := sliceForAppend(dst, len(in)-aeadTagSize)
	if anyOverlap(out, in) || anyOverlap(out, aad) {
		return nil, newError(name+" open", ErrInvalidKey, "output overlaps the input")
	}
	if err := shim.AEADOnce(name+" open", id, true, key, nonce, in, aad, out); err != nil {
		clear(out) // like Open, leave no unauthenticated plaintext behind
		return nil, err
	}
	return ret, nil
}

// NewChaCha20Poly1305 returns ChaCha20-Poly1305 (RFC 8439) with a 32-byte
// key and a 12-byte nonce, like golang.org/x/crypto/chacha20poly1305.New.
func NewChaCha20Poly1305(key []byte) (cipher.AEAD, error) {
	return newAEAD(shim.ChaCha20Poly1305, "ChaCha20-Poly1305", key, []int{32}, 12, (1<<32-1)*64)
}

// NewXChaCha20Poly1305 returns XChaCha20-Poly1305 with a 32-byte key and a
// 24-byte nonce, like golang.org/x/crypto/chacha20poly1305.NewX. OpenSSL has
// no XChaCha20; there it is composed from the fork's ChaCha20 block function
// and ChaCha20-Poly1305 (Capabilities reports "composed").
func NewXChaCha20Poly1305(key []byte) (cipher.AEAD, error) {
	return newAEAD(shim.XChaCha20Poly1305, "XChaCha20-Poly1305", key, []int{32}, 24, (1<<32-1)*64)
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
