package shim

/*
#include "forkcrypto.h"
#include "fc_seq.h"

extern const fc_ops *fc_table;

static uintptr_t fc_aead_new(int aead, const uint8_t *key, size_t keylen, char **err) {
	return (uintptr_t)fc_table->aead_new(aead, key, keylen, err);
}
static void fc_aead_free(uintptr_t t) { fc_table->aead_free((void *)t); }
static uintptr_t fc_aead_worker(uintptr_t t, char **err) { return (uintptr_t)fc_table->aead_worker((void *)t, err); }
static void fc_aead_worker_free(uintptr_t w) { fc_table->aead_worker_free((void *)w); }
static int fc_aead_seal(uintptr_t t, uintptr_t w, const uint8_t *nonce, size_t noncelen, const uint8_t *in,
	size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out) {
	return fc_table->aead_seal((void *)t, (void *)w, nonce, noncelen, in, inlen, ad, adlen, out);
}
static int fc_aead_seal_random(uintptr_t t, uintptr_t w, uint8_t *nonce, size_t noncelen, const uint8_t *in,
	size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out) {
	return fc_table->aead_seal_random((void *)t, (void *)w, nonce, noncelen, in, inlen, ad, adlen, out);
}
static int fc_aead_open(uintptr_t t, uintptr_t w, const uint8_t *nonce, size_t noncelen, const uint8_t *in,
	size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out) {
	return fc_table->aead_open((void *)t, (void *)w, nonce, noncelen, in, inlen, ad, adlen, out);
}
#cgo noescape fc_aead_once
#cgo nocallback fc_aead_once
#cgo noescape fc_aead_new
#cgo nocallback fc_aead_new
#cgo noescape fc_aead_seal
#cgo nocallback fc_aead_seal
#cgo noescape fc_aead_seal_random
#cgo nocallback fc_aead_seal_random
#cgo noescape fc_aead_open
#cgo nocallback fc_aead_open
*/
import "C"

// AEAD identifiers of the contract.
const (
	AESGCM            = C.FC_AES_GCM
	ChaCha20Poly1305  = C.FC_CHACHA20_POLY1305
	XChaCha20Poly1305 = C.FC_XCHACHA20_POLY1305
)

// AEADNew returns a template keyed with key.
func AEADNew(op string, aead int, key []byte) (uintptr, error) {
	var cerr *C.char
	t := C.fc_aead_new(C.int(aead), cbytes(key), C.size_t(len(key)), &cerr)
	if t == 0 {
		return 0, statusError(op, eFail, cerr)
	}
	return uintptr(t), nil
}

// AEADFree releases a template.
func AEADFree(t uintptr) { C.fc_aead_free(C.uintptr_t(t)) }

// AEADWorker returns a context for one goroutine at a time, or nil when the
// template may be shared by all.
func AEADWorker(op string, t uintptr) (uintptr, error) {
	var cerr *C.char
	w := C.fc_aead_worker(C.uintptr_t(t), &cerr)
	if w == 0 && cerr != nil {
		return 0, statusError(op, eFail, cerr)
	}
	return uintptr(w), nil
}

// AEADWorkerFree releases a worker.
func AEADWorkerFree(w uintptr) { C.fc_aead_worker_free(C.uintptr_t(w)) }

// AEADSeal encrypts in into out (len(in)+16 bytes).
func AEADSeal(t, w uintptr, nonce, in, ad, out []byte) bool {
	return C.fc_aead_seal(C.uintptr_t(t), C.uintptr_t(w), cbytes(nonce), C.size_t(len(nonce)), cbytes(in), C.size_t(len(in)),
		cbytes(ad), C.size_t(len(ad)), cbytes(out)) == ok
}

// AEADSealRandom fills nonce from the fork's DRBG, then seals as AEADSeal
// does, in one call.
func AEADSealRandom(t, w uintptr, nonce, in, ad, out []byte) bool {
	return C.fc_aead_seal_random(C.uintptr_t(t), C.uintptr_t(w), cbytes(nonce), C.size_t(len(nonce)), cbytes(in), C.size_t(len(in)),
		cbytes(ad), C.size_t(len(ad)), cbytes(out)) == ok
}

// AEADOpen decrypts in (ciphertext and tag) into out (len(in)-16 bytes). It
// returns false when authentication fails.
func AEADOpen(t, w uintptr, nonce, in, ad, out []byte) bool {
	return C.fc_aead_open(C.uintptr_t(t), C.uintptr_t(w), cbytes(nonce), C.size_t(len(nonce)), cbytes(in), C.size_t(len(in)),
		cbytes(ad), C.size_t(len(ad)), cbytes(out)) == ok
}

// AEADOnce seals (open false) or opens in into out with a cipher keyed for
// this one message, in one call. An Open that fails authentication wraps
// ErrAuthentication.
func AEADOnce(op string, aead int, open bool, key, nonce, in, ad, out []byte) error {
	var cerr *C.char
	if st := C.fc_aead_once(C.int(aead), cbool(open), cbytes(key), C.size_t(len(key)), cbytes(nonce), C.size_t(len(nonce)),
		cbytes(in), C.size_t(len(in)), cbytes(ad), C.size_t(len(ad)), cbytes(out), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}
